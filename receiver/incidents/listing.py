"""The incident list (pure): finished incidents from git history merged with in-flight ones.

Git history (graph.history) knows every incident that reached a decision; the registry knows
the ones this process is working on, including those that have no commit yet. An incident in
both is shown with its live status and its git commits. Order: newest first by created, then
by id (descending); the cursor is the position of the last item shown.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from graph.git.items import Item, decode_cursor, encode_cursor, first_wanted
from receiver.incidents.model import Incident, IncidentStatus

FAILED = IncidentStatus.FAILED


@dataclass(frozen=True, slots=True)
class Filters:
    """What the list is narrowed to; None matches everything. `since`/`until` bound `created`.
    `cluster` is known only of incidents this process holds (`match_cluster`)."""

    status: str | None = None
    category: str | None = None
    app: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    cluster: str | None = None
    namespace: str | None = None

    def match_cluster(self, incident: Incident | None) -> bool:
        """Whether an entry whose incident this process holds (or not: None) passes the
        cluster filter; git's record alone does not say (graph.git.items)."""
        if self.cluster is None:
            return True
        return incident is not None and incident.key.cluster == self.cluster

    def match(self, entry: Item) -> bool:
        """Whether `entry` passes every filter."""
        return not (
            (self.status is not None and entry.status != self.status)
            or (self.category is not None and entry.category != self.category)
            or (self.app is not None and entry.app != self.app)
            or (self.namespace is not None and entry.namespace != self.namespace)
            or (self.since is not None and entry.created < self.since)
            or (self.until is not None and entry.created > self.until)
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One incident of the list: its values (from git, or from memory in git's shape) and
    the incident itself when this process holds it."""

    item: Item
    incident: Incident | None = None

    @property
    def key(self) -> tuple[float, str]:
        """The sort key (newest first means descending)."""
        return self.item.created.timestamp(), self.item.id


def from_git(item: Item) -> Entry:
    """The list entry of an incident known only from git."""
    return Entry(item)


def from_memory(incident: Incident, item: Item | None) -> Entry:
    """The list entry of an incident this process holds; `item` is its git side, if any.
    Once the incident is finished its git record is the truth (someone may have corrected it
    by hand): the entry shows git's values, with the live counters beside them — unless it
    failed after a commit, which only memory knows."""
    if item is not None and incident.status.terminal and incident.status is not FAILED:
        return Entry(item, incident)
    live, key = incident.live, incident.key
    commits = item.commits if item else tuple(s for s in (live.outcome_sha, live.commit_sha) if s)
    stamps = [incident.last_seen, *(s for s in (live.updated, item and item.updated) if s)]
    values = Item(
        id=incident.id,
        status=incident.status.value,
        category=live.category or (item.category if item else ""),
        severity=live.severity or (item.severity if item else ""),
        app=incident.app,
        namespace=key.namespace or (item.namespace if item else ""),
        created=incident.first_seen,
        updated=max(stamps),
        decision=live.decision or (item.decision if item else None),
        commits=commits,
    )
    return Entry(values, incident)


def entry_of(incident: Incident | None, item: Item | None) -> Entry | None:
    """The list entry of one incident from what memory (`incident`) and git (`item`) hold of
    it, or None when neither does."""
    if incident is not None:
        return from_memory(incident, item)
    return None if item is None else from_git(item)


def page(
    history: list[Item],
    live: Iterable[Incident],
    known: Callable[[str], Item | None],
    filters: Filters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Entry], str | None]:
    """One page of the merged list and the cursor of the next (None on the last page).

    `history` is git's list newest first, `known` finds one of its items by id, `live` the
    incidents in memory. ValueError for a cursor this API did not make."""
    after = decode_cursor(cursor) if cursor else None
    in_memory = sorted(
        (from_memory(incident, known(incident.id)) for incident in live),
        key=lambda e: e.key,
        reverse=True,
    )
    shadowed = {entry.item.id for entry in in_memory}

    def wanted(entry: Item, key: tuple[float, str], incident: Incident | None) -> bool:
        return (
            (after is None or key < after)
            and filters.match(entry)
            and filters.match_cluster(incident)
        )

    # Most of the list is git history: filter its items before making entries of them,
    # starting where the cursor (or `until`) points rather than walking there.
    from_history = (
        from_git(item)
        for item in islice(history, first_wanted(history, after, filters.until), None)
        if item.id not in shadowed and wanted(item, (item.created.timestamp(), item.id), None)
    )
    found: list[Entry] = []
    live_wanted = (e for e in in_memory if wanted(e.item, e.key, e.incident))
    for entry in _merge(live_wanted, from_history):
        if len(found) == limit:
            return found, encode_cursor(found[-1].item.created, found[-1].item.id)
        found.append(entry)
    return found, None


def _merge(first: Iterable[Entry], second: Iterable[Entry]) -> Iterator[Entry]:
    return heapq.merge(first, second, key=lambda e: e.key, reverse=True)
