"""Taking alerts in: normalise what a sender posted and queue it for the workers.

The one way into the queue, shared by the API's ingest routes, the Slack trigger modal and the
start-up reconciliation. `Intake` counts what it queued by source; a queue that is full or
closed raises QueueFull / QueueClosed (the API answers 503), a trigger that cannot be accepted
raises BodyRefused (the API answers 400). Grouping into incidents happens in the workers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from receiver.incidents.registry import Observation
from receiver.ingest import normalize
from receiver.ingest.events import AlertEvent, AlertSource
from receiver.ingest.queue import Batch, EventQueue, QueueClosed
from receiver.ingest.wire import (
    BodyRefused,
    InvalidAlert,
    PostableAlert,
    TriggerRequest,
    WebhookMessage,
)
from receiver.metrics import Metrics

if TYPE_CHECKING:
    from receiver.replicas.inbox import Inbox

TRIGGER_WAIT_SECONDS = 10.0  # how long a trigger waits to learn the incident it joined


@dataclass(frozen=True, slots=True)
class Intake:
    """The queue, the counters and the clock every sender's alerts go through."""

    queue: EventQueue
    metrics: Metrics
    now: Callable[[], datetime]
    default_tenant: str
    inbox: Inbox | None = None  # PostgreSQL mode: alerts wait there until the leader groups them

    def enqueue(
        self, events: Sequence[AlertEvent], source: AlertSource, *, want_result: bool = False
    ) -> Batch:
        """Queue `events` and count them as received from `source`; QueueFull when they do
        not fit, QueueClosed when the service is stopping."""
        batch = self.queue.put(events, want_result=want_result)
        self.metrics.received_from[source].inc(len(events))
        return batch

    async def accept(self, events: Sequence[AlertEvent], source: AlertSource) -> None:
        """Take a sender's alerts: into the database's inbox, committed before this returns
        (PostgreSQL mode: receiver.replicas.inbox), or into the queue. QueueFull, QueueClosed
        or InboxUnavailable when they cannot be taken (the sender retries)."""
        if self.inbox is None:
            self.enqueue(events, source)
            return
        if self.queue.closed:
            raise QueueClosed(len(events))
        await self.inbox.put(events, source)
        self.metrics.received_from[source].inc(len(events))

    async def webhook(
        self, message: WebhookMessage, tenant: str
    ) -> tuple[list[AlertEvent], list[InvalidAlert]]:
        """Normalise and take an Alertmanager notification's alerts; the events taken and
        the alerts normalisation refused."""
        events, invalid = normalize.from_webhook(message, tenant, self.now())
        if events:
            await self.accept(events, AlertSource.ALERTMANAGER)
        return events, invalid

    async def postable(
        self, alerts: Sequence[PostableAlert], tenant: str
    ) -> tuple[list[AlertEvent], list[InvalidAlert]]:
        """Normalise and take the alerts of a `POST /api/v2/alerts` body (a ruler's); the
        events taken and the alerts normalisation refused."""
        events, invalid = normalize.from_postable(alerts, tenant, self.now())
        if events:
            await self.accept(events, AlertSource.RULER)
        return events, invalid

    def trigger(self, request: TriggerRequest, tenant: str) -> Batch:
        """Queue a manual alert; its batch's `result` gets the incident it joined or opened.
        BodyRefused (naming the field) when the request cannot be accepted."""
        check_trigger(request)
        event = normalize.from_trigger(request, tenant, self.now())
        return self.enqueue([event], AlertSource.MANUAL, want_result=True)


def check_trigger(request: TriggerRequest) -> None:
    """BodyRefused, naming the field, when a trigger request cannot be accepted."""
    problem = normalize.trigger_problem(request)
    if problem is not None:
        field, message = problem
        raise BodyRefused(message, field)


async def grouped(batch: Batch, seconds: float = TRIGGER_WAIT_SECONDS) -> Observation:
    """The observation of the one alert of `batch` once a worker grouped it; TimeoutError
    after `seconds` (the alert stays queued)."""
    assert batch.result is not None, "queued without want_result"
    (observation,) = await asyncio.wait_for(asyncio.shield(batch.result), seconds)
    return observation
