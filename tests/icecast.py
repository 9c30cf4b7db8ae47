"""A real Icecast 2 (Debian's icecast2) for the tests and the zones benchmark: started on a free loopback
port with a generated configuration, stopped and started again at will, and read back like an IP speaker."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.conftest import free_port

ICECAST = shutil.which("icecast2") or shutil.which("icecast")
SOURCE_PASSWORD = "nguon-thu-nghiem"

CONFIG = """<icecast>
  <location>thu nghiem</location><admin>radio@localhost</admin>
  <limits><clients>100</clients><sources>20</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>{burst}</burst-size></limits>
  <authentication><source-password>{password}</source-password><admin-user>admin</admin-user>
    <admin-password>{password}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>{logs}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>{logs}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>{owner}</security>
</icecast>
"""


class Icecast:
    def __init__(self, burst_bytes: int = 4096):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="icecast-"))
        os.chmod(self.folder, 0o777)  # run as root, icecast drops to nobody and still writes its logs here
        owner = "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" if os.geteuid() == 0 else ""
        (self.folder / "icecast.xml").write_text(CONFIG.format(port=self.port, password=SOURCE_PASSWORD,
                                                               logs=self.folder, owner=owner, burst=burst_bytes))
        self.process: subprocess.Popen | None = None

    def url(self, mount: str) -> str:
        return f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{self.port}/{mount}"

    def start(self) -> "Icecast":
        self.process = subprocess.Popen([ICECAST, "-c", str(self.folder / "icecast.xml")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/status-json.xsl", timeout=1).read()
                return self
            time.sleep(0.05)
        raise RuntimeError(f"icecast did not start: {(self.folder / 'error.log').read_text(errors='replace')[-500:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def stats(self) -> dict:
        from radio.playout.icecast import parse_status
        address = f"http://127.0.0.1:{self.port}/status-json.xsl"
        return parse_status(urllib.request.urlopen(address, timeout=2).read().decode("utf-8"))

    def mounts(self) -> dict[str, int]:
        """mount -> listeners, for the sources connected now."""
        sources = self.stats()["icestats"].get("source", [])
        return {source["listenurl"].rsplit("/", 1)[-1]: source.get("listeners", 0)
                for source in (sources if isinstance(sources, list) else [sources])}

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def record(port: int, mount: str, seconds: float, target: Path) -> subprocess.Popen:
    """A listener (an IP speaker): reads the stream for `seconds` with ffmpeg into a WAV file."""
    from radio.ffmpeg import ffmpeg_exe
    return subprocess.Popen([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-t", str(seconds),
                             "-i", f"http://127.0.0.1:{port}/{mount}", "-ac", "1", "-ar", "44100", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
