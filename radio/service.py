"""The station starts with the machine and comes back after a crash: `radio run` as a systemd service on
Linux, a Task Scheduler task on Windows, under the user who installs it.

Linux: as root, a system unit in /etc/systemd/system running as the user who called sudo (it starts at boot,
before anyone logs in); as a user, a user unit in ~/.config/systemd/user, with lingering switched on so it
starts at boot too. Restart=on-failure, logs in the journal (journalctl -u NAME). Windows: a task started at
boot under the installing account (S4U: no password kept, no window), restarted every minute after a failure.

The unit and the task are made by pure functions (tested: systemd-analyze verify, the Task Scheduler
schema's rules); installing only writes them and asks systemctl or schtasks.
"""
from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from radio.errors import StationError
from radio.files import write_bytes_atomic

TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


@dataclass(frozen=True)
class Service:
    name: str  # radio-<station folder>: one per station folder on a PC
    folder: Path
    python: Path
    user: str
    system: bool  # Linux: a system unit (installed as root), else a user unit

    @property
    def command(self) -> list[str]:
        return [str(self.python), "-m", "radio", "-C", str(self.folder), "run"]


def service_for(folder: Path) -> Service:
    folder = Path(folder).resolve()
    system = os.name != "nt" and os.geteuid() == 0
    user = os.environ.get("SUDO_USER") if system and os.environ.get("SUDO_USER") else getpass.getuser()
    from radio.newsroom import slug
    return Service(f"radio-{slug(folder.name, 40, 'dai')}", folder, Path(sys.executable), user, system)


def systemd_unit(service: Service, station_name: str) -> str:
    """The unit: after the network and the sound card are up (the station plays without the network; this
    only orders the start), restarted 5 s after a crash, stopped with SIGTERM like Ctrl+C (the daemon ends
    the item on air and writes its log)."""
    command = " ".join(_systemd_quote(part) for part in service.command)
    user = f"User={service.user}\n" if service.system else ""
    target = "multi-user.target" if service.system else "default.target"
    return (
        "[Unit]\n"
        f"Description=Đài truyền thanh: {_one_line(station_name)} (radio run)\n"
        "After=network-online.target sound.target\n"
        "Wants=network-online.target\n"
        "StartLimitIntervalSec=0\n"  # never give up restarting a station
        "\n[Service]\n"
        "Type=simple\n"
        f"{user}"
        f"WorkingDirectory={str(service.folder).replace('%', '%%')}\n"  # a path: spaces as they are
        f"ExecStart={command}\n"
        "Environment=PYTHONIOENCODING=utf-8\n"
        "Restart=on-failure\n"
        "RestartSec=5\n"
        "KillSignal=SIGTERM\n"
        "TimeoutStopSec=60\n"
        "\n[Install]\n"
        f"WantedBy={target}\n")


