"""Bulletins with their own air times (`times:`/`days:`, what the province's LichPhat arrives as), on the sample
station as shipped with its campaign, approval and two zones switched on: the plan shows each at its times, in
its zone, after a program still on air, and nowhere else; the real daemon airs exactly that."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from radio.accounts import Accounts
from radio.schedule.calendar import parse_days
from tests.conftest import run_cli
from tests.test_daemon import TZ, log_rows, start_daemon, stop_daemon, wait_for
from tests.test_plan_airs import sample_station

TIMED = "tiem-chung.md"  # category "y tế", repeat: 2 — matched by the sample's programs until it has times


def all_features_on(folder, aired) -> None:
    """Approval required (an approver approves every bulletin) and two hamlets, each to its own file: output."""
    schedule = folder / "schedule.yaml"
    text = schedule.read_text("utf-8").replace("  dialect: north", "  dialect: north\n  approval: required")
    zones = (f'zones:\n  ap-1: {{name: Ấp 1, output: "file:{aired / "ap-1"}"}}\n'
             f'  ap-2: {{name: Ấp 2, output: "file:{aired / "ap-2"}"}}\n')
    schedule.write_text(text.replace("programs:\n", zones + "programs:\n", 1), "utf-8")
    accounts = Accounts(folder)
    approver = accounts.add("hung", "duyet", "mat-khau-cua-hung")
    for path in sorted((folder / "scripts").iterdir()):
        accounts.approve(path, approver)
    accounts.close()


def give_times(folder, front: str) -> None:
    """The bulletin's repeat: replaced by its own times (the two do not go together)."""
    path = folder / "scripts" / TIMED
    path.write_text(path.read_text("utf-8").replace("repeat: 2\n", front), "utf-8")


def approve_all(folder) -> None:
    accounts = Accounts(folder)
    approver = next(user for user in accounts.users() if user.role == "duyet")
    for path in sorted((folder / "scripts").iterdir()):
        accounts.approve(path, approver)
    accounts.close()


