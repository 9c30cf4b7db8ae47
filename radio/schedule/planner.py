"""The planner: the one place that decides what each slot carries. `radio plan`, `radio check`, the console
and its JSON API, the director at air time and the rehearsal all ask here, so they cannot differ; the renderer
is handed the finished list and only renders it.

For one zone, a slot's items are, in this order of authority:
1. a slot the log already holds as started: the items its run recorded (a cut program resumes as it was);
2. otherwise the program's own items for the day: bulletins that may air (valid, not drafts, approved where
   approval is required, not claimed by a campaign), capped by each bulletin's `repeat` over the day; then the
   campaigns' placements (schedule/placement.py), made up against the log as of `now`; then the zone's filter.
Then the day is timed: each program's expected start (a slot with `overrun: wait` waits for the one before) and,
where a program would still be playing at the next slot's hard start, which of its items that start cuts.
Durations come from rendered files where they exist, otherwise from an estimate of the text (marked).
"""
from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from radio.bulletin import PRIORITIES, Bulletin, find_bulletins, folder_signature, load_bulletin_cached
from radio.campaigns import claimed
from radio.errors import StationError, problems_of
from radio.logbook import NO_HISTORY, History, RecordedRun, read_history
from radio.mixing.sources import wav_duration
from radio.mixing.timeline import Clip, arrange
from radio.render import PlannedItem, Renderer, bulletin_wav
from radio.schedule.calendar import Occurrence, occurrences
from radio.schedule.placement import CampaignPlanner, PeriodPlan
from radio.speech import normalize_paragraphs
from radio.speech.dates import written_date
from radio.speech.voice import PARAGRAPH_PAUSE_MS, SENTENCE_PAUSE_MS, sentences
from radio.quiet import next_opening
from radio.station import Program, ProgramItem, Station

# For items not rendered yet: syllables per second of speech, measured on the sample bulletins (offline
# voice, speed 1.0: 4.0–4.3), plus the pauses the speaker puts between sentences and paragraphs.
SPOKEN_SYLLABLES_PER_S = 4.1
EXPIRY_WARNING_DAYS = 2


class HeldBack(StationError):
    """A bulletin a program names by its file that may not air that day (waiting for approval, a draft, out of
    its dates): a warning in the plan and a skipped row in the log at air time, never a silent gap."""


