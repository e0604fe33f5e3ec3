"""Decisions over HTTP on the real app and a real git repository: approve, reject, modify,
concurrent and stale approvals, and the error answers."""

from __future__ import annotations

import asyncio
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from graph.records.summary import parse_summary
from tests.receiver.conftest import incidents_when, make_app, status_when
from tests.receiver.helpers import (
    VALUES,
    WEBHOOK,
    awaiting,
    certificate_expired,
    commit_count,
    decide,
    firing,
    post_json,
    problem,
    repo,
    resolved,
)


async def test_oom_alert_is_approved_committed_and_recovered(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    incident_id = shown["id"]
    assert (shown["category"], shown["severity"], shown["app"]) == ("oom", "critical", "grafana")
    assert f"--- a/{VALUES}" in shown["diff"] and f"+++ b/{VALUES}" in shown["diff"]
    assert '+    memory: "1Gi"' in shown["diff"]
    assert shown["root_cause"] and shown["actions"] and shown["diff_sha256"]
    assert shown["commit_sha"] is None and shown["updated"]
    before = commit_count(tmp_path)

    r = await decide(client, incident_id, "approve", shown["diff_sha256"], comment="go ahead")
    assert r.status_code == 202, r.text
    assert r.json() == {"incident_id": incident_id, "status": "verifying"}
    assert commit_count(tmp_path) == before + 1
    fix = next(repo(tmp_path).iter_commits("main"))
    assert str(fix.summary).startswith("fix(grafana): ")
    for trailer in (
        f"Incident-Id: {incident_id}",
        "Category: oom",
        "Severity: critical",
        "App: grafana",
        "Decision: approve",
        "Approved-By: U123",
        "Feedback: go ahead",
    ):
        assert trailer in fix.message, trailer
    assert set(fix.stats.files) == {
        VALUES,
        f"examples/{incident_id}/summary.md",
        f"examples/{incident_id}/changes.diff",
        f"examples/{incident_id}/alert.json",
    }
    verifying = (await client.get(f"/api/incidents/{incident_id}/status")).json()
    assert verifying["status"] == "verifying" and verifying["commit_sha"] == fix.hexsha

    r = await post_json(client, WEBHOOK, resolved(firing()))
    assert r.status_code == 200
    done = await status_when(client, incident_id, lambda s: s["status"] == "recovered")
    assert commit_count(tmp_path) == before + 2
    outcome = next(repo(tmp_path).iter_commits("main"))
    assert done["outcome_sha"] == outcome.hexsha
    assert done["commit_shas"] == [fix.hexsha, outcome.hexsha]
    assert done["alerts_resolved"] is True
    summary = (tmp_path / "gitops" / "examples" / incident_id / "summary.md").read_text()
    assert parse_summary(summary)["outcome"] == "recovered"


async def test_reject_records_the_incident_and_leaves_the_values(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    values = (tmp_path / "gitops" / VALUES).read_text()
    r = await decide(
        client, shown["id"], "reject", shown["diff_sha256"], comment="leak, fix the code"
    )
    assert r.status_code == 202 and r.json()["status"] == "rejected"
    assert (tmp_path / "gitops" / VALUES).read_text() == values
    last = next(repo(tmp_path).iter_commits("main"))
    assert VALUES not in last.stats.files
    assert f"examples/{shown['id']}/summary.md" in last.stats.files
    assert "Decision: reject" in last.message
    status = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
    assert status["commit_sha"] == last.hexsha  # the record commit is its decision commit
    assert status["commit_shas"] == [last.hexsha]
    again = await decide(client, shown["id"], "approve", shown["diff_sha256"])
    assert "not awaiting a decision" in problem(again, 409)["detail"]


async def test_modify_shows_a_new_diff_and_refuses_the_old_sha(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    old = shown["diff_sha256"]
    r = await decide(
        client, shown["id"], "modify", old, overrides={"resources.limits.memory": "2Gi"}
    )
    assert r.status_code == 202 and r.json()["status"] == "awaiting_approval"
    now = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
    assert '+    memory: "2Gi"' in now["diff"] and now["diff_sha256"] != old
    before = commit_count(tmp_path)
    stale = problem(await decide(client, shown["id"], "approve", old), 409)
    assert "proposal" in stale["detail"] and "changed" in stale["detail"]
    assert commit_count(tmp_path) == before
    r = await decide(client, shown["id"], "approve", now["diff_sha256"])
    assert r.status_code == 202 and r.json()["status"] == "verifying"
    assert commit_count(tmp_path) == before + 1
    assert 'memory: "2Gi"' in (tmp_path / "gitops" / VALUES).read_text()


async def test_two_concurrent_approvals_make_one_commit(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    before = commit_count(tmp_path)
    answers = await asyncio.gather(
        decide(client, shown["id"], "approve", shown["diff_sha256"]),
        decide(client, shown["id"], "approve", shown["diff_sha256"]),
    )
    assert sorted(a.status_code for a in answers) == [202, 409]
    assert commit_count(tmp_path) == before + 1


async def test_unknown_malformed_and_bad_bodies(client: AsyncTestClient[Litestar]) -> None:
    good = {"decision": "approve", "user": "U1", "diff_sha256": "ab"}
    missing = await client.post("/api/incidents/incident-20991231235959-beef/feedback", json=good)
    assert problem(missing, 404)["detail"] == "no incident incident-20991231235959-beef"
    problem(await client.post("/api/incidents/nope/feedback", json=good), 400)
    shown = await awaiting(client, firing())
    url = f"/api/incidents/{shown['id']}/feedback"
    sha = shown["diff_sha256"]
    for body in (
        {"decision": "maybe", "user": "U1", "diff_sha256": sha},
        {"decision": "approve", "diff_sha256": sha},
        {"decision": "approve", "user": "U1"},
        {"decision": "approve", "user": "", "diff_sha256": sha},
        {"decision": "modify", "user": "U1", "diff_sha256": sha},
        {"decision": "modify", "user": "U1", "diff_sha256": sha, "overrides": {"a": 1}},
        [1, 2],
    ):
        problem(await client.post(url, json=body), 400)
    # none of that touched the proposal
    assert (await client.get(f"/api/incidents/{shown['id']}/status")).json()[
        "status"
    ] == "awaiting_approval"


async def test_a_modified_proposal_is_recorded_as_committed_with_who_asked_and_why(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    assert "1Gi" in shown["actions"][0]
    r = await decide(
        client,
        shown["id"],
        "modify",
        shown["diff_sha256"],
        overrides={"resources.limits.memory": "2Gi"},
        comment="it needed 2Gi the last time",
    )
    assert r.status_code == 202
    now = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
    # The status view says what will be committed, and who asked for it.
    assert "2Gi" in now["actions"][0] and "×" not in now["actions"][0]
    assert "512Mi→2Gi" in now["change_summary"]
    assert any("U123" in n and "resources.limits.memory" in n for n in now["notes"])
    assert not any("×" in n for n in now["notes"])
    await decide(client, shown["id"], "approve", now["diff_sha256"], comment="ok")
    commit = repo(tmp_path).head.commit
    assert "512Mi→2Gi" in commit.summary
    assert "it needed 2Gi the last time" in commit.message and "ok" in commit.message
    summary = parse_summary(
        (tmp_path / "gitops" / "examples" / shown["id"] / "summary.md").read_text()
    )
    assert "2Gi" in summary["actions"][0] and "×" not in summary["actions"][0]
    assert "it needed 2Gi the last time" in summary["feedback"]["comment"]
    assert "ok" in summary["feedback"]["comment"]
    assert "resources.limits.memory: 2Gi" in summary["feedback"]["user_approved_action"]
    assert summary["change_summary"] == now["change_summary"]


async def test_status_can_wait_for_the_proposal_and_a_decision_without_sha_says_what_to_do(
    client: AsyncTestClient[Litestar],
) -> None:
    r = await client.post(
        "/api/incidents/trigger",
        json={"log_text": "OOMKilled", "labels": {"app": "grafana", "namespace": "monitoring"}},
    )
    incident_id = r.json()["incident_id"]
    for sha in ("", None):  # what `jq -r .diff_sha256` of a status still analyzing gives
        body = {"decision": "approve", "user": "alice", "diff_sha256": sha or ""}
        if sha is None:
            del body["diff_sha256"]
        refused = problem(
            await client.post(f"/api/incidents/{incident_id}/feedback", json=body), 400
        )
        assert "fetch the current proposal" in refused["detail"].lower()
        assert f"/api/incidents/{incident_id}/status?wait=" in refused["detail"]
    shown = (await client.get(f"/api/incidents/{incident_id}/status?wait=10")).json()
    assert shown["status"] == "awaiting_approval" and shown["diff_sha256"]
    r = await decide(client, incident_id, "approve", shown["diff_sha256"])
    assert r.status_code == 202
    for wait in ("31", "-1", "soon"):
        bad = await client.get(f"/api/incidents/{incident_id}/status?wait={wait}")
        assert problem(bad, 400)["title"] == "Invalid query parameter"


async def test_with_keys_the_key_decides_and_the_body_user_is_only_noted(tmp_path: Path) -> None:
    app = make_app(tmp_path, API_KEYS="oncall:ak-0123:approve,ops:dk-4567:admin")
    async with AsyncTestClient(app=app) as client:
        client.headers.update({"authorization": "Bearer ak-0123"})
        shown = await awaiting(client, firing())
        r = await decide(
            client, shown["id"], "approve", shown["diff_sha256"], user="U0MALLORY", comment="go"
        )
        assert r.status_code == 202, r.text
        fix = next(repo(tmp_path).iter_commits("main"))
        assert (
            "Approved-By: oncall" in fix.message
            and "U0MALLORY" not in fix.message.split("Feedback:")[0]
        )
        assert "Feedback: [on behalf of U0MALLORY] go" in fix.message

        await post_json(client, WEBHOOK, certificate_expired())
        advice = await incidents_advising(client)
        url = f"/api/incidents/{advice}/acknowledge"
        r = await client.post(url, json={}, headers={"authorization": "Bearer dk-4567"})
        assert r.status_code == 202, r.text
        record = next(repo(tmp_path).iter_commits("main"))
        assert "Acknowledged-By: ops" in record.message


async def incidents_advising(client: AsyncTestClient[Litestar]) -> str:
    """The id of the incident that waits on an acknowledgement, once one does."""
    items = await incidents_when(
        client, lambda items: any(i["status"] == "advising" for i in items)
    )
    return next(str(i["id"]) for i in items if i["status"] == "advising")


async def test_without_keys_the_body_user_decides_and_is_required(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    shown = await awaiting(client, firing())
    body = {"decision": "approve", "diff_sha256": shown["diff_sha256"], "user": "  "}
    refused = problem(await client.post(f"/api/incidents/{shown['id']}/feedback", json=body), 400)
    assert refused["errors"] == [{"field": "$.user", "message": "missing or empty"}]
    r = await decide(client, shown["id"], "approve", shown["diff_sha256"], user="U0BOB")
    assert r.status_code == 202
    assert "Approved-By: U0BOB" in next(repo(tmp_path).iter_commits("main")).message
