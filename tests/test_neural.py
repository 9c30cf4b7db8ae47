"""The offline neural voice, driven whole with a tiny model shaped like a Piper voice (tests/tiny_voice.py):
radio voice add, list, render, master, play; wrong files refused with words; radio voice get offline says
what to do with a USB stick."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.audio_checks import duration, loudness
from tests.conftest import NETWORK_DOWN, run_cli
from tests.tiny_voice import write_tiny_voice

VOICE = "vi_VN-thu-x_low"


def with_neural_voice(station: Path) -> Path:
    schedule = station / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace(
        "engines: [espeak]", f"engines: [piper, espeak]\n  voices: {{piper: {VOICE}}}"), encoding="utf-8")
    return station


@pytest.mark.slow
def test_a_voice_is_added_listed_rendered_mastered_and_played(sample_station, tmp_path):
    model = write_tiny_voice(tmp_path / "usb", VOICE)
    added = run_cli("voice", "add", str(model), cwd=sample_station)
    assert added.returncode == 0, added.stderr
    assert "lần thời gian thực" in added.stdout and (sample_station / "voices" / f"{VOICE}.onnx.json").is_file()
    listed = run_cli("voice", "list", cwd=sample_station)
    assert VOICE in listed.stdout and "không rõ" in listed.stdout
    with_neural_voice(sample_station)
    assert run_cli("check", cwd=sample_station).returncode == 0
    rendered = run_cli("render", "scripts/tiem-chung.md", "--json", cwd=sample_station)
    assert rendered.returncode == 0, rendered.stderr
    row = json.loads(rendered.stdout)[0]
    assert row["voice"] == f"piper:{VOICE}"
    measured = loudness(sample_station / row["file"])
    assert abs(measured.lufs - (-16.0)) < 1.5 and measured.true_peak_db <= -0.9 and not measured.silent
    played = run_cli("play", row["file"], "--output", f"file:{tmp_path / 'aired'}", cwd=sample_station)
    assert played.returncode == 0, played.stderr
    [recording] = list((tmp_path / "aired").glob("*.wav"))
    assert abs(duration(recording) - duration(sample_station / row["file"])) < 0.3
    log = json.loads(run_cli("log", "--json", cwd=sample_station).stdout)
    assert any(r["status"] == "aired" for r in log)


def test_voice_list_shows_every_voice_in_the_order_it_reads_and_what_each_still_lacks(sample_station, tmp_path):
    """Not only the neural voices: each of speech.engines in its order, its region, online or not, and what it
    lacks to read (a vendor's key: named, never printed), then a neural voice in voices/ that none reads."""
    for name in (VOICE, "vi_VN-an-x_low"):
        added = run_cli("voice", "add", str(write_tiny_voice(tmp_path / "usb", name)), cwd=sample_station)
        assert added.returncode == 0, added.stderr
    schedule = sample_station / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace(
        "engines: [espeak]", f"engines: [piper, fpt, espeak]\n  voices: {{piper: {VOICE}, fpt: lannhi}}"), "utf-8")
    listed = run_cli("voice", "list", cwd=sample_station, env={"FPT_AI_KEY": ""})
    assert listed.returncode == 0, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if VOICE in line or "FPT" in line or "an-x_low" in line
            or "ngoại tuyến  " in line]
    assert rows[0].startswith("1") and VOICE in rows[0] and "sẵn sàng" in rows[0]
    assert rows[1].startswith("2") and "lannhi" in rows[1] and "giọng Nam" in rows[1] and "trực tuyến" in rows[1] \
        and "chưa có khóa FPT_AI_KEY" in rows[1]
    assert rows[2].startswith("3") and "espeak-ng" in rows[2] and "sẵn sàng" in rows[2]
    assert rows[3].startswith("-") and "an-x_low" in rows[3] and "speech.voices.piper" in rows[3]
    keyed = run_cli("voice", "list", cwd=sample_station, env={"FPT_AI_KEY": "bi-mat-123"})
    assert "bi-mat-123" not in keyed.stdout + keyed.stderr and "chưa có khóa" not in keyed.stdout


