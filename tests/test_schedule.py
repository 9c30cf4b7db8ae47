"""The station running itself, on a simulated clock: slots, day rules, missed slots, restarts, break-in."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import time

import pytest

from radio.logbook import Logbook
from radio.schedule.calendar import parse_days
from radio.schedule.calendar import occurrences
from radio.schedule.planner import Planner
from radio.station import load_station
from tests.conftest import OFFLINE_STATION_HEAD, write_station
from radio.schedule.simulate import SimClock, SimStation

WEEK_SCHEDULE = OFFLINE_STATION_HEAD + """\
  outro: audio/ket-thuc.wav
programs:
  sang:
    title: Buổi sáng
    items:
      - jingle: intro
      - bulletins: "*"
      - jingle: outro
  chieu:
    title: Buổi chiều
    items:
      - bulletin: hop-dan
slots:
  - at: "06:00"
    days: daily
    except: [2026-12-05]
    program: sang
    missed: {policy: late, grace: 15m}
  - at: "17:00"
    days: weekdays
    program: chieu
    missed: {policy: skip}
  - at: "08:00"
    days: [1st tue, 2026-12-03]
    program: chieu
holidays: [2026-12-04]
"""
BULLETINS = {
    "hop-dan.md": "---\ntitle: Họp dân\n---\nẤp 3 họp dân lúc 19h00.\n",
    "tiem-chung.md": "---\ntitle: Tiêm chủng\npriority: uu-tien\nrepeat: 1\n---\nTrạm y tế tiêm chủng ngày 9/12.\n",
}
TZ = "Asia/Ho_Chi_Minh"


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    from zoneinfo import ZoneInfo
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=ZoneInfo(TZ))


@pytest.fixture(params=["UTC", "America/New_York"])
def machine_tz(request, monkeypatch):
    """The PC's own time zone must not matter: station time is Asia/Ho_Chi_Minh."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.delenv("TZ")
    time.tzset()


def test_day_rules():
    rule = parse_days(["1st mon", "last fri", "2026-12-24", "wed"], "2026-01-01", "2026-12-31", ["2026-12-30"])
    assert rule.matches(dt.date(2026, 12, 7))  # first Monday
    assert not rule.matches(dt.date(2026, 12, 14))
    assert rule.matches(dt.date(2026, 12, 25))  # last Friday
    assert rule.matches(dt.date(2026, 12, 24)) and rule.matches(dt.date(2026, 12, 23))
    assert not rule.matches(dt.date(2026, 12, 30))  # exception
    assert not rule.matches(dt.date(2027, 1, 6))  # after the range
    assert not parse_days("weekdays").matches(dt.date(2026, 12, 5))
    assert not rule.matches(dt.date(2026, 12, 23), holidays=frozenset({dt.date(2026, 12, 23)}))


def test_occurrences_are_station_time_whatever_the_machine_zone(tmp_path, machine_tz):
    station = load_station(write_station(tmp_path, WEEK_SCHEDULE, BULLETINS))
    found = occurrences(station, dt.date(2026, 12, 1))  # Tuesday, first of the month
    assert [(o.start.isoformat(), o.label) for o in found] == [
        ("2026-12-01T06:00:00+07:00", "06:00 sang"), ("2026-12-01T08:00:00+07:00", "08:00 chieu"),
        ("2026-12-01T17:00:00+07:00", "17:00 chieu")]
    assert [o.label for o in occurrences(station, dt.date(2026, 12, 4))] == []  # holiday
    assert [o.label for o in occurrences(station, dt.date(2026, 12, 5))] == []  # exception + weekend


def test_rundown_respects_priority_and_repeat(tmp_path):
    station = load_station(write_station(tmp_path, WEEK_SCHEDULE, BULLETINS))
    rundown = Planner(station).day(dt.date(2026, 12, 1))
    sang, chieu8, chieu17 = rundown.airings
    assert [i.title for i in sang.items] == ["intro", "Tiêm chủng", "Họp dân", "outro"]  # ưu tiên first
    assert [i.title for i in chieu8.items] == ["Họp dân"]
    tomorrow = Planner(station).day(dt.date(2026, 12, 2)).airings[0]
    assert [i.title for i in tomorrow.items] == ["intro", "Tiêm chủng", "Họp dân", "outro"]  # repeat is per day


