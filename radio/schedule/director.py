"""The director: turns planned slots into airings on the feeder, and what the feeder reports into the
as-run log. It has no clock of its own and never sleeps: the daemon calls it from APScheduler jobs, the
tests from a simulated clock, and both see the same behaviour. Its one thread writes the log, so the
audio thread never waits on SQLite.
"""
from __future__ import annotations

import datetime as dt
import queue
import threading
from pathlib import Path
from typing import Callable

from radio.errors import StationError, problems_of
from radio.ffmpeg import AudioSegment
from radio.logbook import Entry, Logbook
from radio.mixing.jingles import alert, write_wav
from radio.mixing.master import master
from radio.mixing.sources import wav_duration, write_segment
from radio.mixing.timeline import Clip, arrange
from radio.playout import segment_plans
from radio.playout.feeder import RATE, Airing, AiringItem, Feeder
from radio.render import RenderedProgram, Renderer, RenderRow, Segment
from radio.schedule.rundown import Occurrence, Planner, occurrences_between
from radio.speech.engines import GttsEngine, make_engine
from radio.station import Station

EMERGENCY_SLOT = "khẩn cấp"
EMERGENCY_NETWORK_TIMEOUT_S = 2.0


class Director:
    def __init__(self, station: Station, logbook: Logbook, feeder: Feeder, clock: Callable[[], float],
                 renderer: Renderer | None = None, say: Callable[[str], None] = print):
        self.station = station
        self.logbook = logbook
        self.feeder = feeder
        self.clock = clock
        self.renderer = renderer or Renderer(station)
        self.say = say
        self._events: queue.Queue = queue.Queue()
        self._rows: dict[tuple[int, int], int] = {}
        self._lock = threading.Lock()
        self._writer = threading.Thread(target=self._write_events, name="logbook", daemon=True)
        self._writer.start()

    def reload(self, station: Station) -> None:
        """Staff edited schedule.yaml or a bulletin: plan and render with the new station from now on."""
        with self._lock:
            self.station = station
            self.renderer = Renderer(station, engines=self.renderer.engines)  # keep the engines' state

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), self.station.tz)

    # ------------------------------------------------------------------ start-up

    def recover(self) -> int:
        """Items a killed daemon left 'đang phát' become 'interrupted', with the reason."""
        return self.logbook.close_unfinished(self.now(), "đài dừng đột ngột giữa chừng (mất điện hoặc bị tắt)")

    def catch_up(self) -> list[Occurrence]:
        """Slots that should have started while the daemon was down (since it was last seen alive, at most a
        day back): play late within their grace, otherwise log them missed. Returns those played late.
        A station's very first start has no past to catch up on."""
        now = self.now()
        last_seen = self.logbook.last_seen()
        self.heartbeat()
        if last_seen is None:
            return []
        since = max(last_seen, now - dt.timedelta(days=1))
        late = []
        for occurrence in occurrences_between(self.station, since, now):
            if self.logbook.has_airing(occurrence.label, occurrence.start):
                continue
            overdue = (now - occurrence.start).total_seconds()
            if occurrence.slot.missed_policy == "late" and overdue <= occurrence.slot.grace_s:
                self.say(f"Phát muộn {overdue / 60:.0f} phút khung giờ {occurrence.label} "
                         f"(trong hạn {occurrence.slot.grace_s / 60:.0f} phút).")
                self.fire(occurrence, start_at=self.clock())
                late.append(occurrence)
            else:
                why = ("chính sách bỏ qua khi lỡ giờ" if occurrence.slot.missed_policy == "skip"
                       else f"quá hạn phát muộn {occurrence.slot.grace_s / 60:.0f} phút")
                self.missed(occurrence, f"đài không chạy lúc {occurrence.start:%H:%M %d/%m}; {why}")
        return late

    def heartbeat(self) -> None:
        self.logbook.heartbeat(self.now())

    def missed(self, occurrence: Occurrence, reason: str) -> None:
        airing = Planner(self.station, self.renderer).day(occurrence.start.date())
        items = next((a.items for a in airing.airings if a.occurrence == occurrence), [])
        for item in items or [None]:
            self.logbook.record(self._entry(occurrence, item.title if item else "(cả chương trình)",
                                            str(item.path or "") if item else "", item.priority if item else "thuong"),
                                "missed", reason, self.now())
        self.say(f"LỠ khung giờ {occurrence.label} ngày {occurrence.start:%d/%m}: {reason}.")

    # ------------------------------------------------------------------ slots

    def prepare(self, occurrence: Occurrence) -> tuple[RenderedProgram | None, list[StationError]]:
        """Render the program for this occurrence (cached: cheap when nothing changed)."""
        program = self.station.programs[occurrence.slot.program]
        day = occurrence.start.date()
        planned = Planner(self.station, self.renderer).day(day)
        items = next((a.items for a in planned.airings if a.occurrence == occurrence), None)
        with self._lock:  # one render at a time: render-ahead jobs and slots may meet
            return self.renderer.render_program(program, day, items)

    def fire(self, occurrence: Occurrence, start_at: float | None = None) -> Airing | None:
        """The slot's time has come (or is about to): queue its airing to start at `start_at`."""
        if self.logbook.has_airing(occurrence.label, occurrence.start):
            self.say(f"Khung giờ {occurrence.label} ngày {occurrence.start:%d/%m} đã phát, không phát lại.")
            return None
        try:
            rendered, problems = self.prepare(occurrence)
        except StationError as error:
            rendered, problems = None, problems_of(error)
        for problem in problems:
            self.say(f"Bỏ qua trong {occurrence.label}: {problem}")
            self.logbook.record(self._entry(occurrence, _title_of(problem), str(problem.path or "")), "skipped",
                                str(problem), self.now())
        if rendered is None:
            self.logbook.record(self._entry(occurrence, "(cả chương trình)", ""), "failed",
                                "không dựng được chương trình", self.now())
            return None
        airing = self._airing(occurrence.slot.program, rendered, occurrence,
                              start_at if start_at is not None else occurrence.start.timestamp(), "thuong")
        self.feeder.play(airing)
        return airing

    def _airing(self, name: str, rendered: RenderedProgram, tag, start_at: float, priority: str) -> Airing:
        """`tag`: the slot occurrence, or for an emergency the moment it was commanded (its 'schedule')."""
        return Airing(name, segment_plans(rendered.segments), start_at, priority, self._on_event, tag=tag)

    # ------------------------------------------------------------------ emergency

    def emergency(self, text: str | None = None, file: Path | None = None, repeat: int = 1) -> Airing:
        """Break in now: alert tone, then the bulletin `repeat` times; the interrupted program resumes."""
        commanded = self.now()
        rendered = self.render_emergency(text, file, repeat)
        airing = self._airing(EMERGENCY_SLOT, rendered, commanded, 0.0, "khan-cap")
        self.feeder.break_in(airing)
        return airing

    def render_emergency(self, text: str | None, file: Path | None, repeat: int) -> RenderedProgram:
        """Alert tone, then the bulletin `repeat` times. The speech is mastered on its own and the tone was
        mastered ahead (warm_up), so nothing is mixed again here: the break-in waits only for the voice."""
        renderer = self._emergency_renderer()
        if file is not None:
            title = renderer.load(Path(file)).title
            row = renderer.bulletin(Path(file))
        else:
            if not text or not text.strip():
                raise StationError("tin khẩn cấp trống: cần --text hoặc một tệp bản tin.")
            row = renderer.say(text, renderer.say_path("khan-cap:" + text), name="tin khẩn cấp")
            title = text.strip().split("\n")[0][:60]
        tone, pause = self.warm_up()
        segments = [Segment("audio", wav_duration(tone), str(tone), items=[
            _emergency_item("chuông báo khẩn cấp", "jingle", tone, wav_duration(tone), "")])]
        for _ in range(max(1, repeat)):
            segments.append(Segment("audio", wav_duration(pause), str(pause)))
            segments.append(Segment("audio", row.duration_s, row.file, items=[
                _emergency_item(title, "emergency", Path(file or row.file), row.duration_s, row.voice)]))
        total = sum(s.duration_s for s in segments)
        return RenderedProgram(RenderRow("khan-cap", "emergency", str(tone), total, row.lufs, row.true_peak_db,
                                         row.voice), segments)

    def _emergency_renderer(self) -> Renderer:
        """The station's voices, but the online one gets one short try: with the network down, an
        emergency must not wait out retries; the offline voice speaks instead."""
        engines = [GttsEngine(timeout_s=min(EMERGENCY_NETWORK_TIMEOUT_S, self.station.network_timeout_s),
                              retries=0) if name == "gtts" else make_engine(name, self.station.voice, 0)
                   for name in self.station.engines]
        return Renderer(self.station, engines=engines)

    def warm_up(self) -> tuple[Path, Path]:
        """The mastered alert tone and the pause after it, made once so a break-in never waits for them."""
        tone = self.station.cache_dir / "emergency" / "alert-mastered.wav"
        pause = self.station.cache_dir / "emergency" / "pause.wav"
        if not tone.exists():
            raw = self.station.cache_dir / "emergency" / "alert.wav"
            write_wav(alert(), raw)
            source = self.renderer.jingle_file(raw)
            master(arrange([Clip("jingle", "alert", source.duration_s, source.path)], 0), tone,
                   self.renderer.settings)
        if not pause.exists():
            write_segment(AudioSegment.silent(800, frame_rate=RATE), pause)
        return tone, pause

    # ------------------------------------------------------------------ the log

    def _entry(self, occurrence: Occurrence, item: str, file: str, priority: str = "thuong",
               voice: str = "", duration_s: float = 0.0) -> Entry:
        return Entry(occurrence.start, occurrence.label, occurrence.slot.program, item, file, priority, voice,
                     duration_s)

    def _on_event(self, airing: Airing, item: AiringItem, event: str, at: float, status: str, reason: str) -> None:
        self._events.put((airing, item, event, at, status, reason))  # called under the feeder's lock: no I/O

    def _write_events(self) -> None:
        while True:
            airing, item, event, at, status, reason = self._events.get()
            try:
                self._write(airing, item, event, at, status, reason)
            except Exception as error:  # noqa: BLE001 - the log must never stop the air
                self.say(f"Lỗi ghi nhật ký phát sóng: {error}")
            finally:
                self._events.task_done()

    def _write(self, airing, item, event, at, status, reason) -> None:
        moment = dt.datetime.fromtimestamp(at, self.station.tz)
        info = item.info
        if isinstance(airing.tag, Occurrence):
            entry = self._entry(airing.tag, item.title, info.get("file", ""), info.get("priority", "thuong"),
                                info.get("voice", ""), item.frames / RATE)
        else:  # an emergency: scheduled when commanded
            entry = Entry(airing.tag, EMERGENCY_SLOT, "khan-cap", item.title, info.get("file", ""), "khan-cap",
                          info.get("voice", ""), item.frames / RATE)
        key = (id(airing), id(item))
        if event == "started":
            self._rows[key] = self.logbook.started(entry, moment)
        elif event == "ended" and key in self._rows:
            self.logbook.ended(self._rows.pop(key), moment, status, reason)
        elif event == "failed":
            self.logbook.record(entry, status, reason, moment)

    def flush(self) -> None:
        """Wait until every reported event is in the log."""
        self._events.join()


def _emergency_item(title: str, kind: str, path: Path, duration_s: float, voice: str) -> dict:
    return {"kind": kind, "title": title, "file": str(path), "priority": "khan-cap", "voice": voice,
            "offset_s": 0.0, "duration_s": duration_s}


def _title_of(problem: StationError) -> str:
    return problem.path.name if problem.path else "(mục lỗi)"
