"""Rule-based analysis of an incident (pure): its alerts and log → category, root cause,
actions, values change, and the signal that decided.

Signals, in order of trust, each named in the result:

1. `catalogue` — the alert's name in a public rule set (`graph.analysis.catalogue`);
2. `label` — a structured label that names a cause (`reason="OOMKilled"`, `condition=…`);
3. `log_line` / `text` — the log and the alert's own text, read line by line
   (`graph.analysis.lines`: non-evidence lines skipped, the final error block deciding);
   an alert name outside the catalogue is read as words, below its summary;
4. `korean` — Korean phrasing (`graph.analysis.korean`).

Across signals and alerts a cause outranks a symptom (an OOM kill explains a crash loop, a
volume that will not mount explains a pod that is not ready), then trust, then the
taxonomy's ranking. A resolved alert counts less than a firing one. A result built on weak
hints only is `unknown` with low confidence: the analyzer says it does not know rather than
guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from graph.analysis import lines as reading
from graph.analysis import signals
from graph.analysis.guidance import (
    GUIDANCE,
    LOAD_HINT,
    NO_LOAD_REASON,
    NODE_DISK_REASON,
    NODE_MEMORY_REASON,
    REMEDIATION_ACTIONS,
    REMEDIATIONS,
)
from graph.analysis.naming import Subject, dependency, fill_ins, resource, subject
from graph.analysis.rules import Rule
from graph.analysis.signals import (
    HIGHEST_TRUST,
    TEXT_ANNOTATIONS,
    AlertInput,
    Candidate,
    normalize_alert_status,
    quote,
    supporters_of,
)
from graph.analysis.taxonomy import CATEGORIES, RANK, SEVERITIES, is_cause, normalize_severity
from graph.patching.remediation import Remediation, RemediationKind
from graph.workload import workload_of

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "AlertInput",
    "Analysis",
    "Signal",
    "analyze",
    "analyze_incident",
    "normalize_severity",
    "remediation_action",
]

SIGNAL_KINDS = ("catalogue", "label", "log_line", "text", "korean", "none")
CONFIDENCES = ("high", "medium", "low")
_EMPTY: Mapping[str, str] = MappingProxyType({})
_MAX_EVIDENCE = 5
_MAX_FRAGMENTS = 3
_MAX_FRAGMENT_CHARS = 80
_KIND_POSITION = MappingProxyType(
    {"catalogue": 0, "name": 0, "label": 1, "text": 2, "korean": 3, "log_line": 4}
)
_NAMING_CHARS = 1024  # of each text, where workload names and load hints are looked for
_MAX_ALERTS_NAMED = 8
_NODE_LABELS = ("mountpoint", "device", "fstype")
_WORKLOAD_SCOPE_LABELS = ("persistentvolumeclaim", "pod", "container", "app", "deployment")
_SEVERITY_ORDER = MappingProxyType({s: n for n, s in enumerate(SEVERITIES)})


@dataclass(frozen=True, slots=True)
class Signal:
    """What decided the category: `kind` is one of SIGNAL_KINDS, `detail` a short human
    phrase (`alert KubePodOOMKilled (kubernetes-mixin)`, `label reason="OOMKilled"`, or the
    deciding line quoted, secrets masked, at most ~200 characters)."""

    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the analyzer concluded about an incident. `remediation` is None when the fix needs
    a person; `actions` then start with why. `evidence` holds the input lines (stripped) and
    labels that support the category; it is empty for `unknown`. `signal`, `confidence`
    (high, medium, low) and `explanation` say why the category was chosen."""

    category: str
    severity: str
    app: str
    namespace: str
    root_cause: str
    actions: tuple[str, ...]
    remediation: Remediation | None
    evidence: tuple[str, ...]
    signal: Signal = Signal("none", "")
    confidence: str = "low"
    explanation: str = ""


