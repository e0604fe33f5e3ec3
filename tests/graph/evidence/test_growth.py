"""A manual incident's check, step by step (pure): recovered once its signal has not grown
for the hold, not recovered while it grows at the timeout or when it was never checked."""

from __future__ import annotations

from graph.evidence.growth import growth_step
from graph.evidence.verification import Observation, Verdict, VerifyState

HOLD, TIMEOUT = 300.0, 900.0


def run(seen: list[bool | None], every: float = 30.0) -> tuple[Verdict, str, float]:
    """Feed one observation per `every` seconds from t=0: (verdict, reason, when)."""
    state = VerifyState(started_at=0.0)
    for index, matching in enumerate(seen):
        at = index * every
        detail = "prometheus unreachable" if matching is None else ""
        decision = growth_step(
            state, Observation(at, True, matching, detail), hold=HOLD, timeout=TIMEOUT
        )
        state = decision.state
        if decision.verdict is not Verdict.WAITING:
            return decision.verdict, decision.reason, at
    return Verdict.WAITING, "", len(seen) * every


def test_a_signal_that_stops_growing_recovers_after_the_hold_from_its_last_growth() -> None:
    verdict, reason, at = run([True] * 4 + [False] * 20)

    assert (verdict, reason, at) == (Verdict.RECOVERED, "has not grown for 300 s", 420.0)


def test_a_signal_still_growing_at_the_timeout_is_not_recovered() -> None:
    verdict, reason, at = run([True] * 40)

    assert (verdict, reason, at) == (Verdict.NOT_RECOVERED, "still growing after 900 s", 900.0)


def test_an_unanswered_check_neither_breaks_nor_completes_the_hold() -> None:
    verdict, _, at = run([False] * 3 + [None] * 7 + [False] * 20)

    assert (verdict, at) == (Verdict.RECOVERED, 300.0)


def test_growth_again_during_the_hold_starts_it_over() -> None:
    verdict, reason, at = run([False] * 5 + [True] + [False] * 40)

    assert (verdict, reason, at) == (Verdict.RECOVERED, "has not grown for 300 s", 480.0)


def test_never_checked_is_not_recovered_and_says_why() -> None:
    verdict, reason, _ = run([None] * 40)

    assert verdict is Verdict.NOT_RECOVERED
    assert reason == "could not be checked in 900 s (prometheus unreachable)"
