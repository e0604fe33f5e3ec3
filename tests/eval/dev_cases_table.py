"""Development cases in table form: one log line or pasted report per row, and custom
alert rules (a name outside the catalogue with its summary), across runtimes, tools and
languages. Written from the failure taxonomy and the message formats of the sources named."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import Case, alert, case, logged

_SOURCES = {
    "oom": src.K8S_MEMORY,
    "crashloop": src.K8S_POD_LIFECYCLE,
    "image_pull": src.K8S_IMAGES,
    "cpu_throttling": src.K8S_CPU,
    "disk_full": src.WRITE_2,
    "probe_failure": src.K8S_PROBES,
    "high_error_rate": src.NGINX_CORE,
    "high_latency": src.NGINX_UPSTREAM,
    "connection_error": src.GO_NET,
    "cert_expiry": src.CERT_MANAGER,
    "tls_error": src.OPENSSL_VERIFY,
    "too_many_open_files": src.OPEN_2,
    "evicted": src.K8S_EVICTION,
    "config_error": src.K8S_CONFIGMAP,
    "scheduling": src.K8S_SCHEDULER,
    "node_health": src.K8S_NODES,
    "volume": src.K8S_PV,
    "rollout_failure": src.K8S_DEPLOYMENT,
    "dependency_limit": src.PG_CONNECTION,
    "unknown": src.K8S_DEBUG_PODS,
}

# (category, text) of pasted log lines and event lines.
LINES: tuple[tuple[str, str], ...] = (
    ("oom", "Container app exceeded memory limit and was killed by the OOM killer"),
    (
        "oom",
        "Warning  OOMKilling  node/worker-3  Memory cgroup out of memory: Killed process 8812 "
        "(python3)",
    ),
    ("oom", "kernel: Out of memory: Killed process 2231 (postgres) total-vm:812344kB"),
    (
        "oom",
        'Exception in thread "kafka-producer-network-thread" java.lang.OutOfMemoryError: Direct '
        "buffer memory",
    ),
    ("oom", "java.lang.OutOfMemoryError: Metaspace"),
    (
        "oom",
        "ERROR: out of memory\nDETAIL:  Failed on request of size 8388608 in memory context "
        '"ExecutorState".',
    ),
    ("oom", "memory allocation of 4294967296 bytes failed\nAborted (core dumped)"),
    ("oom", "Container memory working set is at 97% of the limit for api-0"),
    (
        "oom",
        "RabbitMQ memory alarm triggered: memory resource limit alarm set on node "
        "rabbit@rabbitmq-0",
    ),
    ("oom", "Elasticsearch heap usage is above 90% on es-data-2"),
    (
        "oom",
        "Fatal error: Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 "
        "bytes)",
    ),
    ("oom", "reason: OOMKilled"),
    ("oom", "The container was terminated because it exceeded its memory limit of 512Mi"),
    ("crashloop", "Back-off 5m0s restarting failed container=api pod=api-0_shop(1234)"),
    ("crashloop", 'container "web" in pod "web-abc" is waiting to start: CrashLoopBackOff'),
    (
        "crashloop",
        "Error: failed to create containerd task: failed to create shim task: OCI runtime create "
        "failed: runc create failed",
    ),
    ("crashloop", "pod/api-5f-x restarted 12 times in the last hour"),
    ("crashloop", "Restart count of pod shop/cart-0 increased by 5 in 15 minutes"),
    ("crashloop", "Segmentation fault (core dumped)"),
    ("crashloop", "uncaught exception: Error: something broke\n    at main (/app/index.js:4:9)"),
    (
        "image_pull",
        'Failed to pull image "nginx:1.25.99": rpc error: code = NotFound desc = failed to pull '
        'and unpack image "docker.io/library/nginx:1.25.99": failed to resolve reference '
        '"docker.io/library/nginx:1.25.99": docker.io/library/nginx:1.25.99: not found',
    ),
    (
        "image_pull",
        "Error response from daemon: manifest for acme/api:v9 not found: manifest unknown: "
        "manifest unknown",
    ),
    ("image_pull", "ErrImagePull: unauthorized: authentication required"),
    ("image_pull", "Warning  Failed  kubelet  Error: ImagePullBackOff"),
    ("image_pull", 'pulling image "gcr.io/acme/svc:1.2": 403 Forbidden'),
    ("cpu_throttling", "container cpu usage is at its limit and CFS throttling is high for pod x"),
    ("cpu_throttling", "The container is CPU throttled 65% of the time"),
    ("cpu_throttling", "High CPU throttling detected on pricing (throttled periods ratio 0.42)"),
    ("disk_full", "Disk usage on /var/lib/docker is at 95%"),
    (
        "disk_full",
        "mysqld: Error writing file '/var/lib/mysql/binlog.000112' (Errcode: 28 - No space left on "
        "device)",
    ),
    ("disk_full", "OSError: [Errno 28] No space left on device: '/tmp/upload'"),
    ("disk_full", "Volume data-redis-0 is 98% full"),
    ("disk_full", "Filesystem /data has only 1.2GB free (3%)"),
    ("disk_full", 'ERROR: could not extend file "base/16384/24576": No space left on device'),
    ("disk_full", "Loki ingester WAL disk full"),
    (
        "probe_failure",
        'Liveness probe failed: Get "http://10.0.0.1:8080/health": dial tcp 10.0.0.1:8080: '
        "connect: connection refused",
    ),
    (
        "probe_failure",
        "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    ),
    ("probe_failure", "Startup probe failed: HTTP probe failed with statuscode: 404"),
    ("probe_failure", "Container failed liveness probe, will be restarted"),
    ("high_error_rate", "5xx responses on ingress shop are 12% of all requests"),
    ("high_error_rate", "Error rate for service checkout is above 5% (current 9.3%)"),
    ("high_error_rate", "12.5% of requests to /api/orders are failing with HTTP 500"),
    ("high_error_rate", 'http_requests_total{status=~"5.."} ratio is 0.08 for cart'),
    ("high_error_rate", "The service is returning 503 Service Unavailable for most requests"),
    ("high_latency", "p99 latency for /api/search is 2.4s (SLO 500ms)"),
    ("high_latency", "Requests are slow: average response time 3.1s"),
    ("high_latency", "# Query_time: 14.211  Lock_time: 0.000 Rows_sent: 1  Rows_examined: 9123811"),
    ("high_latency", "Slow query detected: db.orders.find took 4021ms"),
    ("high_latency", "consumer group billing is lagging 120000 messages behind"),
    ("high_latency", "Replication lag on replica pg-1 is 340 seconds"),
    ("connection_error", "dial tcp 10.96.0.1:443: i/o timeout"),
    ("connection_error", "Error: getaddrinfo ENOTFOUND api.internal"),
    (
        "connection_error",
        "redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.",
    ),
    (
        "connection_error",
        "org.postgresql.util.PSQLException: Connection to localhost:5432 refused. Check that the "
        "hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
    ),
    ("connection_error", "java.net.ConnectException: Connection refused (Connection refused)"),
    ("connection_error", "ECONNRESET: socket hang up"),
    (
        "connection_error",
        "error trying to connect: tcp connect error: Connection refused (os error 111)",
    ),
    ("connection_error", "Failed to connect to mongodb:27017: No route to host"),
    ("connection_error", "[Errno 111] Connection refused"),
    (
        "connection_error",
        "Elasticsearch: NoNodeAvailableException[None of the configured nodes are available]",
    ),
    ("connection_error", "MySQL server has gone away"),
    ("cert_expiry", "x509: certificate has expired or is not yet valid"),
    ("cert_expiry", "SSL certificate for api.example.com expires in 3 days"),
    ("cert_expiry", "The TLS certificate of ingress shop-tls will expire on 2025-03-10"),
    ("cert_expiry", "Certificate shop/shop-tls is expiring in 48 hours and renewal failed"),
    (
        "tls_error",
        'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: '
        'verification error" while trying to verify candidate authority certificate "kubernetes")',
    ),
    ("tls_error", "SSL routines:tls_process_server_certificate:certificate verify failed"),
    ("tls_error", "remote error: tls: unknown certificate authority"),
    (
        "tls_error",
        "Error: Hostname/IP does not match certificate's altnames: Host: api. is not in the cert's "
        "altnames",
    ),
    ("tls_error", "curl: (60) SSL certificate problem: unable to get local issuer certificate"),
    ("too_many_open_files", "socket: too many open files"),
    ("too_many_open_files", "Too many open files in system"),
    ("too_many_open_files", "EMFILE: too many open files, watch"),
    ("too_many_open_files", "process open file descriptors at 95% of limit"),
    (
        "evicted",
        "Pod The node was low on resource: ephemeral-storage. Container x was using 10Gi, which "
        "exceeds its request of 0.",
    ),
    ("evicted", "Evicted pod: shop/cart-0 (reason: node memory pressure)"),
    (
        "evicted",
        'Warning  Evicted  pod/cart-0  Usage of EmptyDir volume "cache" exceeds the limit "1Gi".',
    ),
    ("config_error", 'Error: secret "db-pass" not found'),
    (
        "config_error",
        'error: error loading config file "/etc/app/config.yaml": yaml: line 12: did not find '
        "expected key",
    ),
    ("config_error", "panic: missing required configuration: DATABASE_URL"),
    ("config_error", "Error: Cannot find module '/app/dist/main.js'"),
    ("config_error", 'Error: configmap "app-config" not found'),
    ("config_error", "ImportError: cannot import name 'soft_unicode' from 'markupsafe'"),
    ("config_error", "env var REDIS_URL is required but was not provided"),
    (
        "connection_error",
        'nginx: [emerg] host not found in upstream "backend" in /etc/nginx/conf.d/app.conf:5',
    ),
    (
        "scheduling",
        "0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the "
        "pod didn't tolerate, 2 Insufficient memory.",
    ),
    (
        "scheduling",
        'pods "api-x" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi',
    ),
    ("scheduling", "HPA shop/cart has been running at max replicas for longer than 15 minutes"),
    ("scheduling", "Pod is unschedulable: 0/5 nodes are available"),
    ("node_health", "Node worker-2 status is now: NodeNotReady"),
    ("node_health", "kubelet is not running on worker-2"),
    ("node_health", "node worker-3 has condition DiskPressure=True"),
    ("node_health", "100% of the kubelet/kubelet targets in kube-system namespace are down."),
    (
        "node_health",
        "Clock at worker-1 is not synchronising. Ensure NTP is configured on this host.",
    ),
    (
        "volume",
        'MountVolume.SetUp failed for volume "pvc-1" : rpc error: code = Internal desc = mount '
        "failed",
    ),
    ("volume", 'persistentvolumeclaim "data" not found'),
    (
        "volume",
        'Warning  FailedMount  kubelet  MountVolume.MountDevice failed for volume "pvc-abc" : rpc '
        "error: code = DeadlineExceeded desc = context deadline exceeded",
    ),
    ("volume", 'failed to provision volume with StorageClass "gp2": UnauthorizedOperation'),
    ("volume", "PVC data-kafka-0 is stuck in Pending"),
    (
        "rollout_failure",
        "Deployment shop/cart generation for 3 does not match, this indicates that the Deployment "
        "has failed but has not been rolled back.",
    ),
    ("rollout_failure", "Job default/backup failed: BackoffLimitExceeded"),
    ("rollout_failure", 'deployment "api" exceeded its progress deadline'),
    (
        "rollout_failure",
        "StatefulSet shop/db has not matched the expected number of replicas for longer than 15 "
        "minutes.",
    ),
    ("rollout_failure", "CronJob ops/cleanup has not completed successfully in 3 runs"),
    ("dependency_limit", "ERROR 1040 (08004): Too many connections"),
    ("dependency_limit", 'FATAL: too many connections for role "app"'),
    ("dependency_limit", "ERR max number of clients reached"),
    ("dependency_limit", "pgbouncer: no more connections allowed (max_client_conn)"),
    (
        "dependency_limit",
        "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC "
        "Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - "
        "Connection is not available, request timed out after 30000ms.",
    ),
    ("dependency_limit", "429 Too Many Requests: rate limit exceeded for API key"),
    ("dependency_limit", "Kafka producer buffer is full: BufferExhaustedException"),
    (
        "dependency_limit",
        "Upstream circuit breaker open for service payments (pending requests overflow)",
    ),
    (
        "connection_error",
        '{"start_time":"2025-03-02T21:00:01.120Z","method":"POST","path":"/v1/charge",'
        '"protocol":"HTTP/2","response_code":503,"response_flags":"-",'
        '"response_code_details":"upstream_reset_before_response_started{connection_failure}",'
        '"upstream_host":"10.244.7.3:8443","duration":3}',
    ),
    (
        "connection_error",
        "[2025-03-02T21:02:11.004Z] outbound|8080||ledger.finance.svc.cluster.local "
        "response_flags_long=UpstreamConnectionFailure status=503",
    ),
    (
        "high_latency",
        '{"response_code":504,"response_flags":"UT",'
        '"response_code_details":"upstream_response_timeout","path":"/v1/report","duration":15001}',
    ),
    (
        "dependency_limit",
        "[2025-03-02T21:05:00.000Z] cluster=orders response_flags_long=UpstreamOverflow status=503 "
        "upstream_rq_pending_overflow incremented",
    ),
    (
        "high_error_rate",
        "orders-api answered 503 for 11% of requests in the last 10 minutes; p95 latency 90ms "
        "(normal)",
    ),
    ("high_latency", "p95 of the search route is 2.9s since 13:00; error ratio 0.2%, within SLO"),
    (
        "disk_full",
        "$ df -h\nFilesystem      Size  Used Avail Use% Mounted on\n"
        "overlay          99G   97G  2.1G  98% /\n/dev/nvme1n1    493G  201G  292G  41% /data",
    ),
    (
        "disk_full",
        "Filesystem      Inodes   IUsed IFree IUse% Mounted on\n"
        "/dev/sdb1      6553600 6553100   500  100% /var/lib/kubelet",
    ),
    (
        "connection_error",
        "org.apache.kafka.common.errors.TimeoutException: Topic orders not present in metadata "
        "after 60000 ms.",
    ),
    (
        "connection_error",
        "2025/03/02 10:00:00 [error] 7#7: *3 upstream prematurely closed connection while reading "
        "response header from upstream, client: 10.0.0.1",
    ),
    (
        "connection_error",
        "2025/03/02 10:00:00 [error] 7#7: *9 no live upstreams while connecting to upstream, "
        "client: 10.0.0.1, server: api",
    ),
    (
        "connection_error",
        "Error: read ECONNRESET\n    at TCP.onStreamRead "
        "(node:internal/stream_base_commons:217:20)",
    ),
    (
        "connection_error",
        'Err(Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })',
    ),
    (
        "connection_error",
        'psycopg2.OperationalError: could not translate host name "db" to address: Name or service '
        "not known",
    ),
    ("connection_error", "FATAL:  the database system is in recovery mode"),
    ("connection_error", "Caused by: java.net.SocketTimeoutException: connect timed out"),
    ("connection_error", "redis.exceptions.TimeoutError: Timeout connecting to server"),
    ("high_latency", "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout"),
    (
        "high_latency",
        "urllib3.exceptions.ReadTimeoutError: HTTPConnectionPool(host='api', port=80): Read timed "
        "out. (read timeout=10)",
    ),
    ("high_latency", "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"),
    ("config_error", 'FATAL:  password authentication failed for user "app"'),
    ("config_error", 'FATAL:  database "orders" does not exist'),
    (
        "config_error",
        "ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.5' (using password: YES)",
    ),
    ("config_error", "botocore.exceptions.NoCredentialsError: Unable to locate credentials"),
    (
        "config_error",
        'Error: error validating "deploy.yaml": error validating data: '
        'ValidationError(Deployment.spec): unknown field "replica" in '
        "io.k8s.api.apps.v1.DeploymentSpec",
    ),
    (
        "config_error",
        "2025/03/02 10:00:00 [emerg] 1#1: could not build server_names_hash, you should increase "
        "server_names_hash_bucket_size: 64",
    ),
    ("config_error", 'level=error msg="invalid argument \\"--listen-addres\\" for flag" '),
    ("oom", "Can't save in background: fork: Cannot allocate memory"),
    (
        "oom",
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
        "to disk. fork: Cannot allocate memory",
    ),
    (
        "tls_error",
        "http: TLS handshake error from 10.244.1.7:53412: remote error: tls: unknown certificate "
        "authority",
    ),
    ("tls_error", "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"),
    (
        "tls_error",
        "SSL_connect returned=1 errno=0 state=error: certificate verify failed (unable to get "
        "local issuer certificate)",
    ),
    ("tls_error", "x509: certificate is not valid for any names, but wanted to match api.internal"),
    (
        "disk_full",
        "ClusterBlockException[index [logs-2025.03] blocked by: [FORBIDDEN/12/index read-only / "
        "allow delete (api)];]",
    ),
    (
        "disk_full",
        "MISCONF Redis is configured to save RDB snapshots, but it's currently not able to persist "
        "on disk. No space left on device",
    ),
    (
        "node_health",
        "Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: rpc error: code = "
        'Unknown desc = failed to setup network for sandbox: plugin type="calico" failed (add): '
        "stat /var/lib/calico/nodename: no such file or directory",
    ),
    (
        "node_health",
        "Warning  NetworkNotReady  kubelet  network is not ready: container runtime network not "
        "ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns "
        "error: cni plugin not initialized",
    ),
    (
        "node_health",
        "master not discovered yet, this node has not previously joined a bootstrapped cluster",
    ),
    (
        "node_health",
        "Node worker-3 has been unreachable for 5 minutes, taint node.kubernetes.io/unreachable "
        "applied",
    ),
    ("volume", "0/3 nodes are available: 3 node(s) had volume node affinity conflict."),
    (
        "volume",
        'Warning  FailedMount  kubelet  MountVolume.SetUp failed for volume "data" : mount failed: '
        "exit status 32",
    ),
    (
        "volume",
        'Warning  VolumeResizeFailed  external-resizer  resize volume "pvc-1" by resizer '
        '"ebs.csi.aws.com" failed',
    ),
    (
        "crashloop",
        "Warning  BackOff  kubelet  Back-off restarting failed container app in pod "
        "app-0_prod(abc)",
    ),
    (
        "crashloop",
        'Error: failed to start container "app": Error response from daemon: OCI runtime create '
        "failed",
    ),
    ("crashloop", "fatal: unhandled exception in worker thread; aborting\nAborted (core dumped)"),
    (
        "config_error",
        "Warning  Failed  kubelet  Error: failed to create containerd task: failed to create shim "
        "task: OCI runtime create failed: runc create failed: unable to start container process: "
        'exec: "/app/start.sh": stat /app/start.sh: no such file or directory: unknown',
    ),
    (
        "dependency_limit",
        "Host '10.0.0.5' is blocked because of many connection errors; unblock with 'mysqladmin "
        "flush-hosts'",
    ),
    ("dependency_limit", "ERR max number of clients reached"),
    (
        "dependency_limit",
        "org.elasticsearch.action.bulk.BulkItemResponse: rejected execution of coordinating "
        "operation [...] queue capacity = 200",
    ),
    (
        "dependency_limit",
        "ResourceExhausted: rpc error: code = ResourceExhausted desc = grpc: received message "
        "larger than max",
    ),
    ("evicted", "Pod was rejected: The node had condition: [DiskPressure]."),
    (
        "scheduling",
        'Warning  FailedCreate  replicaset-controller  Error creating: pods "api-x" is forbidden: '
        "failed quota: compute: must specify limits.cpu for: api",
    ),
    (
        "rollout_failure",
        "Warning  DeadlineExceeded  job-controller  Job was active longer than specified deadline",
    ),
    (
        "rollout_failure",
        "Warning  ProgressDeadlineExceeded  deployment-controller  Deployment does not have "
        "minimum availability.",
    ),
    ("unknown", "context canceled"),
    ("unknown", "INFO  Graceful shutdown complete"),
    ("unknown", 'Successfully pulled image "nginx:1.25" in 2.1s'),
    ("unknown", "Started container app"),
    ("unknown", "memory usage 40% of limit, gc pause 3ms"),
    ("unknown", "disk usage on /data is 35%"),
    ("unknown", "certificate for api.example.com is valid until 2027-01-01"),
    ("unknown", "reconnected to redis after 2 attempts"),
    ("unknown", "0 errors, 0 warnings"),
    ("unknown", "Readiness probe succeeded"),
    ("unknown", 'level=info msg="connection established" peer=10.0.0.4:5432'),
    ("unknown", "INFO  Scaled up replica set web-7d9f to 3"),
    (
        "unknown",
        "Normal  Scheduled  default-scheduler  Successfully assigned shop/cart-0 to worker-2",
    ),
    ("unknown", 'Normal  Pulled  kubelet  Container image "redis:7" already present on machine'),
    ("unknown", "WARN deprecated flag --foo will be removed"),
    ("unknown", "Completed 200 OK in 12ms"),
    ("disk_full", "[FIRING:1] KubePersistentVolumeFillingUp databases (data-orders-db-0 kubelet)"),
    ("scheduling", "Slack says: Alert KubeHpaMaxedOut is firing for shop/checkout since 09:12"),
    ("unknown", "all good, nothing to report"),
    ("unknown", "INFO Server started on port 8080"),
)

# (category, text) of Korean reports.
KOREAN: tuple[tuple[str, str], ...] = (
    ("oom", "정산 배치가 돌 때마다 컨테이너가 메모리 한계를 넘어서 강제로 종료됩니다."),
    ("oom", "커널 로그에 메모리 부족으로 프로세스를 죽였다는 메시지가 남아 있습니다."),
    ("oom", "힙 메모리가 가득 차서 자바 프로세스가 내려갔습니다."),
    ("oom", "레디스가 최대 메모리에 도달해서 쓰기 명령을 거부하고 있습니다."),
    ("oom", "파드 메모리 사용량이 지정된 상한에 근접했습니다 (93%)."),
    ("crashloop", "주문 서비스 파드가 뜨자마자 죽고 다시 뜨기를 반복합니다."),
    ("crashloop", "컨테이너가 비정상 종료 후 재시작을 되풀이하고 있습니다."),
    ("crashloop", "지난 한 시간 동안 재시작이 12번 발생했습니다."),
    ("image_pull", "새 태그로 배포했는데 이미지를 받아오지 못하고 있습니다."),
    ("image_pull", "레지스트리 인증이 실패해서 컨테이너 이미지를 내려받을 수 없습니다."),
    ("image_pull", "지정한 이미지 태그가 저장소에 존재하지 않는다고 나옵니다."),
    ("cpu_throttling", "결제 서비스가 프로세서 한도에 걸려 스로틀링이 심합니다."),
    ("cpu_throttling", "씨피유 제한 때문에 처리가 자꾸 밀립니다. 쓰로틀링 비율이 60%입니다."),
    ("disk_full", "데이터 디렉터리가 있는 볼륨의 남은 용량이 2%입니다."),
    ("disk_full", "로그가 쌓여서 노드 디스크가 꽉 찼습니다."),
    ("disk_full", "아이노드가 고갈되어 파일을 더 만들 수 없습니다."),
    ("probe_failure", "준비 상태 확인이 계속 실패해서 트래픽이 들어오지 않습니다."),
    ("probe_failure", "생존 검사에 통과하지 못해 큐블릿이 컨테이너를 재시작했습니다."),
    ("probe_failure", "헬스 체크 엔드포인트가 5초 안에 응답하지 않습니다."),
    ("high_error_rate", "결제 요청의 실패율이 8%까지 올라갔습니다."),
    ("high_error_rate", "어제 배포 이후 서버 오류 응답이 급증했습니다."),
    ("high_latency", "검색 결과가 뜨기까지 오래 걸립니다. 응답 시간이 평소의 세 배입니다."),
    ("high_latency", "메시지 적체가 계속 늘어나고 있습니다."),
    ("high_latency", "주문 조회 쿼리가 느려져서 화면이 늦게 뜹니다."),
    (
        "connection_error",
        "결제 서비스가 레디스에 접속하지 못하고 있습니다. 연결 시간 초과가 납니다.",
    ),
    ("connection_error", "도메인 이름 해석에 실패해서 외부 API를 호출할 수 없습니다."),
    ("connection_error", "카프카 브로커와의 통신이 끊겼습니다."),
    ("cert_expiry", "외부 도메인 인증서 유효기간이 이틀 남았습니다. 만료 예정입니다."),
    ("cert_expiry", "인증서가 어제 자정에 만료되어 접속이 안 됩니다."),
    ("tls_error", "파트너사 서버 인증서의 발급 기관을 신뢰할 수 없다는 오류가 납니다."),
    ("tls_error", "중간 인증서가 빠져 있어서 체인 검증이 실패합니다."),
    ("tls_error", "호스트 이름이 인증서와 일치하지 않는다는 오류가 납니다."),
    ("too_many_open_files", "열린 파일이 너무 많아서 새 연결을 받지 못합니다."),
    ("too_many_open_files", "파일 핸들이 고갈되었습니다."),
    ("evicted", "노드 메모리가 부족해지자 파드가 쫓겨났습니다."),
    ("evicted", "임시 저장소 사용량이 한도를 넘어 파드가 퇴출되었습니다."),
    ("config_error", "필수 환경 변수가 설정되지 않아 애플리케이션이 시작되지 않습니다."),
    ("config_error", "설정 파일 문법 오류로 프록시가 기동하지 못합니다."),
    ("config_error", "배포된 시크릿에 데이터베이스 비밀번호 키가 빠져 있습니다."),
    ("scheduling", "파드가 20분째 대기 상태입니다. 배치할 수 있는 노드가 없다고 합니다."),
    ("scheduling", "네임스페이스 리소스 쿼터를 초과해서 새 파드를 만들 수 없습니다."),
    ("scheduling", "오토스케일러가 최대치에 도달해서 더 늘어나지 않습니다."),
    ("node_health", "워커 노드 하나가 먹통이 되었습니다."),
    ("node_health", "모니터링 대상 익스포터가 응답하지 않습니다."),
    ("node_health", "노드 시계가 5초 어긋나 있습니다."),
    ("volume", "영구 볼륨 클레임이 바인딩되지 않고 펜딩 상태로 남아 있습니다."),
    ("volume", "스토리지 볼륨을 새 노드에 붙이지 못하고 있습니다."),
    ("rollout_failure", "롤링 업데이트가 중간에 멈췄습니다. 새 버전 파드가 준비되지 않습니다."),
    ("rollout_failure", "야간 백업 작업이 실패했습니다."),
    ("rollout_failure", "디플로이먼트 레플리카 수가 맞지 않습니다."),
    ("dependency_limit", "데이터베이스 최대 연결 수에 도달해서 새 접속이 거부됩니다."),
    ("dependency_limit", "커넥션 풀이 고갈되어 요청이 대기하고 있습니다."),
    ("dependency_limit", "외부 API 호출 한도를 초과했습니다."),
    (
        "scheduling",
        "스케줄러 이벤트: 노드 5대 중 배치 가능한 노드가 없습니다. "
        "3대는 요청한 씨피유를 수용할 수 없고 2대는 전용 노드입니다.",
    ),
    (
        "probe_failure",
        "큐블릿이 점검 요청에 응답하지 않는 컨테이너를 죽이고 다시 띄웁니다. "
        "재시작이 6번 있었습니다.",
    ),
    ("image_pull", "배포한 태그가 레지스트리에 없다고 나오고 파드가 대기 상태입니다."),
    (
        "disk_full",
        "노드에서 df 결과를 붙입니다.\n/dev/sda1        50G   48G  1.9G  97% /var/lib/containerd",
    ),
    ("disk_full", "디스크 사용률 임계치 초과"),
    ("oom", "메모리 사용량 경고 (92%)"),
    ("disk_full", "메모리는 정상이고 디스크 공간이 부족합니다."),
    ("connection_error", "디스크는 문제없고 DB 연결이 계속 끊깁니다."),
    ("unknown", "디스크 사용률 35%로 정상입니다."),
    ("unknown", "메모리 사용량은 안정적입니다."),
    ("crashloop", "api 파드가 자꾸 재시작돼요 ㅠㅠ 로그 보면 그냥 종료 코드 1로 끝나네요"),
    ("high_latency", "어제부터 결제 API가 엄청 느려졌어요."),
    ("high_error_rate", "주문 API 5분간 실패율 12% 초과"),
    ("config_error", "컨피그맵에 키가 빠져 있어서 파드가 안 떠요"),
    ("image_pull", "이미지 풀 실패 (레지스트리 인증 오류)"),
    ("node_health", "worker-3 노드 응답 없음"),
    ("volume", "PVC 마운트 실패로 파드 기동 불가"),
    ("probe_failure", "배포 롤백됨: 신규 버전 헬스 체크 통과 못 함"),
    ("scheduling", "파드 배치 불가 - 노드 자원 부족"),
    ("dependency_limit", "DB 커넥션 풀 고갈 (활성 50/50)"),
    ("tls_error", "SSL 인증서 체인 검증 실패"),
    ("cert_expiry", "SSL 인증서 만료 D-3"),
    ("too_many_open_files", "열린 파일 수 한도 초과"),
    ("evicted", "파드 축출 발생 (노드 디스크 압박)"),
    ("cpu_throttling", "컨테이너 스로틀링 비율 45%"),
    ("probe_failure", "레디니스 프로브 실패로 엔드포인트에서 제외됨"),
    ("oom", "OOM으로 컨테이너 재시작 반복"),
    ("dependency_limit", "결제 DB 커넥션 수가 최대치(300)에 도달해서 신규 접속이 대기합니다."),
    (
        "volume",
        "볼륨이 아직 예전 노드에 붙어 있어서 새 노드에 붙일 수 없다는 경고가 이어집니다. "
        "이후 마운트 대기 시간이 초과됩니다.",
    ),
    ("disk_full", "노드에서 확인한 결과: /dev/nvme0n1p1 100G 96G 4.0G 96% /var/lib/docker"),
    ("disk_full", "/var/lib/kubelet 사용률 94%로 올라갔습니다."),
    (
        "probe_failure",
        "상태 확인 경로가 3초 안에 답하지 않아서 컨테이너가 다시 시작됩니다. "
        "지난 한 시간 동안 재시작이 5번 있었습니다.",
    ),
    ("high_latency", "새로 배포한 프로그램이 느려졌다는 문의가 많습니다."),
    ("connection_error", "그 다음 로그에 원격 저장소 연결 대기 시간 초과가 찍힙니다."),
    ("unknown", "특이사항 없습니다. 정기 점검 완료."),
    ("unknown", "오늘 배포 일정 공유드립니다."),
)

# (category, alertname, summary, description) of custom alert rules.
RULES: tuple[tuple[str, str, str, str], ...] = (
    (
        "oom",
        "HighMemoryUsage",
        "Memory usage of api is high",
        "Pod api-0 uses 95% of its memory limit",
    ),
    (
        "oom",
        "PodMemoryUsageCritical",
        "Pod memory critical",
        "Memory utilization is above 90% for 10m",
    ),
    ("oom", "JavaHeapAlmostFull", "JVM heap almost full", "Heap used 97% of max on orders-0"),
    (
        "oom",
        "ContainerOOMEvents",
        "OOM events in container",
        "container_oom_events_total increased for payments",
    ),
    (
        "crashloop",
        "PodRestartsHigh",
        "Pod restarting frequently",
        "Pod shop/cart-0 restarted 8 times in 1h",
    ),
    (
        "crashloop",
        "KubePodCrashLooping",
        "Pod is crash looping.",
        "Pod shop/cart-0 (cart) is restarting 2.5 times / 10 minutes.",
    ),
    (
        "crashloop",
        "ContainerRestarting",
        "Container keeps restarting",
        "Container api restart count increased by 4 in the last 15 minutes",
    ),
    (
        "image_pull",
        "ImagePullErrors",
        "Image pull failing",
        "Pods in namespace ml cannot pull their image (ErrImagePull)",
    ),
    (
        "cpu_throttling",
        "CPUThrottling",
        "CPU throttling above 25%",
        "Container pricing throttled for 42% of periods",
    ),
    ("disk_full", "DiskAlmostFull", "Disk almost full", "Disk /data on db-0 is 93% used"),
    ("disk_full", "PVCUsageHigh", "PVC usage high", "PVC data-es-0 usage is above 90%"),
    (
        "disk_full",
        "PrometheusStorageLow",
        "Prometheus storage running out",
        "Less than 5% of the volume is free",
    ),
    (
        "probe_failure",
        "LivenessProbeFailures",
        "Liveness probe failures",
        "Container api liveness probe failed 6 times",
    ),
    ("high_error_rate", "HighErrorRate", "High error rate", "5% of requests are failing"),
    (
        "high_error_rate",
        "ApiServerErrors",
        "Elevated 5xx",
        "Ingress returned 502/503 for 7% of traffic",
    ),
    (
        "high_error_rate",
        "ServiceErrorBudgetBurn",
        "Error budget is burning fast",
        "checkout SLO error budget burn rate 14x",
    ),
    ("high_latency", "HighLatency", "High latency", "p95 latency is 1.2s"),
    ("high_latency", "SlowRequests", "Requests slow", "Average request duration 2.5s over 5m"),
    (
        "connection_error",
        "DatabaseUnreachable",
        "Cannot connect to database",
        "orders cannot connect to postgres: connection refused",
    ),
    (
        "connection_error",
        "DNSFailures",
        "DNS lookups failing",
        "CoreDNS returns SERVFAIL for 20% of queries",
    ),
    (
        "cert_expiry",
        "SSLCertExpiringSoon",
        "SSL certificate expires in 7 days",
        "Certificate for shop.example.com expires soon",
    ),
    (
        "cert_expiry",
        "CertificateExpired",
        "Certificate expired",
        "The certificate of api.example.com has expired",
    ),
    (
        "tls_error",
        "TLSVerifyErrors",
        "TLS verification errors",
        "Clients fail TLS verification: unknown authority",
    ),
    (
        "too_many_open_files",
        "FileDescriptorsHigh",
        "File descriptors usage high",
        "Process uses 92% of max file descriptors",
    ),
    (
        "evicted",
        "PodsEvicted",
        "Pods evicted",
        "6 pods were evicted from worker-2 in the last hour",
    ),
    (
        "config_error",
        "ConfigReloadFailed",
        "Config reload failed",
        "Configuration reload of nginx failed",
    ),
    (
        "config_error",
        "MissingSecret",
        "Secret missing",
        "Pod cannot start: secret db-creds not found",
    ),
    (
        "scheduling",
        "PodsPending",
        "Pods pending",
        "4 pods in namespace ml are pending for more than 10 minutes",
    ),
    (
        "scheduling",
        "ResourceQuotaExceeded",
        "Quota exceeded",
        "Namespace team-a exceeded its CPU quota",
    ),
    ("scheduling", "HPAMaxReplicas", "HPA at max", "HPA cart is at maximum replicas"),
    ("node_health", "NodeDown", "Node down", "Node worker-4 is not responding"),
    (
        "node_health",
        "InstanceDown",
        "Instance down",
        "Instance 10.0.0.4:9100 of job node has been down for more than 5 minutes.",
    ),
    ("node_health", "ExporterDown", "Exporter down", "The redis exporter is down"),
    ("volume", "VolumeMountFailed", "Volume mount failing", "Pod db-0 cannot mount its volume"),
    (
        "volume",
        "PVCPending",
        "PVC pending",
        "PersistentVolumeClaim data-0 has been Pending for 10 minutes",
    ),
    (
        "rollout_failure",
        "DeploymentRolloutFailed",
        "Deployment rollout failed",
        "Rollout of api is stuck: ProgressDeadlineExceeded",
    ),
    ("rollout_failure", "JobFailed", "Job failed", "Job backup-123 failed"),
    (
        "rollout_failure",
        "CronJobFailed",
        "CronJob failed",
        "CronJob nightly has failed its last run",
    ),
    (
        "dependency_limit",
        "PostgresConnectionsHigh",
        "Postgres connections near max",
        "190 of 200 max_connections are in use",
    ),
    (
        "dependency_limit",
        "RedisClientsHigh",
        "Redis connected clients near maxclients",
        "connected_clients at 95% of maxclients",
    ),
    (
        "dependency_limit",
        "ConnectionPoolExhausted",
        "Connection pool exhausted",
        "HikariCP pool for orders is exhausted (active 20/20)",
    ),
    ("unknown", "Heartbeat", "Heartbeat", "This alert always fires"),
    ("unknown", "TestAlert", "Test alert", "This is a test"),
)


def _cases() -> list[Case]:
    cases: list[Case] = []
    for n, (category, text) in enumerate(LINES):
        cases.append(
            logged(
                f"line-{category}-{n}",
                category,
                text,
                app="svc",
                ns="prod",
                source=_SOURCES[category],
                why="one line in the family's wording",
            )
        )
    for n, (category, text) in enumerate(KOREAN):
        cases.append(
            logged(
                f"ko-line-{category}-{n}",
                category,
                text,
                app="svc",
                ns="prod",
                source=_SOURCES[category],
                why="Korean report",
                lang="ko",
            )
        )
    for n, (category, name, summary, description) in enumerate(RULES):
        cases.append(
            case(
                f"rule-{category}-{n}",
                category,
                "alert",
                [
                    alert(
                        name, "warning", namespace="prod", summary=summary, description=description
                    )
                ],
                source=_SOURCES[category],
                why="custom rule: its name and summary",
            )
        )
    return cases


CASES: list[Case] = _cases()
