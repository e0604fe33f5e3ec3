"""The policies in force: read from POLICY_FILE at start-up, reloaded on request, asked for
decisions.

An invalid file at start-up raises PolicyError (start-up stops with its one line); an invalid
file on reload is refused and the rules already loaded stay in force. A reload swaps the rules,
the file's sha256 and the time they were loaded as one value, so a decision never sees half of
two files. Without POLICY_FILE there are no rules: every proposal gets the default, one human
approval.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog

from receiver.policies.loader import parse_policies
from receiver.policies.matching import decide
from receiver.policies.model import (
    DEFAULT_DECISION,
    LIMIT_FIELDS,
    PolicyDecision,
    PolicyError,
    PolicySubject,
    Rule,
)

log = structlog.get_logger("alertgraph.policies")
MAX_FILE_BYTES = 1 << 20  # a policy file is a few dozen rules; a megabyte is a mistake


@dataclass(frozen=True, slots=True)
class LoadedPolicies:
    """The rules in force, the file they came from (None: no POLICY_FILE), its sha256 and
    when they were loaded."""

    rules: tuple[Rule, ...]
    file: Path | None
    sha256: str | None
    loaded_at: datetime


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What a reload did: whether the file's rules are now in force, why not (`error`, the
    PolicyError's one line), and how many rules are in force after it."""

    reloaded: bool
    rules: int
    error: str | None = None


def read_policies(path: Path | None, now: datetime) -> LoadedPolicies:
    """The rules of the policy file at `path` (none for None), loaded at `now`.

    Raises PolicyError, naming the file (and the line), for a file that cannot be read, is
    over 1 MiB, is not UTF-8 or is not a valid policy file.
    """
    if path is None:
        return LoadedPolicies((), None, None, now)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PolicyError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise PolicyError(f"{path.name}: larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PolicyError(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    rules = parse_policies(text, path.name)
    return LoadedPolicies(rules, path, hashlib.sha256(data).hexdigest(), now)


class PolicyStore:
    """The policies in force, from `path` (POLICY_FILE; None: only the default)."""

    def __init__(self, path: Path | None, *, now: Callable[[], datetime]) -> None:
        """Load the file; PolicyError (one line naming the file and line) when it is invalid."""
        self._path, self._now = path, now
        self._loaded = read_policies(path, now())
        self._reloading = threading.Lock()  # reloads from SIGHUP and the API, one at a time
        if path is not None:
            log.info("policies loaded", file=str(path), rules=len(self._loaded.rules))

    @property
    def loaded(self) -> LoadedPolicies:
        """The rules in force and where they came from."""
        return self._loaded

    def decide(self, subject: PolicySubject) -> PolicyDecision:
        """The decision of the first rule in force that matches `subject`, else the default
        (one human approval)."""
        return decide(self._loaded.rules, subject)

    def reload(self, *, report_refusal: bool = True) -> ReloadResult:
        """Read the file again; its rules replace the ones in force only when it is valid.

        Logs the new rule count, or (unless the caller reports it itself: `report_refusal`
        False, as the API does with its 422) why the file was refused and that the old rules
        stay. Blocking file I/O: call it from a thread.
        """
        with self._reloading:
            current = self._loaded
            try:
                loaded = read_policies(self._path, self._now())
            except PolicyError as error:
                if report_refusal:
                    log.warning(
                        "policies not reloaded: the rules in force stay",
                        error=str(error),
                        rules=len(current.rules),
                    )
                return ReloadResult(False, len(current.rules), str(error))
            self._loaded = loaded
        log.info(
            "policies reloaded",
            file=None if loaded.file is None else str(loaded.file),
            rules=len(loaded.rules),
            changed=loaded.sha256 != current.sha256,
        )
        return ReloadResult(True, len(loaded.rules))

    def describe(self) -> dict[str, Any]:
        """The policies in force as plain JSON: the file, its sha256, when it was loaded, the
        default decision and each rule (name, line, match, limits, action)."""
        loaded = self._loaded
        return {
            "file": None if loaded.file is None else str(loaded.file),
            "sha256": loaded.sha256,
            "loaded_at": loaded.loaded_at.isoformat(),
            "default": {"action": DEFAULT_DECISION.action, "approvals": DEFAULT_DECISION.approvals},
            "rules": [_described(rule) for rule in loaded.rules],
        }


def _described(rule: Rule) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    for name in LIMIT_FIELDS:
        value = getattr(rule.limits, name)
        if name == "max_factor" and value is not None:
            value = float(value)
        elif name in ("max_memory", "max_cpu") and value is not None:
            value = str(value)
        limits[name] = value
    return {
        "name": rule.name,
        "line": rule.line,
        "match": {field: list(globs) for field, globs in rule.match.items()},
        **limits,
        "action": rule.action,
        "approvals": rule.approvals,
        "veto_seconds": rule.veto_seconds,
        "silence_while_verifying": rule.silence_while_verifying,
    }
