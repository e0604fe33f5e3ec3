"""Recovery checked by the alert's own expression: the expression from real generatorURLs,
the check against a real Prometheus (and the Loki fake for LogQL), the hold state machine."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from graph.evidence.backend import Reason, Unavailable
from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient
from graph.evidence.queries import Scope, growth_expression
from graph.evidence.verification import (
    AlertExpression,
    Check,
    Decision,
    Observation,
    Verdict,
    VerifyState,
    belongs_to_alert,
    check_expression,
    expression_from_generator_url,
    step,
)
from tests.conftest import all_fixture_names, fixture_json
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import OOM_EXPR, History
from tests.graph.evidence.fake_loki import FakeLoki

HOLD, TIMEOUT = 300.0, 900.0
RULE_EXPRS = {OOM_EXPR, "vector(time()) % 60 < 30"}


def captured_alerts() -> list[dict[str, Any]]:
    """Every alert of every captured payload (webhooks carry `alerts`, API v2 posts a list)."""
    alerts = []
    for name in all_fixture_names():
        body = fixture_json(name)
        alerts += body["alerts"] if isinstance(body, dict) else body
    return alerts


# --- the expression ------------------------------------------------------------------------------


def test_every_captured_generator_url_gives_its_rules_promql() -> None:
    alerts = captured_alerts()

    expressions = {expression_from_generator_url(a["generatorURL"]) for a in alerts}

    assert len(alerts) > 100
    assert expressions == {AlertExpression("promql", expr) for expr in RULE_EXPRS}


def loki_ruler_link(expr: str, datasource_uid: str = "") -> str:
    """What the Loki ruler puts in generatorURL (pkg/ruler/base/ruler.go
    grafanaLinkForExpression): Go's json.Marshal (which escapes <, >, &) inside url.Values."""
    query: dict[str, Any] = {"expr": expr, "queryType": "range"}
    if datasource_uid:
        query["datasource"] = {"type": "loki", "uid": datasource_uid}
    marshaled = json.dumps(query, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        marshaled = marshaled.replace(char, escape)
    return "https://grafana.example.org/explore?" + urlencode(
        {"left": f'{{"queries":[{marshaled}]}}'}
    )


def test_loki_ruler_explore_link_gives_its_logql() -> None:
    expr = 'sum by (namespace, app) (count_over_time({namespace="shop"} |~ "(?i)error" [5m])) > 10'

    assert expression_from_generator_url(loki_ruler_link(expr)) == AlertExpression("logql", expr)
    assert expression_from_generator_url(loki_ruler_link(expr, "P8E80F9AEF21F6940")) == (
        AlertExpression("logql", expr)
    )


def test_grafana_panes_explore_link_gives_its_logql() -> None:
    panes = {
        "a1b": {
            "datasource": "loki",
            "queries": [{"refId": "A", "expr": 'rate({app="x"}[1m]) > 0'}],
        }
    }
    url = "https://grafana/explore?" + urlencode({"schemaVersion": "1", "panes": json.dumps(panes)})

    assert expression_from_generator_url(url) == AlertExpression("logql", 'rate({app="x"}[1m]) > 0')


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://prometheus:9090/graph",
        "https://grafana/explore?left=not-json",
        "::::",
        "http://x/graph?g0.expr=",
    ],
)
def test_links_without_an_expression(url: str) -> None:
    assert expression_from_generator_url(url) is None


def test_a_series_belongs_to_the_alert_when_shared_labels_agree() -> None:
    alert = {"alertname": "KubePodOOMKilled", "namespace": "shop", "pod": "a", "severity": "x"}

    assert belongs_to_alert({"namespace": "shop", "pod": "a", "container": "c"}, alert)
    assert not belongs_to_alert({"namespace": "shop", "pod": "b"}, alert)
    assert belongs_to_alert({}, alert)  # an aggregate without labels
    assert belongs_to_alert({"severity": "other", "pod": "a"}, alert)  # rule labels differ


# --- the hold (pure) -----------------------------------------------------------------------------


