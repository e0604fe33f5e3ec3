"""The ingest workers: tasks that take queued alerts and group them into incidents.

A new incident (only a firing alert opens one) gets its workflow started; a new alert joining
an incident and a resolved alert are handed to the workflow runner (which re-analyses a waiting
proposal with it, finishes a verifying incident or closes advice). Repeats cost nothing more;
alerts with no incident to join (a resolve with none open) are counted in one log line.
A worker never dies on a bad alert: the failure is logged with the incident and the loop goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter

import structlog

from receiver.incidents.model import Incident
from receiver.incidents.registry import Change, IncidentRegistry, Observation
from receiver.ingest.queue import Batch, EventQueue
from receiver.metrics import Metrics
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.runner")
_MAX_BATCHES_PER_WAKEUP = 64


class IngestWorkers:
    """Owns the worker tasks that drain the queue into the incident registry."""

    def __init__(
        self,
        queue: EventQueue,
        registry: IncidentRegistry,
        metrics: Metrics,
        workers: int,
        workflows: WorkflowRunner | None = None,
    ) -> None:
        """Workers (not started) that drain `queue` into `registry`."""
        self.queue = queue
        self.registry = registry
        self.metrics = metrics
        self.workflows = workflows
        self._worker_count = workers
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start the workers on the running loop."""
        self._tasks = [
            asyncio.create_task(self._work(), name=f"ingest-worker-{i}")
            for i in range(self._worker_count)
        ]
        log.info("ingest workers started", workers=self._worker_count)

    def alive(self) -> bool:
        """True while every worker task is running."""
        return bool(self._tasks) and not any(t.done() for t in self._tasks)

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Refuse new alerts, let the workers finish what is queued, then stop them."""
        self.queue.close()
        try:
            await asyncio.wait_for(self.queue.drained(), drain_timeout)
        except TimeoutError:
            log.error("queue not drained before shutdown", alerts_left=self.queue.depth)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        log.info("ingest workers stopped")

    async def _work(self) -> None:
        while True:
            batch, waited = await self.queue.get()
            self._handle(batch, waited)
            # Under load, take what is already queued before yielding to the event loop:
            # one wake-up then serves many requests.
            for _ in range(_MAX_BATCHES_PER_WAKEUP):
                ready = self.queue.get_nowait()
                if ready is None:
                    break
                self._handle(*ready)

    def _handle(self, batch: Batch, waited: float) -> None:
        try:
            self.metrics.queue_wait.observe(waited)
            observations = self._apply(batch)
            if batch.result is not None and not batch.result.done():
                batch.result.set_result(observations)
        except Exception as exc:
            log.exception("failed to group alerts", alerts=len(batch.events))
            if batch.result is not None and not batch.result.done():
                batch.result.set_exception(exc)
        finally:
            self.queue.done()

    def _apply(self, batch: Batch) -> list[Observation]:
        outcome = self.registry.observe_batch(batch.events, keep_repeats=batch.result is not None)
        if outcome.repeats:
            self.metrics.alerts_deduplicated.inc(outcome.repeats)
        if outcome.dropped:
            log.info(
                "alerts without an incident",
                alerts=outcome.dropped,
                why="resolved (or a resend of an episode that ended) with no incident open",
            )
        if self.workflows is not None:
            self._drive(self.workflows, outcome.observations)
        self._report(outcome.observations)
        return outcome.observations

    @staticmethod
    def _drive(workflows: WorkflowRunner, observations: list[Observation]) -> None:
        """Start the workflow of each new incident (only a firing alert opens one), hand it the
        alerts that join it later and pass resolves on."""
        for obs in observations:
            if obs.created:
                workflows.start(obs.incident)
            elif obs.change is Change.NEW_ALERT:
                workflows.alert_joined(obs.incident, obs.fingerprint)
            elif obs.change is Change.RESOLVED:
                workflows.alert_resolved(obs.incident)

    def _report(self, observations: list[Observation]) -> None:
        """One log line per incident the batch opened or changed, not one per alert."""
        changes: dict[str, Counter[str]] = {}
        incidents: dict[str, Incident] = {}
        opened: set[str] = set()
        for obs in observations:
            incident_id = obs.incident.id
            incidents[incident_id] = obs.incident
            if obs.created:
                opened.add(incident_id)
            if obs.change is not Change.REPEAT:
                changes.setdefault(incident_id, Counter())[obs.change.value] += 1
        for incident_id, incident in incidents.items():
            key = incident.key
            bound = log.bind(
                incident_id=incident_id,
                alertname=incident.first_event.alertname,
                cluster=key.cluster,
                namespace=key.namespace,
                workload=key.workload,
                tenant=key.tenant,
            )
            if incident_id in opened:
                bound.info(
                    "incident opened",
                    source=incident.first_event.source.value,
                    status=incident.status.value,
                )
            changed = changes.get(incident_id)
            if changed and (incident_id not in opened or sum(changed.values()) > 1):
                bound.info(
                    "incident updated",
                    changes=dict(changed),  # keys like "resolved" would clash below
                    alerts=len(incident.alerts),
                    firing=incident.firing,
                    resolved=incident.resolved,
                )
