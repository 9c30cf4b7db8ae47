"""Real audio through real ffmpeg, measured by an independent ebur128 run on the written files."""
from __future__ import annotations

import array
import wave
from pathlib import Path

import pytest

from radio.errors import StationError
from radio.mixing.master import MasterSettings, master
from radio.mixing.sources import prepare_jingle
from radio.mixing.timeline import Clip, arrange
from radio.render import Renderer
from radio.speech.engines import EspeakEngine
from radio.station import load_station
from tests.audio_checks import duration, loudness, rms_db, silences, tone_balance

pytestmark = pytest.mark.slow


def write_wav(path: Path, values) -> Path:
    pcm = array.array("h", (max(-32767, min(32767, int(v))) for v in values))
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(44100)
        writer.writeframes(pcm.tobytes())
    return path


def speech_wav(path: Path, text: str) -> Path:
    audio = EspeakEngine().synthesize(text, 1.0)
    return write_wav(path, array.array("h", audio.raw_data))


def render_program(station, renderer, name, day):
    """A program rendered as the planner has it on `day` (its own items): (report row, problems)."""
    from radio.schedule.planner import Planner
    program = station.programs[name]
    items, problems = Planner(station, renderer).program_items(program, day)
    rendered, render_problems = renderer.render_program(program, day, items)
    return (rendered.row if rendered else None), problems + render_problems


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The small test station rendered once: its bulletins and its program with bed and jingles."""
    from tests.conftest import write_station
    folder = write_station(tmp_path_factory.mktemp("station") / "dai")
    station = load_station(folder)
    renderer = Renderer(station)
    import datetime as dt
    row, problems = render_program(station, renderer, "sang", dt.date(2026, 11, 26))
    return station, row, problems


def test_program_meets_loudness_target_and_true_peak_ceiling(rendered):
    station, row, problems = rendered
    assert problems == []
    measured = loudness(Path(row.file))
    assert abs(measured.lufs - station.loudness_lufs) <= 1.0
    assert measured.true_peak_db <= station.true_peak_db
    assert abs(row.lufs - measured.lufs) <= 0.3  # the report tells the truth


def test_program_has_no_dead_air(rendered):
    _, row, _ = rendered
    assert silences(Path(row.file), noise_db=-50, min_s=2.0) == []
    assert duration(Path(row.file)) == pytest.approx(row.duration_s, abs=0.1)


def test_archive_mp3_is_tagged(rendered):
    station, row, _ = rendered
    from radio import ffmpeg
    mp3 = station.rendered_dir / "archive" / f"2026-11-26-{Path(row.file).stem}.mp3"  # named as the file that airs
    info = ffmpeg.run(["-i", str(mp3), "-f", "null", "-"], "probe").stderr
    assert "Chương trình buổi sáng" in info and station.name in info and "2026-11-26" in info
    assert "mp3" in info and "mono" in info


@pytest.mark.parametrize("target, ceiling", [(-16.0, -1.0), (-20.0, -3.0), (-12.0, -1.0)])
def test_targets_are_honoured_on_speech(tmp_path, target, ceiling):
    source = speech_wav(tmp_path / "s.wav", "Ủy ban nhân dân xã thông báo lịch tiêm chủng cho trẻ em dưới năm tuổi. "
                                            "Bà con mang theo sổ tiêm chủng và thẻ bảo hiểm y tế.")
    out = tmp_path / "out.wav"
    timeline = arrange([Clip("speech", "s", duration(source), source)], 0)
    result = master(timeline, out, MasterSettings(target, ceiling, True))
    measured = loudness(out)
    assert abs(measured.lufs - target) <= 1.0 and measured.true_peak_db <= ceiling
    assert abs(result.lufs - measured.lufs) <= 0.3


def test_clipped_input_is_limited_not_passed_through(tmp_path):
    # A square wave at full scale: every sample clips. The limiter must bring the peaks under the ceiling.
    hot = write_wav(tmp_path / "hot.wav", (32767 if (i // 50) % 2 else -32767 for i in range(44100 * 3)))
    out = tmp_path / "out.wav"
    master(arrange([Clip("speech", "hot", 3.0, hot)], 0), out, MasterSettings(-16, -1, False))
    measured = loudness(out)
    assert measured.true_peak_db <= -1.0 and abs(measured.lufs + 16) <= 1.0


def test_silence_is_refused_not_rendered(tmp_path):
    silent = write_wav(tmp_path / "silent.wav", [0] * 44100 * 2)
    with pytest.raises(StationError, match="im lặng"):
        master(arrange([Clip("speech", "x", 2.0, silent)], 0), tmp_path / "out.wav", MasterSettings())
    assert not (tmp_path / "out.wav").exists()


def test_each_sound_is_compressed_and_equalized_once(tmp_path):
    """A mastered bulletin inside a program keeps its tone: it came out 4.4 dB brighter at 2.8 kHz and 4.4 dB
    thinner below 150 Hz on the air than in "Nghe thử", the program equalizing and compressing it again."""
    raw = speech_wav(tmp_path / "raw.wav", "Ủy ban nhân dân xã thông báo lịch tiêm chủng cho trẻ em dưới năm tuổi. "
                                           "Bà con mang theo sổ tiêm chủng và thẻ bảo hiểm y tế.")
    settings = MasterSettings(-16, -1, True)
    bulletin, program, twice = tmp_path / "bulletin.wav", tmp_path / "program.wav", tmp_path / "twice.wav"
    master(arrange([Clip("speech", "b", duration(raw), raw)], 0), bulletin, settings)
    master(arrange([Clip("speech", "b", duration(bulletin), bulletin, mastered=True)], 0), program, settings)
    master(arrange([Clip("speech", "b", duration(bulletin), bulletin)], 0), twice, settings)
    alone, aired, again = tone_balance(bulletin), tone_balance(program), tone_balance(twice)
    assert abs(aired[0] - alone[0]) < 1.0 and abs(aired[1] - alone[1]) < 1.0, (alone, aired)
    assert again[0] - alone[0] > 3.0  # what processing twice does, so the check above can fail


def test_a_bulletin_airs_in_its_program_with_the_tone_it_has_alone(rendered_with_segments):
    """The renderer hands a program its bulletins as mastered: the bulletin's span in the program, under the
    ducked bed, has the tone of the bulletin's own file."""
    station, rendered = rendered_with_segments
    segment = next(s for s in rendered.segments if s.kind == "audio")
    item = next(i for i in segment.items if i["kind"] == "bulletin")
    span = (item["offset_s"] + 0.5, item["offset_s"] + item["duration_s"] - 0.5)
    from radio.bulletin import load_bulletin
    from radio.render import bulletin_wav
    alone = tone_balance(bulletin_wav(station, load_bulletin(station.folder / item["file"])))
    aired = tone_balance(Path(segment.path), *span)
    assert abs(aired[0] - alone[0]) < 1.5 and abs(aired[1] - alone[1]) < 2.0, (alone, aired)


