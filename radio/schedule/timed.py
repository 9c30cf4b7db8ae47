"""Bulletins with their own air times (`times:` in the front matter, with `days:` when not every day; the
province's LichPhat arrives as these). Each such bulletin is a slot of its own at each of its times, on the
days it is valid and its `days:` allow, carrying that bulletin alone. The calendar lists these slots with the
schedule's, so the plan, the daemon, the rehearsal and the console all see the same airings.

Such a slot waits for a program still on air at its time (`overrun: wait`) rather than cutting it, and airs
in the bulletin's zones only. A bulletin with its own times airs then and only then: programs and campaigns
that match it by category or pattern leave it out (a program that names its file still carries it too).
"""
from __future__ import annotations

from dataclasses import replace

from radio.bulletin import Bulletin, find_bulletins, load_bulletin_cached
from radio.errors import StationError
from radio.schedule.calendar import DayRule

PREFIX = "@"  # a timed bulletin's slot is "06:30 @its-file-name"; no program in schedule.yaml needs the sign


def own_slots(station) -> list:
    """A Slot for each air time of each timed bulletin that may air (drafts never do); unreadable bulletins are
    left to `radio check`, which names them. Read once per loaded station (Station.timed_slots)."""
    from radio.station import Program, ProgramItem, Slot
    slots = []
    for path in find_bulletins(station.scripts_dir):
        try:
            bulletin = load_bulletin_cached(path)
        except StationError:
            continue
        if not bulletin.times or bulletin.is_draft:
            continue
        program = Program(name=PREFIX + bulletin.name, title=title_of(bulletin),
                          items=[ProgramItem("bulletin", bulletin.name, 0)])
        rule = replace(bulletin.days or DayRule(), start=bulletin.valid_from, end=bulletin.valid_until)
        slots += [Slot(at=at, rule=rule, program=program.name, overrun="wait", zones=bulletin.zones, own=program)
                  for at in bulletin.times]
    return slots


def title_of(bulletin: Bulletin) -> str:
    return f"Bản tin «{bulletin.title}»"


def title_for(station, program_name: str) -> str:
    """A timed bulletin's slot as the officer knows it, from its name in the log ("@bao-so-9"), even once the
    file is gone."""
    name = program_name.removeprefix(PREFIX)
    path = next((p for p in find_bulletins(station.scripts_dir) if p.stem == name), None)
    try:
        return title_of(load_bulletin_cached(path)) if path else f"Bản tin {name}"
    except StationError:
        return f"Bản tin {name}"


def is_timed(program_name: str) -> bool:
    return program_name.startswith(PREFIX)
