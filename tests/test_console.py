"""The console's pages over HTTP, in process (real files, real SQLite): login, sessions, CSRF, escaping,
the editor and approver at work, the log and its downloads. (Driving it in Chromium is the next step.)"""
from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from radio.accounts import Accounts
from radio.console.api import create_app
from tests.conftest import SMALL_SCHEDULE, write_station

APPROVAL = SMALL_SCHEDULE.replace("  timezone: Asia/Ho_Chi_Minh", "  timezone: Asia/Ho_Chi_Minh\n  approval: required")
ORIGIN = {"origin": "http://testserver"}


def station_with(tmp_path, people: dict[str, str]):
    """The test station with approval required and these accounts (name: role), each with the password
    mat-khau-cua-NAME."""
    folder = write_station(tmp_path / "dai", APPROVAL)
    accounts = Accounts(folder)
    for name, role in people.items():
        accounts.add(name, role, f"mat-khau-cua-{name}")
    accounts.close()
    return folder


@pytest.fixture
def folder(tmp_path):
    return station_with(tmp_path, {"lan": "bien-tap", "hung": "duyet"})


def login(folder, name, password):
    client = TestClient(create_app(folder), follow_redirects=False)
    answer = client.post("/dang-nhap", data={"name": name, "password": password}, headers=ORIGIN)
    return client, answer


def csrf_of(client, path):
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)[1]


def shown(client, bulletin_id):
    """The hidden fields a bulletin's page carries for a decision: the session's CSRF and the version shown."""
    page = client.get(f"/ban-tin/{bulletin_id}").text
    return {"csrf": re.search(r'name="csrf" value="([^"]+)"', page)[1],
            "sha256": re.search(r'name="sha256" value="([0-9a-f]{64})"', page)[1]}


def test_login_page_has_proper_labels_and_an_empty_station_says_how_to_start(tmp_path, folder):
    page = TestClient(create_app(folder)).get("/dang-nhap").text
    for label in ("Tên đăng nhập", "Mật khẩu"):
        assert re.search(rf'<label for="\w+">{label}</label>', page)
    assert ">Đăng nhập</button>" in page and "Đài truyền thanh xã Thử Nghiệm" in page
    empty = write_station(tmp_path / "moi")
    assert "radio user add TÊN --role quan-tri" in TestClient(create_app(empty)).get("/dang-nhap").text


def test_sessions_are_httponly_samesite_strict_and_pages_need_them(folder):
    anonymous = TestClient(create_app(folder), follow_redirects=False)
    assert anonymous.get("/").headers["location"] == "/dang-nhap"
    client, answer = login(folder, "lan", "mat-khau-cua-lan")
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 303 and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    page = client.get("/").text
    assert "Bảng điều khiển" in page and "Đài truyền thanh xã Thử Nghiệm" in page and "Phát khẩn cấp" not in page
    client.post("/dang-xuat", data={"csrf": csrf_of(client, "/")}, headers=ORIGIN)
    assert client.get("/").status_code == 303  # logged out: the session is gone on the server


def test_five_failed_logins_in_a_minute_lock_that_name_and_address_out(folder):
    client = TestClient(create_app(folder), follow_redirects=False)
    for _ in range(5):
        wrong = client.post("/dang-nhap", data={"name": "hung", "password": "sai"}, headers=ORIGIN)
        assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    locked = client.post("/dang-nhap", data={"name": "hung", "password": "mat-khau-cua-hung"}, headers=ORIGIN)
    assert locked.status_code == 429 and "đợi một phút" in locked.text
    other = client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-cua-lan"}, headers=ORIGIN)
    assert other.status_code == 303  # another account from the same place is not locked
    second_worker = TestClient(create_app(folder), follow_redirects=False)  # the console runs two processes
    again = second_worker.post("/dang-nhap", data={"name": "hung", "password": "mat-khau-cua-hung"}, headers=ORIGIN)
    assert again.status_code == 429  # the count is kept on disk, shared, not in one process's memory


