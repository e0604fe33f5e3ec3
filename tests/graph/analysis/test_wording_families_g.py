"""Failure families of the development cases G (issue 12, round 4), each worded as other
products and runtimes word it, plus the round's traps: every text must give the taxonomy's
category (tests/eval/README.md), and a healthy one `unknown`."""

from __future__ import annotations

import pytest

from tests.graph.analysis.classify import alert_category, log_category

_alert, _log = alert_category, log_category


ALERTS: list[tuple[str, ...]] = [
    # the share of requests that end in a failing gRPC code
    ("high_error_rate", "LedgerRpcFailures", "Ledger RPCs: code=Internal on 7.5% of calls"),
    # a PromQL selector over failing gRPC codes counts them; nothing ran into Unavailable
    (
        "high_error_rate",
        "RpcNonOk",
        "Search RPCs not OK",
        'rate(grpc_server_handled_total{grpc_code!~"OK|NotFound"}[5m]) > 0.05',
    ),
    # cloud load balancers' 5XX metrics; our own service answering 429 to a share of calls
    ("high_error_rate", "GatewayAlarm", "API Gateway 5XXError sum is 48 for stage prod"),
    ("high_error_rate", "EdgeShedding", "edge answers with 429 to 31% of requests"),
    # rollouts that stalled, as the StatefulSet's revisions show it
    (
        "rollout_failure",
        "StsUpdateStalled",
        "The update of the StatefulSet db/pg has stalled for 30 minutes",
    ),
    # Korean: the 500 range of answers, an availability objective's budget, a generation
    ("high_error_rate", "결제_오류", "결제 API 응답의 500번대 비중이 9% 입니다"),
    ("high_error_rate", "회원_SLO", "가용성 목표 예산이 6배 속도로 소진 중입니다"),
    ("rollout_failure", "배포_세대", "검색 API 디플로이먼트의 세대가 아직 맞지 않습니다"),
    # probes a pod has not passed, counted by the prober
    ("probe_failure", "WarmupProbe", "Pod jobs/indexer-2 has never passed its readiness probe"),
    (
        "probe_failure",
        "ProberFailures",
        "Liveness failures on api-0",
        'prober_probe_total{probe_type="Liveness",result="failed"} rose by 12',
    ),
    # days left before a certificate ends, as clouds and proxies count them
    ("cert_expiry", "EdgeCertDays", "MetricName: DaysToExpiry for the edge listener is 6"),
    # autoscalers at their maximum; clouds with no machine to add; node pod capacity
    ("scheduling", "WorkersMaxed", "ScaledObject etl/workers reached its maxReplicaCount"),
    ("scheduling", "PodSlots", "node-7 pod capacity is nearly exhausted (108 of 110)"),
    # an image a pod cannot pull; readiness checks failing; descriptors as a share used
    ("image_pull", "WorkerImage", "Pod jobs/worker-1 cannot pull its image r.local/w:7"),
    ("probe_failure", "ReadyChecks", "Readiness checks of shop/cart fail on 2 of 3 pods"),
    ("too_many_open_files", "FdsHigh", "The exporter uses 91% of its allowed file descriptors"),
    # clients queueing for a pooled connection; a kernel deadlock;
    # the kernel's file table; CSI operations failing; a degraded Argo Rollout
    ("dependency_limit", "PoolWaiters", "pgbouncer-2 has 64 clients waiting for a connection"),
    ("node_health", "NpdDeadlock", "Kernel deadlock detected on node worker-9"),
    ("too_many_open_files", "FileTable", "file-nr reached 95% of the kernel's file-max"),
    ("volume", "CsiFailing", "CSI driver disk.csi.azure.com: operations are failing (mount)"),
    ("rollout_failure", "RolloutDegraded", "Argo Rollout checkout is Degraded"),
    # the kubelet's pod start-up latency is the node's kubelet, like PLEG
    (
        "node_health",
        "KubeletPodStartUpLatencyHigh",
        "Kubelet Pod startup latency is too high.",
        "",
    ),
    # Korean: partitions, indices gone read-only, start-up checks, end dates, nodes, GPUs
    ("disk_full", "로그_파티션", "/var 파티션 사용률이 97% 입니다"),
    ("cert_expiry", "사설인증서_만기", "내부 API 인증서 만기가 사흘 뒤로 다가왔습니다"),
    ("node_health", "노드_침묵", "노드 상태를 보고하지 않은 지 10분이 지났습니다"),
    (
        "scheduling",
        "GPU_대기",
        "GPU 자원이 남은 노드가 없어서 학습 작업이 시작되지 못하고 있습니다",
    ),
]

