"""Secrets never leave unmasked: a rejection reason carrying a credential goes to Slack, git,
the API and the log; in each outlet the context survives and the secret does not.

One real app with Slack on (the loopback fake Slack Web API), a real git repository and the
service's own logging configuration."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from graph.masking import MASK
from receiver.logs import configure_logging
from tests.conftest import CAPTURE_NOW
from tests.receiver.conftest import incidents_when, make_app, status_when, ticking_clock
from tests.receiver.helpers import WEBHOOK, decide, firing, post_json
from tests.receiver.slack.conftest import running_fake_slack, slack_app
from tests.receiver.slack.fake_slack import FakeSlack, wait_for
from tests.secret_shapes import ALL_SECRETS, ISSUE_SHAPES, SECRETS, TENANTS

SEED = "main~0^{/^chore: seed GitOps repository}"
LIST = "/api/incidents"
TRIGGER = "/api/incidents/trigger"  # the root commit, found by its subject
# One line each (a reason is folded onto one line in commit messages); 25 shapes or more.
SHAPES = [(text, secret, context) for text, secret, context in SECRETS if "\n" not in text]


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The service's logging, as configured at start-up, written to a buffer."""
    buffer = io.StringIO()
    configure_logging("json", "info", stream=buffer)
    yield buffer
    configure_logging("json", "info")


