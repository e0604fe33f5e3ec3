"""SlackClient against the fake Slack: the real AsyncWebClient over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, MutableMapping
from typing import Any

import aiohttp
import pytest
from prometheus_client import CollectorRegistry, Counter
from structlog.testing import capture_logs

from receiver.slack.client import SlackClient
from tests.receiver.slack.fake_slack import FakeSlack

METRIC = "alertgraph_slack_errors_total"
CHANNEL = "C0ALERTS"

BLOCKS: list[dict[str, Any]] = [
    {"type": "header", "text": {"type": "plain_text", "text": "CrashLoopBackOff: checkout"}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "*memory* 256Mi → 512Mi"}},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "approve",
                "text": {"type": "plain_text", "text": "Approve"},
                "value": "incident-1",
                "style": "primary",
            }
        ],
    },
]

VIEW: dict[str, Any] = {
    "type": "modal",
    "callback_id": "reject",
    "title": {"type": "plain_text", "text": "Reject the fix"},
    "submit": {"type": "plain_text", "text": "Reject"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "private_metadata": '{"incident_id": "incident-1"}',
    "blocks": [
        {
            "type": "input",
            "block_id": "reason",
            "label": {"type": "plain_text", "text": "Why?"},
            "element": {"type": "plain_text_input", "action_id": "reason", "multiline": True},
        }
    ],
}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack-sdk sends through HTTP(S)_PROXY when set and ignores NO_PROXY, even to loopback."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    """A running fake Slack."""
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def registry() -> CollectorRegistry:
    """A registry of this test's own."""
    return CollectorRegistry()


@pytest.fixture
def errors(registry: CollectorRegistry) -> Counter:
    """The failure counter, as receiver.metrics declares it."""
    return Counter(METRIC, "Failed Slack Web API attempts.", ["method"], registry=registry)


@pytest.fixture
def sleeps() -> list[float]:
    """The backoff delays the client asked for (nothing really sleeps)."""
    return []


class Clients:
    """Builds clients against the fake and closes them all at the end."""

    def __init__(self, slack: FakeSlack, errors: Counter, sleeps: list[float]) -> None:
        self.slack, self.errors, self.sleeps = slack, errors, sleeps
        self.made: list[SlackClient] = []

    async def _sleep(self, delay: float) -> None:
        self.sleeps.append(delay)

    def __call__(self, *, token: str | None = None, **kwargs: Any) -> SlackClient:
        """A client with the fake's token (or `token`); kwargs override the defaults."""
        options: dict[str, Any] = {"sleep": self._sleep, "timeout": 2.0, **kwargs}
        client = SlackClient(
            token if token is not None else self.slack.token,
            self.slack.base_url,
            self.errors,
            **options,
        )
        self.made.append(client)
        return client


@pytest.fixture
async def make_client(
    slack: FakeSlack, errors: Counter, sleeps: list[float]
) -> AsyncIterator[Clients]:
    """A factory of clients, closed after the test."""
    clients = Clients(slack, errors, sleeps)
    yield clients
    for client in clients.made:
        await client.close()


@pytest.fixture
def client(make_client: Clients) -> SlackClient:
    """A client with the defaults: 5 attempts, backoff 0.5 s, 2 s timeout."""
    return make_client()


@pytest.fixture
def logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """The structlog events written during the test."""
    with capture_logs() as captured:
        yield captured


def failures(registry: CollectorRegistry, method: str) -> float:
    """How many failed attempts of `method` were counted."""
    return registry.get_sample_value(f"{METRIC}", {"method": method}) or 0.0


# ---------------------------------------------------------------------- the happy paths


