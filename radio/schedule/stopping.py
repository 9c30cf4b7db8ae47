"""How the running station is asked to stop: Ctrl+C, the service manager's SIGTERM, or another thread.

A Python signal handler runs in the main thread between two of its bytecodes, and that thread may be holding
a lock at that moment: `threading.Event.set()` in the handler then waits for a lock its own thread holds, for
ever (Event.wait's critical section is a few bytecodes at every heartbeat; a stop hung so in CI). Asking to
stop here takes no lock: it sets a flag and drops a byte into a socket pair, which the main loop's wait
watches with select(), and select() works on sockets on Windows as on Linux.
"""
from __future__ import annotations

import select
import socket


class StopRequest:
    def __init__(self) -> None:
        self._asked = False
        self._listen, self._ring = socket.socketpair()
        for end in (self._listen, self._ring):
            end.setblocking(False)

    def ask(self) -> None:
        """Safe in a signal handler: no lock, no blocking call."""
        self._asked = True
        try:
            self._ring.send(b"\0")
        except OSError:  # the pair is full (asked many times) or already closed: the flag is enough
            pass

    def is_set(self) -> bool:
        return self._asked

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds, less when asked to stop; True once asked."""
        if not self._asked:
            select.select([self._listen], [], [], max(0.0, timeout))
        return self._asked

    def close(self) -> None:
        for end in (self._listen, self._ring):
            end.close()
