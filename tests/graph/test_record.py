"""Incident records: summary.md renders and parses back, commit messages carry git trailers."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from graph.record import (
    SUBJECT_MAX,
    CommitKind,
    Feedback,
    IncidentRecord,
    check_incident_id,
    commit_message,
    is_incident_id,
    parse_front_matter,
    parse_summary,
    render_summary,
)
from graph.record import _written_front_matter as record_front_matter

T0 = datetime(2026, 11, 24, 3, 39, 0, tzinfo=UTC)
ID = "incident-20261124033900-ab12"


def make_record(**changes: Any) -> IncidentRecord:
    base = IncidentRecord(
        id=ID,
        status="verifying",
        category="oom",
        severity="critical",
        app="grafana",
        namespace="monitoring",
        fingerprints=("4c6f2a0e9d1b7a35", "91aa0c2d77e4f001"),
        created=T0,
        updated=T0 + timedelta(minutes=3),
        decision="approve",
        approver="alice",
        root_cause="The grafana container was OOMKilled: it needs more than its 512Mi limit.",
        actions=("Raise the memory limit to 1Gi", "Watch container_memory_working_set_bytes"),
        feedback=Feedback("Looks right", user_recognition="memory leak in a plugin"),
        change_summary="raise memory limit 512Mi→1Gi, request 256Mi→512Mi",
        diff="--- a/x\n+++ b/x\n",
        alert={"labels": {"alertname": "KubePodOOMKilled", "namespace": "monitoring"}},
    )
    return replace(base, **changes)


def trailers(message: str) -> list[tuple[str, str]]:
    """The trailers as git itself reads them."""
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"],
        input=message,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(k, v) for k, _, v in (line.partition(": ") for line in parsed.splitlines())]


def expected_values(record: IncidentRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "status": record.status,
        "category": record.category,
        "severity": record.severity,
        "app": record.app,
        "namespace": record.namespace,
        "fingerprints": list(record.fingerprints),
        "created": record.created,
        "updated": record.updated,
        "decision": record.decision,
        "approver": record.approver,
        "outcome": record.outcome,
        "change_summary": record.change_summary,
        "reason": record.reason,
        "learned_from": list(record.learned_from),
        "root_cause": record.root_cause.strip(),
        "actions": [" ".join(a.split()) for a in record.actions],
        "feedback": {
            "comment": record.feedback.comment.strip(),
            "user_recognition": record.feedback.user_recognition.strip(),
            "user_approved_action": record.feedback.user_approved_action.strip(),
        },
    }


def without_sections(parsed: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in parsed.items() if k != "sections"}


# --- summary.md -----------------------------------------------------------------------------


def test_summary_has_front_matter_and_the_sections_in_order() -> None:
    text = render_summary(make_record())
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    keys = [line.split(":", 1)[0] for line in front.splitlines()]
    assert keys[:12] == [
        "id", "status", "category", "severity", "app", "namespace", "fingerprints",
        "created", "updated", "decision", "approver", "outcome",
    ]  # fmt: skip
    assert 'created: "2026-11-24T03:39:00+00:00"' in front
    assert 'fingerprints: ["4c6f2a0e9d1b7a35", "91aa0c2d77e4f001"]' in front
    assert "outcome: null" in front
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "# raise memory limit 512Mi→1Gi, request 256Mi→512Mi (monitoring/grafana)",
        "## Root cause",
        "## Actions",
        "## Feedback",
        "### Comment",
        "### User recognition",
        "## Outcome",
    ]
    assert "1. Raise the memory limit to 1Gi\n2. Watch container_memory_working_set_bytes" in body


def test_summary_parses_back() -> None:
    record = make_record()
    parsed = parse_summary(render_summary(record))
    assert without_sections(parsed) == expected_values(record)
    assert parsed["sections"]["Outcome"] == "Not known yet (status: verifying)."


@pytest.mark.parametrize(
    "changes",
    [
        {"decision": None, "approver": None, "feedback": Feedback(), "actions": ()},
        {"decision": "reject", "reason": "Not during the freeze.\nAsk #platform first."},
        {"outcome": "recovered", "status": "recovered"},
        {"outcome": "not_recovered", "status": "not_recovered", "fingerprints": ()},
        {"root_cause": "## Not a heading\n\\backslash\n# nor this\n\n---\nkept: yes"},
        {"feedback": Feedback("", "", "revert to 11.3.0\n\n### not a heading")},
        {"approver": 'Zoë "zo" O\'Neil\t\u2028\x00', "app": "on", "namespace": "null"},
        {"change_summary": "yes", "status": "2026-11-24", "category": "[x]: {y}"},
        {"updated": datetime(2026, 11, 24, 5, 1, 2, 345678, tzinfo=timezone(timedelta(hours=-5)))},
        {"actions": ("multi\nline   action", "1. numbered already", "## heading-like")},
    ],
)
def test_summary_round_trips_awkward_values(changes: dict[str, Any]) -> None:
    record = make_record(**changes)
    assert without_sections(parse_summary(render_summary(record))) == expected_values(record)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(exclude_characters="\r")),
    line=st.text(),
)
def test_any_text_round_trips(text: str, line: str) -> None:
    record = make_record(
        root_cause=text,
        feedback=Feedback(text, user_approved_action=line.replace("\r", "")),
        approver=line,
        reason=line,
        change_summary=line,
    )
    assert without_sections(parse_summary(render_summary(record))) == expected_values(record)


@settings(max_examples=200, deadline=None)
@given(line=st.text(), items=st.lists(st.text(), max_size=3))
def test_front_matter_reads_the_same_as_a_yaml_parser_would(line: str, items: list[str]) -> None:
    """The fast reader of written front matter must agree with YAML on every value."""
    record = make_record(approver=line, reason=line, change_summary=line, fingerprints=tuple(items))
    text = render_summary(record)
    block = text[4 : text.index("\n---\n", 3) + 1]
    fast = record_front_matter(block)
    if fast is None:  # only YAML-only escapes (\\U…, for characters past U+FFFF) fall back
        assert "\\U" in block
    else:
        assert YAML(typ="safe", pure=True).load(block) == fast


def test_hand_edited_front_matter_is_read_as_yaml() -> None:
    text = render_summary(make_record()).replace('status: "verifying"', "status: recovered  # hand")
    text = text.replace("learned_from: []", "learned_from:\n  - incident-20261120120000-abcd")
    parsed = parse_front_matter(text)
    assert parsed["status"] == "recovered"
    assert parsed["learned_from"] == ["incident-20261120120000-abcd"]
    assert parsed["created"] == make_record().created


def test_parse_keeps_hand_added_sections_and_accepts_crlf() -> None:
    text = render_summary(make_record()) + "\n## Notes\n\nAdded by hand.\n"
    parsed = parse_summary(text.replace("\n", "\r\n"))
    assert parsed["sections"]["Notes"] == "Added by hand."
    assert parsed["root_cause"] == make_record().root_cause


@pytest.mark.parametrize(
    "text", ["", "# no front matter\n", "---\nid: x\n", "---\n- a list\n---\n", "---\n: [\n---\n"]
)
def test_parse_refuses_a_summary_without_front_matter(text: str) -> None:
    with pytest.raises(ValueError, match="front matter"):
        parse_summary(text)


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


def test_text_is_masked_before_it_is_folded_or_cut() -> None:
    """Folding first would put `password = '…'` after the cookie on one line, where the cookie
    rule eats the key and leaves the password; cutting first would leave a token too short to
    be recognised."""
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    record = make_record(
        decision="reject",
        reason="Cookie: session=abc\npassword = 'hunter2 SuperSecret05'",
        change_summary="x" * 40 + f" rotate {token} now",
        feedback=Feedback("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\nIncident-Id: forged"),
    )
    rejected = commit_message(record, "record")
    assert "Reason given: Cookie: session=**** password = '****'" in rejected.splitlines()
    fix = commit_message(replace(record, decision="approve"), "fix")
    assert token[4:12] not in fix.splitlines()[0]
    assert "hunter2" not in rejected + fix and "MIIEvQ" not in rejected + fix
    parsed = dict(trailers(fix))
    assert parsed["Incident-Id"] == ID
    assert parsed["Feedback"] == (
        "-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY----- Incident-Id: forged"
    )


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
