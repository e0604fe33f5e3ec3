"""Start-up reconciliation with Alertmanager (`ALERTMANAGER_URL`).

Alerts that fired while the service was down reached no one: Alertmanager's webhook retries
give up after a while. At start-up the service asks Alertmanager for what is really firing and
notifying (`GET /api/v2/alerts?active=true&silenced=false&inhibited=false`, contracts.md §2.2)
and queues those alerts like a webhook would: one already in an incident is only a repeat, the
others open incidents. A failure is logged and the service runs on (the next notification
brings the alerts anyway).
"""

from __future__ import annotations

from datetime import datetime

import httpx
import msgspec
import structlog

from receiver.ingest.events import AlertEvent, AlertSource
from receiver.ingest.intake import Intake
from receiver.ingest.normalize import from_postable
from receiver.ingest.queue import QueueClosed, QueueFull
from receiver.ingest.wire import PostableAlert

log = structlog.get_logger("alertgraph.reconcile")
QUERY = {"active": "true", "silenced": "false", "inhibited": "false"}
TIMEOUT = 10.0
BATCH = 256


def firing_events(body: bytes, tenant: str, now: datetime) -> list[AlertEvent]:
    """The alerts of a `GET /api/v2/alerts` answer as firing events from Alertmanager (pure).
    Their `endsAt` is only Alertmanager's expiry, not an end, so it is dropped.
    msgspec.DecodeError/ValidationError when the body is not such an answer."""
    alerts = msgspec.json.decode(body, type=list[PostableAlert])
    events, _invalid = from_postable(alerts, tenant, now)
    return [
        msgspec.structs.replace(e, source=AlertSource.ALERTMANAGER, ends_at=None)
        for e in events
        if e.ends_at is None or e.ends_at > now
    ]


async def reconcile(client: httpx.AsyncClient, url: str, intake: Intake) -> int:
    """Queue what Alertmanager at `url` says is firing; the number of alerts queued (0 when
    it could not be asked or the queue refused them — logged either way)."""
    endpoint = f"{url.rstrip('/')}/api/v2/alerts"
    try:
        response = await client.get(endpoint, params=QUERY, timeout=TIMEOUT)
        response.raise_for_status()
        events = firing_events(response.content, intake.default_tenant, intake.now())
    except (httpx.HTTPError, msgspec.DecodeError, msgspec.ValidationError) as error:
        log.warning("alertmanager reconciliation failed", url=endpoint, error=str(error))
        return 0
    queued = 0
    try:
        for start in range(0, len(events), BATCH):
            batch = events[start : start + BATCH]
            intake.enqueue(batch, AlertSource.ALERTMANAGER)  # counted as received
            queued += len(batch)
    except (QueueFull, QueueClosed) as error:
        log.warning("alertmanager reconciliation cut short", queued=queued, error=str(error))
    log.info("alertmanager reconciled", url=endpoint, firing=len(events), queued=queued)
    return queued