async def test_post_then_update_edits_the_same_message(
    client: SlackClient, slack: FakeSlack, registry: CollectorRegistry
) -> None:
    posted = await client.post_message(CHANNEL, "CrashLoopBackOff: checkout", BLOCKS)
    assert posted is not None
    channel, ts = posted
    assert channel == CHANNEL
    assert ts == "1764650000.000100"

    new_blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Approved by <@U1>"}}]
    assert await client.update_message(channel, ts, "Approved", new_blocks) is True

    assert list(slack.messages) == [(CHANNEL, ts)]
    assert slack.messages[(CHANNEL, ts)]["text"] == "Approved"
    assert slack.messages[(CHANNEL, ts)]["blocks"] == new_blocks
    update = slack.calls_to("chat.update")[0]
    assert update.body["ts"] == ts
    assert update.headers["Content-Type"].startswith("application/json")
    assert update.headers["Authorization"] == f"Bearer {slack.token}"
    assert failures(registry, "chat.postMessage") == failures(registry, "chat.update") == 0


async def test_update_without_blocks_keeps_them(client: SlackClient, slack: FakeSlack) -> None:
    posted = await client.post_message(CHANNEL, "first", BLOCKS)
    assert posted is not None
    assert await client.update_message(*posted, "second", None) is True
    assert "blocks" not in slack.calls_to("chat.update")[0].body  # None is not sent as null
    assert slack.messages[posted]["blocks"] == BLOCKS
    assert slack.messages[posted]["text"] == "second"


async def test_posts_get_increasing_ts_and_threads(client: SlackClient, slack: FakeSlack) -> None:
    first = await client.post_message(CHANNEL, "one")
    assert first is not None
    reply = await client.post_message(CHANNEL, "two", thread_ts=first[1])
    assert reply is not None
    assert float(reply[1]) > float(first[1])
    assert slack.calls_to("chat.postMessage")[1].body["thread_ts"] == first[1]


async def test_blank_text_falls_back_to_the_blocks(client: SlackClient, slack: FakeSlack) -> None:
    # slack-sdk warns (UserWarning, an error under our pytest config) when `text` is missing.
    assert await client.post_message(CHANNEL, "  ", BLOCKS) is not None
    assert slack.calls_to("chat.postMessage")[0].body["text"] == "CrashLoopBackOff: checkout"


async def test_post_ephemeral(client: SlackClient, slack: FakeSlack) -> None:
    assert await client.post_ephemeral(CHANNEL, "U123", "Only you can see this") is True
    assert slack.ephemerals == [
        {"channel": CHANNEL, "user": "U123", "text": "Only you can see this"}
    ]


async def test_open_view(client: SlackClient, slack: FakeSlack) -> None:
    assert await client.open_view("trigger-1", VIEW) is True
    (opened,) = slack.views.values()
    assert opened["callback_id"] == "reject"
    assert opened["id"].startswith("V")
    assert slack.calls_to("views.open")[0].body["trigger_id"] == "trigger-1"


# ---------------------------------------------------------------------- retries


async def test_rate_limit_is_waited_out_by_the_sdk_and_counted(
    client: SlackClient,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    logs: list[MutableMapping[str, Any]],
) -> None:
    slack.fail("chat.postMessage", "ratelimited")
    assert await client.post_message(CHANNEL, "hello") is not None

    first, second = slack.calls_to("chat.postMessage")
    assert first.status == 429
    assert second.status == 200
    # The SDK's handler slept Retry-After (1 s) plus jitter on the real clock.
    assert second.time - first.time >= 1.0
    assert sleeps == []  # our own backoff was not needed
    assert failures(registry, "chat.postMessage") == 1
    assert [e["error"] for e in logs if e["event"] == "slack call failed"] == ["ratelimited"]


async def test_rate_limit_beyond_the_sdk_retry_backs_off_at_least_retry_after(
    make_client: Clients, slack: FakeSlack, registry: CollectorRegistry, sleeps: list[float]
) -> None:
    client = make_client(backoff=0.25)
    slack.fail("chat.update", "ratelimited", times=2, retry_after=0)
    posted = await client.post_message(CHANNEL, "x")
    assert posted is not None
    assert await client.update_message(*posted, "y", None) is True
    assert [c.status for c in slack.calls_to("chat.update")] == [429, 429, 200]
    assert sleeps == [0.25]
    assert failures(registry, "chat.update") == 2


