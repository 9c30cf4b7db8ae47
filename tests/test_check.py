"""`radio check` catches before air what would otherwise fail, or air wrongly, at render or on air."""
from __future__ import annotations

import os
import time

import pytest

from radio.bulletin import MAX_BULLETIN_BYTES, find_bulletins
from radio.checks import check_station
from radio.schedule.planner import Planner
from radio.station import load_station
from tests.conftest import SMALL_SCHEDULE, run_cli, write_station


def findings(folder):
    return [(str(f), f.warning) for f in check_station(folder)]


def line_of(folder, text):
    lines = (folder / "schedule.yaml").read_text("utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_bulletin_with_nothing_readable_is_an_error_with_its_line(station_dir):
    (station_dir / "scripts" / "bieu-tuong.md").write_text("---\ntitle: x\n---\n\n🌧️ ☔ ⚡ !!! ***\n", encoding="utf-8")
    expected = (f"{station_dir / 'scripts' / 'bieu-tuong.md'}:5: bản tin không có chữ nào đọc được (chỉ có ký hiệu "
                "hoặc biểu tượng). Cách sửa: viết nội dung bằng chữ.")
    assert (expected, False) in findings(station_dir)


def test_a_huge_bulletin_is_refused_at_once_without_reading_it(station_dir):
    (station_dir / "scripts" / "qua-dai.txt").write_text("Bà con chú ý. " * 400_000, encoding="utf-8")  # 6 MB
    started = time.perf_counter()
    found = findings(station_dir)
    assert time.perf_counter() - started < 5
    assert any("qua-dai.txt:1: bản tin quá dài" in m and f"tối đa {MAX_BULLETIN_BYTES // 1000} KB" in m and not w
               for m, w in found)


def test_two_slots_at_the_same_time_on_the_same_day_are_an_error_naming_both_lines(tmp_path):
    clash = SMALL_SCHEDULE + '  - at: "06:00"\n    days: [mon]\n    program: sang\n'
    folder = write_station(tmp_path / "a", clash)
    [(message, warning)] = [f for f in findings(folder) if "trùng giờ" in f[0]]
    assert not warning and f"schedule.yaml:{line_of(folder, 'days: [mon]') - 1}:" in message
    assert f"dòng {line_of(folder, 'days: daily') - 1}" in message
    apart = (SMALL_SCHEDULE.replace("days: daily", "days: weekdays")
             + '  - at: "06:00"\n    days: weekends\n    program: sang\n')
    assert not [f for f in findings(write_station(tmp_path / "b", apart)) if "trùng giờ" in f[0]]


def test_a_pattern_or_category_that_matches_nothing_is_a_warning_with_its_line(tmp_path):
    schedule = SMALL_SCHEDULE.replace('- bulletins: "*"', '- bulletins: "tin-*"\n      - category: y tế')
    folder = write_station(tmp_path / "dai", schedule)
    found = findings(folder)
    assert (f"{folder / 'schedule.yaml'}:{line_of(folder, 'tin-*')}: cảnh báo: chương trình 'sang': mẫu tên "
            "'tin-*' không khớp bản tin nào trong scripts/. Cách sửa: sửa lại mẫu tên hoặc lĩnh vực (category) cho "
            "đúng.", True) in found
    assert any(f":{line_of(folder, 'y tế')}: cảnh báo:" in m and "lĩnh vực 'y tế'" in m for m, _ in found)


def test_links_in_scripts_outside_duplicate_or_broken(station_dir, tmp_path):
    scripts = station_dir / "scripts"
    secret = tmp_path / "hostname"
    secret.write_text("may-chu-bi-mat\n")
    try:
        os.symlink(secret, scripts / "ngoai.md")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    os.symlink(scripts / "hop-dan.md", scripts / "ban-sao.md")
    os.symlink(scripts / "khong-con.md", scripts / "hong.md")
    assert [p.name for p in find_bulletins(scripts)] == ["canh-bao.txt", "hop-dan.md"]  # each bulletin once
    found = findings(station_dir)
    assert any("ngoai.md: liên kết trỏ ra ngoài thư mục của đài" in m and not w for m, w in found)
    assert any("ban-sao.md: cảnh báo: liên kết tới một bản tin đã có" in m for m, w in found)
    assert any("hong.md: cảnh báo: liên kết hỏng" in m for m, w in found)
    station = load_station(station_dir)
    items, _ = Planner(station).program_items(station.programs["sang"], station.today())
    assert [i.path.name for i in items if i.kind == "bulletin"] == ["canh-bao.txt", "hop-dan.md"]  # never /etc/…


def test_expired_bulletins_are_named_not_dropped_silently(station_dir):
    (station_dir / "scripts" / "cu.md").write_text("---\nvalid_until: 2020-01-31\n---\nTin cũ.\n", encoding="utf-8")
    assert any("cu.md: cảnh báo: đã hết hạn ngày 31/01/2020: không còn được phát nữa" in m for m, _ in
               findings(station_dir))


@pytest.mark.parametrize("make, says", [
    (None, "không tìm thấy tệp nhạc hiệu audio/x.wav."),
    (b"", "tệp nhạc hiệu audio/x.wav rỗng (0 byte)."),
    (b"day khong phai am thanh" * 50, "tệp nhạc hiệu audio/x.wav hỏng hoặc không phải tệp âm thanh."),
])
def test_jingle_problems_point_at_the_schedule_line_and_name_the_file(tmp_path, make, says):
    folder = write_station(tmp_path / "dai", SMALL_SCHEDULE.replace("audio/ket-thuc.wav", "audio/x.wav"))
    if make is not None:
        (folder / "audio" / "x.wav").write_bytes(make)
    line = line_of(folder, "audio/x.wav")
    assert any(m.startswith(f"{folder / 'schedule.yaml'}:{line}: {says} Cách sửa: ") for m, _ in findings(folder))


@pytest.mark.slow
def test_an_imported_document_is_a_draft_that_never_airs_and_is_imported_once(station_dir, tmp_path):
    document = tmp_path / "ke-hoach.md"
    document.write_text("UBND XÃ GIA TÂN 1\n\nTHÔNG BÁO\nVề việc lịch tiêm chủng\n\nTrạm y tế xã tiêm chủng "
                        "ngày 09/12/2026.\n", encoding="utf-8")
    first = run_cli("import", str(document), cwd=station_dir)
    assert first.returncode == 0 and "status: nhap" in first.stdout, first.stderr
    [draft] = (station_dir / "scripts").glob("ke-hoach*.md")
    assert "status: nhap" in draft.read_text("utf-8")
    again = run_cli("import", str(document), cwd=station_dir)
    assert again.returncode == 0 and "đã được nhập rồi: scripts/ke-hoach.md" in again.stdout
    assert len(list((station_dir / "scripts").glob("ke-hoach*.md"))) == 1
    check = run_cli("check", cwd=station_dir)
    assert "ke-hoach.md: cảnh báo: bản nháp" in check.stdout
    station = load_station(station_dir)
    items, _ = Planner(station).program_items(station.programs["sang"], station.today())
    assert "ke-hoach" not in {i.path.stem for i in items if i.kind == "bulletin"}  # the draft does not air
    draft.write_text(draft.read_text("utf-8").replace("status: nhap", "status: san-sang"), encoding="utf-8")
    items, _ = Planner(load_station(station_dir)).program_items(station.programs["sang"], station.today())
    assert "ke-hoach" in {i.path.stem for i in items if i.kind == "bulletin"}


@pytest.fixture
def small_disk(station_dir):
    """audio/rendered on a 3 MB file system of its own: a station PC whose disk is full (needs root to mount;
    skipped, saying so, where it cannot)."""
    import subprocess
    rendered = station_dir / "audio" / "rendered"
    rendered.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(rendered)], capture_output=True)
    if mounted.returncode:
        pytest.skip("cannot mount a small file system here (needs root): " + mounted.stderr.decode().strip())
    yield rendered
    subprocess.run(["umount", str(rendered)], capture_output=True)


