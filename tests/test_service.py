"""The station starts with the machine: the systemd unit checked by systemd's own verifier, the Windows task
against the rules of the Task Scheduler schema (taskschedulerschema: restartType, settingsType, principalType,
logonType, …), and the command line around them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from radio.service import TASK_NAMESPACE, Service, systemd_unit, windows_task
from tests.conftest import run_cli

VERIFY = shutil.which("systemd-analyze")
NAME = "Đài truyền thanh xã Gia Tân 1"


def station_service(folder: Path, system: bool) -> Service:
    return Service("radio-gia-tan-1", folder, Path(sys.executable), "root" if system else "nobody", system)


def verify(unit_text: str, folder: Path, user: bool) -> subprocess.CompletedProcess:
    unit = folder / "radio-gia-tan-1.service"
    unit.write_text(unit_text, encoding="utf-8")
    runtime = folder / "run"  # a user manager needs its runtime folder (a login session has one)
    runtime.mkdir(mode=0o700, exist_ok=True)
    return subprocess.run([VERIFY, *(["--user"] if user else []), "verify", str(unit)], capture_output=True,
                          text=True, env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)})


@pytest.mark.skipif(VERIFY is None, reason="no systemd-analyze here (Debian: apt-get install systemd)")
@pytest.mark.parametrize("system", [True, False])
def test_the_systemd_unit_passes_systemd_analyze_verify_even_for_a_folder_with_spaces_and_percent(tmp_path, system):
    folder = tmp_path / "Đài Gia Tân 100%"
    folder.mkdir()
    text = systemd_unit(station_service(folder, system), NAME)
    checked = verify(text, tmp_path, user=not system)
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
    assert "Restart=on-failure" in text and "After=network-online.target sound.target" in text
    assert f'"{folder}"'.replace("%", "%%") in text and "-m radio -C" in text and text.rstrip().endswith(
        "WantedBy=multi-user.target" if system else "WantedBy=default.target")
    assert ("User=root" in text) == system
    # the check has teeth: a unit whose program is not there is refused
    broken = text.replace(str(sys.executable), "/nonexistent/python3")
    assert verify(broken, tmp_path, user=not system).returncode != 0


DURATION = re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def seconds(duration: str) -> float:
    parts = DURATION.match(duration)
    assert parts, f"not an xs:duration: {duration}"
    years, months, days, _, hours, minutes, secs, _ = (parts.group(i) for i in range(1, 9))
    number = lambda text: float(text[:-1]) if text else 0.0  # noqa: E731
    return ((number(years) * 365 + number(months) * 31 + number(days)) * 86400 + number(hours) * 3600
            + number(minutes) * 60 + number(secs))


def test_the_windows_task_keeps_the_rules_of_the_task_scheduler_schema(tmp_path):
    folder = tmp_path / "Đài Gia Tân 1"
    text = windows_task(station_service(folder, False), NAME + " & <ấp 3>")
    data = text.encode("utf-16")  # as written for schtasks /XML: UTF-16 with its byte-order mark
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    root = ElementTree.fromstring(data)
    ns = {"t": TASK_NAMESPACE}
    assert root.tag == f"{{{TASK_NAMESPACE}}}Task" and root.get("version") in ("1.2", "1.3", "1.4")
    # taskType is an xs:all of these, each at most once
    children = [child.tag.split("}")[1] for child in root]
    assert set(children) <= {"RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"}
    assert len(children) == len(set(children)) and "Actions" in children
    settings = root.find("t:Settings", ns)
    booleans = ("DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "AllowHardTerminate", "StartWhenAvailable",
                "RunOnlyIfNetworkAvailable", "AllowStartOnDemand", "Enabled", "Hidden", "RunOnlyIfIdle", "WakeToRun")
    for name in booleans:
        assert settings.find(f"t:{name}", ns).text in ("true", "false"), name
    assert settings.find("t:MultipleInstancesPolicy", ns).text in ("Parallel", "Queue", "IgnoreNew", "StopExisting")
    assert 0 <= int(settings.find("t:Priority", ns).text) <= 10
    assert seconds(settings.find("t:ExecutionTimeLimit", ns).text) == 0  # PT0S: no limit, a station never ends
    restart = settings.find("t:RestartOnFailure", ns)  # restartType: Interval PT1M..P31D, Count unsignedByte >= 1
    assert 60 <= seconds(restart.find("t:Interval", ns).text) <= 31 * 86400
    assert 1 <= int(restart.find("t:Count", ns).text) <= 255
    [trigger] = root.find("t:Triggers", ns)
    assert trigger.tag.endswith("BootTrigger") and seconds(trigger.find("t:Delay", ns).text) <= 120
    [principal] = root.find("t:Principals", ns)
    assert principal.find("t:LogonType", ns).text in ("S4U", "Password", "InteractiveToken", "InteractiveTokenOrPassword",
                                                       "Group", "ServiceAccount")
    assert principal.find("t:RunLevel", ns).text in ("LeastPrivilege", "HighestAvailable")
    actions = root.find("t:Actions", ns)
    assert actions.get("Context") == principal.get("id")  # the actions run as a principal the task names
    [exec_] = actions
    assert exec_.find("t:Command", ns).text == sys.executable
    assert exec_.find("t:Arguments", ns).text == f'-m radio -C "{folder}" run'  # Windows splits it back whole
    assert exec_.find("t:WorkingDirectory", ns).text == str(folder)
    assert "& <ấp 3>" in root.find("t:RegistrationInfo/t:Description", ns).text  # escaped, then read back


def test_service_status_says_not_installed_and_radio_status_says_it_too(sample_station):
    answer = run_cli("service", "status", cwd=sample_station)
    assert answer.returncode == 0 and "chưa cài (radio service install)" in answer.stdout, answer.stderr
    status = run_cli("status", cwd=sample_station)
    assert status.returncode != 0 and "Dịch vụ radio-sample: chưa cài" in status.stdout + status.stderr


@pytest.mark.slow
def test_a_crashed_daemon_leaves_no_console_behind_holding_its_port(tmp_path):
    """The daemon killed outright (a crash, a power cut of the process): its console and the console's two
    workers end by themselves within seconds, so the restarted station finds its port free."""
    from tests.conftest import free_port, write_station
    from tests.test_daemon import BULLETINS, SCHEDULE, wait_for
    folder = write_station(tmp_path / "dai", SCHEDULE.format(slots="  []"), BULLETINS)
    port = free_port()
    env = {**os.environ, "RADIO_CONSOLE": f"127.0.0.1:{port}", "PYTHONIOENCODING": "utf-8"}
    daemon = subprocess.Popen([sys.executable, "-m", "radio", "run", "--output", "null"], cwd=folder, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def family() -> list[int]:
        found, queue = [], [daemon.pid]
        while queue:
            children = subprocess.run(["pgrep", "-P", str(queue.pop())], capture_output=True, text=True).stdout
            queue += [int(pid) for pid in children.split()]
            found += [int(pid) for pid in children.split()]
        return found

    def answers() -> bool:
        import socket
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False
    try:
        assert wait_for(answers, 30) and wait_for(lambda: len(family()) >= 3, 30)  # console + two workers
        console = family()
        daemon.kill()
        daemon.wait(10)

        def gone(pid: int) -> bool:
            try:
                return "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
            except OSError:
                return True
        assert wait_for(lambda: all(gone(pid) for pid in console), 10), [p for p in console if not gone(p)]
        assert not answers()  # the port is free for the station's next start
    finally:
        daemon.kill()
