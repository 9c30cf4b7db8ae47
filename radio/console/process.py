"""The console beside the daemon, in a process of its own: a preview render, an export or a burst of page
loads in the console can never hold up the playout thread (no shared interpreter lock, no shared CPU
priority)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start_console(folder: Path, listen: str) -> subprocess.Popen:
    """`radio console --listen LISTEN` for this station, in a child process (checked before: see
    cli.user_cmd.console_address)."""
    return subprocess.Popen([sys.executable, "-m", "radio", "-C", str(folder), "console", "--listen", listen],
                            stdout=subprocess.DEVNULL)


def stop_console(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
