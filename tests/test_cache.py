import pytest

from radio.ffmpeg import AudioSegment
from radio.speech.cache import SpeechCache


@pytest.fixture
def tone():
    from pydub.generators import Sine
    return Sine(440).to_audio_segment(duration=300).set_channels(1).set_frame_rate(44100)


def test_round_trip_and_survives_restart(tmp_path, tone):
    key = SpeechCache.key("espeak:vi", 1.0, "xin chào")
    SpeechCache(tmp_path).put(key, tone, "xin chào")
    again = SpeechCache(tmp_path)  # a new process would build a new cache object on the same folder
    got = again.get(key)
    assert got is not None and got.raw_data == tone.raw_data and again.hits == 1


def test_key_depends_on_voice_rate_and_text():
    keys = {SpeechCache.key(v, r, t) for v in ("gtts:vi", "espeak:vi") for r in (1.0, 1.1) for t in ("a", "b")}
    assert len(keys) == 8


def test_corrupt_entry_is_detected_and_dropped(tmp_path, tone):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak:vi", 1.0, "câu")
    cache.put(key, tone, "câu")
    wav = next(tmp_path.rglob("*.wav"))
    data = bytearray(wav.read_bytes())
    data[100] ^= 0xFF
    wav.write_bytes(bytes(data))
    assert cache.get(key) is None
    assert not wav.exists()  # dropped, so the next put rebuilds it
    cache.put(key, tone, "câu")
    assert cache.get(key).raw_data == tone.raw_data


def test_half_written_entry_without_sidecar_is_a_miss(tmp_path, tone):
    cache = SpeechCache(tmp_path)
    key = cache.key("espeak:vi", 1.0, "câu")
    cache.put(key, tone, "câu")
    next(tmp_path.rglob("*.json")).unlink()
    assert cache.get(key) is None


def test_no_partial_files_left(tmp_path, tone):
    cache = SpeechCache(tmp_path)
    for i in range(5):
        cache.put(cache.key("v", 1.0, str(i)), tone, str(i))
    assert not [p for p in tmp_path.rglob("*") if "partial" in p.name]
    assert isinstance(cache.get(cache.key("v", 1.0, "3")), AudioSegment)
