"""FPT.AI and Viettel AI through fake servers that answer as the vendors' public documentation describes
(FPT: a link that becomes ready later; Viettel: the audio at once), with real MP3 bytes, their errors and
rate limits; a failing vendor falls back down the station's list and says so once; keys never printed; a
southern voice reads by southern rules whatever the station's."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from radio.speech.cache import SpeechCache
from radio.speech.engines import EngineUnavailable, EspeakEngine
from radio.speech.vendors import FptEngine, ViettelEngine
from radio.speech.voice import Speaker
from tests.conftest import run_cli

KEY = "khoa-bi-mat-cua-dai-123"


class FakeVendor:
    """One loopback server for both vendors: POST /fpt (FPT.AI v5), GET /fpt-file/N (its async link), POST
    /viettel (Viettel AI). `script`: what the next answers are ("401", "429", "500", "error", "garbage")."""

    def __init__(self, mp3: bytes, not_ready_polls: int = 2):
        self.mp3, self.not_ready_polls = mp3, not_ready_polls
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.polls = 0
        vendor = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                vendor.polls += 1
                if vendor.polls <= vendor.not_ready_polls:  # the file is being made
                    self._send(404, b"Not Found", "text/plain")
                else:
                    self._send(200, vendor.mp3, "audio/mpeg")

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                vendor.requests.append({"path": self.path, "headers": dict(self.headers), "body": raw})
                step = vendor.script.pop(0) if vendor.script else ""
                if step in ("401", "429", "500"):
                    self._send(int(step), json.dumps({"message": "refused"}).encode())
                elif step == "garbage":
                    self._send(200, b"<html>bao tri</html>", "text/html")
                elif self.path == "/fpt":
                    if step == "error":
                        self._send(200, json.dumps({"error": 1, "message": "Giọng đọc không tồn tại"}).encode())
                    else:
                        link = f"http://127.0.0.1:{vendor.server.server_address[1]}/fpt-file/1.mp3"
                        self._send(200, json.dumps({"async": link, "error": 0, "message": "ok",
                                                    "request_id": "r1"}).encode())
                elif step == "error":
                    self._send(200, json.dumps({"vi_message": "Token không hợp lệ", "status": 4}).encode())
                else:
                    self._send(200, vendor.mp3, "audio/mpeg")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def vendor(real_mp3, monkeypatch):
    fake = FakeVendor(real_mp3)
    monkeypatch.setenv("RADIO_FPT_URL", fake.url + "/fpt")
    monkeypatch.setenv("RADIO_VIETTEL_URL", fake.url + "/viettel")
    monkeypatch.setenv("FPT_AI_KEY", KEY)
    monkeypatch.setenv("VIETTEL_AI_KEY", KEY)
    yield fake
    fake.close()


def test_fpt_waits_for_its_link_to_be_ready_and_sends_voice_speed_and_key(vendor):
    engine = FptEngine("lannhi", timeout_s=2, sleep=lambda s: None)
    engine.POLL_S = 0.01
    audio = engine.synthesize("xin chào bà con", 1.2)
    assert len(audio) > 300 and engine.voice == "fpt:lannhi" and vendor.polls == 3  # two "not ready" first
    sent = vendor.requests[0]
    assert sent["headers"]["api-key"] == KEY and sent["headers"]["voice"] == "lannhi" and sent["headers"]["speed"] == "2"
    assert sent["body"].decode("utf-8") == "xin chào bà con"


def test_fpt_rate_limit_is_retried_a_refused_key_is_not_and_a_wrong_voice_is_said(vendor):
    waits = []
    engine = FptEngine("banmai", timeout_s=2, sleep=waits.append)
    engine.POLL_S = 0.01
    vendor.script = ["429"]
    assert len(engine.synthesize("một", 1.0)) > 0 and waits == [0.5]  # one backoff, then it worked
    refused = FptEngine("banmai", timeout_s=2, sleep=waits.append)
    vendor.script = ["401"]
    with pytest.raises(EngineUnavailable, match="khóa FPT_AI_KEY bị từ chối"):
        refused.synthesize("hai", 1.0)
    assert len(vendor.requests) == 3 and waits == [0.5]  # no retry on a refused key; and it stays down
    with pytest.raises(EngineUnavailable, match="tạm ngừng"):
        refused.synthesize("ba", 1.0)
    vendor.script = ["error"]
    with pytest.raises(EngineUnavailable, match="Giọng đọc không tồn tại"):
        FptEngine("banmai", timeout_s=2, sleep=waits.append).synthesize("bốn", 1.0)


def test_viettel_answers_at_once_and_its_errors_are_said_in_its_words(vendor):
    engine = ViettelEngine("hcm-diemmy", timeout_s=2, sleep=lambda s: None)
    assert len(engine.synthesize("xin chào", 0.9)) > 300 and engine.voice == "viettel:hcm-diemmy"
    sent = json.loads(vendor.requests[0]["body"])
    assert sent == {"text": "xin chào", "voice": "hcm-diemmy", "speed": 0.9, "tts_return_option": 3, "token": KEY,
                    "without_filter": False}
    vendor.script = ["500", "garbage", "500"]
    with pytest.raises(EngineUnavailable, match="mã 500"):
        ViettelEngine(timeout_s=2, sleep=lambda s: None).synthesize("lỗi", 1.0)
    vendor.script = ["error"]
    with pytest.raises(EngineUnavailable, match="Token không hợp lệ"):
        ViettelEngine(timeout_s=2, sleep=lambda s: None).synthesize("sai", 1.0)


def test_without_a_key_the_vendor_falls_back_down_the_list_and_says_so_once(vendor, monkeypatch, tmp_path):
    monkeypatch.delenv("FPT_AI_KEY")
    speaker = Speaker([FptEngine("banmai", timeout_s=1, sleep=lambda s: None), EspeakEngine()], SpeechCache(tmp_path))
    speech = speaker.speak(["Câu một. Câu hai. Câu ba."], tmp_path / "out.wav")
    assert speech.voices == ["espeak:vi"] and vendor.requests == []
    assert speech.notes == ["fpt: giọng đọc FPT.AI không dùng được (chưa có khóa FPT_AI_KEY (radio voice key fpt))"]


def test_a_station_names_its_vendor_voice_and_the_key_never_shows(vendor, sample_station):
    schedule = sample_station / "schedule.yaml"
    text = schedule.read_text("utf-8").replace("engines: [espeak]", "engines: [viettel, espeak]\n  voices: {viettel: hcm-diemmy}")
    schedule.write_text(text, encoding="utf-8")
    env = {"RADIO_VIETTEL_URL": vendor.url + "/viettel", "VIETTEL_AI_KEY": KEY}
    said = run_cli("say", "Kính mời 2.105 hộ đến dự họp.", "-o", str(sample_station / "moi.wav"),
                   cwd=sample_station, env=env)
    assert said.returncode == 0, said.stderr
    assert "viettel:hcm-diemmy" in said.stdout and KEY not in said.stdout + said.stderr
    # the station reads by northern rules; its southern voice is given the southern words
    assert json.loads(vendor.requests[-1]["body"])["text"] == "Kính mời hai ngàn một trăm lẻ năm hộ đến dự họp."
    # "Máy sẽ đọc là" (console, API) shows those words too; a bulletin read by espeak keeps the station's
    from radio.bulletin import load_bulletin
    from radio.newsroom import reading
    from radio.station import load_station
    notice = sample_station / "scripts" / "moi-hop.md"
    notice.write_text("---\ntitle: Mời họp\n---\nKính mời 2.105 hộ đến dự họp.\n", encoding="utf-8")
    assert reading(load_station(sample_station), load_bulletin(notice)) == \
        "Kính mời hai ngàn một trăm lẻ năm hộ đến dự họp."
    notice.write_text("---\ntitle: Mời họp\nvoice: espeak\n---\nKính mời 2.105 hộ đến dự họp.\n", encoding="utf-8")
    assert "hai nghìn một trăm linh năm" in reading(load_station(sample_station), load_bulletin(notice))
    schedule.write_text(text.replace("hcm-diemmy", "saigon-ai"), encoding="utf-8")
    checked = run_cli("check", cwd=sample_station)
    line = next(n for n, row in enumerate(schedule.read_text("utf-8").splitlines(), 1) if "saigon-ai" in row)
    assert checked.returncode != 0 and f"schedule.yaml:{line}: giọng đọc Viettel AI không có giọng 'saigon-ai'" \
        in checked.stdout and "hcm-diemmy (giọng Nam)" in checked.stdout


def test_a_key_kept_by_the_station_reaches_the_vendor_is_never_shown_and_is_backed_up(vendor, sample_station,
                                                                                      tmp_path):
    """`radio voice key fpt` keeps the key owner-only in the station, so the service running the station has it
    with no variable set; the render sends it, no command shows it, a backup keeps it, --xoa forgets it."""
    import os
    import stat
    schedule = sample_station / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace(
        "engines: [espeak]", "engines: [fpt, espeak]\n  voices: {fpt: lannhi}"), encoding="utf-8")
    no_env = {"FPT_AI_KEY": "", "RADIO_FPT_URL": vendor.url + "/fpt"}
    kept = run_cli("voice", "key", "fpt", cwd=sample_station, stdin=KEY + "\n", env=no_env)
    assert kept.returncode == 0 and KEY not in kept.stdout + kept.stderr, kept.stdout
    keys = sample_station / "voice-keys.json"
    if os.name == "posix":
        assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    listed = run_cli("voice", "list", cwd=sample_station, env=no_env)
    assert "lannhi" in listed.stdout and "chưa có khóa" not in listed.stdout and KEY not in listed.stdout
    said = run_cli("say", "Xin chào bà con.", "-o", str(tmp_path / "chao.wav"), cwd=sample_station, env=no_env)
    assert said.returncode == 0 and "fpt:lannhi" in said.stdout, said.stdout + said.stderr
    assert vendor.requests[-1]["headers"]["api-key"] == KEY
    assert run_cli("backup", str(tmp_path / "sao-luu.zip"), cwd=sample_station).returncode == 0
    import zipfile
    assert "voice-keys.json" in zipfile.ZipFile(tmp_path / "sao-luu.zip").namelist()
    assert run_cli("voice", "key", "fpt", "--xoa", cwd=sample_station, env=no_env).returncode == 0
    checked = run_cli("check", cwd=sample_station, env=no_env)
    assert "chưa có khóa FPT_AI_KEY (radio voice key fpt)" in checked.stdout


def test_check_says_which_voice_cannot_read_here_and_which_reads_instead(sample_station):
    """A bought voice first in speech.engines with its key not set reads nothing: `radio check` says so, with the
    line of speech.engines and the voice that reads instead, before the air finds out; the key, once set, is
    never printed."""
    schedule = sample_station / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace(
        "engines: [espeak]", "engines: [fpt, espeak, viettel]\n  voices: {fpt: lannhi}"), encoding="utf-8")
    line = next(n for n, row in enumerate(schedule.read_text("utf-8").splitlines(), 1) if "engines:" in row)
    checked = run_cli("check", cwd=sample_station, env={"FPT_AI_KEY": "", "VIETTEL_AI_KEY": ""})
    assert f"schedule.yaml:{line}: cảnh báo: giọng đọc FPT.AI, lannhi (giọng Nam): chưa có khóa FPT_AI_KEY " \
           "(radio voice key fpt) ở máy này; đài đọc bằng giọng đọc ngoại tuyến." in checked.stdout, checked.stdout
    assert "VIETTEL_AI_KEY (radio voice key viettel) ở máy này; khi các giọng trước hỏng, đài bỏ qua giọng này" \
        in checked.stdout
    keyed = run_cli("check", cwd=sample_station, env={"FPT_AI_KEY": KEY, "VIETTEL_AI_KEY": KEY})
    assert "chưa có khóa" not in keyed.stdout and KEY not in keyed.stdout + keyed.stderr


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
def test_an_emergency_never_waits_for_a_slow_voice_the_first_words_follow_the_tone(vendor, tmp_path):
    """A real daemon whose voice is FPT.AI: when FPT's link is ready in time the first sentence is FPT's; when it
    is late (six seconds), the first sentence comes from the quickest offline voice right after the tone and FPT
    reads the rest."""
    import datetime as dt
    from tests.conftest import write_station
    from tests.test_daemon import BULLETINS, SCHEDULE, log_rows, start_daemon, stop_daemon, wait_for
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []").replace(
        "engines: [espeak]", "engines: [fpt, espeak]\n  voices: {fpt: lannhi}"), BULLETINS)
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")

    def emergency(text: str) -> list[dict]:
        assert run_cli("emergency", "--text", text, cwd=folder).returncode == 0
        assert wait_for(lambda: sum(r["item"].startswith(text[:12]) and r["status"] == "aired"
                                    for r in log_rows(folder)) == 2, 60), log_rows(folder)
        rows = [r for r in log_rows(folder) if r["priority"] == "khan-cap"]
        tone = [r for r in rows if r["item"] == "chuông báo khẩn cấp"][-1]
        words = [r for r in rows if r["item"].startswith(text[:12])]
        gap = (dt.datetime.fromisoformat(words[0]["started_at"]) - dt.datetime.fromisoformat(tone["ended_at"]))
        return [(r["voice"], r["item"].endswith("(tiếp)")) for r in words] + [gap.total_seconds()]
    try:
        assert wait_for(lambda: (folder / ".radio-cache" / "control.json").exists(), 30)
        vendor.not_ready_polls, vendor.polls = 0, 0  # FPT in time: the station's own voice from the first word
        *voices, gap = emergency("Cháy rừng ở ấp 2. Bà con tránh xa khu vực đồi thông.")
        assert voices == [("fpt:lannhi", False), ("fpt:lannhi", True)] and gap < 1.5, (voices, gap)
        vendor.not_ready_polls, vendor.polls = 12, 0  # each FPT file ready only after six seconds
        *voices, gap = emergency("Lũ quét ở suối Cát. Bà con vùng trũng sơ tán ngay lên nhà văn hóa ấp.")
        assert voices[0] == ("espeak:vi", False) and voices[1] == ("fpt:lannhi", True), voices
        assert gap < 1.5, gap  # the pause after the tone (0.8 s), not six seconds of dead air
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
    assert "câu đầu đọc bằng" in output and "Traceback" not in output
