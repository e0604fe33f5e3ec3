"""Recovery confirmed by the alerts' own expressions, after the alerts resolved (the verify
node's work; the rules are graph.evidence.verification's).

Each alert of the incident is re-checked with its own expression — PromQL or LogQL from its
`generatorURL`, else the alerting rule of its name from Prometheus' rules API — scoped to the
alert's series and the workload's pods. The expressions are evaluated every `interval`
seconds (`sleep` and `clock` injected) and fed to `verification.step` as one observation:
matching when any alert's expression still returns a series, unknown when none matches and
one could not be evaluated. The result is plain JSON for the state and the record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.evidence.backend import Unavailable
from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient, Series
from graph.evidence.verification import (
    AlertExpression,
    Check,
    Observation,
    Verdict,
    VerifyState,
    check_expression,
    expression_from_generator_url,
    step,
)

MAX_SERIES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Watched:
    """One alert to re-check: its labels and its expression."""

    labels: Mapping[str, str]
    expression: AlertExpression


@dataclass(frozen=True, slots=True)
class Backends:
    """Where and how to check: the clients, tenant, workload, pod label, clock and sleep."""

    prometheus: PrometheusClient | None
    loki: LokiClient | None
    tenant: str | None
    workload: str | None
    pod_label: str
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]


def linked_expressions(alerts: Sequence[tuple[Mapping[str, str], str]]) -> list[Watched]:
    """The alerts (labels, generatorURL) whose link carries their expression."""
    found = []
    for labels, url in alerts:
        expression = expression_from_generator_url(url) if url else None
        if expression is not None:
            found.append(Watched(labels, expression))
    return found


async def watched_alerts(
    alerts: Sequence[tuple[Mapping[str, str], str]], backends: Backends
) -> tuple[list[Watched], str]:
    """Every alert with its expression (from its link, else the rules API by alertname), and
    why some could not be had ("" when all could)."""
    watched, why = [], ""
    names: dict[str, str | Unavailable | None] = {}
    for labels, url in alerts:
        expression = expression_from_generator_url(url) if url else None
        name = labels.get("alertname", "")
        if expression is None and name and backends.prometheus is not None:
            if name not in names:
                names[name] = await backends.prometheus.alert_expression(
                    name, tenant=backends.tenant
                )
            found = names[name]
            if isinstance(found, str):
                expression = AlertExpression("promql", found)
            elif isinstance(found, Unavailable):
                why = f"rules API: {found.describe()}"
        if expression is not None:
            watched.append(Watched(labels, expression))
        elif not why:
            why = f"no expression known for {name or 'an alert'}"
    return watched, why


async def observe(
    watched: Sequence[Watched], backends: Backends
) -> tuple[Observation, list[Series]]:
    """One observation at the clock's time (the alerts resolved) and the series still
    matching."""
    at = backends.clock()
    matching: list[Series] = []
    unknown = ""
    for alert in watched:
        result = await check_expression(
            alert.expression,
            alert.labels,
            at=at,
            prometheus=backends.prometheus,
            loki=backends.loki,
            tenant=backends.tenant,
            workload=backends.workload,
            pod_label=backends.pod_label,
        )
        if isinstance(result, Check):
            matching += result.series
        else:
            unknown = result.describe()
    seen = True if matching else (None if unknown else False)
    return Observation(at, True, seen, unknown), matching


async def confirm(
    watched: Sequence[Watched],
    backends: Backends,
    *,
    hold: float,
    interval: float,
    verify_timeout: float,
) -> dict[str, Any]:
    """Re-check until the expressions were clear for `hold` (recovered), still matched that
    long or `verify_timeout` passed (not_recovered); the verification as plain values."""
    state = VerifyState(started_at=backends.clock())
    while True:
        seen, matching = await observe(watched, backends)
        decision = step(state, seen, hold=hold, timeout=verify_timeout)
        state = decision.state
        if decision.verdict is not Verdict.WAITING:
            verdict, reason = decision.verdict.value, decision.reason
            return verification(
                verdict, reason, watched, matching, seen.at, checked=decision.checked
            )
        await backends.sleep(interval)


def verification(
    outcome: str,
    reason: str,
    watched: Sequence[Watched],
    matching: Sequence[Series],
    at: float,
    *,
    checked: bool,
) -> dict[str, Any]:
    """What the state and the record keep of a verification."""
    return {
        "outcome": outcome,
        "checked": checked,
        "reason": reason,
        "expressions": [
            {"language": e.language, "expr": e.expr}
            for e in dict.fromkeys(w.expression for w in watched)
        ],
        "matching": [dict(s.labels) for s in matching[:MAX_SERIES_SHOWN]],
        "at": at,
    }
