"""A token bucket per client, with an injected clock and a bounded number of clients."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

# Clients remembered at once; the least recently seen is forgotten first. A forgotten client
# starts again with a full bucket, which is what an idle client would have had anyway.
MAX_CLIENTS = 10_000


class RateLimiter:
    """`per_second` tokens refill each bucket, which holds at most `burst`; each request takes
    one. `per_second` or `burst` of 0 turns limiting off.

    Not locked: it is only used from the event loop, and `take` never awaits.
    """

    def __init__(
        self,
        per_second: float,
        burst: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        """A limiter of `per_second` requests with bursts of `burst`, per client."""
        self.per_second = per_second
        self.burst = burst
        self._monotonic = monotonic
        self._max_clients = max_clients
        # client -> (tokens left, when they were counted)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        """Whether requests are limited at all."""
        return self.per_second > 0 and self.burst > 0

    def __len__(self) -> int:
        """How many clients have a bucket."""
        return len(self._buckets)

    def take(self, client: str) -> int:
        """Take a token for `client`: 0 if the request may go ahead, else the whole seconds
        (at least 1) until a token will be there again (the `Retry-After`)."""
        if not self.enabled:
            return 0
        now = self._monotonic()
        tokens, then = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + max(0.0, now - then) * self.per_second)
        wait = 0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = max(1, math.ceil((1.0 - tokens) / self.per_second))
        self._buckets[client] = (tokens, now)  # (re)inserted last: the most recently seen
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
        return wait
