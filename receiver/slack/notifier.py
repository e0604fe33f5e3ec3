"""Keeps one Slack message per incident in step with the incident.

The workflow runner calls `incident_changed` after every change; the notifier renders the
incident (receiver.slack.blocks) and posts its message when it first awaits approval, then edits
that same message (`chat.update`, never a new post) at every later change. One task per incident
does the calls, so they are ordered and a slow or failing Slack never blocks the workflow: when
a call fails even after the client's retries, the task waits (growing backoff) and tries again
with the newest state, so the message catches up once Slack is back. Failures and approval
reminders go into the message's thread.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime

import structlog

from receiver.incidents.model import Incident, IncidentStatus
from receiver.incidents.registry import KEEP_FINISHED
from receiver.slack.blocks import incident_message
from receiver.slack.card import IncidentCard, incident_card
from receiver.slack.client import SlackClient
from receiver.slack.replies import (
    thread_failure,
    thread_reminder,
)
from receiver.slack.texts import Language

log = structlog.get_logger("alertgraph.slack")
Sleep = Callable[[float], Awaitable[None]]
CATCH_UP_MAX_WAIT = 60.0  # seconds between tries while Slack stays down
_NOT_YET = frozenset({IncidentStatus.RECEIVED, IncidentStatus.ANALYZING})


class SlackNotifier:
    """Posts and edits the incidents' Slack messages through `client` (see module doc)."""

    def __init__(
        self,
        client: SlackClient,
        channel: str,
        language: Language,
        *,
        link_base: str,
        verify_timeout: float,
        reminder_after: float,
        now: Callable[[], datetime],
        sleep: Sleep = asyncio.sleep,
        timer: Sleep = asyncio.sleep,
        dry_run: bool = False,
        silenceable: bool = False,
    ) -> None:
        """`sleep` waits between tries while Slack is down, `timer` until an approval reminder
        is due (both injected: tests use fakes instead of waiting); `dry_run` puts the dry run
        banner on every message; `silenceable` offers "Silence 2 h" while alerts may fire."""
        self.client = client
        self.channel = channel
        self.language: Language = language
        self.link_base = link_base
        self.verify_timeout = verify_timeout
        self.reminder_after = reminder_after
        self.dry_run = dry_run
        self.silenceable = silenceable
        self._now = now
        self._sleep = sleep
        self._timer = timer
        self._latest: dict[str, Incident] = {}  # the newest state of a message behind it
        # What each message shows now; finished incidents' only while KEEP_FINISHED newer ones
        # did not finish (a late alert may still change them), so memory stays flat.
        self._shown: dict[str, IncidentCard] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._reminders: dict[str, asyncio.Task[None]] = {}
        self._finished: OrderedDict[str, None] = OrderedDict()  # ids in `_shown`, oldest first

    @property
    def pending(self) -> int:
        """How many incidents have Slack work pending (a message behind, a reminder due)."""
        return len(self._latest.keys() | self._workers.keys() | self._reminders.keys())

    def card(self, incident: Incident) -> IncidentCard:
        """The card of `incident` with this notifier's link base and verify timeout."""
        return incident_card(
            incident,
            link_base=self.link_base,
            verify_timeout=self.verify_timeout,
            dry_run=self.dry_run,
            silenceable=self.silenceable,
        )

    def incident_changed(self, incident: Incident) -> None:
        """Schedule the message of `incident` to catch up with it (returns at once)."""
        if incident.status in _NOT_YET and incident.live.slack_ts is None:
            return
        self._latest[incident.id] = incident
        worker = self._workers.get(incident.id)
        if worker is None or worker.done():
            self._workers[incident.id] = asyncio.create_task(
                self._sync(incident.id), name=f"slack-{incident.id}"
            )

    async def idle(self) -> None:
        """Wait until every message has caught up (tests, shutdown)."""
        while any(not w.done() for w in self._workers.values()):
            await asyncio.gather(*self._workers.values(), return_exceptions=True)

    async def stop(self) -> None:
        """Cancel the pending work and close the client."""
        tasks = [*self._workers.values(), *self._reminders.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.close()

    async def _sync(self, incident_id: str) -> None:
        try:
            await self._catch_up(incident_id)
        finally:
            # Caught up (or stopped): nothing per incident stays behind but what it shows.
            self._latest.pop(incident_id, None)
            if self._workers.get(incident_id) is asyncio.current_task():
                del self._workers[incident_id]

    async def _catch_up(self, incident_id: str) -> None:
        wait = 1.0
        while True:
            incident = self._latest[incident_id]
            card = self.card(incident)
            previous = self._shown.get(incident_id)
            if previous == card:
                return
            if await self._show(incident, card):
                self._remember(incident, card)
                await self._after_shown(incident, card, previous)
                wait = 1.0
                continue  # a change may have come in meanwhile
            log.warning("slack message behind", incident_id=incident_id, retry_in=wait)
            await self._sleep(wait)
            wait = min(wait * 2, CATCH_UP_MAX_WAIT)

    def _remember(self, incident: Incident, card: IncidentCard) -> None:
        self._shown[incident.id] = card
        if not incident.status.terminal:
            return
        self._finished[incident.id] = None
        self._finished.move_to_end(incident.id)
        while len(self._finished) > KEEP_FINISHED:
            oldest, _ = self._finished.popitem(last=False)
            self._shown.pop(oldest, None)

    async def _show(self, incident: Incident, card: IncidentCard) -> bool:
        text, blocks = incident_message(card, self.language)
        live = incident.live
        if live.slack_ts is None or live.slack_channel is None:
            posted = await self.client.post_message(self.channel, text, blocks)
            if posted is None:
                return False
            live.slack_channel, live.slack_ts = posted
            log.info("slack message posted", incident_id=incident.id, ts=live.slack_ts)
            return True
        return await self.client.update_message(live.slack_channel, live.slack_ts, text, blocks)

    async def _after_shown(
        self, incident: Incident, card: IncidentCard, previous: IncidentCard | None
    ) -> None:
        live = incident.live
        assert live.slack_channel is not None and live.slack_ts is not None
        failed = IncidentStatus.FAILED.value
        if card.status == failed and (previous is None or previous.status != failed):
            text = thread_failure(card, self.language)
            await self.client.post_message(live.slack_channel, text, thread_ts=live.slack_ts)
        awaiting = incident.status is IncidentStatus.AWAITING_APPROVAL
        reminder = self._reminders.get(incident.id)
        if awaiting and reminder is None and self.reminder_after > 0:
            self._reminders[incident.id] = asyncio.create_task(
                self._remind(incident), name=f"slack-reminder-{incident.id}"
            )
        elif reminder is not None and incident.status.terminal:
            reminder.cancel()
            del self._reminders[incident.id]

    async def _remind(self, incident: Incident) -> None:
        """One reminder in the thread once the incident waited `reminder_after` seconds (its
        task stays in `_reminders` until the incident ends, so there is only one)."""
        since = self._now()
        await self._timer(self.reminder_after)  # a timer, not a backoff: never shortened
        live = incident.live
        if incident.status is not IncidentStatus.AWAITING_APPROVAL or live.slack_ts is None:
            return
        waited = (self._now() - since).total_seconds() or self.reminder_after
        text = thread_reminder(self.card(incident), max(waited, self.reminder_after), self.language)
        assert live.slack_channel is not None
        await self.client.post_message(live.slack_channel, text, thread_ts=live.slack_ts)
        log.info("approval reminder", incident_id=incident.id)
