"""The evidence backends' settings, clients and reachability: check-config and start-up.

A real Prometheus (basic auth in its web config) answers; Loki is the loopback fake, or a
port nothing listens on.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from receiver.cli import check_config
from receiver.config import ConfigError, Settings, load_settings
from tests.graph.evidence.conftest import BasicAuthUser, RunningPrometheus, start_prometheus
from tests.graph.evidence.fake_loki import FakeLoki, serving
from tests.integration.conftest import _free_port, _require_binary
from tests.receiver.conftest import make_app

pytestmark = pytest.mark.integration

# bcrypt (cost 4) of "test-password": Prometheus' web config wants a hash, not the password.
USER = BasicAuthUser(
    "alertgraph", "test-password", "$2b$04$mme33cYpW9nbewc7e8/Z.u2K8L1QNc.MXsEE3hJ6cMp6fwEu60u6a"
)


@pytest.fixture(scope="module")
def guarded_prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPrometheus]:
    """A Prometheus (no data) that wants USER's basic auth."""
    workdir = tmp_path_factory.mktemp("guarded-prometheus")
    running = start_prometheus(
        _require_binary("prometheus"), workdir / "data", workdir, "guarded", USER
    )
    yield running
    running.stop()


@pytest.fixture
def fake_loki() -> Iterator[FakeLoki]:
    with serving(FakeLoki()) as fake:
        yield fake


def nothing_listening() -> str:
    return f"http://127.0.0.1:{_free_port()}"


def run_check_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[int, str, str]:
    """`alertgraph check-config` in this process with only `env` set."""
    for name in Settings.model_fields:
        for variable in (name.upper(), f"{name.upper()}_FILE"):
            monkeypatch.delenv(variable, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out, err = io.StringIO(), io.StringIO()
    return check_config(out=out, err=err), out.getvalue(), err.getvalue()


def test_backends_are_off_by_default_with_safe_tls_and_timeouts() -> None:
    s = load_settings({})
    assert s.prometheus_url is None and s.loki_url is None
    assert not s.prometheus_tls_skip_verify and not s.loki_tls_skip_verify
    assert (s.prometheus_timeout, s.loki_timeout) == (5.0, 10.0)
    assert s.prometheus_tenant is None and s.loki_tenant is None


def test_backend_secrets_can_be_read_from_files_and_stay_out_of_the_repr(
    tmp_path: Path,
) -> None:
    (tmp_path / "token").write_text("prom-s3cr3t-token\n")
    (tmp_path / "password").write_text(" loki-s3cr3t-password ")
    s = load_settings(
        {
            "PROMETHEUS_URL": "https://mimir.example.com/prometheus",
            "PROMETHEUS_TOKEN_FILE": str(tmp_path / "token"),
            "LOKI_URL": "https://logs.example.com",
            "LOKI_USERNAME": "12345",
            "LOKI_PASSWORD_FILE": str(tmp_path / "password"),
        }
    )
    assert s.prometheus_token == "prom-s3cr3t-token"
    assert s.loki_password == "loki-s3cr3t-password"
    assert "s3cr3t" not in repr(s)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PROMETHEUS_URL": "prometheus:9090"}, "PROMETHEUS_URL (got 'prometheus:9090')"),
        ({"LOKI_URL": "ftp://u:s3cr3t@loki"}, "LOKI_URL (got 'ftp://u:****@loki')"),
        ({"LOKI_PASSWORD": "s3cr3t"}, "LOKI_PASSWORD needs LOKI_USERNAME"),
        (
            {"PROMETHEUS_TOKEN": "s3cr3t", "PROMETHEUS_USERNAME": "u"},
            "PROMETHEUS_TOKEN and PROMETHEUS_USERNAME are both set",
        ),
        ({"PROMETHEUS_CA_FILE": "/nonexistent/ca.pem"}, "PROMETHEUS_CA_FILE"),
        ({"LOKI_TIMEOUT": "0"}, "LOKI_TIMEOUT (got '0')"),
    ],
)
def test_a_bad_backend_setting_stops_startup_naming_it(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env)
    assert expected in str(err.value)
    assert "s3cr3t" not in str(err.value)


