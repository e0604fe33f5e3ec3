"""Failure families worded outside the analyzer's first rules (issue 12, round 2): each family's
wording across runtimes, tools and products, as alerts and as pasted text, must give the
taxonomy's category (tests/eval/README.md)."""

from __future__ import annotations

import pytest

from tests.graph.analysis.classify import alert_category, log_category


def _alert(name: str, summary: str, description: str = "", **labels: str) -> str:
    """The category of an alert of the `shop` namespace, analysed as the workflow does."""
    return alert_category(name, summary, description, **{"namespace": "shop", **labels})


_log = log_category


ALERTS = [
    # 1. memory usage of products
    (
        "oom",
        "RedisMemoryHigh",
        "Redis out of memory (instance redis-0)",
        "Redis is running out of memory (> 90%)\n  VALUE = 93.4",
    ),
    (
        "oom",
        "JvmHeapUsageHigh",
        "JVM heap usage is above 90%",
        "Heap used ratio of orders-api is 0.94 for 5 minutes.",
    ),
    (
        "oom",
        "ElasticsearchHeapUsageTooHigh",
        "Elasticsearch Heap Usage Too High",
        "The heap usage is over 90%\n  VALUE = 91.2",
    ),
    (
        "oom",
        "ContainerMemoryUsage",
        "Container Memory usage (instance 10.0.3.4:8080)",
        "Container Memory usage is above 80%\n  VALUE = 88.1",
    ),
    (
        "oom",
        "PodMemoryNearLimit",
        "Pod checkout-5d8 memory near limit",
        "Pod shop/checkout-5d8 is using 95% of its memory limit.",
    ),
    # 4. CPU saturation
    (
        "cpu_throttling",
        "ContainerHighCpuUtilization",
        "Container High CPU utilization",
        "Container CPU utilization is above 80%\n  VALUE = 97",
    ),
    (
        "cpu_throttling",
        "HighCPUUsage",
        "CPU usage above 90% for api",
        "Pod api-7f CPU usage is at 96% of its limit for 15 minutes.",
    ),
    (
        "cpu_throttling",
        "CPUQuotaExceeded",
        "CPU quota exhausted",
        "The container used its whole CFS quota in 80% of the periods.",
    ),
    # 5. Ceph, MinIO, etcd quota
    (
        "disk_full",
        "CephOSDNearFull",
        "OSD(s) running low on free space (NEARFULL)",
        "One or more OSDs have reached the NEARFULL threshold. Add storage or rebalance.",
    ),
    (
        "disk_full",
        "CephPoolFull",
        "Pool is full - writes are blocked",
        "A pool has reached its MAX quota, or OSDs supporting the pool have reached the FULL "
        "threshold.",
    ),
    (
        "disk_full",
        "CephOSDFull",
        "OSD full, writes blocked",
        "An OSD has reached the FULL threshold. Writes to pools that share the OSD are blocked.",
    ),
    (
        "disk_full",
        "etcdBackendQuotaLowSpace",
        "etcd database size is close to its quota",
        'etcd cluster "kube-etcd": database size exceeds the defined quota on etcd-0, please '
        "defrag or increase the quota as the writes to etcd will be disabled when it is full.",
    ),
    (
        "disk_full",
        "MinioDiskSpaceUsage",
        "MinIO disk space usage high",
        "MinIO available free space is low (< 10%)",
    ),
    # 6. push 5xx
    (
        "high_error_rate",
        "PrometheusRemoteWriteFailing",
        "Remote write is failing",
        "Prometheus failed to send 12% of the samples to the remote storage (HTTP 503).",
    ),
    # 7. SLO burn rate
    (
        "high_error_rate",
        "SLOErrorBudgetBurn",
        "High error budget burn for checkout-availability",
        "The error budget of checkout-availability is burning too fast (14.4x).",
    ),
    (
        "high_error_rate",
        "ErrorBudgetBurn",
        "Error budget is burning fast",
        "Burn rate over 1h and 5m windows is above 14.4.",
    ),
    (
        "high_latency",
        "SLOErrorBudgetBurn",
        "High error budget burn for checkout-latency",
        "The error budget of the p99 latency SLO checkout-latency is burning too fast.",
    ),
    # 8. kafka lag
    (
        "high_latency",
        "KafkaConsumerGroupLag",
        "Kafka consumer group lag is high",
        "Consumer group billing lags 120000 messages behind on topic invoices.",
    ),
    # 10. KV stores
    (
        "node_health",
        "etcdNoLeader",
        "etcd cluster has no leader",
        'etcd cluster "kube-etcd": member etcd-1 has no leader.',
    ),
    (
        "node_health",
        "ConsulNoLeader",
        "Consul cluster has no leader",
        "The Consul server cluster has no elected leader.",
    ),
    (
        "node_health",
        "ZookeeperDown",
        "Zookeeper down (instance zk-1)",
        "Zookeeper instance zk-1 is down",
    ),
    # 11. cert
    (
        "cert_expiry",
        "SSLCertExpiring",
        "TLS certificate notAfter is in 6 days",
        "notAfter=Mar  9 12:00:00 2025 GMT for shop.example.com",
    ),
    # 12. config reload
    (
        "config_error",
        "ConfigReloadFailed",
        "Config reload failed",
        "prometheus-config-reloader could not reload the configuration of alertmanager-main.",
    ),
    (
        "config_error",
        "AlertmanagerConfigInconsistent",
        "Reloading configuration file failed",
        "Alertmanager alertmanager-main-0 reports: Reloading configuration file failed.",
    ),
    (
        "config_error",
        "LokiRulerConfigReloadFailure",
        "Loki ruler configuration reload failure",
        "The last configuration reload of the Loki ruler was unsuccessful.",
    ),
    (
        "config_error",
        "VMAgentConfigReloadErrors",
        "Configuration reload failed",
        "vmagent has failed to reload its configuration file; check the logs.",
    ),
    # 13. service down
    (
        "node_health",
        "ServiceDown",
        "Service checkout is down",
        "up == 0 for the checkout target for 5 minutes.",
    ),
    (
        "node_health",
        "EndpointDown",
        "Endpoint down",
        "Endpoint http://10.0.3.4:8080/metrics is down.",
    ),
    (
        "node_health",
        "InstanceDown",
        "Instance 10.0.3.4:9100 down",
        "10.0.3.4:9100 of job node has been down for more than 5 minutes.",
    ),
    # 15. third-party rate limits
    (
        "dependency_limit",
        "GithubApiRateLimited",
        "GitHub API rate limit",
        "Calls to api.github.com answer 403 API rate limit exceeded for installation.",
    ),
    # 17. etcd latency
    (
        "high_latency",
        "etcdHighFsyncDurations",
        "etcd cluster 99th percentile fsync durations are too high.",
        'etcd cluster "kube-etcd": 99th percentile fsync durations are 0.8s on etcd-0.',
    ),
    (
        "high_latency",
        "etcdHighCommitDurations",
        "etcd cluster 99th percentile commit durations are too high.",
        'etcd cluster "kube-etcd": 99th percentile commit durations 0.31s on etcd-2.',
    ),
    (
        "high_latency",
        "EtcdWalFsyncSlow",
        "etcd WAL fsync slow",
        "wal fsync duration p99 above 500ms: the disk under etcd is slow.",
    ),
]

