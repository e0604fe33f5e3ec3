"""The incident analyzer (graph.analysis): trust levels, line-aware reading, cause over symptom,
Korean, confidence, the signal and explanation, and robustness on arbitrary input."""

from __future__ import annotations

import re
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from graph.analysis import AlertInput, analyze, analyze_incident
from graph.analysis.catalogue import CATALOGUE, DEFER, catalogue_key, lookup
from graph.analysis.guidance import GUIDANCE
from graph.analysis.rules import RULES, WEAK_RULES
from graph.analysis.taxonomy import CATEGORIES, SEVERITIES
from graph.masking import MASK
from graph.patching.remediation import Remediation, RemediationKind
from graph.workload import workload_of

KSM = {"job": "kube-state-metrics", "service": "kube-prometheus-stack-kube-state-metrics"}


def _alert(name: str, summary: str = "", status: str = "firing", **labels: str) -> AlertInput:
    annotations = {"summary": summary} if summary else {}
    return AlertInput({"alertname": name, "severity": "warning", **labels}, annotations, status)


# --- each trust level decides and is named ---------------------------------------------------


def test_a_catalogued_alert_name_decides_with_high_confidence() -> None:
    analysis = analyze_incident([_alert("KubeDeploymentRolloutStuck", deployment="web")])
    assert analysis.category == "rollout_failure"
    assert analysis.signal.kind == "catalogue"
    assert analysis.signal.detail == "alert KubeDeploymentRolloutStuck (kubernetes-mixin)"
    assert analysis.confidence == "high"
    assert analysis.explanation.startswith("classified as rollout_failure because alert ")


def test_a_reason_label_decides_an_ambiguous_alert_name() -> None:
    cases = {
        "CrashLoopBackOff": "crashloop",
        "ImagePullBackOff": "image_pull",
        "CreateContainerConfigError": "config_error",
        "OOMKilled": "oom",
    }
    for reason, category in cases.items():
        alert = _alert("KubeContainerWaiting", "Pod container waiting longer than 1 hour", **KSM)
        labels = {**alert.labels, "reason": reason, "pod": "api-6d7c8b9f5-lq2x8"}
        analysis = analyze_incident([AlertInput(labels, alert.annotations)])
        assert analysis.category == category, reason
        assert analysis.signal == type(analysis.signal)("label", f'label reason="{reason}"')
        assert analysis.app == "api"


def test_an_ambiguous_alert_name_alone_is_unknown() -> None:
    analysis = analyze_incident([_alert("KubePodNotReady", "Pod has been in a non-ready state")])
    assert analysis.category == "unknown"
    assert lookup("KubePodNotReady") is not None


def test_a_log_line_decides_and_is_quoted() -> None:
    line = 'level=error msg="dial failed" err="dial tcp 10.0.0.7:5432: connect: connection refused"'
    analysis = analyze_incident([_alert("ManualTrigger", app="orders")], line)
    assert (analysis.category, analysis.signal.kind) == ("connection_error", "log_line")
    assert analysis.signal.detail == f"“{line}”"
    assert "orders cannot reach 10.0.0.7:5432" in analysis.root_cause


def test_a_catalogued_name_pasted_in_a_text_counts_with_the_trust_of_text() -> None:
    pasted = "[FIRING:1] KubePersistentVolumeFillingUp databases (data-orders-db-0)"
    analysis = analyze_incident([_alert("ManualTrigger", app="orders-db")], pasted)
    assert (analysis.category, analysis.signal.kind) == ("disk_full", "catalogue")
    assert analysis.confidence == "medium"


def test_the_alert_text_decides_an_unknown_alert_name() -> None:
    alert = _alert("PaymentsProblem", "Pod payments-0 was OOMKilled", namespace="pay")
    analysis = analyze_incident([alert])
    assert (analysis.category, analysis.signal.kind) == ("oom", "text")


