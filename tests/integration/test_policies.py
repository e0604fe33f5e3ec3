"""Policies on the real service process: SIGHUP reloads POLICY_FILE (an invalid file is
refused, logged, and the old rules stay; the process goes on), and an invalid file stops
start-up with one line naming its line."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.integration.conftest import Launcher, service_environment, start_service

PROD = 'rules:\n  - name: prod\n    match: {namespace: "prod-*"}\n    require: 2\n'
SMALL = (
    "rules:\n  - name: small-memory\n    match: {kind: raise_memory}\n"
    "    max_factor: 1.5\n    auto_approve: {veto: 10m}\n"
)
BROKEN = "rules:\n  - name: small-memory\n    max_memory: 2Gx\n    never: true\n"


def test_sighup_reloads_the_policy_file_of_a_running_service(
    launch: Launcher, http: httpx.Client, tmp_path: Path, wait_until: Callable[..., Any]
) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(PROD)
    service = start_service(launch, http, tmp_path, POLICY_FILE=str(path))

    def rules() -> list[str]:
        body = http.get(f"{service.base_url}/api/policies").json()
        return [rule["name"] for rule in body["rules"]]

    assert rules() == ["prod"]
    path.write_text(SMALL)
    service.process.signal_group(signal.SIGHUP)
    wait_until("the reloaded rules", lambda: rules() == ["small-memory"], 10)

    path.write_text(BROKEN)
    service.process.signal_group(signal.SIGHUP)
    log = service.process.log_path
    wait_until("the refusal in the log", lambda: "policies not reloaded" in log.read_text(), 10)
    assert rules() == ["small-memory"]
    assert service.process.popen.poll() is None  # still serving
    refusals = [line for line in log.read_text().splitlines() if "policies not reloaded" in line]
    assert len(refusals) == 1 and "policies.yaml line 3: rule 'small-memory'" in refusals[0]


def test_an_invalid_policy_file_stops_start_up_with_one_line(
    tmp_path: Path, free_port: Callable[[], int]
) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(BROKEN)
    env = service_environment(
        GIT_REPO_PATH=str(tmp_path / "gitops"), POLICY_FILE=str(path), API_PORT=str(free_port())
    )
    serve = subprocess.run(
        [sys.executable, "-m", "receiver"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert serve.returncode == 2
    assert serve.stderr.strip().splitlines()[-1] == (
        "alertgraph: invalid policy file: policies.yaml line 3: rule 'small-memory': "
        "max_memory '2Gx' is not a quantity (e.g. 4Gi, 500m, 2)"
    )
    assert "Traceback" not in serve.stderr
    check = subprocess.run(
        [str(Path(sys.executable).with_name("alertgraph")), "check-config"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 1
    assert "alertgraph: policies: policies.yaml line 3: " in check.stderr
