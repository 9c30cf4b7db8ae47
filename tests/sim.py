"""A simulated clock for the director and the feeder: a week of broadcasting in seconds of test time."""
from __future__ import annotations

import datetime as dt

from radio.logbook import Logbook
from radio.playout.feeder import RATE, Feeder
from radio.schedule.director import Director
from radio.schedule.rundown import occurrences_between
from radio.station import Station

BLOCK = RATE // 2  # half a second of audio per read: fast, and fine enough for the log's times


class SimClock:
    def __init__(self, start: dt.datetime):
        self.t = start.timestamp()

    def __call__(self) -> float:
        return self.t


class SimStation:
    """One 'daemon life': a director and a feeder on a shared logbook, driven by a simulated clock."""

    def __init__(self, station: Station, logbook: Logbook, clock: SimClock, messages: list[str]):
        self.station, self.clock = station, clock
        self.feeder = Feeder(station.relay_timeout_s, station.emergency_resume)
        self.director = Director(station, logbook, self.feeder, clock, say=messages.append)

    def start(self) -> None:
        self.director.recover()
        self.director.catch_up()

    def run_until(self, end: dt.datetime, emergencies: list[tuple[dt.datetime, str]] = (),
                  stop_mid_airing: bool = False) -> None:
        """Fire slots at their times and play them; `stop_mid_airing` simulates kill -9 at `end`."""
        start = dt.datetime.fromtimestamp(self.clock.t, self.station.tz)
        events = [(o.start.timestamp(), "slot", o) for o in occurrences_between(self.station, start, end)]
        events += [(t.timestamp(), "emergency", text) for t, text in emergencies]
        events.sort(key=lambda e: e[0])
        index = 0
        while self.clock.t < end.timestamp():
            self.director.heartbeat()
            while index < len(events) and events[index][0] <= self.clock.t:
                _, kind, payload = events[index]
                if kind == "slot":
                    self.director.fire(payload)
                else:
                    self.director.emergency(text=payload)
                index += 1
            if self.feeder.idle():
                if index >= len(events):
                    break
                # idle until the next event; the real daemon beats every few seconds meanwhile
                self.clock.t = max(self.clock.t, events[index][0])
                continue
            pending = self.feeder.pending()
            if pending is not None:  # speech being made behind an emergency's tone: real work, no sim time
                pending.wait(60)
            self.feeder.read(BLOCK, self.clock.t)
            self.clock.t += BLOCK / RATE
        if not stop_mid_airing:
            self.clock.t = max(self.clock.t, end.timestamp())
            self.director.heartbeat()
        self.director.flush()