def test_korean_text_without_english_words_decides() -> None:
    cases = {
        "결제 파드 메모리 사용률이 한도의 97%입니다": "oom",
        "로그 볼륨의 디스크 공간이 부족합니다": "disk_full",
        "사내 인증서가 사흘 뒤 만료됩니다": "cert_expiry",
        "주문 API에서 데이터베이스 연결이 거부됩니다": "connection_error",
        "배치 파드가 노드에서 축출되었습니다": "evicted",
        "스케줄링 실패: 노드 자원이 부족합니다": "scheduling",
        "워커 노드가 10분째 응답이 없습니다": "node_health",
        "데이터 볼륨 마운트에 실패했습니다": "volume",
        "프론트엔드 배포가 진행되지 않습니다": "rollout_failure",
        "DB 최대 연결 수를 초과했습니다": "dependency_limit",
        "검색 서비스 응답 지연이 심합니다": "high_latency",
        "게이트웨이 오류율이 급증했습니다": "high_error_rate",
        "알림 서비스가 재시작을 반복합니다": "crashloop",
    }
    for text, category in cases.items():
        analysis = analyze_incident([_alert("SVC-0042", text)])
        assert analysis.category == category, text
        assert analysis.signal.kind == "korean", text


# --- pattern 1: words in the wrong context ----------------------------------------------------


def test_start_up_flags_and_metric_dumps_are_not_evidence() -> None:
    log = (
        "Picked up JAVA_TOOL_OPTIONS: -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError\n"
        "kubelet --oom-score-adj=-999 --eviction-hard=memory.available<100Mi\n"
        "config:\n  oom_score_adj: -997\n"
        "# HELP container_oom_events_total Count of out of memory events\n"
        'container_oom_events_total{container="api"} 0\n'
        "errors_total 0\nprocess_open_fds 41\n"
        'level=info msg="started" addr=:8080'
    )
    assert analyze(log).category == "unknown"
    ended = log + '\nlevel=error msg="giving up" err="dial tcp 10.1.2.3:9092: i/o timeout"'
    assert analyze(ended).category == "connection_error"


def test_an_exit_code_needs_its_reason() -> None:
    assert analyze("Last State: Terminated\nReason: Error\nExit Code: 137").category == "crashloop"
    assert analyze("Last State: Terminated\nReason: OOMKilled\nExit Code: 137").category == "oom"
    killed_by_probe = (
        "Reason: Error\nExit Code: 137\n"
        "Warning  Unhealthy  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500"
    )
    assert analyze(killed_by_probe).category == "probe_failure"


def test_the_final_error_block_outweighs_earlier_lines() -> None:
    log = (
        "WARN could not reach cache at redis:6379: connection refused, retrying\n"
        + 'level=info msg="handled request" status=200\n' * 20
        + "java.lang.OutOfMemoryError: Java heap space"
    )
    analysis = analyze(log)
    assert analysis.category == "oom"
    assert analysis.signal.detail == "“java.lang.OutOfMemoryError: Java heap space”"


def test_a_warning_the_log_recovered_from_does_not_explain_a_later_crash() -> None:
    healthy = 'level=info msg="handled" status=200\n' * 40
    warned = "WARN could not connect to redis:6379, connection refused, retrying\n"
    crash = "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:"
    assert analyze(warned + healthy + crash).category == "crashloop"
    failed = "ERROR giving up: dial tcp 10.0.0.9:6379: connect: connection refused\n"
    assert analyze(healthy + failed + crash).category == "connection_error"


def test_an_alert_name_that_disagrees_with_its_summary_loses_to_the_summary() -> None:
    alert = _alert(
        "CheckoutErrorRateHigh", "p99 latency of checkout is 3.2s over 10m; error ratio 0.3%"
    )
    assert analyze_incident([alert]).category == "high_latency"
    alert = _alert("HighMemoryUsage", "Disk /data on db-0 is 96% full")
    assert analyze_incident([alert]).category == "disk_full"


def test_a_figure_stated_as_normal_is_not_the_problem() -> None:
    error = "checkout returned HTTP 503 for 9.2% of requests; p99 latency 180ms (normal)"
    assert analyze(error).category == "high_error_rate"
    latency = "p99 latency of checkout is 3.2s over 10m; error ratio 0.3%"
    assert analyze(latency).category == "high_latency"


