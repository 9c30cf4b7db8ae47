"""What the plan shows is what airs: the sample station as shipped (campaign, categories, jingles, bulletins),
through the real daemon with a file: output, compared item by item with `radio plan --json`."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, run_cli
from tests.test_daemon import TZ, _rows_of, log_rows, start_daemon, stop_daemon, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wall-clock")]


def sample_station(folder, slots: list[tuple[dt.datetime, str]], edit=lambda text: text):
    """A copy of the repository's sample station with its slots replaced (and the offline voice only: a test
    never waits on the network)."""
    shutil.copytree(REPO / "scripts", folder / "scripts")
    shutil.copytree(REPO / "audio", folder / "audio", ignore=shutil.ignore_patterns("rendered"))
    text = (REPO / "schedule.yaml").read_text("utf-8")
    (folder / "schedule.yaml").write_text(edit(text.replace("engines: [gtts, espeak]", "engines: [espeak]")),
                                          encoding="utf-8")
    set_slots(folder, slots)
    return folder


def set_slots(folder, slots: list[tuple[dt.datetime, str]]) -> None:
    schedule = folder / "schedule.yaml"
    lines = "".join(f'  - at: "{when:%H:%M:%S}"\n    program: {program}\n' for when, program in slots)
    schedule.write_text(re.sub(r"^slots:\n(?:  .*\n)+", "slots:\n" + lines, schedule.read_text("utf-8"), flags=re.M),
                        encoding="utf-8")


def planned(folder, day: dt.date) -> dict[str, list[dict]]:
    result = run_cli("plan", "--date", day.isoformat(), "--json", cwd=folder)
    assert result.returncode == 0, result.stderr
    return {slot["start"][:19]: slot for slot in json.loads(result.stdout)}


def aired_by_slot(folder) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in log_rows(folder):
        if row["slot"] != "khẩn cấp":
            found.setdefault(row["scheduled_at"][:19], []).append(row)
    return found


def busy_cpu():
    """A CPU-bound neighbour, as on a station PC that also does the office's work."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def test_consecutive_slots_start_on_the_sample_and_cut_what_runs_over_as_the_plan_said(tmp_path):
    later = dt.datetime.now(TZ).replace(microsecond=0) + dt.timedelta(minutes=10)
    folder = sample_station(tmp_path / "dai", [(later + dt.timedelta(seconds=8 * n), "sang") for n in range(4)])
    # made ahead, as on a real day (the render-ahead runs long before the slots): this is about the starts
    assert run_cli("render", "--date", later.date().isoformat(), cwd=folder).returncode == 0
    now = dt.datetime.now(TZ).replace(microsecond=0)  # the slots move close once the programs are made
    starts = [now + dt.timedelta(seconds=25 + 8 * n) for n in range(4)]
    set_slots(folder, [(start, "sang") for start in starts])
    plan = planned(folder, starts[0].date())
    hog = busy_cpu()
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}", tz="Asia/Ho_Chi_Minh")
    try:
        assert wait_for(lambda: dt.datetime.now(TZ) > starts[-1] + dt.timedelta(seconds=4), 90)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
        hog.kill()
    aired = aired_by_slot(folder)
    for index, start in enumerate(starts):
        key = start.isoformat()[:19]
        assert key in aired, (key, sorted(aired), output[-4000:])
        rows, slot = aired[key], plan[key]
        first = dt.datetime.fromisoformat(rows[0]["started_at"])
        assert 0 <= (first - start).total_seconds() < 0.05, (key, rows[0], output)  # on the sample, busy CPU
        titles = [i["title"] for i in slot["items"]]
        if index == len(starts) - 1:  # stopped by the operator a few seconds in, not by a slot
            assert [r["item"] for r in rows] == titles[:len(rows)]
            continue
        assert [r["item"] for r in rows] == titles  # the plan's items, in order: aired, cut or missed
        assert [r["status"] for r in rows if r["status"] != "aired"][0] == "interrupted"
        assert [r["status"] != "aired" for r in rows] == [i["cut"] for i in slot["items"]]  # what the plan marked
        cut = [r for r in rows if r["status"] != "aired"]
        assert {r["status"] for r in cut[1:]} <= {"missed"}
        following = plan[starts[index + 1].isoformat()[:19]]["slot"]  # "20:45:33 sang", or "20:46 sang" on :00
        assert all(r["reason"] == f"hết giờ: khung {following} bắt đầu" for r in cut), \
            [(r["item"], r["status"], r["reason"]) for r in cut]
    check = run_cli("check", cwd=folder)
    assert "chạy quá giờ khung" in check.stdout


