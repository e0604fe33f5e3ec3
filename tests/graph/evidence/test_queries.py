"""The PromQL enrichment runs (pure): scoped to the cluster when one is named, metric and
label names configurable, pods matched by their controller's name shapes."""

from __future__ import annotations

import re

import pytest

from graph.evidence.queries import (
    LabelNames,
    MetricNames,
    Query,
    Scope,
    batches,
    growth_expression,
    pod_regex,
    pods_of,
    quote,
    selector,
    workload_queries,
)


def by_signal(queries: list[Query]) -> dict[tuple[str, str], str]:
    return {(q.signal, q.window): q.expr for q in queries}


def test_cluster_scoped_memory_peak_query() -> None:
    queries = by_signal(workload_queries(Scope("shop", "checkout", cluster="prod-eu")))

    assert queries["memory.peak", "7d"] == (
        "max by (pod, container) (max_over_time(container_memory_working_set_bytes{"
        'namespace="shop", pod=~"checkout-[a-z0-9]+(-[a-z0-9]+)?", cluster="prod-eu", '
        'container!="", container!="POD"}[7d]))'
    )


def test_every_query_carries_the_cluster_when_one_is_named_and_none_otherwise() -> None:
    scoped = workload_queries(Scope("shop", "checkout", cluster="prod-eu"), volumes=True)
    unscoped = workload_queries(Scope("shop", "checkout"), volumes=True)

    assert all('cluster="prod-eu"' in q.expr for q in scoped)
    assert not any("cluster" in q.expr for q in unscoped)
    assert [q.signal for q in scoped] == [q.signal for q in unscoped]


def test_unscoped_limits_query_text() -> None:
    queries = by_signal(workload_queries(Scope("shop", "checkout")))

    assert queries["limits", "now"] == (
        "max by (pod, container, resource) (kube_pod_container_resource_limits{"
        'namespace="shop", pod=~"checkout-[a-z0-9]+(-[a-z0-9]+)?", resource=~"memory|cpu"})'
    )


def test_renamed_metrics_and_labels_are_used_everywhere() -> None:
    names = MetricNames(
        working_set="container_memory_working_set_bytes:sum",
        limits="kube_pod_container_resource_limits_memory_bytes",
    )
    labels = LabelNames(namespace="exported_namespace", cluster="k8s_cluster", pod="pod_name")

    queries = workload_queries(Scope("shop", "checkout", cluster="eu"), names, labels)
    text = "\n".join(q.expr for q in queries)

    assert 'exported_namespace="shop"' in text and 'k8s_cluster="eu"' in text
    assert "pod_name=~" in text and "by (pod_name, container)" in text
    assert "container_memory_working_set_bytes:sum{" in text
    assert "kube_pod_container_resource_limits_memory_bytes{" in text
    assert 'namespace="shop"' not in text.replace("exported_namespace", "")


def test_hpa_and_volume_queries_name_the_objects() -> None:
    queries = by_signal(workload_queries(Scope("shop", "kafka", pvc="data-kafka-0"), volumes=True))

    assert 'horizontalpodautoscaler="kafka"' in queries["hpa.max", "now"]
    assert 'persistentvolumeclaim="data-kafka-0"' in queries["volume.used", "now"]
    assert ("volume.used", "now") not in by_signal(workload_queries(Scope("shop", "kafka")))


def test_odd_names_are_quoted_and_regex_escaped() -> None:
    scope = Scope('sh"op', "app.v2", cluster="a\\b")

    text = selector("m", scope, LabelNames())

    assert text == r'm{namespace="sh\"op", pod=~"app\\.v2-[a-z0-9]+(-[a-z0-9]+)?", cluster="a\\b"}'
    assert quote("line\nbreak") == '"line\\nbreak"'


@pytest.mark.parametrize(
    ("pod", "ours"),
    [
        ("checkout-7d9f8c6b5-x2k4p", True),  # Deployment
        ("checkout-0", True),  # StatefulSet
        ("checkout-x2k4p", True),  # DaemonSet
        ("checkout-28391234-x2k4p", True),  # CronJob's Job
        ("checkout-db-0", False),  # another StatefulSet sharing the prefix
        ("checkout-worker-7d9f8c6b5-x2k4p", False),  # another Deployment
        ("checkoutv2-7d9f8c6b5-x2k4p", False),
        ("other-7d9f8c6b5-x2k4p", False),
    ],
)
def test_pods_are_matched_by_their_controllers_name(pod: str, ours: bool) -> None:
    regex = re.compile(pod_regex("checkout"))  # Prometheus anchors regex matchers

    narrowed = regex.fullmatch(pod) is not None
    exact = pods_of([pod], "checkout") == {pod}

    assert (narrowed and exact) is ours


def test_growth_expressions_for_manual_incidents() -> None:
    scope = Scope("shop", "checkout")

    restarts = growth_expression("restarts", scope)
    oom = growth_expression("oom_kills", scope)
    throttling = growth_expression("throttling", scope, throttled_ratio=0.3)

    assert restarts == (
        'increase(kube_pod_container_status_restarts_total{namespace="shop", '
        'pod=~"checkout-[a-z0-9]+(-[a-z0-9]+)?"}[5m]) > 0'
    )
    assert oom.startswith(f"({restarts}) and on (namespace, pod, container) (")
    assert 'reason="OOMKilled"} == 1)' in oom
    assert throttling.endswith("[5m]) > 0.3")


def test_batches_tag_each_query_and_cover_each_once() -> None:
    queries = workload_queries(Scope("shop", "checkout", cluster="prod-eu"), volumes=True)

    sent = batches(queries)

    members = [i for batch in sent for i in batch.members]
    assert sorted(members) == list(range(len(queries)))
    for batch in sent:
        for i in batch.members:
            assert f'label_replace({queries[i].expr}, "alertgraph_query", "{i}", "", "")' in (
                batch.expr
            )
        assert batch.expr.count(" or label_replace(") == len(batch.members) - 1
    # Three round trips: the short windows and current values, and the 7 d queries in two
    # halves of about equal cost, the two quantiles over raw samples apart.
    windows = [{queries[i].window == "7d" for i in b.members} for b in sent]
    assert windows == [{False}, {True}, {True}]
    long = [{queries[i].signal for i in b.members} for b in sent[1:]]
    assert {"memory.p99", "cpu.p99"} in long


def test_cpu_quantiles_take_each_series_rate_without_an_inner_aggregation() -> None:
    """An aggregation inside the subquery is evaluated at every one of its 2,016 steps over
    7 d; the highest series' quantile is taken after it instead."""
    queries = by_signal(workload_queries(Scope("shop", "checkout")))

    assert queries["cpu.p99", "7d"].startswith(
        "max by (pod, container) (quantile_over_time(0.99, rate(container_cpu_usage_seconds_total{"
    )
    assert queries["cpu.p99", "7d"].endswith("}[5m])[7d:5m]))")
