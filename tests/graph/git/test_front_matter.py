"""The incident list's fast reading of summary.md front matter gives what the full parser gives,
for summaries as the service writes them and for anything else."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.git.front_matter import LISTED, Listed, listing_fields
from graph.records.incident import Feedback, IncidentRecord
from graph.records.summary import parse_front_matter, render_summary
from graph.state import DECISIONS, DecisionKind


def by_the_parser(text: str) -> Listed | None:
    try:
        front = parse_front_matter(text)
    except ValueError:
        return None
    return Listed(*(front.get(key) for key in LISTED))


words = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    status=words,
    app=words,
    namespace=words,
    decision=st.sampled_from([None, *DECISIONS]),
    note=words,
    optional=st.sampled_from(["", "branch alertgraph/x"]),
)
def test_a_summary_the_service_writes_reads_the_same(
    status: str, app: str, namespace: str, decision: DecisionKind | None, note: str, optional: str
) -> None:
    record = IncidentRecord(
        id="incident-20261124033900-0001",
        status=status,
        category="oom",
        severity="critical",
        app=app,
        namespace=namespace,
        fingerprints=("fp",),
        created=datetime(2026, 11, 24, 3, 39, tzinfo=UTC),
        updated=datetime(2026, 11, 24, 3, 45, tzinfo=UTC),
        decision=decision,
        approver="alice",
        root_cause=note,
        actions=("a",),
        feedback=Feedback(note),
        alert={},
        delivery=optional,
        policy=optional,
    )
    text = render_summary(record)
    assert listing_fields(text) == by_the_parser(text)


lines = st.sampled_from(
    [
        'status: "recovered"',
        "status: recovered",
        'status: "two\\"quotes"',
        'status: ["a"]',
        'app: "grafana"',
        'app: "grafana"  ',
        "app: null",
        'app: "tab\there"',
        'created: "2026-11-24T03:39:00+00:00"',
        'created: "2026-11-24T03:39:00"',
        'created: "yesterday"',
        'updated: ""',
        'decision: "approve"',
        "decision: 3",
        'namespace: "\\u00e9t\\u00e9"',
        'fingerprints: ["a", "b"]',
        'fingerprints: ["a","b"]',
        "fingerprints: [a, b]",
        "- not a pair",
        "",
        "  indented: x",
        'severity: "high"',
        'Key-2: "x"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(front=st.lists(lines, max_size=8), crlf=st.booleans(), closed=st.booleans())
def test_any_front_matter_reads_the_same(front: list[str], crlf: bool, closed: bool) -> None:
    text = "---\n" + "".join(f"{line}\n" for line in front) + ("---\n" if closed else "") + "body\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    assert listing_fields(text) == by_the_parser(text)
