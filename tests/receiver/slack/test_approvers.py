"""SLACK_APPROVERS: required with Slack on, said at start-up, and checked on every decision,
user groups included (read from the loopback fake Slack through the real client)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter
from structlog.testing import capture_logs

from receiver.app import create_app
from receiver.config import ConfigError, load_settings
from receiver.slack.approvers import ApproverRule, Approvers, Verdict
from receiver.slack.client import SlackClient
from tests.receiver.helpers import commit_count
from tests.receiver.slack.conftest import CHANNEL, SECRET, no_proxy  # noqa: F401
from tests.receiver.slack.fake_slack import FakeSlack
from tests.receiver.slack.test_flow import buttons, click, message, shown, text_of
from tests.receiver.slack.test_inbound import slack_with

BOSS, OTHER, ONCALL = "U0BOSS01", "U0ALICE1", "S0ONCALL1"
UNAVAILABLE = (
    "Could not check whether you may decide: Slack did not list the approver group's members. "
    "Nothing was changed; try again in a minute."
)
SLACK_ON = {
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": SECRET,
    "SLACK_CHANNEL": CHANNEL,
}


def test_slack_without_approvers_does_not_start() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(SLACK_ON)
    assert str(raised.value) == (
        "Slack is on but SLACK_APPROVERS is empty: set it to the Slack user ids (U…) and "
        "user-group ids (S…) who may approve, or to * to let anyone in C0INCIDENTS approve"
    )


@pytest.mark.parametrize(
    ("approvers", "message"),
    [
        ("alice", "entry 1 ('alice') is not a user id (U…, W…), a user-group id (S…) or *"),
        (f"{BOSS},C0CHANNEL1", "entry 2 ('C0CHANNEL1') is not a user id"),
        (f"*,{BOSS}", "* already allows anyone in the channel; list nobody beside it"),
    ],
)
def test_approvers_that_are_not_ids_stop_startup(approvers: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({**SLACK_ON, "SLACK_APPROVERS": approvers})
    assert message in str(raised.value) and str(raised.value).startswith("SLACK_APPROVERS")


@pytest.mark.parametrize(
    ("approvers", "said"),
    [
        ("*", "slack approvers: anyone in #C0INCIDENTS"),
        (f"{BOSS},W0CAROL12,U0DAVE001,{ONCALL}", "slack approvers: 3 users, 1 user group"),
        (f"{ONCALL},S0SRE0001", "slack approvers: 2 user groups"),
    ],
)
def test_startup_says_who_may_approve(tmp_path: Path, approvers: str, said: str) -> None:
    env = {**SLACK_ON, "SLACK_APPROVERS": approvers, "GIT_REPO_PATH": str(tmp_path / "gitops")}
    with capture_logs() as logs:
        create_app(load_settings(env), metrics_registry=CollectorRegistry())
    assert [e["event"] for e in logs if e["event"].startswith("slack approvers")] == [said]


async def test_members_of_an_approver_group_may_decide_and_others_not(tmp_path: Path) -> None:
    async with slack_with(tmp_path, SLACK_APPROVERS=f"U0CAROL01,{ONCALL}") as slack:
        slack.fake.usergroups[ONCALL] = [BOSS, "U0DAVE001"]
        body = await shown(slack)
        commits = commit_count(slack.tmp_path)
        await slack.interact(click("approve", buttons(body)["approve"], user=OTHER))
        await slack.idle()
        assert [e["user"] for e in slack.fake.ephemerals] == [OTHER]
        assert commit_count(slack.tmp_path) == commits
        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        assert commit_count(slack.tmp_path) == commits + 1
        assert f"<@{BOSS}>" in text_of(message(slack))
        asked = slack.fake.calls_to("usergroups.users.list")
        assert asked and {c.body["usergroup"] for c in asked} == {ONCALL}


async def test_when_slack_cannot_list_the_group_the_click_is_refused(tmp_path: Path) -> None:
    async with slack_with(tmp_path, SLACK_APPROVERS=ONCALL) as slack:
        slack.fake.usergroups[ONCALL] = [BOSS]
        body = await shown(slack)
        commits = commit_count(slack.tmp_path)
        slack.fake.fail("usergroups.users.list", "error", error="internal_error")
        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        assert [(e["user"], e["text"]) for e in slack.fake.ephemerals] == [(BOSS, UNAVAILABLE)]
        assert commit_count(slack.tmp_path) == commits  # never allowed on a failure
        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        assert commit_count(slack.tmp_path) == commits + 1  # Slack answers again: allowed


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
async def client(fake: FakeSlack) -> AsyncIterator[SlackClient]:
    errors = Counter("errors", "", ["method"], registry=CollectorRegistry())
    slack = SlackClient(fake.token, fake.base_url, errors)
    yield slack
    await slack.close()


def checker(client: SlackClient, clock: list[float], timeout: float = 2.0) -> Approvers:
    rule = ApproverRule.parse([BOSS, ONCALL])
    return Approvers(rule, client.usergroup_members, lambda: clock[0], ttl=300, timeout=timeout)


async def test_a_groups_members_are_kept_for_a_few_minutes(
    fake: FakeSlack, client: SlackClient
) -> None:
    fake.usergroups[ONCALL] = [OTHER]
    clock = [1000.0]
    approvers = checker(client, clock)
    assert await approvers.check(BOSS) is Verdict.ALLOWED  # listed: Slack is not asked
    assert fake.calls_to("usergroups.users.list") == []
    assert await approvers.check(OTHER) is Verdict.ALLOWED
    assert await approvers.check("U0EVE0001") is Verdict.REFUSED
    assert await approvers.check("") is Verdict.REFUSED
    assert len(fake.calls_to("usergroups.users.list")) == 1  # cached
    fake.usergroups[ONCALL] = []  # OTHER left the group
    clock[0] += 299
    assert await approvers.check(OTHER) is Verdict.ALLOWED
    clock[0] += 1
    assert await approvers.check(OTHER) is Verdict.REFUSED
    assert len(fake.calls_to("usergroups.users.list")) == 2


async def test_an_unreadable_group_never_allows_and_is_not_kept(
    fake: FakeSlack, client: SlackClient
) -> None:
    clock = [0.0]
    approvers = checker(client, clock, timeout=0.3)
    assert await approvers.check(OTHER) is Verdict.UNAVAILABLE  # no_such_subteam
    fake.usergroups[ONCALL] = [OTHER]
    fake.fail("usergroups.users.list", "slow", delay=2.0)
    assert await approvers.check(OTHER) is Verdict.UNAVAILABLE  # too slow for Slack's 3 s
    assert await approvers.check(OTHER) is Verdict.ALLOWED  # failures were not cached
    answers = [c.response for c in fake.calls_to("usergroups.users.list")]
    assert answers[0] == {"ok": False, "error": "no_such_subteam"}
    assert answers[-1] == {"ok": True, "users": [OTHER]}
