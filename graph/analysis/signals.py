"""Signals of an incident (pure): what each alert's name, labels and text and the log say,
as candidates for a category, and the choice among them.

Each candidate names its kind and trust: the catalogue entry of the alert name and a
structured label (highest), the alert's text and the log read line by line, an alert name
outside the catalogue read as words, Korean phrasing. `choose` picks a cause over a symptom,
then trust, then the taxonomy's ranking; among symptoms one explains another (a failing
liveness probe explains the restarts). A resolved alert counts less than a firing one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from graph.analysis import catalogue
from graph.analysis import labels as label_signals
from graph.analysis import lines as reading
from graph.analysis.korean import has_hangul, korean_category
from graph.analysis.taxonomy import RANK, is_cause
from graph.masking import mask_secrets

TEXT_ANNOTATIONS = ("summary", "description", "message")
_MAX_DETAIL_CHARS = 200
_TRUST = MappingProxyType(
    {"catalogue": 6, "label": 6, "log_line": 4, "text": 4, "name": 3, "korean": 3}
)
HIGHEST_TRUST = _TRUST["catalogue"]
_MEASURED = frozenset({"high_error_rate", "high_latency"})
_RESOLVED_PENALTY = 2
_MIN_TRUST_FOR_CAUSE = 3
# An alert name as rules spell them: CamelCase with at least two humps (KubePodOOMKilled).
_CAMEL_NAME = re.compile(r"[A-Z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+|[a-z]+(?:[A-Z][a-z0-9]*)+")
_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*(?:\([^)\n]*\)|[<>]\S*)?")
_NAME_IN_TEXT = re.compile(r"(?<![\w.-])(?:[A-Z][a-z0-9]+|[a-z]+)(?:[A-Z]+[a-z0-9]*){2,}(?![\w.-])")
_NAMES_IN_TEXT_CHARS = 2048
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|[_.:-]+")


@dataclass(frozen=True, slots=True)
class AlertInput:
    """One alert of an incident as the analyzer reads it. `status` is `firing` or `resolved`
    (a resolved alert counts less)."""

    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    status: str = "firing"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One signal's vote for a category: its kind (catalogue, label, log_line, text, name,
    korean), trust, a short detail, the input lines that support it, the alert it came from
    (-1 for the log) and its position among all candidates."""

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
    availability: bool = False


def normalize_alert_status(status: str) -> str:
    """`resolved` or `firing`."""
    return "resolved" if status.strip().lower() == "resolved" else "firing"


def collect(alerts: Sequence[AlertInput], log_text: str) -> list[Candidate]:
    """Every candidate of an incident: its alerts in order, then the log."""
    candidates: list[Candidate] = []
    for index, alert in enumerate(alerts):
        candidates += _alert_candidates(index, alert, len(candidates))
    candidates += _log_candidates(_log_lines(alerts, log_text), len(candidates))
    if not alerts or not alerts[0].labels.get("alertname"):
        candidates += _first_line_name(log_text, len(candidates))
    elif not any(c.kind == "catalogue" for c in candidates):
        candidates += _names_in_text(log_text, len(candidates))
    return candidates


def _alert_candidates(index: int, alert: AlertInput, order: int) -> list[Candidate]:
    labels = alert.labels
    resolved = normalize_alert_status(alert.status) == "resolved"
    found: list[Candidate] = []
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
    texts = [alert.annotations.get(key, "") for key in TEXT_ANNOTATIONS]
    text_lines = reading.window("\n".join(t for t in texts if t))
    said = _text_candidates(text_lines, "text", index, resolved)
    if entry is not None and entry.category != catalogue.DEFER:
        # A catalogued rule's own text may name a cause (its reason), not another symptom.
        said = [c for c in said if c.category == entry.category or is_cause(c.category)]
    if signal is not None and signal.category in _MEASURED:
        # An SLO label says which measured symptom burns the budget (a latency SLO's alert
        # text still speaks of its "error budget").
        said = [c for c in said if c.category not in _MEASURED or c.category == signal.category]
    found += said
    if name and entry is None:
        # The name of a rule nobody here wrote is a weaker signal than its summary: when they
        # disagree, the summary is the truth.
        told = {c.category for c in said if not c.weak}
        found += [
            c
            for c in _name_candidates(name, index, resolved)
            if (not told or c.category in told)
            and not (signal and signal.category in _MEASURED and c.category in _MEASURED)
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
) -> Candidate:
    trust = _TRUST[kind] - (_RESOLVED_PENALTY if resolved else 0)
    return Candidate(category, kind, trust, detail, evidence, hits, alert, 0, weak)


def _with_entry(candidate: Candidate, entry: catalogue.Entry) -> Candidate:
    return replace(candidate, entry=entry, availability=entry.availability)


def _ordered(candidate: Candidate, order: int) -> Candidate:
    return replace(candidate, order=order)