@pytest.mark.slow
def test_a_program_reads_in_its_own_voice_and_the_plan_counts_that_voice(sample_station, tmp_path):
    """`voice:` on a program: its words and bulletins in that voice, each bulletin in a file of its own (a
    bulletin's own `voice:` still wins); the plan's lengths are those of the files that air. A voice the station
    does not have is named by `radio check`, with its line, for a program and for a bulletin."""
    assert run_cli("voice", "add", str(write_tiny_voice(tmp_path / "usb", VOICE)), cwd=sample_station).returncode == 0
    schedule = with_neural_voice(sample_station) / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace(
        "    title: Chương trình phát thanh buổi chiều\n",
        "    title: Chương trình phát thanh buổi chiều\n    voice: espeak\n"), encoding="utf-8")
    own = sample_station / "scripts" / "hop-dan-ap-3.md"
    own.write_text(own.read_text("utf-8").replace("priority: thuong\n", "priority: thuong\nvoice: piper\n"), "utf-8")
    rendered = run_cli("render", "--json", cwd=sample_station)
    assert rendered.returncode == 0, rendered.stderr
    rows = {row["name"]: row for row in json.loads(rendered.stdout)}
    assert rows["canh-bao-bao"]["voice"] == rows["sang"]["voice"] == f"piper:{VOICE}"
    assert set(rows["chieu"]["voice"].split(", ")) == {"espeak:vi", f"piper:{VOICE}"}  # hop-dan keeps its own
    folder = sample_station / "audio" / "rendered" / "bulletins"
    assert (folder / "canh-bao-bao@espeak.wav").is_file() and not (folder / "hop-dan-ap-3@espeak.wav").exists()
    assert duration(folder / "canh-bao-bao@espeak.wav") != pytest.approx(duration(folder / "canh-bao-bao.wav"), abs=1)

    plan = json.loads(run_cli("plan", "--json", cwd=sample_station).stdout)
    for slot in plan[:2]:
        assert not slot["estimated"], slot["slot"]
        for item in slot["items"]:
            if item["kind"] == "bulletin":
                name = Path(item["file"]).stem
                voiced = f"{name}@espeak.wav" if slot["program"] == "chieu" and name != "hop-dan-ap-3" else f"{name}.wav"
                assert item["duration_s"] == pytest.approx(duration(folder / voiced), abs=0.05), (slot["slot"], name)

    schedule.write_text(schedule.read_text("utf-8").replace("    voice: espeak\n", "    voice: fpt\n"), "utf-8")
    own.write_text(own.read_text("utf-8").replace("voice: piper", "voice: viettel"), "utf-8")
    checked = run_cli("check", cwd=sample_station)
    assert checked.returncode == 1
    assert "chọn giọng 'fpt' nhưng đài không có giọng này" in checked.stdout + checked.stderr
    assert "hop-dan-ap-3.md:5" in checked.stdout + checked.stderr


def test_phonemes_are_what_piper_voices_were_trained_on():
    """A real Piper voice hears what piper-phonemize gives it: each clause's mark among the phonemes (pauses and
    sentence endings), no espeak-ng language flags read as phonemes ("(en)" would be e and n), decomposed text,
    and its ids framed BOS, pad, phoneme, pad …, EOS."""
    import unicodedata
    from radio.speech.neural import phoneme_ids, phonemes
    said = phonemes("Ủy ban xã thông báo, bà con chú ý: có Zalo")
    assert ", " in said and ": " in said and said.endswith(".") and said.count(".") == 1
    assert "(" not in said and ")" not in said and said == unicodedata.normalize("NFD", said)
    assert phonemes("Cảm ơn bà con!").endswith("!") and phonemes("Đến đúng giờ…").endswith(".")
    id_map = {"^": [1], "_": [0], "$": [2], "a": [5], ",": [7]}
    assert phoneme_ids("a,x", id_map) == [1, 0, 5, 0, 7, 0, 2]  # x: not in this voice, left out


