"""The PromQL that enrichment runs for one workload (pure).

Metric and label names default to what kube-prometheus-stack scrapes (cAdvisor through the
kubelet, kube-state-metrics v2) and can be renamed for other setups (`MetricNames`,
`LabelNames`). When the incident names a cluster, every selector carries
`<cluster label>="<cluster>"`, so a Thanos / Mimir backend holding many clusters answers for
the right one.

Enrichment sends them in three batches (`batches`): queries joined with `or`, each tagged with
its index in a `alertgraph_query` label, so one round trip answers many queries and each
measurement still names its own, standalone query.

Pods are matched in two steps: the selector narrows them with a regex
(`<workload>-<segment>` or `<workload>-<segment>-<segment>`, the shapes of Deployment,
StatefulSet, DaemonSet, Job and CronJob pods), and `pods_of` keeps only the pods whose
controller really is the workload (graph.workload's suffix rules), so `checkout-db-0` is not
counted for `checkout`. That is why per-pod queries aggregate `by (pod, container)`: the
aggregation across pods happens after that filter (graph.evidence.enrichment).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from graph.workload import workload_from_pod

WINDOWS = ("1h", "24h", "7d")
# CPU quantiles are taken over the 5-minute rate evaluated every 5 minutes: every sample counts
# once, and 7 d cost 2,016 evaluations per series, not 10,080. They are the costliest queries,
# so only where sizing reads them: p99 for the limit (24 h and 7 d), p95 for the request (the
# day's typical load, 24 h). Over 1 h a p99 of 12 points would only be the maximum. The
# subquery is each series' rate, not an aggregation (evaluated at every step it cost 40 % of
# the query): the highest series' quantile is taken after it. The same figure while a
# container has one usage series; across a container restart cAdvisor starts a new series
# (new `id`), and the p99 is then the higher of the two series' p99s rather than the p99 of
# the two joined — never lower than the quantile of the busier one.
RATE_WINDOW = "5m"
CPU_QUANTILE_WINDOWS = {"cpu.p95": ("24h",), "cpu.p99": ("24h", "7d")}
BATCH_LABEL = "alertgraph_query"
# Sent in LONG_GROUPS batches balanced by WEIGHTS (Prometheus' CPU per query over 7 d of
# history, relative: a quantile over raw samples sorts them, a max or an increase only reads
# them; restarts are kube-state-metrics' sparser samples); other windows: one batch.
LONG_WINDOWS = frozenset({"7d"})
LONG_GROUPS = 2
WEIGHTS = {"memory.p99": 3.0, "restarts": 0.5}
HPA_WINDOW = "24h"


@dataclass(frozen=True, slots=True)
class MetricNames:
    """Metric names (kube-prometheus-stack defaults)."""

    working_set: str = "container_memory_working_set_bytes"
    requests: str = "kube_pod_container_resource_requests"
    limits: str = "kube_pod_container_resource_limits"
    restarts: str = "kube_pod_container_status_restarts_total"
    last_terminated: str = "kube_pod_container_status_last_terminated_reason"
    cpu_usage: str = "container_cpu_usage_seconds_total"
    cpu_throttled: str = "container_cpu_cfs_throttled_periods_total"
    cpu_periods: str = "container_cpu_cfs_periods_total"
    pod_info: str = "kube_pod_info"
    hpa_current: str = "kube_horizontalpodautoscaler_status_current_replicas"
    hpa_max: str = "kube_horizontalpodautoscaler_spec_max_replicas"
    volume_used: str = "kubelet_volume_stats_used_bytes"
    volume_capacity: str = "kubelet_volume_stats_capacity_bytes"


@dataclass(frozen=True, slots=True)
class LabelNames:
    """Label names (kube-prometheus-stack defaults); `cluster` is the label a multi-cluster
    backend tells clusters apart by (often an external label)."""

    namespace: str = "namespace"
    pod: str = "pod"
    container: str = "container"
    resource: str = "resource"
    reason: str = "reason"
    cluster: str = "cluster"
    hpa: str = "horizontalpodautoscaler"
    pvc: str = "persistentvolumeclaim"


@dataclass(frozen=True, slots=True)
class Scope:
    """What to ask about: a workload (the controller name) in a namespace, optionally in one
    cluster, optionally one PVC (volume alerts name it)."""

    namespace: str
    workload: str
    cluster: str | None = None
    pvc: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    """One PromQL query of the enrichment: the signal it measures, its window (`1h`, `24h`,
    `7d`, or `now` for a current value), and whether no series is normal (no HPA, no PVC)."""

    signal: str
    window: str
    expr: str
    optional: bool = False


def quote(value: str) -> str:
    """A PromQL / LogQL double-quoted string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def regex_escape(text: str) -> str:
    """`text` as a literal in an RE2 regex (Prometheus and Loki regexes are RE2)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def pod_regex(workload: str) -> str:
    """The RE2 regex (fully anchored by Prometheus) that narrows pod names to the shapes a
    controller called `workload` gives its pods; `pods_of` does the exact check."""
    return f"{regex_escape(workload)}-[a-z0-9]+(-[a-z0-9]+)?"


def pods_of(pods: Iterable[str], workload: str) -> set[str]:
    """The pods whose controller is `workload` (`checkout-7d9f8c6b5-x2k4p`, `checkout-0`),
    not another workload sharing the prefix (`checkout-db-0`)."""
    return {pod for pod in pods if workload_from_pod(pod) == workload}


def selector(
    metric: str,
    scope: Scope,
    labels: LabelNames,
    *,
    pods: bool = True,
    extra: Sequence[str] = (),
) -> str:
    """`metric{namespace="…", pod=~"…", cluster="…", …}`; `extra` are ready-made matchers
    (`container!=""`)."""
    matchers = [f"{labels.namespace}={quote(scope.namespace)}"]
    if pods:
        matchers.append(f"{labels.pod}=~{quote(pod_regex(scope.workload))}")
    if scope.cluster:
        matchers.append(f"{labels.cluster}={quote(scope.cluster)}")
    matchers.extend(extra)
    return f"{metric}{{{', '.join(matchers)}}}"


def workload_queries(
    scope: Scope,
    names: MetricNames = MetricNames(),
    labels: LabelNames = LabelNames(),
    *,
    windows: tuple[str, ...] = WINDOWS,
    volumes: bool = False,
) -> list[Query]:
    """Every query enrichment runs for `scope`: memory working set peak and p99, throttled and
    total CFS periods, restarts — per window; CPU p99 (24 h, 7 d) and p95 (24 h); current
    requests and limits, the last termination reason, replicas, HPA current / max / peak;
    PVC used and capacity when `volumes`."""
    by = f"{labels.pod}, {labels.container}"
    # cAdvisor also reports the pod's cgroup (container="") and the pause container.
    containers = (f'{labels.container}!=""', f'{labels.container}!="POD"')
    ws = selector(names.working_set, scope, labels, extra=containers)
    cpu = selector(names.cpu_usage, scope, labels, extra=containers)
    throttled = selector(names.cpu_throttled, scope, labels, extra=containers)
    periods = selector(names.cpu_periods, scope, labels, extra=containers)
    restarts = selector(names.restarts, scope, labels)
    rate = f"rate({cpu}[{RATE_WINDOW}])"
    queries: list[Query] = []
    for w in windows:
        queries += [
            Query("memory.peak", w, f"max by ({by}) (max_over_time({ws}[{w}]))"),
            Query("memory.p99", w, f"max by ({by}) (quantile_over_time(0.99, {ws}[{w}]))"),
            Query("cpu.throttled", w, f"max by ({by}) (increase({throttled}[{w}]))", True),
            Query("cpu.periods", w, f"max by ({by}) (increase({periods}[{w}]))", True),
            Query("restarts", w, f"max by ({by}) (increase({restarts}[{w}]))"),
        ]
        for q, signal in ((0.95, "cpu.p95"), (0.99, "cpu.p99")):
            if w in CPU_QUANTILE_WINDOWS[signal]:
                expr = f"quantile_over_time({q}, {rate}[{w}:{RATE_WINDOW}])"
                queries.append(Query(signal, w, f"max by ({by}) ({expr})"))
    resources = (f'{labels.resource}=~"memory|cpu"',)
    by_resource = f"{by}, {labels.resource}"
    limits = selector(names.limits, scope, labels, extra=resources)
    requests = selector(names.requests, scope, labels, extra=resources)
    reason = selector(names.last_terminated, scope, labels)
    pod_info = selector(names.pod_info, scope, labels)
    queries += [
        Query("limits", "now", f"max by ({by_resource}) ({limits})"),
        Query("requests", "now", f"max by ({by_resource}) ({requests})", True),
        Query(
            "last_terminated_reason",
            "now",
            f"max by ({by}, {labels.reason}) (last_over_time({reason}[1h])) == 1",
            True,
        ),
        Query("replicas", "now", f"max by ({labels.pod}) ({pod_info})"),
        *_hpa_queries(scope, names, labels),
    ]
    if volumes:
        queries += _volume_queries(scope, names, labels)
    return queries


def _hpa_queries(scope: Scope, names: MetricNames, labels: LabelNames) -> list[Query]:
    hpa = (f"{labels.hpa}={quote(scope.workload)}",)
    current = selector(names.hpa_current, scope, labels, pods=False, extra=hpa)
    maximum = selector(names.hpa_max, scope, labels, pods=False, extra=hpa)
    return [
        Query("hpa.current", "now", f"max({current})", True),
        Query("hpa.max", "now", f"max({maximum})", True),
        Query("hpa.peak", HPA_WINDOW, f"max(max_over_time({current}[{HPA_WINDOW}]))", True),
    ]


def _volume_queries(scope: Scope, names: MetricNames, labels: LabelNames) -> list[Query]:
    if scope.pvc:
        pvc = (f"{labels.pvc}={quote(scope.pvc)}",)
    else:  # claim templates name PVCs `<template>-<statefulset>-<ordinal>`
        claim = f"(.+-)?{regex_escape(scope.workload)}(-[0-9]+)?"
        pvc = (f"{labels.pvc}=~{quote(claim)}",)
    used = selector(names.volume_used, scope, labels, pods=False, extra=pvc)
    capacity = selector(names.volume_capacity, scope, labels, pods=False, extra=pvc)
    return [
        Query("volume.used", "now", f"max by ({labels.pvc}) ({used})", True),
        Query("volume.capacity", "now", f"max by ({labels.pvc}) ({capacity})", True),
    ]


Growth = Literal["restarts", "oom_kills", "throttling"]


def growth_expression(
    signal: Growth,
    scope: Scope,
    names: MetricNames = MetricNames(),
    labels: LabelNames = LabelNames(),
    *,
    window: str = "5m",
    throttled_ratio: float = 0.25,
) -> str:
    """An expression that returns series while the signal that opened a manual incident is
    still growing (restarts, OOM kills, CPU throttling above `throttled_ratio`); verified
    like an alert's own expression."""
    restarts = selector(names.restarts, scope, labels)
    growing = f"increase({restarts}[{window}]) > 0"
    if signal == "restarts":
        return growing
    if signal == "oom_kills":
        reason = selector(
            names.last_terminated, scope, labels, extra=(f'{labels.reason}="OOMKilled"',)
        )
        on = f"{labels.namespace}, {labels.pod}, {labels.container}"
        return f"({growing}) and on ({on}) ({reason} == 1)"
    containers = (f'{labels.container}!=""', f'{labels.container}!="POD"')
    throttled = selector(names.cpu_throttled, scope, labels, extra=containers)
    periods = selector(names.cpu_periods, scope, labels, extra=containers)
    return f"increase({throttled}[{window}]) / increase({periods}[{window}]) > {throttled_ratio:g}"