@pytest.mark.slow
def test_a_full_disk_says_what_was_kept_and_how_much_room_is_needed(station_dir, small_disk):
    (station_dir / "scripts" / "dai.md").write_text("Bà con chú ý lịch tiêm chủng mở rộng. " * 60, encoding="utf-8")
    check = run_cli("check", cwd=station_dir)
    assert "cảnh báo: ổ đĩa chỉ còn 3 MB trống" in check.stdout and "cần khoảng" in check.stdout
    result = run_cli("render", cwd=station_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "ffmpeg" not in result.stderr
    assert "ổ đĩa đầy" in result.stderr and "bản cũ (nếu có) vẫn giữ nguyên" in result.stderr
    assert "Cần thêm ít nhất" in result.stderr and result.stderr.count("ổ đĩa đầy") == 1  # said once
    assert not list(small_disk.rglob("*.partial*"))  # nothing half-written left behind


@pytest.mark.slow
def test_with_the_disk_full_the_last_good_version_airs(station_dir, small_disk):
    """An edit that cannot be rendered (disk full) does not take the slot off the air: the version rendered
    before it airs, on time, and the operator is told."""
    import datetime as dt
    from radio.errors import DiskFull
    from radio.logbook import Logbook
    from radio.schedule.calendar import occurrences
    from radio.schedule.simulate import SimClock, SimStation
    schedule = SMALL_SCHEDULE.replace('"06:00"', '"17:00"').replace('bulletins: "*"', 'bulletin: hop-dan')
    schedule = schedule.replace("      - jingle: intro\n", "").replace("      - jingle: outro\n", "")
    (station_dir / "schedule.yaml").write_text(schedule, encoding="utf-8")
    station = load_station(station_dir)
    [occurrence] = occurrences(station, dt.date(2026, 12, 1))
    messages = []
    life = SimStation(station, Logbook(station_dir), SimClock(occurrence.start - dt.timedelta(minutes=30)), messages)
    life.director.prepare(occurrence)  # rendered ahead, as the daemon does 30 minutes before
    filler = small_disk / "filler.bin"
    with open(filler, "wb") as handle:  # the disk fills up (a recording left running, say)
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    bulletin = station_dir / "scripts" / "hop-dan.md"
    edited = bulletin.read_text("utf-8").replace("title: Họp dân", "title: Họp dân (bản sửa)").replace("19h00", "19h30")
    bulletin.write_text(edited, encoding="utf-8")
    life.director.reload(load_station(station_dir))
    with pytest.raises(DiskFull):
        life.director.prepare(occurrence)  # the render ahead of the edit fails
    life.run_until(occurrence.start + dt.timedelta(minutes=5))
    aired = [r for r in life.director.logbook.rows() if r["status"] == "aired"]
    assert [r["item"] for r in aired][-1] == "Họp dân" and aired[0]["started_at"].startswith("2026-12-01T17:00:00")
    assert any("phát bản đã dựng trước đó" in m for m in messages)


def test_a_damaged_window_in_the_hubs_policy_is_said_not_skipped(station_dir):
    (station_dir / "hub-policy.json").write_text(
        '{"hub": "Trung tâm huyện", "quiet_hours": ["21:30-05:30", "22h đến 5h"]}', encoding="utf-8")
    result = run_cli("check", cwd=station_dir)
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
    assert "hub-policy.json" in result.stdout and "giờ yên tĩnh trung tâm gửi không đọc được" in result.stdout
    assert "22h đến 5h" in result.stdout


def test_a_line_typed_without_marks_is_a_warning_with_its_line(station_dir):
    """A voice reads "bao" as báo, bão or bảo as it likes: the officer is told which line to type again."""
    (station_dir / "scripts" / "khong-dau.md").write_text(
        "---\ntitle: Họp dân\n---\n\nThông báo họp dân ấp 3.\nSang mai 7h30 ba con ap 3 hop tai nha van hoa.\n",
        encoding="utf-8")
    [(message, warning)] = [f for f in findings(station_dir) if "khong-dau.md" in f[0]]
    assert warning and message.startswith(f"{station_dir / 'scripts' / 'khong-dau.md'}:6: cảnh báo: dòng này gõ "
                                          "không dấu") and "gõ lại dòng này có dấu" in message
