"""The as-run log: what was scheduled, what actually aired, when, for how long, and why not.

SQLite in WAL mode in the station folder, one row per item per airing. A row is written when the item
starts, as 'interrupted' ("đang phát"), and set to 'aired' when it ends: a daemon killed mid-item leaves a
row that already tells the truth, and the next start only stamps its end.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from radio.errors import StationError
from radio.files import file_identity
from radio.sqlschema import add_missing_columns, statements, upgrade

STATUSES = ("aired", "interrupted", "skipped", "missed", "failed")
FIELDS = ("scheduled_at", "started_at", "ended_at", "slot", "program", "item", "file", "priority", "voice",
          "duration_s", "status", "reason", "kind", "category", "campaign", "zone", "unheard_s")
# Columns added since the first logbooks: an older file gains them when the daemon opens it.
LATER_COLUMNS = {"item_index": "INTEGER", "kind": "TEXT", "category": "TEXT", "campaign": "TEXT",
                 "zone": "TEXT NOT NULL DEFAULT ''", "unheard_s": "REAL"}
# A program being played is a "run": open from the moment it is queued until its last item is over. A run
# still open at start-up was cut by a power failure (or a stop): the director resumes or accounts for it.
PLAYING_REASON = "đang phát"

_RUNS_TABLE = """
CREATE TABLE IF NOT EXISTS runs (
    zone TEXT NOT NULL DEFAULT '',
    slot TEXT NOT NULL,
    scheduled_at TEXT NOT NULL,
    program TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    plan TEXT,  -- JSON: the segments it was made of, items and all; a resume airs exactly these
    PRIMARY KEY (zone, slot, scheduled_at)
);
"""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS airings (
    id INTEGER PRIMARY KEY,
    scheduled_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    slot TEXT NOT NULL,
    program TEXT NOT NULL,
    item TEXT NOT NULL,
    file TEXT,
    priority TEXT NOT NULL DEFAULT 'thuong',
    voice TEXT,
    duration_s REAL,
    status TEXT NOT NULL,
    reason TEXT,
    item_index INTEGER,
    kind TEXT,  -- jingle, say, bulletin, relay, emergency, file: what the report counts as what
    category TEXT,  -- the bulletin's lĩnh vực as it aired
    campaign TEXT,  -- the campaign that placed it, so the log alone proves what a campaign did
    zone TEXT NOT NULL DEFAULT '',  -- where it aired (schedule.yaml's zones); '' for a station without zones
    unheard_s REAL  -- seconds of it that went out while the zone's stream was down: aired, but not heard
);
CREATE INDEX IF NOT EXISTS airings_scheduled ON airings (scheduled_at);
CREATE INDEX IF NOT EXISTS airings_slot ON airings (slot, scheduled_at);
-- read_log asks by moment (rows carry their own UTC offset): an index on the moment itself, so a day's page
-- of a three-year log reads that day's rows, not all of them.
CREATE INDEX IF NOT EXISTS airings_moment ON airings (julianday(scheduled_at), id);
""" + _RUNS_TABLE + """
-- What happened to a zone's output: a stream down (why), back up (seconds of air lost), listeners too few.
CREATE TABLE IF NOT EXISTS zone_events (at TEXT NOT NULL, zone TEXT NOT NULL, event TEXT NOT NULL, detail TEXT);
CREATE TABLE IF NOT EXISTS heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), last_seen TEXT NOT NULL);
"""


def _described(entry: Entry) -> tuple:
    return entry.kind or None, entry.category or None, entry.campaign or None


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


@dataclass(frozen=True)
class Entry:
    """What is known of an item before it airs."""
    scheduled_at: dt.datetime
    slot: str
    program: str
    item: str
    file: str = ""
    priority: str = "thuong"
    voice: str = ""
    duration_s: float = 0.0
    item_index: int | None = None  # the item's place in its program (0, 1, …): what a resume starts from
    kind: str = ""
    category: str = ""
    campaign: str = ""


