"""A zone's stream to an Icecast server, for IP loudspeakers that pull it: icecast://USER:PASS@HOST:PORT/MOUNT
(MP3 by default; ?codec=opus&bitrate=48k to choose).

Three threads, so that nothing on the network can hold up the air:
- the pacer (the file: and null outputs' PacedSink) reads the feeder in real time and hands each block over
  without ever waiting: while the stream is down or stalled, blocks are dropped and counted;
- the streamer keeps an ffmpeg encoder connected as the mount's source, starting it again with backoff
  (at most 2 s apart) when Icecast is down, restarted or refuses; between programs it streams silence, so
  the speakers never drop;
- the watcher reads Icecast's status-json.xsl every few seconds: how many listeners the mount has.
The zone is told (once per cause, never a loop of tracebacks) when the stream goes down, why, and how many
seconds of air did not reach the server.
"""
from __future__ import annotations

import json
import queue
import re
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from typing import Callable

from radio import ffmpeg
from radio.playout.feeder import RATE, WIDTH, Feeder
from radio.playout.sinks import PacedSink
from radio.zones import CODECS, parse_icecast, shown

# two seconds of air (blocks of sinks.BLOCK_FRAMES) waiting for the encoder; beyond that it is dropped, never
# waited for
QUEUE_BLOCKS = 86
RETRY_S = (0.25, 0.5, 1.0, 2.0)  # a restarted Icecast is streamed to again within a couple of seconds
WATCH_EVERY_S = 3.0
def _reason(stderr: str) -> str:
    """ffmpeg's complaint, in the operator's words."""
    text = stderr.lower()
    if "401" in text or "unauthorized" in text:
        return "Icecast từ chối mật khẩu nguồn (sai tên hoặc mật khẩu trong địa chỉ icecast://)"
    if "403" in text or "forbidden" in text:
        return "Icecast từ chối điểm phát (đã có nguồn khác đang phát vào, hoặc tên điểm phát không được phép)"
    if "connection reset" in text or "broken pipe" in text:
        return "máy chủ Icecast ngắt kết nối (dừng hoặc khởi động lại)"
    if "connection refused" in text:
        return "máy chủ Icecast không chạy hoặc sai cổng"
    if "timed out" in text or "timeout" in text:
        return "máy chủ Icecast không trả lời"
    last = stderr.strip().splitlines()[-1] if stderr.strip() else "bộ mã hóa dừng"
    return re.sub(r"^\[[^\]]*\]\s*", "", last)  # ffmpeg's "[out#0/mp3 @ 0x…]" means nothing to an officer


class IntervalSignal:
    """A jingle looped between programs, so the speakers hear the station is there (the interval signal of
    broadcasting); 6 dB under the programmes' loudness."""

    def __init__(self, path, gain_db: float):
        import audioop
        import wave
        with wave.open(str(path)) as reader:
            pcm = reader.readframes(reader.getnframes())
        self.pcm = audioop.mul(pcm, WIDTH, 10 ** ((gain_db - 6) / 20)) or bytes(WIDTH)
        self.position = 0

    def read(self, frames: int) -> bytes:
        out = bytearray()
        while len(out) < frames * WIDTH:
            piece = self.pcm[self.position:self.position + frames * WIDTH - len(out)]
            out += piece
            self.position = (self.position + len(piece)) % len(self.pcm)
        return bytes(out)


