"""Failure families of the development cases F (issue 12, round 3), each worded as other tools
and products word it, plus the traps of the round: every text must give the taxonomy's
category (tests/eval/README.md), and a healthy one `unknown`."""

from __future__ import annotations

import pytest

from graph.analysis import AlertInput, analyze_incident
from tests.graph.analysis.classify import alert_category, log_category

_alert, _log = alert_category, log_category


ALERTS = [
    # GitOps and progressive delivery
    ("rollout_failure", "ArgoCdAppSyncFailed", "An ArgoCD Application has failed to sync."),
    (
        "rollout_failure",
        "AppHealthBad",
        "Application payments health is Degraded",
        'argocd_app_info{health_status="Degraded"} for payments',
    ),
    ("rollout_failure", "ThanosCompactHalted", "Thanos Compact has failed to run and is halted."),
    ("rollout_failure", "NightlyBackupBroken", "Backup failed for schedule daily-db"),
    # error rates without an SLO
    ("high_error_rate", "MeshSuccessRate", "Success rate of deploy/cart fell to 91%"),
    ("high_error_rate", "CoreDNSErrorsHigh", "CoreDNS is returning SERVFAIL for 4% of requests."),
    # CPU saturation of hosts and databases; no limit change proposed for a host
    (
        "cpu_throttling",
        "HostHighCpuLoad",
        "Host high CPU load (instance db-3)",
        "CPU load is > 80%",
    ),
    ("cpu_throttling", "PgCpuBusy", "Postgres primary CPU utilization at 97% for 10m"),
    # node, runtime and clock
    ("node_health", "KubeletPlegDurationHigh", "Kubelet PLEG is taking too long to relist."),
    ("node_health", "VmStatusCheck", "Instance status check failed on i-0abc (StatusCheckFailed)"),
    ("node_health", "RedisExporterUp", "Redis exporter is not up."),
    # capacity
    ("scheduling", "IpPoolEmpty", "Cilium IPAM has no more free IP addresses in pool default"),
    ("scheduling", "NodePoolFull", "Karpenter node pool spot is nearing its limits"),
    # certificates, pools, memory, crashes, disks
    ("cert_expiry", "IssuerExpiry", "Root CA corp-root expires in 9 days"),
    ("dependency_limit", "PoolSaturation", "Connection capacity of pgbouncer-1 is above 92%"),
    ("oom", "MimirAllocatingTooMuchMemory", "Ingester is allocating too much memory."),
    ("crashloop", "CephDaemonCrash", "One or more Ceph daemons have crashed recently."),
    ("disk_full", "MonStoreLow", "Free space available to the mon store is critically low"),
]

