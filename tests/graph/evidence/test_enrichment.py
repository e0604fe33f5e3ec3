"""Enrichment against a real Prometheus holding seven days of history (history.py): what it
reads, what it leaves out, and what it says when Prometheus is gone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from graph.evidence.backend import Reason
from graph.evidence.enrichment import LogSource, gather
from graph.evidence.loki import LokiClient
from graph.evidence.model import ContainerEvidence, Evidence
from graph.evidence.prometheus import PrometheusClient
from graph.evidence.queries import LabelNames, MetricNames, Scope, workload_queries
from graph.evidence.sizing import size_cpu, size_memory, size_replicas
from graph.patching.remediation import Guardrails
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import History, RunningPrometheus
from tests.graph.evidence.fake_loki import FakeLoki
from tests.graph.evidence.loopback import serving
from tests.integration.conftest import _free_port

pytestmark = pytest.mark.integration

SCOPE = Scope(h.NAMESPACE, h.WORKLOAD, cluster=h.CLUSTER, pvc=None)
WINDOWS = {"1h": h.HOUR, "24h": h.DAY, "7d": 7 * h.DAY}


def expected(history: History, window: int, reduce: str, *, left_open: bool) -> float:
    """What Prometheus must answer for the checkout container, computed from the samples:
    per pod over the window ending at END, then the highest pod. Prometheus 2 includes a
    sample exactly at the window's start, Prometheus 3 does not (`left_open`)."""
    per_pod = []
    for pod in (h.POD_A, h.POD_B, h.POD_C):
        for samples in h.samples(
            history.series,
            "container_memory_working_set_bytes",
            cluster=h.CLUSTER,
            pod=pod,
            container="checkout",
        ):
            start = history.end - window
            values = [
                v
                for t, v in samples
                if (t > start if left_open else t >= start) and t <= history.end
            ]
            if values:
                per_pod.append(
                    max(values) if reduce == "max" else h.prometheus_quantile(0.99, values)
                )
    return max(per_pod)


def either_edge(history: History, window: int, reduce: str) -> list[float]:
    """The expected value with and without the sample on the window's start."""
    return [expected(history, window, reduce, left_open=edge) for edge in (False, True)]


