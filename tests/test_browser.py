"""The console in a real browser: Playwright driving Debian's Chromium against the real server and a real
daemon with a file: output. Skipped, saying why, where no Chromium is installed (.ci/run installs it)."""
from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

from radio.accounts import Accounts
from tests.conftest import write_station
from tests.test_api import running_station
from tests.test_daemon import BULLETINS, SCHEDULE, log_rows, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium)")]
APPROVAL = SCHEDULE.replace("  timezone: Asia/Ho_Chi_Minh", "  timezone: Asia/Ho_Chi_Minh\n  approval: required")


@pytest.fixture
def station(tmp_path):
    folder = write_station(tmp_path / "dai", APPROVAL.format(slots="  []"), BULLETINS)
    accounts = Accounts(folder)
    accounts.add("lan", "bien-tap", "mat-khau-cua-lan")
    accounts.add("hung", "duyet", "mat-khau-cua-hung")
    accounts.close()
    with running_station(folder, tmp_path / "aired") as url:
        yield folder, url, tmp_path / "aired"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def log_in(browser, url, name, password):
    page = browser.new_page()
    page.goto(url + "/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/")
    return page


def test_write_read_approve_and_break_in_through_the_browser(station, browser):
    folder, url, aired = station
    editor = log_in(browser, url, "lan", "mat-khau-cua-lan")
    assert "Đài xã Thử Nghiệm" in editor.content() and editor.get_by_text("Phát khẩn cấp").count() == 0
    editor.get_by_role("link", name="Bản tin").click()
    editor.get_by_role("link", name="Soạn bản tin mới").click()
    editor.get_by_label("Tiêu đề").fill("Lịch tiêm chủng")
    editor.get_by_label("Nội dung").fill("Lịch tiêm.\nTram y te tiem chung cho tre vao sang mai nha")
    expect(editor.locator("#unknown")).to_contain_text("Dòng 2 gõ không dấu")  # typed without marks: said which line
    editor.get_by_label("Nội dung").fill("Trạm y tế tiêm chủng lúc 7h30 ngày 09/12/2026, mang sổ BHYT và giấy BKTX.")
    # (locator waits, not wait_for_function: the console's CSP forbids the eval that one uses, as it should)
    expect(editor.locator("#reading")).to_contain_text("bảy giờ ba mươi")
    assert "bảo hiểm y tế" in editor.inner_text("#reading") and "BKTX" in editor.inner_text("#unknown")
    assert "không dấu" not in editor.inner_text("#unknown")
    editor.get_by_role("button", name="Lưu bản tin").click()
    editor.wait_for_url(url + "/ban-tin/lich-tiem-chung")
    assert editor.inner_text("#state") == "chờ duyệt"
    assert editor.get_by_role("button", name="Duyệt bản tin").count() == 0  # an editor cannot approve
    shoot(editor, "ban-tin")

    approver = log_in(browser, url, "hung", "mat-khau-cua-hung")
    approver.goto(url + "/ban-tin/lich-tiem-chung")
    approver.get_by_role("button", name="Duyệt bản tin").click()
    approver.wait_for_selector("text=Đã duyệt bản tin.")
    assert approver.inner_text("#state") == "đã duyệt"
    board = log_in(browser, url, "hung", "mat-khau-cua-hung")  # the dashboard open on the station's screen
    approver.get_by_role("link", name="Phát khẩn cấp").click()
    approver.get_by_label("Nội dung tin khẩn cấp").fill("Nước sông lên nhanh, bà con ấp 2 di dời ngay.")
    approver.get_by_label("Số lần đọc").fill("1")
    approver.get_by_label("Tôi xác nhận phát tin này ngay lên loa").check()
    approver.get_by_role("button", name="Phát khẩn cấp").click()
    approver.wait_for_selector("text=lên sóng lúc", timeout=60_000)
    shoot(approver, "khan-cap")
    assert wait_for(lambda: any(r["priority"] == "khan-cap" and r["status"] == "aired"
                                and r["item"].startswith("Nước sông") for r in log_rows(folder)), 30)
    assert list(aired.glob("*.wav"))
    # the open dashboard shows it in its as-run rows by itself, with no reload
    expect(board.locator("#recent")).to_contain_text("Nước sông", timeout=15_000)
    assert board.evaluate("performance.getEntriesByType('navigation').length") == 1
    shoot(board, "bang-dieu-khien")
    board.get_by_role("link", name="Báo cáo").click()
    board.wait_for_selector("#totals")
    assert "Tin khẩn cấp" in board.inner_text("#totals") and "1 lần" in board.inner_text("#totals")
    shoot(board, "bao-cao")
    editor.goto(url + "/ban-tin/moi")
    editor.get_by_label("Tiêu đề").fill("Thông báo họp dân")
    editor.get_by_label("Nội dung").fill("Ấp 3 họp dân lúc 19h00 ngày 28/11/2026 tại nhà văn hóa, triển khai NTM.")
    expect(editor.locator("#reading")).to_contain_text("mười chín giờ")
    shoot(editor, "soan-ban-tin")