class Selection:
    """The station's bulletins as one plan sees them: each file read once, approval asked once per bulletin."""

    def __init__(self, station: Station):
        self.station = station
        self._loaded: dict = {}
        self._every: list[Bulletin] | None = None
        self._approved: dict[str, bool] = {}
        self._accounts = None
        self.ready: Path | None = None  # a bulletin planned as if ready and approved: where it will air once it may

    def load(self, path) -> Bulletin:
        if path not in self._loaded:
            self._loaded[path] = load_bulletin_cached(path)
        return self._loaded[path]

    def every(self) -> list[Bulletin]:
        """Every readable bulletin in scripts/ (a campaign's pool is drawn from these)."""
        if self._every is None:
            self._every = self.matching(ProgramItem("bulletins", "*", 0))
        return self._every

    def matching(self, item: ProgramItem, problems: list[StationError] | None = None) -> list[Bulletin]:
        """Every readable bulletin an item names (file, glob or category), whatever its dates or status."""
        value = str(item.value)
        paths = find_bulletins(self.station.scripts_dir)
        if item.kind == "bulletin":
            chosen = [p for p in paths if value in (p.name, p.stem)]
        elif item.kind == "bulletins":
            chosen = [p for p in paths if fnmatch.fnmatch(p.name, value) or fnmatch.fnmatch(p.stem, value)]
        else:
            chosen = paths
        found: list[Bulletin] = []
        for path in chosen:
            try:
                bulletin = self.load(path)
            except StationError as error:
                if problems is not None:
                    problems.extend(problems_of(error))
                continue
            if item.kind != "category" or (bulletin.category or "").lower() == value.lower():
                found.append(bulletin)
        return found

    def approved(self, bulletin: Bulletin) -> bool:
        """With `approval: required`, only a bulletin approved as it is now airs."""
        if not self.station.approval_required:
            return True
        if bulletin.name not in self._approved:
            self._approved[bulletin.name] = self._decisions().state(bulletin.path) == "da-duyet"
        return self._approved[bulletin.name]

    def _decisions(self):
        """The approvers' decisions (accounts.sqlite), opened once per selection, when first asked."""
        if self._accounts is None:
            from radio.accounts import Accounts
            self._accounts = Accounts(self.station.folder)
        return self._accounts

    def may_break_in(self, bulletin: Bulletin, day: dt.date) -> bool:
        """A khẩn cấp bulletin interrupts the air only once an approver approved it as it is now, whether or
        not the station requires approval: breaking in is the approvers' power, however it is asked for.
        Until then it airs as an ưu tiên bulletin would, first in its programs (where approval allows)."""
        if bulletin.priority != "khan-cap" or not bulletin.valid_on(day) or bulletin.is_draft:
            return False
        return self._decisions().state(bulletin.path) == "da-duyet"

    def may_air(self, bulletin: Bulletin, day: dt.date) -> bool:
        """Valid that day, not a draft, approved where approval is required (or the `ready` one)."""
        return bulletin.valid_on(day) and (bulletin.path == self.ready
                                           or not bulletin.is_draft and self.approved(bulletin))

    def held_back(self, bulletin: Bulletin, day: dt.date) -> HeldBack:
        """Why a bulletin that cannot air on `day` does not, and what would let it."""
        name, file = bulletin.name, f"scripts/{bulletin.path.name}"
        if bulletin.is_draft:
            return HeldBack(f"bản tin '{name}' còn là bản nháp: không phát.", bulletin.path,
                            hint="bỏ dòng 'status: nhap' khi bản tin đã xong.")
        if bulletin.valid_until is not None and day > bulletin.valid_until:
            return HeldBack(f"bản tin '{name}' hết hạn ngày {bulletin.valid_until:%d/%m/%Y}: không phát nữa.",
                            bulletin.path, hint="bỏ bản tin khỏi chương trình, hoặc sửa valid_until.")
        if bulletin.valid_from is not None and day < bulletin.valid_from:
            return HeldBack(f"bản tin '{name}' chỉ phát từ ngày {bulletin.valid_from:%d/%m/%Y}.", bulletin.path)
        from radio.accounts import STATE_NAMES
        state = STATE_NAMES[self._decisions().state(bulletin.path)]
        return HeldBack(f"bản tin '{name}' {state}: không phát cho tới khi được duyệt.", bulletin.path,
                        hint=f"người duyệt duyệt trên bảng điều khiển, hoặc chạy: radio approve {file}")

    def for_item(self, item: ProgramItem, day: dt.date) -> tuple[list[Bulletin], list[StationError]]:
        """The bulletins a program item carries on `day`, priority first. Unreadable bulletins come back as
        problems; the good ones still air. A campaign's bulletins air only where the campaign places them,
        unless the program names the file itself; so do the bulletins with their own air times. A bulletin
        named by its file that may not air that day comes back as HeldBack, saying why."""
        problems: list[StationError] = []
        matching = self.matching(item, problems)
        if item.kind == "bulletin" and not matching and not problems:
            return [], [StationError(f"không tìm thấy bản tin '{item.value}' trong thư mục scripts/.",
                                     self.station.schedule_path, item.line)]
        airable, held = [], []
        for bulletin in matching:
            (airable if self.may_air(bulletin, day) else held).append(bulletin)
        if item.kind == "bulletin":
            problems += [self.held_back(b, day) for b in held]
        bulletins = [b for b in airable if item.kind == "bulletin" or (
            not b.times and not claimed(self.station.campaigns, b, day))]
        bulletins.sort(key=lambda b: (-PRIORITIES.index(b.priority), b.name))
        return bulletins, problems


