"""A zone's stream to an Icecast server, for IP loudspeakers that pull it: icecast://USER:PASS@HOST:PORT/MOUNT
(MP3 by default; ?codec=opus&bitrate=48k to choose).

Three threads, so that nothing on the network can hold up the air:
- the pacer (the file: and null outputs' PacedSink) reads the feeder in real time and hands each block over
  without ever waiting: while the stream is down or stalled, blocks are dropped and counted;
- the streamer keeps an ffmpeg encoder connected as the mount's source, starting it again with backoff
  (at most 2 s apart) when Icecast is down, restarted or refuses; between programs it streams silence, so
  the speakers never drop;
- the watcher reads Icecast's status-json.xsl every two seconds: how many listeners the mount has, and
  whether the server still answers at all. A hung server (stopped, swapped out, its link black-holed) closes
  nothing: the encoder's writes just stop returning, and the kernel's buffers hide that for many seconds. Two
  unanswered looks in a row, or an encoder that has taken nothing for STALL_S, mark the stream down; the
  encoder is ended, and started again once the server answers.
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
WATCH_EVERY_S = 2.0
PROBE_TIMEOUT_S = 1.5  # Icecast answers its status page in milliseconds; one that takes this long is not well
RECHECK_S = 0.5  # after an unanswered look, and while the server is hung: look again soon
STALL_S = 3.0  # an encoder that took no block for this long is stuck on a server that stopped reading
HUNG = "máy chủ Icecast treo: nhận kết nối nhưng không trả lời, không nhận âm thanh"
STALLED = "máy chủ Icecast không nhận âm thanh (bộ mã hóa bị nghẽn)"


_STATUS_401 = re.compile(r"\b401\b")
_STATUS_403 = re.compile(r"\b403\b")


def _reason(stderr: str) -> str:
    """ffmpeg's complaint, in the operator's words. The HTTP codes as whole words: ffmpeg's lines name its
    objects by address ("[out#0/mp3 @ 0x55b38b401680]"), and a refused connection whose address held "401" was
    reported as a wrong password."""
    text = stderr.lower()
    if _STATUS_401.search(text) or "unauthorized" in text:
        return "Icecast từ chối mật khẩu nguồn (sai tên hoặc mật khẩu trong địa chỉ icecast://)"
    if _STATUS_403.search(text) or "forbidden" in text:
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
        self._listeners: int | None = None
        self.listeners_changed_at: float | None = None
        self.down_since: float | None = None  # wall time the air stopped reaching the server; None while it does
        self.down_reason = ""
        self._told = ""
        self._hung = ""  # why the watcher ended the encoder (the server stopped answering); "" otherwise
        self._answering = threading.Event()  # the server answered its last look (a new encoder waits for it)
        self._answering.set()
        self._writing_since: float | None = None  # monotonic moment the encoder was handed a block it holds yet
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
            pass

    def close(self) -> None:
        """The pacer stopped (nothing to close: the encoder is ended by stop)."""

    # ---------------------------------------------------------------- the encoder, kept connected

    def _stream(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            if not self._answering.is_set():  # hung: a new encoder would hang on it too
                self._stop.wait(RECHECK_S)
                continue
            process = self._start_encoder()
            if self._feed(process):  # returns when the encoder died (or we stop)
                attempt = 0
            stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            reason, self._hung = self._hung or _reason(stderr), ""
            self.connected.clear()
            if self._stop.is_set():
                break
            self._went_down(reason, time.time())
            self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
            attempt += 1
        self._end_encoder()

    def _went_down(self, reason: str, since: float) -> None:
        if self.down_since is None:
            self.down_since = since
        self.down_reason = reason
        if reason != self._told:  # once per cause, not once per retry
            self.report("down", reason)
            self._told = reason

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
            self._writing_since = time.monotonic()
            try:
                process.stdin.write(block)
                process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                break
            finally:
                self._writing_since = None
            if not self.connected.is_set() and process.poll() is None and time.monotonic() - began > 1.0:
                self.connected.set()  # a second of air taken without complaint: Icecast accepted us
                streamed = True
                if self.down_since is not None:
                    self.report("up", f"{time.time() - self.down_since:.1f}")
                    self.down_since, self.down_reason, self._told = None, "", ""
        if process.poll() is None:
            self._end_encoder()
        return streamed

    def _drain(self) -> None:
        while True:
            try:
                self._blocks.get_nowait()
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
        unanswered_since = None  # wall time of the first look in a row that got no answer
        while not self._stop.wait(WATCH_EVERY_S if unanswered_since is None and self._answering.is_set()
                                  else RECHECK_S):
            writing_since = self._writing_since
            if writing_since is not None and time.monotonic() - writing_since > STALL_S:
                self._end_hung(STALLED, time.time() - (time.monotonic() - writing_since))
            asked = time.time()
            try:
                with urllib.request.urlopen(address, timeout=PROBE_TIMEOUT_S) as answer:
                    stats = parse_status(answer.read().decode("utf-8", "replace"))
            except (OSError, ValueError) as error:
                self._listeners = None
                if not _timed_out(error):  # refused, reset: Icecast is gone, which the encoder sees itself
                    unanswered_since = None
                    self._answering.set()
                elif unanswered_since is None:
                    unanswered_since = asked
                elif self._answering.is_set():
                    self._end_hung(HUNG, unanswered_since)
                continue
            unanswered_since = None
            self._answering.set()
            count = mount_listeners(stats, self.settings["mount"])
            if count != self._listeners:
                self.listeners_changed_at = time.time()
                self.report("listeners", str(count))
            self._listeners = count

    def _end_hung(self, reason: str, since: float) -> None:
        """The server stopped taking the air: down from `since`, and the encoder stuck on it ended (its
        writes would never return); a new one starts once the server answers again."""
        self._answering.clear()
        self._hung = reason
        self._went_down(reason, since)
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()


def _timed_out(error: Exception) -> bool:
    reason = getattr(error, "reason", error)  # urllib wraps a socket timeout in URLError
    return isinstance(reason, TimeoutError) or "timed out" in str(reason)


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
