"""The workflow's metrics, counted where it publishes: a listener of the runner's incident
changes (incidents opened and finished, proposals, commits, pull requests, verifications), a
decision hook (decisions by channel, time waited) and a LangChain callback handler passed in
the runs' config (time per graph node). Labels stay bounded: no incident ids, no app names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

from graph.analysis.taxonomy import CATEGORIES
from receiver.incidents.model import Incident, IncidentStatus
from receiver.metrics import DECISION_CHANNELS, Metrics

_COMMIT_FAILED = IncidentStatus.COMMIT_FAILED
# The statuses a committed change leads to (a rejection's record commit is not one).
_CHANGED = {
    IncidentStatus.VERIFYING,
    IncidentStatus.COMMITTED,
    IncidentStatus.AWAITING_MERGE,
    IncidentStatus.PR_OPEN,
}
_VERIFIED = {IncidentStatus.RECOVERED: "recovered", IncidentStatus.NOT_RECOVERED: "not_recovered"}


@dataclass(slots=True)
class _Seen:
    """What was counted of one open incident already."""

    opened: bool = False
    proposed_at: datetime | None = None
    committed: bool = False
    status: IncidentStatus | None = None
    pull_request: bool = False
    delivery_error: str | None = None


class WorkflowMetrics:
    """Counts what the workflow did to each incident, once per thing that happened."""

    def __init__(self, metrics: Metrics, now: Callable[[], datetime]) -> None:
        """Counting into `metrics`; `now` is the service's clock."""
        self.metrics = metrics
        self.now = now
        self._seen: dict[str, _Seen] = {}

    def changed(self, incident: Incident) -> None:
        """The runner's listener: count what is new about `incident`."""
        seen = self._seen.setdefault(incident.id, _Seen())
        live = incident.live
        if not seen.opened and live.category:
            seen.opened = True
            category = live.category if live.category in CATEGORIES else "unknown"
            source = incident.first_event.source.value
            self.metrics.incidents_opened.labels(category=category, source=source).inc()
        if seen.proposed_at is None and incident.status is IncidentStatus.AWAITING_APPROVAL:
            seen.proposed_at = self.now()
            waited = (seen.proposed_at - incident.first_seen).total_seconds()
            self.metrics.proposal.observe(max(waited, 0.0))
        self._delivery(incident, seen)
        if incident.status.terminal:
            self._finished(incident)

    def _delivery(self, incident: Incident, seen: _Seen) -> None:
        live = incident.live
        status, previous = incident.status, seen.status
        seen.status = status
        if status is _COMMIT_FAILED and previous is not status:  # each failed attempt
            self.metrics.commits.labels(result="failed").inc()
        elif not seen.committed and status in _CHANGED:
            seen.committed = True
            self.metrics.commits.labels(result="ok").inc()
        delivery = live.delivery or {}
        if not seen.pull_request and delivery.get("pull_request"):
            seen.pull_request = True
            self.metrics.pull_requests.labels(result="ok").inc()
        error = delivery.get("error")
        if error and error != seen.delivery_error:
            self.metrics.pull_requests.labels(result="failed").inc()
            self.metrics.forge_errors.inc()
        seen.delivery_error = error

    def _finished(self, incident: Incident) -> None:
        self._seen.pop(incident.id, None)
        self.metrics.incidents_finished.labels(status=incident.status.value).inc()
        outcome = _VERIFIED.get(incident.status)
        if outcome is not None:
            self.metrics.verifications.labels(outcome=outcome).inc()

    def decided(self, incident: Incident, decision: str, channel: str) -> None:
        """The runner's decision hook: a decision applied to `incident` through `channel`."""
        channel = channel if channel in DECISION_CHANNELS else "api"
        self.metrics.decisions.labels(decision=decision, channel=channel).inc()
        seen = self._seen.get(incident.id)
        if seen is not None and seen.proposed_at is not None:
            waited = (self.now() - seen.proposed_at).total_seconds()
            self.metrics.decision_wait.observe(max(waited, 0.0))
            seen.proposed_at = self.now()  # a modify shows a new proposal


class NodeTimer(BaseCallbackHandler):
    """Times each LangGraph node run (the chain run named after its node) into
    `alertgraph_workflow_step_seconds{node}`; `clock` is monotonic seconds."""

    run_inline = True  # called in the event loop, not a thread pool

    def __init__(self, metrics: Metrics, clock: Callable[[], float]) -> None:
        """Observing into `metrics` with `clock`."""
        self.metrics = metrics
        self.clock = clock
        self._started: dict[UUID, tuple[str, float]] = {}

    def on_chain_start(
        self,
        serialized: dict[str, Any] | None,
        inputs: Any,
        *,
        run_id: UUID,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Note when a node's own run starts (not the runnables inside it)."""
        node = (metadata or {}).get("langgraph_node")
        if node and kwargs.get("name") == node:
            self._started[run_id] = (str(node), self.clock())

    def on_chain_end(self, outputs: Any, *, run_id: UUID, **kwargs: Any) -> None:
        """Observe a node's run that finished."""
        self._observe(run_id)

    def on_chain_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        """Observe a node's run that failed or paused (an interrupt)."""
        self._observe(run_id)

    def _observe(self, run_id: UUID) -> None:
        started = self._started.pop(run_id, None)
        if started is not None:
            node, at = started
            self.metrics.workflow_step.labels(node=node).observe(self.clock() - at)
