"""Per-key rate limits: a token bucket per API key (docs/api-contract.md, "rate limits")."""

from __future__ import annotations

import math
import time
from typing import Callable, Dict, Optional, Tuple


class RateLimiter:
    """``limit`` requests per minute per key, refilled continuously; bursts up to ``limit``.

    Buckets refill on real time plus every second the stand-in clock was advanced by hand, so a
    client that sleeps ``Retry-After`` gets through, and so does a test that calls ``fake.advance``.

    Args:
        limit: Requests per minute per key; ``None`` for no limit (and no headers).
        now: The stand-in's Unix time (for ``X-RateLimit-Reset``).
        elapsed: Seconds that count for refilling (real monotonic time plus advances).

    Examples:
        >>> t = [0.0]
        >>> limiter = RateLimiter(2, now=lambda: 1_000.0, elapsed=lambda: t[0])
        >>> [limiter.take("key_1")[1] for _ in range(3)]
        [None, None, 30]
        >>> limiter.take("key_1")[0]["X-RateLimit-Remaining"]
        '0'
        >>> t[0] = 30.0
        >>> limiter.take("key_1")[1] is None
        True
    """

    def __init__(
        self,
        limit: Optional[int],
        *,
        now: Callable[[], float],
        elapsed: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1  # pyright: ignore[reportUnnecessaryIsInstance]
        ):
            raise ValueError(
                f"rate_limit_per_minute must be a positive integer or None, not {limit!r}"
            )
        self.limit = limit
        self._now = now
        self._elapsed = elapsed
        self._buckets: Dict[str, Tuple[float, float]] = {}

    def take(self, key: str) -> Tuple[Dict[str, str], Optional[int]]:
        """Spend one request of ``key``'s budget: (the headers to send, ``Retry-After`` seconds
        when the budget is spent, else ``None``).

        Examples:
            >>> RateLimiter(None, now=lambda: 0.0).take("k")
            ({}, None)
        """
        if self.limit is None:
            return {}, None
        per_second = self.limit / 60.0
        at = self._elapsed()
        tokens, since = self._buckets.get(key, (float(self.limit), at))
        tokens = min(float(self.limit), tokens + (at - since) * per_second)
        retry_after: Optional[int] = None
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            retry_after = max(1, math.ceil((1.0 - tokens) / per_second))
        self._buckets[key] = (tokens, at)
        full_in = (self.limit - tokens) / per_second
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(int(tokens)),
            "X-RateLimit-Reset": str(math.ceil(self._now() + full_in)),
        }
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        return headers, retry_after
