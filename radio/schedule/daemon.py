"""`radio run`: the station on its own. APScheduler fires the slots computed by the rundown; the director
renders ahead, queues airings on the feeder and keeps the as-run log; a watcher reloads schedule.yaml and
the bulletins when staff edit them; the control channel takes emergencies.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from apscheduler.events import EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from radio.bulletin import find_bulletins, load_bulletin
from radio.errors import Interrupted, StationError, problems_of
from radio.logbook import Logbook
from radio.playout.feeder import Feeder
from radio.playout.outputs import start_with_fallback
from radio.render import Renderer, prune_rendered
from radio.retention import prune
from radio.schedule.control import ControlServer, control_path
from radio.schedule.director import Director
from radio.schedule.calendar import Occurrence, occurrences_between
from radio.schedule.planner import Planner, Selection, edits_signature
from radio.schedule.stopping import StopRequest
from radio.station import load_station, require_station_folder
from radio.stationlock import StationLock, describe, read_info

FIRE_LEAD_S = 2.0  # queue an airing this early; the feeder starts it on the exact sample
PLAN_HORIZON = dt.timedelta(hours=36)
BEAT_EVERY_S = 0.5  # heartbeat: what a power cut leaves in the log is at most this stale
WATCH_EVERY_S = 2.0  # look for edits by staff
ON_AIR_WAIT_S = 60.0  # a commanded airing must reach the output within this, or the caller is told


class Daemon:
    def __init__(self, folder: Path, output: str, say: Callable[[str], None], console: str | None = None):
        self.folder = Path(folder)
        self.output = output
        self.console_at = console  # where the browser console listens (its own process), None for none
        self.console = None
        self.uplink = None  # radio/hub/uplink.py, when the station is linked to a hub
        self._say = say
        self.stop = StopRequest()
        self.stopped_on_command = False  # Ctrl+C, or the OS asking the program to stop

    def say(self, message: str) -> None:
        self._say(f"[{dt.datetime.now(self.station.tz):%H:%M:%S}] {message}")

    def run(self, stop_after: float | None = None) -> None:
        require_station_folder(self.folder)
        self.lock = StationLock(self.folder / ".radio-cache")
        self.lock.acquire(self._holder)  # a second `radio run` on this station stops here, saying who runs
        try:
            self._run(stop_after)
        finally:
            self.lock.release()

    def _start_uplink(self):
        """Rows and health up to the hub, when the station is linked to one; never in the playout's way."""
        from radio.hub.uplink import Uplink, read_link
        link = read_link(self.folder)
        if not self.station.hub_url or link is None:
            if self.station.hub_url:
                self._say("CHÚ Ý: schedule.yaml có mục 'hub' nhưng đài chưa liên kết (radio link URL --code MÃ).")
            return None
        uplink = Uplink(self.folder, link, self.station.hub_poll_s, self._hub_health, self.say,
                        emergency=self._break_in)
        uplink.start()
        self._say(f"Trung tâm: {link.url} (đài {link.station}), liên lạc mỗi {self.station.hub_poll_s:g} giây.")
        return uplink

    def _hub_health(self) -> dict:
        """What the hub is told besides the link's own figures: what is on air in each zone, and what the
        centre's report needs to read this station's rows as `radio report` does (time zone, lĩnh vực map,
        campaigns)."""
        status = self._control({"command": "status"})
        return {"on_air": status.get("on_air"), "zones": status.get("zones"),
                "station": {"name": self.station.name, "timezone": self.station.timezone,
                            "categories": dict(self.station.categories),
                            "campaigns": [campaign.as_spec() for campaign in self.station.campaigns]}}

    def _holder(self) -> str:
        return describe(read_info(control_path(self.folder / ".radio-cache")))

    def _run(self, stop_after: float | None) -> None:
        self._signature = edits_signature(self.folder)  # taken before reading: no edit slips through
        self.station = load_station(self.folder)  # a broken schedule.yaml: refuse to start (file:line)
        self.logbook = Logbook(self.folder, warn=self.say)  # unwritable: refuse to start, with why
        self.renderer = Renderer(self.station)  # shared by the zones: a program alike in two is made once
        self._render_lock = threading.Lock()
        self.zones = [self._zone(key, name, output) for key, name, output in self._outputs()]
        self.director = self.zones[0].director  # status, approvals and the banner's plan: any zone will do
        self._emergency_seen = self._emergency_bulletins()  # those already there when it starts do not break in
        self.scheduler = BackgroundScheduler(timezone=self.station.tz)
        self.scheduler.add_listener(self._job_missed, EVENT_JOB_MISSED)
        self.control = ControlServer(self.station.cache_dir, self._control)
        self._start_console()
        self.uplink = self._start_uplink()
        try:
            self._install_signals()  # before anything slow: Ctrl+C during start-up is a stop, not a crash
            self._start()
            deadline = None if stop_after is None else time.monotonic() + stop_after
            next_watch = time.monotonic() + WATCH_EVERY_S
            while not self.stop.is_set():
                if deadline is not None and time.monotonic() >= deadline:
                    break
                self.stop.wait(BEAT_EVERY_S if deadline is None else
                               max(0.05, min(BEAT_EVERY_S, deadline - time.monotonic())))
                for zone in self.zones:
                    zone.director.heartbeat()
                if time.monotonic() >= next_watch:
                    next_watch = time.monotonic() + WATCH_EVERY_S
                    self._watch()
                    self._keep_hold()
        except Interrupted:  # ffmpeg saw the operator's Ctrl+C before our handler did
            self.stopped_on_command = True
        finally:
            self._shutdown()

    # ------------------------------------------------------------------ start and stop

    def _start(self) -> None:
        now = dt.datetime.now(self.station.tz)
        self._banner(now)
        for zone in self.zones:
            zone.director.recover()
            zone.director.catch_up()
            zone.director.warm_up()
        self.control.start()
        self.scheduler.start()
        self._plan_jobs()
        self._prune()  # a PC switched on each morning prunes then, as one left on does at midnight

    def _start_console(self) -> None:
        """Only the daemon holding the station starts its console; a console problem never stops the air."""
        if self.console_at is None:
            return
        from radio.console.process import LOOPBACK, addresses_to_open, console_address, start_console
        try:
            host, port = console_address(self.folder, self.console_at)  # the console says when it is off-machine
        except StationError as error:  # a busy port or a bad address: say so, keep broadcasting
            self._say(f"CẢNH BÁO: không mở được bảng điều khiển: {error}")
            return
        self.console = start_console(self.folder, self.console_at)
        where = " hoặc ".join(addresses_to_open(host, port))
        self._say(f"Bảng điều khiển: {where} (mở bằng trình duyệt"
                  + (" trên máy này)" if host in LOOPBACK else " trên máy này hoặc máy khác trong mạng)"))
        from radio.accounts import Accounts
        if not Accounts(self.folder).users():
            self._say("  Chưa có tài khoản: tạo bằng lệnh  radio user add TÊN --role quan-tri")

    def _banner(self, now: dt.datetime) -> None:
        self._say(f"Đài: {self.station.name} ({self.station.folder.resolve()})")
        for zone in self.zones:
            self._say(f"Đầu ra{f' vùng {zone.name}' if zone.key else ''}: {zone.sink.label}")
        self._say(f"Giờ của đài: {now:%H:%M:%S %d/%m/%Y} ({self.station.timezone})")
        zone = self.zones[0]
        history = zone.logbook.history()
        rundown = Planner(self.station, self.renderer, zone.key, history).day(now.date())
        self._say("Lịch hôm nay:" if rundown.airings else "Hôm nay không có khung giờ nào.")
        for airing in rundown.airings:
            recorded = history.run(airing.occurrence.label, airing.start)
            mark = ("bị ngắt giữa chừng" if recorded and not recorded.finished else "đã phát" if recorded
                    else "đã qua" if airing.end < now else "")
            self._say(f"  {airing.start:%H:%M:%S}–{airing.end:%H:%M:%S}  {airing.occurrence.slot.program} "
                      f"({len(airing.items)} mục) {mark}".rstrip())
        upcoming = occurrences_between(self.station, now, now + PLAN_HORIZON)
        if upcoming:
            wait = upcoming[0].start - now
            hours, rest = divmod(int(wait.total_seconds()), 3600)
            self._say(f"Khung giờ tiếp theo: {upcoming[0].label} lúc {upcoming[0].start:%H:%M %d/%m}, "
                      f"còn {hours} giờ {rest // 60} phút {rest % 60} giây.")

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for name in ("SIGTERM", "SIGINT", "SIGBREAK"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), lambda *_: self._stop_on_command())

    def _stop_on_command(self) -> None:
        """The signal handler: a flag and radio.schedule.stopping, nothing that takes a lock."""
        self.stopped_on_command = True
        self.stop.ask()

    def _shutdown(self) -> None:
        from radio.console.process import stop_console
        steps = [lambda: self.scheduler.shutdown(wait=False), self.control.stop, lambda: stop_console(self.console),
                 lambda: self.uplink and self.uplink.stop()]
        for zone in self.zones:
            steps += [zone.sink.stop, zone.director.heartbeat, zone.director.flush]
        for step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - stop everything we can
                pass
        stopped = [row for zone in self.zones for row in zone.logbook.close_unfinished("dừng theo lệnh của người trực")]
        if stopped:
            self.say(f"Đã dừng giữa chương trình: {len(stopped)} mục ghi là bị ngắt; chạy lại trong hạn phát "
                     "muộn thì đài phát tiếp từ mục đó.")
        for zone in self.zones:
            if zone.logbook is not self.logbook:
                zone.logbook.close()
        self.logbook.close()
        self.say("Đã dừng theo lệnh." if self.stopped_on_command else "Đã dừng.")
        self.stop.close()

    # ------------------------------------------------------------------ jobs

    def _plan_jobs(self) -> None:
        self.scheduler.remove_all_jobs()
        now = dt.datetime.now(self.station.tz)
        for occurrence in occurrences_between(self.station, now, now + PLAN_HORIZON):
            key = f"{occurrence.start.isoformat()}|{occurrence.index}"
            fire_at = max(now, occurrence.start - dt.timedelta(seconds=FIRE_LEAD_S))
            self.scheduler.add_job(self._fire, DateTrigger(fire_at), args=[occurrence], id="fire|" + key,
                                   misfire_grace_time=int(occurrence.slot.grace_s) or 1, coalesce=True)
            render_at = occurrence.start - dt.timedelta(seconds=self.station.render_ahead_s)
            self.scheduler.add_job(self._prepare, DateTrigger(max(now + dt.timedelta(seconds=0.5), render_at)),
                                   args=[occurrence], id="render|" + key, misfire_grace_time=3600)
        for opening in (o for window in self.station.quiet_hours
                        for o in window.starts_between(now, now + PLAN_HORIZON)):
            self.scheduler.add_job(self._quiet_from, DateTrigger(max(now, opening - dt.timedelta(seconds=FIRE_LEAD_S))),
                                   args=[opening], id=f"quiet|{opening.isoformat()}", misfire_grace_time=3600,
                                   replace_existing=True)
        tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 0, 5), tzinfo=self.station.tz)
        self.scheduler.add_job(self._new_day, DateTrigger(tomorrow), id="replan")

    def _quiet_from(self, opening: dt.datetime) -> None:
        if any(zone.director.on_air for zone in self.zones):
            self.say(f"Giờ yên tĩnh bắt đầu lúc {opening:%H:%M}: dừng chương trình đang phát.")
        for zone in self.zones:
            zone.director.quiet_from(opening)

    def _new_day(self) -> None:
        self._plan_jobs()
        self._prune()

    def _prune(self) -> None:
        """What the station keeps no longer (radio.retention), after the air's own work is scheduled."""
        unused = prune_rendered(self.station)
        if unused:
            self.say(f"Dọn {unused} tệp âm thanh đã dựng không còn dùng (chương trình cũ, giọng đọc lâu không phát).")
        removed = prune(self.station, self.station.today())
        if removed["archives"] or removed["rows"]:
            self.say(f"Dọn theo mục retention: xóa {removed['archives']} bản lưu chương trình, "
                     f"{removed['rows']} dòng nhật ký quá hạn giữ.")

    def _airing_in(self, occurrence: Occurrence) -> list[ZonePlayout]:
        return [zone for zone in self.zones if occurrence.slot.airs_in(zone.key)]

    def _fire(self, occurrence: Occurrence) -> None:
        late = occurrence.slot.missed_policy == "skip" and time.time() > occurrence.start.timestamp() + 60
        if not late:
            self.say(f"Phát {occurrence.label} lúc {occurrence.start:%H:%M:%S}.")
        for zone in self._airing_in(occurrence):
            if late:
                zone.director.missed(occurrence, "máy trễ quá một phút, chính sách bỏ qua")
                continue
            try:
                zone.director.fire(occurrence)
            except Interrupted:
                return  # Ctrl+C reached ffmpeg as well: the stop is reported once, by the shutdown

    def _prepare(self, occurrence: Occurrence) -> None:
        for zone in self._airing_in(occurrence):
            try:
                rendered, problems = zone.director.prepare(occurrence)
                for problem in problems:
                    zone.director.say(f"Cảnh báo cho {occurrence.label}: {problem}")
            except Interrupted:
                return  # Ctrl+C reached ffmpeg as well: the stop is reported once, by the shutdown
            except StationError as error:
                zone.director.say(f"Không dựng trước được {occurrence.label}: {error}")

    def _job_missed(self, event) -> None:
        """APScheduler could not run a slot within its grace (the PC slept): log it missed."""
        job_id = getattr(event, "job_id", "")
        if job_id.startswith("fire|"):
            start, _, index = job_id[5:].partition("|")
            for occurrence in occurrences_between(self.station, dt.datetime.fromisoformat(start),
                                                  dt.datetime.fromisoformat(start) + dt.timedelta(seconds=1)):
                if str(occurrence.index) == index:
                    for zone in self._airing_in(occurrence):
                        zone.director.missed(occurrence, "máy bận hoặc ngủ quá hạn phát muộn")

    def _keep_hold(self) -> None:
        """Someone cleaned .radio-cache while the station ran: take the lock again and rewrite the control
        file, so a second daemon cannot start and `radio emergency` still finds this one."""
        if not self.lock.still_ours():
            self.lock.retake(self._holder)
            self.say("Tệp khóa của đài bị xóa: đã tạo lại.")
        if self.control.ensure_published():
            self.say("Tệp điều khiển của đài bị xóa hoặc hỏng: đã ghi lại.")

    # ------------------------------------------------------------------ edits by staff

    def _watch(self) -> None:
        signature = edits_signature(self.folder)
        if signature == self._signature:
            return
        self._signature = signature
        try:
            station = load_station(self.folder)
        except StationError as error:
            self.say("schedule.yaml có lỗi, vẫn dùng lịch cũ cho tới khi sửa xong:")
            for problem in problems_of(error):
                self.say(f"  {problem}")
            return
        self.station = station
        self.renderer = Renderer(station, engines=self.renderer.engines)
        for zone in self.zones:
            zone.director.reload(station, self.renderer)
        self._plan_jobs()
        self.say("Đã nạp lại lịch và bản tin sau khi có thay đổi.")
        for path in self._emergency_bulletins() - self._emergency_seen:
            self.say(f"Bản tin khẩn cấp mới: {Path(path[0]).name}: phát ngay.")
            self._break_in({"file": path[0], "repeat": 1})
        self._emergency_seen = self._emergency_bulletins()

    def _emergency_bulletins(self) -> set[tuple[str, str]]:
        """(path, content hash) of khẩn cấp bulletins valid today and approved by an approver as they are
        now: a new one breaks in at once."""
        found = set()
        today = dt.datetime.now(self.station.tz).date()
        selection = Selection(self.station)
        for path in find_bulletins(self.station.scripts_dir):
            try:
                bulletin = load_bulletin(path)
            except StationError:
                continue
            if selection.may_break_in(bulletin, today):
                found.add((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        return found

    # ------------------------------------------------------------------ zones

    def _outputs(self) -> list[tuple[str, str, str]]:
        """(zone key, zone name, output): the zones of schedule.yaml, or the one implicit zone on --output."""
        if not self.station.zones:
            return [("", "", self.output)]
        if self.output != "device":
            self._say(f"CHÚ Ý: schedule.yaml có khai báo vùng (zones): mỗi vùng phát ra đầu ra của nó, bỏ qua "
                      f"--output {self.output}.")
        return [(zone.key, zone.name, zone.resolved_output()) for zone in self.station.zones.values()]

    def _zone(self, key: str, name: str, output: str) -> ZonePlayout:
        """A zone's own feeder, output and director, on the shared log and renderer."""
        say = (lambda message: self.say(f"[{name}] {message}")) if key else self.say
        logbook = Logbook(self.folder, warn=self.say, zone=key) if key else self.logbook
        feeder = Feeder(self.station.relay_timeout_s, self.station.emergency_resume)
        director = Director(self.station, logbook, feeder, time.time, renderer=self.renderer, say=say,
                            render_lock=self._render_lock)
        zone = ZonePlayout(key, name or self.station.name, feeder, None, director, logbook)
        zone.sink = start_with_fallback(output, feeder, self.station.rendered_dir / "recorded" / (key or "."),
                                        warn=say, tz=self.station.tz, interval=self._interval(key, say),
                                        report=lambda event, detail: self._output_event(zone, event, detail))
        return zone

    def _interval(self, key: str, say):
        """The zone's interval signal (a jingle looped between programs), or None for silence."""
        jingle = self.station.zones[key].interval if key in self.station.zones else None
        if jingle is None:
            return None
        from radio.playout.icecast import IntervalSignal
        try:
            source = self.renderer.jingle(jingle)
        except StationError as error:
            say(f"Không dùng được nhạc chờ giữa các chương trình: {error}; phát khoảng lặng.")
            return None
        return IntervalSignal(source.path, self.station.loudness_lufs - source.lufs)

    def _output_event(self, zone: ZonePlayout, event: str, detail: str) -> None:
        """A zone's stream went down, came back, or its listeners changed: said, and kept in the log for
        radio check (the officer learns that a hamlet's speakers are off before the hamlet chief calls)."""
        now = dt.datetime.now(self.station.tz)
        minimum = self.station.zones[zone.key].min_listeners if zone.key in self.station.zones else 0
        if event == "down":
            zone.director.say(f"MẤT KẾT NỐI tới Icecast: {detail}. Đang thử lại; các vùng khác vẫn phát.")
        elif event == "up":  # what aired meanwhile went out into the void: its rows say how much of it
            lost = float(detail)
            items = zone.logbook.unheard(now - dt.timedelta(seconds=lost), now)
            zone.director.say(f"Đã nối lại Icecast; vùng này mất {detail} giây phát sóng"
                              + (f" ({items} mục không tới loa, ghi trong nhật ký)." if items else "."))
        elif event == "listeners":
            count = int(detail)
            if not ((count == 0 and zone.director.on_air) or count < minimum):
                return
            event, detail = "few_listeners", f"{count} loa đang nghe (tối thiểu {max(1, minimum)})"
            zone.director.say(f"CẢNH BÁO: {detail}" + (" trong lúc đang phát" if zone.director.on_air else ""))
        zone.logbook.zone_event(event, detail, now)

    def _zones_named(self, names) -> list[ZonePlayout]:
        if not names:
            return self.zones
        unknown = [n for n in names if n not in {zone.key for zone in self.zones}]
        if unknown:
            raise StationError(f"vùng {', '.join(unknown)} không có; các vùng: "
                               f"{', '.join(z.key for z in self.zones if z.key) or '(đài không chia vùng)'}.")
        return [zone for zone in self.zones if zone.key in names]

    # ------------------------------------------------------------------ control channel

    def _control(self, request: dict) -> dict:
        if request.get("command") == "emergency":
            return self._break_in(request)
        if request.get("command") == "play":
            return self._play(request)
        if request.get("command") == "status":
            outputs = ", ".join(zone.sink.label for zone in self.zones)
            on_air = next((zone.director.on_air for zone in self.zones if zone.director.on_air), None)
            return {"ok": True, "message": f"{self.station.name}: đang chạy, đầu ra {outputs}.", "on_air": on_air,
                    "output": outputs, "zones": [zone.status(self.station.tz) for zone in self.zones]}
        return {"ok": False, "message": f"lệnh '{request.get('command')}' không có."}

    def _break_in(self, request: dict) -> dict:
        try:
            zones = self._zones_named(request.get("zones"))
            airings = [zone.director.emergency(text=request.get("text"),
                                               file=Path(request["file"]) if request.get("file") else None,
                                               repeat=int(request.get("repeat", 1))) for zone in zones]
        except StationError as error:
            self.say(f"Không phát được tin khẩn cấp: {error}")
            return {"ok": False, "message": str(error)}
        where = "" if zones == self.zones else f" ở vùng {', '.join(zone.name for zone in zones)}"
        self.say(f"PHÁT TIN KHẨN CẤP{where}, ngắt chương trình đang phát.")
        return self._on_air_answer(airings, "tin khẩn cấp", zones)

    def _play(self, request: dict) -> dict:
        try:
            started = [zone.director.play_now(str(request.get("what") or "")) for zone in self.zones]
        except StationError as error:
            return {"ok": False, "message": str(error)}
        airings = [airing for airing, _ in started]
        self.say(f"Phát theo lệnh: {airings[0].name}.")
        answer = self._on_air_answer(airings, airings[0].name, self.zones)
        return {**answer, "problems": [str(p) for p in started[0][1]]}

    def _on_air_answer(self, airings: list, what: str, zones: list[ZonePlayout]) -> dict:
        """Answer only once the first sample is out everywhere: 'ok' means listeners hear it, not that it was
        queued."""
        deadline = time.monotonic() + ON_AIR_WAIT_S
        if not all(airing.on_air.wait(max(0.0, deadline - time.monotonic())) for airing in airings):
            return {"ok": False, "message": f"{what} chưa lên sóng sau {ON_AIR_WAIT_S:.0f} giây; "
                                            "xem cửa sổ của đài để biết lý do."}
        moment = dt.datetime.fromtimestamp(min(airing.aired_at for airing in airings), self.station.tz)
        outputs = ", ".join(zone.sink.label for zone in zones)
        # the alert tone on air is not the message on air: the answer waits for the words behind it
        failed = airings[0].words_failed(max(0.0, deadline - time.monotonic()))
        if failed:
            return {"ok": False, "on_air_at": moment.isoformat(timespec="milliseconds"),
                    "message": f"chỉ có chuông báo lên sóng lúc {moment:%H:%M:%S}; LỜI TIN KHÔNG PHÁT ĐƯỢC: "
                               f"{failed}. Hãy đọc trực tiếp qua micrô hoặc thử lại."}
        if failed is None:
            return {"ok": False, "on_air_at": moment.isoformat(timespec="milliseconds"),
                    "message": f"chuông báo lên sóng lúc {moment:%H:%M:%S} nhưng lời tin chưa đọc xong sau "
                               f"{ON_AIR_WAIT_S:.0f} giây; xem cửa sổ của đài."}
        return {"ok": True, "message": f"{what} lên sóng lúc {moment:%H:%M:%S} ({outputs}).",
                "on_air_at": moment.isoformat(timespec="milliseconds")}


@dataclass
class ZonePlayout:
    """What airs in one zone: its feeder, its output, its director (and its view of the log)."""
    key: str
    name: str
    feeder: Feeder
    sink: object  # set once the director exists: the stream reports to it
    director: Director
    logbook: Logbook

    def status(self, tz) -> dict:
        listening = getattr(self.sink, "listeners", None)
        changed = getattr(self.sink, "listeners_changed_at", None)
        down_since = getattr(self.sink, "down_since", None)
        return {"zone": self.key, "name": self.name, "output": self.sink.label, "on_air": self.director.on_air,
                "stream_down_since": dt.datetime.fromtimestamp(down_since, tz).isoformat(timespec="seconds")
                if down_since else None, "stream_down_reason": getattr(self.sink, "down_reason", "") or None,
                "listeners": listening() if listening else None,
                "listeners_since": dt.datetime.fromtimestamp(changed, tz).isoformat(timespec="seconds")
                if changed else None}