@pytest.mark.slow
def test_a_week_of_broadcasting_with_missed_slots_a_restart_and_an_emergency(tmp_path, machine_tz):
    folder = write_station(tmp_path / "dai", WEEK_SCHEDULE, BULLETINS)
    station = load_station(folder)
    logbook = Logbook(folder)
    clock = SimClock(at(1, 0, 0) - dt.timedelta(days=1))  # Monday 30/11, midnight
    messages: list[str] = []
    life = SimStation(station, logbook, clock, messages)
    life.start()
    life.run_until(at(1, 17, 0, 1), stop_mid_airing=True)  # kill -9 one second into Tuesday 17:00
    clock.t = at(1, 17, 30).timestamp()  # restarted half an hour later
    life = SimStation(station, logbook, clock, messages)
    life.start()
    life.run_until(at(2, 5, 50))  # Wednesday 05:50: the PC is switched off…
    clock.t = at(2, 6, 10).timestamp()  # …and on again at 06:10: within the 15-minute grace
    life = SimStation(station, logbook, clock, messages)
    life.start()
    life.run_until(at(3, 5, 0))
    clock.t = at(3, 7, 0).timestamp()  # Thursday: down from 05:00 to 07:00, the 06:00 slot is missed
    life = SimStation(station, logbook, clock, messages)
    life.start()
    life.run_until(at(7, 0, 0), emergencies=[(at(3, 17, 0, 1), "Bão số 3 đổ bộ, bà con sơ tán ngay.")])
    rows = logbook.rows()

    def of(day, label):
        month = 11 if day > 7 else 12
        return [r for r in rows if r["slot"] == label and r["scheduled_at"].startswith(f"2026-{month}-{day:02d}")]

    # Monday 30/11 and Tuesday morning aired in full, on time, every item logged with offset times
    monday = of(30, "06:00 sang")
    assert [r["item"] for r in monday] == ["intro", "Tiêm chủng", "Họp dân", "outro"]
    assert {r["status"] for r in monday} == {"aired"}
    assert monday[0]["started_at"] == "2026-11-30T06:00:00.000+07:00"
    assert all(r["started_at"] <= s["started_at"] for r, s in zip(monday, monday[1:]))
    # Tuesday 17:00: killed mid-item, logged interrupted, never played twice
    tuesday_evening = of(1, "17:00 chieu")
    assert [(r["item"], r["status"]) for r in tuesday_evening] == [("Họp dân", "interrupted")]
    assert "dừng đột ngột" in tuesday_evening[0]["reason"]
    # Wednesday 06:00 played late (06:10), within grace
    wednesday = of(2, "06:00 sang")
    assert {r["status"] for r in wednesday} == {"aired"}
    assert wednesday[0]["started_at"].startswith("2026-12-02T06:10:00")
    # Thursday 06:00 missed: beyond grace, every item logged missed
    thursday = of(3, "06:00 sang")
    assert {r["status"] for r in thursday} == {"missed"} and len(thursday) == 4
    # Thursday 17:00: the emergency broke in one second into the program, then the item was replayed
    evening = of(3, "17:00 chieu")
    assert [r["status"] for r in evening] == ["interrupted", "aired"]
    emergency = [r for r in rows if r["priority"] == "khan-cap"]
    assert [r["item"] for r in emergency][:1] == ["chuông báo khẩn cấp"]
    assert {r["status"] for r in emergency} == {"aired"} and emergency[0]["slot"] == "khẩn cấp"
    assert emergency[0]["started_at"] == evening[0]["ended_at"]
    # holiday Friday and the exception Saturday have nothing; one-off Thursday 08:00 aired
    assert not of(4, "06:00 sang") and not of(5, "06:00 sang")
    assert {r["status"] for r in of(3, "08:00 chieu")} == {"aired"}
    # nothing aired twice
    keys = [(r["slot"], r["scheduled_at"], r["item"]) for r in rows if r["status"] == "aired" and r["priority"] != "khan-cap"]
    assert len(keys) == len(set(keys))  # the item replayed after the break-in was first logged interrupted


def test_emergency_speaks_with_the_offline_voice_when_the_network_is_down(tmp_path, fake_google):
    fake_google.fail = True
    folder = write_station(tmp_path / "dai", WEEK_SCHEDULE.replace("[espeak]", "[gtts, espeak]"), BULLETINS)
    station = load_station(folder)
    logbook = Logbook(folder)
    clock = SimClock(at(1, 12, 0))
    life = SimStation(station, logbook, clock, [])
    life.run_until(at(1, 12, 1), emergencies=[(at(1, 12, 0, 10), "Cháy rừng ở ấp 2, bà con sơ tán.")])
    rows = logbook.rows()
    assert [(r["item"], r["status"]) for r in rows] == [("chuông báo khẩn cấp", "aired"),
                                                      ("Cháy rừng ở ấp 2, bà con sơ tán.", "aired")]
    assert rows[1]["voice"] == "espeak:vi" and rows[1]["priority"] == "khan-cap"
    assert len(fake_google.requests) == 1  # one short try, no retries: the air does not wait


