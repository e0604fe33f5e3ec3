"""Restarts of the real service process with CHECKPOINT_URL (SQLite and PostgreSQL): an
incident awaiting approval before the restart is approved after it and commits exactly once;
with SIGTERM, alerts that were accepted just before the stop still become incidents; and
(marked slow) loops that stop the service at a different moment each time while triggers and
approvals are in flight."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.conftest import fixture_json
from tests.integration.conftest import _wait_until, fork_service, start_service
from tests.pg import DurableMode

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

    from .conftest import Launcher, ManagedProcess


def start(
    launch: Launcher, http: httpx.Client, tmp_path: Path, name: str, state: str, **extra: str
) -> tuple[ManagedProcess, str]:
    """The service with its durable state at `state` (CHECKPOINT_URL), once ready."""
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
    durable: DurableMode,  # first: the database outlives the service
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    first, base = start(launch, http, tmp_path, "before", durable.url)
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

    _, base = start(launch, http, tmp_path, "after", durable.url)
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
    durable: DurableMode,  # first: the database outlives the service
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    first, base = start(launch, http, tmp_path, "before", durable.url)
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

    _, base = start(launch, http, tmp_path, "after", durable.url)
    items = http.get(f"{base}/api/incidents", params={"limit": 200}).json()["items"]
    seen = {fp for item in items for fp in (item["fingerprints"] or [])}
    assert set(sent) <= seen, f"lost: {sorted(set(sent) - seen)}"
    namespaces = {item["namespace"] for item in items}
    assert {f"team-{n}" for n in range(30)} <= namespaces


def test_a_verify_timer_goes_on_with_the_time_it_had_left_after_a_kill(
    durable: DurableMode,  # first: the database outlives the service
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    timeout = 12.0
    first, base = start(launch, http, tmp_path, "before", durable.url, VERIFY_TIMEOUT=str(timeout))
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

    _, base = start(launch, http, tmp_path, "after", durable.url, VERIFY_TIMEOUT=str(timeout))
    status = http.get(f"{base}/api/incidents/{shown['id']}/status").json()
    assert status["status"] == "verifying"

    def ended() -> str | None:
        now = http.get(f"{base}/api/incidents/{shown['id']}/status").json()["status"]
        return now if now != "verifying" else None

    assert poll(ended, "the verify timer ends", timeout=timeout) == "not_recovered"
    took = time.monotonic() - approved_at
    # The timer kept its deadline: it did not start over with the full timeout at restart.
    assert took < timeout + 3.0, f"verification ended {took:.1f} s after the approval"


# --- stops at any moment, many times over ---------------------------------------------------
#
# Each loop keeps one state directory and one GitOps checkout: every iteration stops the
# service at another moment (the delays sweep the window where work is in flight), starts it
# again and checks what the previous run had accepted. The service is forked from a warm
# interpreter (conftest `fork_service`), so that a start takes a fraction of a second.

# PostgreSQL mode shares every code path above the store with SQLite mode, so its loops sweep
# the same window in half as many restarts (the suite stays under its time budget).
LOOPS = {"sqlite": 20, "postgres": 10}
TRIGGERS_PER_LOOP = 12
APPROVALS_PER_LOOP = 8
SETTLED = frozenset(
    {"awaiting_approval", "committed", "commit_failed", "verifying", "rejected", "failed"}
)


def sweep(i: int, loops: int, start: float, end: float) -> float:
    """The i-th of `loops` points spread evenly over [start, end]."""
    return start + (end - start) * i / max(loops - 1, 1)


def trigger(http: httpx.Client, base: str, name: str) -> str | None:
    """Open one incident by a manual trigger (a record-only proposal — an OOM kill of an app
    with no values file — so that many can be committed from one checkout); its id when the
    trigger was answered 202."""
    body = {"log_text": "OOMKilled", "labels": {"app": "nowhere", "namespace": name}}
    try:
        r = http.post(f"{base}/api/incidents/trigger", json=body)
    except httpx.TransportError:
        return None
    return r.json()["incident_id"] if r.status_code == 202 else None


def trigger_many(http: httpx.Client, base: str, names: list[str]) -> list[str]:
    """Trigger one incident per name, in parallel; the ids answered 202."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return [i for i in pool.map(lambda n: trigger(http, base, n), names) if i]


def status_of(http: httpx.Client, base: str, incident_id: str) -> dict[str, Any]:
    """The incident's live status, or for one this process does not hold (finished before
    the restart) what git history says; it must exist, and not be `failed` without a
    reason."""
    r = http.get(f"{base}/api/incidents/{incident_id}/status")
    if r.status_code == 404:  # finished before the restart: git history has it
        r = http.get(f"{base}/api/incidents/{incident_id}")
        assert r.status_code == 200, f"{incident_id}: {r.status_code} {r.text}"
        body: dict[str, Any] = {**r.json()["item"], "reason": None}
    else:
        assert r.status_code == 200, f"{incident_id}: {r.status_code} {r.text}"
        body = r.json()
    assert body["status"] != "failed" or body["reason"], f"failed without a reason: {body}"
    return body


