"""Files appear whole or not at all: write beside the target, then rename over it."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from radio.errors import StationError


@contextlib.contextmanager
def atomic_path(target: Path):
    """Yield a temporary path in the target's folder; on success it replaces `target` in one rename.

    A crash or an error leaves the old file (or no file) behind, never a half-written one.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".partial" + target.suffix,
                                        dir=target.parent)
        os.close(handle)
    except OSError as error:
        raise StationError(f"không ghi được vào thư mục ({error.strerror}).", target.parent,
                           hint="kiểm tra thư mục có tồn tại và được phép ghi.") from None
    temp_path = Path(temp)
    try:
        yield temp_path
        with open(temp_path, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp_path, target)
    finally:
        temp_path.unlink(missing_ok=True)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
