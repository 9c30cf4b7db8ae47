"""The bulletins as the officers see them: their state (draft, waiting, approved, expired), a new one written
from a form, and how one will be read aloud. The CLI, the console and the JSON API all come through here.

A bulletin's id is its file name without the extension, and is only ever looked up among the files in
scripts/: an id is never a path.
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from radio.bulletin import (MAX_BULLETIN_BYTES, PRIORITIES, STATUSES, Bulletin, canonical_key, find_bulletins,
                            front_matter_lines, load_bulletin, load_bulletin_cached, parse_date)
from radio.accounts import content_sha256
from radio.errors import StationError, problems_of
from radio.files import write_bytes_atomic
from radio.render import Renderer
from radio.speech import normalize_paragraphs
from radio.speech.lexicon import without_marks
from radio.station import ENGINE_NAMES, Station
from radio.yamlfile import read_text

BULLETIN_STATES = ("nhap", "cho-duyet", "tra-lai", "da-duyet", "het-han")
_PRIORITY_WORDS = {"thuong": "thuong", "thông thường": "thuong", "uu-tien": "uu-tien", "ưu tiên": "uu-tien",
                   "khan-cap": "khan-cap", "khẩn cấp": "khan-cap"}


class FieldError(StationError):
    """A field of a submitted bulletin is missing or wrong; `field` names it (the API answers 422)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{FIELD_NAMES.get(field, field)}: {message}")
        self.field = field


class Forbidden(FieldError):
    """The field's value is not this person's to set (an editor asking for khẩn cấp): the API answers 403."""


class Changed(StationError):
    """The bulletin is no longer the version the person saw (someone edited it meanwhile): the API answers
    409. `current` is its text now, to show beside theirs; `sha256` names that version."""

    def __init__(self, message: str, current: str, sha256: str):
        super().__init__(message)
        self.current, self.sha256 = current, sha256


FIELD_NAMES = {"title": "Tiêu đề", "text": "Nội dung", "category": "Lĩnh vực", "priority": "Mức ưu tiên",
               "valid_from": "Phát từ ngày", "valid_until": "Đến ngày", "status": "Trạng thái",
               "sha256": "Mã phiên bản"}
FORM_FIELDS = ("title", "text", "category", "priority", "valid_from", "valid_until", "status", "voice", "sha256")
MAX_TITLE = 200
MAX_CATEGORY = 80
YEARS = (2000, 2100)  # a validity date outside these is a typing mistake


@dataclass(frozen=True)
class Summary:
    id: str
    title: str
    category: str | None
    priority: str
    status: str
    valid_from: str | None
    valid_until: str | None
    file: str


def find(station: Station, bulletin_id: str) -> Path | None:
    """The bulletin with this id, looked up among scripts/ (so '../x' or 'C:\\x' finds nothing)."""
    return next((path for path in find_bulletins(station.scripts_dir) if path.stem == bulletin_id), None)


def state_of(station: Station, bulletin: Bulletin, today: dt.date, accounts=None) -> str:
    """nhap, cho-duyet, tra-lai (returned, as it is now), da-duyet or het-han."""
    if bulletin.valid_until and bulletin.valid_until < today:
        return "het-han"
    if bulletin.is_draft:
        return "nhap"
    if station.approval_required and accounts is not None:
        return accounts.state(bulletin.path)
    return "da-duyet"


def summaries(station: Station, accounts=None) -> list[Summary]:
    """Every readable bulletin, with its state today."""
    today = station.today()
    found = []
    for path in find_bulletins(station.scripts_dir):
        try:
            bulletin = load_bulletin_cached(path)
        except StationError:
            continue  # radio check reports it with its line
        found.append(summary(station, bulletin, today, accounts))
    return found


def record_of(station: Station, bulletin: Bulletin) -> tuple[Summary, list[dict]]:
    """A bulletin's state today and who did what to it, when (the audit trail)."""
    from radio.accounts import Accounts
    accounts = Accounts(station.folder)
    try:
        found = summary(station, bulletin, station.today(), accounts if station.approval_required else None)
        return found, accounts.history(f"bulletin:{bulletin.path.name}")
    finally:
        accounts.close()


def summary(station: Station, bulletin: Bulletin, today: dt.date, accounts=None) -> Summary:
    return Summary(bulletin.name, bulletin.title, bulletin.category, bulletin.priority,
                   state_of(station, bulletin, today, accounts),
                   bulletin.valid_from.isoformat() if bulletin.valid_from else None,
                   bulletin.valid_until.isoformat() if bulletin.valid_until else None,
                   station.known_as(bulletin.path))


def reading(station: Station, bulletin: Bulletin) -> str:
    """The bulletin as its voice will say it (a regional voice by its region's rules), paragraph by paragraph."""
    dialect = Renderer(station).dialect_of(bulletin.voice)
    return "\n\n".join(normalize_paragraphs([p.text for p in bulletin.paragraphs], dialect, station.words))


