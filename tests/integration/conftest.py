"""Fixtures for integration tests that run real processes on loopback.

Every process runs in its own process group with its output in a file under `tmp_path`; the
group is killed at teardown whatever happened. When a test fails, the tail of every process's
log is attached to the failure report, so a red run explains itself.

The service starts as `python -m receiver` (`start_service`); tests that restart it dozens of
times fork it from a fork server that imported it once (`fork_service`: the same
`receiver.cli.main` in a process of its own, ready in a fraction of a second instead of the
seconds its imports take).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import httpx
import pytest

from receiver.config import Settings
from tests.integration import forked

INSTALL_HINT = (
    "install prometheus and prometheus-alertmanager "
    "(apt-get install prometheus prometheus-alertmanager)"
)
LOG_TAIL_LINES = 300
STOP_TIMEOUT_SECONDS = 10.0

T = TypeVar("T")

_LOGS = pytest.StashKey[list[tuple[str, Path]]]()
_handed_out_ports: set[int] = set()


# --- failure reports ----------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the tail of each process log to the report of a failed setup or test."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        for name, path in item.stash.get(_LOGS, []):
            report.sections.append((f"{name} log ({path})", _tail(path)))
    return report


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<unreadable: {exc}>"
    kept = text.splitlines()[-lines:]
    return "\n".join(kept) or "<empty>"


# --- binaries -------------------------------------------------------------------------------


def _require_binary(name: str) -> str:
    path = shutil.which(name)
    if path is not None:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} not found on PATH in CI; {INSTALL_HINT}", pytrace=False)
    pytest.skip(INSTALL_HINT)


@pytest.fixture(scope="session")
def prometheus_bin() -> str:
    """Path of the `prometheus` binary; skipped locally, failed in CI (`CI=true`) if absent."""
    return _require_binary("prometheus")


@pytest.fixture(scope="session")
def alertmanager_bin() -> str:
    """Path of `prometheus-alertmanager`; skipped locally, failed in CI (`CI=true`) if absent."""
    return _require_binary("prometheus-alertmanager")


# --- small helpers ----------------------------------------------------------------------------


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now and was not handed out before in this run.

    The socket is closed before the port is used, so another program could take it in
    between; the process that then fails to bind exits and `wait_until` reports it.
    """
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in _handed_out_ports:
            _handed_out_ports.add(port)
            return port
    raise RuntimeError("no fresh free port found")


def _wait_until(
    what: str,
    check: Callable[[], T | None],
    timeout: float,
    *,
    watch: Sequence[ManagedProcess] = (),
    interval: float = 0.25,
) -> T:
    """Call `check` until it returns something truthy; fail after `timeout` seconds.

    Connection errors count as "not yet". Fails at once, naming it, when one of the `watch`ed
    processes has exited.
    """
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            result = check()
        except httpx.TransportError as exc:
            result, last = None, exc
        else:
            last = result
        if result:
            return result
        for proc in watch:
            code = proc.popen.poll()
            if code is not None:
                pytest.fail(f"{proc.name} exited with status {code} while waiting for {what}")
        if time.monotonic() >= deadline:
            pytest.fail(
                f"timed out after {timeout:.0f} s waiting for {what}; last result: {last!r}"
            )
        time.sleep(interval)


# --- processes ----------------------------------------------------------------------------------


class ChildProcess(Protocol):
    """What the tests use of a child process (`subprocess.Popen` has it)."""

    @property
    def pid(self) -> int: ...

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...


class ForkedProcess:
    """A process forked from the fork server, seen like a `subprocess.Popen`: its exit status
    is negative for a signal."""

    def __init__(self, process: BaseProcess) -> None:
        self._process = process
        assert process.pid is not None
        self.pid: int = process.pid

    def poll(self) -> int | None:
        """The exit status, None while it runs."""
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the exit; `subprocess.TimeoutExpired` after `timeout` seconds."""
        self._process.join(timeout)
        code = self._process.exitcode
        if code is None:
            raise subprocess.TimeoutExpired(f"forked pid {self.pid}", timeout or 0.0)
        return code


@dataclass
class ManagedProcess:
    """A child process in its own process group, stdout and stderr going to `log_path`."""

    name: str
    popen: ChildProcess
    log_path: Path
    _log_file: IO[bytes] = field(repr=False)

    def signal_group(self, sig: signal.Signals) -> None:
        """Send `sig` to the whole process group (no-op if it is gone)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self) -> None:
        """SIGTERM the group, SIGKILL it if it has not exited in time, then reap the leader.

        Signals go to the group only while the leader is unreaped, so its id cannot have been
        reused by an unrelated process.
        """
        try:
            if self.popen.poll() is None:
                self.signal_group(signal.SIGTERM)
                try:
                    self.popen.wait(timeout=STOP_TIMEOUT_SECONDS)
                except subprocess.TimeoutExpired:
                    self.signal_group(signal.SIGKILL)
                    self.popen.wait(timeout=STOP_TIMEOUT_SECONDS)
        finally:
            self._log_file.close()


class Launcher(Protocol):
    """Starts processes that the test's teardown stops (see the `launch` fixture)."""

    def __call__(
        self, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None
    ) -> ManagedProcess: ...

    def fork(self, name: str, server: ForkServerContext, env: Mapping[str, str]) -> ManagedProcess:
        """The service forked from `server` with `env` as its environment."""
        ...


