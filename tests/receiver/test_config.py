"""Settings: defaults, parsing, and one-line errors for bad values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from receiver.config import ConfigError, effective_settings, load_settings


def test_zero_configuration_gives_the_documented_defaults() -> None:
    s = load_settings({})
    assert (s.api_host, s.api_port) == ("127.0.0.1", 8000)
    assert s.max_body_bytes == 1024 * 1024
    assert s.log_format == "json" and s.ui_language == "en"
    assert s.api_keys == () and s.webhook_token is None and s.slack_bot_token is None


def test_workflow_and_git_defaults_and_overrides() -> None:
    s = load_settings({})
    assert s.git_remote is None and s.values_path_template == "helm-values/{app}/values.yaml"
    assert (s.verify_timeout, s.max_memory, s.max_cpu) == (900.0, "16Gi", "8")
    assert (s.max_replicas, s.max_scale_factor) == (20, 3.0)
    s = load_settings(
        {"GIT_REMOTE": " ", "MAX_MEMORY": "32Gi", "MAX_CPU": "500m", "VERIFY_TIMEOUT": "1.5"}
    )
    assert s.git_remote is None and (s.max_memory, s.max_cpu) == ("32Gi", "500m")
    assert s.verify_timeout == 1.5


def test_cluster_settings_default_to_the_common_labels_and_no_cluster() -> None:
    s = load_settings({})
    assert s.cluster_labels == ("cluster", "cluster_name", "k8s_cluster")
    assert s.default_cluster == ""
    s = load_settings(
        {
            "CLUSTER_LABELS": "region_cluster, cluster",
            "DEFAULT_CLUSTER": " prod-eu ",
            "VALUES_PATH_TEMPLATE": "clusters/{cluster}/{namespace}/{app}/values.yaml",
        }
    )
    assert s.cluster_labels == ("region_cluster", "cluster")
    assert s.default_cluster == "prod-eu"
    assert s.values_path_template == "clusters/{cluster}/{namespace}/{app}/values.yaml"


def test_variables_are_read_case_insensitively_and_coerced() -> None:
    s = load_settings(
        {"API_PORT": "9093", "log_format": "CONSOLE", "API_KEYS": "a, b,,c", "UI_LANGUAGE": "ko"}
    )
    assert s.api_port == 9093
    assert s.log_format == "console"
    assert s.api_keys == ("a", "b", "c")
    assert s.ui_language == "ko"


def test_blank_optional_values_mean_unset() -> None:
    assert load_settings({"LOKI_URL": "  ", "SLACK_CHANNEL": ""}).loki_url is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"API_PORT": "http"}, "API_PORT (got 'http')"),
        ({"API_PORT": "70000"}, "API_PORT (got '70000'): Input should be less than or equal"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT (got 'xml'): allowed: 'json' or 'console'"),
        ({"UI_LANGUAGE": "fr"}, "UI_LANGUAGE (got 'fr'): allowed: 'en' or 'ko'"),
        ({"QUEUE_MAXSIZE": "0"}, "QUEUE_MAXSIZE (got '0'): Input should be greater than"),
        ({"MAX_MEMORY": "lots"}, "MAX_MEMORY (got 'lots'): Value error, 'lots' is not a"),
        ({"MAX_CPU": "8 cores"}, "MAX_CPU (got '8 cores')"),
        ({"MAX_REPLICAS": "0"}, "MAX_REPLICAS (got '0')"),
        ({"MAX_SCALE_FACTOR": "1"}, "MAX_SCALE_FACTOR (got '1')"),
        ({"VERIFY_TIMEOUT": "-1"}, "VERIFY_TIMEOUT (got '-1')"),
        ({"VALUES_PATH_TEMPLATE": "values.yaml"}, "VALUES_PATH_TEMPLATE (got 'values.yaml')"),
        (
            {"VALUES_PATH_TEMPLATE": "{region}/{app}/values.yaml"},
            "VALUES_PATH_TEMPLATE (got '{region}/{app}/values.yaml'): Value error, the values "
            "path template may name only {app}, {cluster}, {namespace}, not {region}",
        ),
        ({"DEFAULT_CLUSTER": "../prod"}, "DEFAULT_CLUSTER (got '../prod')"),
        ({"CLUSTER_LABELS": " , "}, "CLUSTER_LABELS"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_is_allowed(
    env: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_secret_values_are_not_in_the_settings_repr() -> None:
    settings = load_settings(
        {
            "WEBHOOK_TOKEN": "s3cr3t-1",
            "API_KEYS": "s3cr3t-2",
            "SLACK_BOT_TOKEN": "xoxb-s3cr3t-3",
            "SLACK_SIGNING_SECRET": "s3cr3t-4",
            "SLACK_CHANNEL": "C0INCIDENTS",
            "SLACK_APPROVERS": "*",
        }
    )
    assert "s3cr3t" not in repr(settings)
    assert settings.webhook_token == "s3cr3t-1"


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET, SLACK_CHANNEL"),
        ({"SLACK_CHANNEL": "C1", "SLACK_SIGNING_SECRET": "x"}, "SLACK_BOT_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_CHANNEL": " "},
            "SLACK_CHANNEL",
        ),
    ],
)
def test_half_a_slack_configuration_stops_startup_naming_what_is_missing(
    given: dict[str, str], missing: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(given)
    assert str(raised.value) == (
        "Slack needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_CHANNEL together; "
        f"missing: {missing}"
    )
    assert "xoxb-1" not in str(raised.value)


def test_slack_is_off_by_default_and_on_with_all_three() -> None:
    assert not load_settings({}).slack_enabled
    on = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_CHANNEL": "C1",
            "SLACK_APPROVERS": "U0A1, ,U0B2",
        }
    )
    assert on.slack_enabled and on.slack_approvers == ("U0A1", "U0B2")
    assert on.base_url == "http://127.0.0.1:8000"
    assert load_settings({"PUBLIC_URL": "https://ag.example.com/"}).base_url == (
        "https://ag.example.com"
    )


def test_bad_configuration_stops_startup_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "receiver"],
        env={"PATH": "/usr/bin:/bin", "API_PORT": "eighty", "LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "API_PORT" in lines[0] and "Traceback" not in proc.stderr


def test_access_defaults_and_rate_limit_settings() -> None:
    s = load_settings({})
    assert (s.rate_limit_per_second, s.rate_limit_burst) == (20.0, 40)
    assert s.allow_unauthenticated is False
    s = load_settings({"RATE_LIMIT_PER_SECOND": "0.5", "RATE_LIMIT_BURST": "0"})
    assert (s.rate_limit_per_second, s.rate_limit_burst) == (0.5, 0)
    with pytest.raises(ConfigError, match="RATE_LIMIT_BURST"):
        load_settings({"RATE_LIMIT_BURST": "-1"})


@pytest.mark.parametrize(
    ("name", "attribute", "content", "expected"),
    [
        ("API_KEYS", "api_keys", "  key-a, key-b \n", ("key-a", "key-b")),
        ("WEBHOOK_TOKEN", "webhook_token", "\n tok-1\n", "tok-1"),
    ],
)
def test_secrets_can_be_read_from_files(
    tmp_path: Path, name: str, attribute: str, content: str, expected: object
) -> None:
    secret = tmp_path / "secret"
    secret.write_text(content)
    s = load_settings({f"{name}_FILE": str(secret)})
    assert getattr(s, attribute) == expected


def test_slack_secrets_can_be_read_from_files(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("xoxb-from-file\n")
    (tmp_path / "signing").write_text("signing-from-file")
    s = load_settings(
        {
            "slack_bot_token_file": str(tmp_path / "token"),  # names are case-insensitive
            "SLACK_SIGNING_SECRET_FILE": str(tmp_path / "signing"),
            "SLACK_CHANNEL": "C1",
            "SLACK_APPROVERS": "*",
        }
    )
    assert s.slack_bot_token == "xoxb-from-file"
    assert s.slack_signing_secret == "signing-from-file"


@pytest.mark.parametrize(
    "name", ["API_KEYS", "WEBHOOK_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
)
def test_a_secret_and_its_file_together_stop_startup(tmp_path: Path, name: str) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-file-s3cr3t")
    with pytest.raises(ConfigError) as raised:
        load_settings({name: "inline-s3cr3t", f"{name}_FILE": str(secret)})
    message = str(raised.value)
    assert message == f"{name} and {name}_FILE are both set; set only one"
    assert "s3cr3t" not in message


def test_an_unreadable_secret_file_stops_startup_naming_the_variable(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ConfigError) as raised:
        load_settings({"WEBHOOK_TOKEN_FILE": str(missing)})
    assert str(raised.value).startswith(f"WEBHOOK_TOKEN_FILE: cannot read {missing}: ")
    with pytest.raises(ConfigError, match=r"^API_KEYS_FILE: cannot read .*: Is a directory$"):
        load_settings({"API_KEYS_FILE": str(tmp_path)})
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xffs3cr3t")
    with pytest.raises(ConfigError) as raised:
        load_settings({"SLACK_BOT_TOKEN_FILE": str(binary)})
    assert str(raised.value) == f"SLACK_BOT_TOKEN_FILE: {binary} is not UTF-8 text"
    empty = tmp_path / "empty"
    empty.write_text(" \n")
    with pytest.raises(ConfigError, match=r"API_KEYS_FILE: .* is empty"):
        load_settings({"API_KEYS_FILE": str(empty)})


def test_an_unreadable_secret_file_stops_the_command_with_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "receiver"],
        env={"PATH": "/usr/bin:/bin", "API_KEYS_FILE": str(tmp_path / "missing")},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "API_KEYS_FILE: cannot read" in lines[0], proc.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "alertgraph.example.com"])
def test_no_keys_on_a_reachable_address_needs_an_explicit_yes(host: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"API_HOST": host})
    message = str(raised.value)
    assert "API_KEYS" in message and "ALLOW_UNAUTHENTICATED=true" in message
    assert "\n" not in message
    assert load_settings({"API_HOST": host, "ALLOW_UNAUTHENTICATED": "true"}).api_host == host
    assert load_settings({"API_HOST": host, "API_KEYS": "k"}).api_keys == ("k",)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_no_keys_on_loopback_is_fine(host: str) -> None:
    assert load_settings({"API_HOST": host}).api_keys == ()


def test_effective_settings_name_where_each_value_came_from(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("xoxb-from-file-s3cr3t\n")
    env = {
        "api_port": "9093",  # names are case-insensitive, here too
        "slack_bot_token_file": str(tmp_path / "token"),
        "SLACK_SIGNING_SECRET": "signing-s3cr3t",
        "SLACK_CHANNEL": "C1",
        "SLACK_APPROVERS": "*",
        "LOKI_URL": " ",  # set, but blank: unset, and said to come from the environment
        "LOKI_URL_FILE": "not a secret that may come from a file",
    }
    shown = {s.name: (s.value, s.source) for s in effective_settings(load_settings(env), env)}
    assert shown["API_PORT"] == ("9093", "environment")
    assert shown["SLACK_BOT_TOKEN"] == ("****", "SLACK_BOT_TOKEN_FILE")
    assert shown["SLACK_SIGNING_SECRET"] == ("****", "environment")
    assert shown["LOKI_URL"] == ("(unset)", "environment")
    assert shown["API_KEYS"] == ("(unset)", "default")
    assert "s3cr3t" not in repr(shown)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GIT_DELIVERY": "pull_request"}, "GIT_DELIVERY=pull_request needs FORGE, FORGE_TOKEN"),
        (
            {
                "GIT_DELIVERY": "pull_request",
                "FORGE": "github",
                "FORGE_TOKEN": "t0k3n-value",
                "FORGE_REPOSITORY": "gitops",
                "GIT_REMOTE": "https://git.example/gitops.git",
            },
            "FORGE_REPOSITORY must be owner/name for FORGE=github",
        ),
        ({"GIT_DELIVERY": "branch", "FORGE_POLL_INTERVAL": "0"}, "FORGE_POLL_INTERVAL must be"),
        ({"GIT_DELIVERY": "merge"}, "GIT_DELIVERY"),
    ],
)
def test_delivery_settings_that_cannot_work_stop_startup(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert message in str(raised.value) and "t0k3n-value" not in str(raised.value)


# --- CHECKPOINT_URL: SQLite or PostgreSQL -------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_postgres_url_selects_postgresql_mode_with_its_password_masked_when_shown(
    scheme: str,
) -> None:
    settings = load_settings({"CHECKPOINT_URL": f"{scheme}://ag:pg-s3cr3t@db:5432/alertgraph"})
    assert settings.checkpoint_path is None  # no SQLite file
    assert settings.postgres_conninfo is not None
    assert "password=pg-s3cr3t" in settings.postgres_conninfo
    assert "dbname=alertgraph" in settings.postgres_conninfo
    assert settings.checkpoint_shown == f"{scheme}://ag:****@db:5432/alertgraph"
    shown = {s.name: s.value for s in effective_settings(settings, {})}
    assert shown["CHECKPOINT_URL"] == f"{scheme}://ag:****@db:5432/alertgraph"


def test_the_postgres_password_may_come_from_checkpoint_password_file(tmp_path: Path) -> None:
    secret = tmp_path / "pg-password"
    secret.write_text("it's a s3cr3t\n")
    env = {"CHECKPOINT_URL": "postgresql://ag@db/alertgraph?sslmode=require"}
    settings = load_settings({**env, "CHECKPOINT_PASSWORD_FILE": str(secret)})
    assert settings.postgres_conninfo is not None
    assert "password='it\\'s a s3cr3t'" in settings.postgres_conninfo
    assert "sslmode=require" in settings.postgres_conninfo
    assert "s3cr3t" not in repr(settings) and "s3cr3t" not in settings.checkpoint_shown
    sources = {
        s.name: (s.value, s.source)
        for s in effective_settings(settings, {**env, "CHECKPOINT_PASSWORD_FILE": str(secret)})
    }
    assert sources["CHECKPOINT_PASSWORD"] == ("****", "CHECKPOINT_PASSWORD_FILE")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {
                "CHECKPOINT_URL": "postgresql://ag:in-url-s3cr3t@db/x",
                "CHECKPOINT_PASSWORD": "s3cr3t",
            },
            "CHECKPOINT_URL has a password and CHECKPOINT_PASSWORD is set; set only one",
        ),
        (
            {"CHECKPOINT_URL": "sqlite:///state.db", "CHECKPOINT_PASSWORD": "s3cr3t"},
            "CHECKPOINT_PASSWORD is set but CHECKPOINT_URL is not a postgresql:// URL",
        ),
        (
            {"CHECKPOINT_URL": "mysql://root:s3cr3t@db/x"},
            "must look like sqlite:///data/alertgraph.db or postgresql://",
        ),
        (
            {"CHECKPOINT_URL": "postgresql://ag:s3cr3t@db:5432/x?nonsense-option=1"},
            "CHECKPOINT_URL (got 'postgresql://ag:****@db:5432/x?nonsense-option=1'): Value "
            "error, not a PostgreSQL URL libpq accepts",
        ),
    ],
)
def test_a_checkpoint_setting_that_cannot_work_stops_startup_without_its_password(
    env: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert expected in str(raised.value)
    assert "s3cr3t" not in str(raised.value)
