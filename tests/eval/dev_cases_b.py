"""Development cases: probe_failure, high_error_rate, high_latency, connection_error,
cert_expiry, tls_error."""

from __future__ import annotations

from tests.eval import dev_sources as src
from tests.eval.dev_builders import KUBELET, Case, alert, case, event, logged

PROBE: list[Case] = [
    event(
        "probe-liveness-http-500",
        "probe_failure",
        "  Warning  Unhealthy  42s (x5 over 2m2s)  kubelet  Liveness probe failed: HTTP probe "
        "failed with statuscode: 500\n"
        "  Normal   Killing    42s                 kubelet  Container api failed liveness probe, "
        "will be restarted",
        app="accounts",
        ns="core",
        source=src.K8S_PROBES,
        why="liveness probe status code",
    ),
    event(
        "probe-readiness-timeout",
        "probe_failure",
        "  Warning  Unhealthy  7s (x31 over 5m)  kubelet  Readiness probe failed: Get "
        '"http://10.244.2.31:8080/ready": context deadline exceeded (Client.Timeout exceeded '
        "while awaiting headers)",
        app="search-api",
        ns="search",
        source=src.K8S_PROBES,
        why="Trap: a probe timeout mentions deadline exceeded about the pod itself",
    ),
    event(
        "probe-startup-refused",
        "probe_failure",
        "  Warning  Unhealthy  3s (x12 over 60s)  kubelet  Startup probe failed: dial tcp "
        "10.244.5.19:9000: connect: connection refused",
        app="minio",
        ns="storage",
        source=src.K8S_PROBES,
        why="Trap: a refused probe is a probe failure",
    ),
    event(
        "probe-exec-probe",
        "probe_failure",
        "  Warning  Unhealthy  15s (x4 over 45s)  kubelet  Liveness probe errored: rpc error: code "
        "= DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context "
        "deadline exceeded",
        app="redis",
        ns="cache",
        source=src.K8S_PROBES,
        why="exec probe timeout",
    ),
    event(
        "probe-exit-137-after-liveness",
        "probe_failure",
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n"
        "    Restart Count:  6\nEvents:\n"
        "  Warning  Unhealthy  2m (x9 over 6m)  kubelet  Liveness probe failed: Get "
        '"http://10.244.1.44:8081/healthz": dial tcp 10.244.1.44:8081: i/o timeout\n'
        "  Normal   Killing    2m (x3 over 6m)  kubelet  Container worker failed liveness probe, "
        "will be restarted",
        app="queue-worker",
        ns="jobs",
        source=src.K8S_PROBES,
        why="Trap: exit code 137 after a liveness kill is not an OOM",
    ),
    case(
        "probe-custom-alert",
        "probe_failure",
        "alert",
        [
            alert(
                "ReadinessProbeFailing",
                "warning",
                namespace="shop",
                pod="basket-6d9c8b7f5-rm2kq",
                summary="Readiness probes are failing for basket",
                description="The readiness probe of basket-6d9c8b7f5-rm2kq has failed 40 times "
                "in 10 minutes.",
            )
        ],
        source=src.K8S_PROBES,
        why="readiness probe failures in prose",
    ),
    case(
        "probe-blackbox-probe-failed",
        "probe_failure",
        "alert",
        [
            alert(
                "BlackboxProbeFailed",
                "critical",
                instance="https://status.example.com",
                job="blackbox",
                summary="Blackbox probe failed (instance https://status.example.com)",
                description="Probe failed\n  VALUE = 0\n  LABELS = map[instance:"
                "https://status.example.com job:blackbox]",
            )
        ],
        source=src.AWESOME,
        why="catalogued blackbox probe failure",
    ),
    logged(
        "probe-kubelet-journal",
        "probe_failure",
        'I0302 11:31:02.114221    2110 prober.go:107] "Probe failed" probeType="Liveness" '
        'pod="jobs/scheduler-0" podUID=9f1a containerName="scheduler" probeResult="failure" '
        'output="HTTP probe failed with statuscode: 503"',
        app="scheduler",
        ns="jobs",
        source=src.K8S_PROBES,
        why="kubelet prober log line",
    ),
    event(
        "probe-readiness-503-describe",
        "probe_failure",
        "Conditions:\n  Type              Status\n  Ready             False\n"
        "  ContainersReady   False\nEvents:\n  Warning  Unhealthy  1s (x40 over 6m)  kubelet  "
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
        app="reco",
        ns="ml",
        source=src.K8S_PROBES,
        why="readiness 503",
    ),
]