LOGS = [
    # a filesystem's own quota (EDQUOT) is a full disk, not a namespace's quota
    ("disk_full", "rsync: write failed on /backup/db.tar: Disk quota exceeded (122)"),
    # runtimes refusing an allocation of a stated size
    ("oom", 'beam: hipe_alloc: Cannot allocate 41943040 bytes of memory (of type "code").'),
    (
        "oom",
        "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 3.1 GiB for an array "
        "with shape (20000, 20000)",
    ),
    # message brokers and cluster drivers that reach no server
    ("connection_error", "pika.exceptions.AMQPConnectionError: (ConnectionRefusedError(111))"),
    ("connection_error", "nats: error: no servers available for connection"),
    (
        "connection_error",
        "cassandra.cluster.NoHostAvailable: ('Unable to complete the operation against any "
        "hosts', {})",
    ),
    ("connection_error", "panic: no reachable servers"),
    # pools and wait queues of other drivers
    (
        "dependency_limit",
        "ERROR cache: redis connection pool has been exhausted (maxTotal=16)",
    ),
    (
        "dependency_limit",
        "com.mongodb.MongoWaitQueueFullException: Too many threads are already waiting for a "
        "connection. Max number of threads (maxWaitQueueSize) of 500 has been exceeded.",
    ),
    # configuration files the parser rejects; a connection string the configuration lacks
    (
        "config_error",
        'yaml.parser.ParserError: while parsing a block mapping in "/etc/app/settings.yml"',
    ),
    ("config_error", "YAMLException: bad indentation of a mapping entry (12:3)"),
    ("config_error", "tomllib.TOMLDecodeError: Invalid value (at line 7, column 9)"),
    (
        "config_error",
        "System.InvalidOperationException: The ConnectionString property has not been initialized.",
    ),
    # a rollout that kubectl gave up waiting for; Argo CD's application conditions
    ("rollout_failure", 'error: deployment "web" timed out waiting for the rollout to finish'),
    ("rollout_failure", "Type: SyncError  Message: Failed sync attempt to 4f2a: one or more"),
    # helm as Flux reports it: the deadline is the upgrade's, not a connection's
    (
        "rollout_failure",
        "helm install failed for chart redis-18.1.0: context deadline exceeded",
    ),
    ("rollout_failure", "timeout waiting for: [StatefulSet/db/pg status: 'InProgress']"),
    # kubectl rollout status gave up after its progress lines
    (
        "rollout_failure",
        'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are '
        "available...\nerror: timed out waiting for the condition",
    ),
    # canaries, revisions, workflows, pipelines and pod failure policies
    ("rollout_failure", "Canary analysis failed for web.prod, rolling back"),
    ("rollout_failure", 'Revision "api-00012" failed with message: Container failed to start'),
    ("rollout_failure", "tekton: PipelineRun build-and-deploy-x7 failed: TaskRun push failed"),
    ("rollout_failure", "Warning PodFailurePolicy job/reindex pod matched FailJob rule"),
    # runtimes that end the process: the C++ runtime, the BEAM, other fatal signals
    ("crashloop", "terminate called after throwing an instance of 'std::logic_error'"),
    # ... unless what it threw was the allocator's
    ("oom", "terminate called after throwing an instance of 'std::bad_alloc'\n  what(): x"),
    ("crashloop", "Kernel pid terminated (application_controller) (shutdown)"),
    # the kubelet cannot post its status; node-problem-detector's conditions and hung tasks
    (
        "node_health",
        'E0302 kubelet_node_status.go:1] "Error updating node status, will retry" '
        'err="Get https://api:6443/api/v1/nodes/n-1: dial tcp 10.0.0.1:6443: i/o timeout"',
    ),
    (
        "node_health",
        "  KubeletUnhealthy  True  KubeletIsUnhealthy  kubelet on the node is not functioning",
    ),
    ("node_health", "INFO: task kworker/2:1:88 blocked for more than 240 seconds."),
    ("node_health", "Deleting node n-3 because it does not exist in the cloud provider"),
    ("node_health", 'msg="repairing" node="n-4" condition="Ready=Unknown" for 20m'),
    # configuration rejected by servers and parsers in their own words
    ("config_error", "[ERROR] unknown variable 'innodb_log_file_size_x=1G'."),
    ("config_error", "ConfigurationException: commitlog_directory is missing"),
    (
        "config_error",
        "configparser.MissingSectionHeaderError: File contains no section headers.",
    ),
    ("config_error", "settings: key-value delimiter not found in line 12 of /etc/svc/svc.ini"),
    (
        "config_error",
        "Parameter 0 of constructor in a.B required a bean of type 'a.Repo' that could not "
        "be found.",
    ),
    # RabbitMQ's disk alarm
    ("disk_full", "disk resource limit alarm set on node rabbit@mq-1"),
    # clouds without capacity behind the autoscaler
    (
        "scheduling",
        "failed to launch instance: InsufficientInstanceCapacity: not enough m7i.large",
    ),
    # an expiry explains the SSL error a client wraps it in
    (
        "cert_expiry",
        "ssl.SSLCertVerificationError: certificate verify failed: certificate has expired\n"
        "httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
    ),
    ("cert_expiry", '{"days_until_expiration":"3","expiration_time":"2025-03-05T00:00:00Z"}'),
    # Korean: an unknown directive in a named file, an index made read-only, a probe command
    ("config_error", "nginx.conf 40번째 줄 지시어를 알 수 없다고 합니다"),
    ("disk_full", "검색 클러스터 인덱스가 읽기 전용으로 바뀌어 쓰기가 안 됩니다"),
    ("probe_failure", "exec 점검 명령이 제한 시간 안에 끝나지 않아 계속 실패합니다"),
    # our own nginx limiter answering 429 is an error rate, not a dependency's limit
    ("high_error_rate", "429 Too Many Requests: 9,912 answers by limit_req zone=login"),
    # CPU: a quota used up as Sysdig names it; Korean compute allowance
    ("cpu_throttling", "cpu.quota.used.percent for worker-3 at 100"),
    ("cpu_throttling", "배치 컨테이너가 CFS 주기 대부분 동안 연산 한도에 막혔습니다"),
    # dependency limits: Oracle's processes, a driver checking out from a full pool
    ("dependency_limit", "ORA-00018: maximum number of sessions exceeded"),
    (
        "dependency_limit",
        "error: timeout while acquiring a connection from the pool after 5s (max 20)",
    ),
    ("dependency_limit", "orders-db pool 50/50 in use, callers queueing"),
    # connections refused as Windows words it; a JDBC link without a route
    ("connection_error", "SocketException (10061): the target machine actively refused it"),
    (
        "connection_error",
        "Caused by: java.net.NoRouteToHostException: No route to host (Host unreachable)",
    ),
    # host names that do not match the certificate
    ("tls_error", 'server certificate for "db-0" does not match host name "db.svc"'),
    # a descriptor limit said to be too low
    ("too_many_open_files", "max file descriptors [1024] for process java is too low"),
    # lag as JSON fields; slow answers as Redis, PromQL and Postgres report them
    ("high_latency", '{"group":"mailer","totallag":52110,"status":"WARN"}'),
    (
        "high_latency",
        "> SLOWLOG GET 1\n1) 1) (integer) 7\n   2) (integer) 1740000000\n"
        '   3) (integer) 2400511\n   4) 1) "SMEMBERS"',
    ),
    (
        "high_latency",
        "histogram_quantile(0.95, sum by (le) (rate(http_server_duration_milliseconds_bucket"
        "[5m])))\n{} 3120",
    ),
    (
        "high_latency",
        " pid | state  | duration | query\n 77 | active | 00:06:40 | UPDATE t SET a = 1",
    ),
    # other products' wording of memory, trust, expiry, eviction, volume and rollout failures
    ("oom", "Unhandled exception. GC heap hard limit exceeded (0x6400000)"),
    ("tls_error", "Error: unable to verify the first certificate at TLSSocket.onConnectSecure"),
    ("tls_error", "javax.net.ssl.SSLPeerUnverifiedException: peer not authenticated"),
    ("cert_expiry", "the certificate presented by edge-1 had expired on 2025-01-31"),
    ("cert_expiry", "Certificate shop/web-tls: renewal failed, ACME order invalid"),
    ("evicted", "kubelet: killing pod web-1 due to eviction (node memory pressure)"),
    ("volume", 'MapVolume.MapPodDevice failed for volume "pvc-7": device busy'),
    ("volume", "timed out waiting for external-attacher of pd.csi.storage.gke.io to attach"),
    ("volume", "AttachDisk failed: disk is already attached to another VM vm-12"),
    ("rollout_failure", "Deployment web does not have minimum availability."),
    ("rollout_failure", 'ReplicaSet "web-5d" has timed out progressing.'),
    ("image_pull", "Error: initializing source docker://acme/x:1: image acme/x:1 not known"),
    ("image_pull", "repository acme/worker not found: does not exist or no pull access"),
    ("connection_error", "kafka: client has run out of available brokers to talk to: EOF"),
    ("high_latency", "POST /v1/report request took 14.2s, client gave up"),
    ("high_latency", "ERROR 3024 (HY000): maximum statement execution time exceeded"),
    ("high_latency", "group analytics is 88121 messages behind on topic events"),
    # runc names its own source position before the message: not a stack frame
    ("crashloop", "standard_init_linux.go:219: exec user process caused: exec format error"),
    # a security context the image cannot meet; command lines the program rejects
    ("config_error", "Error: container has runAsNonRoot and image has non-numeric user (app)"),
    ("config_error", 'Error: unknown command "srv" for "worker"'),
    ("config_error", "Usage: worker [OPTIONS]\nError: Invalid value for '--workers': 'x'"),
    ("config_error", "Error: missing required argument 'config'"),
    # go-redis's pool, Elasticsearch clients with no node, a node group at its maximum
    ("dependency_limit", "redis: connection pool timeout (pool size 10)"),
    ("connection_error", "ConnectionError: There are no living connections"),
    ("scheduling", "scale-up: max node group size reached for ng-spot"),
    # Elixir, PHP, Node, .NET and Npgsql wording of the same families
    ("config_error", "Error: ENOENT: no such file or directory, open '/srv/settings.yaml'"),
    ("config_error", "OptionsValidationException: validation failed for 'QueueOptions'"),
    ("connection_error", "Npgsql.NpgsqlException: Exception while connecting"),
    ("crashloop", "** (EXIT) an exception was raised:\n    ** (KeyError) key :id not found"),
    ("tls_error", "TLS client: In state certify generated CLIENT ALERT: Fatal - Bad Certificate"),
    (
        "dependency_limit",
        "** (DBConnection.ConnectionError) connection not available and request was dropped "
        "from queue after 951ms",
    ),
    ("disk_full", "fwrite(): write of 8192 bytes failed, possibly out of free disk space"),
    ("high_latency", "Ecto query took 6120ms (queue 2ms, db 6118ms)"),
    # kubelet events: image GC that cannot free the disk, an image reference it cannot
    # parse, container GC the runtime does not answer
    (
        "disk_full",
        "Warning  ImageGCFailed  kubelet  failed to garbage collect required amount of images. "
        "Wanted to free 812 bytes, but freed 0 bytes",
    ),
    ("image_pull", 'Warning  InspectFailed  kubelet  couldn\'t parse image reference "A/B"'),
    ("node_health", "Warning  ContainerGCFailed  kubelet  rpc error: code = DeadlineExceeded"),
    # Korean: a cron job that does not succeed, an application that does not sync, a broker
    # that cannot be reached, a certificate renewal that failed
    ("rollout_failure", "정산 크론잡이 사흘째 성공하지 못했습니다"),
    ("rollout_failure", "Argo CD 애플리케이션 동기화가 계속 실패합니다"),
    ("connection_error", "결제 서비스가 레디스에 접속이 안 됩니다"),
    ("cert_expiry", "내부 인증서 갱신이 실패했습니다"),
    # Korean: dying right after start, a volume filled, a check not passed, delays, a PVC
    ("crashloop", "워커가 실행하자마자 종료되고 있습니다"),
    ("disk_full", "로그 볼륨이 꽉 차서 기록이 멈췄습니다"),
    ("probe_failure", "생존 확인이 통과되지 않아 컨테이너가 다시 뜹니다"),
    ("high_latency", "결제 API 지연이 심합니다"),
    ("volume", "데이터 PVC가 바인딩되지 않고 있습니다"),
    # Korean: an image that waits to be received; an eviction that names the full disk
    ("image_pull", "새 이미지 받기 대기 상태로 20분째 멈춰 있습니다"),
    (
        "evicted",
        "노드 디스크 여유가 5% 아래로 떨어졌습니다. kubelet 이 파드 3개를 축출했습니다.",
    ),
    ("crashloop", "fatal: SIGBUS received, faulting address 0x7f1c"),
    # access logs of HAProxy and ASP.NET Core dominated by failures
    (
        "high_error_rate",
        "\n".join(
            f"haproxy[9]: 10.0.0.{n}:5000 [02/Mar/2025:10:00:0{n}.000] fe be/s{n} "
            f'0/0/2/40/42 503 180 - - ---- 9/9/1/1/0 0/0 "GET /cart HTTP/1.1"'
            for n in range(3)
        ),
    ),
    (
        "high_error_rate",
        "\n".join(
            "Request finished HTTP/2 GET https://shop/api/cart - 502 - application/json 4.1ms"
            for _ in range(3)
        ),
    ),
]

