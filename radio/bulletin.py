"""A bulletin: a text file written by staff in scripts/, with optional YAML front matter."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from radio.errors import ProblemList, StationError
from radio.schedule.calendar import DayRule, parse_date, parse_days, parse_time
from radio.yamlfile import load_yaml_text, read_text

PRIORITIES = ("thuong", "uu-tien", "khan-cap")
PRIORITY_NAMES = {"thuong": "thông thường", "uu-tien": "ưu tiên", "khan-cap": "khẩn cấp"}
_PRIORITY_ALIASES = {
    "thuong": "thuong", "thông thường": "thuong", "thong thuong": "thuong", "normal": "thuong",
    "uu-tien": "uu-tien", "ưu tiên": "uu-tien", "uu tien": "uu-tien", "priority": "uu-tien",
    "khan-cap": "khan-cap", "khẩn cấp": "khan-cap", "khan cap": "khan-cap", "emergency": "khan-cap",
}
_KEY_ALIASES = {"lĩnh vực": "category", "linh_vuc": "category", "linh-vuc": "category",
                "tiêu đề": "title", "ưu tiên": "priority", "giờ phát": "times", "ngày phát": "days"}
FRONT_MATTER_KEYS = ("title", "category", "priority", "valid_from", "valid_until", "voice",
                     "speed", "repeat", "status", "source", "source_sha256", "zones", "hub", "audio",
                     "times", "days")
SPEED_RANGE = (0.8, 1.3)
BULLETIN_SUFFIXES = (".md", ".txt")
# The longest bulletin a station takes: about an hour of speech, more than any program carries. A larger
# file is a mistake (a whole report pasted, a binary renamed) and is refused before anything reads it.
MAX_BULLETIN_BYTES = 100_000
STATUSES = {"nhap": "nhap", "nháp": "nhap", "draft": "nhap", "ban-nhap": "nhap", "bản nháp": "nhap",
            "san-sang": "san-sang", "sẵn sàng": "san-sang", "san sang": "san-sang", "ready": "san-sang"}


@dataclass(frozen=True)
class Paragraph:
    line: int  # first line in the file, for messages
    text: str


@dataclass
class Bulletin:
    path: Path
    title: str
    paragraphs: list[Paragraph]
    category: str | None = None
    priority: str = "thuong"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    voice: str | None = None
    speed: float | None = None
    repeat: int | None = None
    status: str = "san-sang"  # "nhap": a draft (from radio import) that never airs until marked ready
    source: str | None = None  # the document it was imported from, and that document's hash
    source_sha256: str | None = None
    zones: tuple[str, ...] | None = None  # the zones (hamlets) it airs in; None: all
    hub: str | None = None  # sent down by this hub (radio hub send): who wrote and approved it
    audio: Path | None = None  # a recording that airs instead of the voice reading the text (see _recording)
    times: tuple[dt.time, ...] = ()  # its own air times (radio.schedule.timed); none: it airs in programs
    days: DayRule | None = None  # the days of those times; None: every day it is valid
    extra: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # front-matter key -> its line

    @property
    def is_draft(self) -> bool:
        return self.status == "nhap"

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def airs_in(self, zone: str) -> bool:
        """A bulletin without `zones:` airs everywhere; the implicit zone of a station without zones ("")
        carries everything."""
        return self.zones is None or not zone or zone in self.zones

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until)


def load_bulletin(path: Path) -> Bulletin:
    """Read and validate one bulletin; every problem in it is reported at once."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text says what is wrong with it
    if size > MAX_BULLETIN_BYTES:
        raise StationError(f"bản tin quá dài ({size // 1000} KB, tối đa {MAX_BULLETIN_BYTES // 1000} KB, khoảng "
                           "một giờ đọc): không chương trình nào chứa hết.", path, 1,
                           "chia thành nhiều bản tin ngắn hơn, mỗi bản tin một tệp.")
    text = read_text(path)
    meta, body, body_line = _split_front_matter(text, path)
    problems: list[StationError] = []
    fields = _parse_meta(meta, path, problems)
    lines = {canonical_key(raw): meta.line_of(raw) for raw in meta} if hasattr(meta, "line_of") else {}
    line_of = lines.get

    if "audio" in fields:
        fields["audio"] = _recording(fields["audio"], path, line_of("audio"), problems)
    if "repeat" in fields and fields.get("times"):
        problems.append(StationError("'repeat' không dùng cùng 'times': bản tin có giờ phát riêng phát đúng mỗi giờ "
                                     "đã ghi.", path, line_of("repeat"), "bỏ dòng repeat, hoặc bớt giờ trong times."))
    if "days" in fields and not fields.get("times"):
        problems.append(StationError("'days' (ngày phát) chỉ dùng cùng 'times' (giờ phát riêng của bản tin).", path,
                                     line_of("days"), "thêm times: [\"06:30\"], hoặc bỏ dòng days để bản tin phát "
                                     "trong các chương trình như thường."))
    paragraphs = _paragraphs(body, body_line)
    if not paragraphs:
        problems.append(StationError("bản tin trống, không có nội dung để đọc.", path, body_line,
                                     "viết nội dung bản tin bên dưới phần khai báo."))
    elif not any(character.isalnum() for paragraph in paragraphs for character in paragraph.text):
        problems.append(StationError("bản tin không có chữ nào đọc được (chỉ có ký hiệu hoặc biểu tượng).", path,
                                     paragraphs[0].line, "viết nội dung bằng chữ."))
    if problems:
        raise problems[0] if len(problems) == 1 else ProblemList(problems)
    title = fields.pop("title", None) or _title_from(paragraphs, path)
    return Bulletin(path=path, title=title, paragraphs=paragraphs, lines=lines, **fields)


