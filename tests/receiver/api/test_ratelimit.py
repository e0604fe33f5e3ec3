"""The token bucket per client: whole seconds to wait, and a bounded memory of clients."""

from __future__ import annotations

from receiver.api.ratelimit import RateLimiter


def test_rate_limiter_waits_whole_seconds_and_forgets_the_least_recent_client() -> None:
    t = [0.0]
    limiter = RateLimiter(0.4, 1, monotonic=lambda: t[0], max_clients=3)
    assert limiter.take("a") == 0
    assert limiter.take("a") == 3  # 2.5 s to the next token: retry after 3
    t[0] += 2.5
    assert limiter.take("a") == 0
    for client in "bcd":
        limiter.take(client)
    assert len(limiter) == 3
    assert limiter.take("a") == 0  # "a" was forgotten: a full bucket again
    off = RateLimiter(0, 40, monotonic=lambda: t[0])
    assert not off.enabled and all(off.take("a") == 0 for _ in range(100)) and len(off) == 0
