"""The learning loop over HTTP on the real app and a real git repository: negative feedback,
the loop's commit, and the next proposal that uses what was learned."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from graph.records.summary import parse_summary
from tests.receiver.conftest import make_app, status_when, ticking_clock
from tests.receiver.helpers import (
    WEBHOOK,
    awaiting,
    commit_count,
    decide,
    firing,
    post_json,
    problem,
    repo,
    resolved,
)

PATTERNS = "examples/learning/oom_grafana_patterns.json"
FEEDBACK_FILE = "feedback_negative.json"


def read_file(tmp_path: Path, path: str) -> str:
    """The file at the branch head, from git (not the working tree)."""
    blob = repo(tmp_path).commit("main").tree / path
    return bytes(blob.data_stream.read()).decode()


async def fix_and_recover(
    client: AsyncTestClient[Litestar], starts_at: str, ends_at: str
) -> dict[str, Any]:
    """An OOM alert for grafana, approved and then resolved; its status at approval time."""
    body = firing(starts_at=starts_at)
    shown = await awaiting(client, body)
    r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
    assert r.status_code == 202, r.text
    await post_json(client, WEBHOOK, resolved(body, ends_at=ends_at))
    await status_when(client, shown["id"], lambda s: s["status"] == "recovered")
    return shown


@pytest.mark.parametrize(
    ("env", "expected", "second_limit", "how"),
    [
        ({}, "needed 2Gi", '"2Gi"', "to the learned 2Gi"),
        ({"MAX_SCALE_FACTOR": "2"}, "needed 4Gi", '"2Gi"', "the learned 4Gi capped"),
    ],
    ids=["learned-target", "capped-by-guardrail"],
)
async def test_learning_sets_the_value_the_feedback_named_and_never_compounds(
    tmp_path: Path, env: dict[str, str], expected: str, second_limit: str, how: str
) -> None:
    # Three OOM incidents of one app: 512Mi→1Gi was not enough ("needed 2Gi"); the next one
    # sets 2Gi from the 1Gi the file now holds (not ×4 of it), and once 2Gi is in place and
    # worked, the learned value is reached: the third gets the default step, not ×4 again.
    app = make_app(tmp_path, now=ticking_clock(), **env)
    async with AsyncTestClient(app=app) as client:
        first = await fix_and_recover(client, "2026-11-24T03:30:00Z", "2026-11-24T03:45:00Z")
        assert '+    memory: "1Gi"' in first["diff"]  # the default step: ×2 from 512Mi
        assert "(×2)" in first["actions"][0] and "512Mi→1Gi" in first["actions"][0]

        r = await client.post(
            f"/api/incidents/{first['id']}/feedback/negative",
            json={
                "reason": "not enough: it was OOMKilled again an hour later",
                "expected_result": expected,
                "user": "U123",
            },
        )
        assert r.status_code == 201, r.text
        file = f"examples/{first['id']}/feedback_negative.json"
        assert r.json()["file"] == file
        feedback = json.loads(read_file(tmp_path, file))
        assert feedback["feedback_type"] == "negative"
        assert feedback["original_action"] == first["change_summary"]
        assert feedback["expected_result"] == expected
        assert feedback["incident_id"] == first["id"]
        commit = next(repo(tmp_path).iter_commits("main"))
        assert commit.hexsha == r.json()["commit_sha"]
        assert f"Incident-Id: {first['id']}" in commit.message
        assert "Feedback-Type: negative" in commit.message

        before = commit_count(tmp_path)
        run = await client.post("/api/feedback-loop/process")
        assert run.status_code == 200, run.text
        assert run.json()["files"] == [PATTERNS]
        assert commit_count(tmp_path) == before + 1
        patterns = json.loads(read_file(tmp_path, PATTERNS))
        assert (patterns["error_category"], patterns["app_name"]) == ("oom", "grafana")
        (failed,) = patterns["patterns"]
        assert failed["original_action"] == "raise_memory x2"
        assert (failed["failure_count"], failed["success_count"]) == (1, 0)
        target = expected.split()[-1]
        assert patterns["recommended_action"]["target"] == target
        assert patterns["recommended_action"]["learned_from"] == [first["id"]]
        again = await client.post("/api/feedback-loop/process")
        assert again.json()["commit_sha"] is None
        assert commit_count(tmp_path) == before + 1  # nothing changed: no commit

        second = await fix_and_recover(client, "2026-11-24T05:00:00Z", "2026-11-24T05:20:00Z")
        assert second["id"] != first["id"]
        assert '-    memory: "1Gi"' in second["diff"]
        assert f"+    memory: {second_limit}" in second["diff"]
        assert second["learned_from"] == [first["id"]]
        assert any(first["id"] in note and target in note for note in second["notes"])
        assert how in second["actions"][0]
        summary = parse_summary(read_file(tmp_path, f"examples/{second['id']}/summary.md"))
        assert summary["learned_from"] == [first["id"]]
        status = (await client.get(f"/api/incidents/{second['id']}/status")).json()
        fix = repo(tmp_path).commit(status["commit_sha"])
        assert str(fix.summary).startswith("fix(grafana): ")
        assert f"Learned-From: {first['id']}" in str(fix.message)

        await client.post("/api/feedback-loop/process")
        third = await fix_and_recover(client, "2026-11-24T07:00:00Z", "2026-11-24T07:20:00Z")
        assert '-    memory: "2Gi"' in third["diff"]
        assert '+    memory: "4Gi"' in third["diff"]  # ×2: never ×4 of what the file holds
        assert "(×2)" in third["actions"][0]
        listed = await client.get(
            "/api/learning/patterns", params={"error_category": "oom", "app_name": "grafana"}
        )
        assert listed.status_code == 200
        assert listed.json()["items"] == [json.loads(read_file(tmp_path, PATTERNS))]


async def test_a_rejection_with_a_reason_and_a_fix_that_did_not_recover_write_feedback(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, now=ticking_clock(), VERIFY_TIMEOUT="0.05")
    async with AsyncTestClient(app=app) as client:
        rejected = await awaiting(client, firing(starts_at="2026-11-24T03:30:00Z"))
        r = await decide(
            client, rejected["id"], "reject", rejected["diff_sha256"], comment="a leak, not load"
        )
        assert r.status_code == 202
        feedback = json.loads(
            read_file(tmp_path, f"examples/{rejected['id']}/feedback_negative.json")
        )
        assert (feedback["source"], feedback["reason"]) == ("rejection", "a leak, not load")
        assert feedback["original_action"] == rejected["change_summary"]

        kept_firing = await awaiting(client, firing(starts_at="2026-11-24T04:30:00Z"))
        await decide(client, kept_firing["id"], "approve", kept_firing["diff_sha256"])
        await status_when(client, kept_firing["id"], lambda s: s["status"] == "not_recovered")
        feedback = json.loads(
            read_file(tmp_path, f"examples/{kept_firing['id']}/feedback_negative.json")
        )
        assert feedback["source"] == "not_recovered"
        outcome = next(repo(tmp_path).iter_commits("main"))
        assert "Outcome: not_recovered" in str(outcome.message)
        assert f"examples/{kept_firing['id']}/feedback_negative.json" in outcome.stats.files

        run = (await client.post("/api/feedback-loop/process")).json()
        assert run["files"] == [PATTERNS]
        patterns = json.loads(read_file(tmp_path, PATTERNS))
        assert sum(p["failure_count"] for p in patterns["patterns"]) == 2


async def test_negative_feedback_error_answers(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        waiting = await awaiting(client, firing())
        body = {"reason": "not enough", "user": "U123"}
        url = "/api/incidents/{}/feedback/negative"
        before = commit_count(tmp_path)
        in_flight = await client.post(url.format(waiting["id"]), json=body)
        assert "no decision" in problem(in_flight, 409)["detail"]
        problem(await client.post(url.format("incident-20991231235959-beef"), json=body), 404)
        problem(await client.post(url.format("nope"), json=body), 400)
        for bad in ({"user": "U1"}, {"reason": "   ", "user": "U1"}, {"reason": "x"}, []):
            problem(await client.post(url.format(waiting["id"]), json=bad), 400)
        assert commit_count(tmp_path) == before  # nothing was written


async def test_the_loop_runs_on_its_timer(tmp_path: Path) -> None:
    app = make_app(tmp_path, now=ticking_clock(), FEEDBACK_LOOP_INTERVAL="0.2")
    async with AsyncTestClient(app=app) as client:
        shown = await awaiting(client, firing())
        await decide(client, shown["id"], "reject", shown["diff_sha256"], comment="too much")
        for _ in range(100):
            if (await client.get("/api/learning/patterns")).json()["items"]:
                break
            await asyncio.sleep(0.05)
        (patterns,) = (await client.get("/api/learning/patterns")).json()["items"]
        assert patterns["patterns"][0]["incidents"] == [shown["id"]]
        problem(await client.get("/api/learning/patterns", params={"app_name": "../x"}), 400)


def git_body(tmp_path: Path, sha: str) -> str:
    """A commit's message as `git log` shows it."""
    done = subprocess.run(
        ["git", "-C", str(tmp_path / "gitops"), "log", "-1", "--format=%B", sha],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


async def negative_feedback_on_a_fix(
    client: AsyncTestClient[Litestar], reason: str, expected: str = ""
) -> tuple[str, str]:
    """An approved OOM fix, then negative feedback with `reason`; (incident id, commit sha)."""
    shown = await awaiting(client, firing())
    r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
    assert r.status_code == 202, r.text
    r = await client.post(
        f"/api/incidents/{shown['id']}/feedback/negative",
        json={"reason": reason, "expected_result": expected, "user": "U123"},
    )
    assert r.status_code == 201, r.text
    return shown["id"], r.json()["commit_sha"]


async def test_a_negative_feedback_reason_reads_the_same_in_git_and_in_the_api(
    tmp_path: Path,
) -> None:
    reason = "Cookie: session=abc\npassword = 'hunter2 SuperSecret05'"
    expected = "secret: aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY13"
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        incident_id, sha = await negative_feedback_on_a_fix(client, reason, expected)
        detail = (await client.get(f"/api/incidents/{incident_id}")).json()
    shown = detail["feedback"][FEEDBACK_FILE]
    lines = git_body(tmp_path, sha).splitlines()
    assert "Reason: " + " ".join(shown["reason"].split()) in lines  # folded onto one line
    assert "Expected: " + shown["expected_result"] in lines
    assert shown["reason"] == "Cookie: session=****\npassword = '****'"
    assert shown["expected_result"] == "secret: aws_secret_access_key = ****"
    for secret in ("SuperSecret05", "hunter2", "wJalrXUtnFEMI"):
        assert secret not in "\n".join(lines) + json.dumps(detail)


async def test_a_truncated_private_key_in_a_reason_keeps_the_commit_linked(
    tmp_path: Path,
) -> None:
    reason = (
        "it leaked the key:\n-----BEGIN PRIVATE KEY-----\n"
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7"
    )
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        incident_id, sha = await negative_feedback_on_a_fix(client, reason)
        detail = (await client.get(f"/api/incidents/{incident_id}")).json()
    body = git_body(tmp_path, sha)
    assert f"Incident-Id: {incident_id}" in body.splitlines()
    assert "Feedback-Type: negative" in body.splitlines()
    assert "MIIEvQIBADAN" not in body and "BKcwggSj" not in body
    (commit,) = [c for c in detail["commits"] if c["sha"] == sha]
    assert commit["trailers"]["Incident-Id"] == incident_id
    assert commit["trailers"]["Feedback-Type"] == "negative"
    assert detail["feedback"][FEEDBACK_FILE]["reason"] == (
        "it leaked the key:\n-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----"
    )
