"""Development cases, round 2 (issue 12): the failure families the second held-out set showed
worded outside the rules, each written from how the product or tool words it (its rule files,
docs or public issue threads, cited per case), not copied from any one message."""

from __future__ import annotations

from tests.eval.dev_builders import KSM, Case, alert, case, logged

_GH = "https://github.com"
REDIS_MISCONF = f"{_GH}/redis/redis/issues/9913"
CONTAINERD_401 = f"{_GH}/containerd/containerd/issues/6492"
CONTAINERD_DENIED = f"{_GH}/containerd/containerd/issues/11103"
CEPH_POOLS = (
    f"{_GH}/cobaltcore-dev/cloud-storage-operations/blob/main/charts/ceph-operations/alerts/"
    "ceph-pools.alerts.tpl"
)
CEPH_HEALTH = "https://docs.ceph.com/en/latest/rados/operations/health-checks/"
RELOADER = f"{_GH}/prometheus-operator/prometheus-operator/issues/4708"
CONFIGMAP_RELOAD = f"{_GH}/jimmidyson/configmap-reload/blob/master/configmap-reload.go"
ETCD_MIXIN = f"{_GH}/etcd-io/etcd/blob/main/contrib/mixin/alerts/alerts.libsonnet"
SLOTH = "https://sloth.dev/introduction/"
KAFKA_OPS = "https://kafka.apache.org/documentation/#basic_ops_consumer_lag"
GRPC_STATUS = "https://grpc.github.io/grpc/core/md_doc_statuscodes.html"
AWS_THROTTLE = "https://docs.aws.amazon.com/general/latest/gr/api-retries.html"
GITHUB_LIMITS = "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api"
OPENSSL_X509 = "https://docs.openssl.org/master/man1/openssl-x509/"
CHROME_ERRORS = "https://support.google.com/chrome/answer/6098869"
MUSL_STRERROR = "https://git.musl-libc.org/cgit/musl/tree/src/errno/__strerror.h"
K8S_EVICTION = "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/"
K8S_NODES = "https://kubernetes.io/docs/reference/node/node-status/"
K8S_PROBES = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"
PG_CONNECTIONS = "https://www.postgresql.org/docs/current/runtime-config-connection.html"
MINIO_ERRORS = f"{_GH}/minio/minio/blob/master/cmd/api-errors.go"
AWESOME = f"{_GH}/samber/awesome-prometheus-alerts/blob/master/_data/rules.yml"
PROM_RW = f"{_GH}/prometheus/prometheus/blob/main/storage/remote/queue_manager.go"


def _alert_case(
    id: str,
    category: str,
    name: str,
    summary: str,
    description: str,
    *,
    source: str,
    why: str,
    **labels: str,
) -> Case:
    return case(
        id,
        category,
        "alert",
        [alert(name, "warning", summary=summary, description=description, **labels)],
        source=source,
        why=why,
    )


