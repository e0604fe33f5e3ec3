"""The Slack card of an incident: what its message, modals and replies show of it.

`incident_card` derives it from the incident's facts (receiver.incidents.model) by name; the
sequences are kept as tuples, so two cards compare equal exactly when Slack would show the
same (the notifier edits a message only when its card changed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from receiver.incidents.model import Incident, IncidentStatus, incident_facts, shaped

_UNDECIDED = frozenset(
    {
        IncidentStatus.RECEIVED,
        IncidentStatus.ANALYZING,
        IncidentStatus.AWAITING_APPROVAL,
        IncidentStatus.ADVISING,
    }
)


@dataclass(frozen=True, slots=True)
class IncidentCard:
    """What Slack shows of one incident (see `incident_card`)."""

    incident_id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    root_cause: str
    actions: tuple[str, ...]
    diff: str
    diff_sha256: str
    refusal: str | None
    notes: tuple[str, ...]
    learned_from: tuple[str, ...]
    commit_sha: str | None
    reason: str | None
    decided_by: str | None
    decided_at: datetime | None
    verify_timeout: float
    link: str
    changes: tuple[tuple[str, str], ...] = ()
    cluster: str | None = None
    explanation: str = ""  # "classified as X because …"
    confidence: str = ""
    reproposal_note: str = ""
    advice_only: bool = False
    alert_list: tuple[tuple[str, str, str], ...] = ()  # (name, fingerprint, status)
    evidence: dict[str, Any] | None = None  # graph.evidence.view, once gathered
    delivery: dict[str, Any] | None = None  # GIT_DELIVERY branch / pull_request (graph.state)
    policy: dict[str, Any] | None = None  # the approval policy's answer (receiver.threads.gate)
    approvals: tuple[str, ...] = ()  # who approved so far, when a policy needs several
    dry_run: bool = False  # DRY_RUN: approving changes nothing
    silenceable: bool = False  # silences are on: the message offers "Silence 2 h"
    llm: dict[str, Any] | None = None  # what the model said and which parts were taken

    def __post_init__(self) -> None:
        """Keep the sequences as tuples (and a mapping of changes as its items)."""
        for name in ("actions", "notes", "learned_from"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "alert_list", tuple(tuple(a) for a in self.alert_list))
        changes: Mapping[str, str] | Sequence[tuple[str, str]] = self.changes
        items = changes.items() if isinstance(changes, Mapping) else changes
        object.__setattr__(self, "changes", tuple(items))


def incident_card(
    incident: Incident,
    *,
    link_base: str,
    verify_timeout: float,
    dry_run: bool = False,
    silenceable: bool = False,
) -> IncidentCard:
    """What the Slack message shows of `incident` (pure): who decided only once decided."""
    decided = incident.status not in _UNDECIDED
    live = incident.live
    return shaped(
        IncidentCard,
        incident_facts(incident),
        incident_id=incident.id,
        decided_by=live.decided_by if decided else None,
        decided_at=live.decided_at if decided else None,
        verify_timeout=verify_timeout,
        link=f"{link_base}/api/incidents/{incident.id}",
        dry_run=dry_run,
        silenceable=silenceable,
    )
