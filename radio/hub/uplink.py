"""The station's side of the hub: linking once (radio link), then an uplink thread beside the daemon that pushes
the as-run rows and the station's health.

The playout never waits for it: the thread has its own read-only connection to the log, its own HTTP
client with short timeouts, and shares no lock with the feeder or the directors. The log itself is the
outbox: rows go up in the log's own order (their id is the station's sequence number), in batches, and a
row is only sent once it is final (an item still on air stops the batch there). What the hub answers it
holds is kept in .radio-cache/hub-cursor; lost, everything is sent again and the hub stores it once.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import shutil
import sqlite3
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.logbook import FIELDS, PLAYING_REASON, Logbook

LINK_FILE = "hub-link.json"  # the credential: owner-only, git-ignored, never in schedule.yaml
BATCH = 500
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Link:
    url: str
    station: str
    credential: str


def check_hub_url(url: str) -> str:
    """https://…, or http:// only on this machine (a credential never crosses a network in clear)."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise StationError(f"địa chỉ trung tâm '{url}' không hợp lệ; viết dạng https://trungtam.huyen.vn.")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise StationError(f"trung tâm '{url}' dùng http không mã hóa: mã của đài sẽ đi qua mạng không che.",
                           hint="dùng địa chỉ https:// của trung tâm.")
    return url.strip().rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def link_station(folder: Path, url: str, code: str) -> Link:
    """Exchange the centre's one-time code for this station's credential; keep it owner-only beside
    schedule.yaml, and name the hub in schedule.yaml (`hub: {url, poll}`)."""
    import httpx
    url = check_hub_url(url)
    try:
        answer = httpx.post(f"{url}/hub/v1/link", json={"code": code}, timeout=TIMEOUT_S)
    except httpx.HTTPError as error:
        raise StationError(f"không liên lạc được trung tâm {url} ({error}).",
                           hint="kiểm tra mạng và địa chỉ; đài vẫn phát bình thường khi chưa liên kết.") from None
    body = _json(answer)
    if answer.status_code != 200:
        raise StationError(f"trung tâm từ chối liên kết: {body.get('error', answer.status_code)}")
    link = Link(url, body["station"], body["credential"])
    target = Path(folder) / LINK_FILE
    write_bytes_atomic(target, json.dumps(vars(link), ensure_ascii=False).encode("utf-8"), mode=0o600)
    _name_hub_in_schedule(Path(folder) / "schedule.yaml", url)
    return link


def _name_hub_in_schedule(schedule: Path, url: str) -> None:
    """`hub:` with the address and the poll interval, added to schedule.yaml (or its url replaced), the rest of
    the file and its comments untouched."""
    import re
    text = schedule.read_text("utf-8")
    block = f"hub:                          # trung tâm huyện/tỉnh (radio link)\n  url: {url}\n  poll: 60s\n"
    if re.search(r"^hub:", text, flags=re.M):
        text = re.sub(r"^(hub:.*\n(?:[ \t].*\n|\n)*?)([ \t]+url:).*$", lambda m: f"{m[1]}{m[2]} {url}", text,
                      count=1, flags=re.M)
    else:
        text = text.rstrip("\n") + "\n" + block
    write_bytes_atomic(schedule, text.encode("utf-8"))


