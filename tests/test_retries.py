"""The retry policy as both clients apply it (docs/api-contract.md: "Retries", "idempotency"), over respx.

Every test runs once per client (``kind`` is ``"sync"`` or ``"async"``). The server is a scripted
respx side effect: one step per attempt (a status, a status with headers, or an httpx transport
exception class; the last step repeats). Sleeps are recorded, never slept; the jitter is pinned.
"""

from __future__ import annotations

import inspect
import json
import random
import ssl
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, Optional, Union

import httpx
import pytest
import respx

from client_helpers import API_KEY, JOB_BODY, approx, sleeper
from firsthand import (
    AsyncFirstHandClient,
    FirstHandAuthenticationError,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandConnectionError,
    FirstHandError,
    FirstHandInsufficientCreditsError,
    FirstHandNotFoundError,
    FirstHandPermissionError,
    FirstHandRateLimitError,
    FirstHandServerError,
    FirstHandTimeoutError,
    FirstHandValidationError,
    RetryInfo,
)

BASE_URL = "https://api.firsthandapi.com"
JOB_ID = "job_01JQ0000000000000000000001"
SSL_CONTEXT = ssl.create_default_context()

AnyClient = Union[FirstHandClient, AsyncFirstHandClient]
#: One scripted attempt: a status, a status plus response headers, or a transport error class.
Step = Union[int, tuple[int, dict[str, str]], type[httpx.TransportError]]
Event = tuple[str, Any]


JOB_JSON: dict[str, Any] = {
    "object": "job",
    "id": JOB_ID,
    "type": "data_collection",
    "status": "open",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "files_approved": 0,
    "accepted_formats": ["image/jpeg"],
    "price_per_file_cents": 75,
    "created_at": "2026-03-20T19:03:27.971Z",
}

#: Nominal backoff before retries 1..6 (0.5 s doubling, capped at 8 s).
NOMINAL_BACKOFF = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]

RETRYABLE_STEPS: list[Step] = [httpx.ConnectError, 408, 429, 500, 502, 503, 504, 529]

NON_RETRYABLE: dict[int, type[FirstHandError]] = {
    400: FirstHandValidationError,
    401: FirstHandAuthenticationError,
    402: FirstHandInsufficientCreditsError,
    403: FirstHandPermissionError,
    404: FirstHandNotFoundError,
    409: FirstHandConflictError,
    422: FirstHandValidationError,
}

OPERATIONS = ["get_job", "list_jobs", "create_job", "cancel_job"]
#: One GET and one POST: enough where the operation only matters by method.
GET_AND_POST = ["get_job", "cancel_job"]
POST_OPERATIONS = ["create_job", "cancel_job"]
GET_OPERATIONS = ["get_job", "list_jobs"]
#: The request path each operation hits (``RetryInfo.path``: no query string, no host).
OPERATION_PATHS = {
    "get_job": ("GET", f"/v1/jobs/{JOB_ID}"),
    "list_jobs": ("GET", "/v1/jobs"),
    "create_job": ("POST", "/v1/jobs"),
    "cancel_job": ("POST", f"/v1/jobs/{JOB_ID}/cancel"),
}


# -- the scripted server ---------------------------------------------------------------------


class RecordingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that logs ``("close", attempt)`` when httpx closes the response."""

    def __init__(self, body: bytes, events: list[Event], index: int) -> None:
        self._body = body
        self._events = events
        self._index = index

    def __iter__(self) -> Iterator[bytes]:
        yield self._body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._body

    def close(self) -> None:
        self._events.append(("close", self._index))

    async def aclose(self) -> None:
        self._events.append(("close", self._index))


class ScriptedAPI:
    """Answers attempt ``i`` with ``script[i]`` (the last step repeats) and records everything.

    ``events`` interleaves ``("response", i)``, ``("close", i)``, ``("sleep", seconds)`` and
    ``("on_retry", RetryInfo)`` in the order they happened.
    """

    def __init__(self) -> None:
        self.script: list[Step] = [200]
        self.requests: list[httpx.Request] = []
        self.events: list[Event] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        index = len(self.requests)
        self.requests.append(request)
        step = self.script[min(index, len(self.script) - 1)]
        extra: dict[str, str] = {}
        if isinstance(step, int):
            status = step
        elif isinstance(step, tuple):
            status, extra = step
        else:
            raise step("scripted transport failure", request=request)
        if status < 300:
            listing = request.method == "GET" and request.url.path == "/v1/jobs"
            payload: Any = (
                {"object": "list", "data": [JOB_JSON], "has_more": False, "next_cursor": None}
                if listing
                else JOB_JSON
            )
        else:
            payload = {"error": {"message": f"scripted {status} on attempt {index}"}}
        self.events.append(("response", index))
        headers = {"Content-Type": "application/json", "X-Request-Id": f"req_{index}", **extra}
        body = json.dumps(payload).encode()
        return httpx.Response(
            status, headers=headers, stream=RecordingStream(body, self.events, index)
        )

    def header_values(self, name: str) -> list[Optional[str]]:
        return [r.headers.get(name) for r in self.requests]

    def sleeps(self) -> list[float]:
        return [value for kind, value in self.events if kind == "sleep"]


class Harness:
    """Builds clients of one kind whose sleeps are recorded, and calls operations on them."""

    def __init__(self, kind: str, api: ScriptedAPI, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kind = kind
        self.api = api
        self._monkeypatch = monkeypatch
        self._http: list[Union[httpx.Client, httpx.AsyncClient]] = []

    def client(self, **settings: Any) -> AnyClient:
        # An httpx client of our own with a shared SSL context: building a fresh one per client
        # (what the SDK does by default) costs ~0.1 s of certificate loading per test.
        client: AnyClient
        if self.kind == "sync":
            sync_http = httpx.Client(verify=SSL_CONTEXT)
            self._http.append(sync_http)
            client = FirstHandClient(
                api_key=API_KEY, http_client=sync_http, sleep=self._sleep(), **settings
            )
        else:
            async_http = httpx.AsyncClient(verify=SSL_CONTEXT)
            self._http.append(async_http)
            client = AsyncFirstHandClient(
                api_key=API_KEY, http_client=async_http, sleep=self._sleep(), **settings
            )
        return client

    def _sleep(self) -> Any:
        """The clients' ``sleep=``: each wait is recorded, never slept (copies share it)."""
        events = self.api.events
        return sleeper(self.kind, lambda seconds: events.append(("sleep", seconds)))

    async def call(self, client: AnyClient, operation: str, **options: Any) -> Any:
        result: Any
        if operation == "get_job":
            result = client.get_job(JOB_ID, **options)
        elif operation == "list_jobs":
            result = client.list_jobs(limit=5, **options)
        elif operation == "create_job":
            result = client.create_job(JOB_BODY, **options)
        elif operation == "cancel_job":
            result = client.cancel_job(JOB_ID, **options)
        else:  # pragma: no cover - a typo in a test
            raise AssertionError(operation)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def close(self) -> None:
        for http in self._http:
            if isinstance(http, httpx.Client):
                http.close()
            else:
                await http.aclose()


@pytest.fixture
def api() -> Iterator[ScriptedAPI]:
    scripted = ScriptedAPI()
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.route().mock(side_effect=scripted.handler)
        yield scripted


@pytest.fixture
async def harness(
    kind: str, api: ScriptedAPI, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Harness]:
    h = Harness(kind, api, monkeypatch)
    yield h
    await h.close()


#: The standard library's own ``random.random``, before any test pins it.
REAL_RANDOM = random.random


def pin_jitter(monkeypatch: pytest.MonkeyPatch, value: float) -> None:
    """Make the standard library's ``random.random()`` (the jitter's source) return ``value``.

    The stand-in and hypothesis draw from their own ``random.Random`` instances, so only the
    SDK's jitter sees the pinned value; no private attribute of the SDK is patched."""
    monkeypatch.setattr(random, "random", lambda: value)


@pytest.fixture(autouse=True)
def _no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits are exactly the nominal backoff unless a test pins another jitter."""
    pin_jitter(monkeypatch, 0.0)


def step_id(step: object) -> str:
    return step.__name__ if isinstance(step, type) else str(step)


def script_id(value: object) -> Optional[str]:
    """``503-ReadTimeout`` for a script; pytest's default id for the other parameters."""
    if isinstance(value, list):
        steps: list[object] = value  # pyright: ignore[reportUnknownVariableType]
        return "-".join(step_id(step) for step in steps)
    return None


