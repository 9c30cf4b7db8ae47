"""The centre's pages in a real browser: Playwright driving Debian's Chromium against a real `radio hub run`
with two real station daemons linked to it (file: outputs). An editor writes a bulletin for one station and it
waits; an approver sees both stations in the table, orders an emergency for one and watches its confirmation
arrive, sends a bulletin from the form, approves the editor's (it reaches that station only) and sees where
each is; every page has its JSON twin."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import free_port, run_cli
from tests.test_browser import CHROMIUM, browser, log_in, shoot  # noqa: F401 - browser: fixture
from tests.test_daemon import log_rows, start_daemon, wait_for
from tests.test_hub import start_hub
from tests.test_hub_down import HUB, hub_json, linked_station, stop_all

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium)")]


def test_the_centre_sees_its_stations_orders_an_emergency_and_sends_a_bulletin_from_the_browser(tmp_path, browser):
    hub_dir = tmp_path / "trung-tam"
    assert run_cli("hub", "init", str(hub_dir), "--name", HUB, cwd=tmp_path).returncode == 0
    for name, role in (("van", "duyet"), ("lan", "bien-tap")):
        made = run_cli("-C", str(hub_dir), "user", "add", name, "--role", role, stdin=f"mat-khau-cua-{name}\n" * 2,
                       cwd=tmp_path)
        assert made.returncode == 0, made.stderr
    port = free_port()
    hub = start_hub(hub_dir, port)
    url = f"http://127.0.0.1:{port}"
    folders = [linked_station(tmp_path, name, hub_dir, port, [], "1s") for name in ("gia-tan-1", "gia-tan-2")]
    daemons = [start_daemon(folder, "--output", f"file:{tmp_path / folder.name / 'aired'}") for folder in folders]
    try:
        assert wait_for(lambda: all(s["last_seen"] for s in hub_json(hub_dir, "status")), 60)
        editor = log_in(browser, url, "lan", "mat-khau-cua-lan")
        assert editor.get_by_role("link", name="Lệnh khẩn cấp").count() == 0
        assert editor.goto(url + "/khan-cap").status == 403
        editor.goto(url + "/")
        editor.get_by_role("link", name="Soạn bản tin").click()  # an editor writes; it waits for an approver
        editor.get_by_label("Tiêu đề").fill("Họp dân ấp 3")
        editor.get_by_label("Nội dung").fill("Ấp 3 họp dân lúc 19h00 ngày 12/12/2026 tại nhà văn hóa ấp.")
        editor.get_by_label("Chỉ các đài chọn dưới đây:").check()
        editor.get_by_label("Đài xã gia-tan-2").check()
        editor.get_by_role("button", name="Lưu, chờ duyệt").click()
        editor.wait_for_url(url + "/cho-duyet")
        expect(editor.locator("#cho-hop-dan-ap-3 .state")).to_have_text("chờ duyệt")
        assert editor.get_by_role("button", name="Duyệt và gửi").count() == 0
        assert not (folders[1] / "scripts" / "trungtam-hop-dan-ap-3.md").exists()

        centre = log_in(browser, url, "van", "mat-khau-cua-van")
        table = centre.locator("#stations")
        expect(table).to_contain_text("Đài xã gia-tan-1")
        expect(table).to_contain_text("Đài xã gia-tan-2")
        shoot(centre, "trung-tam-cac-dai")
        twin = json.loads(centre.request.get(url + centre.get_attribute("#json-twin", "href")).text())
        assert {s["id"] for s in twin} == {"gia-tan-1", "gia-tan-2"} and all(s["last_seen"] for s in twin)

        # an emergency for Gia Tân 1 only: its confirmation arrives on the page without a reload
        centre.get_by_role("link", name="Lệnh khẩn cấp").click()
        centre.get_by_label("Nội dung tin khẩn cấp").fill("Nước sông Đồng Nai lên nhanh, bà con ấp 2 di dời ngay.")
        centre.get_by_label("Chỉ các đài chọn dưới đây:").check()
        centre.get_by_label("Đài xã gia-tan-1").check()
        centre.get_by_label("Tôi xác nhận phát tin này ngay lên loa các đài đã chọn").check()
        centre.get_by_role("button", name="Phát khẩn cấp").click()
        centre.wait_for_url(url + "/gui/emergency%3A**")
        expect(centre.locator("#reach-summary")).to_contain_text("Đã lên sóng ở 1/1 đài", timeout=30_000)
        expect(centre.locator("#reach")).not_to_contain_text("gia-tan-2")
        shoot(centre, "trung-tam-khan-cap")
        assert wait_for(lambda: any(r["slot"] == "khẩn cấp" and r["status"] == "aired" for r in log_rows(folders[0])),
                        60)
        assert not any(r["slot"] == "khẩn cấp" for r in log_rows(folders[1]))

        # a bulletin for every station, written and approved in the form
        centre.get_by_role("link", name="Gửi bản tin").click()
        centre.get_by_label("Tiêu đề").fill("Lịch tiêm chủng tháng 12")
        centre.get_by_label("Lĩnh vực").fill("y tế")
        centre.get_by_label("Nội dung").fill("Trạm y tế các xã tiêm chủng mở rộng lúc 7h30 ngày 15/12/2026.")
        expect(centre.locator("#reading")).to_contain_text("bảy giờ ba mươi")
        centre.get_by_role("button", name="Duyệt và gửi").click()
        centre.wait_for_url(url + "/gui/bulletin%3A**")
        expect(centre.locator("#reach-summary")).to_contain_text("Đã phát ở 0/2 đài")
        expect(centre.locator("#reach")).to_contain_text("đã nhận, chưa đến chương trình phát", timeout=30_000)
        landed = [folder / "scripts" / "trungtam-lich-tiem-chung-thang-12.md" for folder in folders]
        assert all(path.is_file() for path in landed)
        assert "hub: " + HUB in landed[0].read_text("utf-8")

        centre.get_by_role("link", name="Chờ duyệt").click()  # the editor's: approved as shown, sent
        waiting = centre.locator("#cho-hop-dan-ap-3")
        expect(waiting).to_contain_text("Gửi tới: Đài xã gia-tan-2")
        waiting.get_by_role("button", name="Duyệt và gửi").click()
        centre.wait_for_url(url + "/gui/bulletin%3Ahop-dan-ap-3")
        expect(centre.locator("#reach")).to_contain_text("đã nhận, chưa đến chương trình phát", timeout=30_000)
        assert (folders[1] / "scripts" / "trungtam-hop-dan-ap-3.md").is_file()
        assert not (folders[0] / "scripts" / "trungtam-hop-dan-ap-3.md").exists()

        centre.get_by_role("link", name="Đã gửi").click()
        expect(centre.locator("#sent")).to_contain_text("Lịch tiêm chủng tháng 12")
        expect(centre.locator("#sent")).to_contain_text("1/1 đài")  # the emergency, confirmed
        centre.get_by_role("link", name="Báo cáo").click()
        expect(centre.locator("#communes")).to_contain_text("Đài xã gia-tan-1")
        shoot(centre, "trung-tam-bao-cao")
        report = json.loads(centre.request.get(url + "/api/report").text())
        assert report["totals"]["emergencies"] == 1 and len(report["communes"]) == 2
        assert browser.new_page().request.get(url + "/api/stations").status == 401  # no session, no token
    finally:
        stop_all(daemons, hub)
