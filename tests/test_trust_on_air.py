"""A console people can trust, on air: the real daemon (file: output), the real CLI and real SQLite. A one-word
alarm is spoken and a failed one is told; breaking in is the approvers' power however it is asked for; an
approval made while the station runs reaches the program it was made for."""
from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest

from radio.accounts import Accounts
from tests.audio_checks import loudness
from tests.conftest import run_cli, write_station
from tests.test_daemon import BULLETINS, SCHEDULE, TZ, log_rows, slot_lines, start_daemon, stop_daemon, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wall-clock")]
ALARM = ("Cháy!", "Bão.", "thử")


def test_a_one_word_alarm_is_spoken_and_when_speech_fails_the_sender_is_told(tmp_path):
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []"), BULLETINS)
    for word in ALARM:  # radio say: each word spoken, at the station's loudness, far above the silence floor
        said = run_cli("say", word, "-o", str(tmp_path / "say.wav"), cwd=folder)
        assert said.returncode == 0, said.stderr
        assert loudness(tmp_path / "say.wav").lufs > -25.0
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    try:
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 20)
        answer = run_cli("emergency", "--text", "Cháy!", "--repeat", "3", cwd=folder)
        assert answer.returncode == 0 and "lên sóng lúc" in answer.stdout, answer.stdout + answer.stderr

        def words():  # the three readings behind the alert tone
            return [r for r in log_rows(folder) if r["priority"] == "khan-cap" and r["item"] == "Cháy!"]
        assert wait_for(lambda: len(words()) == 3 and all(r["reason"] != "đang phát" for r in words()), 90), \
            log_rows(folder)
        words = words()
        assert len(words) == 3 and {r["status"] for r in words} == {"aired"}, words
        assert all(r["duration_s"] > 0.2 for r in words), words
        # the speech itself cannot be made now (its folder is a file: a full or broken disk does the same)
        say = folder / ".radio-cache" / "say"
        shutil.rmtree(say)
        say.write_text("không phải thư mục")
        told = run_cli("emergency", "--text", "Lũ về, sơ tán ngay!", cwd=folder)
        assert told.returncode != 0, told.stdout
        assert "chỉ có chuông báo lên sóng" in told.stderr and "LỜI TIN KHÔNG PHÁT ĐƯỢC" in told.stderr
        assert wait_for(lambda: any(r["status"] == "failed" and r["item"].startswith("Lũ về")
                                    for r in log_rows(folder)), 20)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
    assert "Traceback" not in output


def test_breaking_in_is_the_approvers_power_and_an_approval_reaches_the_running_station(tmp_path):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    slot = now + dt.timedelta(seconds=40)
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((slot, "dai"))), BULLETINS)
    accounts = Accounts(folder)
    approver = accounts.add("hung", "duyet", "mat-khau-cua-hung")
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    urgent = folder / "scripts" / "chay-rung.md"
    try:
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 20)
        # approval is off, and an editor (or anyone at the PC) writes a khẩn cấp bulletin: it does not break in
        urgent.write_text("---\ntitle: Cháy rừng\npriority: khan-cap\n---\nCháy rừng ở ấp 2, bà con tránh xa.\n",
                          encoding="utf-8")
        time.sleep(6)  # three looks of the watcher
        assert not any(r["priority"] == "khan-cap" for r in log_rows(folder))
        accounts.approve(urgent, approver)  # an approver decides: it breaks in at once
        assert wait_for(lambda: any(r["priority"] == "khan-cap" and r["status"] == "aired"
                                    and r["item"].startswith("Cháy rừng") for r in log_rows(folder)), 30)
        # approval turns on while the station runs; a new bulletin waits, the slot is rendered ahead without
        # it, and the approval arrives a few seconds before air
        schedule = folder / "schedule.yaml"
        schedule.write_text(schedule.read_text("utf-8").replace(
            "  timezone: Asia/Ho_Chi_Minh", "  timezone: Asia/Ho_Chi_Minh\n  approval: required"), "utf-8")
        for name in ("hop-dan.md", "tiem-chung.md", "chay-rung.md"):
            accounts.approve(folder / "scripts" / name, approver)
        late = folder / "scripts" / "mat-dien.md"
        late.write_text("Mất điện ấp 1 từ 8 giờ đến 11 giờ sáng mai.\n", encoding="utf-8")
        assert wait_for(lambda: dt.datetime.now(TZ) > slot - dt.timedelta(seconds=8), 40)
        accounts.approve(late, approver)
        assert wait_for(lambda: any(r["slot"].endswith("dai") and r["ended_at"] and r["item"] == "intro"
                                    for r in log_rows(folder)), 60)
        assert wait_for(lambda: sum(r["slot"].endswith("dai") and r["status"] != "interrupted"
                                    for r in log_rows(folder)) >= 4, 90)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
        accounts.close()
    program = [r["item"] for r in log_rows(folder) if r["slot"].endswith("dai")]
    assert any(item.startswith("Mất điện ấp 1") for item in program), (program, output)
    assert "Traceback" not in output
