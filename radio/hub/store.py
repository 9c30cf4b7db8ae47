"""The hub's store: SQLAlchemy Core over SQLite (a small district, one file) or PostgreSQL (a province), one
code path for both, its schema kept by Alembic migrations (radio/hub/migrations).

What it holds: the enrolled stations (a one-time link code, then a credential; only hashes are kept), each
station's last health report, and every as-run row each station pushed, keyed (station, the station's own
sequence number): a batch sent twice is stored once, and a row sent again with news (it ended) replaces it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from radio.errors import StationError
from radio.logbook import FIELDS, STATUSES

metadata = sa.MetaData()
MOMENT = sa.DateTime(timezone=True)
stations = sa.Table(
    "stations", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("link_code_sha256", sa.String(64), unique=True),
    sa.Column("credential_sha256", sa.String(64), unique=True),
    sa.Column("created_at", MOMENT, nullable=False),
    sa.Column("linked_at", MOMENT),
    sa.Column("last_seen", MOMENT),
    sa.Column("health", sa.JSON),
)
TEXT_FIELDS = tuple(name for name in FIELDS if name not in ("duration_s", "unheard_s", "status"))
as_run = sa.Table(
    "as_run", metadata,
    sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    *[sa.Column(name, sa.Text) for name in TEXT_FIELDS],
    sa.Column("duration_s", sa.Float),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("unheard_s", sa.Float),
    sa.Column("received_at", MOMENT, nullable=False),
)
changes = sa.Table(
    "changes", metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("subject", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("targets", sa.JSON),  # station ids; NULL: every station
    sa.Column("created_at", MOMENT, nullable=False),
    sqlite_autoincrement=True,  # a seq is never reused once its row is replaced
)
confirmations = sa.Table(
    "confirmations", metadata,
    sa.Column("order_id", sa.String(80), primary_key=True),
    sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("on_air_at", sa.Text),
    sa.Column("message", sa.Text),
    sa.Column("received_at", MOMENT, nullable=False),
)
gaps = sa.Table(
    "gaps", metadata,
    sa.Column("station", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
    sa.Column("since", MOMENT, primary_key=True),
    sa.Column("until", MOMENT, nullable=False),
)
source_items = sa.Table(
    "source_items", metadata,
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("item_id", sa.String(200), primary_key=True),
    sa.Column("state", sa.String(16), nullable=False),  # sent | cancelled | refused
    sa.Column("subject", sa.String(200)),
    sa.Column("note", sa.Text),
    sa.Column("fingerprint", sa.String(64)),
    sa.Column("updated_at", MOMENT, nullable=False),
)
source_outbox = sa.Table(
    "source_outbox", metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("created_at", MOMENT, nullable=False),
    sa.Column("sent_at", MOMENT),
    sa.UniqueConstraint("source", "key", name="source_outbox_key"),
    sqlite_autoincrement=True,
)
STATION_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
FUTURE_SLACK = dt.timedelta(days=1)  # a station's clock may run ahead a little; a row a day ahead is wrong
GAP_AFTER = dt.timedelta(minutes=5)  # silent longer than this (five polls at the default), it is a gap
PRESENCE_KEYS = ("presence", "presence_at")  # in a station's health: what the broker last said of it
CHANGES_PAGE = 200


class LinkRefused(StationError):
    """A link code unknown or already used."""


@dataclass(frozen=True)
class Linked:
    station: str
    name: str
    credential: str


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{(Path(folder) / 'hub.sqlite').resolve()}"


class Store:
    def __init__(self, url: str):
        self.url = url
        try:
            self.engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise StationError(f"địa chỉ cơ sở dữ liệu '{url}' không dùng được ({error}).") from None
        if self.engine.dialect.name == "sqlite":
            _begin_sqlite_ourselves(self.engine)
        self._writer = self.engine.execution_options(writes=True)

    def writing(self):
        """A transaction that writes. What it reads first (a station's health, a link code) stays true until
        it commits: PostgreSQL locks the row (FOR UPDATE), SQLite takes its write lock at the start."""
        return self._writer.begin()

    def migrate(self) -> None:
        """Bring the schema to the newest revision (a new store is made; an older one upgraded)."""
        from alembic import command
        from alembic.config import Config
        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        try:
            with self.writing() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except sa.exc.OperationalError as error:
            raise StationError(f"không mở được cơ sở dữ liệu của trung tâm ({error.orig}).",
                               hint="kiểm tra PostgreSQL đang chạy và địa chỉ --db đúng.") from None

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ stations

    def add_station(self, station_id: str, name: str) -> str:
        """Enrol a station; returns its one-time link code (only its hash is kept)."""
        if not station_id or set(station_id) - STATION_ID_CHARS or len(station_id) > 64:
            raise StationError(f"mã đài '{station_id}' không hợp lệ.",
                               hint="dùng chữ thường không dấu, số và dấu '-', ví dụ gia-tan-1.")
        if not name.strip():
            raise StationError("đài cần tên (--name), ví dụ \"Đài truyền thanh xã Gia Tân 1\".")
        code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
        with self.writing() as db:
            if db.execute(sa.select(stations.c.id).where(stations.c.id == station_id)).first():
                raise StationError(f"đài '{station_id}' đã có.")
            db.execute(stations.insert().values(id=station_id, name=name.strip(), link_code_sha256=_sha256(code),
                                                created_at=_now()))
        return code

    def link(self, code: str) -> Linked:
        """Exchange a link code for the station's credential, once."""
        credential = secrets.token_urlsafe(32)
        with self.writing() as db:
            row = db.execute(sa.select(stations.c.id, stations.c.name).where(
                stations.c.link_code_sha256 == _sha256(code.strip().upper()))).first()
            if row is None:
                raise LinkRefused("mã liên kết không đúng hoặc đã được dùng.",
                                  hint="xin trung tâm một mã mới (radio hub station add … ở trung tâm).")
            db.execute(stations.update().where(stations.c.id == row.id).values(
                link_code_sha256=None, credential_sha256=_sha256(credential), linked_at=_now()))
        return Linked(row.id, row.name, credential)

    def station_for(self, credential: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(sa.select(stations.c.id).where(
                stations.c.credential_sha256 == _sha256(credential))).scalar()

    def seen(self, station: str, health: dict) -> None:
        """A sign of life with the station's health; a silence longer than GAP_AFTER before it is a gap. What
        the broker said of its connection (presence) stays: the station's report does not carry it."""
        now = _now()
        with self.writing() as db:
            # FOR UPDATE: the broker's word may land meanwhile (a station starting both polls and says "online")
            row = db.execute(sa.select(stations.c.last_seen, stations.c.health)
                             .where(stations.c.id == station).with_for_update()).first()
            if row is None:
                return  # removed from the hub meanwhile
            before, known = row
            if before is not None and now - aware(before) > GAP_AFTER:
                db.execute(gaps.insert().values(station=station, since=aware(before), until=now))
            kept = {key: value for key, value in (known or {}).items() if key in PRESENCE_KEYS}
            db.execute(stations.update().where(stations.c.id == station).values(last_seen=now,
                                                                                 health={**health, **kept}))

    def gaps_of(self, station: str) -> list[dict]:
        with self.engine.connect() as db:
            return [{"since": aware(row.since), "until": aware(row.until)} for row in db.execute(
                sa.select(gaps).where(gaps.c.station == station).order_by(gaps.c.since))]

    def known(self, ids) -> list[str]:
        """Those of `ids` that are not enrolled stations."""
        with self.engine.connect() as db:
            enrolled = set(db.execute(sa.select(stations.c.id)).scalars())
        return [station for station in ids if station not in enrolled]

    def stations(self) -> list[dict]:
        """Each station with when it was last seen, its health, and its newest row."""
        newest = sa.select(as_run.c.station, sa.func.max(as_run.c.seq).label("seq"),
                           sa.func.count().label("rows")).group_by(as_run.c.station).subquery()
        query = sa.select(stations.c.id, stations.c.name, stations.c.linked_at, stations.c.last_seen,
                          stations.c.health, newest.c.seq, newest.c.rows).outerjoin(
            newest, newest.c.station == stations.c.id).order_by(stations.c.id)
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    # ------------------------------------------------------------------ as-run rows

    def ingest(self, station: str, rows: list) -> tuple[int, list[dict]]:
        """Store a batch of a station's rows; a bad row is refused alone, with why, never blocking the good
        ones. Returns (the highest sequence number now held for the station, the refused rows)."""
        good, refused = [], []
        for row in rows:
            why = _wrong(row)
            if why:
                refused.append({"seq": row.get("seq") if isinstance(row, dict) else None, "why": why})
            else:
                good.append({**{name: row.get(name) for name in FIELDS}, "seq": row["seq"], "station": station,
                             "received_at": _now()})
        with self.writing() as db:
            if good:  # executemany: SQLAlchemy batches it into multi-row INSERTs without compiling each one
                statement = _upsert(self.engine)(as_run)
                changed = {name: statement.excluded[name] for name in (*FIELDS, "received_at")}
                db.execute(statement.on_conflict_do_update(index_elements=["station", "seq"], set_=changed), good)
            held = db.execute(sa.select(sa.func.max(as_run.c.seq)).where(as_run.c.station == station)).scalar()
        return held or 0, refused

    def rows_of(self, station: str) -> list[dict]:
        """A station's rows as the hub holds them, in its own order, with the station's field names."""
        with self.engine.connect() as db:
            found = db.execute(sa.select(as_run).where(as_run.c.station == station).order_by(as_run.c.seq))
            return [{name: row._mapping[name] for name in ("seq", *FIELDS)} for row in found]


    def rows_scheduled(self, since: str, until: str) -> dict[str, list[dict]]:
        """Every station's rows whose scheduled_at text sorts in [since, until) (ISO moments: the caller widens
        the window by a day for stations in other zones, then picks exactly), by station."""
        found: dict[str, list[dict]] = {}
        with self.engine.connect() as db:
            for row in db.execute(sa.select(as_run).where(as_run.c.scheduled_at >= since,
                                                          as_run.c.scheduled_at < until)
                                  .order_by(as_run.c.station, as_run.c.seq)):
                found.setdefault(row.station, []).append({name: row._mapping[name] for name in ("seq", *FIELDS)})
        return found

    def first_row_at(self, station: str) -> str | None:
        """The earliest scheduled moment the hub holds for a station (where its log, as the hub knows it, begins)."""
        with self.engine.connect() as db:
            return db.execute(sa.select(sa.func.min(as_run.c.scheduled_at)).where(as_run.c.station == station)).scalar()

    # ------------------------------------------------------------------ down to the stations

    def publish(self, kind: str, subject: str, body: dict, targets: list[str] | None) -> int:
        """A change for the stations, after every change before it. A subject has one entry, its newest:
        a cancellation replaces its bulletin, so a station back after days receives only the cancellation."""
        with self.writing() as db:
            db.execute(changes.delete().where(changes.c.subject == subject))
            return db.execute(changes.insert().values(subject=subject, kind=kind, body=body, targets=targets,
                                                      created_at=_now())).inserted_primary_key[0]

    def changes_for(self, station: str, after: int) -> tuple[list[dict], int, bool]:
        """(the station's changes after `after`, the last seq looked at, whether more wait)."""
        with self.engine.connect() as db:
            found = db.execute(sa.select(changes).where(changes.c.seq > after).order_by(changes.c.seq)
                               .limit(CHANGES_PAGE)).all()
        mine = [{"seq": row.seq, "kind": row.kind, "subject": row.subject, "body": row.body} for row in found
                if row.targets is None or station in row.targets]
        return mine, (found[-1].seq if found else after), len(found) == CHANGES_PAGE

    def newest_change(self) -> int:
        with self.engine.connect() as db:
            return db.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0

    def changes_of(self, *kinds: str) -> list[dict]:
        """The live entries of these kinds (a cancelled bulletin is its cancellation), newest first."""
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(
                sa.select(changes).where(changes.c.kind.in_(kinds)).order_by(changes.c.seq.desc()))]

    def changes_after(self, after: int) -> list[dict]:
        """Every change after `after`, whoever it is for (the doorbell rings each target)."""
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(
                sa.select(changes).where(changes.c.seq > after).order_by(changes.c.seq).limit(CHANGES_PAGE))]

    def presence(self, station: str, online: bool) -> None:
        """What the broker says of a station's connection (its last will says "offline")."""
        with self.writing() as db:
            health = db.execute(sa.select(stations.c.health).where(stations.c.id == station)
                                .with_for_update()).scalar()
            if health is None and not online:
                return
            db.execute(stations.update().where(stations.c.id == station).values(
                health={**(health or {}), "presence": "online" if online else "offline",
                        "presence_at": _now().isoformat()}))

    def change(self, subject: str) -> dict | None:
        with self.engine.connect() as db:
            row = db.execute(sa.select(changes).where(changes.c.subject == subject)).first()
        return dict(row._mapping) if row else None

    def confirm(self, order_id: str, station: str, ok: bool, on_air_at: str | None, message: str) -> None:
        """A station's answer to an emergency order; sent again, it is stored once (the newest word)."""
        values = {"order_id": order_id, "station": station, "ok": ok, "on_air_at": on_air_at,
                  "message": message[:2000], "received_at": _now()}
        with self.writing() as db:
            statement = _upsert(self.engine)(confirmations).values(values)
            db.execute(statement.on_conflict_do_update(
                index_elements=["order_id", "station"],
                set_={name: statement.excluded[name] for name in ("ok", "on_air_at", "message", "received_at")}))

    def confirmations_of(self, order_id: str) -> dict[str, dict]:
        with self.engine.connect() as db:
            return {row.station: {"ok": row.ok, "on_air_at": row.on_air_at, "message": row.message}
                    for row in db.execute(sa.select(confirmations).where(confirmations.c.order_id == order_id))}

    def first_airings(self, file_name: str) -> dict[str, str]:
        """When a bulletin file first went on air at each station that aired it, as the stations' rows say
        (one query for all of them)."""
        with self.engine.connect() as db:
            return dict(db.execute(sa.select(as_run.c.station, sa.func.min(as_run.c.started_at)).where(
                as_run.c.status == "aired", sa.or_(as_run.c.file == file_name, as_run.c.file.like(f"%/{file_name}")))
                .group_by(as_run.c.station)).all())


