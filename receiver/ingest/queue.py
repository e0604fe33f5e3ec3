"""The ingest queue: bounded by the number of alerts waiting, not by requests.

Handlers put whole batches (one request's alerts) so a 100-alert notification costs one queue
operation. When the batch would push the depth past `maxsize` the put fails with QueueFull,
which the API answers 503 (receiver/api/problems.py) and Alertmanager retries. A batch larger
than `maxsize` is still taken when the queue is empty, otherwise it could never be delivered.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from receiver.incidents.registry import Observation
from receiver.ingest.events import AlertEvent


class QueueFull(Exception):
    """The batch of `alerts` alerts does not fit; the sender should retry later."""

    def __init__(self, alerts: int, depth: int, maxsize: int) -> None:
        """Refuse `alerts` alerts while the queue holds `depth` of `maxsize`."""
        super().__init__(f"the ingest queue holds {depth} of {maxsize} alerts; retry later")
        self.alerts = alerts


class QueueClosed(Exception):
    """The service is shutting down and accepts nothing more (`alerts` were refused)."""

    def __init__(self, alerts: int) -> None:
        """Refuse `alerts` alerts because the service is stopping."""
        super().__init__("the service is stopping; retry later")
        self.alerts = alerts


@dataclass(slots=True)
class Batch:
    """Alerts from one request, waiting for a worker. `result`, when set, gets the observations."""

    events: Sequence[AlertEvent]
    enqueued_at: float
    result: asyncio.Future[list[Observation]] | None = None


class EventQueue:
    """A FIFO of batches with a bound on the alerts they hold together."""

    def __init__(self, maxsize: int, clock: Callable[[], float] = time.monotonic) -> None:
        """An empty queue of at most `maxsize` alerts; `clock` times how long batches wait."""
        self.maxsize = maxsize
        self._clock = clock
        self._queue: asyncio.Queue[Batch] = asyncio.Queue()
        self._depth = 0
        self._closed = False

    @property
    def depth(self) -> int:
        """Alerts waiting (not yet taken by a worker)."""
        return self._depth

    @property
    def closed(self) -> bool:
        """True once `close()` was called."""
        return self._closed

    def put(self, events: Sequence[AlertEvent], *, want_result: bool = False) -> Batch:
        """Queue `events` without waiting. Raises QueueFull or QueueClosed instead of blocking."""
        if self._closed:
            raise QueueClosed(len(events))
        if self._depth and self._depth + len(events) > self.maxsize:
            raise QueueFull(len(events), self._depth, self.maxsize)
        result = asyncio.get_running_loop().create_future() if want_result else None
        batch = Batch(events, self._clock(), result)
        self._depth += len(events)
        self._queue.put_nowait(batch)
        return batch

    async def get(self) -> tuple[Batch, float]:
        """The next batch and how long it waited, in seconds."""
        batch = await self._queue.get()
        self._depth -= len(batch.events)
        return batch, self._clock() - batch.enqueued_at

    def get_nowait(self) -> tuple[Batch, float] | None:
        """Like `get`, but None at once when nothing is queued."""
        try:
            batch = self._queue.get_nowait()
        except asyncio.QueueEmpty:
            return None
        self._depth -= len(batch.events)
        return batch, self._clock() - batch.enqueued_at

    def done(self) -> None:
        """Mark the batch last returned by `get` as handled."""
        self._queue.task_done()

    def close(self) -> None:
        """Refuse new batches from now on; queued ones stay for the workers to drain."""
        self._closed = True

    async def drained(self) -> None:
        """Wait until every queued batch has been handled."""
        await self._queue.join()
