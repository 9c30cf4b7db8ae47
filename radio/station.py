"""The station model: schedule.yaml read once, validated, with file:line for every mistake.

Everything else receives a Station; nothing else reads YAML.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio.bulletin import parse_date, parse_speed, zone_list
from radio.campaigns import HUB_CAMPAIGNS_FILE, Campaign, Letterhead, read_campaign_list, read_campaigns
from radio.retention import Retention
from radio.zones import Zone, read_zones, undeclared
from radio.schedule.calendar import DayRule, clock_text, parse_days, parse_duration, parse_time
from radio.errors import ProblemList, StationError
from radio.yamlfile import LinedDict, line_of, load_yaml_text, read_text

SCHEDULE_FILE = "schedule.yaml"
ENGINE_NAMES = ("gtts", "fpt", "viettel", "piper", "espeak")
DIALECTS = ("north", "south")
ITEM_KINDS = ("jingle", "say", "bulletin", "bulletins", "category", "pause", "relay")
MISSED_POLICIES = ("late", "skip")
# A slot's start is hard: a program still playing then is faded out and its rest logged missed. `wait` lets it
# finish first (the slot then starts late; radio plan shows when).
OVERRUN_POLICIES = ("cut", "wait")
APPROVAL_CHOICES = ("off", "required")
RESUME_POLICIES = ("item", "program", "skip")


@dataclass(frozen=True)
class ProgramItem:
    kind: str  # one of ITEM_KINDS
    value: object
    line: int


@dataclass
class Program:
    name: str
    title: str
    items: list[ProgramItem]
    bed: str | None = None
    line: int = 0
    voice: str | None = None  # the engine that reads its words and bulletins first; a bulletin's own voice wins


@dataclass
class Slot:
    at: dt.time
    rule: DayRule
    program: str
    line: int = 0
    missed_policy: str = "late"  # a slot missed while the daemon was down: play late, or skip
    grace_s: float = 900.0  # how late "late" may be
    zones: tuple[str, ...] | None = None  # the zones it airs in; None: all
    overrun: str = "cut"  # the previous program still on air at this slot's time: cut it, or wait for it
    own: Program | None = None  # a timed bulletin's slot carries its own program (radio.schedule.timed)

    def airs_in(self, zone: str) -> bool:
        return self.zones is None or zone in self.zones

    @property
    def label(self) -> str:
        return f"{clock_text(self.at)} {self.program}"


@dataclass
class Station:
    folder: Path
    name: str = "Đài truyền thanh"
    timezone: str = "Asia/Ho_Chi_Minh"
    dialect: str = "north"
    words: dict[str, str] = field(default_factory=dict)
    engines: tuple[str, ...] = ("gtts", "espeak")
    engines_line: int | None = None  # where schedule.yaml names them (radio check points there)
    voice: str = "vi"
    vendor_voices: dict[str, str] = field(default_factory=dict)  # speech.voices: {fpt: lannhi, viettel: …}
    speed: float = 1.0
    network_timeout_s: float = 8.0
    loudness_lufs: float = -16.0
    true_peak_db: float = -1.0
    horn_eq: bool = True
    gap_s: float = 1.0
    jingles: dict[str, Path] = field(default_factory=dict)
    jingle_lines: dict[str, int] = field(default_factory=dict)  # where schedule.yaml names each file
    programs: dict[str, Program] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    holidays: frozenset[dt.date] = frozenset()
    render_ahead_s: float = 1800.0
    hub_url: str = ""  # the district's or province's hub this station pushes to (radio link); "" when none
    hub_poll_s: float = 60.0
    quiet_hours: tuple = ()  # radio.quiet.QuietHours: the station's own and its hub's policy; both hold
    emergency_resume: str = "item"  # after a break-in: replay the interrupted item, the program, or nothing
    relay_timeout_s: float = 10.0
    approval_required: bool = False  # then a bulletin airs only once approved, as it is now (accounts.py)
    campaigns: list[Campaign] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)  # the station's category -> one of the six lĩnh vực
    letterhead: Letterhead = field(default_factory=Letterhead)  # for the report sent upward
    zones: dict[str, Zone] = field(default_factory=dict)  # empty: one implicit zone, radio run's --output
    retention: Retention = field(default_factory=Retention)  # how long archives and the log are kept

    @property
    def schedule_path(self) -> Path:
        return self.folder / SCHEDULE_FILE

    @property
    def scripts_dir(self) -> Path:
        return self.folder / "scripts"

    @property
    def rendered_dir(self) -> Path:
        return self.folder / "audio" / "rendered"

    @property
    def cache_dir(self) -> Path:
        return self.folder / ".radio-cache"

    @property
    def archive_dir(self) -> Path:
        """What aired, as MP3s named by day (kept as radio.retention says)."""
        return self.rendered_dir / "archive"

    @property
    def bulletins_dir(self) -> Path:
        """Bulletins mastered: NAME.wav, NAME@VOICE.wav (radio.render.bulletin_wav)."""
        return self.rendered_dir / "bulletins"

    @property
    def said_dir(self) -> Path:
        """Spoken words (a program's `say:` items), mastered."""
        return self.cache_dir / "say"

    @property
    def samples_dir(self) -> Path:
        """The console's "Nghe thử" in every voice."""
        return self.cache_dir / "giong"

    @property
    def speech_dirs(self) -> tuple[Path, ...]:
        """Rendered speech kept while in use (radio.retention.SPEECH_UNUSED_DAYS): bulletins, spoken words, voice
        samples; the speech cache (radio.speech.cache) beside them keeps its own layout."""
        return self.bulletins_dir, self.said_dir, self.samples_dir

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        return dt.datetime.now(self.tz).date()

    @functools.cached_property
    def timed_slots(self) -> list[Slot]:
        """The timed bulletins' own slots (radio.schedule.timed), read once per loaded station: whatever edits a
        bulletin loads the station again (the daemon's watcher, each console request, each command), and a
        rehearsal asks for them tens of thousands of times."""
        from radio.schedule.timed import own_slots
        return own_slots(self)

    def program_for(self, slot: Slot) -> Program:
        """What a slot carries: its program in schedule.yaml, or a timed bulletin's own."""
        return slot.own or self.programs[slot.program]

    @functools.cached_property
    def _resolved_folder(self) -> Path:
        return self.folder.resolve()

    def known_as(self, path: Path | str | None) -> str:
        """A file as the operator knows it: relative to the station folder (scripts/tin.md,
        audio/nhac-hieu.wav), never a cache path; '' for none."""
        if not path:
            return ""
        path = Path(path)
        if ".." not in path.parts and not path.is_symlink():
            try:  # built from the station's folder, as nearly all are: no walk over the disk
                return path.relative_to(self.folder).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self._resolved_folder).as_posix()
        except ValueError:
            return str(path)


