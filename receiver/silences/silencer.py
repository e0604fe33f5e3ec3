"""The one way the service silences an incident's alerts and ends those silences: the API
route, Slack's "Silence 2 h" button and the workflow (while a fix is verified) all call
`IncidentSilences`.

Nothing is silenced unless a person or a policy asked (`SilenceAsk.asker`), the incident is
still open, `ALERTMANAGER_URL` is set and `DRY_RUN` is off. Each silence created is recorded
in the incident's live view at once (receiver.silences.records), even when a later one fails,
so `expire_incident_silences` can end every silence the service made when the incident ends.
Calls for one incident are serialised, so two clicks never make two silences of one alert:
the second extends the first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import msgspec
import structlog

from receiver.incidents.model import Incident
from receiver.silences.client import SilenceClient, SilenceError
from receiver.silences.matchers import (
    MAX_SILENCES,
    NotSilenced,
    PostableSilence,
    SilenceAsk,
    person_ask,
    plan_silences,
)
from receiver.silences.records import SilenceRecord, active_by_fingerprint, expired, with_record

log = structlog.get_logger("alertgraph.silences")
NOT_CONFIGURED = "ALERTMANAGER_URL is not set: there is no Alertmanager to create silences in"
DRY_RUN = "DRY_RUN is on: the service creates no silences"


class SilencesOff(Exception):
    """Silences cannot be made here: no Alertmanager configured, or a dry run."""


class IncidentEnded(Exception):
    """The incident has ended: its alerts are not silenced any more."""


class SilenceOutcome(msgspec.Struct, frozen=True):
    """The silences one request created or extended, and the alerts it left alone."""

    incident_id: str
    silences: list[SilenceRecord]
    not_silenced: list[NotSilenced]


class ExpiryOutcome(msgspec.Struct, frozen=True):
    """The silences an incident's end expired, and those Alertmanager did not expire (id →
    why; they still end on their own at their `ends_at`)."""

    expired: list[str]
    failed: dict[str, str]


class IncidentSilences:
    """Creates and expires the silences of incidents in the Alertmanager `client` talks to
    (None: `off_reason` says why silences are off); `now` is the clock."""

    def __init__(
        self,
        client: SilenceClient | None,
        now: Callable[[], datetime],
        *,
        off_reason: str | None = None,
        limit: int = MAX_SILENCES,
    ) -> None:
        """Silences through `client`, or none (`off_reason`) when it is None."""
        self._client = None if off_reason else client
        self.off_reason = off_reason or (NOT_CONFIGURED if client is None else None)
        self._now = now
        self._limit = limit
        self._listeners: list[Callable[[Incident], None]] = []
        self._locks: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    def subscribe(self, listener: Callable[[Incident], None]) -> None:
        """Call `listener(incident)` whenever an incident's silences change (the incident
        table saves it, the status watch wakes). It must not block."""
        self._listeners.append(listener)

    async def silence_for_person(
        self, incident: Incident, user: str, duration: timedelta, via: str, comment: str = ""
    ) -> SilenceOutcome:
        """`silence` as `user` asked from `via` ("Slack", "the API") for `duration`."""
        return await self.silence(incident, person_ask(incident.id, user, duration, via, comment))

    async def silence(self, incident: Incident, ask: SilenceAsk) -> SilenceOutcome:
        """Silence every alert of `incident` (one silence each, extending one it has) as
        `ask` says. SilencesOff, IncidentEnded, or SilenceError when Alertmanager refused
        or did not answer (the silences created before that are kept and recorded)."""
        if not ask.asker.strip():
            raise ValueError("a silence needs a person or a policy asking for it")
        client = self._require_client()
        async with self._serialised(incident.id):
            if incident.status.terminal:
                raise IncidentEnded(f"{incident.id} has ended ({incident.status.value})")
            now = self._now()
            extending = active_by_fingerprint(incident.live.silences, now)
            plan = plan_silences(incident, ask, now, extending, self._limit)
            made: list[SilenceRecord] = []
            try:
                for fingerprint, alertname, body in plan.silences:
                    silence_id = await _create(client, body)
                    made.append(_record(silence_id, fingerprint, alertname, body))
            except SilenceError as error:
                if made:  # the silences made are recorded below; say so
                    kept = f"; the {len(made)} silence(s) created before are kept"
                    raise SilenceError(f"{error}{kept}", error.status) from None
                raise
            finally:
                self._keep(incident, made)
        if made:
            log.info("silences created", incident_id=incident.id, silences=len(made))
        return SilenceOutcome(incident.id, made, plan.not_silenced)

    async def expire_incident_silences(self, incident: Incident) -> ExpiryOutcome:
        """Expire the silences the service made for `incident` that still silence (call it
        when the incident ends). A silence Alertmanager did not expire is logged once and
        left to end at its `ends_at`."""
        async with self._serialised(incident.id):
            now = self._now()
            ids = list(active_by_fingerprint(incident.live.silences, now).values())
            if not ids:
                return ExpiryOutcome([], {})
            done, failed = await self._expire_all(ids)
            if done:
                incident.live.silences = expired(incident.live.silences, done, now)
                self._changed(incident)
        if failed:
            log.warning(
                "silences not expired; they end on their own", incident_id=incident.id, **failed
            )
        return ExpiryOutcome(done, failed)

    async def _expire_all(self, ids: list[str]) -> tuple[list[str], dict[str, str]]:
        if self._client is None:
            return [], dict.fromkeys(ids, self.off_reason or NOT_CONFIGURED)
        done: list[str] = []
        failed: dict[str, str] = {}
        for silence_id in ids:
            try:
                await self._client.expire(silence_id)
            except SilenceError as error:
                failed[silence_id] = str(error)
            else:
                done.append(silence_id)
        return done, failed

    def _require_client(self) -> SilenceClient:
        if self._client is None:
            raise SilencesOff(self.off_reason or NOT_CONFIGURED)
        return self._client

    def _keep(self, incident: Incident, made: list[SilenceRecord]) -> None:
        if not made:
            return
        records = incident.live.silences
        for record in made:
            records = with_record(records, record)
        incident.live.silences = records
        self._changed(incident)

    def _changed(self, incident: Incident) -> None:
        for listener in self._listeners:
            try:
                listener(incident)
            except Exception:  # a broken listener must not lose the record of a silence
                log.exception("silence listener failed", incident_id=incident.id)

    @contextlib.asynccontextmanager
    async def _serialised(self, incident_id: str) -> AsyncIterator[None]:
        """One silence operation per incident at a time; the lock is dropped when unused."""
        lock, users = self._locks.setdefault(incident_id, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self._locks[incident_id]


async def _create(client: SilenceClient, body: PostableSilence) -> str:
    """Create `body`; a silence to extend that Alertmanager no longer knows is made anew."""
    try:
        return await client.create(body)
    except SilenceError as error:
        if error.status != 404 or body.id is None:
            raise
    return await client.create(msgspec.structs.replace(body, id=None))


def _record(
    silence_id: str, fingerprint: str, alertname: str, body: PostableSilence
) -> SilenceRecord:
    return SilenceRecord(
        id=silence_id,
        fingerprint=fingerprint,
        alertname=alertname,
        ends_at=body.ends_at,
        created_by=body.created_by,
        comment=body.comment,
    )
