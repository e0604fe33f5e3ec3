"""Gather the evidence for one workload within a time budget (the `enrich` node's work).

All queries (graph.evidence.queries, sent in three batches) and the Loki excerpt run
concurrently; whatever has not answered when the budget (default 3 s) runs out is cancelled
and listed as missing with reason `budget` (each call also has its client's own timeout,
which decides when it is the shorter), next to the queries that failed (`timeout`,
`unreachable`, …) and those that answered without a series for the workload (`no_data`).
Nothing raises for a backend.

Across the pods of the workload (only its own pods: `queries.pods_of`), per container:
memory peak, p99 and CPU p95 / p99 are the highest pod's; restarts and CFS periods are summed
(the throttled ratio is Σ throttled / Σ periods); limits and requests are the highest pod's
(pods of one ReplicaSet share them; during a rollout the new one is usually the larger).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from graph.evidence.backend import Reason, Unavailable
from graph.evidence.loki import LineBounds, LokiClient, LokiLabels, recent_error_lines
from graph.evidence.model import Evidence, LogExcerpt, Measurement, Missing
from graph.evidence.prometheus import PrometheusClient, QueryResult, Series
from graph.evidence.queries import (
    BATCH_LABEL,
    LabelNames,
    MetricNames,
    Query,
    Scope,
    batches,
    pods_of,
    workload_queries,
)

DEFAULT_BUDGET = 3.0
DEFAULT_NAMES, DEFAULT_LABELS = MetricNames(), LabelNames()
DEFAULT_LOKI_LABELS, DEFAULT_BOUNDS = LokiLabels(), LineBounds()
_T = TypeVar("_T")
NO_DATA_DETAIL = "no series for this workload (metric or label names wrong, or not scraped?)"


@dataclass(frozen=True, slots=True)
class LogSource:
    """Where and how to read the error lines: the Loki client, the time to read around (the
    alert's startsAt, unix seconds), label names and bounds."""

    client: LokiClient
    around: float
    labels: LokiLabels = DEFAULT_LOKI_LABELS
    bounds: LineBounds = DEFAULT_BOUNDS


async def gather(
    prometheus: PrometheusClient | None,
    scope: Scope,
    *,
    at: float,
    tenant: str | None = None,
    names: MetricNames = DEFAULT_NAMES,
    labels: LabelNames = DEFAULT_LABELS,
    budget: float = DEFAULT_BUDGET,
    volumes: bool = False,
    logs: LogSource | None = None,
) -> Evidence:
    """The evidence for `scope` with queries evaluated at `at` (unix seconds), within
    `budget` seconds in all. `prometheus` / `logs` None: that evidence is missing as
    `not_configured`."""
    evidence = Evidence(scope.namespace, scope.workload, at, scope.cluster)
    queries = workload_queries(scope, names, labels, volumes=volumes)
    sent = batches(queries)
    jobs: dict[str, Callable[[], Awaitable[QueryResult | LogExcerpt | Unavailable]]] = {}
    if prometheus is None:
        evidence.missing.append(Missing("prometheus", "prometheus", Reason.NOT_CONFIGURED))
    else:
        for index, batch in enumerate(sent):
            jobs[str(index)] = _query_job(prometheus, batch.expr, at, tenant)
    if logs is None:
        evidence.missing.append(Missing("logs", "loki", Reason.NOT_CONFIGURED))
    else:
        jobs["logs"] = _logs_job(logs, scope, tenant)
    answers = await _run_within(jobs, budget)
    results: dict[Query, list[Series]] = {}
    for key in jobs:
        answer = answers.get(key)
        if key == "logs":
            _add_logs(evidence, answer, budget)
            continue
        members = sent[int(key)].members
        if isinstance(answer, QueryResult):
            results.update(_split(answer, queries, members))
        else:
            unavailable = answer if isinstance(answer, Unavailable) else _over_budget(budget)
            evidence.missing += [_missing(queries[i], unavailable) for i in members]
    _fill(evidence, results, labels)
    return evidence


def _query_job(
    prometheus: PrometheusClient, expr: str, at: float, tenant: str | None
) -> Callable[[], Awaitable[QueryResult | Unavailable]]:
    return lambda: prometheus.query(expr, at=at, tenant=tenant)


def _split(
    result: QueryResult, queries: list[Query], members: tuple[int, ...]
) -> dict[Query, list[Series]]:
    """A batch's answer as each member query's finite series, without the batch tag."""
    split: dict[Query, list[Series]] = {queries[i]: [] for i in members}
    for series in result.finite():
        tag = series.labels.get(BATCH_LABEL, "")
        if tag.isdigit() and int(tag) in members:
            labels = {k: v for k, v in series.labels.items() if k != BATCH_LABEL}
            split[queries[int(tag)]].append(Series(labels, series.points))
    return split


def _logs_job(
    logs: LogSource, scope: Scope, tenant: str | None
) -> Callable[[], Awaitable[LogExcerpt | Unavailable]]:
    return lambda: recent_error_lines(
        logs.client,
        scope.namespace,
        scope.workload,
        around=logs.around,
        tenant=tenant,
        cluster=scope.cluster,
        labels=logs.labels,
        bounds=logs.bounds,
    )


async def _run_within(jobs: dict[str, Callable[[], Awaitable[_T]]], budget: float) -> dict[str, _T]:
    """Run every job concurrently; the answers of those done within `budget` seconds (the
    rest are cancelled and awaited, so nothing outlives the call)."""
    tasks = {key: asyncio.ensure_future(job()) for key, job in jobs.items()}
    if not tasks:
        return {}
    _, pending = await asyncio.wait(tasks.values(), timeout=budget)
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return {key: task.result() for key, task in tasks.items() if task not in pending}


def _over_budget(budget: float) -> Unavailable:
    return Unavailable("prometheus", Reason.BUDGET, f"no answer within the {budget:g} s budget")


def _missing(query: Query, unavailable: Unavailable) -> Missing:
    detail = unavailable.detail
    if unavailable.status:
        detail = f"HTTP {unavailable.status}: {detail}" if detail else f"HTTP {unavailable.status}"
    return Missing(
        query.signal, unavailable.backend, unavailable.reason, detail, query.window, query.expr
    )


def _add_logs(
    evidence: Evidence, answer: QueryResult | LogExcerpt | Unavailable | None, budget: float
) -> None:
    if isinstance(answer, LogExcerpt):
        evidence.logs = answer
        return
    if isinstance(answer, Unavailable):
        reason, detail = answer.reason, answer.detail
    else:
        reason, detail = Reason.BUDGET, f"no answer within the {budget:g} s budget"
    evidence.missing.append(Missing("logs", "loki", reason, detail))


# --- from results to evidence ------------------------------------------------------------------


def _fill(evidence: Evidence, results: dict[Query, list[Series]], labels: LabelNames) -> None:
    """Turn each answered query into measurements; a required query without a series of the
    workload becomes a `no_data` entry in `missing`."""
    periods: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)  # (container, w) → sums
    for query, answered in results.items():
        series = _own(answered, evidence.workload, labels)
        if not series:
            if not query.optional:
                evidence.missing.append(
                    Missing(
                        query.signal,
                        "prometheus",
                        Reason.NO_DATA,
                        NO_DATA_DETAIL,
                        query.window,
                        query.expr,
                    )
                )
            continue
        if query.signal in ("cpu.throttled", "cpu.periods"):
            for container, value in _sums(series, labels).items():
                periods[container, query.window][query.signal] = value
        else:
            _record(evidence, query, series, labels)
    for (container, window), sums in periods.items():
        if sums.get("cpu.periods") and "cpu.throttled" in sums:
            ratio = sums["cpu.throttled"] / sums["cpu.periods"]
            query = next(q for q in results if q.signal == "cpu.throttled" and q.window == window)
            evidence.container(container).cpu_throttled_ratio[window] = Measurement(
                round(ratio, 4), query.expr, window
            )


