import pytest

from radio.ffmpeg import AudioSegment

from radio.speech.cache import SpeechCache
from radio.speech.engines import SAMPLE_RATE, EngineUnavailable, EspeakEngine, GttsEngine, split_for_limit
from radio.speech.voice import Speaker, sentences


def test_espeak_speaks_vietnamese_offline():
    audio = EspeakEngine("vi").synthesize("Xin chào bà con", 1.0)
    assert audio.frame_rate == SAMPLE_RATE and audio.channels == 1
    assert 0.5 < len(audio) / 1000 < 4
    assert audio.dBFS > -35  # speech, not silence


@pytest.mark.parametrize("voice", ["vi", "vi-vn-x-central", "vi-vn-x-south"])
def test_espeak_vietnamese_voices(voice):
    assert len(EspeakEngine(voice).synthesize("một hai ba", 1.0)) > 300


def test_rate_changes_duration():
    text = "Ủy ban nhân dân xã thông báo lịch họp dân vào tối thứ bảy"
    slow = len(EspeakEngine().synthesize(text, 0.8))
    fast = len(EspeakEngine().synthesize(text, 1.3))
    assert fast < slow * 0.8


def test_long_sentences_are_cut_at_clauses_not_mid_word():
    text = ("Ban Chỉ huy xã đề nghị bà con nhân dân chằng chống nhà cửa, thu hoạch sớm diện tích lúa đã "
            "chín, không ra đồng và không đi qua các ngầm tràn khi nước lên")
    pieces = split_for_limit(text, 100)
    assert all(len(p) <= 100 for p in pieces) and len(pieces) == 2
    assert " ".join(p.strip() for p in pieces) == text
    assert pieces[0].endswith("nhà cửa,")  # cut after the clause mark nearest the middle
    assert split_for_limit("ngắn", 100) == ["ngắn"]


def test_gtts_through_fake_http_returns_real_audio(fake_google):
    engine = GttsEngine(timeout_s=1, sleep=lambda s: None)
    audio = engine.synthesize("xin chào bà con", 1.2)
    assert audio.frame_rate == SAMPLE_RATE and len(audio) > 300 and audio.dBFS > -40
    assert fake_google.requests == ["xin chào bà con"]


def test_gtts_sends_long_sentence_in_whole_clauses(fake_google):
    text = ("Khi cần hỗ trợ khẩn cấp, bà con gọi ngay số điện thoại trực ban của xã không hai năm một ba tám "
            "sáu sáu một hai ba hoặc đường dây nóng một một hai")
    GttsEngine(timeout_s=1, sleep=lambda s: None).synthesize(text, 1.0)
    assert all(len(piece) <= 100 for piece in fake_google.requests)
    assert fake_google.requests[0] == "Khi cần hỗ trợ khẩn cấp,"  # whole clause, not cut at 100 characters
    assert " ".join(fake_google.requests) == text


def test_gtts_retries_with_backoff_then_stays_down(fake_google):
    fake_google.fail = True
    waits = []
    now = [0.0]
    engine = GttsEngine(timeout_s=1, retries=2, backoff_s=0.5, clock=lambda: now[0], sleep=waits.append)
    with pytest.raises(EngineUnavailable):
        engine.synthesize("xin chào", 1.0)
    assert waits == [0.5, 1.0] and len(fake_google.requests) == 3
    with pytest.raises(EngineUnavailable):  # circuit open: no new request
        engine.synthesize("xin chào", 1.0)
    assert len(fake_google.requests) == 3
    now[0] += GttsEngine.DOWN_FOR_S + 1
    fake_google.fail = False
    assert len(engine.synthesize("xin chào", 1.0)) > 0


def test_network_down_falls_back_to_offline_voice_and_says_so(fake_google, tmp_path):
    fake_google.fail = True
    speaker = Speaker([GttsEngine(timeout_s=1, sleep=lambda s: None), EspeakEngine()], SpeechCache(tmp_path))
    speech = speaker.speak(["Đây là đài truyền thanh. Xin chào bà con."], tmp_path / "out.wav")
    assert speech.voices == ["espeak:vi"]
    assert speech.notes and speech.notes[0].startswith("gtts:")
    assert AudioSegment.from_file(speech.path).dBFS > -40 and speech.duration_s > 1


def test_online_voice_used_when_network_is_up(fake_google, tmp_path):
    speaker = Speaker([GttsEngine(timeout_s=1), EspeakEngine()], SpeechCache(tmp_path))
    assert speaker.speak(["Xin chào."], tmp_path / "out.wav").voices == ["gtts:vi"]


def test_unchanged_text_is_never_synthesized_twice(fake_google, tmp_path):
    speaker = Speaker([GttsEngine(timeout_s=1), EspeakEngine()], SpeechCache(tmp_path))
    speaker.speak(["Câu một. Câu hai."], tmp_path / "out.wav")
    assert len(fake_google.requests) == 2
    again = Speaker([GttsEngine(timeout_s=1), EspeakEngine()], SpeechCache(tmp_path))  # after a restart
    again.speak(["Câu một. Câu hai. Câu ba."], tmp_path / "out.wav")
    assert len(fake_google.requests) == 3


def test_sentences_split_and_unspeakable_dropped():
    assert sentences("Câu một. Câu hai! Câu ba? ... -") == ["Câu một.", "Câu hai!", "Câu ba?"]


@pytest.mark.online
@pytest.mark.skipif("not config.getoption('-m') == 'online'", reason="real gTTS only with -m online")
def test_real_google_voice(tmp_path):
    audio = GttsEngine(timeout_s=10).synthesize("Xin chào bà con", 1.0)
    assert len(audio) > 500


def test_a_network_that_cannot_answer_falls_back_at_once_and_the_station_remembers_it(monkeypatch, tmp_path):
    import os
    import time

    import requests.adapters
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens: connection refused, at once
    monkeypatch.setenv("NO_PROXY", "")
    waits = []
    engine = GttsEngine(timeout_s=1, retries=2, backoff_s=0.5, sleep=waits.append, state_dir=tmp_path)
    with pytest.raises(EngineUnavailable, match="mất mạng"):
        engine.synthesize("Xin chào bà con.", 1.0)
    assert waits == []  # a refused connection is not retried: no backoff sleeps
    asked = []
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", lambda *a, **k: asked.append(1) or 1 / 0)
    later = GttsEngine(timeout_s=1, sleep=waits.append, state_dir=tmp_path)  # the next process of the station
    with pytest.raises(EngineUnavailable, match="mất mạng"):
        later.synthesize("Xin chào bà con.", 1.0)
    assert asked == []  # it knew: the network is not even tried
    marker = tmp_path / GttsEngine.NETWORK_DOWN_FILE
    os.utime(marker, (time.time() - 61, time.time() - 61))  # a minute on: worth trying again
    with pytest.raises(EngineUnavailable):
        GttsEngine(timeout_s=1, retries=0, state_dir=tmp_path).synthesize("Xin chào bà con.", 1.0)
    assert asked == [1]
