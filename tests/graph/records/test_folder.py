"""An incident's folder: the files of its decision and outcome commits, as git gets them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from graph.masking import mask_secrets
from graph.records.builder import incident_record
from graph.records.folder import decision_files, incident_folder, outcome_files
from graph.records.summary import parse_summary, render_summary
from tests.graph.records.samples import ID, T0, decided, make_record


def test_a_decision_writes_the_summary_the_diff_and_the_alert() -> None:
    record = make_record()
    files = decision_files(record)
    assert sorted(files) == [
        f"examples/{ID}/alert.json",
        f"examples/{ID}/changes.diff",
        f"examples/{ID}/summary.md",
    ]
    assert parse_summary(files[f"examples/{ID}/summary.md"])["id"] == ID
    assert json.loads(files[f"examples/{ID}/alert.json"]) == record.alert
    assert files[f"examples/{ID}/alert.json"].endswith("}\n")
    assert f"examples/{ID}/changes.diff" not in decision_files(replace(record, diff=""))


def test_an_outcome_rewrites_the_summary_and_keeps_the_diff_it_records() -> None:
    record = make_record(outcome="recovered", status="recovered")
    assert outcome_files(record) == {
        f"examples/{ID}/summary.md": render_summary(record),
        f"examples/{ID}/changes.diff": decision_files(record)[f"examples/{ID}/changes.diff"],
    }
    assert outcome_files(replace(record, diff="")) == {
        f"examples/{ID}/summary.md": render_summary(replace(record, diff=""))
    }


def test_an_alert_that_is_not_json_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        decision_files(make_record(alert={"at": T0}))


@pytest.mark.parametrize("bad", ["../x", "incident-1", ""])
def test_the_folder_of_a_malformed_id_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an incident id"):
        incident_folder(bad)


def test_the_diff_is_kept_as_approved_and_masked_in_changes_diff() -> None:
    """The store checks the record's diff against the values file; changes.diff is masked."""
    diff = "--- a/v.yaml\n+++ b/v.yaml\n@@ -1 +1 @@\n-password: old\n+password: hunter2new\n"
    state = decided("grafana", "approve")
    state["proposal"]["diff"] = diff
    record = incident_record(state, status="committed", now=T0)
    assert record.diff == diff
    files = decision_files(record)
    assert files[f"examples/{ID}/changes.diff"] == mask_secrets(diff)
    assert "hunter2new" not in files[f"examples/{ID}/changes.diff"]
