"""Naming (pure): which workload, namespace, pod and dependency an alert or a text is about,
and what a node ran low on.

Labels are read first (`graph.workload`), then the persistent volume claim and the
HorizontalPodAutoscaler of the alert, then names in the text (`pod/x`, `deployment/x`,
`-n ns`, kubelet's `pod_ns(uid)`, `kubectl describe` and `get pods` output).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from graph.workload import namespace_of, workload_from_claim, workload_from_pod, workload_of


class Subject(NamedTuple):
    """The workload, namespace and pod an alert is about; empty when unknown."""

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


def subject(labels: Mapping[str, str], text: str) -> Subject:
    """Labels first (`graph.workload`), then names in the text."""
    app, namespace = workload_of(labels), namespace_of(labels)
    pod = labels.get("pod") or labels.get("pod_name") or ""
    if app and namespace:  # the labels say it all; a pod named in the text may be another's
        return Subject(app, namespace, pod)

    found_app, found_ns, found_pod = _app_in_text(text)
    if app and found_app != app:  # the text is about something else: keep only what fits
        found_ns = found_pod = ""
    namespace = namespace or found_ns or _namespace_in_text(text)
    return Subject(app or found_app, namespace, pod or found_pod)


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
                return workload_from_claim(name), namespace, ""
            return name, namespace, ""
    return "", "", ""


def _namespace_in_text(text: str) -> str:
    for pattern in _NAMESPACE_REFS:
        for match in pattern.finditer(text):
            if match.group("ns") not in _NOT_NAMES:
                return match.group("ns")
    return ""


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


def dependency(evidence: Iterable[str], text: str) -> str:
    """The host (and port) a connection error names, searched in the evidence first."""
    for haystack in (*evidence, text):
        for pattern in _DEPENDENCY_REFS:
            match = pattern.search(haystack)
            if match:
                port = match.groupdict().get("port")
                return f"{match.group('host')}:{port}" if port else match.group("host")
    return ""


_RESOURCE = re.compile(r"low on resource: (?P<name>[\w-]+)|(?P<kind>memory|disk|pid)[ _-]?pressure")


def resource(text: str) -> str:
    """What a node ran low on, as the eviction message or the pressure condition says."""
    match = _RESOURCE.search(text.lower())
    if match is None:
        return "resources"
    return match.group("name") or {"disk": "disk", "pid": "process ids"}.get(
        match.group("kind"), "memory"
    )


def fill_ins(subj: Subject, *, dependency: str, resource: str) -> dict[str, str]:
    """Values for the templates in `graph.analysis.guidance`, with readable stand-ins."""
    if subj.pod:
        pod = subj.pod
    elif subj.app:
        pod = f"-l app.kubernetes.io/name={subj.app}"
    else:
        pod = "<pod>"
    return {
        "app": subj.app or "the workload",
        "namespace": subj.namespace or "<namespace>",
        "pod": pod,
        "dependency": dependency or "a dependency",
        "resource": resource,
    }
