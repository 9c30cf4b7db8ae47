"""Hub benchmark (issue 16): 170 stations speaking the real wire protocol (light asyncio clients, not 170
daemons) against the real hub process, on PostgreSQL when it answers on 127.0.0.1:5432 (else SQLite), with
the real Mosquitto doorbell when it answers on 127.0.0.1:1883, while another process keeps one core busy.

Measured, each beside a baseline from the same run:
- a busy day: every station polls its changes, pushes its day's rows in batches and its health; hub p50/p95
  per call and rows ingested per second, the hub process's CPU; baselines: a bare HTTP round trip to a
  trivial server on the same loopback, and the same rows stored by INSERT … ON CONFLICT straight into the
  store (no HTTP);
- a bulletin sent to all: the time until 170/170 have it, by poll (every POLL_S) and by the doorbell;
- an emergency order to all: the time until 170/170 confirmations are in the store (each client confirms as
  soon as it holds the order, standing in for the daemon's on-air moment);
- 30 stations back from three days offline (1,320 rows each): the time until the hub holds every row.
Targets: bulletin 170/170 <= 5 s with MQTT; hub p95 <= 100 ms; emergency 170/170 <= 5 s; backlog <= 60 s.

Usage: python bench/hub.py [--stations 170] [--no-burner]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.server
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench.schedule import percentile  # noqa: E402
from radio.hub.centre import order_emergency, send_bulletin  # noqa: E402
from radio.hub.config import init_hub  # noqa: E402
from tests.conftest import free_port  # noqa: E402

POLL_S = 5.0
DAY_PERIOD_S = 15.0  # 170 stations x 3 calls per period: 34 calls a second (a 60 s poll makes 8.5)
ROWS_PER_DAY = 80  # four programs of twenty items
BACKLOG_ROWS = 1320  # three days of four programs of 110 items
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def rows(first_seq: int, count: int, day: dt.date) -> list[dict]:
    made = []
    for offset in range(count):
        at = dt.datetime.combine(day, dt.time(6), tzinfo=dt.timezone(dt.timedelta(hours=7))) + \
            dt.timedelta(seconds=30 * offset)
        made.append({"seq": first_seq + offset, "scheduled_at": at.isoformat(), "started_at": at.isoformat(),
                     "ended_at": (at + dt.timedelta(seconds=25)).isoformat(), "slot": "06:00 sang", "program": "sang",
                     "item": f"Mục {offset}", "file": f"scripts/ban-tin-{offset}.md", "priority": "thuong",
                     "voice": "espeak", "duration_s": 25.0, "status": "aired", "reason": None, "kind": "bulletin",
                     "category": "y tế", "campaign": "", "zone": "", "unheard_s": None})
    return made


class Station:
    """One light client: its credential, its change cursor, its own rows."""

    def __init__(self, name: str, credential: str, base: str):
        self.name = name
        self.client = httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {credential}"},
                                        timeout=30)
        self.cursor = 0
        self.held: set[str] = set()
        self.rang = asyncio.Event()

    async def timed(self, latencies: list, method: str, path: str, **kwargs):
        started = time.perf_counter()
        answer = await self.client.request(method, path, **kwargs)
        latencies.append(time.perf_counter() - started)
        answer.raise_for_status()
        return answer.json()

    async def pull(self, latencies: list) -> None:
        page = await self.timed(latencies, "GET", "/hub/v1/changes", params={"after": self.cursor})
        for change in page["changes"]:
            self.held.add(change["subject"])
            if change["kind"] == "emergency":
                await self.confirm(latencies, change["body"]["id"])
        self.cursor = page["last"]

    async def confirm(self, latencies: list, order: str) -> None:
        if f"confirmed:{order}" in self.held:
            return
        self.held.add(f"confirmed:{order}")
        await self.timed(latencies, "POST", "/hub/v1/confirm", json={
            "order": order, "ok": True, "on_air_at": dt.datetime.now().astimezone().isoformat(), "message": ""})

    async def push(self, latencies: list, batch: list[dict]) -> None:
        for start in range(0, len(batch), 500):
            await self.timed(latencies, "POST", "/hub/v1/rows", json={"rows": batch[start:start + 500]})

    async def health(self, latencies: list) -> None:
        await self.timed(latencies, "POST", "/hub/v1/health", json={"version": "bench", "disk_free_mb": 50_000,
                                                                     "changes_after": self.cursor, "zones": []})

    async def live(self, latencies: list, stop: asyncio.Event) -> None:
        """Poll every POLL_S, or at once when rung."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(self.rang.wait(), POLL_S)
            except asyncio.TimeoutError:
                pass
            self.rang.clear()
            await self.pull(latencies)