def run(observations: list[tuple[float, bool, bool | None]]) -> list[Decision]:
    """Feed (seconds after start, alert resolved?, still matching?) to the state machine."""
    state = VerifyState(started_at=0.0)
    decisions = []
    for at, resolved, matching in observations:
        decision = step(state, Observation(at, resolved, matching), hold=HOLD, timeout=TIMEOUT)
        state = decision.state
        decisions.append(decision)
    return decisions


def test_recovered_once_resolved_and_clear_for_the_hold() -> None:
    decisions = run([(0, False, True), (60, True, False), (300, True, False), (360, True, False)])

    assert [d.verdict for d in decisions] == [Verdict.WAITING] * 3 + [Verdict.RECOVERED]
    assert decisions[-1].reason == "alert resolved and its expression clear for 300 s"


def test_matching_again_restarts_the_hold() -> None:
    decisions = run(
        [
            (0, True, False),
            (200, True, True),
            (260, True, False),
            (500, True, False),
            (560, True, False),
        ]
    )

    assert [d.verdict for d in decisions][-2:] == [Verdict.WAITING, Verdict.RECOVERED]


def test_alert_decay_resolved_but_still_matching_is_not_recovered() -> None:
    decisions = run([(0, False, True), (60, True, True), (300, True, True), (360, True, True)])

    assert decisions[-1].verdict is Verdict.NOT_RECOVERED
    assert (
        "alert resolved 300 s ago but its expression still returns series" in decisions[-1].reason
    )


def test_clear_expression_but_firing_alert_waits_then_times_out() -> None:
    decisions = run([(0, False, False), (600, False, False), (900, False, False)])

    assert [d.verdict for d in decisions] == [
        Verdict.WAITING,
        Verdict.WAITING,
        Verdict.NOT_RECOVERED,
    ]
    assert decisions[-1].reason == "alert still firing after 900 s"


def test_unknown_checks_neither_break_nor_make_the_hold() -> None:
    decisions = run([(0, True, False), (200, True, None), (300, True, None), (320, True, False)])

    assert [d.verdict for d in decisions] == [Verdict.WAITING] * 3 + [Verdict.RECOVERED]


def test_never_checked_falls_back_to_the_alert_and_says_so() -> None:
    state = VerifyState(started_at=0.0)
    for at in (0.0, 450.0):
        state = step(
            state, Observation(at, True, None, "prometheus unreachable"), hold=HOLD, timeout=TIMEOUT
        ).state
    final = step(state, Observation(900.0, True, None), hold=HOLD, timeout=TIMEOUT)

    assert (final.verdict, final.checked) == (Verdict.RECOVERED, False)
    assert (
        final.reason
        == "alert resolved; its expression could not be checked (prometheus unreachable)"
    )


def test_state_is_plain_json() -> None:
    state = run([(0, False, True), (60, True, False)])[-1].state

    assert VerifyState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


# --- against a real Prometheus -------------------------------------------------------------------


def oom_alert(pod: str) -> dict[str, str]:
    return {
        "alertname": "KubePodOOMKilled",
        "severity": "critical",
        "cluster": h.CLUSTER,
        "namespace": h.NAMESPACE,
        "pod": pod,
        "container": "checkout",
    }


OOM = AlertExpression("promql", OOM_EXPR)


async def check(prometheus: PrometheusClient, labels: dict[str, str], at: float) -> Check:
    result = await check_expression(OOM, labels, at=at, prometheus=prometheus, loki=None)
    assert isinstance(result, Check)
    return result


