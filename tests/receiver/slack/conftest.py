"""The real app with Slack on, talking to a loopback fake Slack Web API through the real
AsyncWebClient; inbound requests are signed with a test secret so the real verification runs."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry
from slack_sdk.signature import SignatureVerifier

from receiver.app import create_app
from receiver.config import load_settings
from tests.conftest import CAPTURE_NOW
from tests.receiver.conftest import ticking_clock
from tests.receiver.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"
CHANNEL = "C0INCIDENTS"
FAST = 0.01  # seconds of backoff between Slack attempts in tests


async def no_wait(_: float) -> None:
    """The client's backoff sleep, shortened so failing-Slack tests stay fast."""
    await asyncio.sleep(FAST)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """aiohttp would send loopback calls through a proxy from the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Slack:
    """The app under test, its client and the fake Slack it talks to."""

    client: AsyncTestClient[Litestar]
    fake: FakeSlack
    now: Callable[[], datetime]
    tmp_path: Path

    def sign(self, body: bytes, *, at: datetime | None = None) -> dict[str, str]:
        """Headers Slack would send with `body`, signed with the test secret."""
        stamp = str(int((at or self.now()).timestamp()))
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        assert signature is not None
        return {
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": signature,
            "content-type": "application/x-www-form-urlencoded",
        }

    async def interact(self, payload: dict[str, Any]) -> Any:
        """POST an interactivity payload, signed, as Slack does."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.client.post("/slack/events", content=body, headers=self.sign(body))

    async def command(self, command: str, text: str, user: str = "U0ALICE1") -> Any:
        """POST a slash command, signed, as Slack does."""
        form = {
            "command": command,
            "text": text,
            "user_id": user,
            "channel_id": CHANNEL,
            "trigger_id": f"trigger-{command}-{text}",
            "response_url": "https://hooks.slack.test/commands/1",
        }
        body = urlencode(form).encode()
        return await self.client.post("/slack/commands", content=body, headers=self.sign(body))

    async def idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a polling deadline
        """Wait until the app's Slack work (decisions, workflow runs, message edits) is done.

        The app runs in the test client's own event loop (another thread), so this polls."""
        app = self.client.app
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while quiet < 3:  # quiet three polls in a row: nothing was about to start either
            busy = [
                *app.state.slack._tasks,
                *app.state.workflows._tasks,
                *app.state.slack.notifier._workers.values(),
            ]
            quiet = 0 if any(not t.done() for t in busy) else quiet + 1
            assert loop.time() < deadline, "the app's Slack work did not finish"
            await asyncio.sleep(0.02)


def slack_env(fake: FakeSlack, **env: str) -> dict[str, str]:
    """The environment of an app with Slack on, pointed at `fake`; anyone in the channel may
    decide (`SLACK_APPROVERS=*`) unless `env` says otherwise."""
    return {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_CHANNEL": CHANNEL,
        "SLACK_API_URL": fake.base_url,
        "SLACK_APPROVERS": "*",
        "PUBLIC_URL": "https://alertgraph.example.com",
        **env,
    }


class FakeTimer:
    """The approval reminder's timer: it records what it was asked to wait and returns once
    the test says the time is up (`due.set()`), from whichever thread."""

    def __init__(self) -> None:
        """A timer whose time is not up."""
        self.calls: list[float] = []
        self.due = threading.Event()

    async def __call__(self, seconds: float) -> None:
        """Wait until `due` is set (polled: the app runs on the test client's loop)."""
        self.calls.append(seconds)
        while not self.due.is_set():  # noqa: ASYNC110 - set from the test's thread
            await asyncio.sleep(FAST)


def slack_app(
    tmp_path: Path,
    fake: FakeSlack,
    now: Callable[[], datetime],
    timer: FakeTimer | None = None,
    **env: str,
) -> Litestar:
    """The real app with Slack on; the client's backoff is shortened and the reminder timer can
    be a fake (everything else real)."""
    base = {"GIT_REPO_PATH": str(tmp_path / "gitops"), "RATE_LIMIT_PER_SECOND": "0"}
    settings = load_settings({**base, **slack_env(fake, **env)})
    return create_app(
        settings,
        now=now,
        metrics_registry=CollectorRegistry(),
        slack_sleep=no_wait,
        reminder_timer=timer or asyncio.sleep,
    )


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    """A FakeSlack serving from its own thread and event loop.

    The test client runs the app in another thread and blocks the test's loop while a request
    is handled; a fake served by the test's loop could not answer the app meanwhile."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    fakes: list[FakeSlack] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        fake = FakeSlack()
        loop.run_until_complete(fake.__aenter__())
        fakes.append(fake)
        ready.set()
        loop.run_forever()
        loop.run_until_complete(fake.__aexit__(None, None, None))
        loop.close()

    thread = threading.Thread(target=serve, name="fake-slack", daemon=True)
    thread.start()
    assert ready.wait(10), "the fake Slack did not start"
    try:
        yield fakes[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    with running_fake_slack() as fake:
        now = ticking_clock(CAPTURE_NOW)
        app = slack_app(tmp_path, fake, now)
        async with AsyncTestClient(app=app) as client:
            yield Slack(client, fake, now, tmp_path)
