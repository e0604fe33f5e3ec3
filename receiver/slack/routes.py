"""Slack inbound: interactivity (`POST /slack/events`) and slash commands (`POST /slack/commands`).

Every request is verified against the signing secret on its raw body (5-minute window) before
anything is parsed; a missing, invalid or stale signature is a 401 problem. Slack wants an
answer within 3 seconds, so decisions are resumed in the background through the same runner
path as the REST API (same 409 rules: a stale diff or an incident no longer awaiting a decision
changes nothing, and the user gets an ephemeral explanation). Modals are opened at once, while
the `trigger_id` is fresh.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import structlog
from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler
from slack_sdk.signature import Clock, SignatureVerifier

from graph.history import HistoryIndex
from graph.record import is_incident_id
from graph.store import GitStore, StoreError
from receiver.api.problems import ProblemError, problem_responses
from receiver.incidents.history import HistoryUnavailable
from receiver.incidents.model import IncidentStatus
from receiver.incidents.negative_feedback import (
    FeedbackRefused,
    FixDidNotWork,
    record_negative_feedback,
)
from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.intake import Intake, grouped
from receiver.ingest.queue import Batch
from receiver.ingest.wire import TriggerRequest
from receiver.slack.blocks import (
    Language,
)
from receiver.slack.modals import (
    modal_values,
    modify_modal,
    reject_modal,
    trigger_modal,
)
from receiver.slack.notifier import SlackNotifier
from receiver.slack.replies import (
    ephemeral,
    incident_list,
    incident_summary,
    usage,
    validation_error,
)
from receiver.threads.decisions import (
    InvalidDecision,
    NotAwaitingDecision,
    StaleProposal,
    override_problem,
)
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.slack")
TRIGGER_WAIT_S = 10.0  # how long a Slack trigger waits to name its incident
OPEN_VIEW_S = 2.5  # Slack wants its answer within 3 s; views.open happens before it


class _AppClock(Clock):
    """slack-sdk's verifier clock, reading the service's injected `now()`."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now().timestamp()


