"""Start-up reconciliation against a real Alertmanager: alerts that fired while the service was
down open incidents when it starts, and a restart does not open them twice."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tests.integration.conftest import service_environment

if TYPE_CHECKING:
    from .conftest import Launcher, ManagedProcess

PROBLEMS = [
    ("KubePodOOMKilled", "monitoring", "grafana"),
    ("KubeJobFailed", "batch", "etl"),
    ("HighErrorRate", "payments", "checkout"),
]


def start_alertmanager(
    alertmanager_bin: str,
    launch: Launcher,
    port: int,
    nowhere: int,
    tmp_path: Path,
    wait_until: Callable[..., Any],
    http: httpx.Client,
) -> str:
    """A real Alertmanager whose webhook points at a closed port (the service is down)."""
    config = tmp_path / "alertmanager.yml"
    config.write_text(
        json.dumps(
            {
                "route": {
                    "receiver": "down",
                    "group_wait": "1s",
                    "group_interval": "2s",
                    "repeat_interval": "1h",
                },
                "receivers": [
                    {
                        "name": "down",
                        "webhook_configs": [
                            {"url": f"http://127.0.0.1:{nowhere}/webhooks/alertmanager"}
                        ],
                    }
                ],
            }
        )
    )
    proc = launch(
        "alertmanager",
        [
            alertmanager_bin,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(
        "Alertmanager /-/ready",
        lambda: http.get(f"{url}/-/ready").status_code == 200,
        timeout=20,
        watch=[proc],
    )
    return url


def start_service(
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
    port: int,
    am_url: str,
    name: str,
    wait_until: Callable[..., Any],
) -> tuple[ManagedProcess, str]:
    """The service with durable state and ALERTMANAGER_URL, once ready."""
    env = service_environment(
        API_HOST="127.0.0.1",
        API_PORT=str(port),
        GIT_REPO_PATH=str(tmp_path / "gitops"),
        CHECKPOINT_URL=f"sqlite:///{tmp_path / 'state' / 'alertgraph.db'}",
        ALERTMANAGER_URL=am_url,
        LOG_FORMAT="json",
        RATE_LIMIT_PER_SECOND="0",
    )
    proc = launch(name, [sys.executable, "-m", "receiver"], env=env)
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return http.get(f"{base}/health/ready").status_code == 200
        except httpx.TransportError:
            return False

    wait_until(f"{name} ready", ready, timeout=30, watch=[proc])
    return proc, base


def incident_fingerprints(http: httpx.Client, base: str) -> dict[str, list[str]]:
    """incident id → fingerprints, for every incident the service lists."""
    items = http.get(f"{base}/api/incidents", params={"limit": 200}).json()["items"]
    return {i["id"]: sorted(i["fingerprints"] or []) for i in items}


def test_alerts_that_fired_while_the_service_was_down_open_incidents_once(
    alertmanager_bin: str,
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
    free_port: Callable[[], int],
    wait_until: Callable[..., Any],
) -> None:
    am = start_alertmanager(
        alertmanager_bin, launch, free_port(), free_port(), tmp_path, wait_until, http
    )
    alerts = [
        {
            "labels": {"alertname": name, "namespace": ns, "app": app, "severity": "critical"},
            "annotations": {"summary": f"{name} on {app}"},
        }
        for name, ns, app in PROBLEMS
    ]
    assert http.post(f"{am}/api/v2/alerts", json=alerts).status_code == 200
    firing = {a["fingerprint"] for a in http.get(f"{am}/api/v2/alerts").json()}
    assert len(firing) == len(PROBLEMS)

    first, base = start_service(launch, http, tmp_path, free_port(), am, "before", wait_until)
    found: dict[str, list[str]] = {}

    def all_in_incidents() -> bool:
        found.update(incident_fingerprints(http, base))
        return firing <= {fp for fps in found.values() for fp in fps}

    wait_until("reconciled alerts in incidents", all_in_incidents, timeout=20)
    assert len(found) == len(PROBLEMS)  # one incident per problem
    first.signal_group(signal.SIGTERM)
    assert first.popen.wait(timeout=20) == 0

    _, base = start_service(launch, http, tmp_path, free_port(), am, "after", wait_until)
    wait_until(
        "the restarted service reconciled",
        lambda: "alertmanager reconciled" in (tmp_path / "after.log").read_text(),
        timeout=20,
    )
    after = incident_fingerprints(http, base)
    assert after.keys() == found.keys()  # the same incidents: nothing opened twice
