"""Properties of the retry core (``firsthand._retry``, wired by ``firsthand._retrying``), by hypothesis."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tenacity import AsyncRetrying, Retrying

from firsthand import (
    FirstHandConnectionError,
    FirstHandError,
    FirstHandNotFoundError,
    FirstHandRateLimitError,
    FirstHandServerError,
    RetryInfo,
)
from firsthand._retry import (
    backoff_delay,
    is_retryable_status,
    parse_retry_after,
    wait_before_retry,
)
from firsthand._retrying import new_retrying

#: A fixed "now" for date arithmetic: 2023-11-14T22:13:20Z.
NOW = 1_700_000_000.0

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Xyz", ""]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"]
ZONES = ["GMT", "UT", "UTC", "+0000", "-0000", "+0530", "-1200", "+9999", "EST", "Z", "", "junk"]

#: Strings shaped like HTTP-dates, in and out of range, to drive the date-parsing path.
date_like = st.builds(
    "{}, {} {} {} {}:{}:{} {}".format,
    st.sampled_from(WEEKDAYS),
    st.integers(-1, 99),
    st.sampled_from(MONTHS),
    st.integers(-1, 100_000),
    st.integers(-1, 99),
    st.integers(-1, 99),
    st.integers(-1, 99),
    st.sampled_from(ZONES),
)

any_retry_after = st.one_of(
    st.text(),
    st.text(alphabet="0123456789. -+eE:,GMTinfa"),
    st.from_regex(r"\s*\d{1,400}(\.\d{0,20})?\s*", fullmatch=True),
    date_like,
)

optional_now = st.one_of(st.none(), st.floats(min_value=0, max_value=1e11))


def nominal(retry_number: int) -> float:
    """``min(0.5 * 2**(n-1), 8)``, computed without float overflow for huge ``n``."""
    return 8.0 if retry_number > 5 else min(0.5 * 2 ** (retry_number - 1), 8.0)


# -- parse_retry_after -----------------------------------------------------------------------


@given(value=any_retry_after, now=optional_now)
def test_parse_retry_after_never_raises_and_is_none_or_finite_non_negative(
    value: str, now: Optional[float]
) -> None:
    result = parse_retry_after(value, now=now)

    assert result is None or (isinstance(result, float) and math.isfinite(result) and result >= 0)


def test_parse_retry_after_of_none_is_none() -> None:
    assert parse_retry_after(None) is None


@given(
    seconds=st.integers(min_value=0, max_value=10**12),
    left=st.sampled_from(["", " ", "\t"]),
    right=st.sampled_from(["", " ", "\t"]),
)
def test_digit_strings_parse_to_their_value(seconds: int, left: str, right: str) -> None:
    assert parse_retry_after(f"{left}{seconds}{right}") == float(seconds)


@given(
    whole=st.integers(min_value=0, max_value=10**6),
    fraction=st.from_regex(r"\d{1,6}", fullmatch=True),
)
def test_decimal_seconds_parse_to_their_value(whole: int, fraction: str) -> None:
    text = f"{whole}.{fraction}"
    assert parse_retry_after(text) == float(text)


@given(value=st.from_regex(r"-\d{1,6}", fullmatch=True))
def test_negative_seconds_are_not_a_wait(value: str) -> None:
    assert parse_retry_after(value) is None


@given(
    now=st.floats(min_value=1e9, max_value=2e9),
    k=st.floats(min_value=0, max_value=366 * 86_400),
)
def test_http_date_k_seconds_ahead_parses_to_about_k(now: float, k: float) -> None:
    text = format_datetime(datetime.fromtimestamp(now + k, tz=timezone.utc), usegmt=True)

    result = parse_retry_after(text, now=now)

    # An HTTP-date has whole seconds: the fraction of the target second is lost.
    assert result is not None
    assert k - 1.0 - 1e-6 <= result <= k + 1e-6


@given(k=st.integers(min_value=0, max_value=10**6))
def test_http_date_whole_seconds_ahead_parse_exactly(k: int) -> None:
    text = format_datetime(
        datetime.fromtimestamp(NOW + k, tz=timezone.utc).replace(microsecond=0), usegmt=True
    )

    assert parse_retry_after(text, now=NOW) == float(k)


@given(
    now=st.floats(min_value=1e9, max_value=2e9),
    k=st.floats(min_value=1.0, max_value=10 * 366 * 86_400),
)
def test_http_date_in_the_past_means_now(now: float, k: float) -> None:
    text = format_datetime(datetime.fromtimestamp(now - k, tz=timezone.utc), usegmt=True)

    assert parse_retry_after(text, now=now) == 0.0


# -- backoff_delay / wait_before_retry ---------------------------------------------------------


@given(
    retry_number=st.integers(min_value=1, max_value=10_000),
    jitter=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_backoff_is_within_a_quarter_below_the_capped_nominal(
    retry_number: int, jitter: float
) -> None:
    delay = backoff_delay(retry_number, jitter)

    assert 0.75 * nominal(retry_number) <= delay <= nominal(retry_number)
    assert delay <= 8.0


@given(
    retry_number=st.integers(min_value=1, max_value=64),
    jitter=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_backoff_never_shrinks_as_retries_go_on(retry_number: int, jitter: float) -> None:
    assert backoff_delay(retry_number + 1, jitter) >= backoff_delay(retry_number, jitter)


@given(retry_number=st.integers(min_value=1, max_value=64))
def test_backoff_without_jitter_is_the_nominal(retry_number: int) -> None:
    assert backoff_delay(retry_number, 0.0) == nominal(retry_number)


@given(
    retry_number=st.integers(min_value=1, max_value=10_000),
    retry_after=st.floats(min_value=0.0, max_value=1e9),
    jitter=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_wait_is_retry_after_when_given(
    retry_number: int, retry_after: float, jitter: float
) -> None:
    assert wait_before_retry(retry_number, retry_after, jitter=jitter) == retry_after


@given(
    retry_number=st.integers(min_value=1, max_value=10_000),
    jitter=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_wait_is_backoff_without_retry_after(retry_number: int, jitter: float) -> None:
    assert wait_before_retry(retry_number, None, jitter=jitter) == backoff_delay(
        retry_number, jitter
    )


# -- is_retryable_status -----------------------------------------------------------------------


@given(status=st.integers(min_value=100, max_value=599))
def test_retryable_statuses_are_408_429_and_5xx(status: int) -> None:
    assert is_retryable_status(status) is (status in (408, 429) or status >= 500)


def test_retryable_statuses_exhaustively() -> None:
    retryable = [s for s in range(100, 600) if is_retryable_status(s)]
    assert retryable == [408, 429, *range(500, 600)]


# -- new_retrying ------------------------------------------------------------------------------


class Loop:
    """Drives one tenacity object with a function failing with ``error`` every time."""

    def __init__(self, error: FirstHandError) -> None:
        self.error = error
        self.calls = 0
        self.sleeps: list[float] = []
        self.infos: list[RetryInfo] = []

    def fail(self) -> None:
        self.calls += 1
        raise self.error

    async def afail(self) -> None:
        await asyncio.sleep(0)
        self.fail()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def server_error(status: int) -> FirstHandServerError:
    return FirstHandServerError("boom", status=status, retryable=True)


def rate_limit_error(retry_after: Optional[float]) -> FirstHandRateLimitError:
    return FirstHandRateLimitError("slow", status=429, retry_after=retry_after)


server_errors = st.builds(server_error, st.integers(min_value=500, max_value=599))
transient_errors = st.one_of(
    server_errors,
    st.just(FirstHandConnectionError("reset")),
    st.builds(rate_limit_error, st.one_of(st.none(), st.floats(min_value=0.0, max_value=60.0))),
)


@given(max_retries=st.integers(min_value=0, max_value=5), error=server_errors)
def test_sync_retrying_stops_after_max_retries_plus_one_attempts(
    max_retries: int, error: FirstHandServerError
) -> None:
    loop = Loop(error)
    retrying = new_retrying(
        Retrying,
        method="GET",
        path="/v1/jobs",
        max_retries=max_retries,
        max_retry_wait=60.0,
        sleep=loop.sleep,
        on_retry=loop.infos.append,
    )

    with pytest.raises(FirstHandServerError) as caught:
        retrying(loop.fail)

    assert caught.value is error
    assert loop.calls == max_retries + 1
    assert len(loop.sleeps) == max_retries
    assert [info.retry_number for info in loop.infos] == list(range(1, max_retries + 1))
    assert [info.wait for info in loop.infos] == loop.sleeps
    assert all(info.error is error for info in loop.infos)
    assert all((info.method, info.path) == ("GET", "/v1/jobs") for info in loop.infos)
    for number, wait in enumerate(loop.sleeps, start=1):
        assert 0.75 * nominal(number) <= wait <= nominal(number)


@given(max_retries=st.integers(min_value=0, max_value=5), error=transient_errors)
def test_async_retrying_stops_after_max_retries_plus_one_attempts(
    max_retries: int, error: FirstHandError
) -> None:
    loop = Loop(error)
    retrying = new_retrying(
        AsyncRetrying,
        method="POST",
        path="/v1/jobs",
        max_retries=max_retries,
        max_retry_wait=60.0,
        sleep=loop.asleep,
        on_retry=loop.infos.append,
    )

    async def drive() -> None:
        async for attempt in retrying:
            with attempt:
                await loop.afail()

    with pytest.raises(FirstHandError) as caught:
        asyncio.run(drive())

    assert caught.value is error
    assert loop.calls == max_retries + 1
    assert len(loop.sleeps) == max_retries
    assert [info.retry_number for info in loop.infos] == list(range(1, max_retries + 1))
    if error.retry_after is not None:
        assert loop.sleeps == [error.retry_after] * max_retries


@given(
    max_retries=st.integers(min_value=0, max_value=5),
    status=st.sampled_from([400, 401, 402, 403, 404, 409, 410, 422]),
)
def test_non_retryable_errors_get_one_attempt(max_retries: int, status: int) -> None:
    loop = Loop(FirstHandNotFoundError("no", status=status, retryable=False))
    retrying = new_retrying(
        Retrying,
        method="GET",
        path="/v1/jobs/job_1",
        max_retries=max_retries,
        max_retry_wait=60.0,
        sleep=loop.sleep,
        on_retry=loop.infos.append,
    )

    with pytest.raises(FirstHandNotFoundError):
        retrying(loop.fail)

    assert loop.calls == 1
    assert loop.sleeps == []
    assert loop.infos == []


@given(
    max_retries=st.integers(min_value=0, max_value=5),
    max_retry_wait=st.floats(min_value=0.0, max_value=3600.0),
    excess=st.floats(min_value=0.001, max_value=1e6),
)
def test_retry_after_beyond_max_retry_wait_gets_one_attempt(
    max_retries: int, max_retry_wait: float, excess: float
) -> None:
    demand = max_retry_wait + excess
    loop = Loop(FirstHandRateLimitError("slow", status=429, retry_after=demand))
    retrying = new_retrying(
        Retrying,
        method="GET",
        path="/v1/jobs",
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        sleep=loop.sleep,
        on_retry=loop.infos.append,
    )

    with pytest.raises(FirstHandRateLimitError) as caught:
        retrying(loop.fail)

    assert caught.value.retry_after == demand
    assert loop.calls == 1
    assert loop.sleeps == []
    assert loop.infos == []
