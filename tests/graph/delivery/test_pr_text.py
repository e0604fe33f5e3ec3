"""The pull request's title and body from an incident record: what reviewers read, never a
secret, always within the forge's limit with the link and the Incident-Id line kept."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from graph.delivery.gitlab import BODY_LIMIT as GITLAB_LIMIT
from graph.delivery.pr_text import CUT_MARKER, GITHUB_BODY_LIMIT, pull_request_text
from tests.graph.records.samples import ID, make_record
from tests.secret_shapes import SHAPES, Shape

URL = "https://alertgraph.example/incidents/" + ID
DIFF = (
    "--- a/helm-values/monitoring/grafana/values.yaml\n"
    "+++ b/helm-values/monitoring/grafana/values.yaml\n"
    "@@ -3 +3 @@\n"
    "-    memory: 512Mi\n"
    "+    memory: 1Gi\n"
)


def record_with_evidence(**changes: object) -> object:
    return make_record(
        diff=DIFF,
        signal_kind="termination",
        signal="OOMKilled",
        confidence="high",
        explanation="classified as oom because the container was OOMKilled",
        evidence=(("memory", "grafana", "peak 7d: 1.71 GiB; limit: 512 MiB"),),
        log_excerpt=("2026-11-24T03:29:58Z fatal error: runtime: out of memory",),
        **changes,
    )


def fenced_blocks(body: str) -> list[tuple[str, str]]:
    """(info string, content) of every fenced code block, fences of 3+ backticks."""
    return [(m[2], m[3]) for m in re.finditer(r"^(`{3,})(\w*)\n(.*?)\n\1$", body, re.M | re.S)]


def test_the_body_says_why_what_changed_and_where_the_incident_is() -> None:
    title, body = pull_request_text(record_with_evidence(), URL)  # type: ignore[arg-type]

    assert (
        title
        == "fix(grafana): raise memory limit 512Mi→1Gi, request 256Mi→512Mi [monitoring/grafana]"
    )
    assert "## Root cause\n\nThe grafana container was OOMKilled" in body
    assert "**Category:** oom" in body
    assert "**Signal:** termination: OOMKilled" in body
    assert "**Confidence:** high" in body
    assert "classified as oom because the container was OOMKilled" in body
    assert "| memory | grafana | peak 7d: 1.71 GiB; limit: 512 MiB |" in body
    assert "fatal error: runtime: out of memory" in body
    assert "raise memory limit 512Mi→1Gi" in body.split("## Change", 1)[1]
    assert fenced_blocks(body) == [("diff", DIFF.rstrip("\n"))]
    assert f"[{ID}]({URL})" in body
    assert body.endswith(f"\nIncident-Id: {ID}\n")


def test_a_diff_with_backticks_cannot_close_its_fence() -> None:
    diff = DIFF + "+  note: |\n+    ```\n+    not the end\n+    ```\n"
    _, body = pull_request_text(make_record(diff=diff), URL)

    assert fenced_blocks(body) == [("diff", diff.rstrip("\n"))]


@pytest.mark.parametrize("limit", [GITHUB_BODY_LIMIT, 4_000])
def test_a_long_diff_is_cut_to_the_limit_keeping_the_link_and_the_id(limit: int) -> None:
    lines = "".join(f"+  key{n}: value{n}\n" for n in range(20_000))
    _, body = pull_request_text(make_record(diff=DIFF + lines), URL, limit=limit)

    assert len(body) <= limit
    assert CUT_MARKER in body
    ((info, content),) = fenced_blocks(body)  # the fence is closed
    assert info == "diff"
    assert content.startswith(DIFF)
    assert content.endswith(CUT_MARKER)
    assert f"[{ID}]({URL})" in body
    assert body.endswith(f"\nIncident-Id: {ID}\n")


def test_gitlab_takes_the_same_diff_whole() -> None:
    lines = "".join(f"+  key{n}: value{n}\n" for n in range(20_000))
    _, body = pull_request_text(make_record(diff=DIFF + lines), URL, limit=GITLAB_LIMIT)

    assert CUT_MARKER not in body
    assert fenced_blocks(body) == [("diff", (DIFF + lines).rstrip("\n"))]


def test_a_huge_root_cause_is_cut_too_and_the_id_stays() -> None:
    record = make_record(root_cause="the heap grew " * 20_000, diff=DIFF)
    _, body = pull_request_text(record, URL)

    assert len(body) <= GITHUB_BODY_LIMIT
    assert CUT_MARKER in body
    assert body.endswith(f"\nIncident-Id: {ID}\n")


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.text[:40])
def test_a_secret_in_the_record_never_reaches_the_pull_request(shape: Shape) -> None:
    # A record straight from text (not through the builder, which masks): the forge is an
    # outlet of its own and masks whatever it is given.
    text = shape.text
    record = replace(
        make_record(),
        app=text,
        namespace=text,
        root_cause=text,
        explanation=text,
        signal=text,
        change_summary=text,
        approver=text,
        diff=f"+  env: {text}\n",
        evidence=((text, text, text),),
        missing_evidence=(text,),
        log_excerpt=(text,),
    )
    title, body = pull_request_text(record, f"{URL}?{text}")

    for secret in shape.secrets:
        assert secret not in title
        assert secret not in body
    assert shape.context.strip() in body
