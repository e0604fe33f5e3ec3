"""recall: apply what the feedback loop learned for this category and app (graph.learning).

The loop commits `examples/learning/<category>_<app>_patterns.json`; when it recommends a
larger step of the same kind of change, the proposal uses it and names the incidents it learned
from. Guardrails still apply: the factor is capped at `max_factor` and the patcher checks the
rest. A missing or unreadable patterns file changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import structlog
from langgraph.runtime import Runtime

from graph.analyzer import remediation_action
from graph.context import WorkflowContext
from graph.patterns import patterns_path, recommendation
from graph.remediation import Remediation, RemediationKind
from graph.state import IncidentState
from graph.store import StoreError

log = structlog.get_logger("alertgraph.recall")


async def recall(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """The learned remediation (and first action) for this category and app, with a note
    naming the earlier incidents; nothing when nothing was learned."""
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
    factor = min(learned.factor, ctx.guardrails.max_factor)
    capped = factor < learned.factor
    note = f"Learned from {', '.join(learned.learned_from)}: {learned.reason}."
    if factor != default:
        note += f" Proposing ×{factor:g} instead of ×{default:g}"
        note += f" (×{learned.factor:g} capped by max_factor)." if capped else "."
    kind = RemediationKind(remediation["kind"])
    actions = [remediation_action(Remediation(kind, factor), app), *state.get("actions", [])[1:]]
    return {
        "remediation": {"kind": kind.value, "factor": factor},
        "actions": actions,
        "learned_from": list(learned.learned_from),
        "learning_note": note,
    }
