"""The live list: every change of an incident, pushed to the open pages as server-sent
events (`GET /ui/events`).

`LiveFeed.changed` is subscribed to the workflow runner (called after every change it makes,
never blocking); each open page has a queue of its own, bounded, so a stalled browser loses
old changes (its next reload shows the truth) rather than holding memory. A stream ends after
`seconds` (EventSource reconnects by itself, after `retry` ms); while nothing changes, a
comment line every KEEPALIVE seconds keeps proxies (nginx's 60 s read timeout, say) from
closing it as idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from graph.masking import mask_secrets
from receiver.incidents.model import Incident
from receiver.web.texts import Language, status_text

QUEUE_SIZE = 256
RETRY_MS = 2000
KEEPALIVE = 20.0  # seconds of silence before a ": keepalive" comment line


def incident_event(incident: Incident, language: Language) -> dict[str, str]:
    """What a page is told about a changed incident (masked)."""
    return {
        "id": incident.id,
        "status": incident.status.value,
        "status_text": status_text(incident.status.value, language),
        "category": mask_secrets(incident.live.category),
        "app": mask_secrets(incident.app),
        "namespace": mask_secrets(incident.key.namespace),
    }


def sse_message(data: dict[str, Any], event: str = "incident") -> str:
    """One server-sent event: its name and its JSON data, on one line each."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class LiveFeed:
    """The pages listening for incident changes."""

    def __init__(self) -> None:
        """Nobody listens yet."""
        self._queues: set[asyncio.Queue[Incident]] = set()

    @property
    def listeners(self) -> int:
        """How many pages are listening now."""
        return len(self._queues)

    def changed(self, incident: Incident) -> None:
        """Queue `incident` for every listening page (a runner listener: never blocks; a full
        queue drops its oldest change)."""
        for queue in self._queues:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(incident)

    async def stream(self, language: Language, seconds: float) -> AsyncIterator[str]:
        """The events of one page for `seconds`, as text (`retry` first)."""
        queue: asyncio.Queue[Incident] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while (left := deadline - loop.time()) > 0:
                try:
                    incident = await asyncio.wait_for(queue.get(), min(left, KEEPALIVE))
                except TimeoutError:
                    if deadline - loop.time() > 0:
                        yield ": keepalive\n\n"
                    continue
                yield sse_message(incident_event(incident, language))
        finally:
            self._queues.discard(queue)
