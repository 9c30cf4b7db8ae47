"""The rundown: which program airs when on a given day, what it carries and how long it runs.

Pure date logic over the station model; durations come from rendered files where they exist and are
estimated from the text where they do not (marked as estimates). `radio plan` prints this; the daemon
uses the same occurrences to fire slots, so what is planned is what airs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from radio.bulletin import Bulletin
from radio.errors import StationError
from radio.mixing.sources import wav_duration
from radio.render import PlannedItem, Renderer
from radio.schedule.placement import CampaignPlanner, PeriodPlan
from radio.speech import normalize
from radio.speech.voice import PARAGRAPH_PAUSE_MS, SENTENCE_PAUSE_MS, sentences
from radio.station import Slot, Station

# For items not rendered yet: syllables per second of speech, measured on the sample bulletins (offline
# voice, speed 1.0: 4.0–4.3), plus the pauses the speaker puts between sentences and paragraphs.
SPOKEN_SYLLABLES_PER_S = 4.1
EXPIRY_WARNING_DAYS = 2


@dataclass(frozen=True)
class Occurrence:
    slot: Slot
    index: int  # position in schedule.yaml
    start: dt.datetime  # aware, station time

    @property
    def label(self) -> str:
        return self.slot.label


def occurrences(station: Station, day: dt.date) -> list[Occurrence]:
    """Every slot that airs on `day` (station-local date), in time order."""
    tz = station.tz
    found = [Occurrence(slot, index, dt.datetime.combine(day, slot.at, tzinfo=tz))
             for index, slot in enumerate(station.slots) if slot.rule.matches(day, station.holidays)]
    return sorted(found, key=lambda o: (o.start, o.index))


def occurrences_between(station: Station, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    """Occurrences with start <= time < end (both aware)."""
    local_start, local_end = start.astimezone(station.tz), end.astimezone(station.tz)
    day, found = local_start.date() - dt.timedelta(days=1), []
    while day <= local_end.date():
        found += [o for o in occurrences(station, day) if start <= o.start < end]
        day += dt.timedelta(days=1)
    return found


@dataclass
class PlannedAiring:
    occurrence: Occurrence
    items: list[PlannedItem]
    durations: list[float]
    estimated: bool
    gap_s: float

    @property
    def start(self) -> dt.datetime:
        return self.occurrence.start

    @property
    def duration_s(self) -> float:
        audible = [d for item, d in zip(self.items, self.durations) if item.kind != "pause"]
        pauses = sum(d for item, d in zip(self.items, self.durations) if item.kind == "pause")
        return sum(audible) + pauses + self.gap_s * max(0, len(audible) - 1)

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.duration_s)

    def as_json(self, station: Station) -> dict:
        return {"slot": self.occurrence.label, "program": self.occurrence.slot.program,
                "start": self.start.isoformat(), "end": self.end.isoformat(timespec="seconds"),
                "items": [{"kind": item.kind, "title": item.title, "file": _file_of(item, station),
                           "duration_s": round(d, 1)} for item, d in zip(self.items, self.durations)]}


def _file_of(item: PlannedItem, station: Station) -> str:
    if item.kind == "relay":
        return item.value["url"]
    return station.known_as(item.path)


def estimate_speech_s(paragraphs: list[str], speed: float, station: Station) -> float:
    """How long the text will take to say, before it is rendered: what it will be read as (numbers and
    abbreviations spelled out), syllable by syllable, with the speaker's pauses."""
    spoken = [line for line in (normalize(p, station.dialect, station.words) for p in paragraphs) if line.strip()]
    syllables = sum(len(line.split()) for line in spoken)
    sentence_count = sum(len(sentences(line)) for line in spoken)
    pauses = SENTENCE_PAUSE_MS * max(0, sentence_count - len(spoken)) + PARAGRAPH_PAUSE_MS * max(0, len(spoken) - 1)
    return syllables / (SPOKEN_SYLLABLES_PER_S * speed) + pauses / 1000


def plan_json(station: Station, first: dt.date, count: int) -> list[dict]:
    """`radio plan --json` (and /api/plan): each slot as each zone will air it, with its `zone` ("" for a
    station without zones)."""
    keys = list(station.zones) or [None]
    renderer = Renderer(station)
    found = [(airing.start, key or "", airing.as_json(station) | {"zone": key or ""})
             for key in keys for airing in Planner(station, renderer, key).days(first, count).airings]
    return [entry for _, _, entry in sorted(found, key=lambda f: (f[0], f[1]))]


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
    warnings: list[str] = field(default_factory=list)  # overlapping programs, bulletins about to expire
    problems: list[StationError] = field(default_factory=list)
    shortfalls: list[PeriodPlan] = field(default_factory=list)  # campaign periods planned short of target

    @property
    def notices(self) -> list[str]:
        """Everything the officer should know about the period, worded for them."""
        return self.warnings + [period.shortfall() for period in self.shortfalls]


