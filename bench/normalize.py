"""Normalizer benchmark: characters per second on the sample bulletins and a 1 MB document, and the time
taken by hostile input (one 1 MB line, 10,000 digits in a row, long punctuation runs, NFD text).

The baseline, measured in the same run on the same text, is one pass of Python's `re` that visits every
number (the least any normalizer must do); the ratio says how many such passes our normalizer costs.
Target (issue 3): >= 200,000 characters per second.

Usage: python bench/normalize.py
"""
from __future__ import annotations

import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from radio.bulletin import find_bulletins  # noqa: E402
from radio.speech import normalize  # noqa: E402


def best_of(runs: int, function, text: str) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(text: str) -> str:
    return re.sub(r"\d+(?:[.,]\d+)*", lambda m: m[0], text)


def main() -> None:
    sample = "\n".join(p.read_text(encoding="utf-8") for p in find_bulletins(REPO / "scripts"))
    seed = REPO / "tests" / "data" / "ke-hoach-314-KH-UBND.md"
    if seed.exists():
        sample += "\n" + seed.read_text(encoding="utf-8")
    document = (sample * (1_000_000 // len(sample) + 1))[:1_000_000]
    print(f"{'input':<34}{'chars':>10}{'seconds':>10}{'chars/s':>12}{'x baseline':>12}")
    for name, text, runs in (("sample bulletins + seed plan", sample, 20), ("1 MB document", document, 3)):
        ours = best_of(runs, normalize, text)
        base = best_of(runs, baseline, text)
        print(f"{name:<34}{len(text):>10,}{ours:>10.3f}{len(text) / ours:>12,.0f}{ours / base:>12.1f}")
    print("target: >= 200,000 chars/s\n\nhostile input (must be linear, never crash):")
    hostile = {
        "1 MB on a single line": document.replace("\n", " "),
        "10,000 digits in a row": "1" * 10_000,
        "100,000 slashes": "/" * 100_000,
        "'1-' x 50,000": "1-" * 50_000,
        "'1.' x 50,000": "1." * 50_000,
        "chat line: primes, points, arrows": "trễ 5' ab.Cd giá ↑2 a => b " * 5_000,
        "NFD, zero-width, emoji (1 MB)": unicodedata.normalize("NFD", document.replace(" ", " \u200b📢 ", 1000)),
        "100,000 spaces, then an emoji": "a" + " " * 100_000 + "📢 b",
        "chat: cccd, k, 8-10h, emoji x 5,000": "mang cccd 📢 ai k đi 8-10h Q4/2026 " * 5_000,
        # rules that look around a token for the line's topic or its fellows (ĐV, B1 …, B2 …)
        "ĐV, steps, e, 45đ x 5,000": "Đoàn TN kết nạp ĐV, B1 đăng ký, B2 nộp, e cảm ơn 45đ " * 5_000,
    }
    for name, text in hostile.items():
        seconds = best_of(1, normalize, text)
        print(f"  {name:<32}{len(text):>10,} chars{seconds:>9.3f} s{len(text) / seconds:>12,.0f} chars/s")


if __name__ == "__main__":
    main()