class SourceBook:
    """What a source sent and what goes back to it (radio.hub.sources.link), in the hub's store."""

    def __init__(self, store: "Store", source: str):
        self.store, self.source = store, source

    def item(self, item_id: str) -> dict | None:
        with self.store.engine.connect() as db:
            row = db.execute(sa.select(source_items).where(source_items.c.source == self.source,
                                                           source_items.c.item_id == item_id)).first()
        return dict(row._mapping) if row else None

    def keep(self, item_id: str, state: str, subject: str | None, note: str, fingerprint: str | None) -> None:
        values = {"source": self.source, "item_id": item_id, "state": state, "subject": subject, "note": note,
                  "fingerprint": fingerprint, "updated_at": _now()}
        with self.store.writing() as db:
            statement = _upsert(self.store.engine)(source_items).values(values)
            db.execute(statement.on_conflict_do_update(index_elements=["source", "item_id"], set_=values))

    def items(self) -> list[dict]:
        with self.store.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(
                sa.select(source_items).where(source_items.c.source == self.source)
                .order_by(source_items.c.updated_at.desc()))]

    def queue(self, entries: list[tuple[str, str, dict]]) -> int:
        """(key, path, body) for the source; a key already queued (or sent) is not queued again."""
        if not entries:
            return 0
        rows = [{"source": self.source, "key": key, "path": path, "body": body, "created_at": _now()}
                for key, path, body in entries]
        with self.store.writing() as db:
            statement = _upsert(self.store.engine)(source_outbox).on_conflict_do_nothing(index_elements=["source", "key"])
            return db.execute(statement, rows).rowcount

    def pending(self, limit: int) -> list[dict]:
        with self.store.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(
                sa.select(source_outbox).where(source_outbox.c.source == self.source,
                                               source_outbox.c.sent_at.is_(None))
                .order_by(source_outbox.c.seq).limit(limit))]

    def sent(self, seq: int) -> None:
        with self.store.writing() as db:
            db.execute(source_outbox.update().where(source_outbox.c.seq == seq).values(sent_at=_now()))

    def airings(self, files: dict[str, str], since: dt.datetime | None) -> list[dict]:
        """Rows that aired one of `files` (station file name -> the source's id), received since `since`."""
        if not files:
            return []
        query = sa.select(as_run).where(as_run.c.status == "aired", sa.or_(
            *[as_run.c.file.like(f"%{name}") for name in files]))
        if since is not None:
            query = query.where(as_run.c.received_at >= since)
        with self.store.engine.connect() as db:
            found = []
            for row in db.execute(query.order_by(as_run.c.received_at)):
                name = (row.file or "").rsplit("/", 1)[-1]
                if name in files:
                    found.append({**dict(row._mapping), "item_id": files[name]})
            return found


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives moments back without their zone (they are UTC); PostgreSQL with it."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _begin_sqlite_ourselves(engine) -> None:
    """Python's sqlite3 opens a transaction only at the first write, so a read-then-write (a station's report
    and the broker's word on it, landing together) read outside it and the later commit wiped the earlier
    one's change; SQLite ignores FOR UPDATE. Here a transaction begins where SQLAlchemy begins it: one that
    writes with the write lock taken (BEGIN IMMEDIATE: the other waits), one that only reads with a snapshot."""
    @sa.event.listens_for(engine, "connect")
    def _driver_stays_out(dbapi_connection, record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("writes")
                                   else "BEGIN")


