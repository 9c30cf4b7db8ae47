"""Where each clip sits in a program, and where the voice is: pure arithmetic, no audio."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A bed comes back up between items only when the gap is long enough to be heard as a break.
BED_MERGE_GAP_S = 2.5


@dataclass(frozen=True)
class Clip:
    """One piece of a program. `path` None is a pause (silence) of `duration_s`."""
    kind: str  # "jingle" | "speech" | "pause"
    title: str
    duration_s: float
    path: Path | None = None
    gain_db: float = 0.0
    # Already mastered (a bulletin or spoken words inside a program): compressed and equalized once, so the
    # program only sets its level; raw speech, a jingle or a recording is processed when it is mastered.
    mastered: bool = False


@dataclass(frozen=True)
class Placed:
    clip: Clip
    start_s: float

    @property
    def end_s(self) -> float:
        return self.start_s + self.clip.duration_s


@dataclass(frozen=True)
class Timeline:
    placed: tuple[Placed, ...]
    total_s: float

    def speech_windows(self, merge_gap_s: float = BED_MERGE_GAP_S) -> list[tuple[float, float]]:
        """Spans where the voice is on air, joined across short gaps (the bed stays down there)."""
        windows: list[list[float]] = []
        for item in self.placed:
            if item.clip.kind != "speech":
                continue
            if windows and item.start_s - windows[-1][1] < merge_gap_s:
                windows[-1][1] = item.end_s
            else:
                windows.append([item.start_s, item.end_s])
        return [(a, b) for a, b in windows]

    def gap_after(self, index: int) -> float:
        """Silence between clip `index` and the next one (0 after the last)."""
        if index + 1 >= len(self.placed):
            return 0.0
        return self.placed[index + 1].start_s - self.placed[index].end_s


def arrange(clips: list[Clip], gap_s: float) -> Timeline:
    """Clips one after another with `gap_s` between audible clips; a pause replaces the gap."""
    placed: list[Placed] = []
    cursor = 0.0
    previous_audible = False
    for clip in clips:
        if clip.kind == "pause":
            cursor += clip.duration_s
            previous_audible = False
            continue
        if previous_audible:
            cursor += gap_s
        placed.append(Placed(clip, cursor))
        cursor += clip.duration_s
        previous_audible = True
    return Timeline(tuple(placed), cursor)


def bed_gain_expression(windows: list[tuple[float, float]], up_db: float, down_db: float,
                        ramp_s: float) -> str:
    """An ffmpeg `volume` expression of t: `up_db` away from speech, `down_db` under it, linear ramps.

    For each window [a, b] the "inside" factor is clip((min(t-a, b-t) + ramp) / ramp, 0, 1): 1 within
    the window, falling to 0 over `ramp` seconds on either side. The duck depth is the largest factor.
    """
    up, down = 10 ** (up_db / 20), 10 ** (down_db / 20)
    if not windows:
        return f"{up:.6f}"
    factors = [f"clip((min(t-{a:.3f},{b:.3f}-t)+{ramp_s:.3f})/{ramp_s:.3f},0,1)" for a, b in windows]
    duck = factors[0]
    for factor in factors[1:]:
        duck = f"max({duck},{factor})"
    return f"{up:.6f}-({up - down:.6f})*{duck}"
