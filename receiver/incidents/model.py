"""One incident, declared once: its facts (`Incident`), where it is in its life
(`IncidentStatus`) and what its workflow found and did so far (`LiveView`).

Every other shape of an incident — the API's views, the Slack card and list, the durable row —
is derived here, by name: `incident_facts` names each fact once, `shaped` builds a shape from
the facts its fields name. A new field of the live view reaches every shape that declares it
without a hand-written copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from receiver.incidents.key import IncidentKey
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus
from receiver.silences.records import SilenceRecord


class IncidentStatus(StrEnum):
    """Where an incident is in its life: `received` until its workflow runs, then the
    workflow's live status."""

    RECEIVED = "received"
    ANALYZING = "analyzing"
    AWAITING_APPROVAL = "awaiting_approval"
    ADVISING = "advising"  # advice only: waits for its alerts to resolve or an acknowledgement
    COMMITTING = "committing"
    AWAITING_MERGE = "awaiting_merge"  # the change is on its own branch, not merged yet
    PR_OPEN = "pr_open"  # … with a pull/merge request open for it
    VERIFYING = "verifying"
    COMMITTED = "committed"
    RECOVERED = "recovered"
    NOT_RECOVERED = "not_recovered"
    REJECTED = "rejected"
    CLOSED = "closed"  # advice only, and its alerts resolved
    ACKNOWLEDGED = "acknowledged"  # advice only, and a person acknowledged it
    COMMIT_FAILED = "commit_failed"
    DRY_RUN = "dry_run"  # approved in a dry run: nothing was written
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        """True when the incident is finished: it is closed and a new alert opens another."""
        return self in _TERMINAL


_TERMINAL = frozenset(
    {
        IncidentStatus.COMMITTED,
        IncidentStatus.RECOVERED,
        IncidentStatus.NOT_RECOVERED,
        IncidentStatus.REJECTED,
        IncidentStatus.CLOSED,
        IncidentStatus.ACKNOWLEDGED,
        IncidentStatus.DRY_RUN,
        IncidentStatus.FAILED,
    }
)


@dataclass(slots=True)
class AlertState:
    """The newest known episode of one fingerprint in an incident, and the statuses seen for
    that episode (which lets a repeat be recognised without hashing its timestamp); the
    alert's name, and its newest alert as received while this process holds it (not written
    to disk: after a restart the workflow's checkpoint has what it was shown)."""

    starts_at: datetime
    status: AlertStatus
    statuses: set[AlertStatus]
    name: str = ""
    event: AlertEvent | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class LiveView:
    """What the workflow has found and done so far, copied from its state after every step."""

    category: str = ""
    severity: str = ""
    app: str = ""
    root_cause: str = ""
    actions: list[str] = field(default_factory=list)
    diff: str = ""
    diff_sha256: str = ""
    change_summary: str = ""
    notes: list[str] = field(default_factory=list)
    changes: dict[str, str] = field(default_factory=dict)  # values path → proposed value
    refusal: str | None = None
    commit_sha: str | None = None
    outcome_sha: str | None = None
    reason: str | None = None
    decision: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    verifying_since: datetime | None = None  # when the verify timer started (for a restart)
    slack_channel: str | None = None  # where the incident's Slack message is
    slack_ts: str | None = None
    learned_from: list[str] = field(default_factory=list)
    # What the enrich node found, and which evidence is missing and why (graph.evidence.view);
    # None without Prometheus / Loki configured.
    evidence: dict[str, Any] | None = None
    # Why the analysis chose the category: the deciding signal ({kind, detail}), how sure it
    # is (high, medium, low) and "classified as X because …"; absent for older threads.
    signal: dict[str, str] | None = None
    confidence: str = ""
    explanation: str = ""
    reproposal_note: str = ""  # why the proposal was made again after alerts joined
    advice_only: bool = False  # root cause and actions only: nothing to approve
    # GIT_DELIVERY branch / pull_request: the branch, the pull request ({number, url}) once
    # open, why opening it failed, who merged or closed it (graph.state.DeliveryState).
    delivery: dict[str, Any] | None = None
    approvals: list[str] = field(default_factory=list)  # who approved so far (policy needs N)
    # The approval policy that applies (receiver.policies): rule, action, approvals needed,
    # and for auto_approve the time it applies unless rejected (ISO 8601).
    policy: dict[str, Any] | None = None
    # The model's answer and which parts were taken (graph.state.ModelState); None without one.
    llm: dict[str, Any] | None = None
    silences: list[SilenceRecord] = field(default_factory=list)  # receiver.silences
    updated: datetime | None = None


