"""The incident record refuses malformed values and stores lists as tuples."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.graph.records.samples import make_record


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"created": datetime(2026, 11, 24, 3, 39)}, "timezone-aware"),
        ({"updated": "2026-11-24T03:39:00+00:00"}, "timezone-aware"),
        ({"decision": "maybe"}, "unknown decision"),
        ({"outcome": "fixed"}, "unknown outcome"),
    ],
)
def test_record_refuses_malformed_values(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_record(**changes)


def test_record_stores_lists_as_tuples_and_is_hashable() -> None:
    record = make_record(fingerprints=["a"], actions=["b"])
    assert record.fingerprints == ("a",)
    assert record.actions == ("b",)
    assert hash(record) == hash(make_record(fingerprints=("a",), actions=("b",)))
