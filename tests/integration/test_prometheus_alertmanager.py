"""Real Prometheus and Alertmanager against the running service: one incident per problem.

The stack, all on 127.0.0.1:

    fake kube-state-metrics ─scrape 1s─▶ Prometheus (rule KubePodOOMKilled, for: 3s)
        Prometheus ─POST /api/v2/alerts─▶ Alertmanager ─webhook─▶ alertgraph
        Prometheus ─POST /api/v2/alerts (the Loki ruler path)───▶ alertgraph

Two pods of the grafana Deployment are OOMKilled. Alertmanager repeats its notification every
12 s (repeat_interval 10 s, checked on 2 s group_interval ticks) and Prometheus resends both
alerts to both "Alertmanagers" every 3 s (resend delay 2 s, checked on 1 s evaluations), so
after 30 s the service has seen the same two alerts many times over two paths; it must still
show exactly one incident whose fingerprints are the two Alertmanager fingerprints.

The configs follow the ones used to capture the shared real payloads (fixtures/real/config);
they are written as JSON, which is YAML.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

if TYPE_CHECKING:  # fixture types only; fixtures themselves come from conftest
    from .conftest import Launcher, ManagedProcess, Service

ALERTNAME = "KubePodOOMKilled"
NAMESPACE = "monitoring"
APP = "grafana"
PODS = ("grafana-7d9f8c6b5-x2k4p", "grafana-7d9f8c6b5-q9w7z")  # one ReplicaSet, two pods
REPEAT_WINDOW_SECONDS = 30.0  # how long repeats keep arriving before the final checks
FIRST_INCIDENT_TIMEOUT = 45.0  # Prometheus start → discovery (~5 s) → for: 3s → delivery
SHUTDOWN_TIMEOUT_SECONDS = 15.0

KSM_METRICS = (
    "# HELP kube_pod_container_status_last_terminated_reason Describes the last reason the "
    "container was in terminated state.\n"
    "# TYPE kube_pod_container_status_last_terminated_reason gauge\n"
    + "".join(
        "kube_pod_container_status_last_terminated_reason"
        f'{{namespace="{NAMESPACE}",pod="{pod}",container="grafana",reason="OOMKilled"}} 1\n'
        for pod in PODS
    )
    # a container that terminated normally must not alert
    + "kube_pod_container_status_last_terminated_reason"
    '{namespace="monitoring",pod="loki-0",container="loki",reason="Completed"} 1\n'
)

RULES = {
    "groups": [
        {
            "name": "integration",
            "interval": "1s",
            "rules": [
                {
                    "alert": ALERTNAME,
                    "expr": "max by (namespace, pod, container) "
                    '(kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}) == 1',
                    # Prometheus drops alerts until it has discovered its Alertmanagers (~5 s
                    # after start); they come again with the next resend (2 s here).
                    "for": "3s",
                    "labels": {"severity": "critical", "app": APP},
                    "annotations": {
                        "summary": "Container grafana in pod monitoring/{{ $labels.pod }} "
                        "was OOMKilled",
                        "description": "Container grafana in pod monitoring/{{ $labels.pod }} "
                        "was terminated with reason OOMKilled (exit code 137); memory limit "
                        "512Mi was exceeded.",
                        "runbook_url": "https://runbooks.example.org/KubePodOOMKilled",
                    },
                }
            ],
        }
    ]
}


@dataclass(frozen=True)
class Peer:
    """A started Prometheus or Alertmanager: its process and base URL."""

    process: ManagedProcess
    url: str


def _write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2))
    return path


def _samples(text: str, name: str, **labels: str) -> list[float]:
    """Values of the samples called `name` whose labels include `labels`."""
    return [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    ]


# --- the stack ----------------------------------------------------------------------------------


class _KsmHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != "/metrics":
            self.send_error(404)
            return
        body = KSM_METRICS.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Scraped every second: stay quiet."""


