"""Development cases: too_many_open_files, evicted, config_error, scheduling, node_health,
volume."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import KSM, KUBELET, NODE_EXPORTER, Case, alert, case, event, logged

FILES: list[Case] = [
    logged(
        "fd-go-accept",
        "too_many_open_files",
        "2025/03/02 14:00:01 http: Accept error: accept tcp [::]:8080: accept4: too many open "
        "files; retrying in 1s",
        app="edge-api",
        ns="edge",
        source=src.OPEN_2,
        why="EMFILE in Go",
    ),
    logged(
        "fd-java-socket",
        "too_many_open_files",
        "java.io.IOException: Too many open files\n"
        "\tat java.base/sun.nio.ch.ServerSocketChannelImpl.accept0(Native Method)",
        app="broker",
        ns="streaming",
        source=src.OPEN_2,
        why="Java EMFILE",
    ),
    logged(
        "fd-node-emfile",
        "too_many_open_files",
        "Error: EMFILE: too many open files, open '/app/uploads/tmp/8f2a.part'",
        app="uploader",
        ns="media",
        source=src.NODE_ERRORS,
        why="EMFILE",
    ),
    case(
        "fd-node-file-descriptor-limit",
        "too_many_open_files",
        "alert",
        [
            alert(
                "NodeFileDescriptorLimit",
                "warning",
                base=NODE_EXPORTER,
                instance="worker-5",
                summary="Kernel is predicted to exhaust file descriptors limit soon.",
                description="File descriptors limit at worker-5 is currently at 82.3%.",
            )
        ],
        source=src.NODE_MIXIN,
        why="catalogued",
    ),
    case(
        "fd-process-open-fds-ratio",
        "too_many_open_files",
        "alert",
        [
            alert(
                "ProcessFdsNearLimit",
                "warning",
                namespace="core",
                pod="gateway-6b7c8d9f5-q2lzm",
                summary="gateway uses 91% of its file descriptors",
                description="process_open_fds / process_max_fds is 0.91 for gateway.",
            )
        ],
        source=src.OPEN_2,
        why="fd usage ratio",
    ),
    logged(
        "fd-python-errno-24",
        "too_many_open_files",
        "OSError: [Errno 24] Too many open files: '/var/cache/thumbs/0f/0f1a.png'",
        app="thumbnailer",
        ns="media",
        source=src.PY_EXCEPTIONS,
        why="errno 24",
    ),
    logged(
        "fd-nginx-accept4",
        "too_many_open_files",
        "2025/03/02 14:05:00 [crit] 41#41: accept4() failed (24: Too many open files)",
        app="ingress",
        ns="edge",
        source=src.NGINX_CORE,
        why="nginx EMFILE",
    ),
    case(
        "fd-jvm-fd-exhaustion",
        "too_many_open_files",
        "alert",
        [
            alert(
                "JvmFileDescriptorsExhaustion",
                "warning",
                instance="orders:9404",
                summary="JVM file descriptors exhaustion (instance orders:9404)",
                description="JVM process is using more than 90% of max file descriptors.",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "fd-rust-os-error-24",
        "too_many_open_files",
        'Error: Os { code: 24, kind: Uncategorized, message: "Too many open files" }',
        app="indexer",
        ns="search",
        source=src.OPEN_2,
        why="Rust EMFILE",
    ),
    case(
        "fd-rabbitmq-fd-usage",
        "too_many_open_files",
        "alert",
        [
            alert(
                "RabbitmqFileDescriptorsUsage",
                "warning",
                instance="rabbitmq-0:15692",
                summary="RabbitMQ file descriptors usage (instance rabbitmq-0:15692)",
                description="A node use more than 90% of file descriptors.",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
]

EVICTED: list[Case] = [
    event(
        "evict-memory-over-request",
        "evicted",
        "Status:           Failed\nReason:           Evicted\nMessage:          The node was low "
        "on resource: memory. Threshold quantity: 100Mi, available: 92Mi. Container api was using "
        "1402Mi, request is 512Mi, has larger consumption of memory.",
        app="profile-api",
        ns="users",
        source=src.K8S_EVICTION_CODE,
        why="Trap: mentions memory, but the pod was evicted",
    ),
    event(
        "evict-ephemeral-storage",
        "evicted",
        "  Warning  Evicted  3m  kubelet  Pod ephemeral local storage usage exceeds the total "
        "limit "
        "of containers 2Gi.",
        app="builder",
        ns="ci",
        source=src.K8S_EVICTION,
        why="ephemeral storage eviction",
    ),
    case(
        "evict-kube-node-eviction",
        "evicted",
        "alert",
        [
            alert(
                "KubeNodeEviction",
                "info",
                base=KUBELET,
                node="worker-4",
                eviction_signal="memory.available",
                summary="Node is evicting pods.",
                description="worker-4 crossed its memory.available threshold and evicts pods.",
            )
        ],
        source=src.KM_KUBELET,
        why="catalogued",
    ),
    logged(
        "evict-kubelet-eviction-manager",
        "evicted",
        'I0302 14:20:01.221 2110 eviction_manager.go:366] "Eviction manager: attempting to '
        'reclaim" '
        'resourceName="ephemeral-storage"\n'
        'I0302 14:20:01.402 2110 eviction_manager.go:616] "Eviction manager: pod is evicted '
        'successfully" pod="ci/runner-7x9q2"',
        app="runner",
        ns="ci",
        source=src.K8S_EVICTION,
        why="eviction manager",
    ),
    logged(
        "evict-get-pods-evicted",
        "evicted",
        "NAME                          READY   STATUS    RESTARTS   AGE\n"
        "crawler-5d6c7b8f9-2kq8z      0/1     Evicted   0          41m\n"
        "crawler-5d6c7b8f9-9lmwr      0/1     Evicted   0          38m\n"
        "crawler-5d6c7b8f9-x7v2p      1/1     Running   0          12m",
        app="crawler",
        ns="search",
        source=src.K8S_EVICTION,
        why="Evicted status",
    ),
    event(
        "evict-disk-pressure-condition-message",
        "evicted",
        "Reason:  Evicted\nMessage: The node had condition: [DiskPressure].",
        app="batch",
        ns="jobs",
        source=src.K8S_EVICTION,
        why="Trap: names DiskPressure, but the pod was evicted",
    ),
    case(
        "evict-ksm-pod-status-reason",
        "evicted",
        "alert",
        [
            alert(
                "PodEvicted",
                "warning",
                base=KSM,
                namespace="ml",
                pod="featurizer-7b9c8d6f5-4lq2x",
                reason="Evicted",
                summary="Pod featurizer-7b9c8d6f5-4lq2x was evicted",
                description="kube_pod_status_reason reports the pod as evicted.",
            )
        ],
        source=src.KSM_POD_METRICS,
        why="reason label Evicted",
    ),
    event(
        "evict-container-ephemeral-limit",
        "evicted",
        "  Warning  Evicted  44s  kubelet  Container cache exceeded its local ephemeral storage "
        'limit "1Gi".',
        app="cache",
        ns="web",
        source=src.K8S_EVICTION,
        why="container ephemeral limit",
    ),
    logged(
        "evict-memory-low-on-resource",
        "evicted",
        "Pod was evicted: The node was low on resource: memory. Threshold quantity: 500Mi, "
        "available: 420Mi.",
        app="worker",
        ns="jobs",
        source=src.K8S_EVICTION_CODE,
        why="Trap: memory named, eviction is the event",
    ),
    event(
        "evict-pid-pressure",
        "evicted",
        "Warning  Evicted  2m  kubelet  The node was low on resource: pids.",
        app="forker",
        ns="ci",
        source=src.K8S_EVICTION_CODE,
        why="pid eviction",
    ),
]

CONFIG: list[Case] = [
    event(
        "cfg-secret-not-found",
        "config_error",
        '  Warning  Failed  9s (x4 over 41s)  kubelet  Error: secret "payments-db-credentials" '
        "not found",
        app="payments",
        ns="payments",
        source=src.K8S_SECRET,
        why="missing secret",
    ),
    event(
        "cfg-createcontainerconfigerror-key",
        "config_error",
        "    State:          Waiting\n      Reason:       CreateContainerConfigError\n"
        "  Warning  Failed  12s (x3 over 30s)  kubelet  Error: couldn't find key DATABASE_URL in "
        "ConfigMap shop/checkout-env",
        app="checkout",
        ns="shop",
        source=src.K8S_CONFIGMAP,
        why="missing key",
    ),
    logged(
        "cfg-pydantic-settings",
        "config_error",
        "Traceback (most recent call last):\n"
        '  File "/app/main.py", line 8, in <module>\n    settings = Settings()\n'
        '  File "/usr/local/lib/python3.12/site-packages/pydantic_settings/main.py", line 84, in '
        "__init__\n"
        "pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings\n"
        "redis_url\n  Field required [type=missing, input_value={}, input_type=dict]\n"
        "api_token\n  Field required [type=missing, input_value={}, input_type=dict]",
        app="notifier",
        ns="comms",
        source=src.PYDANTIC,
        why="Trap: a traceback ending in a settings ValidationError",
    ),
    logged(
        "cfg-python-module-not-found",
        "config_error",
        "[2025-03-02 14:40:01 +0000] [8] [ERROR] Exception in worker process\n"
        "Traceback (most recent call last):\n"
        '  File "/usr/local/lib/python3.11/site-packages/gunicorn/arbiter.py", line 609, in '
        "spawn_worker\n"
        "ModuleNotFoundError: No module named 'orjson'\n"
        "[2025-03-02 14:40:01 +0000] [8] [INFO] Worker exiting (pid: 8)\n"
        "[2025-03-02 14:40:02 +0000] [1] [ERROR] Worker (pid:8) exited with code 3\n"
        "[2025-03-02 14:40:02 +0000] [1] [ERROR] Shutting down: Master\n"
        "[2025-03-02 14:40:02 +0000] [1] [ERROR] Reason: Worker failed to boot.",
        app="api",
        ns="core",
        source=src.GUNICORN,
        why="Trap: gunicorn's generic boot failure after a missing module",
    ),
    logged(
        "cfg-node-cannot-find-module",
        "config_error",
        "node:internal/modules/cjs/loader:1147\n  throw err;\n  ^\n\n"
        "Error: Cannot find module 'express'\nRequire stack:\n- /app/server.js\n"
        "    at Module._resolveFilename (node:internal/modules/cjs/loader:1144:15)\n"
        "  code: 'MODULE_NOT_FOUND',",
        app="web",
        ns="web",
        source=src.NODE_MODULES,
        why="module resolution",
    ),
    logged(
        "cfg-nginx-emerg",
        "config_error",
        '2025/03/02 14:44:00 [emerg] 1#1: unknown directive "proxy_bufer_size" in '
        "/etc/nginx/conf.d/default.conf:18\n"
        "nginx: configuration file /etc/nginx/nginx.conf test failed",
        app="ingress",
        ns="edge",
        source=src.NGINX_CORE,
        why="nginx config parse error",
    ),
    logged(
        "cfg-prometheus-load-error",
        "config_error",
        'ts=2025-03-02T14:50:01.000Z caller=main.go:1192 level=error msg="Error loading config '
        '(--config.file=/etc/prometheus/prometheus.yml)" file=/etc/prometheus/prometheus.yml '
        'err="parsing YAML file /etc/prometheus/prometheus.yml: yaml: unmarshal errors:\\n  line '
        '32: field scrape_interva not found in type config.ScrapeConfig"',
        app="prometheus",
        ns="monitoring",
        source=src.PROMETHEUS_CONFIG,
        why="Prometheus config parse",
    ),
    case(
        "cfg-alertmanager-failed-reload",
        "config_error",
        "alert",
        [
            alert(
                "AlertmanagerFailedReload",
                "critical",
                namespace="monitoring",
                pod="alertmanager-main-0",
                summary="Reloading an Alertmanager configuration has failed.",
                description="alertmanager-main-0 keeps the previous config: the new receivers "
                "section does not load.",
            )
        ],
        source=src.ALERTMANAGER_CONFIG,
        why="catalogued",
    ),
    logged(
        "cfg-spring-placeholder",
        "config_error",
        "***************************\nAPPLICATION FAILED TO START\n***************************\n\n"
        "Description:\n\nFailed to bind properties under 'spring.datasource' to "
        "javax.sql.DataSource:\n\n    Property: spring.datasource.url\n"
        "    Reason: Could not resolve placeholder 'DB_HOST' in value "
        '"jdbc:postgresql://${DB_HOST}:5432/orders"',
        app="orders",
        ns="shop",
        source=src.SPRING_CONFIG,
        why="Trap: Spring's generic start failure explained by an unresolved placeholder",
    ),
    logged(
        "cfg-go-env-missing",
        "config_error",
        '{"level":"fatal","ts":1740927001.2,"msg":"invalid configuration",'
        '"error":"required environment variable \\"STRIPE_API_KEY\\" is not set"}',
        app="billing",
        ns="finance",
        source=src.K8S_SECRET,
        why="missing env var",
    ),
    event(
        "cfg-mount-configmap-not-found",
        "config_error",
        "  Warning  FailedMount  2m (x9 over 20m)  kubelet  MountVolume.SetUp failed for volume "
        '"app-config" : configmap "recommender-config" not found',
        app="recommender",
        ns="ml",
        source=src.K8S_CONFIGMAP,
        why="the mount fails because the config map is missing",
    ),
    logged(
        "cfg-envoy-bootstrap",
        "config_error",
        "[2025-03-02 15:00:00.001][1][critical][main] [source/server/server.cc:131] error "
        "initializing configuration '/etc/envoy/envoy.yaml': Protobuf message (type "
        "envoy.config.bootstrap.v3.Bootstrap reason INVALID_ARGUMENT:static_resources.clusters[0]"
        '.load_assignment: unknown field "endpoint") has unknown fields',
        app="envoy",
        ns="edge",
        source=src.ENVOY_ACCESS_LOG,
        why="Envoy bootstrap config invalid",
    ),
    case(
        "cfg-config-reloader-errors",
        "config_error",
        "alert",
        [
            alert(
                "ConfigReloaderSidecarErrors",
                "warning",
                namespace="monitoring",
                pod="prometheus-k8s-0",
                summary="config-reloader sidecar has not had a successful reload for 10m",
                description="Errors encountered while the config-reloader sidecar attempts to "
                "sync config in monitoring namespace.",
            )
        ],
        source=src.PROMETHEUS_OPERATOR,
        why="catalogued",
    ),
]

SCHEDULING: list[Case] = [
    event(
        "sched-insufficient-cpu",
        "scheduling",
        "  Warning  FailedScheduling  58s  default-scheduler  0/12 nodes are available: 4 "
        "Insufficient cpu, 8 node(s) didn't match Pod's node affinity/selector. preemption: 0/12 "
        "nodes are available: 4 No preemption victims found for incoming pod, 8 Preemption is not "
        "helpful for scheduling.",
        app="trainer",
        ns="ml",
        source=src.K8S_SCHEDULER,
        why="FailedScheduling",
    ),
    case(
        "sched-hpa-maxed-out",
        "scheduling",
        "alert",
        [
            alert(
                "KubeHpaMaxedOut",
                "warning",
                base=KSM,
                namespace="shop",
                horizontalpodautoscaler="checkout",
                summary="HPA is running at max replicas",
                description="HPA shop/checkout has been running at max replicas for longer than 15 "
                "minutes.",
            )
        ],
        source=src.KM_APPS,
        why="catalogued HPA at max",
    ),
    case(
        "sched-quota-almost-full",
        "scheduling",
        "alert",
        [
            alert(
                "KubeQuotaAlmostFull",
                "info",
                base=KSM,
                namespace="team-a",
                resource="requests.memory",
                resourcequota="compute",
                summary="Namespace quota is going to be full.",
                description="Namespace team-a is using 93% of its requests.memory quota.",
            )
        ],
        source=src.KM_RESOURCES,
        why="catalogued quota",
    ),
    event(
        "sched-exceeded-quota-failedcreate",
        "scheduling",
        "  Warning  FailedCreate  6s (x7 over 47s)  replicaset-controller  Error creating: pods "
        '"importer-6c7d8b9f5-" is forbidden: exceeded quota: compute-resources, requested: '
        "limits.cpu=2, used: limits.cpu=15, limited: limits.cpu=16",
        app="importer",
        ns="team-b",
        source=src.K8S_QUOTA,
        why="quota exceeded on pod creation",
    ),
    case(
        "sched-cpu-overcommit",
        "scheduling",
        "alert",
        [
            alert(
                "KubeCPUOvercommit",
                "warning",
                summary="Cluster has overcommitted CPU resource requests.",
                description="Requests exceed allocatable CPU by 3.5 cores once one node is "
                "drained.",
            )
        ],
        source=src.KM_RESOURCES,
        why="catalogued overcommit",
    ),
    event(
        "sched-untolerated-taint",
        "scheduling",
        "  Warning  FailedScheduling  2m  default-scheduler  0/7 nodes are available: 2 node(s) "
        "had untolerated taint {dedicated: gpu}, 5 node(s) didn't match pod anti-affinity "
        "rules.",
        app="inference",
        ns="ml",
        source=src.K8S_TAINTS,
        why="taints",
    ),
    logged(
        "sched-pods-pending",
        "scheduling",
        "NAME                       READY   STATUS    RESTARTS   AGE\n"
        "etl-5d6c7b8f9-8qlzx        0/1     Pending   0          22m\n"
        "etl-5d6c7b8f9-v2kmq        0/1     Pending   0          22m\n"
        "All new etl pods stay Pending since the node pool was shrunk.",
        app="etl",
        ns="data",
        source=src.K8S_SCHEDULER,
        why="pods pending",
    ),
    event(
        "sched-cluster-autoscaler",
        "scheduling",
        "  Normal   NotTriggerScaleUp  1m (x12 over 11m)  cluster-autoscaler  pod didn't trigger "
        "scale-up: 2 max node group size reached",
        app="analytics",
        ns="bi",
        source=src.K8S_SCHEDULER,
        why="autoscaler cannot add nodes",
    ),
    case(
        "sched-kubelet-too-many-pods",
        "scheduling",
        "alert",
        [
            alert(
                "KubeletTooManyPods",
                "info",
                base=KUBELET,
                node="worker-9",
                summary="Kubelet is running at capacity.",
                description="Kubelet 'worker-9' is running at 96.4% of its Pod capacity.",
            )
        ],
        source=src.KM_KUBELET,
        why="catalogued pod capacity",
    ),
    case(
        "sched-awesome-hpa-scale-maximum",
        "scheduling",
        "alert",
        [
            alert(
                "KubernetesHpaScaleMaximum",
                "info",
                base=KSM,
                namespace="web",
                horizontalpodautoscaler="frontend",
                summary="Kubernetes HPA scale maximum (instance 10.244.1.17:8080)",
                description="HPA web/frontend has hit maximum number of desired pods",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
]

NODE: list[Case] = [
    case(
        "node-kube-node-not-ready",
        "node_health",
        "alert",
        [
            alert(
                "KubeNodeNotReady",
                "warning",
                base=KSM,
                node="worker-6",
                condition="Ready",
                status="true",
                summary="Node is not ready.",
                description="worker-6 reports Ready=False since 07:40 (kubelet stopped posting).",
            )
        ],
        source=src.KM_SYSTEM,
        why="catalogued",
    ),
    case(
        "node-target-down",
        "node_health",
        "alert",
        [
            alert(
                "TargetDown",
                "warning",
                job="orders-metrics",
                namespace="shop",
                service="orders-metrics",
                summary="One or more targets are unreachable.",
                description="100% of the orders-metrics/orders-metrics targets in shop namespace "
                "are down.",
            )
        ],
        source=src.KUBE_PROMETHEUS,
        why="catalogued target down",
    ),
    event(
        "node-memory-pressure-condition",
        "node_health",
        "Conditions:\n  Type             Status  Reason                       Message\n"
        "  MemoryPressure   True    KubeletHasInsufficientMemory kubelet has insufficient memory "
        "available\n  DiskPressure     False   KubeletHasNoDiskPressure     kubelet has no disk "
        "pressure\n  Ready            True    KubeletReady                 kubelet is posting "
        "ready status",
        app="",
        ns="",
        source=src.K8S_NODES,
        why="Trap: MemoryPressure as a node condition is node health, not OOM",
    ),
    event(
        "node-not-ready-event",
        "node_health",
        "  Normal  NodeNotReady  3m  node-controller  Node worker-8 status is now: NodeNotReady\n"
        "  Warning  NodeStatusUnknown  3m  node-controller  Kubelet stopped posting node status.",
        app="",
        ns="",
        source=src.K8S_NODES,
        why="node controller marks the node NotReady",
    ),
    case(
        "node-kubelet-down",
        "node_health",
        "alert",
        [
            alert(
                "KubeletDown",
                "critical",
                summary="Target disappeared from Prometheus target discovery.",
                description="Kubelet has disappeared from Prometheus target discovery.",
            )
        ],
        source=src.KM_SYSTEM,
        why="catalogued",
    ),
    case(
        "node-clock-skew",
        "node_health",
        "alert",
        [
            alert(
                "NodeClockSkewDetected",
                "warning",
                base=NODE_EXPORTER,
                instance="worker-1",
                summary="Clock skew detected.",
                description="Clock at worker-1 is out of sync by more than 0.05s. Ensure NTP is "
                "configured correctly on this host.",
            )
        ],
        source=src.NODE_MIXIN,
        why="catalogued",
    ),
    case(
        "node-awesome-disk-pressure",
        "node_health",
        "alert",
        [
            alert(
                "KubernetesNodeDiskPressure",
                "critical",
                base=KSM,
                node="worker-2",
                condition="DiskPressure",
                summary="Kubernetes Node disk pressure (instance 10.244.1.17:8080)",
                description="Node worker-2 has DiskPressure condition",
            )
        ],
        source=src.AWESOME,
        why="Trap: DiskPressure as a condition is node health",
    ),
    logged(
        "node-pleg-not-healthy",
        "node_health",
        'E0302 15:30:01.002 1821 kubelet.go:2373] "Skipping pod synchronization" err="PLEG is not '
        'healthy: pleg was last seen active 3m12s ago; threshold is 3m0s"',
        app="",
        ns="",
        source=src.K8S_NODES,
        why="PLEG unhealthy",
    ),
    case(
        "node-prometheus-target-missing",
        "node_health",
        "alert",
        [
            alert(
                "PrometheusTargetMissing",
                "critical",
                instance="10.244.4.12:9187",
                job="postgres-exporter",
                summary="Prometheus target missing (instance 10.244.4.12:9187)",
                description="A Prometheus target has disappeared. An exporter might be crashed.",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    case(
        "node-unreachable-custom",
        "node_health",
        "alert",
        [
            alert(
                "NodeUnreachableTaint",
                "critical",
                node="worker-11",
                summary="Node worker-11 is unreachable",
                description="The node controller added the node.kubernetes.io/unreachable taint to "
                "worker-11; kubelet stopped posting node status.",
            )
        ],
        source=src.K8S_NODES,
        why="unreachable node",
    ),
]

VOLUME: list[Case] = [
    event(
        "vol-multi-attach",
        "volume",
        "  Warning  FailedAttachVolume  2m  attachdetach-controller  Multi-Attach error for volume "
        '"pvc-4f2a9c1e" Volume is already exclusively attached to one node and can\'t be attached '
        "to another",
        app="orders-db",
        ns="databases",
        source=src.K8S_PV,
        why="Multi-Attach",
    ),
    event(
        "vol-failed-mount-timeout",
        "volume",
        "  Warning  FailedMount  1m (x8 over 16m)  kubelet  Unable to attach or mount volumes: "
        "unmounted volumes=[data], unattached volumes=[data kube-api-access-9x2]: timed out "
        "waiting for the condition",
        app="kafka",
        ns="streaming",
        source=src.K8S_VOLUMES,
        why="mount timeout",
    ),
    event(
        "vol-provisioning-failed",
        "volume",
        "  Warning  ProvisioningFailed  20s (x5 over 2m)  persistentvolume-controller  "
        'storageclass.storage.k8s.io "fast-ssd" not found',
        app="clickhouse",
        ns="analytics",
        source=src.K8S_PV,
        why="ProvisioningFailed",
    ),
    case(
        "vol-pvc-pending-awesome",
        "volume",
        "alert",
        [
            alert(
                "KubernetesPersistentvolumeclaimPending",
                "warning",
                base=KSM,
                namespace="search",
                persistentvolumeclaim="data-opensearch-2",
                summary="Kubernetes PersistentVolumeClaim pending (instance 10.244.1.17:8080)",
                description="PersistentVolumeClaim search/data-opensearch-2 is pending",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    case(
        "vol-kube-pv-errors",
        "volume",
        "alert",
        [
            alert(
                "KubePersistentVolumeErrors",
                "critical",
                base=KSM,
                persistentvolume="pvc-91ab7c2d",
                phase="Failed",
                summary="PersistentVolume is having issues with provisioning.",
                description="The persistent volume pvc-91ab7c2d on Cluster prod has status Failed.",
            )
        ],
        source=src.KM_STORAGE,
        why="catalogued",
    ),
    event(
        "vol-csi-attach-error",
        "volume",
        "  Warning  FailedAttachVolume  44s  attachdetach-controller  AttachVolume.Attach failed "
        'for volume "pvc-7a1b2c3d" : rpc error: code = Internal desc = Could not attach volume '
        '"vol-0abc12345" to node "i-0def678": timed out waiting for the condition',
        app="mongo",
        ns="databases",
        source=src.K8S_VOLUMES,
        why="CSI attach failure",
    ),
    event(
        "vol-unbound-pvc-scheduling",
        "volume",
        "  Warning  FailedScheduling  30s  default-scheduler  0/5 nodes are available: pod has "
        "unbound immediate PersistentVolumeClaims. preemption: 0/5 nodes are available: 5 "
        "Preemption is not helpful for scheduling.",
        app="gitea",
        ns="dev",
        source=src.K8S_PV,
        why="Trap: FailedScheduling whose reason is an unbound claim",
    ),
    logged(
        "vol-nfs-mount-failed",
        "volume",
        'MountVolume.SetUp failed for volume "shared" : mount failed: exit status 32\n'
        "Mounting command: mount\nMounting arguments: -t nfs 10.0.9.9:/exports/shared "
        "/var/lib/kubelet/pods/ab12/volumes/kubernetes.io~nfs/shared\n"
        "Output: mount.nfs: Connection timed out",
        app="render-farm",
        ns="media",
        source=src.K8S_VOLUMES,
        why="Trap: a mount that timed out is a volume problem, not a connection error",
    ),
    event(
        "vol-csi-driver-not-registered",
        "volume",
        "  Warning  FailedMount  10s (x6 over 26s)  kubelet  MountVolume.MountDevice failed for "
        'volume "pvc-33aa" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriver'
        "Client: driver name ebs.csi.aws.com not found in the list of registered CSI drivers",
        app="ledger",
        ns="finance",
        source=src.K8S_VOLUMES,
        why="CSI driver missing",
    ),
    event(
        "vol-waiting-first-consumer",
        "volume",
        "Events:\n  Type    Reason                Age                 From                         "
        "Message\n  Normal  WaitForFirstConsumer  12m (x42 over 22m)  persistentvolume-controller  "
        "waiting for first consumer to be created before binding\n"
        "  Warning ProvisioningFailed 3m persistentvolume-controller failed to provision volume "
        'with StorageClass "standard": rpc error: code = ResourceExhausted desc = zone quota',
        app="elastic",
        ns="logging",
        source=src.K8S_PV,
        why="provisioning failed",
    ),
]

CASES: list[Case] = FILES + EVICTED + CONFIG + SCHEDULING + NODE + VOLUME