class Planner:
    """Plans days for one station; bulletins' `repeat` caps how many programs a day carry each."""

    def __init__(self, station: Station, renderer: Renderer | None = None, zone: str | None = None,
                 logbook=None, now: dt.datetime | None = None):
        """`zone`: plan what that zone airs (its slots, the bulletins meant for it); None: the whole station.
        `logbook` and `now`: what campaigns did before `now` as the log holds it (the director plans a slot
        with now = its start, so campaigns make up for a missed slot at the next one)."""
        self.station = station
        self.zone = zone
        self.renderer = renderer or Renderer(station)  # plans only: no speech is synthesized here
        aired = (lambda campaign, since, until: logbook.campaign_aired(campaign.name, since, until)) \
            if logbook is not None else None
        self.campaigns = CampaignPlanner(station, self._campaign_pool, self._seconds, aired, now)
        self._approved: set[str] | None = None

    def day(self, day: dt.date) -> Rundown:
        rundown = Rundown()
        carried: dict[str, int] = {}
        for occurrence in occurrences(self.station, day):
            if self.zone is not None and not occurrence.slot.airs_in(self.zone):
                continue
            program = self.station.programs[occurrence.slot.program]
            items, problems = self.renderer.plan_items(program, day)
            rundown.problems += [p for p in problems if str(p) not in {str(q) for q in rundown.problems}]
            kept = []
            for item in items:
                bulletin = item.value if item.kind == "bulletin" else None
                if isinstance(bulletin, Bulletin) and bulletin.repeat is not None:
                    if carried.get(bulletin.name, 0) >= bulletin.repeat:
                        continue
                    carried[bulletin.name] = carried.get(bulletin.name, 0) + 1
                kept.append(item)
            kept = _with_campaigns(kept, [PlannedItem("bulletin", b.title, b.priority, b.path, b, campaign.name)
                                          for campaign, b in self.campaigns.for_occurrence(occurrence)])
            if self.zone is not None:
                kept = [item for item in kept if item.kind != "bulletin" or item.value.airs_in(self.zone)]
            durations, estimated = zip(*(self._duration(item) for item in kept)) if kept else ((), ())
            rundown.airings.append(PlannedAiring(occurrence, kept, list(durations), any(estimated),
                                                 self.station.gap_s))
        return rundown

    def days(self, first: dt.date, count: int) -> Rundown:
        total = Rundown()
        for offset in range(count):
            rundown = self.day(first + dt.timedelta(days=offset))
            total.airings += rundown.airings
            total.problems += [p for p in rundown.problems if str(p) not in {str(q) for q in total.problems}]
        total.warnings = self._warnings(total.airings, first, count)
        total.shortfalls = [p for p in self.campaigns.periods(first, first + dt.timedelta(days=count - 1)) if not p.met]
        return total

    def _campaign_pool(self, campaign, day: dt.date) -> list[Bulletin]:
        if self._approved is None:  # asked once per plan: a campaign is laid out over months of days
            self._approved = {b.name for b in self.renderer.every_bulletin() if self.renderer.approved(b)}
        return [b for b in self.renderer.every_bulletin() if campaign.draws(b) and b.name in self._approved
                and b.valid_on(day) and not b.is_draft]

    def _seconds(self, bulletin: Bulletin) -> float:
        return self._duration(PlannedItem("bulletin", bulletin.title, bulletin.priority, bulletin.path, bulletin))[0]

    def _duration(self, item: PlannedItem) -> tuple[float, bool]:
        if item.kind == "pause":
            return float(item.value), False
        if item.kind == "relay":
            return float(item.value["duration_s"]), False
        if item.kind == "jingle":
            try:
                return self.renderer.jingle(item.value).duration_s, False
            except StationError:
                return 0.0, True
        rendered = self._rendered_speech(item)
        if rendered is not None:
            return rendered, False
        if item.kind == "bulletin":
            paragraphs, speed = [p.text for p in item.value.paragraphs], item.value.speed or self.station.speed
        else:
            paragraphs, speed = str(item.value).split("\n"), self.station.speed
        return estimate_speech_s(paragraphs, speed, self.station), True

    def _rendered_speech(self, item: PlannedItem) -> float | None:
        if item.kind == "bulletin":
            wav = self.station.rendered_dir / "bulletins" / f"{item.path.stem}.wav"
            fresh = wav.is_file() and wav.stat().st_mtime >= item.path.stat().st_mtime
        else:
            wav = self.renderer.say_path(str(item.value))
            fresh = wav.is_file()
        return wav_duration(wav) if fresh else None

    def _warnings(self, airings: list[PlannedAiring], first: dt.date, count: int) -> list[str]:
        warnings = []
        ordered = sorted(airings, key=lambda a: a.start)
        for current, following in zip(ordered, ordered[1:]):
            if current.end > following.start:
                length = current.duration_s / 60
                warnings.append(
                    f"{current.start:%d/%m %H:%M} chương trình '{current.occurrence.slot.program}' dài "
                    f"{length:.1f} phút, quá khoảng cách tới khung giờ {following.start:%H:%M} "
                    f"('{following.occurrence.slot.program}'): hai chương trình chồng lấn.")
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
