"""Campaigns: schedule.yaml's `campaigns:` checked with file:line, placement that meets a weekly target by
rotating through the pool, the warnings of a pool that runs dry, and a rehearsed quarter whose log proves
what each campaign did."""
from __future__ import annotations

import collections
import datetime as dt

import pytest

from radio.errors import StationError, problems_of
from radio.schedule.rundown import Planner
from radio.station import load_station
from tests.conftest import OFFLINE_STATION_HEAD, write_station

QUARTER = dt.date(2026, 1, 5)  # a Monday; thirteen weeks to 05/04/2026
BASIS = "Kế hoạch số 314/KH-UBND ngày 19/6/2025 của UBND huyện Thống Nhất"
CAMPAIGNS = f"""\
programs:
  sang: {{title: Sáng, items: [{{jingle: intro}}, {{bulletins: "*"}}, {{jingle: intro}}]}}
  chieu: {{title: Chiều, items: [{{jingle: intro}}, {{bulletins: "*"}}]}}
slots:
  - {{at: "06:00", days: daily, program: sang}}
  - {{at: "17:00", days: daily, program: chieu}}
categories:
  chuyển đổi số: 3
  giao thông: 5
  thông báo: 1
campaigns:
  - name: Chuyển đổi số
    basis: {BASIS}
    from: 2026-01-05
    until: 2026-04-05
    category: chuyển đổi số
    target: {{airings: 3, per: week}}
    programs: [sang, chieu]
  - name: An toàn giao thông
    basis: Kế hoạch số 20/KH-UBND của UBND xã
    from: 2026-01-05
    until: 2026-04-05
    files: "atgt-*"
    target: {{airings: 2, per: week}}
    programs: [chieu]
"""
BULLETINS = {
    **{f"cds-{n}.md": f"---\ntitle: Chuyển đổi số kỳ {n}\ncategory: chuyển đổi số\n---\n"
                      f"Kỳ {n}: bà con cài ứng dụng VNeID để làm thủ tục trực tuyến.\n" for n in range(1, 5)},
    # the traffic campaign's pool runs dry at the end of week 4 (Sunday 01/02/2026)
    **{f"atgt-{n}.md": f"---\ntitle: An toàn giao thông {n}\ncategory: giao thông\nvalid_until: 2026-02-01\n---\n"
                       f"Đội mũ bảo hiểm khi đi xe máy, bài {n}.\n" for n in range(1, 3)},
    "thoi-tiet.md": "---\ntitle: Thời tiết\ncategory: thông báo\n---\nTrời nắng, chiều có mưa rào.\n",
}


@pytest.fixture
def folder(tmp_path):
    return write_station(tmp_path / "dai", OFFLINE_STATION_HEAD + CAMPAIGNS, BULLETINS)


def week_of(day: dt.date) -> int:
    return (day - QUARTER).days // 7 + 1


def test_placement_meets_the_weekly_target_rotating_through_the_pool(folder):
    rundown = Planner(load_station(folder)).days(QUARTER, 91)
    placed = [(airing, item) for airing in rundown.airings for item in airing.items if item.campaign]
    digital = [(a, i) for a, i in placed if i.campaign == "Chuyển đổi số"]
    per_week = collections.Counter(week_of(a.start.date()) for a, _ in digital)
    assert per_week == {week: 3 for week in range(1, 14)}
    counts = collections.Counter(i.value.name for _, i in digital)
    assert set(counts) == {"cds-1", "cds-2", "cds-3", "cds-4"} and max(counts.values()) - min(counts.values()) <= 1
    by_day = collections.defaultdict(list)
    for airing, item in digital:
        by_day[airing.start.date()].append(item.value.name)
    assert all(len(names) == len(set(names)) for names in by_day.values())  # never twice in a day
    days = sorted({a.start.date() for a, _ in digital if week_of(a.start.date()) == 2})
    assert len(days) == 3  # spread over the week, not bunched
    # a campaign's bulletins air where it places them, never also through a program's "*"
    assert not [i for a in rundown.airings for i in a.items if i.kind == "bulletin" and not i.campaign
                and i.value.name.startswith(("cds-", "atgt-"))]
    assert all(a.occurrence.slot.program == "chieu" for a, i in placed if i.campaign == "An toàn giao thông")
    # the campaign items sit after the program's own bulletins, before its closing jingle
    morning = next(a for a, i in digital if a.occurrence.slot.program == "sang")
    assert [i.kind for i in morning.items][-1] == "jingle" and morning.items[-2].campaign == "Chuyển đổi số"


