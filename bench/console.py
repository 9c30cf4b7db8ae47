"""Console benchmark (issue 8): a station with 1,000 bulletins and 100,000 as-run rows (three years), the real
server (uvicorn, in its own process) on loopback, timed from a client on the same machine.

Prints p50/p95 of the dashboard, the bulletin list, a month's log page and /api/log for a month (target
p95 <= 150 ms each), the reading preview of a 2,000-character bulletin (p95 <= 100 ms) and "Nghe thử" of a
one-minute bulletin with the offline voice (<= 3 s to a playable file), each against a baseline measured in
the same run: the same server sending a static file of the same size as the page.

Then the daemon with its console: short slots 4 s apart, the first half with the console idle, the second
half while six clients hammer it (four officers loading pages, 20 a second between them, one pressing Nghe
thử on a different bulletin every 2 s, one exporting a month's log to Excel every 3 s): start
lateness of each half from the as-run log (the output labels a late block with the wall clock, so a starved
playout would show).

Usage: python bench/console.py
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from radio.accounts import Accounts  # noqa: E402
from radio.logbook import Logbook  # noqa: E402
from bench.schedule import percentile  # noqa: E402
from tests.conftest import OFFLINE_STATION_HEAD, free_port, write_station  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RUNS = 40
SENTENCES = ["Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng ngày {d}/12/2026 cho trẻ dưới 5 tuổi.",
             "Bà con ấp {n} đến nhà văn hóa lúc 7h30 để nhận hỗ trợ theo Quyết định số {n}/QĐ-UBND.",
             "Đề nghị các hộ gia đình thu dọn vệ sinh, phòng chống sốt xuất huyết, diệt lăng quăng bọ gậy."]


def make_station(folder: Path) -> Path:
    schedule = OFFLINE_STATION_HEAD + """\
programs:
  sang: {title: Sáng, items: [{jingle: intro}, {category: y tế}]}
slots:
  - {at: "06:00", days: daily, program: sang}
