"""The provincial source system (Thông tư 39) through a fake server that speaks its shapes and fails on
demand: what it sends becomes hub bulletins for the communes it names, once; what airs goes back once."""
from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from radio.hub.config import init_hub
from radio.hub.sources import Source, add_source, load_sources
from radio.hub.sources.flavours import Refused
from radio.hub.sources.link import SourceDown, SourceLink
from radio.hub.store import SourceBook
from tests.conftest import run_cli
from tests.provincial import FakeProvince

HUB = "Trung tâm VH-TT huyện Thống Nhất"


@pytest.fixture
def province():
    made = FakeProvince()
    yield made
    made.close()


def centre_with(tmp_path, province, kind="tt39"):
    hub = init_hub(tmp_path / "trung-tam", HUB, None)
    add_source(hub.folder, Source("tinh", kind, province.url, province.user, every_s=1.0), province.password)
    hub_yaml = hub.folder / "hub.yaml"
    hub_yaml.write_text(hub_yaml.read_text("utf-8") + "areas:\n  '75.731.26206': gia-tan-1\n", encoding="utf-8")
    store = hub.store()
    for station, name in (("gia-tan-1", "Đài truyền thanh xã Gia Tân 1"), ("gia-tan-2", "Đài truyền thanh xã Gia Tân 2"),
                          ("gia-kiem", "Đài truyền thanh xã Gia Kiệm")):
        store.add_station(station, name)
    said = []
    link = SourceLink(hub, load_sources(hub.folder)[0], store, said.append)
    return hub, store, link, said


def cycle(link) -> None:
    with httpx.Client(base_url=link.source.url, timeout=link.timeout_s) as client:
        link.pull(client)
        link.report(client)


def test_what_the_province_sends_reaches_the_named_communes_once_and_a_cancellation_first_wins(tmp_path, province):
    hub, store, link, said = centre_with(tmp_path, province)
    province.bulletin("BT-001", "Lịch tiêm chủng tháng 12", ["75.731.26206", "xã Gia Tân 2", "xã Phú Túc"],
                      text="Trạm y tế các xã tiêm chủng mở rộng ngày 15/12/2026.")
    province.bulletin("BT-001", "Lịch tiêm chủng tháng 12", ["75.731.26206", "xã Gia Tân 2", "xã Phú Túc"],
                      text="Trạm y tế các xã tiêm chủng mở rộng ngày 15/12/2026.")  # the same, sent twice
    province.cancel("BT-002")  # its cancellation arrives first
    province.bulletin("BT-002", "Cắt điện", ["xã Gia Tân 2"], text="Cắt điện ngày 20/12.")
    province.bulletin("BT-003", "Lịch phát theo tháng", ["xã Gia Kiệm"], kind=2, times=("06:30:00",), days=[1, 15])
    province.items.append({"TieuDe": "Không có mã", "DanhSachNgayPhat": []})  # unusable: the rest still goes
    province.bulletin("BT-004", "Bão số 5", ["xã Gia Kiệm"], priority=1, text="Bão đổ bộ, bà con vào nhà.")
    province.bulletin("BT-005", "Lịch phát kiểu lạ", ["xã Gia Kiệm"], kind=7, times=("06:30:00",), days=[1])
    cycle(link)
    book = SourceBook(store, "tinh")
    states = {item["item_id"]: item for item in book.items()}
    assert states["BT-001"]["state"] == "sent" and "Phú Túc" in states["BT-001"]["note"]  # listed, not dropped
    assert states["BT-002"]["state"] == "cancelled" and states["BT-003"]["state"] == "sent"
    assert "times:\n- 06:30:00\ndays:\n- 1\n- 15\n" in store.change(states["BT-003"]["subject"])["body"]["content"]
    assert states["BT-005"]["state"] == "refused" and "lịch phát kiểu 7 chưa biết" in states["BT-005"]["note"]
    assert [item["note"] for item in book.items() if item["item_id"].startswith("khong-ma-")] == [
        "bản tin không có BanTinId; bản tin không được gửi"]
    sent = store.change(states["BT-001"]["subject"])
    assert sent["kind"] == "bulletin" and sent["targets"] == ["gia-tan-1", "gia-tan-2"]
    assert "Trạm y tế các xã tiêm chủng" in sent["body"]["content"] and "hub: " + HUB in sent["body"]["content"]
    bulletins = [c["subject"] for c in store.changes_of("bulletin")]
    assert sorted(bulletins) == [states["BT-001"]["subject"], states["BT-003"]["subject"]]  # BT-001 once; no BT-002
    order = store.change(states["BT-004"]["subject"])
    assert order["kind"] == "emergency" and order["targets"] == ["gia-kiem"] and "Bão đổ bộ" in order["body"]["text"]
    assert any("Phú Túc" in line for line in said)
    listed = run_cli("-C", str(hub.folder), "hub", "source", "list", cwd=tmp_path)
    assert "BT-005: refused" in listed.stdout and "Phú Túc" in listed.stdout
    province.cancel("BT-001")  # cancelled after it was sent: it leaves every station
    province.bulletin("BT-003", "Lịch phát theo tuần", ["xã Gia Kiệm"], kind=1, times=("07:00:00",), days=[2])
    cycle(link)  # a schedule update (the same BanTinId, a new LichPhat) replaces the one the station has
    assert store.change(states["BT-001"]["subject"])["kind"] == "cancel"
    [update] = [c for c in store.changes_for("gia-kiem", 0)[0] if c["kind"] == "bulletin"]
    assert "times:\n- 07:00:00\ndays:\n- mon\n" in update["body"]["content"]


