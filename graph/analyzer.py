"""Rule-based analysis (pure): alert text and labels → category, root cause, actions, fix.

The rule table lives in `graph/rules.py`; this module matches it and names things. The first
rule that matches any line wins, so a rule's lines are the evidence for its category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from graph.remediation import Remediation, RemediationKind
from graph.rules import GUIDANCE, LOAD_HINT, NO_LOAD_REASON, REMEDIATION_ACTIONS, RULES, Rule
from graph.workload import namespace_of, workload_from_pod, workload_of

CATEGORIES = (
    "oom",
    "crashloop",
    "image_pull",
    "cpu_throttling",
    "disk_full",
    "probe_failure",
    "high_error_rate",
    "high_latency",
    "connection_error",
    "cert_expiry",
    "too_many_open_files",
    "evicted",
    "config_error",
    "unknown",
)
SEVERITIES = ("critical", "high", "warning", "info")

_SEVERITY_ALIASES = MappingProxyType(
    {
        "critical": "critical",
        "page": "critical",
        "error": "high",
        "high": "high",
        "major": "high",
        "warning": "warning",
        "warn": "warning",
        "minor": "warning",
        "info": "info",
        "none": "info",
        "low": "info",
    }
)
_TEXT_ANNOTATIONS = ("summary", "description", "message")
_EMPTY: Mapping[str, str] = MappingProxyType({})
_MAX_EVIDENCE = 5
_MAX_FRAGMENTS = 3
_MAX_FRAGMENT_CHARS = 80
# Matching costs about 2 ms per KiB; alerts are well under 4 KiB, pasted logs may not be.
_MAX_HEAD_CHARS = 16 * 1024
_MAX_TAIL_CHARS = 48 * 1024


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the analyzer concluded about one alert. `remediation` is None when the fix needs a
    person; `actions` then start with why. `evidence` holds the input lines (stripped) that
    decided the category; it is empty for `unknown`."""

    category: str
    severity: str
    app: str
    namespace: str
    root_cause: str
    actions: tuple[str, ...]
    remediation: Remediation | None
    evidence: tuple[str, ...]


def analyze(
    log_text: str,
    labels: Mapping[str, str] = _EMPTY,
    annotations: Mapping[str, str] = _EMPTY,
) -> Analysis:
    """Classify an alert by the first rule of `graph.rules.RULES` that matches a line of its
    text, case-insensitively. The text searched is `log_text` plus the `alertname` label and
    the summary, description and message annotations when `log_text` lacks them; of a text
    longer than 64 KiB only the first 16 KiB and the last 48 KiB are read.

    Never raises; any input, empty included, gives an `Analysis` whose category is one of
    `CATEGORIES` and whose severity is one of `SEVERITIES`.
    """
    lines = _input_lines(log_text, labels, annotations)
    text = "\n".join(lines)
    rule = next((r for r in RULES if r.pattern.search(text)), None)
    subject = _subject(labels, text)
    if rule is None:
        return _unknown(labels, subject)

    evidence, fragments = _evidence(rule.pattern, lines)
    guidance = GUIDANCE[rule.category]
    remediation, why_manual = rule.remediation, rule.why_manual or guidance.why_manual
    if (
        remediation is not None
        and remediation.kind is RemediationKind.SCALE_OUT
        and not LOAD_HINT.search(text)
    ):
        remediation, why_manual = None, NO_LOAD_REASON

    fill = _fill_ins(subject, dependency=_dependency(evidence, text), resource=_resource(text))
    finding = (rule.finding or guidance.finding).format_map(fill)
    root_cause = f"{subject.app or 'The workload'} {finding}"
    if fragments:
        root_cause += f" ({', '.join(fragments)})"
    return Analysis(
        category=rule.category,
        severity=_severity(labels, guidance.severity),
        app=subject.app,
        namespace=subject.namespace,
        root_cause=root_cause + ".",
        actions=_actions(rule, remediation, why_manual, fill),
        remediation=remediation,
        evidence=evidence,
    )


def normalize_severity(value: str) -> str:
    """The canonical severity for a label value (`page` → critical, `warn` → warning, …), or
    empty when the value is not one of the known spellings."""
    return _SEVERITY_ALIASES.get(value.strip().lower(), "")


def _severity(labels: Mapping[str, str], inferred: str) -> str:
    return normalize_severity(labels.get("severity", "")) or inferred


def _input_lines(
    log_text: str, labels: Mapping[str, str], annotations: Mapping[str, str]
) -> list[str]:
    """The non-empty stripped lines to match: the text, then what the alert says that the
    text does not already contain (the alertname first)."""
    lines = [line.strip() for line in log_text.splitlines()]
    extra = [labels.get("alertname", ""), *(annotations.get(k, "") for k in _TEXT_ANNOTATIONS)]
    for value in extra:
        if value.strip() and value.strip() not in log_text:
            lines.extend(line.strip() for line in value.splitlines())
    return _bounded([line for line in lines if line])