@dataclass
class SlackInbound:
    """What the inbound handlers need, injected by `create_app`."""

    signing_secret: str
    approvers: frozenset[str]
    language: Language
    registry: IncidentRegistry
    workflows: WorkflowRunner
    notifier: SlackNotifier
    ingest: Intake
    history: HistoryIndex
    store: GitStore
    now: Callable[[], datetime]
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def verify(self, body: bytes, headers: Mapping[str, str]) -> None:
        """401 problem unless `body` carries a valid, fresh Slack signature."""
        verifier = SignatureVerifier(self.signing_secret, clock=_AppClock(self.now))
        try:
            valid = verifier.is_valid_request(body, dict(headers))
        except (ValueError, TypeError):  # e.g. a timestamp header that is not a number
            valid = False
        if not valid:
            log.warning("slack signature refused")
            raise ProblemError(401, "Unauthorized", "the request is not signed by Slack")

    def background(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run `work` after the answer (kept referenced until done)."""
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait for the background work (tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def allowed(self, user: str) -> bool:
        """Whether `user` may approve or modify."""
        return not self.approvers or user in self.approvers

    async def decide(
        self, incident_id: str, decision: dict[str, Any], channel: str | None, user: str
    ) -> None:
        """Resume the approval like the REST route; explain a refusal to the user."""
        incident = self.registry.get(incident_id)
        if incident is None:
            await self.tell(
                channel, user, ephemeral("unknown_incident", self.language, incident_id=incident_id)
            )
            return
        try:
            await self.workflows.decide(incident, decision)
        except StaleProposal:
            await self.tell(channel, user, ephemeral("stale", self.language))
        except NotAwaitingDecision:
            text = ephemeral(
                "already_decided",
                self.language,
                incident_id=incident_id,
                status=incident.status.value,
            )
            await self.tell(channel, user, text)
        except InvalidDecision as exc:
            await self.tell(channel, user, ephemeral("error", self.language, detail=str(exc)))

    async def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a modal, giving up before Slack's 3-second answer deadline passes (the
        trigger_id would have expired by then anyway)."""
        try:
            await asyncio.wait_for(self.notifier.client.open_view(trigger_id, view), OPEN_VIEW_S)
        except TimeoutError:
            log.warning("slack modal not opened in time", callback_id=view.get("callback_id"))

    async def confirm_trigger(self, batch: Batch, user: str) -> None:
        """Tell `user` which incident their trigger opened, once it is grouped."""
        try:
            observation = await grouped(batch, TRIGGER_WAIT_S)
        except (TimeoutError, ValueError):
            return
        text = ephemeral("triggered", self.language, incident_id=observation.incident.id)
        await self.tell(None, user, text)

    async def tell(self, channel: str | None, user: str, text: str) -> None:
        """An ephemeral message to `user` in `channel` (or the incidents channel)."""
        await self.notifier.client.post_ephemeral(channel or self.notifier.channel, user, text)


def _form(body: bytes) -> dict[str, str]:
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise ProblemError(400, "Invalid request body", "the body is not UTF-8") from None
    return {key: values[0] for key, values in fields.items()}


def _well_formed(payload: Mapping[str, Any]) -> bool:
    """Whether the parts we read have the shape Slack sends (contracts.md §4.3)."""
    kind = payload.get("type")
    user_ok = isinstance(payload.get("user", {}), dict)
    if kind == "block_actions":
        actions = payload.get("actions")
        return user_ok and isinstance(actions, list) and all(isinstance(a, dict) for a in actions)
    if kind == "view_submission":
        view = payload.get("view")
        return user_ok and isinstance(view, dict) and isinstance(view.get("state", {}), dict)
    return True


def _obj(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else {} (a signed payload may still be odd)."""
    return value if isinstance(value, dict) else {}


def _button(action: Mapping[str, Any]) -> tuple[str, str]:
    """(incident id, diff sha) from a button's value; ("", "") when it is not ours."""
    try:
        value = json.loads(str(action.get("value", "")))
        return str(value["incident_id"]), str(value["diff_sha256"])
    except (ValueError, KeyError, TypeError):
        return "", ""


def _metadata(view: Mapping[str, Any]) -> dict[str, str]:
    try:
        value = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def check_override(path: str, value: str, language: Language) -> str | None:
    """Why a value typed into the modify modal cannot be used (receiver.threads.decisions), in
    the user's language, or None."""
    problem = override_problem(path, value)
    if problem is None:
        return None
    return validation_error(problem, language, value=value)


def slack_routes(slack: SlackInbound) -> list[HTTPRouteHandler]:
    """The two Slack handlers, bound to `slack`."""

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
        try:
            payload = json.loads(_form(body).get("payload", ""))
        except ValueError:
            raise ProblemError(400, "Invalid request body", "payload is not JSON") from None
        if not isinstance(payload, dict):
            raise ProblemError(400, "Invalid request body", "payload is not an object")
        kind = payload.get("type")
        if not _well_formed(payload):
            raise ProblemError(400, "Invalid request body", f"a {kind} payload of the wrong shape")
        if kind == "block_actions":
            await _block_action(payload)
            return Response(b"", status_code=200)
        if kind == "view_submission":
            answer = await _view_submission(payload)
            return Response(answer if answer is not None else b"", status_code=200)
        return Response(b"", status_code=200)  # other interactions: nothing to do

    async def _block_action(payload: dict[str, Any]) -> None:
        actions = payload.get("actions")
        action = _obj(actions[0] if isinstance(actions, list) and actions else None)
        user = str(_obj(payload.get("user")).get("id", ""))
        channel = str(_obj(payload.get("channel")).get("id", "")) or None
        incident_id, sha = _button(action)
        action_id = action.get("action_id")
        incident = slack.registry.get(incident_id) if is_incident_id(incident_id) else None
        if incident is None:
            await slack.tell(
                channel,
                user,
                ephemeral("unknown_incident", slack.language, incident_id=incident_id or "?"),
            )
            return
        if action_id in ("approve", "modify") and not slack.allowed(user):
            log.info("slack action refused", incident_id=incident_id, user=user)
            await slack.tell(channel, user, ephemeral("not_allowed", slack.language))
            return
        metadata = json.dumps(
            {"incident_id": incident_id, "diff_sha256": sha, "channel": channel or ""}
        )
        card = slack.notifier.card(incident)
        if action_id == "approve":
            decision = {"decision": "approve", "user": user, "diff_sha256": sha}
            slack.background(slack.decide(incident_id, decision, channel, user), "slack-approve")
        elif action_id == "reject":
            view = reject_modal(card, slack.language, metadata)
            await slack.open_view(str(payload.get("trigger_id", "")), view)
        elif action_id == "modify":
            if incident.status is not IncidentStatus.AWAITING_APPROVAL or card.diff_sha256 != sha:
                await slack.tell(channel, user, ephemeral("stale", slack.language))
                return
            view = modify_modal(card, slack.language, metadata)
            await slack.open_view(str(payload.get("trigger_id", "")), view)

    async def _view_submission(payload: dict[str, Any]) -> dict[str, Any] | None:
        view = _obj(payload.get("view"))
        user = str(_obj(payload.get("user")).get("id", ""))
        values = modal_values(_obj(_obj(view.get("state")).get("values")))
        meta = _metadata(view)
        incident_id, sha, channel = (
            meta.get("incident_id", ""),
            meta.get("diff_sha256", ""),
            meta.get("channel") or None,
        )
        callback = view.get("callback_id")
        if callback == "reject":
            reason = values.get("reason", "").strip()
            if not reason:
                return {
                    "response_action": "errors",
                    "errors": {"reason": validation_error("required", slack.language)},
                }
            decision: dict[str, Any] = {
                "decision": "reject",
                "user": user,
                "diff_sha256": sha,
                "comment": reason,
            }
            slack.background(slack.decide(incident_id, decision, channel, user), "slack-reject")
        elif callback == "modify":
            if not slack.allowed(user):
                return {
                    "response_action": "errors",
                    "errors": {
                        key: ephemeral("not_allowed", slack.language)
                        for key in values
                        if key != "notes"
                    },
                }
            overrides = {k: v.strip() for k, v in values.items() if k != "notes"}
            errors = {
                key: problem
                for key, value in overrides.items()
                if (problem := check_override(key, value, slack.language)) is not None
            }
            if errors:
                return {"response_action": "errors", "errors": errors}
            decision = {
                "decision": "modify",
                "user": user,
                "diff_sha256": sha,
                "comment": values.get("notes", ""),
                "overrides": overrides,
            }
            slack.background(slack.decide(incident_id, decision, channel, user), "slack-modify")
        elif callback == "trigger":
            log_text = values.get("log_text", "")
            if not log_text.strip():
                return {
                    "response_action": "errors",
                    "errors": {"log_text": validation_error("required", slack.language)},
                }
            labels = {
                k: values[k].strip() for k in ("app", "namespace") if values.get(k, "").strip()
            }
            trigger = TriggerRequest(log_text=log_text, log_source="slack", labels=labels)
            batch = slack.ingest.trigger(trigger, slack.ingest.default_tenant)
            log.info("slack trigger", user=user)
            slack.background(slack.confirm_trigger(batch, user), "slack-trigger")
        return None

    @post(
        "/slack/commands",
        status_code=200,
        tags=["slack"],
        summary="Slack slash commands",
        responses=problem_responses(400, 401, 413, 429),
    )
    async def commands(request: Request[Any, Any, Any]) -> Response[Any]:
        """`/incidents list|<id>|trigger` and `/feedback <id> <text>`; unknown → usage."""
        body = await request.body()
        slack.verify(body, request.headers)
        form = _form(body)
        command, text = form.get("command", ""), form.get("text", "").strip()
        user = form.get("user_id", "")
        reply = usage(slack.language)
        if command == "/incidents":
            reply = await _incidents_command(text, form)
        elif command == "/feedback":
            reply = await _feedback_command(text, user)
        if not reply:  # e.g. a modal was opened: nothing to say in the channel
            return Response(b"", status_code=200)
        return Response({"response_type": "ephemeral", "text": reply}, status_code=200)

    async def _incidents_command(text: str, form: Mapping[str, str]) -> str:
        words = text.split()
        if words == ["list"]:
            open_ = [
                {
                    "id": i.id,
                    "status": i.status.value,
                    "category": i.live.category,
                    "app": i.app,
                }
                for i in slack.registry.newest_first()
                if not i.status.terminal
            ]
            return incident_list(open_, slack.language)
        if words == ["trigger"]:
            await slack.open_view(form.get("trigger_id", ""), trigger_modal(slack.language))
            return ""
        if len(words) == 1 and is_incident_id(words[0]):
            incident = slack.registry.get(words[0])
            if incident is None:
                return ephemeral("unknown_incident", slack.language, incident_id=words[0])
            return incident_summary(slack.notifier.card(incident), slack.language)
        return usage(slack.language)

    async def _feedback_command(text: str, user: str) -> str:
        incident_id, _, reason = text.partition(" ")
        if not is_incident_id(incident_id) or not reason.strip():
            return usage(slack.language)
        said = FixDidNotWork(reason.strip(), "", user, source="slack")
        try:
            await record_negative_feedback(
                slack.registry, slack.history, slack.store, incident_id, said, slack.now()
            )
        except (FeedbackRefused, HistoryUnavailable, StoreError) as exc:
            return ephemeral("error", slack.language, detail=str(exc))
        return ephemeral("feedback_recorded", slack.language, incident_id=incident_id)

    return [events, commands]