def analyze(
    log_text: str,
    labels: Mapping[str, str] = _EMPTY,
    annotations: Mapping[str, str] = _EMPTY,
) -> Analysis:
    """Analyse one firing alert (its labels and annotations) with the text it came with.

    `log_text` may be the alert's own text (alertname, summary, description, as the receiver
    builds it) or a pasted log or event excerpt; the lines it shares with the alert are read
    once. Of a text longer than 24 KiB its head and tail are read. Never raises; the category
    is one of CATEGORIES and the severity one of SEVERITIES.
    """
    return analyze_incident([AlertInput(labels, annotations)], log_text)


def analyze_incident(alerts: Sequence[AlertInput], log_text: str = "") -> Analysis:
    """Analyse an incident: all its alerts and the optional log together, cause over symptom
    (see the module docstring). Never raises; the category is one of CATEGORIES and the
    severity one of SEVERITIES."""
    try:
        return _analyze(list(alerts), log_text)
    except Exception:
        return _unknown(list(alerts), log_text, None, "analysis failed on this input")


def _analyze(alerts: list[AlertInput], log_text: str) -> Analysis:
    candidates = signals.collect(alerts, log_text)
    chosen = signals.choose(candidates, alerts)
    if chosen is None or chosen.weak or chosen.category == "unknown":
        return _unknown(alerts, log_text, chosen, "")
    return _build(chosen, candidates, alerts, log_text)


# --- building the result -------------------------------------------------------------------


def _build(
    chosen: Candidate,
    candidates: Sequence[Candidate],
    alerts: Sequence[AlertInput],
    log_text: str,
) -> Analysis:
    supporters = supporters_of(chosen, candidates)
    evidence = _evidence(chosen, supporters)
    hits = [h for c in supporters if c.kind != "name" for h in c.hits]
    hits = hits or [h for c in supporters for h in c.hits]
    rule = _finding_rule(hits)
    all_text = _all_text(alerts, log_text, evidence)
    subj = _subject(alerts, chosen, all_text)
    remediation, why_manual = _remediation(chosen, rule, supporters, alerts, all_text)
    fill = fill_ins(
        subj,
        dependency=dependency(evidence, all_text)
        if chosen.category in ("connection_error", "dependency_limit")
        else "",
        resource=resource("\n".join(evidence)),
    )
    guidance = GUIDANCE[chosen.category]
    finding = (rule.finding if rule and rule.finding else guidance.finding).format_map(fill)
    root_cause = f"{subj.app or 'The workload'} {finding}"
    fragments = _fragments(hits)
    if fragments:
        root_cause += f" ({', '.join(fragments)})"
    confidence = _confidence(chosen, supporters)
    signal = Signal(_public_kind(chosen.kind), chosen.detail)
    return Analysis(
        category=chosen.category,
        severity=_severity(alerts, guidance.severity),
        app=subj.app,
        namespace=subj.namespace,
        root_cause=root_cause + ".",
        actions=_actions(chosen.category, remediation, why_manual, fill),
        remediation=remediation,
        evidence=evidence,
        signal=signal,
        confidence=confidence,
        explanation=_explanation(chosen, candidates),
    )


def _evidence(chosen: Candidate, supporters: Sequence[Candidate]) -> tuple[str, ...]:
    """Up to five distinct supporting lines or labels in input order, the deciding one kept."""
    lines: list[str] = []
    for candidate in sorted(supporters, key=_input_position):
        for line in candidate.evidence:
            if line and line not in lines:
                lines.append(line)
    deciding = chosen.evidence[-1] if chosen.kind in ("log_line", "text") else chosen.evidence[0]
    if chosen.hits:
        deciding = next((h.line for h in chosen.hits if quote(h.line) == chosen.detail), deciding)
    kept = lines[:_MAX_EVIDENCE]
    if deciding and deciding not in kept:
        kept = [*kept[: _MAX_EVIDENCE - 1], deciding]
    return tuple(kept)