LOGS = [
    # a job's deadline, helm's release history, cron schedules missed, canary analysis
    (
        "rollout_failure",
        "Conditions:\n  Type    Status  Reason\n  Failed  True    DeadlineExceeded",
    ),
    ("rollout_failure", '9  failed  Install "api" failed: context deadline exceeded'),
    (
        "rollout_failure",
        "Warning  TooManyMissedTimes  cronjob-controller  too many missed start times: 120. "
        "Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    ),
    ("rollout_failure", 'metric "latency-p99" assessed Error due to error (5) > errorLimit'),
    # the container runtime behind the kubelet
    (
        "node_health",
        'E0101 kubelet.go:1] "Version from runtime service failed" err="dial unix '
        '/var/run/crio/crio.sock: connect: no such file or directory"',
    ),
    ("node_health", "chronyd[1]: System clock wrong by 3.1 seconds, adjustment started"),
    # ENOSPC decides a pull that cannot unpack its layer
    (
        "disk_full",
        'Failed to pull image "r/x:1": failed to extract layer: write /var/lib/containerd/x: '
        "no space left on device",
    ),
    # framework configuration errors
    ("config_error", "django.core.exceptions.ImproperlyConfigured: DATABASES is improperly set"),
    ("config_error", "Error: YAML parse error on line 4: mapping values are not allowed here"),
    (
        "config_error",
        "app.rb:12:in `fetch': Missing `api_key` for 'staging' environment (KeyError)",
    ),
    # TLS as .NET says it; a DNS server answering SERVFAIL; the nginx limiter; gRPC codes
    (
        "tls_error",
        "AuthenticationException: The remote certificate is invalid according to the "
        "validation procedure: RemoteCertificateNameMismatch",
    ),
    ("high_error_rate", 'limiting requests, excess: 5.1 by zone "api", client: 10.1.1.1'),
    ("high_error_rate", 'msg="finished call" grpc.code=Internal grpc.method=/a.B/C'),
    # pools and queues of other drivers
    (
        "dependency_limit",
        "Npgsql.NpgsqlException: The connection pool has been exhausted, max pool size was reached",
    ),
    ("dependency_limit", "KafkaException: Local: Queue full"),
    (
        "dependency_limit",
        "DB::Exception: Too many concurrent queries. (TOO_MANY_SIMULTANEOUS_QUERIES)",
    ),
    # memory limits of query engines; the cgroup's own count
    ("oom", "Code: 241. DB::Exception: Memory limit (total) exceeded: would use 30 GiB"),
    ("oom", "$ cat memory.events\nlow 0\nhigh 0\nmax 12\noom 3\noom_kill 3"),
    # volumes
    ("volume", "umount.nfs: /data: Stale file handle"),
    ("volume", "NAME  STATUS  VOLUME\nwal-db-0  Lost  pvc-9f1c2d"),
    # evictions of a taint manager and of preemption victims
    ("evicted", "Normal  TaintManagerEviction  pod/web-1  Marking for deletion Pod web/web-1"),
    ("evicted", "Normal  Preempted  default-scheduler  Preempted by pod 9f1c on node n-1"),
    # access logs: ALB and Traefik statuses, slow answers in Envoy's format
    (
        "high_error_rate",
        "\n".join(
            f"h2 2025-01-01T00:00:0{n}.1Z app/lb/1 1.1.1.1:1 10.0.0.1:80 0.001 0.002 0.000 503 "
            f'503 10 20 "GET https://a.example:443/ HTTP/2.0" "curl"'
            for n in range(3)
        ),
    ),
    ("high_error_rate", '{"DownstreamStatus":502,"RequestPath":"/a"}\n{"DownstreamStatus":502}'),
    (
        "high_latency",
        '[2025-01-01T00:00:00.000Z] "GET /a HTTP/1.1" 200 - 0 12 4200 4198 "-" "curl" "1" "a" "b"',
    ),
    # command output: kubeadm's residual time, a PromQL throttled share
    (
        "cert_expiry",
        "CERTIFICATE   EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY\n"
        "apiserver     Jan 02, 2026 10:00 UTC   <invalid>       ca",
    ),
    (
        "cpu_throttling",
        "rate(container_cpu_cfs_throttled_periods_total[5m]) / "
        "rate(container_cpu_cfs_periods_total[5m])\n=> 0.61",
    ),
    # Korean: an outside API's daily quota, 5xx shares, upgrade retries
    ("dependency_limit", "외부 결제 API 일일 할당량이 모두 소진되었습니다"),
    ("high_error_rate", "주문 요청의 30%가 503 에러로 끝나고 있습니다"),
    ("rollout_failure", "헬름 업그레이드 재시도를 모두 소진했습니다"),
]

HEALTHY = [
    "nginx: configuration reload done, 0 errors",
    "INFO tls: handshake completed with peer api.internal, verify=ok",
    "storage check: OK (threshold 90%), nothing to clean",
    "WARN db: dial tcp 10.0.0.5:5432: connect: connection refused (retry 1)\n"
    "INFO db: connected to 10.0.0.5:5432 on attempt 2",
    "container_cpu_cfs_throttled_periods_total 0\nlatency p99 12ms",
    "oom_kill 0\noom 0",
    "CERTIFICATE   EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY\n"
    "apiserver     Jan 02, 2027 10:00 UTC   364d            ca",
    '[2025-01-01T00:00:00.000Z] "GET /a HTTP/1.1" 200 - 0 12 35 33 "-" "curl" "1" "a" "b"',
]


@pytest.mark.parametrize(
    ("category", "name", "summary", "description"),
    [(*a, "") if len(a) == 3 else a for a in ALERTS],
    ids=[f"{n}-{a[0]}" for n, a in enumerate(ALERTS)],
)
def test_alerts_of_each_family_get_their_category(
    category: str, name: str, summary: str, description: str
) -> None:
    assert _alert(name, summary, description) == category


@pytest.mark.parametrize(
    ("category", "text"), LOGS, ids=[f"{n}-{c}" for n, (c, _) in enumerate(LOGS)]
)
def test_pasted_text_of_each_family_gets_its_category(category: str, text: str) -> None:
    assert _log(text) == category


@pytest.mark.parametrize("text", HEALTHY, ids=[f"healthy-{n}" for n in range(len(HEALTHY))])
def test_healthy_text_with_failure_words_is_unknown(text: str) -> None:
    assert _log(text) == "unknown"


def test_a_taint_manager_eviction_after_a_node_not_ready_is_the_node() -> None:
    text = (
        "Warning  NodeNotReady  pod/web-1  Node is not ready\n"
        "Normal  TaintManagerEviction  pod/web-1  Marking for deletion Pod web/web-1"
    )
    assert _log(text) == "node_health"


def test_host_cpu_saturation_proposes_no_limit_change() -> None:
    labels = {"alertname": "NodeCPUHighUsage", "severity": "info", "instance": "10.0.0.1:9100"}
    annotations = {"summary": "High CPU usage.", "description": "CPU usage is at 96%."}
    analysis = analyze_incident([AlertInput(labels, annotations)], "")
    assert analysis.category == "cpu_throttling"
    assert analysis.remediation is None
    assert "host" in analysis.actions[0]
