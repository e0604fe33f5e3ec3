"""Incidents in memory: grouping alerts into one incident per open problem.

`IncidentRegistry.observe` is synchronous and does no I/O, so the asyncio workers that call it
never race. The merge rule makes the outcome independent of arrival order once an incident is
open: per fingerprint the newest firing episode (`startsAt`) wins, and within one episode
`resolved` wins over `firing`, so a late resend of a firing alert never reopens what
Alertmanager already resolved.

Only a firing alert opens an incident. A resolved alert with no open incident is attached to
the most recent finished incident of its key when this process still holds it, and otherwise
only remembered (so a late firing resend of that episode opens nothing either). Repeats of an
episode a finished incident already saw are attached to it: the next *episode* of the alert
(a new `startsAt`) opens the next incident.

Lines the fallback Loki poller found (`source: loki_poller`) are evidence, not alerts of their
own: they share the key of their workload's alerts, so they join its open incident (counted,
never an alert that has to resolve), and open one only when none is open. A firing alert
pushed for a workload whose open incident the poller opened joins it and takes over its
recovery: the poller's alert, which never resolves, is dropped from it.

Finished incidents live in git; the registry keeps only the most recent `keep_finished` of
them (for the status route and for late alerts), so memory stays flat however long it runs.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from receiver.incidents.key import SINGLE_CLUSTER, Clusters, IncidentKey, incident_key
from receiver.incidents.model import AlertState, Incident, IncidentStatus
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus

_KEY_CACHE_MAX = 65_536
KEEP_FINISHED = 1_000  # finished incidents kept in memory (older ones are read from git)
_ENDED_MAX = 65_536  # resolved episodes remembered for alerts that had no open incident


class Change(StrEnum):
    """What one alert did to its incident."""

    NEW_ALERT = "new_alert"  # first time this fingerprint joined
    REPEAT = "repeat"  # same fingerprint, startsAt and status seen before
    RESOLVED = "resolved"  # the current episode resolved
    REFIRED = "refired"  # a newer episode of a known fingerprint
    STALE = "stale"  # older than what is known (e.g. a firing resend after the resolve)
    LOG_LINES = "log_lines"  # the Loki poller's lines for the workload of an open incident


class Observation(NamedTuple):
    """The result of observing one alert: its incident, whether that was new, what changed,
    and the alert's fingerprint."""

    incident: Incident
    created: bool
    change: Change
    fingerprint: str = ""


class BatchOutcome(NamedTuple):
    """What a batch did: the observations that changed something (or all of them, when asked),
    how many alerts only repeated what was known, and how many were dropped because they had
    no incident to join (resolved with none open, or a resend of an episode that ended)."""

    observations: list[Observation]
    repeats: int
    dropped: int = 0


