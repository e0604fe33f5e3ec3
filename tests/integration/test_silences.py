"""Silences of an incident's alerts in a real Alertmanager: created through the API with one
exact matcher set per alert (seen by `amtool silence query`), suppressing those alerts and no
other workload's, expired when the incident ends; Alertmanager refusing or down is a 502."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from graph.records.summary import parse_summary
from receiver.app import utc_now
from receiver.incidents.model import Incident
from tests.integration.conftest import ManagedProcess, start_alertmanager
from tests.receiver.conftest import incidents_when, make_app, status_when
from tests.receiver.helpers import awaiting, decide, firing, post_json, problem
from tests.receiver.slack.conftest import Slack, running_fake_slack, slack_app
from tests.receiver.slack.fake_slack import wait_for
from tests.receiver.slack.test_flow import buttons, click, shown

if TYPE_CHECKING:
    from .conftest import Launcher

pytestmark = pytest.mark.integration
ALERTS = [alert["labels"] for alert in firing()["alerts"]]  # two pods of grafana
OTHER_POD = {**ALERTS[0], "pod": "grafana-other"}  # same rule and workload, not in the incident


@pytest.fixture
def alertmanager(
    alertmanager_bin: str, launch: Launcher, http: httpx.Client, tmp_path: Path
) -> tuple[ManagedProcess, str]:
    config = {"route": {"receiver": "null"}, "receivers": [{"name": "null"}]}
    return start_alertmanager(launch, http, alertmanager_bin, tmp_path, config)


@pytest.fixture
async def client(
    tmp_path: Path, alertmanager: tuple[ManagedProcess, str]
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    app = make_app(tmp_path, now=utc_now, ALERTMANAGER_URL=alertmanager[1])
    async with AsyncTestClient(app=app) as c:
        yield c


def amtool_query(url: str, *flags: str) -> list[dict[str, Any]]:
    """`amtool silence query -o json`: the active silences (or, with --expired, the expired)."""
    done = subprocess.run(
        ["amtool", "silence", "query", f"--alertmanager.url={url}", "-o", "json", *flags],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    found: list[dict[str, Any]] = json.loads(done.stdout or "[]")
    return found


async def alert_states(url: str) -> dict[str, dict[str, Any]]:
    """Alertmanager's alerts by pod: their `status` (state, silencedBy)."""
    async with httpx.AsyncClient(trust_env=False, timeout=5) as http:
        alerts = (await http.get(f"{url}/api/v2/alerts")).json()
    return {a["labels"]["pod"]: a["status"] for a in alerts}


async def in_app_loop(
    client: AsyncTestClient[Litestar], call: Callable[..., Awaitable[Any]], *args: Any
) -> Any:
    """`call(*args)` in the loop the app runs in (the test client's portal), as the workflow
    would call it: the app's HTTP clients belong to that loop."""
    return await asyncio.to_thread(client.blocking_portal.call, call, *args)


def incident(client: AsyncTestClient[Litestar], incident_id: str) -> Incident:
    found: Incident | None = client.app.state.registry.get(incident_id)
    assert found is not None
    return found


