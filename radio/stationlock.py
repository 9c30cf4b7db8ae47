"""One station, one daemon: an OS-level lock on the station folder, held for as long as `radio run` lives.

The lock is the operating system's (flock on Linux, LockFileEx on Windows, through filelock): a crash or a
power cut releases it by itself, so there is never a stale lock to clean up by hand. Who holds it (PID,
since when) is told by the daemon's control file, which only its owner can read.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from filelock import FileLock, Timeout

from radio.errors import StationError
from radio.files import file_identity

LOCK_FILE = "station.lock"
# A daemon starting while a client probes the lock must not mistake the probe for a second daemon.
ACQUIRE_TIMEOUT_S = 1.0


def lock_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / LOCK_FILE


class AlreadyRunning(StationError):
    """Another process holds the station."""


class StationLock:
    def __init__(self, cache_dir: Path):
        self.path = lock_path(cache_dir)
        self._lock = _file_lock(self.path, ACQUIRE_TIMEOUT_S)
        self._identity: tuple[int, int] | None = None

    def acquire(self, describe_holder) -> None:
        """Take the station or raise AlreadyRunning, worded with `describe_holder()` (who has it)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout:
            raise AlreadyRunning(f"đài này đang chạy ở một cửa sổ khác ({describe_holder()}); "
                                 "không chạy thêm lần nữa.", self.path.parent.parent,
                                 hint=stop_hint()) from None
        except OSError as error:
            raise StationError(f"không tạo được khóa của đài ({error.strerror}).", self.path,
                               hint="kiểm tra thư mục của đài có được phép ghi.") from None
        self._identity = file_identity(self.path)

    def release(self) -> None:
        self._lock.release()

    def still_ours(self) -> bool:
        """False when someone deleted or replaced the lock file (a 'clean-up' of .radio-cache):
        then a second daemon could take the new file, so the daemon takes it again at once."""
        return self._identity is not None and file_identity(self.path) == self._identity

    def retake(self, describe_holder) -> None:
        self._lock.release(force=True)
        self._lock = _file_lock(self.path, ACQUIRE_TIMEOUT_S)
        self.acquire(describe_holder)


def held_by_another(cache_dir: Path) -> bool:
    """Is a daemon holding this station right now? (A probe: take the lock without waiting, give it back.)"""
    path = lock_path(cache_dir)
    if not path.exists():
        return False
    probe = _file_lock(path, 0)
    try:
        probe.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    probe.release()
    return False


def _file_lock(path: Path, timeout: float) -> FileLock:
    # Not per thread: the daemon takes it in one thread and may retake it in another.
    return FileLock(str(path), timeout=timeout, is_singleton=False, thread_local=False)


def describe(info: dict | None) -> str:
    """'PID 1234, từ 06:58:02 26/11/2026' from a control file's contents."""
    if not info:
        return "không rõ PID"
    since = ""
    try:
        since = f", chạy từ {dt.datetime.fromisoformat(info['since']):%H:%M:%S %d/%m/%Y}"
    except (KeyError, TypeError, ValueError):
        pass
    return f"PID {info.get('pid', '?')}{since}"


def read_info(path: Path) -> dict | None:
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def stop_hint() -> str:
    how = ("bấm Ctrl+C trong cửa sổ đang chạy đài, hoặc dừng tiến trình đó trong Task Manager (taskkill /PID …)"
           if sys.platform == "win32" else "bấm Ctrl+C trong cửa sổ đang chạy đài, hoặc: kill PID")
    return f"muốn chạy lại thì dừng đài đang chạy trước: {how}."


def current_process() -> dict:
    return {"pid": os.getpid(), "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