def test_a_program_cut_by_a_power_failure_resumes_as_it_was_planned_and_the_next_one_repeats_nothing(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    first, second = now + dt.timedelta(seconds=25), now + dt.timedelta(seconds=25 + 200)
    # The sample's campaign asks more than the day's two slots can give: each carries the Kế hoạch 314 bulletin.
    folder = sample_station(tmp_path / "dai", [(first, "ngan"), (second, "ngan")], lambda text: text.replace(
        "programs:\n", "programs:\n  ngan:\n    title: Bản tin ngắn\n    items:\n      - jingle: intro\n"
                       "      - bulletin: hop-dan-ap-3\n      - jingle: outro\n", 1).replace(
        "target: {airings: 3, per: week}\n    programs: [sang, chieu]",
        "target: {airings: 14, per: week}\n    programs: [ngan]").replace("speed: 1.0", "speed: 1.3"))
    plan = planned(folder, first.date())
    planned_first = [i["title"] for i in plan[first.isoformat()[:19]]["items"]]
    assert any(i["campaign"] for i in plan[first.isoformat()[:19]]["items"])
    recordings = tmp_path / "aired"
    database = folder / "logbook.sqlite"
    daemon = start_daemon(folder, "--output", f"file:{recordings}", tz="Asia/Ho_Chi_Minh")
    try:  # a third of the way through: into the campaign's bulletin
        assert wait_for(lambda: _rows_of(database, "SELECT 1 FROM airings WHERE item_index=2"), 90)
        time.sleep(3)
        os.kill(daemon.pid, signal.SIGKILL)
        daemon.wait(10)
    finally:
        daemon.kill()
    # While it was down, staff edit the campaign (the plan would now give the slot more): the cut program is
    # already made and resumes as it was.
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("bulletin: hop-dan-ap-3", "bulletins: \"*\""), "utf-8")
    again = start_daemon(folder, "--output", f"file:{recordings}", tz="Asia/Ho_Chi_Minh")
    try:
        assert wait_for(lambda: len(_rows_of(database, "SELECT 1 FROM runs WHERE finished_at IS NOT NULL")) == 1, 150)
        replan = planned(folder, first.date())  # asked while the resumed program has aired and the next waits
        output = stop_daemon(again)
    finally:
        again.kill()
    assert "Phát tiếp" in output and "từ mục thứ 3" in output, output
    # the restart banner calls the program being resumed cut, not past
    banner = next(line for line in output.splitlines() if f"{first:%H:%M:%S}–" in line)
    assert "bị ngắt giữa chừng" in banner and "đã qua" not in banner, banner
    rows = aired_by_slot(folder)[first.isoformat()[:19]]
    assert [r["item"] for r in rows if r["status"] == "aired"] == planned_first  # each once, in the planned order
    assert [r["status"] for r in rows].count("interrupted") == 1
    assert [i["title"] for i in replan[first.isoformat()[:19]]["items"]] == planned_first  # shown as it aired
    # The next slot carries the campaign as laid out, and no second copy of what the resumed one aired.
    later = [i for i in replan[second.isoformat()[:19]]["items"] if i["campaign"]]
    assert len(later) == 1, replan[second.isoformat()[:19]]


def test_a_fortnight_rehearsed_from_a_campaigns_first_day_meets_both_weeks_and_exits_0(tmp_path):
    tomorrow = dt.datetime.now(TZ).date() + dt.timedelta(days=1)
    folder = sample_station(tmp_path / "dai", [(dt.datetime(2026, 1, 1, 6, 0), "sang"), (dt.datetime(2026, 1, 1, 17, 0),
                                                                                          "chieu")],
                            lambda text: text.replace("from: 2025-07-01", f"from: {tomorrow.isoformat()}"))
    done = run_cli("simulate", "--from", tomorrow.isoformat(), "--days", "14", "--log", "dien-tap.sqlite", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "đạt 2/2 kỳ đã kết thúc" in done.stdout and "KHÔNG ĐẠT" not in done.stdout
    longer = run_cli("simulate", "--from", tomorrow.isoformat(), "--days", "17", "--log", "dai-hon.sqlite", cwd=folder)
    assert longer.returncode == 0 and "ĐANG DIỄN RA" in longer.stdout  # the third week, three days in