@pytest.fixture(scope="module")
def rendered_with_segments(tmp_path_factory):
    from tests.conftest import write_station
    from radio.schedule.planner import Planner
    import datetime as dt
    station = load_station(write_station(tmp_path_factory.mktemp("station") / "dai"))
    renderer = Renderer(station)
    program, day = station.programs["sang"], dt.date(2026, 11, 26)
    items, _ = Planner(station, renderer).program_items(program, day)
    rendered, _ = renderer.render_program(program, day, items)
    return station, rendered


def test_bed_is_ducked_at_least_15_db_under_the_voice(tmp_path):
    from radio.mixing.master import Bed
    from tests.conftest import REPO
    bed_source = prepare_jingle(REPO / "audio" / "nhac-nen.wav", tmp_path / "cache")
    # Window 1 holds a silent "voice": what is heard there is the ducked bed alone.
    # Then a 6 s pause (the bed comes up), then real speech.
    quiet = write_wav(tmp_path / "quiet.wav", [0] * 44100 * 4)
    voice = speech_wav(tmp_path / "voice.wav", "Bà con chú ý, đây là tin thời tiết. Trời có mưa to và gió mạnh.")
    voice_s = duration(voice)
    timeline = arrange([Clip("speech", "quiet", 4.0, quiet), Clip("pause", "p", 6.0),
                        Clip("speech", "voice", voice_s, voice)], 1.0)
    out = tmp_path / "bed.wav"
    master(timeline, out, MasterSettings(-16, -1, False), Bed(bed_source.path, -16 - bed_source.lufs))
    ducked = rms_db(out, 0.8, 3.2)
    bed_up = rms_db(out, 5.5, 8.5)
    speech = rms_db(out, 10.2, 10 + voice_s - 0.2)
    assert bed_up - ducked >= 15, (bed_up, ducked)
    assert speech - ducked >= 15, (speech, ducked)
    assert ducked > -70  # the bed is really there, just low


