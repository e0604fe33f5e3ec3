"""Workflow state: plain JSON-able values only, so any checkpointer can store it.

`IncidentInput` is what the runner starts a thread with; `IncidentState` is everything the nodes
add on the way. Every key a node writes is optional until that node has run.
"""

from __future__ import annotations

from typing import Final, Literal, NotRequired, TypedDict, get_args

Status = Literal[
    "analyzing",
    "awaiting_approval",
    "committing",
    "verifying",
    "committed",
    "recovered",
    "not_recovered",
    "rejected",
    "commit_failed",
    "failed",
]
DecisionKind = Literal["approve", "reject", "modify"]
Outcome = Literal["recovered", "not_recovered"]

# The vocabularies as values, for checks at run time; the Literals above are their one
# declaration (the receiver's IncidentStatus adds "received" to STATUSES).
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
DECISIONS: Final[tuple[DecisionKind, ...]] = get_args(DecisionKind)
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)
# The annotations whose text describes an alert (the analyzer reads them with the log text).
TEXT_ANNOTATIONS: Final = ("summary", "description", "message")


class AlertSnapshot(TypedDict):
    """The alert that opened the incident, as the analyzer and the record need it."""

    source: str
    log_text: str
    labels: dict[str, str]
    annotations: dict[str, str]
    fingerprints: list[str]
    starts_at: str  # ISO 8601


class IncidentInput(TypedDict):
    """What a workflow thread starts from (thread_id = incident_id)."""

    incident_id: str
    created: str  # ISO 8601
    alert: AlertSnapshot


class RemediationState(TypedDict):
    """The values change the analyzer chose, as plain values.

    graph.patching.remediation.Remediation as a dict; `target` is a learned value to raise the
    setting to (graph.nodes.apply_learning).
    """

    kind: str
    factor: float
    target: NotRequired[str | None]


class AnalysisState(TypedDict):
    """What the analyzer concluded about the opening alert, beyond triage's facts.

    Triage runs the analyzer once per incident and keeps this; the analyze node derives the
    root cause, the actions and the values change from it (enrich may add to it first).
    """

    root_cause: str
    actions: list[str]
    remediation: RemediationState | None


class Proposal(TypedDict):
    """What the human is asked to approve.

    `diff` is empty when no safe values change exists; `refusal` then says why.
    """

    values_path: str | None
    diff: str
    diff_sha256: str
    change_summary: str
    notes: list[str]
    refusal: str | None
    new_values: str | None
    learned_from: NotRequired[list[str]]  # earlier incidents whose feedback shaped it
    changes: NotRequired[dict[str, str]]  # values path → proposed value (what modify can set)


class Decision(TypedDict):
    """The resume value of the approval interrupt."""

    decision: DecisionKind
    user: str
    comment: str
    overrides: dict[str, str]
    diff_sha256: str


class IncidentState(IncidentInput):
    """Everything known about one incident's run."""

    status: NotRequired[Status]
    category: NotRequired[str]
    severity: NotRequired[str]
    app: NotRequired[str]
    namespace: NotRequired[str]
    evidence: NotRequired[list[str]]
    analysis: NotRequired[AnalysisState]
    root_cause: NotRequired[str]
    actions: NotRequired[list[str]]
    remediation: NotRequired[RemediationState | None]
    learned_from: NotRequired[list[str]]
    learning_note: NotRequired[str]
    proposal: NotRequired[Proposal]
    decision: NotRequired[Decision]
    modifications: NotRequired[list[Decision]]  # every modify decision, oldest first
    commit_sha: NotRequired[str]
    outcome: NotRequired[Outcome]
    outcome_sha: NotRequired[str]
    reason: NotRequired[str]


def merged_overrides(modifications: list[Decision]) -> dict[str, str]:
    """The values people set in modify decisions (oldest first): a later one wins."""
    merged: dict[str, str] = {}
    for modification in modifications:
        merged.update(modification["overrides"])
    return merged
