"""The `alertgraph` command: serve, stop cleanly on SIGTERM, refuse bad configuration."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from receiver.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_answers_then_drains_and_exits_0_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "API_PORT": str(port),
        "LOG_FORMAT": "json",
        "GIT_REPO_PATH": str(tmp_path / "gitops"),
    }
    log = (tmp_path / "service.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "receiver"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False) as http:
            while True:
                try:
                    if http.get("/health/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline and proc.poll() is None, "did not start"
                time.sleep(0.1)
            r = http.post("/api/incidents/trigger", json={"log_text": "OOMKilled"})
            assert r.status_code == 202
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
    lines = [json.loads(x) for x in (tmp_path / "service.log").read_text().splitlines()]
    events = [x["event"] for x in lines]
    assert "incident opened" in events and events[-1].startswith("Finished server process")
    assert "ingest workers stopped" in events


def test_no_command_prints_help_and_fails() -> None:
    assert main([]) == 2
