"""A hub's folder: hub.yaml (its name and where its store is) and, for a small district, hub.sqlite."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.hub.store import Store, sqlite_url

HUB_FILE = "hub.yaml"


@dataclass(frozen=True)
class Hub:
    folder: Path
    name: str
    db: str
    report: dict | None = None  # the letterhead of the centre's report (schedule.yaml's `report:` keys)
    timezone: str = "Asia/Ho_Chi_Minh"  # the day a report's "this month" means: the communes', not the server's

    @property
    def files(self) -> Path:
        return files_of(self.folder)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        return dt.datetime.now(self.tz).date()

    def store(self) -> Store:
        return Store(self.db)


def files_of(folder: Path) -> Path:
    """Recordings and attachments the stations download, each named by its sha256."""
    return Path(folder) / "tep"


def init_hub(folder: Path, name: str, db: str | None) -> Hub:
    """A new hub: its folder, hub.yaml and a store at the newest schema (SQLite in the folder by default)."""
    folder = Path(folder)
    if (folder / HUB_FILE).exists():
        raise StationError("thư mục này đã là một trung tâm.", folder / HUB_FILE)
    if not name.strip():
        raise StationError("trung tâm cần tên (--name), ví dụ \"Trung tâm Văn hóa – Thông tin huyện Thống Nhất\".")
    folder.mkdir(parents=True, exist_ok=True)
    hub = Hub(folder, name.strip(), db or sqlite_url(folder))
    store = hub.store()
    try:
        store.migrate()
    finally:
        store.close()
    write_bytes_atomic(folder / HUB_FILE, yaml.safe_dump({"name": hub.name, "db": hub.db}, allow_unicode=True,
                                                         sort_keys=False).encode("utf-8"))
    return hub


def load_hub(folder: Path) -> Hub:
    path = Path(folder) / HUB_FILE
    if not path.is_file():
        raise StationError("đây không phải thư mục trung tâm (thiếu hub.yaml).", Path(folder),
                           hint="tạo bằng: radio hub init THƯ_MỤC --name TÊN, hoặc dùng radio -C THƯ_MỤC hub …")
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(data, dict) or not data.get("name") or not data.get("db"):
        raise StationError("hub.yaml cần 'name' và 'db'.", path, 1)
    report = data.get("report")
    if report is not None and not isinstance(report, dict):
        raise StationError("mục 'report' trong hub.yaml phải là các dòng 'khóa: giá trị' (issuer, place, …).", path)
    timezone = str(data.get("timezone") or Hub.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise StationError(f"múi giờ '{timezone}' không tồn tại.", path,
                           hint="dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.") from None
    return Hub(Path(folder), str(data["name"]), str(data["db"]), report, timezone)
