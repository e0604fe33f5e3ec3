"""The Loki client against a loopback fake speaking the documented query API (httpx real)."""

from __future__ import annotations

import httpx
import pytest

from graph.evidence.backend import BackendAuth, Reason, Unavailable
from graph.evidence.loki import (
    LineBounds,
    LokiClient,
    Streams,
    error_lines_query,
    recent_error_lines,
)
from tests.graph.evidence.fake_loki import FakeLoki
from tests.integration.conftest import _free_port

NS = 10**9
T0 = 1_796_540_400 * NS  # an alert's startsAt, in ns
APP = {"namespace": "shop", "pod": "checkout-7d9f8c6b5-x2k4p", "container": "checkout"}
OTHER = {"namespace": "shop", "pod": "checkout-db-0", "container": "postgres"}


async def test_query_range_reads_streams_with_nanosecond_timestamps(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(APP, [(T0 + 1, "error: one"), (T0 + 2, "error: two")])
    fake_loki.push(OTHER, [(T0 + 3, "error: db")])

    forward = await loki.query_range(
        '{namespace="shop"}', start_ns=T0, end_ns=T0 + 10, limit=2, direction="forward"
    )
    backward = await loki.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 10, limit=2)

    assert isinstance(forward, Streams) and isinstance(backward, Streams)
    assert [(dict(s.labels), s.entries) for s in forward.streams] == [
        (APP, ((T0 + 1, "error: one"), (T0 + 2, "error: two")))
    ]
    assert {s.labels["pod"]: s.entries for s in backward.streams} == {
        "checkout-db-0": ((T0 + 3, "error: db"),),
        "checkout-7d9f8c6b5-x2k4p": ((T0 + 2, "error: two"),),
    }
    sent = fake_loki.query_range_requests()[0].params
    assert sent["start"] == str(T0) and sent["end"] == str(T0 + 10)
    assert sent["direction"] == "forward" and sent["limit"] == "2"


async def test_tenant_and_credentials_are_sent_per_call(
    fake_loki: FakeLoki, http: httpx.AsyncClient
) -> None:
    client = LokiClient(http, fake_loki.url + "/", auth=BackendAuth(token="s3cr3t-token"))
    await client.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1, tenant="team-a")
    await client.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1)

    first, second = fake_loki.query_range_requests()
    assert first.headers["x-scope-orgid"] == "team-a"
    assert first.headers["authorization"] == "Bearer s3cr3t-token"
    assert "x-scope-orgid" not in second.headers
    assert "s3cr3t" not in repr(BackendAuth(token="s3cr3t-token"))


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (400, "parse error : syntax error: unexpected IDENTIFIER", Reason.REJECTED),
        (401, "no org id", Reason.UNAUTHORIZED),
        (429, "too many outstanding requests", Reason.RATE_LIMITED),
        (500, "rpc error: code = Internal", Reason.SERVER_ERROR),
        (502, "bad gateway", Reason.SERVER_ERROR),
        (504, "gateway timeout", Reason.TIMEOUT),
    ],
)
async def test_errors_are_values_with_loki_plain_text_message(
    fake_loki: FakeLoki, loki: LokiClient, status: int, body: str, reason: Reason
) -> None:
    fake_loki.fail(status, body, headers={"Retry-After": "7"} if status == 429 else None)

    answer = await loki.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1)

    assert isinstance(answer, Unavailable)
    assert (answer.backend, answer.reason, answer.status) == ("loki", reason, status)
    assert answer.detail == body
    assert answer.retry_after == (7.0 if status == 429 else None)


async def test_real_400_from_the_fake_protocol(loki: LokiClient) -> None:
    too_many = await loki.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1, limit=6000)
    unparsable = await loki.query_range("namespace=shop", start_ns=T0, end_ns=T0 + 1)

    assert isinstance(too_many, Unavailable) and too_many.reason is Reason.REJECTED
    assert "max entries limit per query exceeded" in too_many.detail
    assert isinstance(unparsable, Unavailable) and "parse error" in unparsable.detail


async def test_down_and_slow_loki_are_values_not_exceptions(
    fake_loki: FakeLoki, http: httpx.AsyncClient
) -> None:
    down = LokiClient(http, f"http://127.0.0.1:{_free_port()}")
    fake_loki.stall(2.0)
    slow = LokiClient(http, fake_loki.url, timeout=0.3)

    refused = await down.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1)
    late = await slow.query_range('{namespace="shop"}', start_ns=T0, end_ns=T0 + 1)

    assert isinstance(refused, Unavailable) and refused.reason is Reason.UNREACHABLE
    assert isinstance(late, Unavailable) and late.reason is Reason.TIMEOUT
    assert await down.probe() is not None


async def test_error_lines_are_the_workloads_masked_and_bounded(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    lines = [(T0 - 60 * NS + i, f"ERROR request {i} failed") for i in range(30)]
    lines.append((T0, "ERROR db connect postgres://app:hunter2@db:5432/shop refused"))
    fake_loki.push(APP, lines)
    fake_loki.push(APP | {"pod": "checkout-7d9f8c6b5-q9w7z"}, [(T0 - NS, "FATAL out of memory")])
    fake_loki.push(OTHER, [(T0, "ERROR the decoy database's own error")])
    fake_loki.push(APP, [(T0 - 30 * 60 * NS, "ERROR too old, before the window")])
    fake_loki.push(APP, [(T0 + 1, "INFO all fine")])

    excerpt = await recent_error_lines(
        loki,
        "shop",
        "checkout",
        around=T0 / NS,
        tenant="team-a",
        bounds=LineBounds(max_lines=5, max_bytes=4096),
    )

    assert not isinstance(excerpt, Unavailable)
    assert [line.text for line in excerpt.lines] == [
        "ERROR request 27 failed",
        "ERROR request 28 failed",
        "ERROR request 29 failed",
        "FATAL out of memory",
        "ERROR db connect postgres://app:****@db:5432/shop refused",
    ]
    assert excerpt.truncated
    assert excerpt.query == error_lines_query("shop", "checkout")
    assert all("decoy" not in line.text and "hunter2" not in line.text for line in excerpt.lines)


async def test_error_lines_bounded_by_bytes_and_line_length(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(APP, [(T0 - i, "ERROR " + "x" * 3000) for i in range(10)])

    excerpt = await recent_error_lines(
        loki,
        "shop",
        "checkout",
        around=T0 / NS,
        bounds=LineBounds(max_lines=50, max_bytes=2500, max_line_chars=1000),
    )

    assert not isinstance(excerpt, Unavailable)
    assert len(excerpt.lines) == 2  # 2 lines of ~1 KB fit in 2500 bytes, a third does not
    assert all(len(line.text) == 1000 and line.text.endswith("…") for line in excerpt.lines)


async def test_error_line_query_is_scoped_to_the_cluster() -> None:
    assert error_lines_query("shop", "checkout", cluster="prod-eu") == (
        '{namespace="shop", pod=~"checkout-[a-z0-9]+(-[a-z0-9]+)?", cluster="prod-eu"}'
        ' |~ "(?i)(error|exception|fatal|panic|oom|killed|traceback)"'
    )
