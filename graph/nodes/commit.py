"""commit: write the approved change and the incident record to git, in one commit.

With GIT_DELIVERY branch or pull_request a values change goes onto `alertgraph/<incident-id>`
instead and the merge node waits for it to reach the branch; in a dry run nothing is written.
"""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.evidence.growth import manual_watch
from graph.git.gitops import StoreError
from graph.records.builder import incident_record
from graph.state import BRANCH_PREFIX, DeliveryState, IncidentState, incident_fingerprints


async def commit(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """One commit for the incident.

    On failure the incident is `commit_failed` with the reason and the approval can be given
    again to retry (the store never leaves a half-written tree). A dry run ends `dry_run`.
    """
    ctx = runtime.context
    if ctx.delivery.dry_run:
        return {"status": "dry_run"}
    proposal = state.get("proposal")
    values_path = proposal["values_path"] if proposal and proposal["new_values"] else None
    new_values = proposal["new_values"] if proposal else None
    if ctx.delivery.mode != "commit" and values_path is not None:
        return await _on_branch(state, ctx, values_path, new_values)
    record = incident_record(state, status="committed", now=ctx.now())
    try:
        sha = await asyncio.to_thread(ctx.store.commit_incident, record, values_path, new_values)
    except StoreError as exc:
        return {"status": "commit_failed", "reason": str(exc)}
    return {"commit_sha": sha, "status": "verifying" if watches(state, ctx) else "committed"}


def watches(state: IncidentState, ctx: WorkflowContext) -> bool:
    """True when a committed change is verified: the incident has alerts to resolve, or —
    a manual incident, whose alert never resolves — a signal to watch (graph.evidence.growth)."""
    watch = bool(incident_fingerprints(state)) and state["alert"]["source"] != "manual"
    return watch or manual_watch(state, ctx.evidence) is not None


async def _on_branch(
    state: IncidentState, ctx: WorkflowContext, values_path: str, new_values: str | None
) -> dict[str, Any]:
    """The decision commit on the incident's own branch, pushed; the merge node waits."""
    branch = BRANCH_PREFIX + state["incident_id"]
    record = incident_record(state, status="awaiting_merge", now=ctx.now())
    try:
        head, base = await asyncio.to_thread(
            ctx.store.commit_incident_on_branch, record, values_path, new_values, branch
        )
    except StoreError as exc:
        return {"status": "commit_failed", "reason": str(exc)}
    delivery: DeliveryState = {
        "mode": ctx.delivery.mode,
        "branch": branch,
        "base": ctx.store.branch,
        "head_sha": head,
        "base_sha": base,
        "pull_request": None,
        "error": None,
    }
    return {"delivery": delivery, "status": "awaiting_merge"}