def plan_of(folder, day: dt.date, days: int = 1) -> list[dict]:
    result = run_cli("plan", "--date", day.isoformat(), "--days", str(days), "--json", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def titles(slot: dict) -> list[str]:
    return [item["title"] for item in slot["items"]]


def test_days_of_the_month_and_the_weekday_names_officers_write():
    monthly = parse_days([1, "ngày 15", "ngày 31"])
    assert [d for d in range(1, 32) if monthly.matches(dt.date(2026, 12, d))] == [1, 15, 31]
    assert [d for d in range(1, 29) if monthly.matches(dt.date(2027, 2, d))] == [1, 15]  # no 31st: skipped
    assert [d for d in range(1, 15) if parse_days(["thứ hai", "CN"]).matches(dt.date(2026, 12, d))] == [6, 7, 13, 14]
    with pytest.raises(ValueError, match="ngày trong tháng"):
        parse_days([32])


def test_the_plan_shows_a_timed_bulletin_at_its_times_in_its_zone_after_the_program_and_nowhere_else(tmp_path):
    monday = dt.date(2026, 12, 7)
    folder = sample_station(tmp_path / "dai", [(dt.datetime(2026, 1, 1, 6, 0), "sang"),
                                               (dt.datetime(2026, 1, 1, 17, 0), "chieu")])
    all_features_on(folder, tmp_path / "aired")
    before = plan_of(folder, monday)
    assert any("tiêm chủng" in title for slot in before for title in titles(slot))  # airs in the programs today
    give_times(folder, 'times: ["06:00", "11:30"]\ndays: [thứ hai]\nzones: [ap-1]\n')
    approve_all(folder)  # an edit needs approving again, timed or not
    plan = plan_of(folder, monday, days=7)
    timed = [slot for slot in plan if slot["program"] == "@tiem-chung"]
    assert [(slot["zone"], slot["start"][11:16]) for slot in timed] == [("ap-1", "06:00"), ("ap-1", "11:30")]
    assert all(titles(slot) == ["Thông báo ngày tiêm chủng mở rộng tháng 12"] for slot in timed)
    morning = next(slot for slot in plan if slot["zone"] == "ap-1" and slot["slot"] == "06:00 sang"
                   and slot["start"].startswith(monday.isoformat()))
    assert timed[0]["on_air"] == morning["end"]  # waits for the morning program, never cuts it
    programs = [slot for slot in plan if slot["program"] in ("sang", "chieu")]
    assert programs and not any("tiêm chủng" in title for slot in programs for title in titles(slot))
    assert any(item["campaign"] for slot in programs for item in slot["items"])  # the campaign still places
    # The text plan says where and when, in the officer's words; radio check agrees.
    shown = run_cli("plan", "--date", monday.isoformat(), cwd=folder)
    text = shown.stdout + shown.stderr  # the warnings on stderr
    assert "(giờ phát riêng) chờ chương trình trước phát xong" in text
    assert "Bản tin «Thông báo ngày tiêm chủng mở rộng tháng 12»" in text
    # An edit not yet approved: the plan shows it will not air, and says why.
    path = folder / "scripts" / TIMED
    path.write_text(path.read_text("utf-8").replace("Thời gian:", "Thời gian tiêm:"), "utf-8")
    held = run_cli("plan", "--date", monday.isoformat(), cwd=folder).stderr
    assert "@tiem-chung" not in json.dumps(plan_of(folder, monday))
    assert "chưa được duyệt: không phát giờ này" in held
    # and the rehearsal of that day, through the real director, airs exactly that: no slot, no failure
    rehearsed = run_cli("simulate", "--from", monday.isoformat(), "--days", "1", "--log", "r.sqlite", cwd=folder)
    assert rehearsed.returncode == 0, rehearsed.stdout + rehearsed.stderr
    rows = json.loads(run_cli("log", "--log", "r.sqlite", "--date", monday.isoformat(), "--json", cwd=folder).stdout)
    assert rows and not [row for row in rows if "tiem-chung" in row["slot"] or row["status"] == "failed"], rows


def test_the_rehearsal_airs_each_zone_as_its_plan_shows_timed_bulletin_included(tmp_path):
    """`radio simulate` rehearses every zone as the daemon airs them (a director per zone), so a week's plan and
    its rehearsal agree slot by slot in each zone, where a bulletin's own time shares a minute with a program."""
    monday = dt.date(2026, 12, 7)
    folder = sample_station(tmp_path / "dai", [(dt.datetime(2026, 1, 1, 6, 0), "sang"),
                                               (dt.datetime(2026, 1, 1, 17, 0), "chieu")])
    all_features_on(folder, tmp_path / "aired")
    give_times(folder, 'times: ["06:00", "11:30"]\ndays: [thứ hai, thứ năm]\nzones: [ap-1]\n')
    approve_all(folder)
    plan = plan_of(folder, monday, days=7)
    rehearsed = run_cli("simulate", "--from", monday.isoformat(), "--days", "7", "--log", "r.sqlite", cwd=folder)
    assert rehearsed.returncode == 0, rehearsed.stdout + rehearsed.stderr
    rows = json.loads(run_cli("log", "--log", "r.sqlite", "--from", monday.isoformat(), "--to",
                              (monday + dt.timedelta(days=6)).isoformat(), "--json", cwd=folder).stdout)
    aired: dict[tuple, list[str]] = {}
    for row in rows:
        aired.setdefault((row["zone"], row["scheduled_at"][:19], row["slot"]), []).append(row["item"])
    planned = {(slot["zone"], slot["start"][:19], slot["slot"]): titles(slot) for slot in plan}
    assert {zone for zone, *_ in planned} == {"ap-1", "ap-2"} and len(planned) == 7 * 4 + 4
    assert aired == planned


@pytest.mark.parametrize("front, message, line", [
    ('times: ["25:00"]\n', "giờ phát '25:00' không hợp lệ", 7),
    ('days: [mon]\n', "'days' (ngày phát) chỉ dùng cùng 'times'", 7),
    ('times: ["06:30"]\ndays: [someday]\n', "ngày phát 'someday' không hiểu được", 8),
])
def test_a_wrong_air_time_is_named_with_its_file_and_line(tmp_path, front, message, line):
    folder = sample_station(tmp_path / "dai", [(dt.datetime(2026, 1, 1, 6, 0), "sang")])
    give_times(folder, front)
    check = run_cli("check", cwd=folder)
    assert check.returncode != 0 and "Traceback" not in check.stderr + check.stdout
    assert re.search(rf"scripts/{TIMED}:{line}: .*{re.escape(message)}", check.stdout + check.stderr), \
        check.stdout + check.stderr


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
def test_the_daemon_airs_a_timed_bulletin_once_in_its_zone_when_the_program_before_it_ends(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    start = now + dt.timedelta(seconds=30)
    folder = sample_station(tmp_path / "dai", [(start, "ngan")], lambda text: text.replace(
        "programs:\n", "programs:\n  ngan:\n    title: Nhạc hiệu\n    items:\n      - jingle: intro\n"
                       "      - jingle: outro\n", 1))
    all_features_on(folder, tmp_path / "aired")
    give_times(folder, 'times: ["23:59"]\nzones: [ap-1]\n')
    approve_all(folder)
    daemon = start_daemon(folder, tz="Asia/Ho_Chi_Minh")
    try:  # the running station is told a new time (the province's schedule update), written in place
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 30)
        path = folder / "scripts" / TIMED
        path.write_text(path.read_text("utf-8").replace("23:59", f"{start + dt.timedelta(seconds=2):%H:%M:%S}"),
                        "utf-8")
        approve_all(folder)
        plan = [slot for slot in plan_of(folder, start.date()) if slot["start"][:19] >= start.isoformat()[:19]]
        assert any(slot["program"] == "@tiem-chung" for slot in plan)
        assert wait_for(lambda: any(row["item"].startswith("Thông báo ngày tiêm chủng")
                                    and row["status"] == "aired" for row in log_rows(folder)), 150), log_rows(folder)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
    rows = [row for row in log_rows(folder) if row["scheduled_at"][:19] >= start.isoformat()[:19]]
    # exactly what the plan showed, zone by zone, in order
    assert sorted((row["zone"], row["slot"], row["item"]) for row in rows) == sorted(
        (slot["zone"], slot["slot"], title) for slot in plan for title in titles(slot)), (rows, plan, output)
    timed = [row for row in rows if row["slot"].endswith("@tiem-chung")]
    assert [(row["zone"], row["status"]) for row in timed] == [("ap-1", "aired")], (timed, output)
    program_end = max(dt.datetime.fromisoformat(row["ended_at"]) for row in rows
                      if row["zone"] == "ap-1" and row["slot"].endswith("ngan"))
    assert dt.datetime.fromisoformat(timed[0]["started_at"]) >= program_end
    assert (tmp_path / "aired" / "ap-1").is_dir() and "Traceback" not in output


def test_the_console_shows_a_timed_bulletins_own_times_and_its_slot_by_the_bulletins_title(tmp_path):
    from tests.test_console import login, station_with
    folder = station_with(tmp_path, {"hung": "duyet"})
    timed = folder / "scripts" / "mat-dien.md"
    timed.write_text("---\ntitle: Lịch cắt điện tuần này\ntimes: [\"11:30\"]\ndays: [mon, thu, 15]\n---\n"
                     "Điện lực Thống Nhất thông báo lịch cắt điện ấp 1.\n", encoding="utf-8")
    accounts = Accounts(folder)
    approver = next(user for user in accounts.users() if user.name == "hung")
    for path in sorted((folder / "scripts").iterdir()):
        accounts.approve(path, approver)
    accounts.close()
    client, _ = login(folder, "hung", "mat-khau-cua-hung")
    page = client.get("/ban-tin/mat-dien").text
    assert "Giờ phát riêng: 11:30 · thứ Hai, thứ Năm; ngày 15 hằng tháng" in page
    schedule = client.get("/lich-phat").text
    assert "Bản tin «Lịch cắt điện tuần này»" in schedule and "11:30" in schedule
    soon = dt.datetime.now(TZ) + dt.timedelta(minutes=2)  # a timed bulletin nobody approved: next is not it
    (folder / "scripts" / "chua-duyet.md").write_text(f"---\ntimes: [\"{soon:%H:%M}\"]\n---\nChưa duyệt.\n", "utf-8")
    following = client.get("/api/status").json()["next"]
    assert following["program"] in ("sang", "@mat-dien"), following
    plan = client.get("/api/plan?days=7").json()
    assert {slot["program"] for slot in plan} == {"sang", "@mat-dien"}
    assert all("cắt điện" not in json.dumps(slot["items"], ensure_ascii=False)
               for slot in plan if slot["program"] == "sang")


def test_radio_render_makes_a_timed_bulletins_own_program_ahead_on_the_days_it_airs(tmp_path):
    from tests.conftest import write_station
    folder = write_station(tmp_path / "dai")
    (folder / "scripts" / "mat-dien.md").write_text(
        "---\ntitle: Lịch cắt điện\ntimes: [\"11:30\"]\ndays: [mon]\n---\nĐiện lực thông báo cắt điện ấp 1.\n",
        encoding="utf-8")
    names = {}
    for day in ("2026-12-07", "2026-12-08"):  # a Monday, then a Tuesday
        done = run_cli("render", "--date", day, "--json", cwd=folder)
        assert done.returncode == 0, done.stderr
        names[day] = {row["name"] for row in json.loads(done.stdout)}
    assert "@mat-dien" in names["2026-12-07"] and "@mat-dien" not in names["2026-12-08"]
    assert "sang" in names["2026-12-08"]
