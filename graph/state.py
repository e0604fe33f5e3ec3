"""Workflow state: plain JSON-able values only, so any checkpointer can store it.

`IncidentInput` is what the runner starts a thread with; `IncidentState` is everything the nodes
add on the way. Every key a node writes is optional until that node has run.

The runner's side of the contract — what each interrupt shows and what resumes it:

- approval (`status` awaiting_approval; graph.nodes.approval): shows `approval_request`, the
  proposal with its `diff_sha256` (and, with evidence, `evidence_view`: graph.evidence.view,
  and `sizing`: how the proposed value was sized, see `Proposal`); resumed with a
  `Decision`, or with `{"alerts": [AlertSnapshot, …]}` when alerts joined the incident —
  then the regroup node analyses again and, when the analyzer now decides on another
  category, re-makes the proposal (a new `diff_sha256`, a "re-proposed: …" note) before it
  waits again; otherwise it waits again unchanged.
- advise (`status` advising; graph.nodes.advise): an advice-only proposal (`advice_only`:
  no diff, no sha, no approval) waits for an `AdviceEvent` — `{"event": "resolved"}` when the
  incident's alerts resolved, `{"event": "acknowledged", "user": …, "comment": …}` — and the
  incident ends `closed` or `acknowledged`, recorded in one commit with no values change.
  Only with `WorkflowContext.advise_without_approval`; without it such proposals await an
  approval like any proposal without a diff.
- merge (`status` awaiting_merge or pr_open; graph.nodes.merge): with GIT_DELIVERY branch or
  pull_request the approved change is committed on `alertgraph/<id>`, not on GIT_BRANCH, and the
  node shows `merge_request` (`{"await": "merge", "incident_id", "delivery"}`); the runner
  resumes it with a `MergeEvent`: `opened` / `open_failed` (the pull request, or why it could
  not be opened: the node waits again), `merged` (→ verify, as after a commit) or `closed`
  (→ record, rejected).
- verify (`status` verifying; graph.nodes.verify): shows `{"await": "resolution",
  "incident_id", "fingerprints", "check"}` (`check`: `{"language": "promql" | "logql",
  "expr"}` when the alert's own expression is known, else None); resumed with `{"outcome":
  "recovered"}` when every alert of the incident resolved, or `{"outcome": "not_recovered"}`
  at the runner's verify timeout. With evidence configured and an expression to check,
  "recovered" is only the alerts' side: the node then re-checks the expression every
  `verify_interval` until it has been clear for `verify_hold` (→ recovered) or still matched
  that long, or `verify_timeout` passed (→ not_recovered), before it returns — the resume
  call runs that long. `verification` in the state says what was checked and why the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, NotRequired, TypedDict, get_args

Status = Literal[
    "analyzing",
    "awaiting_approval",
    "advising",  # an advice-only proposal waits for its alerts to resolve or an acknowledgement
    "committing",
    "awaiting_merge",  # the change is pushed on its own branch; it waits to reach GIT_BRANCH
    "pr_open",  # as awaiting_merge, with a pull/merge request open for it
    "verifying",
    "committed",
    "recovered",
    "not_recovered",
    "rejected",
    "closed",  # advice only, and the alerts resolved (final)
    "acknowledged",  # advice only, and a person acknowledged it (final)
    "commit_failed",
    "dry_run",  # approved in a dry run: nothing was committed, pushed or opened (final)
    "failed",
]
DecisionKind = Literal["approve", "reject", "modify"]
DeliveryMode = Literal["commit", "branch", "pull_request"]
MergeEventKind = Literal["opened", "open_failed", "merged", "closed"]
AdviceEventKind = Literal["resolved", "acknowledged"]
# recovered / not_recovered after a committed change; resolved / acknowledged after advice.
Outcome = Literal["recovered", "not_recovered", "resolved", "acknowledged"]

# The vocabularies as values, for checks at run time; the Literals above are their one
# declaration (the receiver's IncidentStatus adds "received" to STATUSES).
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
DECISIONS: Final[tuple[DecisionKind, ...]] = get_args(DecisionKind)
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)
ADVICE_EVENTS: Final[tuple[AdviceEventKind, ...]] = get_args(AdviceEventKind)
DELIVERY_MODES: Final[tuple[DeliveryMode, ...]] = get_args(DeliveryMode)
MERGE_EVENTS: Final[tuple[MergeEventKind, ...]] = get_args(MergeEventKind)
BRANCH_PREFIX: Final = "alertgraph/"  # an incident's change branch: alertgraph/<incident-id>
# How an advice-only incident ends, by the event that ended it.
ADVICE_END: Final[dict[AdviceEventKind, Status]] = {
    "resolved": "closed",
    "acknowledged": "acknowledged",
}
# The annotations whose text describes an alert (the analyzer reads them with the log text).
TEXT_ANNOTATIONS: Final = ("summary", "description", "message")


class AlertSnapshot(TypedDict):
    """One alert of the incident, as the analyzer and the record need it."""

    source: str
    log_text: str
    labels: dict[str, str]
    annotations: dict[str, str]
    fingerprints: list[str]
    starts_at: str  # ISO 8601
    status: NotRequired[str]  # "firing" (when absent) or "resolved": a resolved one counts less
    # The alert's generatorURL (Prometheus `/graph?g0.expr=…`, Loki ruler `/explore?left=…`):
    # where verify finds the alert's own expression. Absent: the rules API by alertname.
    generator_url: NotRequired[str]


class IncidentInput(TypedDict):
    """What a workflow thread starts from (thread_id = incident_id).

    `alert` is the alert that opened the incident; `alerts` all of its alerts, that one
    first (a thread started without it — every checkpoint written before it existed — is
    read as `[alert]`: see `incident_alerts`). `cluster` is the cluster the incident's alerts
    come from; without it a values path template that names `{cluster}` cannot be filled.
    """

    incident_id: str
    created: str  # ISO 8601
    alert: AlertSnapshot
    alerts: NotRequired[list[AlertSnapshot]]
    cluster: NotRequired[str]
    tenant: NotRequired[str]  # X-Scope-OrgID for evidence queries (else the context's tenant)


class RemediationState(TypedDict):
    """The values change the analyzer chose, as plain values.

    graph.patching.remediation.Remediation as a dict; `target` is a learned value to raise the
    setting to (graph.nodes.apply_learning).
    """

    kind: str
    factor: float
    target: NotRequired[str | None]


class SignalState(TypedDict):
    """The signal that decided the category (graph.analysis.Signal), masked.

    `kind` is catalogue, label, log_line, text, korean or none; `detail` names it: the
    catalogue entry and its source (`alert KubePodOOMKilled (kubernetes-mixin)`), the label
    (`label reason="OOMKilled"`) or the deciding line, quoted.
    """

    kind: str
    detail: str


class AnalysisState(TypedDict):
    """What the analyzer concluded about the incident's alerts, beyond triage's facts.

    Triage runs the analyzer once per incident and keeps this; the analyze node derives the
    root cause, the actions and the values change from it (enrich may add to it first).
    `signal`, `confidence` (high, medium, low) and `explanation` ("classified as oom because
    …") say why: the status API, Slack and summary.md show them. Their text is masked.
    Threads triaged before they existed lack them.
    """

    root_cause: str
    actions: list[str]
    remediation: RemediationState | None
    category: NotRequired[str]
    signal: NotRequired[SignalState]
    confidence: NotRequired[str]
    explanation: NotRequired[str]


class ModelState(TypedDict):
    """What the model (LLM_BASE_URL, graph.nodes.consult) said and which parts were taken.

    `model` the model that answered (as the endpoint named it), `mode` how it was asked
    (json_schema, json_object, prompt; None when no request was answered). `category`,
    `root_cause`, `actions`, `remediation` (`{kind, factor, target}`): its answer, masked,
    shown even where it was not taken. `used` the parts the incident took from it (category,
    root_cause, actions, remediation; empty: none); `agreed` whether its category is the
    rules' (None without an answer); `notes` why something was not taken; `failure` why there
    is no answer (graph.llm.client.FAILURES); `seconds`, `tokens` (prompt, completion) and
    `cached` how it was got.
    """

    model: str
    mode: str | None
    used: list[str]
    category: str | None
    root_cause: str
    actions: list[str]
    remediation: dict[str, Any] | None
    agreed: bool | None
    notes: list[str]
    failure: str | None
    seconds: float
    tokens: list[int]
    cached: bool


def model_chose_fix(state: Mapping[str, Any]) -> bool:
    """Whether the model chose the proposed values change (its kind, size or category)."""
    used = (state.get("llm") or {}).get("used") or []
    return "remediation" in used or ("category" in used and state.get("remediation") is not None)


class Proposal(TypedDict):
    """What the human is asked to approve.

    `diff` is empty when no safe values change exists; `refusal` then says why. An
    `advice_only` proposal is for a category no values change remedies: root cause and
    actions only, no diff, an empty `diff_sha256`, no refusal, and nothing to approve.
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
    advice_only: NotRequired[bool]
    sizing: NotRequired[SizingState]  # how evidence (and learning) sized the value


class SizingState(TypedDict):
    """How a proposed value was sized from evidence (graph.evidence.sizing.Sizing).

    `setting` memory, cpu, replicas or maxReplicas; `target` / `request` the sized values
    (None: unchanged, the step rule applied); `source` evidence, learned or none; `bound` the
    guardrail that capped it (max_scale_factor, max_memory, max_cpu, max_replicas) or None;
    `reason` one line (`peak 1.71 GiB over 7 d, limit 1 GiB → 2.25 GiB (…)`).
    """

    setting: str
    target: str | None
    request: str | None
    source: str
    bound: str | None
    reason: str


class Decision(TypedDict):
    """The resume value of the approval interrupt."""

    decision: DecisionKind
    user: str
    comment: str
    overrides: dict[str, str]
    diff_sha256: str
    policy: NotRequired[str]  # the approval policy rule that applied (not the default)


class AdviceEvent(TypedDict):
    """The resume value of the advise interrupt: the alerts resolved, or a person
    acknowledged the advice (`user`, `comment`: empty when not given)."""

    event: AdviceEventKind
    user: NotRequired[str]
    comment: NotRequired[str]


class PullRequestState(TypedDict):
    """The pull request (GitHub) or merge request (GitLab) opened for the change."""

    number: int
    url: str


class DeliveryState(TypedDict):
    """How the approved change travels when GIT_DELIVERY is branch or pull_request.

    `branch` holds the decision commit (`head_sha`) on top of `base`; `pull_request` is set
    once one is open; `error` says why opening it failed (the runner retries); `merged_by` /
    `closed_by` who ended it; `merged_diff` the values diff that was merged when a reviewer
    edited the branch (the record and learning use it instead of the proposal's).
    """

    mode: DeliveryMode
    branch: str
    base: str
    head_sha: str
    base_sha: str  # the commit of `base` the change was made on
    pull_request: NotRequired[PullRequestState | None]
    error: NotRequired[str | None]
    merged_by: NotRequired[str]
    closed_by: NotRequired[str]
    merged_diff: NotRequired[str]


class MergeEvent(TypedDict):
    """The resume value of the merge interrupt (graph.nodes.merge).

    `opened` (with `pull_request`), `open_failed` (with `reason`), `merged` (with `sha`: the
    commit on GIT_BRANCH that carries the change, `by`, and `diff`: the values diff that was
    merged) or `closed` unmerged (with `by`).
    """

    event: MergeEventKind
    pull_request: NotRequired[PullRequestState]
    reason: NotRequired[str]
    sha: NotRequired[str]
    by: NotRequired[str]
    diff: NotRequired[str]


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
    advice_event: NotRequired[AdviceEvent]  # what ended an advice-only incident
    regrouping: NotRequired[bool]  # the approval was resumed with joined alerts
    reproposal_note: NotRequired[str]  # why the proposal was re-made ("re-proposed: …")
    commit_sha: NotRequired[str]
    delivery: NotRequired[DeliveryState]  # GIT_DELIVERY branch / pull_request only
    # The Alertmanager silences made for the incident's alerts, one line each; the runner
    # puts them in with every resume (Command.update), so the record lists them.
    silences: NotRequired[list[str]]
    outcome: NotRequired[Outcome]
    outcome_sha: NotRequired[str]
    reason: NotRequired[str]
    # What the enrich node gathered: graph.evidence.model.Evidence.to_dict() (masked log
    # lines; `missing` says what is missing and why). Absent without evidence configured or
    # a workload to ask about.
    enrichment: NotRequired[dict[str, Any]]
    # How verify decided (graph.nodes.verify): checked (bool), language, expr, reason,
    # matching (labels of up to 5 series still matching), at (unix seconds).
    verification: NotRequired[dict[str, Any]]
    # What the model said and which parts were taken (graph.nodes.consult; LLM_BASE_URL).
    llm: NotRequired[ModelState]


def incident_alerts(state: IncidentInput) -> list[AlertSnapshot]:
    """Every alert of the incident, the opening one first (`[alert]` for an older thread)."""
    return list(state.get("alerts") or [state["alert"]])


def incident_fingerprints(state: IncidentInput) -> list[str]:
    """The fingerprints of every alert of the incident, each once, in the order they came."""
    return list(dict.fromkeys(f for a in incident_alerts(state) for f in a["fingerprints"]))


def merged_overrides(modifications: list[Decision]) -> dict[str, str]:
    """The values people set in modify decisions (oldest first): a later one wins."""
    merged: dict[str, str] = {}
    for modification in modifications:
        merged.update(modification["overrides"])
    return merged