LOGS = [
    # 2. exit code 137 without OOMKilled
    (
        "probe_failure",
        "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n"
        "Events:\n  Warning  Unhealthy  3m (x9 over 6m)  kubelet  Liveness probe failed: Get "
        '"http://10.1.2.3:8080/health": context deadline exceeded\n'
        "  Normal   Killing    3m  kubelet  Container api failed liveness probe, will be restarted",
    ),
    (
        "crashloop",
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n"
        "    Ready:          False\n    Restart Count:  7\n"
        "  Warning  BackOff  1m (x31 over 9m)  kubelet  Back-off restarting failed container",
    ),
    (
        "crashloop",
        "containerStatuses: OOMKilled=false, exitCode=137, reason=Error, "
        "restartCount=12: the process received SIGKILL",
    ),
    # 3. registry errors
    (
        "image_pull",
        'Failed to pull image "registry.example.com/shop/api:1.4": rpc error: code '
        '= Unknown desc = failed to resolve reference "registry.example.com/shop/api:1.4": '
        "unexpected status from HEAD request: 401 Unauthorized",
    ),
    (
        "image_pull",
        'Error response from daemon: Head "https://123456789012.dkr.ecr.eu-west-1'
        '.amazonaws.com/v2/api/manifests/2.0": no basic auth credentials',
    ),
    ("image_pull", "unauthorized: authentication required"),
    ("image_pull", "denied: requested access to the resource is denied"),
    ("image_pull", "reading manifest 3.1 in quay.io/acme/worker: manifest unknown"),
    (
        "image_pull",
        "Error: initializing source docker://ghcr.io/acme/web:7: reading manifest 7 "
        "in ghcr.io/acme/web: not found: manifest unknown",
    ),
    (
        "image_pull",
        'Failed to pull image "myacr.azurecr.io/web:9": failed to authorize: failed '
        "to fetch oauth token: unexpected status: 401 Unauthorized",
    ),
    (
        "image_pull",
        'Failed to pull image "harbor.corp/lib/app:3": unexpected status code 403 Forbidden',
    ),
    (
        "image_pull",
        'failed to pull and unpack image "gcr.io/acme/api:5": failed to copy: '
        "httpReadSeeker: failed open: unexpected status code https://gcr.io/v2/acme/api/blobs/"
        "sha256:ab12: 403 Forbidden",
    ),
    # 4. Korean CPU quota
    ("cpu_throttling", "api 파드 CPU 쿼터 초과로 처리 지연이 발생하고 있습니다"),
    ("cpu_throttling", "CPU 사용률이 리밋의 95%에 도달했습니다"),
    # 5. Redis MISCONF
    (
        "disk_full",
        "redis.exceptions.ResponseError: MISCONF Redis is configured to save RDB "
        "snapshots, but it is currently not able to persist on disk. Commands that may modify the "
        "data set are disabled.",
    ),
    ("disk_full", "etcdserver: mvcc: database space exceeded"),
    (
        "disk_full",
        "Storage backend has reached its minimum free drive threshold. Please delete "
        "a few objects to proceed.",
    ),
    (
        "disk_full",
        "HEALTH_ERR 1 full osd(s); 2 pool(s) full\nOSD_FULL 1 full osd(s)\n"
        "    osd.3 is full at 95%",
    ),
    ("disk_full", "HEALTH_WARN 2 nearfull osd(s)\n    osd.1 is near full at 87%"),
    # 6. push 5xx and JSON access logs
    (
        "high_error_rate",
        'level=warn component=remote msg="Failed to send batch, retrying" '
        'err="server returned HTTP status 503 Service Unavailable: upstream not ready"',
    ),
    (
        "high_error_rate",
        'level=error msg="push failed" err="server returned HTTP status 500 Internal Server Error"',
    ),
    (
        "high_error_rate",
        '{"time":"2025-03-02T08:00:01Z","path":"/api/cart","status":503,"latency_ms":2}\n'
        '{"time":"2025-03-02T08:00:02Z","path":"/api/cart","status":503,"latency_ms":1}\n'
        '{"time":"2025-03-02T08:00:02Z","path":"/api/orders","status":200,"latency_ms":12}\n'
        '{"time":"2025-03-02T08:00:03Z","path":"/api/cart","status":502,"latency_ms":3}',
    ),
    # 8. kafka lag table
    (
        "high_latency",
        "GROUP           TOPIC     PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG     CONSUMER-ID\n"
        "billing         invoices  0          1200            98000           96800   consumer-1\n"
        "billing         invoices  1          1350            97500           96150   consumer-2",
    ),
    # 9. gRPC unavailable
    (
        "connection_error",
        "rpc error: code = Unavailable desc = connection error: desc = "
        '"transport: Error while dialing: dial tcp 10.0.0.5:9000: i/o timeout"',
    ),
    (
        "connection_error",
        "grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that "
        'terminated with: status = StatusCode.UNAVAILABLE details = "failed to connect">',
    ),
    ("connection_error", "Error: 14 UNAVAILABLE: No connection established"),
    ("connection_error", "io.grpc.StatusRuntimeException: UNAVAILABLE: io exception"),
    # 10. KV stores unreachable
    (
        "connection_error",
        'level=error msg="error getting KV" err="Get '
        '\\"http://consul:8500/v1/kv/collectors\\": dial tcp 10.0.2.9:8500: connect: connection '
        'refused"',
    ),
    (
        "connection_error",
        "org.apache.zookeeper.ClientCnxn: Session 0x0 for server zk-0:2181, "
        "unexpected error, closing socket connection and attempting reconnect",
    ),
    ("node_health", "etcdserver: no leader"),
    # 11. cert wordings
    ("cert_expiry", "notAfter=Feb 11 08:14:02 2025 GMT"),
    ("cert_expiry", "curl: (60) SSL certificate problem: certificate has expired"),
    (
        "cert_expiry",
        "x509: certificate has expired or is not yet valid: current time "
        "2025-03-02T08:00:01Z is after 2025-02-28T23:59:59Z",
    ),
    ("cert_expiry", "Your connection is not private  NET::ERR_CERT_DATE_INVALID"),
    # 12. config reloaders
    (
        "config_error",
        "level=error ts=2025-03-02T08:00:01Z caller=coordinator.go:124 "
        'component=configuration msg="Loading configuration file failed" '
        'file=/etc/alertmanager/config_out/alertmanager.env.yaml err="yaml: unmarshal errors"',
    ),
    (
        "config_error",
        "2025/03/02 08:00:01 error: Received response code 500 , expected 200\n"
        "2025/03/02 08:00:01 config map updated, webhook failed: reload",
    ),
    (
        "config_error",
        "ts=2025-03-02T08:00:01Z caller=main.go:1190 level=error "
        'msg="Error reloading config" err="couldn\'t load configuration (--config.file=prom.yml): '
        'parsing YAML file prom.yml: yaml: line 12: did not find expected key"',
    ),
    # 13. up == 0
    ("node_health", 'up{job="checkout",instance="10.0.3.4:8080"} == 0 for 5m: target down'),
    # 14. connection limit + probe failure
    (
        "dependency_limit",
        "Warning  Unhealthy  2m (x12 over 8m)  kubelet  Readiness probe failed: HTTP probe failed "
        "with statuscode: 503\n"
        "psycopg2.OperationalError: FATAL:  sorry, too many clients already",
    ),
    (
        "dependency_limit",
        "ERROR 1040 (08004): Too many connections\n"
        "Warning  Unhealthy  1m (x5 over 4m)  kubelet  Liveness probe failed: HTTP probe failed "
        "with statuscode: 500",
    ),
    # 15. third-party rate limits
    (
        "dependency_limit",
        "botocore.exceptions.ClientError: An error occurred "
        "(ThrottlingException) when calling the PutMetricData operation: Rate exceeded",
    ),
    (
        "dependency_limit",
        "An error occurred (SlowDown) when calling the PutObject operation: "
        "Please reduce your request rate.",
    ),
    (
        "dependency_limit",
        "stripe.error.RateLimitError: Request rate limit exceeded (429 Too Many Requests)",
    ),
    (
        "dependency_limit",
        'googleapiclient.errors.HttpError: <HttpError 429 "Quota exceeded for '
        "quota metric 'Queries' and limit 'Queries per minute'\">",
    ),
    (
        "dependency_limit",
        "GET https://api.github.com/repos/acme/app/pulls: 403 API rate limit "
        "exceeded for user ID 4242.",
    ),
    # 16. negations
    (
        "unknown",
        "health check passed: no errors, 0 failures in the last hour, container not "
        "OOMKilled, running without restarts, status healthy",
    ),
    ("unknown", "Summary: 0 errors, 0 failures, no OOM kills, no restarts. All pods healthy."),
    # 17. etcd slow disk
    (
        "high_latency",
        "etcdserver: slow fdatasync took 1.2s, expected less than 1s\n"
        "wal: sync duration of 1.31s, expected less than 1s",
    ),
    ("high_latency", "etcdserver: apply request took too long (312ms, expected 100ms)"),
    # 18. kubectl describe node conditions
    (
        "node_health",
        "Conditions:\n  Type             Status  LastHeartbeatTime  Reason                       "
        "Message\n  ----             ------  -----------------  ------                       "
        "-------\n  MemoryPressure   False   Sun, 02 Mar 2025   KubeletHasSufficientMemory   "
        "kubelet has sufficient memory available\n  DiskPressure     False   Sun, 02 Mar 2025   "
        "KubeletHasNoDiskPressure     kubelet has no disk pressure\n  PIDPressure      False   "
        "Sun, 02 Mar 2025   KubeletHasSufficientPID      kubelet has sufficient PID available\n"
        "  Ready            Unknown Sun, 02 Mar 2025   NodeStatusUnknown            Kubelet "
        "stopped posting node status.",
    ),
    # 19. EMFILE wordings
    ("too_many_open_files", "accept4: No file descriptors available"),
    (
        "too_many_open_files",
        "http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 1s",
    ),
    ("too_many_open_files", "VFS: file-max limit 65536 reached\nToo many open files in system"),
    ("too_many_open_files", "Error: EMFILE: too many open files, watch '/app/src'"),
    # 20. evictions in prose
    ("evicted", "the pod was evicted by the kubelet"),
    ("evicted", "Pod ephemeral local storage usage exceeds the total limit of containers 2Gi."),
    (
        "evicted",
        'eviction_manager.go:366] "Eviction manager: pods ranked for eviction"\n'
        'eviction_manager.go:578] "Eviction manager: evicting pod" pod="shop/api-7f"',
    ),
]


