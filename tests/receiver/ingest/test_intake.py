"""The one way into the queue: normalise, count by source, refuse what cannot be taken."""

from __future__ import annotations

import msgspec
import pytest
from prometheus_client import CollectorRegistry

from receiver.ingest.events import AlertSource
from receiver.ingest.intake import Intake, grouped
from receiver.ingest.queue import EventQueue, QueueClosed, QueueFull
from receiver.ingest.wire import BodyRefused, TriggerRequest, WebhookMessage
from receiver.metrics import Metrics
from tests.conftest import CAPTURE_NOW, fixture_bytes


def intake(maxsize: int = 100) -> Intake:
    metrics = Metrics(CollectorRegistry())
    return Intake(EventQueue(maxsize), metrics, lambda: CAPTURE_NOW, "default")


def received(taken: Intake, source: AlertSource) -> float:
    return taken.metrics.received_from[source]._value.get()  # type: ignore[no-any-return]


async def test_alerts_are_queued_and_counted_by_their_source() -> None:
    taken = intake()
    message = msgspec.json.decode(
        fixture_bytes("am-webhook-firing-2-alerts.json"), type=WebhookMessage
    )
    events, invalid = await taken.webhook(message, "team-a")
    assert invalid == [] and len(events) == 2 and {e.tenant for e in events} == {"team-a"}
    assert taken.queue.depth == 2 and received(taken, AlertSource.ALERTMANAGER) == 2


async def test_a_full_or_closed_queue_refuses_the_whole_batch_and_counts_nothing() -> None:
    taken = intake(maxsize=1)
    taken.trigger(TriggerRequest("first"), "default")
    with pytest.raises(QueueFull) as full:
        taken.trigger(TriggerRequest("second"), "default")
    assert full.value.alerts == 1 and "holds 1 of 1 alerts" in str(full.value)
    taken.queue.close()
    with pytest.raises(QueueClosed):
        taken.trigger(TriggerRequest("third"), "default")
    assert received(taken, AlertSource.MANUAL) == 1


async def test_a_trigger_that_cannot_be_taken_is_refused_naming_its_field() -> None:
    with pytest.raises(BodyRefused) as refused:
        intake().trigger(TriggerRequest("   "), "default")
    assert refused.value.field == "$.log_text"


async def test_a_trigger_not_grouped_in_time_times_out_and_stays_queued() -> None:
    taken = intake()
    batch = taken.trigger(TriggerRequest("OOMKilled"), "default")
    with pytest.raises(TimeoutError):
        await grouped(batch, 0.01)
    assert taken.queue.depth == 1 and not batch.result.cancelled()  # type: ignore[union-attr]
