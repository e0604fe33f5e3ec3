"""What each page shows (pure): the list rows and one incident's sections, from the API's
masked views (receiver.api.views), so the console shows exactly what the API shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from graph.masking import mask_secrets
from receiver.api.views import IncidentDetail, IncidentStatusView, ListItem
from receiver.incidents.model import Incident
from receiver.threads.decisions import override_problem
from receiver.web.charts import chart_data, chart_svg
from receiver.web.diffs import split_rows, unified_rows
from receiver.web.texts import Language, status_text

Texts = Callable[..., str]


def when(stamp: datetime | None) -> str:
    """A time as people read it on the page (UTC, to the second)."""
    return stamp.strftime("%Y-%m-%d %H:%M:%S UTC") if stamp else ""


def list_row(item: ListItem, language: Language) -> dict[str, str]:
    """One row of the incident table."""
    return {
        "id": item.id,
        "status": item.status,
        "status_text": status_text(item.status, language),
        "category": item.category,
        "app": item.app,
        "namespace": item.namespace,
        "created": when(item.created),
    }


def timeline(
    detail: IncidentDetail, incident: Incident | None, t: Texts, language: Language
) -> list[dict[str, str]]:
    """The steps the incident went through, oldest first: received, decided (who, when),
    each commit, and where it is now."""
    item = detail.item
    steps = [{"step": t("step_received"), "at": when(item.created), "who": ""}]
    if incident is not None and incident.live.decision:
        steps.append(
            {
                "step": t(
                    "step_decided",
                    decision=incident.live.decision,
                    who=mask_secrets(incident.live.decided_by or "?"),
                ),
                "at": when(incident.live.decided_at),
                "who": mask_secrets(incident.live.decided_by or ""),
            }
        )
    elif item.decision:
        steps.append(
            {"step": t("step_decided", decision=item.decision, who="?"), "at": "", "who": ""}
        )
    for commit in reversed(detail.commits):
        steps.append(
            {"step": f"{commit.sha[:12]} {commit.subject}", "at": when(commit.date), "who": ""}
        )
    now = status_text(item.status, language)
    steps.append({"step": t("step_updated", status=now), "at": when(item.updated), "who": ""})
    return steps


def analysis(detail: IncidentDetail, live: IncidentStatusView | None) -> dict[str, Any]:
    """The analysis section: category, root cause, actions and why the category was chosen."""
    summary = detail.summary or {}
    signal = live.signal if live is not None else detail.item.signal
    return {
        "category": detail.item.category,
        "root_cause": live.root_cause if live is not None else summary.get("root_cause", ""),
        "actions": live.actions if live is not None else summary.get("actions", []),
        "signal": f"{signal.kind}: {signal.detail}" if signal else "",
        "confidence": (live.confidence if live is not None else detail.item.confidence) or "",
        "explanation": (live.explanation if live is not None else detail.item.explanation) or "",
    }


def incident_page(
    detail: IncidentDetail,
    live: IncidentStatusView | None,
    incident: Incident | None,
    t: Texts,
    language: Language,
) -> dict[str, Any]:
    """Everything the incident page shows (no decision forms: `decision_forms`)."""
    changes = masked_changes(incident)
    evidence = live.evidence if live is not None else None
    chart = chart_data(evidence, changes)
    diff = live.diff if live is not None and live.diff else detail.diff
    delivery = (live.delivery if live is not None else None) or {}
    pull_request = delivery.get("pull_request") or {}
    status = live.status if live is not None else detail.item.status
    return {
        "id": detail.item.id,
        "status": status,
        "status_text": status_text(status, language),
        "timeline": timeline(detail, incident, t, language),
        "analysis": analysis(detail, live),
        "model": live.llm if live is not None else None,  # what the model said, LLM_* only
        "evidence": evidence,
        "chart": chart_svg(chart, t) if chart is not None else None,
        "diff": diff,
        "unified": unified_rows(diff),
        "split": split_rows(diff),
        "commits": [
            {"sha": c.sha, "subject": c.subject, "date": when(c.date)} for c in detail.commits
        ]
        or [{"sha": s, "subject": "", "date": ""} for s in (live.commit_shas if live else [])],
        "pull_request": pull_request.get("url"),
        "learned_from": live.learned_from if live is not None else [],
        "awaiting": status == "awaiting_approval",
        "feedback_open": bool(detail.commits) and status != "awaiting_approval",
        "diff_sha256": live.diff_sha256 if live is not None else "",
        "change_summary": live.change_summary if live is not None else "",
        "changes": changes,
    }


def masked_changes(incident: Incident | None) -> dict[str, str]:
    """The values paths the proposal sets and their proposed values (masked)."""
    if incident is None:
        return {}
    return {mask_secrets(p): mask_secrets(v) for p, v in incident.live.changes.items()}


def override_errors(form: Mapping[str, str], t: Texts) -> tuple[dict[str, str], dict[str, str]]:
    """The overrides a modify form asks for (path → value) and, per path, why its value
    cannot be used (as the API checks it)."""
    overrides = {
        k.removeprefix("override:"): v for k, v in form.items() if k.startswith("override:")
    }
    errors = {
        path: t(f"override_{problem}")
        for path, value in overrides.items()
        if (problem := override_problem(path, value)) is not None
    }
    return {p: v.strip() for p, v in overrides.items()}, errors
