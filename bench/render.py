"""Render benchmark: the sample station with the offline voice, stage by stage, against plain ffmpeg.

Prints, for a cold render of a fresh copy of the sample station (and of a 30-minute program built from
the same bulletins): seconds of audio per wall second for each stage (normalize, synthesize, mix+master,
encode); the ratio of our program mix+master to one equivalent ffmpeg command (concat + loudnorm +
encode) timed in the same run; cold/warm re-render ratio; peak memory against the program's PCM size.
Targets (issue 2): pipeline >= 50x real time, mix+master <= 1.5x ffmpeg, re-render >= 20x faster,
peak memory <= 3x the PCM size of the longest program.

Usage: python bench/render.py
"""
from __future__ import annotations

import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from radio import ffmpeg  # noqa: E402
from radio.render import Renderer, Timings  # noqa: E402
from radio.schedule.planner import Selection  # noqa: E402
from radio.schedule.render_day import RENDER_WORKERS, render_station  # noqa: E402
from radio.station import load_station  # noqa: E402

DAY = dt.date(2026, 11, 26)
LONG_PROGRAM = """
  dai:
    title: Chương trình dài (benchmark)
    bed: bed
    items:
      - jingle: intro
{items}      - jingle: outro
"""


def copy_station(target: Path, long_repeats: int) -> Path:
    for part in ("scripts", "audio"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("rendered"))
    schedule = (REPO / "schedule.yaml").read_text(encoding="utf-8").replace("[gtts, espeak]", "[espeak]")
    items = "".join('      - bulletins: "*"\n' for _ in range(long_repeats))
    schedule = schedule.replace("\nslots:", LONG_PROGRAM.format(items=items) + "\nslots:")
    (target / "schedule.yaml").write_text(schedule, encoding="utf-8")
    return target


def render(folder: Path) -> tuple[float, Timings, list]:
    timings = Timings()
    station = load_station(folder)
    started = time.perf_counter()
    rows, problems = render_station(station, day=DAY, renderer=Renderer(station, timings=timings))
    if problems:
        raise SystemExit("render problems: " + "; ".join(map(str, problems)))
    return time.perf_counter() - started, timings, rows


def ffmpeg_baseline(rows, folder: Path) -> float:
    """One ffmpeg command per program: concat the same spoken items and jingles, loudnorm, encode MP3."""
    station = load_station(folder)
    renderer = Renderer(station)
    total = 0.0
    for program in station.programs.values():
        inputs = []
        for item in program.items:
            if item.kind == "jingle":
                inputs.append(renderer.jingle(str(item.value)).path)
            elif item.kind in ("bulletin", "bulletins", "category"):
                bulletins, _ = Selection(station).for_item(item, DAY)
                inputs += [station.rendered_dir / "bulletins" / f"{b.name}.wav" for b in bulletins]
        args = [a for path in inputs for a in ("-i", str(path))]
        graph = "".join(f"[{i}:a]" for i in range(len(inputs))) + f"concat=n={len(inputs)}:v=0:a=1,"
        graph += "loudnorm=I=-16:TP=-1:LRA=11[out]"
        started = time.perf_counter()
        ffmpeg.run([*args, "-filter_complex", graph, "-map", "[out]", "-ar", "44100", "-ac", "1",
                    "-codec:a", "libmp3lame", "-b:a", "96k", "-f", "mp3", str(folder / f"baseline-{program.name}.mp3")],
                   "baseline")
        total += time.perf_counter() - started
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = copy_station(Path(temp) / "station", long_repeats=7)
        cold_wall, timings, rows = render(folder)
        warm_wall, _, _ = render(folder)
        baseline = ffmpeg_baseline(rows, folder)
    programs = [r for r in rows if r.kind == "program"]
    audio_total = sum(r.duration_s for r in rows)
    longest = max(programs, key=lambda r: r.duration_s)
    pcm_bytes = longest.duration_s * 44100 * 2
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024

    print(f"Sample station + a {longest.duration_s / 60:.1f}-minute program: {len(rows)} outputs, "
          f"{audio_total / 60:.1f} minutes of audio")
    print(f"{'stage':<22}{'busy s':>8}{'audio s':>9}{'x real time':>13}   "
          f"(summed over up to {RENDER_WORKERS} renders at once)")
    for stage in ("normalize", "synthesize", "mix+master", "encode"):
        wall, audio = timings.wall.get(stage, 0.0), timings.audio.get(stage, 0.0)
        print(f"{stage:<22}{wall:8.2f}{audio:9.1f}{audio / wall if wall else float('inf'):13.1f}")
    print(f"{'whole pipeline':<22}{cold_wall:8.2f}{audio_total:9.1f}{audio_total / cold_wall:13.1f}   target >= 50")
    program_mix = timings.wall["program mix+master"]
    program_encode = timings.wall["encode"]
    print(f"\nffmpeg baseline (concat+loudnorm+encode, all programs): {baseline:.2f} s")
    print(f"program mix+master / baseline:          {program_mix / baseline:.2f}   target <= 1.5")
    print(f"program mix+master+encode / baseline:   {(program_mix + program_encode) / baseline:.2f}")
    print(f"\nre-render unchanged station: {warm_wall:.2f} s, {cold_wall / warm_wall:.0f}x faster than cold "
          f"({cold_wall:.2f} s)   target >= 20")
    print(f"\npeak memory: python {self_peak / 1e6:.0f} MB, largest ffmpeg {child_peak / 1e6:.0f} MB; "
          f"longest program PCM {pcm_bytes / 1e6:.0f} MB -> {max(self_peak, child_peak) / pcm_bytes:.2f}x "
          f"(each process), {(self_peak + RENDER_WORKERS * child_peak) / pcm_bytes:.2f}x (python and "
          f"{RENDER_WORKERS} ffmpeg at once)   target <= 3")


if __name__ == "__main__":
    main()