CASES: list[Case] = [
    # 1. memory usage of products
    _alert_case(
        "e-oom-redis-maxmemory-ratio",
        "oom",
        "RedisMemoryPressure",
        "redis-sessions uses 94% of maxmemory",
        "Memory used by redis-sessions-0 is 94% of its configured maxmemory for 10m.",
        source=AWESOME,
        why="memory usage share of an in-memory store",
        namespace="cache",
        pod="redis-sessions-0",
    ),
    _alert_case(
        "e-oom-pod-memory-limit-share",
        "oom",
        "PodMemoryUsageHigh",
        "Pod memory usage is above 90% of its limit",
        "Container worker of pod batch/worker-6c7 uses 92.5% of its memory limit.",
        source=AWESOME,
        why="container memory near its limit",
        namespace="batch",
        pod="worker-6c7",
        container="worker",
    ),
    # 2. exit 137 after a liveness kill / SIGKILL, not OOM
    logged(
        "e-probe-exit137-liveness-kill",
        "probe_failure",
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n"
        "  Warning  Unhealthy  4m (x6 over 7m)  kubelet  Liveness probe failed: Get "
        '"http://10.4.1.9:9000/live": context deadline exceeded (Client.Timeout exceeded '
        "while awaiting headers)\n"
        "  Normal   Killing    4m  kubelet  Container billing failed liveness probe, will be "
        "restarted",
        app="billing",
        ns="pay",
        source=K8S_PROBES,
        why="Trap: exit 137 with reason Error after a liveness kill is a probe failure",
    ),
    logged(
        "e-crash-exit137-oomkilled-false",
        "crashloop",
        "lastState.terminated: {exitCode: 137, reason: Error, signal: 9}\n"
        "OOMKilled: false\nrestartCount: 9",
        app="indexer",
        ns="search",
        source=K8S_PROBES,
        why="Trap: SIGKILL without an OOM kill and no probe named: a crash loop",
    ),
    # 3. registry errors
    logged(
        "e-img-containerd-401",
        "image_pull",
        'kubelet  Failed to pull image "registry.corp.example/team/api:4.2": failed to '
        "resolve reference: unexpected status from HEAD request to "
        "https://registry.corp.example/v2/team/api/manifests/4.2: 401 Unauthorized",
        app="api",
        ns="team",
        source=CONTAINERD_401,
        why="registry answered 401 on a pull",
    ),
    logged(
        "e-img-denied-requested-access",
        "image_pull",
        "Error response from daemon: pull access denied for acme/private-tool, repository does "
        "not exist or may require 'docker login': denied: requested access to the resource is "
        "denied",
        app="tool",
        ns="ci",
        source=CONTAINERD_DENIED,
        why="docker registry denial",
    ),
    logged(
        "e-img-auth-required",
        "image_pull",
        'time="2025-04-01T10:00:00Z" level=error msg="trying next host" '
        'error="unauthorized: authentication required" host=myregistry.azurecr.io',
        app="web",
        ns="front",
        source=CONTAINERD_DENIED,
        why="registry auth required",
    ),
    # 4. CPU saturation, Korean CPU quota
    _alert_case(
        "e-cpu-container-near-limit",
        "cpu_throttling",
        "ContainerCpuNearLimit",
        "CPU usage above 90% of the limit",
        "Container render in media/render-5f uses 97% of its CPU limit for 15 minutes.",
        source=AWESOME,
        why="CPU limit saturation",
        namespace="media",
        pod="render-5f",
    ),
    case(
        "e-cpu-ko-quota",
        "cpu_throttling",
        "alert",
        [
            alert(
                "파드CPU쿼터초과",
                "warning",
                summary="render 파드의 CPU 쿼터 초과",
                description="render 컨테이너가 CPU 리밋에 도달해 처리가 늦어지고 있습니다.",
                namespace="media",
            )
        ],
        lang="ko",
        source=AWESOME,
        why="Korean CPU quota phrasing",
    ),
    # 5. Ceph, Redis MISCONF, MinIO, etcd quota
    _alert_case(
        "e-disk-ceph-pool-full",
        "disk_full",
        "CephPoolFull",
        "Pool is full - writes are blocked",
        "A pool has reached its MAX quota, or OSDs supporting the pool have reached the FULL "
        "threshold.",
        source=CEPH_POOLS,
        why="Ceph pool full",
        namespace="rook-ceph",
    ),
    logged(
        "e-disk-ceph-health-nearfull",
        "disk_full",
        "$ ceph health detail\nHEALTH_WARN 1 nearfull osd(s); 3 pool(s) nearfull\n"
        "[WRN] OSD_NEARFULL: 1 nearfull osd(s)\n    osd.4 is near full",
        app="rook-ceph-osd",
        ns="rook-ceph",
        source=CEPH_HEALTH,
        why="ceph health output",
    ),
    logged(
        "e-disk-redis-misconf",
        "disk_full",
        "ERR Error processing job: ReplyError: MISCONF Redis is configured to save RDB "
        "snapshots, but it's currently unable to persist to disk. Commands that may modify the "
        "data set are disabled.",
        app="queue",
        ns="jobs",
        source=REDIS_MISCONF,
        why="Redis refuses writes when it cannot persist its snapshot",
    ),
    logged(
        "e-disk-minio-drive-threshold",
        "disk_full",
        "API: PutObject(bucket=uploads, object=2025/04/a.bin)\nError: Storage backend has "
        "reached its minimum free drive threshold. Please delete a few objects to proceed. "
        "(cmd.StorageFull)",
        app="minio",
        ns="storage",
        source=MINIO_ERRORS,
        why="MinIO storage full",
    ),
    _alert_case(
        "e-disk-etcd-quota",
        "disk_full",
        "EtcdBackendQuotaNearlyFull",
        "etcd database size is close to its quota",
        "etcd member etcd-2: backend database size is above 90% of the space quota; writes "
        "will be rejected when it is full.",
        source=ETCD_MIXIN,
        why="etcd space quota",
        namespace="kube-system",
    ),
    # 6. push 5xx, JSON access logs
    logged(
        "e-err-remote-write-5xx",
        "high_error_rate",
        "ts=2025-04-01T10:00:00Z level=warn component=remote remote_name=thanos "
        'msg="Failed to send batch, retrying" err="server returned HTTP status 502 Bad '
        'Gateway: "',
        app="prometheus",
        ns="monitoring",
        source=PROM_RW,
        why="remote write answered 5xx",
    ),
    logged(
        "e-err-json-status-5xx",
        "high_error_rate",
        "\n".join(
            f'{{"ts":"2025-04-01T10:00:0{n}Z","method":"POST","uri":"/v1/pay","status":'
            f'{code},"duration_ms":{3 + n}}}'
            for n, code in enumerate((503, 503, 200, 500, 503))
        ),
        app="pay",
        ns="pay",
        source=PROM_RW,
        why="JSON access log dominated by 5xx",
    ),
    # 7. SLO burn rate
    case(
        "e-err-sloth-availability",
        "high_error_rate",
        "alert",
        [
            alert(
                "SLOErrorBudgetBurnRateHigh",
                "critical",
                summary="High error budget burn",
                description="checkout is burning its error budget 14x faster than allowed.",
                namespace="shop",
                sloth_service="checkout",
                sloth_slo="requests-availability",
            )
        ],
        source=SLOTH,
        why="sloth SLO label: availability",
    ),
    case(
        "e-lat-sloth-latency",
        "high_latency",
        "alert",
        [
            alert(
                "SLOErrorBudgetBurnRateHigh",
                "critical",
                summary="High error budget burn",
                description="checkout is burning its error budget 6x faster than allowed.",
                namespace="shop",
                sloth_service="checkout",
                sloth_slo="requests-latency",
            )
        ],
        source=SLOTH,
        why="sloth SLO label: a latency SLO",
    ),
    # 8. kafka lag
    logged(
        "e-lat-kafka-lag-table",
        "high_latency",
        "$ kafka-consumer-groups.sh --bootstrap-server kafka:9092 --describe --group audit\n"
        "GROUP  TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG    CONSUMER-ID  HOST  "
        "CLIENT-ID\n"
        "audit  events  0          10442           58120           47678  audit-1      /10.2.0.4  "
        "audit\n"
        "audit  events  1          10390           57990           47600  audit-2      /10.2.0.5  "
        "audit",
        app="audit",
        ns="data",
        source=KAFKA_OPS,
        why="consumer lag table",
    ),
    # 9. gRPC unavailable
    logged(
        "e-conn-grpc-node-14",
        "connection_error",
        "Error: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED",
        app="gateway",
        ns="edge",
        source=GRPC_STATUS,
        why="gRPC status 14 from Node",
    ),
    # 10. KV stores
    _alert_case(
        "e-node-consul-no-leader",
        "node_health",
        "ConsulClusterNoLeader",
        "Consul has no leader",
        "The Consul raft cluster in dc1 has no elected leader.",
        source=AWESOME,
        why="KV store without a leader",
        namespace="consul",
    ),
    logged(
        "e-conn-zookeeper-reconnect",
        "connection_error",
        "WARN  [main-SendThread(zk-1.zk:2181)] ClientCnxn - Session 0x0 for server zk-1.zk:2181, "
        "unexpected error, closing socket connection and attempting reconnect",
        app="kafka",
        ns="data",
        source=KAFKA_OPS,
        why="client cannot reach ZooKeeper",
    ),
    # 11. certificates
    logged(
        "e-cert-openssl-notafter",
        "cert_expiry",
        "$ openssl x509 -in tls.crt -noout -dates\nnotBefore=Jan  2 00:00:00 2024 GMT\n"
        "notAfter=Apr  2 00:00:00 2025 GMT",
        app="ingress",
        ns="edge",
        source=OPENSSL_X509,
        why="openssl dates, expired",
    ),
    logged(
        "e-cert-browser-date-invalid",
        "cert_expiry",
        "Users report the page shows 'Your connection is not private' with "
        "NET::ERR_CERT_DATE_INVALID since this morning",
        app="portal",
        ns="web",
        source=CHROME_ERRORS,
        why="browser expiry code",
    ),
    # 12. config reloaders
    logged(
        "e-cfg-reloader-trigger",
        "config_error",
        'level=error ts=2025-04-01T10:00:00Z caller=runutil.go:100 msg="function failed. '
        'Retrying in next tick" err="trigger reload: received non-200 response: 500 '
        'Internal Server Error"',
        app="prometheus",
        ns="monitoring",
        source=RELOADER,
        why="config reloader failed",
    ),
    logged(
        "e-cfg-configmap-reload",
        "config_error",
        "2025/04/01 10:00:00 config map updated\n"
        "2025/04/01 10:00:00 error: Received response code 400 , expected 200",
        app="alertmanager",
        ns="monitoring",
        source=CONFIGMAP_RELOAD,
        why="configmap-reload webhook refused",
    ),
    # 13. service down
    _alert_case(
        "e-node-service-down",
        "node_health",
        "ServiceUnavailable",
        "Service orders is down",
        "up == 0 for job orders for more than 3 minutes",
        source=AWESOME,
        why="scrape target down",
        namespace="shop",
    ),
    # 14. connection limit with probe failures
    case(
        "e-dep-mysql-limit-probe",
        "dependency_limit",
        "multi",
        [
            alert(
                "KubePodNotReady",
                "warning",
                base=KSM,
                namespace="shop",
                pod="cart-7d",
                summary="Pod has been in a non-ready state for more than 15 minutes.",
            )
        ],
        log="Warning  Unhealthy  3m (x14 over 10m)  kubelet  Readiness probe failed: HTTP "
        "probe failed with statuscode: 500\n"
        "ERROR com.zaxxer.hikari.pool.HikariPool - Exception during pool initialization: Data "
        'source rejected establishment of connection, message from server: "Too many '
        'connections"',
        source=PG_CONNECTIONS,
        why="cause (connection limit) over symptom (probe)",
    ),
    # 15. third-party rate limits
    logged(
        "e-dep-aws-throttling",
        "dependency_limit",
        "botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling "
        "the DescribeInstances operation (reached max retries: 4): Rate exceeded",
        app="autoscaler",
        ns="infra",
        source=AWS_THROTTLE,
        why="AWS throttling",
    ),
    logged(
        "e-dep-github-secondary",
        "dependency_limit",
        "sync failed: GET https://api.github.com/orgs/acme/repos: 403 You have exceeded a "
        "secondary rate limit. Please wait a few minutes before you try again.",
        app="repo-sync",
        ns="tools",
        source=GITHUB_LIMITS,
        why="GitHub rate limit",
    ),
    # 16. negations
    logged(
        "e-unk-negated-report",
        "unknown",
        "daily check: 0 errors, no OOMKilled containers, 0 restarts, every pod healthy",
        app="ops",
        ns="default",
        source=K8S_PROBES,
        why="Trap: negated failure words",
    ),
    # 17. etcd slow disk
    logged(
        "e-lat-etcd-slow-fdatasync",
        "high_latency",
        '{"level":"warn","msg":"slow fdatasync","took":"1.4s","expected-duration":'
        '"1s"}\n{"level":"warn","msg":"apply request took too long","took":'
        '"640ms","expected-duration":"100ms"}',
        app="etcd",
        ns="kube-system",
        source=ETCD_MIXIN,
        why="etcd slow disk",
    ),
    # 18. describe node conditions
    logged(
        "e-node-conditions-diskpressure",
        "node_health",
        "Conditions:\n  Type             Status  Reason                       Message\n"
        "  MemoryPressure   False   KubeletHasSufficientMemory   kubelet has sufficient memory "
        "available\n  DiskPressure     True    KubeletHasDiskPressure       kubelet has disk "
        "pressure\n  Ready            True    KubeletReady                 kubelet is posting "
        "ready status",
        app="node",
        ns="default",
        source=K8S_NODES,
        why="only the True condition counts",
    ),
    # 19. EMFILE wordings
    logged(
        "e-fd-musl",
        "too_many_open_files",
        "nginx: [alert] accept4() failed (24: No file descriptors available)",
        app="edge",
        ns="edge",
        source=MUSL_STRERROR,
        why="musl's EMFILE text",
    ),
    # 20. evictions in prose
    logged(
        "e-evict-ephemeral-total",
        "evicted",
        "Status: Failed\nReason: Evicted\nMessage: Pod ephemeral local storage usage exceeds "
        "the total limit of containers 1Gi.",
        app="builder",
        ns="ci",
        source=K8S_EVICTION,
        why="ephemeral storage eviction",
    ),
]
