"""Shared fixtures: a small real station on disk, a fake Google TTS server, and a network guard."""
from __future__ import annotations

import io
import os
import random
import shutil
import socket
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from hypothesis import settings as hypothesis_settings

REPO = Path(__file__).resolve().parent.parent

# CI replays the same examples every run (a red build must mean a regression); developers' runs explore.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")
ONLINE = os.environ.get("RADIO_ONLINE_TESTS") == "1"
# Daemons started by tests run side by side: none opens the browser console on the shared default port
# unless a test asks for one (radio run --console ADDRESS).
os.environ["RADIO_CONSOLE"] = "off"


@pytest.fixture(autouse=True)
def no_network(monkeypatch, request):
    """No test reaches the internet: only loopback connections are allowed (unless marked online)."""
    if ONLINE and request.node.get_closest_marker("online"):
        return
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")
                                      or self.family == getattr(socket, "AF_UNIX", None)):
            return real_connect(self, address)
        raise OSError(f"test tried to reach the network: {address}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


SMALL_SCHEDULE = """\
station:
  name: Đài truyền thanh xã Thử Nghiệm
  timezone: Asia/Ho_Chi_Minh
speech:
  engines: [espeak]
mastering:
  loudness_lufs: -16
  true_peak_db: -1
  gap_s: 1.0
jingles:
  intro: audio/nhac-hieu.wav
  outro: audio/ket-thuc.wav
  bed: audio/nhac-nen.wav
programs:
  sang:
    title: Chương trình buổi sáng
    bed: bed
    items:
      - jingle: intro
      - say: "Đây là {station}. Hôm nay, {date}."
      - bulletins: "*"
      - jingle: outro
slots:
  - at: "06:00"
    days: daily
    program: sang
"""

BULLETINS = {
    "hop-dan.md": "---\ntitle: Họp dân\npriority: thuong\n---\n"
                  "Ấp 3 họp dân lúc 19h00 ngày 28/11/2026 tại nhà văn hóa. Đề nghị bà con đến đúng giờ.\n",
    "canh-bao.txt": "UBND xã thông báo: từ đêm nay có mưa to 100-150mm. Bà con không ra đồng.\n",
}


def write_station(folder: Path, schedule: str = SMALL_SCHEDULE, bulletins: dict | None = None) -> Path:
    (folder / "audio").mkdir(parents=True, exist_ok=True)
    for jingle in ("nhac-hieu.wav", "ket-thuc.wav", "nhac-nen.wav"):
        shutil.copyfile(REPO / "audio" / jingle, folder / "audio" / jingle)
    (folder / "schedule.yaml").write_text(schedule, encoding="utf-8")
    scripts = folder / "scripts"
    scripts.mkdir(exist_ok=True)
    for name, text in (BULLETINS if bulletins is None else bulletins).items():
        (scripts / name).write_text(text, encoding="utf-8")
    return folder


OUTPUT_LOG = "process-output.log"  # what a server a test started printed; shown when that test fails


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test shows what its servers printed (the hub's own words on why it closed a connection)."""
    outcome = yield
    report = outcome.get_result()
    tmp = getattr(item, "funcargs", {}).get("tmp_path")
    if report.failed and tmp is not None:
        for log in sorted(Path(tmp).rglob(OUTPUT_LOG)):
            report.sections.append((f"output of the server in {log.parent}", log.read_text("utf-8", "replace")))


_PORT_PICKER = random.Random()  # seeded by the system in each worker: workers do not pick in step


def free_port() -> int:
    """A loopback port nobody listens on now, for a server a test starts. Picked below the range the system
    hands out itself (a bind to port 0, the local end of every outgoing connection): between this check and
    the server's own bind, seconds later under load, another worker's relay or client could otherwise be
    given the same port, and the test would talk to a stranger."""
    handed_out_from = _system_ports_start()
    for _ in range(200):
        port = _PORT_PICKER.randrange(20000, handed_out_from) if handed_out_from > 21000 else 0
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free loopback port")


def _system_ports_start() -> int:
    try:  # Linux; elsewhere the IANA dynamic range, which Windows and macOS use
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 49152


@pytest.fixture
def station_dir(tmp_path) -> Path:
    return write_station(tmp_path / "dai")


@pytest.fixture
def sample_station(tmp_path) -> Path:
    """The repository's own sample station, with the offline voice only (tests never go online)."""
    folder = tmp_path / "sample"
    for part in ("scripts", "audio"):
        shutil.copytree(REPO / part, folder / part, ignore=shutil.ignore_patterns("rendered"))
    schedule = (REPO / "schedule.yaml").read_text(encoding="utf-8")
    (folder / "schedule.yaml").write_text(schedule.replace("[gtts, espeak]", "[espeak]"), encoding="utf-8")
    return folder


def run_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 300,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a real subprocess (`env`: variables to add)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    env.pop("RADIO_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "radio", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, env=env)


@pytest.fixture
def no_sound_card():
    """For tests of what happens without a sound card: skipped on a machine that has one."""
    import miniaudio
    try:
        miniaudio.PlaybackDevice(nchannels=1, sample_rate=44100).close()
    except miniaudio.MiniaudioError:
        return
    pytest.skip("this machine has a working sound card")


# The head of schedule.yaml shared by the scheduler and daemon tests: offline voice, short gaps.
OFFLINE_STATION_HEAD = """\
station:
  name: Đài xã Thử Nghiệm
  timezone: Asia/Ho_Chi_Minh
speech:
  engines: [espeak]
mastering:
  gap_s: 0.5
jingles:
  intro: audio/nhac-hieu.wav
"""


@pytest.fixture(scope="session")
def real_mp3(tmp_path_factory) -> bytes:
    """Real MP3 bytes of Vietnamese speech (espeak-ng, encoded by ffmpeg like Google's 24 kHz clips)."""
    from radio import ffmpeg
    from radio.speech.engines import EspeakEngine
    folder = tmp_path_factory.mktemp("mp3")
    audio = EspeakEngine("vi").synthesize("xin chào bà con", 1.0)
    wav = folder / "voice.wav"
    with wave.open(str(wav), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(audio.frame_rate)
        writer.writeframes(audio.raw_data)
    mp3 = folder / "voice.mp3"
    ffmpeg.run(["-i", str(wav), "-ar", "24000", "-codec:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", str(mp3)],
               "test mp3")
    return mp3.read_bytes()


def google_body(mp3: bytes) -> bytes:
    """What translate.google.com's batchexecute endpoint answers for one clip."""
    import base64
    encoded = base64.b64encode(mp3).decode("ascii")
    return (')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]\n').encode()


class FakeGoogle:
    """Stands in for the HTTP layer under gTTS (requests' transport adapter)."""

    def __init__(self, mp3: bytes, fail: bool = False):
        self.mp3 = mp3
        self.fail = fail
        self.requests: list[str] = []

    def send(self, adapter, request, **kwargs):
        import urllib.parse
        import requests
        import json
        body = urllib.parse.parse_qs(request.body if isinstance(request.body, str) else request.body.decode())
        rpc = json.loads(body["f.req"][0])  # [[["jQ1olc", "[text, lang, ...]", ...]]]
        self.requests.append(json.loads(rpc[0][0][1])[0])
        if self.fail:
            raise requests.exceptions.ConnectionError("Network is unreachable")
        response = requests.Response()
        response.status_code = 200
        response._content = google_body(self.mp3)
        response._content_consumed = True
        response.raw = io.BytesIO(response._content)
        response.request = request
        response.url = request.url
        response.encoding = "utf-8"
        return response


@pytest.fixture
def fake_google(monkeypatch, real_mp3):
    import requests.adapters
    fake = FakeGoogle(real_mp3)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", lambda self, request, **kw: fake.send(self, request, **kw))
    return fake


# For a subprocess, where the socket guard cannot reach: every HTTPS request goes to a closed loopback
# port and fails at once, as on a station whose internet is down.
NETWORK_DOWN = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
