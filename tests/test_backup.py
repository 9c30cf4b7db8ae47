"""A station backed up while its daemon writes the log, restored on a "new PC" (a new folder), compared row by
row; a crafted or damaged backup refused with words."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

from radio.accounts import Accounts, content_sha256
from radio.logbook import PLAYING_REASON, read_log
from tests.conftest import run_cli, write_station
from tests.test_daemon import BULLETINS, SCHEDULE, TZ, slot_lines, start_daemon, wait_for


def rows_of(folder: Path) -> dict[int, tuple]:
    db = sqlite3.connect(folder / "logbook.sqlite")
    try:
        return {row[0]: row[1:] for row in db.execute(
            "SELECT id, scheduled_at, started_at, ended_at, item, status, reason FROM airings ORDER BY id")}
    finally:
        db.close()


def test_a_backup_taken_while_the_daemon_writes_restores_every_row_account_and_approval(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    # Slots enough to outlast the backups on a loaded machine: the test needs rows written after the backup too (with
    # four slots, a CI whose CPU was busy elsewhere had aired them all before the second backup returned).
    slots = [(now + dt.timedelta(seconds=6 + 4 * n), "ngan") for n in range(12)]
    folder = write_station(tmp_path / "gia-tan-1", SCHEDULE.format(slots=slot_lines(*slots)), BULLETINS)
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("station:\n", "station:\n  approval: required\n"),
                        encoding="utf-8")
    accounts = Accounts(folder)
    approver = accounts.add("hung", "duyet", "mat-khau-cua-hung")
    bulletin = folder / "scripts" / "hop-dan.md"  # the one the slots air: each slot then logs one row
    accounts.approve(bulletin, approver)
    accounts.close()
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    try:
        assert wait_for(lambda: len(read_log(folder)) >= 3, 60)  # a log just created has no table yet: no rows
        missing = run_cli("backup", str(tmp_path / "usb" / "gia-tan-1.zip"), cwd=folder)
        assert missing.returncode != 0 and "không có thư mục" in missing.stderr, missing.stderr
        (tmp_path / "usb").mkdir()
        before = rows_of(folder)
        made = run_cli("backup", str(tmp_path / "usb" / "gia-tan-1.zip"), cwd=folder)  # the daemon still writing
        assert made.returncode == 0, made.stderr
        after = rows_of(folder)
        assert wait_for(lambda: len(rows_of(folder)) > len(after), 60)  # it went on writing after
    finally:
        daemon.terminate()
        daemon.communicate(timeout=60)
    restored = run_cli("restore", str(tmp_path / "usb" / "gia-tan-1.zip"), str(tmp_path / "may-moi"), cwd=tmp_path)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Kiểm tra: không có lỗi." in restored.stdout
    new = tmp_path / "may-moi"
    copied, source = rows_of(new), rows_of(folder)
    assert len(before) <= len(copied) <= len(after)  # the log as it stood at one instant of the backup
    for row_id, row in copied.items():  # every row as the station had it; one on air then ended later
        on_air_then = row[5] == PLAYING_REASON and row[:2] + row[3:4] == source[row_id][:2] + source[row_id][3:4]
        assert row == source[row_id] or on_air_then, (row, source[row_id])
    db = sqlite3.connect(new / "logbook.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    accounts = Accounts(new)
    try:
        assert [u.name for u in accounts.users()] == ["hung"] and accounts.verify("hung", "mat-khau-cua-hung")
        restored_bulletin = new / "scripts" / bulletin.name
        assert content_sha256(restored_bulletin) == content_sha256(bulletin)
        assert accounts.state(restored_bulletin) == "da-duyet"  # the approval came along
    finally:
        accounts.close()
    assert oct((new / "accounts.sqlite").stat().st_mode & 0o777) == "0o600"
    assert not (new / "audio" / "rendered").exists()
    plan = run_cli("plan", "--json", cwd=new)
    assert plan.returncode == 0 and json.loads(plan.stdout) is not None


def test_a_restore_refuses_an_occupied_folder_a_crafted_path_and_a_damaged_file(tmp_path, sample_station):
    assert run_cli("backup", str(tmp_path / "dai.zip"), cwd=sample_station).returncode == 0
    inside = run_cli("backup", str(sample_station / "dai.zip"), cwd=sample_station)
    assert inside.returncode != 0 and "ngoài thư mục đài" in inside.stderr
    occupied = run_cli("restore", str(tmp_path / "dai.zip"), str(sample_station), cwd=tmp_path)
    assert occupied.returncode != 0 and "mới hoặc trống" in occupied.stderr
    with zipfile.ZipFile(tmp_path / "dai.zip") as good, zipfile.ZipFile(tmp_path / "xau.zip", "w") as bad:
        manifest = json.loads(good.read("radio-backup.json"))
        manifest["files"]["../ngoai.txt"] = {"sha256": "0" * 64, "size": 1}
        bad.writestr("radio-backup.json", json.dumps(manifest))
        for name in good.namelist():
            if name != "radio-backup.json":
                bad.writestr(name, good.read(name))
        bad.writestr("../ngoai.txt", "x")
    crafted = run_cli("restore", str(tmp_path / "xau.zip"), str(tmp_path / "moi"), cwd=tmp_path)
    assert crafted.returncode != 0 and "đường dẫn không hợp lệ: ../ngoai.txt" in crafted.stderr
    assert not (tmp_path / "ngoai.txt").exists()
    with zipfile.ZipFile(tmp_path / "dai.zip") as good, zipfile.ZipFile(tmp_path / "hong.zip", "w") as bad:
        for name in good.namelist():
            data = good.read(name)
            bad.writestr(name, data.replace(b"UBND", b"UBMD") if name == "schedule.yaml" else data)
    damaged = run_cli("restore", str(tmp_path / "hong.zip"), str(tmp_path / "moi2"), cwd=tmp_path)
    assert damaged.returncode != 0 and "schedule.yaml trong bản sao lưu bị hỏng" in damaged.stderr
