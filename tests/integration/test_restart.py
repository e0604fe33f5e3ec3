"""Restarts of the real service process with CHECKPOINT_URL: an incident awaiting approval
before the restart is approved after it and commits exactly once; with SIGTERM, alerts that
were accepted just before the stop still become incidents."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.conftest import fixture_json
from tests.integration.conftest import _wait_until, start_service

if TYPE_CHECKING:
    from .conftest import Launcher, ManagedProcess


def start(
    launch: Launcher, http: httpx.Client, tmp_path: Path, name: str, **extra: str
) -> tuple[ManagedProcess, str]:
    """The service with durable state under tmp_path, once ready."""
    state = f"sqlite:///{tmp_path / 'state' / 'alertgraph.db'}"
    service = start_service(launch, http, tmp_path, name, CHECKPOINT_URL=state, **extra)
    return service.process, service.base_url


def poll(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """The first truthy result of `check()` within `timeout` seconds."""
    found: list[Any] = []

    def once() -> bool:
        value = check()
        if value:
            found.append(value)
        return bool(value)

    _wait_until(what, once, timeout=timeout)
    return found[-1]


def decision_commits(repo: Path, incident_id: str) -> list[str]:
    """The incident's commits other than the outcome commit (there must be exactly one)."""
    out = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "log",
            "--format=%H %(trailers:key=Outcome,valueonly)%x1f",
            f"--grep=Incident-Id: {incident_id}",
            "main",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [e.split()[0] for e in out.split("\x1f") if e.strip() and len(e.split()) == 1]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_an_approval_pending_before_a_restart_commits_once_after_it(
    stop: signal.Signals,
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    first, base = start(launch, http, tmp_path, "before")
    r = http.post(
        f"{base}/webhooks/alertmanager", json=fixture_json("am-webhook-firing-2-alerts.json")
    )
    assert r.status_code == 200, r.text

    def awaiting() -> dict[str, Any] | None:
        items = http.get(f"{base}/api/incidents").json()["items"]
        if not items:
            return None
        status = http.get(f"{base}/api/incidents/{items[0]['id']}/status").json()
        return status if status["status"] == "awaiting_approval" else None

    shown = poll(awaiting, "the incident awaits approval")
    first.signal_group(stop)
    assert first.popen.wait(timeout=20) == (0 if stop is signal.SIGTERM else -signal.SIGKILL)

    _, base = start(launch, http, tmp_path, "after")
    after = http.get(f"{base}/api/incidents/{shown['id']}/status")
    assert after.status_code == 200, after.text
    assert after.json()["status"] == "awaiting_approval"
    assert after.json()["diff_sha256"] == shown["diff_sha256"]
    decide = {"decision": "approve", "user": "U1", "diff_sha256": shown["diff_sha256"]}
    r = http.post(f"{base}/api/incidents/{shown['id']}/feedback", json=decide)
    assert r.status_code == 202, r.text
    again = http.post(f"{base}/api/incidents/{shown['id']}/feedback", json=decide)
    assert again.status_code == 409
    assert len(decision_commits(tmp_path / "gitops", shown["id"])) == 1


def test_alerts_accepted_just_before_a_sigterm_become_incidents_after_the_restart(
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    first, base = start(launch, http, tmp_path, "before")
    body = fixture_json("am-webhook-firing-2-alerts.json")
    sent: list[str] = []
    for n in range(30):  # 30 problems, each its own incident (one namespace each)
        batch = json.loads(json.dumps(body))
        for alert in batch["alerts"]:
            alert["labels"]["namespace"] = f"team-{n}"
            alert["fingerprint"] = f"{n:04x}{alert['fingerprint'][4:]}"
            sent.append(alert["fingerprint"])
        assert http.post(f"{base}/webhooks/alertmanager", json=batch).status_code == 200
    first.signal_group(signal.SIGTERM)
    assert first.popen.wait(timeout=20) == 0

    _, base = start(launch, http, tmp_path, "after")
    items = http.get(f"{base}/api/incidents", params={"limit": 200}).json()["items"]
    seen = {fp for item in items for fp in (item["fingerprints"] or [])}
    assert set(sent) <= seen, f"lost: {sorted(set(sent) - seen)}"
    namespaces = {item["namespace"] for item in items}
    assert {f"team-{n}" for n in range(30)} <= namespaces


def test_a_verify_timer_goes_on_with_the_time_it_had_left_after_a_kill(
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    timeout = 12.0
    first, base = start(launch, http, tmp_path, "before", VERIFY_TIMEOUT=str(timeout))
    body = fixture_json("am-webhook-firing-2-alerts.json")
    assert http.post(f"{base}/webhooks/alertmanager", json=body).status_code == 200

    def awaiting() -> dict[str, Any] | None:
        items = http.get(f"{base}/api/incidents").json()["items"]
        if not items:
            return None
        status = http.get(f"{base}/api/incidents/{items[0]['id']}/status").json()
        return status if status["status"] == "awaiting_approval" else None

    shown = poll(awaiting, "the incident awaits approval")
    decide = {"decision": "approve", "user": "U1", "diff_sha256": shown["diff_sha256"]}
    approved_at = time.monotonic()
    r = http.post(f"{base}/api/incidents/{shown['id']}/feedback", json=decide)
    assert r.json()["status"] == "verifying", r.text
    time.sleep(4.0)
    first.signal_group(signal.SIGKILL)
    first.popen.wait(timeout=20)

    _, base = start(launch, http, tmp_path, "after", VERIFY_TIMEOUT=str(timeout))
    status = http.get(f"{base}/api/incidents/{shown['id']}/status").json()
    assert status["status"] == "verifying"

    def ended() -> str | None:
        now = http.get(f"{base}/api/incidents/{shown['id']}/status").json()["status"]
        return now if now != "verifying" else None

    assert poll(ended, "the verify timer ends", timeout=timeout) == "not_recovered"
    took = time.monotonic() - approved_at
    # The timer kept its deadline: it did not start over with the full timeout at restart.
    assert took < timeout + 3.0, f"verification ended {took:.1f} s after the approval"
