"""The command line as an operator uses it: a real subprocess, real files, Vietnamese messages."""
from __future__ import annotations

import json
import os
import re

import pytest

from radio import ffmpeg

from tests.audio_checks import duration, loudness
from tests.conftest import NETWORK_DOWN, SMALL_SCHEDULE, run_cli, write_station

pytestmark = pytest.mark.slow

RENDER_KEYS = {"name", "kind", "file", "duration_s", "lufs", "true_peak_db", "voice", "zones"}


def no_traceback(result):
    assert "Traceback" not in result.stderr + result.stdout


def test_render_json_lists_every_item_with_real_files(station_dir):
    result = run_cli("render", "--json", cwd=station_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["kind"] for row in rows} == {"bulletin", "program"}
    assert {row["name"] for row in rows} == {"hop-dan", "canh-bao", "sang"}
    for row in rows:
        assert set(row) == RENDER_KEYS and row["zones"] == []  # a station without zones
        path = station_dir / row["file"]
        assert path.is_file() and path.suffix == ".wav"
        assert duration(path) == pytest.approx(row["duration_s"], abs=0.1)
        assert abs(loudness(path).lufs + 16) <= 1.0 and row["voice"] == "espeak:vi"


def test_two_programs_rendered_at_once_in_one_voice_share_its_files_whole(station_dir):
    """`radio render` renders on every core: two programs read in the same program voice make the same
    NAME@espeak.wav at the same moment. Each file is written whole by a rename, so both programs and the shared
    files are sound; the rows come back in the order of the work (bulletins, then programs as declared)."""
    schedule = station_dir / "schedule.yaml"
    text = schedule.read_text("utf-8").replace("    title: Chương trình buổi sáng\n",
                                               "    title: Chương trình buổi sáng\n    voice: espeak\n")
    evening = text[text.index("  sang:\n"):text.index("slots:")].replace("  sang:", "  chieu:", 1)
    text = text.replace("slots:", evening + "slots:", 1) + '  - at: "17:00"\n    days: daily\n    program: chieu\n'
    schedule.write_text(text, encoding="utf-8")
    result = run_cli("render", "--json", cwd=station_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(row["kind"], row["name"]) for row in rows] == \
        [("bulletin", "canh-bao"), ("bulletin", "hop-dan"), ("program", "sang"), ("program", "chieu")]
    shared = sorted((station_dir / "audio" / "rendered" / "bulletins").glob("*@espeak.wav"))
    assert [p.name for p in shared] == ["canh-bao@espeak.wav", "hop-dan@espeak.wav"]
    for path in shared + [station_dir / row["file"] for row in rows if row["kind"] == "program"]:
        measured = loudness(path)
        assert abs(measured.lufs + 16) <= 1.0 and not measured.silent, path
    assert not [p for p in (station_dir / "audio").rglob("*") if ".partial" in p.name]


def test_render_table_in_vietnamese(station_dir):
    result = run_cli("render", "scripts/hop-dan.md", cwd=station_dir)
    assert result.returncode == 0, result.stderr
    assert "Thời lượng" in result.stdout and "hop-dan" in result.stdout and "espeak:vi" in result.stdout


