"""A console people can trust (issue: right roles, approval of what was seen, no lost work): the pages and the
API in process over real files and SQLite, three accounts on a station with approval required."""
from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys

import pytest
from starlette.testclient import TestClient

from radio.accounts import Accounts
from radio.console.api import create_app
from tests.conftest import free_port, write_station
from tests.test_console import APPROVAL, ORIGIN, csrf_of, login, shown, station_with

@pytest.fixture
def folder(tmp_path):
    return station_with(tmp_path, {"lan": "bien-tap", "mai": "bien-tap", "hung": "duyet", "an": "quan-tri"})


def api_of(folder):
    accounts = Accounts(folder)
    tokens = {role: accounts.add_token(role, role) for role in ("bien-tap", "duyet")}
    accounts.close()
    client = TestClient(create_app(folder))

    def call(method, path, role="duyet", **kwargs):
        return client.request(method, path, headers={"Authorization": f"Bearer {tokens[role]}"}, **kwargs)
    return call


def edit(client, bulletin_id, **changes):
    page = client.get(f"/ban-tin/{bulletin_id}/sua").text
    fields = {"csrf": re.search(r'name="csrf" value="([^"]+)"', page)[1],
              "sha256": re.search(r'name="sha256" value="([0-9a-f]{64})"', page)[1],
              "title": re.search(r'id="title" name="title"[^>]*value="([^"]*)"', page)[1],
              "priority": "thuong", "status": "san-sang",
              "text": re.search(r'<textarea[^>]*>([^<]*)</textarea>', page)[1]}
    return fields | changes


def test_approval_is_of_the_version_the_approver_saw(folder):
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    seen = shown(approver, "hop-dan")  # the approver opens the bulletin …
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")  # … the editor replaces its text meanwhile …
    assert editor.post("/ban-tin/hop-dan/sua", data=edit(editor, "hop-dan", text="Họp lúc 20h00, đổi địa điểm."),
                       headers=ORIGIN).status_code == 303
    refused = approver.post("/ban-tin/hop-dan/duyet", data=seen, headers=ORIGIN)  # … and "Duyệt" is pressed
    assert refused.status_code == 409 and "đã bị sửa sau khi bạn mở" in refused.text
    assert Accounts(folder).state(folder / "scripts" / "hop-dan.md") == "cho-duyet"  # nothing was approved
    assert approver.post("/ban-tin/hop-dan/duyet", data=shown(approver, "hop-dan"), headers=ORIGIN).status_code == 200
    # the API: GET gives the hash, approve takes it; without it 422, with an old one 409 and a clear message
    call = api_of(folder)
    one = call("GET", "/api/bulletins/canh-bao").json()
    assert len(one["sha256"]) == 64
    assert call("POST", "/api/bulletins/canh-bao/approve", json={}).json()["field"] == "sha256"
    (folder / "scripts" / "canh-bao.md").write_text("Nội dung khác hẳn.\n", encoding="utf-8")
    stale = call("POST", "/api/bulletins/canh-bao/approve", json={"sha256": one["sha256"]})
    assert stale.status_code == 409 and "đã bị sửa" in stale.json()["error"]


def test_two_people_editing_one_bulletin_neither_loses_their_work(folder):
    lan, _ = login(folder, "lan", "mat-khau-cua-lan")
    mai, _ = login(folder, "mai", "mat-khau-cua-mai")
    first, second = edit(lan, "hop-dan", text="Bản của Lan: họp lúc 19h30."), edit(mai, "hop-dan",
                                                                                  text="Bản của Mai: họp lúc 20h.")
    assert lan.post("/ban-tin/hop-dan/sua", data=first, headers=ORIGIN).status_code == 303
    clash = mai.post("/ban-tin/hop-dan/sua", data=second, headers=ORIGIN)
    assert clash.status_code == 409 and "người khác đã sửa" in clash.text
    assert "Bản của Mai" in clash.text and "Bản của Lan" in re.search(r'id="theirs".*?</section>', clash.text, re.S)[0]
    assert "Bản của Lan" in (folder / "scripts" / "hop-dan.md").read_text("utf-8")  # the first save stands
    again = re.search(r'name="sha256" value="([0-9a-f]{64})"', clash.text)[1]  # saving again is a decision
    assert mai.post("/ban-tin/hop-dan/sua", data=second | {"sha256": again}, headers=ORIGIN).status_code == 303
    assert "Bản của Mai" in (folder / "scripts" / "hop-dan.md").read_text("utf-8")
    call = api_of(folder)  # the API's PUT names the version it started from too
    old = call("GET", "/api/bulletins/canh-bao").json()["sha256"]
    (folder / "scripts" / "canh-bao.md").write_text("Bản vừa sửa ở máy đài.\n", encoding="utf-8")
    put = call("PUT", "/api/bulletins/canh-bao", json={"title": "Cảnh báo", "text": "Bản qua API.", "sha256": old})
    assert put.status_code == 409 and put.json()["current_text"] == "Bản vừa sửa ở máy đài."