def _input_position(candidate: Candidate) -> tuple[int, int]:
    """Where a candidate's evidence sits in the input: alert by alert (its name, its labels,
    its text), the log last."""
    alert = candidate.alert if candidate.alert >= 0 else 1 << 30
    return alert, _KIND_POSITION.get(candidate.kind, 5)


def _finding_rule(hits: Sequence[reading.Hit]) -> Rule | None:
    named = [h.rule for h in hits if h.rule.finding or h.rule.remediation or h.rule.advice_only]
    return named[0] if named else (hits[0].rule if hits else None)


def _fragments(hits: Sequence[reading.Hit]) -> list[str]:
    fragments: list[str] = []
    for hit in hits:
        for fragment in hit.fragments:
            known = {f.casefold() for f in fragments}
            if fragment.casefold() not in known and len(fragments) < _MAX_FRAGMENTS:
                fragments.append(fragment[:_MAX_FRAGMENT_CHARS])
    return fragments


def _all_text(alerts: Sequence[AlertInput], log_text: str, evidence: Sequence[str] = ()) -> str:
    """The text names and load hints are looked for in, bounded: the alerts' own texts, the
    evidence, and the head and tail of the log."""
    parts = []
    for alert in alerts[:_MAX_ALERTS_NAMED]:
        parts.append(alert.labels.get("alertname", ""))
        parts += [alert.annotations.get(key, "")[:_NAMING_CHARS] for key in TEXT_ANNOTATIONS]
    parts += evidence
    if len(log_text) > 2 * _NAMING_CHARS:
        parts += [log_text[:_NAMING_CHARS], log_text[-_NAMING_CHARS:]]
    else:
        parts.append(log_text)
    return "\n".join(p for p in parts if p)


def _subject(alerts: Sequence[AlertInput], chosen: Candidate, text: str) -> Subject:
    """The workload of the alert that decided, else of the first alert that names one."""
    order = list(range(len(alerts)))
    if 0 <= chosen.alert < len(alerts):
        order.remove(chosen.alert)
        order.insert(0, chosen.alert)
    for index in order:
        if workload_of(alerts[index].labels):
            return subject(alerts[index].labels, text)
    return subject(alerts[order[0]].labels if order else _EMPTY, text)


def _remediation(
    chosen: Candidate,
    rule: Rule | None,
    supporters: Sequence[Candidate],
    alerts: Sequence[AlertInput],
    text: str,
) -> tuple[Remediation | None, str]:
    category = chosen.category
    guidance = GUIDANCE[category]
    if rule is not None and rule.category == category and rule.advice_only:
        return None, rule.why_manual or guidance.why_manual
    remediation = REMEDIATIONS.get(category)
    if rule is not None and rule.category == category and rule.remediation is not None:
        remediation = rule.remediation
    if category in ("oom", "disk_full") and _node_scoped(supporters, alerts):
        return None, NODE_MEMORY_REASON if category == "oom" else NODE_DISK_REASON
    if remediation is None:
        return None, guidance.why_manual
    if remediation.kind is RemediationKind.SCALE_OUT and not LOAD_HINT.search(text):
        return None, NO_LOAD_REASON
    return remediation, ""


def _node_scoped(supporters: Sequence[Candidate], alerts: Sequence[AlertInput]) -> bool:
    """Whether the memory or disk in question is a node's, not the workload's."""
    if any(c.entry is not None and c.entry.node_scope for c in supporters):
        return True
    for candidate in supporters:
        if 0 <= candidate.alert < len(alerts):
            labels = alerts[candidate.alert].labels
            if any(labels.get(k) for k in _NODE_LABELS) and not any(
                labels.get(k) for k in _WORKLOAD_SCOPE_LABELS
            ):
                return True
    return False


def _confidence(chosen: Candidate, supporters: Sequence[Candidate]) -> str:
    if chosen.kind in ("catalogue", "label") and chosen.trust >= HIGHEST_TRUST:
        return "high"
    kinds = {c.kind for c in supporters}
    if len(kinds) >= 2 or (chosen.kind in ("log_line", "text") and chosen.trust >= 4):
        return "high" if len(kinds) >= 2 else "medium"
    return "medium"