"""
    bulletins = {}
    for n in range(1000):
        text = " ".join(s.format(d=n % 28 + 1, n=n) for s in SENTENCES)
        bulletins[f"tin-{n:04d}.md"] = (f"---\ntitle: Tin số {n}\ncategory: {'y tế' if n % 50 == 0 else 'thông báo'}\n"
                                        f"valid_until: 2027-12-31\n---\n{text}\n")
    folder = write_station(folder, schedule, bulletins)
    logbook = Logbook(folder)
    start = dt.datetime(2024, 1, 1, 6, tzinfo=TZ)
    with logbook._use() as db:  # 100,000 rows in one transaction: a bench set-up, not a station's way
        db.execute("BEGIN")
        for index in range(100_000):
            at = start + dt.timedelta(minutes=16 * index)
            db.execute("INSERT INTO airings (scheduled_at, started_at, ended_at, slot, program, item, file, priority,"
                       " voice, duration_s, status, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       (at.isoformat(), at.isoformat(), at.isoformat(), "06:00 sang", "sang", f"Tin số {index % 1000}",
                        f"scripts/tin-{index % 1000:04d}.md", "thuong", "espeak:vi", 42.0, "aired", None))
        db.execute("COMMIT")
    logbook.close()
    accounts = Accounts(folder)
    accounts.add("an", "quan-tri", "mat-khau-cua-an")
    token = accounts.add_token("bench", "quan-tri")
    accounts.close()
    return token


class Client:
    def __init__(self, base: str):
        self.base, self.cookie, self.csrf = base, "", ""
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None, headers=None, method=None):
        headers = {"Cookie": self.cookie, "Origin": self.base, **(headers or {})}
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.headers, response.read()

    def login(self, name, password):
        form = urllib.parse.urlencode({"name": name, "password": password}).encode()
        _, headers, _ = self.request("/dang-nhap", form)
        self.cookie = headers["set-cookie"].split(";")[0]
        self.csrf = re.search(rb'name="csrf" value="([^"]+)"', self.request("/ban-tin/moi")[2])[1].decode()

    def timed(self, path, **kwargs) -> tuple[float, int]:
        started = time.perf_counter()
        status, _, body = self.request(path, **kwargs)
        assert status == 200, (path, status, body[:300])
        return time.perf_counter() - started, len(body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def measure(client, path, runs=RUNS, **kwargs):
    client.timed(path, **kwargs)  # warm
    samples = [client.timed(path, **kwargs) for _ in range(runs)]
    return [s for s, _ in samples], samples[0][1]


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "dai"
        started = time.perf_counter()
        token = make_station(folder)
        print(f"station: 1,000 bulletins, 100,000 as-run rows (made in {time.perf_counter() - started:.1f} s)")
        port = free_port()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        server = subprocess.Popen([sys.executable, "-m", "radio", "-C", str(folder), "console", "--listen",
                                   f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL)
        try:
            client = Client(f"http://127.0.0.1:{port}")
            for _ in range(100):
                try:
                    client.request("/dang-nhap")
                    break
                except OSError:
                    time.sleep(0.1)
            client.login("an", "mat-khau-cua-an")
            static_dir = REPO / "radio" / "console" / "static"
            month = "?from=2026-06-01&to=2026-06-30"
            api = {"Authorization": f"Bearer {token}"}
            cases = [("dashboard /", "/", {}, 0.150), ("bulletin list /ban-tin", "/ban-tin", {}, 0.150),
                     ("log page, a month", "/nhat-ky" + month, {}, 0.150),
                     ("/api/log, a month", "/api/log" + month, {"headers": api}, 0.150)]
            print(f"{'page':<28}{'bytes':>10}{'p50 ms':>9}{'p95 ms':>9}{'static p95':>12}{'ratio':>8}   target")
            for name, path, kwargs, target in cases:
                samples, size = measure(client, path, **kwargs)
                probe = static_dir / f".bench-{size}.bin"
                probe.write_bytes(os.urandom(size))
                try:
                    base, _ = measure(client, f"/static/{probe.name}")
                finally:
                    probe.unlink()
                p95 = percentile(samples, 95)
                print(f"{name:<28}{size:>10}{1000 * percentile(samples, 50):>9.1f}{1000 * p95:>9.1f}"
                      f"{1000 * percentile(base, 95):>12.1f}{p95 / percentile(base, 95):>8.1f}   "
                      f"p95 <= {target * 1000:.0f} {'ok' if p95 <= target else 'OVER'}")
            text = " ".join(SENTENCES).format(d=9, n=12)
            text = (text * (2000 // len(text) + 1))[:2000]
            body = json.dumps({"text": text}).encode()
            samples, _ = measure(client, "/api/reading", data=body, headers={"Content-Type": "application/json"})
            p95 = percentile(samples, 95)
            print(f"reading preview, 2,000 chars: p50 {1000 * percentile(samples, 50):.1f} ms, "
                  f"p95 {1000 * p95:.1f} ms   target p95 <= 100 {'ok' if p95 <= 0.1 else 'OVER'}")
            minute = " ".join(s.format(d=n % 28 + 1, n=n) for n in range(3) for s in SENTENCES)
            (folder / "scripts" / "mot-phut.md").write_text(minute + "\n", encoding="utf-8")
            form = urllib.parse.urlencode({"csrf": client.csrf}).encode()
            elapsed, _ = client.timed("/ban-tin/mot-phut/nghe-thu", data=form)
            audio, _ = client.timed("/ban-tin/mot-phut/am-thanh")
            from radio.mixing.sources import wav_duration
            length = wav_duration(folder / "audio" / "rendered" / "bulletins" / "mot-phut.wav")
            print(f"Nghe thử, a {length:.0f}-second bulletin, offline voice: {elapsed + audio:.2f} s to a playable file"
                  f"   target <= 3 {'ok' if elapsed + audio <= 3 else 'OVER'}")
        finally:
            server.terminate()
            server.wait(10)
        lateness_under_load(folder)


SLOTS, SPACING_S, LEAD_S = 12, 4, 25


def lateness_under_load(folder: Path) -> None:
    import threading
    (folder / "scripts" / "ngan.md").write_text("Bản tin ngắn.\n", encoding="utf-8")
    now = dt.datetime.now(TZ).replace(microsecond=0)
    starts = [now + dt.timedelta(seconds=LEAD_S + SPACING_S * i) for i in range(SLOTS)]
    schedule = (folder / "schedule.yaml").read_text(encoding="utf-8").split("slots:")[0]
    schedule += "  ngan: {title: Ngắn, items: [{bulletin: ngan}]}\nslots:\n"
    schedule += "".join(f'  - {{at: "{s:%H:%M:%S}", program: ngan}}\n' for s in starts)
    (folder / "schedule.yaml").write_text(schedule, encoding="utf-8")
    port = free_port()
    daemon = subprocess.Popen([sys.executable, "-m", "radio", "-C", str(folder), "run", "--output",
                               f"file:{folder / 'aired'}", "--console", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()
    counts = {"page": [], "preview": [], "export": []}

    def client_loop(kind, every_s, paths):
        """One browser: `paths` in turn, one request every `every_s` seconds (or as fast as answered)."""
        client = Client(f"http://127.0.0.1:{port}")
        client.login("an", "mat-khau-cua-an")
        form = urllib.parse.urlencode({"csrf": client.csrf}).encode()
        index, first = 0, time.perf_counter()
        while not stop.is_set():
            began = time.perf_counter()
            path = paths(index)
            try:
                client.request(path, data=form if "nghe-thu" in path else None)
            except OSError:
                return  # the daemon (and its console) stopped at the end of the run
            counts[kind].append((began, time.perf_counter() - began))
            index += 1
            # paced by the clock, not by the answers: a slow answer is followed at once by the next request,
            # so the rate asked for is the rate offered
            time.sleep(max(0.0, first + index * every_s - time.perf_counter()))

    pages = ["/", "/ban-tin", "/nhat-ky?from=2026-06-01&to=2026-06-30", "/ban-tin?status=da-duyet"]
    loops = [("page", 0.2, lambda i: pages[i % len(pages)])] * 4 + [  # four officers: 20 page loads a second
        ("preview", 2.0, lambda i: f"/ban-tin/tin-{(i * 7919) % 1000:04d}/nghe-thu"),  # a fresh render each time
        ("export", 3.0, lambda i: f"/nhat-ky.xlsx?from=2026-{i % 12 + 1:02d}-01&to=2026-{i % 12 + 1:02d}-28")]
    try:
        up = False
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap", timeout=1)
                up = True
                break
            except OSError:
                time.sleep(0.1)
        assert up, "the daemon's console did not come up"
        while dt.datetime.now(TZ) < starts[SLOTS // 2] - dt.timedelta(seconds=3):
            time.sleep(0.1)
        threads = [threading.Thread(target=client_loop, args=loop, daemon=True) for loop in loops]
        for thread in threads:
            thread.start()
        while dt.datetime.now(TZ) < starts[-1] + dt.timedelta(seconds=4):
            time.sleep(0.1)
        stop.set()
        stopped = time.perf_counter()
        for thread in threads:
            thread.join(30)
    finally:
        daemon.terminate()
        daemon.wait(30)
    log = subprocess.run([sys.executable, "-m", "radio", "-C", str(folder), "log", "--json", "--from",
                          f"{now:%Y-%m-%d}", "--to", f"{starts[-1]:%Y-%m-%d}"], capture_output=True, text=True)
    rows = json.loads(log.stdout)
    late = []
    for start in starts:
        first = [r for r in rows if r["scheduled_at"].startswith(start.isoformat()[:19]) and r["started_at"]]
        late.append((dt.datetime.fromisoformat(first[0]["started_at"]) - start).total_seconds() * 1000)
    idle, busy = late[:SLOTS // 2], late[SLOTS // 2:]
    print(f"slot start lateness with the console idle ({len(idle)} slots): max {max(idle):.1f} ms; "
          f"hammered ({len(busy)} slots): max {max(busy):.1f} ms   target: the same")
    began = min(start for start, _ in counts["page"])  # the first page load after the clients logged in
    pages_done = [elapsed for start, elapsed in counts["page"] if start < stopped]
    previews, exports = ([elapsed for _, elapsed in counts[kind]] for kind in ("preview", "export"))
    print(f"the console while hammered for {stopped - began:.0f} s: {len(pages_done) / (stopped - began):.1f} page "
          f"loads/s (asked: 20) p50 {1000 * percentile(pages_done, 50):.0f} ms p95 "
          f"{1000 * percentile(pages_done, 95):.0f} ms; {len(previews)} Nghe thử renders p95 "
          f"{percentile(previews, 95):.2f} s; {len(exports)} month exports to Excel p95 "
          f"{percentile(exports, 95):.2f} s")


if __name__ == "__main__":
    main()
