"""`POST /slack/events`: the buttons of an incident's message and the modals' submissions.

Approve resumes the approval, and Acknowledge an advice-only incident's advice, in the
background through the same runner path as the REST API (same rules: a stale diff or an
incident no longer awaiting a decision changes nothing, and the user gets an ephemeral
explanation); Reject and Modify open their modal, whose submission is the decision. The
trigger modal's submission queues a manual alert (receiver.ingest.intake) and tells the user
which incident it opened. Only approvers (SLACK_APPROVERS, receiver.slack.approvers) may
approve, reject, modify or acknowledge: the check runs on the click, before a modal opens,
and again on the modal's submission; anyone else gets an ephemeral answer saying so.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import structlog
from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler

from graph.records.ids import is_incident_id
from receiver.api.problems import problem_responses
from receiver.incidents.model import Incident, IncidentStatus
from receiver.ingest.intake import grouped
from receiver.ingest.queue import Batch
from receiver.ingest.wire import TriggerRequest
from receiver.silences.client import SilenceError
from receiver.silences.silencer import IncidentEnded, SilencesOff
from receiver.slack.inbound import SlackInbound, button, interaction_payload, metadata, obj
from receiver.slack.modals import modal_values, modify_modal, reject_modal
from receiver.slack.mrkdwn import hhmm
from receiver.slack.replies import ephemeral, validation_error
from receiver.slack.texts import Language
from receiver.threads.decisions import (
    InvalidDecision,
    NotAdvising,
    NotAwaitingDecision,
    PolicyRefusal,
    StaleProposal,
    override_problem,
)

log = structlog.get_logger("alertgraph.slack")
TRIGGER_WAIT_S = 10.0  # how long a Slack trigger waits to name its incident
# Approvers only: the decisions, and silencing the alerts.
DECISIONS = frozenset({"approve", "reject", "modify", "acknowledge", "silence"})
SILENCE_FOR = timedelta(hours=2)  # the "Silence 2 h" button
Answer = dict[str, Any] | None  # a view_submission's answer: errors to show, or none


def events_route(slack: SlackInbound) -> HTTPRouteHandler:
    """`POST /slack/events`, bound to `slack`."""

    @post(
        "/slack/events",
        status_code=200,
        tags=["slack"],
        summary="Slack interactivity",
        responses=problem_responses(400, 401, 413, 429, 503),
    )
    async def events(request: Request[Any, Any, Any]) -> Response[Any]:
        """Buttons and modal submissions; answered at once, the decision runs after."""
        body = await request.body()
        slack.verify(body, request.headers)
        payload = interaction_payload(body)
        kind = payload.get("type")
        if kind == "block_actions":
            await block_action(slack, payload)
        elif kind == "view_submission":
            answer = await view_submission(slack, payload)
            return Response(answer if answer is not None else b"", status_code=200)
        return Response(b"", status_code=200)  # other interactions: nothing to do

    return events


async def block_action(slack: SlackInbound, payload: dict[str, Any]) -> None:
    """A button of an incident's message: approve or acknowledge at once, or open the
    Reject/Modify modal."""
    actions = payload.get("actions")
    action = obj(actions[0] if isinstance(actions, list) and actions else None)
    user = str(obj(payload.get("user")).get("id", ""))
    channel = str(obj(payload.get("channel")).get("id", "")) or None
    incident_id, sha = button(action)
    action_id = action.get("action_id")
    incident = slack.registry.get(incident_id) if is_incident_id(incident_id) else None
    if incident is None:
        unknown = ephemeral("unknown_incident", slack.language, incident_id=incident_id or "?")
        await slack.tell(channel, user, unknown)
        return
    refused = await slack.refusal(user, incident_id) if action_id in DECISIONS else None
    if refused is not None:
        await slack.tell(channel, user, refused)
        return
    shown = json.dumps({"incident_id": incident_id, "diff_sha256": sha, "channel": channel or ""})
    card = slack.notifier.card(incident)
    trigger_id = str(payload.get("trigger_id", ""))
    if action_id == "approve":
        decision = {"decision": "approve", "user": user, "diff_sha256": sha}
        slack.background(decide(slack, incident_id, decision, channel, user), "slack-approve")
    elif action_id == "acknowledge":
        slack.background(acknowledge(slack, incident_id, channel, user), "slack-acknowledge")
    elif action_id == "silence":
        slack.background(silence(slack, incident, channel, user), "slack-silence")
    elif action_id == "reject":
        await slack.open_view(trigger_id, reject_modal(card, slack.language, shown))
    elif action_id == "modify":
        if incident.status is not IncidentStatus.AWAITING_APPROVAL or card.diff_sha256 != sha:
            await slack.tell(channel, user, ephemeral("stale", slack.language))
            return
        await slack.open_view(trigger_id, modify_modal(card, slack.language, shown))


async def view_submission(slack: SlackInbound, payload: dict[str, Any]) -> Answer:
    """A modal's submission: the field errors to show in it, or None once it is taken."""
    view = obj(payload.get("view"))
    user = str(obj(payload.get("user")).get("id", ""))
    values = modal_values(obj(obj(view.get("state")).get("values")))
    meta = metadata(view)
    callback = view.get("callback_id")
    if callback in ("reject", "modify"):
        refused = await slack.refusal(user, meta.get("incident_id", ""))
        if refused is not None:  # shown in the modal, which stays open
            return _errors({key: refused for key in values if key != "notes"})
    if callback == "reject":
        return _rejected(slack, user, values, meta)
    if callback == "modify":
        return _modified(slack, user, values, meta)
    if callback == "trigger":
        return _triggered(slack, user, values)
    return None