@dataclass(frozen=True, slots=True)
class Batch:
    """Several queries sent as one: `expr` is their union, each series tagged with the index
    (in the list given to `batches`) of the query it answers, in the BATCH_LABEL label."""

    expr: str
    members: tuple[int, ...]


def batches(queries: Sequence[Query]) -> list[Batch]:
    """The queries joined with `or` (no two branches can collide: each carries its own tag):
    the long windows' queries (LONG_WINDOWS), which cost the backend most, in LONG_GROUPS
    groups of about equal cost (WEIGHTS) that the backend evaluates in parallel, and all
    the others in one batch, so each round trip's fixed cost is paid only a few times."""
    short = [i for i, q in enumerate(queries) if q.window not in LONG_WINDOWS]
    long = [i for i, q in enumerate(queries) if q.window in LONG_WINDOWS]
    groups = [short] if short else []
    bins: list[list[int]] = [[] for _ in range(min(LONG_GROUPS, len(long)))]
    loads = [0.0] * len(bins)
    for i in sorted(long, key=lambda i: -WEIGHTS.get(queries[i].signal, 1.0)):
        lightest = loads.index(min(loads))
        bins[lightest].append(i)
        loads[lightest] += WEIGHTS.get(queries[i].signal, 1.0)
    groups += [sorted(b) for b in bins]
    return [_batch(queries, members) for members in groups]


def _batch(queries: Sequence[Query], members: Sequence[int]) -> Batch:
    expr = " or ".join(
        f'label_replace({queries[i].expr}, "{BATCH_LABEL}", "{i}", "", "")' for i in members
    )
    return Batch(expr, tuple(members))
