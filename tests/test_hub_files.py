"""A recorded bulletin from the hub: its recording travels by content hash, a download cut halfway by the
network resumes where it stopped (HTTP Range), an emergency in the same page airs meanwhile, and the
recording airs at the station mastered like the station's own voice. Real `radio hub run`, a real TCP relay
that cuts the line, the sample station as shipped with approval on, real ffmpeg."""
from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from pathlib import Path

import httpx

from radio import ffmpeg
from radio.files import file_digest
from radio.hub.downlink import Downlink
from radio.hub.uplink import read_link
from tests.audio_checks import duration, loudness
from tests.conftest import free_port, run_cli
from tests.test_hub import start_hub
from tests.test_hub_down import new_hub, with_approval

CUT_AFTER = 300_000  # bytes back to the station before the line drops, once


class CuttingRelay:
    """A TCP relay on loopback to the hub that cuts the line once, where a 4G line drops: in the middle of an
    answer (the first connection to carry more than `cut_after` bytes back), or, with `cut_answer_to`, right
    after the hub has taken a request starting with those bytes and before its answer gets back (the hub
    stored the batch; the station never heard so); or stalls every answer while `stalled` is set. Every
    request it relays is kept to be read."""

    def __init__(self, upstream_port: int, cut_after: int | None = None, cut_answer_to: bytes | None = None):
        self.upstream_port, self.cut_after, self.cut_answer_to = upstream_port, cut_after, cut_answer_to
        self.stalled = threading.Event()  # set: the hub takes connections and requests, and never answers
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests = bytearray()
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            line = {"drop_answer": False}
            threading.Thread(target=self._pipe, args=(client, upstream, True, line), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False, line), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, asking: bool, line: dict) -> None:
        passed = 0
        try:
            while chunk := source.recv(16384):
                if asking:
                    self.requests += chunk
                    if self.cut_answer_to and self.cuts == 0 and chunk.startswith(self.cut_answer_to):
                        line["drop_answer"] = True
                elif line["drop_answer"]:
                    self.cuts += 1
                    break
                elif self.stalled.is_set():
                    continue  # swallowed: the station waits on its own thread until its timeout
                elif self.cut_after is not None and self.cuts == 0 and passed + len(chunk) > self.cut_after:
                    target.sendall(chunk[:self.cut_after - passed])
                    self.cuts += 1
                    break
                target.sendall(chunk)
                passed += len(chunk)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self) -> None:
        self.listener.close()


