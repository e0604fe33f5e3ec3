"""When the service silences on its own, and when it lifts what it made: a listener on the
workflow runner.

An incident whose approval policy says `silence_while_verifying` gets its alerts silenced when
its fix starts being verified (for the verify timeout and five minutes more, so the silence
never outlives the check by much); every incident's silences — a person's too — are expired
the moment it ends. Nothing is silenced without a policy or a person asking for it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

import structlog

from receiver.incidents.model import Incident, IncidentStatus
from receiver.silences.matchers import verification_ask
from receiver.silences.silencer import IncidentSilences

log = structlog.get_logger("alertgraph.silences")
KEEP_ENDED = 10_000  # ended incidents remembered so a repeated notice expires nothing twice
MARGIN = timedelta(minutes=5)  # a verification silence ends this long after the verify timeout


class SilenceLifecycle:
    """Silences while verifying when the policy asks, and expires silences at the end."""

    def __init__(self, silences: IncidentSilences, *, verify_timeout: float) -> None:
        """Silences made through `silences`, lasting `verify_timeout` (+ MARGIN)."""
        self.silences = silences
        self.duration = timedelta(seconds=verify_timeout) + MARGIN
        self._asked: set[str] = set()  # incidents whose verification silence was asked for
        self._ended: OrderedDict[str, None] = OrderedDict()  # expired already (newest last)
        self._tasks: set[asyncio.Task[None]] = set()

    def changed(self, incident: Incident) -> None:
        """Runner listener: silence at the start of a verification the policy silences;
        expire everything the incident holds once it ended."""
        if incident.status is IncidentStatus.VERIFYING and self._policy_asks(incident):
            self._asked.add(incident.id)
            self._spawn(self._silence(incident), f"silence-{incident.id}")
        elif incident.status.terminal and incident.id not in self._ended:
            # Always: a silence being made right now is recorded only once Alertmanager
            # answered; the expiry waits for it (one silence operation per incident at a time).
            self._asked.discard(incident.id)
            self._ended[incident.id] = None
            while len(self._ended) > KEEP_ENDED:
                self._ended.popitem(last=False)
            self._spawn(self._expire(incident), f"unsilence-{incident.id}")

    async def stop(self) -> None:
        """Wait for the silences being made or expired (a restart does not repeat them)."""
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _policy_asks(self, incident: Incident) -> bool:
        policy = incident.live.policy or {}
        return bool(policy.get("silence_while_verifying")) and incident.id not in self._asked

    async def _silence(self, incident: Incident) -> None:
        rule = (incident.live.policy or {}).get("rule", "")
        ask = verification_ask(incident.id, f"policy:{rule}", self.duration)
        try:
            await self.silences.silence(incident, ask)
        except Exception as error:  # off, ended meanwhile, Alertmanager down: said once
            log.warning("verification silence not made", incident_id=incident.id, reason=str(error))

    async def _expire(self, incident: Incident) -> None:
        try:
            await self.silences.expire_incident_silences(incident)
        except Exception:  # they still end on their own at their end time
            log.exception("silences not expired", incident_id=incident.id)

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
