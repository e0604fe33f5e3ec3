"""The Grafana dashboard (examples/grafana) against a real Prometheus scraping the real
service: after one scripted incident (an alert, then an approval over REST) every panel's
query runs without an error and the core panels show what happened."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import fixture_bytes
from tests.integration.conftest import Launcher, Service, start_service

ROOT = Path(__file__).resolve().parent.parent.parent
DASHBOARD = ROOT / "examples" / "grafana" / "alertgraph-dashboard.json"
# Grafana's own variables, as it would fill them for a short time range.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__range": "5m"}
CORE = {"Incidents opened", "Decisions", "Commits"}


def panel_queries() -> list[tuple[str, str]]:
    """(panel title, query with Grafana's variables filled) for every panel's target."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    found = []
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            query = target["expr"]
            for name, value in GRAFANA_VARIABLES.items():
                query = query.replace(name, value)
            found.append((panel["title"], query))
    return found


def start_prometheus(launch: Launcher, binary: str, tmp_path: Path, target: str, port: int) -> str:
    """A real Prometheus scraping `target` every second; its base URL."""
    config = {
        "global": {"scrape_interval": "1s"},
        "scrape_configs": [{"job_name": "alertgraph", "static_configs": [{"targets": [target]}]}],
    }
    path = tmp_path / "prometheus.yml"
    path.write_text(json.dumps(config))  # JSON is YAML
    launch(
        "prometheus",
        [
            binary,
            f"--config.file={path}",
            f"--storage.tsdb.path={tmp_path / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
    )
    return f"http://127.0.0.1:{port}"


def query(http: httpx.Client, prometheus: str, promql: str) -> dict[str, Any]:
    answer: dict[str, Any] = http.get(f"{prometheus}/api/v1/query", params={"query": promql}).json()
    return answer


def scraped_after(http: httpx.Client, prometheus: str, promql: str) -> Callable[[], bool]:
    def check() -> bool:
        result = query(http, prometheus, promql).get("data", {}).get("result", [])
        return any(float(r["value"][1]) > 0 for r in result)

    return check


@pytest.mark.integration
def test_every_dashboard_query_answers_and_the_core_panels_show_one_incident(
    launch: Launcher,
    http: httpx.Client,
    tmp_path: Path,
    prometheus_bin: str,
    free_port: Callable[[], int],
    wait_until: Callable[..., Any],
) -> None:
    service: Service = start_service(launch, http, tmp_path)
    prometheus = start_prometheus(
        launch, prometheus_bin, tmp_path, f"127.0.0.1:{service.port}", free_port()
    )
    wait_until("a first scrape", scraped_after(http, prometheus, 'up{job="alertgraph"}'), 30)

    sent = http.post(
        f"{service.base_url}/webhooks/alertmanager",
        content=fixture_bytes("am-webhook-firing-2-alerts.json"),
        headers={"content-type": "application/json"},
    )
    assert sent.status_code == 200, sent.text

    def proposal() -> dict[str, Any] | None:
        items = http.get(f"{service.base_url}/api/incidents").json()["items"]
        if not items:
            return None
        status: dict[str, Any] = http.get(
            f"{service.base_url}/api/incidents/{items[0]['id']}/status"
        ).json()
        return status if status["status"] == "awaiting_approval" else None

    shown = wait_until("a proposal", proposal, 30)
    decision = {"decision": "approve", "user": "U123", "diff_sha256": shown["diff_sha256"]}
    decided = http.post(f"{service.base_url}/api/incidents/{shown['id']}/feedback", json=decision)
    assert decided.status_code == 202, decided.text
    committed = 'alertgraph_commits_total{result="ok"}'
    wait_until("the commit scraped", scraped_after(http, prometheus, committed), 30)

    queries = panel_queries()
    assert len(queries) >= 20
    shown_data: set[str] = set()
    for title, promql in queries:
        answer = query(http, prometheus, promql)
        assert answer["status"] == "success", (title, promql, answer)
        if any(float(r["value"][1]) > 0 for r in answer["data"]["result"]):
            shown_data.add(title)
    assert shown_data >= CORE, sorted(CORE - shown_data)
