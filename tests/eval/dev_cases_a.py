"""Development cases: oom, crashloop, image_pull, cpu_throttling, disk_full."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import KSM, KUBELET, NODE_EXPORTER, Case, alert, case, event, logged

OOM: list[Case] = [
    case(
        "oom-ksm-last-terminated-reason",
        "oom",
        "alert",
        [
            alert(
                "KubeContainerOOMKilled",
                "warning",
                base=KSM,
                namespace="billing",
                pod="invoice-worker-6b8d9c7f5-7xq2m",
                container="worker",
                reason="OOMKilled",
                summary="Container was OOM killed.",
                description="Container worker in pod billing/invoice-worker-6b8d9c7f5-7xq2m has "
                "been OOMKilled 3 times in the last 10 minutes.",
            )
        ],
        source=src.KSM_POD_METRICS,
        why="reason label OOMKilled on the last terminated state",
    ),
    case(
        "oom-awesome-container-oom-killer",
        "oom",
        "alert",
        [
            alert(
                "KubernetesContainerOomKiller",
                "warning",
                base=KSM,
                namespace="search",
                pod="indexer-0",
                container="indexer",
                summary="Kubernetes Container oom killer (instance 10.244.1.17:8080)",
                description="Container indexer in pod search/indexer-0 has been OOMKilled 2 times "
                "in the last 10 minutes.\n  VALUE = 2\n  LABELS = map[container:indexer "
                "namespace:search pod:indexer-0]",
            )
        ],
        source=src.AWESOME,
        why="awesome-prometheus-alerts OOM killer rule",
    ),
    case(
        "oom-memory-percent-of-limit",
        "oom",
        "alert",
        [
            alert(
                "ContainerMemoryNearLimit",
                "warning",
                namespace="web",
                pod="storefront-7c9d8b6f4-pl2kq",
                container="storefront",
                summary="Container memory usage above 92% of its limit",
                description="storefront in web uses 92.4% of its memory limit (1.85Gi of 2Gi) for "
                "the last 15 minutes.",
            )
        ],
        source=src.K8S_MEMORY,
        why="memory usage alert phrased as a percentage of the limit",
    ),
    case(
        "oom-docker-container-high-memory",
        "oom",
        "alert",
        [
            alert(
                "ContainerHighMemoryUsage",
                "warning",
                instance="cadvisor:8080",
                name="reports",
                summary="Container High Memory usage (instance cadvisor:8080)",
                description="Container Memory usage is above 80%\n  VALUE = 87.2\n  LABELS = "
                "map[name:reports]",
            )
        ],
        source=src.AWESOME,
        why="catalogued awesome-prometheus-alerts memory usage rule",
    ),
    logged(
        "oom-kernel-oom-killer",
        "oom",
        "[1843212.553] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
        "oom_score_adj=968\n"
        "[1843212.553] memory: usage 1048576kB, limit 1048576kB, failcnt 3321\n"
        "[1843212.561] Memory cgroup out of memory: Killed process 29817 (java) "
        "total-vm:4718592kB, anon-rss:1042120kB, file-rss:18324kB, shmem-rss:0kB, UID:1000 "
        "pgtables:2544kB oom_score_adj:968",
        app="ledger",
        ns="finance",
        source=src.LINUX_OOM,
        why="kernel oom-killer lines",
    ),
    logged(
        "oom-go-runtime",
        "oom",
        "fatal error: runtime: out of memory\n\n"
        "runtime stack:\nruntime.throw({0x1b3d4f2?, 0x400000?})\n"
        "\t/usr/local/go/src/runtime/panic.go:1077 +0x5c\n"
        "runtime.sysMapOS(0xc0a0000000, 0x4000000?)\n"
        "\t/usr/local/go/src/runtime/mem_linux.go:167 +0x11b\n"
        "goroutine 1 [running]:",
        app="collector",
        ns="telemetry",
        source=src.GO_RUNTIME,
        why="Go runtime out of memory",
    ),
    logged(
        "oom-node-heap",
        "oom",
        "<--- Last few GCs --->\n"
        "[1:0x5612a70]  912345 ms: Mark-Compact 2030.1 (2082.3) -> 2029.4 (2083.3) MB\n"
        "<--- JS stacktrace --->\n"
        "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript "
        "heap out of memory\n"
        " 1: 0xb85bc0 node::Abort() [node]\n"
        " 2: 0xa94834  [node]",
        app="frontend-ssr",
        ns="web",
        source=src.NODE_ERRORS,
        why="Node heap limit",
    ),
    logged(
        "oom-python-memoryerror",
        "oom",
        "Traceback (most recent call last):\n"
        '  File "/app/etl/transform.py", line 88, in run\n'
        "    frame = pd.concat(chunks)\n"
        '  File "/usr/local/lib/python3.11/site-packages/pandas/core/reshape/concat.py", '
        "line 393, in concat\n"
        "MemoryError: Unable to allocate 3.41 GiB for an array with shape (457312, 1000) and "
        "data type float64",
        app="etl",
        ns="data",
        source=src.PY_EXCEPTIONS,
        why="Python MemoryError ends the traceback",
    ),
    logged(
        "oom-redis-maxmemory",
        "oom",
        "redis.exceptions.ResponseError: OOM command not allowed when used memory > "
        "'maxmemory'.\n"
        "ERROR sessions: failed to store session 7f3a: OOM command not allowed when used memory "
        "> 'maxmemory'.",
        app="sessions",
        ns="web",
        source=src.REDIS_EVICTION,
        why="Redis refuses writes for memory",
    ),
    logged(
        "oom-elasticsearch-circuit-breaker",
        "oom",
        '{"type":"circuit_breaking_exception","reason":"[parent] Data too large, data for '
        "[<http_request>] would be [1020534968/973.2mb], which is larger than the limit of "
        '[986061209/940.3mb]","bytes_wanted":1020534968,"bytes_limit":986061209,'
        '"durability":"PERMANENT"}',
        app="elasticsearch",
        ns="logging",
        source=src.ES_CIRCUIT,
        why="Elasticsearch parent circuit breaker: refused for memory",
    ),
    event(
        "oom-describe-last-state",
        "oom",
        "Containers:\n  api:\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
        "      Started:      Sun, 02 Mar 2025 08:11:02 +0000\n"
        "      Finished:     Sun, 02 Mar 2025 08:13:40 +0000\n    Ready:          False\n"
        "    Restart Count:  9\n    Limits:\n      memory:  512Mi",
        app="catalog-api",
        ns="shop",
        source=src.K8S_DEBUG_PODS,
        why="Trap: CrashLoopBackOff shown, but the last termination reason is OOMKilled",
    ),
    logged(
        "oom-dotnet",
        "oom",
        "Unhandled exception. System.OutOfMemoryException: Exception of type "
        "'System.OutOfMemoryException' was thrown.\n"
        "   at System.Text.StringBuilder.ExpandByABlock(Int32 minBlockCharCount)\n"
        "   at Reports.Builder.Render(ReportRequest request)",
        app="reports",
        ns="bi",
        source=src.JAVA_OOM,
        why=".NET OutOfMemoryException",
    ),
]

CRASHLOOP: list[Case] = [
    case(
        "crash-kubepodcrashlooping-new-wording",
        "crashloop",
        "alert",
        [
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="payments",
                pod="fraud-scorer-5f6b7c8d9-kq4xz",
                container="scorer",
                reason="CrashLoopBackOff",
                summary="Pod is crash looping.",
                description="Pod payments/fraud-scorer-5f6b7c8d9-kq4xz (scorer) is in waiting "
                'state (reason: "CrashLoopBackOff") on cluster prod-eu.',
            )
        ],
        source=src.KM_APPS,
        why="catalogued crash loop with the CrashLoopBackOff reason",
    ),
    case(
        "crash-restart-count-alert",
        "crashloop",
        "alert",
        [
            alert(
                "PodRestartingTooOften",
                "warning",
                namespace="media",
                pod="transcoder-7d4c9b8f6-2mzrt",
                container="transcoder",
                summary="Pod restarted 6 times in the last hour",
                description="transcoder-7d4c9b8f6-2mzrt has restarted 6 times within 60 minutes.",
            )
        ],
        source=src.KSM_POD_METRICS,
        why="restart-count alert, no cause stated",
    ),
    event(
        "crash-kubelet-backoff-event",
        "crashloop",
        "LAST SEEN   TYPE      REASON    OBJECT                                MESSAGE\n"
        "2m10s       Normal    Pulled    pod/notifier-6c7d8f9b5-h7wqz         Container image "
        '"registry.example.com/notifier:4.2.0" already present on machine\n'
        "2m9s        Normal    Started   pod/notifier-6c7d8f9b5-h7wqz         Started container "
        "notifier\n"
        "14s         Warning   BackOff   pod/notifier-6c7d8f9b5-h7wqz         Back-off restarting "
        "failed container notifier in pod notifier-6c7d8f9b5-h7wqz_comms(1b2c3d4e)",
        app="notifier",
        ns="comms",
        source=src.K8S_POD_LIFECYCLE,
        why="kubelet BackOff event",
    ),
    logged(
        "crash-go-nil-pointer",
        "crashloop",
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x8b2f4c]\n\n"
        "goroutine 213 [running]:\n"
        "github.com/example/router/internal/route.(*Table).Lookup(0x0, {0xc0004a2e10, 0x9})\n"
        "\t/src/internal/route/table.go:142 +0x2c",
        app="router",
        ns="edge",
        source=src.GO_RUNTIME,
        why="generic Go panic",
    ),
    logged(
        "crash-rust-panic",
        "crashloop",
        "thread 'main' panicked at src/worker.rs:57:31:\n"
        "called `Option::unwrap()` on a `None` value\n"
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        app="ingest-rs",
        ns="pipeline",
        source=src.RUST_PANIC,
        why="generic Rust panic",
    ),
    logged(
        "crash-python-keyerror-data",
        "crashloop",
        "Traceback (most recent call last):\n"
        '  File "/app/consumer.py", line 51, in handle\n'
        "    total += item['amount']\n"
        "KeyError: 'amount'\n"
        "[2025-03-02 09:14:11 +0000] [1] [ERROR] Worker (pid:9) exited with code 1",
        app="ledger-consumer",
        ns="finance",
        source=src.PY_EXCEPTIONS,
        why="Trap: a KeyError on a data key is not configuration; generic crash",
    ),
    event(
        "crash-exit-code-without-reason",
        "crashloop",
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    2\n"
        "    Ready:          False\n    Restart Count:  14\n"
        "Events:\n  Warning  BackOff  3m (x61 over 18m)  kubelet  Back-off restarting failed "
        "container",
        app="mailer",
        ns="comms",
        source=src.K8S_DEBUG_PODS,
        why="exit code with reason Error, no cause",
    ),
    logged(
        "crash-node-unhandled-rejection",
        "crashloop",
        "node:internal/process/promises:288\n"
        "            triggerUncaughtException(err, true /* fromPromise */);\n"
        "            ^\n"
        "TypeError: Cannot read properties of undefined (reading 'map')\n"
        "    at renderList (/app/dist/render.js:44:19)\n"
        "Node.js v20.11.1",
        app="web-ssr",
        ns="web",
        source=src.NODE_ERRORS,
        why="generic Node crash",
    ),
    case(
        "crash-awesome-kubernetes-pod-crash-looping",
        "crashloop",
        "alert",
        [
            alert(
                "KubernetesPodCrashLooping",
                "warning",
                base=KSM,
                namespace="geo",
                pod="tiles-0",
                container="tiles",
                summary="Kubernetes pod crash looping (instance 10.244.1.17:8080)",
                description="Pod geo/tiles-0 is crash looping\n  VALUE = 4\n  LABELS = "
                "map[container:tiles namespace:geo pod:tiles-0]",
            )
        ],
        source=src.AWESOME,
        why="catalogued awesome crash loop",
    ),
    case(
        "crash-container-waiting-crashloop-reason",
        "crashloop",
        "alert",
        [
            alert(
                "KubeContainerWaiting",
                "warning",
                base=KSM,
                namespace="analytics",
                pod="aggregator-84d6c7b9f-x5l8n",
                container="aggregator",
                reason="CrashLoopBackOff",
                summary="Pod container waiting longer than 1 hour",
                description="pod/aggregator-84d6c7b9f-x5l8n in namespace analytics on container "
                "aggregator has been in waiting state for longer than 1 hour.",
            )
        ],
        source=src.KM_APPS,
        why="ambiguous name, the reason label decides",
    ),
    logged(
        "crash-java-npe-main",
        "crashloop",
        'Exception in thread "main" java.lang.NullPointerException: Cannot invoke '
        '"com.example.Config.getRegion()" because "this.config" is null\n'
        "\tat com.example.Boot.start(Boot.java:31)\n\tat com.example.Boot.main(Boot.java:12)",
        app="boot",
        ns="core",
        source=src.JAVA_OOM,
        why="generic Java crash in main",
    ),
]

IMAGE_PULL: list[Case] = [
    event(
        "img-manifest-unknown-event",
        "image_pull",
        "Events:\n  Type     Reason     Age                From     Message\n"
        "  Normal   Pulling    40s (x3 over 95s)  kubelet  Pulling image "
        '"ghcr.io/example/checkout:2.8.1"\n'
        '  Warning  Failed     39s (x3 over 94s)  kubelet  Failed to pull image "ghcr.io/example/'
        'checkout:2.8.1": rpc error: code = NotFound desc = failed to pull and unpack image '
        '"ghcr.io/example/checkout:2.8.1": failed to resolve reference "ghcr.io/example/checkout:'
        '2.8.1": ghcr.io/example/checkout:2.8.1: not found\n'
        "  Warning  Failed     39s (x3 over 94s)  kubelet  Error: ErrImagePull",
        app="checkout",
        ns="shop",
        source=src.K8S_IMAGES,
        why="tag not found",
    ),
    event(
        "img-backoff-pulling",
        "image_pull",
        '  Normal   BackOff    12s (x6 over 2m)  kubelet  Back-off pulling image "quay.io/acme/'
        'worker:latest"\n  Warning  Failed     12s (x6 over 2m)  kubelet  Error: ImagePullBackOff',
        app="worker",
        ns="jobs",
        source=src.K8S_IMAGES,
        why="ImagePullBackOff",
    ),
    event(
        "img-pull-access-denied",
        "image_pull",
        'Failed to pull image "acme/private-api:1.4": rpc error: code = Unknown desc = Error '
        "response from daemon: pull access denied for acme/private-api, repository does not exist "
        "or may require 'docker login': denied: requested access to the resource is denied",
        app="private-api",
        ns="core",
        source=src.K8S_IMAGES,
        why="registry auth",
    ),
    event(
        "img-docker-hub-rate-limit",
        "image_pull",
        'Failed to pull image "redis:7.2": rpc error: code = Unknown desc = failed to pull and '
        'unpack image "docker.io/library/redis:7.2": failed to copy: httpReadSeeker: failed open: '
        "unexpected status code https://registry-1.docker.io/v2/library/redis/manifests/sha256:"
        "5a93: 429 Too Many Requests - Server message: toomanyrequests: You have reached your "
        "unauthenticated pull rate limit.",
        app="cache",
        ns="web",
        source=src.DOCKER_RATE_LIMIT,
        why="Trap: registry rate limit (429) on a pull is image_pull, not dependency_limit",
    ),
    case(
        "img-container-waiting-imagepullbackoff",
        "image_pull",
        "alert",
        [
            alert(
                "KubeContainerWaiting",
                "warning",
                base=KSM,
                namespace="ml",
                pod="trainer-6d7c8b9f5-lq8wz",
                container="trainer",
                reason="ImagePullBackOff",
                summary="Pod container waiting longer than 1 hour",
                description="pod/trainer-6d7c8b9f5-lq8wz in namespace ml on container trainer has "
                'been in waiting state for longer than 1 hour. (reason: "ImagePullBackOff").',
            )
        ],
        source=src.KM_APPS,
        why="reason label ImagePullBackOff",
    ),
    logged(
        "img-invalid-image-name",
        "image_pull",
        "NAME                        READY   STATUS             RESTARTS   AGE\n"
        "exporter-5c9d7b6f4-9vqlm    0/1     InvalidImageName   0          3m",
        app="exporter",
        ns="monitoring",
        source=src.K8S_IMAGES,
        why="InvalidImageName status",
    ),
    event(
        "img-registry-timeout",
        "image_pull",
        'Failed to pull image "registry.internal:5000/ops/agent:3.1": rpc error: code = Unknown '
        'desc = failed to pull and unpack image "registry.internal:5000/ops/agent:3.1": failed to '
        "resolve reference: failed to do request: Head "
        '"https://registry.internal:5000/v2/ops/agent/manifests/3.1": dial tcp 10.0.8.4:5000: '
        "i/o timeout",
        app="agent",
        ns="ops",
        source=src.K8S_IMAGES,
        why="Trap: a dial timeout while pulling is an image pull problem",
    ),
    case(
        "img-custom-alert-errimagepull",
        "image_pull",
        "alert",
        [
            alert(
                "PodImagePullFailing",
                "critical",
                namespace="shop",
                pod="cart-7b8c9d6f5-zx2lq",
                summary="cart cannot pull its image",
                description="Container cart is waiting with reason ErrImagePull for 10m.",
            )
        ],
        source=src.KSM_POD_METRICS,
        why="ErrImagePull in the description",
    ),
    event(
        "img-no-matching-manifest",
        "image_pull",
        'Failed to pull image "ghcr.io/acme/tool:1.0": no matching manifest for linux/arm64 in '
        "the manifest list entries",
        app="tool",
        ns="ops",
        source=src.K8S_IMAGES,
        why="architecture missing from the manifest list",
    ),
]

CPU: list[Case] = [
    case(
        "cpu-throttling-high-mixin",
        "cpu_throttling",
        "alert",
        [
            alert(
                "CPUThrottlingHigh",
                "info",
                base=KUBELET,
                namespace="search",
                pod="query-5d6c7b8f9-4pmzq",
                container="query",
                summary="Processes experience elevated CPU throttling.",
                description="48.3% throttling of CPU in namespace search for container query in "
                "pod query-5d6c7b8f9-4pmzq on cluster prod.",
            )
        ],
        source=src.KM_RESOURCES,
        why="catalogued throttling alert",
    ),
    logged(
        "cpu-cgroup-stat",
        "cpu_throttling",
        "$ cat /sys/fs/cgroup/cpu.stat\nusage_usec 8121934021\nuser_usec 7011022331\n"
        "system_usec 1110911690\nnr_periods 912334\nnr_throttled 402117\n"
        "throttled_usec 1931200442",
        app="renderer",
        ns="media",
        source=src.K8S_CPU,
        why="cgroup v2 counters: nr_throttled close to half of the periods",
    ),
    case(
        "cpu-container-high-throttle-rate",
        "cpu_throttling",
        "alert",
        [
            alert(
                "ContainerHighThrottleRate",
                "warning",
                name="encoder",
                summary="Container high throttle rate (instance cadvisor:8080)",
                description="Container is being throttled\n  VALUE = 0.62\n  LABELS = "
                "map[container:encoder]",
            )
        ],
        source=src.AWESOME,
        why="catalogued throttle-rate rule",
    ),
    case(
        "cpu-limit-saturation-prose",
        "cpu_throttling",
        "alert",
        [
            alert(
                "ApiCpuSaturated",
                "warning",
                namespace="core",
                deployment="gateway",
                summary="gateway is running at its CPU limit",
                description="CPU usage of gateway has been at 99% of its CPU limit for 20 "
                "minutes; requests are queuing.",
            )
        ],
        source=src.K8S_CPU,
        why="CPU limit saturation as prose",
    ),
    logged(
        "cpu-cfs-periods-metrics",
        "cpu_throttling",
        'container_cpu_cfs_periods_total{container="api",pod="api-0"} 120934\n'
        "api pod: container_cpu_cfs_throttled_periods_total rose by 41% in the last hour; "
        "CPU throttled periods keep climbing during peaks.",
        app="api",
        ns="core",
        source=src.K8S_CPU,
        why="CFS throttled periods in prose",
    ),
    case(
        "cpu-gitaly-throttled",
        "cpu_throttling",
        "alert",
        [
            alert(
                "GitlabGitalyCpuThrottled",
                "warning",
                namespace="gitlab",
                pod="gitaly-0",
                summary="GitLab Gitaly CPU throttled (instance 10.0.2.4:9236)",
                description="Gitaly is being CPU-throttled by cgroups.",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "cpu-being-throttled-prose",
        "cpu_throttling",
        "Our p95 latency doubled after the release; kubectl top shows the pod pinned at 500m, "
        "which is its limit, and the container is being throttled by the CFS quota.",
        app="pricing",
        ns="shop",
        source=src.K8S_CPU,
        why="Trap: latency mentioned, throttling is the cause",
    ),
    case(
        "cpu-container-cpu-utilization",
        "cpu_throttling",
        "alert",
        [
            alert(
                "ContainerHighCpuUtilization",
                "warning",
                name="thumbnailer",
                summary="Container High CPU utilization (instance cadvisor:8080)",
                description="Container CPU utilization is above 80%\n  VALUE = 93.1\n  LABELS = "
                "map[name:thumbnailer]",
            )
        ],
        source=src.AWESOME,
        why="catalogued: CPU utilisation of the container against its limit",
    ),
    logged(
        "cpu-throttled-time-logfmt",
        "cpu_throttling",
        'level=warn component=cgroup-watch msg="cpu quota exhausted" nr_periods=6000 '
        "nr_throttled=2810 throttled_time=481923811203",
        app="matcher",
        ns="ads",
        source=src.K8S_CPU,
        why="throttling counters in a log line",
    ),
]

DISK: list[Case] = [
    case(
        "disk-pv-filling-up",
        "disk_full",
        "alert",
        [
            alert(
                "KubePersistentVolumeFillingUp",
                "critical",
                base=KUBELET,
                namespace="databases",
                persistentvolumeclaim="data-orders-db-0",
                summary="PersistentVolume is filling up.",
                description="The PersistentVolume claimed by data-orders-db-0 in Namespace "
                "databases on Cluster prod is only 2.1% free.",
            )
        ],
        source=src.KM_STORAGE,
        why="catalogued PV filling up",
    ),
    case(
        "disk-node-filesystem-almost-out",
        "disk_full",
        "alert",
        [
            alert(
                "NodeFilesystemAlmostOutOfSpace",
                "critical",
                base=NODE_EXPORTER,
                instance="worker-3",
                device="/dev/nvme0n1p1",
                fstype="ext4",
                mountpoint="/var/lib/containerd",
                summary="Filesystem has less than 3% space left.",
                description="Filesystem on /dev/nvme0n1p1, mounted on /var/lib/containerd, at "
                "worker-3 has only 2.71% available space left.",
            )
        ],
        source=src.NODE_MIXIN,
        why="node filesystem",
    ),
    logged(
        "disk-postgres-wal",
        "disk_full",
        '2025-03-02 09:41:18.223 UTC [61] PANIC:  could not write to file "pg_wal/xlogtemp.61": '
        "No space left on device\n"
        "2025-03-02 09:41:18.300 UTC [1] LOG:  WAL writer process (PID 61) was terminated by "
        "signal 6: Aborted",
        app="orders-db",
        ns="databases",
        source=src.PG_DISK_FULL,
        why="ENOSPC in Postgres",
    ),
    logged(
        "disk-es-flood-stage",
        "disk_full",
        "[2025-03-02T10:02:11,409][WARN ][o.e.c.r.a.DiskThresholdMonitor] [es-data-1] flood stage "
        "disk watermark [95%] exceeded on [es-data-1][/usr/share/elasticsearch/data] free: "
        "4.1gb[4.2%], all indices on this node will be marked read-only",
        app="elasticsearch",
        ns="logging",
        source=src.ES_WATERMARK,
        why="flood-stage watermark",
    ),
    logged(
        "disk-mysql-table-full",
        "disk_full",
        "2025-03-02T10:04:00.112Z 8231 [ERROR] [MY-012144] [InnoDB] posix_fallocate(): Failed to "
        "preallocate data for file ./shop/orders.ibd, desired size 4194304 bytes. Operating system "
        "error number 28. Check that the disk is not full or a disk quota exceeded.\n"
        "2025-03-02T10:04:00.113Z 8231 [ERROR] [MY-013132] [Server] The table 'orders' is full!",
        app="mysql",
        ns="databases",
        source=src.MYSQL_ERRORS,
        why="error 28 and table full",
    ),
    logged(
        "disk-node-enospc",
        "disk_full",
        "Error: ENOSPC: no space left on device, write\n"
        "    at Object.writeSync (node:fs:927:3)\n    at Object.writeFileSync (node:fs:2328:26)",
        app="uploader",
        ns="media",
        source=src.NODE_ERRORS,
        why="ENOSPC",
    ),
    case(
        "disk-awesome-volume-out-of-space",
        "disk_full",
        "alert",
        [
            alert(
                "KubernetesVolumeOutOfDiskSpace",
                "warning",
                base=KUBELET,
                namespace="monitoring",
                persistentvolumeclaim="prometheus-db-prometheus-0",
                summary="Kubernetes Volume out of disk space (instance 10.0.3.7:10250)",
                description="Volume is almost full (< 10% left)\n  VALUE = 6.3\n  LABELS = "
                "map[persistentvolumeclaim:prometheus-db-prometheus-0]",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    case(
        "disk-inodes-filling",
        "disk_full",
        "alert",
        [
            alert(
                "KubePersistentVolumeInodesFillingUp",
                "warning",
                base=KUBELET,
                namespace="cache",
                persistentvolumeclaim="data-thumbs-0",
                summary="PersistentVolumeInodes are filling up.",
                description="Based on recent sampling, the PersistentVolume claimed by "
                "data-thumbs-0 in Namespace cache is expected to run out of inodes within four "
                "days. Currently 11.2% of its inodes are free.",
            )
        ],
        source=src.KM_STORAGE,
        why="inodes",
    ),
    logged(
        "disk-go-write-no-space",
        "disk_full",
        'level=error ts=2025-03-02T11:20:31Z caller=wal.go:211 component=tsdb msg="write to WAL" '
        'err="write /prometheus/wal/00000412: no space left on device"',
        app="prometheus",
        ns="monitoring",
        source=src.WRITE_2,
        why="ENOSPC in Go",
    ),
    case(
        "disk-host-out-of-disk",
        "disk_full",
        "alert",
        [
            alert(
                "HostOutOfDiskSpace",
                "warning",
                instance="db-host-2:9100",
                device="/dev/sdb1",
                mountpoint="/data",
                fstype="xfs",
                summary="Host out of disk space (instance db-host-2:9100)",
                description="Disk is almost full (< 10% left)\n  VALUE = 7.9",
            )
        ],
        source=src.AWESOME,
        why="catalogued host disk",
    ),
    logged(
        "disk-kafka-log-dir",
        "disk_full",
        "[2025-03-02 11:02:44,019] ERROR Error while appending records to orders-7 in dir "
        "/var/lib/kafka/data (org.apache.kafka.storage.internals.log.LogDirFailureChannel)\n"
        "java.io.IOException: No space left on device\n"
        "\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)",
        app="kafka",
        ns="streaming",
        source=src.KAFKA_OPS,
        why="Kafka log dir full",
    ),
]

CASES: list[Case] = OOM + CRASHLOOP + IMAGE_PULL + CPU + DISK
