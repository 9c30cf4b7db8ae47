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

    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text += f" Cách sửa: {self.hint}"
        where = self.where()
        return f"{where}: {text}" if where else text


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
