"""Waiting for an incident to change, without polling: `GET …/status?wait=` uses it.

`IncidentWatch.changed` is subscribed to the workflow runner, which calls it after every change
it makes to an incident; a waiting request sleeps on an event of its own until then.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from receiver.incidents.model import Incident


class IncidentWatch:
    """The requests waiting for a change of an incident, by incident id."""

    def __init__(self) -> None:
        """Nobody waits yet."""
        self._waiting: dict[str, set[asyncio.Event]] = {}

    @property
    def waiters(self) -> int:
        """How many requests are waiting now."""
        return sum(len(events) for events in self._waiting.values())

    def changed(self, incident: Incident) -> None:
        """Wake every request waiting on `incident` (a runner listener: it never blocks)."""
        for event in self._waiting.get(incident.id, ()):
            event.set()

    async def until(
        self, incident: Incident, done: Callable[[Incident], bool], seconds: float
    ) -> bool:
        """Wait until `done(incident)` holds or `seconds` passed; whether it holds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not done(incident):
            left = deadline - loop.time()
            if left <= 0:
                return False
            event = asyncio.Event()
            waiting = self._waiting.setdefault(incident.id, set())
            waiting.add(event)
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                return done(incident)
            finally:
                waiting.discard(event)
                if not waiting:
                    self._waiting.pop(incident.id, None)
        return True