def ring_listener(stations: dict[str, Station], loop) -> object | None:
    """One MQTT subscriber standing in for 170 (each ring is still one message per station from the hub)."""
    if not answers(1883):
        return None
    import paho.mqtt.client as mqtt
    client = mqtt.Client(callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-{uuid.uuid4()}")

    def rang(client, userdata, message):
        station = stations.get(message.topic.split("/")[1])
        payload = json.loads(message.payload)
        targets = stations.values() if station is None else [station]
        for target in targets:
            if payload.get("change"):
                loop.call_soon_threadsafe(target.held.add, payload["change"]["subject"])
            loop.call_soon_threadsafe(target.rang.set)
    client.on_message = rang
    client.on_connect = lambda c, u, f, rc, p=None: c.subscribe("radio/+/ring", qos=1)
    client.connect("127.0.0.1", 1883)
    client.loop_start()
    return client


def bare_round_trips(count: int) -> list[float]:
    class Quick(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quick)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times = []
    with httpx.Client(base_url=f"http://127.0.0.1:{server.server_port}") as client:
        for _ in range(count):
            started = time.perf_counter()
            client.get("/")
            times.append(time.perf_counter() - started)
    server.shutdown()
    return times


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def until(predicate, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        await asyncio.sleep(0.02)
    return None


async def bench(args, hub_dir: Path, store, port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    names = [f"xa-{n:03d}" for n in range(args.stations)]
    codes = {name: store.add_station(name, f"Đài xã {name}") for name in names}
    stations = {}
    async with httpx.AsyncClient(base_url=base) as client:
        for name, code in codes.items():
            linked = (await client.post("/hub/v1/link", json={"code": code})).json()
            stations[name] = Station(name, linked["credential"], base)
    loop = asyncio.get_running_loop()
    listener = ring_listener(stations, loop)
    doorbell = "MQTT" if listener else "không có (chỉ hỏi định kỳ)"

    latencies: list[float] = []
    today = dt.date.today()
    cpu_before, started = cpu_s(args.hub_pid), time.monotonic()

    async def busy_day(station: Station) -> None:
        """Four programs a day: after each, one round (pull, the program's rows, health), at its own moment
        in each poll period as real stations are (a day compressed to four periods of DAY_PERIOD_S)."""
        per_program = ROWS_PER_DAY // 4
        for program in range(4):
            await asyncio.sleep(random.uniform(0, DAY_PERIOD_S))
            await station.pull(latencies)
            await station.push(latencies, rows(1 + program * per_program, per_program, today))
            await station.health(latencies)
    await asyncio.gather(*(busy_day(s) for s in stations.values()))
    day_s = time.monotonic() - started
    day_cpu = cpu_s(args.hub_pid) - cpu_before
    day_latencies, latencies = latencies, []

    direct = rows(1, ROWS_PER_DAY, today)
    started = time.monotonic()
    for name in names:  # the baseline: the same rows, straight into the store (INSERT … ON CONFLICT)
        store.ingest(name, direct)
    direct_s = time.monotonic() - started
    direct_rate = len(names) * ROWS_PER_DAY / direct_s
    bare = bare_round_trips(300)

    stop = asyncio.Event()
    live = [asyncio.create_task(s.live(latencies, stop)) for s in stations.values()]
    await asyncio.sleep(1)
    text = Path(tempfile.mkdtemp()) / "bao-lu.md"
    text.write_text("---\ntitle: Cảnh báo lũ\n---\nCảnh báo lũ trên sông Đồng Nai.\n", encoding="utf-8")
    send_bulletin(store, "Trung tâm", text, None, None, "bench")
    reached = await until(lambda: all("bulletin:bao-lu" in s.held for s in stations.values()), 60)
    order = order_emergency(store, "Trung tâm", "Lũ về.", None, None, "bench")
    confirmed = await until(lambda: len(store.confirmations_of(order["id"])) >= args.stations, 60)
    if listener:  # the same bulletin by poll alone: the doorbell switched off for the clients
        listener.loop_stop()
        listener.disconnect()
        text.write_text(text.read_text("utf-8") + "Bà con chú ý.\n", encoding="utf-8")
        for s in stations.values():
            s.held.discard("bulletin:bao-lu")
        send_bulletin(store, "Trung tâm", text, None, None, "bench")
        by_poll = await until(lambda: all("bulletin:bao-lu" in s.held for s in stations.values()), 60)
    else:
        by_poll = reached
    stop.set()
    for s in stations.values():
        s.rang.set()
    await asyncio.gather(*live)

    backlog = list(stations.values())[:30]
    started = time.monotonic()
    await asyncio.gather(*(s.push(latencies, rows(ROWS_PER_DAY + 1, BACKLOG_ROWS, today - dt.timedelta(days=3)))
                           for s in backlog))
    converged = await until(lambda: all(len(store.rows_of(s.name)) == ROWS_PER_DAY + BACKLOG_ROWS for s in backlog),
                            60)
    converge_s = time.monotonic() - started if converged is not None else None
    for s in stations.values():
        await s.client.aclose()

    def show(label: str, value, baseline: str, target: str = "") -> None:
        print(f"{label:<52} {value:<18} {baseline:<42} {target}")
    print(f"Hub: {args.kind}, chuông: {doorbell}, {args.stations} đài, "
          f"{'một nhân CPU bận việc khác' if args.burner else 'máy rảnh'}")
    bare_p95 = percentile(bare, 95)
    show("Một ngày bận: mỗi lần gọi p50 / p95", f"{percentile(day_latencies, 50) * 1000:.1f} / "
         f"{percentile(day_latencies, 95) * 1000:.1f} ms", f"HTTP trần p95 {bare_p95 * 1000:.2f} ms → "
         f"{percentile(day_latencies, 95) / bare_p95:.1f}×", "mục tiêu p95 ≤ 100 ms")
    show("  CPU của trung tâm trong ngày bận", f"{day_cpu:.2f} s / {day_s:.0f} s",
         f"{day_cpu / day_s * 100:.0f}% một nhân; {len(day_latencies) / day_s:.0f} lần gọi/s")
    show("Lúc chuông/dồn: mỗi lần gọi p50 / p95", f"{percentile(latencies, 50) * 1000:.1f} / "
         f"{percentile(latencies, 95) * 1000:.1f} ms", "170 đài hỏi cùng lúc khi chuông reo")
    show("Bản tin tới 170/170 (chuông)" if listener else "Bản tin tới 170/170 (hỏi)",
         "—" if reached is None else f"{reached:.2f} s", f"hỏi mỗi {POLL_S:g} s: "
         + ("—" if by_poll is None else f"{by_poll:.2f} s"), "mục tiêu ≤ 5 s với MQTT")
    show("Lệnh khẩn cấp xác nhận 170/170", "—" if confirmed is None else f"{confirmed:.2f} s", "", "mục tiêu ≤ 5 s")
    show("30 đài mất mạng 3 ngày hội tụ", "—" if converge_s is None else f"{converge_s:.2f} s",
         f"{30 * BACKLOG_ROWS} dòng", "mục tiêu ≤ 60 s")
    if converge_s:
        rate = 30 * BACKLOG_ROWS / converge_s
        show("  dòng nhận mỗi giây qua HTTP", f"{rate:,.0f}",
             f"ghi thẳng INSERT … ON CONFLICT: {direct_rate:,.0f}/s → {rate / direct_rate:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=170)
    parser.add_argument("--no-burner", dest="burner", action="store_false")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp()) / "trung-tam"
    database = None
    try:
        import psycopg
        psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", connect_timeout=2).close()
        database = f"hub_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        args.kind = "PostgreSQL"
    except Exception:  # noqa: BLE001 - no server: the small district's SQLite
        args.kind = "SQLite"
    hub = init_hub(folder, "Trung tâm thử", POSTGRES + database if database else None)
    port = free_port()
    mqtt = ["--mqtt", "127.0.0.1:1883"] if answers(1883) else []
    process = subprocess.Popen([sys.executable, "-m", "radio", "-C", str(folder), "hub", "run", "--listen",
                                f"127.0.0.1:{port}", *mqtt], stdout=subprocess.DEVNULL)
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.burner else None
    store = hub.store()
    try:
        while not answers(port):
            time.sleep(0.1)
        args.hub_pid = process.pid
        asyncio.run(bench(args, folder, store, port))
    finally:
        store.close()
        process.terminate()
        process.wait(10)
        if burner:
            burner.kill()
        if database:
            import psycopg
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