def git_text(repo: Path) -> str:
    """Every commit message and every file version the service committed (the seed commit of
    examples/gitops is not its doing), as git shows them."""
    return subprocess.run(
        ["git", "-C", str(repo), "log", "-p", "--format=%B", "main", "--not", SEED],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def slack_text(fake: FakeSlack) -> str:
    """Everything the app sent to Slack."""
    return json.dumps([call.body for call in fake.calls], ensure_ascii=False)


async def test_a_secret_in_a_reason_is_masked_in_slack_git_api_and_logs(
    tmp_path: Path, log_lines: io.StringIO
) -> None:
    assert len(SHAPES) >= 25
    with running_fake_slack() as fake:
        app = slack_app(tmp_path, fake, ticking_clock(CAPTURE_NOW))
        async with AsyncTestClient(app=app) as client:
            shown = []
            for n, (text, _, _) in enumerate(SHAPES):
                starts = f"2026-11-24T{n // 60:02d}:{n % 60:02d}:00Z"
                r = await post_json(client, WEBHOOK, firing(starts_at=starts))
                assert r.status_code == 200
                items = (await client.get("/api/incidents", params={"limit": 1})).json()
                waiting = await status_when(
                    client,
                    items["items"][0]["id"],
                    lambda s: s["status"] == "awaiting_approval",
                )
                reason = f"case {n}: {text}"
                r = await decide(
                    client, waiting["id"], "reject", waiting["diff_sha256"], comment=reason
                )
                assert r.status_code == 202, r.text
                shown.append(waiting["id"])
            await wait_for(lambda: slack_text(fake).count("❌") >= len(SHAPES), 20.0)
            api = ""
            for incident_id in shown:
                for url in (
                    f"/api/incidents/{incident_id}/status",
                    f"/api/incidents/{incident_id}",
                ):
                    api += (await client.get(url)).text
            api += (await client.get("/api/incidents", params={"limit": 200})).text
    outlets = {
        "slack": slack_text(fake),
        "git": git_text(tmp_path / "gitops"),
        "api": api,
        "logs": log_lines.getvalue(),
    }
    for name, seen in outlets.items():
        for n, (text, secret, _) in enumerate(SHAPES):
            assert f"case {n}: " in seen, f"{name} never carried case {n}: nothing was checked"
            assert secret not in seen, f"{name} leaked the secret of case {n}: {text!r}"


# --- the shapes of issue 10, in every position, through every path --------------------------


def leaks(answer: Any, secrets: list[str], path: str = "$") -> list[str]:
    """Where in a JSON answer — every key and every string, at any depth — a secret shows."""
    if isinstance(answer, str):
        return [f"{path}: {secret!r}" for secret in secrets if secret in answer]
    if isinstance(answer, dict):
        return [
            hit
            for key, value in answer.items()
            for hit in (
                *leaks(key, secrets, f"{path}.<key>"),
                *leaks(value, secrets, f"{path}.{key}"),
            )
        ]
    if isinstance(answer, list):
        return [
            hit for n, value in enumerate(answer) for hit in leaks(value, secrets, f"{path}[{n}]")
        ]
    return []


def git_shas(repo: Path) -> set[str]:
    """Every commit of the repository."""
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--all"], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def every_git_text(repo: Path) -> str:
    """`git log -p --all`: every commit message and every file version of the repository."""
    return subprocess.run(
        ["git", "-C", str(repo), "log", "-p", "--all"], capture_output=True, text=True, check=True
    ).stdout


async def new_incident(client: AsyncTestClient[Litestar], known: list[str], status: str) -> Any:
    """The status of the incident not in `known` once it reaches `status`."""
    items = await incidents_when(client, lambda items: any(i["id"] not in known for i in items))
    (incident_id,) = [i["id"] for i in items if i["id"] not in known]
    return await status_when(client, incident_id, lambda s: s["status"] == status)


def alert_with(shape: str, n: int) -> dict[str, Any]:
    """The captured OOM notification with `shape` in a label and annotations of each alert and
    in the common labels and annotations; a namespace and fingerprints of its own make it a new
    incident."""
    body = firing(starts_at=f"2026-11-24T03:{n:02d}:00Z")
    labels = {"namespace": f"shop-{n}", "team": shape}
    body["commonLabels"] |= labels
    body["commonAnnotations"]["note"] = shape
    for alert in body["alerts"]:
        alert["labels"] |= labels
        alert["annotations"] |= {"description": shape, "summary": f"OOMKilled, see {shape}"}
        alert["fingerprint"] = f"{n:02x}{alert['fingerprint'][2:]}"
    return body


async def test_every_field_of_the_incident_answers_is_masked(tmp_path: Path) -> None:
    """Labels, annotations and the tenant in every field of the list, status and detail
    answers (issue 10, defect 13); ids, shas and the approved diff's sha come out intact."""
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock(CAPTURE_NOW))) as client:
        shown = []
        for n, (shape, _) in enumerate(ISSUE_SHAPES):
            tenant = TENANTS[n % len(TENANTS)][0]
            r = await client.post(
                WEBHOOK,
                content=json.dumps(alert_with(shape, n)).encode(),
                headers={"content-type": "application/json", "X-Scope-OrgID": tenant},
            )
            assert r.status_code == 200, r.text
            waiting = await new_incident(client, shown, "awaiting_approval")
            assert waiting["diff_sha256"] == hashlib.sha256(waiting["diff"].encode()).hexdigest()
            if n % 2:
                r = await decide(client, waiting["id"], "approve", waiting["diff_sha256"])
            else:
                r = await decide(
                    client, waiting["id"], "reject", waiting["diff_sha256"], comment=shape
                )
            assert r.status_code == 202, r.text  # the sha shown is the real diff's
            shown.append(waiting["id"])
        # an app label that is a secret: it cannot name a values file (a proposal without a
        # diff says so), and the incident is listed like any other
        body = alert_with("x", 59)
        for alert in body["alerts"]:
            alert["labels"]["app"] = "password=hunter2SuperSecret01"
        await post_json(client, WEBHOOK, body)
        failed = await new_incident(client, shown, "awaiting_approval")
        assert "cannot name a values file" in failed["refusal"]
        shown.append(failed["id"])

        answers: dict[str, Any] = {"list": (await client.get(LIST, params={"limit": 200})).json()}
        for incident_id in shown:
            for kind, url in (
                ("status", f"{LIST}/{incident_id}/status"),
                ("detail", f"{LIST}/{incident_id}"),
            ):
                r = await client.get(url)
                assert r.status_code == 200, r.text
                answers[f"{kind} {incident_id}"] = r.json()
    for name, answer in answers.items():
        found = leaks(answer, ALL_SECRETS)
        assert not found, f"{name} leaked: {found}"
    listed = {item["id"]: item for item in answers["list"]["items"]}
    assert set(listed) == set(shown)  # ids intact
    assert listed[failed["id"]]["app"] == "password=****"
    assert {listed[i]["tenant"] for i in shown} >= {"AKIA****", "ghp_****", "sk_live_****", MASK}
    known = git_shas(tmp_path / "gitops")
    for incident_id in shown[:-1]:
        status, detail = answers[f"status {incident_id}"], answers[f"detail {incident_id}"]
        assert status["id"] == detail["item"]["id"] == incident_id
        assert status["commit_shas"] == listed[incident_id]["commits"][:1]
        assert {*status["commit_shas"], *(c["sha"] for c in detail["commits"])} <= known
        n = shown.index(incident_id)
        assert status["fingerprints"] == [f"{n:02x}01dc45404e238b", f"{n:02x}884d380482ca41"]


