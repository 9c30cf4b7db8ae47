"""Rehearsal: the real director and feeder over the real schedule on a simulated clock, a quarter of
broadcasting in seconds (`radio simulate`, and the tests).

A rehearsal never writes the station's own logbook: it logs to a file of its own. Its programs are the
station's plans with each item as long as its rendered audio (or, not rendered yet, as the estimate from
its text: said in the summary), played as silence, so the director places, times, resumes and logs
exactly as on air without a sample of audio being made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from radio.errors import StationError
from radio.logbook import Logbook
from radio.playout.feeder import RATE, Feeder
from radio.render import PlannedItem, RenderedProgram, Renderer, RenderRow, Segment
from radio.schedule.director import Director
from radio.schedule.calendar import occurrences_between
from radio.schedule.planner import Planner
from radio.station import Program, Station

BLOCK = RATE // 2  # half a second of audio per read: fast, and fine enough for the log's times


class SimClock:
    def __init__(self, start: dt.datetime):
        self.t = start.timestamp()

    def __call__(self) -> float:
        return self.t


class SimStation:
    """One 'daemon life' driven by a simulated clock: a director and a feeder per zone, as the daemon has them
    (one pair on `logbook` for a station without zones; `zones`: each zone's logbook, on one log file)."""

    def __init__(self, station: Station, logbook: Logbook, clock: SimClock, messages: list[str],
                 renderer: Renderer | None = None, block: int = BLOCK, zones: list[Logbook] | None = None):
        self.station, self.clock, self.block = station, clock, block
        self.lives: list[tuple[Director, Feeder]] = []
        for book in zones or [logbook]:
            feeder = Feeder(station.relay_timeout_s, station.emergency_resume)
            say = (lambda message, key=book.zone: messages.append(f"[{key}] {message}")) if book.zone \
                else messages.append
            self.lives.append((Director(station, book, feeder, clock, renderer=renderer, say=say), feeder))

    @property
    def director(self) -> Director:
        return self.lives[0][0]

    def start(self) -> None:
        for director, _ in self.lives:
            director.recover()
            director.catch_up()

    def run_until(self, end: dt.datetime, emergencies: list[tuple[dt.datetime, str]] = (),
                  stop_mid_airing: bool = False) -> None:
        """Fire slots at their times and play them; `stop_mid_airing` simulates kill -9 at `end`. Each zone's
        director takes the slots that air in its zone; the zones' feeders play in step on the one clock."""
        start = dt.datetime.fromtimestamp(self.clock.t, self.station.tz)
        events = [(o.start.timestamp(), "slot", o) for o in occurrences_between(self.station, start, end)]
        events += [(t.timestamp(), "emergency", text) for t, text in emergencies]
        events.sort(key=lambda e: e[0])
        index = 0
        while self.clock.t < end.timestamp():
            for director, _ in self.lives:
                director.heartbeat()
            while index < len(events) and events[index][0] <= self.clock.t:
                _, kind, payload = events[index]
                for director, _ in self.lives:
                    if kind == "slot":
                        director.fire(payload)
                    else:
                        director.emergency(text=payload)
                index += 1
            if all(feeder.idle() for _, feeder in self.lives):
                if index >= len(events):
                    break
                # idle until the next event; the real daemon beats every few seconds meanwhile
                self.clock.t = max(self.clock.t, events[index][0])
                continue
            for _, feeder in self.lives:
                pending = feeder.pending()
                if pending is not None:  # speech being made behind an emergency's tone: real work, no sim time
                    pending.wait(60)
                feeder.read(self.block, self.clock.t)
            self.clock.t += self.block / RATE
        if not stop_mid_airing:
            self.clock.t = max(self.clock.t, end.timestamp())
            for director, _ in self.lives:
                director.heartbeat()
        for director, _ in self.lives:
            director.flush()


class PlanOnlyRenderer(Renderer):
    """Programs as their plans, each item as long as it will be, played as silence: what a rehearsal airs.
    Counts the items whose length is an estimate from the text (not rendered yet)."""

    def __init__(self, station: Station):
        super().__init__(station)
        self.estimated: set[str] = set()
        self._planner = Planner(station, self)

    def render_program(self, program: Program, day: dt.date, items: list[PlannedItem]
                       ) -> tuple[RenderedProgram | None, list[StationError]]:
        described, at = [], 0.0
        for planned in items:
            seconds, estimated = self._planner._duration(planned, program.voice)
            if estimated:
                self.estimated.add(self.station.known_as(planned.path) or planned.title)
            if planned.kind != "pause":
                if described:
                    at += self.station.gap_s
                described.append(planned.info(self.station, at, seconds))
            at += seconds
        if not described:
            return None, []
        row = RenderRow(program.name, "program", "", at, 0.0, 0.0, "", [])
        return RenderedProgram(row, [Segment("silence", at, items=described)]), []


@dataclass
class Rehearsal:
    first: dt.date
    days: int
    log: Path
    estimated: list[str] = field(default_factory=list)  # items timed by estimate, not rendered audio
    messages: list[str] = field(default_factory=list)


def rehearse(station: Station, first: dt.date, days: int, log: Path,
             progress: Callable[[dt.date], None] = lambda day: None) -> Rehearsal:
    """Air `days` days from `first` on a simulated clock into the log file `log` (made new)."""
    if Path(log).resolve() == (station.folder / Logbook.FILE).resolve():
        raise StationError("không được ghi buổi diễn tập vào nhật ký thật của đài.", log,
                           hint="chọn một tệp khác, ví dụ --log dien-tap.sqlite.")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{log}{suffix}").unlink(missing_ok=True)
    logbook = Logbook(station.folder, path=Path(log))
    zones = [Logbook(station.folder, path=Path(log), zone=key) for key in station.zones] or None
    renderer = PlanOnlyRenderer(station)
    start = dt.datetime.combine(first, dt.time(), tzinfo=station.tz)
    rehearsal = Rehearsal(first, days, Path(log))
    life = SimStation(station, logbook, SimClock(start), rehearsal.messages, renderer=renderer, block=RATE * 5,
                      zones=zones)
    try:
        life.start()
        for offset in range(days):
            progress(first + dt.timedelta(days=offset))
            life.run_until(start + dt.timedelta(days=offset + 1))
    finally:
        for book in [logbook, *(zones or [])]:
            book.close()
    rehearsal.estimated = sorted(renderer.estimated)
    return rehearsal
