"""Realistic analyzer inputs: Kubernetes events, container logs and alerts as kube-prometheus
and Loki rules send them, each with the category, workload and values change it must give."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.patching.remediation import Remediation, RemediationKind
from receiver.ingest.events import build_log_text

OOM = Remediation(RemediationKind.RAISE_MEMORY, 2.0)
CPU = Remediation(RemediationKind.RAISE_CPU, 1.5)
PROBES = Remediation(RemediationKind.RELAX_PROBES)
SCALE = Remediation(RemediationKind.SCALE_OUT, 1.5)
GROW = Remediation(RemediationKind.GROW_PERSISTENCE, 1.5)
REVERT = Remediation(RemediationKind.REVERT_IMAGE_TAG)


@dataclass(frozen=True)
class Sample:
    """One input and what the analyzer must conclude. `namespace` None means not checked."""

    id: str
    text: str
    category: str
    app: str
    remediation: Remediation | None
    labels: Mapping[str, str] = field(default_factory=dict)
    namespace: str | None = None


def alert(
    id: str,
    labels: Mapping[str, str],
    summary: str,
    description: str,
    category: str,
    app: str,
    remediation: Remediation | None,
    namespace: str | None = None,
) -> Sample:
    """An alert as the receiver hands it over: its text built from alertname and annotations."""
    text = build_log_text(labels, {"summary": summary, "description": description})
    return Sample(id, text, category, app, remediation, dict(labels), namespace)


SAMPLES: tuple[Sample, ...] = (
    # --- oom ------------------------------------------------------------------------------
    alert(
        "kube-prometheus-oom-captured",
        {
            "alertname": "KubePodOOMKilled",
            "app": "grafana",
            "container": "grafana",
            "namespace": "monitoring",
            "pod": "grafana-7d9f-x2k4p",
            "severity": "critical",
        },
        "Container grafana in pod monitoring/grafana-7d9f-x2k4p was OOMKilled",
        "Container grafana in pod monitoring/grafana-7d9f-x2k4p was terminated with reason "
        "OOMKilled (exit code 137); memory limit 512Mi was exceeded.",
        "oom",
        "grafana",
        OOM,
        "monitoring",
    ),
    Sample(
        "describe-pod-last-state-oomkilled",
        "Name:             grafana-7d9f8c6b5-x2k4p\n"
        "Namespace:        monitoring\n"
        "Containers:\n"
        "  grafana:\n"
        "    State:          Running\n"
        "    Last State:     Terminated\n"
        "      Reason:       OOMKilled\n"
        "      Exit Code:    137\n"
        "    Restart Count:  7\n",
        "oom",
        "grafana",
        OOM,
        namespace="monitoring",
    ),
    Sample(
        "java-heap-space",
        '[2024-05-01 12:00:03,123] ERROR Exception in thread "kafka-request-handler-3"\n'
        "java.lang.OutOfMemoryError: Java heap space\n"
        "\tat java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)",
        "oom",
        "kafka",
        OOM,
        labels={"namespace": "streaming", "pod": "kafka-0", "container": "kafka"},
        namespace="streaming",
    ),
    Sample(
        "kernel-memory-cgroup-oom",
        "Memory cgroup out of memory: Killed process 4123 (loki) total-vm:2345678kB, "
        "anon-rss:1048576kB, file-rss:0kB, shmem-rss:0kB, UID:10001 pgtables:2345kB "
        "oom_score_adj:999",
        "oom",
        "loki",
        OOM,
        labels={"app": "loki", "namespace": "logging"},
    ),
    Sample(
        "go-runtime-out-of-memory",
        "container payments-api in pod payments/payments-api-6f7d9c8b4-q2w7z:\n"
        "fatal error: runtime: out of memory\n\n"
        "runtime stack:\nruntime.throw({0x1a2b3c4, 0x16})",
        "oom",
        "payments-api",
        OOM,
        namespace="payments",
    ),
    Sample(
        "node-javascript-heap",
        "<--- Last few GCs --->\n"
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n"
        " 1: 0xb7a940 node::Abort() [node]",
        "oom",
        "checkout",
        OOM,
        labels={"app": "checkout", "namespace": "shop"},
    ),
    alert(
        "crashlooping-because-oomkilled",
        {
            "alertname": "KubePodCrashLooping",
            "namespace": "monitoring",
            "pod": "grafana-7d9f8c6b5-x2k4p",
            "container": "grafana",
            "severity": "warning",
        },
        "Pod is crash looping.",
        "Pod monitoring/grafana-7d9f8c6b5-x2k4p (grafana) is in waiting state (reason: "
        '"CrashLoopBackOff"). Last terminated reason: OOMKilled.',
        "oom",
        "grafana",
        OOM,
    ),
    alert(
        "loki-rule-container-oomkilled",
        {"alertname": "ContainerOOMKilled", "app": "grafana", "namespace": "monitoring"},
        "grafana in monitoring was OOMKilled",
        "Containers of grafana were killed for exceeding their memory limit.",
        "oom",
        "grafana",
        OOM,
    ),
    alert(
        "memory-near-limit",
        {"alertname": "ContainerMemoryNearLimit", "app": "postgres", "namespace": "databases"},
        "postgres is close to its memory limit",
        "Container postgres memory usage is above 95% of its limit for 10 minutes.",
        "oom",
        "postgres",
        OOM,
    ),
    # --- evicted --------------------------------------------------------------------------
    Sample(
        "evicted-memory-over-request",
        "2m   Warning   Evicted   pod/grafana-7d9f8c6b5-x2k4p   The node was low on resource: "
        "memory. Threshold quantity: 100Mi, available: 51200Ki. Container grafana was using "
        "1523Mi, request is 256Mi, has larger consumption of memory.",
        "evicted",
        "grafana",
        OOM,
    ),
    Sample(
        "evicted-memory-old-kubelet-message",
        "Status: Failed\nReason: Evicted\nMessage: The node was low on resource: memory. "
        "Container payments-api was using 2Gi, which exceeds its request of 512Mi.",
        "evicted",
        "payments-api",
        OOM,
        labels={"namespace": "payments"},
        namespace="payments",
    ),
    Sample(
        "evicted-ephemeral-storage",
        "Evicted: The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, "
        "available: 8123456Ki. Container loki was using 14Gi, request is 0, has larger "
        "consumption of ephemeral-storage.",
        "evicted",
        "loki",
        None,
    ),
    Sample(
        "evicted-disk-pressure-event",
        "12m   Warning   Evicted   pod/checkout-5d8f7c9b6-bcdfg   The node had condition: "
        "[DiskPressure].",
        "evicted",
        "checkout",
        None,
    ),
    alert(
        "node-memory-pressure",
        {"alertname": "KubeNodeMemoryPressure", "node": "ip-10-0-1-23", "severity": "warning"},
        "Node has memory pressure.",
        "ip-10-0-1-23 has MemoryPressure condition; pods are being evicted.",
        "evicted",
        "",
        None,
    ),
    # --- disk_full ------------------------------------------------------------------------
    Sample(
        "postgres-no-space",
        "2024-05-01 12:00:01.123 UTC [1234] ERROR:  could not write to file "
        '"base/pgsql_tmp/pgsql_tmp1234.0": No space left on device',
        "disk_full",
        "postgres",
        GROW,
        labels={"app": "postgres", "namespace": "databases"},
    ),
    alert(
        "kube-prometheus-pv-filling-up",
        {
            "alertname": "KubePersistentVolumeFillingUp",
            "namespace": "databases",
            "persistentvolumeclaim": "data-postgres-0",
            "severity": "critical",
        },
        "PersistentVolume is filling up.",
        "The PersistentVolume claimed by data-postgres-0 in Namespace databases is only "
        "2.31% free.",
        "disk_full",
        "postgres",
        GROW,
        "databases",
    ),
    alert(
        "kube-prometheus-pv-predicted-full",
        {
            "alertname": "KubePersistentVolumeFillingUp",
            "namespace": "logging",
            "persistentvolumeclaim": "storage-loki-0",
            "severity": "warning",
        },
        "PersistentVolume is filling up.",
        "Based on recent sampling, the PersistentVolume claimed by storage-loki-0 in Namespace "
        "logging is expected to fill up within four days. Currently 14.2% is available.",
        "disk_full",
        "loki",
        GROW,
    ),
    Sample(
        "kafka-log-dir-no-space",
        "[2024-05-01 12:00:00,001] ERROR Error while appending records to orders-3 in dir "
        "/var/lib/kafka/data (kafka.server.LogDirFailureChannel)\n"
        "java.io.IOException: No space left on device",
        "disk_full",
        "kafka",
        GROW,
        labels={"namespace": "streaming", "pod": "kafka-2"},
    ),
    Sample(
        "loki-flush-no-space",
        'level=error ts=2024-05-01T12:00:00.123Z caller=flush.go:143 org_id=fake msg="failed '
        'to flush" err="write /var/loki/chunks/ZmFrZS8x: no space left on device"',
        "disk_full",
        "loki",
        GROW,
        labels={"app": "loki"},
    ),
    alert(
        "node-filesystem-almost-out-of-space",
        {
            "alertname": "NodeFilesystemAlmostOutOfSpace",
            "container": "node-exporter",
            "device": "/dev/nvme0n1p1",
            "instance": "10.0.1.23:9100",
            "job": "node-exporter",
            "mountpoint": "/",
            "namespace": "monitoring",
            "pod": "node-exporter-8kz2v",
            "severity": "warning",
        },
        "Filesystem has less than 5% space left.",
        "Filesystem on /dev/nvme0n1p1, mounted on /, at 10.0.1.23:9100 has only 4.12% "
        "available space left.",
        "disk_full",
        "node-exporter",
        None,
    ),
    # --- too_many_open_files --------------------------------------------------------------
    Sample(
        "go-accept-too-many-open-files",
        "2024/05/01 12:00:00 http: Accept error: accept tcp [::]:8080: accept4: too many open "
        "files; retrying in 1s",
        "too_many_open_files",
        "payments-api",
        None,
        labels={"app": "payments-api", "namespace": "payments"},
    ),
    Sample(
        "kafka-java-too-many-open-files",
        "[2024-05-01 12:00:00,001] ERROR Error while accepting connection "
        "(kafka.network.Acceptor)\njava.io.IOException: Too many open files",
        "too_many_open_files",
        "kafka",
        None,
        labels={"namespace": "streaming", "pod": "kafka-1"},
    ),
    Sample(
        "nginx-accept4-emfile",
        "2024/05/01 12:00:00 [crit] 31#31: accept4() failed (24: Too many open files)",
        "too_many_open_files",
        "ingress-nginx",
        None,
        labels={"app_kubernetes_io_name": "ingress-nginx", "namespace": "ingress-nginx"},
    ),
    alert(
        "node-file-descriptor-limit",
        {
            "alertname": "NodeFileDescriptorLimit",
            "instance": "10.0.1.23:9100",
            "job": "node-exporter",
            "severity": "warning",
        },
        "Kernel is predicted to exhaust file descriptors limit soon.",
        "File descriptors limit at 10.0.1.23:9100 is currently at 91.24%.",
        "too_many_open_files",
        "",
        None,
    ),
    # --- cert_expiry ----------------------------------------------------------------------
    Sample(
        "go-x509-expired",
        'level=error msg="charge failed" err="Post \\"https://payments-api.payments.svc:8443/'
        'charge\\": x509: certificate has expired or is not yet valid: current time '
        '2024-05-01T12:00:00Z is after 2024-04-30T23:59:59Z"',
        "cert_expiry",
        "checkout",
        None,
        labels={"app": "checkout", "namespace": "shop"},
    ),
    alert(
        "cert-manager-expiry-soon",
        {
            "alertname": "CertManagerCertExpirySoon",
            "namespace": "monitoring",
            "name": "grafana-tls",
            "severity": "warning",
        },
        "The cert `grafana-tls` is 6d 23h from expiry, it should have renewed over a week ago.",
        "The domain that this cert covers will be unavailable after 6d 23h. Clients using "
        "endpoints that this cert protects will start to fail in 6d 23h.",
        "cert_expiry",
        "",
        None,
        "monitoring",
    ),
    alert(
        "kube-client-certificate-expiration",
        {
            "alertname": "KubeClientCertificateExpiration",
            "job": "apiserver",
            "severity": "critical",
        },
        "Client certificate is about to expire.",
        "A client certificate used to authenticate to kubernetes apiserver is expiring in less "
        "than 7.0 days.",
        "cert_expiry",
        "",
        None,
    ),
    Sample(
        "python-requests-ssl-expired",
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.stripe.com', port=443): "
        "Max retries exceeded with url: /v1/charges (Caused by SSLError(SSLCertVerificationError"
        "(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has "
        "expired (_ssl.c:1006)')))",
        "cert_expiry",
        "payments-api",
        None,
        labels={"app": "payments-api"},
    ),
    Sample(
        "node-cert-has-expired",
        "Error: certificate has expired\n"
        "    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n"
        "  code: 'CERT_HAS_EXPIRED'\n}",
        "cert_expiry",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    # --- image_pull -----------------------------------------------------------------------
    Sample(
        "event-manifest-unknown",
        "3m   Warning   Failed   pod/grafana-7d9f8c6b5-x2k4p   Failed to pull image "
        '"registry.example.com/grafana:10.4.99": rpc error: code = NotFound desc = failed to '
        'pull and unpack image "registry.example.com/grafana:10.4.99": failed to resolve '
        'reference "registry.example.com/grafana:10.4.99": registry.example.com/grafana:'
        "10.4.99: manifest unknown",
        "image_pull",
        "grafana",
        REVERT,
    ),
    Sample(
        "event-back-off-pulling",
        "45s   Normal    BackOff   pod/checkout-5d8f7c9b6-bcdfg   Back-off pulling image "
        '"ghcr.io/acme/checkout:v2.3.1"\n'
        "45s   Warning   Failed    pod/checkout-5d8f7c9b6-bcdfg   Error: ImagePullBackOff",
        "image_pull",
        "checkout",
        REVERT,
    ),
    alert(
        "kube-container-waiting-image-pull",
        {
            "alertname": "KubeContainerWaiting",
            "namespace": "shop",
            "pod": "checkout-5d8f7c9b6-bcdfg",
            "container": "checkout",
            "reason": "ImagePullBackOff",
            "severity": "warning",
        },
        "Pod container waiting longer than 1 hour",
        "pod/checkout-5d8f7c9b6-bcdfg in namespace shop on container checkout has been in "
        'waiting state for longer than 1 hour. (reason: "ImagePullBackOff").',
        "image_pull",
        "checkout",
        REVERT,
        "shop",
    ),
    Sample(
        "pull-access-denied",
        'Failed to pull image "payments-api:latest": rpc error: code = Unknown desc = failed to '
        'pull and unpack image "docker.io/library/payments-api:latest": failed to resolve '
        'reference "docker.io/library/payments-api:latest": pull access denied, repository does '
        "not exist or may require authorization: server message: insufficient_scope: "
        "authorization failed",
        "image_pull",
        "payments-api",
        REVERT,
        labels={"namespace": "payments", "pod": "payments-api-6f7d9c8b4-q2w7z"},
    ),
    Sample(
        "err-image-pull-registry-dns",
        "Warning  Failed  pod/kafka-0  Failed to pull image "
        '"registry.internal:5000/kafka:3.7.0": rpc error: code = Unknown desc = failed to do '
        'request: Head "https://registry.internal:5000/v2/kafka/manifests/3.7.0": dial tcp: '
        "lookup registry.internal on 10.96.0.10:53: no such host\n"
        "Warning  Failed  pod/kafka-0  Error: ErrImagePull",
        "image_pull",
        "kafka",
        REVERT,
    ),
    # --- config_error ---------------------------------------------------------------------
    Sample(
        "python-keyerror-env",
        "Traceback (most recent call last):\n"
        '  File "/app/main.py", line 8, in <module>\n'
        "    from checkout.settings import settings\n"
        '  File "/app/checkout/settings.py", line 14, in <module>\n'
        '    DATABASE_URL = os.environ["DATABASE_URL"]\n'
        '  File "<frozen os>", line 679, in __getitem__\n'
        "KeyError: 'DATABASE_URL'",
        "config_error",
        "checkout",
        None,
        labels={"app": "checkout", "namespace": "shop"},
    ),
    Sample(
        "event-secret-not-found",
        '2m   Warning   Failed   pod/payments-api-6f7d9c8b4-q2w7z   Error: secret "payments-db" '
        "not found",
        "config_error",
        "payments-api",
        None,
    ),
    Sample(
        "event-couldnt-find-key",
        "Warning  Failed  14s (x3 over 40s)  kubelet  Error: couldn't find key DB_PASSWORD in "
        "Secret payments/payments-db",
        "config_error",
        "payments-api",
        None,
        labels={"namespace": "payments", "pod": "payments-api-6f7d9c8b4-q2w7z"},
    ),
    Sample(
        "event-configmap-not-found",
        "Warning  FailedMount  pod/grafana-7d9f8c6b5-x2k4p  MountVolume.SetUp failed for volume "
        '"config" : configmap "grafana-ini" not found',
        "config_error",
        "grafana",
        None,
    ),
    Sample(
        "go-envconfig-required-key",
        "panic: required key DATABASE_URL missing value\n\ngoroutine 1 [running]:\n"
        "main.main()\n\t/src/cmd/checkout/main.go:31 +0x1c5",
        "config_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    alert(
        "kube-container-waiting-config-error",
        {
            "alertname": "KubeContainerWaiting",
            "namespace": "logging",
            "pod": "loki-0",
            "container": "loki",
            "severity": "warning",
        },
        "Pod container waiting longer than 1 hour",
        "pod/loki-0 in namespace logging on container loki has been in waiting state for longer "
        'than 1 hour. (reason: "CreateContainerConfigError").',
        "config_error",
        "loki",
        None,
        "logging",
    ),
    Sample(
        "spring-unresolved-placeholder",
        "Caused by: java.lang.IllegalArgumentException: Could not resolve placeholder "
        "'KAFKA_BOOTSTRAP_SERVERS' in value \"${KAFKA_BOOTSTRAP_SERVERS}\"",
        "config_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    # --- cpu_throttling -------------------------------------------------------------------
    alert(
        "kube-prometheus-cpu-throttling-high",
        {
            "alertname": "CPUThrottlingHigh",
            "namespace": "monitoring",
            "pod": "grafana-7d9f8c6b5-x2k4p",
            "container": "grafana",
            "severity": "info",
        },
        "Processes experience elevated CPU throttling.",
        "45.3% throttling of CPU in namespace monitoring for container grafana in pod "
        "grafana-7d9f8c6b5-x2k4p.",
        "cpu_throttling",
        "grafana",
        CPU,
        "monitoring",
    ),
    alert(
        "custom-cpu-throttled",
        {"alertname": "ContainerCpuThrottled", "app": "checkout", "namespace": "shop"},
        "checkout is CPU throttled",
        "checkout spent 62% of its CFS periods throttled over the last 5 minutes.",
        "cpu_throttling",
        "checkout",
        CPU,
    ),
    Sample(
        "text-only-cpu-throttling",
        "pod ingress-nginx/ingress-nginx-controller-5c8d66c76d-8xk2p: cpu throttling at 78% "
        "over 5m",
        "cpu_throttling",
        "ingress-nginx-controller",
        CPU,
        namespace="ingress-nginx",
    ),
    # --- probe_failure --------------------------------------------------------------------
    Sample(
        "liveness-deadline-exceeded",
        "5m   Warning   Unhealthy   pod/grafana-7d9f8c6b5-x2k4p   Liveness probe failed: Get "
        '"http://10.0.1.23:3000/api/health": context deadline exceeded (Client.Timeout exceeded '
        "while awaiting headers)",
        "probe_failure",
        "grafana",
        PROBES,
    ),
    Sample(
        "readiness-connection-refused",
        "Warning  Unhealthy  pod/checkout-5d8f7c9b6-bcdfg  Readiness probe failed: Get "
        '"http://10.0.2.15:8080/ready": dial tcp 10.0.2.15:8080: connect: connection refused',
        "probe_failure",
        "checkout",
        PROBES,
    ),
    Sample(
        "startup-probe-503",
        "Warning  Unhealthy  Startup probe failed: HTTP probe failed with statuscode: 503",
        "probe_failure",
        "payments-api",
        PROBES,
        labels={"app": "payments-api", "namespace": "payments"},
    ),
    Sample(
        "kubelet-killing-after-liveness",
        "Normal   Killing   pod/loki-0   Container loki failed liveness probe, will be restarted",
        "probe_failure",
        "loki",
        PROBES,
    ),
    Sample(
        "exec-probe-errored",
        "Warning  Unhealthy  pod/postgres-0  Liveness probe errored: rpc error: code = "
        "DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context "
        "deadline exceeded",
        "probe_failure",
        "postgres",
        PROBES,
    ),
    alert(
        "pod-not-ready-with-probe-evidence",
        {
            "alertname": "KubePodNotReady",
            "namespace": "payments",
            "pod": "payments-api-6f7d9c8b4-q2w7z",
            "severity": "warning",
        },
        "Pod has been in a non-ready state for more than 15 minutes.",
        "Pod payments/payments-api-6f7d9c8b4-q2w7z has been in a non-ready state for longer "
        "than 15 minutes; readiness probe is failing with HTTP 500.",
        "probe_failure",
        "payments-api",
        PROBES,
        "payments",
    ),
    # --- connection_error -----------------------------------------------------------------
    Sample(
        "node-econnrefused",
        "Error: connect ECONNREFUSED 10.0.0.5:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
        "connection_error",
        "checkout",
        None,
        labels={"app": "checkout", "namespace": "shop"},
    ),
    Sample(
        "go-dial-refused",
        'level=error ts=2024-05-01T12:00:00Z msg="failed to connect to database" err="dial tcp '
        '10.0.0.5:5432: connect: connection refused"',
        "connection_error",
        "payments-api",
        None,
        labels={"app": "payments-api"},
    ),
    Sample(
        "go-dns-no-such-host",
        'level=error msg="ping failed" err="dial tcp: lookup postgres.databases.svc.cluster.local'
        ' on 10.96.0.10:53: no such host"',
        "connection_error",
        "payments-api",
        None,
        labels={"app": "payments-api"},
    ),
    Sample(
        "go-dial-io-timeout",
        "kafka: client has run out of available brokers to talk to: dial tcp 10.0.3.7:9092: "
        "i/o timeout",
        "connection_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    Sample(
        "envoy-upstream-connect-error",
        "upstream connect error or disconnect/reset before headers. reset reason: connection "
        "failure",
        "connection_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    Sample(
        "libpq-connection-refused",
        "psycopg.OperationalError: connection failed: connection to server at "
        '"postgres.databases.svc" (10.0.0.5), port 5432 failed: Connection refused',
        "connection_error",
        "payments-api",
        None,
        labels={"app": "payments-api"},
    ),
    Sample(
        "kafka-broker-not-available",
        "[Producer clientId=checkout-producer] Connection to node -1 "
        "(kafka-0.kafka-headless.streaming.svc.cluster.local/10.0.3.7:9092) could not be "
        "established. Broker may not be available.",
        "connection_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    Sample(
        "nginx-connect-refused",
        "2024/05/01 12:00:00 [error] 31#31: *1234 connect() failed (111: Connection refused) "
        "while connecting to upstream, client: 10.2.3.4, server: shop.example.com, request: "
        '"GET /api/cart HTTP/1.1", upstream: "http://10.0.2.15:8080/api/cart", host: '
        '"shop.example.com"',
        "connection_error",
        "ingress-nginx",
        None,
        labels={"app": "ingress-nginx", "namespace": "ingress-nginx"},
    ),
    Sample(
        "redis-py-connection-error",
        "redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.",
        "connection_error",
        "checkout",
        None,
        labels={"app": "checkout"},
    ),
    # --- crashloop ------------------------------------------------------------------------
    Sample(
        "kubelet-back-off-restarting",
        "Back-off restarting failed container grafana in pod "
        "grafana-7d9f8c6b5-x2k4p_monitoring(0f6f1c9e-2b0e-4c1e-9a4d-3f1b2c3d4e5f)",
        "crashloop",
        "grafana",
        REVERT,
        namespace="monitoring",
    ),
    alert(
        "kube-prometheus-crashlooping",
        {
            "alertname": "KubePodCrashLooping",
            "namespace": "payments",
            "pod": "payments-api-6f7d9c8b4-q2w7z",
            "container": "payments-api",
            "severity": "warning",
        },
        "Pod is crash looping.",
        "Pod payments/payments-api-6f7d9c8b4-q2w7z (payments-api) is in waiting state (reason: "
        '"CrashLoopBackOff").',
        "crashloop",
        "payments-api",
        REVERT,
        "payments",
    ),
    alert(
        "kube-prometheus-crashlooping-old-wording",
        {
            "alertname": "KubePodCrashLooping",
            "namespace": "shop",
            "pod": "checkout-5d8f7c9b6-bcdfg",
            "severity": "critical",
        },
        "Pod is crash looping.",
        "Pod shop/checkout-5d8f7c9b6-bcdfg (checkout) is restarting 2.14 times / 10 minutes.",
        "crashloop",
        "checkout",
        REVERT,
    ),
    Sample(
        "go-nil-pointer-panic",
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x12a4b5c]\n\n"
        "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:42 +0x1c",
        "crashloop",
        "checkout",
        REVERT,
        labels={"app": "checkout"},
    ),
    Sample(
        "kubectl-get-pods-crashloop",
        "NAME     READY   STATUS             RESTARTS      AGE\n"
        "loki-0   0/1     CrashLoopBackOff   12 (2m ago)   40m",
        "crashloop",
        "loki",
        REVERT,
    ),
    alert(
        "loki-rule-panicking",
        {"alertname": "AppPanicking", "app": "loki", "namespace": "logging"},
        "loki is panicking",
        'Log lines matching "panic" were seen for loki in logging over the last 5 minutes; '
        "the process is panicking and restarting.",
        "crashloop",
        "loki",
        REVERT,
    ),
    # --- high_error_rate ------------------------------------------------------------------
    alert(
        "captured-high-error-rate",
        {
            "alertname": "HighErrorRate",
            "app": "checkout",
            "namespace": "payments",
            "service": "checkout-api",
            "severity": "warning",
        },
        "High HTTP 5xx error rate on checkout-api",
        "More than 5% of requests to checkout-api in namespace payments returned 5xx over the "
        "last 5 minutes.",
        "high_error_rate",
        "checkout",
        None,
    ),
    alert(
        "error-rate-under-traffic",
        {"alertname": "HighErrorRate", "app": "payments-api", "namespace": "payments"},
        "payments-api 5xx ratio is 12%",
        "5xx ratio of payments-api is 12% while traffic is 3x the usual level.",
        "high_error_rate",
        "payments-api",
        SCALE,
    ),
    alert(
        "loki-rule-nginx-502",
        {"alertname": "NginxHigh502", "app": "ingress-nginx", "namespace": "ingress-nginx"},
        "ingress-nginx returns HTTP 502 for 8% of requests",
        'count_over_time({app="ingress-nginx"} |= "status=502" [5m]) is above 500.',
        "high_error_rate",
        "ingress-nginx",
        None,
    ),
    alert(
        "kube-api-errors-high",
        {"alertname": "KubeAPIErrorsHigh", "job": "apiserver", "severity": "warning"},
        "Kubernetes API server errors are high.",
        "API server is returning errors for 4% of requests for LIST pods.",
        "high_error_rate",
        "",
        None,
    ),
    alert(
        "loki-rule-error-log-rate-under-load",
        {"alertname": "HighErrorLogRate", "app": "checkout", "namespace": "shop"},
        "checkout logs errors at 120/s",
        "checkout logs more than 100 error lines per second while under heavy load.",
        "high_error_rate",
        "checkout",
        SCALE,
    ),
    alert(
        "istio-503-during-traffic-spike",
        {"alertname": "ServiceHigh5xx", "destination_app": "checkout", "app": "checkout"},
        "checkout answers 503 Service Unavailable to 7% of requests",
        "7% of requests to checkout return 503 Service Unavailable during a traffic spike.",
        "high_error_rate",
        "checkout",
        SCALE,
    ),
    # --- high_latency ---------------------------------------------------------------------
    alert(
        "high-request-latency",
        {"alertname": "HighRequestLatency", "app": "checkout", "namespace": "shop"},
        "checkout is slow",
        "p99 latency of checkout is 2.4s (SLO 500ms).",
        "high_latency",
        "checkout",
        None,
    ),
    alert(
        "latency-with-saturation",
        {"alertname": "HighRequestLatency", "app": "payments-api", "namespace": "payments"},
        "payments-api p99 latency is 3.1s",
        "p99 latency of payments-api is 3.1s with CPU usage at 95% and 1800 requests per second.",
        "high_latency",
        "payments-api",
        SCALE,
    ),
    Sample(
        "nginx-upstream-read-timeout",
        "2024/05/01 12:00:00 [error] 31#31: *5678 upstream timed out (110: Connection timed "
        "out) while reading response header from upstream, client: 10.2.3.4, server: "
        'shop.example.com, request: "GET /api/cart HTTP/1.1", upstream: '
        '"http://10.0.2.15:8080/api/cart", host: "shop.example.com"',
        "high_latency",
        "ingress-nginx",
        None,
        labels={"app": "ingress-nginx"},
    ),
    alert(
        "loki-rule-postgres-slow-queries",
        {"alertname": "PostgresSlowQueries", "app": "postgres", "namespace": "databases"},
        "postgres logs slow queries",
        "postgres logged 42 statements slower than 5s in the last 5 minutes.",
        "high_latency",
        "postgres",
        None,
    ),
    alert(
        "latency-with-hpa-maxed",
        {"alertname": "CheckoutLatencyHigh", "app": "checkout", "namespace": "shop"},
        "checkout p95 latency above 1s",
        "HPA shop/checkout has been running at max replicas for longer than 15 minutes and p95 "
        "latency is above 1s.",
        # The HPA at its maximum is the cause (scheduling, capacity); raising maxReplicas is not
        # a values change this service makes yet, so it is advice only.
        "scheduling",
        "checkout",
        None,
    ),
    alert(
        "loki-mixin-request-latency",
        {
            "alertname": "LokiRequestLatency",
            "namespace": "logging",
            "job": "logging/distributor",
            "route": "loki_api_v1_push",
            "severity": "critical",
        },
        "Loki request latency is high.",
        "logging/distributor loki_api_v1_push is experiencing 2.31s 99th percentile latency.",
        "high_latency",
        "distributor",
        None,
        "logging",
    ),
    # --- volume, tls_error, dependency_limit ---------------------------------------------------
    Sample(
        "event-failed-mount-csi-timeout",
        "Warning  FailedMount  4m (x5 over 13m)  kubelet  MountVolume.MountDevice failed for "
        'volume "pvc-0c1d2e3f" : rpc error: code = Aborted desc = an operation with the given '
        "volume ID vol-0a1b2c already exists",
        "volume",
        "",
        None,
    ),
    Sample(
        "go-x509-unknown-authority",
        'level=error msg="fetch failed" url=https://vault.internal:8200 err="x509: certificate '
        'signed by unknown authority"',
        "tls_error",
        "secrets-sync",
        None,
        labels={"app": "secrets-sync", "namespace": "platform"},
    ),
    Sample(
        "postgres-too-many-clients",
        "2025-01-12 10:01:02.331 UTC [118] FATAL:  sorry, too many clients already",
        "dependency_limit",
        "billing",
        None,
        labels={"app": "billing", "namespace": "finance"},
    ),
    # --- unknown --------------------------------------------------------------------------
    Sample("empty", "", "unknown", "", None),
    Sample("whitespace", "  \n\t \n", "unknown", "", None),
    alert(
        "pod-not-ready-without-probe-words",
        {
            "alertname": "KubePodNotReady",
            "namespace": "payments",
            "pod": "payments-api-6f7d9c8b4-q2w7z",
            "severity": "warning",
        },
        "Pod has been in a non-ready state for more than 15 minutes.",
        "Pod payments/payments-api-6f7d9c8b4-q2w7z has been in a non-ready state for longer "
        "than 15 minutes.",
        "unknown",
        "payments-api",
        None,
        "payments",
    ),
    Sample(
        "failed-scheduling-insufficient-memory",
        "Warning  FailedScheduling  pod/kafka-1  0/6 nodes are available: 3 Insufficient memory, "
        "3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: "
        "0/6 nodes are available: 3 No preemption victims found for incoming pod, 3 Preemption "
        "is not helpful for scheduling.",
        "scheduling",
        "kafka",
        None,
    ),
    alert(
        "watchdog",
        {"alertname": "Watchdog", "severity": "none"},
        "An alert that should always be firing to certify that Alertmanager is working properly.",
        "This is an alert meant to ensure that the entire alerting pipeline is functional.",
        "unknown",
        "",
        None,
    ),
    Sample(
        "deployment-replicas-mismatch",
        "KubeDeploymentReplicasMismatch\nDeployment has not matched the expected number of "
        "replicas.\nDeployment shop/checkout has not matched the expected number of replicas "
        "for longer than 15 minutes.",
        "rollout_failure",
        "checkout",
        REVERT,
        namespace="shop",
    ),
    alert(
        "target-down",
        {"alertname": "TargetDown", "job": "checkout", "namespace": "shop", "severity": "warning"},
        "One or more targets are unreachable.",
        "100% of the checkout/checkout targets in shop namespace are down.",
        "node_health",
        "",
        None,
        "shop",
    ),
    alert(
        "hpa-maxed-out-alone",
        {
            "alertname": "KubeHpaMaxedOut",
            "namespace": "shop",
            "horizontalpodautoscaler": "checkout",
            "severity": "warning",
        },
        "HPA is running at max replicas",
        "HPA shop/checkout has been running at max replicas for longer than 15 minutes.",
        "scheduling",
        "checkout",
        None,
    ),
)