def _errors(errors: dict[str, str]) -> dict[str, Any]:
    """The answer that shows `errors` (block id → text) in the modal."""
    return {"response_action": "errors", "errors": errors}


def _rejected(
    slack: SlackInbound, user: str, values: dict[str, str], meta: dict[str, str]
) -> Answer:
    reason = values.get("reason", "").strip()
    if not reason:
        return _errors({"reason": validation_error("required", slack.language)})
    decision = {
        "decision": "reject",
        "user": user,
        "diff_sha256": meta.get("diff_sha256", ""),
        "comment": reason,
    }
    work = decide(slack, meta.get("incident_id", ""), decision, meta.get("channel") or None, user)
    slack.background(work, "slack-reject")
    return None


def _modified(
    slack: SlackInbound, user: str, values: dict[str, str], meta: dict[str, str]
) -> Answer:
    overrides = {k: v.strip() for k, v in values.items() if k != "notes"}
    errors = {
        key: problem
        for key, value in overrides.items()
        if (problem := check_override(key, value, slack.language)) is not None
    }
    if errors:
        return _errors(errors)
    decision = {
        "decision": "modify",
        "user": user,
        "diff_sha256": meta.get("diff_sha256", ""),
        "comment": values.get("notes", ""),
        "overrides": overrides,
    }
    work = decide(slack, meta.get("incident_id", ""), decision, meta.get("channel") or None, user)
    slack.background(work, "slack-modify")
    return None


def _triggered(slack: SlackInbound, user: str, values: dict[str, str]) -> Answer:
    log_text = values.get("log_text", "")
    if not log_text.strip():
        return _errors({"log_text": validation_error("required", slack.language)})
    labels = {k: values[k].strip() for k in ("app", "namespace") if values.get(k, "").strip()}
    trigger = TriggerRequest(log_text=log_text, log_source="slack", labels=labels)
    batch = slack.intake.trigger(trigger, slack.intake.default_tenant)
    log.info("slack trigger", user=user)
    slack.background(confirm_trigger(slack, batch, user), "slack-trigger")
    return None


def check_override(path: str, value: str, language: Language) -> str | None:
    """Why a value typed into the modify modal cannot be used (receiver.threads.decisions), in
    the user's language, or None."""
    problem = override_problem(path, value)
    if problem is None:
        return None
    return validation_error(problem, language, value=value)


async def decide(
    slack: SlackInbound, incident_id: str, decision: dict[str, Any], channel: str | None, user: str
) -> None:
    """Resume the approval like the REST route; explain a refusal to the user."""
    incident = slack.registry.get(incident_id)
    language = slack.language
    if incident is None:
        unknown = ephemeral("unknown_incident", language, incident_id=incident_id)
        await slack.tell(channel, user, unknown)
        return
    try:
        await slack.workflows.decide(incident, decision, channel="slack")
    except StaleProposal:
        await slack.tell(channel, user, ephemeral("stale", language))
    except NotAwaitingDecision:
        status = incident.status.value
        text = ephemeral("already_decided", language, incident_id=incident_id, status=status)
        await slack.tell(channel, user, text)
    except InvalidDecision as exc:
        await slack.tell(channel, user, ephemeral("error", language, detail=str(exc)))
    except PolicyRefusal as exc:
        fill = {"rule": exc.rule, "needed": str(exc.needed), "so_far": str(exc.so_far)}
        await slack.tell(channel, user, ephemeral(f"refused_{exc.kind}", language, **fill))


async def silence(slack: SlackInbound, incident: Incident, channel: str | None, user: str) -> None:
    """Silence the incident's alerts for two hours as `user` asked (the same way as
    POST /api/incidents/{id}/silence); say what was done, or why not."""
    language, incident_id = slack.language, incident.id
    try:
        if slack.silences is None:
            raise SilencesOff("silences are off")
        done = await slack.silences.silence_for_person(incident, user, SILENCE_FOR, via="Slack")
    except (SilencesOff, IncidentEnded, SilenceError, ValueError) as exc:
        reply = ephemeral("silence_failed", language, incident_id=incident_id, detail=str(exc))
        await slack.tell(channel, user, reply)
        return
    until = hhmm(slack.now() + SILENCE_FOR)
    count = str(len(done.silences))
    reply = ephemeral("silenced", language, incident_id=incident_id, count=count, time=until)
    await slack.tell(channel, user, reply)


async def acknowledge(
    slack: SlackInbound, incident_id: str, channel: str | None, user: str
) -> None:
    """Acknowledge advice like the REST route; explain a refusal to the user."""
    incident = slack.registry.get(incident_id)
    if incident is None:
        return
    try:
        await slack.workflows.acknowledge(incident, user, "")
    except NotAdvising:
        status = incident.status.value
        text = ephemeral("not_advice", slack.language, incident_id=incident_id, status=status)
        await slack.tell(channel, user, text)


async def confirm_trigger(slack: SlackInbound, batch: Batch, user: str) -> None:
    """Tell `user` which incident their trigger opened, once it is grouped."""
    try:
        observation = await grouped(batch, TRIGGER_WAIT_S)
    except (TimeoutError, ValueError):
        return
    text = ephemeral("triggered", slack.language, incident_id=observation.incident.id)
    await slack.tell(None, user, text)
