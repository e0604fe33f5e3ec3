"""Settings: defaults, parsing, and one-line errors for bad values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from receiver.config import ConfigError, load_settings


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
