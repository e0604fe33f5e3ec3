"""consult: a model's second opinion on the rule analysis (only with LLM_BASE_URL set).

Runs after analyze (so after enrich: the model sees the evidence) and before recall. The
prompt is the incident masked and fenced as untrusted data (graph.llm.prompt); the answer
is read strictly and fenced by the rules and the guardrails (graph.llm.fence), which decide
what of it the incident takes: `llm` in the state says what the model said, which parts
were used, and why anything was not. An answer that is invalid, late or missing leaves the
rule result as it was, with a note. Without a model in the context the node returns nothing.
"""

from __future__ import annotations

from typing import Any

import structlog
from langgraph.runtime import Runtime

from graph.context import WorkflowContext
from graph.llm.fence import fenced
from graph.llm.prompt import build_prompt
from graph.state import IncidentState

log = structlog.get_logger("alertgraph.consult")


async def consult(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """The model's answer as far as the rules and guardrails allow, and the record of it."""
    ctx = runtime.context
    client = ctx.llm
    if client is None:
        return {}
    prompt = build_prompt(state, ctx.guardrails, client.settings.language)
    consulted = await client.consult(prompt)
    update = fenced(state, consulted, ctx.guardrails)
    record = update["llm"]
    if record["agreed"] is False and not record["used"]:  # the rules won the disagreement
        client.disagreed()
    log.info(
        "model consulted",
        incident_id=state["incident_id"],
        model=record["model"],
        mode=record["mode"],
        used=record["used"],
        failure=record["failure"],
        agreed=record["agreed"],
        seconds=record["seconds"],
        cached=record["cached"],
    )
    return update
