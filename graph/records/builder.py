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

from graph.masking import mask_secrets, mask_value
from graph.records.incident import Feedback, IncidentRecord
from graph.state import Decision, IncidentState, merged_overrides


def incident_record(state: IncidentState, *, status: str, now: datetime) -> IncidentRecord:
    """The git record of the incident as `state` describes it, dated `now`, its text masked."""
    decision = state.get("decision")
    proposal = state.get("proposal")
    rejected = decision is not None and decision["decision"] == "reject"
    alert: dict[str, Any] = mask_value(dict(state["alert"]))
    return IncidentRecord(
        id=state["incident_id"],
        status=status,
        category=mask_secrets(state.get("category", "unknown")),
        severity=mask_secrets(state.get("severity", "info")),
        app=mask_secrets(state.get("app", "")),
        namespace=mask_secrets(state.get("namespace", "")),
        fingerprints=tuple(mask_secrets(f) for f in state["alert"]["fingerprints"]),
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
        diff=proposal["diff"] if proposal else "",
        change_summary=mask_secrets(proposal["change_summary"]) if proposal else "",
        alert=alert,
        learned_from=tuple(mask_secrets(i) for i in state.get("learned_from", [])),
    )


def _feedback(state: IncidentState) -> Feedback:
    """What people said.

    Each modify decision's comment and the final decision's, attributed when there was more than
    one decision, and the values a modification set.
    """
    decision = state.get("decision")
    if decision is None:
        return Feedback()
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
