"""`POST /slack/commands`: `/incidents list|<id>|trigger` and `/feedback <id> <text>`.

The answer is an ephemeral reply only the user sees; an unknown command or text gets the
usage. `/feedback` records negative feedback like the REST route
(receiver.incidents.negative_feedback) and says why when it cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler

from graph.git.gitops import StoreError
from graph.records.ids import is_incident_id
from receiver.api.problems import problem_responses
from receiver.incidents.history import HistoryUnavailable
from receiver.incidents.model import incident_facts
from receiver.incidents.negative_feedback import (
    FeedbackRefused,
    FixDidNotWork,
    record_negative_feedback,
)
from receiver.slack.inbound import SlackInbound, form
from receiver.slack.modals import trigger_modal
from receiver.slack.replies import ephemeral, incident_list, incident_summary, usage

LISTED = ("id", "status", "category", "app")  # what `/incidents list` shows of each


def commands_route(slack: SlackInbound) -> HTTPRouteHandler:
    """`POST /slack/commands`, bound to `slack`."""

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
        fields = form(body)
        command, text = fields.get("command", ""), fields.get("text", "").strip()
        reply = usage(slack.language)
        if command == "/incidents":
            reply = await incidents_command(slack, text, fields)
        elif command == "/feedback":
            reply = await feedback_command(slack, text, fields.get("user_id", ""))
        if not reply:  # e.g. a modal was opened: nothing to say in the channel
            return Response(b"", status_code=200)
        return Response({"response_type": "ephemeral", "text": reply}, status_code=200)

    return commands


async def incidents_command(slack: SlackInbound, text: str, fields: Mapping[str, str]) -> str:
    """`/incidents list` (the open incidents), `/incidents <id>` (one incident's summary),
    `/incidents trigger` (opens the trigger modal; nothing to say)."""
    words = text.split()
    if words == ["list"]:
        facts = [incident_facts(i) for i in slack.registry.newest_first() if not i.status.terminal]
        open_ = [{name: f[name] for name in LISTED} for f in facts]
        return incident_list(open_, slack.language)
    if words == ["trigger"]:
        await slack.open_view(fields.get("trigger_id", ""), trigger_modal(slack.language))
        return ""
    if len(words) == 1 and is_incident_id(words[0]):
        incident = slack.registry.get(words[0])
        if incident is None:
            return ephemeral("unknown_incident", slack.language, incident_id=words[0])
        return incident_summary(slack.notifier.card(incident), slack.language)
    return usage(slack.language)


async def feedback_command(slack: SlackInbound, text: str, user: str) -> str:
    """`/feedback <id> <what did not work>`: the negative feedback recorded, or why not."""
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