@dataclass
class PlannedAiring:
    """One slot as it will air in one zone: its items with their lengths, when it goes on air, and where the
    next slot's hard start cuts it (items cut are still listed, marked)."""
    occurrence: Occurrence
    items: list[PlannedItem]
    durations: list[float]
    estimated: bool
    gap_s: float
    frozen: bool = False  # already started: these are the items its run recorded
    problems: list[StationError] = field(default_factory=list)  # items left out, with why: logged at air time
    on_air: dt.datetime | None = None  # expected start: later than the slot when it waits for the one before
    cut_at: dt.datetime | None = None  # the next slot's hard start, when this one would still be playing
    cut_by: str = ""  # that slot's label

    @property
    def start(self) -> dt.datetime:
        return self.occurrence.start

    @property
    def silent(self) -> bool:
        """Nothing to play but pauses: the renderer makes no program of it, and the slot stays silent."""
        return not any(item.kind != "pause" for item in self.items)

    @property
    def offsets(self) -> list[float]:
        """Seconds from the start of the program to each item, laid out as the renderer lays out its clips."""
        timeline = arrange([Clip(item.kind if item.kind == "pause" else "speech", item.title, seconds)
                            for item, seconds in zip(self.items, self.durations)], self.gap_s)
        starts = iter(placed.start_s for placed in timeline.placed)
        cursor, found = 0.0, []
        for item, seconds in zip(self.items, self.durations):
            cursor = cursor if item.kind == "pause" else next(starts)
            found.append(cursor)
            cursor += seconds
        return found

    @property
    def duration_s(self) -> float:
        """As planned, whole."""
        return max((offset + seconds for offset, seconds in zip(self.offsets, self.durations)), default=0.0)

    @property
    def end(self) -> dt.datetime:
        """When it leaves the air: its whole length after it goes on air, or the hard start that cuts it."""
        planned_end = (self.on_air or self.start) + dt.timedelta(seconds=self.duration_s)
        return min(planned_end, self.cut_at) if self.cut_at else planned_end

    def cut(self) -> list[bool]:
        """For each item: will the next slot's hard start cut it (mid-way or before it starts)?"""
        if self.cut_at is None:
            return [False] * len(self.items)
        room = (self.cut_at - (self.on_air or self.start)).total_seconds()
        return [offset + seconds > room for offset, seconds in zip(self.offsets, self.durations)]

    def overrun_s(self) -> float:
        """How far past the next slot's time the whole program would run."""
        return ((self.on_air or self.start) + dt.timedelta(seconds=self.duration_s) - self.cut_at).total_seconds() \
            if self.cut_at else 0.0

    def as_json(self, station: Station) -> dict:
        cut = self.cut()
        return {"slot": self.occurrence.label, "program": self.occurrence.slot.program,
                "start": self.start.isoformat(), "on_air": (self.on_air or self.start).isoformat(timespec="seconds"),
                "end": self.end.isoformat(timespec="seconds"), "estimated": self.estimated, "frozen": self.frozen,
                "items": [{"kind": item.kind, "title": item.title, "file": item.file(station),
                           "duration_s": round(seconds, 1), "campaign": item.campaign, "cut": is_cut}
                          for item, seconds, is_cut in zip(self.items, self.durations, cut)]}


def estimate_speech_s(paragraphs: list[str], speed: float, station: Station) -> float:
    """How long the text will take to say, before it is rendered: what it will be read as (numbers and
    abbreviations spelled out), syllable by syllable, with the speaker's pauses."""
    spoken = [line for line in normalize_paragraphs(paragraphs, station.dialect, station.words) if line.strip()]
    syllables = sum(len(line.split()) for line in spoken)
    sentence_count = sum(len(sentences(line)) for line in spoken)
    pauses = SENTENCE_PAUSE_MS * max(0, sentence_count - len(spoken)) + PARAGRAPH_PAUSE_MS * max(0, len(spoken) - 1)
    return syllables / (SPOKEN_SYLLABLES_PER_S * speed) + pauses / 1000


def _with_campaigns(items: list[PlannedItem], placed: list[PlannedItem]) -> list[PlannedItem]:
    """The program's items with the campaigns' bulletins after its own bulletins (before its closing jingle
    when it has no bulletins of its own)."""
    if not placed:
        return items
    bulletins = [index for index, item in enumerate(items) if item.kind == "bulletin"]
    if bulletins:
        at = bulletins[-1] + 1
    else:
        at = len(items) - 1 if items and items[-1].kind == "jingle" and len(items) > 1 else len(items)
    return items[:at] + placed + items[at:]