async def test_a_person_silences_exactly_the_incidents_alerts_until_it_ends(
    client: AsyncTestClient[Litestar], alertmanager: tuple[ManagedProcess, str]
) -> None:
    am = alertmanager[1]
    assert amtool_query(am) == []
    async with httpx.AsyncClient(trust_env=False, timeout=5) as http:
        r = await http.post(
            f"{am}/api/v2/alerts", json=[{"labels": x} for x in [*ALERTS, OTHER_POD]]
        )
        assert r.status_code == 200, r.text
    shown = await awaiting(client, firing())
    incident_id = shown["id"]

    r = await client.post(
        f"/api/incidents/{incident_id}/silence",
        json={"user": "alice", "duration": "90m", "comment": "rolling out"},
    )

    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["not_silenced"] == []
    ids = {s["fingerprint"]: s["id"] for s in answer["silences"]}
    assert set(ids) == set(shown["fingerprints"])
    silences = {s["id"]: s for s in amtool_query(am)}
    assert set(silences) == set(ids.values())
    by_pod = {
        next(m["value"] for m in s["matchers"] if m["name"] == "pod"): s for s in silences.values()
    }
    for labels in ALERTS:
        silence = by_pod[labels["pod"]]
        assert sorted((m["name"], m["value"]) for m in silence["matchers"]) == sorted(
            labels.items()
        )
        assert all(m["isEqual"] and not m["isRegex"] for m in silence["matchers"])
        assert silence["createdBy"] == "alertgraph (alice)"
        assert silence["comment"] == (
            f"{incident_id}: silenced for 1h30m by alice from the API: rolling out"
        )
    states = await alert_states(am)
    for alert in firing()["alerts"]:
        assert states[alert["labels"]["pod"]]["state"] == "suppressed"
        assert states[alert["labels"]["pod"]]["silencedBy"] == [ids[alert["fingerprint"]]]
    assert states[OTHER_POD["pod"]]["state"] == "active"  # another pod of the same rule
    assert states[OTHER_POD["pod"]]["silencedBy"] == []
    status = (await client.get(f"/api/incidents/{incident_id}/status")).json()
    assert [s["id"] for s in status["silences"]] == [s["id"] for s in answer["silences"]]

    # A second click extends the same silences instead of adding more.
    again = await client.post(f"/api/incidents/{incident_id}/silence", json={"user": "bob"})
    assert again.status_code == 201, again.text
    assert len(amtool_query(am)) == 2
    status = (await client.get(f"/api/incidents/{incident_id}/status")).json()
    assert [s["created_by"] for s in status["silences"]] == ["alertgraph (bob)"] * 2

    # The incident ends: its silences are expired, its alerts notify again.
    r = await decide(client, incident_id, "reject", shown["diff_sha256"])
    assert r.status_code == 202, r.text
    await status_when(client, incident_id, lambda s: s["status"] == "rejected")
    outcome = await in_app_loop(
        client, client.app.state.silences.expire_incident_silences, incident(client, incident_id)
    )
    assert outcome.failed == {}
    assert amtool_query(am) == []
    live = {s["id"] for s in status["silences"]}
    assert live <= {s["id"] for s in amtool_query(am, "--expired")}
    async with httpx.AsyncClient(trust_env=False, timeout=5) as http:
        for silence_id in live:
            shown_in_am = (await http.get(f"{am}/api/v2/silence/{silence_id}")).json()
            assert shown_in_am["status"]["state"] == "expired"
    assert {s["state"] for s in (await alert_states(am)).values()} == {"active"}
    status = (await client.get(f"/api/incidents/{incident_id}/status")).json()
    assert all(s["expired_at"] for s in status["silences"])


async def test_alertmanager_refusing_is_a_502_with_its_reason(
    client: AsyncTestClient[Litestar], alertmanager: tuple[ManagedProcess, str]
) -> None:
    # Alertmanager 0.25 refuses a label name outside [a-zA-Z_][a-zA-Z0-9_]* in a matcher.
    alert = {"labels": {**ALERTS[0], "bad-name": "x"}, "annotations": {"summary": "OOMKilled"}}
    r = await post_json(client, "/api/v2/alerts", [alert])
    assert r.status_code == 200, r.text
    [item] = await incidents_when(client, bool)
    incident_id = item["id"]

    answer = problem(
        await client.post(f"/api/incidents/{incident_id}/silence", json={"user": "alice"}), 502
    )

    assert "HTTP 400" in answer["detail"] and "bad-name" in answer["detail"]
    assert amtool_query(alertmanager[1]) == []
    assert incident(client, incident_id).live.silences == []