@pytest.fixture
def fake_ksm() -> Iterator[str]:
    """A kube-state-metrics stand-in on a free loopback port: two OOMKilled grafana pods.

    Yields its `host:port`; the server thread is shut down at teardown.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KsmHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fake-ksm", daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def alertmanager(
    alertmanager_bin: str,
    alertgraph: Service,
    launch: Launcher,
    free_port: Callable[[], int],
    wait_until: Callable[..., Any],
    http: httpx.Client,
    tmp_path: Path,
) -> Peer:
    """A real Alertmanager whose only receiver is the service's webhook, once ready.

    Route: group by alertname and namespace, group_wait 1s, group_interval 2s, repeat_interval
    10s, send_resolved; clustering off (empty --cluster.listen-address) so parallel runs
    cannot gossip with each other.
    """
    port = free_port()
    config = _write_json(
        tmp_path / "alertmanager.yml",
        {
            "route": {
                "receiver": "alertgraph",
                "group_by": ["alertname", "namespace"],
                "group_wait": "1s",
                "group_interval": "2s",
                "repeat_interval": "10s",
            },
            "receivers": [
                {
                    "name": "alertgraph",
                    "webhook_configs": [
                        {
                            "url": f"{alertgraph.base_url}/webhooks/alertmanager",
                            "send_resolved": True,
                        }
                    ],
                }
            ],
        },
    )
    proc = launch(
        "alertmanager",
        [
            alertmanager_bin,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'alertmanager-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=debug",
        ],
    )
    return _ready_peer("Alertmanager", proc, port, 20, wait_until, http)


def _ready_peer(
    name: str,
    proc: ManagedProcess,
    port: int,
    timeout: float,
    wait_until: Callable[..., Any],
    http: httpx.Client,
) -> Peer:
    """Wait for a Prometheus-family server's `/-/ready`, failing early if it exits."""
    url = f"http://127.0.0.1:{port}"
    wait_until(
        f"{name} /-/ready",
        lambda: http.get(f"{url}/-/ready").status_code == 200,
        timeout=timeout,
        watch=[proc],
    )
    return Peer(proc, url)


@pytest.fixture
def prometheus(
    prometheus_bin: str,
    fake_ksm: str,
    alertmanager: Peer,
    alertgraph: Service,
    launch: Launcher,
    free_port: Callable[[], int],
    wait_until: Callable[..., Any],
    http: httpx.Client,
    tmp_path: Path,
) -> Peer:
    """A real Prometheus evaluating KubePodOOMKilled every second, once ready.

    It has two Alertmanagers (API v2): the real one, and the service itself with path prefix
    `/` so it POSTs `/api/v2/alerts` exactly as the Loki ruler does. `--rules.alert.resend-delay
    =2s` makes it resend firing alerts every 2 s instead of every minute.
    """
    port = free_port()
    rules = _write_json(tmp_path / "rules.yml", RULES)
    config = _write_json(
        tmp_path / "prometheus.yml",
        {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(rules)],
            "scrape_configs": [
                {"job_name": "kube-state-metrics", "static_configs": [{"targets": [fake_ksm]}]}
            ],
            "alerting": {
                "alertmanagers": [
                    {
                        "api_version": "v2",
                        "timeout": "5s",
                        "static_configs": [{"targets": [alertmanager.url.removeprefix("http://")]}],
                    },
                    {
                        "api_version": "v2",
                        "timeout": "5s",
                        "scheme": "http",
                        "path_prefix": "/",
                        "static_configs": [{"targets": [f"127.0.0.1:{alertgraph.port}"]}],
                    },
                ]
            },
        },
    )
    proc = launch(
        "prometheus",
        [
            prometheus_bin,
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--rules.alert.resend-delay=2s",
        ],
    )
    return _ready_peer("Prometheus", proc, port, 30, wait_until, http)


# --- the test -----------------------------------------------------------------------------------