@dataclass(frozen=True)
class OpenRun:
    """A program that was on air when the daemon last stopped, and where it was cut."""
    slot: str
    scheduled_at: dt.datetime
    program: str
    resume_index: int  # the first item that has not aired in full
    cut: bool  # that item was cut mid-way (it has an 'interrupted' row); else the cut fell between items
    cut_at: dt.datetime  # the last moment known to be heard


def _upgrade(db: sqlite3.Connection) -> None:
    """A log made by any earlier version, brought to today's schema (radio.sqlschema: whole, or not at all)."""
    def steps(db: sqlite3.Connection) -> None:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        old_runs = "runs" in tables and "zone" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}
        if old_runs:  # runs keyed per zone now: the old table is carried over whole
            db.execute("ALTER TABLE runs RENAME TO runs_before_zones")
        for statement in statements(_SCHEMA):
            db.execute(statement)
        add_missing_columns(db, "airings", LATER_COLUMNS)
        if old_runs:
            db.execute("INSERT INTO runs (slot, scheduled_at, program, started_at, finished_at) SELECT slot, "
                       "scheduled_at, program, started_at, finished_at FROM runs_before_zones")
            db.execute("DROP TABLE runs_before_zones")
        else:
            add_missing_columns(db, "runs", {"plan": "TEXT"})
    upgrade(db, steps)