@dataclass
class Rundown:
    airings: list[PlannedAiring] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # overruns, bulletins about to expire, silent slots
    slot_notes: list[tuple[dt.date, str]] = field(default_factory=list)  # a slot's warning, its day apart
    held: list[str] = field(default_factory=list)  # bulletins programs name that may not air (radio check has them)
    problems: list[StationError] = field(default_factory=list)
    shortfalls: list[PeriodPlan] = field(default_factory=list)  # campaign periods planned short of target

    @property
    def notices(self) -> list[str]:
        """Everything the officer should know about the period, worded for them."""
        return self.warnings + self.held + [period.shortfall() for period in self.shortfalls]


def _by_day(notes: list[tuple[dt.date, str]]) -> list[str]:
    """Each slot's warning once, with the days it holds on: a daily slot left silent all week is one line
    ("… giờ này im lặng (06/12, 07/12, 08/12)"), not seven."""
    days: dict[str, list[dt.date]] = {}
    for day, note in notes:
        days.setdefault(note, []).append(day)
    return [f"{held[0]:%d/%m} {note}" if len(held) == 1 else f"{note} ({', '.join(f'{d:%d/%m}' for d in held)})"
            for note, held in days.items()]


class Planner:
    """Plans days for one zone of a station ("" for a station without zones; None: every slot and bulletin,
    for a view of the whole station)."""

    def __init__(self, station: Station, renderer: Renderer | None = None, zone: str | None = None,
                 history: History | None = None, now: dt.datetime | None = None):
        """`history`: what the zone's log holds (programs already started, campaign airings), as of `now`; the
        director plans a slot with now = its start (or earlier, rendering ahead)."""
        self.station = station
        self.zone = zone
        self.renderer = renderer or Renderer(station)  # durations of what is rendered: nothing is synthesized here
        self.selection = Selection(station)
        self.history = history or NO_HISTORY
        self.now = now or dt.datetime.now(station.tz)
        self.campaigns = CampaignPlanner(station, self._campaign_pool, self._seconds, self.history, self.now)
        self._days: dict[dt.date, Rundown] = {}

    @classmethod
    def for_station(cls, station: Station, zone: str | None = None, renderer: Renderer | None = None,
                    log=None) -> Planner:
        """The plan as the station stands now: its log read (never written) for what already aired."""
        return cls(station, renderer, zone, read_history(station.folder, zone or "", log))

    # ------------------------------------------------------------------ days

    def day(self, day: dt.date) -> Rundown:
        if day not in self._days:
            self._days[day] = self._plan_day(day)
        return self._days[day]

    def days(self, first: dt.date, count: int) -> Rundown:
        total = Rundown()
        for offset in range(count):
            rundown = self.day(first + dt.timedelta(days=offset))
            total.airings += rundown.airings
            total.problems += [p for p in rundown.problems if str(p) not in {str(q) for q in total.problems}]
            total.slot_notes += rundown.slot_notes
            total.held += [note for note in rundown.held if note not in total.held]
        total.warnings = _by_day(total.slot_notes) + self._warnings(total.airings, first, count)
        total.shortfalls = [p for p in self.campaigns.periods(first, first + dt.timedelta(days=count - 1))
                            if not p.met]
        return total

    def airing(self, occurrence: Occurrence) -> PlannedAiring | None:
        """The slot as planned (None: not in this zone's plan)."""
        return next((a for a in self.day(occurrence.start.date()).airings if a.occurrence == occurrence), None)

    def _plan_day(self, day: dt.date) -> Rundown:
        rundown = Rundown()
        carried: dict[str, int] = {}
        for occurrence in occurrences(self.station, day):
            if self.zone is not None and not occurrence.slot.airs_in(self.zone):
                continue
            recorded = self.history.run(occurrence.label, occurrence.start)
            if recorded is not None and recorded.segments:
                airing = self._recorded(occurrence, recorded)
            else:
                airing = self._planned(occurrence, carried, rundown)
                if occurrence.slot.own and not airing.items:  # a timed bulletin that may not air (approval)
                    rundown.slot_notes.append((day, f"{occurrence.start:%H:%M} {occurrence.slot.own.title} chưa "
                                                    "được duyệt: không phát giờ này."))
                    continue
                if airing.silent:
                    rundown.slot_notes.append((day, f"khung '{occurrence.label}': chương trình "
                                                    f"'{occurrence.slot.program}' không còn mục nào phát được, giờ "
                                                    "này im lặng."))
            for item in airing.items:
                if item.kind == "bulletin" and item.path is not None:
                    carried[item.path.stem] = carried.get(item.path.stem, 0) + 1
            rundown.airings.append(airing)
        _time(rundown.airings, self.station.quiet_hours)
        rundown.warnings = _by_day(rundown.slot_notes)
        return rundown

    def _planned(self, occurrence: Occurrence, carried: dict[str, int], rundown: Rundown) -> PlannedAiring:
        program = self.station.program_for(occurrence.slot)
        items, problems = self.program_items(program, occurrence.start.date())
        rundown.problems += [p for p in problems if not isinstance(p, HeldBack)
                             and str(p) not in {str(q) for q in rundown.problems}]
        if not occurrence.slot.own:  # a timed bulletin's own slot says so itself (above)
            rundown.held += [note for note in dict.fromkeys(
                f"chương trình '{program.name}': {p.describe(self.station.folder)}"
                for p in problems if isinstance(p, HeldBack)) if note not in rundown.held]
        kept, here = [], dict(carried)  # `repeat` caps the programs of a day that carry a bulletin
        for item in items:
            bulletin = item.value if item.kind == "bulletin" else None
            if isinstance(bulletin, Bulletin) and bulletin.repeat is not None and not occurrence.slot.own:
                if here.get(bulletin.name, 0) >= bulletin.repeat:
                    continue
                here[bulletin.name] = here.get(bulletin.name, 0) + 1
            kept.append(item)
        kept = _with_campaigns(kept, [PlannedItem.of_bulletin(b, campaign.name)
                                      for campaign, b in self.campaigns.for_occurrence(occurrence)])
        if self.zone is not None:
            kept = [item for item in kept if item.kind != "bulletin" or item.value.airs_in(self.zone)]
        durations, estimated = zip(*(self._duration(item, program.voice) for item in kept)) if kept else ((), ())
        return PlannedAiring(occurrence, kept, list(durations), any(estimated), self.station.gap_s,
                             problems=problems)

    def _recorded(self, occurrence: Occurrence, recorded: RecordedRun) -> PlannedAiring:
        """A slot already started: the items its run was made of, at the lengths they were rendered."""
        items, durations = [], []
        for segment in recorded.segments:
            for info in segment["items"]:
                items.append(PlannedItem.from_info(self.station, info))
                durations.append(float(info["duration_s"]))
        return PlannedAiring(occurrence, items, durations, False, self.station.gap_s, frozen=True)

    def program_items(self, program: Program, day: dt.date) -> tuple[list[PlannedItem], list[StationError]]:
        """A program's own items for `day`, outside any slot (no campaigns, no caps): `radio play PROGRAM`,
        `radio render`, and the start of every slot's plan."""
        items: list[PlannedItem] = []
        problems: list[StationError] = []
        for item in program.items:
            if item.kind == "pause":
                items.append(PlannedItem("pause", "khoảng lặng", value=float(item.value)))
            elif item.kind == "jingle":
                items.append(PlannedItem("jingle", str(item.value), path=self.station.jingles[str(item.value)],
                                         value=str(item.value)))
            elif item.kind == "relay":
                items.append(PlannedItem("relay", item.value["title"], value=item.value))
            elif item.kind == "say":
                try:
                    items.append(PlannedItem("say", "lời dẫn", value=self._fill(str(item.value), program, day, item)))
                except StationError as error:
                    problems.append(error)
            else:
                bulletins, bad = self.selection.for_item(item, day)
                problems.extend(bad)
                items += [PlannedItem.of_bulletin(b) for b in bulletins]
        return items, problems

    def _fill(self, text: str, program: Program, day: dt.date, item: ProgramItem) -> str:
        values = {"station": self.station.name, "date": written_date(day), "program": program.title}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise StationError(f"chỗ điền {error} không có; dùng {{station}}, {{date}} hoặc {{program}}.",
                               self.station.schedule_path, item.line) from None

    # ------------------------------------------------------------------ campaigns and durations

    def _campaign_pool(self, campaign, day: dt.date) -> list[Bulletin]:
        return [b for b in self.selection.every() if campaign.draws(b) and not b.times
                and self.selection.may_air(b, day)
                and (self.zone is None or b.airs_in(self.zone))]

    def _seconds(self, bulletin: Bulletin, occurrence: Occurrence) -> float:
        """How long `bulletin` runs in the slot's program: read in the program's voice, as it airs."""
        voice = self.station.program_for(occurrence.slot).voice
        return self._duration(PlannedItem.of_bulletin(bulletin), voice)[0]

    def _duration(self, item: PlannedItem, voice: str | None = None) -> tuple[float, bool]:
        """(seconds, estimated?) of an item read in a program whose voice is `voice`"""
        if item.kind == "pause":
            return float(item.value), False
        if item.kind == "relay":
            return float(item.value["duration_s"]), False
        if item.kind == "jingle":
            try:
                return self.renderer.jingle(item.value).duration_s, False
            except StationError:
                return 0.0, True
        rendered = self._rendered_speech(item, voice)
        if rendered is not None:
            return rendered, False
        if item.kind == "bulletin":
            paragraphs, speed = [p.text for p in item.value.paragraphs], item.value.speed or self.station.speed
        else:
            paragraphs, speed = str(item.value).split("\n"), self.station.speed
        return estimate_speech_s(paragraphs, speed, self.station), True

    def _rendered_speech(self, item: PlannedItem, voice: str | None) -> float | None:
        if item.kind == "bulletin":
            wav = bulletin_wav(self.station, item.value, voice)
            fresh = wav.is_file() and wav.stat().st_mtime >= item.path.stat().st_mtime
        else:
            wav = self.renderer.say_path(str(item.value), voice)
            fresh = wav.is_file()
        return wav_duration(wav) if fresh else None

    # ------------------------------------------------------------------ warnings

    def _warnings(self, airings: list[PlannedAiring], first: dt.date, count: int) -> list[str]:
        warnings = [_overrun_warning(airing) for airing in airings if airing.cut_at is not None]
        warnings += [_waiting_warning(airing) for airing in airings
                     if airing.on_air is not None and airing.on_air > airing.start]
        horizon = first + dt.timedelta(days=count - 1 + EXPIRY_WARNING_DAYS)
        seen = set()
        for airing in airings:
            for item in airing.items:
                bulletin = item.value if item.kind == "bulletin" else None
                if isinstance(bulletin, Bulletin) and bulletin.valid_until and bulletin.valid_until <= horizon \
                        and bulletin.name not in seen:
                    seen.add(bulletin.name)
                    warnings.append(f"bản tin '{bulletin.name}' hết hạn ngày {bulletin.valid_until:%d/%m/%Y}.")
        return warnings


