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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from graph.analysis import catalogue
from graph.analysis import labels as label_signals
from graph.analysis import lines as reading
from graph.analysis.guidance import (
    GUIDANCE,
    LOAD_HINT,
    NO_LOAD_REASON,
    NODE_DISK_REASON,
    NODE_MEMORY_REASON,
    REMEDIATION_ACTIONS,
    REMEDIATIONS,
)
from graph.analysis.korean import has_hangul, korean_category
from graph.analysis.naming import Subject, dependency, fill_ins, resource, subject
from graph.analysis.rules import Rule
from graph.analysis.taxonomy import CATEGORIES, RANK, SEVERITIES, is_cause, normalize_severity
from graph.masking import mask_secrets
from graph.remediation import Remediation, RemediationKind
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
_TEXT_ANNOTATIONS = ("summary", "description", "message")
_EMPTY: Mapping[str, str] = MappingProxyType({})
_MAX_EVIDENCE = 5
_MAX_FRAGMENTS = 3
_MAX_FRAGMENT_CHARS = 80
_MAX_DETAIL_CHARS = 200
_TRUST = MappingProxyType(
    {"catalogue": 6, "label": 6, "log_line": 4, "text": 4, "name": 3, "korean": 3}
)
_KIND_POSITION = MappingProxyType(
    {"catalogue": 0, "name": 0, "label": 1, "text": 2, "korean": 3, "log_line": 4}
)
_RESOLVED_PENALTY = 2
_NAMING_CHARS = 1024  # of each text, where workload names and load hints are looked for
_MAX_ALERTS_NAMED = 8
_MIN_TRUST_FOR_CAUSE = 3
# An alert name as rules spell them: CamelCase with at least two humps (KubePodOOMKilled).
_CAMEL_NAME = re.compile(r"[A-Z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+|[a-z]+(?:[A-Z][a-z0-9]*)+")
_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*(?:\([^)\n]*\)|[<>]\S*)?")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|[_.:-]+")
_NODE_LABELS = ("mountpoint", "device", "fstype")
_WORKLOAD_SCOPE_LABELS = ("persistentvolumeclaim", "pod", "container", "app", "deployment")
_SEVERITY_ORDER = MappingProxyType({s: n for n, s in enumerate(SEVERITIES)})


@dataclass(frozen=True, slots=True)
class AlertInput:
    """One alert of an incident as the analyzer reads it. `status` is `firing` or `resolved`
    (a resolved alert counts less)."""

    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    status: str = "firing"


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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One signal's vote for a category."""

    category: str
    kind: str  # catalogue, label, log_line, text, name, korean
    trust: int
    detail: str
    evidence: tuple[str, ...]
    hits: tuple[reading.Hit, ...]
    alert: int  # index of the alert it came from; -1 for the log
    order: int
    weak: bool = False
    entry: catalogue.Entry | None = None


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


def normalize_alert_status(status: str) -> str:
    """`resolved` or `firing`."""
    return "resolved" if status.strip().lower() == "resolved" else "firing"


# --- collecting the candidates ---------------------------------------------------------------


def _analyze(alerts: list[AlertInput], log_text: str) -> Analysis:
    candidates: list[_Candidate] = []
    for index, alert in enumerate(alerts):
        candidates += _alert_candidates(index, alert, len(candidates))
    log_lines = _log_lines(alerts, log_text)
    candidates += _log_candidates(log_lines, len(candidates))
    if not alerts or not alerts[0].labels.get("alertname"):
        candidates += _first_line_name(log_text, len(candidates))
    chosen = _choose(candidates, alerts)
    if chosen is None or chosen.weak or chosen.category == "unknown":
        return _unknown(alerts, log_text, chosen, "", candidates)
    return _build(chosen, candidates, alerts, log_text)


def _alert_candidates(index: int, alert: AlertInput, order: int) -> list[_Candidate]:
    labels = alert.labels
    resolved = normalize_alert_status(alert.status) == "resolved"
    found: list[_Candidate] = []
    name = labels.get("alertname", "").strip()
    entry = catalogue.lookup(name)
    if entry is not None and entry.category != catalogue.DEFER:
        detail = f"alert {name} ({entry.source})"
        found.append(_candidate(entry.category, "catalogue", detail, (name,), index, resolved))
        found[-1] = _with_entry(found[-1], entry)
    signal = label_signals.label_signal(labels)
    if signal is not None:
        detail = f"label {signal.detail}"
        found.append(
            _candidate(signal.category, "label", detail, (signal.detail,), index, resolved)
        )
    if entry is not None and entry.category == "unknown":
        # A rule set declares this alert no failure: its text describes a healthy state
        # ("memory usage is under 20 %", "the pipeline is functional").
        return [_ordered(c, order + n) for n, c in enumerate(found)]
    texts = [alert.annotations.get(key, "") for key in _TEXT_ANNOTATIONS]
    text_lines = reading.window("\n".join(t for t in texts if t))
    said = _text_candidates(text_lines, "text", index, resolved)
    if entry is not None and entry.category != catalogue.DEFER:
        # A catalogued rule's own text may name a cause (its reason), not another symptom.
        said = [c for c in said if c.category == entry.category or is_cause(c.category)]
    found += said
    if name and entry is None:
        # The name of a rule nobody here wrote is a weaker signal than its summary: when they
        # disagree, the summary is the truth.
        told = {c.category for c in said if not c.weak}
        found += [
            c for c in _name_candidates(name, index, resolved) if not told or c.category in told
        ]
    return [_ordered(c, order + n) for n, c in enumerate(found)]