@pytest.mark.parametrize("numbers, listed, days", [
    ("thu", [2, 5, 8], ("mon", "thu", "sun")),  # Thứ Hai, Thứ Năm, Chủ nhật (1 is Chủ nhật too)
    ("iso", [1, 4, 7], ("mon", "thu", "sun")),
])
def test_each_kind_of_schedule_becomes_the_station_bulletins_own_times_and_days(numbers, listed, days):
    from radio.hub.sources.flavours import TT39
    from radio.schedule.calendar import parse_days
    adapter = TT39(Source("tinh", "tt39", "https://nguon.example", "u", weekday_numbers=numbers))

    def schedule(kind, when, times=("06:30:00.000000", "17:15:00.000000")):
        return adapter.schedule({"ThoiDiemBatDau": list(times), "KieuLich": kind, "DanhSachNgayPhat": when})
    assert schedule(0, [3]) == (("06:30:00", "17:15:00"), ())  # every day; a list it does not need is ignored
    assert schedule(1, listed) == (("06:30:00", "17:15:00"), days)
    assert schedule(2, [1, "15"])[1] == (1, 15)
    assert schedule(3, ["2026-12-10T00:00:00", "11/12/2026", 20261212])[1] == ("2026-12-10", "2026-12-11",
                                                                                "2026-12-12")
    assert schedule(1, [], times=())[0] == ()  # no start time: it airs in the programs
    for kind, when in ((1, listed), (2, [1, 15]), (3, ["2026-12-10"])):  # what a station reads back
        parse_days(list(schedule(kind, when)[1]))
    for kind, when, why in ((1, [9], "thứ '9'"), (2, [32], "ngày '32'"), (3, ["mai"], "ngày 'mai'"),
                            (1, [], "không có DanhSachNgayPhat"), (4, [1], "lịch phát kiểu 4 chưa biết")):
        with pytest.raises(Refused, match=why):
            schedule(kind, when)
    with pytest.raises(Refused, match="giờ phát '25:00'"):
        schedule(0, [], times=("25:00",))


def test_airings_go_back_once_through_expired_tokens_500s_garbage_and_a_slow_answer(tmp_path, province):
    hub, store, link, said = centre_with(tmp_path, province)
    link.timeout_s = 1.0
    province.bulletin("BT-010", "Họp dân", ["75.731.26206"], text="Họp dân tối thứ bảy.")
    cycle(link)
    subject = SourceBook(store, "tinh").item("BT-010")["subject"]
    file = "scripts/trungtam-" + subject.removeprefix("bulletin:") + ".md"
    at = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(microsecond=0)
    rows = [{"seq": n, "scheduled_at": at.isoformat(), "started_at": at.isoformat(), "ended_at": at.isoformat(),
             "slot": "06:00 sang", "program": "sang", "item": "Họp dân", "file": file, "priority": "thuong",
             "voice": "espeak:vi", "duration_s": 12.0, "status": "aired", "reason": None, "kind": "bulletin",
             "category": "", "campaign": "", "zone": "", "unheard_s": None} for n in (1, 2)]
    store.ingest("gia-tan-1", rows)
    province.token_calls = 2  # tokens now expire after two calls: the hub logs in again by itself
    province.expire_tokens()
    province.next_failures = ["500"]
    with pytest.raises(SourceDown):
        cycle(link)
    province.next_failures = ["garbage"]
    with pytest.raises(SourceDown, match="không phải JSON"):
        cycle(link)
    province.next_failures = ["slow"]
    with pytest.raises(httpx.TimeoutException):
        cycle(link)
    cycle(link)
    cycle(link)  # nothing new: nothing sent again
    assert sorted(province.playlogs) == ["phat:gia-tan-1:1", "phat:gia-tan-1:2"]
    assert province.playlog_posts == 2 and province.logins >= 3  # each airing once; tokens renewed
    log = province.playlogs["phat:gia-tan-1:1"]
    assert log["BanTinId"] == "BT-010" and log["GiaTri"] == 12 and log["MaDiaBan"] == "gia-tan-1"
    assert {s["CumLoaId"] for s in province.statuses} >= {"gia-tan-1", "gia-tan-2", "gia-kiem"}


