"""What a province's hub lives through: its PostgreSQL server restarted (crashed) while a station's three-day
backlog is being pushed, and ten stations at once. Real `radio hub run`, real daemons, a PostgreSQL server of
the test's own (Debian's binaries, started and crashed by the test: the machine's shared server is left
alone) or the machine's, and the real Mosquitto. The outcome checked whole: every row exactly once, every
station's emergency confirmed and on air."""
from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import free_port, run_cli, write_station
from tests.test_daemon import BULLETINS, SCHEDULE, TZ, log_rows, slot_lines, start_daemon, stop_daemon, wait_for
from tests.test_hub import drop_postgres_database, new_postgres_database, postgres_reason, start_hub
from tests.test_hub_down import (HUB, every_row, hub_json, linked_station, mosquitto_reason, new_hub, stop_all,
                                 three_days_of_rows)
from tests.test_hub_files import CuttingRelay

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]
INITDB = shutil.which("initdb", path=PG_BIN[0]) if PG_BIN[0] else None


class OwnPostgres:
    """A PostgreSQL server of the test's own in a temporary folder, on a free loopback port, trust auth:
    crashed (pg_ctl stop -m immediate) and started again at will. As root (CI), it runs as `postgres`."""

    def __init__(self):
        # its own folder under /tmp: pytest's are private to root, where the server's user cannot go
        self.folder, self.port = Path(tempfile.mkdtemp(prefix="radio-pg-")), free_port()
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_owner([INITDB, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"])
        self.start()
        subprocess.run([str(Path(PG_BIN[0]) / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "trungtam"], check=True, capture_output=True)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/trungtam"

    def _as_owner(self, command: list[str]) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        self._as_owner([str(Path(PG_BIN[0]) / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
                        "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])

    def crash(self) -> None:
        self._as_owner([str(Path(PG_BIN[0]) / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.crash()
        shutil.rmtree(self.folder, ignore_errors=True)


def held_rows(url: str) -> int:
    import sqlalchemy as sa
    engine = sa.create_engine(url)
    try:
        with engine.connect() as db:
            return db.execute(sa.text("SELECT count(*) FROM as_run")).scalar()
    except sa.exc.OperationalError:
        return -1
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
@pytest.mark.skipif(INITDB is None, reason="no PostgreSQL server binaries here (Debian: apt-get install postgresql)")
def test_the_hub_database_crashing_while_a_backlog_is_pushed_loses_and_doubles_nothing(tmp_path):
    database = OwnPostgres()
    hub = None
    try:
        hub_dir = tmp_path / "trung-tam"
        made = run_cli("hub", "init", str(hub_dir), "--name", HUB, "--db", database.url, cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        port = free_port()
        hub = start_hub(hub_dir, port)
        folder = linked_station(tmp_path, "gia-tan-1", hub_dir, port, [], "1s")
        written = three_days_of_rows(folder, dt.datetime.now(TZ), per_program=1000)  # 12,000 rows, 24 batches
        daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
        try:
            assert wait_for(lambda: held_rows(database.url) > 0, 60)
            before = held_rows(database.url)
            database.crash()  # the database server dies under the hub while the backlog comes in
            assert before < written, "the backlog was all in before the crash: nothing was tested"
            crashed_at = time.monotonic()
            answer = run_cli("-C", str(hub_dir), "hub", "status", cwd=tmp_path)
            assert answer.returncode != 0 and "Traceback" not in answer.stderr  # said in words, not a trace
            time.sleep(max(0.0, 4 - (time.monotonic() - crashed_at)))  # a few of the station's polls fail
            assert hub.poll() is None  # the hub itself stays up
            database.start()
            assert wait_for(lambda: held_rows(database.url) >= written, 90)
            output = stop_daemon(daemon)
        finally:
            daemon.kill()
        local = every_row(folder)
        held = hub_json(hub_dir, "log", "--station", "gia-tan-1")
        assert len(held) == len(local) == written  # every row, exactly once
        assert [r["seq"] for r in held] == sorted({r["seq"] for r in held})
        assert sorted((r["scheduled_at"], r["item"], r["status"]) for r in held) == \
            sorted((r["scheduled_at"], r["item"], r["status"]) for r in local)
        assert "cơ sở dữ liệu của trung tâm" in output, output  # the station was told why, in words
    finally:
        if hub is not None:
            hub.kill()
            hub.wait(10)
        database.close()


@pytest.mark.slow
def test_a_line_cut_after_the_hub_stored_a_batch_but_before_the_station_heard_stores_it_once(tmp_path):
    """The hub takes a batch and commits it; the line drops before its answer reaches the station. The
    station sends the same batch again at its next poll: the hub holds every row once."""
    hub_dir, code = new_hub(tmp_path)
    port = free_port()
    hub = start_hub(hub_dir, port)
    relay = CuttingRelay(port, cut_answer_to=b"POST /hub/v1/rows")
    folder = write_station(tmp_path / "gia-tan-1", SCHEDULE.format(slots="  []"), BULLETINS)
    assert run_cli("link", f"http://127.0.0.1:{relay.port}", "--code", code, cwd=folder).returncode == 0
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("poll: 60s", "poll: 1s"), encoding="utf-8")
    written = three_days_of_rows(folder, dt.datetime.now(TZ))
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    try:
        assert wait_for(lambda: len(hub_json(hub_dir, "log", "--station", "gia-tan-1")) >= written, 60)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
        relay.close()
        hub.kill()
        hub.wait(10)
    held = hub_json(hub_dir, "log", "--station", "gia-tan-1")
    assert relay.cuts == 1 and relay.requests.count(b"POST /hub/v1/rows") >= 4  # three batches and one again
    assert [r["seq"] for r in held] == sorted({r["seq"] for r in held}) and len(held) == written
    assert "Không gửi được lên trung tâm" in output and "Đã liên lạc lại được trung tâm" in output, output


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
def test_a_stalled_hub_never_delays_a_slot_or_an_emergency(tmp_path):
    """The hub takes the station's connections and never answers (a stalled server, a half-dead 4G line):
    the station's next slot starts on its second and an emergency goes on air at once."""
    hub_dir, code = new_hub(tmp_path)
    port = free_port()
    hub = start_hub(hub_dir, port)
    relay = CuttingRelay(port)
    slot = dt.datetime.now(TZ).replace(microsecond=0) + dt.timedelta(seconds=20)
    folder = write_station(tmp_path / "gia-tan-1", SCHEDULE.format(slots=slot_lines((slot, "ngan"))), BULLETINS)
    assert run_cli("link", f"http://127.0.0.1:{relay.port}", "--code", code, cwd=folder).returncode == 0
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("poll: 60s", "poll: 1s"), encoding="utf-8")
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    try:
        assert wait_for(lambda: json.loads(run_cli("-C", str(hub_dir), "hub", "status", "--json",
                                                   cwd=tmp_path).stdout)[0]["last_seen"], 30)
        relay.stalled.set()
        time.sleep(3)  # the station is now waiting on a request that will not be answered
        asked = time.monotonic()
        answer = run_cli("emergency", "--text", "Cháy ở ấp 2, bà con tránh xa.", cwd=folder)
        answered_s = time.monotonic() - asked
        assert answer.returncode == 0, answer.stdout + answer.stderr
        assert wait_for(lambda: any(r["slot"].endswith("ngan") and r["status"] == "aired" for r in log_rows(folder)),
                        60)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
        relay.close()
        hub.kill()
        hub.wait(10)
    rows = log_rows(folder)
    emergency = [r for r in rows if r["slot"] == "khẩn cấp" and r["status"] == "aired"]
    assert emergency and answered_s < 10  # the CLI waits for the first sample on air, not for the hub
    started = [r for r in rows if r["slot"].endswith("ngan")][0]
    # On its second, or, when a slow machine brought the emergency on air over the slot's second, the moment the
    # emergency ends (it has the air first): never later because the hub does not answer.
    emergency_ended = max(dt.datetime.fromisoformat(r["ended_at"]) for r in emergency)
    due = max(slot, emergency_ended)
    assert 0 <= (dt.datetime.fromisoformat(started["started_at"]) - due).total_seconds() < 1.0, (started, emergency)
    assert "Không gửi được lên trung tâm" in output, output


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
def test_ten_stations_at_once_each_confirm_the_emergency_and_the_hub_holds_every_row_once(tmp_path):
    """Ten real daemons on one hub (PostgreSQL, with the doorbell): an emergency for all comes back 10/10
    confirmed with first-sample moments, each station's log holds it aired, and the hub holds every row of
    every station exactly once."""
    if postgres_reason() or mosquitto_reason():
        pytest.skip(postgres_reason() or mosquitto_reason())
    url = new_postgres_database()
    hub_dir = tmp_path / "trung-tam"
    assert run_cli("hub", "init", str(hub_dir), "--name", HUB, "--db", url, cwd=tmp_path).returncode == 0
    port = free_port()
    hub = start_hub(hub_dir, port, "--mqtt", "127.0.0.1:1883")
    names = [f"xa-{uuid.uuid4().hex[:5]}-{n}" for n in range(10)]  # the broker is shared: this test's topics
    folders = [linked_station(tmp_path, name, hub_dir, port, [], "20s") for name in names]
    daemons = [start_daemon(folder, "--output", f"file:{tmp_path / folder.name / 'aired'}") for folder in folders]
    try:
        assert wait_for(lambda: all(s["last_seen"] for s in hub_json(hub_dir, "status")), 120)
        time.sleep(2)  # every station subscribed once it has pulled
        ordered = run_cli("-C", str(hub_dir), "hub", "emergency", "--text", "Lũ về, bà con di dời ngay.", "--all",
                          "--wait", "90", "--json", cwd=tmp_path)
        answer = json.loads(ordered.stdout)
        assert ordered.returncode == 0 and answer["confirmed"] == 10, (ordered.stdout, ordered.stderr)
        assert all(entry["on_air_at"] for entry in answer["stations"])

        def all_held():
            held = {s["id"]: s["rows"] for s in hub_json(hub_dir, "status")}
            return all(held[folder.name] >= len(log_rows(folder)) >= 2 for folder in folders)
        assert wait_for(all_held, 90)
    finally:
        stop_all(daemons, hub)
    for folder in folders:
        local = every_row(folder)
        held = hub_json(hub_dir, "log", "--station", folder.name)
        assert [r["seq"] for r in held] == sorted({r["seq"] for r in held})
        assert sorted((r["item"], r["status"]) for r in held) == sorted((r["item"], r["status"]) for r in local)
        assert any(r["slot"] == "khẩn cấp" and r["status"] == "aired" and "di dời" in r["item"] for r in local)
    reached = hub_json(hub_dir, "reach", answer["order"])
    assert reached["aired"] == reached["targets"] == 10
    drop_postgres_database(url)
