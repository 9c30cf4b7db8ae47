"""The hub talking to one source system: log in, pull what it sent, apply it, report airings and cluster
status back. One thread per source in `radio hub run`; the hub's own work never waits for it.

Down: each item once (a duplicate is recognised by its content), a cancellation applied everywhere, or
remembered when it comes before its bulletin; a bulletin goes to the stations its areas name (hub.yaml
`areas:`, or a station's id or name), an area no station answers to is kept on the item, not dropped;
priority 1 is an emergency order; the recording behind NoiDung.Link is downloaded once and carried by its
content hash; without one, the text is read by each station's own voice. LichPhat's start times and days
(every KieuLich 0-3) become the bulletin's own air times at each station (radio.schedule.timed); an item the
hub cannot use (an unknown KieuLich, a date or time it cannot read, no id) is refused by name, and the rest of
the feed still goes through.

Up: every airing of a source bulletin at any station becomes a play log, each station a cluster status, on
the source's cadence; each queued once under its key in the store and sent until the source accepts it
(after an outage, everything waiting goes, in order). A refused login, an expired token (re-login once), a
5xx, a slow or garbled answer: said once, retried with backoff, nothing lost.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
import time
from pathlib import Path
from typing import Callable

import httpx

from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.hub import centre
from radio.hub.config import Hub
from radio.hub.sources import SECRETS, Item, Source, area_map
from radio.hub.sources.flavours import Refused
from radio.hub.store import SourceBook, Store

OUTBOX_BATCH = 200
TIMEOUT_S = 10.0
MAX_BACKOFF_S = 600.0
CONNECTED_WITHIN_S = 180.0  # a station heard from within this is "connected" in its cluster status


class SourceDown(Exception):
    """The source did not answer usefully (network, 5xx, not JSON)."""


class SourceLink:
    def __init__(self, hub: Hub, source: Source, store: Store, say: Callable[[str], None]):
        self.hub, self.source, self.store, self.say = hub, source, store, say
        self.adapter = source.adapter()
        self.book = SourceBook(store, source.name)
        self.folder = Path(hub.folder) / SECRETS / source.name
        self.token: str | None = None
        self._trouble = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._since: dt.datetime | None = None  # airings received since: rescanned whole after a restart
        self.timeout_s = TIMEOUT_S

    # ------------------------------------------------------------------ the thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"nguon-{self.source.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self.cycle()
                failures = 0
                self._fine()
            except (httpx.HTTPError, SourceDown, Refused, StationError, OSError) as error:
                failures += 1
                self._troubled(describe(error))
            except Exception as error:  # noqa: BLE001 - the source must never take the hub down
                failures += 1
                self._troubled(f"lỗi không lường trước ({type(error).__name__}: {error})")
            self._stop.wait(min(self.source.every_s * (2 ** min(failures, 6)), MAX_BACKOFF_S) if failures
                            else self.source.every_s)

    def cycle(self) -> None:
        with httpx.Client(base_url=self.source.url, timeout=self.timeout_s) as client:
            self.pull(client)
            self.report(client)

    # ------------------------------------------------------------------ the wire

    def login(self, client) -> None:
        password = self.source.password(self.hub.folder)
        answer = self._json(client.post(self.adapter.paths["login"], json=self.adapter.login_body(password)))
        self.token = self.adapter.token(answer)

    def call(self, client, method: str, path: str, **kwargs) -> dict:
        """A call with the token; an expired one (401) is renewed once."""
        if self.token is None:
            self.login(client)
        for attempt in (1, 2):
            answer = client.request(method, path, headers={"Authorization": f"Bearer {self.token}"}, **kwargs)
            if answer.status_code == 401 and attempt == 1:
                self.login(client)
                continue
            return self._json(answer)
        raise SourceDown("nguồn vẫn từ chối mã đăng nhập mới")

    @staticmethod
    def _json(answer) -> dict:
        if answer.status_code >= 500:
            raise SourceDown(f"nguồn báo lỗi {answer.status_code}")
        if answer.status_code in (401, 403):
            raise Refused(f"nguồn từ chối ({answer.status_code}): sai tên hoặc mật khẩu")
        try:
            body = answer.json()
        except ValueError:
            raise SourceDown(f"nguồn trả lời không phải JSON ({answer.status_code})") from None
        if not isinstance(body, dict):
            raise SourceDown("nguồn trả lời không đúng dạng (không phải đối tượng JSON)")
        return body

    # ------------------------------------------------------------------ down

    def pull(self, client) -> int:
        """Every page the source has after our cursor, applied; the cursor kept on disk."""
        applied = 0
        while True:
            cursor = self._cursor()
            answer = self.call(client, "GET", self.adapter.paths["feed"],
                               params={self.adapter.CURSOR: cursor} if cursor else None)
            items, following = self.adapter.page(answer)
            for item in items:
                self.apply(item, client)
                applied += 1
            if not following or following == cursor:
                return applied
            self._set_cursor(str(following))

    def apply(self, item: Item, client) -> str:
        """Apply one item; returns what became of it (its state)."""
        known = self.book.item(item.id)
        if item.kind == "cancel":
            return self._cancel(item, known)
        fingerprint = hashlib.sha256(json.dumps(item.raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        if known and known["state"] == "cancelled":
            return "cancelled"  # the cancellation came first: the bulletin never goes out
        if known and known["fingerprint"] == fingerprint:
            return known["state"]  # the same again (a retry of the source's)
        if item.kind == "unusable":
            why = f"{item.problem}; bản tin không được gửi"
            self.book.keep(item.id, "refused", None, why, fingerprint)
            self.say(f"Nguồn {self.source.name}: bản tin {item.id}: {why}.")
            return "refused"
        targets, unknown = self._stations(item.areas)
        unknown_note = f"địa bàn không có đài nhận: {', '.join(unknown)}" if unknown else ""
        if not targets:
            self.book.keep(item.id, "refused", None, unknown_note or "không có địa bàn nhận", fingerprint)
            self.say(f"Nguồn {self.source.name}: bản tin {item.id}: {unknown_note or 'không có địa bàn nhận'}.")
            return "refused"
        by = f"nguồn {self.source.name}"
        if item.priority == 1:
            order = centre.order_emergency(self.store, self.hub.name, _spoken(item), targets, None, by)
            subject = f"emergency:{order['id']}"
        else:
            path = self._bulletin_file(item, client)
            subject = centre.bulletin_subject(centre.send_bulletin(self.store, self.hub.name, path, targets, None,
                                                                   by, self.hub.files)["id"])
        self.book.keep(item.id, "sent", subject, unknown_note, fingerprint)
        if unknown:
            self.say(f"Nguồn {self.source.name}: bản tin {item.id}: {unknown_note} (các đài khác vẫn nhận).")
        return "sent"

    def _cancel(self, item: Item, known: dict | None) -> str:
        if known and known["state"] == "sent" and known["subject"].startswith("bulletin:"):
            try:
                centre.cancel_bulletin(self.store, known["subject"].removeprefix("bulletin:"),
                                       f"nguồn {self.source.name}")
            except StationError:
                pass  # already cancelled at the hub
        note = "" if known else "lệnh hủy đến trước bản tin: bản tin sẽ không được gửi"
        self.book.keep(item.id, "cancelled", known["subject"] if known else None, note,
                       known["fingerprint"] if known else None)
        return "cancelled"

    def _stations(self, areas: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """(enrolled stations the areas name, areas no station answers to): by hub.yaml `areas:`, else by a
        station's id or its name (with or without 'Đài truyền thanh xã')."""
        mapped = area_map(self.hub.folder)
        names = {}
        for row in self.store.stations():
            names[row["id"].lower()] = row["id"]
            names[_plain_name(row["name"])] = row["id"]
        found, unknown = [], []
        for area in areas:
            key = area.strip().lower()
            station = mapped.get(key) or names.get(key) or names.get(_plain_name(area))
            (found if station else unknown).append(station or area)
        return sorted(set(found)), unknown

    def _bulletin_file(self, item: Item, client) -> Path:
        """The item as a bulletin file at the hub (what radio hub send takes), its recording beside it."""
        from radio.campaigns import FIELDS
        from radio.newsroom import compose_file
        meta = {"title": item.title or item.id, "priority": "uu-tien" if item.priority == 2 else "thuong"}
        if item.topic in FIELDS:
            meta["category"] = FIELDS[item.topic]
        if item.first:
            meta["valid_from"] = item.first.isoformat()
        if item.last:
            meta["valid_until"] = item.last.isoformat()
        if item.times:  # the province's LichPhat: the bulletin's own air times at each station
            meta["times"] = list(item.times)
        if item.days:
            meta["days"] = list(item.days)
        path = self.folder / f"nguon-{self.source.name}-{_slug(item.id)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        if item.audio_url:
            meta["audio"] = self._recording(item, client, path.parent).name
        write_bytes_atomic(path, compose_file(meta, item.text or item.title or item.id))
        return path

    def _recording(self, item: Item, client, folder: Path) -> Path:
        """NoiDung.Link downloaded once (kept under the item's id; the hub then keeps it by content hash)."""
        suffix = re.sub(r"[^a-z0-9.]", "", Path(str(item.audio_url).split("?")[0]).suffix.lower())[:6] or ".mp3"
        target = folder / f"{_slug(item.id)}{suffix}"
        if target.is_file():
            return target
        answer = client.get(item.audio_url, headers={"Authorization": f"Bearer {self.token}"})
        if answer.status_code != 200 or not answer.content:
            raise SourceDown(f"không tải được tệp âm thanh của bản tin {item.id} ({answer.status_code})")
        write_bytes_atomic(target, answer.content)
        return target

    # ------------------------------------------------------------------ up

    def report(self, client) -> int:
        """Queue what is new (airings, cluster status), then send the queue; returns how many were accepted."""
        files = {centre.station_file_name(row["subject"].removeprefix("bulletin:")): row["item_id"]
                 for row in self.book.items() if row["state"] in ("sent", "cancelled") and row["subject"]
                 and row["subject"].startswith("bulletin:")}
        started = dt.datetime.now(dt.timezone.utc)
        entries = []
        for row in self.book.airings(files, self._since):
            key = f"phat:{row['station']}:{row['seq']}"
            entries.append((key, *self.adapter.playlog(row["item_id"], row["station"], row, key)))
        bucket = int(time.time() // max(self.source.every_s, 1.0))  # one status per cluster each round
        for station in centre.status(self.store):
            silent = station["silent_s"]
            connected = silent is not None and silent < CONNECTED_WITHIN_S
            for zone in station["zones"] or [{"zone": "", "on_air": station["on_air"]}]:
                cluster = station["id"] + (f":{zone.get('zone')}" if zone.get("zone") else "")
                entries.append((f"trangthai:{cluster}:{bucket}",
                                *self.adapter.status(cluster, bool(zone.get("on_air")), connected)))
        self.book.queue(entries)
        self._since = started - dt.timedelta(seconds=5)  # rows landing while this ran come again; keys dedupe
        accepted = 0
        while True:
            waiting = self.book.pending(OUTBOX_BATCH)
            for entry in waiting:
                answer = self.call(client, "POST", entry["path"], json=entry["body"])
                if not self.adapter.accepted(answer):
                    raise Refused(f"nguồn không nhận ({entry['key']}): {json.dumps(answer, ensure_ascii=False)[:200]}")
                self.book.sent(entry["seq"])
                accepted += 1
            if len(waiting) < OUTBOX_BATCH:
                return accepted

    # ------------------------------------------------------------------ state

    def _cursor(self) -> str:
        try:
            return (self.folder / "cursor").read_text("utf-8").strip()
        except OSError:
            return ""

    def _set_cursor(self, value: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.folder / "cursor", value.encode("utf-8"))

    def _troubled(self, why: str) -> None:
        if why != self._trouble:
            self.say(f"Nguồn {self.source.name}: {why}; trung tâm vẫn làm việc, sẽ thử lại.")
            self._trouble = why
        self._write_state(why)

    def _fine(self) -> None:
        if self._trouble:
            self.say(f"Nguồn {self.source.name}: đã liên lạc lại được.")
            self._trouble = ""
        self._write_state("")

    def _write_state(self, problem: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        state = {"checked_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "problem": problem}
        write_bytes_atomic(self.folder / "state.json", json.dumps(state, ensure_ascii=False).encode("utf-8"))


def read_state(hub_folder: Path, name: str) -> dict:
    try:
        return json.loads((Path(hub_folder) / SECRETS / name / "state.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def describe(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "nguồn trả lời quá chậm (quá 10 giây)"
    if isinstance(error, httpx.HTTPError):
        return f"không kết nối được nguồn ({type(error).__name__})"
    if isinstance(error, StationError):
        return error.describe()
    return str(error)


def _spoken(item: Item) -> str:
    return f"{item.title}. {item.text}" if item.text and item.text != item.title else item.title


def _slug(text: str) -> str:
    plain = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
    return plain if plain == text.lower() else f"{plain}-{hashlib.sha256(text.encode()).hexdigest()[:6]}".lstrip("-")


def _plain_name(name: str) -> str:
    words = re.sub(r"^(đài truyền thanh|đài)\s+", "", name.strip().lower())
    return " ".join(words.split())
