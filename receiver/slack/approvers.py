"""Who may decide in Slack: SLACK_APPROVERS, checked on every decision path (Approve, Reject,
Modify, Acknowledge, and the Reject/Modify modals' submissions).

SLACK_APPROVERS is required with Slack on (receiver.config): user ids (U…, W…), user-group
ids (S…) or `*` (anyone in the channel, said explicitly). A group's members are read with
Slack's `usergroups.users.list` (scope `usergroups:read`) and kept for `GROUP_TTL_S`; a failed
read is not kept, and it never lets anyone through: the check then answers `UNAVAILABLE` and
the click is refused with a message saying so (the user can try again). The check is bounded
by `CHECK_TIMEOUT_S`, since Slack wants its answer within 3 seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import Enum

import structlog

log = structlog.get_logger("alertgraph.slack")
GROUP_TTL_S = 300.0  # how long a user group's members are trusted
CHECK_TIMEOUT_S = 2.0  # within Slack's 3-second answer deadline
Members = Callable[[str], Awaitable[list[str] | None]]  # group id -> member ids, None on failure


class Verdict(Enum):
    """Whether a Slack user may decide."""

    ALLOWED = "allowed"
    REFUSED = "refused"
    UNAVAILABLE = "unavailable"  # a group's members could not be read: refused, for now


@dataclass(frozen=True, slots=True)
class ApproverRule:
    """SLACK_APPROVERS parsed: anyone, or these users and the members of these groups."""

    anyone: bool
    users: frozenset[str]
    groups: tuple[str, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> ApproverRule:
        """The rule of SLACK_APPROVERS entries (validated by receiver.config): `*`, U…/W…
        user ids and S… user-group ids."""
        entries = tuple(entries)
        return cls(
            anyone="*" in entries,
            users=frozenset(e for e in entries if e[:1] in ("U", "W")),
            groups=tuple(e for e in entries if e[:1] == "S"),
        )

    def describe(self, channel: str) -> str:
        """What the start-up log says: "anyone in #C0…" or "3 users, 1 user group"."""
        if self.anyone:
            return f"anyone in #{channel}"
        parts = []
        if self.users:
            parts.append(_count(len(self.users), "user"))
        if self.groups:
            parts.append(_count(len(self.groups), "user group"))
        return ", ".join(parts) or "nobody"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Approvers:
    """Checks a Slack user against the rule, reading user groups through `members` and
    keeping what they said for `ttl` seconds of `clock`."""

    def __init__(
        self,
        rule: ApproverRule,
        members: Members,
        clock: Callable[[], float],
        *,
        ttl: float = GROUP_TTL_S,
        timeout: float = CHECK_TIMEOUT_S,
    ) -> None:
        """A checker of `rule`; `members` reads a group (Slack), `clock` times the cache."""
        self.rule = rule
        self._members = members
        self._clock = clock
        self._ttl = ttl
        self._timeout = timeout
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}

    async def check(self, user: str) -> Verdict:
        """Whether `user` may decide: listed, `*`, or a member of a listed group. UNAVAILABLE
        when only a group could allow them and one could not be read."""
        if not user:
            return Verdict.REFUSED
        if self.rule.anyone or user in self.rule.users:
            return Verdict.ALLOWED
        unreadable = False
        for group in self.rule.groups:
            members = await self.group(group)
            if members is None:
                unreadable = True
            elif user in members:
                return Verdict.ALLOWED
        return Verdict.UNAVAILABLE if unreadable else Verdict.REFUSED

    async def group(self, group: str) -> frozenset[str] | None:
        """The members of `group`, from the cache while fresh, else read (None on failure)."""
        cached = self._cache.get(group)
        if cached is not None and self._clock() - cached[0] < self._ttl:
            return cached[1]
        try:
            found = await asyncio.wait_for(self._members(group), self._timeout)
        except TimeoutError:  # a failed call is logged by the client; a slow one here
            log.warning("slack approver group not read in time", usergroup=group)
            return None
        if found is None:
            return None
        members = frozenset(found)
        self._cache[group] = (self._clock(), members)
        return members