EDITABLE = ("title", "category", "priority", "valid_from", "valid_until", "status", "voice")


def create(station: Station, fields: dict, author=None) -> Bulletin:
    """A new bulletin in scripts/ from a form's fields: title, text (required), category, priority,
    valid_from, valid_until, status (nhap or san-sang). Checked whole before anything is written; never
    over an existing file; written whole or not at all. `author` (a User): who asks, for what only an
    approver may set."""
    meta, text = _compose(fields, {}, author, station.engines)
    target = _free_name(station.scripts_dir, slug(meta["title"]))
    _write(target, meta, text)
    return load_bulletin(target)


def update(bulletin: Bulletin, fields: dict, author=None, voices: tuple[str, ...] | None = None) -> Bulletin:
    """The bulletin rewritten from a form; settings the form does not show (repeat, speed, zones…) are kept.
    Its content changes, so with approval required it waits for approval again by itself. `fields["sha256"]`,
    when given, is the version the person started from: if the file changed since, nothing is written and
    Changed says so, with the other version. `voices`: the station's engines, one of which `voice` may name."""
    _unchanged_since(bulletin, fields.get("sha256"))
    if "status" not in fields and bulletin.is_draft:  # a client that does not know of status keeps a draft one
        fields = {**fields, "status": "nhap"}
    if "voice" not in fields and bulletin.voice:  # nor of voice: the bulletin keeps the one it has
        fields = {**fields, "voice": bulletin.voice}
    meta, _ = split_meta(bulletin.path)
    kept = {key: value for key, value in meta.items() if canonical_key(key) not in EDITABLE}
    meta, text = _compose(fields, kept, author, voices)
    _write(bulletin.path, meta, text)
    return load_bulletin(bulletin.path)


def choose_voice(bulletin: Bulletin, voice: str, voices: tuple[str, ...], seen: str | None = None) -> Bulletin:
    """The bulletin read by `voice`, one of the station's engines, or by the station's own order ("") — what an
    officer picks after hearing each voice side by side. Only its voice changes; like any edit, with approval
    required it waits for approval again."""
    _unchanged_since(bulletin, seen)
    meta, text = split_meta(bulletin.path)
    meta = {key: value for key, value in meta.items() if canonical_key(key) != "voice"}
    chosen = _voice(voice, voices)
    _write(bulletin.path, meta | ({"voice": chosen} if chosen else {}), text)
    return load_bulletin(bulletin.path)


def _unchanged_since(bulletin: Bulletin, seen: str | None) -> None:
    """Changed, with the other version, when the file is no longer the one the person started from."""
    if seen:
        current = content_sha256(bulletin.path)
        if current != seen:
            raise Changed("người khác đã sửa bản tin này trong lúc bạn sửa; bản của bạn chưa được lưu. So sánh "
                          "hai bản bên dưới, chép phần cần giữ vào ô nội dung rồi lưu lại.",
                          split_meta(bulletin.path)[1], current)


def withdraw(bulletin: Bulletin) -> Bulletin:
    """Back to draft: it stops airing at once (the daemon reloads) and its approval no longer holds."""
    meta, text = split_meta(bulletin.path)
    meta = {key: value for key, value in meta.items() if canonical_key(key) != "status"} | {"status": "nhap"}
    _write(bulletin.path, meta, text)
    return load_bulletin(bulletin.path)


def delete(station: Station, bulletin: Bulletin) -> Path:
    """Out of scripts/ (it never airs again), kept in .radio-cache/da-xoa/ with the moment in its name, so
    a mistaken delete can be undone by copying it back. Returns where it went."""
    keep = station.cache_dir / "da-xoa"
    keep.mkdir(parents=True, exist_ok=True)
    target = keep / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{bulletin.path.name}"
    bulletin.path.replace(target)
    return target


def split_meta(path: Path) -> tuple[dict, str]:
    """(front matter as written, body) of a bulletin file, for the edit form."""
    lines = read_text(path).split("\n")
    head = front_matter_lines(lines, path)
    meta = yaml.safe_load("\n".join(lines[1:head - 1])) if head else {}
    return dict(meta or {}), "\n".join(lines[head:]).strip()


