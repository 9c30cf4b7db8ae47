"""Report benchmark (issue 9): a year of as-run rows for a busy station (100,375 rows: eleven programs a
day of 25 items, two campaigns, six categories, some missed and interrupted), then `radio report` for the
year as JSON, XLSX and DOCX, each against a baseline measured in the same run: one SELECT ... GROUP BY over
the same rows (target: each <= 3 s). Then `radio simulate --days 90` over a station with two campaigns,
time per simulated day, against one bare `radio plan` of a day.

Usage: python bench/report.py
"""
from __future__ import annotations

import datetime as dt
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from radio.logbook import Logbook  # noqa: E402
from tests.conftest import OFFLINE_STATION_HEAD, write_station  # noqa: E402
from tests.test_campaigns import BULLETINS, CAMPAIGNS  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CATEGORIES = ["thông báo", "chuyển đổi số", "giao thông", "y tế", "nông nghiệp", "an ninh"]


def busy_year(folder: Path) -> int:
    """A year (2025) of rows, eleven programs a day, written in one transaction (a bench set-up)."""
    schedule = OFFLINE_STATION_HEAD + CAMPAIGNS.replace("2026-01-05", "2025-01-01").replace("2026-04-05", "2025-12-31")
    write_station(folder, schedule, BULLETINS)
    logbook = Logbook(folder)
    draw = random.Random(314)
    count = 0
    with logbook._use() as db:
        db.execute("BEGIN")
        day = dt.date(2025, 1, 1)
        while day.year == 2025:
            for hour in (5, 6, 7, 9, 11, 13, 15, 16, 17, 18, 20):
                at = dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)
                moment = at
                for index in range(25):
                    kind = "jingle" if index in (0, 24) else "relay" if index == 12 and hour == 18 else "bulletin"
                    category = draw.choice(CATEGORIES) if kind == "bulletin" else None
                    campaign = ("Chuyển đổi số" if category == "chuyển đổi số" and index % 3 == 0 else
                                "An toàn giao thông" if category == "giao thông" and index % 4 == 0 else None)
                    status = draw.choices(["aired", "missed", "interrupted"], [97, 2, 1])[0]
                    seconds = 900.0 if kind == "relay" else draw.uniform(20, 120) if status != "missed" else 0.0
                    db.execute("INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, file,"
                               " priority, voice, duration_s, status, reason, item_index, kind, category, campaign)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                               (at.isoformat(), moment.isoformat(), moment.isoformat(), f"{hour:02d}:00 sang", "sang",
                                f"Mục {index}", f"scripts/tin-{index}.md", "thuong", "espeak:vi", seconds, status,
                                "thử" if status != "aired" else None, index, kind, category, campaign))
                    moment += dt.timedelta(seconds=seconds + 1)
                    count += 1
            day += dt.timedelta(days=1)
        db.execute("COMMIT")
    logbook.close()
    return count


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "radio", *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "dai"
        rows = busy_year(folder)
        started = time.perf_counter()
        db = sqlite3.connect(folder / "logbook.sqlite")
        grouped = db.execute("SELECT category, status, count(*), sum(duration_s) FROM airings WHERE "
                             "julianday(scheduled_at) >= julianday('2025-01-01T00:00:00+07:00') AND "
                             "julianday(scheduled_at) < julianday('2026-01-01T00:00:00+07:00') "
                             "GROUP BY category, status").fetchall()
        db.close()
        baseline = time.perf_counter() - started
        startup = timed(["--help"], folder)  # the interpreter and the CLI starting, in every command below
        print(f"{rows:,} as-run rows; baseline: one SELECT … GROUP BY over them {1000 * baseline:.0f} ms "
              f"({len(grouped)} groups); a bare `radio --help` {startup:.2f} s")
        year = ["report", "--from", "2025-01-01", "--to", "2025-12-31"]
        for name, extra in (("JSON", ["--json"]), ("XLSX", ["--xlsx", str(Path(temp) / "nam.xlsx")]),
                            ("DOCX", ["--docx", str(Path(temp) / "nam.docx")])):
            seconds = timed(year + extra, folder)
            print(f"radio report, a year, {name}: {seconds:.2f} s ({seconds / baseline:.0f}× the GROUP BY; "
                  f"{seconds - startup:.2f} s after start-up)   target <= 3 s {'ok' if seconds <= 3 else 'OVER'}")
        day = timed(["plan", "--date", "2026-01-05"], folder)
        seconds = timed(["simulate", "--from", "2026-01-05", "--days", "90", "--log", str(Path(temp) / "d.sqlite")],
                        folder)
        print(f"radio simulate --days 90: {seconds:.1f} s, {1000 * seconds / 90:.0f} ms per simulated day "
              f"(a bare radio plan of one day: {1000 * day:.0f} ms)")


if __name__ == "__main__":
    main()
