"""The province's source system (hệ thống thông tin nguồn, Thông tư 39/2020/TT-BTTTT) seen from the hub:
one adapter per flavour of its wire, behind one small interface, and the sources a hub is configured with
(hub.yaml `sources:`; their passwords never in the file itself).

The field set follows published vendor practice (three unrelated public codebases agree on it), not the
official PDF, which could not be read here; a province whose names differ gets an adapter, or a mapping of
paths in hub.yaml (`paths:`), without touching the rest.

An adapter turns the source's JSON into Items (a bulletin or a cancellation) and the hub's facts (an airing,
a cluster's status) into the source's JSON; radio.hub.sources.link does the talking.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from radio.errors import StationError
from radio.files import write_bytes_atomic

KINDS = ("tt39", "en")
SECRETS = "nguon"  # in the hub folder: one owner-only file per source whose password was typed in


@dataclass(frozen=True)
class Item:
    """What the source sent, in the hub's terms."""
    kind: str  # "bulletin" | "cancel" | "unusable" (its `problem` says why; the rest of the feed still goes on)
    id: str
    title: str = ""
    text: str = ""
    topic: int | None = None  # lĩnh vực 1..6 (LinhVuc)
    priority: int = 3  # 1 khẩn cấp, 2 ưu tiên, 3 thông thường
    first: dt.date | None = None
    last: dt.date | None = None
    areas: tuple[str, ...] = ()
    audio_url: str | None = None
    times: tuple[str, ...] = ()  # LichPhat's start times, "HH:MM:SS": its own air times at each station
    days: tuple = ()  # a bulletin's `days:` (weekday names, days of the month, ISO dates); none: every day
    problem: str = ""
    raw: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    user: str
    password_env: str | None = None  # "${NAME}" in hub.yaml: read from the environment
    every_s: float = 60.0
    paths: dict = field(default_factory=dict)
    weekday_numbers: str = "thu"  # LichPhat weekly days: "thu" 2 = Thứ Hai … 7 = Thứ Bảy, 1 or 8 = Chủ nhật;
    # "iso" 1 = Monday … 7 = Sunday

    def adapter(self):
        from radio.hub.sources.flavours import adapter_for
        return adapter_for(self)

    def password(self, hub_folder: Path) -> str:
        if self.password_env:
            value = os.environ.get(self.password_env)
            if not value:
                raise StationError(f"nguồn {self.name}: biến môi trường {self.password_env} (mật khẩu) chưa đặt.")
            return value
        secret = Path(hub_folder) / SECRETS / f"{self.name}.secret"
        try:
            return secret.read_text("utf-8").strip()
        except OSError:
            raise StationError(f"nguồn {self.name}: chưa có mật khẩu.", secret,
                               hint="thêm lại nguồn: radio hub source add … (mật khẩu nhập từ bàn phím).") from None


def load_sources(hub_folder: Path) -> list[Source]:
    data = _hub_yaml(hub_folder)
    found = []
    for raw in data.get("sources") or []:
        password = str(raw.get("password") or "")
        env = re.fullmatch(r"\$\{(\w+)\}", password)
        found.append(Source(name=str(raw["name"]), kind=str(raw["kind"]), url=str(raw["url"]).rstrip("/"),
                            user=str(raw["user"]), password_env=env[1] if env else None,
                            every_s=float(raw.get("every_s") or 60.0), paths=dict(raw.get("paths") or {}),
                            weekday_numbers=str(raw.get("weekday_numbers") or "thu")))
    return found


def add_source(hub_folder: Path, source: Source, typed_password: str | None) -> None:
    """Keep a source in hub.yaml; a typed password goes to an owner-only file beside it, never into hub.yaml."""
    if source.kind not in KINDS:
        raise StationError(f"loại nguồn '{source.kind}' chưa có; dùng một trong: {', '.join(KINDS)}.")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", source.name):
        raise StationError("tên nguồn chỉ gồm chữ thường không dấu, số và '-', ví dụ tinh-dong-nai.")
    if not source.url.startswith(("https://", "http://127.", "http://localhost")):
        raise StationError("địa chỉ nguồn phải là https:// (http chỉ khi trên chính máy này).")
    data = _hub_yaml(hub_folder)
    sources = [raw for raw in data.get("sources") or [] if raw.get("name") != source.name]
    entry = {"name": source.name, "kind": source.kind, "url": source.url, "user": source.user,
             "every_s": source.every_s}
    if source.password_env:
        entry["password"] = "${" + source.password_env + "}"
    elif typed_password:
        secret = Path(hub_folder) / SECRETS / f"{source.name}.secret"
        secret.parent.mkdir(exist_ok=True)
        write_bytes_atomic(secret, typed_password.encode("utf-8"), mode=0o600)
    else:
        raise StationError("cần mật khẩu của nguồn: nhập khi được hỏi, hoặc --password-env TÊN_BIẾN.")
    data["sources"] = sources + [entry]
    _write_hub_yaml(hub_folder, data)


def remove_source(hub_folder: Path, name: str) -> None:
    data = _hub_yaml(hub_folder)
    kept = [raw for raw in data.get("sources") or [] if raw.get("name") != name]
    if len(kept) == len(data.get("sources") or []):
        raise StationError(f"không có nguồn '{name}'.", hint="xem: radio hub source list.")
    data["sources"] = kept
    _write_hub_yaml(hub_folder, data)
    (Path(hub_folder) / SECRETS / f"{name}.secret").unlink(missing_ok=True)


def area_map(hub_folder: Path) -> dict[str, str]:
    """hub.yaml `areas:` — a source's area code or name (DanhSachDiaBanNhan) -> an enrolled station id."""
    return {str(key).strip().lower(): str(value) for key, value in (_hub_yaml(hub_folder).get("areas") or {}).items()}


def _hub_yaml(hub_folder: Path) -> dict:
    from radio.hub.config import HUB_FILE
    return yaml.safe_load((Path(hub_folder) / HUB_FILE).read_text("utf-8")) or {}


def _write_hub_yaml(hub_folder: Path, data: dict) -> None:
    from radio.hub.config import HUB_FILE
    write_bytes_atomic(Path(hub_folder) / HUB_FILE, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                       .encode("utf-8"))