def retry_infos(api: ScriptedAPI) -> list[RetryInfo]:
    return [value for kind, value in api.events if kind == "on_retry"]


def http_date_in(seconds: float) -> str:
    return format_datetime(datetime.now(timezone.utc) + timedelta(seconds=seconds), usegmt=True)


# -- what is retried -------------------------------------------------------------------------


@pytest.mark.parametrize("failure", RETRYABLE_STEPS, ids=step_id)
@pytest.mark.parametrize("operation", GET_AND_POST)
async def test_transient_failures_are_retried_until_success(
    harness: Harness, api: ScriptedAPI, failure: Step, operation: str
) -> None:
    api.script = [failure, failure, 200]
    client = harness.client()

    result = await harness.call(client, operation)

    assert len(api.requests) == 3
    assert api.sleeps() == [0.5, 1.0]
    assert result.id == JOB_ID


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.ConnectError, FirstHandConnectionError),
        (httpx.ReadTimeout, FirstHandTimeoutError),
        (httpx.ConnectTimeout, FirstHandTimeoutError),
        (httpx.WriteTimeout, FirstHandTimeoutError),
        (httpx.PoolTimeout, FirstHandTimeoutError),
    ],
)
async def test_transport_failures_raise_after_retries_run_out(
    harness: Harness,
    api: ScriptedAPI,
    failure: type[httpx.TransportError],
    expected: type[FirstHandError],
) -> None:
    api.script = [failure]
    client = harness.client(max_retries=2)

    with pytest.raises(FirstHandConnectionError) as caught:
        await harness.call(client, "get_job")

    assert type(caught.value) is expected
    assert caught.value.status is None
    assert caught.value.retryable is True
    assert len(api.requests) == 3
    assert api.sleeps() == [0.5, 1.0]


@pytest.mark.parametrize("operation", GET_AND_POST)
@pytest.mark.parametrize("status", sorted(NON_RETRYABLE))
async def test_other_4xx_are_not_retried(
    harness: Harness, api: ScriptedAPI, status: int, operation: str
) -> None:
    api.script = [status, 200]
    client = harness.client(max_retries=3)

    with pytest.raises(FirstHandError) as caught:
        await harness.call(client, operation)

    assert type(caught.value) is NON_RETRYABLE[status]
    assert caught.value.status == status
    assert caught.value.retryable is False
    assert len(api.requests) == 1
    assert api.sleeps() == []


async def test_a_non_retryable_answer_after_a_retry_ends_the_loop(
    harness: Harness, api: ScriptedAPI
) -> None:
    api.script = [503, 404, 200]
    client = harness.client(max_retries=5)

    with pytest.raises(FirstHandNotFoundError):
        await harness.call(client, "get_job")

    assert len(api.requests) == 2
    assert api.sleeps() == [0.5]


# -- how many times --------------------------------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 1, 3, 5])
async def test_max_retries_counts_retries_not_attempts(
    harness: Harness, api: ScriptedAPI, max_retries: int
) -> None:
    api.script = [503]
    client = harness.client(max_retries=max_retries)

    with pytest.raises(FirstHandServerError) as caught:
        await harness.call(client, "get_job")

    assert caught.value.status == 503
    assert len(api.requests) == max_retries + 1
    assert api.sleeps() == NOMINAL_BACKOFF[:max_retries]


async def test_default_is_three_retries(harness: Harness, api: ScriptedAPI) -> None:
    api.script = [500]
    client = harness.client()

    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job")

    assert client.max_retries == 3
    assert len(api.requests) == 4
    assert len(api.sleeps()) == 3


@pytest.mark.parametrize(("client_setting", "per_call"), [(3, 0), (3, 1), (0, 2), (1, 4)])
async def test_per_call_max_retries_overrides_the_client(
    harness: Harness, api: ScriptedAPI, client_setting: int, per_call: int
) -> None:
    api.script = [502]
    client = harness.client(max_retries=client_setting)

    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job", max_retries=per_call)
    assert len(api.requests) == per_call + 1

    # The override was for that call only.
    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job")
    assert len(api.requests) == per_call + 1 + client_setting + 1