def test_a_refused_login_is_said_in_words_and_the_password_is_never_shown(tmp_path, province):
    hub, store, link, said = centre_with(tmp_path, province)
    province.next_failures = ["refuse"]
    with pytest.raises(Refused, match="Sai tên đăng nhập hoặc mật khẩu"):
        cycle(link)
    province.next_failures = ["refuse"]
    tested = run_cli("-C", str(hub.folder), "hub", "source", "test", "tinh", cwd=tmp_path)
    assert tested.returncode == 1 and "Sai tên đăng nhập hoặc mật khẩu" in tested.stderr
    fine = run_cli("-C", str(hub.folder), "hub", "source", "test", "tinh", cwd=tmp_path)
    assert fine.returncode == 0 and "đăng nhập được" in fine.stdout
    for text in (tested.stdout, tested.stderr, fine.stdout, (hub.folder / "hub.yaml").read_text("utf-8")):
        assert province.password not in text
    secret = hub.folder / "nguon" / "tinh.secret"
    assert oct(secret.stat().st_mode & 0o777) == "0o600"


def test_the_english_flavour_is_a_second_adapter_behind_the_same_interface(tmp_path):
    province = FakeProvince(flavour="en")
    try:
        hub, store, link, said = centre_with(tmp_path, province, kind="en")
        province.bulletin("M-77", "Water cut", ["gia-tan-2"], text="Cắt nước ngày 18/12.")
        province.cancel("M-78")
        cycle(link)
        book = SourceBook(store, "tinh")
        assert book.item("M-77")["state"] == "sent" and book.item("M-78")["state"] == "cancelled"
        assert store.change(book.item("M-77")["subject"])["targets"] == ["gia-tan-2"]
        assert {s["Imei"] for s in province.statuses} >= {"gia-tan-2"} and province.statuses[0]["LogType"] == "status"
    finally:
        province.close()


def test_source_add_reads_the_password_from_stdin_or_an_environment_variable(tmp_path, province):
    assert run_cli("hub", "init", str(tmp_path / "tt"), "--name", HUB, cwd=tmp_path).returncode == 0
    added = run_cli("-C", str(tmp_path / "tt"), "hub", "source", "add", "tinh", "--kind", "tt39", "--url",
                    province.url, "--user", province.user, stdin=province.password + "\n", cwd=tmp_path)
    assert added.returncode == 0 and province.password not in added.stdout + added.stderr
    by_env = run_cli("-C", str(tmp_path / "tt"), "hub", "source", "add", "tinh-2", "--kind", "en", "--url",
                     province.url, "--user", "x", "--password-env", "NGUON_X", cwd=tmp_path)
    assert by_env.returncode == 0
    assert "${NGUON_X}" in (tmp_path / "tt" / "hub.yaml").read_text("utf-8")
    plain = run_cli("-C", str(tmp_path / "tt"), "hub", "source", "add", "x", "--kind", "tt39", "--url",
                    "http://192.0.2.1", "--user", "x", "--password-env", "A", cwd=tmp_path)
    assert plain.returncode != 0 and "https://" in plain.stderr
    assert [s.name for s in load_sources(tmp_path / "tt")] == ["tinh", "tinh-2"]
    removed = run_cli("-C", str(tmp_path / "tt"), "hub", "source", "remove", "tinh", cwd=tmp_path)
    assert removed.returncode == 0 and not (tmp_path / "tt" / "nguon" / "tinh.secret").exists()


