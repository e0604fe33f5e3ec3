"""Secrets never leave unmasked: a rejection reason carrying a credential goes to Slack, git,
the API and the log; in each outlet the context survives and the secret does not.

One real app with Slack on (the loopback fake Slack Web API), a real git repository and the
service's own logging configuration."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from receiver.logs import configure_logging
from tests.conftest import CAPTURE_NOW
from tests.graph.test_masking import SECRETS
from tests.routes.conftest import status_when, ticking_clock
from tests.routes.helpers import WEBHOOK, decide, firing, post_json
from tests.slack.conftest import running_fake_slack, slack_app
from tests.slack.fake_slack import FakeSlack, wait_for

SEED = "main~0^{/^chore: seed GitOps repository}"  # the root commit, found by its subject
# One line each (a reason is folded onto one line in commit messages); 25 shapes or more.
SHAPES = [(text, secret, context) for text, secret, context in SECRETS if "\n" not in text]


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The service's logging, as configured at start-up, written to a buffer."""
    buffer = io.StringIO()
    configure_logging("json", "info", stream=buffer)
    yield buffer
    configure_logging("json", "info")


def git_text(repo: Path) -> str:
    """Every commit message and every file version the service committed (the seed commit of
    examples/gitops is not its doing), as git shows them."""
    return subprocess.run(
        ["git", "-C", str(repo), "log", "-p", "--format=%B", "main", "--not", SEED],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def slack_text(fake: FakeSlack) -> str:
    """Everything the app sent to Slack."""
    return json.dumps([call.body for call in fake.calls], ensure_ascii=False)


async def test_a_secret_in_a_reason_is_masked_in_slack_git_api_and_logs(
    tmp_path: Path, log_lines: io.StringIO
) -> None:
    assert len(SHAPES) >= 25
    with running_fake_slack() as fake:
        app = slack_app(tmp_path, fake, ticking_clock(CAPTURE_NOW))
        async with AsyncTestClient(app=app) as client:
            shown = []
            for n, (text, _, _) in enumerate(SHAPES):
                starts = f"2026-11-24T{n // 60:02d}:{n % 60:02d}:00Z"
                r = await post_json(client, WEBHOOK, firing(starts_at=starts))
                assert r.status_code == 200
                items = (await client.get("/api/incidents", params={"limit": 1})).json()
                waiting = await status_when(
                    client,
                    items["items"][0]["id"],
                    lambda s: s["status"] == "awaiting_approval",
                )
                reason = f"case {n}: {text}"
                r = await decide(
                    client, waiting["id"], "reject", waiting["diff_sha256"], comment=reason
                )
                assert r.status_code == 202, r.text
                shown.append(waiting["id"])
            await wait_for(lambda: slack_text(fake).count("❌") >= len(SHAPES), 20.0)
            api = ""
            for incident_id in shown:
                for url in (
                    f"/api/incidents/{incident_id}/status",
                    f"/api/incidents/{incident_id}",
                ):
                    api += (await client.get(url)).text
            api += (await client.get("/api/incidents", params={"limit": 200})).text
    outlets = {
        "slack": slack_text(fake),
        "git": git_text(tmp_path / "gitops"),
        "api": api,
        "logs": log_lines.getvalue(),
    }
    for name, seen in outlets.items():
        for n, (text, secret, _) in enumerate(SHAPES):
            assert f"case {n}: " in seen, f"{name} never carried case {n}: nothing was checked"
            assert secret not in seen, f"{name} leaked the secret of case {n}: {text!r}"