async def test_internal_error_is_retried_with_exponential_backoff(
    client: SlackClient,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    logs: list[MutableMapping[str, Any]],
) -> None:
    slack.fail("chat.postMessage", "error", times=3)
    assert await client.post_message(CHANNEL, "hello") is not None
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(slack.calls_to("chat.postMessage")) == 4
    assert failures(registry, "chat.postMessage") == 3
    failed = [e for e in logs if e["event"] == "slack call failed"]
    assert [(e["attempt"], e["error"], e["will_retry"]) for e in failed] == [
        (1, "internal_error", True),
        (2, "internal_error", True),
        (3, "internal_error", True),
    ]
    assert all(e["method"] == "chat.postMessage" for e in failed)
    assert all(e["log_level"] == "warning" for e in failed)


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("chat.postMessage", "channel_not_found"),
        ("chat.postMessage", "not_in_channel"),
        ("chat.postMessage", "invalid_blocks"),
        ("chat.update", "message_not_found"),
        ("chat.postEphemeral", "user_not_in_channel"),
    ],
)
async def test_permanent_errors_are_not_retried(
    client: SlackClient,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    method: str,
    error: str,
) -> None:
    slack.fail(method, "error", error=error)
    if method == "chat.postMessage":
        assert await client.post_message(CHANNEL, "x") is None
    elif method == "chat.update":
        assert await client.update_message(CHANNEL, "1764650000.000100", "x", None) is False
    else:
        assert await client.post_ephemeral(CHANNEL, "U1", "x") is False
    assert len(slack.calls_to(method)) == 1
    assert sleeps == []
    assert failures(registry, method) == 1


async def test_what_the_fake_refuses_is_given_up_at_once(
    client: SlackClient, slack: FakeSlack, registry: CollectorRegistry
) -> None:
    assert await client.update_message(CHANNEL, "1.000000", "unknown ts", None) is False
    too_many = [{"type": "divider"}] * 51
    assert await client.post_message(CHANNEL, "x", too_many) is None
    assert await client.post_message("", "no channel") is None
    long_title = {**VIEW, "title": {"type": "plain_text", "text": "x" * 25}}
    assert await client.open_view("trigger-2", long_title) is False
    assert [c.response["error"] for c in slack.calls if c.response] == [
        "message_not_found",
        "invalid_blocks",
        "channel_not_found",
        "invalid_arguments",
    ]
    assert failures(registry, "chat.update") == 1
    assert failures(registry, "chat.postMessage") == 2
    assert failures(registry, "views.open") == 1


async def test_slack_down_for_every_attempt_gives_up_quietly(
    make_client: Clients,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    logs: list[MutableMapping[str, Any]],
) -> None:
    client = make_client(attempts=3)
    slack.down()
    assert await client.post_message(CHANNEL, "hello") is None
    assert len(slack.calls) == 3
    assert all(c.status == 503 for c in slack.calls)
    assert sleeps == [0.5, 1.0]
    assert failures(registry, "chat.postMessage") == 3
    failed = [e for e in logs if e["event"] == "slack call failed"]
    assert [(e["error"], e["will_retry"]) for e in failed] == [
        ("http_503", True),
        ("http_503", True),
        ("http_503", False),
    ]

    slack.up()
    assert await client.post_message(CHANNEL, "hello again") is not None


async def test_server_error_is_retried(
    client: SlackClient, slack: FakeSlack, registry: CollectorRegistry, sleeps: list[float]
) -> None:
    slack.fail("chat.postEphemeral", "server")
    assert await client.post_ephemeral(CHANNEL, "U1", "x") is True
    assert sleeps == [0.5]
    assert failures(registry, "chat.postEphemeral") == 1


