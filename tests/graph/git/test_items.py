"""Pages of the incident list: order, filters, and a cursor that only the list can make."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from graph.git.items import (
    MAX_LIMIT,
    Filters,
    Item,
    decode_cursor,
    encode_cursor,
    page,
    sort_key,
)

T0 = datetime(2026, 11, 24, 3, 39, tzinfo=UTC)


def item(n: int, **changes: object) -> Item:
    """Incident n, created n minutes after T0 (two incidents share each minute)."""
    values: dict[str, object] = {
        "id": f"incident-20261124033900-{n:04x}",
        "status": "committed",
        "category": "oom",
        "severity": "critical",
        "app": "grafana",
        "namespace": "monitoring",
        "created": T0 + timedelta(minutes=n // 2),
        "updated": T0,
        "decision": "approve",
        "commits": (),
    }
    values.update(changes)
    return Item(**values)  # type: ignore[arg-type]


ORDERED = sorted(
    [item(n, app="grafana" if n % 3 else "checkout") for n in range(20)],
    key=sort_key,
    reverse=True,
)


@pytest.mark.parametrize("limit", [1, 3, 7, 20, MAX_LIMIT])
def test_pages_follow_one_another_to_the_whole_list(limit: int) -> None:
    shown: list[Item] = []
    cursor = None
    while True:
        found, cursor = page(ORDERED, Filters(), limit, cursor)
        assert len(found) <= limit
        shown += found
        if cursor is None:
            break
    assert shown == ORDERED


def test_filters_pick_the_matching_items_in_order() -> None:
    since, until = T0 + timedelta(minutes=2), T0 + timedelta(minutes=6)
    found, cursor = page(ORDERED, Filters(app="checkout", since=since, until=until), 50)
    assert cursor is None
    assert found == [i for i in ORDERED if i.app == "checkout" and since <= i.created <= until]
    assert found and [sort_key(i) for i in found] == sorted(map(sort_key, found), reverse=True)


def test_a_cursor_is_the_sort_key_of_the_last_item_shown() -> None:
    last = ORDERED[4]
    assert decode_cursor(encode_cursor(last.created, last.id)) == sort_key(last)


@pytest.mark.parametrize(
    "cursor",
    [
        "x",
        base64.urlsafe_b64encode(b"nan|incident-20261124033900-0001").decode(),
        base64.urlsafe_b64encode(b"1.5|../etc").decode(),
        base64.urlsafe_b64encode(b"no separator").decode(),
    ],
)
def test_a_cursor_the_list_did_not_make_is_refused(cursor: str) -> None:
    with pytest.raises(ValueError, match="not a cursor"):
        page(ORDERED, Filters(), 10, cursor)


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1])
def test_a_limit_out_of_range_is_refused(limit: int) -> None:
    with pytest.raises(ValueError, match="limit must be between"):
        page(ORDERED, Filters(), limit)
