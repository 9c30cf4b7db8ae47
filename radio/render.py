"""The render pipeline: bulletins and programs -> mastered WAV (playout) and MP3 (archive).

Stages, timed for bench/render.py: normalize -> synthesize -> mix+master -> encode.
Every output carries a recipe (a hash of everything it is made from); an output whose recipe has
not changed is not made again, so re-rendering an unchanged station costs almost nothing.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from radio.bulletin import PRIORITIES, Bulletin, find_bulletins, load_bulletin
from radio.errors import StationError, problems_of
from radio.files import write_bytes_atomic
from radio.mixing.master import Bed, Mastered, MasterSettings, encode_mp3, master
from radio.mixing.sources import Source, prepare_jingle, write_segment
from radio.mixing.timeline import Clip, arrange
from radio.speech import normalize
from radio.speech.cache import SpeechCache
from radio.speech.engines import Engine, make_engine
from radio.speech.voice import Speaker
from radio.station import Program, ProgramItem, Station
from radio.speech.dates import written_date

RECIPE_VERSION = 1
JINGLE_LEVEL_LU = -2.0  # jingles sit a little under the voice


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

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("notes")
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in data.items()}


@dataclass
class Timings:
    """Wall seconds spent in each stage, and seconds of audio each stage produced."""
    wall: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    audio: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, stage: str, seconds: float, audio_s: float) -> None:
        self.wall[stage] += seconds
        self.audio[stage] += audio_s


def _recipe(*parts) -> str:
    material = json.dumps([RECIPE_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Renderer:
    def __init__(self, station: Station, engines: list[Engine] | None = None,
                 timings: Timings | None = None):
        self.station = station
        self.engines = engines or [make_engine(name, station.voice, station.network_timeout_s)
                                   for name in station.engines]
        self.speaker = Speaker(self.engines, SpeechCache(station.cache_dir))
        self.settings = MasterSettings.for_station(station)
        self.timings = timings or Timings()
        self._bulletins: dict[Path, Bulletin] = {}
        self._rows: dict[Path, RenderRow] = {}

    # ------------------------------------------------------------ speech items

    def bulletin(self, path: Path) -> RenderRow:
        """Render a bulletin once per run, however many programs carry it."""
        path = Path(path)
        if path not in self._rows:
            bulletin = self.load(path)
            target = self.station.rendered_dir / "bulletins" / f"{bulletin.name}.wav"
            self._rows[path] = self._speech_item(bulletin.name, "bulletin", [p.text for p in bulletin.paragraphs],
                                                 bulletin.speed or self.station.speed, bulletin.voice, target)
        return self._rows[path]

    def say(self, text: str, target: Path, name: str = "say") -> RenderRow:
        return self._speech_item(name, "say", text.split("\n"), self.station.speed, None, target)

    def load(self, path: Path) -> Bulletin:
        path = Path(path)
        if path not in self._bulletins:
            self._bulletins[path] = load_bulletin(path)
        return self._bulletins[path]

    def _speech_item(self, name: str, kind: str, paragraphs: list[str], rate: float, voice: str | None,
                     target: Path) -> RenderRow:
        started = time.perf_counter()
        spoken = [normalize(p, self.station.dialect, self.station.words) for p in paragraphs]
        normalized_at = time.perf_counter()
        first_engine = voice if voice in [e.name for e in self.engines] else None
        speech = self.speaker.speak(spoken, rate, first=first_engine)
        duration = len(speech.audio) / 1000
        self.timings.add("normalize", normalized_at - started, duration)
        self.timings.add("synthesize", time.perf_counter() - normalized_at, duration)
        # The sentences' cache keys say which voice spoke what: a fallback render is redone
        # as soon as the better voice is back, an unchanged one is reused as is.
        recipe = _recipe("speech", spoken, speech.keys, asdict(self.settings))
        reused = self._reuse(target, recipe)
        if reused:
            return RenderRow(name, kind, str(target), reused["duration_s"], reused["lufs"],
                             reused["true_peak_db"], reused["voice"], speech.notes)
        raw = self.station.cache_dir / "parts" / f"{recipe}.wav"
        write_segment(speech.audio, raw)
        started = time.perf_counter()
        timeline = arrange([Clip("speech", name, duration, raw)], 0.0)
        mastered = master(timeline, target, self.settings)
        raw.unlink(missing_ok=True)
        self.timings.add("mix+master", time.perf_counter() - started, duration)
        self._remember(target, recipe, mastered, speech.voice)
        return RenderRow(name, kind, str(target), mastered.duration_s, mastered.lufs,
                         mastered.true_peak_db, speech.voice, speech.notes)

    # ------------------------------------------------------------ programs

    def program(self, program: Program, day: dt.date) -> tuple[RenderRow | None, list[StationError]]:
        """Render a program for `day`; bad items are skipped and returned as problems, never fatal."""
        problems: list[StationError] = []
        clips: list[Clip] = []
        fingerprints: list[str] = []
        voices: list[str] = []
        for item in program.items:
            for clip, fingerprint, voice in self._program_item(program, item, day, problems):
                clips.append(clip)
                fingerprints.append(fingerprint)
                if voice and voice not in voices:
                    voices.append(voice)
        bed = self._bed(program, problems)
        if not any(c.kind != "pause" for c in clips):
            problems.append(StationError(f"chương trình '{program.name}' không còn mục nào phát được.",
                                         self.station.schedule_path, program.line))
            return None, problems
        target = self.station.rendered_dir / "programs" / f"{program.name}.wav"
        timeline = arrange(clips, self.station.gap_s)
        recipe = _recipe("program", [(c.kind, c.duration_s, c.gain_db) for c in clips], fingerprints,
                         bed and (bed.gain_db, bed.path.name), self.station.gap_s, asdict(self.settings),
                         program.title, self.station.name, day)
        voice = ", ".join(voices)
        reused = self._reuse(target, recipe)
        if reused:
            return RenderRow(program.name, "program", str(target), reused["duration_s"], reused["lufs"],
                             reused["true_peak_db"], voice), problems
        started = time.perf_counter()
        mastered = master(timeline, target, self.settings, bed)
        self.timings.add("mix+master", time.perf_counter() - started, mastered.duration_s)
        self.timings.add("program mix+master", time.perf_counter() - started, mastered.duration_s)
        started = time.perf_counter()
        archive = self.station.rendered_dir / "archive" / f"{day.isoformat()}-{program.name}.mp3"
        encode_mp3(target, archive, program.title, self.station.name, day)
        self.timings.add("encode", time.perf_counter() - started, mastered.duration_s)
        self._remember(target, recipe, mastered, voice)
        return RenderRow(program.name, "program", str(target), mastered.duration_s, mastered.lufs,
                         mastered.true_peak_db, voice), problems

    def _program_item(self, program: Program, item: ProgramItem, day: dt.date,
                      problems: list[StationError]) -> list[tuple[Clip, str, str | None]]:
        """(clip, fingerprint, voice) for each piece of one program item; failures go to `problems`."""
        try:
            if item.kind == "pause":
                return [(Clip("pause", "pause", float(item.value)), f"pause:{item.value}", None)]
            if item.kind == "jingle":
                source = self.jingle(str(item.value))
                gain = self.settings.loudness_lufs + JINGLE_LEVEL_LU - source.lufs
                return [(Clip("jingle", str(item.value), source.duration_s, source.path, gain),
                         source.fingerprint, None)]
            if item.kind == "say":
                text = self._fill(str(item.value), program, day, item)
                key = hashlib.sha256(text.encode()).hexdigest()[:16]
                row = self.say(text, self.station.cache_dir / "say" / f"{key}.wav", f"{program.name}: lời dẫn")
                return [(self._speech_clip(row), _recipe_of(Path(row.file)), row.voice)]
        except StationError as error:
            problems.extend(problems_of(error))
            return []
        bulletins, bad = self.select_bulletins(item, day)
        problems.extend(bad)
        pieces = []
        for bulletin in bulletins:
            try:
                row = self.bulletin(bulletin.path)
            except StationError as error:
                problems.extend(problems_of(error))
                continue
            pieces.append((self._speech_clip(row), _recipe_of(Path(row.file)), row.voice))
        return pieces

    def _speech_clip(self, row: RenderRow) -> Clip:
        return Clip("speech", row.name, row.duration_s, Path(row.file), 0.0)

    def jingle(self, name: str) -> Source:
        return prepare_jingle(self.station.jingles[name], self.station.cache_dir)

    def _bed(self, program: Program, problems: list[StationError]) -> Bed | None:
        if not program.bed:
            return None
        try:
            source = self.jingle(program.bed)
        except StationError as error:
            problems.append(error)
            return None
        return Bed(source.path, self.settings.loudness_lufs - source.lufs)

    def _fill(self, text: str, program: Program, day: dt.date, item: ProgramItem) -> str:
        values = {"station": self.station.name, "date": written_date(day), "program": program.title}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise StationError(f"chỗ điền {error} không có; dùng {{station}}, {{date}} hoặc {{program}}.",
                               self.station.schedule_path, item.line) from None

    def select_bulletins(self, item: ProgramItem, day: dt.date) -> tuple[list[Bulletin], list[StationError]]:
        """The bulletins an item names (file, glob or category) valid on `day`, priority first.

        Unreadable bulletins come back as problems; the good ones still air.
        """
        value = str(item.value)
        paths = find_bulletins(self.station.scripts_dir)
        if item.kind == "bulletin":
            chosen = [p for p in paths if value in (p.name, p.stem)]
            if not chosen:
                return [], [StationError(f"không tìm thấy bản tin '{value}' trong thư mục scripts/.",
                                         self.station.schedule_path, item.line)]
        elif item.kind == "bulletins":
            chosen = [p for p in paths if fnmatch.fnmatch(p.name, value) or fnmatch.fnmatch(p.stem, value)]
        else:
            chosen = paths
        bulletins: list[Bulletin] = []
        problems: list[StationError] = []
        for path in chosen:
            try:
                bulletin = self.load(path)
            except StationError as error:
                problems.extend(problems_of(error))
                continue
            if item.kind == "category" and (bulletin.category or "").lower() != value.lower():
                continue
            if bulletin.valid_on(day):
                bulletins.append(bulletin)
        bulletins.sort(key=lambda b: (-PRIORITIES.index(b.priority), b.name))
        return bulletins, problems

    # ------------------------------------------------------------ reuse

    def _reuse(self, target: Path, recipe: str) -> dict | None:
        """The stored measures of `target` when it was made from exactly this recipe."""
        try:
            meta = json.loads(_meta_path(target).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("recipe") != recipe or not target.is_file():
            return None
        return meta

    def _remember(self, target: Path, recipe: str, mastered: Mastered, voice: str) -> None:
        meta = {"recipe": recipe, "duration_s": mastered.duration_s, "lufs": mastered.lufs,
                "true_peak_db": mastered.true_peak_db, "voice": voice}
        write_bytes_atomic(_meta_path(target), json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def _meta_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.json")


def _recipe_of(target: Path) -> str:
    try:
        return json.loads(_meta_path(target).read_text(encoding="utf-8"))["recipe"]
    except (OSError, ValueError, KeyError):
        return ""


def render_station(station: Station, scripts: list[Path] | None = None, day: dt.date | None = None,
                   renderer: Renderer | None = None, progress=None) -> tuple[list[RenderRow], list[StationError]]:
    """Render the named bulletins, or (with none named) every bulletin and every program for `day`.

    Returns the report rows and the problems; one bad bulletin never stops the others.
    """
    renderer = renderer or Renderer(station)
    day = day or station.today()
    tasks: list[tuple[str, object]] = [("bulletin", Path(p)) for p in (scripts or find_bulletins(station.scripts_dir))]
    if not scripts:
        tasks += [("program", program) for program in station.programs.values()]
    rows: list[RenderRow] = []
    problems: list[StationError] = []
    for kind, subject in tasks:
        if progress:
            progress(subject.name if kind == "program" else Path(subject).name)
        try:
            if kind == "bulletin":
                rows.append(renderer.bulletin(subject))
            else:
                row, program_problems = renderer.program(subject, day)
                problems.extend(p for p in program_problems if str(p) not in {str(q) for q in problems})
                if row:
                    rows.append(row)
        except StationError as error:
            problems.extend(problems_of(error))
    return rows, problems