async def test_gather_reads_peaks_quantiles_limits_restarts_and_replicas(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    evidence = await gather(prometheus, SCOPE, at=tsdb_history.end, volumes=True)

    checkout = evidence.containers["checkout"]
    assert set(evidence.containers) == {"checkout", "istio-proxy"}  # not the decoy's postgres
    for window, seconds in WINDOWS.items():
        assert checkout.memory_peak[window].value in either_edge(tsdb_history, seconds, "max")
        p99 = checkout.memory_p99[window].value
        assert any(
            p99 == pytest.approx(v, rel=1e-9) for v in either_edge(tsdb_history, seconds, "p99")
        )
    assert checkout.memory_peak["7d"].value == h.PEAK_BYTES
    assert checkout.memory_peak["7d"].pod == h.POD_A
    assert checkout.memory_peak["24h"].value == h.PEAK_24H_BYTES
    assert checkout.memory_peak["1h"].value == h.PEAK_1H_BYTES
    assert "max_over_time" in checkout.memory_peak["7d"].query
    assert (checkout.memory_limit and checkout.memory_limit.value) == h.NEW_LIMIT
    assert (checkout.memory_request and checkout.memory_request.value) == h.NEW_REQUEST
    assert (checkout.cpu_limit and checkout.cpu_limit.value) == 0.5
    assert (checkout.cpu_request and checkout.cpu_request.value) == 0.25
    assert checkout.termination_reasons == {"OOMKilled": 2}
    assert {w: m.value for w, m in checkout.restarts.items()} == {"1h": 1, "24h": 4, "7d": 6}
    assert checkout.cpu_throttled_ratio["24h"].value == pytest.approx(0.30, abs=0.005)
    assert checkout.cpu_throttled_ratio["7d"].value == pytest.approx(0.0857, abs=0.005)
    assert 0.40 < checkout.cpu_p99["7d"].value <= 0.45
    assert evidence.replicas is not None and evidence.replicas.value == 2  # x2k4p and m5n6p
    assert evidence.hpa_max is not None and evidence.hpa_max.value == 2
    assert set(evidence.volumes) == {"checkout"}  # not data-checkout-db-0
    assert evidence.volumes["checkout"]["used"].value == 8.5 * h.GI
    assert [(m.signal, m.reason) for m in evidence.missing] == [("logs", Reason.NOT_CONFIGURED)]


async def test_evidence_is_plain_json_and_reads_back(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    evidence = await gather(prometheus, SCOPE, at=tsdb_history.end)

    text = json.dumps(evidence.to_dict(), allow_nan=False)

    assert Evidence.from_dict(json.loads(text)) == evidence


async def test_without_the_cluster_label_another_clusters_series_count(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    unscoped = await gather(prometheus, Scope(h.NAMESPACE, h.WORKLOAD), at=tsdb_history.end)

    assert unscoped.containers["checkout"].memory_peak["7d"].value == 3 * h.GI  # prod-us


async def test_renamed_metrics_that_do_not_exist_are_reported_as_no_data(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    names = MetricNames(working_set="container_memory_rss")
    labels = LabelNames(cluster="k8s_cluster")

    evidence = await gather(prometheus, SCOPE, at=tsdb_history.end, names=names, labels=labels)

    no_data = {(m.signal, m.window): m for m in evidence.missing if m.reason is Reason.NO_DATA}
    assert ("memory.peak", "7d") in no_data and ("limits", "now") in no_data
    assert "container_memory_rss{" in no_data["memory.peak", "7d"].query
    assert 'k8s_cluster="prod-eu"' in no_data["limits", "now"].query
    assert evidence.containers == {}


async def test_sizing_from_the_history_proposes_from_the_peak_not_a_multiple(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    evidence = await gather(prometheus, SCOPE, at=tsdb_history.end)
    checkout = evidence.containers["checkout"]

    roomy = size_memory(checkout, guardrails=Guardrails(max_factor=5.0))
    default = size_memory(checkout)

    assert roomy.target == "2304Mi" and roomy.bound is None
    assert roomy.reason == (
        "peak 1.71 GiB over 7 d, limit 512 MiB → 2.25 GiB "
        "(peak × 1.25, rounded up to a 256 MiB step)"
    )
    assert roomy.request == "1152Mi"  # the 1:2 request ratio kept
    assert default.target == "1536Mi" and default.bound == "max_scale_factor"
    assert default.reason == (
        "peak 1.71 GiB over 7 d, limit 512 MiB → 1.5 GiB (peak × 1.25, rounded up to a "
        "256 MiB step, would be 2.25 GiB; capped by MAX_SCALE_FACTOR=3, still below the "
        "observed peak)"
    )
    cpu = size_cpu(checkout)
    assert cpu.target == "700m" and "throttled 30% of periods" in cpu.reason
    replicas = size_replicas(evidence)
    assert (replicas.setting, replicas.target) == ("maxReplicas", "3")


async def test_prometheus_stopped_evidence_is_missing_and_says_why(
    own_prometheus: RunningPrometheus, tsdb_history: History, http: httpx.AsyncClient
) -> None:
    client = PrometheusClient(http, own_prometheus.url)
    before = await gather(client, SCOPE, at=tsdb_history.end)
    own_prometheus.stop()

    after = await gather(client, SCOPE, at=tsdb_history.end)

    assert "checkout" in before.containers
    assert after.containers == {} and after.replicas is None
    failed = [m for m in after.missing if m.backend == "prometheus"]
    assert len(failed) == len(workload_queries(SCOPE))  # every query, each named
    assert {m.reason for m in failed} == {Reason.UNREACHABLE}
    assert "ConnectError" in failed[0].detail
    sizing = size_memory(ContainerEvidence(), current_limit="512Mi")
    assert sizing.target is None
    assert sizing.reason == "no memory usage evidence (limit 512 MiB): the step rule applies"


@pytest.fixture
async def silent_backend() -> AsyncIterator[str]:
    """A loopback server that accepts connections and never answers."""

    async def hold(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up

    async with serving(hold) as url:
        yield url


async def test_budget_cancels_what_has_not_answered(
    silent_backend: str, http: httpx.AsyncClient
) -> None:
    client = PrometheusClient(http, silent_backend, timeout=30.0)

    evidence = await gather(client, SCOPE, at=1_796_540_400, budget=0.3)

    prometheus_missing = [m for m in evidence.missing if m.backend == "prometheus"]
    assert prometheus_missing and {m.reason for m in prometheus_missing} == {Reason.BUDGET}
    assert prometheus_missing[0].detail == "no answer within the 0.3 s budget"


async def test_gather_adds_the_log_excerpt_or_says_why_it_is_missing(
    fake_loki: FakeLoki, loki: LokiClient, http: httpx.AsyncClient
) -> None:
    at = 1_796_540_400
    pod = {"namespace": "shop", "pod": "checkout-7d9f8c6b5-x2k4p", "container": "checkout"}
    fake_loki.push(pod, [(at * 10**9 - 10**9, "panic: runtime error: index out of range")])
    scope = Scope("shop", "checkout")

    found = await gather(None, scope, at=at, logs=LogSource(loki, at))
    down = LokiClient(http, f"http://127.0.0.1:{_free_port()}")
    missing = await gather(None, scope, at=at, logs=LogSource(down, at))

    assert found.logs is not None
    assert [line.text for line in found.logs.lines] == ["panic: runtime error: index out of range"]
    assert [(m.signal, m.reason) for m in found.missing] == [("prometheus", Reason.NOT_CONFIGURED)]
    assert missing.logs is None
    assert ("logs", "loki", Reason.UNREACHABLE) in [
        (m.signal, m.backend, m.reason) for m in missing.missing
    ]
