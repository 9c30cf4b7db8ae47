"""Disk over years: how long the station keeps what it makes, and how many days its disk holds.

    retention:
      programs: 90d     # the archive of what aired (audio/rendered/archive/*.mp3): 90 days, 12m, 2y or forever
      log: forever      # the as-run log (the station's record): forever by default

The daemon prunes once a day, at the new day; `radio check` says how many days the disk holds at the rate
of the last week (the archive's MP3s, the log's growth and the speech rendered), knowing that an archive kept
N days stops growing once it holds N days. Rendered speech (bulletins, spoken words, the speech cache) is not
a record: it goes once unused for SPEECH_UNUSED_DAYS (radio.render.prune_rendered), so it stops growing once
the station has run that long.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from radio.logbook import Logbook
from radio.speech.cache import SpeechCache

if TYPE_CHECKING:
    from radio.station import Station

FOREVER = ("forever", "mãi mãi", "vĩnh viễn")
UNITS = {"d": 1, "ngày": 1, "w": 7, "tuần": 7, "m": 30, "tháng": 30, "y": 365, "năm": 365}
RATE_DAYS = 7  # the rate is measured over the last week
SPEECH_UNUSED_DAYS = 45  # rendered speech and its cache, once unused this long (a bulletin airing monthly stays)
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


def prune(station: Station, today: dt.date) -> dict:
    """Delete what is older than the station's retention: archive MP3s by the date in their name, log rows by
    their scheduled day. Returns how many of each went."""
    retention = station.retention
    removed = {"archives": 0, "rows": 0}
    if retention.programs_days is not None:
        cutoff = today - dt.timedelta(days=retention.programs_days)
        for path, day in _archives(station):
            if day < cutoff:
                path.unlink(missing_ok=True)
                removed["archives"] += 1
    log = station.folder / Logbook.FILE
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


def outlook(station: Station, today: dt.date) -> DiskOutlook:
    """Days the disk holds: the last week's archive MP3s and rendered speech a day (each stops growing once it
    holds what it keeps) plus the log's growth a day."""
    archives = [(path.stat().st_size, day) for path, day in _archives(station)]
    speech = [(stat.st_size, dt.date.fromtimestamp(stat.st_mtime)) for stat in _speech(station)]
    rate = _filling_rate(archives, station.retention.programs_days, today) + \
        _filling_rate(speech, SPEECH_UNUSED_DAYS, today) + _log_rate(station.folder / Logbook.FILE, today)
    free = shutil.disk_usage(station.folder).free
    return DiskOutlook(free, rate, free / rate if rate > 0 else None)


def _filling_rate(files: list[tuple[int, dt.date]], kept_days: int | None, today: dt.date) -> float:
    """Bytes a day that (size, day made) files grow by: the last week's, or none once they hold `kept_days`
    (each day's new files then replace the oldest)."""
    if kept_days is not None and files and (today - min(day for _, day in files)).days >= kept_days:
        return 0.0
    return sum(size for size, day in files if today - dt.timedelta(days=RATE_DAYS) <= day < today) / RATE_DAYS


def _speech(station: Station) -> list[os.stat_result]:
    """The rendered speech's WAVs, the speech cache's too (their times: when each was made or last mastered)."""
    wavs = [folder.glob("*.wav") for folder in station.speech_dirs] + [SpeechCache(station.cache_dir).wavs()]
    found = []
    for path in itertools.chain.from_iterable(wavs):
        with contextlib.suppress(OSError):
            found.append(path.stat())
    return found


def _archives(station: Station) -> list[tuple[Path, dt.date]]:
    found = []
    for path in station.archive_dir.glob("*.mp3"):
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
