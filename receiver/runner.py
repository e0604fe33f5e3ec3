"""The runner: workers that take queued alerts and group them into incidents.

Later the runner also starts one workflow per incident; for now an incident stays `received`.
A worker never dies on a bad alert: the failure is logged with the incident and the loop goes on.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from receiver.incidents import Change, IncidentRegistry, Observation
from receiver.metrics import Metrics
from receiver.queue import Batch, EventQueue

log = structlog.get_logger("alertgraph.runner")


class Runner:
    """Owns the worker tasks that drain the queue into the incident registry."""

    def __init__(
        self, queue: EventQueue, registry: IncidentRegistry, metrics: Metrics, workers: int
    ) -> None:
        self.queue = queue
        self.registry = registry
        self.metrics = metrics
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
        observations = []
        repeats = 0
        for event in batch.events:
            try:
                obs = self.registry.observe(event)
            except Exception:
                # One alert that breaks grouping must not cost the rest of the batch.
                log.exception(
                    "failed to group alert",
                    fingerprint=event.fingerprint,
                    alertname=event.alertname,
                    source=event.source.value,
                )
                continue
            observations.append(obs)
            if obs.change is Change.REPEAT:
                repeats += 1
            else:
                self._report(obs)
        if repeats:
            self.metrics.alerts_deduplicated.inc(repeats)
        return observations

    def _report(self, obs: Observation) -> None:
        incident = obs.incident
        bound = log.bind(
            incident_id=incident.id,
            alertname=incident.key.alertname,
            namespace=incident.key.namespace,
            workload=incident.key.workload,
            tenant=incident.key.tenant,
        )
        if obs.created:
            bound.info(
                "incident opened",
                source=incident.first_event.source.value,
                status=incident.status.value,
            )
        elif obs.change is Change.STALE:
            bound.debug("stale alert ignored")
        else:
            bound.info(
                "incident updated",
                change=obs.change.value,
                alerts=len(incident.alerts),
                resolved=incident.resolved,
            )