@pytest.fixture(scope="session")
def fork_server() -> ForkServerContext:
    """A fork server that has imported the service (started on first use, once a session)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["receiver.cli", forked.__name__])
    return context


@pytest.fixture
def free_port() -> Callable[[], int]:
    """A function returning a fresh free TCP port on 127.0.0.1 (see `_free_port`)."""
    return _free_port


@pytest.fixture
def wait_until() -> Callable[..., Any]:
    """`wait_until(what, check, timeout, watch=(...))`: bounded polling (see `_wait_until`)."""
    return _wait_until


@pytest.fixture
def launch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Launcher]:
    """Start processes that are stopped (and killed if need be) when the test ends.

    `launch(name, argv, env=None)` returns a `ManagedProcess` whose output is in
    `tmp_path/<name>.log`; that log is shown when the test fails.
    """
    started: list[ManagedProcess] = []
    logs = request.node.stash.setdefault(_LOGS, [])

    class Launch:
        def __call__(
            self, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None
        ) -> ManagedProcess:
            log_path = tmp_path / f"{name}.log"
            log_file = log_path.open("wb")
            try:
                popen = subprocess.Popen(
                    list(argv),
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    env=None if env is None else dict(env),
                    cwd=tmp_path,
                    start_new_session=True,
                )
            except BaseException:
                log_file.close()
                raise
            return self._managed(ManagedProcess(name, popen, log_path, log_file))

        def fork(
            self, name: str, server: ForkServerContext, env: Mapping[str, str]
        ) -> ManagedProcess:
            log_path = tmp_path / f"{name}.log"
            log_file = log_path.open("wb")  # the child appends to it
            try:
                child = server.Process(
                    target=forked.serve,
                    args=(dict(env), str(tmp_path), str(log_path)),
                    name=name,
                    daemon=True,  # never outlives the test session
                )
                child.start()
            except BaseException:
                log_file.close()
                raise
            return self._managed(ManagedProcess(name, ForkedProcess(child), log_path, log_file))

        def _managed(self, proc: ManagedProcess) -> ManagedProcess:
            started.append(proc)
            logs.append((proc.name, proc.log_path))
            return proc

    try:
        yield Launch()
    finally:
        failures: list[BaseException] = []
        for proc in reversed(started):  # every one, even if stopping another failed
            try:
                proc.stop()
            except Exception as exc:
                failures.append(exc)
        if failures:
            raise failures[0]


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """An HTTP client for the loopback processes; proxy variables of the environment are
    ignored so nothing leaves the machine."""
    with httpx.Client(timeout=5.0, trust_env=False) as client:
        yield client


# --- the service ------------------------------------------------------------------------------


@dataclass
class Service:
    """The alertgraph service running as a separate process."""

    process: ManagedProcess
    base_url: str
    port: int


def service_environment(**settings: str) -> dict[str, str]:
    """The parent's environment without any alertgraph setting, plus `settings`.

    Dropping inherited settings (API_KEYS, WEBHOOK_TOKEN, LOKI_URL, ...) keeps a developer's
    shell from changing what the test sees.
    """
    ours = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    env.update(settings)
    return env


def start_service(
    launch: Launcher, http: httpx.Client, tmp_path: Path, name: str = "alertgraph", **settings: str
) -> Service:
    """The service started as `python -m receiver` on a free loopback port, its GitOps
    repository under `tmp_path`, `settings` on top (no rate limit unless one is given), once
    `GET /health/ready` answered 200: HTTP is served and the queue workers run."""
    port, env = _service_settings(tmp_path, settings)
    proc = launch(name, [sys.executable, "-m", "receiver"], env=env)
    return _ready(http, proc, port)


def fork_service(
    launch: Launcher,
    server: ForkServerContext,
    http: httpx.Client,
    tmp_path: Path,
    name: str = "alertgraph",
    **settings: str,
) -> Service:
    """Like `start_service`, the service forked from `server` (the `fork_server` fixture)."""
    port, env = _service_settings(tmp_path, settings)
    return _ready(http, launch.fork(name, server, env), port)


def _service_settings(tmp_path: Path, settings: Mapping[str, str]) -> tuple[int, dict[str, str]]:
    port = _free_port()
    env = service_environment(
        **{
            "API_HOST": "127.0.0.1",
            "API_PORT": str(port),
            "GIT_REPO_PATH": str(tmp_path / "gitops"),
            "LOG_FORMAT": "json",
            "ACCESS_LOG": "true",
            "RATE_LIMIT_PER_SECOND": "0",
            **settings,
        }
    )
    return port, env


def _ready(http: httpx.Client, proc: ManagedProcess, port: int) -> Service:
    base_url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return http.get(f"{base_url}/health/ready").status_code == 200
        except httpx.TransportError:
            return False

    _wait_until(f"{proc.name} /health/ready", ready, timeout=30, watch=[proc], interval=0.05)
    return Service(proc, base_url, port)


def start_alertmanager(
    launch: Launcher, http: httpx.Client, binary: str, tmp_path: Path, config: dict[str, Any]
) -> tuple[ManagedProcess, str]:
    """A real Alertmanager with `config` (clustering off) on a free port, once `/-/ready`
    answers; its process and base URL."""
    port = _free_port()
    path = tmp_path / "alertmanager.yml"
    path.write_text(json.dumps(config, indent=2))  # JSON is YAML
    proc = launch(
        "alertmanager",
        [
            binary,
            f"--config.file={path}",
            f"--storage.path={tmp_path / 'alertmanager-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until(
        "Alertmanager /-/ready",
        lambda: http.get(f"{url}/-/ready").status_code == 200,
        timeout=20,
        watch=[proc],
    )
    return proc, url


@pytest.fixture
def alertgraph(launch: Launcher, http: httpx.Client, tmp_path: Path) -> Service:
    """The service with its defaults (see `start_service`). The test may stop it itself (to
    check its exit status); otherwise it is stopped at teardown."""
    return start_service(launch, http, tmp_path)