async def test_slow_answer_times_out_and_is_retried(
    make_client: Clients,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    logs: list[MutableMapping[str, Any]],
) -> None:
    client = make_client(timeout=1.0)  # the retry must answer in time on a loaded machine too
    slack.fail("chat.postMessage", "slow", delay=5.0)
    posted = await client.post_message(CHANNEL, "hello")
    assert posted is not None
    assert sleeps == [0.5]
    assert failures(registry, "chat.postMessage") == 1
    (failed,) = [e for e in logs if e["event"] == "slack call failed"]
    assert failed["error"].startswith(("TimeoutError", "ServerTimeoutError"))


async def test_connection_refused_gives_up(
    errors: Counter, registry: CollectorRegistry, sleeps: list[float]
) -> None:
    async with FakeSlack() as gone:
        base_url = gone.base_url  # the port is closed once the fake stops

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    client = SlackClient("xoxb-t", base_url, errors, sleep=sleep, attempts=1)
    try:
        assert await client.post_message(CHANNEL, "x") is None
    finally:
        await client.close()
    assert sleeps == []
    # ClientConnectorError is a ClientOSError: the SDK's connection handler retried it once
    # (after its own real-clock backoff) before our single attempt gave up.
    assert failures(registry, "chat.postMessage") == 2


async def test_wrong_token_is_invalid_auth_and_not_retried(
    make_client: Clients,
    slack: FakeSlack,
    registry: CollectorRegistry,
    sleeps: list[float],
    logs: list[MutableMapping[str, Any]],
) -> None:
    client = make_client(token="xoxb-wrong-secret")
    assert await client.post_message(CHANNEL, "x") is None
    (call,) = slack.calls
    assert call.response == {"ok": False, "error": "invalid_auth"}
    assert sleeps == []
    assert failures(registry, "chat.postMessage") == 1
    (failed,) = logs
    assert failed["error"] == "invalid_auth"
    assert "xoxb-wrong-secret" not in repr(logs)


async def test_open_view_tries_once_only(
    client: SlackClient, slack: FakeSlack, registry: CollectorRegistry, sleeps: list[float]
) -> None:
    slack.fail("views.open", "error")  # internal_error: retryable for other methods
    assert await client.open_view("trigger-3", VIEW) is False
    assert len(slack.calls_to("views.open")) == 1
    assert sleeps == []
    assert failures(registry, "views.open") == 1

    slack.fail("views.open", "error", error="expired_trigger_id")
    assert await client.open_view("trigger-4", VIEW) is False
    assert failures(registry, "views.open") == 2


async def test_a_trigger_id_is_single_use(client: SlackClient, slack: FakeSlack) -> None:
    assert await client.open_view("trigger-5", VIEW) is True
    assert await client.open_view("trigger-5", VIEW) is False
    assert slack.calls[-1].response == {"ok": False, "error": "exchanged_trigger_id"}


async def test_calls_after_close_fail_without_sending(
    client: SlackClient, slack: FakeSlack, registry: CollectorRegistry
) -> None:
    assert await client.post_message(CHANNEL, "x") is not None
    await client.close()
    await client.close()  # idempotent
    assert await client.post_message(CHANNEL, "y") is None
    assert len(slack.calls) == 1
    assert failures(registry, "chat.postMessage") == 1


async def test_fake_accepts_form_bodies_and_body_tokens(slack: FakeSlack) -> None:
    """The fake speaks both encodings Slack accepts (the SDK itself sends JSON)."""
    async with aiohttp.ClientSession() as session:
        form = {"token": slack.token, "channel": CHANNEL, "text": "hi", "blocks": "[]"}
        async with session.post(slack.base_url + "chat.postMessage", data=form) as resp:
            body = await resp.json()
        assert body["ok"] is True
        headers = {"Authorization": "Bearer nope"}
        async with session.post(
            slack.base_url + "chat.postMessage", json={"channel": CHANNEL}, headers=headers
        ) as resp:
            assert await resp.json() == {"ok": False, "error": "invalid_auth"}
    assert slack.messages[(CHANNEL, body["ts"])]["blocks"] == []
