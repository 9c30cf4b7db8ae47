"""The render pipeline: bulletins and programs -> mastered WAV (playout) and MP3 (archive).

Stages, timed for bench/render.py: normalize -> synthesize -> mix+master -> encode.
Every output carries a recipe (a hash of everything it is made from); an output whose recipe has
not changed is not made again, so re-rendering an unchanged station costs almost nothing.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from radio.bulletin import Bulletin, load_bulletin_cached
from radio.errors import DiskFull, StationError, problems_of
from radio.files import write_bytes_atomic
from radio.mixing.master import Bed, Mastered, MasterSettings, export_audio, master
from radio.mixing.sources import Source, prepare_jingle
from radio.mixing.timeline import Clip, arrange
from radio.retention import SPEECH_UNUSED_DAYS
from radio.speech import normalize, normalize_paragraphs
from radio.speech.cache import SpeechCache
from radio.speech.engines import Engine, make_engine
from radio.speech.voice import Speaker
from radio.station import Program, Station

RECIPE_VERSION = 2  # 2: a program no longer compresses and equalizes the speech it carries a second time
JINGLE_LEVEL_LU = -2.0  # jingles sit a little under the voice


RECORDING = "ghi âm"  # the "voice" of a recorded bulletin, as the log and the pages show it


@dataclass
class RenderRow:
    """One line of the render report (and of `radio render --json`)."""
    name: str
    kind: str  # "bulletin" | "say" | "program"
    file: str
    duration_s: float
    lufs: float
    true_peak_db: float
    voice: str
    notes: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)  # a program's version: the zones that air it (none: no zones)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("notes")
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in data.items()}


@dataclass
class PlannedItem:
    """One item a program will carry, before rendering: what the planner decides and the renderer renders."""
    kind: str  # "jingle" | "say" | "bulletin" | "pause" | "relay"
    title: str
    priority: str = "thuong"
    path: Path | None = None  # the bulletin's script or the jingle's file
    value: object = None  # bulletin, jingle name, spoken text, pause seconds or relay settings
    campaign: str = ""  # the campaign that placed this bulletin here (radio/schedule/placement.py)
    category: str = ""

    @classmethod
    def of_bulletin(cls, bulletin: Bulletin, campaign: str = "") -> PlannedItem:
        return cls("bulletin", bulletin.title, bulletin.priority, bulletin.path, bulletin, campaign,
                   bulletin.category or "")

    @classmethod
    def from_info(cls, station: Station, info: dict) -> PlannedItem:
        """The item again from what a run recorded of it (`info` below): a resume renders exactly this."""
        source = info.get("source") or {}
        kind, file = info["kind"], info.get("file") or ""
        path = station.folder / file if file and kind in ("bulletin", "jingle") else None
        value = source.get("value")
        if kind == "bulletin" and path is not None and path.is_file():
            with contextlib.suppress(StationError):
                value = load_bulletin_cached(path)
        return cls(kind, info["title"], info.get("priority", "thuong"), path, value, info.get("campaign") or "",
                   info.get("category") or "")

    def file(self, station: Station) -> str:
        return self.value["url"] if self.kind == "relay" else station.known_as(self.path)

    def source(self) -> dict:
        """What it takes to make the item again: a bulletin's content hash, a jingle's name, the words said, a
        pause's or a relay's settings."""
        if self.kind == "bulletin":
            try:
                return {"sha256": hashlib.sha256(self.path.read_bytes()).hexdigest()}
            except OSError:
                return {}
        return {"value": self.value}

    def info(self, station: Station, offset_s: float = 0.0, duration_s: float = 0.0, voice: str = "") -> dict:
        """The item as a program segment carries it, the as-run log records it and a run keeps it."""
        return {"kind": self.kind, "title": self.title, "file": self.file(station), "priority": self.priority,
                "voice": voice, "offset_s": round(offset_s, 3), "duration_s": round(duration_s, 3),
                "category": self.category, "campaign": self.campaign, "source": self.source()}


@dataclass
class Segment:
    """A stretch of a program that plays in one piece: a mastered WAV, or a live relay."""
    kind: str  # "audio" | "relay"
    duration_s: float
    path: str | None = None
    url: str | None = None
    items: list[dict] = field(default_factory=list)  # kind, title, file, priority, voice, offset_s, duration_s


@dataclass
class RenderedProgram:
    row: RenderRow
    segments: list[Segment]


@dataclass
class Timings:
    """Seconds spent in each stage (summed over the renders running at once), and seconds of audio each stage
    produced."""
    wall: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    audio: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, stage: str, seconds: float, audio_s: float) -> None:
        with self._lock:
            self.wall[stage] += seconds
            self.audio[stage] += audio_s


def _recipe(*parts) -> str:
    material = json.dumps([RECIPE_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Renderer:
    def __init__(self, station: Station, engines: list[Engine] | None = None,
                 timings: Timings | None = None):
        self.station = station
        self.engines = engines or [make_engine(name, station.voice, station.network_timeout_s, station.cache_dir,
                                               station.vendor_voices, station.folder)
                                   for name in station.engines]
        self.speaker = Speaker(self.engines, SpeechCache(station.cache_dir))
        self.settings = MasterSettings.for_station(station)
        self.timings = timings or Timings()
        self._bulletins: dict[Path, Bulletin] = {}
        self._rows: dict[Path, RenderRow] = {}  # by the file made

    # ------------------------------------------------------------ speech items

    def bulletin(self, path: Path, program_voice: str | None = None) -> RenderRow:
        """Render a bulletin once per run and voice, however many programs carry it. Its own `voice:` wins;
        else the program's voice reads it (`program_voice`), into a file of its own."""
        bulletin = self.load(Path(path))
        target = bulletin_wav(self.station, bulletin, program_voice)  # one file per voice it is read in
        if target not in self._rows:
            if bulletin.audio is not None:
                self._rows[target] = self._recording(bulletin, target)
            else:
                self._rows[target] = self._speech_item(
                    bulletin.name, "bulletin", [p.text for p in bulletin.paragraphs],
                    bulletin.speed or self.station.speed, bulletin.voice or program_voice, target)
        return self._rows[target]

    def _recording(self, bulletin: Bulletin, target: Path) -> RenderRow:
        """A recorded bulletin (`audio:`), mastered to the station's loudness and peak like a spoken one."""
        source = prepare_jingle(bulletin.audio, self.station.cache_dir,
                                (bulletin.path, None, self.station.known_as(bulletin.audio)),
                                kind="ghi âm", fix="sửa dòng audio của bản tin")
        recipe = _recipe("recording", source.fingerprint, asdict(self.settings))
        reused = self._reuse(target, recipe)
        if reused:
            return RenderRow(bulletin.name, "bulletin", str(target), reused["duration_s"], reused["lufs"],
                             reused["true_peak_db"], RECORDING)
        started = time.perf_counter()
        timeline = arrange([Clip("speech", bulletin.name, source.duration_s, source.path)], 0.0)
        mastered = _with_space_needed(lambda: master(timeline, target, self.settings), target, source.duration_s)
        self.timings.add("mix+master", time.perf_counter() - started, source.duration_s)
        self._remember(target, recipe, mastered, RECORDING)
        return RenderRow(bulletin.name, "bulletin", str(target), mastered.duration_s, mastered.lufs,
                         mastered.true_peak_db, RECORDING)

    def each_voice(self, text: str, folder: Path) -> list[dict]:
        """The same text in each of the station's voices, side by side ("Nghe thử" in every voice, so an officer
        picks by ear): {voice, file or None, why}, each spoken by its own region's rules, through the cache."""
        found = []
        for engine in self.engines:
            spoken = normalize(text, self.dialect_of(engine.name), self.station.words)
            target = Path(folder) / f"{hashlib.sha256((engine.voice + spoken).encode()).hexdigest()[:16]}.wav"
            try:
                speech = Speaker([engine], self.speaker.cache).speak([spoken], target, self.station.speed)
                found.append({"voice": engine.voice, "file": str(target), "duration_s": round(speech.duration_s, 1),
                              "why": None})
            except StationError as error:
                found.append({"voice": engine.voice, "file": None, "duration_s": None, "why": error.message})
        return found

    def dialect_of(self, voice: str | None = None) -> str:
        """The reading rules of the engine named `voice` (else the station's first): a vendor's regional voice
        follows its region's, the others the station's."""
        engine = next((e for e in self.engines if e.name == voice), self.engines[0] if self.engines else None)
        return getattr(engine, "dialect", None) or self.station.dialect

    def say(self, text: str, target: Path, name: str = "say", voice: str | None = None) -> RenderRow:
        return self._speech_item(name, "say", text.split("\n"), self.station.speed, voice, target)

    def load(self, path: Path) -> Bulletin:
        if path not in self._bulletins:
            self._bulletins[path] = load_bulletin_cached(path)
        return self._bulletins[path]

    def _speech_item(self, name: str, kind: str, paragraphs: list[str], rate: float, voice: str | None,
                     target: Path) -> RenderRow:
        started = time.perf_counter()
        spoken = normalize_paragraphs(paragraphs, self.station.dialect, self.station.words)
        other_dialects = {getattr(e, "dialect", None) for e in self.engines} - {None, self.station.dialect}
        variants = {dialect: normalize_paragraphs(paragraphs, dialect, self.station.words)
                    for dialect in other_dialects}  # a voice reads by its own region's rules
        normalized_at = time.perf_counter()
        first_engine = voice if voice in [e.name for e in self.engines] else None
        raw = self.station.cache_dir / "parts" / f"{uuid.uuid4().hex}.wav"
        try:
            speech = self.speaker.speak(spoken, raw, rate, first=first_engine, variants=variants)
            if voice and first_engine is None:  # said, not skipped: `radio check` names the line too
                speech.notes.append(f"{voice}: đài không khai báo giọng này trong speech.engines")
            duration = speech.duration_s
            self.timings.add("normalize", normalized_at - started, duration)
            self.timings.add("synthesize", time.perf_counter() - normalized_at, duration)
            # The sentences' cache keys say which voice spoke what: a fallback render is redone
            # as soon as the better voice is back, an unchanged one is reused as is.
            recipe = _recipe("speech", spoken, speech.keys, asdict(self.settings))
            reused = self._reuse(target, recipe)
            if reused:
                return RenderRow(name, kind, str(target), reused["duration_s"], reused["lufs"],
                                 reused["true_peak_db"], reused["voice"], speech.notes)
            started = time.perf_counter()
            timeline = arrange([Clip("speech", name, duration, raw)], 0.0)
            mastered = _with_space_needed(lambda: master(timeline, target, self.settings), target, duration)
        finally:
            raw.unlink(missing_ok=True)
        self.timings.add("mix+master", time.perf_counter() - started, duration)
        self._remember(target, recipe, mastered, speech.voice)
        return RenderRow(name, kind, str(target), mastered.duration_s, mastered.lufs,
                         mastered.true_peak_db, speech.voice, speech.notes)

    # ------------------------------------------------------------ programs

    def render_program(self, program: Program, day: dt.date, items: list[PlannedItem]
                       ) -> tuple[RenderedProgram | None, list[StationError]]:
        """Render the items the planner chose: one mastered WAV per stretch between relays, bad items skipped."""
        problems: list[StationError] = []
        parts: list[list[tuple[Clip, PlannedItem, str, str]]] = [[]]
        relays: list[PlannedItem] = []
        for planned in items:
            if planned.kind == "relay":
                relays.append(planned)
                parts.append([])
                continue
            try:
                parts[-1].append(self._clip(planned, program))
            except StationError as error:
                problems.extend(problems_of(error))
        bed = self._bed(program, problems)
        if not any(c.kind != "pause" for part in parts for c, *_ in part) and not relays:
            problems.append(StationError(f"chương trình '{program.name}' không còn mục nào phát được.",
                                         self.station.schedule_path, program.line))
            return None, problems
        segments: list[Segment] = []
        measures: list[Mastered] = []
        for index, part in enumerate(parts):
            if any(c.kind != "pause" for c, *_ in part):
                name = program.name if index == 0 else f"{program.name}.part{index + 1}"
                segment, mastered = self._render_part(program, day, name, part, bed)
                segments.append(segment)
                measures.append(mastered)
            if index < len(relays):
                relay = relays[index].value
                segments.append(Segment("relay", relay["duration_s"], url=relay["url"],
                                        items=[relays[index].info(self.station, 0.0, relay["duration_s"])]))
        voices = list(dict.fromkeys(i["voice"] for seg in segments for i in seg.items if i["voice"]))
        first_audio = next((s for s in segments if s.kind == "audio"), None)
        loudest = max(measures, key=lambda m: m.true_peak_db) if measures else None
        row = RenderRow(program.name, "program", first_audio.path if first_audio else "",
                        sum(s.duration_s for s in segments),
                        measures[0].lufs if measures else float("nan"),
                        loudest.true_peak_db if loudest else float("nan"), ", ".join(voices))
        return RenderedProgram(row, segments), problems

    def _clip(self, planned: PlannedItem, program: Program) -> tuple[Clip, PlannedItem, str, str]:
        """(clip, planned item, fingerprint, voice) for one item: speech rendered, jingle prepared."""
        if planned.kind == "pause":
            return Clip("pause", "pause", planned.value), planned, f"pause:{planned.value}", ""
        if planned.kind == "jingle":
            source = self.jingle(planned.value)
            gain = self.settings.loudness_lufs + JINGLE_LEVEL_LU - source.lufs
            return (Clip("jingle", planned.title, source.duration_s, source.path, gain), planned,
                    source.fingerprint, "")
        if planned.kind == "say":
            row = self.say(planned.value, self.say_path(planned.value, program.voice), f"{program.name}: lời dẫn",
                           program.voice)
        else:
            row = self.bulletin(planned.path, program.voice)
        return self._speech_clip(row), planned, _recipe_of(Path(row.file)), row.voice

    def _render_part(self, program: Program, day: dt.date, name: str, part, bed: Bed | None
                     ) -> tuple[Segment, Mastered]:
        clips = [clip for clip, *_ in part]
        timeline = arrange(clips, self.station.gap_s)
        recipe = _recipe("program", [(c.kind, c.duration_s, c.gain_db) for c in clips], [f for *_, f, _ in part],
                         bed and (bed.gain_db, bed.path.name), self.station.gap_s, asdict(self.settings),
                         program.title, self.station.name, day)
        # Named by content: two slots of one program with different bulletins, or a render of an edit while
        # the previous version is on air, never write over a file that is playing or about to.
        target = self.station.rendered_dir / "programs" / f"{name}-{recipe[:10]}.wav"
        audible = [(planned, voice) for clip, planned, _, voice in part if clip.kind != "pause"]
        items = [planned.info(self.station, placed.start_s, placed.clip.duration_s, voice)
                 for placed, (planned, voice) in zip(timeline.placed, audible)]
        reused = self._reuse(target, recipe)
        if reused:
            mastered = Mastered(target, reused["duration_s"], reused["lufs"], reused["true_peak_db"])
            return Segment("audio", mastered.duration_s, path=str(target), items=items), mastered
        started = time.perf_counter()
        mastered = _with_space_needed(lambda: master(timeline, target, self.settings, bed), target,
                                      timeline.total_s)
        self.timings.add("mix+master", time.perf_counter() - started, mastered.duration_s)
        self.timings.add("program mix+master", time.perf_counter() - started, mastered.duration_s)
        started = time.perf_counter()
        archive = self.station.archive_dir / f"{day.isoformat()}-{target.stem}.mp3"  # each zone's version its own
        export_audio(target, archive, program.title, self.station.name, day)
        self.timings.add("encode", time.perf_counter() - started, mastered.duration_s)
        self._remember(target, recipe, mastered, ", ".join(dict.fromkeys(v for _, v in audible if v)))
        return Segment("audio", mastered.duration_s, path=str(target), items=items), mastered

    def say_path(self, text: str, voice: str | None = None) -> Path:
        """Where spoken words are mastered: by their text, and by the voice a program chose for them."""
        key = f"{voice}:{text}" if voice else text
        return self.station.said_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.wav"

    def _speech_clip(self, row: RenderRow) -> Clip:
        return Clip("speech", row.name, row.duration_s, Path(row.file), 0.0, mastered=True)

    def jingle(self, name: str) -> Source:
        """A jingle named in schedule.yaml; its problems point at the line that names its file."""
        path = self.station.jingles[name]
        return prepare_jingle(path, self.station.cache_dir, (self.station.schedule_path,
                                                             self.station.jingle_lines.get(name),
                                                             self.station.known_as(path)))

    def jingle_file(self, path: Path) -> Source:
        return prepare_jingle(path, self.station.cache_dir)

    def _bed(self, program: Program, problems: list[StationError]) -> Bed | None:
        if not program.bed:
            return None
        try:
            source = self.jingle(program.bed)
        except StationError as error:
            problems.append(error)
            return None
        return Bed(source.path, self.settings.loudness_lufs - source.lufs)

    # ------------------------------------------------------------ reuse

    def _reuse(self, target: Path, recipe: str) -> dict | None:
        """The stored measures of `target` when it was made from exactly this recipe."""
        try:
            meta = json.loads(_meta_path(target).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("recipe") != recipe or not target.is_file():
            return None
        with contextlib.suppress(OSError):
            os.utime(_meta_path(target))  # still in use: prune_rendered keeps it
        return meta

    def _remember(self, target: Path, recipe: str, mastered: Mastered, voice: str) -> None:
        meta = {"recipe": recipe, "duration_s": mastered.duration_s, "lufs": mastered.lufs,
                "true_peak_db": mastered.true_peak_db, "voice": voice}
        write_bytes_atomic(_meta_path(target), json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def bulletin_wav(station: Station, bulletin: Bulletin, program_voice: str | None = None) -> Path:
    """A bulletin's mastered file: NAME.wav in its own (or the station's) voice, NAME@VOICE.wav when a program's
    voice reads it, so two programs with two voices never write over each other's file."""
    chosen = program_voice if program_voice and not bulletin.voice and bulletin.audio is None else None
    return station.bulletins_dir / (f"{bulletin.name}@{chosen}.wav" if chosen else f"{bulletin.name}.wav")


def _with_space_needed(write, target: Path, seconds: float):
    """Run `write`; on a full disk say how much room it needed (the WAV and its temporary copy)."""
    try:
        return write()
    except DiskFull:
        raise DiskFull(target, needed_bytes=int(seconds * 44100 * 2 * 2)) from None


def _meta_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.json")


def _recipe_of(target: Path) -> str:
    try:
        return json.loads(_meta_path(target).read_text(encoding="utf-8"))["recipe"]
    except (OSError, ValueError, KeyError):
        return ""


def prune_rendered(station: Station, keep: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Delete what was rendered and has not been made or reused for a while (each render of a program touches
    what it reuses): programs after `keep` (their names carry their content, so old versions pile up);
    bulletins, spoken words, voice samples and the speech cache after SPEECH_UNUSED_DAYS, so a deleted script,
    a voice no program uses any more and yesterday's dated words do not fill the disk over the years. Returns
    how many files went."""
    now = time.time()
    removed = _prune_unused((station.rendered_dir / "programs").glob("*.wav"), now - keep.total_seconds())
    speech_cutoff = now - SPEECH_UNUSED_DAYS * 86400
    for folder in station.speech_dirs:
        removed += _prune_unused(folder.glob("*.wav"), speech_cutoff)
    return removed + SpeechCache(station.cache_dir).prune(speech_cutoff)


def _prune_unused(wavs, cutoff: float) -> int:
    removed = 0
    for wav in wavs:
        meta = _meta_path(wav)
        with contextlib.suppress(OSError):
            if max(wav.stat().st_mtime, meta.stat().st_mtime if meta.exists() else 0) < cutoff:
                wav.unlink()
                meta.unlink(missing_ok=True)
                removed += 1
    return removed