def shoot(page, name):
    """With RADIO_SCREENSHOTS=DIR, keep a picture of the page (the README shows them to newcomers)."""
    folder = os.environ.get("RADIO_SCREENSHOTS")
    if folder:
        page.set_viewport_size({"width": 1200, "height": 720})
        page.screenshot(path=os.path.join(folder, f"{name}.png"))


def test_xss_csrf_and_a_broken_schedule_edit_are_refused_in_the_browser(station, browser):
    folder, url, _ = station
    Accounts(folder).add("an", "quan-tri", "mat-khau-cua-an")
    admin = log_in(browser, url, "an", "mat-khau-cua-an")
    dialogs = []
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    admin.goto(url + "/ban-tin/moi")
    admin.get_by_label("Tiêu đề").fill('<img src=x onerror="alert(1)">')
    admin.get_by_label("Nội dung").fill("Thử chữ <script>alert(2)</script> trong bản tin.")
    admin.get_by_role("button", name="Lưu bản tin").click()
    admin.wait_for_selector("text=Máy sẽ đọc là")
    assert dialogs == [] and '<img src=x onerror="alert(1)">' in admin.inner_text("h1")  # shown as text, not run
    before = sorted(p.name for p in (folder / "scripts").iterdir())
    attacker = browser.new_page()  # another site the officer has open, posting to the console
    attacker.set_content(f'<form method="post" action="{url}/ban-tin/moi"><input name="title" value="Giả mạo">'
                         '<input name="text" value="Tin giả."><button>gửi</button></form>')
    attacker.click("button")
    attacker.wait_for_load_state()
    assert sorted(p.name for p in (folder / "scripts").iterdir()) == before  # nothing written
    admin.goto(url + "/lich-phat")
    good = (folder / "schedule.yaml").read_text(encoding="utf-8")
    admin.get_by_label("Nội dung schedule.yaml").fill(good.replace("engines: [espeak]", "engines: [espeak"))
    admin.get_by_role("button", name="Kiểm tra và lưu").click()
    alert = admin.get_by_role("alert").inner_text()
    assert "schedule.yaml:" in alert and "YAML" in alert
    assert (folder / "schedule.yaml").read_text(encoding="utf-8") == good  # the last good file is kept


def test_at_phone_width_the_menu_wraps_between_words_and_nothing_overflows(station, browser):
    """390 px, an officer's phone: no page wider than the screen, no menu entry broken mid-word, the editor in
    one column; the log's wide table scrolls inside itself."""
    folder, url, _ = station
    page = log_in(browser, url, "hung", "mat-khau-cua-hung")
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("/", "/ban-tin", "/ban-tin/moi", "/lich-phat", "/nhat-ky", "/bao-cao", "/khan-cap", "/mat-khau"):
        page.goto(url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        broken = page.evaluate("[...document.querySelectorAll('header nav a')]"
                               ".filter(a => a.getClientRects().length > 1 || a.offsetHeight > 40)"
                               ".map(a => a.textContent)")
        assert broken == [], (path, broken)
    page.goto(url + "/ban-tin/moi")
    tracks = page.evaluate("getComputedStyle(document.querySelector('.columns')).gridTemplateColumns")
    assert len(tracks.split()) == 1, tracks
