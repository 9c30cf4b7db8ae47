"""Zones as schedule.yaml and the bulletins declare them, without a server: what each zone's plan carries,
the mistakes refused with their line, and passwords never shown."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from radio.errors import StationError, problems_of
from radio.station import load_station
from radio.zones import shown
from tests.conftest import OFFLINE_STATION_HEAD, run_cli, write_station

ZONES = OFFLINE_STATION_HEAD + """\
zones:
  trung-tam: {name: Khu trung tâm, output: device}
  ap-1: {name: Ấp 1, output: "icecast://source:${RADIO_TEST_PASSWORD}@127.0.0.1:8000/ap-1"}
  ap-3: {name: Ấp Bàu Hàm, output: "icecast://source:bi-mat@127.0.0.1:8000/ap-3?codec=opus&bitrate=32k"}
programs:
  tin: {title: Bản tin, items: [{jingle: intro}, {bulletins: "*"}]}
slots:
  - {at: "06:00", program: tin}
  - {at: "17:00", program: tin, zones: [ap-1, ap-3]}
"""
BULLETINS = {"chung.md": "Tin chung cho cả xã.\n",
             "hop.md": "---\nzones: [ap-3]\n---\nẤp Bàu Hàm họp dân lúc 19h00.\n"}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RADIO_TEST_PASSWORD", "tu-moi-truong")
    return write_station(tmp_path / "dai", ZONES, BULLETINS)


def test_the_plan_says_what_each_zone_airs(folder):
    done = run_cli("plan", "--date", "2026-12-01", "--json", cwd=folder, env={"RADIO_TEST_PASSWORD": "x"})
    plan = json.loads(done.stdout)
    slots = [(entry["slot"], entry["zone"]) for entry in plan]
    assert slots == [("06:00 tin", "ap-1"), ("06:00 tin", "ap-3"), ("06:00 tin", "trung-tam"),
                     ("17:00 tin", "ap-1"), ("17:00 tin", "ap-3")]
    titles = {(entry["slot"], entry["zone"]): [item["title"] for item in entry["items"]] for entry in plan}
    assert any("họp dân" in title for title in titles[("06:00 tin", "ap-3")])
    assert not any("họp dân" in title for title in titles[("06:00 tin", "ap-1")] + titles[("06:00 tin", "trung-tam")])
    zone = load_station(folder).zones["ap-1"]
    assert zone.resolved_output().startswith("icecast://source:tu-moi-truong@")


def test_radio_render_makes_each_zones_version_ahead_and_keeps_an_archive_of_each(folder):
    """Two zones that air the same 06:00 program share one file and one row; ap-3's version (its own meeting
    notice) is rendered too, as long as its plan says, and neither archive writes over the other."""
    env = {"RADIO_TEST_PASSWORD": "x"}
    rendered = run_cli("render", "--date", "2026-12-01", "--json", cwd=folder, env=env)
    assert rendered.returncode == 0, rendered.stderr
    programs = {tuple(row["zones"]): row for row in json.loads(rendered.stdout) if row["kind"] == "program"}
    assert set(programs) == {("trung-tam", "ap-1"), ("ap-3",)}
    assert programs[("trung-tam", "ap-1")]["file"] != programs[("ap-3",)]["file"]
    plan = json.loads(run_cli("plan", "--date", "2026-12-01", "--json", cwd=folder, env=env).stdout)
    for entry in plan:
        if entry["slot"].startswith("06:00"):
            [version] = [row for zones, row in programs.items() if entry["zone"] in zones]
            planned_s = (dt.datetime.fromisoformat(entry["end"]) - dt.datetime.fromisoformat(entry["start"]))
            assert planned_s.total_seconds() == pytest.approx(version["duration_s"], abs=1.0), entry["zone"]
    archives = sorted(p.name for p in (folder / "audio" / "rendered" / "archive").glob("2026-12-01-*.mp3"))
    assert archives == sorted(f"2026-12-01-{Path(row['file']).stem}.mp3" for row in programs.values())
    table = run_cli("render", "--date", "2026-12-01", cwd=folder, env=env).stdout
    assert "tin (vùng trung-tam, ap-1)" in table and "tin (vùng ap-3)" in table


def test_zone_mistakes_are_refused_with_their_line(folder):
    text = ZONES.replace("zones: [ap-1, ap-3]", "zones: [ap-1, ap-9]")
    (folder / "schedule.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(StationError) as raised:
        load_station(folder)
    [problem] = problems_of(raised.value)
    assert "vùng ap-9 chưa khai báo" in str(problem) and problem.line == 18
    (folder / "schedule.yaml").write_text(ZONES.replace("output: device", "output: loa-ngoai"), encoding="utf-8")
    with pytest.raises(StationError) as raised:
        load_station(folder)
    assert "đầu ra 'loa-ngoai' không hợp lệ" in str(raised.value) and problems_of(raised.value)[0].line == 11
    (folder / "schedule.yaml").write_text(ZONES.replace("name: Ấp 1,", "name: Ấp 1, interval: chuong,"),
                                          encoding="utf-8")
    with pytest.raises(StationError) as raised:
        load_station(folder)
    assert "nhạc hiệu 'chuong' chưa khai báo" in str(raised.value) and problems_of(raised.value)[0].line == 12
    (folder / "schedule.yaml").write_text(ZONES, encoding="utf-8")
    (folder / "scripts" / "hop.md").write_text("---\ntitle: Họp\nzones: [ap-7]\n---\nHọp.\n", encoding="utf-8")
    check = run_cli("check", cwd=folder, env={"RADIO_TEST_PASSWORD": "x"})
    assert "hop.md:3: vùng ap-7 chưa khai báo trong mục 'zones'" in check.stdout + check.stderr


def test_a_missing_password_variable_is_said_and_passwords_are_never_shown(folder, monkeypatch):
    monkeypatch.delenv("RADIO_TEST_PASSWORD")
    with pytest.raises(StationError) as raised:
        load_station(folder)
    assert "biến môi trường RADIO_TEST_PASSWORD chưa đặt" in str(raised.value)
    assert shown("icecast://source:bi-mat@127.0.0.1:8000/ap-3?codec=opus") == \
        "icecast://source:***@127.0.0.1:8000/ap-3?codec=opus"


def test_between_programs_a_stream_carries_its_interval_signal_looped_6_db_under(tmp_path):
    """The pacer of an Icecast zone, alone (no server needed): with nothing on air it hands the encoder the
    zone's interval jingle, looped, instead of silence."""
    import array
    import math
    import time
    from radio.mixing.sources import prepare_jingle
    from radio.playout.feeder import Feeder
    from radio.playout.icecast import IcecastSink, IntervalSignal
    from tests.conftest import REPO
    source = prepare_jingle(REPO / "audio" / "nhac-hieu.wav", tmp_path)
    signal = IntervalSignal(source.path, -16 - source.lufs)
    sink = IcecastSink(Feeder(10, "item"), "icecast://source:x@127.0.0.1:9/ap-1", interval=signal)
    sink._pacer.start()
    time.sleep(1.0)
    sink._pacer.stop()
    blocks = []
    while not sink._blocks.empty():
        blocks.append(sink._blocks.get())
    samples = array.array("h", b"".join(blocks))
    assert len(samples) > 30_000  # about a second of air
    level = 10 * math.log10(sum(x * x for x in samples) / len(samples) / 32768 ** 2)
    assert -40 < level < -16, level  # the jingle, quieter than the programmes, not silence
    signal.position = 0
    frames = len(signal.pcm) // 2
    assert signal.read(frames) == signal.pcm and signal.read(frames) == signal.pcm  # it loops, seamlessly