def recording(folder: Path) -> Path:
    """25 s of a quiet, speech-like modulated tone (about -33 LUFS), 1.1 MB of WAV: mastering must bring it up."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "loi-chu-tich.wav"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=190:duration=25", "-af", "volume=0.03,tremolo=f=3:d=0.9",
                "-ar", "22050", "-ac", "1", "-c:a", "pcm_s16le", str(path)], "tạo tệp thử", path)
    return path


def test_a_recorded_bulletin_resumes_a_cut_download_and_airs_mastered(tmp_path, sample_station):
    folder = with_approval(sample_station)
    hub_dir, code = new_hub(tmp_path)
    port = free_port()
    hub = start_hub(hub_dir, port)
    relay = CuttingRelay(port, cut_after=CUT_AFTER)
    try:
        assert run_cli("link", f"http://127.0.0.1:{relay.port}", "--code", code, cwd=folder).returncode == 0
        soan = tmp_path / "soan"
        source = recording(soan)
        (soan / "loi-keu-goi.md").write_text(
            "---\ntitle: Lời kêu gọi của Chủ tịch UBND huyện\ncategory: thông báo\npriority: uu-tien\n"
            "audio: loi-chu-tich.wav\n---\nChủ tịch UBND huyện kêu gọi bà con tham gia ngày hội chuyển đổi số.\n",
            encoding="utf-8")
        sent = run_cli("-C", str(hub_dir), "hub", "send", str(soan / "loi-keu-goi.md"), "--all", cwd=tmp_path)
        assert sent.returncode == 0, sent.stderr
        ordered = run_cli("-C", str(hub_dir), "hub", "emergency", "--text", "Bão số 5 đổ bộ, bà con vào nhà.",
                          "--all", "--wait", "0", "--json", cwd=tmp_path)
        order = json.loads(ordered.stdout)["order"]

        aired = []
        downlink = Downlink(folder, lambda message: None,
                            emergency=lambda request: aired.append(request) or {
                                "ok": True, "on_air_at": dt.datetime.now().astimezone().isoformat()})
        link = read_link(folder)
        with httpx.Client(base_url=link.url, headers={"Authorization": f"Bearer {link.credential}"},
                          timeout=10) as client:
            try:
                downlink.pull(client)
                raise AssertionError("the relay should have cut the download")
            except httpx.HTTPError:
                pass
            landed = folder / "scripts" / "trungtam-loi-keu-goi.md"
            part = folder / ".radio-cache" / "hub-files" / f"{file_digest(source)}.part"
            assert relay.cuts == 1 and not landed.exists()
            half = part.stat().st_size
            assert 100_000 < half < source.stat().st_size
            assert wait(lambda: len(aired) == 1)  # the emergency in the same page did not wait for the download
            cursor = downlink.cursor
            downlink.pull(client)  # the next exchange: the same page again, the download resumed
        assert f"Range: bytes={half}-".lower() in relay.requests.decode("latin-1").lower()
        assert downlink.cursor > cursor and landed.is_file() and not part.exists()
        assert len(aired) == 1 and aired[0]["text"] == "Bão số 5 đổ bộ, bà con vào nhà."  # once, never twice
        kept = folder / "audio" / "trungtam" / f"{file_digest(source)}.wav"
        assert file_digest(kept) == file_digest(source)
        assert f"audio: audio/trungtam/{kept.name}" in landed.read_text("utf-8")
    finally:
        relay.close()
        hub.kill()
        hub.wait(10)

    checked = run_cli("check", cwd=folder)
    assert "trungtam-loi-keu-goi" not in checked.stdout + checked.stderr, checked.stdout
    rendered = run_cli("render", "scripts/trungtam-loi-keu-goi.md", "--json", cwd=folder)
    assert rendered.returncode == 0, rendered.stderr
    row = json.loads(rendered.stdout)[0]
    assert row["voice"] == "ghi âm"
    made = folder / row["file"]
    measured = loudness(made)
    assert abs(duration(made) - 25.0) < 0.5
    assert abs(measured.lufs - (-16.0)) < 1.5 and measured.true_peak_db <= -0.9  # brought up, never clipped
    plan = json.loads(run_cli("plan", "--days", "2", "--json", cwd=folder).stdout)
    assert any(item.get("title") == "Lời kêu gọi của Chủ tịch UBND huyện" for airing in plan
               for item in airing["items"]), "approved at the centre: it airs in the next programs"
    orders = json.loads((folder / ".radio-cache" / "hub-orders.json").read_text("utf-8"))
    assert order in orders["done"]


def wait(condition, seconds: float = 10.0) -> bool:
    from tests.test_daemon import wait_for
    return wait_for(condition, seconds)


def test_a_recording_that_is_missing_or_not_audio_is_named_with_its_line(sample_station):
    bulletin = sample_station / "scripts" / "ghi-am.md"
    bulletin.write_text("---\ntitle: Lời chủ tịch\naudio: audio/ban-ghi/loi-chu-tich.mp3\n---\nLời chủ tịch xã.\n",
                        encoding="utf-8")
    checked = run_cli("check", cwd=sample_station)
    assert checked.returncode != 0
    assert "scripts/ghi-am.md:3: không có tệp ghi âm 'audio/ban-ghi/loi-chu-tich.mp3'" in checked.stdout, checked.stdout
    (sample_station / "audio" / "ban-ghi").mkdir()
    (sample_station / "audio" / "ban-ghi" / "loi-chu-tich.mp3").write_bytes(b"not audio at all" * 100)
    rendered = run_cli("render", "scripts/ghi-am.md", cwd=sample_station)
    assert rendered.returncode != 0 and "Traceback" not in rendered.stderr
    assert "tệp ghi âm audio/ban-ghi/loi-chu-tich.mp3 hỏng hoặc không phải tệp âm thanh" in rendered.stdout + rendered.stderr