def test_a_returned_bulletin_says_so_with_who_and_why_until_it_is_edited(folder):
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    approver.post("/ban-tin/hop-dan/tra-lai", data={**shown(approver, "hop-dan"), "comment": "Ghi rõ giờ họp"},
                  headers=ORIGIN)
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = editor.get("/ban-tin/hop-dan").text
    assert re.search(r'id="state">bị trả lại<', page) and "Duyệt bản tin" not in page
    assert re.search(r'id="returned">Bị trả lại lúc .* bởi hung: «Ghi rõ giờ họp»', page, re.S)
    listed = editor.get("/ban-tin", params={"status": "tra-lai"}).text
    assert '<option value="tra-lai" selected>bị trả lại</option>' in listed and "/ban-tin/hop-dan" in listed
    editor.post("/ban-tin/hop-dan/sua", data=edit(editor, "hop-dan", text="Họp lúc 19h00 tại nhà văn hóa ấp 3."),
                headers=ORIGIN)
    page = editor.get("/ban-tin/hop-dan").text
    assert re.search(r'id="state">chờ duyệt<', page) and 'id="returned"' not in page


def test_every_state_is_reachable_from_the_page_draft_ready_withdrawn_deleted(folder):
    (folder / "scripts" / "nhap.md").write_text("---\ntitle: Văn bản nhập\nstatus: nhap\n---\nNội dung nháp.\n",
                                                encoding="utf-8")
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    form = editor.get("/ban-tin/nhap/sua").text
    assert '<option value="nhap" selected>' in form  # the form shows, and keeps, the draft state
    assert editor.post("/ban-tin/nhap/sua", data=edit(editor, "nhap", title="Văn bản nhập", status="san-sang"),
                       headers=ORIGIN).status_code == 303
    assert "status" not in (folder / "scripts" / "nhap.md").read_text("utf-8")
    assert re.search(r'id="state">chờ duyệt<', editor.get("/ban-tin/nhap").text)
    approver, _ = login(folder, "hung", "mat-khau-cua-hung")
    approver.post("/ban-tin/nhap/duyet", data=shown(approver, "nhap"), headers=ORIGIN)
    refused = editor.post("/ban-tin/nhap/rut-lai", data={"csrf": csrf_of(editor, "/")}, headers=ORIGIN)
    assert refused.status_code == 400 and "chỉ người duyệt" in refused.text  # taking it off air: approvers
    withdrawn = approver.post("/ban-tin/nhap/rut-lai", data={"csrf": csrf_of(approver, "/")}, headers=ORIGIN)
    assert "Đã rút bản tin về bản nháp" in withdrawn.text and re.search(r'id="state">bản nháp<', withdrawn.text)
    unconfirmed = approver.post("/ban-tin/nhap/xoa", data={"csrf": csrf_of(approver, "/")}, headers=ORIGIN)
    assert "Chưa xóa" in unconfirmed.text and (folder / "scripts" / "nhap.md").exists()
    gone = approver.post("/ban-tin/nhap/xoa", data={"csrf": csrf_of(approver, "/"), "confirm": "yes"}, headers=ORIGIN)
    assert gone.status_code == 303 and not (folder / "scripts" / "nhap.md").exists()
    assert list((folder / ".radio-cache" / "da-xoa").glob("*-nhap.md"))  # a mistaken delete can be undone
    assert editor.get("/ban-tin/nhap").status_code == 404


