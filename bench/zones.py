"""Zones benchmark (issue 10): one station, eight zones each streaming MP3 48 kb/s mono to a local Icecast 2
(burst size 4 KB), plus a wired zone on a file: output.

Prints:
- CPU of each zone's encoder (ffmpeg), in % of one core, while streaming (target <= 3 %);
- resident memory of the daemon with eight zones against the same station with one (target < 2x);
- start lateness at the listener: slot time -> first programme audio received by a client connected in
  advance, p50/p95 over the slots and zones (target p95 <= 2 s), next to the file: output's lateness in the
  same run (from the as-run log).

Usage: python bench/zones.py   (needs icecast2: apt-get install icecast2)
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.schedule import percentile  # noqa: E402
from radio.ffmpeg import ffmpeg_exe  # noqa: E402
from tests.conftest import OFFLINE_STATION_HEAD, write_station  # noqa: E402
from tests.icecast import ICECAST, Icecast  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=7))
ZONES, SLOTS, SPACING_S, LEAD_S = 8, 6, 12, 30
TICKS = os.sysconf("SC_CLK_TCK")


def station(folder: Path, icecast: Icecast, zones: int, starts: list[dt.datetime]) -> Path:
    lines = "".join(f'  ap-{n}: {{name: Ấp {n}, output: "{icecast.url(f"ap-{n}")}"}}\n' for n in range(1, zones + 1))
    if zones > 1:
        lines += f'  trung-tam: {{name: Khu trung tâm, output: "file:{folder / "aired"}"}}\n'
    schedule = OFFLINE_STATION_HEAD + "zones:\n" + lines + """\
programs:
  tin: {title: Tin, items: [{jingle: intro}, {bulletin: chung}]}
slots:
""" + "".join(f'  - {{at: "{s:%H:%M:%S}", program: tin}}\n' for s in starts)
    return write_station(folder, schedule, {"chung.md": "Ủy ban nhân dân xã thông báo lịch tiêm chủng.\n"})


def daemon(folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "RADIO_CONSOLE": "off"}
    return subprocess.Popen([sys.executable, "-m", "radio", "run"], cwd=folder, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def encoders(pid: int) -> list[int]:
    children = [c for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    return [int(c) for c in children if b"icecast://" in Path(f"/proc/{c}/cmdline").read_bytes()]


class Listener:
    """An IP speaker connected in advance: decodes the mount and notes when audio starts after silence."""

    def __init__(self, port: int, mount: str):
        self.onsets: list[float] = []
        self.process = subprocess.Popen(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-fflags", "nobuffer", "-probesize", "32",
             "-analyzeduration", "0", "-i", f"http://127.0.0.1:{port}/{mount}", "-f", "s16le", "-ac", "1", "-ar",
             "44100", "pipe:1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        import array
        last_loud = 0.0
        while True:
            chunk = self.process.stdout.read(441 * 2)  # 10 ms
            if not chunk:
                return
            samples = array.array("h", chunk)
            power = sum(x * x for x in samples) / max(1, len(samples))
            if power > 0 and 10 * math.log10(power / 32768 ** 2) > -45:
                now = time.time()
                if now - last_loud > 1.0:  # audio after a second of silence: a programme starting
                    self.onsets.append(now)
                last_loud = now

    def close(self) -> None:
        self.process.kill()


def main() -> None:
    if ICECAST is None:
        sys.exit("icecast2 is not installed (apt-get install icecast2)")
    with tempfile.TemporaryDirectory() as temp:
        icecast = Icecast(burst_bytes=4096).start()
        try:
            one = daemon(station(Path(temp) / "mot", icecast, 1, [dt.datetime.now(TZ) + dt.timedelta(hours=2)]))
            time.sleep(12)
            single = rss_mb(one.pid)
            one.terminate()
            one.wait(30)
            now = dt.datetime.now(TZ).replace(microsecond=0)
            starts = [now + dt.timedelta(seconds=LEAD_S + SPACING_S * i) for i in range(SLOTS)]
            folder = station(Path(temp) / "tam", icecast, ZONES, starts)
            eight = daemon(folder)
            deadline = time.monotonic() + 25
            while time.monotonic() < deadline and len(icecast.mounts()) < ZONES:
                time.sleep(0.2)
            listeners = [Listener(icecast.port, f"ap-{n}") for n in range(1, ZONES + 1)]
            time.sleep(3)
            pids = encoders(eight.pid)
            before, began = {pid: cpu_seconds(pid) for pid in pids}, time.monotonic()
            while dt.datetime.now(TZ) < starts[-1] + dt.timedelta(seconds=SPACING_S):
                time.sleep(0.2)
            window = time.monotonic() - began
            usage = [100 * (cpu_seconds(pid) - before[pid]) / window for pid in pids]
            many = rss_mb(eight.pid)
            eight.terminate()
            eight.wait(30)
            for listener in listeners:
                listener.close()
        finally:
            icecast.close()
        late = []
        for listener in listeners:
            for start in starts:
                onset = next((t for t in listener.onsets if t >= start.timestamp() - 0.5), None)
                late.append(onset - start.timestamp() if onset is not None else float("inf"))
        log = subprocess.run([sys.executable, "-m", "radio", "log", "--json"], cwd=folder, capture_output=True,
                             text=True)
        wired = [(dt.datetime.fromisoformat(r["started_at"]) - dt.datetime.fromisoformat(r["scheduled_at"]))
                 .total_seconds() for r in json.loads(log.stdout) if r["zone"] == "trung-tam" and r["item"] == "intro"]
        print(f"{ZONES} zones streaming MP3 48 kb/s mono to Icecast (burst 4 KB), {SLOTS} slots {SPACING_S} s apart")
        print(f"encoder CPU per zone: mean {sum(usage) / len(usage):.1f} %, max {max(usage):.1f} % of one core "
              f"({len(usage)} encoders over {window:.0f} s)   target <= 3 % {'ok' if max(usage) <= 3 else 'OVER'}")
        print(f"daemon resident memory: one zone {single:.0f} MB, eight zones {many:.0f} MB, ratio "
              f"{many / single:.2f}   target < 2 {'ok' if many / single < 2 else 'OVER'}")
        print(f"start lateness at the listener over {len(late)} slot starts: p50 {percentile(late, 50):.2f} s, "
              f"p95 {percentile(late, 95):.2f} s   target p95 <= 2 s {'ok' if percentile(late, 95) <= 2 else 'OVER'}; "
              f"file: output in the same run: max {1000 * max(wired, default=float('nan')):.1f} ms "
              f"({len(wired)} slots, from the as-run log)")


if __name__ == "__main__":
    main()
