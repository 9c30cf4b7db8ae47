"""The as-run log: what was scheduled, what actually aired, when, for how long, and why not.

SQLite in WAL mode in the station folder, one row per item per airing. A row is written when the item
starts, as 'interrupted' ("đang phát"), and set to 'aired' when it ends: a daemon killed mid-item leaves a
row that already tells the truth, and the next start only stamps its end.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

STATUSES = ("aired", "interrupted", "skipped", "missed", "failed")
FIELDS = ("scheduled_at", "started_at", "ended_at", "slot", "program", "item", "file", "priority", "voice",
          "duration_s", "status", "reason")
PLAYING_REASON = "đang phát"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS airings (
    id INTEGER PRIMARY KEY,
    scheduled_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    slot TEXT NOT NULL,
    program TEXT NOT NULL,
    item TEXT NOT NULL,
    file TEXT,
    priority TEXT NOT NULL DEFAULT 'thuong',
    voice TEXT,
    duration_s REAL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS airings_scheduled ON airings (scheduled_at);
CREATE INDEX IF NOT EXISTS airings_slot ON airings (slot, scheduled_at);
CREATE TABLE IF NOT EXISTS heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), last_seen TEXT NOT NULL);
"""


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


@dataclass(frozen=True)
class Entry:
    """What is known of an item before it airs."""
    scheduled_at: dt.datetime
    slot: str
    program: str
    item: str
    file: str = ""
    priority: str = "thuong"
    voice: str = ""
    duration_s: float = 0.0


class Logbook:
    FILE = "logbook.sqlite"

    def __init__(self, folder: Path):
        self.path = Path(folder) / self.FILE
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA cache_size=-1024")  # 1 MB: a daemon that runs for months stays small
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def started(self, entry: Entry, started_at: dt.datetime) -> int:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO airings (scheduled_at, started_at, slot, program, item, file, priority, voice,"
                " duration_s, status, reason) VALUES (?,?,?,?,?,?,?,?,?,'interrupted',?)",
                (iso(entry.scheduled_at), iso(started_at), entry.slot, entry.program, entry.item, entry.file,
                 entry.priority, entry.voice, entry.duration_s, PLAYING_REASON))
            return cursor.lastrowid

    def ended(self, row_id: int, ended_at: dt.datetime, status: str = "aired", reason: str = "") -> None:
        assert status in STATUSES
        with self._lock:
            self._db.execute(
                "UPDATE airings SET ended_at=?, status=?, reason=?, duration_s="
                " (julianday(?) - julianday(started_at)) * 86400.0 WHERE id=?",
                (iso(ended_at), status, reason or None, iso(ended_at), row_id))

    def record(self, entry: Entry, status: str, reason: str, at: dt.datetime | None = None) -> None:
        """An item that did not air (skipped, missed, failed): one row, no start."""
        assert status in STATUSES
        with self._lock:
            self._db.execute(
                "INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, file, priority,"
                " voice, duration_s, status, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (iso(entry.scheduled_at), iso(at), iso(at), entry.slot, entry.program, entry.item, entry.file,
                 entry.priority, entry.voice, entry.duration_s if status == "aired" else 0.0, status, reason))

    def close_unfinished(self, now: dt.datetime, reason: str) -> int:
        """Rows left 'đang phát' by a daemon that died: stamp them interrupted, with why."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE airings SET ended_at=COALESCE(ended_at, ?), reason=? WHERE status='interrupted'"
                " AND reason=?", (iso(now), reason, PLAYING_REASON))
            return cursor.rowcount

    def heartbeat(self, now: dt.datetime) -> None:
        """The daemon was alive at `now`: slots before this were not missed through its absence."""
        with self._lock:
            self._db.execute("INSERT INTO heartbeat (id, last_seen) VALUES (1, ?) "
                             "ON CONFLICT(id) DO UPDATE SET last_seen=excluded.last_seen", (iso(now),))

    def last_seen(self) -> dt.datetime | None:
        with self._lock:
            row = self._db.execute("SELECT last_seen FROM heartbeat WHERE id=1").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row else None

    def has_airing(self, slot: str, scheduled_at: dt.datetime) -> bool:
        """Was this slot occurrence already started, logged missed or skipped? Then it never plays again."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM airings WHERE slot=? AND scheduled_at=? LIMIT 1",
                                   (slot, iso(scheduled_at))).fetchone()
        return row is not None

    def rows(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[dict]:
        query = f"SELECT {', '.join(FIELDS)} FROM airings"
        clauses, args = [], []
        if start:
            clauses.append("julianday(scheduled_at) >= julianday(?)")
            args.append(iso(start))
        if end:
            clauses.append("julianday(scheduled_at) < julianday(?)")
            args.append(iso(end))
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY julianday(scheduled_at), id"
        with self._lock:
            return [dict(zip(FIELDS, row)) for row in self._db.execute(query, args)]


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