def test_wrong_voice_files_are_refused_with_words_never_a_traceback(sample_station, tmp_path):
    good = write_tiny_voice(tmp_path / "good", VOICE)
    cases = {}
    not_onnx = tmp_path / "a" / f"{VOICE}.onnx"
    not_onnx.parent.mkdir()
    not_onnx.write_bytes(b"<html>Not Found</html>")
    shutil.copy(good.with_name(good.name + ".json"), not_onnx.with_name(not_onnx.name + ".json"))
    cases[not_onnx] = "không phải mô hình ONNX dùng được"
    truncated = tmp_path / "b" / f"{VOICE}.onnx"
    truncated.parent.mkdir()
    truncated.write_bytes(good.read_bytes()[:len(good.read_bytes()) // 2])
    shutil.copy(good.with_name(good.name + ".json"), truncated.with_name(truncated.name + ".json"))
    cases[truncated] = "không phải mô hình ONNX dùng được"
    english = write_tiny_voice(tmp_path / "c", "en_US-thu-x_low", language="en-us")
    cases[english] = "giọng 'en-us', không phải tiếng Việt"
    alone = tmp_path / "d" / f"{VOICE}.onnx"
    alone.parent.mkdir()
    shutil.copy(good, alone)
    cases[alone] = "thiếu tệp cấu hình"
    other_inputs = tmp_path / "e" / f"{VOICE}.onnx"
    other_inputs.parent.mkdir()
    _model_with_other_inputs(other_inputs)
    shutil.copy(good.with_name(good.name + ".json"), other_inputs.with_name(other_inputs.name + ".json"))
    cases[other_inputs] = "không có đầu vào của giọng Piper"
    for path, words in cases.items():
        refused = run_cli("voice", "add", str(path), cwd=sample_station)
        assert refused.returncode != 0 and words in refused.stderr, (path, refused.stderr)
        assert "Traceback" not in refused.stderr
    schedule = with_neural_voice(sample_station) / "schedule.yaml"
    checked = run_cli("check", cwd=sample_station)
    line = next(n for n, row in enumerate(schedule.read_text("utf-8").splitlines(), 1) if "voices:" in row)
    assert f"schedule.yaml:{line}: chưa có giọng '{VOICE}' trong thư mục voices/" in checked.stdout


def test_voice_get_offline_says_how_to_bring_the_files_on_a_usb_stick(sample_station):
    fetched = run_cli("voice", "get", "vais1000", cwd=sample_station, env=NETWORK_DOWN)
    assert fetched.returncode != 0 and "Traceback" not in fetched.stderr
    assert "không tải được giọng vi_VN-vais1000-medium" in fetched.stderr and "ổ USB" in fetched.stderr
    unknown = run_cli("voice", "get", "nobody", cwd=sample_station)
    assert unknown.returncode != 0 and "các giọng biết: vais1000" in unknown.stderr


def _model_with_other_inputs(path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper
    graph = helper.make_graph([helper.make_node("Identity", ["text"], ["output"])], "other",
                              [helper.make_tensor_value_info("text", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_the_console_plays_one_passage_in_each_voice_side_by_side(tmp_path):
    """'Nghe thử từng giọng': the station's neural voice and its offline espeak voice read the same opening,
    each playable in the page; a voice that cannot read it says why."""
    import re as regex
    from tests.test_console import ORIGIN, csrf_of, login, station_with
    folder = station_with(tmp_path, {"lan": "bien-tap"})
    model = write_tiny_voice(tmp_path / "usb", VOICE)
    assert run_cli("voice", "add", str(model), cwd=folder).returncode == 0
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("engines: [espeak]", "engines: [piper, fpt, espeak]")
                        .replace("speech:\n", f"speech:\n  voices: {{piper: {VOICE}}}\n"), encoding="utf-8")
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.post("/ban-tin/hop-dan/moi-giong", data={"csrf": csrf_of(client, "/")}, headers=ORIGIN)
    assert page.status_code == 200, page.text
    table = page.text[page.text.index('id="voices"'):]
    assert f"giọng nơ-ron ngoại tuyến {VOICE}" in table and "giọng đọc ngoại tuyến" in table
    assert "không đọc được: " in table and "FPT_AI_KEY" in table  # no key here: said, not hidden
    samples = regex.findall(r'src="(/ban-tin/hop-dan/giong/[0-9a-f]{16}\.wav)"', table)
    assert len(samples) == 2
    heard = [client.get(url) for url in samples]
    assert all(answer.status_code == 200 and answer.content[:4] == b"RIFF" for answer in heard)
    assert heard[0].content != heard[1].content
    assert client.get("/ban-tin/hop-dan/giong/..%2Fschedule.yaml").status_code == 404


def test_the_officer_picks_the_voice_heard_side_by_side_and_the_bulletin_keeps_it(tmp_path):
    """'Dùng giọng này' beside a voice in the side-by-side table: the bulletin's voice: is set (the page and the
    edit form say which), it waits for approval again like any edit, an edit from a client that does not know
    of voices keeps it, and a voice the station lacks is refused with words."""
    import re as regex
    from radio.bulletin import load_bulletin
    from tests.test_console import ORIGIN, csrf_of, login, station_with
    folder = station_with(tmp_path, {"lan": "bien-tap"})
    assert run_cli("voice", "add", str(write_tiny_voice(tmp_path / "usb", VOICE)), cwd=folder).returncode == 0
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("engines: [espeak]", "engines: [piper, espeak]")
                        .replace("speech:\n", f"speech:\n  voices: {{piper: {VOICE}}}\n"), encoding="utf-8")
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.post("/ban-tin/hop-dan/moi-giong", data={"csrf": csrf_of(client, "/")}, headers=ORIGIN)
    forms = regex.findall(r'name="sha256" value="([0-9a-f]+)"><input type="hidden" name="voice" value="(\w+)"',
                          page.text)
    assert [voice for _, voice in forms] == ["piper", "espeak"]
    sha256, _ = forms[1]
    chosen = client.post("/ban-tin/hop-dan/chon-giong", headers=ORIGIN,
                         data={"csrf": csrf_of(client, "/"), "voice": "espeak", "sha256": sha256})
    assert chosen.status_code == 200 and "Bản tin sẽ đọc bằng giọng đọc ngoại tuyến" in chosen.text
    assert "Bản tin chờ duyệt lại" in chosen.text and 'Giọng đọc: giọng đọc ngoại tuyến' in chosen.text
    path = folder / "scripts" / "hop-dan.md"
    assert load_bulletin(path).voice == "espeak"
    form = client.get("/ban-tin/hop-dan/sua").text
    assert regex.search(r'<option value="espeak" selected>', form)
    stale = client.post("/ban-tin/hop-dan/chon-giong", headers=ORIGIN,
                        data={"csrf": csrf_of(client, "/"), "voice": "piper", "sha256": sha256})
    assert stale.status_code == 409 and load_bulletin(path).voice == "espeak"  # someone changed it meanwhile
    refused = client.post("/ban-tin/hop-dan/chon-giong", headers=ORIGIN,
                          data={"csrf": csrf_of(client, "/"), "voice": "fpt"})
    assert refused.status_code == 422 and "giọng &#39;fpt&#39; không có ở đài" in refused.text
    from radio.newsroom import update
    update(load_bulletin(path), {"title": "Họp dân", "text": "Mời bà con đi họp."}, voices=("piper", "espeak"))
    assert load_bulletin(path).voice == "espeak"  # an edit that does not speak of the voice keeps it


@pytest.mark.slow
def test_listen_plays_the_bulletin_in_the_voice_its_next_program_reads_it_in(tmp_path):
    """'Nghe thử' on a station whose morning program reads in espeak while the default voice is the neural
    one: the page plays the file that program airs (NAME@espeak.wav), says which program, and names the
    evening program that reads it in the default voice; the bulletin still awaits approval, as one does when
    the officer listens before sending it up."""
    from tests.audio_checks import loudness
    from tests.test_console import ORIGIN, csrf_of, login, station_with
    folder = station_with(tmp_path, {"lan": "bien-tap"})
    assert run_cli("voice", "add", str(write_tiny_voice(tmp_path / "usb", VOICE)), cwd=folder).returncode == 0
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("engines: [espeak]", "engines: [piper, espeak]")
                        .replace("speech:\n", f"speech:\n  voices: {{piper: {VOICE}}}\n")
                        .replace("    title: Chương trình buổi sáng\n", "    title: Chương trình buổi sáng\n"
                                 "    voice: espeak\n")
                        .replace("slots:\n", "  chieu:\n    title: Buổi chiều\n    items:\n      - bulletins: \"*\"\n"
                                 "slots:\n") + "  - {at: \"17:00\", days: daily, program: chieu}\n", encoding="utf-8")
    assert run_cli("check", cwd=folder).returncode == 0
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.post("/ban-tin/hop-dan/nghe-thu", data={"csrf": csrf_of(client, "/")}, headers=ORIGIN)
    assert page.status_code == 200, page.text
    assert "như khi phát trong «Chương trình buổi sáng»" in page.text
    assert "Chương trình «Buổi chiều» đọc bằng giọng mặc định của đài" in page.text
    assert "am-thanh?v=" in page.text and "giong=espeak" in page.text
    heard = client.get("/ban-tin/hop-dan/am-thanh", params={"v": "1", "giong": "espeak"})
    aired = folder / "audio" / "rendered" / "bulletins" / "hop-dan@espeak.wav"
    assert heard.status_code == 200 and heard.content == aired.read_bytes()
    assert abs(loudness(aired).lufs + 16) <= 1.0
    assert client.get("/ban-tin/hop-dan/am-thanh", params={"giong": "../../schedule"}).status_code == 404