def test_bad_bulletins_are_listed_and_the_good_ones_still_render(station_dir):
    scripts = station_dir / "scripts"
    (scripts / "trong.txt").write_text("\n\n", encoding="utf-8")
    (scripts / "khoa-la.md").write_text("---\nmau: do\n---\nNội dung.\n", encoding="utf-8")
    (scripts / "uu-tien-sai.md").write_text("---\npriority: gap\n---\nNội dung.\n", encoding="utf-8")
    (scripts / "phong-cu.txt").write_bytes(b"Th\xf4ng b\xb8o h\xe4p d\xa9n\n")
    (scripts / "yaml-loi.md").write_text("---\ntitle: \"chưa đóng\n---\nNội dung.\n", encoding="utf-8")
    result = run_cli("render", "--json", cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1
    rendered = {row["name"] for row in json.loads(result.stdout)}
    assert {"hop-dan", "canh-bao", "sang"} <= rendered
    for where in ("trong.txt:1:", "khoa-la.md:2:", "uu-tien-sai.md:2:", "phong-cu.txt:1:", "yaml-loi.md:"):
        assert where in result.stderr, where
    assert "Không dựng được" in result.stderr


def test_missing_jingle_named_program_still_renders(station_dir):
    (station_dir / "audio" / "ket-thuc.wav").unlink()
    result = run_cli("render", "--json", cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1 and "ket-thuc.wav" in result.stderr and "không tìm thấy" in result.stderr
    assert "sang" in {row["name"] for row in json.loads(result.stdout)}


def test_check_reports_file_line_message_and_exit_code(station_dir):
    good = run_cli("check", cwd=station_dir)
    assert good.returncode == 0 and "Không có lỗi" in good.stdout
    schedule = station_dir / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("program: sang", "program: toi"),
                        encoding="utf-8")
    (station_dir / "scripts" / "xau.md").write_text("---\npriority: gap\n---\nBKTX xã họp.\n", encoding="utf-8")
    bad = run_cli("check", cwd=station_dir)
    no_traceback(bad)
    assert bad.returncode == 1
    assert "schedule.yaml:26: chương trình 'toi'" in bad.stdout
    assert "xau.md:2:" in bad.stdout


def test_check_warns_about_unknown_codes_without_failing(station_dir):
    (station_dir / "scripts" / "bktx.md").write_text("Thông báo\n\nBKTX huyện làm việc với xã.\n", encoding="utf-8")
    result = run_cli("check", cwd=station_dir)
    assert result.returncode == 0
    assert "bktx.md:3: cảnh báo: BKTX: không rõ cách đọc." in result.stdout
    (station_dir / "scripts" / "chat.md").write_text("Thông báo\n\nBh thì bà con lên UB.\n", encoding="utf-8")
    result = run_cli("check", cwd=station_dir)
    assert result.returncode == 0
    assert "chat.md:3: cảnh báo: Bh: không rõ cách đọc." in result.stdout
    assert "viết đầy đủ chữ này trong bản tin" in result.stdout


def test_normalize_one_line_out_per_line_in(station_dir):
    text = "Số: 314/KH-UBND\n\nHọp lúc 7h30\n\tUBND xã\u200b 1.500.000 đồng/người\n"
    result = run_cli("normalize", cwd=station_dir, stdin=text)
    assert result.returncode == 0
    lines = result.stdout.split("\n")[:-1]
    assert len(lines) == 4
    assert lines[1] == "" and lines[2] == "Họp lúc bảy giờ ba mươi"
    assert lines[3] == "Ủy ban nhân dân xã một triệu năm trăm nghìn đồng một người"
    streamed = run_cli("normalize", cwd=station_dir, stdin="Chi bộ ấp 3 họp\nĐV vắng báo trước\n").stdout
    assert streamed.split("\n")[1] == "đảng viên vắng báo trước"  # read as one notice, line by line
    from_file = run_cli("normalize", "scripts/hop-dan.md", "--dialect", "south", cwd=station_dir)
    assert "mười chín giờ" in from_file.stdout and "hai ngàn" in from_file.stdout
    written = (station_dir / "scripts" / "hop-dan.md").read_text(encoding="utf-8").split("\n")
    spoken = from_file.stdout.split("\n")
    assert len(spoken) == len(written) and spoken[:4] == ["", "", "", ""]  # the front matter is not read aloud
    assert "title" not in from_file.stdout and "priority" not in from_file.stdout


def test_say_encodes_by_extension_into_an_ordinary_file_and_nothing_else(station_dir, tmp_path):
    out = tmp_path / "ra"
    out.mkdir()
    umask = os.umask(0)
    os.umask(umask)
    for name, codec in (("moi-hop.wav", "pcm_s16le"), ("moi-hop.mp3", "mp3"), ("moi-hop.ogg", "vorbis")):
        result = run_cli("say", "Mời bà con đến họp lúc 19h00.", "-o", str(out / name), cwd=station_dir)
        assert result.returncode == 0, result.stderr
        probe = ffmpeg.run(["-i", str(out / name), "-f", "null", "-"], "probe").stderr
        assert "LUFS" in result.stdout and codec in probe
        assert duration_of(out / name) > 1.0
        assert (out / name).stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in out.iterdir()) == ["moi-hop.mp3", "moi-hop.ogg", "moi-hop.wav"]  # no sidecar
    (tmp_path / "thong-bao.txt").write_text("Thông báo từ tệp.\n", encoding="utf-8")
    from_file = run_cli("say", "-f", str(tmp_path / "thong-bao.txt"), "-o", str(out / "tep.opus"), cwd=station_dir)
    assert from_file.returncode == 0 and duration_of(out / "tep.opus") > 0.5, from_file.stderr
    unknown = run_cli("say", "Xin chào.", "-o", str(out / "a.xyz"), cwd=station_dir)
    assert unknown.returncode == 2 and "'.xyz'" in unknown.stderr and ".mp3" in unknown.stderr
    missing = run_cli("say", "Xin chào.", "-o", str(tmp_path / "khong-co" / "a.wav"), cwd=station_dir)
    assert missing.returncode == 1 and "không có thư mục này" in missing.stderr
    assert not (tmp_path / "khong-co").exists()  # never created silently


