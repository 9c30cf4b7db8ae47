"""The as-run log survives what operators do to its file: deleted, replaced, unwritable."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from radio.errors import StationError
from radio.logbook import Entry, Logbook, read_log
from tests.conftest import run_cli

NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def add(logbook, item):
    logbook.record(Entry(NOW, "06:00 sang", "sang", item), "missed", "thử", NOW)


def test_a_log_deleted_while_open_is_recreated_with_every_row(tmp_path):
    warnings = []
    logbook = Logbook(tmp_path, warn=warnings.append)
    add(logbook, "trước")
    (tmp_path / "logbook.sqlite").unlink()
    add(logbook, "sau")
    logbook.close()
    assert [r["item"] for r in read_log(tmp_path)] == ["trước", "sau"]  # on disk, in a new file
    assert len(warnings) == 1 and "BỊ XÓA" in warnings[0]


def test_a_log_replaced_while_open_is_used_and_the_old_content_kept_beside_it(tmp_path):
    warnings = []
    logbook = Logbook(tmp_path, warn=warnings.append)
    add(logbook, "cũ")
    other = tmp_path / "khac"
    other.mkdir()
    Logbook(other).close()
    os.replace(other / "logbook.sqlite", tmp_path / "logbook.sqlite")
    add(logbook, "mới")
    logbook.close()
    assert [r["item"] for r in read_log(tmp_path)] == ["mới"]
    [saved] = tmp_path.glob("logbook-truoc-*.sqlite")
    assert "BỊ THAY" in warnings[0] and saved.name in warnings[0]
    shutil.copy(saved, other / "logbook.sqlite")
    assert [r["item"] for r in read_log(other)] == ["cũ"]


def test_a_log_the_daemon_has_only_just_created_reads_as_empty_not_as_an_error(tmp_path):
    import sqlite3
    sqlite3.connect(tmp_path / Logbook.FILE).close()  # the file exists, its tables not yet
    assert read_log(tmp_path) == []


def test_a_log_that_is_not_a_database_is_refused_with_the_reason(tmp_path):
    (tmp_path / "logbook.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StationError) as caught:
        Logbook(tmp_path)
    assert "logbook.sqlite" in str(caught.value) and "hỏng" in str(caught.value)


def immutable(path):
    """chattr +i: unwritable even for root (CI runs as root, so chmod proves nothing there)."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available on this file system")


@pytest.mark.slow
def test_run_refuses_to_start_on_an_unwritable_log_instead_of_hanging(station_dir):
    Logbook(station_dir).close()
    path = station_dir / "logbook.sqlite"
    immutable(path)
    try:
        result = run_cli("run", "--output", "null", "--stop-after", "20", cwd=station_dir, timeout=30)
        reading = run_cli("log", cwd=station_dir)
    finally:
        subprocess.run(["chattr", "-i", str(path)])
    assert result.returncode == 1 and "không ghi được nhật ký phát sóng" in result.stderr, result.stderr
    assert "chỉ đọc" in result.stderr and "Traceback" not in result.stderr
    assert reading.returncode == 0  # the log can still be read


@pytest.mark.slow
def test_run_refuses_a_log_path_that_is_a_folder(station_dir):
    (station_dir / "logbook.sqlite").mkdir()
    result = run_cli("run", "--output", "null", "--stop-after", "20", cwd=station_dir, timeout=30)
    assert result.returncode == 1 and "không ghi được nhật ký phát sóng" in result.stderr, result.stderr


def test_a_log_from_before_zones_gains_them_and_keeps_its_rows_and_open_runs(tmp_path):
    """A logbook written by an older daemon (no kind, category, campaign or zone; runs keyed without a
    zone) opens as it is: every row kept, an open run still resumable."""
    import sqlite3
    path = tmp_path / "logbook.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE airings (id INTEGER PRIMARY KEY, scheduled_at TEXT NOT NULL, started_at TEXT, ended_at TEXT,
            slot TEXT NOT NULL, program TEXT NOT NULL, item TEXT NOT NULL, file TEXT,
            priority TEXT NOT NULL DEFAULT 'thuong', voice TEXT, duration_s REAL, status TEXT NOT NULL, reason TEXT,
            item_index INTEGER);
        CREATE TABLE runs (slot TEXT NOT NULL, scheduled_at TEXT NOT NULL, program TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, PRIMARY KEY (slot, scheduled_at));
        INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, status, item_index, duration_s)
            VALUES ('2026-12-01T06:00:00.000+07:00', '2026-12-01T06:00:00.000+07:00',
                    '2026-12-01T06:00:05.000+07:00', '06:00 sang', 'sang', 'intro', 'aired', 0, 5.0);
        INSERT INTO runs VALUES ('06:00 sang', '2026-12-01T06:00:00.000+07:00', 'sang',
                                 '2026-12-01T06:00:00.000+07:00', NULL);
    """)
    old.close()
    from radio.logbook import Logbook, read_log
    logbook = Logbook(tmp_path)
    [run] = logbook.open_runs()
    assert (run.slot, run.resume_index) == ("06:00 sang", 1)
    logbook.close()
    [row] = read_log(tmp_path)
    assert row["item"] == "intro" and row["zone"] == "" and row["kind"] is None