class IcecastSink:
    def __init__(self, feeder: Feeder, url: str, report: Callable[[str, str], None] = lambda event, detail: None,
                 interval: IntervalSignal | None = None):
        """`report(event, detail)`: 'down' (why), 'up' (seconds of air lost), 'listeners' (how many now);
        `interval`: what the stream carries between programs (default: silence)."""
        self.feeder = feeder
        self.interval = interval
        self.settings = parse_icecast(url)
        self.label = f"Icecast {shown(url)}"
        self.report = report
        self._blocks: queue.Queue[bytes] = queue.Queue(maxsize=QUEUE_BLOCKS)
        self._stop = threading.Event()
        self._process: subprocess.Popen | None = None
        self.connected = threading.Event()
        self.lost_frames = 0  # air that never reached Icecast, since the start
        self._listeners: int | None = None
        self.listeners_changed_at: float | None = None
        self._down = False  # the stream went down and has not been taken again yet
        self._lost_before = 0  # lost_frames when it went down
        self._told = ""
        self._pacer = PacedSink(feeder, self, self.label)  # real time as the file: output keeps it; writes below
        self._threads = [threading.Thread(target=target, name=f"icecast-{name}", daemon=True)
                         for name, target in (("streamer", self._stream), ("watcher", self._watch))]

    def start(self) -> None:
        self._pacer.start()
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pacer.stop()
        self._end_encoder()
        for thread in self._threads:
            thread.join(timeout=5)

    def listeners(self) -> int | None:
        """Listeners on the mount at the last look; None when Icecast could not be asked."""
        return self._listeners

    # ---------------------------------------------------------------- the air, in real time

    def write(self, block: bytes, airing: str | None) -> None:
        """Each block the pacer reads, handed to the encoder without waiting (between programs: the
        interval signal, if the zone has one)."""
        if airing is None and self.interval is not None:
            block = self.interval.read(len(block) // WIDTH)
        try:
            self._blocks.put_nowait(block)
        except queue.Full:  # the encoder is down or stalled: this block is lost, the air goes on
            self.lost_frames += len(block) // WIDTH

    def close(self) -> None:
        """The pacer stopped (nothing to close: the encoder is ended by stop)."""

    # ---------------------------------------------------------------- the encoder, kept connected

    def _stream(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            process = self._start_encoder()
            if self._feed(process):  # returns when the encoder died (or we stop)
                attempt = 0
            reason = _reason(process.stderr.read().decode("utf-8", "replace")) if process.stderr else ""
            self.connected.clear()
            if self._stop.is_set():
                break
            if not self._down:
                self._down, self._lost_before = True, self.lost_frames
            if reason != self._told:  # once per cause, not once per retry
                self.report("down", reason)
                self._told = reason
            self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
            attempt += 1
        self._end_encoder()

    def _start_encoder(self) -> subprocess.Popen:
        codec, content_type, muxer = CODECS[self.settings["codec"]]
        self._process = subprocess.Popen(
            [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar", str(RATE),
             "-ac", "1", "-i", "pipe:0", *codec, "-b:a", self.settings["bitrate"], "-content_type", content_type,
             "-f", muxer, self.settings["source"]],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self._process

    def _feed(self, process: subprocess.Popen) -> bool:
        """Blocks from the pacer to the encoder until it dies; True when it streamed for a while."""
        began, streamed = time.monotonic(), False
        self._drain()  # what piled up while down is old: start from now
        while not self._stop.is_set():
            try:
                block = self._blocks.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                process.stdin.write(block)
                process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.lost_frames += len(block) // WIDTH
                break
            if not self.connected.is_set() and process.poll() is None and time.monotonic() - began > 1.0:
                self.connected.set()  # a second of air taken without complaint: Icecast accepted us
                streamed = True
                if self._down:
                    self.report("up", f"{(self.lost_frames - self._lost_before) / RATE:.1f}")
                    self._down, self._told = False, ""
        if process.poll() is None:
            self._end_encoder()
        return streamed

    def _drain(self) -> None:
        while True:
            try:
                self.lost_frames += len(self._blocks.get_nowait()) // WIDTH
            except queue.Empty:
                return

    def _end_encoder(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # ---------------------------------------------------------------- listeners

    def _watch(self) -> None:
        address = f"http://{self.settings['host']}:{self.settings['port']}/status-json.xsl"
        while not self._stop.wait(WATCH_EVERY_S):
            try:
                with urllib.request.urlopen(address, timeout=2) as answer:
                    stats = parse_status(answer.read().decode("utf-8", "replace"))
            except (OSError, ValueError):
                self._listeners = None
                continue
            count = mount_listeners(stats, self.settings["mount"])
            if count != self._listeners:
                self.listeners_changed_at = time.time()
                self.report("listeners", str(count))
            self._listeners = count


def parse_status(text: str) -> dict:
    """status-json.xsl as a dict. Icecast 2.4 (Debian 12's) forgets an opening brace when no source is
    connected ({"icestats":"server_start":…}): mended before parsing."""
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(text.replace('"icestats":"', '"icestats":{"', 1))


def mount_listeners(stats: dict, mount: str) -> int:
    """Listeners of one mount in Icecast's status-json.xsl (one source is an object, several a list)."""
    sources = stats.get("icestats", {}).get("source", [])
    for source in sources if isinstance(sources, list) else [sources]:
        if urllib.parse.urlsplit(source.get("listenurl", "")).path == mount:
            return int(source.get("listeners", 0))
    return 0
