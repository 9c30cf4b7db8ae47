"""Voices benchmark: for each engine present, the real-time factor (seconds of speech per second of work) on
the same text, beside espeak-ng in the same run; then `radio render` of a bulletin with the offline default
(espeak), which must stay >= 50x real time (issue 19), with the CPU's other core kept busy.

Here only espeak and a tiny Piper-shaped model (tests/tiny_voice.py) exist; on a station with a real voice,
`python bench/voices.py STATION_FOLDER` measures the voices in its voices/ the same way.

Usage: python bench/voices.py [STATION_FOLDER]
"""
from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TEXT = ("Ủy ban nhân dân xã Gia Tân 1 thông báo: trạm y tế xã tổ chức tiêm chủng mở rộng vào ngày mười lăm "
        "tháng mười hai cho trẻ em dưới năm tuổi. Đề nghị các gia đình đưa trẻ đến đúng giờ, mang theo sổ "
        "tiêm chủng và thẻ bảo hiểm y tế.")


def real_time_factor(engine, repeats: int = 3) -> tuple[float, float]:
    """(speech seconds per work second, speech seconds), the best of `repeats` (a warm engine)."""
    best, seconds = 0.0, 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        audio = engine.synthesize(TEXT, 1.0)
        spent = time.perf_counter() - started
        seconds = len(audio) / 1000
        best = max(best, seconds / spent)
    return best, seconds


def busy() -> None:
    end = time.monotonic() + 120
    while time.monotonic() < end:
        sum(i * i for i in range(10_000))


def render_station(station: Path, load: str) -> None:
    """`radio render` of the sample station with the offline default: every bulletin and program, cold cache."""
    import json
    for part in ("audio", "scripts"):
        shutil.copytree(REPO / part, station / part, ignore=shutil.ignore_patterns("rendered"))
    text = (REPO / "schedule.yaml").read_text("utf-8").replace("engines: [gtts, espeak]", "engines: [espeak]")
    (station / "schedule.yaml").write_text(text, "utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "radio", "render", "--json"], cwd=station, capture_output=True,
                          text=True)
    wall = time.perf_counter() - started
    rows = json.loads(done.stdout)
    aired = sum(row["duration_s"] for row in rows if row["kind"] == "program")
    factor = aired / wall
    print(f"radio render, sample station, offline default (espeak), {load}: {wall:.2f} s for {aired:.0f} s of "
          f"programs = {factor:.0f}x real time (target >= 50x: {'met' if factor >= 50 else 'MISSED'})")


def main() -> None:
    from radio.speech.engines import EspeakEngine
    from radio.speech.neural import PiperEngine
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    scratch = Path(tempfile.mkdtemp())
    if folder is None:
        from tests.tiny_voice import write_tiny_voice
        folder = scratch / "dai"
        write_tiny_voice(folder / "voices", "vi_VN-thu-x_low")
    hog = multiprocessing.Process(target=busy, daemon=True)
    hog.start()
    try:
        baseline, speech_s = real_time_factor(EspeakEngine("vi"))
        print(f"espeak-ng: {baseline:.1f}x real time ({speech_s:.1f} s of speech), baseline")
        for model in sorted((folder / "voices").glob("*.onnx")):
            factor, seconds = real_time_factor(PiperEngine(folder, model.stem))
            print(f"piper:{model.stem}: {factor:.1f}x real time ({seconds:.1f} s of speech); "
                  f"{factor / baseline:.2f} of espeak's speed")
        hog.terminate()
        for load in ("idle", "one core busy"):
            if load != "idle":
                hog = multiprocessing.Process(target=busy, daemon=True)
                hog.start()
            render_station(scratch / load.replace(" ", "-"), load)
    finally:
        hog.terminate()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