def test_structured_dumps_are_read_by_their_figures() -> None:
    df = "Filesystem Size Used Avail Use% Mounted on\noverlay 99G 97G 2.1G 98% /var/lib/docker"
    assert analyze(df).category == "disk_full"
    assert analyze(df.replace("98%", "41%")).category == "unknown"
    stat = "nr_periods 1000\nnr_throttled 420\nthrottled_usec 9123"
    assert analyze(stat).category == "cpu_throttling"
    assert analyze(stat.replace("420", "0")).category == "unknown"


def test_envoy_response_flags_say_what_a_failed_request_ran_into() -> None:
    lines = {
        '"GET /a HTTP/1.1" 503 UF 0 91 30 - "10.1.0.4" "curl" "b1" "a" "10.2.3.4:8080"': (
            "connection_error"
        ),
        '{"response_code":503,"response_flags":"UO","path":"/a"}': "dependency_limit",
        '{"response_code":504,"response_flags":"UT","path":"/a"}': "high_latency",
        "response_flags_long=UpstreamConnectionFailure status=503": "connection_error",
    }
    for line, category in lines.items():
        assert analyze(line).category == category, line
    one_error = (
        '"GET /a HTTP/1.1" 500 - 0 9 3 - "x"\n' + '"GET /a HTTP/1.1" 200 - 0 9 3 - "x"\n' * 9
    )
    assert analyze(one_error).category == "unknown"


# --- pattern 2: a generic crash marker does not hide a known cause -----------------------------


def test_a_traceback_ending_in_a_settings_error_is_configuration() -> None:
    log = (
        "Traceback (most recent call last):\n"
        '  File "/app/main.py", line 8, in <module>\n'
        "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\n"
        "database_url\n  Field required [type=missing, input_value={}, input_type=dict]\n"
        "[ERROR] Worker (pid:9) exited with code 3\n[ERROR] Reason: Worker failed to boot."
    )
    assert analyze(log).category == "config_error"
    module = "Traceback (most recent call last):\nModuleNotFoundError: No module named 'ujson'"
    assert analyze(module + "\npanic: worker died").category == "config_error"


# --- pattern 3: cause over symptom across alerts ----------------------------------------------


def test_a_cause_alert_outranks_its_symptom_alert() -> None:
    crash = _alert("KubePodCrashLooping", "Pod is crash looping.", pod="api-0", **KSM)
    oom = AlertInput({**crash.labels, "alertname": "KubeContainerOOMKilled", "reason": "OOMKilled"})
    for alerts in ([crash, oom], [oom, crash]):
        analysis = analyze_incident(alerts)
        assert analysis.category == "oom"
        assert "crashloop" in analysis.explanation
    probe = _alert("ReadinessProbeFailing", "Readiness probe failed for db-0")
    full = _alert("KubePersistentVolumeFillingUp", persistentvolumeclaim="data-db-0")
    assert analyze_incident([probe, full]).category == "disk_full"
    mount = "Warning FailedMount kubelet Unable to attach or mount volumes: timed out"
    assert analyze_incident([crash], mount).category == "volume"


def test_a_failing_liveness_probe_explains_the_crash_loop() -> None:
    crash = _alert("KubePodCrashLooping", "Pod is crash looping.", pod="api-0", **KSM)
    log = (
        "Warning  Unhealthy  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500"
    )
    analysis = analyze_incident([crash], log)
    assert analysis.category == "probe_failure"
    stuck = _alert("KubeDeploymentRolloutStuck", deployment="api", **KSM)
    assert analyze_incident([stuck, crash]).category == "crashloop"


def test_a_crash_explains_a_target_or_service_that_is_down() -> None:
    crash = _alert("KubePodCrashLooping", "Pod is crash looping.", pod="mysql-0", **KSM)
    for down in ("TargetDown", "MysqlDown", "BlackboxProbeFailed"):
        assert analyze_incident([_alert(down), crash]).category == "crashloop", down
    assert analyze_incident([_alert("TargetDown")]).category == "node_health"
    node = _alert("KubeNodeNotReady", "Node is not ready.", node="worker-3")
    assert analyze_incident([node, crash]).category == "node_health"


