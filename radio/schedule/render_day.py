"""What `radio render` does: the station's bulletins, and each program as the plan has it air on a day (the
campaigns' placements included, the timed bulletins' own slots too), so the renders the daemon will look for
are made ahead."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from radio.bulletin import find_bulletins
from radio.errors import DiskFull, StationError, problems_of
from radio.render import Renderer, RenderRow
from radio.schedule.planner import Planner
from radio.station import Station


def render_tasks(station: Station, scripts: list[Path] | None = None, day: dt.date | None = None
                 ) -> list[tuple[str, object]]:
    """What `render_station` will do, in order: the named bulletins, or every bulletin, every program and the
    timed bulletins' own programs that air on `day`."""
    tasks: list[tuple[str, object]] = [("bulletin", Path(p)) for p in (scripts or find_bulletins(station.scripts_dir))]
    if not scripts:
        day = day or station.today()
        timed = {slot.own.name: slot.own for slot in station.timed_slots
                 if slot.rule.matches(day, station.holidays)}
        tasks += [("program", program) for program in [*station.programs.values(), *timed.values()]]
    return tasks


def render_station(station: Station, scripts: list[Path] | None = None, day: dt.date | None = None,
                   renderer: Renderer | None = None, progress=None) -> tuple[list[RenderRow], list[StationError]]:
    """Render the named bulletins, or (with none named) every bulletin and every program for `day`: each as
    its first slot that day carries it, or its own items when no slot does.

    Returns the report rows and the problems; one bad bulletin never stops the others.
    """
    renderer = renderer or Renderer(station)
    day = day or station.today()
    planner = Planner.for_station(station, next(iter(station.zones), None), renderer)
    rows: list[RenderRow] = []
    problems: list[StationError] = []
    for kind, subject in render_tasks(station, scripts, day):
        if progress:
            progress(subject.name if kind == "program" else Path(subject).name)
        try:
            if kind == "bulletin":
                rows.append(renderer.bulletin(subject))
                continue
            planned = next((a for a in planner.day(day).airings if a.occurrence.slot.program == subject.name), None)
            items, found = (planned.items, []) if planned else planner.program_items(subject, day)
            rendered, render_problems = renderer.render_program(subject, day, items)
            problems.extend(p for p in found + render_problems if str(p) not in {str(q) for q in problems})
            if rendered:
                rows.append(rendered.row)
        except DiskFull as error:
            problems.append(error)  # every later item would fail the same way: say it once
            break
        except StationError as error:
            problems.extend(problems_of(error))
    return rows, problems
