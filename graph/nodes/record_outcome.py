"""record_outcome (the "record" node).

The closing commit — the outcome of an approved change, the rejection, or how an advice-only
incident ended (its alerts resolved, or someone acknowledged it).
"""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.git.gitops import StoreError
from graph.records.builder import incident_record
from graph.records.negative_feedback import FEEDBACK_NEGATIVE, automatic_feedback, render_feedback
from graph.state import IncidentState


async def record_outcome(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """Commit the final record; a rejection or advice changes no values.

    Advice that ended (closed, acknowledged) is one record commit. A rejection with a reason
    and a fix that did not recover also write examples/<id>/feedback_negative.json, for
    learning.
    """
    ctx = runtime.context
    if ctx.delivery.dry_run:  # nothing is written: the status says how it ended
        return _dry_run_end(state)
    if state.get("advice_event"):
        return await _record_advice(state, ctx)
    rejected = _rejected(state)
    status = "rejected" if rejected else state.get("status", "committed")
    now = ctx.now()
    final = incident_record(state, status=status, now=now)
    feedback = automatic_feedback(final, now)
    extra = {FEEDBACK_NEGATIVE: render_feedback(feedback)} if feedback else None
    try:
        if rejected:
            sha = await asyncio.to_thread(ctx.store.commit_incident, final, None, None, extra)
        else:
            sha = await asyncio.to_thread(ctx.store.record_outcome, final, extra)
    except StoreError as exc:
        return {"status": "failed", "reason": f"could not record the outcome: {exc}"}
    if rejected:  # the record commit is the decision commit: there is no outcome commit
        done: dict[str, Any] = {"commit_sha": sha, "status": status}
        if final.reason:
            done["reason"] = final.reason  # shown with the rejection (Slack, status API)
        return done
    return {"outcome_sha": sha, "status": status}


def _rejected(state: IncidentState) -> bool:
    """Rejected by a person's decision, or (a pull request closed unmerged) by the merge node."""
    decision = state.get("decision")
    by_decision = decision is not None and decision["decision"] == "reject"
    return by_decision or state.get("status") == "rejected"


def _dry_run_end(state: IncidentState) -> dict[str, Any]:
    """How a dry run's incident ends without a commit: rejected, or as its advice ended."""
    if state.get("advice_event"):
        return {"status": state.get("status", "closed")}
    decision = state.get("decision")
    if decision is not None and decision["decision"] == "reject":
        return {"status": "rejected", "reason": decision["comment"]}
    return {"status": state.get("status", "dry_run")}


async def _record_advice(state: IncidentState, ctx: WorkflowContext) -> dict[str, Any]:
    """The one commit of an advice-only incident: its record, no values change."""
    status = state.get("status", "closed")
    final = incident_record(state, status=status, now=ctx.now())
    try:
        sha = await asyncio.to_thread(ctx.store.commit_incident, final, None, None)
    except StoreError as exc:
        return {"status": "failed", "reason": f"could not record the outcome: {exc}"}
    return {"commit_sha": sha, "status": status}
