"""What `radio render` does: the station's bulletins, and each program as the plan has it air on a day (the
campaigns' placements included, the timed bulletins' own slots too), so the renders the daemon will look for
are made ahead."""
from __future__ import annotations

import datetime as dt
import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from radio.bulletin import find_bulletins
from radio.errors import DiskFull, StationError, problems_of
from radio.render import Renderer, RenderRow
from radio.schedule.planner import Planner
from radio.station import Station

RENDER_WORKERS = min(2, os.cpu_count() or 1)  # ffmpeg at once: each holds a program's PCM, and memory stays <= 3x it


def render_tasks(station: Station, scripts: list[Path] | None = None, day: dt.date | None = None
                 ) -> list[tuple[str, object]]:
    """What `render_station` will do, in order: the named bulletins, or every bulletin, then every program and
    the timed bulletins' own programs that air on `day`, once for each zone (a zone airs its own version)."""
    tasks: list[tuple[str, object]] = [("bulletin", Path(p)) for p in (scripts or find_bulletins(station.scripts_dir))]
    if not scripts:
        day = day or station.today()
        timed = {slot.own.name: slot.own for slot in station.timed_slots
                 if slot.rule.matches(day, station.holidays)}
        tasks += [("program", (program, zone)) for program in [*station.programs.values(), *timed.values()]
                  for zone in (list(station.zones) or [None])]
    return tasks


def _task_name(task: tuple[str, object]) -> str:
    kind, subject = task
    return subject[0].name if kind == "program" else Path(subject).name


def render_station(station: Station, scripts: list[Path] | None = None, day: dt.date | None = None,
                   renderer: Renderer | None = None, progress=None) -> tuple[list[RenderRow], list[StationError]]:
    """Render the named bulletins, or (with none named) every bulletin and every program for `day`: each as
    its first slot that day carries it in each zone, or its own items when no slot does. A version two zones
    share is one file and one row, naming both; with zones, each row names the zones that air it.

    The bulletins first, then the programs (which reuse them), each stage on up to RENDER_WORKERS cores: the
    work is ffmpeg's, in processes of its own, and every file is written whole by a rename, so two renders of one
    file cannot mix. Everything planned is planned here, before: the plan reads the approvals' SQLite, which
    stays in this thread. `progress(name)` is called here too, as each task ends.

    Returns the report rows and the problems, in the tasks' order; one bad bulletin never stops the others.
    """
    renderer = renderer or Renderer(station)
    day = day or station.today()
    tasks = render_tasks(station, scripts, day)
    planners = {zone: Planner.for_station(station, zone, renderer) for zone in (list(station.zones) or [None])}
    prepared: dict[int, tuple[list, list[StationError]]] = {}  # a program's items and the problems in them
    for index, (kind, subject) in enumerate(tasks):
        if kind == "program":
            program, zone = subject
            planner = planners[zone]
            planned = next((a for a in planner.day(day).airings if a.occurrence.slot.program == program.name), None)
            prepared[index] = (planned.items, []) if planned else planner.program_items(program, day)
    disk_full = threading.Event()

    def render_one(index: int) -> tuple[list[RenderRow], list[StationError]]:
        kind, subject = tasks[index]
        if disk_full.is_set():
            return [], []  # every later item would fail the same way: said once
        try:
            if kind == "bulletin":
                return [renderer.bulletin(subject)], []
            items, found = prepared[index]
            rendered, problems = renderer.render_program(subject[0], day, items)
            return ([rendered.row] if rendered else []), found + problems
        except DiskFull as error:
            disk_full.set()
            return [], [error]
        except StationError as error:
            return [], problems_of(error)

    done: dict[int, tuple[list[RenderRow], list[StationError]]] = {}
    pool = ThreadPoolExecutor(RENDER_WORKERS)
    try:
        for stage in ("bulletin", "program"):
            running = {pool.submit(render_one, i): i for i, (kind, _) in enumerate(tasks) if kind == stage}
            for future in as_completed(running):
                index = running[future]
                done[index] = future.result()
                if progress:
                    progress(_task_name(tasks[index]))
    finally:
        pool.shutdown(cancel_futures=True)  # Ctrl+C: what has not started never starts
    rows = _one_row_per_file(tasks, done)
    problems: dict[str, StationError] = {}  # each said once, in the tasks' order
    for index in sorted(done):
        for problem in done[index][1]:
            problems.setdefault(str(problem), problem)
    return rows, list(problems.values())


def _one_row_per_file(tasks: list, done: dict[int, tuple[list[RenderRow], list]]) -> list[RenderRow]:
    """The report's rows in the tasks' order; a program's version that several zones air (one file) is one row
    that names them all."""
    rows: list[RenderRow] = []
    by_file: dict[tuple[str, str], RenderRow] = {}
    for index in sorted(done):
        kind, subject = tasks[index]
        for row in done[index][0]:
            zone = subject[1] if kind == "program" else None
            shared = by_file.get((row.name, row.file)) if zone else None
            if shared:
                shared.zones.append(zone)
                continue
            if zone:
                row.zones = [zone]
                by_file[(row.name, row.file)] = row
            rows.append(row)
    return rows