def _time(airings: list[PlannedAiring], quiet_hours=()) -> None:
    """Each airing's expected start and cut, in order: a slot starts at its time and cuts the program still
    playing then (its start is hard), unless it says `overrun: wait`: then it starts when that one ends.
    Quiet hours opening while a program plays cut it the same way."""
    previous: PlannedAiring | None = None
    for airing in airings:
        airing.on_air, airing.cut_at, airing.cut_by = airing.start, None, ""
        if previous is not None and previous.end > airing.start:
            if airing.occurrence.slot.overrun == "wait":
                airing.on_air = previous.end
            else:
                previous.cut_at, previous.cut_by = airing.start, airing.occurrence.label
        previous = airing
    for airing in airings:
        opening = next_opening(quiet_hours, airing.on_air, airing.end - dt.timedelta(microseconds=1))
        if opening is not None:
            airing.cut_at, airing.cut_by = opening, f"giờ yên tĩnh {opening:%H:%M}"


def _overrun_warning(airing: PlannedAiring) -> str:
    cut = sum(airing.cut())
    if airing.cut_by.startswith("giờ yên tĩnh"):
        return (f"{airing.start:%d/%m %H:%M} chương trình '{airing.occurrence.slot.program}' dài "
                f"{airing.duration_s / 60:.1f} phút, chạy vào {airing.cut_by}: bị cắt lúc đó, mất {cut} mục cuối "
                "(giảm nội dung hoặc dời khung giờ sớm hơn).")
    return (f"{airing.start:%d/%m %H:%M} chương trình '{airing.occurrence.slot.program}' dài "
            f"{airing.duration_s / 60:.1f} phút, chạy quá giờ khung {airing.cut_by} {airing.overrun_s():.0f} giây: "
            f"khung đó bắt đầu đúng giờ và cắt {cut} mục cuối (giảm nội dung, dời khung giờ, hoặc đặt "
            f"'overrun: wait' cho khung sau để nó chờ).")


