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
    env = {**os.environ, "TZ": tz, "PYTHONIOENCODING": "utf-8", "PYTHONFAULTHANDLER": "1"}
    return subprocess.Popen([sys.executable, "-m", "radio", "run", *args], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")


def stop_daemon(daemon, timeout: float = 60) -> str:
    """SIGTERM, as the service manager stops the station, and its output; a daemon that does not stop in time
    is made to print where each of its threads stands (faulthandler, on SIGABRT) and the test fails with it."""
    daemon.send_signal(signal.SIGTERM)
    try:
        return daemon.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        daemon.send_signal(signal.SIGABRT)
        stacks = daemon.communicate(timeout=30)[0]
        pytest.fail(f"the daemon did not stop within {timeout:.0f} s of SIGTERM:\n{stacks[-6000:]}")


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
    daemon = start_daemon(folder, "--output", f"file:{recordings}")
    database = folder / "logbook.sqlite"
    try:
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 15)
        (folder / "schedule.yaml").write_text("station: [broken\n", encoding="utf-8")  # staff's bad edit
        wait_for(lambda: dt.datetime.now(TZ) > second + dt.timedelta(seconds=3), 30)
        answer = run_cli("emergency", "--text", "Bão số 3 đổ bộ, bà con sơ tán ngay.", cwd=folder)
        assert answer.returncode == 0 and "Đài đang chạy" in answer.stdout, answer.stdout + answer.stderr
        # stop once the long program has aired to its end after the break-in (no fixed wait)
        assert wait_for(lambda: len(_rows_of(database, "SELECT 1 FROM runs WHERE finished_at IS NOT NULL")) == 2, 60)
        output = stop_daemon(daemon)
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


def _rows_of(database, query, *args):
    try:
        with sqlite3.connect(database) as db:
            return db.execute(query, args).fetchall()
    except sqlite3.Error:
        return []


# A short item, a long one to cut, a short one after it: what a power cut mid-program puts to the test.
CUT_SCHEDULE = SCHEDULE.replace("""  ngan:""", """  cat:
    title: Chương trình bị cắt điện
    items:
      - bulletin: mo
      - bulletin: tiem-chung
      - bulletin: ket
  ngan:""")
CUT_BULLETINS = {**BULLETINS, "mo.md": "Kính chào bà con.\n", "ket.md": "Xin cảm ơn bà con đã lắng nghe.\n"}