_LOADED: dict[Path, tuple[tuple[int, int], Bulletin | StationError]] = {}


def load_bulletin_cached(path: Path) -> Bulletin:
    """load_bulletin, read again only when the file changed: planners and pages go over every bulletin of a
    station, hundreds of them, many times a day. A bulletin with problems raises them again each time."""
    try:
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return load_bulletin(path)  # says what is wrong with it
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        try:
            result: Bulletin | StationError = load_bulletin(path)
        except StationError as error:
            result = error
        cached = _LOADED[path] = (stamp, result)
    if isinstance(cached[1], StationError):
        raise cached[1]
    return cached[1]


def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = load_yaml_text("\n".join(lines[1:index]), path, first_line=2) or {}
            if not isinstance(meta, dict):
                raise StationError("phần khai báo đầu tệp phải là các dòng 'khóa: giá trị'.", path, 2)
            return meta, "\n".join(lines[index + 1:]), index + 2
    raise StationError("phần khai báo mở bằng '---' nhưng không có dòng '---' đóng lại.", path, 1,
                       "thêm một dòng '---' sau các dòng khai báo.")


def front_matter_lines(lines: list[str], path: Path) -> int:
    """How many of a bulletin's first lines are its front matter (the '---' lines included); 0 for none."""
    if not lines or lines[0].strip() != "---":
        return 0
    _, _, body_line = _split_front_matter("\n".join(lines), path)
    return body_line - 1


def canonical_key(key) -> str:
    """A front-matter key as the station reads it ('lĩnh vực' is 'category')."""
    return _KEY_ALIASES.get(str(key).strip().lower(), str(key).strip().lower())


def _parse_meta(meta: dict, path: Path, problems: list[StationError]) -> dict:
    fields: dict = {}
    for raw_key, value in meta.items():
        line = meta.line_of(raw_key) if hasattr(meta, "line_of") else None
        key = _KEY_ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
        try:
            if key not in FRONT_MATTER_KEYS:
                raise ValueError(f"khóa '{raw_key}' không được hỗ trợ. Các khóa hợp lệ: "
                                 + ", ".join(FRONT_MATTER_KEYS) + ".")
            fields[key] = _FIELD_PARSERS[key](value)
        except ValueError as error:
            problems.append(StationError(str(error), path, line))
    return fields


