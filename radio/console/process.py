"""The console beside the daemon, in a process of its own: a preview render, an export or a burst of page
loads in the console can never hold up the playout thread (no shared interpreter lock, no shared CPU
priority)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from radio.accounts import MIN_PASSWORD_OFF_LOOPBACK, Accounts
from radio.errors import StationError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Two processes answer requests: a page is Python work under one interpreter lock, and an Excel export or a
# render in one must not hold up page loads in the other (the sessions, login throttle and files they
# share live on disk, in SQLite).
WORKERS = 2


def console_address(folder: Path, listen: str) -> tuple[str, int]:
    """(host, port) where the console may listen: a well-formed, free address; off this machine only when
    every account has a password of at least 10 characters."""
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise StationError(f"địa chỉ bảng điều khiển '{listen}' không hợp lệ; viết dạng 127.0.0.1:8057.")
    if host not in LOOPBACK:
        accounts = Accounts(folder)
        try:
            weak = accounts.weak_passwords()
            if not weak:
                accounts.mark_reachable(listen)  # every password set from now on follows the longer rule
        finally:
            accounts.close()
        if weak:
            raise StationError(f"bảng điều khiển nghe ở {listen} thì máy khác cũng vào được, nhưng tài khoản "
                               f"{', '.join(weak)} có mật khẩu ngắn hơn {MIN_PASSWORD_OFF_LOOPBACK} ký tự.",
                               hint="đổi mật khẩu (radio user passwd TÊN) hoặc chỉ nghe ở 127.0.0.1.")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        if os.name != "nt":  # as the server itself binds: a port left in TIME_WAIT by a crash is free again
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (on Windows this would steal a port)
        try:
            probe.bind((host, int(port)))
        except OSError:
            raise StationError(f"cổng {port} trên {host} đang bận (một bảng điều khiển khác đang chạy?).",
                               hint="dùng --console ĐỊA_CHỈ:CỔNG khác, hoặc --console off.") from None
    return host, int(port)


def addresses_to_open(host: str, port: int) -> list[str]:
    """What people type in a browser to reach a console listening on `host`: 0.0.0.0 (every interface) is
    not an address anyone can open, so the machine's own addresses on the network stand in for it."""
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{'[' + host + ']' if ':' in host else host}:{port}/"]
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:  # the interface a packet to the LAN would leave by (nothing is sent)
            probe.connect(("10.255.255.255", 1))
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    shown = [address for address in dict.fromkeys(found) if not address.startswith("127.")]
    return [f"http://{address}:{port}/" for address in shown] or [f"http://127.0.0.1:{port}/"]


PARENT_VARIABLE = "RADIO_CONSOLE_PARENT"  # the daemon a console was started by: it ends with it


def start_console(folder: Path, listen: str) -> subprocess.Popen:
    """`radio console --listen LISTEN` for this station, in a child process (checked before with
    console_address), which ends by itself if the daemon is gone."""
    return subprocess.Popen([sys.executable, "-m", "radio", "-C", str(folder), "console", "--listen", listen],
                            stdout=subprocess.DEVNULL, env={**os.environ, PARENT_VARIABLE: str(os.getpid())})


def exit_with_parent(parent_pid: int, every_s: float = 1.0) -> None:
    """End this process as soon as `parent_pid` is gone: a console's workers when their supervisor was killed,
    a console when the daemon that started it crashed. Otherwise they outlive it, holding the port, and the
    next start finds it busy (on Windows, where stopping a process never reaches its children, every time)."""
    import threading
    import time
    alive = _watcher(parent_pid)

    def watch() -> None:
        while alive():
            time.sleep(every_s)
        os._exit(0)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _watcher(parent_pid: int):
    if os.name != "nt":
        return lambda: os.getppid() == parent_pid  # an orphan is re-parented (to init or a subreaper)
    import ctypes
    kernel = ctypes.windll.kernel32
    handle = kernel.OpenProcess(0x00100000, False, parent_pid)  # SYNCHRONIZE: enough to wait on it
    if not handle:
        return lambda: False
    return lambda: kernel.WaitForSingleObject(handle, 0) != 0  # WAIT_OBJECT_0: it has ended


def stop_console(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
