"""Development cases: rollout_failure, dependency_limit, unknown."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import KSM, Case, alert, case, event, logged

ROLLOUT: list[Case] = [
    case(
        "roll-job-failed",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubeJobFailed",
                "warning",
                base=KSM,
                namespace="data",
                job_name="nightly-export-29012345",
                summary="Job failed to complete.",
                description="Job data/nightly-export-29012345 failed to complete. Removing failed "
                "job after investigation should clear this alert.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued",
    ),
    event(
        "roll-backoff-limit",
        "rollout_failure",
        "  Warning  BackoffLimitExceeded  2m  job-controller  Job has reached the specified "
        "backoff "
        "limit",
        app="migrate",
        ns="shop",
        source=src.K8S_JOB,
        why="BackoffLimitExceeded",
    ),
    logged(
        "roll-progress-deadline",
        "rollout_failure",
        'Waiting for deployment "checkout" rollout to finish: 1 out of 4 new replicas have been '
        "updated...\n"
        'error: deployment "checkout" exceeded its progress deadline',
        app="checkout",
        ns="shop",
        source=src.K8S_DEPLOYMENT,
        why="ProgressDeadlineExceeded",
    ),
    case(
        "roll-replicas-mismatch",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="web",
                deployment="frontend",
                summary="Deployment has not matched the expected number of replicas.",
                description="Deployment web/frontend has not matched the expected number of "
                "replicas for longer than 15 minutes.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued",
    ),
    case(
        "roll-statefulset-update",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubeStatefulSetUpdateNotRolledOut",
                "warning",
                base=KSM,
                namespace="databases",
                statefulset="cassandra",
                summary="StatefulSet update has not been rolled out.",
                description="StatefulSet databases/cassandra update has not been rolled out.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued",
    ),
    case(
        "roll-daemonset-stuck",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubeDaemonSetRolloutStuck",
                "warning",
                base=KSM,
                namespace="kube-system",
                daemonset="fluent-bit",
                summary="DaemonSet rollout is stuck.",
                description="DaemonSet kube-system/fluent-bit has not finished or progressed for "
                "at least 15m.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued",
    ),
    case(
        "roll-cronjob-failing-awesome",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubernetesCronjobFailing",
                "critical",
                base=KSM,
                namespace="ops",
                cronjob="backup",
                summary="Kubernetes CronJob failing (instance 10.244.1.17:8080)",
                description="CronJob ops/backup is failing\n  VALUE = 1",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "roll-helm-upgrade-failed",
        "rollout_failure",
        "Error: UPGRADE FAILED: release payments failed, and has been rolled back due to atomic "
        "being set: timed out waiting for the condition",
        app="payments",
        ns="payments",
        source=src.HELM_UPGRADE,
        why="helm upgrade failed",
    ),
    case(
        "roll-flux-helmrelease",
        "rollout_failure",
        "alert",
        [
            alert(
                "FluxHelmreleaseFailure",
                "critical",
                exported_namespace="apps",
                name="podinfo",
                summary="Flux HelmRelease Failure (instance source-controller:8080)",
                description="The HelmRelease apps/podinfo is not ready: upgrade retries exhausted.",
            )
        ],
        source=src.FLUX,
        why="catalogued",
    ),
    case(
        "roll-job-not-completed",
        "rollout_failure",
        "alert",
        [
            alert(
                "KubeJobNotCompleted",
                "warning",
                base=KSM,
                namespace="bi",
                job_name="aggregate-daily",
                summary="Job did not complete in time",
                description="Job bi/aggregate-daily is taking more than 12h 0m 0s to complete.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued",
    ),
    case(
        "roll-argocd-not-synced",
        "rollout_failure",
        "alert",
        [
            alert(
                "ArgocdServiceNotSynced",
                "warning",
                name="storefront",
                dest_namespace="shop",
                summary="ArgoCD service not synced (instance argocd-metrics:8082)",
                description="Service storefront run by argo is currently not in sync.",
            )
        ],
        source=src.ARGOCD,
        why="catalogued",
    ),
]

DEPENDENCY: list[Case] = [
    logged(
        "dep-postgres-too-many-clients",
        "dependency_limit",
        'psycopg2.OperationalError: connection to server at "pg.databases.svc" (10.96.5.5), port '
        "5432 failed: FATAL:  sorry, too many clients already",
        app="reporting",
        ns="bi",
        source=src.PG_CONNECTION,
        why="Postgres connection limit",
    ),
    logged(
        "dep-postgres-reserved-slots",
        "dependency_limit",
        "FATAL:  remaining connection slots are reserved for non-replication superuser connections",
        app="api",
        ns="core",
        source=src.PG_CONNECTION,
        why="reserved slots",
    ),
    logged(
        "dep-mysql-too-many-connections",
        "dependency_limit",
        "SQLSTATE[HY000] [1040] Too many connections",
        app="shopware",
        ns="shop",
        source=src.MYSQL_TOO_MANY,
        why="MySQL 1040",
    ),
    logged(
        "dep-redis-maxclients",
        "dependency_limit",
        "redis.exceptions.ConnectionError: max number of clients reached",
        app="rate-limiter",
        ns="edge",
        source=src.REDIS_CLIENTS,
        why="Redis maxclients",
    ),
    logged(
        "dep-hikari-timeout",
        "dependency_limit",
        "2025-03-02 16:00:04.001 ERROR 1 --- [nio-8080-exec-9] o.h.e.j.s.SqlExceptionHelper : "
        "HikariPool-1 - Connection is not available, request timed out after 30000ms.\n"
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, "
        "request timed out after 30000ms.",
        app="orders",
        ns="shop",
        source=src.HIKARI,
        why="pool exhausted",
    ),
    logged(
        "dep-sqlalchemy-queuepool",
        "dependency_limit",
        "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection "
        "timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
        app="api",
        ns="core",
        source=src.SQLALCHEMY,
        why="SQLAlchemy pool",
    ),
    logged(
        "dep-pgbouncer-max-client",
        "dependency_limit",
        "2025-03-02 16:05:00.000 UTC [1] WARNING C-0x55d2: (nodb)/(nouser)@10.244.3.3:51122 "
        "pooler error: no more connections allowed (max_client_conn)",
        app="pgbouncer",
        ns="databases",
        source=src.PGBOUNCER,
        why="PgBouncer max_client_conn",
    ),
    logged(
        "dep-kafka-buffer",
        "dependency_limit",
        "org.apache.kafka.common.errors.TimeoutException: Failed to allocate memory within the "
        "configured max blocking time 60000 ms.",
        app="clickstream",
        ns="analytics",
        source=src.KAFKA_PRODUCER,
        why="Trap: producer buffer full, not an OOM",
    ),
    logged(
        "dep-envoy-overflow",
        "dependency_limit",
        '[2025-03-02T16:10:00.100Z] "GET /api/items HTTP/1.1" 503 UO 0 81 0 - "10.1.0.3" '
        '"okhttp" "c1" "items" "-"\n'
        '[2025-03-02T16:10:00.140Z] "GET /api/items HTTP/1.1" 503 UO 0 81 0 - "10.1.0.3" '
        '"okhttp" "c2" "items" "-"\n'
        '[2025-03-02T16:10:00.190Z] "GET /api/items HTTP/1.1" 503 UO 0 81 0 - "10.1.0.9" '
        '"okhttp" "c3" "items" "-"',
        app="items",
        ns="shop",
        source=src.ENVOY_CIRCUIT,
        why="upstream overflow: circuit breaker",
    ),
    case(
        "dep-postgres-too-many-connections-alert",
        "dependency_limit",
        "alert",
        [
            alert(
                "PostgresqlTooManyConnections",
                "warning",
                instance="pg-0:9187",
                summary="Postgresql too many connections (instance pg-0:9187)",
                description="PostgreSQL instance has too many connections (> 80%).\n  VALUE = 86",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "dep-github-rate-limit",
        "dependency_limit",
        'level=error msg="sync failed" err="GET https://api.github.com/repos/acme/app/pulls: 403 '
        "API "
        'rate limit exceeded for installation ID 4412"',
        app="release-bot",
        ns="ci",
        source=src.LETSENCRYPT_LIMITS,
        why="a dependency's rate limit",
    ),
    logged(
        "dep-es-rejected-execution",
        "dependency_limit",
        '{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution of '
        'coordinating operation [shard_detail=[logs-2025.03.02][0]] ... queue capacity = 200"}}',
        app="log-shipper",
        ns="logging",
        source=src.ES_REJECTED,
        why="Elasticsearch write queue full",
    ),
    case(
        "dep-redis-rejected-connections",
        "dependency_limit",
        "alert",
        [
            alert(
                "RedisRejectedConnections",
                "critical",
                instance="redis-0:9121",
                summary="Redis rejected connections (instance redis-0:9121)",
                description="Some connections to Redis has been rejected\n  VALUE = 17",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
]

UNKNOWN: list[Case] = [
    case(
        "unk-watchdog",
        "unknown",
        "alert",
        [
            alert(
                "Watchdog",
                "none",
                summary="Heartbeat of the alerting pipeline.",
            )
        ],
        source=src.KUBE_PROMETHEUS,
        why="not a failure",
    ),
    case(
        "unk-info-inhibitor",
        "unknown",
        "alert",
        [
            alert(
                "InfoInhibitor",
                "none",
                namespace="shop",
                summary="Inhibits info alerts while nothing more severe fires.",
            )
        ],
        source=src.KUBE_PROMETHEUS,
        why="not a failure",
    ),
    case(
        "unk-pod-not-ready-alone",
        "unknown",
        "alert",
        [
            alert(
                "KubePodNotReady",
                "warning",
                base=KSM,
                namespace="shop",
                pod="cart-6c7d8b9f5-2lq8z",
                summary="Pod has been in a non-ready state for more than 15 minutes.",
                description="Pod shop/cart-6c7d8b9f5-2lq8z has been in a non-ready state for "
                "longer than 15 minutes on cluster prod.",
            )
        ],
        source=src.KM_APPS,
        why="no cause stated",
    ),
    logged(
        "unk-healthy-log",
        "unknown",
        'level=info msg="handled request" route=/api/cart status=200 duration=12ms\n'
        'level=info msg="handled request" route=/api/cart status=200 duration=9ms\n'
        'level=info msg="cache warmed" entries=1204',
        app="cart",
        ns="shop",
        source=src.GO_NET,
        why="healthy",
    ),
    logged(
        "unk-vague-report",
        "unknown",
        "the checkout page looks weird since this morning, can someone take a look?",
        app="checkout",
        ns="shop",
        source=src.K8S_DEBUG_PODS,
        why="vague",
    ),
    case(
        "unk-version-mismatch",
        "unknown",
        "alert",
        [
            alert(
                "KubeVersionMismatch",
                "warning",
                summary="Different semantic versions of Kubernetes components running.",
                description="kubelet 1.29 and apiserver 1.30 during the upgrade window.",
            )
        ],
        source=src.KM_SYSTEM,
        why="informational",
    ),
    logged(
        "unk-flags-only",
        "unknown",
        "Picked up JAVA_TOOL_OPTIONS: -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError "
        "-XX:MaxRAMPercentage=75\nINFO Started Application in 6.2 seconds (process running for "
        "6.9)",
        app="orders",
        ns="shop",
        source=src.JAVA_OOM,
        why="Trap: OOM options in start-up flags, healthy start",
    ),
    logged(
        "unk-metric-dump",
        "unknown",
        "# TYPE container_oom_events_total counter\n"
        'container_oom_events_total{container="api"} 0\n'
        "errors_total 0\nprocess_open_fds 33\nprocess_max_fds 65536",
        app="api",
        ns="core",
        source=src.KSM_POD_METRICS,
        why="Trap: metric names, all zero",
    ),
    case(
        "unk-deadmansswitch",
        "unknown",
        "alert",
        [
            alert(
                "PrometheusAlertmanagerE2eDeadManSwitch",
                "critical",
                summary="Prometheus AlertManager E2E dead man switch (instance localhost:9090)",
                description="Prometheus DeadManSwitch is an always-firing alert.",
            )
        ],
        source=src.AWESOME,
        why="dead man's switch",
    ),
    case(
        "unk-mysql-restarted",
        "unknown",
        "alert",
        [
            alert(
                "MysqlRestarted",
                "info",
                instance="mysql-1:9104",
                summary="MySQL restarted (instance mysql-1:9104)",
                description="MySQL has just been restarted, less than one minute ago.",
            )
        ],
        source=src.AWESOME,
        why="informational restart",
    ),
    logged(
        "unk-oom-score-adj-boot",
        "unknown",
        "[    0.912345] systemd[1]: Started kubelet.service\n"
        "kubelet --oom-score-adj=-999 --eviction-hard=memory.available<100Mi "
        '--max-pods=110\nI0302 08:00:01.000 1 server.go:462] "Kubelet version" '
        'kubeletVersion="v1.29.2"',
        app="",
        ns="",
        source=src.K8S_EVICTION,
        why="Trap: eviction and OOM flags on a command line",
    ),
]

CASES: list[Case] = ROLLOUT + DEPENDENCY + UNKNOWN
