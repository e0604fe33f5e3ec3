"""merge: wait until the change on the incident's branch reaches GIT_BRANCH (one interrupt).

GIT_DELIVERY branch or pull_request only. The runner resumes it with a MergeEvent
(graph.state): the pull request it opened (or why it could not: the node waits again), the
merge (→ verify, as after a commit, with what was merged) or a close without merging
(→ record, rejected, naming who closed it).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graph.context import WorkflowContext
from graph.nodes.commit import watches
from graph.state import DeliveryState, IncidentState, MergeEvent


def merge_request(state: IncidentState) -> dict[str, Any]:
    """What the merge interrupt shows: the incident and how its change travels."""
    return {"await": "merge", "incident_id": state["incident_id"], "delivery": state["delivery"]}


async def merge(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """Pause until resumed with a MergeEvent; record it in `delivery` and move on."""
    event: MergeEvent = interrupt(merge_request(state))
    delivery: DeliveryState = {**state["delivery"]}
    kind = event["event"]
    if kind == "opened":
        delivery["pull_request"] = event["pull_request"]
        delivery["error"] = None
        return {"delivery": delivery, "status": "pr_open"}
    if kind == "open_failed":
        delivery["error"] = event.get("reason") or "the pull request could not be opened"
        return {"delivery": delivery, "status": state.get("status", "awaiting_merge")}
    by = event.get("by") or "someone"
    if kind == "closed":
        delivery["closed_by"] = by
        where = "pull request" if delivery.get("pull_request") else f"branch {delivery['branch']}"
        reason = f"the {where} was closed without merging by {by}"
        return {"delivery": delivery, "status": "rejected", "reason": reason}
    delivery["merged_by"] = by
    proposal = state.get("proposal")
    merged = event.get("diff")
    if merged and proposal and merged != proposal["diff"]:
        delivery["merged_diff"] = merged  # a reviewer edited it: the record keeps what merged
    status = "verifying" if watches(state, runtime.context) else "committed"
    return {"delivery": delivery, "commit_sha": event["sha"], "status": status}
