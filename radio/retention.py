"""Disk over years: how long the station keeps what it makes, and how many days its disk holds.

    retention:
      programs: 90d     # the archive of what aired (audio/rendered/archive/*.mp3): 90 days, 12m, 2y or forever
      log: forever      # the as-run log (the station's record): forever by default

The daemon prunes once a day, at the new day; `radio check` says how many days the disk holds at the rate
of the last week (the archive's MP3s and the log's growth), knowing that an archive kept N days stops
growing once it holds N days.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

FOREVER = ("forever", "mãi mãi", "vĩnh viễn")
UNITS = {"d": 1, "ngày": 1, "w": 7, "tuần": 7, "m": 30, "tháng": 30, "y": 365, "năm": 365}
RATE_DAYS = 7  # the rate is measured over the last week
ARCHIVE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-.+\.mp3$")


@dataclass(frozen=True)
class Retention:
    programs_days: int | None = 90  # None: forever
    log_days: int | None = None


def parse_keep(value) -> int | None:
    """'90d', '12m', '2y', '90 ngày', a number of days, or 'forever' -> days (None: forever). ValueError
    in words otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    text = str(value).strip().lower()
    if text in FOREVER:
        return None
    match = re.fullmatch(r"(\d+)\s*(d|ngày|w|tuần|m|tháng|y|năm)", text)
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"thời gian giữ '{value}' không hợp lệ; viết dạng 90d, 12m, 2y hoặc forever.")
    return int(match.group(1)) * UNITS[match.group(2)]


def prune(folder: Path, retention: Retention, today: dt.date) -> dict:
    """Delete what is older than its retention: archive MP3s by the date in their name, log rows by their
    scheduled day. Returns how many of each went."""
    removed = {"archives": 0, "rows": 0}
    if retention.programs_days is not None:
        cutoff = today - dt.timedelta(days=retention.programs_days)
        for path, day in _archives(folder):
            if day < cutoff:
                path.unlink(missing_ok=True)
                removed["archives"] += 1
    log = Path(folder) / "logbook.sqlite"
    if retention.log_days is not None and log.is_file():
        cutoff = (today - dt.timedelta(days=retention.log_days)).isoformat()
        db = sqlite3.connect(log, timeout=10)
        try:
            with db:
                removed["rows"] = db.execute("DELETE FROM airings WHERE substr(scheduled_at, 1, 10) < ?",
                                             (cutoff,)).rowcount
        finally:
            db.close()
    return removed


@dataclass(frozen=True)
class DiskOutlook:
    free_bytes: int
    bytes_per_day: float
    days: float | None  # None: the disk never fills at this rate (nothing grows, or retention caps it)

    def describe(self) -> str:
        free = f"ổ đĩa còn {self.free_bytes / 1e9:.1f} GB"
        if self.days is None:
            return f"{free}; với cách giữ hiện nay, dữ liệu của đài không còn tăng thêm đáng kể."
        return (f"{free}; đài dùng khoảng {self.bytes_per_day / 1e6:.1f} MB mỗi ngày (tuần qua), đủ cho khoảng "
                f"{self.days:,.0f} ngày nữa.".replace(",", "."))


def outlook(folder: Path, retention: Retention, today: dt.date) -> DiskOutlook:
    """Days the disk holds: the last week's archive MP3s a day (once the archive holds its retention, it
    stops growing) plus the log's growth a day."""
    folder = Path(folder)
    archives = _archives(folder)
    week = [path.stat().st_size for path, day in archives if today - dt.timedelta(days=RATE_DAYS) <= day < today]
    archive_rate = sum(week) / RATE_DAYS
    if retention.programs_days is not None and archives:
        kept_days = (today - min(day for _, day in archives)).days
        if kept_days >= retention.programs_days:
            archive_rate = 0.0  # full: each day's new files replace the oldest
    log_rate = _log_rate(folder / "logbook.sqlite", today)
    rate = archive_rate + log_rate
    free = shutil.disk_usage(folder).free
    return DiskOutlook(free, rate, free / rate if rate > 0 else None)


def _archives(folder: Path) -> list[tuple[Path, dt.date]]:
    found = []
    for path in (Path(folder) / "audio" / "rendered" / "archive").glob("*.mp3"):
        match = ARCHIVE_NAME.match(path.name)
        if match:
            try:
                found.append((path, dt.date.fromisoformat(match.group(1))))
            except ValueError:
                continue
    return found


def _log_rate(path: Path, today: dt.date) -> float:
    """The log's bytes a day: its size over the days it spans."""
    if not path.is_file():
        return 0.0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        first = db.execute("SELECT min(substr(scheduled_at, 1, 10)) FROM airings").fetchone()[0]
    except sqlite3.Error:
        first = None
    finally:
        db.close()
    if not first:
        return 0.0
    try:
        days = max(1, (today - dt.date.fromisoformat(first)).days)
    except ValueError:
        return 0.0
    return path.stat().st_size / days