def _recording(value: str, path: Path, line: int | None, problems: list[StationError]) -> Path | None:
    """`audio: audio/ban-ghi/hop-dan.mp3`: a recording (a speech by the chairman, a file from the province) that
    airs, mastered like the rest, instead of the voice reading the text; the text stays what the log, the
    console and the report show. Relative to the station's folder (outside a station: the bulletin's)."""
    home = next((folder for folder in path.resolve().parents if (folder / "schedule.yaml").is_file()), path.parent)
    recording = home / value
    if not recording.is_file():
        problems.append(StationError(f"không có tệp ghi âm '{value}'.", path, line,
                                     "đặt tệp vào thư mục của đài (đường dẫn tính từ thư mục đài, ví dụ audio/ban-ghi/"
                                     "ten-tep.mp3), hoặc bỏ dòng audio để giọng đọc đọc nội dung."))
        return None
    return recording


def zone_list(value) -> tuple[str, ...]:
    """`zones: [ap-1, ap-3]` (or one name) in a bulletin or a slot."""
    names = value if isinstance(value, list) else [value]
    if not names or any(not isinstance(n, str) or not n.strip() for n in names):
        raise ValueError("'zones' là danh sách tên vùng khai báo trong schedule.yaml, ví dụ zones: [ap-1, ap-3].")
    return tuple(n.strip() for n in names)


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise ValueError("giá trị phải là một đoạn chữ, không được để trống.")
    return str(value).strip()


def _priority(value) -> str:
    key = str(value).strip().lower()
    if key not in _PRIORITY_ALIASES:
        raise ValueError(f"mức ưu tiên '{value}' không hợp lệ; dùng một trong: thuong "
                         "(thông thường), uu-tien (ưu tiên), khan-cap (khẩn cấp).")
    return _PRIORITY_ALIASES[key]


def parse_speed(value) -> float:
    try:
        speed = float(str(value).replace(",", "."))
    except ValueError:
        raise ValueError(f"tốc độ đọc '{value}' không phải là số; dùng số từ 0.8 đến 1.3.") from None
    if not SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]:
        raise ValueError(f"tốc độ đọc {speed} nằm ngoài khoảng 0.8 đến 1.3.")
    return speed


def _status(value) -> str:
    key = str(value).strip().lower()
    if key not in STATUSES:
        raise ValueError(f"trạng thái '{value}' không hợp lệ; dùng nhap (bản nháp, chưa phát) hoặc san-sang.")
    return STATUSES[key]


def _repeat(value) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"số lần phát '{value}' phải là số nguyên từ 1 trở lên.") from None
    if count < 1:
        raise ValueError(f"số lần phát '{value}' phải là số nguyên từ 1 trở lên.")
    return count


def _times(value) -> tuple[dt.time, ...]:
    """`times: ["06:30", "17:15"]`: the bulletin's own air times, each day it airs."""
    entries = value if isinstance(value, list) else [value]
    times = [parse_time(entry) for entry in entries]
    if not entries or None in times:
        bad = next((entry for entry, time in zip(entries, times) if time is None), "")
        raise ValueError(f"giờ phát '{bad}' không hợp lệ; viết times: [\"06:30\", \"17:15\"] (giờ:phút, trong dấu "
                         "nháy).")
    return tuple(sorted(set(times)))


def _days(value) -> DayRule:
    if value in (None, "", []):
        raise ValueError("'days' trống; bỏ dòng này để phát mọi ngày, hoặc ghi ví dụ days: [mon, thu].")
    return parse_days(value)


_FIELD_PARSERS = {"title": _text, "category": _text, "priority": _priority,
                  "valid_from": parse_date, "valid_until": parse_date, "voice": _text,
                  "speed": parse_speed, "repeat": _repeat, "status": _status, "source": _text,
                  "source_sha256": _text, "zones": lambda value: zone_list(value), "hub": _text,
                  "times": _times, "days": _days,
                  "audio": _text}  # checked against the station folder in load_bulletin (_recording)