def test_a_pool_that_runs_dry_is_warned_with_its_weeks_and_numbers(folder):
    rundown = Planner(load_station(folder)).days(QUARTER, 91)
    traffic = collections.Counter(week_of(a.start.date()) for a in rundown.airings for i in a.items
                                  if i.campaign == "An toàn giao thông")
    assert traffic == {week: 2 for week in range(1, 5)}
    dry = [w for w in rundown.notices if "An toàn giao thông" in w]
    assert len(dry) == 9 and "tuần 02/02–08/02/2026: chỉ xếp được 0/2 lần phát" in dry[0]
    assert "không có bản tin nào dùng được trong nhóm" in dry[0]
    assert not [w for w in rundown.notices if "Chuyển đổi số" in w]


@pytest.mark.parametrize("old, new, says, line", [
    ("programs: [sang, chieu]", "programs: [sang, toi]", "chương trình 'toi' chưa khai báo", 27),
    ("target: {airings: 3, per: week}", "target: {airings: 0, per: week}", "'airings: 0' phải là số dương", 26),
    ("target: {airings: 3, per: week}", "target: {airings: 3, per: fortnight}", "'per: fortnight' không hợp lệ", 26),
    ("until: 2026-04-05\n    category: chuyển", "until: 2025-04-05\n    category: chuyển", "kết thúc (05/04/2025) trước",
     24),
    ("category: chuyển đổi số\n    target", "category: văn hóa\n    target", "lĩnh vực 'văn hóa' không có", 25),
])
def test_bad_campaigns_are_refused_with_their_line(folder, old, new, says, line):
    text = (OFFLINE_STATION_HEAD + CAMPAIGNS).replace(old, new, 1)
    (folder / "schedule.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(StationError) as raised:
        load_station(folder)
    problems = problems_of(raised.value)
    assert len(problems) == 1 and says in str(problems[0]) and problems[0].line == line, [str(p) for p in problems]


def test_radio_check_warns_of_empty_pools_shared_pools_and_targets_it_cannot_meet(folder):
    from radio.checks import check_station
    today = load_station(folder).today()
    text = (OFFLINE_STATION_HEAD + CAMPAIGNS).replace("2026-01-05", f"{today:%Y-%m-%d}").replace(
        "2026-04-05", f"{today + dt.timedelta(days=60):%Y-%m-%d}")
    text = text.replace("  thông báo: 1\n", "  thông báo: 1\n  giáo dục: 5\n") + """\
  - name: Khuyến học
    from: 2026-01-01
    until: 2027-12-31
    category: giáo dục
    target: {minutes: 10, per: month}
    programs: [sang]
  - name: Chuyển đổi số (nhắc lại)
    from: 2026-01-01
    until: 2027-12-31
    files: "cds-*"
    target: {airings: 1, per: week}
    programs: [sang]
"""
    (folder / "schedule.yaml").write_text(text, encoding="utf-8")
    found = [f.describe(folder) for f in check_station(folder) if "chiến dịch" in f.describe(folder)]
    lines = {int(f.split(":")[1]) for f in found}
    assert any("schedule.yaml:36: cảnh báo: chiến dịch 'Khuyến học': lĩnh vực 'giáo dục' không khớp" in f for f in found)
    assert any("42: cảnh báo: chiến dịch 'Chuyển đổi số (nhắc lại)' và 'Chuyển đổi số' (dòng 22) cùng lấy bản tin "
               "cds-1, cds-2" in f for f in found)
    assert any(":36: cảnh báo: chiến dịch 'Khuyến học', tháng" in f and "chỉ xếp được 0.0/10 phút" in f for f in found)
    assert any("'An toàn giao thông', tuần" in f and "0/2 lần phát" in f for f in found)  # its pool expired
    assert lines == {29, 36, 42}, found