async def test_alertmanager_down_is_a_502_logged_once_and_the_incident_unchanged(
    client: AsyncTestClient[Litestar], alertmanager: tuple[ManagedProcess, str]
) -> None:
    shown = await awaiting(client, firing())
    alertmanager[0].stop()
    before = (await client.get(f"/api/incidents/{shown['id']}/status")).json()

    with capture_logs() as logs:
        r = await client.post(f"/api/incidents/{shown['id']}/silence", json={"user": "alice"})

    answer = problem(r, 502)
    assert "Alertmanager could not be reached" in answer["detail"]
    assert "127.0.0.1" not in answer["detail"]  # the URL (which may hold credentials) stays in
    assert [e["event"] for e in logs if e["log_level"] in ("warning", "error")] == [
        "request refused"
    ]
    after = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
    assert after == before
    assert after["silences"] == []


async def test_a_policy_silences_while_verifying_and_the_end_lifts_it(
    tmp_path: Path, alertmanager: tuple[ManagedProcess, str]
) -> None:
    url = alertmanager[1]
    policies = tmp_path / "policies.yaml"
    policies.write_text(
        "rules:\n  - name: watched\n    match: {namespace: monitoring}\n    require: 1\n"
        "    silence_while_verifying: true\n",
        encoding="utf-8",
    )
    app = make_app(tmp_path, now=utc_now, ALERTMANAGER_URL=url, POLICY_FILE=str(policies))
    async with AsyncTestClient(app=app) as client:
        shown = await awaiting(client, firing())
        await status_when(client, shown["id"], lambda s: s["policy"] is not None)
        assert amtool_query(url) == []  # nobody asked yet: nothing is silenced
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.json()["status"] == "verifying"
        await status_when(client, shown["id"], lambda s: len(s["silences"]) == 2)
        active = amtool_query(url)
        assert {s["createdBy"] for s in active} == {"alertgraph (policy:watched)"}
        pods = {m["value"] for s in active for m in s["matchers"] if m["name"] == "pod"}
        assert pods == {a["pod"] for a in ALERTS}

        resolved_body = firing()
        for alert in resolved_body["alerts"]:
            alert["status"] = "resolved"
            alert["endsAt"] = "2026-11-24T03:45:00Z"
        resolved_body["status"] = "resolved"
        await post_json(client, "/webhooks/alertmanager", resolved_body)
        await status_when(client, shown["id"], lambda s: s["status"] == "recovered")
        for _ in range(100):
            if not amtool_query(url):
                break
            await asyncio.sleep(0.1)
        assert amtool_query(url) == []
        assert len(amtool_query(url, "--expired")) == 2
    summary = (tmp_path / "gitops" / "examples" / shown["id"] / "summary.md").read_text()
    listed = [line for line in summary.splitlines() if "silenced by" in line]
    assert len(listed) == 2
    assert all("alertgraph (policy:watched)" in line for line in listed)
    assert parse_summary(summary)["status"] == "recovered"  # the record still reads back


async def test_the_slack_silence_button_silences_for_two_hours_as_the_person_who_clicked(
    tmp_path: Path, alertmanager: tuple[ManagedProcess, str]
) -> None:
    url = alertmanager[1]
    with running_fake_slack() as fake:
        app = slack_app(tmp_path, fake, utc_now, ALERTMANAGER_URL=url)
        async with AsyncTestClient(app=app) as client:
            slack = Slack(client, fake, utc_now, tmp_path)
            body = await shown(slack)
            assert set(buttons(body)) == {"approve", "reject", "modify", "silence"}
            r = await slack.interact(click("silence", buttons(body)["silence"]))
            assert r.status_code == 200
            await wait_for(lambda: bool(fake.ephemerals), 10.0)
            (told,) = fake.ephemerals
            assert "2 alert(s)" in told["text"] and "silenced" in told["text"]
            active = amtool_query(url)
            assert {s["createdBy"] for s in active} == {"alertgraph (U0ALICE1)"}
            assert len(active) == 2
