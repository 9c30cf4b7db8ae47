"""The hub's first part: enrolment with one-time link codes, stations pushing their as-run rows and health.
The store on SQLite and on the real PostgreSQL (a database made for each test; skipped, saying why, where
no PostgreSQL answers on 127.0.0.1:5432); a real hub process and a real station daemon for the end to end."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from radio.errors import StationError
from radio.hub.server import create_hub_app
from radio.hub.store import Store
from tests.conftest import OUTPUT_LOG, free_port, run_cli, write_station
from tests.test_daemon import BULLETINS, SCHEDULE, TZ, log_rows, slot_lines, start_daemon, stop_daemon, wait_for

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def postgres_reason() -> str:
    try:
        import psycopg
        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2).close()
        return ""
    except Exception as error:  # noqa: BLE001 - any reason is a reason to skip, said
        return f"no PostgreSQL on 127.0.0.1:5432 ({error.__class__.__name__}); the SQLite side still runs"


def new_postgres_database() -> str:
    """A database of its own for one test, on the machine's PostgreSQL; its URL."""
    import psycopg
    name = f"hub_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES + name


def drop_postgres_database(url: str) -> None:
    import psycopg
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def start_hub(hub_dir, port: int, *args: str) -> subprocess.Popen:
    """A real `radio hub run` on loopback, once it answers as a hub (not merely something on the port). What it
    prints goes to hub_dir/OUTPUT_LOG, which a failing test shows (conftest)."""
    output = (Path(hub_dir) / OUTPUT_LOG).open("a", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "radio", "-C", str(hub_dir), "hub", "run", "--listen",
                                f"127.0.0.1:{port}", *args], stdout=output, stderr=subprocess.STDOUT)
    output.close()
    assert wait_for(lambda: process.poll() is not None or _answers_as_hub(port), 20), "the hub did not answer"
    assert process.poll() is None, (Path(hub_dir) / OUTPUT_LOG).read_text("utf-8")
    return process


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite'}"
        return
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    url = new_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture
def store(store_url):
    made = Store(store_url)
    made.migrate()
    yield made
    made.close()


def row(seq: int, **changes) -> dict:
    at = dt.datetime(2026, 12, 1, 6, 0, seq % 60, tzinfo=TZ).isoformat()
    return {"seq": seq, "scheduled_at": at, "started_at": at, "ended_at": at, "slot": "06:00 sang",
            "program": "sang", "item": f"Mục {seq}", "file": "", "priority": "thuong", "voice": "", "duration_s": 1.0,
            "status": "aired", "reason": None, "kind": "bulletin", "category": "", "campaign": "", "zone": "",
            "unheard_s": None} | changes


def test_a_link_code_works_once_and_names_its_station(store):
    code = store.add_station("gia-tan-1", "Đài truyền thanh xã Gia Tân 1")
    linked = store.link(code.lower())  # typed in lower case from a phone message: still the code
    assert linked.station == "gia-tan-1" and store.station_for(linked.credential) == "gia-tan-1"
    with pytest.raises(StationError, match="đã được dùng"):
        store.link(code)
    with pytest.raises(StationError, match="đã có"):
        store.add_station("gia-tan-1", "Trùng")
    with pytest.raises(StationError, match="không hợp lệ"):
        store.add_station("Gia Tân", "Sai mã")
    store.migrate()  # a second migrate is a no-op on a store at the newest schema
    assert store.station_for("sai") is None


def test_a_batch_sent_twice_is_stored_once_and_a_bad_row_never_blocks_the_good_ones(store):
    store.add_station("xa-a", "Xã A")
    good = [row(n) for n in range(1, 6)]
    bad = [row(6, status="phát-rồi"), row(7, started_at="2026-12-01T06:00:00"),  # no time zone
           row(8, scheduled_at="1999-01-01T06:00:00+07:00"), row(9, ended_at="2026-12-01T05:00:00+07:00"),
           row(10, duration_s=-3), {"seq": "x"}, row(11, scheduled_at="2099-01-01T00:00:00+07:00")]
    held, refused = store.ingest("xa-a", good + bad + [row(12)])
    assert held == 12 and [r["seq"] for r in refused] == [6, 7, 8, 9, 10, "x", 11]
    assert all(r["why"] for r in refused)
    again, _ = store.ingest("xa-a", good + [row(12)])  # the same batch again (the answer was lost)
    assert again == 12 and [r["seq"] for r in store.rows_of("xa-a")] == [1, 2, 3, 4, 5, 12]
    store.ingest("xa-a", [row(5, status="interrupted", reason="mất điện")])  # news about a row: replaced
    assert [r["status"] for r in store.rows_of("xa-a")][4] == "interrupted"


