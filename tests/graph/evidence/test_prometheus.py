"""The Prometheus client against a real Prometheus (backfilled history), and its errors as
values: refused connections, a silent server, error envelopes."""

from __future__ import annotations

import asyncio
import json
import math
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from graph.evidence.backend import BackendAuth, Reason, Unavailable
from graph.evidence.prometheus import PrometheusClient, QueryResult
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import (
    OOM_EXPR,
    BasicAuthUser,
    History,
    start_prometheus,
)
from tests.graph.evidence.loopback import serving
from tests.integration.conftest import _free_port, _require_binary

pytestmark = pytest.mark.integration

# bcrypt (cost 4) of "test-password": Prometheus' web config wants a hash, not the password.
USER = BasicAuthUser(
    "alertgraph", "test-password", "$2b$04$mme33cYpW9nbewc7e8/Z.u2K8L1QNc.MXsEE3hJ6cMp6fwEu60u6a"
)


async def test_instant_query_at_a_time_returns_the_sample(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    end = tsdb_history.end
    expr = (
        'container_memory_working_set_bytes{cluster="prod-eu", '
        f'pod="{h.POD_A}", container="checkout"}}'
    )

    result = await prometheus.query(expr, at=end - 3 * h.DAY)

    assert isinstance(result, QueryResult) and result.result_type == "vector"
    (series,) = result.series
    assert series.value == h.PEAK_BYTES
    assert series.labels["namespace"] == "shop"
    assert series.points[0][0] == end - 3 * h.DAY


async def test_range_query_returns_the_backfilled_samples(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    end = tsdb_history.end
    expr = (
        'kube_pod_container_resource_limits{cluster="prod-eu", container="checkout", '
        'resource="memory", '
        f'pod="{h.POD_A}"}}'
    )
    start, stop = end - h.LIMIT_CHANGE - 8 * h.MINUTE, end - h.LIMIT_CHANGE + 8 * h.MINUTE

    result = await prometheus.query_range(expr, start=start, end=stop, step=240)

    assert isinstance(result, QueryResult) and result.result_type == "matrix"
    (series,) = result.series
    (expected,) = h.samples(
        tsdb_history.series,
        "kube_pod_container_resource_limits",
        cluster=h.CLUSTER,
        pod=h.POD_A,
        container="checkout",
        resource="memory",
    )
    assert list(series.points) == [(t, v) for t, v in expected if start <= t <= stop]
    assert {v for _, v in series.points} == {h.OLD_LIMIT, h.NEW_LIMIT}


async def test_scalar_nan_and_infinities_parse(prometheus: PrometheusClient) -> None:
    scalar = await prometheus.query("1/0", at=1_700_000_000)
    vector = await prometheus.query(
        'label_replace(vector(0/0), "k", "nan", "", "") or '
        'label_replace(vector(-1/0), "k", "-inf", "", "")',
        at=1_700_000_000,
    )

    assert isinstance(scalar, QueryResult) and scalar.result_type == "scalar"
    assert scalar.series[0].value == math.inf and scalar.series[0].labels == {}
    assert isinstance(vector, QueryResult)
    values = {s.labels["k"]: s.value for s in vector.series}
    assert math.isnan(values["nan"]) and values["-inf"] == -math.inf
    assert vector.finite() == ()


async def test_a_bad_query_is_rejected_with_prometheus_own_words(
    prometheus: PrometheusClient,
) -> None:
    result = await prometheus.query("sum(rate(x[5m])")

    assert isinstance(result, Unavailable)
    assert (result.reason, result.status) == (Reason.REJECTED, 400)
    assert "parse error" in result.detail


async def test_alert_expression_comes_from_the_rules_api(prometheus: PrometheusClient) -> None:
    assert await prometheus.alert_expression("KubePodOOMKilled") == OOM_EXPR
    assert await prometheus.alert_expression("NoSuchAlert") is None


async def test_basic_auth_against_a_prometheus_that_demands_it(
    tsdb_history: History, tmp_path: Path, http: httpx.AsyncClient
) -> None:
    binary = _require_binary("prometheus")
    data = tmp_path / "data"
    shutil.copytree(tsdb_history.data, data)
    running = start_prometheus(binary, data, tmp_path, "auth-prometheus", USER)
    try:
        anonymous = PrometheusClient(http, running.url)
        wrong = PrometheusClient(http, running.url, auth=BackendAuth(username="alertgraph"))
        right = PrometheusClient(
            http, running.url, auth=BackendAuth(username=USER.name, password=USER.password)
        )

        refused = await anonymous.query("vector(1)")
        also_refused = await wrong.query("vector(1)")
        answered = await right.query("vector(1)")
    finally:
        running.stop()

    assert isinstance(refused, Unavailable) and refused.reason is Reason.UNAUTHORIZED
    assert isinstance(also_refused, Unavailable) and also_refused.status == 401
    assert isinstance(answered, QueryResult) and answered.series[0].value == 1


# --- what a real Prometheus will not do on demand: a loopback stand-in ------------------------


@pytest.fixture
async def stand_in() -> AsyncIterator[tuple[str, list[dict[str, str]], Callable[..., None]]]:
    """A loopback HTTP server answering what the test sets (status, body, delay), recording
    each request's headers and form: the wire protocol of a Prometheus-compatible backend
    (Mimir, Thanos) that cannot run here."""
    seen: list[dict[str, str]] = []
    answer = {"status": 200, "body": "", "delay": 0.0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        lines = head.split("\r\n")
        headers = {
            k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)
        }
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        seen.append({**headers, "_request": lines[0], "_body": body.decode()})
        await asyncio.sleep(float(answer["delay"]))
        payload = str(answer["body"]).encode()
        writer.write(
            f"HTTP/1.1 {answer['status']} X\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
            + payload
        )
        await writer.drain()
        writer.close()

    def set_answer(status: int = 200, body: object = "", delay: float = 0.0) -> None:
        answer.update(
            status=status, body=body if isinstance(body, str) else json.dumps(body), delay=delay
        )

    async with serving(handle) as url:
        yield f"{url}/prometheus", seen, set_answer


async def test_tenant_and_bearer_token_are_sent_per_call(
    stand_in: tuple[str, list[dict[str, str]], Callable[..., None]], http: httpx.AsyncClient
) -> None:
    url, seen, set_answer = stand_in
    set_answer(body={"status": "success", "data": {"resultType": "vector", "result": []}})
    client = PrometheusClient(http, url, auth=BackendAuth(token="glc_s3cr3t"))

    await client.query("up", at=1_700_000_000.5, tenant="tenant-1")
    await client.query("up")

    first, second = seen
    assert first["_request"] == "POST /prometheus/api/v1/query HTTP/1.1"
    assert first["x-scope-orgid"] == "tenant-1" and "x-scope-orgid" not in second
    assert first["authorization"] == "Bearer glc_s3cr3t"
    assert first["_body"] == "query=up&time=1700000000.500"


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (422, {"status": "error", "errorType": "execution", "error": "many-to-many"}, "rejected"),
        (503, {"status": "error", "errorType": "timeout", "error": "query timed out"}, "timeout"),
        (503, {"status": "error", "errorType": "unavailable", "error": "x"}, "server_error"),
        (500, "upstream connect error", "server_error"),
        (429, "slow down", "rate_limited"),
        (403, "forbidden", "unauthorized"),
        (200, "<html>login page</html>", "bad_response"),
        (
            200,
            {"status": "success", "data": {"resultType": "string", "result": []}},
            "bad_response",
        ),
        (200, {"status": "success", "data": {"resultType": "vector", "result": 7}}, "bad_response"),
    ],
)
async def test_error_answers_become_reasons(
    stand_in: tuple[str, list[dict[str, str]], Callable[..., None]],
    http: httpx.AsyncClient,
    status: int,
    body: object,
    reason: str,
) -> None:
    url, _, set_answer = stand_in
    set_answer(status, body)

    result = await PrometheusClient(http, url).query("up")

    assert isinstance(result, Unavailable) and result.reason == reason


async def test_error_details_are_masked(
    stand_in: tuple[str, list[dict[str, str]], Callable[..., None]], http: httpx.AsyncClient
) -> None:
    url, _, set_answer = stand_in
    set_answer(400, {"status": "error", "errorType": "bad_data", "error": "bad token=abc123def"})

    result = await PrometheusClient(http, url).query("up")

    assert isinstance(result, Unavailable) and result.detail == "bad token=****"


async def test_silent_and_absent_backends_are_values(
    stand_in: tuple[str, list[dict[str, str]], Callable[..., None]], http: httpx.AsyncClient
) -> None:
    url, _, set_answer = stand_in
    set_answer(delay=5.0)

    silent = await PrometheusClient(http, url, timeout=0.2).query("up")
    absent = await PrometheusClient(http, f"http://127.0.0.1:{_free_port()}").query("up")
    nonsense = await PrometheusClient(http, "prometheus:9090").query("up")

    assert isinstance(silent, Unavailable) and silent.reason is Reason.TIMEOUT
    assert isinstance(absent, Unavailable) and absent.reason is Reason.UNREACHABLE
    assert isinstance(nonsense, Unavailable) and nonsense.reason is Reason.NOT_CONFIGURED
