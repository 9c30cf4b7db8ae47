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


NAMED = APPROVAL.replace("""slots:
  - at: "06:00"
    days: daily
    program: sang
""", """  hop:
    title: Tin họp dân
    items:
      - jingle: intro
      - bulletin: hop-dan
      - bulletin: khong-co
  chi-hop:
    title: Chỉ tin họp
    items:
      - bulletin: hop-dan
slots:
  - at: "06:00"
    program: hop
  - at: "17:00"
    program: chi-hop
""")


def test_a_named_bulletin_held_back_is_said_in_the_plan_and_logged_at_air_never_a_silent_gap(tmp_path):
    """A program naming a bulletin that waits for approval, and one that is gone: the plan warns with why and
    how to fix it, and the rehearsed air (the real director) logs each as skipped with the same why; a slot
    left with nothing is announced silent by the plan and logged failed, not shown as a program that airs."""
    import datetime as dt
    import sqlite3
    from radio.schedule.planner import plan_station
    from radio.schedule.simulate import rehearse
    folder = write_station(tmp_path / "dai", NAMED)
    station = load_station(folder)
    day = station.today() + dt.timedelta(days=1)
    [(_, rundown)] = plan_station(station, day, 1)
    waits = [w for w in rundown.notices if "bản tin 'hop-dan' chờ duyệt" in w]
    assert len(waits) == 2 and all("radio approve scripts/hop-dan.md" in w for w in waits), rundown.notices
    assert any("17:00" in w and "'chi-hop' không còn mục nào phát được" in w for w in rundown.notices)
    assert [str(p) for p in rundown.problems if "khong-co" in str(p)]  # a missing file stays an error
    shown = run_cli("plan", "--date", day.isoformat(), cwd=folder)
    assert "(trống: không phát gì" in shown.stdout and "chờ duyệt" in shown.stderr, shown.stdout + shown.stderr
    [(_, week)] = plan_station(station, day, 7)  # the same slot silent all week: one line with its days
    [silent] = [w for w in week.notices if "'chi-hop' không còn mục nào phát được" in w]
    assert silent.endswith(f"({', '.join(f'{day + dt.timedelta(days=n):%d/%m}' for n in range(7))})"), silent

    def rehearsed(log) -> list[tuple]:
        rehearse(load_station(folder), day, 1, log)
        with sqlite3.connect(log) as db:
            return db.execute("SELECT substr(scheduled_at, 12, 5), item, status, reason FROM airings"
                              " ORDER BY id").fetchall()

    rows = rehearsed(tmp_path / "truoc.sqlite")
    morning = [r for r in rows if r[0] == "06:00"]
    assert [r[2] for r in morning if r[1] == "hop-dan.md"] == ["skipped"] and "chờ duyệt" in next(
        r[3] for r in morning if r[1] == "hop-dan.md")
    assert any(r[2] == "skipped" and "không tìm thấy bản tin 'khong-co'" in r[3] for r in morning)
    assert any(r[2] == "aired" for r in morning)  # the jingle still airs
    evening = [r for r in rows if r[0] == "17:00"]
    assert {r[2] for r in evening} == {"skipped", "failed"}, evening

    accounts = Accounts(folder)
    accounts.approve(folder / "scripts" / "hop-dan.md", accounts.add("hung", "duyet", "mat-khau-cua-hung"))
    accounts.close()
    [(_, rundown)] = plan_station(load_station(folder), day, 1)
    assert not [w for w in rundown.notices if "hop-dan" in w or "im lặng" in w], rundown.notices
    rows = rehearsed(tmp_path / "sau.sqlite")
    assert [r[0] for r in rows if r[1] == "Họp dân" and r[2] == "aired"] == ["06:00", "17:00"], rows
