"""The daemon as a real subprocess against a file: output, read back through its recordings and its log."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest

from tests.audio_checks import duration, loudness
from tests.conftest import OFFLINE_STATION_HEAD, run_cli, write_station

pytestmark = pytest.mark.slow
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

SCHEDULE = OFFLINE_STATION_HEAD + """\
programs:
  ngan:
    title: Bản tin ngắn
    items:
      - bulletin: hop-dan
  dai:
    title: Chương trình dài
    items:
      - jingle: intro
      - bulletins: "*"
slots:
{slots}
"""
BULLETINS = {
    "hop-dan.md": "Ấp 3 họp dân lúc 19h00 tại nhà văn hóa.\n",
    "tiem-chung.md": "Trạm y tế xã tổ chức tiêm chủng mở rộng vào ngày 09/12/2026 cho trẻ em dưới 5 tuổi. "
                     "Phụ huynh mang theo sổ tiêm chủng và thẻ bảo hiểm y tế của trẻ.\n",
}


def slot_lines(*entries: tuple[dt.datetime, str]) -> str:
    return "\n".join(f'  - at: "{when:%H:%M:%S}"\n    program: {program}' for when, program in entries)


def start_daemon(folder, *args, tz="America/New_York"):
    env = {**os.environ, "TZ": tz, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "radio", "run", *args], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")


def log_rows(folder):
    result = run_cli("log", "--json", cwd=folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_daemon_airs_slots_on_time_takes_an_emergency_and_survives_a_broken_edit(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    first, second = now + dt.timedelta(seconds=8), now + dt.timedelta(seconds=14)
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((first, "ngan"), (second, "dai"))),
                           BULLETINS)
    recordings = tmp_path / "aired"
    daemon = start_daemon(folder, "--output", f"file:{recordings}", "--stop-after", "45")
    try:
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 15)
        (folder / "schedule.yaml").write_text("station: [broken\n", encoding="utf-8")  # staff's bad edit
        wait_for(lambda: dt.datetime.now(TZ) > second + dt.timedelta(seconds=3), 30)
        answer = run_cli("emergency", "--text", "Bão số 3 đổ bộ, bà con sơ tán ngay.", cwd=folder)
        assert answer.returncode == 0 and "Đài đang chạy" in answer.stdout, answer.stdout + answer.stderr
        output, _ = daemon.communicate(timeout=60)
    finally:
        daemon.kill()
    assert daemon.returncode == 0, output
    assert "Đài: Đài xã Thử Nghiệm" in output and "Lịch hôm nay:" in output and "Khung giờ tiếp theo" in output
    assert "schedule.yaml có lỗi, vẫn dùng lịch cũ" in output and "schedule.yaml:2: lỗi cú pháp YAML" in output
    rows = log_rows(folder)
    aired = [r for r in rows if r["status"] == "aired"]
    short = [r for r in rows if r["slot"].endswith("ngan")]
    assert [r["status"] for r in short] == ["aired"]
    lateness = (dt.datetime.fromisoformat(short[0]["started_at"]) - first).total_seconds()
    assert 0 <= lateness < 1.0  # on time, in broadcast terms
    long_program = [r for r in rows if r["slot"].endswith("dai")]
    assert [r["item"] for r in long_program][0] == "intro"
    assert any(r["status"] == "interrupted" and "khẩn cấp" in r["reason"] for r in long_program)
    assert long_program[-1]["status"] == "aired"  # resumed after the break-in, to the end
    emergency = [r for r in rows if r["priority"] == "khan-cap"]
    assert emergency and {r["status"] for r in emergency} == {"aired"} and emergency[0]["slot"] == "khẩn cấp"
    for row in aired:
        assert row["ended_at"] >= row["started_at"]
    files = sorted(recordings.glob("*.wav"))
    assert len(files) >= 3  # the short program, the long one (cut), the emergency, the resumed long one
    for path in files:
        assert duration(path) > 0.5 and loudness(path).lufs > -30  # real audio went out, not silence


def test_kill_minus_nine_mid_program_then_restart_never_replays(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    start = now + dt.timedelta(seconds=6)
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((start, "dai"))), BULLETINS)
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    database = folder / "logbook.sqlite"

    def playing():
        try:
            with sqlite3.connect(database) as db:
                return db.execute("SELECT count(*) FROM airings").fetchone()[0] >= 2
        except sqlite3.Error:
            return False

    try:
        assert wait_for(playing, 30)
        os.kill(daemon.pid, signal.SIGKILL)
        daemon.wait(10)
    finally:
        daemon.kill()
    again = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}", "--stop-after", "4")
    output, _ = again.communicate(timeout=60)
    assert again.returncode == 0, output
    assert "dừng đột ngột" in output
    rows = log_rows(folder)
    interrupted = [r for r in rows if r["status"] == "interrupted"]
    assert len(interrupted) == 1 and "dừng đột ngột" in interrupted[0]["reason"]
    assert len({r["item"] for r in rows}) == len(rows)  # nothing aired twice


def test_broken_schedule_refuses_to_start_with_file_and_line(tmp_path):
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots='  - at: "25:00"\n    program: ngan'), BULLETINS)
    result = run_cli("run", "--output", "null", "--stop-after", "1", cwd=folder)
    assert result.returncode == 1 and "schedule.yaml:" in result.stderr and "Traceback" not in result.stderr


def test_no_sound_card_records_to_files_and_says_so_loudly(tmp_path, no_sound_card):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((now + dt.timedelta(seconds=9), "ngan"))),
                           BULLETINS)
    result = run_cli("run", "--output", "device", "--stop-after", "16", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KHÔNG PHÁT ĐƯỢC RA LOA" in result.stdout
    assert list((folder / "audio" / "rendered" / "recorded").glob("*.wav"))
    assert [r["status"] for r in log_rows(folder)] == ["aired"]


def test_emergency_without_daemon_plays_directly_and_is_logged(station_dir, tmp_path):
    result = run_cli("emergency", "--text", "Cháy rừng ở ấp 2, bà con tránh xa.", "--output", f"file:{tmp_path}",
                     cwd=station_dir)
    assert result.returncode == 0, result.stderr
    assert "Đài không chạy: phát trực tiếp" in result.stdout
    [recorded] = tmp_path.glob("*.wav")
    assert duration(recorded) > 2
    rows = log_rows(station_dir)
    assert rows and {r["priority"] for r in rows} == {"khan-cap"} and {r["status"] for r in rows} == {"aired"}
