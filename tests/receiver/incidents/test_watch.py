"""Waiting for an incident to change: woken by the change, bounded by the time given."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.normalize import from_trigger
from receiver.ingest.wire import TriggerRequest

NOW = datetime(2026, 1, 1, tzinfo=UTC)


async def test_a_waiter_wakes_on_the_change_and_gives_up_at_its_time() -> None:
    registry, watch = IncidentRegistry(), IncidentWatch()
    observed = registry.observe(from_trigger(TriggerRequest("x"), "t", NOW))
    assert observed
    incident = observed.incident
    waiting = asyncio.create_task(
        watch.until(incident, lambda i: i.status is IncidentStatus.AWAITING_APPROVAL, 30)
    )
    await asyncio.sleep(0)
    incident.status = IncidentStatus.ANALYZING
    watch.changed(incident)  # a change that is not the one waited for
    await asyncio.sleep(0)
    assert not waiting.done()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    watch.changed(incident)
    assert await asyncio.wait_for(waiting, 1) is True
    late = watch.until(incident, lambda i: i.status is IncidentStatus.REJECTED, 0.01)
    assert await late is False
    assert watch.waiters == 0  # nothing left behind