def _bounded(lines: list[str]) -> list[str]:
    """At most `_MAX_HEAD_CHARS + _MAX_TAIL_CHARS` of text, so a pasted log costs a bounded
    time: its head (what it is about) and its tail (a crash is logged last)."""
    if sum(len(line) + 1 for line in lines) <= _MAX_HEAD_CHARS + _MAX_TAIL_CHARS:
        return lines
    head = _take(lines, _MAX_HEAD_CHARS)
    tail = _take(reversed(lines[len(head) :]), _MAX_TAIL_CHARS)
    return head + tail[::-1]


def _take(lines: Iterable[str], budget: int) -> list[str]:
    taken: list[str] = []
    for line in lines:
        if budget <= 0:
            break
        taken.append(line[:budget])  # only a line longer than the whole budget is cut
        budget -= len(line) + 1
    return taken


def _evidence(pattern: re.Pattern[str], lines: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """The first lines `pattern` matches, and the distinct matched words for the root cause."""
    evidence: list[str] = []
    fragments: list[str] = []
    for line in lines:
        matches = [" ".join(m.group(0).split()) for m in pattern.finditer(line)]
        if not matches or line in evidence:
            continue
        evidence.append(line)
        for fragment in matches:
            known = {f.casefold() for f in fragments}
            if fragment and fragment.casefold() not in known and len(fragments) < _MAX_FRAGMENTS:
                fragments.append(fragment[:_MAX_FRAGMENT_CHARS])
        if len(evidence) == _MAX_EVIDENCE:
            break
    return tuple(evidence), fragments


def _actions(
    rule: Rule, remediation: Remediation | None, why_manual: str, fill: Mapping[str, str]
) -> tuple[str, ...]:
    if remediation is None:
        lead = f"No values change is proposed: {why_manual}."
    else:
        lead = remediation_action(remediation, fill["app"])
    steps = (step.format_map(fill) for step in GUIDANCE[rule.category].actions)
    return (lead, *steps)


def remediation_action(remediation: Remediation, app: str) -> str:
    """The first action of a proposal that makes `remediation` to `app`, in words
    ("Raise the memory limit of grafana ×2 in its Helm values; …")."""
    fill = {"app": app or "the workload", "factor": f"{remediation.factor:g}"}
    return REMEDIATION_ACTIONS[remediation.kind].format_map(fill)


def _unknown(labels: Mapping[str, str], subject: _Subject) -> Analysis:
    guidance = GUIDANCE["unknown"]
    who = f"{subject.app} raised an alert that" if subject.app else "The alert"
    fill = _fill_ins(subject, dependency="", resource="")
    lead = f"No values change is proposed: {guidance.why_manual}."
    return Analysis(
        category="unknown",
        severity=_severity(labels, guidance.severity),
        app=subject.app,
        namespace=subject.namespace,
        root_cause=f"{who} matches no known failure pattern; the cause needs a manual look.",
        actions=(lead, *(step.format_map(fill) for step in guidance.actions)),
        remediation=None,
        evidence=(),
    )


# --- naming: which workload, namespace, pod and dependency the text is about --------------


class _Subject(NamedTuple):
    app: str
    namespace: str
    pod: str


_NAME = r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?"  # a Kubernetes object name (DNS-1123)
# Words that follow "pod"/"container" in prose and are not names.
_PROSE_AFTER_KIND = """
    a an and are be been being failed for had has in is it of on or that the to was were which
    will with not status network process runtime image name id restarts probe sandbox template
    disruption security memory cpu log logs exited terminated
"""
_NOT_NAMES = frozenset(_PROSE_AFTER_KIND.split())
# Each pattern names the workload `kind` of its `name` group; the first that matches wins,
# most explicit first. Keywords are case-insensitive, names are lower-case like real ones.
_APP_REFS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("app", re.compile(rf"(?i:\bapp(?:\.kubernetes\.io/name)?)=\"?(?P<name>{_NAME})")),
    (
        "workload",  # deployment/grafana, deployment.apps/grafana, Deployment shop/checkout
        re.compile(
            rf"(?i:\b(?:deployments?|deploy|statefulsets?|sts|daemonsets?|ds)(?:\.apps)?)"
            rf"(?:/|[ \t]+(?=\"|{_NAME}/))\"?(?:(?P<ns>{_NAME})/)?(?P<name>{_NAME})"
        ),
    ),
    (
        "pod",  # pod/x, pod ns/x, pods "x", pod="x", kubelet's "pod x_ns(uid)"
        re.compile(
            rf"(?i:\bpods?)(?:/|=\"?|[ \t]+\"?)(?:(?P<ns>{_NAME})/)?(?P<name>{_NAME})"
            rf"(?:_(?P<kns>{_NAME})\()?"
        ),
    ),
    (
        "claim",
        re.compile(rf"(?i:\b(?:claimed by|persistentvolumeclaims?|pvc))[/ ]\"?(?P<name>{_NAME})"),
    ),
    (
        "container",
        re.compile(rf"(?i:\bcontainers?)(?:_name)?(?:=\"?|[ \t]+\"?)(?P<name>{_NAME})"),
    ),
    ("pod", re.compile(rf"(?m)^Name:[ \t]+(?P<name>{_NAME})$")),  # kubectl describe pod
    ("pod", re.compile(rf"(?m)^(?P<name>{_NAME})[ \t]+\d+/\d+[ \t]+[A-Za-z]")),  # get pods row
)
_NAMESPACE_REFS = (
    re.compile(rf"(?:^|[ \t])(?:-n|--namespace)(?:=|[ \t]+)(?P<ns>{_NAME})", re.MULTILINE),
    re.compile(rf"(?i:\bnamespaces?)(?:[ \t]*[:=][ \t]*\"?|[ \t]+\"?)(?P<ns>{_NAME})"),
)
_CLAIM_OF_STATEFULSET = re.compile(r"^[a-z0-9]+-(?P<name>.+)-\d+$")  # <template>-<sts>-<ordinal>


