"""The local control channel: `radio emergency` talks to the running daemon over loopback TCP (works on
Windows and Linux alike), with a per-station secret so no other local user can trigger the air.

The daemon writes its port and secret to .radio-cache/control.json (readable by its owner only).
One request, one answer, each a JSON line.
"""
from __future__ import annotations

import hmac
import json
import os
import secrets
import socket
import socketserver
import threading
from pathlib import Path
from typing import Callable

from radio.files import write_bytes_atomic

CONTROL_FILE = "control.json"


def control_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / CONTROL_FILE


class ControlServer:
    def __init__(self, cache_dir: Path, handle: Callable[[dict], dict]):
        self.path = control_path(cache_dir)
        self.secret = secrets.token_hex(16)
        self.handle = handle
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.request.settimeout(10)
                try:
                    request = json.loads(self.rfile.readline(1 << 20).decode("utf-8"))
                    if not hmac.compare_digest(str(request.get("secret", "")), server.secret):
                        answer = {"ok": False, "message": "sai mã bí mật của đài: lệnh bị từ chối."}
                    else:
                        answer = server.handle(request)
                except Exception as error:  # noqa: BLE001 - answer the client, keep the daemon up
                    answer = {"ok": False, "message": f"lỗi: {error}"}
                self.wfile.write((json.dumps(answer, ensure_ascii=False) + "\n").encode("utf-8"))

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="control", daemon=True)

    def start(self) -> None:
        self.thread.start()
        info = {"port": self.server.server_address[1], "secret": self.secret, "pid": os.getpid()}
        write_bytes_atomic(self.path, json.dumps(info).encode())
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        try:
            info = json.loads(self.path.read_text())
            if info.get("pid") == os.getpid():
                self.path.unlink()
        except (OSError, ValueError):
            pass


def send(cache_dir: Path, request: dict, timeout: float = 30.0) -> dict | None:
    """Send a request to the station's running daemon; None when no daemon answers."""
    try:
        info = json.loads(control_path(cache_dir).read_text())
        with socket.create_connection(("127.0.0.1", int(info["port"])), timeout=timeout) as connection:
            connection.sendall((json.dumps({**request, "secret": info["secret"]}) + "\n").encode("utf-8"))
            answer = connection.makefile("rb").readline()
    except (OSError, ValueError, KeyError):
        return None
    return json.loads(answer.decode("utf-8")) if answer else None