@pytest.mark.integration
async def test_series_still_over_the_threshold_is_not_clear(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    result = await check(prometheus, oom_alert(h.POD_A), tsdb_history.end)

    assert result.matching
    assert {s.labels["pod"] for s in result.series} == {h.POD_A}


@pytest.mark.integration
async def test_the_check_is_scoped_to_the_alerts_series(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    end = tsdb_history.end
    before = await check(prometheus, oom_alert(h.POD_B), end - h.B_REPLACED - 2 * h.MINUTE)
    after = await check(prometheus, oom_alert(h.POD_B), end)  # x2k4p still matches: not ours
    other_namespace = await check(prometheus, oom_alert(h.POD_A) | {"namespace": "cart"}, end)

    assert before.matching and not after.matching and not other_namespace.matching


@pytest.mark.integration
async def test_a_series_that_stopped_recovers_after_the_hold(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """q9w7z's series stops at END - 40 min (its pod replaced); Prometheus answers from the last
    sample for 5 more minutes, so the alert resolves at END - 34 min."""
    started, resolved_at = tsdb_history.end - 44 * h.MINUTE, tsdb_history.end - 34 * h.MINUTE
    state = VerifyState(started_at=started)
    verdicts: list[tuple[float, Verdict]] = []
    at = started
    while at <= tsdb_history.end:
        result = await check(prometheus, oom_alert(h.POD_B), at)
        seen = Observation(at, at >= resolved_at, result.matching)
        decision = step(state, seen, hold=HOLD, timeout=TIMEOUT)
        state = decision.state
        verdicts.append((tsdb_history.end - at, decision.verdict))
        if decision.verdict is not Verdict.WAITING:
            break
        at += 60

    # Prometheus looks back 5 min: the last sample (END - 40 min) answers until END - 35 min.
    assert state.clear_since == tsdb_history.end - 34 * h.MINUTE
    assert verdicts[-1] == (29 * h.MINUTE, Verdict.RECOVERED)


@pytest.mark.integration
async def test_alert_decay_against_real_series_is_not_recovered(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """x2k4p's alert resolved at END - 10 min (say, silenced), its series is still there."""
    started = tsdb_history.end - 10 * h.MINUTE
    state = VerifyState(started_at=started)
    decision = None
    for minute in range(11):
        at = started + minute * 60
        result = await check(prometheus, oom_alert(h.POD_A), at)
        decision = step(state, Observation(at, True, result.matching), hold=HOLD, timeout=TIMEOUT)
        state = decision.state
        if decision.verdict is not Verdict.WAITING:
            break

    assert decision is not None and decision.verdict is Verdict.NOT_RECOVERED
    assert decision.state.resolved_since == started and minute == 5


@pytest.mark.integration
async def test_manual_incident_recovers_when_restarts_stop_growing(
    prometheus: PrometheusClient, tsdb_history: History
) -> None:
    expression = AlertExpression(
        "promql", growth_expression("restarts", Scope(h.NAMESPACE, h.WORKLOAD, h.CLUSTER))
    )
    labels = {"namespace": h.NAMESPACE}

    async def growing(at: float) -> bool:
        result = await check_expression(
            expression, labels, at=at, prometheus=prometheus, loki=None, workload=h.WORKLOAD
        )
        assert isinstance(result, Check)
        return result.matching

    assert await growing(tsdb_history.end - 48 * h.MINUTE)  # x2k4p restarted at END - 50 min
    assert not await growing(tsdb_history.end)


async def test_without_a_backend_the_check_says_so() -> None:
    result = await check_expression(OOM, {}, at=0.0, prometheus=None, loki=None)

    assert isinstance(result, Unavailable) and result.reason is Reason.NOT_CONFIGURED


async def test_loki_ruler_alert_is_rechecked_against_loki(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    expr = 'sum by (namespace, app) (count_over_time({namespace="shop"} |~ "error" [5m])) > 10'
    expression = expression_from_generator_url(loki_ruler_link(expr))
    assert expression is not None
    alert = {"alertname": "ShopErrors", "namespace": "shop", "app": "checkout"}
    fake_loki.vectors[expr] = [
        {"metric": {"namespace": "shop", "app": "checkout"}, "value": [1796540400, "42"]},
        {"metric": {"namespace": "shop", "app": "cart"}, "value": [1796540400, "12"]},
    ]

    still = await check_expression(expression, alert, at=1796540400, prometheus=None, loki=loki)
    fake_loki.vectors[expr] = fake_loki.vectors[expr][1:]
    clear = await check_expression(expression, alert, at=1796540460, prometheus=None, loki=loki)

    assert isinstance(still, Check) and still.matching and still.series[0].value == 42
    assert isinstance(clear, Check) and not clear.matching
    sent = [r for r in fake_loki.requests if r.path == "/loki/api/v1/query"]
    assert sent[0].params == {"query": expr, "time": "1796540400000000000"}
