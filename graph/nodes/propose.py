"""propose: turn the chosen remediation into a diff of the app's Helm values file.

The proposal says what it will change in words as well as in the diff: its first action names
the values file and the change (`limit 512Mi→1Gi`), and the step it took (`×2`) or, after a
modify decision, who set which value and why. Every modify decision's overrides apply, the
newest winning, so a second modification never undoes the first.
"""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.patching.patcher import Patch, Refusal, diff_sha256, plan_patch, unified_diff
from graph.patching.remediation import Remediation, RemediationKind
from graph.state import Decision, IncidentState, Proposal, merged_overrides
from graph.workload import is_app_name


def _without_diff(
    reason: str, values_path: str | None = None, state: IncidentState | None = None
) -> Proposal:
    return {
        "values_path": values_path,
        "diff": "",
        "diff_sha256": diff_sha256(""),
        "change_summary": "",
        "notes": _origin_notes(state) if state else [],
        "refusal": reason,
        "new_values": None,
        "learned_from": list(state.get("learned_from", [])) if state else [],
    }


def _refused(
    reason: str, values_path: str | None = None, state: IncidentState | None = None
) -> dict[str, Any]:
    return {
        "proposal": _without_diff(reason, values_path, state),
        "status": "awaiting_approval",
    }


def _origin_notes(state: IncidentState) -> list[str]:
    """Where the proposed values come from.

    The modifications (who set what, and why), else the learned step.
    """
    modifications = state.get("modifications", [])
    if modifications:
        return [_modification_note(m) for m in modifications]
    note = state.get("learning_note")
    return [note] if note else []


def _modification_note(modification: Decision) -> str:
    settings = ", ".join(f"{k}={v}" for k, v in modification["overrides"].items())
    note = f"Modified by {modification['user'] or 'someone'}: {settings}"
    comment = " ".join(modification["comment"].split())
    return f"{note} — {comment}" if comment else note


def _precondition(state: IncidentState) -> str | None:
    """Why no diff can be made without looking at the repository, or None."""
    app = state.get("app", "")
    if state.get("remediation") is None:
        return "this category has no safe values change"
    if not app:
        return "the alert does not name a workload"
    if not is_app_name(app):
        name = app if len(app) <= 80 else app[:80] + "…"
        return (
            f"the workload name {name!r} cannot name a values file in the GitOps "
            "repository (ASCII letters, digits, '_', '.', '-', at most 253 characters)"
        )
    return None


def _change_action(state: IncidentState, path: str, patch: Patch) -> str:
    """The first action, as what will be committed: the file, the change and its origin."""
    summary = patch.summary[:1].upper() + patch.summary[1:]
    modifications = state.get("modifications", [])
    if modifications:
        who = ", ".join(dict.fromkeys(m["user"] or "someone" for m in modifications))
        settings = ", ".join(f"{k}={v}" for k, v in merged_overrides(modifications).items())
        return f"{summary} in {path}, as {who} set it ({settings})."
    return f"{summary} in {path} ({patch.step})." if patch.step else f"{summary} in {path}."


async def propose(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """A proposal with a diff, or one with actions only and the reason no diff is safe.

    The overrides of every modify decision are applied on top of the computed change.
    """
    ctx = runtime.context
    why = _precondition(state)
    remediation = state.get("remediation")
    if why is not None or remediation is None:
        return _refused(why or "this category has no safe values change")
    app = state["app"]
    found = await asyncio.to_thread(ctx.store.read_values, app, ctx.values_path_template)
    if found is None:
        path = ctx.values_path_template.format(app=app)
        return _refused(f"no values file {path} in the GitOps repository")
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
            reason = "image.tag did not change recently in git history; nothing to revert"
            return _refused(reason, path, state)
        previous_tag, sha = earlier
        notes.append(f"image.tag was changed in commit {sha[:12]}; reverting to {previous_tag}")
    planned = plan_patch(
        text,
        app,
        Remediation(kind, remediation["factor"], remediation.get("target")),
        ctx.guardrails,
        previous_image_tag=previous_tag,
        overrides=merged_overrides(state.get("modifications", [])),
    )
    if isinstance(planned, Refusal):
        return _refused(planned.reason, path, state)
    return _proposed(state, path, text, planned, notes)


def _proposed(
    state: IncidentState,
    path: str,
    text: str,
    planned: Patch,
    notes: list[str],
) -> dict[str, Any]:
    """The state update for a proposal with a diff: the proposal and the first action."""
    diff = unified_diff(text, planned.text, path)
    # A value a person set is not what the learning recommended: it shaped nothing committed.
    learned_from = [] if state.get("modifications") else list(state.get("learned_from", []))
    proposal: Proposal = {
        "values_path": path,
        "diff": diff,
        "diff_sha256": diff_sha256(diff),
        "change_summary": planned.summary,
        "notes": [*_origin_notes(state), *notes, *planned.notes],
        "refusal": None,
        "new_values": planned.text,
        "learned_from": learned_from,
        "changes": {change.path: change.new for change in planned.changes},
    }
    actions = [_change_action(state, path, planned), *state.get("actions", [])[1:]]
    return {
        "proposal": proposal,
        "actions": actions,
        "learned_from": learned_from,
        "status": "awaiting_approval",
    }
