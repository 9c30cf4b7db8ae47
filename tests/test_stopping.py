"""A stop asked by a signal is taken wherever the main loop happens to be when the signal lands.

A signal handler runs in the main thread between two bytecodes; one that takes a lock deadlocks when the loop
holds that lock at that moment (threading.Event did, once in CI, and the daemon ignored SIGTERM for good).
The child below raises the signal at each line the loop runs in turn, the first, the second, ... so every spot
of the wait gets its own landing; a lock in the way hangs the child and the test fails on its timeout."""
from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""\
    import signal, sys
    from radio.schedule.stopping import StopRequest

    def stopped_with_signal_at(landing):
        stop = StopRequest()
        signal.signal(signal.SIGTERM, lambda *_: stop.ask())
        lines = 0

        def trace(frame, event, arg):
            nonlocal lines
            if event == "line":
                lines += 1
                if lines == landing:
                    signal.raise_signal(signal.SIGTERM)
            return trace
        sys.settrace(trace)
        try:
            while not stop.is_set():  # the daemon's main loop, beats made short
                stop.wait(0.002)
        finally:
            sys.settrace(None)
            stop.close()

    for landing in range(1, LANDINGS + 1):  # a beat's wait is a few lines: these cover many beats
        stopped_with_signal_at(landing)
    print("stopped every time")
    """)
LANDINGS = 60


def test_a_stop_signal_landing_anywhere_in_the_main_loop_stops_it():
    child = subprocess.run([sys.executable, "-c", CHILD.replace("LANDINGS", str(LANDINGS))], capture_output=True,
                           text=True, timeout=20)
    assert child.returncode == 0 and child.stdout.strip() == "stopped every time", child.stderr
