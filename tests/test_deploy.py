"""The Dockerfile and the Kubernetes manifest stay in step with the service's settings: every
variable they set is one the service reads, and the configuration they describe starts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from receiver.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SECRET_FILES = {
    "API_KEYS_FILE",
    "WEBHOOK_TOKEN_FILE",
    "SLACK_BOT_TOKEN_FILE",
    "SLACK_SIGNING_SECRET_FILE",
}


def manifest() -> dict[str, dict[str, Any]]:
    """The manifest's documents by kind."""
    docs = list(YAML(typ="safe").load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()))
    return {doc["kind"]: doc for doc in docs}


def known(name: str) -> bool:
    return name.lower() in Settings.model_fields or name in SECRET_FILES


def test_the_manifest_describes_a_configuration_that_starts(tmp_path: Path) -> None:
    docs = manifest()
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {str(k): str(v) for k, v in docs["ConfigMap"]["data"].items()}
    env.update({e["name"]: str(e["value"]) for e in container["env"]})
    unknown = sorted(name for name in env if not known(name))
    assert unknown == [], f"settings the service does not read: {unknown}"
    mount = next(m for m in container["volumeMounts"] if m["name"] == "secrets")["mountPath"]
    for name in SECRET_FILES:
        assert env[name].startswith(mount + "/"), name  # secrets come from the mounted Secret
        local = tmp_path / Path(env[name]).name
        local.write_text("xoxb-not-a-real-secret\n" if "SLACK" in name else "k3y\n")
        env[name] = str(local)
    settings = load_settings(env)  # a bad or half configuration would raise ConfigError
    assert settings.api_keys and settings.webhook_token and settings.slack_enabled
    assert settings.api_host == "0.0.0.0"  # allowed: API keys are set
    assert str(settings.checkpoint_path).startswith("/data/")
    assert str(settings.git_repo_path).startswith("/data/")
    assert pod["terminationGracePeriodSeconds"] >= 30
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert docs["Deployment"]["spec"]["replicas"] == 1


def test_the_image_runs_the_service_unprivileged_with_known_settings() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r'^CMD \["alertgraph", "serve"\]$', dockerfile, re.M)
    user = re.search(r"--uid (\d+) alertgraph", dockerfile)
    assert user and re.search(r"^USER alertgraph$", dockerfile, re.M)
    pod = manifest()["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == int(user.group(1))
    block = dockerfile.split("ENV ", 1)[1].split("\nEXPOSE", 1)[0]
    env = dict(re.findall(r"([A-Z_]+)=(\S+)", block))
    assert env and all(known(name) for name in env), env
    settings = load_settings({**env, "API_KEYS": "k3y"})
    assert settings.api_port == 8000 and settings.checkpoint_path is not None
