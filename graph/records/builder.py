"""From workflow state to the record committed to git (pure).

Every text of the record (category, severity, app, namespace, fingerprints, the approver, root
cause, actions, the change summary, comments, reasons, the alert, the incidents it learned
from) is masked here, once, each on its own, before anything renders it into YAML front
matter, Markdown, JSON or a commit message: once serialised, a secret inside a quoted string is
escaped, and once folded onto one line it sits beside text it was not beside, so text patterns
could miss it. Nothing after this masks the record again. The diff is kept as approved — the
store checks it against the values file — and is masked where changes.diff is made
(graph.records.folder). Ids, statuses, decisions and outcomes are checked values, not text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.evidence.model import Evidence
from graph.evidence.view import evidence_view, missing_lines
from graph.masking import mask_secrets, mask_value
from graph.records.evidence_section import values_text
from graph.records.incident import Feedback, IncidentRecord
from graph.state import (
    Decision,
    DeliveryState,
    IncidentState,
    incident_fingerprints,
    merged_overrides,
)


def incident_record(state: IncidentState, *, status: str, now: datetime) -> IncidentRecord:
    """The git record of the incident as `state` describes it, dated `now`, its text masked."""
    decision = state.get("decision")
    proposal = state.get("proposal")
    rejected = decision is not None and decision["decision"] == "reject"
    alert: dict[str, Any] = mask_value(dict(state["alert"]))
    analysis: dict[str, Any] = dict(state.get("analysis") or {})
    signal: dict[str, str] = analysis.get("signal") or {"kind": "", "detail": ""}
    return IncidentRecord(
        id=state["incident_id"],
        status=status,
        category=mask_secrets(state.get("category", "unknown")),
        severity=mask_secrets(state.get("severity", "info")),
        app=mask_secrets(state.get("app", "")),
        namespace=mask_secrets(state.get("namespace", "")),
        cluster=mask_secrets(state.get("cluster", "")),
        acknowledged_by=mask_secrets(_acknowledged_by(state)),
        fingerprints=tuple(mask_secrets(f) for f in incident_fingerprints(state)),
        created=datetime.fromisoformat(state["created"]),
        updated=now,
        decision=decision["decision"] if decision else None,
        approver=mask_secrets(decision["user"]) if decision else None,  # or Rejected-By
        root_cause=mask_secrets(state.get("root_cause", "")),
        actions=tuple(mask_secrets(a) for a in state.get("actions", [])),
        feedback=_feedback(state),
        reason=mask_secrets(
            decision["comment"] if rejected and decision else state.get("reason", "")
        ),
        outcome=state.get("outcome"),
        diff=_diff(state),
        delivery=mask_secrets(delivery_line(state.get("delivery"))),
        policy=mask_secrets(decision.get("policy", "")) if decision else "",
        silences=tuple(mask_secrets(line) for line in state.get("silences", [])),
        change_summary=mask_secrets(proposal["change_summary"]) if proposal else "",
        alert=alert,
        learned_from=tuple(mask_secrets(i) for i in state.get("learned_from", [])),
        signal_kind=mask_secrets(signal["kind"]),
        signal=mask_secrets(signal["detail"]),
        confidence=mask_secrets(analysis.get("confidence", "")),
        explanation=mask_secrets(analysis.get("explanation", "")),
        **_evidence(state),
        **_model(state),
    )


def _model(state: IncidentState) -> dict[str, Any]:
    """The record's `model` and `model_lines`: which parts came from which model (masked)."""
    llm = state.get("llm")
    if not llm:
        return {}
    used = ", ".join(part.replace("_", " ") for part in llm["used"]) or "nothing"
    lines = [f"Taken from the model: {used}."]
    if llm["category"] is not None and not llm["used"]:
        lines.append(f"The model said {llm['category']}: {llm['root_cause']}")
    if llm["remediation"] is not None:
        change = llm["remediation"]
        size = f" to {change['target']}" if change.get("target") else ""
        size = size or (f" ×{change['factor']:g}" if change.get("factor") else "")
        lines.append(f"The model suggested {change['kind']}{size}.")
    lines += llm["notes"]
    return {
        "model": mask_secrets(llm["model"]),
        "model_lines": tuple(mask_secrets(one) for one in lines),
    }


def _diff(state: IncidentState) -> str:
    """The values diff the record keeps: the one merged when a reviewer edited the pull
    request, else the approved one."""
    delivery = state.get("delivery")
    merged = delivery.get("merged_diff") if delivery else None
    proposal = state.get("proposal")
    return merged or (proposal["diff"] if proposal else "")


def delivery_line(delivery: DeliveryState | None) -> str:
    """One line saying how the change travelled ("" when committed straight onto the branch)."""
    if not delivery:
        return ""
    pull = delivery.get("pull_request")
    branch = f"branch {delivery['branch']}"
    line = f"pull request #{pull['number']} {pull['url']}" if pull else branch
    if delivery.get("merged_by"):
        line += f" merged by {delivery['merged_by']}"
    elif delivery.get("closed_by"):
        line += f" closed unmerged by {delivery['closed_by']}"
    return line


def _evidence(state: IncidentState) -> dict[str, Any]:
    """The record's evidence table, missing evidence, Loki excerpt and verification, masked."""
    found: dict[str, Any] = {}
    gathered = state.get("enrichment")
    if gathered:
        view = evidence_view(Evidence.from_dict(gathered))
        found["evidence"] = tuple(
            (row["signal"], mask_secrets(row["subject"]), mask_secrets(values_text(row["values"])))
            for row in view["rows"]
        )
        found["missing_evidence"] = tuple(mask_secrets(m) for m in missing_lines(view))
        logs = view["logs"]
        found["log_excerpt"] = tuple(mask_secrets(line) for line in logs["excerpt"]) if logs else ()
    checked = state.get("verification")
    if checked:
        found["verification"] = mask_secrets(str(checked.get("reason", "")))
    return found


def _acknowledged_by(state: IncidentState) -> str:
    event = state.get("advice_event")
    return event.get("user", "") if event else ""


def _feedback(state: IncidentState) -> Feedback:
    """What people said.

    The comment of an acknowledged advice; each modify decision's comment and the final
    decision's, attributed when there was more than one decision, and the values a
    modification set.
    """
    decision = state.get("decision")
    if decision is None:
        event = state.get("advice_event")
        return Feedback(comment=mask_secrets(event.get("comment", "") if event else ""))
    modifications = state.get("modifications", [])
    decisions: list[Decision] = [*modifications]
    if decision["decision"] != "modify":
        decisions.append(decision)
    if not modifications:
        return Feedback(comment=mask_secrets(decision["comment"]))
    said = [  # each masked on its own, before it stands beside anything else
        f"{mask_secrets(d['user']) or 'someone'} ({d['decision']}): "
        + mask_secrets(d["comment"].strip())
        for d in decisions
        if d["comment"].strip()
    ]
    merged = merged_overrides(modifications)
    return Feedback(
        comment="\n".join(said),
        user_approved_action=", ".join(mask_secrets(f"{k}: {v}") for k, v in merged.items()),
    )
