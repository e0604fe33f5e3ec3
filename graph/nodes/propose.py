"""propose: turn the chosen remediation into a diff of the app's Helm values file."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.patcher import Refusal, diff_sha256, plan_patch, unified_diff
from graph.remediation import Remediation, RemediationKind
from graph.state import IncidentState, Proposal
from graph.workload import is_app_name


def _without_diff(
    reason: str, values_path: str | None = None, state: IncidentState | None = None
) -> Proposal:
    return {
        "values_path": values_path,
        "diff": "",
        "diff_sha256": diff_sha256(""),
        "change_summary": "",
        "notes": _learning_notes(state) if state else [],
        "refusal": reason,
        "new_values": None,
        "learned_from": list(state.get("learned_from", [])) if state else [],
    }


def _learning_notes(state: IncidentState) -> list[str]:
    note = state.get("learning_note")
    return [note] if note else []


async def propose(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """A proposal with a diff, or one with actions only and the reason no diff is safe.

    A `modify` decision's overrides are applied on top of the computed change.
    """
    ctx = runtime.context
    remediation = state.get("remediation")
    app = state.get("app", "")
    decision = state.get("decision")
    overrides = decision["overrides"] if decision and decision["decision"] == "modify" else {}
    if remediation is None:
        return {
            "proposal": _without_diff("this category has no safe values change"),
            "status": "awaiting_approval",
        }
    if not app:
        return {
            "proposal": _without_diff("the alert does not name a workload"),
            "status": "awaiting_approval",
        }
    if not is_app_name(app):
        name = app if len(app) <= 80 else app[:80] + "…"
        return {
            "proposal": _without_diff(
                f"the workload name {name!r} cannot name a values file in the GitOps "
                "repository (ASCII letters, digits, '_', '.', '-', at most 253 characters)"
            ),
            "status": "awaiting_approval",
        }
    found = await asyncio.to_thread(ctx.store.read_values, app, ctx.values_path_template)
    if found is None:
        path = ctx.values_path_template.format(app=app)
        return {
            "proposal": _without_diff(f"no values file {path} in the GitOps repository"),
            "status": "awaiting_approval",
        }
    path, text = found
    kind = RemediationKind(remediation["kind"])
    notes: list[str] = []
    previous_tag = None
    if kind is RemediationKind.REVERT_IMAGE_TAG:
        since = ctx.now() - ctx.image_tag_window
        earlier = await asyncio.to_thread(
            ctx.store.previous_image_tag, app, since, ctx.values_path_template
        )
        if earlier is None:
            return {
                "proposal": _without_diff(
                    "image.tag did not change recently in git history; nothing to revert",
                    path,
                    state,
                ),
                "status": "awaiting_approval",
            }
        previous_tag, sha = earlier
        notes.append(f"image.tag was changed in commit {sha[:12]}; reverting to {previous_tag}")
    planned = plan_patch(
        text,
        app,
        Remediation(kind, remediation["factor"]),
        ctx.guardrails,
        previous_image_tag=previous_tag,
        overrides=overrides,
    )
    if isinstance(planned, Refusal):
        return {
            "proposal": _without_diff(planned.reason, path, state),
            "status": "awaiting_approval",
        }
    diff = unified_diff(text, planned.text, path)
    proposal: Proposal = {
        "values_path": path,
        "diff": diff,
        "diff_sha256": diff_sha256(diff),
        "change_summary": planned.summary,
        "notes": [*_learning_notes(state), *notes, *planned.notes],
        "refusal": None,
        "new_values": planned.text,
        "learned_from": list(state.get("learned_from", [])),
        "changes": {change.path: change.new for change in planned.changes},
    }
    return {"proposal": proposal, "status": "awaiting_approval"}