ERROR_RATE: list[Case] = [
    case(
        "err-loki-request-errors",
        "high_error_rate",
        "alert",
        [
            alert(
                "LokiRequestErrors",
                "critical",
                namespace="logging",
                job="logging/querier",
                route="loki_api_v1_query_range",
                message="logging/querier loki_api_v1_query_range is experiencing 14.20% errors.",
            )
        ],
        source=src.LOKI_MIXIN,
        why="catalogued error percentage",
    ),
    case(
        "err-nginx-5xx-awesome",
        "high_error_rate",
        "alert",
        [
            alert(
                "NginxHighHttp5xxErrorRate",
                "critical",
                instance="ingress-nginx-controller:10254",
                summary="Nginx high HTTP 5xx error rate (instance ingress-nginx-controller:10254)",
                description="Too many HTTP requests with status 5xx (> 5%)\n  VALUE = 9.7",
            )
        ],
        source=src.AWESOME,
        why="catalogued 5xx rate",
    ),
    logged(
        "err-access-log-502s",
        "high_error_rate",
        '10.0.4.2 - - [02/Mar/2025:12:00:01 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" '
        '"okhttp/4.12"\n'
        '10.0.4.3 - - [02/Mar/2025:12:00:01 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" '
        '"okhttp/4.12"\n'
        '10.0.4.9 - - [02/Mar/2025:12:00:02 +0000] "GET /api/pay/status HTTP/1.1" 200 61 "-" '
        '"okhttp/4.12"\n'
        '10.0.4.2 - - [02/Mar/2025:12:00:02 +0000] "POST /api/pay HTTP/1.1" 500 88 "-" '
        '"okhttp/4.12"\n'
        '10.0.4.7 - - [02/Mar/2025:12:00:03 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" '
        '"okhttp/4.12"',
        app="payments-gateway",
        ns="payments",
        source=src.NGINX_CORE,
        why="access log dominated by 5xx",
    ),
    case(
        "err-custom-5xx-ratio",
        "high_error_rate",
        "alert",
        [
            alert(
                "CheckoutErrorRatioHigh",
                "critical",
                namespace="shop",
                service="checkout",
                summary="checkout is failing 8.1% of requests",
                description="8.1% of HTTP requests to checkout returned a 5xx status in the last "
                "5 minutes (threshold 2%).",
            )
        ],
        source=src.KM_APISERVER,
        why="error ratio in prose",
    ),
    case(
        "err-grpc-errors",
        "high_error_rate",
        "alert",
        [
            alert(
                "GrpcServerErrors",
                "warning",
                namespace="ads",
                deployment="bidder",
                summary="bidder gRPC error rate is elevated",
                description="More than 5% of bidder's gRPC calls end with code Internal or "
                "Unavailable.",
            )
        ],
        source=src.GRPC_CODES,
        why="gRPC error rate",
    ),
    case(
        "err-apiserver-error-budget",
        "high_error_rate",
        "alert",
        [
            alert(
                "KubeAPIErrorBudgetBurn",
                "critical",
                long="1h",
                short="5m",
                summary="The API server is burning too much error budget.",
                description="The API server is burning too much error budget on cluster prod.",
            )
        ],
        source=src.KM_APISERVER,
        why="catalogued",
    ),
    logged(
        "err-json-access-5xx",
        "high_error_rate",
        '{"ts":"2025-03-02T12:10:01Z","level":"info","msg":"request","path":"/v1/quote",'
        '"status":503,"duration_ms":3}\n'
        '{"ts":"2025-03-02T12:10:01Z","level":"info","msg":"request","path":"/v1/quote",'
        '"status":503,"duration_ms":2}\n'
        '{"ts":"2025-03-02T12:10:02Z","level":"info","msg":"request","path":"/v1/quote",'
        '"status":200,"duration_ms":41}\n'
        '{"ts":"2025-03-02T12:10:02Z","level":"info","msg":"request","path":"/v1/quote",'
        '"status":503,"duration_ms":2}',
        app="quotes",
        ns="pricing",
        source=src.ENVOY_ACCESS_LOG,
        why="structured access log with mostly 503",
    ),
    case(
        "err-istio-5xx",
        "high_error_rate",
        "alert",
        [
            alert(
                "IstioHigh5xxErrorRate",
                "warning",
                destination_service_name="reviews",
                namespace="bookinfo",
                summary="Istio high 5xx error rate (instance 10.0.0.12:15020)",
                description="High percentage of HTTP 5xx responses in Istio (> 5%).\n  VALUE = "
                "12.5",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "err-envoy-local-rate-limit-429",
        "high_error_rate",
        '[2025-03-02T12:20:01.001Z] "GET /api/feed HTTP/1.1" 429 RL 0 18 0 - "10.1.0.4" '
        '"Mozilla/5.0" "a1" "feed.example.com" "-"\n'
        '[2025-03-02T12:20:01.004Z] "GET /api/feed HTTP/1.1" 429 RL 0 18 0 - "10.1.0.5" '
        '"Mozilla/5.0" "a2" "feed.example.com" "-"\n'
        '[2025-03-02T12:20:01.010Z] "GET /api/feed HTTP/1.1" 200 - 0 3411 12 11 "10.1.0.6" '
        '"Mozilla/5.0" "a3" "feed.example.com" "10.2.0.9:8080"\n'
        '[2025-03-02T12:20:01.013Z] "GET /api/feed HTTP/1.1" 429 RL 0 18 0 - "10.1.0.7" '
        '"Mozilla/5.0" "a4" "feed.example.com" "-"',
        app="feed",
        ns="social",
        source=src.ENVOY_ACCESS_LOG,
        why="our own local rate limit answering 429 (flag RL) is an error rate",
    ),
    case(
        "err-traefik-5xx-service",
        "high_error_rate",
        "alert",
        [
            alert(
                "TraefikHighHttp5xxErrorRateService",
                "critical",
                service="shop-frontend@kubernetes",
                summary="Traefik high HTTP 5xx error rate service",
                description="Traefik service 5xx error rate is above 5%\n  VALUE = 7.2",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
]

LATENCY: list[Case] = [
    case(
        "lat-loki-request-latency",
        "high_latency",
        "alert",
        [
            alert(
                "LokiRequestLatency",
                "critical",
                namespace="logging",
                job="logging/ingester",
                route="/logproto.Pusher/Push",
                message="logging/ingester /logproto.Pusher/Push is experiencing 3.12s 99th "
                "percentile latency.",
            )
        ],
        source=src.LOKI_MIXIN,
        why="catalogued",
    ),
    case(
        "lat-custom-p99",
        "high_latency",
        "alert",
        [
            alert(
                "SearchSlowResponses",
                "warning",
                namespace="search",
                service="search-api",
                summary="search-api p99 above 800ms",
                description="The 99th percentile request duration of search-api is 1.4s.",
            )
        ],
        source=src.KM_APISERVER,
        why="p99 latency",
    ),
    logged(
        "lat-nginx-upstream-read",
        "high_latency",
        "2025/03/02 12:31:09 [error] 31#31: *88123 upstream timed out (110: Connection timed out) "
        "while reading response header from upstream, client: 10.0.1.9, server: api.example.com, "
        'request: "GET /reports/annual HTTP/1.1", upstream: "http://10.244.3.8:8080/reports/'
        'annual", host: "api.example.com"',
        app="reports",
        ns="bi",
        source=src.NGINX_PROXY,
        why="Trap: the upstream accepted the connection and answered too slowly",
    ),
    logged(
        "lat-postgres-slow-query",
        "high_latency",
        "2025-03-02 12:40:02.113 UTC [2231] LOG:  duration: 8123.441 ms  statement: SELECT * FROM "
        "orders o JOIN order_lines l ON l.order_id = o.id WHERE o.created_at > now() - interval "
        "'90 days'",
        app="orders-db",
        ns="databases",
        source=src.PG_ERRCODES,
        why="slow statement duration",
    ),
    case(
        "lat-kafka-consumer-lag",
        "high_latency",
        "alert",
        [
            alert(
                "KafkaConsumerGroupLag",
                "warning",
                consumergroup="billing-events",
                topic="invoices",
                summary="Kafka consumers group (instance kafka-exporter:9308)",
                description="Kafka consumers group lag is high: 48211 messages behind.",
            )
        ],
        source=src.AWESOME,
        why="catalogued consumer lag",
    ),
    case(
        "lat-mysql-slow-queries",
        "high_latency",
        "alert",
        [
            alert(
                "MysqlSlowQueries",
                "warning",
                instance="mysql-0:9104",
                summary="MySQL slow queries (instance mysql-0:9104)",
                description="MySQL server mysql has some new slow query.\n  VALUE = 12",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "lat-java-read-timeout",
        "high_latency",
        "2025-03-02 12:44:10.903 ERROR 1 --- [nio-8080-exec-4] c.e.c.PriceClient : pricing call "
        "failed\njava.net.SocketTimeoutException: Read timed out\n"
        "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
        app="catalog",
        ns="shop",
        source=src.JAVA_SSL,
        why="read timeout: connected, no answer in time",
    ),
    case(
        "lat-etcd-fsync",
        "high_latency",
        "alert",
        [
            alert(
                "etcdHighFsyncDurations",
                "warning",
                job="kube-etcd",
                instance="10.0.0.21:2379",
                summary="etcd cluster 99th percentile fsync durations are too high.",
                description='etcd cluster "kube-etcd": 99th percentile fsync durations are 0.61s '
                "on etcd instance 10.0.0.21:2379.",
            )
        ],
        source=src.ETCD_MIXIN,
        why="catalogued",
    ),
    case(
        "lat-response-time-prose",
        "high_latency",
        "alert",
        [
            alert(
                "UpstreamResponseTimeHigh",
                "warning",
                namespace="edge",
                ingress="shop",
                summary="Average upstream response time is 2.3s",
                description="Requests to the shop ingress take 2.3s on average over 10 minutes.",
            )
        ],
        source=src.NGINX_UPSTREAM,
        why="response time",
    ),
    logged(
        "lat-go-awaiting-headers",
        "high_latency",
        'level=warn msg="inventory lookup slow" err="Get \\"http://inventory:8080/stock\\": '
        "net/http: "
        'timeout awaiting response headers" elapsed=10.001s',
        app="storefront",
        ns="shop",
        source=src.GO_NET,
        why="connected, response headers not in time",
    ),
]

CONNECTION: list[Case] = [
    logged(
        "conn-go-refused",
        "connection_error",
        'level=error msg="cannot reach ledger" err="dial tcp 10.96.44.12:9090: connect: '
        'connection refused"',
        app="wallet",
        ns="finance",
        source=src.GO_NET,
        why="connection refused",
    ),
    logged(
        "conn-go-dns",
        "connection_error",
        'level=error msg="publish failed" err="dial tcp: lookup nats.messaging.svc.cluster.local '
        "on "
        '10.96.0.10:53: no such host"',
        app="publisher",
        ns="messaging",
        source=src.GO_NET,
        why="DNS no such host",
    ),
    logged(
        "conn-node-econnrefused",
        "connection_error",
        "Error: connect ECONNREFUSED 10.96.3.14:6379\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {\n"
        "  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect'\n}",
        app="session-api",
        ns="web",
        source=src.NODE_ERRORS,
        why="ECONNREFUSED",
    ),
    logged(
        "conn-libpq-refused",
        "connection_error",
        'psycopg2.OperationalError: connection to server at "orders-db.databases.svc" '
        "(10.96.22.7), port 5432 failed: Connection refused\n"
        "\tIs the server running on that host and accepting TCP/IP connections?",
        app="orders",
        ns="shop",
        source=src.PG_CONNECTION,
        why="libpq refused",
    ),
    logged(
        "conn-mysql-cant-connect",
        "connection_error",
        "ERROR 2003 (HY000): Can't connect to MySQL server on 'mysql.databases.svc:3306' (111)",
        app="cms",
        ns="web",
        source=src.MYSQL_CANT_CONNECT,
        why="MySQL client cannot connect",
    ),
    logged(
        "conn-envoy-upstream-connect",
        "connection_error",
        "upstream connect error or disconnect/reset before headers. reset reason: connection "
        "failure, transport failure reason: delayed connect error: 111",
        app="gateway",
        ns="edge",
        source=src.ENVOY_ACCESS_LOG,
        why="Envoy connection failure",
    ),
    logged(
        "conn-envoy-access-uf",
        "connection_error",
        '[2025-03-02T13:00:01.101Z] "GET /api/profile HTTP/1.1" 503 UF,URX 0 91 30 - "10.1.0.4" '
        '"curl/8.5" "b1" "profile" "10.2.3.4:8080"\n'
        '[2025-03-02T13:00:01.331Z] "GET /api/profile HTTP/1.1" 503 UF,URX 0 91 29 - "10.1.0.4" '
        '"curl/8.5" "b2" "profile" "10.2.3.4:8080"\n'
        '[2025-03-02T13:00:02.012Z] "GET /api/profile HTTP/1.1" 503 UF,URX 0 91 31 - "10.1.0.8" '
        '"curl/8.5" "b3" "profile" "10.2.3.4:8080"',
        app="profile",
        ns="users",
        source=src.ENVOY_ACCESS_LOG,
        why="response flag UF: upstream connection failure",
    ),
    logged(
        "conn-kafka-broker",
        "connection_error",
        "[2025-03-02 13:02:11,552] WARN [Producer clientId=orders-producer] Connection to node 1 "
        "(kafka-1.kafka-headless.streaming.svc/10.244.2.15:9092) could not be established. Broker "
        "may not be available. (org.apache.kafka.clients.NetworkClient)",
        app="orders",
        ns="shop",
        source=src.KAFKA_PRODUCER,
        why="Kafka broker unreachable",
    ),
    logged(
        "conn-python-requests",
        "connection_error",
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='geo-api', port=8000): Max "
        "retries exceeded with url: /v1/lookup (Caused by NewConnectionError('<urllib3.connection."
        "HTTPConnection object at 0x7f1c>: Failed to establish a new connection: [Errno -3] "
        "Temporary failure in name resolution'))",
        app="dispatch",
        ns="logistics",
        source=src.PY_EXCEPTIONS,
        why="name resolution failure",
    ),
    logged(
        "conn-nginx-connect-refused",
        "connection_error",
        "2025/03/02 13:05:00 [error] 29#29: *771 connect() failed (111: Connection refused) while "
        'connecting to upstream, client: 10.0.0.5, server: _, request: "GET / HTTP/1.1", '
        'upstream: "http://10.244.1.9:3000/", host: "app.example.com"',
        app="web",
        ns="web",
        source=src.NGINX_UPSTREAM,
        why="nginx upstream refused",
    ),
    logged(
        "conn-java-unknown-host",
        "connection_error",
        "org.springframework.web.client.ResourceAccessException: I/O error on GET request for "
        '"http://rates-service:8080/rates": rates-service\n'
        "Caused by: java.net.UnknownHostException: rates-service",
        app="fx",
        ns="finance",
        source=src.JAVA_SSL,
        why="UnknownHostException",
    ),
    logged(
        "conn-grpc-unavailable",
        "connection_error",
        'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while '
        'dialing: dial tcp 10.96.8.8:50051: i/o timeout"',
        app="recommender",
        ns="ml",
        source=src.GRPC_CODES,
        why="gRPC unavailable, dial timeout",
    ),
    logged(
        "conn-mongo-selection",
        "connection_error",
        "MongoServerSelectionError: connect ECONNREFUSED 10.96.12.3:27017\n"
        "    at Timeout._onTimeout (/app/node_modules/mongodb/lib/sdam/topology.js:278:38)",
        app="catalogue",
        ns="shop",
        source=src.MONGO_CONN,
        why="Mongo server selection failed",
    ),
]

CERT: list[Case] = [
    case(
        "cert-kubelet-client-expiration",
        "cert_expiry",
        "alert",
        [
            alert(
                "KubeletClientCertificateExpiration",
                "warning",
                base=KUBELET,
                node="worker-7",
                summary="Kubelet client certificate is about to expire.",
                description="Client certificate for Kubelet on node worker-7 expires in 6d 4h.",
            )
        ],
        source=src.KM_KUBELET,
        why="catalogued",
    ),
    case(
        "cert-manager-expiry-soon",
        "cert_expiry",
        "alert",
        [
            alert(
                "CertManagerCertExpirySoon",
                "warning",
                exported_namespace="shop",
                name="shop-tls",
                summary="The cert `shop-tls` is 9d 2h from expiry, it should have renewed over a "
                "week ago.",
                description="The domain that this cert covers will be unavailable after 9d 2h.",
            )
        ],
        source=src.CERT_MIXIN,
        why="catalogued",
    ),
    logged(
        "cert-go-x509-expired",
        "cert_expiry",
        'level=error msg="webhook call failed" err="Post \\"https://admission.ops.svc:443/'
        'validate\\": tls: failed to verify certificate: x509: certificate has expired or is not '
        'yet valid: current time 2025-03-02T13:20:11Z is after 2025-02-28T00:00:00Z"',
        app="admission",
        ns="ops",
        source=src.GO_X509,
        why="x509 expired",
    ),
    logged(
        "cert-node-cert-has-expired",
        "cert_expiry",
        "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)"
        " {\n  code: 'CERT_HAS_EXPIRED'\n}",
        app="mailer",
        ns="comms",
        source=src.NODE_ERRORS,
        why="CERT_HAS_EXPIRED",
    ),
    case(
        "cert-blackbox-ssl-expiring",
        "cert_expiry",
        "alert",
        [
            alert(
                "BlackboxSslCertificateWillExpireSoon",
                "warning",
                instance="https://api.example.com",
                summary="Blackbox SSL certificate will expire soon (instance "
                "https://api.example.com)",
                description="SSL certificate expires in less than 20 days\n  VALUE = 1.3e+06",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "cert-python-verify-expired",
        "cert_expiry",
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        "certificate has expired (_ssl.c:1006)",
        app="sync",
        ns="integrations",
        source=src.PY_SSL,
        why="Trap: CERTIFICATE_VERIFY_FAILED, but the reason is expiry",
    ),
    case(
        "cert-custom-ssl-expiry",
        "cert_expiry",
        "alert",
        [
            alert(
                "TLSCertExpiringSoon",
                "warning",
                namespace="edge",
                secret="wildcard-tls",
                summary="TLS certificate wildcard-tls expires in 5 days",
                description="The certificate in secret edge/wildcard-tls is valid until "
                "2025-03-07 (notAfter).",
            )
        ],
        source=src.CERT_MANAGER,
        why="expiry in prose",
    ),
    case(
        "cert-apiserver-client-cert",
        "cert_expiry",
        "alert",
        [
            alert(
                "KubeClientCertificateExpiration",
                "critical",
                job="apiserver",
                summary="Client certificate is about to expire.",
                description="The client certificate the backup operator presents to the API "
                "server runs out tomorrow morning.",
            )
        ],
        source=src.KM_APISERVER,
        why="catalogued",
    ),
    logged(
        "cert-java-expired",
        "cert_expiry",
        "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
        "java.security.cert.CertPathValidatorException: validity check failed\n"
        "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Mar 01 00:00:00 "
        "UTC 2025",
        app="partner-sync",
        ns="integrations",
        source=src.JAVA_SSL,
        why="Trap: a handshake failure whose cause is an expired certificate",
    ),
    case(
        "cert-kubelet-server-renewal-errors",
        "cert_expiry",
        "alert",
        [
            alert(
                "KubeletServerCertificateRenewalErrors",
                "warning",
                base=KUBELET,
                node="worker-2",
                summary="Kubelet has failed to renew its server certificate.",
                description="worker-2: 5 server certificate renewal errors since 09:10.",
            )
        ],
        source=src.KM_KUBELET,
        why="catalogued renewal errors",
    ),
]

TLS: list[Case] = [
    logged(
        "tls-go-unknown-authority",
        "tls_error",
        'level=error msg="push failed" err="Post \\"https://vault.security.svc:8200/v1/transit/'
        'encrypt\\": tls: failed to verify certificate: x509: certificate signed by unknown '
        'authority"',
        app="tokenizer",
        ns="security",
        source=src.GO_X509,
        why="unknown authority",
    ),
    logged(
        "tls-go-san-mismatch",
        "tls_error",
        'Get "https://10.96.4.4:443/api": x509: certificate is valid for internal.example.com, '
        "api.example.com, not search.example.com",
        app="crawler",
        ns="search",
        source=src.GO_X509,
        why="hostname not among the SANs",
    ),
    logged(
        "tls-java-pkix",
        "tls_error",
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
        "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
        "certification path to requested target",
        app="erp-bridge",
        ns="integrations",
        source=src.JAVA_SSL,
        why="PKIX path building",
    ),
    logged(
        "tls-node-leaf-signature",
        "tls_error",
        "FetchError: request to https://billing.internal/api failed, reason: unable to verify the "
        "first certificate\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'",
        app="portal",
        ns="web",
        source=src.NODE_ERRORS,
        why="missing intermediate",
    ),
    logged(
        "tls-python-self-signed",
        "tls_error",
        "urllib3.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        "self-signed certificate in certificate chain (_ssl.c:1006)",
        app="scraper",
        ns="data",
        source=src.PY_SSL,
        why="self-signed chain",
    ),
    logged(
        "tls-handshake-failure-grpc",
        "tls_error",
        "transport: authentication handshake failed: remote error: tls: bad certificate",
        app="ledger-client",
        ns="finance",
        source=src.GO_X509,
        why="mTLS bad certificate",
    ),
    logged(
        "tls-nginx-upstream-verify",
        "tls_error",
        "2025/03/02 13:40:01 [error] 12#12: *55 upstream SSL certificate verify error: (20:unable "
        "to get local issuer certificate) while SSL handshaking to upstream, client: 10.0.0.3",
        app="edge-proxy",
        ns="edge",
        source=src.OPENSSL_VERIFY,
        why="nginx upstream verification",
    ),
    case(
        "tls-envoy-listener-ssl-errors",
        "tls_error",
        "alert",
        [
            alert(
                "EnvoyListenerSslConnectionErrors",
                "warning",
                envoy_listener_address="0.0.0.0_8443",
                summary="Envoy listener SSL connection errors",
                description="Envoy listener 0.0.0.0_8443 has SSL connection errors.",
            )
        ],
        source=src.AWESOME,
        why="catalogued",
    ),
    logged(
        "tls-openssl-wrong-version",
        "tls_error",
        "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
        app="healthcheck",
        ns="ops",
        source=src.OPENSSL_VERIFY,
        why="TLS spoken to a plain port",
    ),
    case(
        "tls-custom-handshake-alert",
        "tls_error",
        "alert",
        [
            alert(
                "TLSHandshakeErrors",
                "warning",
                namespace="edge",
                service="ingress",
                summary="TLS handshake errors on the ingress",
                description="The ingress logs 120 TLS handshake errors per minute: clients "
                "reject the presented chain.",
            )
        ],
        source=src.OPENSSL_VERIFY,
        why="handshake errors",
    ),
]

CASES: list[Case] = PROBE + ERROR_RATE + LATENCY + CONNECTION + CERT + TLS