def read_link(folder: Path) -> Link | None:
    try:
        return Link(**json.loads((Path(folder) / LINK_FILE).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _json(answer) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class Uplink:
    """Talks to the hub every `poll_s`, or at once when woken (the doorbell, an emergency's answer): pulls
    and applies what came down (radio.hub.downlink), then pushes rows and health. Says once when the hub
    cannot be reached, and once when it can again. Stops with the daemon."""

    def __init__(self, folder: Path, link: Link, poll_s: float, health: Callable[[], dict],
                 say: Callable[[str], None], emergency: Callable[[dict], dict] | None = None):
        from radio.hub.downlink import Downlink
        self.folder = Path(folder)
        self.link = link
        self.poll_s = poll_s
        self.health = health
        self.say = say
        self.cursor_file = self.folder / ".radio-cache" / "hub-cursor"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._trouble = ""
        self.downlink = Downlink(self.folder, say, emergency, wake=self.wake)
        self.bell = None  # radio.hub.doorbell.StationBell, once the hub names its broker
        self._thread = threading.Thread(target=self._run, name="hub-uplink", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=TIMEOUT_S + 2)
        if self.bell is not None:
            self.bell.stop()

    def _rang(self, ring: dict) -> None:
        """The hub rang: an emergency order in the ring is applied at once (the daemon's break-in runs on
        its own thread); any ring makes the link talk to the hub now."""
        if ring.get("change"):
            self.downlink.apply([ring["change"]])
        self.wake()

    def _listen_for_bell(self) -> None:
        """Subscribe to the broker the hub named (or follow it to a new one); without one, polling does all."""
        from radio.hub.doorbell import StationBell
        wanted = self.downlink.doorbell
        if self.bell is not None and self.bell.broker == wanted:
            return
        if self.bell is not None:
            self.bell.stop()
            self.bell = None
        if wanted:
            try:
                self.bell = StationBell(wanted, self.link.station, self._rang)
                self.bell.start()
            except (ValueError, OSError) as error:
                self._troubled(f"không nghe được chuông MQTT {wanted} ({error}); vẫn hỏi định kỳ")

    def _run(self) -> None:
        import httpx
        headers = {"Authorization": f"Bearer {self.link.credential}"}
        with httpx.Client(base_url=self.link.url, headers=headers, timeout=TIMEOUT_S) as client:
            while not self._stop.is_set():
                self._wake.clear()
                try:
                    self.exchange(client)
                    self._fine()
                except (httpx.HTTPError, HubRefused, ValueError) as error:
                    self._troubled(str(error) or type(error).__name__)
                except Exception as error:  # noqa: BLE001 - the uplink must never take the station down
                    self._troubled(f"lỗi không lường trước ({type(error).__name__}: {error})")
                self._wake.wait(self.poll_s)

    def exchange(self, client) -> None:
        """One round with the hub: what came down applied, emergency answers sent, rows and health pushed."""
        self.downlink.send_answers(client)
        self.downlink.pull(client)
        self._listen_for_bell()
        self.push(client)

    def push(self, client) -> int:
        """Every final row not yet held by the hub, in batches, then the health report. Returns rows sent."""
        sent = 0
        while not self._stop.is_set():
            batch = self._outbox(self._cursor())
            if not batch:
                break
            answer = client.post("/hub/v1/rows", json={"rows": batch})
            body = _json(answer)
            if answer.status_code != 200:
                raise HubRefused.answer("không nhận nhật ký", answer)
            for refused in body.get("refused", []):
                self.say(f"Trung tâm không nhận dòng nhật ký số {refused.get('seq')}: {refused.get('why')}")
            held = int(body.get("held", 0))
            done = max([held] + [r["seq"] for r in body.get("refused", []) if isinstance(r.get("seq"), int)])
            self._set_cursor(max(self._cursor(), min(done, batch[-1]["seq"])))
            sent += len(batch)
            if done < batch[-1]["seq"]:
                raise HubRefused("trung tâm chưa nhận hết lô vừa gửi; sẽ gửi lại.")
        answer = client.post("/hub/v1/health", json=self._health())
        if answer.status_code != 200:
            raise HubRefused.answer("không nhận báo cáo tình trạng", answer)
        return sent

    def _outbox(self, after: int) -> list[dict]:
        path = self.folder / Logbook.FILE
        if not path.is_file():
            return []
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            present = {row[1] for row in db.execute("PRAGMA table_info(airings)")}
            columns = ", ".join(name if name in present else "NULL" for name in FIELDS)
            found = db.execute(f"SELECT id, {columns} FROM airings WHERE id > ? ORDER BY id LIMIT ?",
                               (after, BATCH)).fetchall()
        finally:
            db.close()
        batch = []
        for row in found:
            record = dict(zip(("seq", *FIELDS), row))
            if record["reason"] == PLAYING_REASON:  # still on air: it goes up once it is over
                break
            batch.append(record)
        return batch

    def _health(self) -> dict:
        from importlib.metadata import PackageNotFoundError, version
        try:
            release = version("radio")
        except PackageNotFoundError:
            release = "?"
        unsent = self._outbox(self._cursor())
        report = {"now": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "version": release,
                  "disk_free_mb": shutil.disk_usage(self.folder).free // 1_000_000, "outbox_after": self._cursor(),
                  "oldest_unsent_at": unsent[0]["started_at"] or unsent[0]["scheduled_at"] if unsent else None,
                  "changes_after": self.downlink.cursor, "poll_s": self.poll_s,
                  "change_problems": [{"subject": subject, "why": why}
                                      for subject, why in self.downlink.problems.items()]}
        try:
            report |= self.health()
        except Exception as error:  # noqa: BLE001 - a report without the on-air part is still a sign of life
            report["health_error"] = str(error)
        return report

    def _cursor(self) -> int:
        try:
            return int(self.cursor_file.read_text().strip() or 0)
        except (OSError, ValueError):
            return 0

    def _set_cursor(self, value: int) -> None:
        self.cursor_file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.cursor_file, str(value).encode())

    def _troubled(self, why: str) -> None:
        if why != self._trouble:
            self.say(f"Không gửi được lên trung tâm ({why}); đài vẫn phát bình thường, nhật ký giữ lại để gửi sau.")
            self._trouble = why

    def _fine(self) -> None:
        if self._trouble:
            self.say("Đã liên lạc lại được trung tâm; nhật ký còn chờ đã gửi lên.")
            self._trouble = ""


class HubRefused(Exception):
    """The hub answered, but not with what the station needed."""

    @classmethod
    def answer(cls, what: str, answer) -> "HubRefused":
        """`what` was refused: with the status and the hub's own words (its database down, say)."""
        said = _json(answer).get("error")
        return cls(f"trung tâm {what} ({answer.status_code})" + (f": {said}" if said else "."))
