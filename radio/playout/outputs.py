"""Outputs that play rendered audio: the sound card, a null device, or a file recorder.

Audio is streamed from the WAV in small blocks, never loaded whole (a 45-minute program is 240 MB of PCM).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
import threading
import wave
from pathlib import Path

from radio import ffmpeg
from radio.errors import StationError
from radio.files import atomic_path

SAMPLE_RATE = 44100
BLOCK_FRAMES = 4096


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


def playable_wav(path: Path, work_dir: Path) -> Path:
    """The file itself when it is 44.1 kHz mono 16-bit WAV, else a converted copy in `work_dir`."""
    try:
        with wave.open(str(path)) as reader:
            if (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (SAMPLE_RATE, 1, 2):
                return path
    except (wave.Error, EOFError):
        pass
    except OSError:
        raise StationError("không mở được tệp âm thanh.", path) from None
    converted = work_dir / f"{path.stem}.play.wav"
    with atomic_path(converted) as temp:
        ffmpeg.run(["-i", str(path), "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le", "-f", "wav",
                    str(temp)], "chuyển đổi tệp để phát", path)
    return converted


class DeviceOutput:
    """A miniaudio playback device: the sound card, or miniaudio's null back-end (real time, silent)."""

    def __init__(self, null: bool = False):
        self.null = null
        self.label = "thiết bị rỗng (null)" if null else "loa (thiết bị âm thanh mặc định)"

    def play(self, path: Path, stop: threading.Event | None = None) -> None:
        import miniaudio
        stop = stop or threading.Event()
        finished = threading.Event()
        reader = wave.open(str(path))

        def blocks():
            required = yield b""
            while not stop.is_set():
                data = reader.readframes(required or BLOCK_FRAMES)
                if not data:
                    break
                required = yield data
            finished.set()
            while True:  # keep the device fed with silence until it is closed
                required = yield b"\x00\x00" * (required or BLOCK_FRAMES)

        backends = [miniaudio.Backend.NULL] if self.null else None
        try:
            with _quiet_stderr():
                device = miniaudio.PlaybackDevice(output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                                                  sample_rate=SAMPLE_RATE, backends=backends)
        except miniaudio.MiniaudioError as error:
            reader.close()
            raise OutputError(f"không mở được thiết bị âm thanh ({error.args[0]}).",
                              hint="kiểm tra card âm thanh và dây nối tới âm ly.") from None
        generator = blocks()
        next(generator)
        try:
            device.start(generator)
            while not finished.wait(0.2):
                pass
            stop.wait(0.3)  # let the device's buffer drain
        finally:
            device.close()
            reader.close()


class FileOutput:
    """Records what would go on air into a folder: for tests, for stations with no sound card."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.label = f"ghi ra thư mục {self.folder}"
        self.recorded: list[Path] = []

    def play(self, path: Path, stop: threading.Event | None = None) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.folder / f"{stamp}-{path.stem}.wav"
        with atomic_path(target) as temp:
            shutil.copyfile(path, temp)
        self.recorded.append(target)


def open_output(spec: str) -> DeviceOutput | FileOutput:
    """'device' | 'null' | 'file:DIR'."""
    if spec == "device":
        return DeviceOutput()
    if spec == "null":
        return DeviceOutput(null=True)
    if spec.startswith("file:") and len(spec) > 5:
        return FileOutput(Path(spec[5:]))
    raise StationError(f"đầu ra '{spec}' không hợp lệ; dùng device, null hoặc file:THƯ_MỤC.")
