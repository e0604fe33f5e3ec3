"""Recovery checked by the alert's own expression.

1. The expression: PromQL from a Prometheus `generatorURL` (`/graph?g0.expr=…`), LogQL from a
   Loki ruler / Grafana Explore link (`/explore?left={"queries":[{"expr":…}]}`, or the newer
   `panes={"<id>":{"queries":[…]}}`). `expression_from_generator_url` is pure.
2. The check: does the expression still return series *for this alert*? It is evaluated as
   is (a rewrite could change its meaning) and the answer is scoped afterwards: a series
   belongs to the alert when every label it shares with the alert has the alert's value (an
   alert's labels are its series' labels plus the rule's and external labels, so an
   aggregate without labels belongs to every alert of its rule). Known limit: a rule that
   aggregates the cluster label away, re-checked against a global view (Thanos, Mimir),
   returns series without `cluster`, which count for every cluster's alert — the check errs
   towards `not_recovered`, never towards a false `recovered`.
3. The hold: `step` is a pure state machine over observations (alert resolved?, still
   matching? — or unknown when the backend did not answer):
   - recovered: the alert resolved and the expression has been clear for VERIFY_HOLD
     (measured from the first clear observation after the last matching one; an unknown
     observation neither breaks nor extends the hold, and the verdict needs a clear one);
   - not_recovered: the alert resolved but the expression still matched for VERIFY_HOLD
     after that (alert decay, a silenced or edited rule), or VERIFY_TIMEOUT passed first;
   - at the timeout without any successful check (no expression known, backend down the
     whole time) the alert's resolution decides alone, and the verdict says it is unchecked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from graph.evidence.backend import Reason, Unavailable
from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient, Series
from graph.evidence.queries import pods_of

Language = Literal["promql", "logql"]


@dataclass(frozen=True, slots=True)
class AlertExpression:
    """The expression an alert was evaluated from, and its language."""

    language: Language
    expr: str


def expression_from_generator_url(url: str) -> AlertExpression | None:
    """The alert's expression from its `generatorURL`; None when the link carries none."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = parse_qs(parts.query)
    if expr := _first(query.get("g0.expr")):
        return AlertExpression("promql", expr)
    if parts.path.rstrip("/").endswith("/explore"):
        for key in ("left", "panes"):
            if (raw := _first(query.get(key))) and (expr := _explore_expr(raw)):
                return AlertExpression("logql", expr)
    return None


def _first(values: list[str] | None) -> str:
    return values[0].strip() if values else ""


def _explore_expr(raw: str) -> str:
    try:
        state: Any = json.loads(raw)
    except ValueError:
        return ""
    if not isinstance(state, dict):
        return ""
    panes = [state] if "queries" in state else [p for p in state.values() if isinstance(p, dict)]
    for pane in panes:
        for query in pane.get("queries") or ():
            if isinstance(query, dict) and isinstance(query.get("expr"), str) and query["expr"]:
                return str(query["expr"]).strip()
    return ""


# --- the check ----------------------------------------------------------------------------------

IGNORED_LABELS = frozenset({"alertname", "severity", "__name__"})


def belongs_to_alert(series_labels: Mapping[str, str], alert_labels: Mapping[str, str]) -> bool:
    """True when every label the series shares with the alert has the alert's value."""
    return all(
        alert_labels[name] == value
        for name, value in series_labels.items()
        if name in alert_labels and name not in IGNORED_LABELS
    )


@dataclass(frozen=True, slots=True)
class Check:
    """One evaluation: the series of the alert the expression still returns (empty = clear)."""

    at: float
    series: tuple[Series, ...]

    @property
    def matching(self) -> bool:
        """Whether the expression still returns a series for the alert."""
        return bool(self.series)