@pytest.mark.slow
def test_plan_command_json_and_warnings(tmp_path):
    from tests.conftest import run_cli
    bulletins = {**BULLETINS, "het-han.md": "---\nvalid_until: 2026-12-02\n---\nSắp hết hạn.\n"}
    schedule = WEEK_SCHEDULE.replace('''  - at: "08:00"''', '''  - at: "06:00:05"
    days: daily
    program: chieu
  - at: "08:00"''')
    folder = write_station(tmp_path / "dai", schedule, bulletins)
    result = run_cli("plan", "--date", "2026-12-01", "--days", "2", "--json", cwd=folder)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [p["slot"] for p in plan][:3] == ["06:00 sang", "06:00:05 chieu", "08:00 chieu"]
    first = plan[0]
    assert set(first) == {"slot", "program", "start", "on_air", "end", "estimated", "frozen", "items", "zone"}
    assert first["zone"] == "" and not first["frozen"]
    assert first["start"] == "2026-12-01T06:00:00+07:00" and first["end"] == "2026-12-01T06:00:05+07:00"
    assert set(first["items"][0]) == {"kind", "title", "file", "duration_s", "campaign", "cut"}
    assert first["items"][-1]["cut"] and not plan[1]["items"][-1]["cut"]  # 06:00:05 starts on time and cuts it
    assert "chạy quá giờ khung 06:00:05 chieu" in result.stderr and "'het-han' hết hạn ngày 02/12/2026" in result.stderr
    text = run_cli("plan", "--date", "2026-12-01", cwd=folder)
    assert "thứ Ba 01/12 06:00:00" in text.stdout
    check = run_cli("check", cwd=folder)  # the week ahead from today: overlaps are warnings, not errors
    assert check.returncode == 0 and "cảnh báo:" in check.stdout and "chạy quá giờ khung" in check.stdout


@pytest.mark.slow
def test_log_command_formats(tmp_path):
    from tests.conftest import run_cli
    folder = write_station(tmp_path / "dai", WEEK_SCHEDULE, BULLETINS)
    station = load_station(folder)
    logbook = Logbook(folder)
    life = SimStation(station, logbook, SimClock(at(1, 5, 59)), [])
    life.run_until(at(1, 6, 5))
    logbook.close()
    as_json = json.loads(run_cli("log", "--date", "2026-12-01", "--json", cwd=folder).stdout)
    assert len(as_json) == 4 and set(as_json[0]) == {
        "scheduled_at", "started_at", "ended_at", "slot", "program", "item", "file", "priority", "voice",
        "duration_s", "status", "reason", "kind", "category", "campaign", "zone", "unheard_s"}
    assert {r["file"] for r in as_json if r["item"] == "intro"} == {"audio/nhac-hieu.wav"}  # as the station knows it
    assert [r["kind"] for r in as_json] == ["jingle", "bulletin", "bulletin", "jingle"]
    assert all(r["file"].startswith("scripts/") for r in as_json if r["program"] == "sang" and "ấp" in r["item"])
    raw = subprocess.run([sys.executable, "-m", "radio", "log", "--from", "2026-11-30", "--to", "2026-12-01", "--csv"],
                         cwd=folder, capture_output=True).stdout
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw  # Excel reads UTF-8 only with the BOM
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Giờ theo lịch", "Bắt đầu", "Kết thúc", "Khung giờ"] and len(lines) == 5
    assert lines[1][0] == "2026-12-01 06:00:00" and re.fullmatch(r"\d+\.\d", lines[1][9])
    assert lines[1][10] == "đã phát" and lines[1][7] == "thông thường"
    workbook_path = tmp_path / "thang-12.xlsx"
    assert run_cli("log", "--date", "2026-12-01", "--xlsx", str(workbook_path), cwd=folder).returncode == 0
    import openpyxl
    sheet = openpyxl.load_workbook(workbook_path).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "Nhật ký phát sóng Đài" in cells[0][0] and cells[1][0] == "Giờ theo lịch" and len(cells) == 6
    assert cells[2][0] == dt.datetime(2026, 12, 1, 6, 0) and isinstance(cells[2][9], float)
    assert cells[2][10] == "đã phát"
    table = run_cli("log", "--date", "01/12/2026", cwd=folder).stdout
    assert "đã phát" in table and "Tiêm chủng" in table
    assert "Chưa có gì" in run_cli("log", "--date", "2026-12-02", cwd=folder).stdout
    # text that looks like a formula stays text in both exports: opening the log in Excel runs nothing
    from radio.logbook import Entry
    logbook = Logbook(folder)
    logbook.record(Entry(at(2, 6, 0), "sang", "sang", '=HYPERLINK("http://x","Bấm")'), "skipped", "@SUM(A1)")
    logbook.close()
    raw = subprocess.run([sys.executable, "-m", "radio", "log", "--date", "2026-12-02", "--csv"], cwd=folder,
                         capture_output=True).stdout
    row = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[1]
    assert row[5] == '\'=HYPERLINK("http://x","Bấm")' and row[11] == "'@SUM(A1)"
    assert run_cli("log", "--date", "2026-12-02", "--xlsx", str(workbook_path), cwd=folder).returncode == 0
    cell = openpyxl.load_workbook(workbook_path).active["F3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","Bấm")'
