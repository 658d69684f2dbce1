"""Waiting for jobs (docs/api-contract.md, "long polling") and deprecation warnings ("deprecation").

``JobWait`` is tested on its own with an injected clock; ``wait_for_job`` and
``create_job_and_wait`` on both clients over respx (``kind`` is ``"sync"`` or ``"async"``), with
a recording ``sleep=`` so nothing sleeps longer than a few hundredths of a second. Where exact
timing matters the clients' ``clock=`` reads a fake clock that the server moves forward by each
``Prefer: wait=N`` it holds a request for, and their ``sleep=`` moves it forward too.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any, Optional, Union

import httpx
import pytest
import respx

import firsthand
from client_helpers import API_KEY, JOB_BODY, Client, approx, call, job_json, make
from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandDeprecationWarning,
    FirstHandError,
    FirstHandNotFoundError,
    FirstHandServerError,
    FirstHandTimeoutError,
    FirstHandValidationError,
    Job,
)
from firsthand._waiting import DEFAULT_POLL, DEFAULT_WAIT_TIMEOUT, MIN_POLL_INTERVAL, JobWait

BASE_URL = "https://api.firsthandapi.com"
JOB_ID = "job_01JQ0000000000000000000001"
NEW_JOB_ID = "job_01JQ0000000000000000000002"


#: The most a client's ``sleep=`` will really sleep (the brief allows 0.1 s).
REAL_SLEEP_CAP = 0.06


class Clock:
    """A settable monotonic clock."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def job(status: str, job_id: str = JOB_ID) -> Job:
    return Job.model_validate(job_json(job_id, status))


# -- JobWait on its own ----------------------------------------------------------------------


def test_defaults() -> None:
    wait = JobWait(clock=Clock())
    assert (wait.timeout, wait.poll) == (DEFAULT_WAIT_TIMEOUT, DEFAULT_POLL)
    assert (DEFAULT_WAIT_TIMEOUT, DEFAULT_POLL, MIN_POLL_INTERVAL) == (600.0, 30.0, 1.0)


def test_the_deadline_is_timeout_seconds_after_creation() -> None:
    wait = JobWait(timeout=90, poll=30, clock=Clock(1000.0))
    assert wait.deadline == 1090.0
    assert isinstance(wait.timeout, float)


@pytest.mark.parametrize(
    ("poll", "expected"),
    [
        (0.001, 1),
        (0.2, 1),
        (1, 1),
        (1.01, 2),
        (2.5, 3),
        (30, 30),
        (59.1, 60),
        (60, 60),
        (61, 60),
        (600, 60),
    ],
)
def test_poll_length_is_rounded_up_and_clamped_to_1_to_60(poll: float, expected: int) -> None:
    wait = JobWait(timeout=1000, poll=poll, clock=Clock())
    seconds = wait.next_poll(job("open"))
    assert seconds == expected
    assert type(seconds) is int


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [(0.0, 30), (60.0, 30), (60.5, 30), (75.0, 15), (85.2, 5), (89.5, 1), (89.999, 1)],
)
def test_poll_length_never_exceeds_the_time_left(elapsed: float, expected: int) -> None:
    clock = Clock()
    wait = JobWait(timeout=90, poll=30, clock=clock)
    clock.now = elapsed
    assert wait.next_poll(job("in_progress")) == expected


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_a_terminal_job_ends_the_wait(status: str) -> None:
    clock = Clock()
    wait = JobWait(timeout=10, poll=5, clock=clock)
    assert wait.next_poll(job(status)) is None
    clock.now = 1_000.0  # even past the deadline, a finished job is an answer, not a timeout
    assert wait.next_poll(job(status)) is None


@pytest.mark.parametrize("status", ["open", "filled", "in_progress", "paused_by_a_newer_server"])
def test_other_statuses_keep_waiting(status: str) -> None:
    assert JobWait(timeout=10, poll=5, clock=Clock()).next_poll(job(status)) == 5