def windows_task(service: Service, station_name: str) -> str:
    """The Task Scheduler task (schema 1.2, Windows 7 and later): at boot, as the installing account without
    keeping its password (S4U, so no window), restarted every minute after a failure, never stopped for
    running long or on battery, one instance at a time (the schema allows 255 restarts, each a minute apart;
    a restart after a reboot counts anew)."""
    arguments = subprocess.list2cmdline(service.command[1:])  # quoted as Windows' own parser splits them
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NAMESPACE}">
  <RegistrationInfo>
    <Description>{escape(_one_line(station_name))}: radio run khi máy khởi động</Description>
    <URI>\\{escape(service.name)}</URI>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
      <Delay>PT30S</Delay>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{escape(service.user)}</UserId>
      <LogonType>S4U</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>4</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>255</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(str(service.python))}</Command>
      <Arguments>{escape(arguments)}</Arguments>
      <WorkingDirectory>{escape(str(service.folder))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


def install(service: Service, station_name: str, run=subprocess.run) -> str:
    """Write the unit or task and register it; returns what to tell the operator."""
    if os.name == "nt":
        task = service.folder / ".radio-cache" / f"{service.name}.xml"
        task.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(task, windows_task(service, station_name).encode("utf-16"))
        _ask(run, ["schtasks", "/Create", "/TN", service.name, "/XML", str(task), "/F"])
        _ask(run, ["schtasks", "/Run", "/TN", service.name])
        return f"Đã cài tác vụ «{service.name}»: đài tự chạy khi máy khởi động và chạy lại sau sự cố."
    _require_systemd()
    unit = unit_path(service)
    unit.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(unit, systemd_unit(service, station_name).encode("utf-8"))
    scope = [] if service.system else ["--user"]
    _ask(run, ["systemctl", *scope, "daemon-reload"])
    _ask(run, ["systemctl", *scope, "enable", "--now", f"{service.name}.service"])
    if not service.system:  # a user's services start at boot only when the user lingers
        _ask(run, ["loginctl", "enable-linger", service.user])
    where = f"journalctl {'--user ' if not service.system else ''}-u {service.name}"
    return (f"Đã cài dịch vụ «{service.name}» ({unit}): đài tự chạy khi máy khởi động và chạy lại sau sự cố. "
            f"Xem nhật ký máy: {where}")


def remove(service: Service, run=subprocess.run) -> str:
    if os.name == "nt":
        _ask(run, ["schtasks", "/End", "/TN", service.name], check=False)
        _ask(run, ["schtasks", "/Delete", "/TN", service.name, "/F"])
        return f"Đã gỡ tác vụ «{service.name}»."
    _require_systemd()
    scope = [] if service.system else ["--user"]
    _ask(run, ["systemctl", *scope, "disable", "--now", f"{service.name}.service"], check=False)
    unit_path(service).unlink(missing_ok=True)
    _ask(run, ["systemctl", *scope, "daemon-reload"])
    return f"Đã gỡ dịch vụ «{service.name}»; đài không tự chạy khi máy khởi động nữa."


def state(service: Service, run=subprocess.run) -> str:
    """'chưa cài', 'đang chạy', 'đã cài, không chạy', in words for radio status."""
    if os.name == "nt":
        answer = _ask(run, ["schtasks", "/Query", "/TN", service.name, "/FO", "LIST"], check=False)
        if answer.returncode != 0:
            return "chưa cài (radio service install)"
        return "đang chạy" if "Running" in answer.stdout or "Đang chạy" in answer.stdout else "đã cài, không chạy"
    if shutil.which("systemctl") is None or not unit_path(service).is_file():
        return "chưa cài (radio service install)"
    scope = [] if service.system else ["--user"]
    answer = _ask(run, ["systemctl", *scope, "is-active", f"{service.name}.service"], check=False)
    return "đang chạy" if answer.stdout.strip() == "active" else f"đã cài, không chạy ({answer.stdout.strip()})"


def unit_path(service: Service) -> Path:
    if service.system:
        return Path("/etc/systemd/system") / f"{service.name}.service"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "systemd" / "user" / f"{service.name}.service"


def _require_systemd() -> None:
    if shutil.which("systemctl") is None:
        raise StationError("máy này không có systemd (systemctl), nên không cài được dịch vụ.",
                           hint="trên Linux không có systemd, cho radio run vào trình khởi động của máy.")


def _ask(run, command: list[str], check: bool = True):
    try:
        answer = run(command, capture_output=True, text=True)
    except OSError as error:
        raise StationError(f"không chạy được {command[0]} ({error}).") from None
    if check and answer.returncode != 0:
        said = (answer.stderr or answer.stdout or "").strip().splitlines()
        raise StationError(f"{' '.join(command[:3])} báo lỗi: {said[-1] if said else answer.returncode}.",
                           hint="chạy lại bằng quyền quản trị (sudo, hoặc Run as administrator).")
    return answer


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _systemd_quote(part: str) -> str:
    """A word of ExecStart: quoted when it has spaces, % doubled (a specifier otherwise)."""
    part = part.replace("%", "%%")
    return f'"{part}"' if re.search(r'[\s"\\]', part) else part