def test_a_ca_file_that_holds_no_certificate_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("not a certificate\n")
    with pytest.raises(ConfigError, match=r"LOKI_CA_FILE .*cannot load CA certificates"):
        load_settings({"LOKI_CA_FILE": str(tmp_path / "ca.pem")})


def test_check_config_says_backends_are_not_configured_and_exits_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    status, out, err = run_check_config(monkeypatch)
    assert status == 0, err
    assert "prometheus: not configured" in out and "loki: not configured" in out


def test_check_config_says_which_backend_answers_and_why_another_does_not(
    monkeypatch: pytest.MonkeyPatch, guarded_prometheus: RunningPrometheus, tmp_path: Path
) -> None:
    (tmp_path / "password").write_text(USER.password)
    status, out, err = run_check_config(
        monkeypatch,
        PROMETHEUS_URL=guarded_prometheus.url,
        PROMETHEUS_USERNAME=USER.name,
        PROMETHEUS_PASSWORD_FILE=str(tmp_path / "password"),
        LOKI_URL=nothing_listening(),
        LOKI_TOKEN="loki-s3cr3t-token",
    )
    assert status == 1
    assert "prometheus: reachable" in out
    (line,) = [line for line in err.splitlines() if "loki" in line]
    assert line.startswith("alertgraph: loki: unreachable: ConnectError"), line
    assert USER.password not in out + err and "loki-s3cr3t-token" not in out + err


def test_check_config_names_refused_credentials(
    monkeypatch: pytest.MonkeyPatch, guarded_prometheus: RunningPrometheus, fake_loki: FakeLoki
) -> None:
    status, out, err = run_check_config(
        monkeypatch,
        PROMETHEUS_URL=guarded_prometheus.url,
        PROMETHEUS_USERNAME=USER.name,
        PROMETHEUS_PASSWORD="wrong-s3cr3t",
        LOKI_URL=fake_loki.url,
        LOKI_TENANT="team-a",
    )
    assert status == 1
    assert "alertgraph: prometheus: unreachable (unauthorized, HTTP 401)" in err
    assert "loki: reachable" in out
    assert "wrong-s3cr3t" not in out + err
    (probe,) = [r for r in fake_loki.requests if r.path == "/loki/api/v1/labels"]
    assert probe.headers["x-scope-orgid"] == "team-a"


async def log_line(logs: list[dict[str, Any]], event: str, within: float = 10.0) -> dict[str, Any]:
    """The first captured log entry called `event`, once it was logged."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        found = [entry for entry in logs if entry["event"] == event]
        if found:
            return found[0]
        assert loop.time() < deadline, f"no {event!r} in {logs}"
        await asyncio.sleep(0.01)


async def test_start_up_logs_which_backends_answer_and_stop_closes_their_clients(
    tmp_path: Path, guarded_prometheus: RunningPrometheus
) -> None:
    app = make_app(
        tmp_path,
        PROMETHEUS_URL=guarded_prometheus.url,
        PROMETHEUS_USERNAME=USER.name,
        PROMETHEUS_PASSWORD=USER.password,
        LOKI_URL=nothing_listening(),
    )
    with capture_logs() as logs:
        async with AsyncTestClient(app=app) as client:
            line = await log_line(logs, "evidence backends")
            assert (await client.get("/health/ready")).status_code == 200
            http = list(app.state.backends.http)
            assert len(http) == 2 and not any(c.is_closed for c in http)
    assert line["prometheus"] == "reachable"
    assert line["loki"].startswith("unreachable: ConnectError")
    assert all(c.is_closed for c in http)


async def test_start_up_with_no_backends_logs_them_not_configured(tmp_path: Path) -> None:
    with capture_logs() as logs:
        async with AsyncTestClient(app=make_app(tmp_path)):
            line = await log_line(logs, "evidence backends")
    assert (line["prometheus"], line["loki"]) == ("not configured", "not configured")