@pytest.mark.parametrize(("client_setting", "copy_setting"), [(3, 0), (0, 2)])
async def test_with_options_max_retries_overrides_without_touching_the_original(
    harness: Harness, api: ScriptedAPI, client_setting: int, copy_setting: int
) -> None:
    api.script = [504]
    client = harness.client(max_retries=client_setting)
    copy = client.with_options(max_retries=copy_setting)

    with pytest.raises(FirstHandServerError):
        await harness.call(copy, "get_job")
    assert len(api.requests) == copy_setting + 1

    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job")
    assert len(api.requests) == copy_setting + 1 + client_setting + 1


# -- how long to wait ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(("header", "expected"), [("2", 2.0), ("0", 0.0), ("1.5", 1.5)])
async def test_retry_after_seconds_is_the_wait(
    harness: Harness, api: ScriptedAPI, status: int, header: str, expected: float
) -> None:
    api.script = [(status, {"Retry-After": header}), 200]
    client = harness.client()

    await harness.call(client, "get_job")

    assert len(api.requests) == 2
    assert api.sleeps() == [expected]


@pytest.mark.parametrize("seconds", [5, 30])
async def test_retry_after_http_date_is_the_time_until_then(
    harness: Harness, api: ScriptedAPI, seconds: int
) -> None:
    api.script = [(429, {"Retry-After": http_date_in(seconds)}), 200]
    client = harness.client()

    await harness.call(client, "get_job")

    [wait] = api.sleeps()
    # The date has whole-second resolution, so the wait is a little under ``seconds``.
    assert seconds - 1.5 <= wait <= seconds + 0.01


async def test_retry_after_http_date_in_the_past_means_now(
    harness: Harness, api: ScriptedAPI
) -> None:
    api.script = [(503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), 200]
    client = harness.client()

    await harness.call(client, "get_job")

    assert api.sleeps() == [0.0]


@pytest.mark.parametrize(
    ("settings", "header", "demand"),
    [
        ({}, "120", 120.0),  # default max_retry_wait is 60 s
        ({}, "61", 61.0),
        ({"max_retry_wait": 5}, "6", 6.0),
        ({"max_retry_wait": 0}, "1", 1.0),
    ],
)
async def test_retry_after_longer_than_max_retry_wait_raises_at_once(
    harness: Harness,
    api: ScriptedAPI,
    settings: dict[str, Any],
    header: str,
    demand: float,
) -> None:
    api.script = [(429, {"Retry-After": header}), 200]
    infos: list[RetryInfo] = []
    client = harness.client(on_retry=infos.append, **settings)

    with pytest.raises(FirstHandRateLimitError) as caught:
        await harness.call(client, "get_job")

    assert caught.value.retry_after == demand
    assert caught.value.status == 429
    assert len(api.requests) == 1
    assert api.sleeps() == []
    assert infos == []


async def test_retry_after_http_date_beyond_max_retry_wait_raises_at_once(
    harness: Harness, api: ScriptedAPI
) -> None:
    api.script = [(429, {"Retry-After": http_date_in(600)}), 200]
    client = harness.client()

    with pytest.raises(FirstHandRateLimitError) as caught:
        await harness.call(client, "get_job")

    assert caught.value.retry_after is not None
    assert 598 <= caught.value.retry_after <= 600.01
    assert len(api.requests) == 1
    assert api.sleeps() == []


async def test_retry_after_equal_to_max_retry_wait_is_slept_through(
    harness: Harness, api: ScriptedAPI
) -> None:
    api.script = [(429, {"Retry-After": "5"}), 200]
    client = harness.client(max_retry_wait=5)

    await harness.call(client, "get_job")

    assert api.sleeps() == [5.0]


async def test_with_options_max_retry_wait_applies(harness: Harness, api: ScriptedAPI) -> None:
    api.script = [(429, {"Retry-After": "10"}), (429, {"Retry-After": "10"}), 200]
    client = harness.client()
    strict = client.with_options(max_retry_wait=3)

    with pytest.raises(FirstHandRateLimitError):
        await harness.call(strict, "get_job")
    assert len(api.requests) == 1

    await harness.call(client, "get_job")  # the original still sleeps 10 s
    assert api.sleeps() == [10.0]


