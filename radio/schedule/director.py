"""The director: turns planned slots into airings on the feeder, and what the feeder reports into the
as-run log. It has no clock of its own and never sleeps: the daemon calls it from APScheduler jobs, the
tests from a simulated clock, and both see the same behaviour. Its one thread writes the log, so the
audio thread never waits on SQLite.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import queue
import threading
import time
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from radio.bulletin import load_bulletin
from radio.errors import StationError, problems_of
from radio.ffmpeg import AudioSegment
from radio.logbook import Entry, Logbook, OpenRun, iso
from radio.mixing.jingles import alert, write_wav
from radio.mixing.master import master
from radio.mixing.sources import wav_duration, write_segment
from radio.mixing.timeline import Clip, arrange
from radio.playout import playable_wav, position_of, segment_plans
from radio.playout.feeder import RATE, Airing, AiringItem, Feeder, SegmentPlan
from radio.quiet import quiet_at
from radio.render import PlannedItem, RenderedProgram, Renderer, RenderRow, Segment
from radio.schedule.calendar import Occurrence, occurrences_between
from radio.schedule.planner import Planner, PlannedAiring
from radio.speech import normalize_paragraphs
from radio.speech.engines import OnlineEngine, make_engine, quickest_offline_voice
from radio.speech.voice import sentences
from radio.station import Station

EMERGENCY_SLOT = "khẩn cấp"
MANUAL_SLOT = "phát tay"
EMERGENCY_NETWORK_TIMEOUT_S = 2.0
READY_MARGIN_S = 0.3  # a fresh render must be ready this long before air to be used
FIRST_WORDS_SPARE_S = 0.5  # an emergency's first sentence: mastering it and handing it to the feeder
CUT_REASON = "đài dừng đột ngột giữa chừng (mất điện hoặc bị tắt)"


@dataclass(frozen=True)
class Commanded:
    """An airing nobody scheduled (an emergency, a manual play), logged as of the moment it was asked for."""
    slot: str
    program: str
    priority: str
    at: dt.datetime


class Director:
    def __init__(self, station: Station, logbook: Logbook, feeder: Feeder, clock: Callable[[], float],
                 renderer: Renderer | None = None, say: Callable[[str], None] = print,
                 render_lock: threading.Lock | None = None):
        """One director per zone (the logbook says which: `logbook.zone`); zones share the renderer and its
        lock, so a program identical in two zones is rendered once."""
        self.station = station
        self.logbook = logbook
        self.zone = logbook.zone
        self.feeder = feeder
        self.clock = clock
        self.renderer = renderer or Renderer(station)
        self.say = say
        self._events: queue.Queue = queue.Queue()
        self._rows: dict[tuple[int, int], int] = {}
        self._lock = render_lock or threading.Lock()  # one render at a time
        # Programs rendered ahead, by occurrence: a slot airs what is ready and never waits for a render.
        # After an edit they are "stale": the fresh render gets until just before air, else the last good
        # version airs.
        self._ready: dict[tuple[str, str], tuple[RenderedProgram, list[StationError]]] = {}
        self._stale: set[tuple[str, str]] = set()
        self._ready_changed = threading.Condition()
        self.on_air: dict | None = None  # {program, item, started_at} of what listeners hear now
        self._writer = threading.Thread(target=self._write_events, name="logbook", daemon=True)
        self._writer.start()

    def reload(self, station: Station, renderer: Renderer | None = None) -> None:
        """Staff edited schedule.yaml or a bulletin: plan and render with the new station from now on
        (`renderer`: the one the zones now share)."""
        with self._lock:
            self.station = station
            self.renderer = renderer or Renderer(station, engines=self.renderer.engines)  # keep the engines' state
        with self._ready_changed:
            self._stale.update(self._ready)

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), self.station.tz)

    # ------------------------------------------------------------------ start-up

    def recover(self) -> int:
        """After a power cut (or any stop) mid-program: the item that was playing is logged interrupted, with
        the length that was heard; within the slot's grace (counted from the cut) the program resumes from
        the start of that item, past it every item that did not air is logged missed. Nothing that aired
        before the cut airs again. Returns how many items were cut."""
        cut_rows = self.logbook.close_unfinished(CUT_REASON)
        if cut_rows:
            self.say(f"Lần chạy trước dừng giữa chừng: {len(cut_rows)} mục ghi là bị ngắt "
                     "(độ dài là phần đã phát).")
        for row in cut_rows:
            if row["slot"] == EMERGENCY_SLOT:
                self.say(f"CHÚ Ý: tin khẩn cấp «{row['item']}» bị ngắt lúc {row['ended_at'][11:19]} vì đài dừng "
                         "đột ngột. Nếu vẫn cần, hãy phát lại bằng radio emergency.")
        now = self.now()
        for run in self.logbook.open_runs():
            occurrence = self._occurrence(run.slot, run.scheduled_at)
            if occurrence is None:
                self.logbook.run_finished(run.slot, run.scheduled_at, now)
                self.say(f"Khung giờ {run.slot} bị ngắt nhưng không còn trong lịch: không phát tiếp.")
                continue
            late = (now - run.cut_at).total_seconds()
            quiet = quiet_at(self.station.quiet_hours, now.time())
            if occurrence.slot.missed_policy == "late" and late <= occurrence.slot.grace_s and quiet is None:
                self.say(f"Phát tiếp {occurrence.label} ngày {occurrence.start:%d/%m} (bị ngắt lúc "
                         f"{run.cut_at:%H:%M:%S}) từ mục thứ {run.resume_index + 1}.")
                self._queue(occurrence, self.clock(), run.resume_index)
            else:
                why = _why_not_late(occurrence, quiet)
                self._missed_rest(occurrence, run, f"đài dừng đột ngột lúc {run.cut_at:%H:%M:%S}; {why}")
        return len(cut_rows)

    def _occurrence(self, label: str, start: dt.datetime) -> Occurrence | None:
        return next((o for o in occurrences_between(self.station, start, start + dt.timedelta(seconds=1))
                     if o.label == label), None)

    def _missed_rest(self, occurrence: Occurrence, run: OpenRun, reason: str) -> None:
        """Log every item of a cut program that will now never air, then close the run."""
        try:
            rendered, _ = self.prepare(occurrence)
        except StationError:
            rendered = None
        first = run.resume_index + 1 if run.cut else run.resume_index
        rest = [item for plan in (segment_plans(rendered.segments) if rendered else []) for item in plan.items
                if item.info["ordinal"] >= first]
        for item in rest:
            self.logbook.record(self._entry(occurrence, item.title, item.info.get("file", ""),
                                            item.info.get("priority", "thuong"), item.info.get("voice", ""),
                                            item_index=item.info["ordinal"], info=item.info),
                                "missed", reason, self.now())
        self.logbook.run_finished(occurrence.label, occurrence.start, self.now())
        self.say(f"LỠ phần còn lại của {occurrence.label} ngày {occurrence.start:%d/%m} ({len(rest)} mục): {reason}.")

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
            if not occurrence.slot.airs_in(self.zone) or self.logbook.has_airing(occurrence.label, occurrence.start):
                continue
            overdue = (now - occurrence.start).total_seconds()
            quiet = quiet_at(self.station.quiet_hours, now.time())
            if occurrence.slot.missed_policy == "late" and overdue <= occurrence.slot.grace_s and quiet is None:
                self.say(f"Phát muộn {overdue / 60:.0f} phút khung giờ {occurrence.label} "
                         f"(trong hạn {occurrence.slot.grace_s / 60:.0f} phút).")
                self.fire(occurrence, start_at=self.clock())
                late.append(occurrence)
            else:
                why = _why_not_late(occurrence, quiet)
                self.missed(occurrence, f"đài không chạy lúc {occurrence.start:%H:%M %d/%m}; {why}")
        return late

    def heartbeat(self) -> None:
        """Alive now; and the items on air were heard up to here (what a power cut leaves as their length)."""
        self.logbook.heartbeat(self.now())
        self._events.put(("heard", self.feeder.heard_until()))

    def missed(self, occurrence: Occurrence, reason: str) -> None:
        planned = self._plan(occurrence, self.station, self.renderer)
        for item in (planned.items if planned else None) or [None]:
            self.logbook.record(self._entry(occurrence, item.title if item else "(cả chương trình)",
                                            self.station.known_as(item.path) if item else "",
                                            item.priority if item else "thuong",
                                            info=item.info(self.station) if item else None),
                                "missed", reason, self.now())
        self.say(f"LỠ khung giờ {occurrence.label} ngày {occurrence.start:%d/%m}: {reason}.")

    # ------------------------------------------------------------------ slots

    def prepare(self, occurrence: Occurrence) -> tuple[RenderedProgram | None, list[StationError]]:
        """Render the program for this occurrence (cached: cheap when nothing changed) and keep it ready."""
        with self._lock:  # one render at a time: render-ahead jobs and slots may meet
            rendered, problems = self._render(occurrence, self.station, self.renderer)
        with self._ready_changed:
            key = _key(occurrence)
            self._stale.discard(key)
            if rendered is None:  # as edited, the program cannot air: do not fall back on the old version
                self._ready.pop(key, None)
            else:
                self._ready[key] = (rendered, problems)
                yesterday = _key_time(self.now() - dt.timedelta(days=1))
                for old in [k for k in self._ready if k[1] < yesterday]:  # never aired (an edit removed it)
                    self._ready.pop(old)
                    self._stale.discard(old)
            self._ready_changed.notify_all()
        return rendered, problems

    def _render(self, occurrence: Occurrence, station: Station, renderer: Renderer
                ) -> tuple[RenderedProgram | None, list[StationError]]:
        """The program as the planner has it; a slot already started airs what its run recorded instead."""
        recorded = self.logbook.history().run(occurrence.label, occurrence.start)
        if recorded is not None and recorded.segments:
            return self._as_recorded(occurrence, recorded.segments, station, renderer)
        planned = self._plan(occurrence, station, renderer)
        if planned is None:
            return None, []
        rendered, problems = renderer.render_program(station.program_for(occurrence.slot),
                                                     occurrence.start.date(), planned.items)
        return rendered, planned.problems + problems  # what the plan left out is logged as skipped, with why

    def _plan(self, occurrence: Occurrence, station: Station, renderer: Renderer) -> PlannedAiring | None:
        """What this zone's plan puts in the occurrence (None: not in the plan). Campaigns see the log as of now
        (or the slot's start, if earlier), with what aired before written out first."""
        self.flush()
        return Planner(station, renderer, self.zone, self.logbook.history(),
                       min(occurrence.start, self.now())).airing(occurrence)

    def _as_recorded(self, occurrence: Occurrence, recorded: list[dict], station: Station, renderer: Renderer
                     ) -> tuple[RenderedProgram | None, list[StationError]]:
        """A cut program as it was made: its rendered files, or (someone cleaned them away) its recorded items
        rendered again, so the ordinals a resume starts from still name the same items."""
        segments = [Segment(**segment) for segment in recorded]
        if all(s.kind != "audio" or (s.path and Path(s.path).is_file()) for s in segments):
            first = next((s.path for s in segments if s.kind == "audio"), "")
            voices = ", ".join(dict.fromkeys(i["voice"] for s in segments for i in s.items if i.get("voice")))
            row = RenderRow(occurrence.slot.program, "program", first or "", sum(s.duration_s for s in segments),
                            float("nan"), float("nan"), voices)
            return RenderedProgram(row, segments), []
        self.say(f"{occurrence.label}: tệp đã dựng của chương trình bị ngắt không còn, dựng lại đúng các mục cũ.")
        items = [PlannedItem.from_info(station, info) for segment in recorded for info in segment["items"]]
        return renderer.render_program(station.program_for(occurrence.slot), occurrence.start.date(), items)

    def _take_ready(self, occurrence: Occurrence, start_at: float):
        """The version rendered ahead, if any. One made before the last edit waits for its fresh render
        until just before air, then airs as it is (the last good version beats a late start)."""
        key = _key(occurrence)
        with self._ready_changed:
            self._ready_changed.wait_for(lambda: key not in self._stale,
                                         timeout=max(0.0, start_at - READY_MARGIN_S - self.clock()))
            ready = self._ready.pop(key, None)
            if ready is not None and key in self._stale:
                self._stale.discard(key)
                self.say(f"{occurrence.label}: bản sửa chưa dựng xong kịp giờ phát, phát bản đã dựng trước đó.")
        return ready

    def fire(self, occurrence: Occurrence, start_at: float | None = None) -> Airing | None:
        """The slot's time has come (or is about to): queue its airing to start at `start_at`."""
        if self.logbook.has_airing(occurrence.label, occurrence.start):
            self.say(f"Khung giờ {occurrence.label} ngày {occurrence.start:%d/%m} đã phát, không phát lại.")
            return None
        return self._queue(occurrence, start_at if start_at is not None else occurrence.start.timestamp())

    def _queue(self, occurrence: Occurrence, start_at: float, resume_index: int = 0) -> Airing | None:
        """Queue the occurrence's program from item `resume_index` on (0: the whole program)."""
        ready = self._take_ready(occurrence, start_at)
        try:
            rendered, problems = ready if ready is not None else self.prepare(occurrence)
        except StationError as error:
            rendered, problems = None, problems_of(error)
        for problem in problems if resume_index == 0 else []:  # a resumed program logged these already
            self.say(f"Bỏ qua trong {occurrence.label}: {problem}")
            self.logbook.record(self._entry(occurrence, _title_of(problem), str(problem.path or "")), "skipped",
                                str(problem), self.now())
        if rendered is None and not problems and occurrence.slot.own:  # the plan left it out: not approved
            self.say(f"{occurrence.label}: {occurrence.slot.own.title} chưa được duyệt, không phát (lịch phát đã báo).")
            return None
        if rendered is None:
            self.logbook.record(self._entry(occurrence, "(cả chương trình)", ""), "failed",
                                "không dựng được chương trình", self.now())
            self.logbook.run_finished(occurrence.label, occurrence.start, self.now())
            return None
        plans = segment_plans(rendered.segments)
        resume_from = position_of(plans, resume_index)
        if resume_from is None:  # cut after its last item: nothing left to air
            self.logbook.run_finished(occurrence.label, occurrence.start, self.now())
            return None
        # A slot's start is hard (unless it says `overrun: wait`): the program still on air then is cut for it.
        airing = Airing(occurrence.slot.program, plans, start_at, "thuong", self._on_event, tag=occurrence,
                        resume_from=resume_from, hard=resume_index == 0 and occurrence.slot.overrun == "cut",
                        cut_reason=f"hết giờ: khung {occurrence.label} bắt đầu")
        self.logbook.run_started(occurrence.label, occurrence.start, occurrence.slot.program, self.now(),
                                 [dataclasses.asdict(segment) for segment in rendered.segments])
        self.feeder.play(airing)
        return airing

    def quiet_from(self, opening: dt.datetime) -> None:
        """Quiet hours open at `opening`: whatever is on air then is cut there, as a slot's hard start cuts
        (a hard airing of one silent frame; an emergency on air is never cut)."""
        label = f"giờ yên tĩnh {opening:%H:%M}"
        self.feeder.play(Airing(label, [SegmentPlan("silence", 1)], opening.timestamp(), "thuong", hard=True,
                                cut_reason=f"{label} bắt đầu"))

    # ------------------------------------------------------------------ manual play

    def play_now(self, what: str) -> tuple[Airing, list[StationError]]:
        """`radio play`: a program (by name; rendered for today) or an audio file, queued to start now, after
        whatever is on air, and logged like everything that reaches the loudspeakers."""
        segments, name, label, problems = self._manual_segments(what)
        airing = Airing(label, segment_plans(segments), self.clock(), "thuong", self._on_event,
                        tag=Commanded(MANUAL_SLOT, name, "thuong", self.now()))
        self.feeder.play(airing)
        return airing, problems

    def _manual_segments(self, what: str) -> tuple[list[Segment], str, str, list[StationError]]:
        """(segments, name for the log, label for the operator, problems)."""
        station = self.station
        if not what:
            if not station.programs:
                raise StationError("đài chưa có chương trình nào trong schedule.yaml.", station.schedule_path)
            what = station.slots[0].program if station.slots else next(iter(station.programs))
        if what in station.programs:
            program = station.programs[what]
            with self._lock:
                items, problems = Planner(station, self.renderer, self.zone).program_items(program, station.today())
                rendered, render_problems = self.renderer.render_program(program, station.today(), items)
                problems += render_problems
            if rendered is None:
                raise StationError(f"không dựng được chương trình '{what}'.", station.schedule_path, program.line)
            return rendered.segments, what, f"chương trình «{program.title}»", problems
        path = Path(what)
        if not path.is_file():
            names = ", ".join(station.programs) or "(chưa có)"
            raise StationError(f"'{what}' không phải tên chương trình ({names}) cũng không phải tệp âm thanh.")
        wav = playable_wav(path, station.cache_dir / "play")
        seconds = wav_duration(wav)
        item = {"kind": "file", "title": path.name, "file": station.known_as(path), "priority": "thuong", "voice": "",
                "offset_s": 0.0, "duration_s": seconds}
        return [Segment("audio", seconds, str(wav), items=[item])], path.name, f"tệp {path.name}", []

    # ------------------------------------------------------------------ emergency

    def emergency(self, text: str | None = None, file: Path | None = None, repeat: int = 1) -> Airing:
        """Break in now: the alert tone goes on air at once (mastered ahead, see warm_up) while the text is
        spoken and mastered behind it, first sentence first, so the first words follow the tone; then the
        rest, the whole bulletin `repeat` times. The interrupted program resumes after it."""
        commanded = Commanded(EMERGENCY_SLOT, "khan-cap", "khan-cap", self.now())
        title, parts = self._emergency_text(text, file)  # an empty text is refused before anything airs
        tone, pause = self.warm_up()
        tone_frames = round(wav_duration(tone) * RATE)
        pause_plan = SegmentPlan("audio", round(wav_duration(pause) * RATE), str(pause))
        spoken = [SegmentPlan("audio", 0, ready=threading.Event()) for _ in parts]
        plans = [SegmentPlan("audio", tone_frames, str(tone), items=[AiringItem(
            "chuông báo khẩn cấp", "jingle", 0, tone_frames, _emergency_info("", ""))])]
        for _ in range(max(1, repeat)):
            plans += [pause_plan, *spoken]
        airing = Airing(EMERGENCY_SLOT, plans, 0.0, "khan-cap", self._on_event, tag=commanded)
        self.feeder.break_in(airing)
        needed_by = time.monotonic() + (tone_frames + pause_plan.frames) / RATE  # the first words follow the tone
        threading.Thread(target=self._speak_emergency, args=(title, parts, spoken, file, needed_by),
                         name="emergency", daemon=True).start()
        return airing

    def _emergency_text(self, text: str | None, file: Path | None) -> tuple[str, list[str]]:
        """(title, parts): the first sentence alone, then the rest, in spoken form."""
        if file is not None:
            bulletin = load_bulletin(Path(file))
            title, paragraphs = bulletin.title, [p.text for p in bulletin.paragraphs]
        else:
            if not text or not text.strip():
                raise StationError("tin khẩn cấp trống: cần --text hoặc một tệp bản tin.")
            title, paragraphs = text.strip().split("\n")[0][:60], text.strip().split("\n")
        spoken = [line for line in normalize_paragraphs(paragraphs, self.station.dialect, self.station.words)
                  if line.strip()]
        if not spoken:
            raise StationError("tin khẩn cấp không có chữ nào đọc được.", file)
        first, *rest_of_paragraph = sentences(spoken[0]) or [spoken[0]]
        rest = [" ".join(rest_of_paragraph)] if rest_of_paragraph else []
        rest += spoken[1:]
        return title, [first] + (["\n".join(rest)] if rest else [])

    def _speak_emergency(self, title: str, parts: list[str], plans: list[SegmentPlan], file: Path | None,
                         needed_by: float) -> None:
        """Behind the tone: speak and master each part, and hand it to the feeder the moment it is ready."""
        renderer = self._emergency_renderer()
        for index, (part, plan) in enumerate(zip(parts, plans)):
            name = title if index == 0 else f"{title} (tiếp)"
            try:
                row = self._first_words(renderer, part, needed_by) if index == 0 else _say_emergency(renderer, part)
                plan.path, plan.frames = row.file, round(row.duration_s * RATE)
                plan.items = [AiringItem(name, "emergency", 0, plan.frames,
                                         _emergency_info(self.station.known_as(file), row.voice))]
            except StationError as error:
                plan.failed = f"không đọc được tin khẩn cấp: {error}"
                plan.items = [AiringItem(name, "emergency", 0, 0, _emergency_info(self.station.known_as(file), ""))]
                self.say(f"LỖI: {plan.failed}")
            plan.ready.set()

    def _first_words(self, renderer: Renderer, sentence: str, needed_by: float) -> RenderRow:
        """The first sentence from the station's own voice if it is ready when the tone ends; otherwise from the
        quickest offline voice, started in time to be ready then (its speed measured in warm_up). A slow voice
        (an online one waiting on its link, a neural one on a busy PC) then reads the rest."""
        quick = quickest_offline_voice(self.station)
        if quick is None or renderer.engines[0].name == quick.engine.name:
            return _say_emergency(renderer, sentence)
        worker = futures.ThreadPoolExecutor(1, thread_name_prefix="emergency-voice")
        preferred = worker.submit(_say_emergency, renderer, sentence)
        worker.shutdown(wait=False)  # a late answer still lands in the cache, for the repeats of this text
        room = needed_by - time.monotonic() - quick.seconds_for(sentence) - FIRST_WORDS_SPARE_S
        try:
            return preferred.result(timeout=max(0.0, room))
        except (futures.TimeoutError, StationError):
            self.say(f"Tin khẩn cấp: câu đầu đọc bằng {quick.label} cho kịp sau tiếng chuông "
                     f"({renderer.engines[0].name} chưa xong); phần sau đọc bằng giọng của đài.")
            return _say_emergency(Renderer(self.station, engines=[quick.engine]), sentence, quick.engine.name)

    def _emergency_renderer(self) -> Renderer:
        """The station's voices, but the online one gets one short try: with the network down, an
        emergency must not wait out retries; the offline voice speaks instead."""
        timeout = min(EMERGENCY_NETWORK_TIMEOUT_S, self.station.network_timeout_s)
        engines = [make_engine(name, self.station.voice, timeout, self.station.cache_dir, self.station.vendor_voices,
                               self.station.folder) for name in self.station.engines]
        for engine in engines:
            if isinstance(engine, OnlineEngine):
                engine.retries = 0
        return Renderer(self.station, engines=engines)

    def warm_up(self) -> tuple[Path, Path]:
        """The mastered alert tone and the pause after it, made once so a break-in never waits for them; the
        offline voices' speed measured once, for an emergency's first words."""
        quickest_offline_voice(self.station)
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
               voice: str = "", duration_s: float = 0.0, item_index: int | None = None, info: dict | None = None
               ) -> Entry:
        """`info`: the item's description from the render (kind, category, campaign)."""
        info = info or {}
        return Entry(occurrence.start, occurrence.label, occurrence.slot.program, item, file, priority, voice,
                     duration_s, item_index, info.get("kind", ""), info.get("category", ""), info.get("campaign", ""))

    def _on_event(self, airing: Airing, item: AiringItem | None, event: str, at: float, status: str,
                  reason: str) -> None:
        # called under the feeder's lock: queue only, the writer thread does the I/O
        self._events.put(("event", (airing, item, event, at, status, reason)))

    def _write_events(self) -> None:
        while True:
            kind, payload = self._events.get()
            try:
                if kind == "heard":
                    self.logbook.heard(list(self._rows.values()), dt.datetime.fromtimestamp(payload, self.station.tz))
                else:
                    self._write(*payload)
            except Exception as error:  # noqa: BLE001 - the log must never stop the air
                self.say(f"Lỗi ghi nhật ký phát sóng: {error}")
            finally:
                self._events.task_done()

    def _write(self, airing, item, event, at, status, reason) -> None:
        moment = dt.datetime.fromtimestamp(at, self.station.tz)
        tag = airing.tag
        if event in ("ended", "finished"):
            self.on_air = None
        if event == "finished":
            if isinstance(tag, Occurrence):
                self.logbook.run_finished(tag.label, tag.start, moment)
            return
        info = item.info
        if isinstance(tag, Occurrence):
            entry = self._entry(tag, item.title, info.get("file", ""), info.get("priority", "thuong"),
                                info.get("voice", ""), item.frames / RATE, info.get("ordinal"), info)
        else:  # commanded (emergency, manual play): scheduled when it was asked for
            entry = Entry(tag.at, tag.slot, tag.program, item.title, info.get("file", ""), tag.priority,
                          info.get("voice", ""), item.frames / RATE, info.get("ordinal"), info.get("kind", ""))
        key = (id(airing), id(item))
        if event == "started":
            self.on_air = {"program": entry.program, "item": entry.item, "kind": entry.kind, "started_at": iso(moment)}
            self._rows[key] = self.logbook.started(entry, moment)
        elif event == "ended" and key in self._rows:
            self.logbook.ended(self._rows.pop(key), moment, status, reason)
        elif event == "failed":
            self.logbook.record(entry, status, reason, moment)

    def flush(self) -> None:
        """Wait until every reported event is in the log."""
        self._events.join()


def _why_not_late(occurrence: Occurrence, quiet) -> str:
    if quiet is not None:
        return f"đã vào giờ yên tĩnh {quiet.label} ({quiet.source})"
    if occurrence.slot.missed_policy == "skip":
        return "chính sách bỏ qua khi lỡ giờ"
    return f"quá hạn phát muộn {occurrence.slot.grace_s / 60:.0f} phút"


def _key(occurrence: Occurrence) -> tuple[str, str]:
    return occurrence.label, _key_time(occurrence.start)


def _key_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat()


def _emergency_info(file: str, voice: str) -> dict:
    return {"file": file, "priority": "khan-cap", "voice": voice, "kind": "emergency"}


def _title_of(problem: StationError) -> str:
    return problem.path.name if problem.path else "(mục lỗi)"


def _say_emergency(renderer: Renderer, text: str, voice: str = "") -> RenderRow:
    """An emergency's words, spoken and mastered; each voice's take kept under its own name, so two voices
    racing for the same sentence never write one file."""
    return renderer.say(text, renderer.say_path(f"khan-cap:{voice}:{text}" if voice else "khan-cap:" + text),
                        name="tin khẩn cấp")