class Logbook:
    FILE = "logbook.sqlite"

    def __init__(self, folder: Path, warn: Callable[[str], None] | None = None, path: Path | None = None,
                 zone: str = ""):
        """Open (or create) the station's log; refuse with a clear message when it cannot be written, so a
        daemon never starts to air programs it cannot account for. `warn` hears of a log file deleted or
        replaced while open (it is recreated at once and nothing is lost)."""
        self.path = Path(path) if path is not None else Path(folder) / self.FILE  # path: a rehearsal's own log
        self.zone = zone  # each zone's director keeps its own rows and runs in the one log
        self._warn = warn or (lambda message: None)
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            # a short busy timeout: a log locked by another program must not stall the start for long
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=5)
            _upgrade(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-1024")  # 1 MB: a daemon that runs for months stays small
            db.execute("BEGIN IMMEDIATE")  # prove a row can be written, then take it back
            db.execute("INSERT INTO airings (scheduled_at, slot, program, item, status) VALUES ('', '', '', '', '')")
            db.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise StationError(f"không ghi được nhật ký phát sóng ({sqlite_reason(error)}); tệp giữ nguyên như cũ, "
                               "chưa nâng cấp.", self.path,
                               hint="kiểm tra tệp không bị khóa, chỉ đọc hay hỏng và ổ đĩa còn chỗ; có thể đổi tên "
                                    "tệp hỏng để đài tạo tệp mới.") from None
        self._identity = file_identity(self.path)
        return db

    @contextlib.contextmanager
    def _use(self):
        """The connection, under the lock, after making sure it is still the station's log file: one deleted
        while open is rebuilt from this connection (every row kept); one replaced by another file is
        used from now on, and what this connection held is saved beside it."""
        with self._lock:
            current = file_identity(self.path)
            if current != self._identity:
                self._reopen(vanished=current is None)
            yield self._db

    def _reopen(self, vanished: bool) -> None:
        if vanished:
            saved = self.path.with_name(self.path.name + ".restore")
            message = "TỆP NHẬT KÝ PHÁT SÓNG BỊ XÓA khi đài đang chạy: đã tạo lại, giữ đủ các dòng cũ."
        else:
            saved = self.path.with_name(f"logbook-truoc-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite")
            message = (f"TỆP NHẬT KÝ PHÁT SÓNG BỊ THAY khi đài đang chạy: dùng tệp mới; nội dung cũ lưu ở "
                       f"{saved.name}.")
        try:
            copy = sqlite3.connect(saved)
            self._db.backup(copy)
            copy.close()
        except sqlite3.Error as error:
            message += f" (không lưu được nội dung cũ: {error})"
            saved = None
        self._db.close()
        # SQLite leaves the journal of a file moved while open behind; opened with the new file it would be
        # replayed into it. Everything it held is in `saved` now.
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        if vanished and saved is not None:
            os.replace(saved, self.path)
        self._db = self._open()
        self._warn(message)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def started(self, entry: Entry, started_at: dt.datetime) -> int:
        with self._use():
            cursor = self._db.execute(
                "INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, file, priority,"
                " voice, duration_s, status, reason, item_index, kind, category, campaign, zone)"
                " VALUES (?,?,?,?,?,?,?,?,?,0,'interrupted',?,?,?,?,?,?)",
                (iso(entry.scheduled_at), iso(started_at), iso(started_at), entry.slot, entry.program,
                 entry.item, entry.file, entry.priority, entry.voice, PLAYING_REASON, entry.item_index,
                 *_described(entry), self.zone))
            return cursor.lastrowid

    def ended(self, row_id: int, ended_at: dt.datetime, status: str = "aired", reason: str = "") -> None:
        assert status in STATUSES
        with self._use():
            self._db.execute(
                "UPDATE airings SET ended_at=?, status=?, reason=?, duration_s="
                " (julianday(?) - julianday(started_at)) * 86400.0 WHERE id=?",
                (iso(ended_at), status, reason or None, iso(ended_at), row_id))

    def record(self, entry: Entry, status: str, reason: str, at: dt.datetime | None = None) -> None:
        """An item that did not air (skipped, missed, failed): one row, no start; `at`: when that was known."""
        assert status in STATUSES
        with self._use():
            self._db.execute(
                "INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, file, priority,"
                " voice, duration_s, status, reason, item_index, kind, category, campaign, zone)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (iso(entry.scheduled_at), None, iso(at), entry.slot, entry.program, entry.item, entry.file,
                 entry.priority, entry.voice, entry.duration_s if status == "aired" else 0.0, status, reason,
                 entry.item_index, *_described(entry), self.zone))

    def heard(self, row_ids: list[int], until: dt.datetime) -> None:
        """Items still playing were heard up to `until`: what a power cut leaves as their length."""
        if not row_ids:
            return
        with self._use():
            self._db.executemany(
                "UPDATE airings SET ended_at=?, duration_s=(julianday(?) - julianday(started_at)) * 86400.0"
                " WHERE id=? AND reason=?", [(iso(until), iso(until), row_id, PLAYING_REASON) for row_id in row_ids])

    def close_unfinished(self, reason: str) -> list[dict]:
        """Rows left 'đang phát' by a daemon that stopped: interrupted, with why; their length is what was
        last known to be heard (not the time until the restart). Returns them."""
        with self._use():
            found = [dict(zip(FIELDS, row)) for row in self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM airings WHERE status='interrupted' AND reason=? AND zone=?",
                (PLAYING_REASON, self.zone))]
            self._db.execute("UPDATE airings SET reason=? WHERE status='interrupted' AND reason=? AND zone=?",
                             (reason, PLAYING_REASON, self.zone))
            return found

    # ------------------------------------------------------------------ runs

    def run_started(self, slot: str, scheduled_at: dt.datetime, program: str, at: dt.datetime,
                    segments: list[dict] | None = None) -> None:
        """A program goes on air (queued): `segments`, what it is made of, are kept with it."""
        with self._use():
            self._db.execute("INSERT OR IGNORE INTO runs (zone, slot, scheduled_at, program, started_at, plan)"
                             " VALUES (?,?,?,?,?,?)", (self.zone, slot, iso(scheduled_at), program, iso(at),
                                                       json.dumps(segments, ensure_ascii=False) if segments else None))

    def run_finished(self, slot: str, scheduled_at: dt.datetime, at: dt.datetime) -> None:
        with self._use():
            self._db.execute("UPDATE runs SET finished_at=? WHERE zone=? AND slot=? AND scheduled_at=?"
                             " AND finished_at IS NULL", (iso(at), self.zone, slot, iso(scheduled_at)))

    def open_runs(self) -> list[OpenRun]:
        """Programs cut before their end, each with the item to resume from: the one that was cut (it
        replays from its start), or the one after the last item that has a row."""
        with self._use():
            runs = self._db.execute("SELECT slot, scheduled_at, program, started_at FROM runs WHERE zone=? AND"
                                    " finished_at IS NULL ORDER BY julianday(scheduled_at)", (self.zone,)).fetchall()
            found = []
            for slot, scheduled_at, program, started_at in runs:
                last = self._db.execute(
                    "SELECT item_index, status, COALESCE(ended_at, started_at) FROM airings WHERE zone=? AND slot=?"
                    " AND scheduled_at=? AND item_index IS NOT NULL ORDER BY id DESC LIMIT 1",
                    (self.zone, slot, scheduled_at)).fetchone()
                if last is None:
                    resume, cut, cut_at = 0, False, started_at
                else:
                    index, status, cut_at = last
                    cut = status == "interrupted"
                    resume = index if cut else index + 1
                found.append(OpenRun(slot, dt.datetime.fromisoformat(scheduled_at), program, resume, cut,
                                     dt.datetime.fromisoformat(cut_at)))
            return found

    def heartbeat(self, now: dt.datetime) -> None:
        """The daemon was alive at `now`: slots before this were not missed through its absence."""
        with self._use():
            self._db.execute("INSERT INTO heartbeat (id, last_seen) VALUES (1, ?) "
                             "ON CONFLICT(id) DO UPDATE SET last_seen=excluded.last_seen", (iso(now),))

    def last_seen(self) -> dt.datetime | None:
        with self._use():
            row = self._db.execute("SELECT last_seen FROM heartbeat WHERE id=1").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row else None

    def has_airing(self, slot: str, scheduled_at: dt.datetime) -> bool:
        """Was this slot occurrence already started, logged missed or skipped? Then it never plays again."""
        with self._use():
            row = self._db.execute("SELECT 1 FROM airings WHERE zone=? AND slot=? AND scheduled_at=? UNION ALL"
                                   " SELECT 1 FROM runs WHERE zone=? AND slot=? AND scheduled_at=? LIMIT 1",
                                   (self.zone, slot, iso(scheduled_at), self.zone, slot, iso(scheduled_at))).fetchone()
        return row is not None

    def history(self) -> History:
        """What the planner reads of this zone's log, through this connection."""
        return History(self._use, self.zone)

    def unheard(self, since: dt.datetime, until: dt.datetime) -> int:
        """The zone's stream was down from `since` to `until`: each item on air meanwhile carries the seconds
        of it listeners did not get. Returns how many items."""
        # an item still on air ends, for this, at `until` (its ended_at is only the last moment known heard)
        end = "CASE WHEN reason = ? THEN julianday(?) ELSE julianday(COALESCE(ended_at, ?)) END"
        with self._use():
            return self._db.execute(
                f"UPDATE airings SET unheard_s = COALESCE(unheard_s, 0) + 86400.0 * ("
                f" min({end}, julianday(?)) - max(julianday(started_at), julianday(?)))"
                f" WHERE zone=? AND started_at IS NOT NULL AND julianday(started_at) < julianday(?)"
                f" AND {end} > julianday(?)",
                (PLAYING_REASON, iso(until), iso(until), iso(until), iso(since), self.zone, iso(until),
                 PLAYING_REASON, iso(until), iso(until), iso(since))).rowcount

    def zone_event(self, event: str, detail: str, at: dt.datetime) -> None:
        with self._use():
            self._db.execute("INSERT INTO zone_events VALUES (?,?,?,?)", (iso(at), self.zone, event, detail))

    def rows(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[dict]:
        with self._use():
            return _select_rows(self._db, start, end)


def read_log(folder: Path, start: dt.datetime | None = None, end: dt.datetime | None = None,
             path: Path | None = None) -> list[dict]:
    """The log's rows, read without writing anything (works on a read-only log; none yet: no rows). `path`:
    another log than the station's own (one `radio simulate` wrote)."""
    path = _log_path(folder, path)
    if not path.is_file():
        return []
    with _read_only(path) as db:
        return _select_rows(db, start, end)


def _log_path(folder: Path, path: Path | None) -> Path:
    """The station's log, or another log file (one `radio simulate` wrote)."""
    return Path(path) if path is not None else Path(folder) / Logbook.FILE


@contextlib.contextmanager
def _read_only(path: Path):
    """A connection that never writes (it works on a read-only log); SQLite's errors in the operator's words."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise StationError(f"không đọc được nhật ký phát sóng ({sqlite_reason(error)}).", path) from None
    try:
        yield db
    except sqlite3.Error as error:
        raise StationError(f"không đọc được nhật ký phát sóng ({sqlite_reason(error)}).", path) from None
    finally:
        db.close()


def _select_rows(db: sqlite3.Connection, start: dt.datetime | None, end: dt.datetime | None) -> list[dict]:
    present = {row[1] for row in db.execute("PRAGMA table_info(airings)")}  # a log read-only from an older daemon
    if not present:
        return []  # a log the daemon has just created and not yet laid out: nothing aired yet
    query = f"SELECT {', '.join(name if name in present else 'NULL' for name in FIELDS)} FROM airings"
    clauses, args = [], []
    if start:
        clauses.append("julianday(scheduled_at) >= julianday(?)")
        args.append(iso(start))
    if end:
        clauses.append("julianday(scheduled_at) < julianday(?)")
        args.append(iso(end))
    if clauses:
        query += " WHERE " + " AND ".join(clauses)
    query += " ORDER BY julianday(scheduled_at), id"
    return [dict(zip(FIELDS, row)) for row in db.execute(query, args)]


_SQLITE_REASONS = (("readonly", "tệp chỉ đọc hoặc bị khóa không cho sửa"),
                   ("unable to open", "không mở được tệp"),
                   ("locked", "tệp đang bị chương trình khác giữ"),
                   ("not a database", "tệp không phải nhật ký phát sóng hoặc đã hỏng"),
                   ("malformed", "tệp nhật ký bị hỏng"),
                   ("full", "ổ đĩa đầy"),
                   ("i/o", "lỗi đọc ghi ổ đĩa"))


def sqlite_reason(error: sqlite3.Error) -> str:
    """SQLite's English error in the operator's words."""
    text = str(error).lower()
    return next((reason for key, reason in _SQLITE_REASONS if key in text), str(error))


def read_zone_events(folder: Path, since: dt.datetime) -> list[dict]:
    """What happened to the zones' outputs since `since` (read-only; none yet: nothing)."""
    path = Path(folder) / Logbook.FILE
    if not path.is_file():
        return []
    try:
        with _read_only(path) as db:
            rows = db.execute("SELECT at, zone, event, detail FROM zone_events WHERE julianday(at) >= julianday(?)"
                              " ORDER BY julianday(at)", (iso(since),)).fetchall()
    except StationError:
        return []  # an older log without the table: nothing happened to zones it knew of
    return [dict(zip(("at", "zone", "event", "detail"), row)) for row in rows]


@dataclass(frozen=True)
class RecordedRun:
    """A slot the log holds as started, and what it was made of (None for runs logged before that was kept)."""
    finished: bool
    segments: list[dict] | None


class History:
    """What a zone's log tells the planner: where the log begins, the slots already started and what each was
    made of, and what the campaigns aired. `use` gives a connection (a context manager)."""

    def __init__(self, use, zone: str):
        self._use = use
        self.zone = zone

    def origin(self) -> dt.datetime | None:
        """The first moment this zone's log knows of: before it the station was not on air to miss anything."""
        with self._use() as db:
            row = db.execute("SELECT min(m) FROM (SELECT min(julianday(started_at)) AS m FROM runs WHERE zone=?"
                             " UNION ALL SELECT min(julianday(scheduled_at)) FROM airings WHERE zone=?)",
                             (self.zone, self.zone)).fetchone()
        if row[0] is None:
            return None
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=row[0] - 2440587.5)

    def run(self, slot: str, scheduled_at: dt.datetime) -> RecordedRun | None:
        with self._use() as db:
            row = db.execute("SELECT finished_at, plan FROM runs WHERE zone=? AND slot=? AND julianday(scheduled_at)"
                             " = julianday(?)", (self.zone, slot, iso(scheduled_at))).fetchone()
        return None if row is None else RecordedRun(row[0] is not None, json.loads(row[1]) if row[1] else None)

    def campaign_done(self, campaign: str, since: dt.datetime, until: dt.datetime) -> tuple[int, float]:
        """(airings, seconds) a campaign has to its credit for slots in [since, until): what aired in slots that
        are over, and what the slots still on air (or cut, to be resumed) hold for it, as they will air it."""
        with self._use() as db:
            count, seconds = db.execute(
                "SELECT count(*), COALESCE(sum(duration_s), 0) FROM airings a WHERE campaign=? AND zone=? AND"
                " status='aired' AND julianday(scheduled_at) >= julianday(?) AND julianday(scheduled_at) <"
                " julianday(?) AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.zone=a.zone AND r.slot=a.slot AND"
                " r.scheduled_at=a.scheduled_at AND r.finished_at IS NULL)",
                (campaign, self.zone, iso(since), iso(until))).fetchone()
            plans = db.execute("SELECT plan FROM runs WHERE zone=? AND finished_at IS NULL AND plan IS NOT NULL AND"
                               " julianday(scheduled_at) >= julianday(?) AND julianday(scheduled_at) < julianday(?)",
                               (self.zone, iso(since), iso(until))).fetchall()
        held = [item for (plan,) in plans for segment in json.loads(plan) for item in segment["items"]
                if item.get("campaign") == campaign]
        return count + len(held), seconds + sum(item["duration_s"] for item in held)