@pytest.mark.parametrize(
    ("category", "name", "summary", "description"), ALERTS, ids=[f"{a[1]}-{a[0]}" for a in ALERTS]
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


@pytest.mark.parametrize(
    ("slo", "category"),
    [
        ("requests-availability", "high_error_rate"),
        ("requests-latency", "high_latency"),
        ("p99-response-time", "high_latency"),
    ],
)
def test_an_slo_label_says_which_budget_burns(slo: str, category: str) -> None:
    """Sloth and Pyrra label burn-rate alerts with the SLO: its name decides between the two
    measured symptoms, whatever the templated text says of the "error budget"."""
    got = _alert(
        "SLOErrorBudgetBurnRateHigh",
        "High error budget burn",
        "checkout is burning its error budget 14x faster than allowed.",
        sloth_service="checkout",
        sloth_slo=slo,
    )
    assert got == category


def test_a_describe_node_table_of_healthy_conditions_says_nothing() -> None:
    """Only True (or Unknown for Ready) conditions are evidence; the False rows name
    pressure too."""
    table = (
        "Conditions:\n  Type             Status  Reason                       Message\n"
        "  MemoryPressure   False   KubeletHasSufficientMemory   kubelet has sufficient memory "
        "available\n  DiskPressure     False   KubeletHasNoDiskPressure     kubelet has no disk "
        "pressure\n  PIDPressure      False   KubeletHasSufficientPID      kubelet has "
        "sufficient PID available\n  Ready            True    KubeletReady                 "
        "kubelet is posting ready status"
    )
    assert _log(table) == "unknown"


def test_a_third_party_rate_limit_in_either_word_order_is_a_dependency_limit() -> None:
    text = (
        "sync failed: GET https://api.github.com/orgs/acme/repos: 403 You have exceeded a "
        "secondary rate limit. Please wait a few minutes before you try again."
    )
    assert _log(text) == "dependency_limit"
