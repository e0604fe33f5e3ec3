"""The runner's workers: grouping in the background, draining on stop."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.normalize import from_trigger
from receiver.ingest.queue import EventQueue
from receiver.ingest.wire import TriggerRequest
from receiver.ingest.workers import IngestWorkers
from receiver.metrics import Metrics

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def runner_parts(workers: int = 2) -> tuple[IngestWorkers, EventQueue, IncidentRegistry, Metrics]:
    queue = EventQueue(maxsize=1000)
    registry = IncidentRegistry()
    metrics = Metrics(CollectorRegistry())
    return IngestWorkers(queue, registry, metrics, workers), queue, registry, metrics


async def test_stop_drains_everything_accepted_before_it() -> None:
    runner, queue, registry, metrics = runner_parts()
    runner.start()
    assert runner.alive()
    for i in range(50):
        event = from_trigger(
            TriggerRequest(f"error {i % 10}", labels={"app": f"a{i % 5}"}), "t", NOW
        )
        queue.put([event])
    await runner.stop()
    assert not runner.alive()
    assert queue.depth == 0
    assert registry.open_count == 5  # one per app
    assert sum(i.events for i in registry.newest_first()) == 50
    assert metrics.registry.get_sample_value("alertgraph_alerts_deduplicated_total") == 40
    assert metrics.registry.get_sample_value("alertgraph_queue_wait_seconds_count") == 50


async def test_a_waiting_caller_gets_the_observations() -> None:
    runner, queue, _, _ = runner_parts(workers=1)
    runner.start()
    batch = queue.put([from_trigger(TriggerRequest("x"), "t", NOW)], want_result=True)
    assert batch.result is not None
    (obs,) = await asyncio.wait_for(batch.result, 2)
    assert obs.created and obs.incident.key.alertname == "ManualTrigger"
    await runner.stop()