class IncidentRegistry:
    """Open incidents by key, the most recent finished ones by key and id, and all of them by
    id (newest last). `keep_finished` bounds how many finished incidents stay in memory;
    `clusters` says which cluster an alert comes from (receiver.incidents.key)."""

    def __init__(
        self,
        token: Callable[[], str] = lambda: secrets.token_hex(2),
        *,
        keep_finished: int = KEEP_FINISHED,
        clusters: Clusters = SINGLE_CLUSTER,
    ) -> None:
        """An empty registry; `token` makes the random part of new incident ids."""
        self._token = token
        self._keep_finished = keep_finished
        self.clusters = clusters
        self._by_id: dict[str, Incident] = {}
        self._open: dict[IncidentKey, Incident] = {}
        self._finished: OrderedDict[str, Incident] = OrderedDict()  # oldest first
        self._closed: dict[IncidentKey, Incident] = {}  # the newest finished one per key
        self._ended: OrderedDict[tuple[str, str], datetime] = OrderedDict()
        self._key_cache: dict[tuple[str, str], IncidentKey] = {}
        self._poller_opened: dict[IncidentKey, Incident] = {}  # still holding the poller's alert

    def observe(self, event: AlertEvent) -> Observation | None:
        """Attach `event` to the incident of its key, opening one for a firing alert when none
        is open; None when it was dropped (see the module docstring)."""
        observations = self.observe_batch([event], keep_repeats=True).observations
        return observations[0] if observations else None

    def observe_batch(
        self, events: Iterable[AlertEvent], *, keep_repeats: bool = False
    ) -> BatchOutcome:
        """`observe` for many alerts; repeats are only counted unless `keep_repeats`.

        This is the hot path of ingest (Alertmanager resends whole groups, Prometheus every
        alert every minute), so the incident key is cached per (tenant, fingerprint): the
        fingerprint is a hash of the labels the key is derived from.
        """
        observations: list[Observation] = []
        repeats = dropped = 0
        key_cache = self._key_cache
        open_incident = self._open.get
        for event in events:
            fingerprint = event.fingerprint
            cache_key = (event.tenant, fingerprint)
            key = key_cache.get(cache_key)
            if key is None:
                if len(key_cache) >= _KEY_CACHE_MAX:
                    key_cache.clear()
                key = key_cache[cache_key] = incident_key(event, self.clusters)
            incident = open_incident(key)
            if incident is not None and event.source is not AlertSource.LOKI_POLLER:
                self._take_over_from_poller(incident, event)
            created = False
            if incident is None:
                incident, created = self._without_open_incident(key, event)
                if incident is None:
                    dropped += 1
                    continue
            elif event.source is AlertSource.LOKI_POLLER:
                _count(incident, event)
                observations.append(Observation(incident, False, Change.LOG_LINES))
                continue
            _count(incident, event)
            state = incident.alerts.get(fingerprint)
            if (
                state is not None
                and event.status in state.statuses
                and state.starts_at == event.starts_at
            ) or (fingerprint, event.starts_at, event.status) in incident.seen:
                incident.repeats += 1
                repeats += 1
                if keep_repeats:
                    observations.append(Observation(incident, created, Change.REPEAT, fingerprint))
                continue
            incident.seen.add((fingerprint, event.starts_at, event.status))
            change = _merge(incident, event)
            observations.append(Observation(incident, created, change, fingerprint))
        return BatchOutcome(observations, repeats, dropped)

    def _take_over_from_poller(self, incident: Incident, event: AlertEvent) -> None:
        """A firing pushed alert joining an incident the poller opened takes over its
        recovery: the poller's alert, which never resolves, leaves it (once)."""
        if event.status is AlertStatus.FIRING and self._poller_opened.get(incident.key) is incident:
            del self._poller_opened[incident.key]
            incident.alerts.pop(incident.first_event.fingerprint, None)

    def close(self, incident: Incident) -> None:
        """Stop grouping new episodes into `incident`: the next firing episode of its key opens
        a new one; repeats and resolves of what it saw still join it while it is kept.

        The incident stays readable by id until `keep_finished` newer ones finished. Closing
        twice, or a replaced incident, is harmless."""
        if self._open.get(incident.key) is incident:
            del self._open[incident.key]
        elif incident.id in self._finished or self._by_id.get(incident.id) is not incident:
            return
        for alert in incident.alerts.values():
            alert.event = None  # the workflow has had them; a finished incident keeps counts
        self._finished[incident.id] = incident
        self._closed[incident.key] = incident
        if self._poller_opened.get(incident.key) is incident:
            del self._poller_opened[incident.key]
        while len(self._finished) > self._keep_finished:
            _, oldest = self._finished.popitem(last=False)
            self._by_id.pop(oldest.id, None)
            if self._closed.get(oldest.key) is oldest:
                del self._closed[oldest.key]

    def restore(self, incident: Incident) -> None:
        """Take back an incident read from disk after a restart: findable by id, and open
        under its key unless it is finished.

        Its key is derived again from the alert that opened it, so a row written under an
        older key shape (or other CLUSTER_LABELS) is found by the alerts that arrive now."""
        incident.key = incident_key(incident.first_event, self.clusters)
        self._by_id[incident.id] = incident
        if not incident.status.terminal:
            self._open[incident.key] = incident
            self._remember_poller_opened(incident)
        else:
            self.close(incident)

    def get(self, incident_id: str) -> Incident | None:
        """The incident with this id: open, or finished and still kept in memory."""
        return self._by_id.get(incident_id)

    def newest_first(self) -> Iterator[Incident]:
        """All incidents held in memory, newest first."""
        return reversed(self._by_id.values())

    @property
    def open_count(self) -> int:
        """How many incidents are open."""
        return len(self._open)

    @property
    def held(self) -> int:
        """How many incidents are in memory (open and recently finished)."""
        return len(self._by_id)

    def _without_open_incident(
        self, key: IncidentKey, event: AlertEvent
    ) -> tuple[Incident | None, bool]:
        """Where an alert whose key has no open incident goes, and whether that incident is
        new: the newest finished incident of the key for a resolve or a resend of an episode
        it saw, a new incident for a new firing episode, nowhere (None) for a resolve or
        resend nobody holds."""
        finished = self._closed.get(key)
        ended = (event.tenant, event.fingerprint)
        if event.status is AlertStatus.RESOLVED:
            if self._ended.get(ended, event.starts_at) <= event.starts_at:
                self._ended[ended] = event.starts_at
                self._ended.move_to_end(ended)
                if len(self._ended) > _ENDED_MAX:
                    self._ended.popitem(last=False)
            return finished, False
        known = finished.alerts.get(event.fingerprint) if finished is not None else None
        if known is not None and event.starts_at <= known.starts_at:
            return finished, False  # a resend of an episode the finished incident saw
        last_ended = self._ended.get(ended)
        if last_ended is not None and event.starts_at <= last_ended:
            return finished, False  # that episode resolved already: nothing to fix
        return self._open_incident(key, event), True

    def _open_incident(self, key: IncidentKey, event: AlertEvent) -> Incident:
        incident = Incident(
            id=self._new_id(event.timestamp),
            key=key,
            status=IncidentStatus.RECEIVED,
            first_seen=event.timestamp,
            last_seen=event.timestamp,
            first_event=event,
        )
        self._by_id[incident.id] = incident
        self._open[key] = incident
        self._remember_poller_opened(incident)
        return incident

    def _remember_poller_opened(self, incident: Incident) -> None:
        if incident.first_event.source is AlertSource.LOKI_POLLER:
            self._poller_opened[incident.key] = incident

    def _new_id(self, when: datetime) -> str:
        stamp = when.strftime("%Y%m%d%H%M%S")
        for attempt in range(64):
            # After many collisions in one second, widen the suffix instead of looping on.
            suffix = self._token() if attempt < 32 else secrets.token_hex(4)
            candidate = f"incident-{stamp}-{suffix}"
            if candidate not in self._by_id:
                return candidate
        raise RuntimeError("could not find a free incident id")  # pragma: no cover


def _count(incident: Incident, event: AlertEvent) -> None:
    """Count `event` in `incident`: events, by source, last seen."""
    incident.events += 1
    incident.sources[event.source] = incident.sources.get(event.source, 0) + 1
    if event.timestamp > incident.last_seen:
        incident.last_seen = event.timestamp


def _merge(incident: Incident, event: AlertEvent) -> Change:
    """Apply an alert whose (fingerprint, startsAt, status) the incident has not seen yet."""
    known = incident.alerts.get(event.fingerprint)
    if known is None:
        incident.alerts[event.fingerprint] = AlertState(
            event.starts_at, event.status, {event.status}, event.alertname, event
        )
        return Change.NEW_ALERT
    if event.starts_at > known.starts_at:
        known.starts_at, known.status, known.statuses = (
            event.starts_at,
            event.status,
            {event.status},
        )
        known.event = event
        return Change.REFIRED if event.status is AlertStatus.FIRING else Change.RESOLVED
    if event.starts_at == known.starts_at:
        known.statuses.add(event.status)
        if event.status is AlertStatus.RESOLVED and known.status is AlertStatus.FIRING:
            known.status, known.event = AlertStatus.RESOLVED, event
            return Change.RESOLVED
    return Change.STALE
