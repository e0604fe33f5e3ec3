"""verify: wait until the alerts resolve (the runner resumes), then — with evidence — confirm
it with the alerts' own expressions.

The interrupt, at the top, waits for the runner: `{"outcome": "recovered"}` when every alert
of the incident resolved, `{"outcome": "not_recovered"}` at its verify timeout. Without
evidence in the context that is the outcome, as before. With it, a resolution is only the
alerts' side: each alert's expression (its generatorURL's PromQL / LogQL, else the alerting
rule of its name from the rules API) is re-checked until it has been clear for the hold
(recovered) or still returns series for the workload that long, or the timeout passed
(not_recovered: alert decay, a silenced or edited rule). No expression or no backend to ask:
the resolution decides and `verification` says the check was not possible.

For the runner: with evidence, the call that resumes `{"outcome": "recovered"}` runs until the
check ends — up to `verify_timeout` seconds — so run that resume in a task of its own (never
while holding a lock other decisions wait on), and cancel its own verify timer once resumed.
The expression comes from `AlertSnapshot.generator_url`; without it the rules API is asked by
alertname and a Loki-ruler alert cannot be re-checked.

A manual incident has no alert that resolves: with a signal to watch (graph.evidence.growth:
OOM kills, restarts or CPU throttling of its workload) the interrupt shows `{"await":
"signal", …}` and the runner resumes it at once (any value but `{"outcome":
"not_recovered"}`, which checks once); the resume runs until the signal has not grown for the
hold (recovered) or the timeout passed (not_recovered).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graph.context import EvidenceContext, WorkflowContext
from graph.evidence.growth import confirm_growth, manual_watch
from graph.evidence.recheck import (
    Backends,
    Watched,
    confirm,
    linked_expressions,
    observe,
    verification,
    watched_alerts,
)
from graph.state import IncidentState, Outcome, incident_alerts, incident_fingerprints


def verify_request(state: IncidentState, signal: Watched | None = None) -> dict[str, Any]:
    """What the verify interrupt shows: the alerts to watch and the expression to re-check
    (from the opening alert's generatorURL; None when it carries none) — or, for a manual
    incident with a `signal` to watch, `"await": "signal"` and its growth expression."""
    linked = [signal] if signal else linked_expressions(_alerts(state)[:1])
    check = (
        {"language": linked[0].expression.language, "expr": linked[0].expression.expr}
        if linked
        else None
    )
    return {
        "await": "signal" if signal else "resolution",
        "incident_id": state["incident_id"],
        "fingerprints": incident_fingerprints(state),
        "check": check,
    }


async def verify(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """Pause until resumed with {"outcome": "recovered" | "not_recovered"}; with evidence,
    confirm a recovery against the alerts' expressions before it counts."""
    ctx = runtime.context.evidence
    signal = manual_watch(state, ctx)
    answer: dict[str, str] = interrupt(verify_request(state, signal))
    if signal is not None and ctx is not None:
        checked = await _grown(
            state, ctx, signal, timed_out=answer.get("outcome") == "not_recovered"
        )
        final: Outcome = "recovered" if checked["outcome"] == "recovered" else "not_recovered"
        return {"outcome": final, "status": final, "verification": checked}
    outcome: Outcome = "recovered" if answer.get("outcome") == "recovered" else "not_recovered"
    if ctx is None:
        return {"outcome": outcome, "status": outcome}
    checked = await _confirmed(state, ctx, resolved=outcome == "recovered")
    final = "recovered" if checked["outcome"] == "recovered" else "not_recovered"
    return {"outcome": final, "status": final, "verification": checked}


def _backends(state: IncidentState, ctx: EvidenceContext) -> Backends:
    return Backends(
        ctx.prometheus,
        ctx.loki,
        state.get("tenant") or ctx.tenant,
        state.get("app") or None,
        ctx.labels.pod,
        ctx.clock,
        ctx.sleep,
    )


async def _grown(
    state: IncidentState, ctx: EvidenceContext, signal: Watched, *, timed_out: bool
) -> dict[str, Any]:
    """A manual incident's signal re-checked until it stopped growing for the hold (checked
    once when the runner's timeout came first)."""
    timeout = 0.0 if timed_out else ctx.verify_timeout
    return await confirm_growth(
        signal,
        _backends(state, ctx),
        hold=ctx.verify_hold,
        interval=ctx.verify_interval,
        verify_timeout=timeout,
    )


async def _confirmed(
    state: IncidentState, ctx: EvidenceContext, *, resolved: bool
) -> dict[str, Any]:
    backends = _backends(state, ctx)
    watched, why = await watched_alerts(_alerts(state), backends)
    if not watched:
        outcome = "recovered" if resolved else "not_recovered"
        side = "alert resolved" if resolved else "alert still firing at the verify timeout"
        reason = f"{side}; its expression could not be checked ({why})"
        return verification(outcome, reason, [], [], backends.clock(), checked=False)
    if not resolved:
        seen, matching = await observe(watched, backends)
        reason = "alert still firing at the verify timeout"
        if seen.matching:
            reason += f"; its expression returns {len(matching)} series for it"
        checked = seen.matching is not None
        return verification("not_recovered", reason, watched, matching, seen.at, checked=checked)
    hold, interval, timeout = ctx.verify_hold, ctx.verify_interval, ctx.verify_timeout
    return await confirm(watched, backends, hold=hold, interval=interval, verify_timeout=timeout)


def _alerts(state: IncidentState) -> list[tuple[dict[str, str], str]]:
    return [(a["labels"], a.get("generator_url", "")) for a in incident_alerts(state)]
