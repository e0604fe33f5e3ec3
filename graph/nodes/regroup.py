"""regroup: alerts joined an incident waiting for approval — is the proposal still right?

The analyzer reads every alert again (graph.nodes.triage.analysis_of). Its choice across all
of them is its own ranking (cause over symptom, then trust): when it now decides on another
known category, that signal outranks the one the proposal was made from, and the proposal is
re-made (routed back through enrich, analyze, recall and propose) with a note saying why; a
decision carrying the old `diff_sha256` is then stale. Otherwise nothing changes and the
approval waits again with the same proposal and sha.
"""

from __future__ import annotations

from typing import Any

from graph.analysis import Analysis
from graph.masking import mask_secrets
from graph.nodes.triage import analysis_of, triage_facts
from graph.state import IncidentState


async def regroup(state: IncidentState) -> dict[str, Any]:
    """Re-analyse with every alert; re-propose when the analyzer decides differently.

    A re-proposal sets `status` analyzing (the workflow's route back to enrich) and drops what
    shaped the old proposal: its modifications and what was learned for the old category.
    """
    result = analysis_of(state)
    old = state.get("category", "unknown")
    if result.category in (old, "unknown"):
        return {"regrouping": False}
    return {
        **triage_facts(result),
        "status": "analyzing",
        "regrouping": False,
        "reproposal_note": reproposal_note(state, result),
        "modifications": [],
        "learned_from": [],
        "learning_note": "",
    }


def reproposal_note(state: IncidentState, result: Analysis) -> str:
    """`re-proposed: <new signal> outranks <old>`, each as its category and signal."""
    analysis = state.get("analysis")
    old_signal = analysis.get("signal") if analysis else None
    before = state.get("category", "unknown")
    if old_signal and old_signal["detail"]:
        before += f" ({old_signal['detail']})"
    after = result.category
    if result.signal.detail:
        after += f" ({result.signal.detail})"
    return mask_secrets(f"re-proposed: {after} outranks {before}")
