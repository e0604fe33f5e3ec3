"""commit: write the approved change and the incident record to git, in one commit."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.evidence.growth import manual_watch
from graph.git.gitops import StoreError
from graph.records.builder import incident_record
from graph.state import IncidentState, incident_fingerprints


async def commit(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """One commit for the incident.

    On failure the incident is `commit_failed` with the reason and the approval can be given
    again to retry (the store never leaves a half-written tree).
    """
    ctx = runtime.context
    proposal = state.get("proposal")
    values_path = proposal["values_path"] if proposal and proposal["new_values"] else None
    new_values = proposal["new_values"] if proposal else None
    record = incident_record(state, status="committed", now=ctx.now())
    try:
        sha = await asyncio.to_thread(ctx.store.commit_incident, record, values_path, new_values)
    except StoreError as exc:
        return {"status": "commit_failed", "reason": str(exc)}
    # A manual incident's alert never resolves: it is verified only by the signal that
    # opened it, when there is one to watch (graph.evidence.growth).
    watch = bool(incident_fingerprints(state)) and state["alert"]["source"] != "manual"
    watch = watch or manual_watch(state, ctx.evidence) is not None
    return {"commit_sha": sha, "status": "verifying" if watch else "committed"}
