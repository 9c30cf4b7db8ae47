"""The sample station's own jingles, synthesized by code: an intro (nhạc hiệu), an outro, a music bed.

Deterministic and original: a pentatonic bell melody over soft pads, written as 22.05 kHz mono WAV.
Run `python -m radio.mixing.jingles audio/` to make them again.
"""
from __future__ import annotations

import array
import math
import sys
import wave
from pathlib import Path

RATE = 22050


def _tone(frequency: float, seconds: float, partials: tuple[float, ...], attack: float, decay: float
          ) -> list[float]:
    """A note: harmonic partials under an attack / exponential-decay envelope."""
    count = int(seconds * RATE)
    out = [0.0] * count
    for harmonic, amplitude in enumerate(partials, start=1):
        step = 2 * math.pi * frequency * harmonic / RATE
        if frequency * harmonic >= RATE / 2:
            break
        for i in range(count):
            out[i] += amplitude * math.sin(step * i)
    for i in range(count):
        t = i / RATE
        envelope = min(1.0, t / attack) * math.exp(-t / decay)
        release = min(1.0, (count - i) / (0.05 * RATE))  # no click at the end of the note
        out[i] *= envelope * release
    return out


def _mix_into(track: list[float], note: list[float], start_s: float, level: float) -> None:
    offset = int(start_s * RATE)
    for i, value in enumerate(note):
        if offset + i < len(track):
            track[offset + i] += value * level


def _midi(note: int) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


BELL = (1.0, 0.45, 0.2, 0.08)
PAD = (1.0, 0.3, 0.12)


def _render(length_s: float, melody, chords, bell_level=0.35, pad_level=0.12) -> list[float]:
    track = [0.0] * int(length_s * RATE)
    for start, note, duration in melody:
        _mix_into(track, _tone(_midi(note), duration + 0.6, BELL, 0.01, 0.45), start, bell_level)
    for start, notes, duration in chords:
        for note in notes:
            _mix_into(track, _tone(_midi(note), duration, PAD, 0.35, 6.0), start, pad_level)
    return track


def intro() -> list[float]:
    # C major pentatonic call, answered, ending on the tonic: the station's "nhạc hiệu".
    melody = [(0.0, 72, 0.3), (0.3, 76, 0.3), (0.6, 79, 0.6), (1.2, 81, 0.3), (1.5, 79, 0.3),
              (1.8, 76, 0.6), (2.4, 74, 0.3), (2.7, 76, 0.3), (3.0, 72, 0.9), (4.0, 79, 0.3),
              (4.3, 84, 1.2)]
    chords = [(0.0, (48, 55, 64), 2.4), (2.4, (43, 55, 62), 1.6), (4.0, (48, 55, 64), 2.5)]
    return _render(6.5, melody, chords)


def outro() -> list[float]:
    melody = [(0.0, 79, 0.3), (0.3, 76, 0.3), (0.6, 74, 0.6), (1.2, 72, 0.3), (1.5, 74, 0.3),
              (1.8, 67, 0.6), (2.4, 72, 1.5)]
    chords = [(0.0, (41, 53, 57), 1.2), (1.2, (43, 55, 59), 1.2), (2.4, (36, 48, 55, 64), 2.3)]
    return _render(4.8, melody, chords)


def bed() -> list[float]:
    # Four soft chords, four seconds each; loops under the voice.
    chords = [(0.0, (48, 55, 64), 4.0), (4.0, (45, 52, 60), 4.0), (8.0, (41, 53, 57), 4.0),
              (12.0, (43, 50, 59), 4.0)]
    melody = [(0.5, 79, 0.5), (4.5, 76, 0.5), (8.5, 72, 0.5), (12.5, 74, 0.5)]
    return _render(16.0, melody, chords, bell_level=0.12, pad_level=0.16)


def alert() -> list[float]:
    """The break-in chime: three rising two-tone calls, impossible to mistake for a program jingle."""
    melody = [(0.0, 81, 0.25), (0.25, 76, 0.25), (0.6, 81, 0.25), (0.85, 76, 0.25), (1.2, 84, 0.25),
              (1.45, 79, 0.4)]
    return _render(2.2, melody, [], bell_level=0.5, pad_level=0.0)


def write_wav(samples: list[float], path: Path) -> None:
    peak = max(1e-9, max(abs(s) for s in samples))
    scale = 0.7 * 32767 / peak  # about -3 dBFS peak: room for the mastering chain
    pcm = array.array("h", (int(s * scale) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(pcm.tobytes())


JINGLES = {"nhac-hieu.wav": intro, "ket-thuc.wav": outro, "nhac-nen.wav": bed}


def main(folder: str = "audio") -> None:
    for name, make in JINGLES.items():
        write_wav(make(), Path(folder) / name)
        print(Path(folder) / name)


if __name__ == "__main__":
    main(*sys.argv[1:])
