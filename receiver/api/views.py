"""What the incident API returns: the list item, one incident's status and its full detail.

Every answer is masked in one place, `masked`, as it is built: each string of each field —
labels, tenant, app, free text, summaries, feedback files, trailers — goes through
graph.masking, whatever it came from (memory, git written before masking existed or edited by
hand). Ids, shas and fingerprints never look like secrets, so they come out as they went in;
`diff_sha256` stays the sha of the real diff, which is what gets approved."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from graph.git.commits import Commit
from graph.git.items import Detail
from graph.masking import mask_secrets, mask_value
from receiver.incidents.listing import Entry
from receiver.incidents.model import Incident, field_names, incident_facts, shaped
from receiver.silences.records import SilenceRecord


class Counters(msgspec.Struct, frozen=True):
    """How many alerts an incident has seen: distinct alerts, repeats, resolved, firing."""

    alerts: int
    repeats: int
    resolved: int
    firing: int
    events: int


class AlertView(msgspec.Struct, frozen=True):
    """One alert of an incident: its rule's name, its fingerprint and whether it still fires."""

    name: str
    fingerprint: str
    status: str


class SignalView(msgspec.Struct, frozen=True):
    """What decided the incident's category: `kind` (catalogue, label, log_line, text,
    korean, none) and `detail` (the catalogue entry and its source, the label, or the
    deciding line quoted)."""

    kind: str
    detail: str


class IncidentView(msgspec.Struct, frozen=True):
    """An incident as the API shows it. `cluster` is null when its alerts name none (a
    single-cluster setup); `alertname` is the opening alert's, `alerts` every alert of it.
    `signal`, `confidence` (high, medium, low) and `explanation` ("classified as X because
    …") say why the analysis chose its category: null and empty until it ran."""

    id: str
    status: str
    sources: list[str]
    tenant: str
    cluster: str | None
    namespace: str
    app: str
    alertname: str
    fingerprints: list[str]
    alert_list: list[AlertView] = msgspec.field(name="alerts")
    counters: Counters
    first_seen: datetime
    last_seen: datetime
    signal: SignalView | None
    confidence: str
    explanation: str


class IncidentStatusView(IncidentView, frozen=True):
    """One incident with what its workflow found, proposed and committed so far.

    `alerts_resolved` is true once every alert of the incident resolved (also while the
    proposal still waits for a decision). `evidence` is what Prometheus and Loki said about
    the workload and which evidence is missing and why (graph.evidence.view), once gathered.
    `advice_only`: root cause and actions, no diff and nothing to approve (`advising` until
    acknowledged or its alerts resolve); `reproposal_note` says why the proposal was made
    again after alerts joined. `delivery` (GIT_DELIVERY branch / pull_request): the branch,
    `pull_request` {number, url} once open, `error` why opening it failed, `merged_by` /
    `closed_by`; `approvals` who approved so far; `policy` the approval policy that applies
    (rule, action, approvals needed, `applies_at` for an auto-approval's veto window);
    `silences`: the Alertmanager silences made for its alerts (receiver.silences), expired
    ones included. `llm` (LLM_BASE_URL only): the model that answered, what it said, `used`
    (the parts of the analysis taken from it: category, root_cause, actions, remediation),
    `agreed`, and `notes` saying what was not taken and why (graph.state.ModelState)."""

    category: str
    severity: str
    root_cause: str
    actions: list[str]
    diff: str
    diff_sha256: str
    change_summary: str
    notes: list[str]
    refusal: str | None
    commit_sha: str | None
    outcome_sha: str | None
    commit_shas: list[str]
    reason: str | None
    alerts_resolved: bool
    updated: datetime | None
    learned_from: list[str]
    advice_only: bool
    reproposal_note: str
    slack_channel: str | None
    slack_ts: str | None
    evidence: dict[str, Any] | None = None
    delivery: dict[str, Any] | None = None
    approvals: list[str] = msgspec.field(default_factory=list)
    policy: dict[str, Any] | None = None
    silences: list[SilenceRecord] = []
    llm: dict[str, Any] | None = None


def incident_view(incident: Incident) -> IncidentView:
    """The API view of `incident` (not masked: see `masked`)."""
    return _view(IncidentView, incident)


def incident_status_view(incident: Incident) -> IncidentStatusView:
    """The status view of `incident`: the list view plus the workflow's live view, masked."""
    return masked(_view(IncidentStatusView, incident))


Shown = TypeVar("Shown", IncidentView, IncidentStatusView)


def _view(shape: type[Shown], incident: Incident) -> Shown:
    facts = incident_facts(incident)
    signal = facts["signal"]
    return shaped(
        shape,
        facts,
        counters=shaped(Counters, facts),
        alert_list=[
            AlertView(alert.name, fingerprint, alert.status.value)
            for fingerprint, alert in incident.alerts.items()
        ],
        signal=SignalView(signal.get("kind", ""), signal.get("detail", "")) if signal else None,
    )