@pytest.mark.slow
@pytest.mark.xdist_group("wall-clock")
def test_a_source_bulletin_for_two_communes_airs_there_only_and_each_airing_goes_back_once(tmp_path, province):
    """A real `radio hub run` linked to the fake province, two real daemons (file: outputs) and a third commune
    enrolled: the province's recorded bulletin for two communes, scheduled weekly at a time of day (LichPhat),
    airs at both at that time (after the program then on air), and nowhere else; the province receives exactly
    one play log per airing."""
    from radio import ffmpeg
    from radio.schedule.calendar import clock_text
    from tests.conftest import free_port
    from tests.test_daemon import TZ, log_rows, wait_for
    from tests.test_hub import start_hub
    from tests.test_hub_down import linked_station, start_daemon, stop_all
    hub_dir = tmp_path / "trung-tam"
    assert run_cli("hub", "init", str(hub_dir), "--name", HUB, cwd=tmp_path).returncode == 0
    added = run_cli("-C", str(hub_dir), "hub", "source", "add", "tinh", "--kind", "tt39", "--url", province.url,
                    "--user", province.user, "--every", "1", stdin=province.password + "\n", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    hub_yaml = hub_dir / "hub.yaml"
    hub_yaml.write_text(hub_yaml.read_text("utf-8") + "areas:\n  '75.731.26207': gia-tan-2\n", encoding="utf-8")
    recording = tmp_path / "bt-100.wav"
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=300:duration=4", "-af", "volume=0.2", "-ar", "22050", "-ac", "1",
                str(recording)], "tạo tệp thử", recording)
    province.media["/media/bt-100.wav"] = recording.read_bytes()
    port = free_port()
    hub = start_hub(hub_dir, port)
    slot = dt.datetime.now(TZ).replace(microsecond=0) + dt.timedelta(seconds=45)
    folders = [linked_station(tmp_path, name, hub_dir, port, [slot], "1s") for name in ("gia-tan-1", "gia-tan-2")]
    assert run_cli("-C", str(hub_dir), "hub", "station", "add", "gia-kiem", "--name", "Đài xã Gia Kiệm",
                   cwd=tmp_path).returncode == 0
    air_at = slot + dt.timedelta(seconds=3)
    province.bulletin("BT-100", "Thông báo của Sở Y tế", ["xã gia-tan-1", "75.731.26207"], priority=2,
                      text="Sở Y tế thông báo lịch tiêm chủng.", audio="/media/bt-100.wav", kind=1,
                      times=(f"{air_at:%H:%M:%S}",), days=[air_at.isoweekday() % 7 + 1])  # Thứ 2 … 7, CN = 1
    daemons = [start_daemon(folder, "--output", f"file:{folder / 'aired'}") for folder in folders]

    def aired(folder):
        return [r for r in log_rows(folder) if "nguon-tinh-bt-100" in (r["file"] or "") and r["status"] == "aired"]
    try:
        assert wait_for(lambda: all(aired(folder) for folder in folders), 120)
        assert wait_for(lambda: len(province.playlogs) >= 2, 30)
        import time
        time.sleep(4)  # a few more rounds: nothing is sent twice
    finally:
        stop_all(daemons, hub)
    assert sorted(log["MaDiaBan"] for log in province.playlogs.values()) == ["gia-tan-1", "gia-tan-2"]
    assert province.playlog_posts == 2 and all(log["BanTinId"] == "BT-100" for log in province.playlogs.values())
    assert all(aired(folder)[0]["voice"] == "ghi âm" for folder in folders)  # the province's own recording
    for folder in folders:  # its own slot, at the province's time, once the station's program had finished
        [row] = aired(folder)
        assert row["slot"].startswith(f"{clock_text(air_at.time())} @")  # 15:39 when the seconds are :00
        assert row["scheduled_at"][:19] == air_at.isoformat()[:19]
        program_end = max(r["ended_at"] for r in log_rows(folder) if r["slot"].endswith(" dai"))
        assert row["started_at"] >= program_end, (row, program_end)
    held = run_cli("-C", str(hub_dir), "hub", "status", "--json", cwd=tmp_path)
    assert {s["id"] for s in json.loads(held.stdout)} == {"gia-tan-1", "gia-tan-2", "gia-kiem"}
    from radio.hub.config import load_hub
    store = load_hub(hub_dir).store()
    try:
        assert store.changes_for("gia-kiem", 0)[0] == []  # never sent to the third commune
    finally:
        store.close()


def test_the_hub_page_lists_each_source_its_problem_and_what_did_not_go_out(tmp_path, province):
    from starlette.testclient import TestClient

    from radio.accounts import Accounts
    from radio.hub.server import create_hub_app
    hub, store, link, said = centre_with(tmp_path, province)
    province.bulletin("BT-020", "Cúp nước", ["xã Phú Túc"])
    cycle(link)
    province.next_failures = ["500"]
    with pytest.raises(SourceDown):
        cycle(link)
    link._troubled("nguồn báo lỗi 500")
    accounts = Accounts(hub.folder)
    token = accounts.add_token("script", "duyet")
    user = accounts.add("van", "duyet", "mat-khau-cua-van")
    session, _ = accounts.start_session(user)
    accounts.close()
    client = TestClient(create_hub_app(store, folder=hub.folder))
    [shown] = client.get("/api/sources", headers={"Authorization": f"Bearer {token}"}).json()
    assert shown["problem"] == "nguồn báo lỗi 500" and shown["items"][0]["state"] == "refused"
    assert "Phú Túc" in shown["items"][0]["note"]
    client.cookies.set("radio_session", session)
    page = client.get("/nguon")
    assert page.status_code == 200 and "nguồn báo lỗi 500" in page.text and "xã Phú Túc" in page.text
