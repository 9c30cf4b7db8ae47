"""The JSON API: every endpoint and every error, in-process over real files and SQLite; then the real
server in a subprocess, and an emergency through it to a running daemon."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import urllib.request

import pytest
from starlette.testclient import TestClient

from radio.accounts import Accounts
from radio.console.api import create_app
from tests.conftest import SMALL_SCHEDULE, free_port, run_cli, write_station

APPROVAL = SMALL_SCHEDULE.replace("  timezone: Asia/Ho_Chi_Minh", "  timezone: Asia/Ho_Chi_Minh\n  approval: required")


@pytest.fixture
def api(tmp_path):
    folder = write_station(tmp_path / "dai", APPROVAL)
    accounts = Accounts(folder)
    tokens = {role: accounts.add_token(role, role) for role in ("bien-tap", "duyet")}
    client = TestClient(create_app(folder))
    client.folder = folder

    def call(method, path, role="duyet", **kwargs):
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        return client.request(method, path, headers=headers, **kwargs)
    client.call = call
    return client


def test_without_a_valid_token_everything_is_401_in_vietnamese(api):
    for path in ("/api/status", "/api/bulletins", "/api/plan", "/api/log"):
        assert api.call("GET", path, role=None).status_code == 401
    answer = api.get("/api/status", headers={"Authorization": "Bearer sai"})
    assert answer.status_code == 401 and "mã truy cập không đúng" in answer.json()["error"]


def test_status_names_the_station_and_the_next_slot(api):
    body = api.call("GET", "/api/status").json()
    assert body["station"] == "Đài truyền thanh xã Thử Nghiệm" and body["on_air"] is None
    assert body["next"]["program"] == "sang" and body["next"]["start"].endswith("06:00:00+07:00")
    dt.datetime.fromisoformat(body["now"])


def test_write_read_approve_and_plan_a_bulletin(api):
    created = api.call("POST", "/api/bulletins", role="bien-tap", json={
        "title": "Lịch tiêm chủng", "category": "y tế", "priority": "uu-tien",
        "text": "Trạm y tế xã tiêm chủng lúc 7h30 ngày 09/12/2026 cho trẻ dưới 5 tuổi, mang theo sổ BHYT.",
        "valid_from": "01/12/2026", "valid_until": "2026-12-31"})
    assert created.status_code == 201, created.text
    bulletin = created.json()
    assert bulletin["id"] == "lich-tiem-chung" and bulletin["status"] == "cho-duyet"
    assert bulletin["file"] == "scripts/lich-tiem-chung.md" and bulletin["priority"] == "uu-tien"
    listed = {b["id"]: b for b in api.call("GET", "/api/bulletins").json()}
    assert set(listed) == {"lich-tiem-chung", "hop-dan", "canh-bao"}
    assert set(listed["hop-dan"]) == {"id", "title", "category", "priority", "status", "valid_from",
                                      "valid_until", "file"}
    reading = api.call("GET", "/api/bulletins/lich-tiem-chung/reading").json()["text"]
    assert "bảy giờ ba mươi" in reading and "bảo hiểm y tế" in reading
    seen = {"sha256": api.call("GET", "/api/bulletins/lich-tiem-chung").json()["sha256"]}
    assert api.call("POST", "/api/bulletins/lich-tiem-chung/approve", role="bien-tap", json=seen).status_code == 403
    approved = api.call("POST", "/api/bulletins/lich-tiem-chung/approve", json=seen)
    assert approved.status_code == 200 and approved.json()["status"] == "da-duyet"
    plan = api.call("GET", "/api/plan", params={"days": 7, "date": "2026-12-01"}).json()
    titles = {item["title"] for airing in plan for item in airing["items"]}
    assert "Lịch tiêm chủng" in titles and "Họp dân" not in titles  # approved airs, unapproved does not
    cli = json.loads(run_cli("plan", "--date", "2026-12-01", "--days", "7", "--json", cwd=api.folder).stdout)
    assert plan == cli  # the same JSON as radio plan --json


def test_dashboard_one_bulletin_filters_and_users(api):
    board = api.call("GET", "/api/dashboard").json()
    assert board["station"] == "Đài truyền thanh xã Thử Nghiệm" and board["on_air"] is None
    assert board["disk_free_mb"] > 0 and isinstance(board["warnings"], list) and board["recent"] == []
    assert all(slot["program"] == "sang" for slot in board["remaining"])
    one = api.call("GET", "/api/bulletins/hop-dan").json()
    assert one["id"] == "hop-dan" and one["status"] == "cho-duyet" and one["history"] == []
    assert "19h00" in one["text"] and "mười chín giờ" in one["reading"]
    api.call("POST", "/api/bulletins/hop-dan/approve", json={"sha256": one["sha256"]})
    one = api.call("GET", "/api/bulletins/hop-dan").json()
    assert one["status"] == "da-duyet" and [h["action"] for h in one["history"]] == ["duyệt"]
    assert [b["id"] for b in api.call("GET", "/api/bulletins", params={"status": "da-duyet"}).json()] == ["hop-dan"]
    assert api.call("GET", "/api/bulletins", params={"priority": "khan-cap"}).json() == []
    assert api.call("GET", "/api/bulletins/khong-co").status_code == 404
    assert api.call("GET", "/api/users").status_code == 403  # accounts are for the administrator
    admin = Accounts(api.folder)
    admin.add("an", "quan-tri", "mat-khau-cua-an")
    token = admin.add_token("quan-tri", "quan-tri")
    people = api.get("/api/users", headers={"Authorization": f"Bearer {token}"}).json()
    assert people == [{"name": "an", "role": "quan-tri", "created_at": people[0]["created_at"]}]


@pytest.mark.parametrize("body, field", [
    (b"{not json", "body"), (b"[1, 2]", "body"), (json.dumps({"text": "x"}).encode(), "title"),
    (json.dumps({"title": "x", "text": " "}).encode(), "text"),
    (json.dumps({"title": "x", "text": "y", "valid_until": "31/02/2026"}).encode(), "valid_until"),
    (json.dumps({"title": "x", "text": "y", "priority": "rất gấp"}).encode(), "priority"),
])
def test_bad_bulletins_are_422_naming_the_field(api, body, field):
    answer = api.call("POST", "/api/bulletins", role="bien-tap", content=body)
    assert answer.status_code == 422 and answer.json()["field"] == field, answer.text
    assert sorted(p.name for p in (api.folder / "scripts").iterdir()) == ["canh-bao.txt", "hop-dan.md"]


def test_ids_are_never_paths(api):
    for bad in ("..%2F..%2Fetc%2Fhostname", "..", "hop-dan.md", "%2Fetc%2Fpasswd"):
        answer = api.call("GET", f"/api/bulletins/{bad}/reading")
        assert answer.status_code in (404, 405) and "root:" not in answer.text  # nothing outside scripts/


def test_log_is_the_same_json_as_the_cli_and_bad_dates_are_422(api):
    from tests.test_schedule import at
    from radio.logbook import Entry, Logbook
    logbook = Logbook(api.folder)
    logbook.record(Entry(at(1, 6), "06:00 sang", "sang", "Họp dân"), "missed", "thử", at(1, 6))
    logbook.close()
    body = api.call("GET", "/api/log", params={"from": "2026-12-01", "to": "2026-12-01"}).json()
    assert body == json.loads(run_cli("log", "--date", "2026-12-01", "--json", cwd=api.folder).stdout)
    assert len(body) == 1 and body[0]["status"] == "missed"
    bad = api.call("GET", "/api/log", params={"from": "31/02/2026"})
    assert bad.status_code == 422 and bad.json()["field"] == "from"
    assert api.call("GET", "/api/plan", params={"days": "x"}).json()["field"] == "days"


def test_emergency_is_for_approvers_and_checks_its_fields(api):
    assert api.call("POST", "/api/emergency", role="bien-tap", json={"text": "Cháy!"}).status_code == 403
    assert api.call("POST", "/api/emergency", json={"text": ""}).json()["field"] == "text"
    assert api.call("POST", "/api/emergency", json={"text": "Cháy!", "repeat": 99}).json()["field"] == "repeat"


def http(method, url, headers, body=None):
    """A plain HTTP call over loopback, as any script on the station PC would make it."""
    import urllib.error
    import urllib.request
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextlib.contextmanager
def running_station(folder, aired):
    """The station as it runs for real: `radio run` (file: output) and `radio console` on a free loopback
    port, both subprocesses; yields the console's address once both answer."""
    from tests.test_daemon import wait_for
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    port = free_port()
    daemon = subprocess.Popen([sys.executable, "-m", "radio", "run", "--output", f"file:{aired}"],
                              cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = subprocess.Popen([sys.executable, "-m", "radio", "console", "--listen", f"127.0.0.1:{port}"],
                              cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            with urllib.request.urlopen(url + "/dang-nhap", timeout=2) as page:
                return page.status == 200
        except OSError:
            return False
    try:
        assert wait_for(up, 30) and wait_for((folder / ".radio-cache" / "control.json").exists, 30)
        yield url
    finally:
        server.terminate()
        daemon.terminate()
        server.wait(10)
        daemon.wait(30)


@pytest.mark.slow
def test_the_real_server_takes_an_emergency_to_a_running_daemon(tmp_path):
    from tests.test_daemon import SCHEDULE, BULLETINS, log_rows, wait_for
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []"), BULLETINS)
    token = run_cli("token", "add", "xa", "--role", "duyet", cwd=folder).stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    with running_station(folder, tmp_path / "aired") as url:
        code, answer = http("POST", url + "/api/emergency", headers,
                            {"text": "Lũ về, bà con ấp 2 di dời ngay.", "repeat": 1})
        assert code == 200, answer
        started = dt.datetime.fromisoformat(answer["started_at"])
        on_air = http("GET", url + "/api/status", headers)[1]["on_air"]
        assert on_air is None or on_air["program"] == "khan-cap"
        assert wait_for(lambda: any(r["priority"] == "khan-cap" and r["status"] == "aired"
                                    and r["item"].startswith("Lũ về") for r in log_rows(folder)), 30)
    tone = next(r for r in log_rows(folder) if r["item"] == "chuông báo khẩn cấp")
    assert abs((dt.datetime.fromisoformat(tone["started_at"]) - started).total_seconds()) < 0.01
    assert list((tmp_path / "aired").glob("*.wav"))  # it reached the output