def test_the_wire_refuses_strangers_and_a_row_lands_only_under_its_own_station(store):
    app = TestClient(create_hub_app(store))
    codes = {name: store.add_station(name, name) for name in ("xa-a", "xa-b")}
    assert app.post("/hub/v1/link", json={"code": "000000-000000-000000"}).status_code == 409
    credentials = {name: app.post("/hub/v1/link", json={"code": code}).json()["credential"]
                   for name, code in codes.items()}
    assert app.post("/hub/v1/link", json={"code": codes["xa-a"]}).status_code == 409  # used twice
    assert app.post("/hub/v1/rows", json={"rows": [row(1)]}).status_code == 401
    assert app.post("/hub/v1/rows", json={"rows": [row(1)]},
                    headers={"Authorization": "Bearer sai"}).json()["error"].startswith("mã của đài không đúng")
    sent = app.post("/hub/v1/rows", json={"rows": [row(1, station="xa-a")]},  # a row naming another station
                    headers={"Authorization": f"Bearer {credentials['xa-b']}"})
    assert sent.status_code == 200 and sent.json() == {"held": 1, "refused": []}
    assert store.rows_of("xa-a") == [] and len(store.rows_of("xa-b")) == 1  # the credential decides
    assert app.post("/hub/v1/rows", content=b"{not json", headers={
        "Authorization": f"Bearer {credentials['xa-a']}"}).status_code == 422


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_linked_station_pushes_every_row_exactly_once_across_a_hub_outage(tmp_path, kind):
    """A real hub process and a real daemon (poll 1 s): a program airs; the hub is killed mid-program and comes
    back; the station never waits for it (its slots start on time) and the hub ends with the station's log,
    every row once, and the station's health."""
    if kind == "postgresql" and postgres_reason():
        pytest.skip(postgres_reason())
    hub_dir = tmp_path / "trung-tam"
    db = ["--db", new_postgres_database()] if kind == "postgresql" else []
    made = run_cli("hub", "init", str(hub_dir), "--name", "Trung tâm huyện Thống Nhất", *db, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    added = run_cli("-C", str(hub_dir), "hub", "station", "add", "gia-tan-1", "--name", "Đài xã Gia Tân 1",
                    cwd=tmp_path)
    code = added.stdout.strip().splitlines()[-1]
    port = free_port()
    hub = start_hub(hub_dir, port)
    now = dt.datetime.now(TZ).replace(microsecond=0)
    slots = [now + dt.timedelta(seconds=25), now + dt.timedelta(seconds=45)]
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots=slot_lines((slots[0], "dai"), (slots[1], "dai"))),
                           BULLETINS)
    linked = run_cli("link", f"http://127.0.0.1:{port}", "--code", code, cwd=folder)
    assert linked.returncode == 0, linked.stderr
    assert oct((folder / "hub-link.json").stat().st_mode & 0o777) == "0o600" or os.name != "posix"
    assert "credential" not in (folder / "schedule.yaml").read_text("utf-8")
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("poll: 60s", "poll: 1s"), encoding="utf-8")
    daemon = start_daemon(folder, "--output", f"file:{tmp_path / 'aired'}")
    try:
        assert wait_for(lambda: any(r["item"] == "intro" and r["ended_at"] for r in log_rows(folder)), 60)
        hub.send_signal(signal.SIGKILL)  # the hub machine loses power mid-program
        hub.wait(10)
        assert wait_for(lambda: dt.datetime.now(TZ) > slots[1] + dt.timedelta(seconds=3), 60)
        hub = start_hub(hub_dir, port)
        station_rows = [r for r in log_rows(folder)]

        def caught_up():
            held = json.loads(run_cli("-C", str(hub_dir), "hub", "log", "--station", "gia-tan-1", "--json",
                                      cwd=tmp_path).stdout)
            finished = [r for r in log_rows(folder) if r["reason"] != "đang phát"]
            return len(held) >= len(finished) >= len(station_rows) - 1 and len(finished) >= 4
        assert wait_for(caught_up, 60)
        output = stop_daemon(daemon)
    finally:
        daemon.kill()
        hub.kill()
        hub.wait(10)
    held = json.loads(run_cli("-C", str(hub_dir), "hub", "log", "--station", "gia-tan-1", "--json",
                              cwd=tmp_path).stdout)
    local = log_rows(folder)
    seqs = [r["seq"] for r in held]
    assert seqs == sorted(set(seqs)), seqs  # every row once
    by_seq = {r["seq"]: r for r in held}
    matched = [r for r in local if any(h["item"] == r["item"] and h["scheduled_at"] == r["scheduled_at"]
                                       and h["status"] == r["status"] for h in by_seq.values())]
    assert len(matched) >= len(local) - 1, (local, held)  # (the last item may have ended after the last push)
    starts = [r for r in local if r["item"] == "intro"]
    assert len(starts) == 2 and all(r["started_at"][:19] == r["scheduled_at"][:19] for r in starts)  # on time
    assert "Không gửi được lên trung tâm" in output and "Đã liên lạc lại được trung tâm" in output, output
    status = json.loads(run_cli("-C", str(hub_dir), "hub", "status", "--json", cwd=tmp_path).stdout)
    assert status[0]["id"] == "gia-tan-1" and status[0]["last_seen"] and status[0]["rows"] == len(held)
    assert status[0]["disk_free_mb"] > 0 and status[0]["silent_s"] < 30
    if kind == "postgresql":
        drop_postgres_database(db[1])


def _answers_as_hub(port: int) -> bool:
    """The hub's own refusal of a station without credential: another server on the port does not say it."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/v1/changes", timeout=2)
    except urllib.error.HTTPError as error:
        return error.code == 401 and "radio link" in error.read().decode("utf-8", "replace")
    except OSError:
        return False
    return False


@pytest.mark.slow
def test_a_plain_http_hub_off_this_machine_and_a_huge_body_are_refused(tmp_path):
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []"), BULLETINS)
    refused = run_cli("link", "http://192.0.2.10:8070", "--code", "X", cwd=folder)
    assert refused.returncode != 0 and "https" in refused.stderr and not (folder / "hub-link.json").exists()
    hub_dir = tmp_path / "tt"
    assert run_cli("hub", "init", str(hub_dir), "--name", "TT", cwd=tmp_path).returncode == 0
    port = free_port()
    hub = start_hub(hub_dir, port)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(f"POST /hub/v1/rows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               f"Content-Length: {100_000_000}\r\n\r\n".encode())
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert b" 413 " in answer.split(b"\r\n", 1)[0] and "quá lớn".encode() in answer
    finally:
        hub.terminate()
        hub.wait(timeout=20)
    assert "Traceback" not in (hub_dir / OUTPUT_LOG).read_text("utf-8")