HEALTHY = [
    "INFO amqp: connection to rabbitmq:5672 established (channel 1 open)",
    "pool stats: active=3 idle=5 waiting=0 exhausted=false",
    "loaded /etc/app/settings.yml (14 keys)",
    # a finished rollout, an upgrade that names an old failure, healthy access lines
    'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n'
    'deployment "web" successfully rolled out',
    "23  deployed  api-2.0.0  Upgrade complete (revision 22 failed in staging only)",
    "\n".join(
        "Request finished HTTP/1.1 GET http://shop/api/cart - 200 - application/json 3.0ms"
        for _ in range(4)
    ),
    # a node that was not ready and is ready again; a healthy NPD condition row
    "Warning  NodeNotReady  node/n-2  Node n-2 status is now: NodeNotReady\n"
    "Normal  NodeReady  node/n-2  Node n-2 status is now: NodeReady",
    "  KubeletUnhealthy  False  KubeletIsHealthy  kubelet on the node is functioning properly",
    '{"days_until_expiration":"301","expiration_time":"2026-01-01T00:00:00Z"}',
    # counters named with zero values; percentiles within their stated objective
    "cpu check: nr_throttled 0; container_cpu_cfs_throttled_seconds_total rate 0; all fine",
    "weekly SLO: p95 300ms, p99 700ms (target p99 < 1s); slow requests 0",
    # a volume waiting for its first consumer, then provisioned
    "Normal  WaitForFirstConsumer  persistentvolume-controller  waiting for first consumer\n"
    "Normal  ProvisioningSucceeded  ebs.csi.aws.com  Successfully provisioned volume pvc-1",
    # fast answers as Redis, PromQL and Postgres report them
    "> SLOWLOG GET 1\n1) 1) (integer) 7\n   2) (integer) 1740000000\n   3) (integer) 12044",
    "histogram_quantile(0.99, sum by (le) (rate(rpc_duration_seconds_bucket[5m])))\n{} 0.08",
    " pid | state  | duration | query\n 77 | active | 00:00:02 | SELECT 1",
    # far-off expiry counts, a caught-up consumer, a healthy NPD row, finished runs
    "DaysToExpiry 180 for the edge listener",
    "0 messages behind, consumer caught up",
    "TaskHung  False  NoTaskHung  task_hung is functioning properly",
    "pipeline 'nightly' execution 01H SUCCEEDED; canary analysis succeeded, promoting web",
    # a CPU limit used in part is no saturation
    "Container ranker is using 35% of its CPU limit",
    # a quick request and a start-up time are no latency
    "GET /v1/cart request took 0.04s",
    "Started Application in 12.4 seconds (process running for 13.1)",
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
