"""Upgrades keep everything: a log and an accounts file made by each earlier schema's own code (the fixtures in
tests/data/schemas/, made by make.py there) open with today's code, migrate, and keep every row, user and
approval; a migration that cannot finish leaves the old file exactly as it was and says so."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from radio.accounts import Accounts
from radio.errors import StationError
from radio.files import file_digest
from radio.logbook import Logbook
from tests.conftest import run_cli

SCHEMAS = Path(__file__).parent / "data" / "schemas"
LOGBOOKS = sorted(SCHEMAS.glob("*-logbook.sqlite"))
ACCOUNTS = sorted(SCHEMAS.glob("*-accounts.sqlite"))


@pytest.mark.parametrize("fixture", LOGBOOKS, ids=lambda path: path.name.split("-")[0])
def test_a_log_of_an_earlier_schema_opens_migrates_and_keeps_every_row(fixture, sample_station):
    shutil.copyfile(fixture, sample_station / "logbook.sqlite")
    Logbook(sample_station).close()  # what radio run does first: the file is brought up to date
    shown = run_cli("log", "--from", "2026-11-21", "--to", "2026-11-25", "--json", cwd=sample_station)
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    assert [r["item"] for r in rows] == [f"Mục {n}" for n in range(1, 6)]
    assert [r["status"] for r in rows] == ["aired", "aired", "failed", "aired", "aired"]
    assert rows[2]["reason"] == "tệp hỏng" and all(r["duration_s"] == 9.0 for r in rows)
    report = json.loads(run_cli("report", "--from", "2026-11-21", "--to", "2026-11-25", "--json",
                                cwd=sample_station).stdout)
    assert report["totals"]["items"] == 4 and report["totals"]["failed"] == 1
    again = Logbook(sample_station)  # opened again: nothing more to do, nothing lost
    again.close()
    assert len(json.loads(run_cli("log", "--from", "2026-11-21", "--to", "2026-11-25", "--json",
                                  cwd=sample_station).stdout)) == 5


@pytest.mark.parametrize("fixture", ACCOUNTS, ids=lambda path: path.name.split("-")[0])
def test_an_accounts_file_of_an_earlier_schema_keeps_its_users_and_approvals(fixture, sample_station):
    shutil.copyfile(fixture, sample_station / "accounts.sqlite")
    accounts = Accounts(sample_station)
    try:
        assert [u.name for u in accounts.users()] == ["hung"]
        user = accounts.verify("hung", "mat-khau-cua-hung")
        assert user is not None and user.can_approve
        assert accounts.history("bulletin:tiem-chung.md")[0]["action"] == "duyệt"
        accounts.add("lan", "bien-tap", "mat-khau-cua-lan")  # and it is writable in today's shape
        session, _ = accounts.start_session(user)
        assert accounts.session(session)[0].name == "hung"
    finally:
        accounts.close()
    assert run_cli("user", "list", cwd=sample_station).returncode == 0


@pytest.mark.parametrize("fixture, opener, table, column", [
    (LOGBOOKS[0], Logbook, "airings", "zone"), (ACCOUNTS[0], Accounts, "users", "strong")],
    ids=["log", "accounts"])
def test_a_migration_that_cannot_finish_leaves_the_old_file_untouched_and_says_so(fixture, opener, table, column,
                                                                                  sample_station):
    target = sample_station / opener.FILE
    shutil.copyfile(fixture, target)
    before = file_digest(target)
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file (a backup tool, a second copy)
    try:
        with pytest.raises(StationError) as refused:
            opener(sample_station)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "tệp giữ nguyên như cũ, chưa nâng cấp" in refused.value.message
    assert file_digest(target) == before
    opener(sample_station).close()  # once free, it upgrades
    db = sqlite3.connect(target)
    assert column in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    db.close()
