"""Measuring rendered audio the way a broadcast engineer would: an independent meter, not our own numbers."""
from __future__ import annotations

import array
import math
import re
import sys
import wave
from pathlib import Path

from radio import ffmpeg


def loudness(path: Path) -> ffmpeg.Loudness:
    """EBU R128 integrated loudness and true peak, from a separate ffmpeg ebur128 run on the file."""
    return ffmpeg.measure(path)


def silences(path: Path, noise_db: float = -50.0, min_s: float = 2.0) -> list[tuple[float, float]]:
    out = ffmpeg.run(["-i", str(path), "-af", f"silencedetect=noise={noise_db}dB:d={min_s}", "-f", "null", "-"],
                     "silencedetect")
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", out.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", out.stderr)]
    return list(zip(starts, ends + [float("inf")] * (len(starts) - len(ends))))


def samples(path: Path) -> tuple[array.array, int]:
    with wave.open(str(path)) as reader:
        assert reader.getsampwidth() == 2 and reader.getnchannels() == 1
        data = array.array("h", reader.readframes(reader.getnframes()))
        if sys.byteorder == "big":
            data.byteswap()
        return data, reader.getframerate()


def rms_db(path: Path, start_s: float, end_s: float) -> float:
    data, rate = samples(path)
    window = data[int(start_s * rate):int(end_s * rate)]
    power = sum(x * x for x in window) / max(1, len(window))
    return 10 * math.log10(power / 32768 ** 2) if power else float("-inf")


def duration(path: Path) -> float:
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()


def audible_span(path: Path, threshold_db: float = -45.0, window_s: float = 0.05) -> tuple[float, float] | None:
    """(first, last) second where the audio rises above `threshold_db` RMS; None for silence throughout."""
    data, rate = samples(path)
    step = max(1, int(rate * window_s))
    loud = [index for index in range(0, len(data), step)
            if (power := sum(x * x for x in data[index:index + step]) / step) > 0
            and 10 * math.log10(power / 32768 ** 2) > threshold_db]
    return (loud[0] / rate, (loud[-1] + step) / rate) if loud else None


def tone_balance(path: Path, start_s: float = 0.0, end_s: float | None = None) -> tuple[float, float]:
    """(presence, low end): the energy at 2.4-3.3 kHz and at 60-150 Hz, each in dB against 400-1000 Hz. The horn
    EQ moves both by about 4 dB; a sound equalized twice shows it."""
    import numpy
    data, rate = samples(path)
    window = numpy.asarray(data[int(start_s * rate):None if end_s is None else int(end_s * rate)], dtype=float)
    power = numpy.abs(numpy.fft.rfft(window)) ** 2
    freqs = numpy.fft.rfftfreq(len(window), 1 / rate)

    def band(low: float, high: float) -> float:
        return 10 * math.log10(power[(freqs >= low) & (freqs < high)].sum())
    middle = band(400, 1000)
    return band(2400, 3300) - middle, band(60, 150) - middle

