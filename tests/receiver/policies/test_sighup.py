"""SIGHUP reloads the policy file while the service runs (the lifespan's handler, in this
process's event loop); an invalid file is refused, logged once, and the old rules stay. The
handler is gone at stop. tests/integration/test_policies.py does it to a real process."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from structlog.testing import capture_logs

from receiver.lifespan import reload_on_sighup
from receiver.policies.model import PolicySubject
from receiver.policies.store import PolicyStore

PROD = 'rules:\n  - name: prod\n    match: {namespace: "prod-*"}\n    require: 2\n'
ADVICE = "rules:\n  - name: advice-only\n    never: true\n"
BROKEN = "rules:\n  - name: advice-only\n    never: yes\n"
IN_PROD = PolicySubject(namespace="prod-eu")


def rewrite(path: Path, text: str) -> None:
    """Edit the policy file, as a person would while the service runs."""
    path.write_text(text)


async def until(check: Callable[[], object], seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.01)):
        if check():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_sighup_reloads_and_an_invalid_file_keeps_the_old_rules(tmp_path: Path) -> None:
    path = tmp_path / "policies.yaml"
    rewrite(path, PROD)
    store = PolicyStore(path, now=lambda: datetime(2026, 11, 24, tzinfo=UTC))
    with reload_on_sighup(store):
        # Without the handler SIGHUP's default would end this test process: check first.
        assert signal.getsignal(signal.SIGHUP) is not signal.SIG_DFL
        rewrite(path, ADVICE)
        os.kill(os.getpid(), signal.SIGHUP)
        assert await until(lambda: store.decide(IN_PROD).rule == "advice-only")
        rewrite(path, BROKEN)
        with capture_logs() as logs:
            os.kill(os.getpid(), signal.SIGHUP)
            assert await until(lambda: logs)
        (refused,) = logs
        assert refused["log_level"] == "warning"
        assert refused["error"].startswith("policies.yaml line 3: rule 'advice-only': never ")
        assert store.decide(IN_PROD).rule == "advice-only"
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL  # the handler goes at stop
