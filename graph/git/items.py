"""Incidents as the history lists them (pure): one item each, in full on demand, and pages.

The list is ordered newest first by `created`, then by id; a page is a run of it after a
cursor, filtered by status, category, app and a time range. The cursor is opaque to clients:
the sort key of the last item shown, encoded.
"""

from __future__ import annotations

import base64
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, NamedTuple

from graph.git.commits import Commit
from graph.git.front_matter import Listed
from graph.records.ids import check_incident_id

MAX_LIMIT = 200
_STAMP = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,9})?", re.ASCII)  # as repr() of a POSIX time


@dataclass(frozen=True, slots=True)
class Item:
    """One incident as listed; `commits` are shas, newest first."""

    id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    created: datetime
    updated: datetime
    decision: str | None
    commits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Detail:
    """One incident in full.

    Its item, parsed summary.md (None when absent or a symlink), changes.diff text, feedback
    files (name → raw JSON text) and its commits, newest first.
    """

    item: Item
    summary: dict[str, Any] | None
    diff: str
    feedback: dict[str, str]
    commits: tuple[Commit, ...]


class Filters(NamedTuple):
    """Which incidents a page shows.

    None lets every value through; `since` and `until` bound `created` (inclusive).
    """

    status: str | None = None
    category: str | None = None
    app: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def admit(self, item: Item) -> bool:
        """Whether `item` passes every filter."""
        return not (
            (self.status is not None and item.status != self.status)
            or (self.category is not None and item.category != self.category)
            or (self.app is not None and item.app != self.app)
            or (self.since is not None and item.created < self.since)
            or (self.until is not None and item.created > self.until)
        )


def item_of(
    incident: str,
    front: Listed | None,
    shas: tuple[str, ...],
    newest: int,
    oldest: int,
    trailers: dict[str, str],
) -> Item:
    """The list item of an incident: its front matter's values (graph.git.front_matter), else
    its trailers' and the times of its newest and oldest commits (unix seconds)."""

    def value(key: str) -> str:
        found = getattr(front, key, None)
        if found is None:
            found = trailers.get(key)
        return "" if found is None else str(found)

    newest_date = datetime.fromtimestamp(newest, UTC)
    created = (front.created if front else None) or datetime.fromtimestamp(oldest, UTC)
    # The newest of summary.md's `updated` and the newest commit (a hand edit counts).
    updated = max((front.updated if front else None) or newest_date, newest_date, created)
    return Item(
        id=incident,
        status=str((front.status if front else None) or "unknown"),
        category=value("category"),
        severity=value("severity"),
        app=value("app"),
        namespace=str((front.namespace if front else None) or ""),
        created=created,
        updated=updated,
        decision=value("decision") or None,
        commits=shas,
    )


def page(
    ordered: Sequence[Item], filters: Filters, limit: int = 50, cursor: str | None = None
) -> tuple[list[Item], str | None]:
    """A page: the items of `ordered` after `cursor` that pass `filters`, and the next cursor.

    `ordered` is newest first, as `sort_key` orders it; the page holds at most `limit` (1…200)
    items, and the next cursor is None on the last page. ValueError on a bad limit or cursor.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    after = decode_cursor(cursor) if cursor else None
    shown: list[Item] = []
    for item in islice(ordered, first_wanted(ordered, after, filters.until), None):
        if (after is not None and sort_key(item) >= after) or not filters.admit(item):
            continue
        if len(shown) == limit:
            return shown, encode_cursor(shown[-1].created, shown[-1].id)
        shown.append(item)
    return shown, None


def first_wanted(
    ordered: Sequence[Item], after: tuple[float, str] | None, until: datetime | None
) -> int:
    """Where in `ordered` (newest first) a page after `after` (a sort key) and created by
    `until` can start: found by halving, not by walking past a deep page."""
    start = 0
    if after is not None:
        start = bisect_left(ordered, True, key=lambda item: sort_key(item) < after)
    if until is not None:
        start = max(start, bisect_left(ordered, True, key=lambda item: item.created <= until))
    return start


def sort_key(item: Item) -> tuple[float, str]:
    """What the list is ordered by (descending): created, then id."""
    return item.created.timestamp(), item.id


def encode_cursor(created: datetime, incident_id: str) -> str:
    """The opaque cursor of the list position just after (`created`, `incident_id`)."""
    raw = f"{created.timestamp()!r}|{incident_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, str]:
    """The sort key a cursor stands for; ValueError when it is not one `encode_cursor` made."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, incident = raw.split("|", 1)
        if not _STAMP.fullmatch(stamp):  # float() would also take "nan", "inf", " 1 "
            raise ValueError(stamp)
        return float(stamp), check_incident_id(incident)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"not a cursor: {cursor!r}") from error