@pytest.mark.parametrize("elapsed", [90.0, 90.001, 500.0])
def test_time_up_raises_a_wait_timeout_naming_the_last_status(elapsed: float) -> None:
    clock = Clock()
    wait = JobWait(timeout=90, poll=30, clock=clock)
    clock.now = elapsed
    with pytest.raises(FirstHandTimeoutError) as caught:
        wait.next_poll(job("in_progress"))
    error = caught.value
    assert error.type == "wait_timeout"
    assert error.retryable is False
    assert error.status is None
    assert isinstance(error, FirstHandError)
    assert "'in_progress'" in error.message
    assert JOB_ID in error.message
    assert "90 s" in error.message


def test_the_timeout_message_shows_fractional_timeouts() -> None:
    clock = Clock()
    wait = JobWait(timeout=0.25, poll=30, clock=clock)
    clock.now = 0.25
    with pytest.raises(FirstHandTimeoutError, match=r"within 0\.25 s; its last status was 'open'"):
        wait.next_poll(job("open"))


def test_an_early_answer_with_the_same_status_pauses_until_a_second_after_the_poll() -> None:
    clock = Clock(10.0)
    wait = JobWait(timeout=60, poll=30, clock=clock)
    assert wait.next_poll(job("open")) == 30
    clock.now = 10.25
    assert wait.pause_after(job("open")) == approx(0.75)


@pytest.mark.parametrize("elapsed", [1.0, 1.5, 30.0])
def test_a_late_answer_needs_no_pause(elapsed: float) -> None:
    clock = Clock()
    wait = JobWait(timeout=60, poll=30, clock=clock)
    wait.next_poll(job("open"))
    clock.now = elapsed
    assert wait.pause_after(job("open")) == 0.0


@pytest.mark.parametrize("answer", ["in_progress", "filled", "completed", "cancelled"])
def test_a_changed_or_terminal_status_needs_no_pause(answer: str) -> None:
    clock = Clock()
    wait = JobWait(timeout=60, poll=30, clock=clock)
    wait.next_poll(job("open"))
    clock.now = 0.1
    assert wait.pause_after(job(answer)) == 0.0


def test_the_pause_compares_with_the_status_of_the_latest_poll() -> None:
    clock = Clock()
    wait = JobWait(timeout=60, poll=30, clock=clock)
    wait.next_poll(job("open"))
    clock.now = 0.1
    assert wait.pause_after(job("in_progress")) == 0.0
    wait.next_poll(job("in_progress"))
    clock.now = 0.3
    assert wait.pause_after(job("in_progress")) == approx(0.8)
    assert wait.pause_after(job("open")) == 0.0


def test_the_pause_never_runs_past_the_deadline() -> None:
    clock = Clock()
    wait = JobWait(timeout=10.5, poll=30, clock=clock)
    clock.now = 10.0
    assert wait.next_poll(job("open")) == 1
    clock.now = 10.2
    assert wait.pause_after(job("open")) == approx(0.3)


def test_the_pause_is_never_negative() -> None:
    clock = Clock()
    wait = JobWait(timeout=10, poll=30, clock=clock)
    clock.now = 9.9
    wait.next_poll(job("open"))
    clock.now = 10.2  # the poll came back after the deadline
    assert wait.pause_after(job("open")) == 0.0


INVALID_SECONDS: list[object] = [
    0,
    0.0,
    -1,
    -0.5,
    math.nan,
    math.inf,
    -math.inf,
    "30",
    None,
    True,
    False,
    [30],
]


@pytest.mark.parametrize("field", ["timeout", "poll"])
@pytest.mark.parametrize("value", INVALID_SECONDS, ids=repr)
def test_invalid_timeout_or_poll_is_a_validation_error_naming_the_field(
    field: str, value: object
) -> None:
    arguments: dict[str, object] = {"timeout": 60, "poll": 30, field: value}
    with pytest.raises(FirstHandValidationError) as caught:
        JobWait(arguments["timeout"], arguments["poll"], clock=Clock())
    error = caught.value
    assert error.status is None
    assert [d["field"] for d in error.details] == [field]
    assert error.message.startswith(f"{field} must be")


