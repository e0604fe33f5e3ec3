"""Ingest routes over HTTP: accepted bodies, refused bodies, a full queue."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import AsyncTestClient, create_async_test_client
from prometheus_client import CollectorRegistry

from receiver.api.ingest import ingest_routes
from receiver.api.refusals import exception_handlers
from receiver.ingest.intake import Intake
from receiver.ingest.normalize import am_fingerprint
from receiver.ingest.queue import EventQueue
from receiver.ingest.wire import (
    MAX_LABEL_VALUE_LENGTH,
    MAX_LABELS,
    MAX_LOG_TEXT_LENGTH,
    MAX_NAME_LENGTH,
)
from receiver.metrics import Metrics, Reason
from tests.conftest import CAPTURE_NOW, fixture_bytes
from tests.receiver.conftest import incidents_when, metric
from tests.receiver.helpers import JSON, WEBHOOK, problem

V2 = "/api/v2/alerts"


async def test_webhook_and_ruler_bodies_of_one_problem_make_one_incident(
    client: AsyncTestClient[Litestar],
) -> None:
    r = await client.post(
        WEBHOOK, content=fixture_bytes("am-webhook-firing-2-alerts.json"), headers=JSON
    )
    assert r.status_code == 200
    assert r.json() == {"status": "accepted", "alerts": 2, "truncated_alerts": 0}
    for _ in range(3):  # Alertmanager repeat, then Prometheus' minutely resends
        await client.post(
            WEBHOOK, content=fixture_bytes("am-webhook-firing-2-alerts.json"), headers=JSON
        )
        r = await client.post(
            V2, content=fixture_bytes("prometheus-v2-alerts-firing.json"), headers=JSON
        )
        assert r.status_code == 200 and r.content == b""
    (incident,) = await incidents_when(
        client, lambda items: items and items[0]["counters"]["events"] == 14
    )
    assert incident["alertname"] == "KubePodOOMKilled"
    assert (incident["namespace"], incident["app"], incident["tenant"]) == (
        "monitoring",
        "grafana",
        "default",
    )
    assert sorted(incident["sources"]) == ["alertmanager", "ruler"]
    assert sorted(incident["fingerprints"]) == ["5d884d380482ca41", "b301dc45404e238b"]
    assert incident["counters"] == {
        "alerts": 2,
        "repeats": 12,
        "resolved": 0,
        "firing": 2,
        "events": 14,
    }
    # The incident's workflow starts at once: it is analysed or already awaiting approval.
    assert incident["status"] in ("received", "analyzing", "awaiting_approval")
    assert metric(client, "alertgraph_alerts_deduplicated_total") == 12
    assert metric(client, "alertgraph_alerts_received_total", source="ruler") == 6


async def test_resolved_alerts_attach_to_their_incident(
    client: AsyncTestClient[Litestar],
) -> None:
    mixed = json.loads(fixture_bytes("am-webhook-mixed-firing-resolved.json"))
    fired = copy.deepcopy(mixed)  # the notification before it: HighErrorRate still firing
    fired["alerts"][0].update(status="firing", endsAt="0001-01-01T00:00:00Z")
    await client.post(WEBHOOK, content=json.dumps(fired).encode(), headers=JSON)
    await client.post(WEBHOOK, content=json.dumps(mixed).encode(), headers=JSON)
    items = await incidents_when(
        client, lambda items: len(items) == 2 and sum(i["counters"]["events"] for i in items) == 4
    )
    by_name = {i["alertname"]: i for i in items}
    assert by_name["HighErrorRate"]["counters"]["resolved"] == 1
    assert by_name["HighErrorRate"]["app"] == "checkout"
    assert by_name["KubePodOOMKilled"]["counters"]["firing"] == 1


async def test_a_resolved_alert_that_never_fired_here_opens_no_incident(
    client: AsyncTestClient[Litestar],
) -> None:
    await client.post(WEBHOOK, content=fixture_bytes("am-webhook-resolved.json"), headers=JSON)
    await client.post(
        WEBHOOK, content=fixture_bytes("am-webhook-mixed-firing-resolved.json"), headers=JSON
    )
    items = await incidents_when(client, lambda items: len(items) == 1)
    assert items[0]["alertname"] == "KubePodOOMKilled"


async def test_the_tenant_comes_from_x_scope_orgid(client: AsyncTestClient[Litestar]) -> None:
    body = fixture_bytes("prometheus-v2-alerts-firing.json")
    await client.post(V2, content=body, headers={**JSON, "X-Scope-OrgID": "team-a"})
    await client.post(V2, content=body, headers={**JSON, "X-Scope-OrgID": "fake"})
    items = await incidents_when(client, lambda items: len(items) == 2)
    assert sorted(i["tenant"] for i in items) == ["fake", "team-a"]
    r = await client.post(V2, content=body, headers={**JSON, "X-Scope-OrgID": "a b/c"})
    assert problem(r, 400)["errors"][0]["field"] == "X-Scope-OrgID"


async def test_manual_trigger_answers_with_the_incident_and_dedupes(
    client: AsyncTestClient[Litestar],
) -> None:
    body = {
        "log_text": "OOMKilled: container grafana exceeded 512Mi",
        "log_source": "manual",
        "labels": {"app": "grafana", "namespace": "monitoring"},
    }
    first = await client.post("/api/incidents/trigger", json=body)
    assert first.status_code == 202
    again = await client.post("/api/incidents/trigger", json=body)
    assert again.status_code == 202
    assert first.json()["deduplicated"] is False and again.json()["deduplicated"] is True
    assert first.json()["incident_id"] == again.json()["incident_id"]
    assert first.json()["status"] in ("received", "analyzing", "awaiting_approval")
    status = await client.get(f"/api/incidents/{first.json()['incident_id']}/status")
    assert status.json()["counters"]["repeats"] == 1
    assert status.json()["sources"] == ["manual"]


BAD_BODIES = [
    pytest.param(WEBHOOK, b'{"receiver":"web","alerts":[{"status":"fir', "$", id="truncated"),
    pytest.param(V2, b'{"labels":{"alertname":"X"}}', "$", id="object-not-array"),
    pytest.param(WEBHOOK, b'[{"alerts":[]}]', "$", id="array-not-object"),
    pytest.param(
        WEBHOOK,
        b'{"alerts":[{"status":"firing","labels":{"a":1},"startsAt":"2026-11-24T03:37:56.651Z"}]}',
        "$.alerts[0].labels[...]",
        id="label-not-string",
    ),
    pytest.param(
        WEBHOOK,
        b'{"alerts":[{"status":"burning","labels":{},"startsAt":"2026-11-24T03:37:56.651Z"}]}',
        "$.alerts[0].status",
        id="unknown-status",
    ),
    pytest.param(
        WEBHOOK,
        b'{"alerts":[{"status":"firing","labels":{},"startsAt":"yesterday"}]}',
        "$.alerts[0].startsAt",
        id="bad-time",
    ),
    pytest.param(
        WEBHOOK,
        b'{"alerts":[{"status":"firing","labels":{},"startsAt":"2026-11-24T03:37:56"}]}',
        "$.alerts[0].startsAt",
        id="time-without-offset",
    ),
    pytest.param(WEBHOOK, b'{"alerts":[]}', "$.alerts", id="empty-alerts"),
    pytest.param(V2, b"[]", "$", id="empty-array"),
    pytest.param(V2, b'[{"labels":{"alertname":"\xff\xfe"}}]', "$", id="invalid-utf8"),
    pytest.param(WEBHOOK, b"\xef\xbb\xbf\xff", "$", id="garbage"),
    pytest.param(WEBHOOK, b"", "$.alerts", id="empty-body"),
    pytest.param(
        WEBHOOK,
        b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b', "alerts":[]}',
        "$",
        id="nested-too-deep",
    ),
    pytest.param(
        WEBHOOK, b'{"truncatedAlerts": 1e400, "alerts":[]}', "$.truncatedAlerts", id="huge-number"
    ),
    pytest.param(
        WEBHOOK,
        b'{"truncatedAlerts": -1, "alerts": [{"labels": {"alertname": "X"}}]}',
        "$.truncatedAlerts",
        id="negative-truncated",
    ),
    pytest.param("/api/incidents/trigger", b'{"log_text":"  "}', "$.log_text", id="blank-text"),
    pytest.param("/api/incidents/trigger", b'{"labels":{}}', "$.log_text", id="no-log-text"),
]


@pytest.mark.parametrize(("path", "body", "field"), BAD_BODIES)
async def test_bad_bodies_get_a_400_problem_naming_the_field(
    client: AsyncTestClient[Litestar], path: str, body: bytes, field: str
) -> None:
    r = await client.post(path, content=body, headers=JSON)
    assert problem(r, 400)["errors"][0]["field"] == field
    # ... and the service keeps serving.
    ok = await client.post(WEBHOOK, content=fixture_bytes("am-webhook-resolved.json"), headers=JSON)
    assert ok.status_code == 200


async def test_a_body_over_max_body_bytes_is_413(client: AsyncTestClient[Litestar]) -> None:
    alert = json.loads(fixture_bytes("am-webhook-resolved.json"))
    alert["alerts"] = alert["alerts"] * 3600  # ≈ 2 MB of real alerts
    body = json.dumps(alert).encode()
    assert len(body) > 2_000_000
    r = await client.post(WEBHOOK, content=body, headers=JSON)
    problem(r, 413)
    assert (await client.get("/health")).status_code == 200


async def test_some_invalid_ruler_alerts_do_not_lose_the_valid_ones(
    client: AsyncTestClient[Litestar],
) -> None:
    body = (
        b'[{"labels":{"alertname":"A","app":"x"}},{"labels":{"only":""}},'
        b'{"labels":{"alertname":"B","app":"y"},"startsAt":"2026-11-24T03:00:00Z",'
        b'"endsAt":"2026-11-24T02:00:00Z"}]'
    )
    r = await client.post(V2, content=body, headers=JSON)
    errors = problem(r, 400)["errors"]
    assert [e["field"] for e in errors] == ["$[1].labels", "$[2].endsAt"]
    (incident,) = await incidents_when(client, lambda items: len(items) == 1)
    assert incident["alertname"] == "A"
    assert metric(client, "alertgraph_alerts_rejected_total", reason="invalid_alert") == 2


async def test_a_full_queue_answers_503_so_alertmanager_retries() -> None:
    # The real handlers on a real queue with no workers draining it.
    metrics = Metrics(CollectorRegistry())
    queue = EventQueue(maxsize=3)
    ingest = Intake(queue, metrics, lambda: CAPTURE_NOW, "default")
    refused: list[tuple[str, str, int]] = []
    handlers = exception_handlers(lambda *args: refused.append(args))
    body = fixture_bytes("am-webhook-firing-2-alerts.json")
    async with create_async_test_client(
        route_handlers=ingest_routes(ingest), exception_handlers=handlers
    ) as c:
        assert (await c.post(WEBHOOK, content=body, headers=JSON)).status_code == 200
        r = await c.post(WEBHOOK, content=body, headers=JSON)
        assert "2 of 3 alerts" in problem(r, 503)["detail"]
        assert r.headers["retry-after"] == "5"
        assert queue.depth == 2
        queue.close()
        r = await c.post(WEBHOOK, content=body, headers=JSON)
        assert problem(r, 503)["title"] == "Shutting down"
    assert refused == [(WEBHOOK, "queue_full", 2), (WEBHOOK, "shutting_down", 2)]


async def test_refusals_are_counted_by_reason(client: AsyncTestClient[Litestar]) -> None:
    await client.post(WEBHOOK, content=b"{", headers=JSON)
    await client.post(V2, content=b"[]", headers=JSON)
    await client.post(WEBHOOK, content=b"x" * 2_000_000, headers=JSON)
    await client.post(V2, content=b'[{"labels":{"a":""}},{"labels":{"b":""}}]', headers=JSON)
    await client.post(
        V2, content=b'[{"labels":{"a":"1"}}]', headers={**JSON, "X-Scope-OrgID": "no spaces"}
    )
    await client.get("/api/incidents/nope/status")  # not an ingest route: not counted
    counts = {
        reason: metric(client, "alertgraph_alerts_rejected_total", reason=reason)
        for reason in ("invalid_body", "too_large", "invalid_alert", "invalid_tenant")
    }
    assert counts == {"invalid_body": 2, "too_large": 1, "invalid_alert": 2, "invalid_tenant": 1}


def readme_reasons() -> set[str]:
    """The reasons README.md lists under alertgraph_alerts_rejected_total (Operating it)."""
    lines = (Path(__file__).parents[3] / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "alerts_rejected_total{reason}`:" in line)
    reasons: set[str] = set()
    for line in lines[start + 1 :]:  # the nested list that follows, up to its end
        found = re.match(r"^\s+- `(\w+)` — ", line)
        if found is not None:
            reasons.add(found[1])
        elif reasons:
            break
    return reasons


async def test_the_readme_lists_every_refusal_reason_and_metrics_shows_each_from_the_start(
    client: AsyncTestClient[Litestar],
) -> None:
    emitted = {reason.value for reason in Reason}  # ProblemError takes only these
    assert readme_reasons() == emitted
    scraped = (await client.get("/metrics")).text
    shown = set(
        re.findall(r'^alertgraph_alerts_rejected_total\{reason="(\w+)"\} 0\.0$', scraped, re.M)
    )
    assert shown == emitted


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from([WEBHOOK, V2, "/api/incidents/trigger"]),
    body=json_values.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=300),
)
async def test_no_input_makes_the_service_answer_5xx(
    client: AsyncTestClient[Litestar], path: str, body: bytes
) -> None:
    r = await client.post(path, content=body, headers=JSON)
    assert r.status_code < 500, r.text


def alert(labels: dict[str, str], **fields: str) -> dict[str, object]:
    """One webhook alert as Alertmanager sends it (a postable alert is the same minus status)."""
    return {"status": "firing", "labels": labels, "startsAt": "2026-11-24T03:37:56Z", **fields}


def webhook_of(*alerts: dict[str, object]) -> bytes:
    return json.dumps({"version": "4", "status": "firing", "alerts": list(alerts)}).encode()


def postable_of(*alerts: dict[str, object]) -> bytes:
    return json.dumps([{k: v for k, v in a.items() if k != "status"} for a in alerts]).encode()


async def test_a_huge_label_value_is_cut_with_a_marker_and_its_repeats_still_dedupe(
    client: AsyncTestClient[Litestar],
) -> None:
    huge = "x" * 900_000
    labels = {"alertname": "Huge", "app": huge, "namespace": "ns"}
    for path, body in ((WEBHOOK, webhook_of(alert(labels))), (V2, postable_of(alert(labels)))):
        for _ in range(2):
            r = await client.post(path, content=body, headers=JSON)
            assert r.status_code == 200, r.text
    (incident,) = await incidents_when(
        client, lambda items: items and items[0]["counters"]["events"] == 4
    )
    assert len(incident["app"]) == MAX_LABEL_VALUE_LENGTH
    assert incident["app"].startswith("xxxx")
    assert incident["app"].endswith("…[truncated from 900000 characters]")
    # One alert, seen four times: the fingerprint is Alertmanager's, of the uncut labels.
    assert incident["fingerprints"] == [am_fingerprint(labels)]
    assert incident["counters"]["alerts"] == 1 and incident["counters"]["repeats"] == 3


LONG_NAME = {"alertname": "LongName", "n" * (MAX_NAME_LENGTH + 1): "v"}
TOO_MANY = {"alertname": "TooMany", **{f"l{i}": "v" for i in range(MAX_LABELS)}}


@pytest.mark.parametrize(("path", "prefix"), [(WEBHOOK, "$.alerts"), (V2, "$")])
async def test_a_long_label_name_or_too_many_labels_refuse_that_alert_only(
    client: AsyncTestClient[Litestar], path: str, prefix: str
) -> None:
    ok = alert({"alertname": "Fine", "app": "a"})
    body = (webhook_of if path == WEBHOOK else postable_of)(ok, alert(LONG_NAME), alert(TOO_MANY))
    r = await client.post(path, content=body, headers=JSON)
    refused = problem(r, 400)
    assert [e["field"] for e in refused["errors"]] == [f"{prefix}[1].labels", f"{prefix}[2].labels"]
    assert f"at most {MAX_NAME_LENGTH}" in refused["errors"][0]["message"]
    assert f"at most {MAX_LABELS}" in refused["errors"][1]["message"]
    (incident,) = await incidents_when(client, lambda items: len(items) == 1)
    assert incident["alertname"] == "Fine"
    assert metric(client, "alertgraph_alerts_rejected_total", reason="invalid_alert") == 2


@pytest.mark.parametrize(("path", "prefix"), [(WEBHOOK, "$.alerts"), (V2, "$")])
async def test_an_alert_that_does_not_decode_does_not_lose_the_rest_of_the_batch(
    client: AsyncTestClient[Litestar], path: str, prefix: str
) -> None:
    first, second = alert({"alertname": "One", "app": "a"}), alert({"alertname": "Two", "app": "b"})
    bad = alert({"alertname": "BAD"}, startsAt="nope")
    body = (webhook_of if path == WEBHOOK else postable_of)(first, bad, second)
    r = await client.post(path, content=body, headers=JSON)
    refused = problem(r, 400)
    assert [e["field"] for e in refused["errors"]] == [f"{prefix}[1].startsAt"]
    assert "1 of 3 alerts refused, 2 accepted" in refused["detail"]
    items = await incidents_when(client, lambda items: len(items) == 2)
    assert sorted(i["alertname"] for i in items) == ["One", "Two"]
    assert metric(client, "alertgraph_alerts_rejected_total", reason="invalid_alert") == 1


async def test_an_alert_without_labels_is_refused_alike_on_both_routes(
    client: AsyncTestClient[Litestar],
) -> None:
    ok, empty = alert({"alertname": "Fine", "app": "a"}), alert({})
    from_webhook = problem(
        await client.post(WEBHOOK, content=webhook_of(empty, ok), headers=JSON), 400
    )
    from_ruler = problem(await client.post(V2, content=postable_of(empty, ok), headers=JSON), 400)
    assert [e["field"] for e in from_webhook["errors"]] == ["$.alerts[0].labels"]
    assert [e["field"] for e in from_ruler["errors"]] == ["$[0].labels"]
    assert from_webhook["errors"][0]["message"] == from_ruler["errors"][0]["message"]
    (incident,) = await incidents_when(client, lambda items: len(items) == 1)
    assert incident["alertname"] == "Fine" and incident["counters"]["events"] == 2


async def test_the_trigger_bounds_its_log_text_and_labels(
    client: AsyncTestClient[Litestar],
) -> None:
    trigger = "/api/incidents/trigger"
    too_long = {"log_text": "e" * (MAX_LOG_TEXT_LENGTH + 1)}
    refused = problem(await client.post(trigger, json=too_long), 400)
    assert refused["errors"][0]["field"] == "$.log_text"
    assert f"at most {MAX_LOG_TEXT_LENGTH}" in refused["detail"]
    long_name = {"log_text": "OOMKilled", "labels": LONG_NAME}
    assert problem(await client.post(trigger, json=long_name), 400)["errors"][0]["field"] == (
        "$.labels"
    )
    longest = {"log_text": "e" * MAX_LOG_TEXT_LENGTH, "labels": {"app": "y" * 5000}}
    r = await client.post(trigger, json=longest)
    assert r.status_code == 202, r.text
    status = await client.get(f"/api/incidents/{r.json()['incident_id']}/status")
    assert status.json()["app"].endswith("…[truncated from 5000 characters]")
    assert len(status.json()["app"]) == MAX_LABEL_VALUE_LENGTH


@pytest.mark.parametrize("body", [b"", b"{}", b" \n"])
async def test_a_trigger_without_log_text_is_told_which_field_it_lacks(
    client: AsyncTestClient[Litestar], body: bytes
) -> None:
    refused = problem(await client.post("/api/incidents/trigger", content=body, headers=JSON), 400)
    assert refused["errors"][0]["field"] == "$.log_text"
    assert "`log_text` is required" in refused["detail"]