def _text_candidates(
    text_lines: Sequence[str], kind: str, alert: int, resolved: bool
) -> list[Candidate]:
    """The verdict of a text (English) and of its Korean lines."""
    found: list[Candidate] = []
    verdict = reading.verdict(text_lines)
    if verdict is not None:
        evidence = tuple(h.line for h in verdict.hits)
        detail = quote(verdict.deciding.line)
        candidate = _candidate(
            verdict.category, kind, detail, evidence, alert, resolved, verdict.hits, verdict.weak
        )
        availability = all(h.rule.availability for h in verdict.hits)
        found.append(replace(candidate, availability=availability))
    korean = _korean(text_lines)
    if korean is not None:
        category, line = korean
        found.append(_candidate(category, "korean", quote(line), (line,), alert, resolved))
    return found


def _korean(text_lines: Sequence[str]) -> tuple[str, str] | None:
    """The category the Korean sentences of a text name (`graph.analysis.korean`)."""
    text = "\n".join(text_lines)
    if text.isascii():
        return None
    return korean_category("\n".join(line for line in text_lines if has_hangul(line)))


def _name_candidates(name: str, alert: int, resolved: bool) -> list[Candidate]:
    """An alert name outside the catalogue, read as words (`HighMemoryUsage` → "High Memory
    Usage"): a weaker signal than the alert's own summary."""
    words = _CAMEL.sub(" ", name).strip()
    found: list[Candidate] = []
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
            found.append(_candidate(korean[0], "korean", quote(name), (name,), alert, resolved))
    return found


def _log_lines(alerts: Sequence[AlertInput], log_text: str) -> list[str]:
    """The lines of the log that the alerts do not already say (the receiver hands an
    alert's own text over as its log)."""
    known: set[str] = set()
    for alert in alerts:
        known.add(alert.labels.get("alertname", "").strip())
        for key in TEXT_ANNOTATIONS:
            known.update(line.strip() for line in alert.annotations.get(key, "").splitlines())
    return [line for line in reading.window(log_text) if line not in known]


def _log_candidates(log_lines: Sequence[str], order: int) -> list[Candidate]:
    found = _text_candidates(log_lines, "log_line", -1, resolved=False)
    return [_ordered(c, order + n) for n, c in enumerate(found)]


def _first_line_name(log_text: str, order: int) -> list[Candidate]:
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


def _names_in_text(log_text: str, order: int) -> list[Candidate]:
    """A catalogued alert name inside a pasted text ("[FIRING:2] KubePersistentVolumeFillingUp
    shop") counts as the alert's name, with the trust of text."""
    for match in _NAME_IN_TEXT.finditer(log_text[:_NAMES_IN_TEXT_CHARS]):
        entry = catalogue.lookup(match.group(0))
        if entry is not None and entry.category not in (catalogue.DEFER, "unknown"):
            detail = f"alert {entry.name} ({entry.source}), named in the text,"
            found = _candidate(entry.category, "catalogue", detail, (match.group(0),), -1, False)
            found = replace(found, trust=_TRUST["text"])
            return [_ordered(_with_entry(found, entry), order)]
    return []


def choose(candidates: Sequence[Candidate], alerts: Sequence[AlertInput]) -> Candidate | None:
    """Cause over symptom, then trust, then the taxonomy's ranking, then the first signal."""
    strong = [c for c in candidates if not c.weak]
    failures = [c for c in strong if c.category != "unknown"]
    if not failures:
        declared = [c for c in strong if c.category == "unknown"]
        if declared:
            return declared[0]
        weak = [c for c in candidates if c.weak]
        return weak[-1] if weak else None
    causes = [c for c in failures if _is_cause(c) and c.trust >= _MIN_TRUST_FOR_CAUSE]
    if causes:
        return max(causes, key=lambda c: (c.trust, -RANK[c.category], -c.order))
    # Among symptoms one explains another too: a failing liveness probe explains the restarts,
    # a crash loop the rollout that does not finish and the target that is down.
    trusted = [c for c in failures if c.trust >= _MIN_TRUST_FOR_CAUSE] or failures
    return max(trusted, key=lambda c: (-_rank(c), c.trust, -c.order))


def _is_cause(candidate: Candidate) -> bool:
    return is_cause(candidate.category) and not candidate.availability


def _rank(candidate: Candidate) -> float:
    """The taxonomy's rank; a target or service reported down ranks just after a crash."""
    return RANK["crashloop"] + 0.5 if candidate.availability else RANK[candidate.category]


def supporters_of(chosen: Candidate, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The strong candidates of the chosen category, in input order."""
    same = [c for c in candidates if c.category == chosen.category and not c.weak]
    return sorted(same, key=lambda c: c.order)


def quote(line: str) -> str:
    """A line as a signal's detail: secrets masked, at most ~200 characters, in quotes."""
    masked = mask_secrets(line)
    if len(masked) > _MAX_DETAIL_CHARS:
        masked = masked[: _MAX_DETAIL_CHARS - 1] + "…"
    return f"“{masked}”"
