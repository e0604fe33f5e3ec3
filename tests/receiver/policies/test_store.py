"""The policies in force: loaded at start-up (an invalid file stops it), reloaded only when the
new file is valid — an invalid one is refused, logged once, and the old rules stay."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from receiver.policies.model import PolicyError, PolicySubject
from receiver.policies.store import PolicyStore

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
PROD = 'rules:\n  - name: prod\n    match: {namespace: "prod-*"}\n    require: 2\n'
ADVICE = "rules:\n  - name: advice-only\n    never: true\n"
BROKEN = 'rules:\n  - name: prod\n    match: {namespace: "prod-*"}\n    require: two\n'
IN_PROD = PolicySubject(namespace="prod-eu", kind="raise_memory")


def ticking() -> Callable[[], datetime]:
    minutes = itertools.count()
    return lambda: T0 + timedelta(minutes=next(minutes))


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policies.yaml"
    path.write_text(PROD)
    return path


def test_the_file_is_loaded_at_start_and_decides(policy_file: Path) -> None:
    store = PolicyStore(policy_file, now=lambda: T0)
    assert store.decide(IN_PROD).rule == "prod"
    assert store.decide(PolicySubject(namespace="dev")).rule == "default"
    described = store.describe()
    assert described["file"] == str(policy_file)
    assert described["sha256"] == hashlib.sha256(PROD.encode()).hexdigest()
    assert described["loaded_at"] == T0.isoformat()
    assert described["default"] == {"action": "require", "approvals": 1}
    assert described["rules"] == [
        {
            "name": "prod",
            "line": 2,
            "match": {"namespace": ["prod-*"]},
            "max_factor": None,
            "max_memory": None,
            "max_cpu": None,
            "max_replicas": None,
            "action": "require",
            "approvals": 2,
            "veto_seconds": 0.0,
            "silence_while_verifying": False,
        }
    ]


def test_without_a_file_every_proposal_gets_one_human_approval() -> None:
    store = PolicyStore(None, now=lambda: T0)
    decision = store.decide(IN_PROD)
    assert (decision.rule, decision.action, decision.approvals) == ("default", "require", 1)
    assert store.describe()["rules"] == [] and store.describe()["file"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BROKEN, "policies.yaml line 4: rule 'prod': require 'two'"),
        (None, "policies.yaml: cannot be read (No such file or directory)"),
        (b"rules: []\n# \xff\n", "policies.yaml: not UTF-8 text (byte 12)"),
    ],
)
def test_an_invalid_file_at_start_up_is_refused_naming_it(
    tmp_path: Path, text: str | bytes | None, message: str
) -> None:
    path = tmp_path / "policies.yaml"
    if isinstance(text, str):
        path.write_text(text)
    elif text is not None:
        path.write_bytes(text)
    with pytest.raises(PolicyError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        PolicyStore(path, now=lambda: T0)


def test_a_reload_swaps_in_a_valid_file(policy_file: Path) -> None:
    store = PolicyStore(policy_file, now=ticking())
    policy_file.write_text(ADVICE)
    with capture_logs() as logs:
        result = store.reload()
    assert (result.reloaded, result.rules, result.error) == (True, 1, None)
    assert store.decide(IN_PROD).rule == "advice-only"
    assert store.describe()["sha256"] == hashlib.sha256(ADVICE.encode()).hexdigest()
    assert store.describe()["loaded_at"] == (T0 + timedelta(minutes=1)).isoformat()
    assert [(e["event"], e["rules"]) for e in logs] == [("policies reloaded", 1)]


@pytest.mark.parametrize("report", [True, False])
def test_a_reload_of_an_invalid_file_keeps_the_rules_in_force(
    policy_file: Path, report: bool
) -> None:
    store = PolicyStore(policy_file, now=ticking())
    before = store.describe()
    policy_file.write_text(BROKEN)
    with capture_logs() as logs:
        result = store.reload(report_refusal=report)
    assert (result.reloaded, result.rules) == (False, 1)
    assert result.error is not None and result.error.startswith("policies.yaml line 4: ")
    assert store.decide(IN_PROD).rule == "prod"
    assert store.describe() == before
    refused = [e for e in logs if e["log_level"] == "warning"]
    assert len(refused) == (1 if report else 0)  # the API reports its 422 itself
    assert all(e["error"] == result.error for e in refused)


def test_a_reload_of_a_deleted_file_keeps_the_rules_in_force(policy_file: Path) -> None:
    store = PolicyStore(policy_file, now=lambda: T0)
    policy_file.unlink()
    result = store.reload()
    assert not result.reloaded and "cannot be read" in (result.error or "")
    assert store.decide(IN_PROD).rule == "prod"
