"""The rule-based analyzer: realistic samples, rule order, severity, evidence, robustness."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.analysis import CATEGORIES, SEVERITIES, analyze, normalize_severity
from graph.analysis.guidance import GUIDANCE, REMEDIATIONS
from graph.analysis.rules import RULES
from graph.patching.remediation import RemediationKind
from receiver.ingest.events import build_log_text
from tests.conftest import fixture_json
from tests.graph.analyzer_samples import GROW, OOM, PROBES, REVERT, SAMPLES, Sample


def test_the_sample_table_covers_every_category_with_sixty_samples_or_more() -> None:
    per_category = Counter(sample.category for sample in SAMPLES)
    assert len(SAMPLES) >= 60
    assert set(per_category) == set(CATEGORIES)
    assert len({sample.id for sample in SAMPLES}) == len(SAMPLES)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_samples_get_their_category_app_and_values_change(sample: Sample) -> None:
    analysis = analyze(sample.text, sample.labels)
    assert analysis.category == sample.category
    assert analysis.app == sample.app
    assert analysis.remediation == sample.remediation
    if sample.namespace is not None:
        assert analysis.namespace == sample.namespace


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_every_analysis_is_explained(sample: Sample) -> None:
    analysis = analyze(sample.text, sample.labels)
    assert analysis.root_cause.endswith(".")
    if analysis.app:
        assert analysis.app in analysis.root_cause
    assert analysis.actions
    if analysis.remediation is None:
        assert analysis.actions[0].startswith("No values change is proposed: ")
    assert not any(re.search(r"\{[a-z]+\}", action) for action in analysis.actions)
    input_lines = {line.strip() for line in sample.text.splitlines()}
    label_lines = {f'{key}="{value}"' for key, value in sample.labels.items()}
    assert all(
        line in input_lines or any(line.startswith(label) for label in label_lines)
        for line in analysis.evidence
    ), analysis.evidence
    assert 0 < len(analysis.evidence) <= 5 or analysis.category == "unknown"


def test_the_captured_oom_alert_is_a_grafana_memory_raise() -> None:
    alert = fixture_json("am-webhook-firing-2-alerts.json")["alerts"][1]
    text = build_log_text(alert["labels"], alert["annotations"])
    analysis = analyze(text, alert["labels"], alert["annotations"])
    assert analysis.category == "oom"
    assert (analysis.app, analysis.namespace, analysis.severity) == (
        "grafana",
        "monitoring",
        "critical",
    )
    assert analysis.remediation == OOM
    assert analysis.root_cause == (
        "grafana was killed for exceeding its memory limit (OOMKilled, exit code 137)."
    )
    assert analysis.evidence == (
        "KubePodOOMKilled",
        "Container grafana in pod monitoring/grafana-7d9f-x2k4p was OOMKilled",
        alert["annotations"]["description"],
    )
    assert "×2" in analysis.actions[0]


def test_the_captured_error_rate_alert_proposes_no_scale_out_without_load() -> None:
    alert = fixture_json("prometheus-v2-alerts-resolved.json")[0]
    analysis = analyze(build_log_text(alert["labels"], alert["annotations"]), alert["labels"])
    assert (analysis.category, analysis.app, analysis.severity) == (
        "high_error_rate",
        "checkout",
        "warning",
    )
    assert analysis.remediation is None
    assert "no sign of load" in analysis.actions[0]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A container that is OOMKilled also crash-loops: the cause wins.
        ("Back-off restarting failed container\nLast State: Terminated, Reason: OOMKilled", "oom"),
        # An exit code alone names no cause: 137 is SIGKILL, which the kubelet also sends
        # after a failed liveness probe. Without OOMKilled beside it, it is a crash loop.
        ("CrashLoopBackOff: container exited with code 137", "crashloop"),
        # Node pressure evictions name the resource but are evictions, not a full volume.
        ("Evicted: The node was low on resource: ephemeral-storage.", "evicted"),
        ("write /data/wal/0001: no space left on device", "disk_full"),
        # TLS expiry is its own category even though the request failed.
        ("Get https://payments-api:8443: x509: certificate has expired", "cert_expiry"),
        (
            "Get http://payments-api:8080: dial tcp 10.0.0.7:8080: connect: connection refused",
            "connection_error",
        ),
        # Probes report their own connection errors and 5xx answers.
        (
            "Readiness probe failed: dial tcp 10.0.1.23:3000: connect: connection refused",
            "probe_failure",
        ),
        ("Liveness probe failed: HTTP probe failed with statuscode: 500", "probe_failure"),
        # A dependency that refuses connections makes the app panic: the dependency is the cause.
        ("panic: dial tcp 10.0.0.5:5432: connect: connection refused", "connection_error"),
        ("panic: required key DATABASE_URL missing value", "config_error"),
        # An image that cannot be pulled because of DNS is an image pull problem.
        (
            'Failed to pull image "kafka:3.7": dial tcp: lookup registry-1.docker.io: no such host',
            "image_pull",
        ),
        # "Insufficient memory" at scheduling is not an OOM: more memory would make it worse.
        ("0/6 nodes are available: 6 Insufficient memory.", "scheduling"),
        # A KeyError on a data key is not a configuration error.
        ("KeyError: 'user_id'", "unknown"),
        ("KubePodNotReady", "unknown"),
    ],
)
def test_rule_order_decides_overlapping_texts(text: str, category: str) -> None:
    assert analyze(text).category == category


def test_the_alertname_alone_is_enough_and_is_taken_from_labels_when_text_lacks_it() -> None:
    assert analyze("KubeContainerOOMKilled").category == "oom"
    assert analyze("CPUThrottlingHigh").category == "cpu_throttling"
    assert analyze("KubePersistentVolumeFillingUp").category == "disk_full"
    analysis = analyze("", {"alertname": "KubePodCrashLooping", "app": "kafka"})
    assert (analysis.category, analysis.app, analysis.evidence) == (
        "crashloop",
        "kafka",
        ("KubePodCrashLooping",),
    )


def test_annotations_are_read_when_the_text_does_not_contain_them() -> None:
    annotations = {"summary": "loki was OOMKilled", "runbook_url": "https://example.org/oom"}
    analysis = analyze("manual trigger", {"app": "loki"}, annotations)
    assert analysis.category == "oom"
    assert analysis.evidence == ("loki was OOMKilled",)


@pytest.mark.parametrize(
    ("label", "severity"),
    [
        ("critical", "critical"),
        ("page", "critical"),
        ("Critical", "critical"),
        ("error", "high"),
        ("high", "high"),
        ("major", "high"),
        ("warning", "warning"),
        ("warn", "warning"),
        ("minor", "warning"),
        ("info", "info"),
        ("none", "info"),
        ("low", "info"),
    ],
)
def test_severity_label_values_are_mapped(label: str, severity: str) -> None:
    assert normalize_severity(label) == severity
    assert analyze("CrashLoopBackOff", {"severity": label}).severity == severity


def test_severity_is_inferred_from_the_category_without_a_known_label() -> None:
    assert normalize_severity("sev2") == ""
    assert analyze("OOMKilled").severity == "high"
    assert analyze("OOMKilled", {"severity": "sev2"}).severity == "high"
    assert analyze("CPUThrottlingHigh").severity == "warning"
    assert analyze("").severity == "warning"
    assert {g.severity for g in GUIDANCE.values()} <= set(SEVERITIES)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_is_unknown_with_generic_guidance(text: str) -> None:
    analysis = analyze(text)
    assert analysis.category == "unknown"
    assert analysis.remediation is None
    assert analysis.evidence == ()
    assert analysis.app == analysis.namespace == ""
    assert any("logs" in action for action in analysis.actions)
    assert any("git history" in action for action in analysis.actions)


def test_the_root_cause_names_the_app_and_the_matched_words() -> None:
    analysis = analyze("java.lang.OutOfMemoryError: Java heap space", {"app": "kafka"})
    assert analysis.root_cause == ("kafka ran out of memory (OutOfMemoryError, Java heap space).")
    assert analyze("OOMKilled").root_cause.startswith("The workload was killed")
    assert analyze("", {"app": "kafka"}).root_cause.startswith("kafka raised an alert")


def test_connection_errors_name_the_dependency() -> None:
    texts = {
        "Error: connect ECONNREFUSED 10.0.0.5:5432": "10.0.0.5:5432",
        "dial tcp: lookup postgres.databases.svc on 10.96.0.10:53: no such host": (
            "postgres.databases.svc"
        ),
        "getaddrinfo ENOTFOUND payments-api": "payments-api",
        "Connection to node -1 (kafka-0.kafka.svc/10.0.3.7:9092) could not be established.": (
            "kafka-0.kafka.svc:9092"
        ),
    }
    for text, dependency in texts.items():
        analysis = analyze(text, {"app": "checkout"})
        assert analysis.category == "connection_error"
        assert f"checkout cannot reach {dependency}" in analysis.root_cause
        assert dependency in analysis.actions[1]


def test_crashloop_and_image_pull_say_the_revert_needs_a_recent_tag_change() -> None:
    for text in ("CrashLoopBackOff", "ErrImagePull"):
        analysis = analyze(text, {"app": "grafana"})
        assert analysis.remediation == REVERT
        assert "changed recently in git history" in analysis.actions[0]


def test_actions_use_the_pod_and_namespace_when_known() -> None:
    analysis = analyze(
        "Back-off restarting failed container",
        {"namespace": "shop", "pod": "checkout-5d8f7c9b6-bcdfg"},
    )
    assert "kubectl -n shop logs checkout-5d8f7c9b6-bcdfg --previous" in analysis.actions[1]
    anonymous = analyze("Back-off restarting failed container")
    assert "kubectl -n <namespace> logs <pod> --previous" in anonymous.actions[1]


def test_text_names_are_found_in_kubernetes_shapes() -> None:
    shapes = {
        "OOMKilled: pod monitoring/grafana-7d9f8c6b5-x2k4p": ("grafana", "monitoring"),
        "OOMKilled deployment/grafana -n monitoring": ("grafana", "monitoring"),
        "OOMKilled statefulset.apps/kafka --namespace=streaming": ("kafka", "streaming"),
        'OOMKilled container="loki" namespace="logging"': ("loki", "logging"),
        'OOMKilled {app="checkout", namespace: "shop"}': ("checkout", "shop"),
        'OOMKilled: pods "postgres-0" in namespace databases': ("postgres", "databases"),
        "OOMKilled: the pod was restarted": ("", ""),
    }
    for text, (app, namespace) in shapes.items():
        analysis = analyze(text)
        assert (analysis.app, analysis.namespace) == (app, namespace), text


def test_labels_win_over_names_in_the_text() -> None:
    analysis = analyze(
        "OOMKilled pod payments/payments-api-6f7d9c8b4-q2w7z",
        {"app": "checkout", "namespace": "shop"},
    )
    assert (analysis.app, analysis.namespace) == ("checkout", "shop")
    assert "payments-api-6f7d9c8b4-q2w7z" not in " ".join(analysis.actions)


def test_evidence_keeps_at_most_five_distinct_verbatim_lines() -> None:
    lines = [f"  Liveness probe failed: attempt {n}  " for n in range(8)]
    text = "\n".join(["starting", *lines, lines[0]])
    analysis = analyze(text)
    assert analysis.category == "probe_failure"
    assert analysis.remediation == PROBES
    assert analysis.evidence == tuple(line.strip() for line in lines[:5])


def test_scale_out_needs_a_load_signal_and_load_balancers_are_not_load() -> None:
    assert analyze("HighRequestLatency: p99 1.2s").remediation is None
    assert analyze("p99 latency 1.2s behind the load balancer").remediation is None
    assert analyze("p99 latency 1.2s under high load").remediation is not None
    assert analyze("5xx error rate 9%, queue depth 12000").remediation is not None


def test_node_filesystems_get_no_volume_change_but_volumes_do() -> None:
    node = analyze("NodeFilesystemSpaceFillingUp", {"container": "node-exporter"})
    assert (node.category, node.remediation) == ("disk_full", None)
    assert "node's disk" in node.actions[0]
    assert analyze("no space left on device", {"app": "loki"}).remediation == GROW


def test_every_rule_category_is_a_category_with_guidance() -> None:
    assert {rule.category for rule in RULES} | {"unknown"} == set(CATEGORIES)
    assert set(GUIDANCE) == set(CATEGORIES)
    kinds = {r.kind for r in REMEDIATIONS.values()}
    kinds |= {r.remediation.kind for r in RULES if r.remediation}
    assert kinds == set(RemediationKind)
    assert set(REMEDIATIONS) <= set(CATEGORIES)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./ ", max_size=30)
words = st.sampled_from(
    [
        "OOMKilled",
        "pod/",
        "pod ",
        "container ",
        "namespace: ",
        "-n ",
        "deployment ",
        "dial tcp ",
        "lookup ",
        ":5432",
        "low on resource: ",
        "probe failed",
        "latency",
        "load",
        "\n",
        "{",
        "}",
        '"',
    ]
)
texts = st.one_of(st.text(), st.lists(st.one_of(words, names)).map("".join))
label_sets = st.dictionaries(
    st.one_of(
        st.sampled_from(
            ["app", "pod", "namespace", "severity", "persistentvolumeclaim", "alertname"]
        ),
        st.text(),
    ),
    st.one_of(names, st.text()),
)


@given(texts, label_sets, st.dictionaries(st.sampled_from(["summary", "description"]), texts))
def test_analyze_never_raises_and_always_answers_in_the_vocabulary(
    text: str, labels: dict[str, str], annotations: dict[str, str]
) -> None:
    analysis = analyze(text, labels, annotations)
    assert analysis.category in CATEGORIES
    assert analysis.severity in SEVERITIES
    assert analysis.actions and analysis.root_cause
    assert len(analysis.evidence) <= 5
    # Every rule matches within a line, so a decided category always has its lines.
    assert bool(analysis.evidence) == (analysis.category != "unknown")


def test_long_logs_are_read_by_their_head_and_tail() -> None:
    noise = 'level=info msg="handled request" route=/api/cart status=200\n' * 5000
    crash = "java.lang.OutOfMemoryError: Java heap space"
    assert analyze(noise + crash, {"app": "kafka"}).evidence == (crash,)
    assert analyze("KubePodOOMKilled\n" + noise).category == "oom"
    # The middle of a very long paste is not read: the cost stays bounded.
    assert analyze(noise + crash + "\n" + noise).category == "unknown"
