"""The bulletins as the officers see them: their state (draft, waiting, approved, expired), a new one written
from a form, and how one will be read aloud. The CLI, the console and the JSON API all come through here.

A bulletin's id is its file name without the extension, and is only ever looked up among the files in
scripts/: an id is never a path.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from radio.bulletin import (PRIORITIES, Bulletin, canonical_key, find_bulletins, front_matter_lines, load_bulletin,
                            load_bulletin_cached, parse_date)
from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.speech import normalize
from radio.station import Station
from radio.yamlfile import read_text

BULLETIN_STATES = ("nhap", "cho-duyet", "da-duyet", "het-han")
_PRIORITY_WORDS = {"thuong": "thuong", "thông thường": "thuong", "uu-tien": "uu-tien", "ưu tiên": "uu-tien",
                   "khan-cap": "khan-cap", "khẩn cấp": "khan-cap"}


class FieldError(StationError):
    """A field of a submitted bulletin is missing or wrong; `field` names it (the API answers 422)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


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
    if bulletin.valid_until and bulletin.valid_until < today:
        return "het-han"
    if bulletin.is_draft:
        return "nhap"
    if station.approval_required and accounts is not None:
        return "da-duyet" if accounts.state(bulletin.path) == "da-duyet" else "cho-duyet"
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
    """The bulletin as the voice will say it, paragraph by paragraph."""
    return "\n\n".join(normalize(p.text, station.dialect, station.words) for p in bulletin.paragraphs)


EDITABLE = ("title", "category", "priority", "valid_from", "valid_until")


def create(station: Station, fields: dict) -> Bulletin:
    """A new bulletin in scripts/ from a form's fields: title, text (required), category, priority,
    valid_from, valid_until. Never over an existing file; written whole or not at all."""
    meta, text = _compose(fields, {})
    target = _free_name(station.scripts_dir, _slug(meta["title"]))
    _write(target, meta, text)
    return load_bulletin(target)


def update(bulletin: Bulletin, fields: dict) -> Bulletin:
    """The bulletin rewritten from a form; settings the form does not show (repeat, speed, voice, status…)
    are kept. Its content changes, so with approval required it waits for approval again by itself."""
    meta, _ = split_meta(bulletin.path)
    kept = {key: value for key, value in meta.items() if canonical_key(key) not in EDITABLE}
    meta, text = _compose(fields, kept)
    _write(bulletin.path, meta, text)
    return load_bulletin(bulletin.path)


def split_meta(path: Path) -> tuple[dict, str]:
    """(front matter as written, body) of a bulletin file, for the edit form."""
    lines = read_text(path).split("\n")
    head = front_matter_lines(lines, path)
    meta = yaml.safe_load("\n".join(lines[1:head - 1])) if head else {}
    return dict(meta or {}), "\n".join(lines[head:]).strip()


def _compose(fields: dict, meta: dict) -> tuple[dict, str]:
    title = _required_text(fields, "title")
    text = _required_text(fields, "text")
    meta = {"title": title, **meta}
    if fields.get("category"):
        meta["category"] = str(fields["category"]).strip()
    priority = str(fields.get("priority") or "thuong").strip().lower()
    if priority not in _PRIORITY_WORDS:
        raise FieldError("priority", f"'{priority}' không hợp lệ; dùng một trong {', '.join(PRIORITIES)}.")
    meta["priority"] = _PRIORITY_WORDS[priority]
    for key in ("valid_from", "valid_until"):
        if fields.get(key):
            try:
                meta[key] = parse_date(fields[key]).isoformat()
            except ValueError as error:
                raise FieldError(key, str(error)) from None
    if "valid_from" in meta and "valid_until" in meta and str(meta["valid_until"]) < str(meta["valid_from"]):
        raise FieldError("valid_until", "ngày hết hạn trước ngày bắt đầu.")
    return meta, text


def _write(target: Path, meta: dict, text: str) -> None:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_style=None)
    write_bytes_atomic(target, f"---\n{front}---\n{text.strip()}\n".encode("utf-8"))


def _required_text(fields: dict, key: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FieldError(key, "bắt buộc, không được để trống.")
    return value.strip()


def _slug(title: str) -> str:
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "ban-tin"


def _free_name(folder: Path, slug: str) -> Path:
    candidate, number = folder / f"{slug}.md", 2
    while candidate.exists():
        candidate, number = folder / f"{slug}-{number}.md", number + 1
    return candidate