class _NoLog:
    """History of a station that has never aired (or a plan that asks none): nothing started, nothing aired."""

    def origin(self):
        return None

    def run(self, slot, scheduled_at):
        return None

    def campaign_done(self, campaign, since, until):
        return 0, 0.0


NO_HISTORY = _NoLog()


def read_history(folder: Path, zone: str = "", path: Path | None = None):
    """The history of the station's log (or the log file `path`), read only; none yet: NO_HISTORY."""
    path = _log_path(folder, path)
    if not path.is_file():
        return NO_HISTORY

    with _read_only(path) as db:  # a log no daemon has opened since runs kept their items holds no history of them yet
        if "plan" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}:
            return NO_HISTORY
    return History(lambda: _read_only(path), zone)


def first_day(folder: Path, tz, path: Path | None = None) -> dt.date | None:
    """The station date of the log's first row (None: an empty or missing log): the days before it the log
    cannot speak for."""
    path = _log_path(folder, path)
    if not path.is_file():
        return None
    try:
        with _read_only(path) as db:
            (first,) = db.execute("SELECT scheduled_at FROM airings ORDER BY julianday(scheduled_at), id LIMIT 1"
                                  ).fetchone() or (None,)
    except StationError:
        return None
    return dt.datetime.fromisoformat(first).astimezone(tz).date() if first else None


def runs_stamp(folder: Path) -> tuple:
    """Changes whenever a program starts or finishes in the station's log: what a cached plan depends on."""
    path = Path(folder) / Logbook.FILE
    if not path.is_file():
        return ()
    try:
        with _read_only(path) as db:
            return tuple(db.execute("SELECT count(*), max(started_at), count(finished_at), max(finished_at) FROM runs")
                         .fetchone())
    except StationError:
        return ()
