"""The retry policy of ``_retry`` wired into tenacity, for one call at a time.

Imported on the first retry only: a call that succeeds at once never loads tenacity.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable
from typing import Any, Callable, Optional, TypeVar

from tenacity import RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

from ._retry import OnRetry, RetryInfo, describe_failure, is_retryable, next_wait, wants_too_long

__all__ = ["new_retrying"]

logger = logging.getLogger("firsthand")


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
    return next_wait(
        retry_state.attempt_number, outcome.exception() if outcome is not None else None
    )


_RETRY_PREDICATE = retry_if_exception(is_retryable)


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
            describe_failure(error),
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
