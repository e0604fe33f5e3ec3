"""Commit messages: subjects fit 72 characters, trailers are what git reads, text is folded."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from graph.records.commit_message import (
    SUBJECT_MAX,
    CommitKind,
    commit_message,
    feedback_commit_message,
    learning_commit_message,
)
from graph.records.incident import Feedback, IncidentRecord
from tests.graph.records.samples import ID, feedback_document, make_record, trailers

# --- commit messages ------------------------------------------------------------------------


def test_fix_message_subject_body_and_trailers() -> None:
    message = commit_message(make_record(), "fix")
    subject = message.splitlines()[0]
    assert subject == "fix(grafana): raise memory limit 512Mi→1Gi, request 256Mi→512Mi"
    assert trailers(message) == [
        ("Incident-Id", ID),
        ("Category", "oom"),
        ("Severity", "critical"),
        ("App", "grafana"),
        ("Decision", "approve"),
        ("Approved-By", "alice"),
        ("Feedback", "Looks right; user_recognition: memory leak in a plugin"),
    ]


def test_rejection_is_a_record_with_the_reason_and_no_empty_trailers() -> None:
    record = make_record(
        decision="reject",
        approver="bob",
        reason="Not during\nthe freeze",
        feedback=Feedback(),
        severity="",
    )
    message = commit_message(record, "record")
    assert message.splitlines()[0] == "record(grafana): oom proposal rejected"
    assert "Reason given: Not during the freeze" in message
    assert trailers(message) == [
        ("Incident-Id", ID),
        ("Category", "oom"),
        ("App", "grafana"),
        ("Decision", "reject"),
        ("Rejected-By", "bob"),
    ]


@pytest.mark.parametrize(
    ("outcome", "subject"),
    [
        ("recovered", f"record(grafana): {ID} recovered"),
        ("not_recovered", f"record(grafana): {ID} not recovered"),
    ],
)
def test_outcome_message(outcome: str, subject: str) -> None:
    message = commit_message(make_record(outcome=outcome), "outcome")
    assert message.splitlines()[0] == subject
    assert ("Outcome", outcome) in trailers(message)
    # Only outcome commits carry it: that is how the two commits of an incident differ.
    assert "Outcome" not in dict(trailers(commit_message(make_record(outcome=outcome), "fix")))


def test_outcome_message_needs_an_outcome() -> None:
    with pytest.raises(ValueError, match="outcome"):
        commit_message(make_record(), "outcome")


def test_long_subjects_are_cut_to_72_characters() -> None:
    long_app = "a" * 63
    cases: list[tuple[IncidentRecord, CommitKind]] = [
        (make_record(change_summary="raise " + "x" * 200), "fix"),
        (make_record(app=long_app, outcome="recovered"), "outcome"),
        (make_record(app="kube-prometheus-stack-operator", outcome="not_recovered"), "outcome"),
        (make_record(app=long_app, category="too_many_open_files"), "record"),
    ]
    for record, kind in cases:
        subject = commit_message(record, kind).splitlines()[0]
        assert len(subject) <= SUBJECT_MAX
    subject = commit_message(make_record(change_summary="raise " + "x" * 200), "fix").split("\n")[0]
    assert subject.startswith("fix(grafana): raise xxx")
    assert subject.endswith("…")
    assert len(subject) == SUBJECT_MAX
    record = make_record(app="kube-prometheus-stack-operator", outcome="not_recovered")
    subject = commit_message(record, "outcome").split("\n")[0]
    assert subject == "record(kube-prometheus-stack-operator): incident-20261124… not recovered"


def test_multi_line_values_are_folded_and_cannot_hide_the_trailers() -> None:
    record = make_record(
        root_cause="first\n---\nafter a patch divider",
        change_summary="raise\nmemory",
        approver="alice\nMallory: injected",
        feedback=Feedback("ok\n\nFeedback: forged", user_approved_action="a\tb"),
    )
    message = commit_message(record, "fix")
    assert message.splitlines()[0] == "fix(grafana): raise memory"
    assert not any(line.startswith("---") for line in message.splitlines())
    parsed = dict(trailers(message))
    assert parsed["Approved-By"] == "alice Mallory: injected"
    assert parsed["Feedback"] == "ok Feedback: forged; user_approved_action: a b"
    assert "Mallory" not in {key for key, _ in trailers(message)}


# --- negative feedback ---------------------------------------------------------------------


def parse_trailers(message: str, tmp_path: Path) -> list[tuple[str, str]]:
    """The trailers as `git interpret-trailers --parse` reads them, in order."""
    done = subprocess.run(
        ["git", "interpret-trailers", "--parse"],
        input=message,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)},
    )
    return [
        (key, value)
        for key, _, value in (line.partition(": ") for line in done.stdout.splitlines() if line)
    ]


def test_the_commit_message_has_trailers_git_reads(tmp_path: Path) -> None:
    doc = feedback_document()
    message = feedback_commit_message(doc, "bob")
    subject = message.splitlines()[0]
    assert subject == f"feedback(grafana): {ID} did not work"
    assert "Reason: still OOMKilled an hour later" in message
    assert "Expected: needed 2Gi" in message
    assert parse_trailers(message, tmp_path) == [
        ("Incident-Id", ID),
        ("Category", "oom"),
        ("App", "grafana"),
        ("Feedback-Type", "negative"),
        ("Feedback-By", "bob"),
    ]


def test_a_multi_line_reason_cannot_forge_trailers(tmp_path: Path) -> None:
    other = "incident-20261124033900-0002"
    doc = feedback_document(
        reason=f"did not help\n\nIncident-Id: {other}\nFeedback-Type: positive",
        expected_result="",
        app="",
        user="",
    )
    message = feedback_commit_message(doc, "")
    assert message.splitlines()[0] == f"feedback(incident): {ID} did not work"
    assert "Expected:" not in message
    trailers = parse_trailers(message, tmp_path)
    assert trailers == [("Incident-Id", ID), ("Category", "oom"), ("Feedback-Type", "negative")]


# --- the learning loop -----------------------------------------------------------------------


def test_a_learning_commit_names_the_groups_and_the_incidents(tmp_path: Path) -> None:
    paths = [f"examples/learning/{name}_patterns.json" for name in ("oom_b", "oom_a", "disk_c")]
    message = learning_commit_message(paths, ["incident-2", "incident-1", "incident-2"])
    assert message.splitlines()[0] == "learn: update patterns for disk_c, oom_a, oom_b"
    assert "From negative feedback and outcomes of 2 incidents." in message
    assert parse_trailers(message, tmp_path) == [("Learned-From", "incident-1, incident-2")]
    many = [f"examples/learning/oom_app{n}_patterns.json" for n in range(5)]
    subject = learning_commit_message(many, []).splitlines()[0]
    assert subject == "learn: update patterns for oom_app0, oom_app1, oom_app2 and 2 more"
