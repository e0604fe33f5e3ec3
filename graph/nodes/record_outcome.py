"""record_outcome (the "record" node).

The closing commit — the outcome of an approved change, or the rejection.
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
    """Commit the final record; a rejection changes no values.

    A rejection with a reason and a fix that did not recover also write
    examples/<id>/feedback_negative.json, for learning.
    """
    ctx = runtime.context
    decision = state.get("decision")
    rejected = decision is not None and decision["decision"] == "reject"
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