def test_missing_and_corrupt_jingles_are_skipped_and_named(tmp_path):
    from tests.conftest import write_station
    folder = write_station(tmp_path / "dai")
    (folder / "audio" / "ket-thuc.wav").unlink()
    (folder / "audio" / "nhac-hieu.wav").write_bytes(b"RIFF\x00\x00not really audio")
    station = load_station(folder)
    import datetime as dt
    row, problems = render_program(station, Renderer(station), "sang", dt.date(2026, 11, 26))
    messages = [str(p) for p in problems]
    assert any("ket-thuc.wav" in m and "không tìm thấy" in m for m in messages)
    assert any("nhac-hieu.wav" in m and "hỏng" in m for m in messages)
    assert row is not None and abs(loudness(Path(row.file)).lufs + 16) <= 1.0  # the rest still airs


def test_unchanged_station_is_not_rendered_again_and_an_edit_is(tmp_path):
    from radio.render import Timings
    from radio.schedule.render_day import render_station
    from tests.conftest import write_station
    import datetime as dt
    folder = write_station(tmp_path / "dai")
    day = dt.date(2026, 11, 26)
    first = Timings()
    rows, _ = render_station(load_station(folder), day=day, renderer=Renderer(load_station(folder), timings=first))
    program = Path(next(r.file for r in rows if r.kind == "program"))
    stamp = program.stat().st_mtime_ns
    second = Timings()
    rows, problems = render_station(load_station(folder), day=day,
                                    renderer=Renderer(load_station(folder), timings=second))
    assert problems == [] and program.stat().st_mtime_ns == stamp
    assert second.wall.get("mix+master", 0) == 0 and second.wall.get("encode", 0) == 0
    (folder / "scripts" / "hop-dan.md").write_text("Ấp 3 họp dân lúc 19h30.\n", encoding="utf-8")
    rows, _ = render_station(load_station(folder), day=day)
    edited = Path(next(r.file for r in rows if r.kind == "program"))
    assert edited != program and program.stat().st_mtime_ns == stamp  # a new file: the old one may be on air


RENDER_AND_MEASURE = """
import resource, sys, pathlib
from radio.render import Renderer
from radio.station import load_station
folder = pathlib.Path(sys.argv[1])
row = Renderer(load_station(folder)).bulletin(folder / "scripts" / "dai.md")
print(row.duration_s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.slow
def test_render_memory_does_not_grow_with_the_bulletins_length(tmp_path):
    """Spoken sentence by sentence into a file: a bulletin 7x longer costs no more memory."""
    import subprocess
    import sys
    from tests.conftest import OFFLINE_STATION_HEAD, REPO, write_station
    sentence = "Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi. "
    peaks = {}
    for kb in (3, 21):
        folder = write_station(tmp_path / str(kb), OFFLINE_STATION_HEAD + "programs: {}\n",
                               {"dai.md": sentence * (kb * 1000 // len(sentence.encode()))})
        out = subprocess.run([sys.executable, "-c", RENDER_AND_MEASURE, str(folder)], capture_output=True, text=True,
                             cwd=REPO, check=True).stdout.split()
        peaks[kb] = (float(out[0]), int(out[1]) / 1024)  # seconds of audio, peak MB (ru_maxrss is in KB)
    assert peaks[21][0] > 6 * peaks[3][0] > 6 * 100  # ~16 minutes of speech against ~2
    assert peaks[21][1] - peaks[3][1] < 15, peaks  # 16 minutes of PCM alone would be 85 MB