@pytest.mark.parametrize(
    "header", ["soon", "", "-5", "1e3", "Thu, 99 Foo 2015 99:99:99 GMT", "NaN"]
)
async def test_garbage_retry_after_falls_back_to_backoff(
    harness: Harness, api: ScriptedAPI, header: str
) -> None:
    api.script = [(503, {"Retry-After": header}), (429, {"Retry-After": header}), 200]
    client = harness.client()

    await harness.call(client, "get_job")

    assert api.sleeps() == [0.5, 1.0]


@pytest.mark.parametrize("jitter", [None, 0.0, 0.5, 0.999999])
async def test_backoff_doubles_from_half_a_second_capped_at_eight(
    harness: Harness,
    api: ScriptedAPI,
    monkeypatch: pytest.MonkeyPatch,
    jitter: Optional[float],
) -> None:
    if jitter is None:
        monkeypatch.setattr(random, "random", REAL_RANDOM)  # real randomness
    else:
        pin_jitter(monkeypatch, jitter)
    api.script = [503]
    client = harness.client(max_retries=6)

    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job")

    waits = api.sleeps()
    assert len(waits) == 6
    for wait, nominal in zip(waits, NOMINAL_BACKOFF):
        assert 0.75 * nominal <= wait <= nominal
    if jitter is not None:
        assert waits == approx([n * (1 - 0.25 * jitter) for n in NOMINAL_BACKOFF])


@pytest.mark.parametrize("jitter", [0.0, 0.37, 0.9])
async def test_async_and_sync_wait_identically(
    api: ScriptedAPI, monkeypatch: pytest.MonkeyPatch, jitter: float
) -> None:
    pin_jitter(monkeypatch, jitter)
    script: list[Step] = [
        503,
        httpx.ConnectError,
        (429, {"Retry-After": "3"}),
        408,
        httpx.ReadTimeout,
        500,
    ]
    runs: dict[str, tuple[list[float], type[BaseException], list[Optional[str]]]] = {}
    for kind in ("sync", "async"):
        api.script = list(script)
        api.requests.clear()
        api.events.clear()
        harness = Harness(kind, api, monkeypatch)
        client = harness.client(max_retries=5)
        with pytest.raises(FirstHandError) as caught:
            await harness.call(client, "create_job")
        await harness.close()
        runs[kind] = (
            api.sleeps(),
            type(caught.value),
            api.header_values("X-FirstHand-Retry-Count"),
        )

    factor = 1 - 0.25 * jitter
    expected = [0.5 * factor, 1.0 * factor, 3.0, 4.0 * factor, 8.0 * factor]
    assert runs["sync"] == runs["async"]
    assert runs["sync"][0] == approx(expected)
    assert runs["sync"][1] is FirstHandServerError
    assert runs["sync"][2] == ["0", "1", "2", "3", "4", "5"]


# -- what each attempt carries -----------------------------------------------------------------


@pytest.mark.parametrize("operation", GET_AND_POST)
async def test_retry_count_header_counts_up_from_zero(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, httpx.ConnectError, 429, 200]
    client = harness.client()

    await harness.call(client, operation)

    assert api.header_values("X-FirstHand-Retry-Count") == ["0", "1", "2", "3"]


async def test_retry_count_header_is_zero_without_retries(
    harness: Harness, api: ScriptedAPI
) -> None:
    client = harness.client()

    await harness.call(client, "get_job")
    await harness.call(client, "get_job")

    assert api.header_values("X-FirstHand-Retry-Count") == ["0", "0"]


def assert_uuid4(value: Optional[str]) -> None:
    assert value is not None
    parsed = uuid.UUID(value)
    assert parsed.version == 4
    assert str(parsed) == value.lower()


@pytest.mark.parametrize("operation", POST_OPERATIONS)
async def test_post_sends_one_uuid4_idempotency_key_on_every_retry(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, httpx.ReadTimeout, 429, 200]
    client = harness.client()

    await harness.call(client, operation)

    keys = api.header_values("Idempotency-Key")
    assert len(keys) == 4
    assert len(set(keys)) == 1
    assert_uuid4(keys[0])


