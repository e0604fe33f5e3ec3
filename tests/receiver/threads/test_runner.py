"""The workflow runner through the real app: verify timeout, resolves during the approval
wait, a closed incident making way for a new one, and a failing workflow."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import git
import pytest
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from graph.workflow import build_workflow
from tests.pg import DurableMode
from tests.receiver.conftest import (
    batches_handled,
    incidents_when,
    make_app,
    metric,
    status_when,
    ticking_clock,
)
from tests.receiver.helpers import (
    WEBHOOK,
    awaiting,
    commit_count,
    decide,
    firing,
    post_json,
    problem,
    resolved,
)


async def test_verify_timeout_ends_not_recovered(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, VERIFY_TIMEOUT="0.05")) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.json()["status"] == "verifying"
        done = await status_when(client, shown["id"], lambda s: s["status"] == "not_recovered")
        assert done["outcome_sha"] and done["alerts_resolved"] is False
        late = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        problem(late, 409)


async def test_a_resolve_during_the_approval_wait_is_shown_and_recovers_at_once(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        await post_json(client, WEBHOOK, resolved(firing()))
        waiting = await status_when(client, shown["id"], lambda s: s["alerts_resolved"])
        assert waiting["status"] == "awaiting_approval"
        before = commit_count(tmp_path)
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202 and r.json()["status"] == "recovered"
        assert commit_count(tmp_path) == before + 2  # the fix and the outcome


async def test_the_next_alert_after_the_incident_closed_opens_a_new_incident(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        first = await awaiting(client, firing())
        await decide(client, first["id"], "reject", first["diff_sha256"])
        health = (await client.get("/health/ready")).json()
        assert health["incidents_open"] == 0
        second = await awaiting(client, firing(starts_at="2026-11-24T03:50:00Z"))
        assert second["id"] != first["id"]
        assert second["status"] == "awaiting_approval"
        items = (await client.get("/api/incidents")).json()["items"]
        assert [i["status"] for i in items] == ["awaiting_approval", "rejected"]


async def test_a_failing_workflow_marks_the_incident_failed_and_the_runner_goes_on(
    tmp_path: Path,
) -> None:
    # A values path outside the repository is refused by the git store: the propose step
    # raises, which the runner must turn into `failed` with the reason.
    app = make_app(tmp_path, VALUES_PATH_TEMPLATE="../{app}/values.yaml")
    async with AsyncTestClient(app=app) as client:
        await post_json(client, WEBHOOK, firing())
        (item,) = await incidents_when(
            client, lambda items: items and items[0]["status"] == "failed"
        )
        status = (await client.get(f"/api/incidents/{item['id']}/status")).json()
        assert "not a safe repository path" in status["reason"]
        r = await client.post(
            "/api/incidents/trigger",
            json={"log_text": "x509: certificate has expired", "labels": {"app": "checkout"}},
        )
        assert r.status_code == 202
        await status_when(client, r.json()["incident_id"], lambda s: s["status"] == "advising")


async def test_with_a_remote_the_seed_and_the_approved_fix_are_pushed(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git.Repo.init(remote, bare=True, initial_branch="main")
    async with AsyncTestClient(app=make_app(tmp_path, GIT_REMOTE=str(remote))) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202
        local = git.Repo(tmp_path / "gitops")
        pushed = git.Repo(remote).commit("main")
        assert pushed.hexsha == local.head.commit.hexsha
        assert f"Incident-Id: {shown['id']}" in pushed.message


async def test_a_remote_that_moved_gets_the_fix_rebased_and_pushed(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git.Repo.init(remote, bare=True, initial_branch="main")
    async with AsyncTestClient(app=make_app(tmp_path, GIT_REMOTE=str(remote))) as client:
        shown = await awaiting(client, firing())
        # Someone else pushes to the GitOps repository while the proposal waits.
        other = git.Repo.clone_from(str(remote), tmp_path / "colleague")
        with other.config_writer() as config:
            config.set_value("user", "name", "colleague")
            config.set_value("user", "email", "colleague@example.org")
        readme = tmp_path / "colleague" / "README.md"
        readme.write_text(readme.read_text() + "\nEdited by hand.\n")
        other.index.add(["README.md"])
        theirs = other.index.commit("docs: note from a colleague")
        other.remote().push("main")
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202
        status = await status_when(
            client, shown["id"], lambda s: s["status"] in ("verifying", "committed")
        )
        pushed = git.Repo(remote).commit("main")
        assert pushed.hexsha == status["commit_sha"]
        assert f"Incident-Id: {shown['id']}" in pushed.message
        assert [p.hexsha for p in pushed.parents] == [theirs.hexsha]  # rebased onto theirs


async def test_a_failed_commit_is_shown_and_the_next_approval_retries_it(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        hook = tmp_path / "gitops" / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\necho 'policy: commits are frozen' >&2\nexit 1\n")
        hook.chmod(0o755)
        before = commit_count(tmp_path)
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202
        failed = await status_when(client, shown["id"], lambda s: s["status"] == "commit_failed")
        assert "frozen" in failed["reason"]
        assert commit_count(tmp_path) == before
        assert not git.Repo(tmp_path / "gitops").is_dirty(untracked_files=True)
        hook.unlink()
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202
        done = await status_when(
            client, shown["id"], lambda s: s["status"] in ("verifying", "committed")
        )
        assert done["commit_sha"] and commit_count(tmp_path) == before + 1


async def test_a_burst_of_new_incidents_is_analysed_a_few_at_a_time_and_all_get_proposals(
    tmp_path: Path,
) -> None:
    body = firing()
    alert = body["alerts"][0]
    # One notification opening 30 incidents: the same OOM in 30 namespaces.
    body["alerts"] = [
        {**alert, "labels": {**alert["labels"], "namespace": f"team-{i}"}, "fingerprint": ""}
        for i in range(30)
    ]
    async with AsyncTestClient(app=make_app(tmp_path, WORKFLOW_CONCURRENCY="2")) as client:
        r = await post_json(client, WEBHOOK, body)
        assert r.status_code == 200
        items = await incidents_when(
            client,
            lambda items: (
                len(items) == 30 and all(i["status"] == "awaiting_approval" for i in items)
            ),
            within=60,
        )
        assert {i["namespace"] for i in items} == {f"team-{i}" for i in range(30)}


async def test_a_resolved_alert_with_no_open_incident_opens_nothing_and_the_next_firing_runs(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        lone = [{"labels": {"alertname": "E", "app": "e"}, "endsAt": "1969-12-31T23:59:59Z"}]
        r = await post_json(client, "/api/v2/alerts", lone)
        assert r.status_code == 200, r.text
        await batches_handled(client, 1)
        assert (await client.get("/api/incidents")).json()["items"] == []
        assert metric(client, "alertgraph_incidents_open") == 0
        fires = [{"labels": {"alertname": "E", "app": "grafana"}}]
        r = await post_json(client, "/api/v2/alerts", fires)
        assert r.status_code == 200
        (item,) = await incidents_when(client, lambda items: len(items) == 1)
        await status_when(client, item["id"], lambda s: s["status"] == "advising")  # unknown


async def test_a_late_resolve_through_the_other_path_joins_the_finished_incident(
    tmp_path: Path,
) -> None:
    # The Loki ruler's resolve ends the incident; Alertmanager's resolve of the same alerts
    # arrives after that: it is the same problem, not a new (stuck) incident.
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        shown = await awaiting(client, firing())
        await decide(client, shown["id"], "approve", shown["diff_sha256"])
        await status_when(client, shown["id"], lambda s: s["status"] == "verifying")
        ruler = [
            {
                "labels": alert["labels"],
                "annotations": alert["annotations"],
                "startsAt": alert["startsAt"],
                "endsAt": "2026-11-24T03:38:30Z",  # before the clock: resolved
            }
            for alert in firing()["alerts"]
        ]
        await post_json(client, "/api/v2/alerts", ruler)
        await status_when(client, shown["id"], lambda s: s["status"] == "recovered")
        await post_json(client, WEBHOOK, resolved(firing(), ends_at="2026-11-24T03:38:30Z"))
        await batches_handled(client, 3)
        items = (await client.get("/api/incidents")).json()["items"]
        assert [i["id"] for i in items] == [shown["id"]]
        assert metric(client, "alertgraph_incidents_open") == 0
        late = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
        assert late["counters"]["repeats"] >= 2  # Alertmanager's resolves, counted


async def test_workload_names_that_are_not_dns_labels_get_a_proposal_never_a_failure(
    tmp_path: Path,
) -> None:
    names = {
        "Grafana": "no values file helm-values/Grafana/values.yaml",
        "my_app": "no values file helm-values/my_app/values.yaml",
        "app.v2": "no values file helm-values/app.v2/values.yaml",
        "a" * 70: f"no values file helm-values/{'a' * 70}/values.yaml",
        "../../etc": "cannot name a values file",
        "x" * 300: "cannot name a values file",
    }
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        ids = {}
        for app in names:
            r = await client.post(
                "/api/incidents/trigger",
                json={"log_text": "OOMKilled: memory limit exceeded", "labels": {"app": app}},
            )
            assert r.status_code == 202, r.text
            ids[app] = r.json()["incident_id"]
        for app, refusal in names.items():
            shown = await status_when(client, ids[app], lambda s: s["status"] != "analyzing")
            assert shown["status"] == "awaiting_approval", shown
            assert shown["diff"] == "" and refusal in shown["refusal"]


async def test_a_manual_incident_shows_the_same_fingerprints_in_the_list_and_in_git(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        r = await client.post(
            "/api/incidents/trigger",
            json={"log_text": "OOMKilled", "labels": {"app": "grafana", "namespace": "m"}},
        )
        incident_id = r.json()["incident_id"]
        shown = await status_when(client, incident_id, lambda s: s["diff_sha256"] != "")
        r = await decide(client, incident_id, "approve", shown["diff_sha256"])
        assert r.json()["status"] == "committed"  # a manual trigger has no alert to watch
        (item,) = (await client.get("/api/incidents")).json()["items"]
        detail = (await client.get(f"/api/incidents/{incident_id}")).json()
        assert item["fingerprints"] and detail["summary"]["fingerprints"] == item["fingerprints"]


# --- a process killed while it wrote a checkpoint -------------------------------------------
#
# LangGraph saves a finished node's writes at once and the step's checkpoint after the step;
# a kill in between leaves a thread whose last checkpoint has a task with saved writes, and
# `aget_state().next` is then empty although the run is not over. The kill is made here by
# cutting the run off in that one checkpoint write, as a dying process would: nothing after it
# runs or is saved. The service is then started again on the same state.


def killed_while_saving(
    monkeypatch: pytest.MonkeyPatch, durable: DurableMode, key: str
) -> list[str]:
    """Cut the run off while it writes the first checkpoint holding the state `key`; the list
    gets `key` once that happened."""
    saver = durable.saver
    real = saver.aput
    died: list[str] = []

    async def aput(self: Any, config: Any, checkpoint: Any, metadata: Any, versions: Any) -> Any:
        if key in versions and not died:
            died.append(key)
            raise asyncio.CancelledError  # the process is gone: nothing more is written
        return await real(self, config, checkpoint, metadata, versions)

    monkeypatch.setattr(saver, "aput", aput)
    return died


async def until(predicate: Callable[[], object], within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


# An OOM kill of an app with no values file: a proposal without a diff (a refusal) to decide on.
TRIGGER = {"log_text": "OOMKilled", "labels": {"app": "nowhere"}}


async def test_a_run_killed_between_a_step_and_its_checkpoint_goes_on_after_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url}
    died = killed_while_saving(monkeypatch, durable, "root_cause")  # analyze finished
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        r = await client.post("/api/incidents/trigger", json=TRIGGER)
        incident_id = r.json()["incident_id"]
        await until(lambda: died)
    monkeypatch.undo()
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        shown = await status_when(
            client, incident_id, lambda s: s["status"] not in ("received", "analyzing")
        )
        assert shown["status"] == "awaiting_approval", shown
        assert shown["root_cause"]


async def test_an_approval_killed_before_its_commit_step_commits_once_after_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url}
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        r = await client.post("/api/incidents/trigger", json=TRIGGER)
        incident_id = r.json()["incident_id"]
        shown = await status_when(client, incident_id, lambda s: s["status"] == "awaiting_approval")
        died = killed_while_saving(monkeypatch, durable, "decision")  # the approval finished
        with contextlib.suppress(BaseException):  # no answer: the process "died"
            await decide(client, incident_id, "approve", shown["diff_sha256"])
        await until(lambda: died)
    monkeypatch.undo()
    before = commit_count(tmp_path)
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        done = await status_when(client, incident_id, lambda s: s["status"] != "committing")
        assert done["status"] == "committed", done
        assert commit_count(tmp_path) == before + 1
        again = await decide(client, incident_id, "approve", shown["diff_sha256"])
        problem(again, 409)


async def test_a_thread_that_ended_without_a_final_status_fails_with_a_reason_logged_once(
    tmp_path: Path, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url}
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        r = await client.post("/api/incidents/trigger", json=TRIGGER)
        incident_id = r.json()["incident_id"]
        await status_when(client, incident_id, lambda s: s["status"] == "awaiting_approval")
    # The thread ends (record → END) while its status says it is still being analysed.
    async with durable.open_saver() as saver:
        config: Any = {"configurable": {"thread_id": incident_id}}
        await build_workflow(saver).aupdate_state(config, {"status": "analyzing"}, as_node="record")
    with capture_logs() as logs:
        async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
            shown = await status_when(client, incident_id, lambda s: s["status"] == "failed")
    assert shown["reason"] == "the workflow ended without a final status (analyzing)"
    errors = [e for e in logs if e["log_level"] == "error"]
    assert [(e["event"], e["incident_id"], e["reason"]) for e in errors] == [
        ("incident failed", incident_id, shown["reason"])
    ]


async def test_a_graceful_stop_starts_no_waiting_run_and_the_restart_runs_them_all(
    tmp_path: Path, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url, "WORKFLOW_CONCURRENCY": "1"}
    body = firing()
    alert = body["alerts"][0]
    body["alerts"] = [  # 20 incidents, analysed one at a time
        {**alert, "labels": {**alert["labels"], "namespace": f"team-{i}"}, "fingerprint": ""}
        for i in range(20)
    ]
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        assert (await post_json(client, WEBHOOK, body)).status_code == 200
    started = durable.threads()
    assert started < 10, f"{started} runs started while the service was stopping"
    async with AsyncTestClient(app=make_app(tmp_path, **state)) as client:
        items = await incidents_when(
            client,
            lambda items: (
                len(items) == 20 and all(i["status"] == "awaiting_approval" for i in items)
            ),
            within=60,
        )
    assert {i["namespace"] for i in items} == {f"team-{i}" for i in range(20)}


async def test_a_finished_incident_leaves_no_checkpoints_in_memory(tmp_path: Path) -> None:
    # Finished incidents live in git: with in-memory checkpoints (the default) their threads
    # must go, or memory grows by every incident for the life of the process.
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        shown = await awaiting(client, firing())
        workflows = client.app.state.workflows
        config = {"configurable": {"thread_id": shown["id"]}}
        assert (await workflows.workflow.aget_state(config)).created_at is not None
        await decide(client, shown["id"], "reject", shown["diff_sha256"], comment="no")
        assert (await client.get(f"/api/incidents/{shown['id']}/status")).json()[
            "status"
        ] == "rejected"
        assert (await workflows.workflow.aget_state(config)).created_at is None
        again = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert again.status_code == 409


async def test_a_failed_incident_and_its_reason_survive_a_restart(
    tmp_path: Path, durable: DurableMode
) -> None:
    # A failed incident has no commit: only the durable table keeps it.
    env = {
        "CHECKPOINT_URL": durable.url,
        "VALUES_PATH_TEMPLATE": "../{app}/values.yaml",  # refused by the store: propose fails
    }
    async with AsyncTestClient(app=make_app(tmp_path, **env)) as client:
        await post_json(client, WEBHOOK, firing())
        (item,) = await incidents_when(
            client, lambda items: items and items[0]["status"] == "failed"
        )
    async with AsyncTestClient(app=make_app(tmp_path, **env)) as client:
        status = (await client.get(f"/api/incidents/{item['id']}/status")).json()
        assert status["status"] == "failed" and "not a safe repository path" in status["reason"]
        listed = (await client.get("/api/incidents")).json()["items"]
        assert [i["id"] for i in listed] == [item["id"]]
