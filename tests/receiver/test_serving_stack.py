"""`alertgraph serve` runs on httptools + uvloop, says so at start-up, and still serves on the
pure-Python h11 + asyncio where those extras are not installed."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from receiver.config import FILE_SETTINGS, Settings
from tests.receiver.helpers import firing

# Runs the service as `python -m receiver` would, in an interpreter where httptools and uvloop
# cannot be imported (a None entry in sys.modules makes `import` raise ImportError), as on a
# machine where uvicorn's extras could not be installed.
WITHOUT_EXTRAS = (
    "import runpy, sys; sys.modules.update(httptools=None, uvloop=None); "
    "runpy.run_module('receiver', run_name='__main__', alter_sys=True)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve_and_read_log(tmp_path: Path, command: list[str]) -> list[dict[str, Any]]:
    """Start the service with `command`, wait until it answers a webhook, stop it with SIGTERM
    (it must exit 0) and return its JSON log lines."""
    port = free_port()
    ours = {name.upper() for name in Settings.model_fields} | {f"{n}_FILE" for n in FILE_SETTINGS}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    env.update(API_PORT=str(port), GIT_REPO_PATH=str(tmp_path / "gitops"), LOG_FORMAT="json")
    log_path = tmp_path / "service.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False) as http:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if http.get("/health/ready").status_code == 200:
                        break
                assert time.monotonic() < deadline and proc.poll() is None, log_path.read_text()
                time.sleep(0.05)
            answer = http.post("/webhooks/alertmanager", json=firing())
            assert answer.status_code == 200, answer.text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return [json.loads(line) for line in log_path.read_text().splitlines()]


def stack_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if str(line.get("event", "")).startswith("serving with")]


def test_serve_uses_httptools_and_uvloop_and_says_so(tmp_path: Path) -> None:
    lines = serve_and_read_log(tmp_path, [sys.executable, "-m", "receiver"])
    [line] = stack_lines(lines)
    assert line["event"] == "serving with httptools + uvloop"
    assert (line["http"], line["loop"], line["level"]) == ("httptools", "uvloop", "info")


def test_serve_without_the_extras_falls_back_to_h11_and_asyncio_and_says_how_to_speed_up(
    tmp_path: Path,
) -> None:
    lines = serve_and_read_log(tmp_path, [sys.executable, "-c", WITHOUT_EXTRAS])
    [line] = stack_lines(lines)
    assert line["event"] == "serving with h11 + asyncio (install uvicorn[standard] for speed)"
    assert (line["http"], line["loop"], line["level"]) == ("h11", "asyncio", "warning")
