"""The `alertgraph` command: serve, stop cleanly on SIGTERM, refuse bad configuration."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest

from receiver.cli import main
from receiver.config import FILE_SETTINGS, Settings


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


# --- the entry point: help, version, check-config ---------------------------------------------

# The console script pip installed beside this interpreter: the real `alertgraph` command.
ALERTGRAPH = Path(sys.executable).with_name("alertgraph")
SECRET_FILE_VARIABLES = [f"{name}_FILE" for name in FILE_SETTINGS]


def alertgraph(*args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `alertgraph args...` with no alertgraph setting inherited from this shell, only
    `settings`; its exit status and output."""
    ours = {name.upper() for name in Settings.model_fields} | set(SECRET_FILE_VARIABLES)
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    return subprocess.run(
        [str(ALERTGRAPH), *args],
        env={**env, **settings},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        check=False,
    )


def words(text: str) -> str:
    """`text` with every run of whitespace as one space (help output is wrapped)."""
    return " ".join(text.split())


def test_version_prints_the_installed_version(tmp_path: Path) -> None:
    proc = alertgraph("--version", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"alertgraph {version('alertgraph')}"


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"]])
def test_help_lists_every_setting_with_its_default_and_meaning(
    tmp_path: Path, args: list[str]
) -> None:
    proc = alertgraph(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shown = words(proc.stdout)
    for name, field in Settings.model_fields.items():
        assert name.upper() in shown, name
        assert field.description and words(field.description) in shown, name
    assert "API_HOST (default: 127.0.0.1)" in shown and "API_PORT (default: 8000)" in shown
    for variable in SECRET_FILE_VARIABLES:
        assert variable in shown
    assert "README" in shown and "Configuration" in shown  # where they are documented
    assert "check-config" in shown


def test_check_config_prints_each_setting_its_value_and_where_it_came_from(
    tmp_path: Path,
) -> None:
    keys = tmp_path / "api-keys"
    keys.write_text("key-from-file-0123456789\n")
    proc = alertgraph(
        "check-config",
        cwd=tmp_path,
        API_PORT="9001",
        WEBHOOK_TOKEN="webhook-s3cr3t-value",
        API_KEYS_FILE=str(keys),
        GIT_REMOTE="https://bot:hunter2-s3cr3t@git.example.com/ops/gitops.git",
        SLACK_APPROVERS="U0A1,U0B2",
    )
    assert proc.returncode == 0, proc.stderr
    output = proc.stdout + proc.stderr
    for secret in ("webhook-s3cr3t-value", "key-from-file-0123456789", "hunter2-s3cr3t"):
        assert secret not in output
    rows = {}
    for line in proc.stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 3 and cells[0].upper() == cells[0]:
            rows[cells[0]] = (cells[1], cells[2])
    assert set(rows) >= {name.upper() for name in Settings.model_fields}
    assert rows["API_PORT"] == ("9001", "environment")
    assert rows["API_HOST"] == ("127.0.0.1", "default")
    assert rows["WEBHOOK_TOKEN"] == ("****", "environment")
    assert rows["API_KEYS"] == ("****", "API_KEYS_FILE")
    assert rows["SLACK_BOT_TOKEN"] == ("(unset)", "default")
    assert rows["SLACK_APPROVERS"] == ("U0A1,U0B2", "environment")
    assert rows["GIT_REMOTE"][0] == "https://bot:****@git.example.com/ops/gitops.git"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"API_PORT": "http"}, "API_PORT"),
        ({"API_KEYS_FILE": "/nonexistent/keys"}, "API_KEYS_FILE"),
        ({"SLACK_BOT_TOKEN": "xoxb-s3cr3t"}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_check_config_refuses_a_bad_setting_with_one_line_and_status_2(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    proc = alertgraph("check-config", cwd=tmp_path, **settings)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and "s3cr3t" not in proc.stdout + proc.stderr


# --- SIGTERM: what clients get while the service stops -----------------------------------------

STOP_BOUND_SECONDS = 3.0  # generous: an idle stop takes a fraction of it (see the README)


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any alertgraph setting, plus `settings`."""
    ours = {name.upper() for name in Settings.model_fields} | set(SECRET_FILE_VARIABLES)
    return {**{k: v for k, v in os.environ.items() if k.upper() not in ours}, **settings}


@contextlib.contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`alertgraph serve` on a free loopback port, once /health/ready answers 200; killed at
    the end if the test did not stop it."""
    port = free_port()
    env = clean_environment(
        API_PORT=str(port), GIT_REPO_PATH=str(tmp_path / "gitops"), LOG_FORMAT="json"
    )
    with (tmp_path / "service.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(ALERTGRAPH), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False) as http:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if http.get("/health/ready").status_code == 200:
                        break
                assert time.monotonic() < deadline and proc.poll() is None, "did not start"
                time.sleep(0.05)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def http_exchange(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str]]:
    """Send `request` on `sock` and read one response: its status and headers (lower-case).
    Reads the body by Content-Length, so the connection can be used again."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed without an answer")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in header_lines)
    while len(body) < int(headers.get("content-length", "0")):
        body += sock.recv(65536)
    return int(status_line.split()[1]), headers


def refuses_connections(port: int) -> bool:
    """True once nothing listens on the port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


HEALTH = b"GET /health HTTP/1.1\r\nHost: alertgraph\r\n\r\n"


def test_idle_service_exits_0_promptly_on_sigterm(tmp_path: Path) -> None:
    with serving(tmp_path) as (proc, _):
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STOP_BOUND_SECONDS) == 0


def test_on_sigterm_new_and_idle_connections_get_no_answer_and_requests_in_progress_do(
    tmp_path: Path,
) -> None:
    """What the README's SIGTERM paragraph says: a new connection is refused, an idle
    keep-alive connection is closed, a request already being received is answered (then its
    connection is closed) and its alert ends up in an incident before the process exits 0."""
    body = json.dumps({"log_text": "OOMKilled", "labels": {"app": "grafana"}}).encode()
    trigger = (
        b"POST /api/incidents/trigger HTTP/1.1\r\nHost: alertgraph\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    with serving(tmp_path) as (proc, port):
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
        busy = socket.create_connection(("127.0.0.1", port), timeout=5)
        with idle, busy:
            assert http_exchange(idle, HEALTH)[0] == 200  # now an idle keep-alive connection
            busy.sendall(trigger + body[:10])  # a request still being received
            # One more round trip: the server has read the half request before this answer.
            assert http_exchange(idle, HEALTH)[0] == 200
            proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + STOP_BOUND_SECONDS
            while not refuses_connections(port):
                assert time.monotonic() < deadline, "still accepting connections"
                time.sleep(0.02)
            with pytest.raises(ConnectionError):  # closed, or reset: no answer either way
                http_exchange(idle, HEALTH)
            busy.sendall(body[10:])
            assert http_exchange(busy, b"")[0] == 202
            assert busy.recv(1) == b""  # then closed
        assert proc.wait(timeout=STOP_BOUND_SECONDS) == 0
    events = [json.loads(x) for x in (tmp_path / "service.log").read_text().splitlines()]
    names = [e["event"] for e in events]
    assert names.index("Shutting down") < names.index("incident opened")
    assert names.index("incident opened") < names.index("ingest workers stopped")