@dataclass(slots=True)
class Incident:
    """One problem: all alerts with the same incident key while it is open."""

    id: str
    key: IncidentKey
    status: IncidentStatus
    first_seen: datetime
    last_seen: datetime
    first_event: AlertEvent
    sources: dict[AlertSource, int] = field(default_factory=dict)
    alerts: dict[str, AlertState] = field(default_factory=dict)
    seen: set[tuple[str, datetime, AlertStatus]] = field(default_factory=set)
    events: int = 0
    repeats: int = 0
    live: LiveView = field(default_factory=LiveView)

    @property
    def app(self) -> str:
        """The workload: the one the workflow named, else the one in the key ("" for an
        incident keyed by fingerprint, which names none)."""
        key = self.key
        return self.live.app or (key.workload if key.names_workload else "")

    @property
    def resolved(self) -> int:
        """Fingerprints whose newest episode is resolved."""
        return sum(1 for a in self.alerts.values() if a.status is AlertStatus.RESOLVED)

    @property
    def firing(self) -> int:
        """Fingerprints still firing."""
        return len(self.alerts) - self.resolved

    @property
    def all_resolved(self) -> bool:
        """True when the incident has alerts and every one of them is resolved."""
        return bool(self.alerts) and self.firing == 0


Shape = TypeVar("Shape")


def incident_facts(incident: Incident) -> dict[str, Any]:
    """Every fact of `incident` under its one name: its live view's fields (lists and dicts
    copied), its key's parts, its counters and what derives from them."""
    key, live = incident.key, incident.live
    facts = {name: _copy(getattr(live, name)) for name in LIVE_FIELDS}
    facts.update(
        id=incident.id,
        status=incident.status.value,
        sources=[source.value for source in incident.sources],
        tenant=key.tenant,
        cluster=key.cluster or None,
        namespace=key.namespace,
        alertname=incident.first_event.alertname,
        app=incident.app,
        fingerprints=list(incident.alerts),
        alerts=len(incident.alerts),
        alert_list=[(a.name, fp, a.status.value) for fp, a in incident.alerts.items()],
        repeats=incident.repeats,
        resolved=incident.resolved,
        firing=incident.firing,
        events=incident.events,
        first_seen=incident.first_seen,
        last_seen=incident.last_seen,
        commit_shas=[sha for sha in (live.commit_sha, live.outcome_sha) if sha],
        alerts_resolved=incident.all_resolved,
    )
    return facts


def shaped(shape: Callable[..., Shape], facts: Mapping[str, Any], **given: Any) -> Shape:
    """`shape` (a dataclass or a msgspec struct) built from the facts its fields name; `given`
    sets the fields that are not facts (or not these facts)."""
    names = field_names(shape)
    return shape(**{name: facts[name] for name in names if name not in given}, **given)


def field_names(shape: Any) -> tuple[str, ...]:
    """The field names of a dataclass or a msgspec struct (type or instance)."""
    if dataclasses.is_dataclass(shape):
        return tuple(f.name for f in dataclasses.fields(shape))
    return tuple(shape.__struct_fields__)


def _copy(value: Any) -> Any:
    """A copy of a list or dict of the live view (a shape never shares the incident's)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


LIVE_FIELDS = tuple(f.name for f in dataclasses.fields(LiveView))