def settled(http: httpx.Client, base: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The status of each incident once none of them is in the middle of a step."""

    def check() -> dict[str, dict[str, Any]] | None:
        found = {i: status_of(http, base, i) for i in ids}
        return found if all(s["status"] in SETTLED for s in found.values()) else None

    return dict(poll(check, f"{len(ids)} incidents settle", timeout=60))


def restart(
    launch: Launcher,
    server: ForkServerContext,
    http: httpx.Client,
    tmp_path: Path,
    name: str,
    state: str,
) -> tuple[ManagedProcess, str]:
    """The service (forked) with its durable state at `state` (CHECKPOINT_URL), once ready."""
    service = fork_service(launch, server, http, tmp_path, name, CHECKPOINT_URL=state)
    return service.process, service.base_url


def stop(service: ManagedProcess, sig: signal.Signals) -> None:
    service.signal_group(sig)
    assert service.popen.wait(timeout=30) == (0 if sig is signal.SIGTERM else -signal.SIGKILL)


def error_lines(tmp_path: Path) -> list[str]:
    """The lines logged at error level by every run of the service."""
    return [
        line
        for log in sorted(tmp_path.glob("run-*.log"))
        for line in log.read_text(errors="replace").splitlines()
        if '"level": "error"' in line
    ]


@pytest.mark.slow
def test_every_incident_accepted_before_a_stop_goes_on_after_the_restart(
    durable: DurableMode,  # first: the database outlives the service
    launch: Launcher,
    fork_server: ForkServerContext,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    """Bursts of manual triggers, each followed by a SIGTERM or a SIGKILL while their
    workflows run (0 to 0.5 s after the last answer): after every restart each incident
    accepted before exists and none is `failed`; in the end all of them await approval."""
    service, base = restart(launch, fork_server, http, tmp_path, "run-0", durable.url)
    accepted: list[str] = []
    loops = LOOPS[durable.kind]
    for i in range(loops):
        names = [f"burst-{i}-{n}" for n in range(TRIGGERS_PER_LOOP)]
        accepted += trigger_many(http, base, names)
        time.sleep(sweep(i, loops, 0.0, 0.5))
        stop(service, signal.SIGTERM if i % 2 == 0 else signal.SIGKILL)
        service, base = restart(launch, fork_server, http, tmp_path, f"run-{i + 1}", durable.url)
        for incident_id in accepted:  # every one exists; none failed without a reason
            status_of(http, base, incident_id)
    statuses = settled(http, base, accepted)
    assert {s["status"] for s in statuses.values()} == {"awaiting_approval"}, statuses
    assert not error_lines(tmp_path)


@pytest.mark.slow
def test_approvals_cut_off_by_a_kill_commit_once_or_can_be_given_again(
    durable: DurableMode,  # first: the database outlives the service
    launch: Launcher,
    fork_server: ForkServerContext,
    http: httpx.Client,
    tmp_path: Path,
) -> None:
    """8 approvals sent at once, the service killed 0 to 160 ms later (before, during and
    after the commits, which leave git's locks behind): after the restart an approval
    answered 202 has exactly one decision commit, one without an answer has exactly one or
    none and then awaits approval again, and that next approval commits."""
    repo = tmp_path / "gitops"
    service, base = restart(launch, fork_server, http, tmp_path, "run-0", durable.url)
    again: list[str] = []  # approvals a kill cut off: approved again after the restart
    loops = LOOPS[durable.kind]
    for i in range(loops):
        for incident_id in again:  # the next approval commits, whatever the kill left
            shown = status_of(http, base, incident_id)
            assert approve(http, base, shown) == 202
            assert len(decision_commits(repo, incident_id)) == 1, shown
        names = [f"approve-{i}-{n}" for n in range(APPROVALS_PER_LOOP)]
        shown = settled(http, base, trigger_many(http, base, names))
        assert {s["status"] for s in shown.values()} == {"awaiting_approval"}, shown
        with ThreadPoolExecutor(max_workers=APPROVALS_PER_LOOP) as pool:
            answers = [pool.submit(approve, http, base, s) for s in shown.values()]
            time.sleep(sweep(i, loops, 0.0, 0.16))
            service.signal_group(signal.SIGKILL)
            codes = dict(zip(shown, (a.result() for a in answers), strict=True))
        assert service.popen.wait(timeout=30) == -signal.SIGKILL
        service, base = restart(launch, fork_server, http, tmp_path, f"run-{i + 1}", durable.url)
        after = settled(http, base, list(shown))
        again = []
        for incident_id, code in codes.items():
            commits = decision_commits(repo, incident_id)
            status = after[incident_id]["status"]
            if code == 202 or status != "awaiting_approval":
                assert (status, len(commits)) == ("committed", 1), (code, after[incident_id])
            else:
                assert not commits, after[incident_id]
                again.append(incident_id)
    for incident_id in again:
        assert approve(http, base, status_of(http, base, incident_id)) == 202
        assert len(decision_commits(repo, incident_id)) == 1
    assert not error_lines(tmp_path)


def approve(http: httpx.Client, base: str, shown: dict[str, Any]) -> int | None:
    """Approve the proposal shown; the answer's status code, None when there was none."""
    body = {"decision": "approve", "user": "U1", "diff_sha256": shown["diff_sha256"]}
    try:
        return http.post(f"{base}/api/incidents/{shown['id']}/feedback", json=body).status_code
    except httpx.TransportError:
        return None