def _own(series: Sequence[Series], workload: str, labels: LabelNames) -> list[Series]:
    """The series of the workload's own pods (series without a pod label are kept)."""
    pods = pods_of((s.labels.get(labels.pod, "") for s in series), workload)
    return [s for s in series if labels.pod not in s.labels or s.labels[labels.pod] in pods]


def _record(evidence: Evidence, query: Query, series: list[Series], labels: LabelNames) -> None:
    signal, window, expr = query.signal, query.window, query.expr
    if signal == "replicas":
        evidence.replicas = Measurement(float(len(series)), expr, window)
    elif signal.startswith("hpa."):
        highest = Measurement(max(s.value for s in series), expr, window)
        setattr(evidence, "hpa_" + signal.removeprefix("hpa."), highest)
    elif signal.startswith("volume."):
        for s in series:
            pvc = s.labels.get(labels.pvc, "")
            evidence.volumes.setdefault(pvc, {})[signal.removeprefix("volume.")] = Measurement(
                s.value, expr, window
            )
    elif signal in ("limits", "requests"):
        for (container, resource), s in _highest(series, labels, labels.resource).items():
            field = f"{'memory' if resource == 'memory' else 'cpu'}_{signal[:-1]}"
            setattr(
                evidence.container(container),
                field,
                Measurement(s.value, expr, window, s.labels.get(labels.pod)),
            )
    elif signal == "last_terminated_reason":
        for s in series:
            reasons = evidence.container(s.labels.get(labels.container, "")).termination_reasons
            reason = s.labels.get(labels.reason, "")
            reasons[reason] = reasons.get(reason, 0) + 1
    elif signal == "restarts":
        for container, value in _sums(series, labels).items():
            evidence.container(container).restarts[window] = Measurement(
                float(round(value)), expr, window
            )
    else:
        attribute = signal.replace(".", "_")  # memory.peak → memory_peak
        for (container, _), s in _highest(series, labels).items():
            getattr(evidence.container(container), attribute)[window] = Measurement(
                s.value, expr, window, s.labels.get(labels.pod)
            )


def _highest(
    series: list[Series], labels: LabelNames, extra: str | None = None
) -> dict[tuple[str, str], Series]:
    """Per container (and `extra` label), the series with the highest value."""
    best: dict[tuple[str, str], Series] = {}
    for s in series:
        key = (s.labels.get(labels.container, ""), s.labels.get(extra, "") if extra else "")
        if key not in best or s.value > best[key].value:
            best[key] = s
    return best


def _sums(series: list[Series], labels: LabelNames) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for s in series:
        sums[s.labels.get(labels.container, "")] += s.value
    return dict(sums)
