"""A fake provincial source system for the tests (standard library HTTP server on loopback), speaking the
shapes radio.hub.sources.flavours documents, with its failures on demand: a refused login, tokens that
expire, 500s, a slow answer, garbage, duplicates and a cancellation before its bulletin are all scripted by
the test. It keeps every play log and status it accepted, keyed as the hub sends them."""
from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeProvince:
    def __init__(self, user: str = "thongnhat", password: str = "mat-khau-nguon", flavour: str = "tt39",
                 token_calls: int = 1000):
        self.user, self.password, self.flavour, self.token_calls = user, password, flavour, token_calls
        self.items: list[dict] = []  # the feed, in order; the cursor is an index into it
        self.media: dict[str, bytes] = {}
        self.playlogs: dict[str, dict] = {}  # by the hub's key: a log sent twice is counted once…
        self.playlog_posts = 0  # …and this says how many times the hub posted one
        self.statuses: list[dict] = []
        self.logins = 0
        self.next_failures: list[str] = []  # "500", "slow", "garbage", "refuse" for the next requests
        self._tokens: dict[str, int] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------------ what the province sends

    def bulletin(self, item_id: str, title: str, areas: list[str], priority: int = 3, text: str = "",
                 audio: str | None = None, kind: int = 0, first: str = "2026-01-01", last: str = "2027-12-31",
                 times: tuple[str, ...] = (), days: list | None = None) -> dict:
        if self.flavour == "en":
            item = {"MediaId": item_id, "Title": title, "Content": text, "DestinationID": areas,
                    "Priority": {"id": priority, "value": {1: "emergency", 2: "high", 3: "normal"}[priority]},
                    "StartDate": first, "EndDate": last, "Link": self.url + audio if audio else None}
        else:
            item = {"NguonId": "tinh", "BanTinId": item_id, "NgayBatDau": first, "NgayKetThuc": last, "CheDoPhat": 0,
                    "LichPhat": {"ThoiDiemBatDau": [f"{t}.000000" for t in times],
                                 "ThoiDiemKetThuc": [f"{t[:3]}59:59.000000" for t in times],
                                 "KieuLich": kind, "DanhSachNgayPhat": days or []},
                    "TieuDe": title, "LinhVuc": 1, "NoiDungTomTat": text, "ThoiLuong": 60, "TacGia": "Sở",
                    "NoiDung": {"Link": self.url + audio} if audio else {}, "DiaBanTao": "tinh",
                    "DanhSachDiaBanNhan": areas, "MucDoUuTien": priority}
        self.items.append(item)
        return item

    def expire_tokens(self, calls_left: int = 0) -> None:
        """Every token handed out so far ends now; new ones last `token_calls` calls."""
        with self._lock:
            self._tokens = {token: min(left, calls_left) for token, left in self._tokens.items()}

    def cancel(self, item_id: str) -> None:
        self.items.append({"MediaId": item_id, "Cancel": True} if self.flavour == "en"
                          else {"NguonId": "tinh", "BanTinId": item_id})

    # ------------------------------------------------------------------ the wire

    def _handler(self):
        province = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _failure(self) -> bool:
                with province._lock:
                    failure = province.next_failures.pop(0) if province.next_failures else None
                if failure == "500":
                    self._send(500, {"ThongBao": "lỗi máy chủ"})
                elif failure == "garbage":
                    self._send(200, None, raw=b"<html>Bao tri he thong</html>")
                elif failure == "slow":
                    time.sleep(3)
                    self._send(200, {"TrangThaiGui": 0, "NoiDung": []})
                return failure in ("500", "garbage", "slow")

            def _served(self) -> bool:
                """Whether this request gets an answer from the feed or the logs: not when a failure was
                scripted for it, nor without a live token (401, "hết hạn")."""
                if self._failure():
                    return False
                if not self._authorised():
                    self._send(401, {"ThongBao": "hết hạn"})
                    return False
                return True

            def _authorised(self) -> bool:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                with province._lock:
                    left = province._tokens.get(token, 0)
                    if left <= 0:
                        return False
                    province._tokens[token] = left - 1
                return True

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                if url.path in province.media:
                    data = province.media[url.path]
                    self.send_response(200)
                    self.send_header("Content-Type", "audio/wav")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if not self._served():
                    return
                query = parse_qs(url.query)
                start = int((query.get("tu") or query.get("after") or ["0"])[0])
                page = province.items[start:start + 2]  # small pages: the hub must follow them
                following = str(start + len(page)) if page else None
                if province.flavour == "en":
                    self._send(200, {"status": 0, "data": page, "next": following})
                else:
                    self._send(200, {"TrangThaiGui": 0, "NoiDung": page, "Tiep": following})

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                path = urlsplit(self.path).path
                if path.endswith("login"):
                    user = body.get("Username") or body.get("username")
                    password = body.get("Password") or body.get("password")
                    with province._lock:
                        refused = province.next_failures[:1] == ["refuse"]
                        if refused:
                            province.next_failures.pop(0)
                        province.logins += 1
                    if refused or (user, password) != (province.user, province.password):
                        ok = {"status": 1, "message": "sai mật khẩu"} if province.flavour == "en" else \
                            {"TrangThaiGui": 1, "ThongBao": "Sai tên đăng nhập hoặc mật khẩu"}
                        self._send(200, ok)
                        return
                    token = secrets.token_hex(8)
                    with province._lock:
                        province._tokens[token] = province.token_calls
                    self._send(200, {"status": 0, "data": {"token": token}} if province.flavour == "en"
                               else {"TrangThaiGui": 0, "NoiDung": {"Token": token}})
                    return
                if not self._served():
                    return
                with province._lock:
                    if body.get("LoaiNhatKy") == "PHAT" or body.get("LogType") == "play":
                        province.playlog_posts += 1
                        province.playlogs[body.get("MaNhatKy") or body.get("LogId")] = body
                    else:
                        province.statuses.append(body)
                self._send(200, {"status": 0} if province.flavour == "en" else {"TrangThaiGui": 0})

        return Handler