def _waiting_warning(airing: PlannedAiring) -> str:
    late = (airing.on_air - airing.start).total_seconds()
    if airing.occurrence.slot.own:
        return (f"{airing.start:%d/%m %H:%M} {airing.occurrence.slot.own.title} (giờ phát riêng) chờ chương trình "
                f"trước phát xong: dự kiến lên sóng lúc {airing.on_air:%H:%M:%S}, muộn {late:.0f} giây.")
    return (f"{airing.start:%d/%m %H:%M} khung '{airing.occurrence.label}' chờ chương trình trước phát xong "
            f"(overrun: wait): dự kiến lên sóng lúc {airing.on_air:%H:%M:%S}, muộn {late:.0f} giây.")


def edits_signature(folder) -> tuple:
    """What staff change that plans are made from: schedule.yaml, the bulletins and the approvers' decisions
    (an approval in the console changes what airs as surely as an edit does)."""
    from radio.accounts import decisions_stamp
    return folder_signature(folder) + (decisions_stamp(folder),)


def zone_keys(station: Station) -> list[str]:
    """The zones a plan is made for: each declared zone, or the one implicit zone "" of a station without."""
    return list(station.zones) or [""]


def plan_station(station: Station, first: dt.date, count: int, log=None) -> list[tuple[str, Rundown]]:
    """Every zone's rundown for `count` days from `first`, as the station stands now (its log read)."""
    renderer = Renderer(station)
    return [(key, Planner.for_station(station, key, renderer, log).days(first, count)) for key in zone_keys(station)]