def _upsert(engine):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _wrong(row) -> str:
    """Why a pushed row cannot be stored ("" when it can)."""
    if not isinstance(row, dict):
        return "dòng phải là một đối tượng JSON."
    seq = row.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return "seq phải là số nguyên dương."
    if row.get("status") not in STATUSES:
        return f"trạng thái '{row.get('status')}' không có (dùng {', '.join(STATUSES)})."
    moments = {}
    for name in ("scheduled_at", "started_at", "ended_at"):
        value = row.get(name)
        if value is None and name != "scheduled_at":
            continue
        try:
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return f"{name} không phải thời điểm ISO 8601."
        if moment.tzinfo is None:
            return f"{name} thiếu múi giờ."
        if not EARLIEST <= moment <= _now() + FUTURE_SLACK:
            return f"{name} {value} không thể có (trước năm 2000 hoặc ở tương lai)."
        moments[name] = moment
    if "started_at" in moments and "ended_at" in moments and moments["ended_at"] < moments["started_at"]:
        return "ended_at trước started_at."
    duration = row.get("duration_s")
    if duration is not None and (not isinstance(duration, (int, float)) or not 0 <= duration <= 86400):
        return "duration_s phải từ 0 đến 86400 giây."
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            return f"{name} phải là chữ, tối đa 2000 ký tự."
    return ""
