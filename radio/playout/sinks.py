"""Where the feeder's samples go: the sound card, nowhere (null), or WAV files (file:DIR).

The null and file sinks keep real time themselves (a block every 23 ms, against the wall clock, without
drift); the sound card keeps its own time and pulls blocks when it needs them.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
import time
import wave
from pathlib import Path

from radio.errors import StationError
from radio.playout.feeder import RATE, WIDTH, Feeder

BLOCK_FRAMES = 1024


class OutputError(StationError):
    """The output cannot play (no sound card, device unplugged)."""


@contextlib.contextmanager
def _quiet_stderr():
    """ALSA prints a page of C-level noise when there is no sound card; the operator gets our message instead."""
    if sys.platform == "win32":
        yield
        return
    saved = os.dup(2)
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class Recorder:
    """Writes each airing to its own WAV in `folder`; silence between airings is not recorded."""

    def __init__(self, folder: Path, tz: dt.tzinfo | None = None):
        self.folder = Path(folder)
        self.tz = tz  # file names in station time, like everything else the operator reads
        self.files: list[Path] = []
        self._writer = None
        self._name = None

    def write(self, block: bytes, name: str | None) -> None:
        if name != self._name:
            self.close()
            if name is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                stamp = dt.datetime.now(self.tz).strftime("%Y%m%d-%H%M%S-%f")[:-3]
                path = self.folder / f"{stamp}-{_safe(name)}.wav"
                self._writer = wave.open(str(path), "wb")
                self._writer.setnchannels(1)
                self._writer.setsampwidth(WIDTH)
                self._writer.setframerate(RATE)
                self.files.append(path)
            self._name = name
        if self._writer is not None:
            self._writer.writeframes(block)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:60]


class PacedSink:
    """Pulls a block every BLOCK_FRAMES/RATE seconds of wall time; records it (file:) or drops it (null)."""

    def __init__(self, feeder: Feeder, recorder: Recorder | None, label: str):
        self.feeder = feeder
        self.recorder = recorder
        self.label = label
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="playout", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        period = BLOCK_FRAMES / RATE
        started = time.monotonic()
        wall_at_start = time.time()
        count = 0
        while not self._stop.is_set():
            # Label the block with when it really goes out: if this thread fell behind, the log shows it.
            heard_at = max(wall_at_start + count * period, time.time())
            block, name = self.feeder.read(BLOCK_FRAMES, heard_at)
            if self.recorder:
                self.recorder.write(block, name)
            count += 1
            delay = started + count * period - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)
        if self.recorder:
            self.recorder.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


class DeviceSink:
    """The sound card through miniaudio; it asks for blocks on its own audio thread."""

    label = "loa (thiết bị âm thanh mặc định)"

    def __init__(self, feeder: Feeder):
        self.feeder = feeder
        self.device = None

    def start(self) -> None:
        import miniaudio

        def blocks():
            required = yield b""
            while True:
                block, _ = self.feeder.read(required or BLOCK_FRAMES, time.time())
                required = yield block

        try:
            with _quiet_stderr():
                self.device = miniaudio.PlaybackDevice(output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                                                       sample_rate=RATE, buffersize_msec=100)
            generator = blocks()
            next(generator)
            self.device.start(generator)
        except miniaudio.MiniaudioError as error:
            raise OutputError(f"không mở được thiết bị âm thanh ({error.args[0]}).",
                              hint="kiểm tra card âm thanh và dây nối tới âm ly.") from None

    def stop(self) -> None:
        if self.device is not None:
            self.device.close()
