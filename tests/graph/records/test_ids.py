"""Incident ids: one pattern, a bool check and a raising one."""

from __future__ import annotations

import pytest

from graph.records.ids import check_incident_id, is_incident_id
from tests.graph.records.samples import ID, make_record

# --- ids and validation ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [ID, "incident-20261124033900-0123abcd"])
def test_valid_incident_ids(value: str) -> None:
    assert is_incident_id(value)
    assert check_incident_id(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "../incident-20261124033900-ab12",
        "incident-20261124033900-ab12/..",
        "incident-20261124033900-ab12\n",
        "incident-2026112403390-ab12",
        "incident-20261124033900-AB12",
        "incident-20261124033900-abc",
        "incident-20261124033900-0123abcde",
        "incident-٢٠٢٦١١٢٤٠٣٣٩٠٠-ab12",  # Arabic-Indic digits match a Unicode \d
        "/incident-20261124033900-ab12",
    ],
)
def test_invalid_incident_ids(value: str) -> None:
    assert not is_incident_id(value)
    with pytest.raises(ValueError, match="not an incident id"):
        check_incident_id(value)
    with pytest.raises(ValueError, match="not an incident id"):
        make_record(id=value)
