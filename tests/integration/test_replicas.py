"""Two alertgraph replicas on one real PostgreSQL, with real Alertmanagers clustered in front:
one incident per problem across replicas, one commit per approval however many replicas are
asked, and a killed or restarted leader replaced without losing or repeating anything.

Each replica has its own checkout of one bare GIT_REMOTE (as in Kubernetes); the leader is read
from the database (`replica_leader`); LEADER_LEASE_SECONDS is short so failovers are quick.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.conftest import fixture_json
from tests.integration.conftest import (
    Launcher,
    ManagedProcess,
    _free_port,
    _wait_until,
    start_service,
)
from tests.integration.test_restart import decision_commits  # the remote's main, by trailer

LEASE = "3"


@dataclass
class Replica:
    name: str
    process: ManagedProcess
    url: str


@dataclass
class Cluster:
    """Two replicas (more can be started) on `pg_url`, pushing to `remote`."""

    launch: Launcher
    http: httpx.Client
    tmp_path: Path
    pg_url: str
    remote: Path
    settings: dict[str, str]
    replicas: dict[str, Replica]

    def start(self, name: str) -> Replica:
        service = start_service(
            self.launch,
            self.http,
            self.tmp_path / name,
            f"replica-{name}",
            CHECKPOINT_URL=self.pg_url,
            GIT_REMOTE=str(self.remote),
            REPLICA_NAME=name,
            LEADER_LEASE_SECONDS=LEASE,
            **self.settings,
        )
        self.replicas[name] = Replica(name, service.process, service.base_url)
        return self.replicas[name]

    def leader(self) -> Replica:
        """The replica that leads, once one announced itself."""

        def announced() -> str | None:
            with psycopg.connect(self.pg_url, autocommit=True) as connection:
                row = connection.execute("SELECT name FROM replica_leader").fetchone()
            return None if row is None else str(row[0])

        _wait_until("a leader", lambda: announced() is not None, timeout=30)
        name = announced()
        assert name is not None
        return self.replicas[name]

    def other(self, replica: Replica) -> Replica:
        return next(r for r in self.replicas.values() if r.name != replica.name)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


@pytest.fixture
def cluster(
    launch: Launcher, http: httpx.Client, tmp_path: Path, pg_url: str, remote: Path
) -> Cluster:
    """Replica `a` (it seeds the remote and leads), then replica `b` (a follower)."""
    made = Cluster(launch, http, tmp_path, pg_url, remote, {"VERIFY_TIMEOUT": "900"}, {})
    made.start("a")
    made.start("b")
    return made


def outcome_commits(remote: Path, incident_id: str) -> int:
    out = subprocess.run(
        [
            "git",
            "-C",
            str(remote),
            "log",
            "--format=%(trailers:key=Outcome,valueonly)%x1f",
            f"--grep=Incident-Id: {incident_id}",
            "main",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sum(1 for e in out.split("\x1f") if e.strip())


def status_of(http: httpx.Client, replica: Replica, incident_id: str) -> dict[str, Any]:
    r = http.get(f"{replica.url}/api/incidents/{incident_id}/status")
    return r.json() if r.status_code == 200 else {"status": f"HTTP {r.status_code}"}


def wait_status(
    http: httpx.Client, replica: Replica, incident_id: str, wanted: set[str], timeout: float = 40
) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def reached() -> bool:
        seen.update(status_of(http, replica, incident_id))
        return seen.get("status") in wanted

    _wait_until(f"{incident_id} {wanted} (last: {seen.get('status')})", reached, timeout=timeout)
    return seen


def oom_incident(http: httpx.Client, sender: Replica, asker: Replica) -> dict[str, Any]:
    """The captured OOM alert sent to `sender`; its status, awaiting approval, read on `asker`."""
    r = http.post(
        f"{sender.url}/webhooks/alertmanager", json=fixture_json("am-webhook-firing-2-alerts.json")
    )
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = []

    def listed() -> bool:
        items[:] = http.get(f"{asker.url}/api/incidents").json().get("items", [])
        return bool(items)

    _wait_until("the incident is listed", listed, timeout=30)
    return wait_status(http, asker, items[0]["id"], {"awaiting_approval"})


def approve(http: httpx.Client, replica: Replica, status: dict[str, Any], user: str) -> int:
    decide = {"decision": "approve", "user": user, "diff_sha256": status["diff_sha256"]}
    r = http.post(f"{replica.url}/api/incidents/{status['id']}/feedback", json=decide)
    return r.status_code


# --- one incident per problem ---------------------------------------------------------------


def start_alertmanager_pair(
    launch: Launcher, http: httpx.Client, binary: str, tmp_path: Path, targets: list[str]
) -> list[str]:
    """Two Alertmanagers gossiping with each other, each notifying one of `targets`."""
    ports = [(_free_port(), _free_port()) for _ in targets]
    urls = []
    for i, target in enumerate(targets):
        web, gossip = ports[i]
        peer = ports[1 - i][1]
        config = {
            "route": {
                "receiver": "alertgraph",
                "group_by": ["alertname", "namespace", "deployment"],
                "group_wait": "1s",
                "group_interval": "2s",
                "repeat_interval": "1h",
            },
            "receivers": [
                {
                    "name": "alertgraph",
                    "webhook_configs": [
                        {"url": f"{target}/webhooks/alertmanager", "send_resolved": True}
                    ],
                }
            ],
        }
        folder = tmp_path / f"am-{i}"
        folder.mkdir()
        (folder / "alertmanager.yml").write_text(json.dumps(config))
        launch(
            f"alertmanager-{i}",
            [
                binary,
                f"--config.file={folder / 'alertmanager.yml'}",
                f"--storage.path={folder / 'data'}",
                f"--web.listen-address=127.0.0.1:{web}",
                f"--cluster.listen-address=127.0.0.1:{gossip}",
                f"--cluster.peer=127.0.0.1:{peer}",
                "--cluster.peer-timeout=2s",
                "--cluster.settle-timeout=5s",
            ],
        )
        urls.append(f"http://127.0.0.1:{web}")
    _wait_until(
        "both Alertmanagers ready",
        lambda: all(_answers(http, f"{url}/-/ready") for url in urls),
        timeout=30,
    )
    return urls


def _answers(http: httpx.Client, url: str) -> bool:
    try:
        return http.get(url).status_code == 200
    except httpx.TransportError:
        return False


def storm_alerts() -> list[dict[str, Any]]:
    """1,000 alerts over 100 workloads (ten pods each), firing for the next hour."""
    now = datetime.now(UTC)
    alerts = []
    for workload in range(100):
        for pod in range(10):
            suffix = "bcdfghjklm"[pod] * 5
            alerts.append(
                {
                    "labels": {
                        "alertname": "KubePodCrashLooping",
                        "namespace": "shop",
                        "deployment": f"app{workload:03d}",
                        "pod": f"app{workload:03d}-7d9f8c6b5-{suffix}",
                        "severity": "warning",
                    },
                    "annotations": {"summary": "Pod is crash looping."},
                    "startsAt": now.isoformat(),
                    "endsAt": (now + timedelta(hours=1)).isoformat(),
                }
            )
    return alerts


def test_a_storm_through_two_clustered_alertmanagers_makes_one_incident_per_workload(
    cluster: Cluster, launch: Launcher, http: httpx.Client, tmp_path: Path, alertmanager_bin: str
) -> None:
    a, b = cluster.replicas["a"], cluster.replicas["b"]
    managers = start_alertmanager_pair(launch, http, alertmanager_bin, tmp_path, [a.url, b.url])
    alerts = storm_alerts()
    for manager in managers:  # as an HA pair of Prometheus does: every alert to every manager
        for start in range(0, len(alerts), 250):
            r = http.post(f"{manager}/api/v2/alerts", json=alerts[start : start + 250])
            assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = []

    def grouped() -> bool:
        try:  # the leader is busy analysing 100 incidents: a slow answer is asked again
            r = http.get(f"{b.url}/api/incidents", params={"limit": 200}, timeout=30)
        except httpx.TimeoutException:
            return False
        items[:] = r.json().get("items", []) if r.status_code == 200 else []
        return sum(int(i["counters"]["alerts"]) for i in items) >= 1000

    _wait_until("1,000 alerts grouped", grouped, timeout=90)
    time.sleep(3)  # anything late (a second notification) has arrived by now
    grouped()
    assert len(items) == 100
    assert sorted(i["app"] for i in items) == [f"app{w:03d}" for w in range(100)]
    assert all(i["counters"]["alerts"] == 10 for i in items), items[0]["counters"]
    on_a = http.get(f"{a.url}/api/incidents", params={"limit": 200}).json()["items"]
    assert sorted(i["id"] for i in on_a) == sorted(i["id"] for i in items)


# --- one commit per approval ----------------------------------------------------------------


def test_approved_through_the_follower_an_incident_the_leader_analysed_commits_once(
    cluster: Cluster, http: httpx.Client
) -> None:
    leader = cluster.leader()
    follower = cluster.other(leader)
    shown = oom_incident(http, leader, follower)
    assert approve(http, follower, shown, "U1") == 202
    done = wait_status(http, follower, shown["id"], {"verifying", "committed"})
    commits = decision_commits(cluster.remote, shown["id"])
    assert commits == [done["commit_sha"]]


def test_twenty_concurrent_approvals_over_both_replicas_make_one_commit(
    cluster: Cluster, http: httpx.Client
) -> None:
    a, b = cluster.replicas["a"], cluster.replicas["b"]
    shown = oom_incident(http, a, b)
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda n: approve(http, (a, b)[n % 2], shown, f"U{n}"), range(20)))
    assert answers.count(202) == 1, answers
    assert set(answers) == {202, 409}, answers
    wait_status(http, a, shown["id"], {"verifying", "committed"})
    assert len(decision_commits(cluster.remote, shown["id"])) == 1


# --- failover --------------------------------------------------------------------------------


def kill(replica: Replica) -> None:
    replica.process.signal_group(signal.SIGKILL)
    replica.process.popen.wait(timeout=10)


def test_a_leader_killed_while_waiting_for_approval_is_replaced_and_the_fix_commits_once(
    cluster: Cluster, http: httpx.Client
) -> None:
    leader = cluster.leader()
    survivor = cluster.other(leader)
    shown = oom_incident(http, leader, survivor)
    kill(leader)
    killed = time.monotonic()
    taken = wait_status(http, survivor, shown["id"], {"awaiting_approval"}, timeout=30)
    assert time.monotonic() - killed < float(LEASE) * 3  # a lease, plus taking over
    assert taken["diff_sha256"] == shown["diff_sha256"]
    assert approve(http, survivor, shown, "U1") == 202
    wait_status(http, survivor, shown["id"], {"verifying", "committed"})
    assert len(decision_commits(cluster.remote, shown["id"])) == 1


def test_a_leader_killed_while_it_pushes_the_fix_is_replaced_and_it_is_committed_once(
    cluster: Cluster, http: httpx.Client
) -> None:
    hook = cluster.remote / "hooks" / "pre-receive"
    marker = cluster.tmp_path / "slowed-once"
    hook.write_text(f"#!/bin/sh\nif [ ! -e {marker} ]; then touch {marker}; sleep 5; fi\n")
    hook.chmod(0o755)
    leader = cluster.leader()
    survivor = cluster.other(leader)
    shown = oom_incident(http, leader, survivor)
    # The answer comes once the commit is made: never, as the leader dies first.
    with ThreadPoolExecutor(1) as pool, httpx.Client(timeout=30, trust_env=False) as slow:
        asked = pool.submit(approve, slow, survivor, shown, "U1")
        _wait_until("the push is under way", marker.exists, timeout=20)
        kill(leader)
        answered = asked.exception() or asked.result()
    assert answered == 503 or isinstance(answered, httpx.TransportError), answered
    retried: list[int] = []  # the person tries again: 503 until the survivor leads, then

    def answered_by_survivor() -> bool:  # 202, or 409 when it found the decision taken
        retried.append(approve(http, survivor, shown, "U1"))
        return retried[-1] != 503

    _wait_until("the survivor answers", answered_by_survivor, timeout=30)
    assert retried[-1] in (202, 409), retried
    done = wait_status(http, survivor, shown["id"], {"verifying", "committed"}, 60)
    assert decision_commits(cluster.remote, shown["id"]) == [done["commit_sha"]]


def test_a_verify_timer_of_a_killed_leader_fires_once_on_the_survivor(
    launch: Launcher, http: httpx.Client, tmp_path: Path, pg_url: str, remote: Path
) -> None:
    cluster = Cluster(launch, http, tmp_path, pg_url, remote, {"VERIFY_TIMEOUT": "8"}, {})
    cluster.start("a")
    cluster.start("b")
    leader = cluster.leader()
    survivor = cluster.other(leader)
    shown = oom_incident(http, leader, survivor)
    assert approve(http, leader, shown, "U1") == 202
    wait_status(http, survivor, shown["id"], {"verifying"})
    kill(leader)
    done = wait_status(http, survivor, shown["id"], {"not_recovered"}, timeout=40)
    assert done["status"] == "not_recovered"
    time.sleep(2)
    assert outcome_commits(remote, shown["id"]) == 1


# --- rolling restart -------------------------------------------------------------------------


def test_a_rolling_restart_during_a_burst_loses_no_alert_and_repeats_nothing(
    cluster: Cluster, http: httpx.Client
) -> None:
    body = fixture_json("am-webhook-firing-2-alerts.json")
    sent: dict[str, str] = {}  # fingerprint → namespace
    stop = threading.Event()
    errors: list[str] = []

    def burst() -> None:
        n = 0
        with httpx.Client(timeout=5) as client:
            while not stop.is_set() or n < 20:
                batch = json.loads(json.dumps(body))
                for alert in batch["alerts"]:
                    alert["labels"]["namespace"] = f"team-{n}"
                    alert["fingerprint"] = f"{n:04x}{alert['fingerprint'][4:]}"
                target = list(cluster.replicas.values())[n % 2]
                deadline = time.monotonic() + 60
                while True:  # as Alertmanager does: the same replica until it answers 2xx
                    try:
                        r = client.post(
                            f"{cluster.replicas[target.name].url}/webhooks/alertmanager",
                            json=batch,
                        )
                        if r.status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if time.monotonic() > deadline:
                        errors.append(f"body {n} never accepted")
                        return
                    time.sleep(0.2)
                for alert in batch["alerts"]:
                    sent[alert["fingerprint"]] = f"team-{n}"
                n += 1
                time.sleep(0.05)

    sender = threading.Thread(target=burst)
    sender.start()
    try:
        for name in ("a", "b"):  # one at a time, each back before the next goes
            replica = cluster.replicas[name]
            replica.process.signal_group(signal.SIGTERM)
            assert replica.process.popen.wait(timeout=30) == 0
            cluster.start(name)
    finally:
        stop.set()
        sender.join(timeout=120)
    assert not errors, errors
    items: list[dict[str, Any]] = []
    asker = cluster.replicas["a"]

    def all_grouped() -> bool:
        r = http.get(f"{asker.url}/api/incidents", params={"limit": 200})
        items[:] = r.json().get("items", []) if r.status_code == 200 else []
        seen = {fp for item in items for fp in (item["fingerprints"] or [])}
        return set(sent) <= seen

    _wait_until("every accepted alert in an incident", all_grouped, timeout=60)
    namespaces = [item["namespace"] for item in items]
    assert sorted(namespaces) == sorted(set(sent.values())), "an incident was opened twice"
    attached = [fp for item in items for fp in (item["fingerprints"] or [])]
    assert len(attached) == len(set(attached)) == len(sent)
