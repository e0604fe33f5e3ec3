"""propose: turn the chosen remediation into a diff of the app's Helm values file.

The proposal says what it will change in words as well as in the diff: its first action names
the values file and the change (`limit 512Mi→1Gi`), and the step it took (`×2`), or how the
evidence sized it (graph.evidence.proposal: `peak 1.71 GiB over 7 d, limit 1 GiB → 2.25 GiB
(…)`, with the guardrail that capped it), or, after a modify decision, who set which value
and why (a person's values replace the evidence's). A note says which evidence is missing.
Every modify decision's overrides apply, the newest winning, so a second modification never
undoes the first.
"""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from graph.analysis.guidance import REMEDIATIONS
from graph.context import WorkflowContext
from graph.evidence.model import Evidence
from graph.evidence.proposal import Knobs, Sized, sized_values
from graph.evidence.view import missing_view
from graph.git.paths import PathPartError, values_path
from graph.patching.patcher import Patch, Refusal, diff_sha256, plan_patch, unified_diff
from graph.patching.remediation import Remediation, RemediationKind
from graph.state import (
    Decision,
    IncidentState,
    Proposal,
    SizingState,
    incident_alerts,
    merged_overrides,
)
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


def is_advice_only(state: IncidentState) -> bool:
    """Whether the incident's category has no values remediation at all.

    The analyzer proposed none and the category is not one that has one (graph.analysis
    guidance lists those); a category that has one but could not make it here is a refusal.
    """
    return state.get("remediation") is None and state.get("category", "") not in REMEDIATIONS


def _advice(state: IncidentState) -> Proposal:
    """The advice-only proposal: the root cause and actions are in the state; no diff."""
    return {
        "values_path": None,
        "diff": "",
        "diff_sha256": "",
        "change_summary": "",
        "notes": _origin_notes(state),
        "refusal": None,
        "new_values": None,
        "learned_from": [],
        "advice_only": True,
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

    Why the proposal was re-made, if it was; then the modifications (who set what, and why),
    else the learned step.
    """
    reproposed = state.get("reproposal_note")
    first = [reproposed] if reproposed else []
    modifications = state.get("modifications", [])
    if modifications:
        return [*first, *(_modification_note(m) for m in modifications)]
    note = state.get("learning_note")
    return [*first, note] if note else first


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


def _change_action(
    state: IncidentState, path: str, patch: Patch, sized: Sized | None = None
) -> str:
    """The first action, as what will be committed: the file, the change and its origin."""
    summary = patch.summary[:1].upper() + patch.summary[1:]
    modifications = state.get("modifications", [])
    if modifications:
        who = ", ".join(dict.fromkeys(m["user"] or "someone" for m in modifications))
        settings = ", ".join(f"{k}={v}" for k, v in merged_overrides(modifications).items())
        return f"{summary} in {path}, as {who} set it ({settings})."
    if sized is not None and sized.values:
        return f"{summary} in {path} (sized from evidence: {sized.sizing.reason})."
    return f"{summary} in {path} ({patch.step})." if patch.step else f"{summary} in {path}."


def _sizing_state(sized: Sized) -> SizingState:
    sizing = sized.sizing
    return {
        "setting": sizing.setting,
        "target": sizing.target,
        "request": sizing.request,
        "source": sizing.source,
        "bound": sizing.bound,
        "reason": sizing.reason,
    }


async def propose(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """A proposal with a diff, or one with actions only and the reason no diff is safe.

    A category with no values remediation gets advice only when the context says so
    (`advise_without_approval`): no diff, status `advising`. The values file is the
    template's, filled with the incident's app, cluster and namespace; a part it lacks or one
    that cannot name a folder is such a reason. The overrides of every modify decision are
    applied on top of the computed change.
    """
    ctx = runtime.context
    if ctx.advise_without_approval and is_advice_only(state):
        return {"proposal": _advice(state), "status": "advising"}
    why = _precondition(state)
    remediation = state.get("remediation")
    if why is not None or remediation is None:
        return _refused(why or "this category has no safe values change")
    app, template = state["app"], ctx.values_path_template
    parts = {"cluster": state.get("cluster", ""), "namespace": state.get("namespace", "")}
    try:
        path = values_path(app, template, **parts)
    except PathPartError as error:
        return _refused(f"no values file can be named: {error}", None, state)
    found = await asyncio.to_thread(ctx.store.read_values, app, template, **parts)
    if found is None:
        return _refused(f"no values file {path} in the GitOps repository")
    path, text = found
    kind = RemediationKind(remediation["kind"])
    notes: list[str] = []
    previous_tag = None
    if kind is RemediationKind.REVERT_IMAGE_TAG:
        since = ctx.now() - ctx.image_tag_window
        earlier = await asyncio.to_thread(
            ctx.store.previous_image_tag, app, since, template, **parts
        )
        if earlier is None:
            reason = "image.tag did not change recently in git history; nothing to revert"
            return _refused(reason, path, state)
        previous_tag, sha = earlier
        notes.append(f"image.tag was changed in commit {sha[:12]}; reverting to {previous_tag}")
    chosen = Remediation(kind, remediation["factor"], remediation.get("target"))
    sized = _sized(state, ctx, text, chosen)
    notes += _evidence_notes(state, sized)
    people = merged_overrides(state.get("modifications", []))
    planned = plan_patch(
        text,
        app,
        chosen,
        ctx.guardrails,
        previous_image_tag=previous_tag,
        overrides=people or (sized.values if sized else {}),  # people's values decide
    )
    if isinstance(planned, Refusal):
        return _refused(planned.reason, path, state)
    return _proposed(state, path, text, planned, notes, sized)


def _sized(
    state: IncidentState, ctx: WorkflowContext, text: str, remediation: Remediation
) -> Sized | None:
    """What the gathered evidence sizes (graph.evidence.proposal); None without evidence."""
    gathered = state.get("enrichment")
    if ctx.evidence is None or not gathered:
        return None
    knobs = Knobs(ctx.evidence.headroom, ctx.evidence.throttled_ratio, ctx.guardrails)
    container = next(
        (a["labels"]["container"] for a in incident_alerts(state) if a["labels"].get("container")),
        None,
    )
    evidence = Evidence.from_dict(gathered)
    return sized_values(text, state["app"], remediation, evidence, knobs, container=container)


def _evidence_notes(state: IncidentState, sized: Sized | None) -> list[str]:
    """The sizing's one-line reasoning, and which evidence is missing and why."""
    notes = [f"Evidence: {sized.sizing.reason}."] if sized else []
    gathered = state.get("enrichment")
    if gathered:
        missing = [
            f"{group['backend']} {group['reason']}"
            + (f" ({group['detail']})" if group["detail"] else "")
            + f" for {_signals(group['signals'])}"
            for group in missing_view(Evidence.from_dict(gathered))
        ]
        if missing:
            notes.append("Evidence missing: " + "; ".join(missing) + ".")
    return notes


def _signals(signals: list[str]) -> str:
    return ", ".join(signals) if len(signals) <= 3 else f"{len(signals)} signals"


def _proposed(
    state: IncidentState,
    path: str,
    text: str,
    planned: Patch,
    notes: list[str],
    sized: Sized | None = None,
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
    if sized is not None:
        proposal["sizing"] = _sizing_state(sized)
    actions = [_change_action(state, path, planned, sized), *state.get("actions", [])[1:]]
    return {
        "proposal": proposal,
        "actions": actions,
        "learned_from": learned_from,
        "status": "awaiting_approval",
    }
