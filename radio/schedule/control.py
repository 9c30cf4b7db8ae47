"""The local control channel: `radio emergency` and `radio play` talk to the running daemon over loopback TCP
(works on Windows and Linux alike).

The daemon writes its port, PID, start time and a fresh secret to .radio-cache/control.json (owner-only).
The secret never crosses the wire. Each side proves it knows it (challenge–response, HMAC-SHA256):

    client -> {"hello": client_nonce}
    daemon -> {"nonce": daemon_nonce, "proof": HMAC(secret, "daemon|client_nonce|daemon_nonce")}
    client checks the proof: a program that merely listens on a stale port cannot forge it
    client -> {"request": {...}, "auth": HMAC(secret, "client|daemon_nonce|request")}
    daemon -> the answer (a JSON line)

Before any of this the client checks that a process holds the station lock: a control file left by a
crashed daemon is never trusted.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import socket
import socketserver
import threading
import time
from pathlib import Path
from typing import Callable

from radio.files import write_bytes_atomic
from radio.stationlock import current_process, describe, held_by_another, read_info

CONTROL_FILE = "control.json"
# A daemon that has just started (or rewrites a deleted control file) gets this long to show up.
FIND_DAEMON_S = 5.0


def control_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / CONTROL_FILE


def _mac(secret: str, *parts: str) -> str:
    return hmac.new(secret.encode(), "|".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def _canonical(request: dict) -> str:
    return json.dumps(request, ensure_ascii=False, sort_keys=True)


def _send_line(stream, message: dict) -> None:
    stream.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
    stream.flush()


class ControlServer:
    def __init__(self, cache_dir: Path, handle: Callable[[dict], dict]):
        self.path = control_path(cache_dir)
        self.secret = secrets.token_hex(32)
        self.handle = handle
        self.info: dict = {}
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.request.settimeout(10)
                try:
                    answer = server.converse(self.rfile, self.wfile)
                except Exception as error:  # noqa: BLE001 - answer the client, keep the daemon up
                    answer = {"ok": False, "message": f"lỗi trong đài: {error}"}
                if answer is not None:
                    _send_line(self.wfile, answer)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="control", daemon=True)

    def converse(self, reader, writer) -> dict | None:
        hello = json.loads(reader.readline(4096).decode("utf-8"))
        client_nonce = str(hello.get("hello", ""))
        if not 16 <= len(client_nonce) <= 128:
            return {"ok": False, "message": "thiếu lời chào của lệnh điều khiển."}
        nonce = secrets.token_hex(16)
        _send_line(writer, {"nonce": nonce, "proof": _mac(self.secret, "daemon", client_nonce, nonce)})
        message = json.loads(reader.readline(1 << 20).decode("utf-8"))
        request = message.get("request")
        if not isinstance(request, dict) or not hmac.compare_digest(
                str(message.get("auth", "")), _mac(self.secret, "client", nonce, _canonical(request))):
            return {"ok": False, "message": "lệnh không mang đúng mã bí mật của đài: bị từ chối."}
        return self.handle(request)

    def start(self) -> None:
        self.thread.start()
        self.info = {**current_process(), "port": self.server.server_address[1], "secret": self.secret}
        self.publish()

    def publish(self) -> None:
        write_bytes_atomic(self.path, json.dumps(self.info).encode(), mode=0o600)

    def ensure_published(self) -> bool:
        """Rewrite the control file when someone deleted or spoiled it; True when it had to."""
        if read_info(self.path) == self.info:
            return False
        self.publish()
        return True

    def stop(self) -> None:
        if self.thread.is_alive():  # shutdown() waits for serve_forever, which may never have started
            self.server.shutdown()
        self.server.server_close()
        if read_info(self.path) == self.info:
            self.path.unlink(missing_ok=True)


class NoDaemon(Exception):
    """No process holds the station: the caller may do the work itself."""


class ControlError(Exception):
    """A daemon holds the station but the request did not go through; the message says exactly why."""


def send(cache_dir: Path, request: dict, timeout: float = 60.0) -> dict:
    """Send `request` to the daemon that holds this station and return its answer.

    Raises NoDaemon when no daemon runs (a stale control file is ignored), ControlError otherwise."""
    if not held_by_another(cache_dir):
        raise NoDaemon()
    deadline = time.monotonic() + FIND_DAEMON_S
    while True:
        info = read_info(control_path(cache_dir))
        try:
            if info is None:
                raise ConnectionRefusedError("no control file")
            return _converse(info, request, timeout)
        except (ConnectionRefusedError, ConnectionResetError) as error:
            if time.monotonic() >= deadline:
                who = describe(info)
                why = ("không thấy tệp điều khiển của đài" if info is None
                       else f"cổng {info.get('port')} không trả lời ({error.strerror or error})")
                raise ControlError(f"đài đang chạy ({who}) nhưng {why}. Đài tự ghi lại tệp điều khiển sau vài "
                                   "giây; hãy thử lại, nếu vẫn lỗi thì khởi động lại đài.") from None
            time.sleep(0.2)


def _converse(info: dict, request: dict, timeout: float) -> dict:
    port, secret = info.get("port"), str(info.get("secret", ""))
    if not isinstance(port, int):
        raise ControlError("tệp điều khiển của đài bị hỏng (không có số cổng); khởi động lại đài.")
    client_nonce = secrets.token_hex(16)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            stream = connection.makefile("rwb")
            _send_line(stream, {"hello": client_nonce})
            greeting = _read_json(stream, port)
            nonce = str(greeting.get("nonce", ""))
            if not hmac.compare_digest(str(greeting.get("proof", "")), _mac(secret, "daemon", client_nonce, nonce)):
                raise ControlError(f"chương trình đang nghe ở cổng {port} không chứng minh được là đài này "
                                   "(sai mã bí mật); không gửi lệnh. Khởi động lại đài.")
            _send_line(stream, {"request": request, "auth": _mac(secret, "client", nonce, _canonical(request))})
            return _read_json(stream, port)
    except socket.timeout:
        raise ControlError(f"đài ở cổng {port} không trả lời sau {timeout:.0f} giây.") from None


def _read_json(stream, port: int) -> dict:
    line = stream.readline(1 << 20)
    if not line:
        raise ControlError(f"chương trình ở cổng {port} đóng kết nối mà không trả lời; không phải đài này, "
                           "hoặc đài vừa dừng.")
    try:
        answer = json.loads(line.decode("utf-8"))
    except ValueError:
        raise ControlError(f"chương trình ở cổng {port} trả lời không đúng giao thức của đài "
                           "(không phải đài này); không gửi lệnh.") from None
    if not isinstance(answer, dict):
        raise ControlError(f"chương trình ở cổng {port} trả lời không đúng giao thức của đài.")
    return answer