def _compose(fields: dict, meta: dict, author=None, voices: tuple[str, ...] | None = None) -> tuple[dict, str]:
    """Every field checked (types, lengths, characters, dates in a sane range) before anything is written."""
    unknown = [key for key in fields if key not in FORM_FIELDS and key != "csrf"]
    if unknown:
        raise FieldError(unknown[0], f"trường '{unknown[0]}' không có; các trường: {', '.join(FORM_FIELDS)}.")
    title = _one_line(fields, "title", MAX_TITLE, required=True)
    text = _required_text(fields, "text")
    meta = {"title": title, **meta}
    category = _one_line(fields, "category", MAX_CATEGORY)
    if category:
        meta["category"] = category
    priority = _choice(fields, "priority", _PRIORITY_WORDS, "thuong", PRIORITIES)
    if priority == "khan-cap" and not (author is not None and author.can_approve):
        raise Forbidden("priority", "chỉ người duyệt mới đặt mức khẩn cấp (phát ngay, ngắt chương trình đang "
                                    "phát); chọn 'ưu tiên' để bản tin phát đầu chương trình, hoặc nhờ người duyệt.")
    meta["priority"] = priority
    if _choice(fields, "status", STATUSES, "san-sang", ("nhap", "san-sang")) == "nhap":
        meta["status"] = "nhap"
    voice = _voice(fields.get("voice"), voices)
    if voice:
        meta["voice"] = voice
    for key in ("valid_from", "valid_until"):
        value = fields.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise FieldError(key, "cần một ngày dạng 31/12/2026 hoặc 2026-12-31.")
        try:
            day = parse_date(value)
        except ValueError as error:
            raise FieldError(key, str(error)) from None
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise FieldError(key, f"năm {day.year} không hợp lý (từ {YEARS[0]} đến {YEARS[1]}).")
        meta[key] = day.isoformat()
    if "valid_from" in meta and "valid_until" in meta and str(meta["valid_until"]) < str(meta["valid_from"]):
        raise FieldError("valid_until", "ngày hết hạn trước ngày bắt đầu.")
    size = len(text.encode("utf-8"))
    if size > MAX_BULLETIN_BYTES - 2_000:  # room for the front matter
        raise FieldError("text", f"nội dung quá dài ({size // 1000} KB, tối đa {MAX_BULLETIN_BYTES // 1000 - 2} KB,"
                                 " khoảng một giờ đọc): chia thành nhiều bản tin ngắn hơn.")
    return meta, text


def compose_file(meta: dict, text: str) -> bytes:
    """A bulletin file's bytes: its front matter, then its text."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_style=None)
    return f"---\n{front}---\n{text.strip()}\n".encode("utf-8")


def _write(target: Path, meta: dict, text: str) -> None:
    """Checked as the station will read it (a file that would not load is never written), then written whole."""
    content = compose_file(meta, text)
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / target.name
        trial.write_bytes(content)
        try:
            load_bulletin(trial)
        except StationError as error:
            first = problems_of(error)[0]
            raise FieldError("text", first.message + (f" Cách sửa: {first.hint}" if first.hint else "")) from None
    write_bytes_atomic(target, content)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _required_text(fields: dict, key: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FieldError(key, "bắt buộc, không được để trống.")
    if CONTROL.search(value):
        raise FieldError(key, "có ký tự điều khiển không in được (ví dụ ký tự NUL): dán lại nội dung từ văn bản "
                              "gốc dưới dạng chữ thường.")
    return value.strip()


def _one_line(fields: dict, key: str, longest: int, required: bool = False) -> str:
    value = fields.get(key)
    if value in (None, "") and not required:
        return ""
    value = _required_text(fields, key)
    if "\n" in value or "\r" in value:
        raise FieldError(key, "chỉ viết trên một dòng.")
    if len(value) > longest:
        raise FieldError(key, f"dài quá {longest} ký tự.")
    return value


def _voice(value, voices: tuple[str, ...] | None) -> str:
    """A voice field: "" (the station's order of engines) or one of `voices` (any known engine when None)."""
    if value in (None, ""):
        return ""
    allowed = voices if voices is not None else ENGINE_NAMES
    if not isinstance(value, str) or value.strip() not in allowed:
        raise FieldError("voice", f"giọng '{value}' không có ở đài; dùng một trong {', '.join(allowed)}, hoặc để "
                                  "trống để đọc theo thứ tự giọng của đài.")
    return value.strip()


def _choice(fields: dict, key: str, words: dict, default: str, allowed) -> str:
    value = fields.get(key)
    if value in (None, ""):
        return default
    if not isinstance(value, str) or value.strip().lower() not in words:
        raise FieldError(key, f"'{value}' không hợp lệ; dùng một trong {', '.join(allowed)}.")
    return words[value.strip().lower()]


def slug(title: str, longest: int = 60, default: str = "ban-tin") -> str:
    """Vietnamese words as a plain file or service name: 'Họp dân ấp 3' -> 'hop-dan-ap-3'."""
    plain = without_marks(title).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:longest] or default


def _free_name(folder: Path, slug: str) -> Path:
    candidate, number = folder / f"{slug}.md", 2
    while candidate.exists():
        candidate, number = folder / f"{slug}-{number}.md", number + 1
    return candidate
