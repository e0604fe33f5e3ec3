"""Public pages the development cases take their wording from (documentation of the systems
that print the messages, and the public rule sets that define the alerts)."""

KM_APPS = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/apps_alerts.libsonnet"
KM_RESOURCES = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/resource_alerts.libsonnet"
KM_STORAGE = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/storage_alerts.libsonnet"
KM_KUBELET = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/kubelet.libsonnet"
)
KM_SYSTEM = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/system_alerts.libsonnet"
KM_APISERVER = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/kube_apiserver.libsonnet"
KUBE_PROMETHEUS = "https://github.com/prometheus-operator/kube-prometheus/tree/main/manifests"
AWESOME = "https://github.com/samber/awesome-prometheus-alerts/blob/master/_data/rules.yml"
NODE_MIXIN = "https://github.com/prometheus/node_exporter/blob/master/docs/node-mixin/alerts/alerts.libsonnet"
LOKI_MIXIN = "https://github.com/grafana/loki/blob/main/production/loki-mixin/alerts.libsonnet"
ETCD_MIXIN = "https://github.com/etcd-io/etcd/blob/main/contrib/mixin/alerts/alerts.libsonnet"
CERT_MIXIN = (
    "https://github.com/imusmanmalik/cert-manager-mixin/blob/main/alerts/certificates.libsonnet"
)
KSM_POD_METRICS = "https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/pod-metrics.md"

K8S_EVICTION = "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/"
K8S_EVICTION_CODE = (
    "https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/eviction/helpers.go"
)
K8S_SCHEDULER = "https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/"
K8S_TAINTS = "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/"
K8S_PROBES = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"
K8S_IMAGES = "https://kubernetes.io/docs/concepts/containers/images/"
K8S_DEBUG_PODS = "https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/"
K8S_POD_LIFECYCLE = "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/"
K8S_PV = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
K8S_VOLUMES = "https://kubernetes.io/docs/concepts/storage/volumes/"
K8S_DEPLOYMENT = "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/"
K8S_JOB = "https://kubernetes.io/docs/concepts/workloads/controllers/job/"
K8S_CRONJOB = "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/"
K8S_HPA = "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"
K8S_QUOTA = "https://kubernetes.io/docs/concepts/policy/resource-quotas/"
K8S_CONFIGMAP = "https://kubernetes.io/docs/concepts/configuration/configmap/"
K8S_SECRET = "https://kubernetes.io/docs/concepts/configuration/secret/"
K8S_NODES = "https://kubernetes.io/docs/concepts/architecture/nodes/"
K8S_MEMORY = "https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/"
K8S_CPU = "https://kubernetes.io/docs/tasks/configure-pod-container/assign-cpu-resource/"
K8S_CERTS = "https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/"

LINUX_OOM = "https://www.kernel.org/doc/gorman/html/understand/understand016.html"
OPEN_2 = "https://man7.org/linux/man-pages/man2/open.2.html"
WRITE_2 = "https://man7.org/linux/man-pages/man2/write.2.html"
JAVA_OOM = (
    "https://docs.oracle.com/en/java/javase/17/troubleshoot/troubleshooting-memory-leaks.html"
)
JAVA_SSL = "https://docs.oracle.com/en/java/javase/17/security/java-secure-socket-extension-jsse-reference-guide.html"
GO_NET = "https://pkg.go.dev/net"
GO_X509 = "https://pkg.go.dev/crypto/x509"
GO_RUNTIME = "https://pkg.go.dev/runtime"
NODE_ERRORS = "https://nodejs.org/api/errors.html"
NODE_MODULES = "https://nodejs.org/api/modules.html"
PY_EXCEPTIONS = "https://docs.python.org/3/library/exceptions.html"
PY_SSL = "https://docs.python.org/3/library/ssl.html"
RUST_PANIC = "https://doc.rust-lang.org/std/macro.panic.html"
PYDANTIC = "https://docs.pydantic.dev/latest/errors/validation_errors/"
SPRING_CONFIG = "https://docs.spring.io/spring-boot/reference/features/external-config.html"
GUNICORN = "https://docs.gunicorn.org/en/stable/settings.html"

PG_ERRCODES = "https://www.postgresql.org/docs/current/errcodes-appendix.html"
PG_CONNECTION = "https://www.postgresql.org/docs/current/runtime-config-connection.html"
PG_DISK_FULL = "https://www.postgresql.org/docs/current/disk-full.html"
PGBOUNCER = "https://www.pgbouncer.org/config.html"
MYSQL_ERRORS = "https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html"
MYSQL_TOO_MANY = "https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html"
MYSQL_CANT_CONNECT = "https://dev.mysql.com/doc/refman/8.0/en/can-not-connect-to-server.html"
REDIS_CLIENTS = "https://redis.io/docs/latest/develop/reference/clients/"
REDIS_EVICTION = "https://redis.io/docs/latest/develop/reference/eviction/"
HIKARI = "https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing"
SQLALCHEMY = "https://docs.sqlalchemy.org/en/20/errors.html"
KAFKA_PRODUCER = "https://kafka.apache.org/documentation/#producerconfigs"
KAFKA_OPS = "https://kafka.apache.org/documentation/#operations"
ES_CIRCUIT = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/circuit-breaker-errors.html"
)
ES_WATERMARK = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/fix-watermark-errors.html"
)
ES_REJECTED = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/rejected-requests.html"
)
MONGO_CONN = "https://www.mongodb.com/docs/manual/reference/connection-string/"
RABBIT_MEMORY = "https://www.rabbitmq.com/docs/memory"

ENVOY_ACCESS_LOG = (
    "https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage"
)
ENVOY_CIRCUIT = (
    "https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking"
)
NGINX_UPSTREAM = "https://nginx.org/en/docs/http/ngx_http_upstream_module.html"
NGINX_CORE = "https://nginx.org/en/docs/ngx_core_module.html"
NGINX_PROXY = "https://nginx.org/en/docs/http/ngx_http_proxy_module.html"
HAPROXY = "https://docs.haproxy.org/2.8/configuration.html"
GRPC_CODES = "https://grpc.github.io/grpc/core/md_doc_statuscodes.html"

CERT_MANAGER = "https://cert-manager.io/docs/troubleshooting/"
LETSENCRYPT_LIMITS = "https://letsencrypt.org/docs/rate-limits/"
OPENSSL_VERIFY = "https://docs.openssl.org/master/man1/openssl-verify/"
DOCKER_RATE_LIMIT = "https://docs.docker.com/docker-hub/usage/pulls/"

PROMETHEUS_CONFIG = "https://prometheus.io/docs/prometheus/latest/configuration/configuration/"
ALERTMANAGER_CONFIG = "https://prometheus.io/docs/alerting/latest/configuration/"
PROMETHEUS_OPERATOR = "https://prometheus-operator.dev/docs/platform/troubleshooting/"
ARGOCD = "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/"
HELM_UPGRADE = "https://helm.sh/docs/helm/helm_upgrade/"
FLUX = "https://fluxcd.io/flux/components/helm/helmreleases/"