def test_editor_writes_approver_approves_and_escaping_and_csrf_hold(folder):
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    token = csrf_of(editor, "/ban-tin/moi")
    form = {"csrf": token, "title": "<script>alert(1)</script> Họp dân", "priority": "thuong",
            "text": "Họp lúc 19h00 ngày 28/11/2026 tại nhà văn hóa.", "valid_until": "31/12/2026"}
    before = sorted((folder / "scripts").iterdir())
    forged = editor.post("/ban-tin/moi", data={**form, "csrf": "sai"}, headers=ORIGIN)  # shown again, never saved
    assert forged.status_code == 409 and "CHƯA được lưu" in forged.text and sorted((folder / "scripts").iterdir()) == before
    assert editor.post("/ban-tin/moi", data=form, headers={"origin": "http://evil.example"}).status_code == 403
    created = editor.post("/ban-tin/moi", data=form, headers=ORIGIN)
    assert created.status_code == 303
    page = editor.get(created.headers["location"]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page  # shown as text
    assert "mười chín giờ" in page and "chờ duyệt" in page and "Duyệt bản tin" not in page  # editor cannot
    reading = editor.post("/api/reading", json={"text": "BKTX họp lúc 7h30"}).json()
    assert "bảy giờ ba mươi" in reading["text"] and reading["unknown"] == ["BKTX"] and reading["unmarked"] == []
    unmarked = editor.post("/api/reading", json={"text": "Họp dân.\nSang mai 7h ba con ap 3 hop tai nha van hoa"})
    assert unmarked.json()["unmarked"] == [2]  # the editor names the line to type again with its marks
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    bulletin_id = created.headers["location"].rsplit("/", 1)[1]
    approved = approver.post(f"/ban-tin/{bulletin_id}/duyet", data=shown(approver, bulletin_id), headers=ORIGIN)
    assert approved.status_code == 200 and "Đã duyệt bản tin." in approved.text and "hung: duyệt" in approved.text
    assert editor.post(f"/ban-tin/{bulletin_id}/duyet", data={"csrf": token}, headers=ORIGIN).status_code == 403
    assert "Phát khẩn cấp" in approver.get("/").text


def test_log_page_and_downloads(folder):
    from radio.logbook import Entry, Logbook
    from tests.test_schedule import at
    logbook = Logbook(folder)
    logbook.record(Entry(at(1, 6), "06:00 sang", "sang", "Họp dân <b>"), "missed", "thử", at(1, 6))
    logbook.close()
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.get("/nhat-ky", params={"from": "2026-12-01", "to": "2026-12-01"}).text
    assert "Họp dân &lt;b&gt;" in page and "lỡ giờ" in page
    csv_file = client.get("/nhat-ky.csv", params={"from": "2026-12-01", "to": "2026-12-01"})
    assert csv_file.content.startswith("\ufeff".encode()) and "Họp dân" in csv_file.content.decode("utf-8-sig")
    workbook = client.get("/nhat-ky.xlsx", params={"from": "2026-12-01", "to": "2026-12-01"})
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert client.get("/nhat-ky", params={"from": "31/02/2026"}).status_code == 400


@pytest.mark.slow
def test_radio_run_starts_the_console_in_its_own_process_and_stops_it(folder):
    import urllib.request
    from tests.conftest import run_cli
    from tests.conftest import free_port
    port = free_port()
    result = run_cli("run", "--output", "null", "--console", f"127.0.0.1:{port}", "--stop-after", "6", cwd=folder,
                     env={"RADIO_CONSOLE": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Bảng điều khiển: http://127.0.0.1:{port}/" in result.stdout
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap", timeout=2)
        reachable_after_stop = True
    except OSError:
        reachable_after_stop = False
    assert not reachable_after_stop  # stopped with the daemon
    Accounts(folder).add("tu", "bien-tap", "9-ky-tu!!")
    exposed = run_cli("run", "--output", "null", "--console", f"0.0.0.0:{port}", "--stop-after", "3", cwd=folder)
    assert exposed.returncode == 0  # the air goes on; the console does not open to the network with weak passwords
    assert "tài khoản tu có mật khẩu ngắn hơn 10 ký tự" in exposed.stdout
    assert "Bảng điều khiển: http" not in exposed.stdout


def test_week_plan_and_schedule_edits_checked_like_radio_check(folder):
    Accounts(folder).add("an", "quan-tri", "mat-khau-cua-an")
    admin, _ = login(folder, "an", "mat-khau-cua-an")
    page = admin.get("/lich-phat").text
    assert "Lịch phát 7 ngày tới" in page and page.count("06:00:00") == 7 and "Sửa schedule.yaml" in page
    good = (folder / "schedule.yaml").read_text("utf-8")
    token = csrf_of(admin, "/lich-phat")
    broken = admin.post("/lich-phat", data={"csrf": token, "schedule": good.replace('at: "06:00"', 'at: "25:00"')},
                        headers=ORIGIN)
    assert broken.status_code == 422 and "schedule.yaml:" in broken.text and "25:00" in broken.text
    assert str(folder) not in broken.text  # named from the station folder, as the officer knows it
    assert (folder / "schedule.yaml").read_text("utf-8") == good  # the last good file is kept
    saved = admin.post("/lich-phat", data={"csrf": token, "schedule": good.replace('at: "06:00"', 'at: "06:30"')},
                       headers=ORIGIN)
    assert saved.status_code == 200 and "Đã lưu schedule.yaml" in saved.text and "06:30:00" in saved.text
    assert 'at: "06:30"' in (folder / "schedule.yaml").read_text("utf-8")
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    assert "Sửa schedule.yaml" not in editor.get("/lich-phat").text
    refused = editor.post("/lich-phat", data={"csrf": csrf_of(editor, "/"), "schedule": "x: 1"}, headers=ORIGIN)
    assert refused.status_code == 403 and 'at: "06:30"' in (folder / "schedule.yaml").read_text("utf-8")


@pytest.mark.slow
def test_listen_renders_the_bulletin_and_plays_it_in_the_page(folder):
    from tests.audio_checks import loudness
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    assert client.get("/ban-tin/hop-dan/am-thanh").status_code == 404  # not rendered yet
    page = client.post("/ban-tin/hop-dan/nghe-thu", data={"csrf": csrf_of(client, "/")}, headers=ORIGIN)
    assert page.status_code == 200 and '<audio controls src="/ban-tin/hop-dan/am-thanh' in page.text
    wav = client.get("/ban-tin/hop-dan/am-thanh")
    assert wav.status_code == 200 and wav.content[:4] == b"RIFF"
    heard = folder / "nghe-thu.wav"
    heard.write_bytes(wav.content)
    assert abs(loudness(heard).lufs + 16) <= 1.0  # what the officer hears is the mastered bulletin


def test_administrator_manages_accounts_and_an_approver_returns_a_bulletin_with_a_comment(folder):
    Accounts(folder).add("an", "quan-tri", "mat-khau-cua-an")
    admin, _ = login(folder, "an", "mat-khau-cua-an")
    token = csrf_of(admin, "/nguoi-dung")
    added = admin.post("/nguoi-dung", data={"csrf": token, "name": "mai", "role": "duyet", "password": "mat-khau-mai"},
                       headers=ORIGIN)
    assert added.status_code == 200 and "Đã thêm tài khoản &#39;mai&#39;" in added.text
    assert login(folder, "mai", "mat-khau-mai")[1].status_code == 303
    short = admin.post("/nguoi-dung", data={"csrf": token, "name": "b", "role": "duyet", "password": "123"},
                       headers=ORIGIN)
    assert short.status_code == 422 and "mật khẩu quá ngắn" in short.text
    removed = admin.post("/nguoi-dung/xoa", data={"csrf": token, "name": "mai", "confirm": "yes"}, headers=ORIGIN)
    assert "Đã xóa tài khoản" in removed.text and login(folder, "mai", "mat-khau-mai")[1].status_code == 401
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    assert editor.get("/nguoi-dung").status_code == 403
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    returned = approver.post("/ban-tin/hop-dan/tra-lai", data={**shown(approver, "hop-dan"),
                                                                "comment": "Ghi rõ giờ họp"}, headers=ORIGIN)
    assert "Đã trả lại bản tin" in returned.text and "hung: trả lại (Ghi rõ giờ họp)" in returned.text
    assert Accounts(folder).state(folder / "scripts" / "hop-dan.md") == "tra-lai"


def test_editing_an_approved_bulletin_sends_it_back_for_approval_and_keeps_its_other_settings(folder):
    bulletin = folder / "scripts" / "hop-dan.md"
    bulletin.write_text(bulletin.read_text("utf-8").replace("priority: thuong", "priority: thuong\nrepeat: 2"),
                        encoding="utf-8")
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    approver.post("/ban-tin/hop-dan/duyet", data=shown(approver, "hop-dan"), headers=ORIGIN)
    assert Accounts(folder).state(bulletin) == "da-duyet"
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    form = editor.get("/ban-tin/hop-dan/sua").text
    assert 'value="Họp dân"' in form and "19h00" in form  # the form shows the bulletin as it is
    saved = editor.post("/ban-tin/hop-dan/sua", headers=ORIGIN, data={
        "csrf": csrf_of(editor, "/"), "title": "Họp dân", "priority": "uu-tien", "text": "Ấp 3 họp dân lúc 19h30."})
    assert saved.status_code == 303 and saved.headers["location"] == "/ban-tin/hop-dan"
    written = bulletin.read_text("utf-8")
    assert "19h30" in written and "repeat: 2" in written and "priority: uu-tien" in written
    assert Accounts(folder).state(bulletin) == "cho-duyet"  # edited: waits for approval again
    page = editor.get("/ban-tin/hop-dan").text
    assert "chờ duyệt" in page and "lan: sửa" in page


def test_the_bulletin_list_filters_by_state_priority_and_category(folder):
    (folder / "scripts" / "cu.md").write_text("---\ntitle: Tin cũ\nvalid_until: 2020-01-31\n---\nCũ.\n", "utf-8")
    (folder / "scripts" / "bao.md").write_text("---\ntitle: Bão\ncategory: thiên tai\npriority: uu-tien\n---\nBão.\n",
                                               "utf-8")
    client, _ = login(folder, "lan", "mat-khau-cua-lan")

    def titles(**query):
        page = client.get("/ban-tin", params=query).text
        return re.findall(r'<a href="/ban-tin/[^"]+">([^<]+)</a>', page)
    assert set(titles()) == {"Tin cũ", "Bão", "Họp dân", "UBND xã thông báo: từ đêm nay có mưa to 100-150mm. Bà con "
                                                         "không ra đồng."}
    assert titles(status="het-han") == ["Tin cũ"]
    assert titles(priority="uu-tien") == ["Bão"] and titles(category="thiên tai") == ["Bão"]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, as exported from Word (ASCII text, Helvetica)."""
    text = " ".join(f"({line}) Tj 0 -20 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {text} ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_official_documents_uploaded_become_drafts_once(folder, tmp_path):
    import io
    import docx
    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN XÃ GIA TÂN 1", "THÔNG BÁO", "Về việc tiêm chủng mở rộng",
                 "Trạm y tế xã tiêm chủng lúc 7h30 ngày 09/12/2026 cho trẻ dưới 5 tuổi.", "Nơi nhận:", "- Như trên;"):
        document.add_paragraph(line)
    word = io.BytesIO()
    document.save(word)
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    token = csrf_of(client, "/ban-tin")

    def upload(name, data):
        return client.post("/ban-tin/nhap-van-ban", data={"csrf": token}, files={"document": (name, data)},
                           headers=ORIGIN)
    made = upload("../../thong-bao tiem chung.docx", word.getvalue())
    assert made.status_code == 303 and made.headers["location"] == "/ban-tin/thong-bao-tiem-chung"
    draft = folder / "scripts" / "thong-bao-tiem-chung.md"
    assert "status: nhap" in draft.read_text("utf-8") and "Nơi nhận" not in draft.read_text("utf-8")
    page = client.get("/ban-tin/thong-bao-tiem-chung").text
    assert "bản nháp" in page and "bảy giờ ba mươi" in page
    again = upload("thong-bao.docx", word.getvalue())
    assert again.headers["location"] == "/ban-tin/thong-bao-tiem-chung"  # the same document: the same draft
    pdf = upload("ke-hoach.pdf", minimal_pdf(["KE HOACH", "Hop dan luc 19h00 ngay 28/11/2026 tai nha van hoa."]))
    assert pdf.status_code == 303 and "mười chín giờ" in client.get(pdf.headers["location"]).text
    assert upload("anh.jpg", b"\xff\xd8\xff").status_code == 400
    assert "hỏng" in upload("hong.docx", b"PK\x03\x04 not a zip").text
    assert not list(folder.rglob("*.docx")) and not list(folder.rglob("*.pdf"))  # uploads are not kept


def test_long_lists_are_paged_and_the_pages_keep_the_filters(folder):
    for number in range(230):
        (folder / "scripts" / f"tin-{number:03d}.md").write_text(
            f"---\ntitle: Tin {number:03d}\ncategory: {'y tế' if number % 2 else 'nông nghiệp'}\n---\nNội dung.\n",
            "utf-8")
    client, _ = login(folder, "lan", "mat-khau-cua-lan")

    def page(query):
        text = client.get("/ban-tin?" + query).text
        return re.findall(r'<a href="/ban-tin/tin-[^"]+">([^<]+)</a>', text), text
    first, text = page("category=y+t%E1%BA%BF")
    assert len(first) == 100 and "115 bản tin khớp bộ lọc" in text and "Trang 1/2" in text
    second, text = page(re.search(r'<a href="\?([^"]+)">sau</a>', text)[1].replace("&amp;", "&"))
    assert len(second) == 15 and "Trang 2/2" in text and not set(first) & set(second)
    assert all(int(title[4:]) % 2 for title in first + second)  # still only "y tế"
    assert "Trang 2/2" in page("category=y+t%E1%BA%BF&page=99")[1]  # past the end: the last page


def test_every_page_links_its_json_twin_with_the_same_data(folder):
    """Datasette's habit: a page's data is one click away as JSON, served with the same session."""
    client, _ = login(folder, "hung", "mat-khau-cua-hung")
    admin = Accounts(folder)
    admin.add("an", "quan-tri", "mat-khau-cua-an")
    twins, pages_seen = {}, {}
    for who, pages in ((client, ["/", "/ban-tin?status=cho-duyet", "/ban-tin/hop-dan", "/lich-phat",
                                 "/nhat-ky?from=2026-11-01&to=2026-11-30"]),
                       (login(folder, "an", "mat-khau-cua-an")[0], ["/nguoi-dung"])):
        for path in pages:
            html = who.get(path).text
            twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)[1]
            answer = who.get(twin.replace("&amp;", "&"))
            assert answer.status_code == 200 and answer.headers["content-type"] == "application/json", (path, twin)
            twins[path], pages_seen[path] = answer.json(), html
    assert twins["/"]["station"] == "Đài truyền thanh xã Thử Nghiệm" and "remaining" in twins["/"]
    listed = set(re.findall(r'<a href="/ban-tin/([^"]+)">', pages_seen["/ban-tin?status=cho-duyet"])) - {"moi"}
    assert {b["id"] for b in twins["/ban-tin?status=cho-duyet"]} == listed and "hop-dan" in listed
    assert twins["/ban-tin/hop-dan"]["status"] == "cho-duyet" and "reading" in twins["/ban-tin/hop-dan"]
    assert {a["program"] for a in twins["/lich-phat"]} == {"sang"} and len(twins["/lich-phat"]) == 7
    assert twins["/nhat-ky?from=2026-11-01&to=2026-11-30"] == []
    assert {u["name"] for u in twins["/nguoi-dung"]} == {"an", "hung", "lan"}
    assert "password_hash" not in str(twins["/nguoi-dung"])


def test_report_page_shows_the_figures_charts_and_both_downloads(folder):
    import datetime as dt
    import io
    import docx
    import openpyxl
    from radio.logbook import Entry, Logbook
    from tests.test_schedule import at
    logbook = Logbook(folder)
    for day in (1, 2, 3):
        for title, category, seconds in (("Họp dân", "thông báo", 40.0), ("Tiêm chủng", "y tế", 65.0)):
            entry = Entry(at(day, 6), "06:00 sang", "sang", title, "", duration_s=seconds, kind="bulletin",
                          category=category)
            logbook.record(entry, "aired", "", at(day, 6))
    logbook.record(Entry(at(3, 17), "17:00 chieu", "chieu", "Thời tiết", kind="bulletin"), "missed", "mất điện",
                   at(3, 17))
    logbook.close()
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.get("/bao-cao", params={"from": "2026-12-01", "to": "2026-12-31"})
    assert page.status_code == 200 and "Báo cáo kết quả tuyên truyền" in page.text
    assert "<td>y tế</td><td>3</td><td>3.2</td>" in page.text and "<td>1 / 0 / 0 / 0</td>" in page.text
    assert "<td>Số mục đã phát</td><td>6</td>" in page.text
    twin = client.get(re.search(r'type="application/json" href="([^"]+)"', page.text)[1].replace("&amp;", "&")).json()
    assert twin["totals"]["items"] == 6 and twin["totals"]["missed"] == 1
    assert {r["category"]: r["airings"] for r in twin["by_category"]} == {"y tế": 3, "thông báo": 3}
    chart = client.get("/bao-cao/bieu-do-linh-vuc.png?from=2026-12-01&to=2026-12-31")
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"
    workbook = client.get("/bao-cao.xlsx?from=2026-12-01&to=2026-12-31")
    assert openpyxl.load_workbook(io.BytesIO(workbook.content))["Tổng hợp"]["B6"].value == 6
    document = docx.Document(io.BytesIO(client.get("/bao-cao.docx?from=2026-12-01&to=2026-12-31").content))
    assert "Đài đã phát 1 chương trình" not in document.paragraphs[0].text  # header table first
    assert any("BÁO CÁO" == p.text for p in document.paragraphs)
    bad = client.get("/bao-cao", params={"from": "31/02/2026"})
    assert bad.status_code == 400 and "31/02/2026" in bad.text
    assert client.get("/api/report", params={"month": "2026-13"}).json()["field"] == "month"
    assert dt.date.fromisoformat(client.get("/api/report").json()["from"]).day == 1  # the month so far
