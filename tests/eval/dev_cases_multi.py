"""Development cases: grouped alerts (one cause, some symptoms) and long logs whose deciding
block is at the end."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import KSM, KUBELET, NODE_EXPORTER, Case, alert, case, long_log, manual


def _crashlooping(ns: str, pod: str, container: str, status: str = "") -> dict[str, object]:
    return alert(
        "KubePodCrashLooping",
        "warning",
        base=KSM,
        namespace=ns,
        pod=pod,
        container=container,
        status=status,
        summary="Pod is crash looping.",
        description=f"Pod {ns}/{pod} ({container}) is in waiting state (reason: "
        f'"CrashLoopBackOff").',
    )


def _not_ready(ns: str, pod: str) -> dict[str, object]:
    return alert(
        "KubePodNotReady",
        "warning",
        base=KSM,
        namespace=ns,
        pod=pod,
        summary="Pod has been in a non-ready state for more than 15 minutes.",
        description=f"Pod {ns}/{pod} has been in a non-ready state for longer than 15 minutes.",
    )


def _replicas_mismatch(ns: str, deployment: str) -> dict[str, object]:
    return alert(
        "KubeDeploymentReplicasMismatch",
        "warning",
        base=KSM,
        namespace=ns,
        deployment=deployment,
        summary="Deployment has not matched the expected number of replicas.",
        description=f"Deployment {ns}/{deployment} has not matched the expected number of "
        "replicas for longer than 15 minutes.",
    )


MULTI: list[Case] = [
    case(
        "multi-oom-plus-crashloop",
        "oom",
        "multi",
        [
            _crashlooping("search", "indexer-0", "indexer"),
            alert(
                "KubeContainerOOMKilled",
                "warning",
                base=KSM,
                namespace="search",
                pod="indexer-0",
                container="indexer",
                reason="OOMKilled",
                summary="Container indexer was OOMKilled",
            ),
        ],
        source=src.KSM_POD_METRICS,
        why="cause (OOM) grouped with its symptom (crash loop)",
    ),
    case(
        "multi-pvc-full-plus-probe",
        "disk_full",
        "multi",
        [
            alert(
                "ReadinessProbeFailing",
                "warning",
                namespace="databases",
                pod="orders-db-0",
                summary="Readiness probe of orders-db-0 keeps failing",
            ),
            alert(
                "KubePersistentVolumeFillingUp",
                "critical",
                base=KUBELET,
                namespace="databases",
                persistentvolumeclaim="data-orders-db-0",
                summary="PersistentVolume is filling up.",
                description="The PersistentVolume claimed by data-orders-db-0 in Namespace "
                "databases is only 0.4% free.",
            ),
        ],
        source=src.KM_STORAGE,
        why="full volume explains failing probes",
    ),
    case(
        "multi-failedmount-plus-crash",
        "volume",
        "multi",
        [_crashlooping("streaming", "kafka-2", "kafka"), _not_ready("streaming", "kafka-2")],
        log="  Warning  FailedMount  2m (x11 over 22m)  kubelet  Unable to attach or mount "
        "volumes: "
        "unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition",
        source=src.K8S_VOLUMES,
        why="mount failure explains the symptoms",
    ),
    case(
        "multi-image-pull-plus-replicas",
        "image_pull",
        "multi",
        [
            _replicas_mismatch("shop", "checkout"),
            alert(
                "KubeContainerWaiting",
                "warning",
                base=KSM,
                namespace="shop",
                pod="checkout-7c8d9b6f5-q2w7z",
                container="checkout",
                reason="ErrImagePull",
                summary="Pod container waiting longer than 1 hour",
            ),
        ],
        source=src.KM_APPS,
        why="the pull failure stalls the rollout",
    ),
    case(
        "multi-config-plus-rollout",
        "config_error",
        "multi",
        [
            alert(
                "KubeDeploymentRolloutStuck",
                "warning",
                base=KSM,
                namespace="finance",
                deployment="billing",
                summary="Deployment rollout is not progressing.",
                description="Rollout of deployment finance/billing is not progressing for longer "
                "than 15 minutes.",
            ),
            alert(
                "KubeContainerWaiting",
                "warning",
                base=KSM,
                namespace="finance",
                pod="billing-6d7c8b9f5-lq2x8",
                container="billing",
                reason="CreateContainerConfigError",
                summary="Pod container waiting longer than 1 hour",
            ),
        ],
        source=src.K8S_SECRET,
        why="config error explains the stuck rollout",
    ),
    case(
        "multi-node-down-plus-targets",
        "node_health",
        "multi",
        [
            alert(
                "TargetDown",
                "warning",
                job="node-exporter",
                namespace="monitoring",
                summary="One or more targets are unreachable.",
                description="node-exporter on worker-3 stopped answering scrapes.",
            ),
            alert(
                "KubeNodeNotReady",
                "warning",
                base=KSM,
                node="worker-3",
                summary="Node is not ready.",
                description="worker-3 stopped answering after the kernel update.",
            ),
        ],
        source=src.KM_SYSTEM,
        why="both name node health",
    ),
    case(
        "multi-throttling-plus-latency",
        "cpu_throttling",
        "multi",
        [
            alert(
                "HighRequestLatency",
                "warning",
                namespace="shop",
                service="pricing",
                summary="pricing p99 latency is 1.8s",
            ),
            alert(
                "CPUThrottlingHigh",
                "info",
                base=KUBELET,
                namespace="shop",
                pod="pricing-5d6c7b8f9-4pmzq",
                container="pricing",
                summary="Processes experience elevated CPU throttling.",
                description="71% throttling of CPU in namespace shop for container pricing.",
            ),
        ],
        source=src.KM_RESOURCES,
        why="throttling causes latency",
    ),
    case(
        "multi-db-limit-plus-errors",
        "dependency_limit",
        "multi",
        [
            alert(
                "ApiHigh5xxRate",
                "critical",
                namespace="core",
                service="api",
                summary="api 5xx rate is 23%",
            ),
            alert(
                "PostgresqlTooManyConnections",
                "warning",
                instance="pg-0:9187",
                summary="Postgresql too many connections (instance pg-0:9187)",
                description="PostgreSQL instance has too many connections (> 80%).",
            ),
        ],
        source=src.PG_CONNECTION,
        why="connection limit causes the 5xx",
    ),
    case(
        "multi-dns-plus-crash",
        "connection_error",
        "multi",
        [_crashlooping("messaging", "publisher-6c7d8f9b5-h7wqz", "publisher")],
        log='level=fatal msg="cannot start" err="dial tcp: lookup nats on 10.96.0.10:53: server '
        'misbehaving"',
        source=src.GO_NET,
        why="DNS failure explains the crash loop",
    ),
    case(
        "multi-eviction-plus-notready",
        "evicted",
        "multi",
        [
            _not_ready("jobs", "batch-7x9q2"),
            alert(
                "KubeNodeEviction",
                "info",
                base=KUBELET,
                node="worker-4",
                eviction_signal="nodefs.available",
                summary="Node is evicting pods.",
            ),
        ],
        source=src.K8S_EVICTION,
        why="evictions explain the not-ready pod",
    ),
    case(
        "multi-resolved-oom-firing-probe",
        "probe_failure",
        "multi",
        [
            alert(
                "ReadinessProbeFailing",
                "warning",
                namespace="web",
                pod="frontend-0",
                summary="Readiness probe failed for frontend-0",
            ),
            alert(
                "ContainerMemoryNearLimit",
                "warning",
                namespace="web",
                pod="frontend-0",
                status="resolved",
                summary="Container memory usage above 90% of its limit",
            ),
        ],
        source=src.K8S_PROBES,
        why="a resolved near-limit alert counts less than the firing probe failure",
    ),
    case(
        "multi-scheduling-plus-hpa",
        "scheduling",
        "multi",
        [
            _replicas_mismatch("ml", "inference"),
            alert(
                "KubeHpaReplicasMismatch",
                "warning",
                base=KSM,
                namespace="ml",
                horizontalpodautoscaler="inference",
                summary="HPA has not matched desired number of replicas.",
            ),
        ],
        log="0/8 nodes are available: 8 Insufficient nvidia.com/gpu.",
        source=src.K8S_SCHEDULER,
        why="capacity explains the mismatch",
    ),
    case(
        "multi-cert-plus-errors",
        "cert_expiry",
        "multi",
        [
            alert(
                "NginxHighHttp5xxErrorRate",
                "critical",
                instance="ingress:10254",
                summary="Nginx high HTTP 5xx error rate",
            ),
            alert(
                "BlackboxSslCertificateExpired",
                "critical",
                instance="https://partner.example.com",
                summary="Blackbox SSL certificate expired (instance https://partner.example.com)",
            ),
        ],
        source=src.AWESOME,
        why="expired certificate explains the errors",
    ),
    case(
        "multi-tls-plus-crash",
        "tls_error",
        "multi",
        [_crashlooping("security", "tokenizer-0", "tokenizer")],
        log="Error: unable to verify the first certificate\n    at TLSSocket.onConnectSecure "
        "(node:_tls_wrap:1674:34)\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'",
        source=src.NODE_ERRORS,
        why="TLS trust failure explains the crash loop",
    ),
    case(
        "multi-fd-plus-errors",
        "too_many_open_files",
        "multi",
        [
            alert("GatewayErrorRateHigh", "warning", namespace="edge", summary="gateway errors 9%"),
            alert(
                "ProcessExporterFileDescriptorsExhausted",
                "critical",
                groupname="gateway",
                summary="Process exporter file descriptors exhausted",
            ),
        ],
        source=src.AWESOME,
        why="fd exhaustion explains errors",
    ),
    case(
        "multi-job-failed-oom",
        "oom",
        "multi",
        [
            alert(
                "KubeJobFailed",
                "warning",
                base=KSM,
                namespace="data",
                job_name="rebuild-index-29012345",
                summary="Job failed to complete.",
            )
        ],
        log="    Last State:  Terminated\n      Reason:    OOMKilled\n      Exit Code: 137",
        source=src.K8S_JOB,
        why="the job failed because it was OOM-killed",
    ),
    case(
        "multi-rollout-plus-crash",
        "crashloop",
        "multi",
        [
            _replicas_mismatch("comms", "notifier"),
            _crashlooping("comms", "notifier-5b6c7d8f9-x2k4p", "notifier"),
        ],
        source=src.KM_APPS,
        why="crash loop explains the replicas mismatch",
    ),
    case(
        "multi-quota-plus-replicaset",
        "scheduling",
        "multi",
        [
            alert(
                "KubernetesReplicasetReplicasMismatch",
                "warning",
                base=KSM,
                namespace="team-b",
                replicaset="importer-6c7d8b9f5",
                summary="Kubernetes ReplicaSet replicas mismatch",
            ),
            alert(
                "KubeQuotaFullyUsed",
                "info",
                base=KSM,
                namespace="team-b",
                resource="limits.cpu",
                summary="Namespace quota is fully used.",
            ),
        ],
        source=src.K8S_QUOTA,
        why="quota explains the missing replicas",
    ),
    case(
        "multi-node-disk-plus-eviction-text",
        "disk_full",
        "multi",
        [
            alert(
                "NodeFilesystemSpaceFillingUp",
                "warning",
                base=NODE_EXPORTER,
                instance="worker-2",
                mountpoint="/",
                device="/dev/sda1",
                summary="Filesystem is predicted to run out of space within the next 4 hours.",
            ),
            _not_ready("ci", "runner-0"),
        ],
        source=src.NODE_MIXIN,
        why="node disk filling explains the not-ready pod",
    ),
    case(
        "multi-crashloop-after-liveness",
        "probe_failure",
        "multi",
        [_crashlooping("payments", "ledger-api-6d7c8b9f5-lq2x8", "ledger-api")],
        log="  Warning  Unhealthy  3m (x18 over 20m)  kubelet  Liveness probe failed: Get "
        '"http://10.244.3.9:8080/live": context deadline exceeded\n'
        "  Normal   Killing    3m (x6 over 20m)   kubelet  Container ledger-api failed liveness "
        "probe, will be restarted",
        source=src.K8S_PROBES,
        why="the liveness kills explain the crash loop",
    ),
    case(
        "multi-target-down-from-crash",
        "crashloop",
        "multi",
        [
            alert(
                "TargetDown",
                "warning",
                job="payments-metrics",
                namespace="payments",
                service="payments-metrics",
                summary="One or more targets are unreachable.",
                description="payments-metrics answers no scrapes since 10:02.",
            ),
            _crashlooping("payments", "payments-api-6f7d9c8b4-q2w7z", "payments-api"),
        ],
        source=src.KUBE_PROMETHEUS,
        why="the crash loop explains the scrape target being down",
    ),
    case(
        "multi-db-down-from-crash",
        "crashloop",
        "multi",
        [
            alert(
                "MysqlDown",
                "critical",
                instance="mysql-0:9104",
                summary="MySQL down (instance mysql-0:9104)",
                description="MySQL instance is down on mysql-0:9104",
            ),
            _crashlooping("databases", "mysql-0", "mysql"),
        ],
        source=src.AWESOME,
        why="the database is down because its pod crash-loops",
    ),
    case(
        "multi-probe-down-from-oom",
        "oom",
        "multi",
        [
            alert(
                "BlackboxProbeFailed",
                "critical",
                instance="https://shop.example.com",
                summary="Blackbox probe failed (instance https://shop.example.com)",
            ),
            alert(
                "KubernetesContainerOomKiller",
                "warning",
                base=KSM,
                namespace="shop",
                pod="storefront-7c9d8b6f4-pl2kq",
                container="storefront",
                summary="Kubernetes Container oom killer",
            ),
        ],
        source=src.AWESOME,
        why="OOM kills explain the failing external probe",
    ),
    case(
        "event-exporter-backoff-reason",
        "crashloop",
        "alert",
        [
            alert(
                "KubernetesWarningEvent",
                "warning",
                namespace="media",
                reason="BackOff",
                involvedObject_kind="Pod",
                involvedObject_name="transcoder-7d4c9b8f6-2mzrt",
                summary="Warning event on media/transcoder-7d4c9b8f6-2mzrt",
            )
        ],
        source=src.K8S_POD_LIFECYCLE,
        why="an event exporter's reason label",
    ),
    case(
        "event-exporter-sandbox-reason",
        "node_health",
        "alert",
        [
            alert(
                "KubernetesWarningEvent",
                "warning",
                namespace="shop",
                reason="FailedCreatePodSandBox",
                involvedObject_kind="Pod",
                summary="Warning event on shop/cart-0",
            )
        ],
        source=src.K8S_NODES,
        why="the node cannot set up pod networking",
    ),
    case(
        "multi-ko-oom-crash",
        "oom",
        "multi",
        [
            alert("SVC-A017", "warning", summary="알림 서비스 파드 재시작 반복", namespace="comms"),
            alert(
                "파드메모리경보",
                "critical",
                summary="알림 서비스 메모리 한도 초과로 강제 종료",
                namespace="comms",
            ),
        ],
        lang="ko",
        source=src.K8S_MEMORY,
        why="Korean cause over Korean symptom",
    ),
]

_OOM_TAIL = [
    "2025-03-02 17:41:02.118 ERROR 1 --- [pool-3-thread-2] c.e.orders.ExportJob : export failed",
    "java.lang.OutOfMemoryError: Java heap space",
    "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
    "\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal"
    "(AbstractStringBuilder.java:228)",
    "Terminating due to java.lang.OutOfMemoryError: Java heap space",
]
_CONN_TAIL = [
    'level=warn ts=2025-03-02T17:50:01Z msg="retrying" target=ledger:9090 attempt=1',
    'level=error ts=2025-03-02T17:50:31Z caller=client.go:77 msg="giving up" '
    'err="dial tcp 10.96.44.12:9090: connect: connection refused"',
    'level=error ts=2025-03-02T17:50:31Z caller=main.go:140 msg="exiting" '
    'err="ledger unavailable: dial tcp 10.96.44.12:9090: connect: connection refused"',
]
_VALIDATION_TAIL = [
    "[2025-03-02 17:55:01 +0000] [7] [ERROR] Exception in worker process",
    "Traceback (most recent call last):",
    '  File "/app/app/settings.py", line 40, in load',
    "    return Settings()",
    "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings",
    "database_url",
    "  Field required [type=missing, input_value={}, input_type=dict]",
    "[2025-03-02 17:55:01 +0000] [1] [ERROR] Reason: Worker failed to boot.",
]
_POOL_TAIL = [
    "2025-03-02 18:00:31.002 WARN 1 --- [nio-8080-exec-7] com.zaxxer.hikari.pool.PoolBase : "
    "HikariPool-1 - Failed to validate connection",
    "2025-03-02 18:00:41.130 ERROR 1 --- [nio-8080-exec-3] o.h.engine.jdbc.spi.SqlExceptionHelper :"
    " HikariPool-1 - Connection is not available, request timed out after 30001ms.",
    "Caused by: org.postgresql.util.PSQLException: FATAL: sorry, too many clients already",
]
_DISK_TAIL = [
    'level=error ts=2025-03-02T18:10:00Z caller=db.go:1021 component=tsdb msg="compaction failed" '
    'err="write /prometheus/01HQ/chunks/000001: no space left on device"',
]
_PANIC_TAIL = [
    'level=info ts=2025-03-02T18:20:00Z msg="config reloaded"',
    "panic: assignment to entry in nil map",
    "",
    "goroutine 88 [running]:",
    "github.com/example/router/internal/cache.(*Store).Put(...)",
    "\t/src/internal/cache/store.go:51",
]
_TLS_TAIL = [
    "2025-03-02 18:30:00.001 ERROR 1 --- [main] c.e.PartnerClient : handshake with partner failed",
    "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
    "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
    "certification path to requested target",
    "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
]
_MODULE_TAIL = [
    "[2025-03-02 18:40:00 +0000] [9] [ERROR] Exception in worker process",
    "Traceback (most recent call last):",
    '  File "/app/wsgi.py", line 3, in <module>',
    "    from service.app import create_app",
    "ModuleNotFoundError: No module named 'service.app'",
    "[2025-03-02 18:40:00 +0000] [1] [ERROR] Reason: Worker failed to boot.",
]
_FD_TAIL = [
    'level=error ts=2025-03-02T18:50:00Z msg="accept failed" err="accept tcp [::]:8080: accept4: '
    'too many open files"',
]
_REDIS_OOM_TAIL = [
    'level=error ts=2025-03-02T19:00:00Z msg="cache write failed" err="OOM command not allowed '
    "when "
    "used memory > 'maxmemory'.\"",
]
_ES_DISK_TAIL = [
    '{"level":"error","msg":"bulk failed","error":"index [logs-2025.03.02] blocked by: '
    "[TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-"
    'delete block];"}',
]
_KAFKA_BUFFER_TAIL = [
    "2025-03-02 19:20:00.000 ERROR 1 --- [ad | producer-1] c.e.Clicks : send failed",
    "org.apache.kafka.common.errors.TimeoutException: Failed to allocate memory within the "
    "configured max blocking time 60000 ms.",
]
_GRPC_TAIL = [
    'level=error ts=2025-03-02T19:30:00Z msg="rpc failed" err="rpc error: code = Unavailable '
    'desc = name resolver error: produced zero addresses"',
    'level=error ts=2025-03-02T19:30:01Z msg="rpc failed" err="rpc error: code = Unavailable '
    'desc = connection error: desc = \\"transport: Error while dialing: dial tcp: lookup '
    'recommender on 10.96.0.10:53: no such host\\""',
]
_HEALTHY_TAIL = [
    'level=info ts=2025-03-02T19:40:00Z msg="shutdown requested" signal=SIGTERM',
    'level=info ts=2025-03-02T19:40:01Z msg="drained connections" open=0',
]
_PROBE_TAIL = [
    "  Warning  Unhealthy  50s (x12 over 4m)  kubelet  Liveness probe failed: Get "
    '"http://10.244.1.9:8080/healthz": context deadline exceeded',
    "  Normal   Killing    50s (x4 over 4m)   kubelet  Container app failed liveness probe, will "
    "be restarted",
    "  Warning  BackOff    10s (x9 over 3m)   kubelet  Back-off restarting failed container app",
]


def _long(
    id: str,
    category: str,
    runtime: str,
    tail: list[str],
    why: str,
    source: str,
    style: str = "logfmt",
) -> Case:
    return case(
        id,
        category,
        "long_log",
        [manual("prod", id.split("-")[1])],
        log=long_log(sum(map(ord, id)), runtime, tail, style=style),
        source=source,
        why=why,
    )


LONG: list[Case] = [
    _long(
        "long-jvm-oom",
        "oom",
        "jvm",
        _OOM_TAIL,
        "Trap: OOM flags at start, heap OOM at the end",
        src.JAVA_OOM,
    ),
    _long(
        "long-go-refused",
        "connection_error",
        "go",
        _CONN_TAIL,
        "Trap: --oom-score-adj flag and oom metric 0; refusal at the end",
        src.GO_NET,
    ),
    _long(
        "long-py-validation",
        "config_error",
        "python",
        _VALIDATION_TAIL,
        "Trap: generic boot failure after a settings ValidationError",
        src.PYDANTIC,
        style="json",
    ),
    _long(
        "long-jvm-pool",
        "dependency_limit",
        "jvm",
        _POOL_TAIL,
        "pool exhausted, caused by the database's client limit",
        src.HIKARI,
    ),
    _long("long-go-disk", "disk_full", "go", _DISK_TAIL, "ENOSPC at the end", src.WRITE_2),
    _long(
        "long-go-panic",
        "crashloop",
        "go",
        _PANIC_TAIL,
        "Trap: oom metric names earlier; a generic panic at the end",
        src.GO_RUNTIME,
    ),
    _long("long-jvm-tls", "tls_error", "jvm", _TLS_TAIL, "PKIX at the end", src.JAVA_SSL),
    _long(
        "long-py-module",
        "config_error",
        "python",
        _MODULE_TAIL,
        "Trap: Worker failed to boot after ModuleNotFoundError",
        src.GUNICORN,
    ),
    _long("long-go-fd", "too_many_open_files", "go", _FD_TAIL, "EMFILE at the end", src.OPEN_2),
    _long(
        "long-go-redis-oom",
        "oom",
        "go",
        _REDIS_OOM_TAIL,
        "Redis maxmemory refusal",
        src.REDIS_EVICTION,
        style="json",
    ),
    _long(
        "long-go-es-flood",
        "disk_full",
        "go",
        _ES_DISK_TAIL,
        "flood-stage block",
        src.ES_WATERMARK,
        style="json",
    ),
    _long(
        "long-jvm-kafka-buffer",
        "dependency_limit",
        "jvm",
        _KAFKA_BUFFER_TAIL,
        "Trap: 'allocate memory' of the producer buffer",
        src.KAFKA_PRODUCER,
    ),
    _long(
        "long-go-grpc-dns",
        "connection_error",
        "go",
        _GRPC_TAIL,
        "DNS failure via gRPC",
        src.GRPC_CODES,
    ),
    _long(
        "long-go-healthy",
        "unknown",
        "go",
        _HEALTHY_TAIL,
        "Trap: flags, oom and error metrics, clean shutdown",
        src.GO_NET,
    ),
    _long(
        "long-py-probe",
        "probe_failure",
        "python",
        _PROBE_TAIL,
        "liveness kills then back-off: the probe is the cause",
        src.K8S_PROBES,
        style="nginx",
    ),
    _long(
        "long-jvm-healthy",
        "unknown",
        "jvm",
        ["INFO 1 --- [main] Started in 8.1 seconds"],
        "Trap: HeapDumpOnOutOfMemoryError flags, healthy start",
        src.JAVA_OOM,
    ),
]

CASES: list[Case] = MULTI + LONG
