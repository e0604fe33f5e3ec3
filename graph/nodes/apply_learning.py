"""apply_learning (the "recall" node).

Apply what the feedback loop learned for this category and app (graph.learning.loop).

The loop commits `examples/learning/<category>_<app>_patterns.json`; when it recommends a
value for the same kind of change (what worked, what the feedback named, or a step up from the
value that failed), the proposal raises the setting to that value — never a factor re-applied
to whatever the file holds now — and names the incidents it learned from. A recommendation
without a known value (an old or hand-written file) is a step. Guardrails still apply: the
step is capped at `max_factor` and the patcher checks the rest. A missing or unreadable
patterns file changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import structlog
from langgraph.runtime import Runtime

from graph.analysis import remediation_action
from graph.context import WorkflowContext
from graph.git.gitops import StoreError
from graph.learning.patterns import patterns_path, recommendation
from graph.patching.remediation import Remediation, RemediationKind
from graph.state import IncidentState

log = structlog.get_logger("alertgraph.recall")  # the node's name, as logs have it


async def apply_learning(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """The learned remediation and first action for this category and app, with a note.

    The note names the earlier incidents; nothing changes when nothing was learned.
    """
    ctx = runtime.context
    remediation = state.get("remediation")
    app, category = state.get("app", ""), state.get("category", "")
    if remediation is None or not app:
        return {}
    try:
        path = patterns_path(category, app)
    except ValueError:
        return {}
    try:
        text = await asyncio.to_thread(ctx.store.read_text, path)
    except StoreError:
        log.warning("learned patterns unreadable", path=path, incident_id=state["incident_id"])
        return {}
    if text is None:
        return {}
    try:
        patterns = json.loads(text)
    except ValueError:
        log.warning("learned patterns are not JSON", path=path)
        return {}
    learned = recommendation(patterns, remediation["kind"])
    if learned is None:
        return {}
    default = remediation["factor"]
    note = f"Learned from {', '.join(learned.learned_from)}: {learned.reason}."
    kind = RemediationKind(remediation["kind"])
    if learned.target is not None:
        # A value, not a step: raised to from whatever the file holds (graph.patching decides
        # against the current value, and says so when it is already there).
        return {
            "remediation": {"kind": kind.value, "factor": default, "target": learned.target},
            "learned_from": list(learned.learned_from),
            "learning_note": note + f" Proposing {learned.target}.",
        }
    factor = min(learned.factor, ctx.guardrails.max_factor)
    capped = factor < learned.factor
    if factor != default:
        note += f" Proposing ×{factor:g} instead of ×{default:g}"
        note += f" (×{learned.factor:g} capped by max_factor)." if capped else "."
    actions = [remediation_action(Remediation(kind, factor), app), *state.get("actions", [])[1:]]
    return {
        "remediation": {"kind": kind.value, "factor": factor},
        "actions": actions,
        "learned_from": list(learned.learned_from),
        "learning_note": note,
    }
