"""The retry policy, written once: which failures are retried, how long to wait, when to stop.

The decisions are pure functions; :func:`new_retrying` wires them into a tenacity ``Retrying`` (sync)
or ``AsyncRetrying`` (async) object, which the two clients iterate. Only the ``sleep`` differs.
"""

from __future__ import annotations

import inspect
import logging
import math
import random
import re
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from tenacity import RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, RETRY_JITTER

if TYPE_CHECKING:
    from ._exceptions import FirstHandError

__all__ = [
    "RetryInfo",
    "backoff_delay",
    "is_retryable_status",
    "new_retrying",
    "parse_retry_after",
    "wait_before_retry",
]

logger = logging.getLogger("firsthand")

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
    A date in the past means "now" (``0.0``).

    Examples:
        >>> parse_retry_after("30")
        30.0
        >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
        10.0
        >>> parse_retry_after("soon") is None
        True
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
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


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


def _describe(error: Optional[BaseException]) -> str:
    """Class, status, type and request id of a failure: never its message (it may quote a body)."""
    parts = [type(error).__name__]
    for attr in ("status", "type", "request_id"):
        value = getattr(error, attr, None)
        if value is not None:
            parts.append(f"{attr}={value}")
    return " ".join(parts)


def _is_retryable(error: BaseException) -> bool:
    return bool(getattr(error, "retryable", False))


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


class _StopWhenWaitTooLong(stop_base):
    def __init__(self, max_retry_wait: float) -> None:
        self.max_retry_wait = max_retry_wait

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        if outcome is None or not outcome.failed:
            return False
        error = outcome.exception()
        return error is not None and wants_too_long(error, self.max_retry_wait)


def _wait(retry_state: RetryCallState) -> float:
    outcome = retry_state.outcome
    error = outcome.exception() if outcome is not None else None
    retry_after: Optional[float] = getattr(error, "retry_after", None)
    return wait_before_retry(retry_state.attempt_number, retry_after, jitter=random.random())


_RETRY_PREDICATE = retry_if_exception(_is_retryable)

OnRetry = Callable[[RetryInfo], Any]


def _before_sleep_hook(
    method: str, path: str, max_retries: int, on_retry: Optional[OnRetry]
) -> Callable[[RetryCallState], Any]:
    def before_sleep(retry_state: RetryCallState) -> Any:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        wait = retry_state.upcoming_sleep
        logger.info(
            "retrying %s %s in %.2fs (retry %d of %d) after %s",
            method,
            path,
            wait,
            retry_state.attempt_number,
            max_retries,
            _describe(error),
        )
        if on_retry is not None:
            return on_retry(RetryInfo(retry_state.attempt_number, wait, error, method, path))  # type: ignore[arg-type]
        return None

    return before_sleep


def _awaiting(hook: Callable[[RetryCallState], Any]) -> Callable[[RetryCallState], Awaitable[None]]:
    """For the async client: an ``on_retry`` may be a plain function or a coroutine function."""

    async def before_sleep(retry_state: RetryCallState) -> None:
        result = hook(retry_state)
        if inspect.isawaitable(result):
            await result

    return before_sleep


RetryingT = TypeVar("RetryingT")


def new_retrying(
    retrying_cls: Callable[..., RetryingT],
    *,
    method: str,
    path: str,
    max_retries: int,
    max_retry_wait: float,
    sleep: Callable[[float], Any],
    on_retry: Optional[OnRetry],
    is_async: bool = False,
) -> RetryingT:
    """A fresh tenacity ``Retrying``/``AsyncRetrying`` for one call (they hold per-call state).

    ``max_retries`` counts retries, not attempts: ``max_retries=3`` allows four attempts.
    With ``is_async``, an ``on_retry`` that returns an awaitable is awaited before the sleep.

    Examples:
        >>> from tenacity import Retrying
        >>> r = new_retrying(Retrying, method="GET", path="/v1/jobs", max_retries=2,
        ...                  max_retry_wait=60.0, sleep=lambda s: None, on_retry=None)
        >>> type(r).__name__
        'Retrying'
    """
    hook = _before_sleep_hook(method, path, max_retries, on_retry)
    return retrying_cls(
        stop=stop_after_attempt(max_retries + 1) | _StopWhenWaitTooLong(max_retry_wait),
        wait=_wait,
        retry=_RETRY_PREDICATE,
        sleep=sleep,
        before_sleep=_awaiting(hook) if is_async else hook,
        reraise=True,
    )