async def test_the_issue_shapes_stay_masked_from_trigger_to_negative_feedback(
    tmp_path: Path, log_lines: io.StringIO
) -> None:
    """Each shape in a label, an annotation (log_source), the log text, the decision's user
    and comment and the negative feedback's reason, expected result and user, with a token as
    the tenant; approved or rejected, then said not to have worked. No secret part shows in
    the status, list or detail answers, `git log -p --all`, the log lines or Slack."""
    with running_fake_slack() as fake:
        app = slack_app(tmp_path, fake, ticking_clock(CAPTURE_NOW))
        async with AsyncTestClient(app=app) as client:
            shown: list[str] = []
            for n, (shape, _) in enumerate(ISSUE_SHAPES):
                r = await client.post(
                    TRIGGER,
                    json={
                        "log_text": f"OOMKilled: container grafana exceeded its limit\n{shape}",
                        "log_source": shape,
                        "labels": {"app": "grafana", "namespace": f"shop-{n}", "team": shape},
                    },
                    headers={"X-Scope-OrgID": TENANTS[n % len(TENANTS)][0]},
                )
                assert r.status_code == 202, r.text
                incident_id = r.json()["incident_id"]
                waiting = await status_when(
                    client, incident_id, lambda s: s["status"] == "awaiting_approval"
                )
                decision = "approve" if n % 2 else "reject"
                r = await client.post(
                    f"{LIST}/{incident_id}/feedback",
                    json={
                        "decision": decision,
                        "user": f"U{n} {shape}",
                        "diff_sha256": waiting["diff_sha256"],
                        "comment": shape,
                    },
                )
                assert r.status_code == 202, r.text
                r = await client.post(
                    f"{LIST}/{incident_id}/feedback/negative",
                    json={"reason": shape, "expected_result": shape, "user": shape},
                )
                assert r.status_code == 201, r.text
                shown.append(incident_id)
            await wait_for(lambda: all(i in slack_text(fake) for i in shown), 20.0)
            answers = {"list": (await client.get(LIST, params={"limit": 200})).json()}
            for incident_id in shown:
                for url in (f"{LIST}/{incident_id}/status", f"{LIST}/{incident_id}"):
                    answers[url] = (await client.get(url)).json()
    for url, answer in answers.items():
        found = leaks(answer, ALL_SECRETS)
        assert not found, f"{url} leaked: {found}"
    outlets = {
        "git": every_git_text(tmp_path / "gitops"),
        "logs": log_lines.getvalue(),
        "slack": slack_text(fake),
    }
    for name, seen in outlets.items():
        assert all(incident_id in seen for incident_id in shown), f"{name}: nothing was checked"
        for secret in ALL_SECRETS:
            assert secret not in seen, f"{name} leaked {secret!r}"
    for incident_id in shown:  # every feedback commit is linked to its incident
        commits = answers[f"{LIST}/{incident_id}"]["commits"]
        assert any(c["trailers"].get("Feedback-Type") == "negative" for c in commits)
