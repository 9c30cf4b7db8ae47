"""Offline benchmark: `radio say` of a three-minute bulletin on a station whose internet is down (every
HTTPS request refused), against the same command on a station that lists only the offline voice, in the
same run. The station lists [gtts, espeak]: a refused connection must fall back at once (no retry sleeps),
and the second command must not try the network at all (the station remembers it is down for a minute).
Target (issue 14): >= 50x real time, and within a few percent of the offline-only baseline.

Usage: python bench/offline.py
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NETWORK_DOWN = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


def station(folder: Path, engines: str) -> Path:
    shutil.copytree(REPO / "audio", folder / "audio", ignore=shutil.ignore_patterns("rendered"))
    (folder / "scripts").mkdir()
    text = (REPO / "schedule.yaml").read_text("utf-8")
    (folder / "schedule.yaml").write_text(text.replace("engines: [gtts, espeak]", f"engines: {engines}"), "utf-8")
    return folder


def say(folder: Path, text: Path, name: str) -> tuple[float, float]:
    """(wall seconds, audio seconds) of one `radio say`, fresh cache (nothing synthesized before)."""
    shutil.rmtree(folder / ".radio-cache", ignore_errors=True)
    env = {**os.environ, **NETWORK_DOWN, "PYTHONIOENCODING": "utf-8"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "radio", "say", "-f", str(text), "-o", str(folder / name)],
                          cwd=folder, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    with wave.open(str(folder / name)) as reader:
        return wall, reader.getnframes() / reader.getframerate()


def main() -> None:
    paragraphs = [re.sub(r"^---.*?---\n", "", p.read_text("utf-8"), flags=re.S) for p in sorted((REPO / "scripts").glob("*"))]
    with tempfile.TemporaryDirectory() as temp:
        text = Path(temp) / "ban-tin.txt"
        text.write_text("\n".join(paragraphs), encoding="utf-8")
        online_first = station(Path(temp) / "gtts-espeak", "[gtts, espeak]")
        offline_only = station(Path(temp) / "espeak", "[espeak]")
        baseline_wall, seconds = say(offline_only, text, "a.wav")
        first_wall, _ = say(online_first, text, "b.wav")  # finds the network down
        second_wall, _ = say(online_first, text, "c.wav")  # remembers it
    print(f"bulletin: {seconds:.0f} s of speech")
    print(f"offline voice only (baseline): {baseline_wall:.2f} s = {seconds / baseline_wall:.0f}x real time")
    print(f"[gtts, espeak], network refused: {first_wall:.2f} s = {seconds / first_wall:.0f}x real time "
          f"({first_wall / baseline_wall:.2f}x the baseline)")
    print(f"the same again (remembered):     {second_wall:.2f} s = {seconds / second_wall:.0f}x real time "
          f"({second_wall / baseline_wall:.2f}x the baseline)")


if __name__ == "__main__":
    main()
