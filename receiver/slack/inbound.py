"""Slack inbound: what both Slack routes share — the signature check on the raw body, parsing
the form and the payload, and the collaborators and helpers of the handlers.

Every request is verified against the signing secret on its raw body (5-minute window) before
anything is parsed; a missing, invalid or stale signature is a 401 problem. A payload that is
not the shape Slack sends (contracts.md §4.3) is a 400 problem. Slack wants an answer within
3 seconds, so slow work runs in the background (`SlackInbound.background`) and modals are
opened at once, while the `trigger_id` is fresh. The routes: receiver.slack.interactions
(`POST /slack/events`) and receiver.slack.commands (`POST /slack/commands`).
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
from slack_sdk.signature import Clock, SignatureVerifier

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from receiver.api.problems import ProblemError
from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.intake import Intake
from receiver.silences.silencer import IncidentSilences
from receiver.slack.approvers import Approvers, Verdict
from receiver.slack.notifier import SlackNotifier
from receiver.slack.replies import ephemeral
from receiver.slack.texts import Language
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.slack")
OPEN_VIEW_S = 2.5  # Slack wants its answer within 3 s; views.open happens before it


class _AppClock(Clock):
    """slack-sdk's verifier clock, reading the service's injected `now()`."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        """A clock reading `now`."""
        self._now = now

    def now(self) -> float:
        """The injected time as a Unix timestamp."""
        return self._now().timestamp()


@dataclass
class SlackInbound:
    """What the inbound handlers need, injected by `create_app`."""

    signing_secret: str
    approvers: Approvers
    language: Language
    registry: IncidentRegistry
    workflows: WorkflowRunner
    notifier: SlackNotifier
    intake: Intake
    history: HistoryIndex
    store: GitStore
    now: Callable[[], datetime]
    silences: IncidentSilences | None = None  # the "Silence 2 h" button's way to Alertmanager
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

    async def refusal(self, user: str, incident_id: str) -> str | None:
        """None when `user` may decide on `incident_id` (SLACK_APPROVERS), else the text
        telling them why not: not an approver, or the approver groups could not be read."""
        verdict = await self.approvers.check(user)
        if verdict is Verdict.ALLOWED:
            return None
        log.info("slack decision refused", incident_id=incident_id, user=user, why=verdict.value)
        key = "not_allowed" if verdict is Verdict.REFUSED else "approvers_unavailable"
        return ephemeral(key, self.language)

    async def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a modal, giving up before Slack's 3-second answer deadline passes (the
        trigger_id would have expired by then anyway)."""
        try:
            await asyncio.wait_for(self.notifier.client.open_view(trigger_id, view), OPEN_VIEW_S)
        except TimeoutError:
            log.warning("slack modal not opened in time", callback_id=view.get("callback_id"))

    async def tell(self, channel: str | None, user: str, text: str) -> None:
        """An ephemeral message to `user` in `channel` (or the incidents channel)."""
        await self.notifier.client.post_ephemeral(channel or self.notifier.channel, user, text)


def form(body: bytes) -> dict[str, str]:
    """The fields of a form-encoded body (the first value of each); 400 when not UTF-8."""
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise ProblemError(400, "Invalid request body", "the body is not UTF-8") from None
    return {key: values[0] for key, values in fields.items()}


def interaction_payload(body: bytes) -> dict[str, Any]:
    """The interactivity payload of a signed body; 400 when it is not JSON, not an object or
    not of the shape Slack sends."""
    try:
        payload = json.loads(form(body).get("payload", ""))
    except ValueError:
        raise ProblemError(400, "Invalid request body", "payload is not JSON") from None
    if not isinstance(payload, dict):
        raise ProblemError(400, "Invalid request body", "payload is not an object")
    if not _well_formed(payload):
        kind = payload.get("type")
        raise ProblemError(400, "Invalid request body", f"a {kind} payload of the wrong shape")
    return payload


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


def obj(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else {} (a signed payload may still be odd)."""
    return value if isinstance(value, dict) else {}


def button(action: Mapping[str, Any]) -> tuple[str, str]:
    """(incident id, diff sha) from a button's value; ("", "") when it is not ours."""
    try:
        value = json.loads(str(action.get("value", "")))
        return str(value["incident_id"]), str(value["diff_sha256"])
    except (ValueError, KeyError, TypeError):
        return "", ""


def metadata(view: Mapping[str, Any]) -> dict[str, str]:
    """A modal's `private_metadata` as strings; {} when it is not a JSON object."""
    try:
        value = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
