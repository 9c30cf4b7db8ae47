"""Files appear whole or not at all: write beside the target, then rename over it."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from radio.errors import DiskFull, StationError


def _ordinary_mode() -> int:
    """rw-r--r-- less the user's umask: what a file made by any other program would get."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_ORDINARY_MODE = _ordinary_mode()


@contextlib.contextmanager
def atomic_path(target: Path, mode: int | None = None):
    """Yield a temporary path in the target's folder; on success it replaces `target` in one rename.

    A crash or an error leaves the old file (or no file) behind, never a half-written one.
    `mode`: the file's permissions (an owner-only secret is never readable by others, not even briefly).
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".partial" + target.suffix,
                                        dir=target.parent)
        os.close(handle)
        # mkstemp makes owner-only files; ours are ordinary ones unless asked otherwise
        os.chmod(temp, _ORDINARY_MODE if mode is None else mode)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull(target) from None
        raise StationError(f"không ghi được vào thư mục ({error.strerror}).", target.parent,
                           hint="kiểm tra thư mục có tồn tại và được phép ghi.") from None
    temp_path = Path(temp)
    try:
        yield temp_path
        with open(temp_path, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp_path, target)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull(target) from None
        raise
    finally:
        temp_path.unlink(missing_ok=True)


def write_bytes_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    with atomic_path(target, mode) as temp:
        temp.write_bytes(data)


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` now (device, inode); None when there is none. A file deleted or replaced
    behind an open handle shows as a different identity."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def file_digest(path: Path) -> str:
    """The sha256 of a file, read in blocks (recordings and jingles may be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