_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s*)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """Markdown to plain paragraphs: a blank line ends a paragraph (a longer pause on air)."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    for offset, raw in enumerate(body.split("\n")):
        starts_block = _MARKUP.match(raw) is not None  # a heading or a list item stands alone
        line = _EMPHASIS.sub("", _MARKUP.sub("", raw)).strip()
        line = line.rstrip("\\").strip()  # markdown hard line break
        if (not line or starts_block) and current:
            paragraphs.append(Paragraph(start, " ".join(current)))
            current = []
        if not line:
            continue
        if not current:
            start = first_line + offset
        current.append(line)
    if current:
        paragraphs.append(Paragraph(start, " ".join(current)))
    return paragraphs


def _title_from(paragraphs: list[Paragraph], path: Path) -> str:
    first = paragraphs[0].text if paragraphs else path.stem
    return first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + "…"


def folder_signature(folder: Path) -> tuple:
    """What staff edit (schedule.yaml, the bulletins) and what the hub sent beside them (policy, campaigns).
    A change in any of them changes this."""
    from radio.campaigns import HUB_CAMPAIGNS_FILE
    from radio.quiet import POLICY_FILE
    files = [Path(folder) / name for name in ("schedule.yaml", POLICY_FILE, HUB_CAMPAIGNS_FILE)] \
        + find_bulletins(Path(folder) / "scripts")
    signature = []
    for path in map(str, files):
        try:
            stat = os.stat(path)
        except OSError:
            continue  # deleted between listing and reading
        signature.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def find_bulletins(scripts_dir: Path) -> list[Path]:
    """The bulletins in scripts/, each once: a link that leads out of the station folder, a broken link and
    a second name for a bulletin already listed are left out (link_problems says why)."""
    return [path for path, problem in _scan(scripts_dir) if problem is None]


def link_problems(scripts_dir: Path) -> list[tuple[StationError, bool]]:
    """(problem, is_error) for every link in scripts/ that find_bulletins leaves out."""
    return [problem for _, problem in _scan(scripts_dir) if problem is not None]


def _scan(scripts_dir: Path) -> list[tuple[Path, tuple[StationError, bool] | None]]:
    if not scripts_dir.is_dir():
        return []
    # os.scandir answers "file or link?" from the directory listing itself: a thousand bulletins cost one
    # read of the folder, not a thousand stat calls (pages and planners list them all the time).
    entries = sorted((entry for entry in os.scandir(scripts_dir)
                      if Path(entry.name).suffix.lower() in BULLETIN_SUFFIXES and not entry.name.startswith(".")),
                     key=lambda entry: entry.name)
    links = [entry for entry in entries if entry.is_symlink()]
    found = [(Path(entry.path), None) for entry in entries if not entry.is_symlink() and entry.is_file()]
    if not links:
        return found
    station = scripts_dir.resolve().parent
    real = {path.resolve() for path, _ in found}
    seen = set()
    for entry in links:
        path = Path(entry.path)
        target = path.resolve()
        if not target.is_file():
            found.append((path, (StationError("liên kết hỏng: tệp nó trỏ tới không còn; bỏ qua.", path, None,
                                              "xóa liên kết hoặc chép bản tin thật vào scripts/."), False)))
        elif not target.is_relative_to(station):
            found.append((path, (StationError(f"liên kết trỏ ra ngoài thư mục của đài ({target}): không phát.",
                                              path, None, "chép nội dung bản tin vào scripts/ thay cho liên "
                                              "kết."), True)))
        elif target in real or target in seen:
            found.append((path, (StationError("liên kết tới một bản tin đã có: bỏ qua để không phát hai lần.",
                                              path, None, "xóa liên kết này."), False)))
        else:
            seen.add(target)
            found.append((path, None))
    return sorted(found, key=lambda pair: pair[0].name)
