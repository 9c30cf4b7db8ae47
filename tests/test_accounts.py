"""Accounts, roles and approval: who may put what on the air."""
from __future__ import annotations

import pytest

from radio.accounts import Accounts
from radio.errors import StationError
from radio.schedule.planner import Planner
from radio.station import load_station
from tests.conftest import SMALL_SCHEDULE, run_cli, write_station

APPROVAL = SMALL_SCHEDULE.replace("  timezone: Asia/Ho_Chi_Minh", "  timezone: Asia/Ho_Chi_Minh\n  approval: required")


def airing(folder) -> list[str]:
    station = load_station(folder)
    items, _ = Planner(station).program_items(station.programs["sang"], station.today())
    return [item.path.name for item in items if item.kind == "bulletin"]


def test_accounts_keep_hashes_not_passwords_and_check_them(tmp_path):
    accounts = Accounts(tmp_path)
    accounts.add("lan", "bien-tap", "mat-khau-cua-lan")
    assert accounts.verify("lan", "mat-khau-cua-lan").role == "bien-tap"
    assert accounts.verify("lan", "sai-mat-khau") is None and accounts.verify("khong-co", "x" * 10) is None
    assert b"mat-khau-cua-lan" not in (tmp_path / "accounts.sqlite").read_bytes()
    for bad in (lambda: accounts.add("lan", "duyet", "12345678"), lambda: accounts.add("hung", "chu-tich", "12345678"),
                lambda: accounts.add("hung", "duyet", "ngan"), lambda: accounts.add("hai tu", "duyet", "12345678")):
        with pytest.raises(StationError):
            bad()
    accounts.set_password("lan", "mat-khau-moi-1")
    assert accounts.verify("lan", "mat-khau-moi-1") and not accounts.verify("lan", "mat-khau-cua-lan")
    accounts.remove("lan")
    assert accounts.users() == []


def test_with_approval_required_only_an_approved_bulletin_as_it_is_now_airs(tmp_path):
    folder = write_station(tmp_path / "dai", APPROVAL)
    accounts = Accounts(folder)
    editor = accounts.add("lan", "bien-tap", "mat-khau-cua-lan")
    approver = accounts.add("hung", "duyet", "mat-khau-cua-hung")
    bulletin = folder / "scripts" / "hop-dan.md"
    assert airing(folder) == []  # nothing approved yet: nothing airs
    with pytest.raises(StationError):
        accounts.approve(bulletin, editor)  # an editor cannot approve
    accounts.approve(bulletin, approver)
    assert accounts.state(bulletin) == "da-duyet" and airing(folder) == ["hop-dan.md"]
    bulletin.write_text(bulletin.read_text("utf-8").replace("19h00", "19h30"), encoding="utf-8")
    assert accounts.state(bulletin) == "cho-duyet" and airing(folder) == []  # edited: back for approval
    with pytest.raises(StationError):
        accounts.send_back(bulletin, approver, "")  # returning needs a comment
    accounts.send_back(bulletin, approver, "Giờ họp chưa đúng")
    assert accounts.state(bulletin) == "tra-lai"
    assert [(h["actor"], h["action"]) for h in accounts.history("bulletin:hop-dan.md")] == [
        ("hung", "duyệt"), ("hung", "trả lại")]
    assert airing(write_station(tmp_path / "khong-duyet")) == ["canh-bao.txt", "hop-dan.md"]  # approval off


@pytest.mark.slow
def test_user_and_approve_commands_and_check_lists_what_waits(tmp_path):
    folder = write_station(tmp_path / "dai", APPROVAL)
    check = run_cli("check", cwd=folder)
    assert "chưa có người duyệt" in check.stdout and "radio user add TÊN --role duyet" in check.stdout
    assert run_cli("user", "add", "hung", "--role", "duyet", cwd=folder, stdin="mat-khau-cua-hung\n").returncode == 0
    listed = run_cli("user", "list", cwd=folder)
    assert "hung" in listed.stdout and "duyệt" in listed.stdout
    check = run_cli("check", cwd=folder)
    assert "hop-dan.md: cảnh báo: chờ duyệt: chưa lên sóng" in check.stdout
    wrong = run_cli("approve", "scripts/hop-dan.md", "--user", "hung", cwd=folder, stdin="sai\n")
    assert wrong.returncode == 1 and "sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    right = run_cli("approve", "scripts/hop-dan.md", "--user", "hung", cwd=folder, stdin="mat-khau-cua-hung\n")
    assert right.returncode == 0 and "hop-dan.md: đã duyệt (bởi hung)" in right.stdout, right.stderr
    assert "hop-dan.md: cảnh báo" not in run_cli("check", cwd=folder).stdout
    plan = run_cli("plan", cwd=folder).stdout
    assert "Họp dân" in plan and "UBND xã thông báo" not in plan  # the unapproved one is not planned
