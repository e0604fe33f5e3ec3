"""Negative feedback documents: every field, masked as it comes in, and the workflow's own."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from graph.records.commit_message import feedback_commit_message
from graph.records.incident import IncidentRecord
from graph.records.negative_feedback import (
    MAX_TEXT,
    automatic_feedback,
    original_action,
    parse_feedback,
    render_feedback,
)
from tests.graph.records.samples import feedback_document

T0 = datetime(2026, 11, 24, 3, 39, 0, tzinfo=UTC)
ID = "incident-20261124033900-0001"
FIELDS = {
    "incident_id",
    "feedback_type",
    "reason",
    "original_action",
    "expected_result",
    "timestamp",
    "user",
    "source",
    "error_category",
    "app_name",
}


def record(**changes: Any) -> IncidentRecord:
    base = IncidentRecord(
        id=ID,
        status="committed",
        category="oom",
        severity="critical",
        app="grafana",
        namespace="monitoring",
        fingerprints=("fp1",),
        created=T0,
        updated=T0,
        decision="approve",
        approver="alice",
        root_cause="grafana was OOMKilled at its memory limit.",
        actions=("Raise the memory limit of grafana", "Check the dashboards"),
        change_summary="raise memory limit 512Mi→1Gi, request 256Mi→512Mi",
    )
    return replace(base, **changes)


def document(**changes: Any) -> dict[str, Any]:
    return feedback_document(**{"incident_id": ID, **changes})


# --- the document ---------------------------------------------------------------------------


def test_a_negative_feedback_document_has_every_field() -> None:
    stamp = datetime(2026, 11, 24, 5, 0, tzinfo=timezone(timedelta(hours=2)))
    doc = document(
        reason="  still OOMKilled an hour later \n",
        expected_result=" needed 2Gi ",
        timestamp=stamp,
    )
    assert set(doc) == FIELDS
    assert doc["incident_id"] == ID
    assert doc["feedback_type"] == "negative"
    assert doc["reason"] == "still OOMKilled an hour later"
    assert doc["original_action"] == "raise memory limit 512Mi→1Gi"
    assert doc["expected_result"] == "needed 2Gi"
    assert datetime.fromisoformat(doc["timestamp"]) == stamp
    assert doc["timestamp"].endswith("+02:00")  # the offset is kept, not dropped
    assert (doc["user"], doc["source"]) == ("bob", "api")
    assert (doc["error_category"], doc["app_name"]) == ("oom", "grafana")


def test_the_file_text_reads_back_as_the_same_document() -> None:
    doc = document(reason="grafana still died — «heavy» dashboards")
    text = render_feedback(doc)
    assert text.endswith("}\n")
    assert "«heavy»" in text  # readable in a diff, not \u escapes
    assert parse_feedback(text) == doc


@pytest.mark.parametrize("text", [None, "", "{not json", "[1, 2]", '"negative"', "null"])
def test_a_missing_or_malformed_file_reads_as_none(text: str | None) -> None:
    assert parse_feedback(text) is None


def test_very_long_texts_are_cut() -> None:
    doc = document(reason="x" * (MAX_TEXT + 50), expected_result="y" * (MAX_TEXT + 1))
    assert doc["reason"] == "x" * MAX_TEXT
    assert doc["expected_result"] == "y" * MAX_TEXT


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_blank_reason_is_refused(reason: str) -> None:
    with pytest.raises(ValueError, match="reason"):
        document(reason=reason)


@pytest.mark.parametrize(
    "bad", ["", "incident-1", "../incident-20261124033900-0001", f"{ID}\n", f"{ID}/x"]
)
def test_a_malformed_incident_id_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an incident id"):
        document(incident_id=bad)


def test_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        document(timestamp=datetime(2026, 11, 24, 4, 39))


# --- what the incident did ------------------------------------------------------------------


def test_the_original_action_is_the_change_then_the_first_action_then_none() -> None:
    assert original_action(" raise memory limit 512Mi→1Gi ", ["Raise it"]) == (
        "raise memory limit 512Mi→1Gi"
    )
    assert original_action("", ["  ", " Raise the memory limit ", "Other"]) == (
        "Raise the memory limit"
    )
    assert original_action("  ", ()) == "no values change"
    assert original_action("", ["", " "]) == "no values change"


# --- feedback the workflow writes itself ----------------------------------------------------


def test_a_rejection_with_a_reason_becomes_feedback_with_that_reason() -> None:
    rejected = record(
        decision="reject", approver="bob", status="rejected", reason=" freeze until Monday "
    )
    doc = automatic_feedback(rejected, T0 + timedelta(minutes=5))
    assert doc is not None
    assert set(doc) == FIELDS
    assert doc["source"] == "rejection"
    assert doc["reason"] == "freeze until Monday"
    assert doc["user"] == "bob"
    assert doc["original_action"] == "raise memory limit 512Mi→1Gi, request 256Mi→512Mi"
    assert doc["expected_result"] == ""
    assert (doc["incident_id"], doc["error_category"], doc["app_name"]) == (ID, "oom", "grafana")
    assert doc["timestamp"] == (T0 + timedelta(minutes=5)).isoformat()


def test_a_rejection_by_nobody_named_has_an_empty_user() -> None:
    doc = automatic_feedback(record(decision="reject", approver=None, reason="no"), T0)
    assert doc is not None and doc["user"] == ""


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_without_a_reason_gives_no_feedback(reason: str) -> None:
    assert automatic_feedback(record(decision="reject", reason=reason), T0) is None


def test_a_fix_that_did_not_recover_becomes_feedback() -> None:
    failed = record(outcome="not_recovered", status="not_recovered", change_summary="")
    doc = automatic_feedback(failed, T0)
    assert doc is not None
    assert doc["source"] == "not_recovered"
    assert "still firing" in doc["reason"]
    assert doc["user"] == ""
    assert doc["original_action"] == "Raise the memory limit of grafana"  # no change summary


def test_without_change_or_actions_the_original_action_says_so() -> None:
    failed = record(outcome="not_recovered", change_summary="", actions=())
    doc = automatic_feedback(failed, T0)
    assert doc is not None and doc["original_action"] == "no values change"


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome": "recovered", "status": "recovered"},
        {"outcome": None},
        {"decision": None, "approver": None},
        {"decision": "modify"},
    ],
)
def test_other_records_give_no_feedback(changes: dict[str, Any]) -> None:
    assert automatic_feedback(record(**changes), T0) is None


def test_a_naive_timestamp_is_refused_for_automatic_feedback_too() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        automatic_feedback(record(outcome="not_recovered"), datetime(2026, 11, 24))


def test_the_document_is_json_serialisable_as_committed() -> None:
    doc = automatic_feedback(record(outcome="not_recovered"), T0)
    assert doc is not None
    assert json.loads(render_feedback(doc)) == doc


def test_the_document_is_masked_as_it_comes_in() -> None:
    doc = document(
        reason="Cookie: session=abc\npassword = 'hunter2 SuperSecret05'",
        expected_result="secret: aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1",
        user="token=t0k3n-of-bob",
        app="AKIAIOSFODNN7EXAMPL9",
    )
    assert doc["reason"] == "Cookie: session=****\npassword = '****'"
    assert doc["expected_result"] == "secret: aws_secret_access_key = ****"
    assert (doc["user"], doc["app_name"]) == ("token=****", "AKIA****")
    message = feedback_commit_message(doc, doc["user"])
    assert "Reason: Cookie: session=**** password = '****'" in message.splitlines()
    for secret in ("hunter2", "wJalrXUtn", "t0k3n", "IOSFODNN7"):
        assert secret not in message + json.dumps(doc)