def test_power_cut_mid_program_resumes_the_cut_item_and_every_item_airs_exactly_once(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    start = now + dt.timedelta(seconds=5)
    folder = write_station(tmp_path / "dai", CUT_SCHEDULE.format(slots=slot_lines((start, "cat"))), CUT_BULLETINS)
    recordings = tmp_path / "aired"
    daemon = start_daemon(folder, "--output", f"file:{recordings}")
    database = folder / "logbook.sqlite"
    try:  # cut two seconds into the first bulletin (after the intro), as a power failure would
        assert wait_for(lambda: _rows_of(database, "SELECT 1 FROM airings WHERE item_index=1"), 40)
        time.sleep(2.0)
        os.kill(daemon.pid, signal.SIGKILL)
        cut_at = dt.datetime.now(TZ)
        daemon.wait(10)
    finally:
        daemon.kill()
    again = start_daemon(folder, "--output", f"file:{recordings}")
    try:
        finished = wait_for(lambda: _rows_of(database, "SELECT 1 FROM runs WHERE finished_at IS NOT NULL"), 60)
        output = stop_daemon(again, 30)
    finally:
        again.kill()
    assert finished, output
    assert "dừng giữa chừng: 1 mục" in output and "Phát tiếp" in output and "từ mục thứ 2" in output
    rows = log_rows(folder)
    program = [r for r in rows if r["slot"].endswith("cat")]
    titles = list(dict.fromkeys(r["item"] for r in program))  # the three bulletins, in order
    assert len(titles) == 3 and titles[1].startswith("Trạm y tế")
    assert [r["item"] for r in program if r["status"] == "aired"] == titles  # each exactly once, in order
    [cut] = [r for r in program if r["status"] == "interrupted"]
    assert cut["item"] == titles[1] and "dừng đột ngột" in cut["reason"]
    heard = (cut_at - dt.datetime.fromisoformat(cut["started_at"])).total_seconds()
    assert abs(cut["duration_s"] - heard) < 0.8, (cut, heard)  # what was heard, not the planned length
    resumed = next(r for r in program if r["item"] == titles[1] and r["status"] == "aired")
    assert dt.datetime.fromisoformat(resumed["started_at"]) > cut_at  # replayed from its start after the cut
    files = sorted(recordings.glob("*.wav"))
    assert len(files) == 2 and all(loudness(path).lufs > -30 for path in files)  # before and after the cut
    named = dt.datetime.strptime(files[0].name[:15], "%Y%m%d-%H%M%S")  # station time, the PC is in New York
    assert abs((named - start.replace(tzinfo=None)).total_seconds()) < 5
    assert duration(files[1]) > duration(files[0])  # the resumed part holds the cut item and the rest


def test_power_cut_past_the_grace_logs_every_item_that_did_not_air_as_missed(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    start = now + dt.timedelta(seconds=6)
    schedule = CUT_SCHEDULE.format(slots=slot_lines((start, "cat")) + "\n    missed: {policy: late, grace: 1s}")
    folder = write_station(tmp_path / "dai", schedule, CUT_BULLETINS)
    daemon = start_daemon(folder, "--output", "null")
    database = folder / "logbook.sqlite"
    try:
        assert wait_for(lambda: _rows_of(database, "SELECT 1 FROM airings WHERE item_index=1"), 40)
        os.kill(daemon.pid, signal.SIGKILL)
        daemon.wait(10)
    finally:
        daemon.kill()
    time.sleep(1.5)  # the power comes back after the slot's grace
    output = run_cli("run", "--output", "null", "--stop-after", "3", cwd=folder).stdout
    assert "LỠ phần còn lại" in output
    program = [r for r in log_rows(folder) if r["slot"].endswith("cat")]
    assert [r["status"] for r in program] == ["aired", "interrupted", "missed"]
    assert program[1]["item"].startswith("Trạm y tế") and program[2]["item"].startswith("Xin cảm ơn")
    assert "quá hạn phát muộn" in program[-1]["reason"]
    assert program[-1]["started_at"] is None and program[-1]["ended_at"]  # never started; when it was known


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


def test_one_daemon_per_station_and_play_and_emergency_go_through_it(tmp_path):
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []"), BULLETINS)
    recordings = tmp_path / "aired"
    daemon = start_daemon(folder, "--output", f"file:{recordings}")
    control = folder / ".radio-cache" / "control.json"
    try:
        assert wait_for(control.exists, 20)
        started = time.monotonic()
        second = run_cli("run", "--output", "null", "--stop-after", "30", cwd=folder)
        assert second.returncode == 1 and time.monotonic() - started < 10  # refuses at once, never plays
        assert f"PID {daemon.pid}" in second.stderr and "đang chạy" in second.stderr and "Ctrl+C" in second.stderr
        assert "Traceback" not in second.stderr

        control.unlink()  # an over-eager clean-up while the station runs
        (folder / "logbook.sqlite").unlink()
        answer = run_cli("emergency", "--text", "Đê bị vỡ, bà con lên chỗ cao ngay.", "--output", "null", cwd=folder)
        assert answer.returncode == 0, answer.stdout + answer.stderr
        assert "Đài đang chạy: tin khẩn cấp lên sóng lúc" in answer.stdout  # the daemon aired it, not a 2nd output

        played = run_cli("play", "ngan", "--output", "null", cwd=folder)
        assert played.returncode == 0, played.stderr
        assert "Đài đang chạy: chương trình «Bản tin ngắn» lên sóng lúc" in played.stdout
        assert wait_for(lambda: any(r["slot"] == "phát tay" and r["status"] == "aired" for r in log_rows(folder)), 30)
        output = stop_daemon(daemon, 30)
    finally:
        daemon.kill()
    assert "Tệp điều khiển của đài bị xóa" in output and "NHẬT KÝ PHÁT SÓNG BỊ XÓA" in output
    rows = log_rows(folder)
    aired = [r["slot"] for r in rows if r["status"] == "aired"]
    assert aired == ["khẩn cấp", "khẩn cấp", "phát tay"]  # the tone, the text, the play
    assert len(list(recordings.glob("*.wav"))) == 2  # one output only: everything went through the daemon


class Impostor:
    """Something else listening on the port a stale control file names: it records what it is sent."""

    def __init__(self, answer: bytes):
        import socket
        import threading
        self.received = b""
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.answer = answer
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.received += connection.recv(65536)
                    connection.sendall(self.answer)
                    self.received += connection.recv(65536)
                except OSError:
                    pass


def hold_lock(folder):
    """A process that holds the station's lock, as a daemon would."""
    script = ("import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
              "print('held', flush=True); time.sleep(120)")
    (folder / ".radio-cache").mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", script, str(folder / ".radio-cache" / "station.lock")],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.parametrize("answer", [b'{"ok": true, "message": "ok"}\n', b"HTTP/1.0 200 OK\r\n\r\nhello\n"])
def test_the_control_channel_is_not_fooled_by_a_stale_file_or_an_impostor(station_dir, tmp_path, answer):
    secret = "a" * 64
    impostor = Impostor(answer)
    control = station_dir / ".radio-cache" / "control.json"
    control.parent.mkdir(exist_ok=True)
    control.write_text(json.dumps({"port": impostor.port, "secret": secret, "pid": 999999,
                                   "since": "2026-11-26T06:00:00+07:00"}))
    # No daemon holds the station: the stale file is not trusted; the command plays by itself.
    alone = run_cli("emergency", "--text", "Cháy ở ấp 2.", "--output", f"file:{tmp_path / 'out'}", cwd=station_dir)
    assert alone.returncode == 0 and "Đài không chạy: phát trực tiếp" in alone.stdout, alone.stderr
    assert impostor.received == b""
    # Something holds the lock but the port is not the daemon's: refused, nothing aired, no secret sent.
    holder = hold_lock(station_dir)
    try:
        fooled = run_cli("emergency", "--text", "Cháy ở ấp 2.", "--output", "null", cwd=station_dir)
    finally:
        holder.kill()
    assert fooled.returncode == 1 and "Traceback" not in fooled.stderr and "Error" not in fooled.stderr
    assert f"cổng {impostor.port}" in fooled.stderr and "không gửi lệnh" in fooled.stderr
    assert secret.encode() not in impostor.received and impostor.received.startswith(b'{"hello"')
    assert "Cháy".encode() not in impostor.received and b"Ch\\u00e1y" not in impostor.received  # nor the text
    rows = log_rows(station_dir)
    assert [r["status"] for r in rows] == ["aired", "aired"]  # the direct play only (tone, text)


def ffmpeg_children(pid):
    """ffmpeg processes started by `pid` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and b"ffmpeg" in command:
            found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="watches ffmpeg through /proc (Linux)")
def test_ctrl_c_during_pre_render_says_stopped_on_command_not_an_ffmpeg_error(tmp_path):
    later = dt.datetime.now(TZ) + dt.timedelta(minutes=10)
    text = " ".join(f"Thông báo số {n}: bà con ấp {n} đến nhà văn hóa nhận hỗ trợ." for n in range(1, 120))
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((later, "dai"))),
                           {**BULLETINS, "dai.md": text + "\n"})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "daemon.txt"
    with open(log, "w") as out:
        daemon = subprocess.Popen([sys.executable, "-m", "radio", "run", "--output", "null"], cwd=folder, env=env,
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # a console's group
    try:
        tone = folder / ".radio-cache" / "emergency" / "alert-mastered.wav"
        assert wait_for(tone.exists, 60)  # started up: what runs now is the render ahead of the slot
        assert wait_for(lambda: ffmpeg_children(daemon.pid), 60)  # ffmpeg mastering the program
        os.killpg(daemon.pid, signal.SIGINT)  # Ctrl+C reaches the whole group, ffmpeg included
        daemon.wait(60)
    finally:
        daemon.kill()
    output = log.read_text("utf-8")
    assert "Đã dừng theo lệnh." in output, output
    assert "ffmpeg" not in output and "Không dựng trước được" not in output and "Traceback" not in output
    assert "Lỗi" not in output and "hỏng" not in output and output.count("dừng theo lệnh") == 1
