"""The retry policy, written once: which failures are retried, how long to wait, when to stop.

Pure functions only; ``_retrying`` wires them into tenacity. Nothing here imports tenacity, so the
policy costs nothing at import time.
"""

from __future__ import annotations

import math
import random
import re
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, RETRY_JITTER

if TYPE_CHECKING:
    from ._exceptions import FirstHandError

__all__ = [
    "OnRetry",
    "RetryInfo",
    "backoff_delay",
    "describe_failure",
    "is_retryable",
    "is_retryable_status",
    "next_wait",
    "parse_retry_after",
    "wait_before_retry",
    "wants_too_long",
]

_DELTA_SECONDS = re.compile(r"\d+(?:\.\d+)?")


def is_retryable_status(status: int) -> bool:
    """408, 429 and every 5xx are transient; every other status is final.

    Examples:
        >>> [s for s in (400, 408, 409, 429, 500, 529) if is_retryable_status(s)]
        [408, 429, 500, 529]
    """
    return status in (408, 429) or status >= 500


def parse_retry_after(value: Optional[str], *, now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP-date).

    Returns ``None`` for anything unparseable, so a garbled header falls back to backoff.
    A date in the past means "now" (``0.0``); a number too large for a float reads as the largest
    float, which is always longer than ``max_retry_wait`` allows (so the SDK raises, never sleeps).

    Examples:
        >>> parse_retry_after("30")
        30.0
        >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
        10.0
        >>> parse_retry_after("soon") is None
        True
        >>> parse_retry_after("9" * 400)
        1.7976931348623157e+308
    """
    if value is None:
        return None
    text = value.strip()
    if _DELTA_SECONDS.fullmatch(text):
        seconds = float(text)
    else:
        from email.utils import parsedate_to_datetime  # only on the rare date-form path

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None or when.tzinfo is None:  # pyright: ignore[reportUnnecessaryComparison]
            return None
        current = time.time() if now is None else now
        try:
            seconds = when.timestamp() - current
        except (OverflowError, ValueError, OSError):
            return None
    if math.isnan(seconds):
        return None
    # Finite, so a value too large for a float still reads as "too long" (never as "no header").
    return min(max(0.0, seconds), sys.float_info.max)


def backoff_delay(retry_number: int, jitter: float) -> float:
    """Capped exponential backoff: 0.5 s doubling per retry, at most 8 s, shortened by jitter.

    ``retry_number`` counts from 1; ``jitter`` is a number in ``[0, 1)`` (random in production)
    that takes up to 25 % off the delay.

    Examples:
        >>> [backoff_delay(n, 0.0) for n in range(1, 7)]
        [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
        >>> backoff_delay(1, 0.999) >= 0.375
        True
    """
    exponent = min(max(retry_number - 1, 0), 32)
    nominal = min(INITIAL_RETRY_DELAY * (2.0**exponent), MAX_RETRY_DELAY)
    return nominal * (1.0 - RETRY_JITTER * jitter)


def wait_before_retry(retry_number: int, retry_after: Optional[float], *, jitter: float) -> float:
    """How long to sleep before retry ``retry_number``: the server's ``Retry-After`` if it gave
    one, else backoff.

    Examples:
        >>> wait_before_retry(1, 2.5, jitter=0.0), wait_before_retry(3, None, jitter=0.0)
        (2.5, 2.0)
    """
    if retry_after is not None:
        return retry_after
    return backoff_delay(retry_number, jitter)


def wants_too_long(error: BaseException, max_retry_wait: float) -> bool:
    """``True`` when the server demands a wait longer than ``max_retry_wait``: raise, don't sleep.

    Examples:
        >>> from firsthand import FirstHandRateLimitError
        >>> wants_too_long(FirstHandRateLimitError("x", retry_after=120.0), 60.0)
        True
    """
    retry_after: Optional[float] = getattr(error, "retry_after", None)
    return retry_after is not None and retry_after > max_retry_wait


def describe_failure(error: Optional[BaseException]) -> str:
    """Class, status, type and request id of a failure: never its message (it may quote a body)."""
    parts = [type(error).__name__]
    for attr in ("status", "type", "request_id"):
        value = getattr(error, attr, None)
        if value is not None:
            parts.append(f"{attr}={value}")
    return " ".join(parts)


def is_retryable(error: BaseException) -> bool:
    """Whether a failure may be retried: only SDK errors that say so.

    Examples:
        >>> from firsthand import FirstHandNotFoundError, FirstHandServerError
        >>> is_retryable(FirstHandServerError("x")), is_retryable(FirstHandNotFoundError("x"))
        (True, False)
    """
    return bool(getattr(error, "retryable", False))


def next_wait(retry_number: int, error: Optional[BaseException]) -> float:
    """Seconds before retry ``retry_number`` after ``error``: its ``Retry-After``, else jittered
    backoff.

    Examples:
        >>> from firsthand import FirstHandRateLimitError
        >>> next_wait(1, FirstHandRateLimitError("slow down", retry_after=3.0))
        3.0
    """
    retry_after: Optional[float] = getattr(error, "retry_after", None)
    return wait_before_retry(retry_number, retry_after, jitter=random.random())


@dataclass(frozen=True)
class RetryInfo:
    """What the ``on_retry`` hook receives before the SDK sleeps and tries again.

    Attributes:
        retry_number: 1 for the first retry, 2 for the second, …
        wait: Seconds the SDK is about to sleep.
        error: The failure that triggered the retry.
        method: HTTP method of the request.
        path: Request path (no query string, no host).

    Examples:
        >>> from firsthand import FirstHandClient, FirstHandServerError, RetryInfo
        >>> seen: list[RetryInfo] = []
        >>> client = FirstHandClient(api_key="fh_test_example", on_retry=seen.append)
        >>> info = RetryInfo(1, 0.5, FirstHandServerError("x", status=503), "GET", "/v1/jobs")
        >>> f"retry {info.retry_number} in {info.wait}s after {info.error.status}"
        'retry 1 in 0.5s after 503'
    """

    retry_number: int
    wait: float
    error: FirstHandError
    method: str
    path: str


OnRetry = Callable[[RetryInfo], Any]
