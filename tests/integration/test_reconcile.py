"""Start-up reconciliation against a real Alertmanager: alerts that fired while the service was
down open incidents when it starts, and a restart does not open them twice."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tests.integration.conftest import Service, start_alertmanager, start_service

if TYPE_CHECKING:
    from .conftest import Launcher

PROBLEMS = [
    ("KubePodOOMKilled", "monitoring", "grafana"),
    ("KubeJobFailed", "batch", "etl"),
    ("HighErrorRate", "payments", "checkout"),
]


def alertmanager_down(
    launch: Launcher, http: httpx.Client, binary: str, tmp_path: Path, nowhere: int
) -> str:
    """A real Alertmanager whose webhook points at a closed port (the service is down)."""
    _, url = start_alertmanager(
        launch,
        http,
        binary,
        tmp_path,
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
        },
    )
    return url


def start(launch: Launcher, http: httpx.Client, tmp_path: Path, am: str, name: str) -> Service:
    """The service with durable state and ALERTMANAGER_URL, once ready."""
    state = f"sqlite:///{tmp_path / 'state' / 'alertgraph.db'}"
    return start_service(launch, http, tmp_path, name, CHECKPOINT_URL=state, ALERTMANAGER_URL=am)


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
    am = alertmanager_down(launch, http, alertmanager_bin, tmp_path, free_port())
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

    first = start(launch, http, tmp_path, am, "before")
    base = first.base_url
    found: dict[str, list[str]] = {}

    def all_in_incidents() -> bool:
        found.update(incident_fingerprints(http, base))
        return firing <= {fp for fps in found.values() for fp in fps}

    wait_until("reconciled alerts in incidents", all_in_incidents, timeout=20)
    assert len(found) == len(PROBLEMS)  # one incident per problem
    first.process.signal_group(signal.SIGTERM)
    assert first.process.popen.wait(timeout=20) == 0

    base = start(launch, http, tmp_path, am, "after").base_url
    wait_until(
        "the restarted service reconciled",
        lambda: "alertmanager reconciled" in (tmp_path / "after.log").read_text(),
        timeout=20,
    )
    after = incident_fingerprints(http, base)
    assert after.keys() == found.keys()  # the same incidents: nothing opened twice
