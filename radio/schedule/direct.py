"""One airing without a daemon (`radio play`, `radio emergency` when the station is not running): the same
director, feeder and as-run log as `radio run`, for as long as that one airing lasts."""
from __future__ import annotations

import time
from typing import Callable

from radio.logbook import Logbook
from radio.playout.feeder import Airing, Feeder
from radio.playout.outputs import start_with_fallback
from radio.schedule.director import Director
from radio.station import Station


def air_once(station: Station, output_spec: str, start: Callable[[Director], Airing],
             say: Callable[[str], None], warn: Callable[[str], None]) -> tuple[Airing, str]:
    """Open the output, let `start` queue the airing on a director, wait for it to end and for its log rows.

    Returns the airing and the output's label."""
    logbook = Logbook(station.folder)
    feeder = Feeder(station.relay_timeout_s, station.emergency_resume)
    sink = start_with_fallback(output_spec, feeder, station.rendered_dir / "recorded", warn=warn, tz=station.tz)
    director = Director(station, logbook, feeder, time.time, say=say)
    try:
        airing = start(director)
        airing.done.wait()
        feeder.busy_until_idle()
        director.flush()
    finally:
        sink.stop()
        logbook.close()
    return airing, sink.label