def _public_kind(kind: str) -> str:
    return "text" if kind == "name" else kind


def _explanation(chosen: Candidate, candidates: Sequence[Candidate]) -> str:
    reason = _reason(chosen)
    symptoms = [
        c
        for c in candidates
        if not c.weak
        and c.category not in (chosen.category, "unknown")
        and not is_cause(c.category)
    ]
    if symptoms and is_cause(chosen.category):
        shown = sorted({c.category for c in symptoms}, key=lambda c: RANK[c])
        reason += f", the cause of the {' and '.join(shown)} also seen"
    return f"classified as {chosen.category} because {reason}"


def _reason(chosen: Candidate) -> str:
    if chosen.kind == "catalogue":
        return f"{chosen.detail} names it"
    if chosen.kind == "label":
        return f"the {chosen.detail} names it"
    if chosen.kind == "name":
        return f"{chosen.detail} names it"
    if chosen.kind == "korean":
        return f"the Korean text {chosen.detail} names it"
    where = "log line" if chosen.kind == "log_line" else "alert text"
    return f"the {where} {chosen.detail} names it"


def _severity(alerts: Sequence[AlertInput], inferred: str) -> str:
    known = [
        normalize_severity(a.labels.get("severity", ""))
        for a in alerts
        if normalize_alert_status(a.status) == "firing"
    ]
    known = [s for s in known if s]
    return min(known, key=_SEVERITY_ORDER.__getitem__) if known else inferred


def _actions(
    category: str, remediation: Remediation | None, why_manual: str, fill: Mapping[str, str]
) -> tuple[str, ...]:
    if remediation is None:
        lead = f"No values change is proposed: {why_manual}."
    else:
        lead = remediation_action(remediation, fill["app"])
    steps = (step.format_map(fill) for step in GUIDANCE[category].actions)
    return (lead, *steps)


def remediation_action(remediation: Remediation, app: str) -> str:
    """The first action of a proposal that makes `remediation` to `app`, in words
    ("Raise the memory limit of grafana ×2 in its Helm values; …")."""
    fill = {"app": app or "the workload", "factor": f"{remediation.factor:g}"}
    return REMEDIATION_ACTIONS[remediation.kind].format_map(fill)


def _unknown(
    alerts: Sequence[AlertInput],
    log_text: str,
    chosen: Candidate | None,
    failure: str,
    candidates: Sequence[Candidate] = (),
) -> Analysis:
    guidance = GUIDANCE["unknown"]
    try:
        subj = subject(alerts[0].labels if alerts else _EMPTY, _all_text(alerts, log_text))
    except Exception:
        subj = Subject("", "", "")
    who = f"{subj.app} raised an alert that" if subj.app else "The alert"
    fill = fill_ins(subj, dependency="", resource="")
    lead = f"No values change is proposed: {guidance.why_manual}."
    signal, confidence, because = Signal("none", ""), "low", failure
    if chosen is not None and chosen.category == "unknown":
        signal, confidence = Signal(_public_kind(chosen.kind), chosen.detail), "high"
        because = f"{chosen.detail} is not a failure"
    elif chosen is not None and chosen.weak:
        signal = Signal(_public_kind(chosen.kind), chosen.detail)
        because = f"only a weak hint of {chosen.category} was found ({chosen.detail})"
    elif not because:
        because = "no alert name, label or line matched a known failure pattern"
    return Analysis(
        category="unknown",
        severity=_severity(alerts, guidance.severity) if alerts else guidance.severity,
        app=subj.app,
        namespace=subj.namespace,
        root_cause=f"{who} matches no known failure pattern; the cause needs a manual look.",
        actions=(lead, *(step.format_map(fill) for step in guidance.actions)),
        remediation=None,
        evidence=(),
        signal=signal,
        confidence=confidence,
        explanation=f"classified as unknown because {because}",
    )