async def check_expression(
    expression: AlertExpression,
    alert_labels: Mapping[str, str],
    *,
    at: float,
    prometheus: PrometheusClient | None,
    loki: LokiClient | None,
    tenant: str | None = None,
    workload: str | None = None,
    pod_label: str = "pod",
) -> Check | Unavailable:
    """Evaluate the alert's expression at `at` (PromQL against Prometheus, LogQL against Loki)
    and keep the series that belong to the alert — and, when `workload` is given, only those
    of its own pods (graph.evidence.queries.pods_of; series without a pod label stay)."""
    if expression.language == "promql":
        if prometheus is None:
            return _not_configured("prometheus")
        result = await prometheus.query(expression.expr, at=at, tenant=tenant)
    else:
        if loki is None:
            return _not_configured("loki")
        result = await loki.query(expression.expr, at=at, tenant=tenant)
    if isinstance(result, Unavailable):
        return result
    series = [s for s in result.series if belongs_to_alert(s.labels, alert_labels)]
    if workload is not None:
        own = pods_of((s.labels.get(pod_label, "") for s in series), workload)
        series = [s for s in series if pod_label not in s.labels or s.labels[pod_label] in own]
    return Check(at, tuple(series))


def _not_configured(backend: str) -> Unavailable:
    return Unavailable(backend, Reason.NOT_CONFIGURED)


# --- the hold -----------------------------------------------------------------------------------


class Verdict(StrEnum):
    """Where a verification stands."""

    WAITING = "waiting"
    RECOVERED = "recovered"
    NOT_RECOVERED = "not_recovered"


@dataclass(frozen=True, slots=True)
class Observation:
    """What was seen at `at` (unix seconds): whether the alert has resolved, and whether the
    expression still matched (None: not checked — no expression, or the backend did not
    answer; `detail` says why)."""

    at: float
    alert_resolved: bool
    matching: bool | None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VerifyState:
    """The verification so far, as plain values (`to_dict` / `from_dict` for the workflow
    state): when it started, since when the expression is clear / the alert resolved, and
    whether any check succeeded."""

    started_at: float
    clear_since: float | None = None
    resolved_since: float | None = None
    checked: bool = False
    last_detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> VerifyState:
        """The inverse of `to_dict`."""
        return cls(**document)


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict after an observation, the state to keep, and why (one line)."""

    verdict: Verdict
    state: VerifyState
    reason: str
    checked: bool = True


def step(state: VerifyState, seen: Observation, *, hold: float, timeout: float) -> Decision:
    """Advance the verification by one observation (module docstring for the rules)."""
    resolved_since = state.resolved_since if seen.alert_resolved else None
    if seen.alert_resolved and resolved_since is None:
        resolved_since = seen.at
    clear_since = state.clear_since
    if seen.matching is True:
        clear_since = None
    elif seen.matching is False and clear_since is None:
        clear_since = seen.at
    new = replace(
        state,
        clear_since=clear_since,
        resolved_since=resolved_since,
        checked=state.checked or seen.matching is not None,
        last_detail=seen.detail or state.last_detail,
    )
    if seen.alert_resolved and seen.matching is False and clear_since is not None:
        clear_for = seen.at - clear_since
        if clear_for >= hold:
            reason = f"alert resolved and its expression clear for {clear_for:.0f} s"
            return Decision(Verdict.RECOVERED, new, reason)
    if seen.alert_resolved and seen.matching is True and resolved_since is not None:
        resolved_for = seen.at - resolved_since
        if resolved_for >= hold:
            reason = (
                f"alert resolved {resolved_for:.0f} s ago but its expression still returns "
                "series for it (alert decay, or a silenced or changed rule)"
            )
            return Decision(Verdict.NOT_RECOVERED, new, reason)
    if seen.at - state.started_at >= timeout:
        return _at_timeout(new, seen, timeout)
    return Decision(Verdict.WAITING, new, "waiting", checked=new.checked)


def _at_timeout(state: VerifyState, seen: Observation, timeout: float) -> Decision:
    if not state.checked:
        why = f" ({state.last_detail})" if state.last_detail else ""
        if seen.alert_resolved:
            return Decision(
                Verdict.RECOVERED,
                state,
                f"alert resolved; its expression could not be checked{why}",
                checked=False,
            )
        return Decision(
            Verdict.NOT_RECOVERED,
            state,
            f"alert still firing after {timeout:.0f} s; its expression could not be checked{why}",
            checked=False,
        )
    if not seen.alert_resolved:
        reason = f"alert still firing after {timeout:.0f} s"
    elif seen.matching is True or state.clear_since is None:
        reason = f"expression still returns series for the alert after {timeout:.0f} s"
    else:
        reason = f"expression clear for only {seen.at - state.clear_since:.0f} s at the timeout"
    return Decision(Verdict.NOT_RECOVERED, state, reason)