def _candidate(
    category: str,
    kind: str,
    detail: str,
    evidence: tuple[str, ...],
    alert: int,
    resolved: bool,
    hits: tuple[reading.Hit, ...] = (),
    weak: bool = False,
) -> _Candidate:
    trust = _TRUST[kind] - (_RESOLVED_PENALTY if resolved else 0)
    return _Candidate(category, kind, trust, detail, evidence, hits, alert, 0, weak)


def _with_entry(candidate: _Candidate, entry: catalogue.Entry) -> _Candidate:
    return _Candidate(
        candidate.category,
        candidate.kind,
        candidate.trust,
        candidate.detail,
        candidate.evidence,
        candidate.hits,
        candidate.alert,
        candidate.order,
        candidate.weak,
        entry,
    )


def _ordered(candidate: _Candidate, order: int) -> _Candidate:
    return _Candidate(
        candidate.category,
        candidate.kind,
        candidate.trust,
        candidate.detail,
        candidate.evidence,
        candidate.hits,
        candidate.alert,
        order,
        candidate.weak,
        candidate.entry,
    )


def _text_candidates(
    text_lines: Sequence[str], kind: str, alert: int, resolved: bool
) -> list[_Candidate]:
    """The verdict of a text (English) and of its Korean lines."""
    found: list[_Candidate] = []
    verdict = reading.verdict(text_lines)
    if verdict is not None:
        evidence = tuple(h.line for h in verdict.hits)
        detail = _quote(verdict.deciding.line)
        found.append(
            _candidate(
                verdict.category,
                kind,
                detail,
                evidence,
                alert,
                resolved,
                verdict.hits,
                verdict.weak,
            )
        )
    korean = _korean(text_lines)
    if korean is not None:
        category, line = korean
        found.append(_candidate(category, "korean", _quote(line), (line,), alert, resolved))
    return found


def _korean(text_lines: Sequence[str]) -> tuple[str, str] | None:
    """The category the Korean sentences of a text name (`graph.analysis.korean`)."""
    text = "\n".join(text_lines)
    if text.isascii():
        return None
    return korean_category("\n".join(line for line in text_lines if has_hangul(line)))


def _name_candidates(name: str, alert: int, resolved: bool) -> list[_Candidate]:
    """An alert name outside the catalogue, read as words (`HighMemoryUsage` → "High Memory
    Usage"): a weaker signal than the alert's own summary."""
    words = _CAMEL.sub(" ", name).strip()
    found: list[_Candidate] = []
    verdict = reading.verdict([words])
    if verdict is not None:
        detail = f"the alert name {name}"
        found.append(
            _candidate(
                verdict.category,
                "name",
                detail,
                (name,),
                alert,
                resolved,
                verdict.hits,
                verdict.weak,
            )
        )
    elif has_hangul(name):
        korean = korean_category(name)
        if korean is not None:
            found.append(_candidate(korean[0], "korean", _quote(name), (name,), alert, resolved))
    return found


def _log_lines(alerts: Sequence[AlertInput], log_text: str) -> list[str]:
    """The lines of the log that the alerts do not already say (the receiver hands an
    alert's own text over as its log)."""
    known: set[str] = set()
    for alert in alerts:
        known.add(alert.labels.get("alertname", "").strip())
        for key in _TEXT_ANNOTATIONS:
            known.update(line.strip() for line in alert.annotations.get(key, "").splitlines())
    return [line for line in reading.window(log_text) if line not in known]


def _log_candidates(log_lines: Sequence[str], order: int) -> list[_Candidate]:
    found = _text_candidates(log_lines, "log_line", -1, resolved=False)
    return [_ordered(c, order + n) for n, c in enumerate(found)]