def _subject(labels: Mapping[str, str], text: str) -> _Subject:
    """Labels first (`graph.workload`), then the persistent volume claim, then the text."""
    app, namespace = workload_of(labels), namespace_of(labels)
    pod = labels.get("pod") or labels.get("pod_name") or ""
    claim = labels.get("persistentvolumeclaim", "")
    if not app and claim:
        app = _workload_from_claim(claim)
    if app and namespace and pod:
        return _Subject(app, namespace, pod)

    found_app, found_ns, found_pod = _app_in_text(text)
    if app and found_app != app:  # the text is about something else: keep only what fits
        found_ns = found_pod = ""
    namespace = namespace or found_ns or _namespace_in_text(text)
    return _Subject(app or found_app, namespace, pod or found_pod)


def _app_in_text(text: str) -> tuple[str, str, str]:
    """(workload, namespace, pod) from the first name reference in the text, or empties."""
    for kind, pattern in _APP_REFS:
        for match in pattern.finditer(text):
            name = match.group("name")
            if name in _NOT_NAMES:
                continue
            groups = match.groupdict()
            namespace = groups.get("ns") or groups.get("kns") or ""
            if kind == "pod":
                return workload_from_pod(name), namespace, name
            if kind == "claim":
                return _workload_from_claim(name), namespace, ""
            return name, namespace, ""
    return "", "", ""


def _namespace_in_text(text: str) -> str:
    for pattern in _NAMESPACE_REFS:
        for match in pattern.finditer(text):
            if match.group("ns") not in _NOT_NAMES:
                return match.group("ns")
    return ""


def _workload_from_claim(claim: str) -> str:
    """A StatefulSet's claims are named `<template>-<statefulset>-<ordinal>`, so
    `data-postgres-0` belongs to `postgres`; any other claim is named for its workload."""
    match = _CLAIM_OF_STATEFULSET.match(claim)
    return match.group("name") if match else claim


_HOST = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)"
_DEPENDENCY_REFS = (
    re.compile(r"\blookup (?P<host>[\w.-]+)"),  # Go resolver: the name, not the DNS server
    re.compile(r"(?i:getaddrinfo) E[A-Z_]+ (?P<host>[\w.-]+)"),  # Node
    re.compile(r"(?i:resolve host):? (?P<host>[\w.-]+)"),  # curl
    re.compile(r"(?:on host|server at) \"(?P<host>[^\"]+)\"[^\n]*?port (?P<port>\d+)"),  # libpq
    # Java prints host/ip:port
    re.compile(rf"(?i)(?<![\w.-])(?P<host>[a-z][\w.-]*)/{_HOST}:(?P<port>\d{{2,5}})\b"),
    re.compile(rf"(?i)(?<![\w.-])(?P<host>{_HOST}):(?P<port>\d{{2,5}})\b"),
)


def _dependency(evidence: Iterable[str], text: str) -> str:
    """The host (and port) a connection error names, searched in the evidence first."""
    for haystack in (*evidence, text):
        for pattern in _DEPENDENCY_REFS:
            match = pattern.search(haystack)
            if match:
                port = match.groupdict().get("port")
                return f"{match.group('host')}:{port}" if port else match.group("host")
    return ""


_RESOURCE = re.compile(r"low on resource: (?P<name>[\w-]+)|(?P<kind>memory|disk|pid)[ _-]?pressure")


def _resource(text: str) -> str:
    """What a node ran low on, as the eviction message or the pressure condition says."""
    match = _RESOURCE.search(text.lower())
    if match is None:
        return "resources"
    return match.group("name") or {"disk": "disk", "pid": "process ids"}.get(
        match.group("kind"), "memory"
    )


def _fill_ins(subject: _Subject, *, dependency: str, resource: str) -> dict[str, str]:
    """Values for the templates in `graph.rules`, with readable stand-ins for unknowns."""
    if subject.pod:
        pod = subject.pod
    elif subject.app:
        pod = f"-l app.kubernetes.io/name={subject.app}"
    else:
        pod = "<pod>"
    return {
        "app": subject.app or "the workload",
        "namespace": subject.namespace or "<namespace>",
        "pod": pod,
        "dependency": dependency or "a dependency",
        "resource": resource,
    }