@pytest.mark.parametrize("value", [1, 0.001, 3600, 1e9])
def test_any_positive_finite_number_is_accepted(value: float) -> None:
    wait = JobWait(timeout=value, poll=value, clock=Clock())
    assert wait.timeout == wait.poll == float(value)


# -- the clients: a scripted job server ------------------------------------------------------

#: One answer to a ``GET`` of the job: a status, or a canned response (an error).
Step = Union[str, httpx.Response]


class JobServer:
    """``GET /v1/jobs/{id}`` answers ``script[i]`` to the i-th GET (the last step repeats);
    ``POST /v1/jobs`` creates ``NEW_JOB_ID`` (after ``post_failures`` 503s). Every request is
    recorded. With a ``clock``, a request with ``Prefer: wait=N`` moves it ``N`` seconds forward
    (a server that holds each long poll the whole time) and a POST moves it ``post_seconds``."""

    def __init__(
        self,
        script: list[Step],
        *,
        clock: Optional[Clock] = None,
        post_seconds: float = 0.0,
        post_failures: int = 0,
    ) -> None:
        self.script = script
        self.clock = clock
        self.post_seconds = post_seconds
        self.post_failures = post_failures
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert len(self.requests) <= 100, "the wait never stopped"
        if request.method == "POST":
            assert request.url.path == "/v1/jobs"
            if len(self.posts) <= self.post_failures:
                return httpx.Response(503, json={"error": {"message": "busy"}})
            if self.clock is not None:
                self.clock.now += self.post_seconds
            return httpx.Response(201, json=job_json(NEW_JOB_ID, "open"))
        assert request.method == "GET"
        job_id = request.url.path.rsplit("/", 1)[-1]
        prefer = request.headers.get("Prefer")
        if self.clock is not None and prefer is not None:
            self.clock.now += float(prefer[len("wait=") :])
        step = self.script[min(len(self.gets), len(self.script)) - 1]
        if isinstance(step, httpx.Response):
            return step
        return httpx.Response(200, json=job_json(job_id, step))

    @property
    def gets(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "GET"]

    @property
    def posts(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST"]

    def prefers(self) -> list[Optional[str]]:
        return [r.headers.get("Prefer") for r in self.gets]


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        yield mock


class Timing:
    """What the ``client`` fixture's clients wait on (their ``sleep=`` and ``clock=`` hooks). Each
    wait is recorded in ``sleeps`` and moves ``clock`` forward when one is set (otherwise the real
    monotonic clock is read); with ``real`` it is also slept, as long as it is at most
    ``REAL_SLEEP_CAP``."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.clock: Optional[Clock] = None
        self.real = False

    def now(self) -> float:
        return time.monotonic() if self.clock is None else self.clock()

    def _record(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.clock is not None:
            self.clock.now += seconds
        if self.real:
            assert seconds <= REAL_SLEEP_CAP, f"asked to sleep {seconds} s"

    def sleep(self, seconds: float) -> None:
        self._record(seconds)
        if self.real:
            time.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self._record(seconds)
        if self.real:
            await asyncio.sleep(seconds)


@pytest.fixture
def timing() -> Timing:
    return Timing()


@pytest.fixture
async def client(kind: str, timing: Timing) -> AsyncIterator[Client]:
    sleep = timing.sleep if kind == "sync" else timing.async_sleep
    made = make(kind, api_key=API_KEY, sleep=sleep, clock=timing.now)
    yield made
    if isinstance(made, FirstHandClient):
        made.close()
    else:
        await made.aclose()


def serve(router: respx.MockRouter, server: JobServer) -> JobServer:
    router.route().mock(side_effect=server.handler)
    return server


async def wait_for_job(client: Client, job_id: str = JOB_ID, **kwargs: Any) -> Job:
    result: Job = await call(client, "wait_for_job", job_id, **kwargs)
    return result


async def create_job_and_wait(client: Client, **kwargs: Any) -> Job:
    result: Job = await call(client, "create_job_and_wait", JOB_BODY, **kwargs)
    return result


# -- wait_for_job ----------------------------------------------------------------------------


async def test_wait_for_job_long_polls_until_the_job_is_done(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    server = serve(router, JobServer(["open", "in_progress", "filled", "completed"]))
    sleeps = timing.sleeps
    done = await wait_for_job(client, poll=5)
    assert isinstance(done, Job)
    assert (done.id, done.status) == (JOB_ID, "completed")
    assert server.prefers() == [None, "wait=5", "wait=5", "wait=5"]
    assert {r.url.path for r in server.requests} == {f"/v1/jobs/{JOB_ID}"}
    assert sleeps == [], "every answer changed the status: no pause"


async def test_wait_for_job_polls_30_seconds_by_default(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["open", "cancelled"]))
    assert (await wait_for_job(client)).status == "cancelled"
    assert server.prefers() == [None, "wait=30"]


@pytest.mark.parametrize(("poll", "header"), [(0.2, "wait=1"), (2.5, "wait=3"), (120, "wait=60")])
async def test_wait_for_job_clamps_the_poll_it_sends(
    router: respx.MockRouter,
    client: Client,
    poll: float,
    header: str,
) -> None:
    server = serve(router, JobServer(["open", "completed"]))
    await wait_for_job(client, poll=poll)
    assert server.prefers() == [None, header]


@pytest.mark.parametrize("status", ["completed", "cancelled"])
async def test_a_finished_job_is_returned_after_one_plain_get(
    router: respx.MockRouter, client: Client, status: str
) -> None:
    server = serve(router, JobServer([status]))
    assert (await wait_for_job(client)).status == status
    assert server.prefers() == [None]


async def test_an_early_unchanged_answer_pauses_about_a_second(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    server = serve(router, JobServer(["open", "open", "completed"]))
    sleeps = timing.sleeps
    assert (await wait_for_job(client, poll=10)).status == "completed"
    assert len(server.gets) == 3
    assert len(sleeps) == 1
    assert 0.5 < sleeps[0] <= MIN_POLL_INTERVAL


async def test_wait_for_job_times_out_naming_the_last_status(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    # The real clock: the server answers at once, the pause is cut to the little time left.
    server = serve(router, JobServer(["open", "in_progress"]))
    timing.real = True
    sleeps = timing.sleeps
    started = time.monotonic()
    with pytest.raises(FirstHandTimeoutError) as caught:
        await wait_for_job(client, timeout=0.05, poll=30)
    assert time.monotonic() - started < 1.0
    error = caught.value
    assert error.type == "wait_timeout"
    assert error.retryable is False
    assert "'in_progress'" in error.message
    assert JOB_ID in error.message
    assert 2 <= len(server.gets) <= 6
    assert server.prefers()[1:] == ["wait=1"] * (len(server.gets) - 1)
    assert all(0 < s <= 0.05 for s in sleeps)


async def test_long_polls_shrink_to_the_time_left(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    clock = Clock()
    timing.clock = clock
    server = serve(router, JobServer(["open"], clock=clock))
    sleeps = timing.sleeps
    with pytest.raises(
        FirstHandTimeoutError, match="did not finish within 70 s; its last status was 'open'"
    ):
        await wait_for_job(client, timeout=70, poll=30)
    assert server.prefers() == [None, "wait=30", "wait=30", "wait=10"]
    assert sleeps == [], "a server that holds each poll needs no pauses"
    assert clock.now == 70.0


async def test_a_server_that_ignores_prefer_wait_is_polled_once_a_second(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    clock = Clock()
    timing.clock = clock
    server = serve(router, JobServer(["open"]))  # answers at once: the clock only moves in sleeps
    sleeps = timing.sleeps
    with pytest.raises(FirstHandTimeoutError):
        await wait_for_job(client, timeout=3.5, poll=30)
    assert sleeps == [1.0, 1.0, 1.0, 0.5]
    assert server.prefers() == [None, "wait=4", "wait=3", "wait=2", "wait=1"]


async def test_an_error_while_polling_propagates(router: respx.MockRouter, client: Client) -> None:
    gone = httpx.Response(404, json={"error": {"type": "not_found", "message": "No such job"}})
    server = serve(router, JobServer(["open", gone]))
    with pytest.raises(FirstHandNotFoundError):
        await wait_for_job(client)
    assert len(server.gets) == 2


@pytest.mark.parametrize("field", ["timeout", "poll"])
@pytest.mark.parametrize("value", [0, -5, math.nan, "60"], ids=repr)
async def test_wait_for_job_refuses_bad_timings_before_sending(
    router: respx.MockRouter, client: Client, field: str, value: object
) -> None:
    server = serve(router, JobServer(["completed"]))
    timing: dict[str, Any] = {field: value}
    with pytest.raises(FirstHandValidationError) as caught:
        await wait_for_job(client, **timing)
    assert [d["field"] for d in caught.value.details] == [field]
    assert server.requests == []


async def test_wait_for_job_sends_extra_headers_on_every_get(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["open", "in_progress", "completed"]))
    await wait_for_job(client, extra_headers={"X-Tenant": "acme"})
    assert [r.headers.get("X-Tenant") for r in server.requests] == ["acme"] * 3


async def test_wait_for_job_max_retries_applies_to_every_get(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    busy = httpx.Response(503, json={"error": {"message": "busy"}})
    # GET 1: open. GET 2 (poll): 503, retried once -> in_progress. GET 4 (poll): 503, no retries left.
    server = serve(router, JobServer(["open", busy, "in_progress", busy]))
    sleeps = timing.sleeps
    with pytest.raises(FirstHandServerError):
        await wait_for_job(client, max_retries=1)
    assert len(server.gets) == 5
    assert [r.headers["X-FirstHand-Retry-Count"] for r in server.gets] == ["0", "0", "1", "0", "1"]
    assert len(sleeps) == 2, "one backoff per retry"


async def test_wait_for_job_max_retries_zero_fails_on_the_first_error(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    busy = httpx.Response(503, json={"error": {"message": "busy"}})
    server = serve(router, JobServer(["open", busy, "completed"]))
    sleeps = timing.sleeps
    with pytest.raises(FirstHandServerError):
        await wait_for_job(client, max_retries=0)
    assert len(server.gets) == 2
    assert sleeps == []


# -- create_job_and_wait ---------------------------------------------------------------------


async def test_create_job_and_wait_posts_once_with_the_callers_key_then_polls(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["in_progress", "completed"]))
    done = await create_job_and_wait(client, idempotency_key="order-1234", poll=7)
    assert (done.id, done.status) == (NEW_JOB_ID, "completed")

    assert [r.method for r in server.requests] == ["POST", "GET", "GET"]
    post = server.posts[0]
    assert post.headers["Idempotency-Key"] == "order-1234"
    assert {r.url.path for r in server.gets} == {f"/v1/jobs/{NEW_JOB_ID}"}
    assert server.prefers() == ["wait=7", "wait=7"], "the created job is long-polled at once"
    assert all("Idempotency-Key" not in r.headers for r in server.gets)


async def test_create_job_and_wait_generates_one_key_when_none_is_given(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["completed"], post_failures=1))
    await create_job_and_wait(client)
    keys = {r.headers["Idempotency-Key"] for r in server.posts}
    assert len(server.posts) == 2, "the 503 was retried"
    assert len(keys) == 1, "one key for every attempt of the one POST"
    assert uuid.UUID(keys.pop()).version == 4


async def test_create_job_and_wait_sends_options_on_every_request(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["open", "completed"]))
    await create_job_and_wait(client, extra_headers={"X-Tenant": "acme"}, idempotency_key="k-1")
    assert [r.method for r in server.requests] == ["POST", "GET", "GET"]
    assert [r.headers.get("X-Tenant") for r in server.requests] == ["acme"] * 3


async def test_create_job_and_wait_max_retries_zero_reaches_the_post(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    server = serve(router, JobServer(["completed"], post_failures=1))
    sleeps = timing.sleeps
    with pytest.raises(FirstHandServerError):
        await create_job_and_wait(client, max_retries=0)
    assert len(server.requests) == 1
    assert sleeps == []


async def test_create_job_and_wait_max_retries_zero_reaches_the_polls(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    busy = httpx.Response(503, json={"error": {"message": "busy"}})
    server = serve(router, JobServer(["in_progress", busy, "completed"]))
    sleeps = timing.sleeps
    with pytest.raises(FirstHandServerError):
        await create_job_and_wait(client, max_retries=0)
    assert [r.method for r in server.requests] == ["POST", "GET", "GET"]
    assert sleeps == []


async def test_create_job_and_wait_timeout_covers_the_create_too(
    router: respx.MockRouter, client: Client, timing: Timing
) -> None:
    clock = Clock()
    timing.clock = clock
    server = serve(router, JobServer(["open"], clock=clock, post_seconds=50.0))
    with pytest.raises(FirstHandTimeoutError, match="its last status was 'open'"):
        await create_job_and_wait(client, timeout=60, poll=30)
    assert server.prefers() == ["wait=10"]


async def test_create_job_and_wait_refuses_a_bad_timeout_before_posting(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, JobServer(["completed"]))
    with pytest.raises(FirstHandValidationError) as caught:
        await create_job_and_wait(client, timeout=0)
    assert [d["field"] for d in caught.value.details] == ["timeout"]
    assert server.requests == [], "no job may be created when the wait cannot run"


# -- deprecation warnings --------------------------------------------------------------------

SUNSET = "Sat, 31 Oct 2026 23:59:59 GMT"
SUCCESSOR = '<https://docs.firsthandapi.com/v2/jobs>; rel="successor-version"'


class DeprecatingServer:
    """Answers every request (a job, or a one-job list) with ``headers``; records the requests."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        parts = request.url.path.strip("/").split("/")
        if request.method == "GET" and parts[-1] == "jobs":
            body: dict[str, Any] = {"object": "list", "data": [job_json(JOB_ID)], "has_more": False}
        elif parts[-1] == "cancel":
            body = job_json(parts[-2], "cancelled")
        else:
            body = job_json(parts[-1])
        return httpx.Response(200, json=body, headers=self.headers)


def deprecating(router: respx.MockRouter, headers: dict[str, str]) -> DeprecatingServer:
    server = DeprecatingServer(headers)
    router.route().mock(side_effect=server.handler)
    return server


#: One GET and one POST operation: (method name, the path template the warning names).
DEPRECATED_OPERATIONS = [
    ("get_job", "GET /v1/jobs/{job_id}"),
    ("cancel_job", "POST /v1/jobs/{job_id}/cancel"),
]


async def calls_warning(
    client: Client, operation: str, *args: Any
) -> list[warnings.WarningMessage]:
    """Call ``operation`` and return the deprecation warnings it issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await call(client, operation, *args)
    return [w for w in caught if issubclass(w.category, FirstHandDeprecationWarning)]


def test_the_warning_class_is_public_and_shown_by_default() -> None:
    assert firsthand.FirstHandDeprecationWarning is FirstHandDeprecationWarning
    assert "FirstHandDeprecationWarning" in firsthand.__all__
    # FutureWarning, unlike DeprecationWarning, is not hidden by Python's default filters.
    assert issubclass(FirstHandDeprecationWarning, FutureWarning)


@pytest.mark.parametrize(("operation", "path"), DEPRECATED_OPERATIONS)
async def test_a_deprecated_path_warns_once_per_client(
    router: respx.MockRouter, client: Client, operation: str, path: str
) -> None:
    deprecating(router, {"Deprecation": "true", "Sunset": SUNSET, "Link": SUCCESSOR})
    first = await calls_warning(client, operation, "job_a")
    assert len(first) == 1
    message = str(first[0].message)
    assert path in message
    assert SUNSET in message
    assert "https://docs.firsthandapi.com/v2/jobs" in message

    # The same path template (another id) on the same client: no second warning.
    assert await calls_warning(client, operation, "job_b") == []
    assert await calls_warning(client, operation, "job_a") == []


async def test_the_warning_points_at_the_callers_line(
    router: respx.MockRouter, client: Client
) -> None:
    deprecating(router, {"Deprecation": "true"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if isinstance(client, FirstHandClient):
            client.get_job(JOB_ID)
        else:
            await client.get_job(JOB_ID)
    assert len(caught) == 1
    assert caught[0].filename == __file__, "the warning points at the caller, not the SDK"


@pytest.mark.parametrize(("operation", "path"), DEPRECATED_OPERATIONS)
async def test_a_new_client_warns_again(
    router: respx.MockRouter, kind: str, operation: str, path: str
) -> None:
    server = deprecating(router, {"Deprecation": "true", "Sunset": SUNSET})
    for _ in range(2):
        fresh = make(kind, api_key=API_KEY)
        try:
            caught = await calls_warning(fresh, operation, JOB_ID)
        finally:
            if isinstance(fresh, FirstHandClient):
                fresh.close()
            else:
                await fresh.aclose()
        assert len(caught) == 1
        assert path in str(caught[0].message)
    assert len(server.requests) == 2


async def test_each_path_warns_once(router: respx.MockRouter, client: Client) -> None:
    deprecating(router, {"Deprecation": "true"})
    seen: list[str] = []
    for operation in ["get_job", "cancel_job", "get_job", "cancel_job"]:
        seen += [str(w.message) for w in await calls_warning(client, operation, JOB_ID)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await call(client, "list_jobs")
    seen += [str(w.message) for w in caught]
    assert len(seen) == 3
    assert "GET /v1/jobs/{job_id}" in seen[0]
    assert "POST /v1/jobs/{job_id}/cancel" in seen[1]
    assert "GET /v1/jobs " in seen[2]


async def test_copies_of_a_client_share_its_memory(
    router: respx.MockRouter, client: Client
) -> None:
    deprecating(router, {"Deprecation": "true"})
    assert len(await calls_warning(client, "get_job", JOB_ID)) == 1
    assert await calls_warning(client.with_options(max_retries=0), "get_job", JOB_ID) == []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw: Any = client.with_raw_response.get_job(JOB_ID)
        if isinstance(client, AsyncFirstHandClient):
            await raw
    assert caught == []


async def test_a_sunset_header_alone_warns_with_its_date(
    router: respx.MockRouter, client: Client
) -> None:
    deprecating(router, {"Sunset": SUNSET})
    caught = await calls_warning(client, "get_job", JOB_ID)
    assert len(caught) == 1
    assert SUNSET in str(caught[0].message)


async def test_a_deprecation_header_alone_warns_without_a_date(
    router: respx.MockRouter, client: Client
) -> None:
    deprecating(router, {"Deprecation": "@1774000000"})
    caught = await calls_warning(client, "cancel_job", JOB_ID)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "POST /v1/jobs/{job_id}/cancel" in message
    assert "removed" not in message


async def test_no_header_no_warning(router: respx.MockRouter, client: Client) -> None:
    deprecating(router, {"X-Request-Id": "req_1"})
    assert await calls_warning(client, "get_job", JOB_ID) == []
    assert await calls_warning(client, "cancel_job", JOB_ID) == []


async def test_a_deprecation_warning_can_be_made_an_error(
    router: respx.MockRouter, client: Client
) -> None:
    deprecating(router, {"Deprecation": "true"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", FirstHandDeprecationWarning)
        with pytest.raises(FirstHandDeprecationWarning, match="GET /v1/jobs/"):
            await call(client, "get_job", JOB_ID)


async def test_an_error_answer_from_a_deprecated_path_warns_too(
    router: respx.MockRouter, client: Client
) -> None:
    # A sunset endpoint answers 410 Gone: the warning explains why, next to the error.
    router.route().mock(
        return_value=httpx.Response(
            410,
            json={"error": {"type": "not_found", "message": "gone"}},
            headers={"Deprecation": "true", "Sunset": SUNSET},
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(firsthand.FirstHandNotFoundError):
            await call(client, "get_job", "job_a")
    sdk = [w for w in caught if issubclass(w.category, FirstHandDeprecationWarning)]
    assert len(sdk) == 1
    assert SUNSET in str(sdk[0].message)
