"""A real Prometheus holding seven days of backfilled history (tests/graph/evidence/history.py).

The history is written as OpenMetrics and loaded with `promtool tsdb create-blocks-from
openmetrics` into a data directory before Prometheus starts (once per session); tests query
it at END, the end of the history, so the answers do not depend on the wall clock. Without
the binaries the tests are skipped locally and fail in CI (`CI=true`), like the other
integration tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient
from tests.graph.evidence import history
from tests.graph.evidence.fake_loki import FakeLoki, serving
from tests.integration.conftest import ManagedProcess, _free_port, _require_binary


@dataclass(frozen=True)
class History:
    """The backfilled TSDB: its data directory, END (unix seconds) and every series."""

    data: Path
    end: int
    series: list[history.Series]


@dataclass
class RunningPrometheus:
    """A Prometheus process on loopback and its base URL."""

    process: ManagedProcess
    url: str

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL)."""
        self.process.stop()


@pytest.fixture(scope="session")
def tsdb_history(tmp_path_factory: pytest.TempPathFactory) -> History:
    """Seven days of history ending at the last whole 10 minutes, backfilled with promtool."""
    promtool = _require_binary("promtool")
    root = tmp_path_factory.mktemp("history")
    end = int(time.time()) // 600 * 600
    series = history.history(end)
    files = []
    for index, text in enumerate(history.openmetrics_chunks(series, end, hours=24)):
        path = root / f"history-{index}.om"
        path.write_text(text)
        files.append(path)
    data = root / "data"

    def backfill(path: Path) -> subprocess.CompletedProcess[str]:
        argv = [promtool, "tsdb", "create-blocks-from", "openmetrics", "-q", str(path), str(data)]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in pool.map(backfill, files):
            if done.returncode != 0:
                pytest.fail(f"promtool failed: {done.stderr[-2000:]}")
    return History(data, end, series)


OOM_EXPR = (
    "max by (namespace, pod, container) "
    '(kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}) == 1'
)
RULES = {  # JSON is YAML
    "groups": [
        {
            "name": "evidence-tests",
            "interval": "1h",
            "rules": [
                {"alert": "KubePodOOMKilled", "expr": OOM_EXPR, "labels": {"severity": "critical"}}
            ],
        }
    ]
}


@dataclass(frozen=True)
class BasicAuthUser:
    """A user of Prometheus' web config: name, password and its bcrypt hash."""

    name: str
    password: str
    bcrypt: str


def start_prometheus(
    binary: str, data: Path, workdir: Path, name: str, user: BasicAuthUser | None = None
) -> RunningPrometheus:
    """A Prometheus without scrape targets serving `data` on a free loopback port, with one
    alerting rule (RULES, for the rules API), once `/-/ready` answers (fails the test after
    60 s). With `user`, its web config demands that user's basic auth."""
    port = _free_port()
    extra_args: list[str] = []
    if user is not None:
        web = workdir / f"{name}-web.yml"
        web.write_text(f"basic_auth_users:\n  {user.name}: {user.bcrypt!r}\n")
        extra_args.append(f"--web.config.file={web}")
    rules = workdir / f"{name}-rules.yml"
    rules.write_text(json.dumps(RULES))
    config = workdir / f"{name}.yml"
    config.write_text(f"global:\n  evaluation_interval: 1h\nrule_files: [{str(rules)!r}]\n")
    log_path = workdir / f"{name}.log"
    log_file = log_path.open("wb")
    popen = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={data}",
            "--storage.tsdb.retention.time=30d",
            f"--web.listen-address=127.0.0.1:{port}",
            *extra_args,
        ],
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = RunningPrometheus(
        ManagedProcess(name, popen, log_path, log_file), f"http://127.0.0.1:{port}"
    )
    deadline = time.monotonic() + 60
    auth = None if user is None else (user.name, user.password)
    with httpx.Client(trust_env=False, timeout=2.0, auth=auth) as http:
        while True:
            if popen.poll() is not None:
                running.stop()
                pytest.fail(f"prometheus exited: {log_path.read_text()[-2000:]}")
            try:
                if http.get(f"{running.url}/-/ready").status_code == 200:
                    return running
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                running.stop()
                pytest.fail(f"prometheus not ready in 60 s: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def prometheus_server(
    tsdb_history: History, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningPrometheus]:
    """One Prometheus over the history for the whole session."""
    binary = _require_binary("prometheus")
    workdir = tmp_path_factory.mktemp("prometheus")
    data = workdir / "data"
    shutil.copytree(tsdb_history.data, data)
    running = start_prometheus(binary, data, workdir, "prometheus")
    yield running
    running.stop()


@pytest.fixture
def own_prometheus(tsdb_history: History, tmp_path: Path) -> Iterator[RunningPrometheus]:
    """A Prometheus of the test's own over a copy of the history, which the test may stop."""
    binary = _require_binary("prometheus")
    data = tmp_path / "data"
    shutil.copytree(tsdb_history.data, data)
    running = start_prometheus(binary, data, tmp_path, "own-prometheus")
    yield running
    running.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """The async HTTP client the clients under test use (no proxies from the environment)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        yield client


@pytest.fixture
def prometheus(prometheus_server: RunningPrometheus, http: httpx.AsyncClient) -> PrometheusClient:
    """A client for the session's Prometheus."""
    return PrometheusClient(http, prometheus_server.url, timeout=10.0)


@pytest.fixture
def fake_loki() -> Iterator[FakeLoki]:
    """A loopback fake Loki (fake_loki.py), served for the test."""
    with serving(FakeLoki()) as fake:
        yield fake


@pytest.fixture
def loki(fake_loki: FakeLoki, http: httpx.AsyncClient) -> LokiClient:
    """A client for the fake Loki."""
    return LokiClient(http, fake_loki.url, timeout=5.0)