@pytest.mark.parametrize("operation", POST_OPERATIONS)
async def test_post_idempotency_key_is_kept_when_retries_run_out(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [500]
    client = harness.client(max_retries=2)

    with pytest.raises(FirstHandServerError):
        await harness.call(client, operation)

    keys = api.header_values("Idempotency-Key")
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert_uuid4(keys[0])


@pytest.mark.parametrize("operation", POST_OPERATIONS)
async def test_separate_post_calls_get_separate_keys(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, 200, 503, 200, 200]
    client = harness.client()

    for _ in range(3):
        await harness.call(client, operation)

    keys = api.header_values("Idempotency-Key")
    assert len(keys) == 5
    assert keys[0] == keys[1]
    assert keys[2] == keys[3]
    assert len({keys[0], keys[2], keys[4]}) == 3
    for key in keys:
        assert_uuid4(key)


@pytest.mark.parametrize("operation", POST_OPERATIONS)
async def test_caller_idempotency_key_is_sent_as_is_on_every_attempt(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [502, httpx.ConnectError, 200]
    client = harness.client()

    await harness.call(client, operation, idempotency_key="order-1")
    await harness.call(client, operation, idempotency_key="order-1")

    assert api.header_values("Idempotency-Key") == ["order-1"] * 4


@pytest.mark.parametrize("operation", GET_OPERATIONS)
async def test_get_requests_carry_no_idempotency_key(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, 429, 200]
    client = harness.client()

    await harness.call(client, operation)

    assert len(api.requests) == 3
    assert api.header_values("Idempotency-Key") == [None, None, None]


# -- before each sleep -------------------------------------------------------------------------


def assert_closed_before_each_sleep(events: Sequence[Event]) -> None:
    """At every sleep, every response received so far (the failed one included) is closed."""
    received: set[int] = set()
    closed: set[int] = set()
    sleeps = 0
    for kind, value in events:
        if kind == "response":
            received.add(value)
        elif kind == "close":
            closed.add(value)
        elif kind == "sleep":
            sleeps += 1
            assert received, "slept before any response arrived"
            assert received <= closed, f"responses {sorted(received - closed)} still open"
    assert sleeps > 0


@pytest.mark.parametrize("operation", GET_AND_POST)
async def test_failed_responses_are_closed_before_sleeping(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, 502, (429, {"Retry-After": "1"}), 408, 200]
    client = harness.client(max_retries=4)

    await harness.call(client, operation)

    assert api.sleeps() == [0.5, 1.0, 1.0, 4.0]
    assert_closed_before_each_sleep(api.events)
    assert {v for k, v in api.events if k == "close"} == {0, 1, 2, 3, 4}


async def test_failed_responses_are_closed_when_retries_run_out(
    harness: Harness, api: ScriptedAPI
) -> None:
    api.script = [500]
    client = harness.client(max_retries=2)

    with pytest.raises(FirstHandServerError):
        await harness.call(client, "create_job")

    assert_closed_before_each_sleep(api.events)
    assert {v for k, v in api.events if k == "close"} == {0, 1, 2}


@pytest.mark.parametrize("operation", OPERATIONS)
async def test_on_retry_gets_retry_info_before_each_sleep(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, httpx.ConnectError, (429, {"Retry-After": "2"}), httpx.ReadTimeout, 200]
    events = api.events

    def hook(info: RetryInfo) -> None:
        events.append(("on_retry", info))

    client = harness.client(max_retries=4, on_retry=hook)

    await harness.call(client, operation)

    infos = retry_infos(api)
    method, path = OPERATION_PATHS[operation]
    assert [i.retry_number for i in infos] == [1, 2, 3, 4]
    assert [i.wait for i in infos] == [0.5, 1.0, 2.0, 4.0]
    assert [i.wait for i in infos] == api.sleeps()
    assert {(i.method, i.path) for i in infos} == {(method, path)}
    errors = [i.error for i in infos]
    assert type(errors[0]) is FirstHandServerError
    assert errors[0].status == 503
    assert type(errors[1]) is FirstHandConnectionError
    assert type(errors[2]) is FirstHandRateLimitError
    assert errors[2].retry_after == 2.0
    assert type(errors[3]) is FirstHandTimeoutError
    # Each hook call comes right before its sleep, after the failed response was closed.
    hooks_and_sleeps = [kind for kind, _ in events if kind in ("on_retry", "sleep")]
    assert hooks_and_sleeps == ["on_retry", "sleep"] * 4
    assert_closed_before_each_sleep(events)


async def test_on_retry_is_not_called_without_a_retry(harness: Harness, api: ScriptedAPI) -> None:
    api.script = [404]
    infos: list[RetryInfo] = []
    client = harness.client(on_retry=infos.append)

    with pytest.raises(FirstHandNotFoundError):
        await harness.call(client, "get_job")
    api.script = [503]
    with pytest.raises(FirstHandServerError):
        await harness.call(client, "get_job", max_retries=0)

    assert len(api.requests) == 2
    assert infos == []


async def test_on_retry_set_with_with_options(harness: Harness, api: ScriptedAPI) -> None:
    api.script = [503, 200]
    infos: list[RetryInfo] = []
    client = harness.client()
    hooked = client.with_options(on_retry=infos.append)

    await harness.call(hooked, "get_job")
    assert [i.retry_number for i in infos] == [1]

    api.requests.clear()
    await harness.call(client, "get_job")  # the original has no hook
    assert len(infos) == 1


@pytest.mark.parametrize("operation", ["get_job", "create_job"])
async def test_an_exception_in_on_retry_propagates(
    harness: Harness, api: ScriptedAPI, operation: str
) -> None:
    api.script = [503, 200]

    def explode(info: RetryInfo) -> None:
        raise RuntimeError(f"stop at retry {info.retry_number}")

    client = harness.client(on_retry=explode)

    with pytest.raises(RuntimeError, match="stop at retry 1"):
        await harness.call(client, operation)

    assert len(api.requests) == 1
    assert api.sleeps() == []


async def test_async_client_awaits_a_coroutine_on_retry_hook(api: ScriptedAPI) -> None:
    api.script = [503, 503, 200]
    seen: list[int] = []

    async def hook(info: RetryInfo) -> None:
        seen.append(info.retry_number)

    async def no_sleep(seconds: float) -> None:
        api.events.append(("sleep", seconds))

    async with AsyncFirstHandClient(api_key=API_KEY, on_retry=hook, sleep=no_sleep) as client:
        await client.get_job(JOB_ID)

    assert seen == [1, 2]
    assert len(api.sleeps()) == 2


def test_sync_client_refuses_a_coroutine_on_retry_hook() -> None:
    async def hook(info: RetryInfo) -> None:  # pragma: no cover - never called
        pass

    with pytest.raises(FirstHandError, match="coroutine function"):
        FirstHandClient(api_key=API_KEY, on_retry=hook)
    client = FirstHandClient(api_key=API_KEY)
    with pytest.raises(FirstHandError, match="coroutine function"):
        client.with_options(on_retry=hook)
    client.close()


# -- what is raised in the end ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "expected", "status"),
    [
        ([503, 500], FirstHandServerError, 500),
        ([500, 503], FirstHandServerError, 503),
        ([503, 429], FirstHandRateLimitError, 429),
        ([429, 502], FirstHandServerError, 502),
        ([httpx.ConnectError, 504], FirstHandServerError, 504),
        ([503, httpx.ReadTimeout], FirstHandTimeoutError, None),
        ([httpx.ReadTimeout, httpx.ConnectError], FirstHandConnectionError, None),
        ([503, 408], FirstHandError, 408),
    ],
    ids=script_id,
)
async def test_the_last_failure_is_raised_when_retries_run_out(
    harness: Harness,
    api: ScriptedAPI,
    script: list[Step],
    expected: type[FirstHandError],
    status: Optional[int],
) -> None:
    api.script = [*script, 200]
    client = harness.client(max_retries=1)

    with pytest.raises(FirstHandError) as caught:
        await harness.call(client, "cancel_job")

    assert type(caught.value) is expected
    assert caught.value.status == status
    assert caught.value.retryable is True
    if status is not None:
        assert caught.value.request_id == "req_1"  # the second (last) attempt's response
    assert len(api.requests) == 2
