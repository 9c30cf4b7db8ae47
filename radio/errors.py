"""Errors an operator reads: always a file, a line where there is one, and what to do."""
from __future__ import annotations

from pathlib import Path


class StationError(Exception):
    """A problem in the station's own files or set-up, worded in Vietnamese for the operator."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def where(self, folder: Path | None = None) -> str:
        """file:line; with `folder`, a file inside it named from there (scripts/tin.md:5), as the console
        shows it to an officer who knows the station's folder, not the PC's."""
        if self.path is None:
            return ""
        path = self.path
        if folder is not None and path.is_relative_to(folder):
            path = path.relative_to(folder).as_posix()
        return f"{path}:{self.line}" if self.line else str(path)

    def describe(self, folder: Path | None = None) -> str:
        text = self.message
        if self.hint:
            text += f" Cách sửa: {self.hint}"
        where = self.where(folder)
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.describe()


class ProblemList(StationError):
    """Several problems found at once (a whole file checked, not just its first mistake)."""

    def __init__(self, problems: list[StationError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def problems_of(error: StationError) -> list[StationError]:
    """The individual problems inside an error (one, or each of a ProblemList)."""
    return list(error.problems) if isinstance(error, ProblemList) else [error]


class DiskFull(StationError):
    """The disk ran out of space while writing: nothing was half-written, the previous file is still there."""

    def __init__(self, path: str | Path | None, needed_bytes: int | None = None):
        need = f" Cần thêm ít nhất {max(1, needed_bytes // 1_000_000)} MB trống." if needed_bytes else ""
        super().__init__(f"ổ đĩa đầy, không ghi được tệp này; bản cũ (nếu có) vẫn giữ nguyên và vẫn phát được.{need}",
                         path, hint="xóa bớt tệp không cần trên ổ đĩa (ví dụ các bản lưu cũ trong "
                                    "audio/rendered/archive/), rồi chạy lại.")
        self.needed_bytes = needed_bytes


class Interrupted(KeyboardInterrupt):
    """The operator's Ctrl+C, as a helper (ffmpeg) died of it: a stop, never a problem to report, so it is
    no StationError and passes every handler that collects problems."""
