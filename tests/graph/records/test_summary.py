"""summary.md: an incident record renders with front matter and sections, and parses back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from graph.records.commit_message import one_line
from graph.records.incident import Feedback, IncidentRecord
from graph.records.summary import _written_front_matter as record_front_matter
from graph.records.summary import parse_front_matter, parse_summary, render_summary
from tests.graph.records.samples import make_record


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
        "cluster": record.cluster,
        "acknowledged_by": record.acknowledged_by,
        "signal_kind": record.signal_kind,
        "signal": record.signal,
        "confidence": record.confidence,
        "explanation": record.explanation,
        "root_cause": record.root_cause.strip(),
        "actions": [" ".join(a.split()) for a in record.actions],
        "feedback": {
            "comment": record.feedback.comment.strip(),
            "user_recognition": record.feedback.user_recognition.strip(),
            "user_approved_action": record.feedback.user_approved_action.strip(),
        },
        "evidence": [
            {"signal": one_line(s), "subject": one_line(o), "values": one_line(v)}
            for s, o, v in record.evidence
        ],
        "missing_evidence": [one_line(m) for m in record.missing_evidence if one_line(m)],
        "log_excerpt": [one_line(line) for line in record.log_excerpt if one_line(line)],
        "verification": one_line(record.verification),
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


def test_summary_says_why_the_category_and_keeps_the_signal_in_front_matter() -> None:
    record = make_record(
        signal_kind="catalogue",
        signal="alert KubePodOOMKilled (kubernetes-mixin)",
        confidence="high",
        explanation="classified as oom because alert KubePodOOMKilled (kubernetes-mixin) names it",
    )
    text = render_summary(record)
    parsed = parse_summary(text)
    assert parsed["sections"]["Classification"] == (
        "Classified as oom because alert KubePodOOMKilled (kubernetes-mixin) names it"
    )
    assert without_sections(parsed) == expected_values(record)
    assert parsed["signal_kind"] == "catalogue" and parsed["confidence"] == "high"


def test_a_record_written_before_the_analysis_said_why_still_parses() -> None:
    text = render_summary(make_record())
    for key in ("cluster", "acknowledged_by", "signal_kind", "signal", "confidence", "explanation"):
        text = text.replace(f'{key}: ""\n', "")
    assert "explanation" not in text
    parsed = parse_summary(text)
    assert (parsed["cluster"], parsed["signal"], parsed["explanation"]) == ("", "", "")
    assert "Classification" not in parsed["sections"]


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


EVIDENCE = {
    "evidence": (
        ("memory", "checkout", "peak 7d: 1.71 GiB; p99 7d: 490 MiB; limit: 1 GiB"),
        ("restarts", "checkout", "24h: 4; last termination: OOMKilled"),
    ),
    "missing_evidence": ("loki not_configured: logs",),
    "log_excerpt": ("ERROR java.lang.OutOfMemoryError: Java heap space",),
    "verification": "alert resolved and its expression clear for 300 s",
    "outcome": "recovered",
    "status": "recovered",
}


def test_the_evidence_table_logs_and_verification_are_written_and_read_back() -> None:
    record = make_record(**EVIDENCE)
    text = render_summary(record)
    parsed = parse_summary(text)

    assert "| memory | checkout | peak 7d: 1.71 GiB; p99 7d: 490 MiB; limit: 1 GiB |" in text
    assert "Missing evidence:\n\n- loki not_configured: logs" in text
    assert "## Logs\n\n    ERROR java.lang.OutOfMemoryError: Java heap space" in text
    assert parsed["sections"]["Outcome"] == (
        "Recovered.\n\nVerification: alert resolved and its expression clear for 300 s"
    )
    assert without_sections(parsed) == expected_values(record)


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.tuples(st.text(), st.text(), st.text()), max_size=3), line=st.text())
def test_any_evidence_text_round_trips(cells: list[tuple[str, str, str]], line: str) -> None:
    record = make_record(
        evidence=tuple(cells),
        missing_evidence=(line,),
        log_excerpt=(line, "| not a row |"),
        verification=line,
    )
    assert without_sections(parse_summary(render_summary(record))) == expected_values(record)


def test_a_record_written_before_evidence_reads_back_without_it() -> None:
    parsed = parse_summary(render_summary(make_record(outcome="recovered", status="recovered")))

    assert (parsed["evidence"], parsed["log_excerpt"], parsed["verification"]) == ([], [], "")
    assert parsed["sections"]["Outcome"] == "Recovered: the alert resolved."


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


def test_silences_and_delivery_are_listed_in_the_outcome_and_the_rest_reads_back() -> None:
    record = make_record(
        outcome="recovered",
        status="recovered",
        delivery="pull request #7 https://forge/pr/7 merged by alice",
        policy="two-people",
        silences=("KubePodOOMKilled 4c6f silenced by alertgraph (bob) until 2026-11-24T06:00",),
    )
    text = render_summary(record)
    outcome = text.split("## Outcome", 1)[1]
    assert "Delivered by pull request #7 https://forge/pr/7 merged by alice." in outcome
    assert "- KubePodOOMKilled 4c6f silenced by alertgraph (bob) until 2026-11-24T06:00" in outcome
    parsed = parse_summary(text)
    assert parsed["root_cause"] == record.root_cause
    assert (parsed["delivery"], parsed["policy"], parsed["outcome"]) == (
        record.delivery,
        "two-people",
        "recovered",
    )
