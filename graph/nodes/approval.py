"""approval: wait for a human decision on the proposal (the one interrupt of this node).

Alerts that join the incident meanwhile resume it too (`{"alerts": [...]}`): they are merged
into the state and the regroup node decides whether the proposal is re-made.
"""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from graph.evidence.model import Evidence
from graph.evidence.view import evidence_view
from graph.state import AlertSnapshot, Decision, IncidentState, incident_alerts


def approval_request(state: IncidentState) -> dict[str, Any]:
    """What the human is shown: the proposal (without the full new file) and the analysis.

    With why the category was chosen (`signal`, `confidence`, `explanation`: masked) when the
    thread was triaged since triage kept them, and the compact `evidence_view`
    (graph.evidence.view) when the enrich node gathered evidence.
    """
    proposal = dict(state.get("proposal") or {})
    proposal.pop("new_values", None)
    analysis: dict[str, Any] = dict(state.get("analysis") or {})
    why: dict[str, Any] = {
        k: analysis[k] for k in ("signal", "confidence", "explanation") if k in analysis
    }
    return {
        "incident_id": state["incident_id"],
        "category": state.get("category", "unknown"),
        "severity": state.get("severity", "info"),
        "app": state.get("app", ""),
        "namespace": state.get("namespace", ""),
        "root_cause": state.get("root_cause", ""),
        "actions": state.get("actions", []),
        **why,
        **proposal,
        **_evidence(state),
    }


def _evidence(state: IncidentState) -> dict[str, Any]:
    gathered = state.get("enrichment")
    return {"evidence_view": evidence_view(Evidence.from_dict(gathered))} if gathered else {}


async def approval(state: IncidentState) -> dict[str, Any]:
    """Pause until resumed with a Decision (the runner checks it) or with joined alerts.

    A modify decision is also kept in `modifications`: the record says who asked for what, and
    why. `{"alerts": [AlertSnapshot, ...]}` merges them into `alerts` (graph.state) and sets
    `regrouping`, which routes to the regroup node.
    """
    answer: dict[str, Any] = interrupt(approval_request(state))
    if "decision" not in answer and "alerts" in answer:
        return {"alerts": joined(state, answer["alerts"]), "regrouping": True}
    decision: Decision = answer  # type: ignore[assignment]
    if decision["decision"] != "modify":
        return {"decision": decision, "regrouping": False}
    modifications = [*state.get("modifications", []), decision]
    return {"decision": decision, "modifications": modifications, "regrouping": False}


def joined(state: IncidentState, alerts: list[AlertSnapshot]) -> list[AlertSnapshot]:
    """The incident's alerts with `alerts` merged in, the opening one still first.

    An alert already there (the same first fingerprint) is replaced by its newer snapshot
    (e.g. now resolved); a new one is added at the end.
    """
    merged = {_key(a): a for a in incident_alerts(state)}
    for alert in alerts:
        merged[_key(alert)] = alert
    return list(merged.values())


def _key(alert: AlertSnapshot) -> str:
    return alert["fingerprints"][0] if alert["fingerprints"] else alert["log_text"]
