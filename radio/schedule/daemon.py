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
from pathlib import Path
from typing import Callable

from apscheduler.events import EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from radio.bulletin import find_bulletins, folder_signature, load_bulletin
from radio.errors import Interrupted, StationError, problems_of
from radio.logbook import Logbook
from radio.playout.feeder import Feeder
from radio.playout.sinks import start_with_fallback
from radio.render import prune_rendered
from radio.schedule.control import ControlServer, control_path
from radio.schedule.director import Director
from radio.schedule.rundown import Occurrence, Planner, occurrences_between
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
        self._say = say
        self.stop_event = threading.Event()
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

    def _holder(self) -> str:
        return describe(read_info(control_path(self.folder / ".radio-cache")))

    def _run(self, stop_after: float | None) -> None:
        self._signature = folder_signature(self.folder)  # taken before reading: no edit slips through
        self.station = load_station(self.folder)  # a broken schedule.yaml: refuse to start (file:line)
        self.logbook = Logbook(self.folder, warn=self.say)  # unwritable: refuse to start, with why
        self.feeder = Feeder(self.station.relay_timeout_s, self.station.emergency_resume)
        self.sink = start_with_fallback(self.output, self.feeder, self.station.rendered_dir / "recorded",
                                        warn=self.say, tz=self.station.tz)
        self.director = Director(self.station, self.logbook, self.feeder, time.time, say=self.say)
        self._emergency_seen = self._emergency_bulletins()  # those already there when it starts do not break in
        self.scheduler = BackgroundScheduler(timezone=self.station.tz)
        self.scheduler.add_listener(self._job_missed, EVENT_JOB_MISSED)
        self.control = ControlServer(self.station.cache_dir, self._control)
        self._start_console()
        try:
            self._install_signals()  # before anything slow: Ctrl+C during start-up is a stop, not a crash
            self._start()
            deadline = None if stop_after is None else time.monotonic() + stop_after
            next_watch = time.monotonic() + WATCH_EVERY_S
            while not self.stop_event.is_set():
                if deadline is not None and time.monotonic() >= deadline:
                    break
                self.stop_event.wait(BEAT_EVERY_S if deadline is None else
                                     max(0.05, min(BEAT_EVERY_S, deadline - time.monotonic())))
                self.director.heartbeat()
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
        self.director.recover()
        self.director.catch_up()
        self.director.warm_up()
        self.control.start()
        self.scheduler.start()
        self._plan_jobs()

    def _start_console(self) -> None:
        """Only the daemon holding the station starts its console; a console problem never stops the air."""
        if self.console_at is None:
            return
        from radio.console.process import console_address, start_console
        try:
            console_address(self.folder, self.console_at)  # the console itself says when it is off-machine
        except StationError as error:  # a busy port or a bad address: say so, keep broadcasting
            self._say(f"CẢNH BÁO: không mở được bảng điều khiển: {error}")
            return
        self.console = start_console(self.folder, self.console_at)
        self._say(f"Bảng điều khiển: http://{self.console_at}/ (mở bằng trình duyệt trên máy này)")
        from radio.accounts import Accounts
        if not Accounts(self.folder).users():
            self._say("  Chưa có tài khoản: tạo bằng lệnh  radio user add TÊN --role quan-tri")

    def _banner(self, now: dt.datetime) -> None:
        self._say(f"Đài: {self.station.name} ({self.station.folder.resolve()})")
        self._say(f"Đầu ra: {self.sink.label}")
        self._say(f"Giờ của đài: {now:%H:%M:%S %d/%m/%Y} ({self.station.timezone})")
        rundown = Planner(self.station, self.director.renderer).day(now.date())
        self._say("Lịch hôm nay:" if rundown.airings else "Hôm nay không có khung giờ nào.")
        for airing in rundown.airings:
            mark = "đã qua" if airing.start < now else ""
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
        self.stopped_on_command = True
        self.stop_event.set()

    def _shutdown(self) -> None:
        from radio.console.process import stop_console
        for step in (lambda: self.scheduler.shutdown(wait=False), self.control.stop, lambda: stop_console(self.console),
                     self.sink.stop, self.director.heartbeat, self.director.flush):
            try:
                step()
            except Exception:  # noqa: BLE001 - stop everything we can
                pass
        stopped = self.logbook.close_unfinished("dừng theo lệnh của người trực")
        if stopped:
            self.say(f"Đã dừng giữa chương trình: {len(stopped)} mục ghi là bị ngắt; chạy lại trong hạn phát "
                     "muộn thì đài phát tiếp từ mục đó.")
        self.logbook.close()
        self.say("Đã dừng theo lệnh." if self.stopped_on_command else "Đã dừng.")

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
        tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 0, 5), tzinfo=self.station.tz)
        self.scheduler.add_job(self._new_day, DateTrigger(tomorrow), id="replan")

    def _new_day(self) -> None:
        self._plan_jobs()
        prune_rendered(self.station)

    def _fire(self, occurrence: Occurrence) -> None:
        if occurrence.slot.missed_policy == "skip" and time.time() > occurrence.start.timestamp() + 60:
            self.director.missed(occurrence, "máy trễ quá một phút, chính sách bỏ qua")
            return
        self.say(f"Phát {occurrence.label} lúc {occurrence.start:%H:%M:%S}.")
        try:
            self.director.fire(occurrence)
        except Interrupted:
            pass  # Ctrl+C reached ffmpeg as well: the stop is reported once, by the shutdown

    def _prepare(self, occurrence: Occurrence) -> None:
        try:
            rendered, problems = self.director.prepare(occurrence)
            for problem in problems:
                self.say(f"Cảnh báo cho {occurrence.label}: {problem}")
        except Interrupted:
            return  # Ctrl+C reached ffmpeg as well: the stop is reported once, by the shutdown
        except StationError as error:
            self.say(f"Không dựng trước được {occurrence.label}: {error}")

    def _job_missed(self, event) -> None:
        """APScheduler could not run a slot within its grace (the PC slept): log it missed."""
        job_id = getattr(event, "job_id", "")
        if job_id.startswith("fire|"):
            start, _, index = job_id[5:].partition("|")
            for occurrence in occurrences_between(self.station, dt.datetime.fromisoformat(start),
                                                  dt.datetime.fromisoformat(start) + dt.timedelta(seconds=1)):
                if str(occurrence.index) == index:
                    self.director.missed(occurrence, "máy bận hoặc ngủ quá hạn phát muộn")

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
        signature = folder_signature(self.folder)
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
        self.director.reload(station)
        self._plan_jobs()
        self.say("Đã nạp lại lịch và bản tin sau khi có thay đổi.")
        for path in self._emergency_bulletins() - self._emergency_seen:
            self.say(f"Bản tin khẩn cấp mới: {Path(path[0]).name}: phát ngay.")
            self._break_in({"file": path[0], "repeat": 1})
        self._emergency_seen = self._emergency_bulletins()

    def _emergency_bulletins(self) -> set[tuple[str, str]]:
        """(path, content hash) of khẩn cấp bulletins valid today: a new one breaks in at once."""
        found = set()
        today = dt.datetime.now(self.station.tz).date()
        for path in find_bulletins(self.station.scripts_dir):
            try:
                bulletin = load_bulletin(path)
            except StationError:
                continue
            # with approval required, a file dropped in scripts/ breaks in only once approved
            if bulletin.priority == "khan-cap" and bulletin.valid_on(today) and not bulletin.is_draft \
                    and self.director.renderer.approved(bulletin):
                found.add((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        return found

    # ------------------------------------------------------------------ control channel

    def _control(self, request: dict) -> dict:
        if request.get("command") == "emergency":
            return self._break_in(request)
        if request.get("command") == "play":
            return self._play(request)
        if request.get("command") == "status":
            return {"ok": True, "message": f"{self.station.name}: đang chạy, đầu ra {self.sink.label}.",
                    "on_air": self.director.on_air, "output": self.sink.label}
        return {"ok": False, "message": f"lệnh '{request.get('command')}' không có."}

    def _break_in(self, request: dict) -> dict:
        try:
            airing = self.director.emergency(text=request.get("text"),
                                             file=Path(request["file"]) if request.get("file") else None,
                                             repeat=int(request.get("repeat", 1)))
        except StationError as error:
            self.say(f"Không phát được tin khẩn cấp: {error}")
            return {"ok": False, "message": str(error)}
        self.say("PHÁT TIN KHẨN CẤP, ngắt chương trình đang phát.")
        return self._on_air_answer(airing, "tin khẩn cấp")

    def _play(self, request: dict) -> dict:
        try:
            airing, problems = self.director.play_now(str(request.get("what") or ""))
        except StationError as error:
            return {"ok": False, "message": str(error)}
        self.say(f"Phát theo lệnh: {airing.name}.")
        answer = self._on_air_answer(airing, airing.name)
        return {**answer, "problems": [str(p) for p in problems]}

    def _on_air_answer(self, airing, what: str) -> dict:
        """Answer only once the first sample is out: 'ok' means listeners hear it, not that it was queued."""
        if not airing.on_air.wait(ON_AIR_WAIT_S):
            return {"ok": False, "message": f"{what} chưa lên sóng sau {ON_AIR_WAIT_S:.0f} giây; "
                                            "xem cửa sổ của đài để biết lý do."}
        moment = dt.datetime.fromtimestamp(airing.aired_at, self.station.tz)
        return {"ok": True, "message": f"{what} lên sóng lúc {moment:%H:%M:%S} ({self.sink.label}).",
                "on_air_at": moment.isoformat(timespec="milliseconds")}