def _first_line_name(log_text: str, order: int) -> list[_Candidate]:
    """A text whose first line is a lone alert name (a pasted alert, or the receiver's text of
    an alert whose labels were not passed) is read as that alert's name."""
    first = next((line.strip() for line in log_text[:1024].splitlines() if line.strip()), "")
    if not first or _NAME_TOKEN.fullmatch(first) is None:
        return []
    entry = catalogue.lookup(first)
    if entry is not None and entry.category == catalogue.DEFER:
        return []
    if entry is None:
        if _CAMEL_NAME.fullmatch(first) is None:
            return []
        found = _name_candidates(first, -1, resolved=False)
        return [_ordered(c, order + n) for n, c in enumerate(found)]
    detail = f"alert {first} ({entry.source})"
    found_entry = _candidate(entry.category, "catalogue", detail, (first,), -1, False)
    return [_ordered(_with_entry(found_entry, entry), order)]


# --- choosing ------------------------------------------------------------------------------


def _choose(candidates: Sequence[_Candidate], alerts: Sequence[AlertInput]) -> _Candidate | None:
    """Cause over symptom, then trust, then the taxonomy's ranking, then the first signal."""
    strong = [c for c in candidates if not c.weak]
    failures = [c for c in strong if c.category != "unknown"]
    if not failures:
        declared = [c for c in strong if c.category == "unknown"]
        if declared:
            return declared[0]
        weak = [c for c in candidates if c.weak]
        return weak[-1] if weak else None
    causes = [c for c in failures if is_cause(c.category) and c.trust >= _MIN_TRUST_FOR_CAUSE]
    if causes:
        return max(causes, key=lambda c: (c.trust, -RANK[c.category], -c.order))
    # Among symptoms one explains another too: a failing liveness probe explains the restarts,
    # a crash loop the rollout that does not finish.
    trusted = [c for c in failures if c.trust >= _MIN_TRUST_FOR_CAUSE] or failures
    return max(trusted, key=lambda c: (-RANK[c.category], c.trust, -c.order))


def _supporters(chosen: _Candidate, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    same = [c for c in candidates if c.category == chosen.category and not c.weak]
    return sorted(same, key=lambda c: c.order)


# --- building the result -------------------------------------------------------------------


def _build(
    chosen: _Candidate,
    candidates: Sequence[_Candidate],
    alerts: Sequence[AlertInput],
    log_text: str,
) -> Analysis:
    supporters = _supporters(chosen, candidates)
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


def _evidence(chosen: _Candidate, supporters: Sequence[_Candidate]) -> tuple[str, ...]:
    """Up to five distinct supporting lines or labels in input order, the deciding one kept."""
    lines: list[str] = []
    for candidate in sorted(supporters, key=_input_position):
        for line in candidate.evidence:
            if line and line not in lines:
                lines.append(line)
    deciding = chosen.evidence[-1] if chosen.kind in ("log_line", "text") else chosen.evidence[0]
    if chosen.hits:
        deciding = next((h.line for h in chosen.hits if _quote(h.line) == chosen.detail), deciding)
    kept = lines[:_MAX_EVIDENCE]
    if deciding and deciding not in kept:
        kept = [*kept[: _MAX_EVIDENCE - 1], deciding]
    return tuple(kept)


def _input_position(candidate: _Candidate) -> tuple[int, int]:
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
        parts += [alert.annotations.get(key, "")[:_NAMING_CHARS] for key in _TEXT_ANNOTATIONS]
    parts += evidence
    if len(log_text) > 2 * _NAMING_CHARS:
        parts += [log_text[:_NAMING_CHARS], log_text[-_NAMING_CHARS:]]
    else:
        parts.append(log_text)
    return "\n".join(p for p in parts if p)


def _subject(alerts: Sequence[AlertInput], chosen: _Candidate, text: str) -> Subject:
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
    chosen: _Candidate,
    rule: Rule | None,
    supporters: Sequence[_Candidate],
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


def _node_scoped(supporters: Sequence[_Candidate], alerts: Sequence[AlertInput]) -> bool:
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


def _confidence(chosen: _Candidate, supporters: Sequence[_Candidate]) -> str:
    if chosen.kind in ("catalogue", "label") and chosen.trust >= _TRUST["catalogue"]:
        return "high"
    kinds = {c.kind for c in supporters}
    if len(kinds) >= 2 or (chosen.kind in ("log_line", "text") and chosen.trust >= 4):
        return "high" if len(kinds) >= 2 else "medium"
    return "medium"


def _public_kind(kind: str) -> str:
    return "text" if kind == "name" else kind


def _explanation(chosen: _Candidate, candidates: Sequence[_Candidate]) -> str:
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


def _reason(chosen: _Candidate) -> str:
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


def _quote(line: str) -> str:
    masked = mask_secrets(line)
    if len(masked) > _MAX_DETAIL_CHARS:
        masked = masked[: _MAX_DETAIL_CHARS - 1] + "…"
    return f"“{masked}”"


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
    chosen: _Candidate | None,
    failure: str,
    candidates: Sequence[_Candidate] = (),
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
