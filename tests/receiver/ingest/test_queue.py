"""The ingest queue: bounded by alerts, never blocking the handler."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from receiver.ingest.events import AlertEvent
from receiver.ingest.normalize import from_trigger
from receiver.ingest.queue import EventQueue, QueueClosed, QueueFull
from receiver.ingest.wire import TriggerRequest


def alerts(n: int) -> list[AlertEvent]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [from_trigger(TriggerRequest(f"line {i}"), "t", now) for i in range(n)]


async def test_depth_counts_alerts_and_a_batch_that_does_not_fit_is_refused() -> None:
    clock = iter([1.0, 2.0, 5.5]).__next__
    queue = EventQueue(maxsize=5, clock=clock)
    queue.put(alerts(3))
    with pytest.raises(QueueFull):
        queue.put(alerts(3))
    queue.put(alerts(2))
    assert queue.depth == 5
    batch, waited = await queue.get()
    assert len(batch.events) == 3 and waited == 4.5 and queue.depth == 2


async def test_an_oversized_batch_is_taken_when_the_queue_is_empty() -> None:
    queue = EventQueue(maxsize=2)
    queue.put(alerts(10))  # otherwise Alertmanager would retry it for ever
    assert queue.depth == 10
    with pytest.raises(QueueFull):
        queue.put(alerts(1))


async def test_closing_refuses_new_batches_and_drained_waits_for_the_queued_ones() -> None:
    queue = EventQueue(maxsize=10)
    queue.put(alerts(2))
    queue.close()
    with pytest.raises(QueueClosed):
        queue.put(alerts(1))
    drained = asyncio.create_task(queue.drained())
    await asyncio.sleep(0)
    assert not drained.done()
    await queue.get()
    queue.done()
    await asyncio.wait_for(drained, 1)