def test_a_refused_save_keeps_the_text_writes_nothing_and_shows_no_server_path(folder):
    editor, _ = login(folder, "lan", "mat-khau-cua-lan")
    before = sorted(p.name for p in (folder / "scripts").iterdir())
    token = csrf_of(editor, "/ban-tin/moi")
    long_text = "Bà con chú ý lịch tiêm chủng. " * 5500  # about 160 KB
    for fields, says in ((dict(title="Dài", text=long_text), "quá dài"),
                         (dict(title="Hai\ndòng", text="Nội dung."), "một dòng"),
                         (dict(title="NUL", text="Chữ\x00lạ"), "ký tự điều khiển")):
        answer = editor.post("/ban-tin/moi", data={"csrf": token, "priority": "thuong", **fields}, headers=ORIGIN)
        assert answer.status_code == 422 and says in answer.text, answer.text[:300]
        assert '<form method="post" action="/ban-tin/moi"' in answer.text  # the form again, the text in it
        assert fields["text"][:40] in answer.text.replace("&#39;", "'")
        assert str(folder) not in answer.text
    assert sorted(p.name for p in (folder / "scripts").iterdir()) == before
    upload = editor.post("/ban-tin/nhap-van-ban", headers=ORIGIN, data={"csrf": token},
                         files={"document": ("C:\\Users\\lan\\Desktop\\thong-bao-hop.txt",
                                             "Thông báo họp dân lúc 19h00.".encode(), "text/plain")})
    assert upload.status_code == 303 and "Users" not in upload.headers["location"]
    made = sorted(set(p.name for p in (folder / "scripts").iterdir()) - set(before))
    assert made and all("\\" not in name and "Users" not in name for name in made), made


def test_the_api_checks_types_ranges_and_who_may_break_in(folder):
    call = api_of(folder)
    good = {"title": "Tin", "text": "Nội dung bản tin."}
    for extra, field in (({"repeat": True}, "repeat"), ({"category": {"a": 1}}, "category"),
                         ({"valid_from": "0001-01-01"}, "valid_from"), ({"text": "Chữ\x00"}, "text"),
                         ({"title": 5}, "title"), ({"priority": ["khan-cap"]}, "priority")):
        answer = call("POST", "/api/bulletins", json=good | extra)
        assert answer.status_code == 422 and answer.json()["field"] == field, (extra, answer.text)
    editor = call("POST", "/api/bulletins", role="bien-tap", json=good | {"priority": "khan-cap"})
    assert editor.status_code == 403 and editor.json()["field"] == "priority"
    assert not (folder / "scripts" / "tin.md").exists()
    lan, _ = login(folder, "lan", "mat-khau-cua-lan")
    assert 'value="khan-cap"' not in lan.get("/ban-tin/moi").text  # the editor's form does not offer it
    hung, _ = login(folder, "hung", "mat-khau-cua-hung")
    assert 'value="khan-cap"' in hung.get("/ban-tin/moi").text


def test_sessions_end_with_a_password_change_or_the_account_and_removal_asks_first(folder):
    old, _ = login(folder, "mai", "mat-khau-cua-mai")
    assert old.get("/").status_code == 200
    same_person, _ = login(folder, "mai", "mat-khau-cua-mai")
    changed = same_person.post("/mat-khau", headers=ORIGIN, data={
        "csrf": csrf_of(same_person, "/mat-khau"), "old": "mat-khau-cua-mai", "new": "mat-khau-moi-cua-mai",
        "again": "mat-khau-moi-cua-mai"})
    assert changed.status_code == 200 and "Đã đổi mật khẩu" in changed.text
    assert old.get("/").status_code == 303  # the other browser is logged out
    assert same_person.get("/").status_code == 200  # this one carries on with a new session
    admin, _ = login(folder, "an", "mat-khau-cua-an")
    token = csrf_of(admin, "/nguoi-dung")
    asked = admin.post("/nguoi-dung/xoa", data={"csrf": token, "name": "mai"}, headers=ORIGIN)
    assert asked.status_code == 422 and "Chưa xóa" in asked.text and Accounts(folder).user("mai")
    admin.post("/nguoi-dung/xoa", data={"csrf": token, "name": "mai", "confirm": "yes"}, headers=ORIGIN)
    Accounts(folder).add("mai", "quan-tri", "mat-khau-quan-tri-moi")  # the name comes back, with more power
    assert same_person.get("/nguoi-dung").status_code == 303  # the removed account's cookie opens nothing