def duration_of(path):
    found = re.search(r"time=(\d+):(\d+):([\d.]+)", ffmpeg.run(["-i", str(path), "-f", "null", "-"], "probe").stderr)
    return int(found[1]) * 3600 + int(found[2]) * 60 + float(found[3])


def test_network_down_is_said_once_in_vietnamese_not_per_bulletin(tmp_path):
    folder = write_station(tmp_path / "dai", SMALL_SCHEDULE.replace("[espeak]", "[gtts, espeak]"))
    result = run_cli("render", "scripts/hop-dan.md", "scripts/canh-bao.txt", cwd=folder, env=NETWORK_DOWN)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("Chú ý")]
    assert notes == ["Chú ý: giọng đọc Google không dùng được (mất mạng hoặc mạng quá chậm). 2 mục đọc bằng giọng "
                     "ngoại tuyến; khi có mạng, đài tự đọc lại bằng giọng Google."]
    assert "Error" not in result.stdout + result.stderr and "espeak:vi" in result.stdout


def test_render_takes_only_the_stations_bulletins(station_dir, tmp_path):
    (tmp_path / "ngoai.md").write_text("Ở ngoài.\n", encoding="utf-8")
    result = run_cli("render", str(tmp_path / "ngoai.md"), cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1 and "không nằm trong thư mục scripts/" in result.stderr
    assert "radio say -f" in result.stderr


def test_unwritable_output_is_one_clear_message(station_dir, tmp_path):
    (tmp_path / "tep").write_text("x")
    result = run_cli("say", "Xin chào.", "-o", str(tmp_path / "tep" / "a.wav"), cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1 and result.stderr.startswith("Lỗi: ") and "không ghi được" in result.stderr


def test_play_program_to_file_output(tmp_path):
    short = SMALL_SCHEDULE.replace('      - jingle: intro\n', '').replace('      - jingle: outro\n', '')
    short = short.replace('bulletins: "*"', 'bulletins: "hop*"')  # real time on a file: kept short
    station_dir = write_station(tmp_path / "dai", short, {"hop-dan.md": "Ấp 3 họp dân lúc 19h00.\n"})
    out = tmp_path / "aired"
    result = run_cli("play", "sang", "--output", f"file:{out}", cwd=station_dir)
    assert result.returncode == 0, result.stderr
    assert "Đang phát: chương trình «Chương trình buổi sáng»" in result.stdout
    [recorded] = out.glob("*.wav")
    assert duration(recorded) > 3 and loudness(recorded).lufs > -30
    logged = json.loads(run_cli("log", "--json", cwd=station_dir).stdout)  # it reached the loudspeakers: logged
    assert {r["slot"] for r in logged} == {"phát tay"} and {r["program"] for r in logged} == {"sang"}
    assert {r["status"] for r in logged} == {"aired"} and len(logged) == 2  # the say, the bulletin


def test_play_without_sound_card_records_instead_and_says_so(station_dir, no_sound_card):
    result = run_cli("play", "scripts/../audio/nhac-hieu.wav", cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1 and "CẢNH BÁO" in result.stderr
    assert list((station_dir / "audio" / "rendered" / "recorded").glob("*.wav"))


def test_unknown_program_or_file(station_dir):
    result = run_cli("play", "toi", cwd=station_dir)
    no_traceback(result)
    assert result.returncode == 1 and "'toi' không phải tên chương trình (sang)" in result.stderr


@pytest.mark.parametrize("command", [[], ["say"], ["render"], ["normalize"], ["check"], ["play"]])
def test_help_everywhere_in_vietnamese_with_examples(station_dir, command):
    result = run_cli(*command, "--help", cwd=station_dir)
    assert result.returncode == 0 and "Ví dụ" in result.stdout


ENGLISH = re.compile(r"Usage|Options|Commands|Show this|Show the|default:|Invalid|Missing|No such|Error|Try |"
                     r"\b(TEXT|INTEGER|FLOAT|PATH|FILENAME|FILE|OPTIONS|COMMAND|ARGS|RANGE)\b|required\]")


def test_no_english_from_click_in_any_help_page_or_usage_error():
    from click.testing import CliRunner
    from radio.cli import cli
    runner = CliRunner()
    pages = [["--help"]] + [[name, "--help"] for name in cli.commands]
    mistakes = [["plan", "--date", "hôm-qua"], ["plan", "--days", "100"], ["emergency", "--repeat", "x"],
                ["say"], ["nope"], ["log", "--bogus"], ["render", "a", "--output"], ["emergency", "--text"]]
    for args in pages + mistakes:
        result = runner.invoke(cli, args, prog_name="radio", standalone_mode=False, catch_exceptions=True)
        text = result.output + (result.exception.format_message() if hasattr(result.exception, "format_message")
                                else "")
        assert not ENGLISH.search(text), (args, ENGLISH.search(text).group(0), text)
        if args in pages:
            assert "Cách dùng: radio" in text and "Tùy chọn:" in text


def test_usage_errors_are_vietnamese(station_dir):
    result = run_cli("render", "--khong-co", cwd=station_dir)
    assert result.returncode == 2 and "không có tùy chọn --khong-co" in result.stderr
    no_traceback(result)


def test_sample_station_renders_from_a_fresh_copy(sample_station):
    def lengths():
        plan = json.loads(run_cli("plan", "--json", cwd=sample_station).stdout)
        return [sum(item["duration_s"] for item in airing["items"]) for airing in plan]
    estimated = lengths()
    result = run_cli("render", "--json", cwd=sample_station, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len([r for r in rows if r["kind"] == "bulletin"]) >= 5
    assert {r["name"] for r in rows if r["kind"] == "program"} == {"sang", "chieu"}
    for row in rows:
        measured = loudness(sample_station / row["file"])
        assert abs(measured.lufs + 16) <= 1.0 and measured.true_peak_db <= -1.0, row
    check = run_cli("check", cwd=sample_station)
    assert check.returncode == 0, check.stdout
    for before, after in zip(estimated, lengths()):  # the rundown's estimate is close to what rendered
        assert abs(before - after) <= 0.05 * after, (estimated, lengths())


def test_not_a_station_folder_is_said_with_the_fix_and_radio_init_makes_one(tmp_path):
    empty = tmp_path / "trong"
    empty.mkdir()
    for args, cwd in ((["-C", str(tmp_path / "khong-co"), "check"], tmp_path), (["check"], empty),
                      (["run", "--output", "null", "--stop-after", "1"], empty), (["log"], empty)):
        result = run_cli(*args, cwd=cwd)
        no_traceback(result)
        assert result.returncode == 1 and "radio init" in result.stderr, (args, result.stderr)
        assert "không có thư mục này" in result.stderr or "không phải thư mục của đài" in result.stderr
    assert list(empty.iterdir()) == []  # nothing created in a folder that is not a station
    made = run_cli("init", str(tmp_path / "phu-loc"), "--name", "Đài truyền thanh xã Phú Lộc", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    station = tmp_path / "phu-loc"
    assert "name: Đài truyền thanh xã Phú Lộc" in (station / "schedule.yaml").read_text("utf-8")
    assert sorted(p.name for p in (station / "scripts").iterdir()) == ["thong-bao-mau.md"]
    jingles = ("nhac-hieu.wav", "ket-thuc.wav", "nhac-nen.wav")
    assert all(loudness(station / "audio" / name).lufs > -40 for name in jingles)  # real sound, not silence
    check = run_cli("check", cwd=station)
    assert check.returncode == 0 and "Không có lỗi" in check.stdout, check.stdout + check.stderr
    from radio.station import load_station
    made_station = load_station(station)  # the lĩnh vực and the letterhead are there to fill in, not missing
    assert made_station.categories and made_station.letterhead.issuer == "ỦY BAN NHÂN DÂN XÃ PHÚ LỘC"
    assert made_station.letterhead.place == "Phú Lộc"
    assert "mục 'report' còn thiếu parent (cơ quan cấp trên)" in check.stdout  # the one thing it cannot guess
    again = run_cli("init", str(station), cwd=tmp_path)
    assert again.returncode == 1 and "không ghi đè" in again.stderr