def test_a_resolved_alert_counts_less_than_a_firing_one() -> None:
    disk = _alert("KubePersistentVolumeFillingUp", status="resolved", persistentvolumeclaim="d-0")
    oom = _alert("KubernetesContainerOomKiller", pod="api-0")
    assert analyze_incident([disk, oom]).category == "oom"
    assert analyze_incident([disk]).category == "disk_full"


# --- confidence, signal, explanation -------------------------------------------------------


def test_a_weak_hint_alone_is_unknown_with_low_confidence() -> None:
    analysis = analyze("the service memory keeps growing")
    assert (analysis.category, analysis.confidence) == ("unknown", "low")
    assert "weak hint of oom" in analysis.explanation
    nothing = analyze("please take a look at the checkout page")
    assert (nothing.category, nothing.confidence, nothing.signal.kind) == ("unknown", "low", "none")


def test_a_declared_non_failure_is_unknown_with_high_confidence() -> None:
    analysis = analyze_incident([_alert("Watchdog", "An alert that should always be firing")])
    assert (analysis.category, analysis.confidence) == ("unknown", "high")
    assert analysis.explanation == (
        "classified as unknown because alert Watchdog (kube-prometheus) is not a failure"
    )


def test_the_deciding_line_is_masked_and_cut() -> None:
    secret = "postgres://app:s3cr3t-passw0rd@db.internal:5432/orders"
    line = f"FATAL: could not connect: connection refused for {secret} " + "x" * 300
    analysis = analyze(line)
    assert analysis.category == "connection_error"
    assert "s3cr3t-passw0rd" not in analysis.signal.detail
    assert "s3cr3t-passw0rd" not in analysis.explanation
    assert MASK in analysis.signal.detail
    assert len(analysis.signal.detail) <= 202


def test_every_result_says_why() -> None:
    for text in ("OOMKilled", "", "no space left on device", "KubePodNotReady"):
        analysis = analyze(text)
        assert analysis.explanation.startswith(f"classified as {analysis.category} because ")
        assert analysis.confidence in ("high", "medium", "low")
        assert analysis.signal.kind in ("catalogue", "label", "log_line", "text", "korean", "none")


# --- new categories and their values changes ---------------------------------------------------


def test_new_categories_are_advice_only_except_a_rollout_after_an_image_change() -> None:
    advice = {
        "scheduling": "0/4 nodes are available: 4 Insufficient cpu.",
        "node_health": "Node worker-2 status is now: NodeNotReady",
        "volume": 'Multi-Attach error for volume "pvc-1" Volume is already exclusively attached',
        "tls_error": "x509: certificate signed by unknown authority",
        "dependency_limit": "FATAL: sorry, too many clients already",
    }
    for category, text in advice.items():
        analysis = analyze(text, {"app": "api"})
        assert (analysis.category, analysis.remediation) == (category, None), text
        assert (
            analysis.actions[0] == f"No values change is proposed: {GUIDANCE[category].why_manual}."
        )
    rollout = analyze('error: deployment "api" exceeded its progress deadline', {"app": "api"})
    assert rollout.category == "rollout_failure"
    assert rollout.remediation == Remediation(RemediationKind.REVERT_IMAGE_TAG)


def test_a_node_memory_alert_proposes_no_container_limit() -> None:
    analysis = analyze_incident([_alert("HostOutOfMemory", "Host out of memory", instance="n1")])
    assert (analysis.category, analysis.remediation) == ("oom", None)
    assert "node's" in analysis.actions[0]


# --- catalogue ---------------------------------------------------------------------------------


def test_the_catalogue_maps_hundreds_of_public_alert_names() -> None:
    assert len(CATALOGUE) >= 500
    assert {entry.category for entry in CATALOGUE.values()} <= {*CATEGORIES, DEFER}
    assert all(entry.source for entry in CATALOGUE.values())
    sources = {entry.source for entry in CATALOGUE.values()}
    assert {"kubernetes-mixin", "awesome-prometheus-alerts", "Loki mixin", "etcd mixin"} <= sources
    assert catalogue_key("MysqlTooManyConnections(>80%)") == "mysqltoomanyconnections"
    assert lookup("certmanager_cert_expiry_soon") is not None
    assert lookup("KubePodCrashlooping") == lookup("KubePodCrashLooping")