@pytest.mark.integration
def test_oom_alert_is_one_incident_through_alertmanager_and_ruler_path(
    alertgraph: Service,
    alertmanager: Peer,
    prometheus: Peer,
    http: httpx.Client,
    wait_until: Callable[..., Any],
) -> None:
    """Two OOMKilled pods of one Deployment, repeated for 30 s over both push paths, are one
    incident; the ruler path's fingerprints are Alertmanager's; the service then stops cleanly.

    Proves: per-workload grouping (two pods → one incident), deduplication of Alertmanager
    repeats and Prometheus resends (counters.repeats, alertgraph_alerts_deduplicated_total),
    the ruler path (`POST /api/v2/alerts`) landing in the same incident key as the webhook, the
    fingerprint computed for postable alerts being Alertmanager's own, and exit status 0 on
    SIGTERM while both senders keep sending.
    """
    service = alertgraph.base_url
    everyone = [alertgraph.process, alertmanager.process, prometheus.process]

    def incidents() -> list[dict[str, Any]]:
        response = http.get(f"{service}/api/incidents")
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        assert len(items) <= 1, f"more than one incident: {json.dumps(items, indent=2)}"
        return items

    (first,) = wait_until(
        f"the {ALERTNAME} incident", incidents, timeout=FIRST_INCIDENT_TIMEOUT, watch=everyone
    )
    appeared = time.monotonic()

    # Keep the repeats coming for REPEAT_WINDOW_SECONDS, checking all along that they never
    # open a second incident; the window ends early only if a check fails.
    while time.monotonic() - appeared < REPEAT_WINDOW_SECONDS:
        for proc in everyone:
            assert proc.popen.poll() is None, f"{proc.name} exited during the repeat window"
        incidents()
        time.sleep(1.0)  # poll interval: repeats arrive every 3 s (ruler) and 12 s (webhook)

    (incident,) = incidents()
    assert incident["id"] == first["id"]
    assert incident["alertname"] == ALERTNAME
    assert incident["namespace"] == NAMESPACE
    assert incident["app"] == APP
    assert incident["tenant"] == "default"
    assert set(incident["sources"]) == {"alertmanager", "ruler"}, incident

    # Alertmanager's own fingerprints of the two pods' alerts (GET /api/v2/alerts).
    response = http.get(
        f"{alertmanager.url}/api/v2/alerts", params={"filter": f'alertname="{ALERTNAME}"'}
    )
    assert response.status_code == 200, response.text
    am_alerts = {a["labels"]["pod"]: a["fingerprint"] for a in response.json()}
    assert set(am_alerts) == set(PODS), am_alerts
    assert sorted(incident["fingerprints"]) == sorted(am_alerts.values()), (incident, am_alerts)

    counters = incident["counters"]
    assert counters["alerts"] == 2, counters
    assert counters["firing"] == 2, counters
    assert counters["resolved"] == 0, counters
    assert counters["repeats"] > 0, counters
    # Every event was either one of the two alerts or a repeat: nothing looked like a new
    # episode, so both paths agreed on startsAt.
    assert counters["events"] == counters["alerts"] + counters["repeats"], counters

    status = http.get(f"{service}/api/incidents/{incident['id']}/status")
    assert status.status_code == 200, status.text
    shown = status.json()
    for key in ("id", "alertname", "namespace", "app", "tenant"):
        assert shown[key] == incident[key], (key, shown, incident)
    assert sorted(shown["fingerprints"]) == sorted(incident["fingerprints"])

    # The senders' view: every notification to the service succeeded, and repeats happened.
    am_metrics = http.get(f"{alertmanager.url}/metrics").text
    assert sum(_samples(am_metrics, "alertmanager_notifications_failed_total")) == 0
    notified = _samples(am_metrics, "alertmanager_notifications_total", integration="webhook")
    assert sum(notified) >= 3, f"first notification + 2 repeats expected, got {notified}"
    ruler_target = f"http://127.0.0.1:{alertgraph.port}/api/v2/alerts"
    prom_metrics = http.get(f"{prometheus.url}/metrics").text
    failed = _samples(
        prom_metrics, "prometheus_notifications_errors_total", alertmanager=ruler_target
    )
    sent = _samples(prom_metrics, "prometheus_notifications_sent_total", alertmanager=ruler_target)
    assert failed == [0.0], f"Prometheus → {ruler_target}: errors {failed}"
    assert sum(sent) > 2, f"Prometheus → {ruler_target}: sent {sent}"

    # The service's own metrics agree: repeats were counted, nothing was refused.
    metrics = http.get(f"{service}/metrics").text
    assert sum(_samples(metrics, "alertgraph_alerts_deduplicated_total")) > 0
    assert sum(_samples(metrics, "alertgraph_alerts_received_total", source="alertmanager")) > 0
    assert sum(_samples(metrics, "alertgraph_alerts_received_total", source="ruler")) > 0
    assert sum(_samples(metrics, "alertgraph_alerts_rejected_total")) == 0

    # SIGTERM while Prometheus and Alertmanager keep sending: drain, then exit 0.
    alertgraph.process.popen.send_signal(signal.SIGTERM)
    try:
        code = alertgraph.process.popen.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"alertgraph still running {SHUTDOWN_TIMEOUT_SECONDS:.0f} s after SIGTERM")

    # Its log: one JSON object per line, no errors, the incident opened exactly once.
    records = _json_lines(alertgraph.process.log_path)
    bad = [r for r in records if r.get("level") in ("error", "critical")]
    assert not bad, bad
    opened = [r for r in records if r.get("event") == "incident opened"]
    assert [r.get("incident_id") for r in opened] == [incident["id"]], opened

    assert code == 0, (
        f"alertgraph exited with status {code} after SIGTERM, expected 0 "
        "(a negative status means it was killed by that signal)"
    )


def _json_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines log; fails naming the first line that is not an object."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            pytest.fail(f"{path.name}:{number} is not a JSON object: {line!r}")
        records.append(record)
    return records
