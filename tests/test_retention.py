"""Disk over years: archives and (when asked) log rows kept as long as schedule.yaml says, pruned by the
daemon; radio check says how many days the disk holds at the last week's rate."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

import pytest

from radio.retention import SPEECH_UNUSED_DAYS, Retention, outlook, parse_keep, prune
from radio.station import Station
from tests.conftest import run_cli, write_station
from tests.test_daemon import BULLETINS, SCHEDULE, start_daemon, stop_daemon, wait_for


def archive(folder, day: dt.date, size: int) -> None:
    path = folder / "audio" / "rendered" / "archive" / f"{day.isoformat()}-sang.mp3"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)


def test_keep_values_and_a_wrong_one_named_with_its_line(sample_station):
    assert [parse_keep(v) for v in ("90d", "12m", "2y", "3 tuần", 45, "forever", "mãi mãi")] == \
        [90, 360, 730, 21, 45, None, None]
    for wrong in ("soon", "0d", "-3d", True):
        with pytest.raises(ValueError):
            parse_keep(wrong)
    schedule = sample_station / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8") + "retention:\n  programs: mai\n", encoding="utf-8")
    line = len(schedule.read_text("utf-8").splitlines())
    checked = run_cli("check", cwd=sample_station)
    assert checked.returncode != 0 and f"schedule.yaml:{line}: thời gian giữ 'mai' không hợp lệ" in checked.stdout


def test_prune_keeps_what_retention_says_and_the_log_forever_by_default(tmp_path):
    today = dt.date(2026, 12, 4)
    for age in (1, 30, 89, 90, 91, 400):
        archive(tmp_path, today - dt.timedelta(days=age), 1000)
    db = sqlite3.connect(tmp_path / "logbook.sqlite")
    db.execute("CREATE TABLE airings (id INTEGER PRIMARY KEY, scheduled_at TEXT)")
    db.executemany("INSERT INTO airings (scheduled_at) VALUES (?)",
                   [((today - dt.timedelta(days=age)).isoformat() + "T06:00:00+07:00",) for age in (1, 100, 800)])
    db.commit()
    db.close()
    assert prune(Station(tmp_path, retention=Retention()), today) == {"archives": 2, "rows": 0}  # 91 and 400 days old
    kept = sorted(p.name[:10] for p in (tmp_path / "audio" / "rendered" / "archive").glob("*.mp3"))
    assert kept == sorted((today - dt.timedelta(days=age)).isoformat() for age in (1, 30, 89, 90))
    assert prune(Station(tmp_path, retention=Retention(programs_days=None, log_days=365)), today) == {"archives": 0, "rows": 1}


def test_the_outlook_counts_the_last_week_and_stops_counting_a_full_archive(tmp_path):
    today = dt.date(2026, 12, 4)
    for age in range(1, 8):
        archive(tmp_path, today - dt.timedelta(days=age), 50_000_000)  # 50 MB a day
    seen = outlook(Station(tmp_path, retention=Retention(programs_days=90)), today)
    assert abs(seen.bytes_per_day - 50_000_000) < 1 and abs(seen.days - seen.free_bytes / 50_000_000) < 1
    assert "50.0 MB mỗi ngày" in seen.describe() and "ngày nữa" in seen.describe()
    archive(tmp_path, today - dt.timedelta(days=30), 1000)
    full = outlook(Station(tmp_path, retention=Retention(programs_days=30)), today)  # holds its 30 days: no longer grows
    assert full.days is None and "không còn tăng" in full.describe()


def test_speech_unused_for_weeks_goes_and_speech_still_airing_stays(tmp_path):
    """A deleted script's bulletin, its sentences in the speech cache and a voice sample nobody listens to
    again go once unused for SPEECH_UNUSED_DAYS; a bulletin still rendered for the air stays whole: after the
    prune it is rendered again without one sentence read anew."""
    from radio.render import Renderer, prune_rendered
    from radio.station import load_station
    folder = write_station(tmp_path / "dai")
    station = load_station(folder)
    scripts = sorted(station.scripts_dir.iterdir())
    for script in scripts:
        Renderer(station).bulletin(script)
    Renderer(station).each_voice("Xin chào bà con.", station.cache_dir / "giong")
    made = [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".wav", ".json")
            and ("bulletins" in p.parts or {"speech", "giong"} & set(p.parts))]
    weeks_ago = time.time() - (SPEECH_UNUSED_DAYS + 1) * 86400
    for path in made:
        os.utime(path, (weeks_ago, weeks_ago))
    kept, deleted = scripts
    deleted.unlink()
    Renderer(station).bulletin(kept)  # today's program still carries it
    assert prune_rendered(station) > 0
    bulletins = {p.name for p in (station.rendered_dir / "bulletins").glob("*.wav")}
    assert bulletins == {f"{kept.stem}.wav"} and not list((station.cache_dir / "giong").glob("*.wav"))
    again = Renderer(station)
    again.bulletin(kept)
    assert again.speaker.cache.misses == 0 and again.speaker.cache.hits > 0
    assert len(list((station.cache_dir / "speech").glob("*/*.wav"))) == again.speaker.cache.hits


def test_the_outlook_counts_speech_until_it_has_been_kept_as_long_as_it_is_kept(tmp_path):
    """Every kind of rendered speech the daily prune keeps while in use is counted: bulletins, spoken words, voice
    samples and the speech cache."""
    today = dt.date.today()
    station = Station(tmp_path)
    folders = [*station.speech_dirs, station.cache_dir / "speech" / "ab"]

    def made(path: Path, days_ago: int, size: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(size))
        when = time.mktime((today - dt.timedelta(days=days_ago)).timetuple()) + 3600
        os.utime(path, (when, when))

    for age in range(1, 8):
        made(folders[age % len(folders)] / f"{age}.wav", age, 2_000_000)
    assert abs(outlook(station, today).bytes_per_day - 2_000_000) < 1
    made(station.samples_dir / "old.wav", SPEECH_UNUSED_DAYS, 1)
    assert outlook(station, today).days is None  # pruned as fast as it grows now


@pytest.mark.slow
def test_the_daemon_prunes_at_start_and_check_says_how_long_the_disk_lasts(tmp_path):
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []") + "retention:\n  programs: 30d\n",
                           BULLETINS)
    today = dt.date.today()
    archive(folder, today - dt.timedelta(days=45), 1000)
    archive(folder, today - dt.timedelta(days=2), 20_000_000)
    forgotten = folder / ".radio-cache" / "speech" / "ab" / "ab12.wav"  # a sentence no bulletin says any more
    forgotten.parent.mkdir(parents=True)
    forgotten.write_bytes(b"RIFF")
    long_ago = time.time() - (SPEECH_UNUSED_DAYS + 5) * 86400
    os.utime(forgotten, (long_ago, long_ago))
    daemon = start_daemon(folder, "--output", "null")
    try:
        assert wait_for(lambda: not (folder / "audio" / "rendered" / "archive" /
                                     f"{(today - dt.timedelta(days=45)).isoformat()}-sang.mp3").exists(), 30)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
    assert "Dọn theo mục retention: xóa 1 bản lưu chương trình" in output
    assert "Dọn 1 tệp âm thanh đã dựng không còn dùng" in output and not forgotten.exists()
    checked = run_cli("check", cwd=folder)
    assert "Dung lượng: ổ đĩa còn" in checked.stdout and "MB mỗi ngày" in checked.stdout, checked.stdout
    assert os.path.exists(folder / "audio" / "rendered" / "archive" / f"{(today - dt.timedelta(days=2)).isoformat()}-sang.mp3")