def test_a_console_open_to_the_network_wants_ten_characters_from_every_password_set(folder, tmp_path):
    from radio.console.process import console_address
    accounts = Accounts(folder)
    accounts.set_password("lan", "mat-khau-dai-cua-lan")
    for name, password in (("mai", "mat-khau-dai-cua-mai"), ("hung", "mat-khau-dai-hung"), ("an", "mat-khau-an-dai")):
        accounts.set_password(name, password)
    port = free_port()
    console_address(folder, f"0.0.0.0:{port}")  # as radio console --listen 0.0.0.0:PORT checks, then listens
    with pytest.raises(Exception, match="ít nhất 10 ký tự"):
        accounts.set_password("lan", "12345678")
    with pytest.raises(Exception, match="ít nhất 10 ký tự"):
        accounts.add("moi", "bien-tap", "12345678")
    cli = subprocess.run([sys.executable, "-m", "radio", "user", "passwd", "lan"], input="12345678\n12345678\n",
                         cwd=folder, capture_output=True, text=True)
    assert cli.returncode != 0 and "10 ký tự" in cli.stderr
    accounts.close()


def test_accounts_file_is_the_owners_alone_and_not_for_the_repository(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    folder = write_station(tmp_path / "dai", APPROVAL)
    Accounts(folder).add("an", "quan-tri", "mat-khau-cua-an")
    assert stat.S_IMODE((folder / "accounts.sqlite").stat().st_mode) == 0o600
    ignored = subprocess.run(["git", "check-ignore", "-q", "accounts.sqlite"], cwd=os.path.dirname(__file__) + "/..")
    assert ignored.returncode == 0


def test_every_answer_carries_security_headers_and_a_charset_and_speaks_vietnamese(folder):
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    page = client.get("/ban-tin")
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["referrer-policy"] == "same-origin"
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and "Không có trang này" in missing.text and "Not Found" not in missing.text
    assert "charset=utf-8" in missing.headers["content-type"]
    wrong = client.put("/ban-tin")
    assert wrong.status_code == 405 and "Method Not Allowed" not in wrong.text
    forged = client.post("/ban-tin/hop-dan/nghe-thu", data={"csrf": "sai"}, headers=ORIGIN)
    assert forged.status_code == 403 and "charset=utf-8" in forged.headers["content-type"]
    assert "Tải lại trang" in forged.text
    audio = client.get("/ban-tin/hop-dan/am-thanh")  # a plain-text answer: its charset said
    assert "charset=utf-8" in audio.headers["content-type"]
    assert "Chưa dựng bản tin này" in audio.text


@pytest.mark.slow
def test_an_oversized_body_is_refused_from_its_length_before_it_is_read(folder):
    """A 120 MB body to /dang-nhap from a logged-out client: 413 and a Vietnamese page at once, with no byte
    of the body sent (the real server, as a browser or a script would meet it)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "radio", "console", "--listen", f"127.0.0.1:{port}"],
                              cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        from tests.test_daemon import wait_for

        def up():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False
        assert wait_for(up, 30)
        for path in ("/dang-nhap", "/ban-tin/nhap-van-ban", "/api/bulletins"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                connection.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
                                   "application/x-www-form-urlencoded\r\nContent-Length: 120000000\r\n\r\n".encode())
                answer = b""
                while chunk := connection.recv(65536):  # the server closes once it has answered
                    answer += chunk
            head = answer.split(b"\r\n", 1)[0]
            assert b" 413 " in head, (path, answer[:300])
            assert "quá lớn".encode() in answer
    finally:
        server.terminate()
        errors = server.communicate(timeout=20)[1].decode("utf-8", "replace")
    assert "Traceback" not in errors, errors


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_show_titles_words_and_station_time_not_internal_names(folder):
    from radio.logbook import Entry, Logbook
    import datetime as dt
    log = Logbook(folder)
    moment = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    row = log.started(Entry(moment, "06:00 sang", "sang", "intro", kind="jingle"), moment)
    log.ended(row, moment + dt.timedelta(seconds=3))
    log.close()
    client, _ = login(folder, "hung", "mat-khau-cua-hung")
    pages = {path: visible(client.get(path, params=params).text)
             for path, params in (("/", {}), ("/lich-phat", {}), ("/nhat-ky", {"from": "2026-12-01"}),
                                  ("/ban-tin", {}))}
    for path, text in pages.items():
        for internal in (" sang ", "khan-cap", "espeak:", "radio check", "radio approve", "T06:00", "+07:00",
                         " intro ", " outro "):
            assert internal not in text, (path, internal, text[:2000])
    assert "06:00 01/12" in pages["/nhat-ky"] and "nhạc mở đầu" in pages["/nhat-ky"]


def test_a_bulletin_posted_after_a_re_login_elsewhere_comes_back_filled_in_not_lost(folder):
    client, _ = login(folder, "lan", "mat-khau-cua-lan")
    stale = csrf_of(client, "/ban-tin/moi")  # the form is open …
    client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-cua-lan"}, headers=ORIGIN)  # … another tab
    answer = client.post("/ban-tin/moi", headers=ORIGIN, data={"csrf": stale, "title": "Họp dân",
                                                               "text": "Một bản tin dài đã gõ suốt buổi sáng."})
    assert answer.status_code == 409 and "CHƯA được lưu" in answer.text
    assert "Một bản tin dài đã gõ suốt buổi sáng." in answer.text and not (folder / "scripts" / "hop-dan-2.md").exists()
    fresh = re.search(r'name="csrf" value="([^"]+)"', answer.text)[1]
    saved = client.post("/ban-tin/moi", headers=ORIGIN, data={"csrf": fresh, "title": "Họp dân",
                                                              "text": "Một bản tin dài đã gõ suốt buổi sáng."})
    assert saved.status_code == 303


def test_behind_https_the_cookie_is_secure_and_an_open_console_prints_addresses_people_can_open(folder):
    from radio.console.process import addresses_to_open
    client = TestClient(create_app(folder), follow_redirects=False)
    plain = client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-cua-lan"}, headers=ORIGIN)
    assert "secure" not in plain.headers["set-cookie"].lower()
    proxied = client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-cua-lan"},
                          headers={**ORIGIN, "x-forwarded-proto": "https"})
    assert "secure" in proxied.headers["set-cookie"].lower()
    shown = addresses_to_open("0.0.0.0", 8057)
    assert shown and all(a.startswith("http://") and "0.0.0.0" not in a and a.endswith(":8057/") for a in shown)
    assert addresses_to_open("127.0.0.1", 8057) == ["http://127.0.0.1:8057/"]


def test_the_schedule_editor_says_a_yaml_mistake_in_vietnamese_at_its_line(folder):
    admin, _ = login(folder, "an", "mat-khau-cua-an")
    good = (folder / "schedule.yaml").read_text("utf-8")
    broken = good.replace("engines: [espeak]", "engines: [espeak")
    answer = admin.post("/lich-phat", data={"csrf": csrf_of(admin, "/lich-phat"), "schedule": broken}, headers=ORIGIN)
    alert = re.search(r'<ul class="error" role="alert">(.*?)</ul>', answer.text, re.S)[1]
    assert answer.status_code == 422 and "schedule.yaml:" in alert and "lỗi cú pháp YAML" in alert
    assert "thiếu dấu đóng ngoặc" in alert and "expected" not in alert  # PyYAML's English stays out
    assert answer.text.index('role="alert"') < answer.text.index('<textarea id="schedule"')  # above, in view
    assert 'action="/lich-phat#sua-lich"' in answer.text
    assert (folder / "schedule.yaml").read_text("utf-8") == good
