"""The ffmpeg binary shipped in the imageio-ffmpeg wheel, and the few ways we call it.

No apt, no PATH: the station PC gets ffmpeg (with libmp3lame, loudnorm, ebur128, alimiter) from pip.
"""
from __future__ import annotations

import functools
import math
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from radio.errors import DiskFull, Interrupted, StationError


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


# pydub looks for ffmpeg on PATH when imported and warns when there is none (a fresh Windows PC):
# import it here, quietly, and point it at the wheel's binary. Other modules take AudioSegment from here.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment  # noqa: E402
    from pydub.silence import detect_leading_silence  # noqa: E402,F401 - re-exported for speech.voice

__all__ = ["AudioSegment", "detect_leading_silence", "ffmpeg_exe", "run", "measure", "parse_ebur128", "Loudness"]
AudioSegment.converter = ffmpeg_exe()


def run(args: list[str], what: str, path: Path | None = None, input_bytes: bytes | None = None) -> "_Output":
    """Run ffmpeg; a failure becomes a StationError naming `what` (and the file), never a traceback."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    result = subprocess.run(command, input=input_bytes, capture_output=True)
    if result.returncode != 0:
        text = result.stderr.decode("utf-8", "replace")
        if "No space left on device" in text:
            raise DiskFull(path)
        if result.returncode < 0 or "received signal 2" in text or "received signal 15" in text:
            raise Interrupted()  # Ctrl+C reached ffmpeg too: the operator's stop, not a failure
        detail = text.strip().splitlines()
        reason = detail[-1] if detail else f"mã lỗi {result.returncode}"
        raise StationError(f"{what}: ffmpeg báo lỗi ({reason}).", path)
    return _Output(result.stdout, result.stderr)


class _Output(bytes):
    """ffmpeg's stdout, carrying its stderr too (filters such as ebur128 report there)."""

    def __new__(cls, stdout: bytes, stderr: bytes):
        obj = super().__new__(cls, stdout)
        obj.stderr = stderr.decode("utf-8", "replace")
        return obj


SILENT_BELOW_LUFS = -60.0  # ebur128 reports digital silence as -70 LUFS (its absolute gate)
# EBU R128 integrates 400 ms blocks: a clip shorter than one block ("Cháy!", "Bão.") has none and reads as
# silence (-70 LUFS). Every meter hears a clip padded with silence to a second, which the gates leave out.
METER_MIN_S = 1.0


@dataclass(frozen=True)
class Loudness:
    lufs: float  # integrated loudness (EBU R128)
    true_peak_db: float  # dBTP
    sample_peak_db: float = float("nan")  # dBFS, when the meter was asked for it (peak=sample)

    @property
    def silent(self) -> bool:
        return self.lufs <= SILENT_BELOW_LUFS


_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS", re.S)
_PEAK = re.compile(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS", re.S)
_SAMPLE_PEAK = re.compile(r"Sample peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS", re.S)


def parse_ebur128(stderr: str) -> Loudness:
    """Read the summary that ffmpeg's ebur128 filter prints at the end of a run."""
    summary = stderr[stderr.rfind("Summary:"):]

    def value(pattern: re.Pattern) -> float:
        found = pattern.search(summary)
        return float("nan") if not found else float("-inf") if found[1] == "-inf" else float(found[1])
    lufs = value(_INTEGRATED)
    if math.isnan(lufs):
        raise StationError("không đo được độ lớn âm thanh (ebur128 không trả kết quả).")
    return Loudness(lufs, value(_PEAK), value(_SAMPLE_PEAK))


def measure(path: Path) -> Loudness:
    """Integrated loudness and true peak of a file, measured by ffmpeg's ebur128 (an independent meter)."""
    out = run(["-i", str(path), "-af", f"apad=whole_dur={METER_MIN_S},ebur128=peak=true:framelog=verbose", "-f",
               "null", "-"],
              "đo độ lớn", path)
    return parse_ebur128(out.stderr)