def in_time_order(plan: list[tuple[str, Rundown]]) -> list[tuple[PlannedAiring, str]]:
    """(airing, zone) of every zone's rundown, by start, then zone."""
    return sorted(((airing, key) for key, rundown in plan for airing in rundown.airings),
                  key=lambda pair: (pair[0].start, pair[1]))


def voices_on_air(station: Station, bulletin: Bulletin, first: dt.date, count: int = 7) -> list[tuple[str, str | None]]:
    """(program title, voice) of each program that will carry `bulletin` in the `count` days from `first`, as
    the plan places it once it may air (a draft or one awaiting approval too), once each, in the order they
    air; the voice it is read in there: its own `voice:`, else the program's (None: the station's default).
    "Nghe thử" plays what the air will."""
    renderer, airings = Renderer(station), []
    for key in zone_keys(station):
        planner = Planner.for_station(station, key, renderer)
        planner.selection.ready = bulletin.path
        airings += planner.days(first, count).airings
    found: list[tuple[str, str | None]] = []
    for airing in sorted(airings, key=lambda a: a.start):
        if any(item.kind == "bulletin" and item.path == bulletin.path for item in airing.items):
            program = station.program_for(airing.occurrence.slot)
            entry = (program.title, bulletin.voice or program.voice)
            if entry not in found:
                found.append(entry)
    return found


def plan_json(station: Station, plan: list[tuple[str, Rundown]]) -> list[dict]:
    """`radio plan --json` (and /api/plan): each slot as each zone will air it, with its `zone` ("" for a
    station without zones)."""
    return [airing.as_json(station) | {"zone": key} for airing, key in in_time_order(plan)]
