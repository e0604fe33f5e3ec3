"""The incident record (pure): what git keeps about one incident, as one typed value.

`graph.records.builder` makes it from the workflow's state; `graph.records.summary` writes it
as summary.md and reads that back; `graph.records.commit_message` names it in commit messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graph.records.ids import check_incident_id
from graph.state import DECISIONS, OUTCOMES, DecisionKind, Outcome


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the person deciding said: a comment and two optional notes ("" when not given)."""

    comment: str = ""
    user_recognition: str = ""  # what the person recognised the problem as
    user_approved_action: str = ""  # the action the person approved or asked for


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident as it is recorded in git.

    Raises ValueError on a malformed id, a naive timestamp, or an unknown decision or outcome;
    lists are stored as tuples.
    """

    id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    fingerprints: tuple[str, ...]
    created: datetime
    updated: datetime
    decision: DecisionKind | None = None
    approver: str | None = None
    root_cause: str = ""
    actions: tuple[str, ...] = ()
    feedback: Feedback = Feedback()
    reason: str = ""  # why it was rejected or why committing failed
    outcome: Outcome | None = None
    diff: str = ""
    change_summary: str = ""  # e.g. "raise memory limit 512Mi→1Gi"
    alert: dict[str, Any] = field(default_factory=dict, hash=False)  # the opening alert, JSON-able
    learned_from: tuple[str, ...] = ()  # earlier incidents whose feedback shaped the proposal
    cluster: str = ""  # the cluster the alerts came from; "" when they named none
    acknowledged_by: str = ""  # who acknowledged an advice-only incident
    # Why the category: the deciding signal's kind and detail, the confidence, and the
    # explanation ("classified as oom because …"); "" in records written before them.
    signal_kind: str = ""
    signal: str = ""
    confidence: str = ""
    explanation: str = ""
    # What the enrich node gathered (graph.evidence.view), masked: rows of (signal, subject,
    # values), the evidence that was missing and why, a short excerpt of Loki's error lines;
    # and how recovery was verified. Empty in records written before evidence existed.
    evidence: tuple[tuple[str, str, str], ...] = ()
    missing_evidence: tuple[str, ...] = ()
    log_excerpt: tuple[str, ...] = ()
    verification: str = ""
    # How the change travelled when it did not go straight onto the branch (GIT_DELIVERY):
    # "pull request #12 https://… merged by alice", "branch alertgraph/<id>"; "" otherwise.
    delivery: str = ""
    policy: str = ""  # the approval policy rule that applied ("" for the default: one approval)
    # The model asked for a second opinion (LLM_BASE_URL): its name, and lines saying which
    # parts were taken from it, what it said that was not, and why; "" / () without one.
    model: str = ""
    model_lines: tuple[str, ...] = ()
    silences: tuple[str, ...] = ()  # the Alertmanager silences made for its alerts, one line each

    def __post_init__(self) -> None:
        """Check the id, the timestamps, the decision and the outcome; store lists as tuples."""
        check_incident_id(self.id)
        for name in ("created", "updated"):
            stamp = getattr(self, name)
            if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
                raise ValueError(f"{name} must be a timezone-aware datetime, not {stamp!r}")
        if self.decision is not None and self.decision not in DECISIONS:
            raise ValueError(f"unknown decision {self.decision!r}")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        object.__setattr__(self, "fingerprints", tuple(self.fingerprints))
        object.__setattr__(self, "actions", tuple(self.actions))
        object.__setattr__(self, "learned_from", tuple(self.learned_from))
        object.__setattr__(self, "evidence", tuple(tuple(row) for row in self.evidence))
        object.__setattr__(self, "missing_evidence", tuple(self.missing_evidence))
        object.__setattr__(self, "log_excerpt", tuple(self.log_excerpt))