class NotAStation(StationError):
    """The folder has no schedule.yaml: no command may act on it as if it were a station."""


def require_station_folder(folder: Path) -> Path:
    """`folder` when it holds a station (a schedule.yaml), else a message that says how to get one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotAStation("không có thư mục này.", folder.absolute(),
                          hint=f"kiểm tra lại đường dẫn sau -C, hoặc tạo đài mới: radio init {folder}")
    if not (folder / SCHEDULE_FILE).is_file():
        raise NotAStation("đây không phải thư mục của đài (không có schedule.yaml).", folder.absolute(),
                          hint="chạy lệnh trong thư mục của đài hoặc chỉ tới nó bằng -C THƯ_MỤC; "
                               f"đài mới thì tạo bằng: radio init {folder}")
    return folder


def load_station(folder: Path) -> Station:
    """Read schedule.yaml in `folder`; a folder without one is not a station (NotAStation)."""
    folder = require_station_folder(folder)
    return _station_from(folder, read_text(folder / SCHEDULE_FILE))


def validate_schedule(folder: Path, text: str) -> Station:
    """The station `text` would make as the folder's schedule.yaml, or every problem in it (file:line),
    without touching the file: an edit is checked before it replaces the last good one."""
    return _station_from(require_station_folder(folder), text)


def validate_hub_campaigns(folder: Path, text: str) -> Station:
    """The station as it would be with `text` as its hub-campaigns.yaml, or every problem (file:line): a
    campaign from the hub lands only if the station can place it."""
    folder = require_station_folder(folder)
    return _station_from(folder, read_text(folder / SCHEDULE_FILE), text)


def campaigns_at_hub(path: Path, text: str) -> list[tuple[Campaign, dict]]:
    """A campaigns file written at the hub (schedule.yaml's `campaigns:` list, without `programs:`), checked as
    a station checks it, except what only a station knows (its programs, its categories): each campaign with
    its plain spec, as sent down. Every problem (file:line) at once, as a ProblemList."""
    data = load_yaml_text(text, path) or LinedDict()
    reader = _Reader(path)
    # the hub knows no commune's programs: one stand-in, so each campaign parses; a station uses all its own
    at_hub = Station(folder=path.parent, programs={"*": None})
    if not isinstance(data, dict) or not data.get("campaigns"):
        reader.problem("tệp cần mục 'campaigns:' là danh sách chiến dịch (như trong schedule.yaml, không có "
                       "programs).", 1)
    else:
        read_campaign_list(reader, data, at_hub, from_hub=True)
    if reader.problems:
        raise ProblemList(reader.problems)
    specs = {str(raw.get("name")).strip(): raw for raw in data["campaigns"]}
    return [(campaign, _plain(specs[campaign.name])) for campaign in at_hub.campaigns]


def _plain(value):
    """A spec read from YAML as JSON can carry it (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _station_from(folder: Path, text: str, hub_campaigns: str | None = None) -> Station:
    path = folder / SCHEDULE_FILE
    station = Station(folder=folder)
    data = load_yaml_text(text, path) or LinedDict()
    if not isinstance(data, dict):
        raise StationError("schedule.yaml phải là các mục 'khóa: giá trị' (station, programs, …).", path, 1)
    reader = _Reader(path)
    reader.station(data, station)
    problems = reader.problems + _read_hub_campaigns(folder, station, hub_campaigns)
    if problems:
        raise ProblemList(problems)
    return station


def _read_hub_campaigns(folder: Path, station: Station, text: str | None) -> list[StationError]:
    """The campaigns the hub sent (hub-campaigns.yaml, written by radio.hub.downlink) after the station's own;
    their problems name that file, so radio check says where a campaign came from."""
    path = folder / HUB_CAMPAIGNS_FILE
    if text is None:
        if not path.is_file():
            return []
        text = read_text(path)
    data = load_yaml_text(text, path) or LinedDict()
    reader = _Reader(path)
    if not isinstance(data, dict):
        reader.problem("tệp chiến dịch của trung tâm phải có mục 'campaigns:'.", 1,
                       "xóa tệp này và báo trung tâm gửi lại các chiến dịch.")
    else:
        read_campaign_list(reader, data, station, from_hub=True)
    return reader.problems


class _Reader:
    """Collects every problem in schedule.yaml instead of stopping at the first."""

    SECTIONS = ("station", "speech", "mastering", "jingles", "words", "programs", "slots", "holidays", "daemon",
                "campaigns", "categories", "report", "zones", "hub", "quiet_hours", "retention")

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[StationError] = []

    def problem(self, message: str, line: int | None, hint: str | None = None) -> None:
        self.problems.append(StationError(message, self.path, line, hint))

    def section(self, data: dict, key: str, kind=dict):
        value = data.get(key)
        if value is None:
            return kind()
        if not isinstance(value, kind):
            shape = "các dòng 'khóa: giá trị'" if kind is dict else "một danh sách (mỗi dòng bắt đầu bằng '- ')"
            self.problem(f"mục '{key}' phải là {shape}.", line_of(data, key))
            return kind()
        return value

    def station(self, data: dict, station: Station) -> None:
        for key in data:
            if key not in self.SECTIONS:
                self.problem(f"mục '{key}' không được hỗ trợ. Các mục hợp lệ: {', '.join(self.SECTIONS)}.",
                             line_of(data, key))
        info = self.section(data, "station")
        self.known_keys(info, ("name", "timezone", "dialect", "approval"))
        if "name" in info:
            station.name = str(info["name"]).strip()
        if "timezone" in info:
            try:
                ZoneInfo(str(info["timezone"]))
                station.timezone = str(info["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                self.problem(f"múi giờ '{info['timezone']}' không tồn tại.", line_of(info, "timezone"),
                             "dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.")
        if "dialect" in info:
            station.dialect = self.choice(info, "dialect", DIALECTS)
        if "approval" in info:
            station.approval_required = self.choice(info, "approval", APPROVAL_CHOICES) == "required"
        self.speech(self.section(data, "speech"), station)
        self.mastering(self.section(data, "mastering"), station)
        words = self.section(data, "words")
        station.words = {str(k): str(v) for k, v in words.items()}
        jingles = self.section(data, "jingles")
        for name, value in jingles.items():
            station.jingles[str(name)] = station.folder / str(value)
            station.jingle_lines[str(name)] = line_of(jingles, name)
        for name, value in self.section(data, "programs").items():
            program = self.program(str(name), value, line_of(data["programs"], name), station)
            if program:
                station.programs[program.name] = program
        self.daemon(self.section(data, "daemon"), station)
        self.hub(self.section(data, "hub"), station)
        self.retention(self.section(data, "retention"), station)
        self.quiet_hours(data, station)
        holidays = self.section(data, "holidays", list)
        try:
            station.holidays = frozenset(parse_date(d) for d in holidays)
        except ValueError as error:
            self.problem(str(error), line_of(data, "holidays"))
        read_zones(self, data, station)  # before the slots, which may name them
        for index, value in enumerate(self.section(data, "slots", list)):
            slot = self.slot(value, data["slots"].item_lines[index], station)
            if slot:
                station.slots.append(slot)
        self.clashing_slots(station)
        read_campaigns(self, data, station)

    def clashing_slots(self, station: Station, days_ahead: int = 400) -> None:
        """Two slots at the same time on the same day would air twice at once (one output, one air)."""
        try:
            first = station.today()
        except (ZoneInfoNotFoundError, ValueError):  # a bad time zone is reported on its own
            first = dt.date.today()
        for index, slot in enumerate(station.slots):
            for other in station.slots[:index]:
                if other.at != slot.at:
                    continue
                day = next((first + dt.timedelta(days=n) for n in range(days_ahead)
                            if slot.rule.matches(first + dt.timedelta(days=n), station.holidays)
                            and other.rule.matches(first + dt.timedelta(days=n), station.holidays)), None)
                if day is not None:
                    self.problem(f"khung giờ {slot.at:%H:%M} trùng giờ với khung giờ ở dòng {other.line} (cùng phát "
                                 f"ngày {day:%d/%m/%Y}): hai chương trình không thể phát cùng lúc.", slot.line,
                                 "đổi giờ một khung, hoặc giới hạn ngày (days, from, until, except) để hai khung "
                                 "không rơi vào cùng một ngày.")

    def known_keys(self, mapping: dict, allowed: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(f"khóa '{key}' không được hỗ trợ ở đây. Các khóa hợp lệ: {', '.join(allowed)}.",
                             line_of(mapping, key))

    def choice(self, mapping: dict, key: str, allowed: tuple[str, ...]):
        value = str(mapping[key]).strip().lower()
        if value not in allowed:
            self.problem(f"'{key}: {mapping[key]}' không hợp lệ; chọn một trong: {', '.join(allowed)}.",
                         line_of(mapping, key))
            return allowed[0]
        return value

    def number(self, mapping: dict, key: str, low: float, high: float, default: float) -> float:
        try:
            value = float(str(mapping[key]).replace(",", "."))
        except ValueError:
            self.problem(f"'{key}' phải là một số.", line_of(mapping, key))
            return default
        if not low <= value <= high:
            self.problem(f"'{key}: {value:g}' nằm ngoài khoảng {low:g} đến {high:g}.", line_of(mapping, key))
            return default
        return value

    def speech(self, info: dict, station: Station) -> None:
        self.known_keys(info, ("engines", "voice", "voices", "speed", "network_timeout_s"))
        if "engines" in info:
            engines = info["engines"] if isinstance(info["engines"], list) else [info["engines"]]
            unknown = [e for e in engines if e not in ENGINE_NAMES]
            if unknown or not engines:
                self.problem(f"giọng đọc {unknown or '[]'} không có; dùng danh sách từ: {', '.join(ENGINE_NAMES)}.",
                             line_of(info, "engines"), "ví dụ: engines: [gtts, espeak]")
            else:
                station.engines = tuple(str(e) for e in engines)
                station.engines_line = line_of(info, "engines")
        if "voice" in info:
            station.voice = str(info["voice"]).strip()
        self.vendor_voices(self.section(info, "voices"), station)
        if "speed" in info:
            try:
                station.speed = parse_speed(info["speed"])
            except ValueError as error:
                self.problem(str(error), line_of(info, "speed"))
        if "network_timeout_s" in info:
            station.network_timeout_s = self.number(info, "network_timeout_s", 1, 60, station.network_timeout_s)

    def vendor_voices(self, voices: dict, station: Station) -> None:
        """`voices: {fpt: lannhi, viettel: hcm-diemmy}`: which of a vendor's voices the station buys."""
        from radio.speech.vendors import REGIONS, VENDORS
        for engine, voice in voices.items():
            vendor = VENDORS.get(str(engine))
            if str(engine) == "piper":  # the station's own neural voices, in voices/
                if not (station.folder / "voices" / f"{voice}.onnx").is_file():
                    self.problem(f"chưa có giọng '{voice}' trong thư mục voices/.", line_of(voices, engine),
                                 "thêm bằng: radio voice add TỆP.onnx, hoặc radio voice get vais1000.")
                else:
                    station.vendor_voices["piper"] = str(voice)
            elif vendor is None:
                self.problem(f"'{engine}' không phải giọng đọc chọn được; dùng: {', '.join(VENDORS)}, piper.",
                             line_of(voices, engine))
            elif str(voice) not in vendor.VOICES:
                self.problem(f"{vendor.label} không có giọng '{voice}'.", line_of(voices, engine),
                             "; ".join(f"{name} ({REGIONS[region]})" for name, region in vendor.VOICES.items()))
            else:
                station.vendor_voices[str(engine)] = str(voice)

    def mastering(self, info: dict, station: Station) -> None:
        self.known_keys(info, ("loudness_lufs", "true_peak_db", "horn_eq", "gap_s"))
        if "loudness_lufs" in info:
            station.loudness_lufs = self.number(info, "loudness_lufs", -30, -9, station.loudness_lufs)
        if "true_peak_db" in info:
            station.true_peak_db = self.number(info, "true_peak_db", -6, 0, station.true_peak_db)
        if "gap_s" in info:
            station.gap_s = self.number(info, "gap_s", 0, 10, station.gap_s)
        if "horn_eq" in info:
            if not isinstance(info["horn_eq"], bool):
                self.problem("'horn_eq' phải là true hoặc false.", line_of(info, "horn_eq"))
            else:
                station.horn_eq = info["horn_eq"]

    def program(self, name: str, value, line: int, station: Station) -> Program | None:
        if not isinstance(value, dict):
            self.problem(f"chương trình '{name}' phải có 'items:'.", line)
            return None
        self.known_keys(value, ("title", "bed", "items", "voice"))
        items_raw = value.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            self.problem(f"chương trình '{name}' chưa có mục nào trong 'items'.", line_of(value, "items"),
                         "liệt kê các mục, ví dụ '- jingle: intro', '- bulletins: \"*\"'.")
            return None
        items = []
        for index, raw in enumerate(items_raw):
            item_line = items_raw.item_lines[index]
            item = self.item(raw, item_line, station)
            if item:
                items.append(item)
        bed = value.get("bed")
        if bed is not None and str(bed) not in station.jingles:
            self.problem(f"nhạc nền '{bed}' chưa khai báo trong mục 'jingles'.", line_of(value, "bed"))
            bed = None
        voice = value.get("voice")
        if voice is not None and str(voice) not in station.engines:
            self.problem(f"chương trình '{name}' chọn giọng '{voice}' nhưng đài không có giọng này trong "
                         f"speech.engines ({', '.join(station.engines)}).", line_of(value, "voice"),
                         f"thêm '{voice}' vào speech.engines, hoặc chọn một giọng đài có.")
            voice = None
        return Program(name=name, title=str(value.get("title") or name), items=items,
                       bed=str(bed) if bed is not None else None, line=line,
                       voice=str(voice) if voice is not None else None)

    def item(self, raw, line: int, station: Station) -> ProgramItem | None:
        if not isinstance(raw, dict) or len(raw) != 1:
            self.problem("mỗi mục của chương trình là một dòng dạng '- loại: giá trị' (loại: "
                         + ", ".join(ITEM_KINDS) + ").", line)
            return None
        kind, value = next(iter(raw.items()))
        if kind not in ITEM_KINDS:
            self.problem(f"loại mục '{kind}' không có; dùng một trong: {', '.join(ITEM_KINDS)}.", line)
            return None
        if kind == "jingle" and str(value) not in station.jingles:
            self.problem(f"nhạc hiệu '{value}' chưa khai báo trong mục 'jingles'.", line)
            return None
        if kind == "relay":
            return self.relay(value, line)
        if kind == "pause":
            try:
                value = float(value)
                if not 0 < value <= 600:
                    raise ValueError
            except (TypeError, ValueError):
                self.problem(f"'pause: {value}' phải là số giây từ 0 đến 600.", line)
                return None
        elif value is None or not str(value).strip():
            self.problem(f"'{kind}:' chưa có giá trị.", line)
            return None
        return ProgramItem(kind=kind, value=value if kind == "pause" else str(value), line=line)

    def daemon(self, info: dict, station: Station) -> None:
        self.known_keys(info, ("render_ahead", "emergency_resume", "relay_timeout"))
        if "render_ahead" in info:
            station.render_ahead_s = self.duration(info, "render_ahead", station.render_ahead_s)
        if "relay_timeout" in info:
            station.relay_timeout_s = self.duration(info, "relay_timeout", station.relay_timeout_s)
        if "emergency_resume" in info:
            station.emergency_resume = self.choice(info, "emergency_resume", RESUME_POLICIES)

    def hub(self, info: dict, station: Station) -> None:
        from radio.hub.uplink import check_hub_url
        self.known_keys(info, ("url", "poll"))
        if "url" in info:
            try:
                station.hub_url = check_hub_url(str(info["url"]))
            except StationError as error:
                self.problem(error.message, line_of(info, "url"), error.hint)
        if "poll" in info:
            poll = self.duration(info, "poll", station.hub_poll_s)
            if not 1 <= poll <= 3600:
                self.problem(f"'poll: {info['poll']}' phải từ 1 giây đến 1 giờ.", line_of(info, "poll"))
            else:
                station.hub_poll_s = poll

    def retention(self, info: dict, station: Station) -> None:
        """`retention: {programs: 90d, log: forever}` (radio.retention)."""
        from radio.retention import parse_keep
        self.known_keys(info, ("programs", "log"))
        kept = {}
        for key, field_name in (("programs", "programs_days"), ("log", "log_days")):
            if key in info:
                try:
                    kept[field_name] = parse_keep(info[key])
                except ValueError as error:
                    self.problem(str(error), line_of(info, key))
        station.retention = Retention(**{**station.retention.__dict__, **kept})

    def quiet_hours(self, data: dict, station: Station) -> None:
        """`quiet_hours: "21:30-05:30"` (or a list of such), plus what the hub pushed as policy."""
        from radio.hub.downlink import read_policy
        from radio.quiet import parse_quiet_hours
        own = data.get("quiet_hours")
        windows = []
        for value in (own if isinstance(own, list) else [] if own is None else [own]):
            try:
                windows.append(parse_quiet_hours(value, SCHEDULE_FILE))
            except ValueError as error:
                self.problem(str(error), line_of(data, "quiet_hours"))
        policy = read_policy(station.folder)
        for value in policy.get("quiet_hours") or []:
            try:
                windows.append(parse_quiet_hours(value, f"trung tâm {policy.get('hub') or ''}".strip()))
            except ValueError:
                pass  # the hub checked it before sending; a damaged file is radio check's to say (checks.py)
        station.quiet_hours = tuple(windows)

    def duration(self, mapping: dict, key: str, default: float) -> float:
        try:
            return parse_duration(mapping[key])
        except ValueError as error:
            self.problem(str(error), line_of(mapping, key))
            return default

    def relay(self, value, line: int) -> ProgramItem | None:
        """- relay: {url: http://…, duration: 15m}: tiếp sóng VOV or the provincial station."""
        if not isinstance(value, dict) or "url" not in value or "duration" not in value:
            self.problem("'relay' cần url và duration, ví dụ: relay: {url: \"http://…\", duration: 15m}.", line)
            return None
        try:
            duration = parse_duration(value["duration"])
        except ValueError as error:
            self.problem(str(error), line)
            return None
        return ProgramItem(kind="relay", value={"url": str(value["url"]), "duration_s": duration,
                                                "title": str(value.get("title") or "Tiếp sóng")}, line=line)

    def slot(self, raw, line: int, station: Station) -> Slot | None:
        if not isinstance(raw, dict):
            self.problem("mỗi khung giờ phải có 'at:' và 'program:'.", line)
            return None
        self.known_keys(raw, ("at", "days", "program", "missed", "from", "until", "except", "zones", "overrun"))
        at = parse_time(raw.get("at"))
        if at is None:
            self.problem(f"giờ phát '{raw.get('at')}' không hợp lệ.", line_of(raw, "at"),
                         "viết dạng \"06:00\" hoặc \"17:30:00\", trong dấu nháy.")
        program = str(raw.get("program", ""))
        if program not in station.programs:
            self.problem(f"chương trình '{program}' chưa được khai báo trong mục 'programs'.",
                         line_of(raw, "program"))
        try:
            rule = parse_days(raw.get("days", "daily"), raw.get("from"), raw.get("until"), raw.get("except"))
        except ValueError as error:
            self.problem(str(error), line_of(raw, "days"))
            rule = None
        policy, grace = "late", 900.0
        missed = raw.get("missed")
        if missed is not None:
            if not isinstance(missed, dict):
                self.problem("'missed' phải có dạng {policy: late, grace: 15m} hoặc {policy: skip}.",
                             line_of(raw, "missed"))
            else:
                self.known_keys(missed, ("policy", "grace"))
                policy = self.choice(missed, "policy", MISSED_POLICIES) if "policy" in missed else policy
                grace = self.duration(missed, "grace", grace) if "grace" in missed else grace
        zones = None
        if "zones" in raw:
            try:
                zones = zone_list(raw["zones"])
            except ValueError as error:
                self.problem(str(error), line_of(raw, "zones"))
            unknown = undeclared(zones, station)
            if unknown:
                self.problem(f"vùng {', '.join(unknown)} chưa khai báo trong mục 'zones'.", line_of(raw, "zones"),
                             f"dùng một trong: {', '.join(station.zones) or '(chưa có vùng nào)'}.")
                zones = None
        if at is None or program not in station.programs or rule is None:
            return None
        overrun = self.choice(raw, "overrun", OVERRUN_POLICIES) if "overrun" in raw else "cut"
        return Slot(at=at, rule=rule, program=program, line=line, missed_policy=policy, grace_s=grace, zones=zones,
                    overrun=overrun)