class ListItem(msgspec.Struct, frozen=True):
    """One incident of the list. `live` is true when this process is working on it (or just
    finished it); only then are tenant, cluster, alertname, sources, fingerprints, alerts,
    counters and why the category was chosen (`signal`, `confidence`, `explanation`) known."""

    id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    created: datetime
    updated: datetime
    commits: list[str]
    decision: str | None
    live: bool
    tenant: str | None = None
    cluster: str | None = None
    alertname: str | None = None
    sources: list[str] | None = None
    fingerprints: list[str] | None = None
    alert_list: list[AlertView] | None = msgspec.field(default=None, name="alerts")
    counters: Counters | None = None
    signal: SignalView | None = None
    confidence: str | None = None
    explanation: str | None = None


class IncidentPage(msgspec.Struct, frozen=True):
    """One page of incidents, newest first; pass `next_cursor` as `cursor` for the next."""

    items: list[ListItem]
    next_cursor: str | None


class CommitView(msgspec.Struct, frozen=True):
    """One commit of an incident, with its git trailers (key → value)."""

    sha: str
    subject: str
    author: str
    date: datetime
    trailers: dict[str, str]


class IncidentDetail(msgspec.Struct, frozen=True):
    """One incident in full. `summary` is the parsed summary.md (front matter keys plus
    root_cause, actions, feedback and sections), null before the first commit; `diff` is the
    committed changes.diff, or the proposed diff while it awaits a decision; `feedback` maps
    each feedback file's name to its JSON (or `{"raw": text}` when it does not parse)."""

    item: ListItem
    summary: dict[str, Any] | None
    diff: str
    feedback: dict[str, Any]
    commits: list[CommitView]


def list_item(entry: Entry) -> ListItem:
    """The API view of a list entry, masked."""
    return masked(_list_item(entry))


def _list_item(entry: Entry) -> ListItem:
    """A list entry as the API shows it: git's item, and the live facts when there are some."""
    facts: dict[str, Any] = dict.fromkeys(_LIVE_ONLY)
    if entry.incident is not None:
        view = incident_view(entry.incident)
        facts.update({name: getattr(view, name) for name in _LIVE_ONLY})
    item = entry.item
    facts.update({name: getattr(item, name) for name in field_names(item)})
    return shaped(ListItem, facts, commits=list(item.commits), live=entry.incident is not None)


_LIVE_ONLY = (
    "tenant",
    "cluster",
    "alertname",
    "sources",
    "fingerprints",
    "alert_list",
    "counters",
    "signal",
    "confidence",
    "explanation",
)


def incident_detail(entry: Entry, detail: Detail | None) -> IncidentDetail:
    """The detail view, masked: git's side when there is one, the live proposal otherwise."""
    live_diff = entry.incident.live.diff if entry.incident is not None else ""
    if detail is None:
        return masked(
            IncidentDetail(
                item=_list_item(entry), summary=None, diff=live_diff, feedback={}, commits=[]
            )
        )
    return masked(
        IncidentDetail(
            item=_list_item(entry),
            summary=detail.summary,
            diff=detail.diff or (live_diff if not detail.summary else ""),
            feedback={name: _json(text) for name, text in detail.feedback.items()},
            commits=[_commit_view(c) for c in detail.commits],
        )
    )


View = TypeVar("View", bound=msgspec.Struct)


# The same strings are served again and again (labels and names in every list, a proposal's
# diff on every status poll), so masking is cached: many short strings, a few long ones
# (at most ~10 MB and ~8 MB held).
@functools.lru_cache(maxsize=8192)
def _mask_short(text: str) -> str:
    return mask_secrets(text)


@functools.lru_cache(maxsize=64)
def _mask_long(text: str) -> str:
    return mask_secrets(text)


def _mask_text(text: str) -> str:
    if len(text) <= 512:
        return _mask_short(text)
    return _mask_long(text) if len(text) <= 65_536 else mask_secrets(text)


def masked(view: View) -> View:
    """`view` with every string it carries masked (graph.masking), at any depth; a value
    under a secret-looking key of a mapping (a label, a JSON key) is masked whole."""
    result: View = _masked_value(view)
    return result


def _masked_value(value: Any) -> Any:
    if isinstance(value, str):
        return _mask_text(value)
    if isinstance(value, msgspec.Struct):
        fields = {name: _masked_value(getattr(value, name)) for name in value.__struct_fields__}
        return msgspec.structs.replace(value, **fields)
    if isinstance(value, list):
        return [_masked_value(item) for item in value]
    if isinstance(value, dict):  # JSON from git, labels, trailers: no structs inside
        return mask_value(value, _mask_text)
    return value


def _commit_view(commit: Commit) -> CommitView:
    return CommitView(
        sha=commit.sha,
        subject=commit.subject,
        author=commit.author,
        date=commit.date,
        trailers=dict(commit.trailers),
    )


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return {"raw": text}
