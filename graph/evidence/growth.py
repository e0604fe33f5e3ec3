"""Recovery of a manual incident: the signal that opened it stops growing.

A manual incident (`source: manual`, alertname ManualTrigger) has no alert that resolves and
no expression of its own. When it names a workload, Prometheus is configured and its category
has a signal that grows while the problem lasts (`SIGNALS`: OOM kills, restarts, CPU
throttling), verify re-checks that signal's growth expression (queries.growth_expression,
scoped to the workload's own pods) every `interval` seconds after the commit (`growth_step`):

- recovered: the signal has not grown for the hold, measured from the first clear check
  after the last growing one (an unanswered check neither breaks nor extends the hold, and
  the verdict needs a clear one);
- not_recovered: still growing at the timeout (with the series that grew), clear for less
  than the hold at the timeout, or never checked (Prometheus did not answer once — nothing
  else can say the workload recovered).

Any other manual incident ends `committed` after its commit, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol

from graph.evidence.prometheus import PrometheusClient
from graph.evidence.queries import Growth, LabelNames, MetricNames, Scope, growth_expression
from graph.evidence.recheck import Backends, Watched, observe, verification
from graph.evidence.verification import (
    AlertExpression,
    Decision,
    Observation,
    Verdict,
    VerifyState,
)


class GrowthSources(Protocol):
    """What the growth check reads of the workflow's evidence settings (graph.context's
    EvidenceContext has it; named here so evidence never imports the workflow's context)."""

    @property
    def prometheus(self) -> PrometheusClient | None:
        """The client, None when Prometheus is not configured."""
        ...

    @property
    def names(self) -> MetricNames:
        """Metric names for non-standard setups."""
        ...

    @property
    def labels(self) -> LabelNames:
        """Label names; `cluster` scopes the query."""
        ...

    @property
    def throttled_ratio(self) -> float:
        """The throttled share of CFS periods that counts."""
        ...


SIGNALS: Mapping[str, Growth] = {
    "oom": "oom_kills",
    "crashloop": "restarts",
    "cpu_throttling": "throttling",
}
WORDS: Mapping[str, str] = {
    "oom_kills": "OOM kills",
    "restarts": "restarts",
    "throttling": "CPU throttling",
}


def manual_watch(state: Mapping[str, Any], ctx: GrowthSources | None) -> Watched | None:
    """The growth expression verify re-checks for a manual incident (its labels say which
    signal); None when the incident is not manual, names no workload, has no such signal,
    or Prometheus is not configured."""
    alert = state.get("alert") or {}
    signal = SIGNALS.get(state.get("category", ""))
    app, namespace = state.get("app", ""), state.get("namespace", "")
    if alert.get("source") != "manual" or signal is None or not app or not namespace:
        return None
    if ctx is None or ctx.prometheus is None:
        return None
    scope = Scope(namespace, app, cluster=state.get("cluster") or None)
    expr = growth_expression(
        signal, scope, ctx.names, ctx.labels, throttled_ratio=ctx.throttled_ratio
    )
    return Watched({"signal": signal}, AlertExpression("promql", expr))


def growth_step(state: VerifyState, seen: Observation, *, hold: float, timeout: float) -> Decision:
    """Advance a manual incident's check by one observation (`seen.matching`: the signal
    grew; None: not checked) — the module docstring has the rules."""
    clear_since = state.clear_since
    if seen.matching is True:
        clear_since = None
    elif seen.matching is False and clear_since is None:
        clear_since = seen.at
    new = replace(
        state,
        clear_since=clear_since,
        checked=state.checked or seen.matching is not None,
        last_detail=seen.detail or state.last_detail,
    )
    if seen.matching is False and clear_since is not None and seen.at - clear_since >= hold:
        reason = f"has not grown for {seen.at - clear_since:.0f} s"
        return Decision(Verdict.RECOVERED, new, reason)
    if seen.at - state.started_at < timeout:
        return Decision(Verdict.WAITING, new, "waiting", checked=new.checked)
    if not new.checked:
        why = f" ({new.last_detail})" if new.last_detail else ""
        reason = f"could not be checked in {timeout:.0f} s{why}"
        return Decision(Verdict.NOT_RECOVERED, new, reason, checked=False)
    if seen.matching is True or clear_since is None:
        reason = f"still growing after {timeout:.0f} s"
    else:
        reason = f"not grown for only {seen.at - clear_since:.0f} s at the timeout"
    return Decision(Verdict.NOT_RECOVERED, new, reason)


async def confirm_growth(
    watch: Watched, backends: Backends, *, hold: float, interval: float, verify_timeout: float
) -> dict[str, Any]:
    """Re-check the signal until it has not grown for `hold` (recovered) or `verify_timeout`
    passed (not_recovered); the verification as plain values (recheck.verification)."""
    state = VerifyState(started_at=backends.clock())
    words = WORDS[watch.labels["signal"]]
    while True:
        seen, grew = await observe([watch], backends)
        decision = growth_step(state, seen, hold=hold, timeout=verify_timeout)
        state = decision.state
        if decision.verdict is not Verdict.WAITING:
            reason = f"{words} of the workload: {decision.reason}"
            return verification(
                decision.verdict.value, reason, [watch], grew, seen.at, checked=decision.checked
            )
        await backends.sleep(interval)