def _example(tree: Any) -> str:
    """The shortest string a parsed pattern matches, taking the first branch of every choice
    (enough to show which words an alternative needs)."""
    out = []
    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            out.append(_first_of_class(arg))
        elif name == "ANY":
            out.append("x")
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = arg
            out.append(_example(sub) * low)
        elif name == "SUBPATTERN":
            out.append(_example(arg[-1]))
        elif name == "BRANCH":
            out.append(_example(arg[1][0]))
        elif name == "AT":
            out.append(" ")  # a word boundary: keep the words apart
        elif name in ("ASSERT", "ASSERT_NOT", "GROUPREF"):
            continue
        elif name == "NOT_LITERAL":
            out.append(" " if arg != ord(" ") else "x")
    return "".join(out)


def _first_of_class(items: Any) -> str:
    for op, arg in items:
        if str(op) == "LITERAL":
            return chr(arg)
        if str(op) == "RANGE":
            return chr(arg[0])
        if str(op) == "CATEGORY":
            return "0" if "DIGIT" in str(arg) else " " if "SPACE" in str(arg) else "a"
    return " "


def test_every_rule_alternative_carries_one_of_its_needles() -> None:
    """A line is searched only when it holds a needle, so the shortest line every alternative
    matches must hold one of its rule's needles."""
    for rule in (*RULES, *WEAK_RULES):
        tree = sre_parse.parse(rule.pattern.pattern, rule.pattern.flags)
        (_, (_, branches)) = tree[0] if str(tree[0][0]) == "BRANCH" else (None, (None, [tree]))
        for branch in branches:
            example = _example(branch)
            tokens = set(re.findall(r"[a-z0-9]+", example.lower()))
            assert tokens & rule.needles, (rule.category, example)


# --- workloads ----------------------------------------------------------------------------------


def test_workloads_are_named_from_every_alert_shape() -> None:
    shapes = {
        "data-orders-db-0": {"persistentvolumeclaim": "data-orders-db-0"},
        "checkout": {"horizontalpodautoscaler": "checkout"},
        "importer": {"replicaset": "importer-6c7d8b9f5"},
        "distributor": {"job": "logging/distributor"},
        "orders-metrics": {"service": "orders-metrics"},
        "": {"service": "kube-prometheus-stack-kube-state-metrics", "job": "kube-state-metrics"},
        "nightly": {"job_name": "nightly"},
    }
    for app, labels in shapes.items():
        expected = "orders-db" if app == "data-orders-db-0" else app
        assert workload_of(labels) == expected, labels


# --- robustness ---------------------------------------------------------------------------------

_label_values = st.text(max_size=40)
_labels = st.dictionaries(
    st.sampled_from(["alertname", "reason", "pod", "namespace", "severity", "condition", "app"]),
    _label_values,
)
_texts = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.sampled_from(
            [
                "OOMKilled",
                "메모리 부족",
                "Exit Code: 137",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "\n",
                '"GET / HTTP/1.1" 503 UF',
                "nr_throttled 5",
                "KubePodCrashLooping",
                "재시작 반복",
            ]
        )
    ).map("".join),
)


@given(
    st.lists(
        st.builds(
            AlertInput,
            _labels,
            st.dictionaries(st.sampled_from(["summary", "description"]), _texts),
            st.sampled_from(["firing", "resolved", "weird"]),
        ),
        max_size=4,
    ),
    _texts,
)
def test_analyze_incident_never_raises_and_answers_in_the_vocabulary(
    alerts: list[AlertInput], log: str
) -> None:
    analysis = analyze_incident(alerts, log)
    assert analysis.category in CATEGORIES
    assert analysis.severity in SEVERITIES
    assert analysis.confidence in ("high", "medium", "low")
    assert analysis.explanation.startswith("classified as ")
    assert len(analysis.signal.detail) <= 202
    assert bool(analysis.evidence) == (analysis.category != "unknown")
