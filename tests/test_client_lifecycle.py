"""Client lifecycle (docs/configuration.md): ``http_client`` injection and ownership, context
managers and ``close()``/``aclose()``, ``with_options``, ``repr``/``str``/pickling, and concurrent
use (threads for the sync client, ``asyncio.gather`` for the async one).
"""

from __future__ import annotations

import asyncio
import pickle
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Union

import httpx
import pytest
import respx

from client_helpers import Client, Recorder, call, client_class, job_json, make, sleeper
from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandError,
    FirstHandServerError,
    Job,
    JobCreateParamsDict,
)

TEST_KEY = "fh_test_sk_lifecycle0000000000000001"
LIVE_KEY = "fh_live_sk_lifecycle0000000000000002"
OTHER_KEY = "fh_live_sk_lifecycle0000000000000003"
API = "https://api.firsthandapi.com"

VALID_JOB_BODY: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "accepted_formats": ["image/jpeg", "image/png"],
    "price_per_file_cents": 75,
}


# -- a recording server and helpers that run one scenario on either client ----------------------


@pytest.fixture
def api() -> Iterator[Recorder]:
    """Every request to any host is answered by a :class:`Recorder` (respx, no network)."""
    recorder = Recorder()
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=recorder)
        yield recorder


def user_http_client(kind: str, handler: Recorder) -> Union[httpx.Client, httpx.AsyncClient]:
    transport = httpx.MockTransport(handler)
    if kind == "sync":
        return httpx.Client(transport=transport)
    return httpx.AsyncClient(transport=transport)


async def close(client: Client) -> None:
    if isinstance(client, AsyncFirstHandClient):
        await client.aclose()
    else:
        client.close()


def pool_closed(client: Client) -> bool:
    """Whether the client's connection pool (its httpx client) is closed."""
    return client._http.is_closed


async def close_http(http: Union[httpx.Client, httpx.AsyncClient]) -> None:
    if isinstance(http, httpx.AsyncClient):
        await http.aclose()
    else:
        http.close()


async def use_as_context_manager(client: Client) -> Client:
    """Enter and leave ``with``/``async with``; return what the ``as`` target was bound to."""
    if isinstance(client, AsyncFirstHandClient):
        async with client as entered_async:
            await entered_async.get_job("job_ctx")
        return entered_async
    with client as entered:
        entered.get_job("job_ctx")
    return entered


# -- http_client injection -------------------------------------------------------------------


async def test_injected_http_client_is_used(kind: str) -> None:
    recorder = Recorder()
    http = user_http_client(kind, recorder)
    client = make(kind, api_key=TEST_KEY, http_client=http, timeout=7.0)
    assert client._http is http
    job = await call(client, "get_job", "job_1")
    assert job.id == "job_1"
    assert len(recorder.requests) == 1
    sent = recorder.last
    assert str(sent.url) == f"{API}/v1/jobs/job_1"
    assert sent.headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert sent.extensions["timeout"]["read"] == 7.0  # the SDK's timeout, not httpx's default
    await close(client)
    await close_http(http)


@pytest.mark.parametrize("how", ["close", "context_manager", "close_twice"])
async def test_injected_http_client_is_never_closed(kind: str, how: str) -> None:
    recorder = Recorder()
    http = user_http_client(kind, recorder)
    client = make(kind, api_key=TEST_KEY, http_client=http)
    if how == "context_manager":
        await use_as_context_manager(client)
    else:
        await call(client, "get_job", "job_1")
        await close(client)
        if how == "close_twice":
            await close(client)
    assert http.is_closed is False
    # ... and still works, for the SDK and for its owner
    await call(make(kind, api_key=TEST_KEY, http_client=http), "get_job", "job_2")
    assert recorder.last.url.path == "/v1/jobs/job_2"
    await close_http(http)
    assert http.is_closed is True


async def test_with_options_copy_of_an_injected_client_never_closes_it(kind: str) -> None:
    http = user_http_client(kind, Recorder())
    client = make(kind, api_key=TEST_KEY, http_client=http)
    copy = client.with_options(timeout=3.0)
    await close(copy)
    await close(client)
    assert http.is_closed is False
    await close_http(http)


@pytest.mark.parametrize("wrong", ["other_kind", "object"])
def test_http_client_of_the_wrong_kind_is_rejected(kind: str, wrong: str) -> None:
    bad: object
    if wrong == "object":
        bad = object()
    elif kind == "sync":
        bad = httpx.AsyncClient()
    else:
        bad = httpx.Client()
    with pytest.raises(FirstHandError, match="http_client"):
        make(kind, api_key=TEST_KEY, http_client=bad)
    if isinstance(bad, httpx.Client):
        bad.close()


@pytest.mark.parametrize("how", ["close", "context_manager"])
async def test_sdk_created_http_client_is_closed(kind: str, how: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    assert not pool_closed(client)
    if how == "close":
        await call(client, "get_job", "job_1")
        await close(client)
    else:
        await use_as_context_manager(client)
    assert pool_closed(client)
    assert len(api.requests) == 1


# -- transport=, sleep=, clock= --------------------------------------------------------------


async def test_a_transport_is_what_the_clients_own_pool_sends_through(kind: str) -> None:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    client = make(kind, api_key=TEST_KEY, transport=transport)
    job = await call(client, "get_job", "job_t")
    assert job.id == "job_t"
    assert recorder.last.url == "https://api.firsthandapi.com/v1/jobs/job_t"
    await call(client, "aclose" if kind == "async" else "close")
    with pytest.raises(FirstHandError, match="closed"):  # the pool was the client's own
        await call(client, "get_job", "job_t")


def test_a_transport_with_an_http_client_is_refused(kind: str) -> None:
    transport = httpx.MockTransport(Recorder())
    http = httpx.Client() if kind == "sync" else httpx.AsyncClient()
    with pytest.raises(FirstHandError) as info:
        make(kind, api_key=TEST_KEY, http_client=http, transport=transport)
    assert info.value.type == "configuration_error"
    assert "transport and http_client" in str(info.value)
    if isinstance(http, httpx.Client):
        http.close()


def test_a_transport_of_the_other_kind_is_refused(kind: str) -> None:
    class SyncOnly(httpx.BaseTransport):
        pass

    class AsyncOnly(httpx.AsyncBaseTransport):
        pass

    wrong = AsyncOnly() if kind == "sync" else SyncOnly()
    with pytest.raises(FirstHandError) as info:
        make(kind, api_key=TEST_KEY, transport=wrong)
    assert info.value.type == "configuration_error"
    expected = "BaseTransport" if kind == "sync" else "AsyncBaseTransport"
    assert f"transport must be an httpx.{expected}" in str(info.value)


def test_sleep_and_clock_must_be_callables(kind: str) -> None:
    for setting in ("sleep", "clock"):
        with pytest.raises(FirstHandError) as info:
            make(kind, api_key=TEST_KEY, **{setting: 5})
        assert info.value.type == "configuration_error"
        assert info.value.message.startswith(f"{setting} must be a callable")


def test_the_sync_client_refuses_an_async_sleep() -> None:
    async def sleep(seconds: float) -> None:  # pragma: no cover - never called
        pass

    with pytest.raises(FirstHandError, match="sleep is a coroutine function"):
        FirstHandClient(api_key=TEST_KEY, sleep=sleep)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # the type checkers refuse it too


async def test_retries_wait_through_sleep_and_copies_share_it(kind: str) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json=job_json("job_s"))])
    waits: list[float] = []
    client = make(
        kind,
        api_key=TEST_KEY,
        transport=httpx.MockTransport(lambda request: next(answers)),
        sleep=sleeper(kind, waits.append),
    )
    copy = client.with_options(max_retries=1)
    assert (await call(copy, "get_job", "job_s")).id == "job_s"
    assert len(waits) == 1
    assert 0 < waits[0] <= 1.0
    await call(client, "aclose" if kind == "async" else "close")


async def test_wait_for_job_runs_on_the_given_clock(kind: str) -> None:
    now = [0.0]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("Prefer"):
            now[0] += 30  # the server held the long poll for 30 s of this clock
        return httpx.Response(200, json=job_json("job_c", "open"))

    client = make(
        kind,
        api_key=TEST_KEY,
        transport=httpx.MockTransport(answer),
        clock=lambda: now[0],
        sleep=sleeper(kind, lambda seconds: None),
    )
    with pytest.raises(FirstHandError) as info:
        await call(client, "wait_for_job", "job_c", timeout=60)
    assert info.value.type == "wait_timeout"
    assert now[0] == 60  # two polls of 30 s each, then the timeout: no real time involved
    await call(client, "aclose" if kind == "async" else "close")


# -- context managers and close() ------------------------------------------------------------


async def test_context_manager_returns_the_client(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    assert await use_as_context_manager(client) is client
    assert api.last.url.path == "/v1/jobs/job_ctx"


def test_sync_context_manager_closes_on_error(api: Recorder) -> None:
    client = FirstHandClient(api_key=TEST_KEY)

    def fail_inside() -> None:
        with client:
            client.get_job("job_1")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_inside()
    assert pool_closed(client)
    assert len(api.requests) == 1


async def test_async_context_manager_closes_on_error(api: Recorder) -> None:
    client = AsyncFirstHandClient(api_key=TEST_KEY)

    async def fail_inside() -> None:
        async with client:
            await client.get_job("job_1")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await fail_inside()
    assert pool_closed(client)
    assert len(api.requests) == 1


async def test_close_is_idempotent(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    await close(client)
    await close(client)
    await use_as_context_manager_after_close(client)
    assert pool_closed(client)


async def use_as_context_manager_after_close(client: Client) -> None:
    """Leaving a ``with`` block of an already-closed client closes again without error."""
    if isinstance(client, AsyncFirstHandClient):
        async with client:
            pass
    else:
        with client:
            pass


async def test_a_closed_client_refuses_calls_with_a_firsthand_error(
    kind: str, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY)
    await close(client)
    with pytest.raises(FirstHandError, match="closed"):
        await call(client, "get_job", "job_1")
    assert api.requests == []


# -- with_options ----------------------------------------------------------------------------


async def test_with_options_returns_a_configured_copy_sharing_the_pool(
    kind: str, api: Recorder
) -> None:
    client = make(
        kind, api_key=TEST_KEY, timeout=30.0, max_retries=3, default_headers={"X-Tenant": "a"}
    )
    copy = client.with_options(
        timeout=5.0, max_retries=0, api_key=LIVE_KEY, default_headers={"X-Tenant": "b"}
    )
    assert type(copy) is client_class(kind)
    assert copy is not client
    assert copy._http is client._http
    assert (copy.max_retries, copy.timeout.read, copy.environment) == (0, 5.0, "live")
    assert (client.max_retries, client.timeout.read, client.environment) == (3, 30.0, "test")

    await call(copy, "get_job", "job_copy")
    await call(client, "get_job", "job_orig")
    via_copy, via_original = api.requests
    assert via_copy.headers["Authorization"] == f"Bearer {LIVE_KEY}"
    assert via_copy.headers.get_list("X-Tenant") == ["b"]
    assert via_copy.extensions["timeout"]["read"] == 5.0
    assert via_original.headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert via_original.headers.get_list("X-Tenant") == ["a"]
    assert via_original.extensions["timeout"]["read"] == 30.0
    await close(client)


async def test_with_options_keeps_unchanged_settings(kind: str, api: Recorder) -> None:
    client = make(
        kind,
        api_key=LIVE_KEY,
        base_url="https://proxy.example/fh",
        timeout=12.0,
        default_headers={"X-Tenant": "a"},
    )
    copy = client.with_options(max_retries=1)
    await call(copy, "get_job", "job_1")
    sent = api.last
    assert str(sent.url) == "https://proxy.example/fh/v1/jobs/job_1"
    assert sent.headers["Authorization"] == f"Bearer {LIVE_KEY}"
    assert sent.headers["X-Tenant"] == "a"
    assert sent.extensions["timeout"]["read"] == 12.0
    assert copy.max_retries == 1
    await close(client)


async def test_with_options_max_retries_changes_only_the_copy(kind: str) -> None:
    with respx.mock(base_url=API) as router:
        route = router.get("/v1/jobs/job_1").mock(
            return_value=httpx.Response(
                503, json={"error": {"type": "service_unavailable", "message": "down"}}
            )
        )
        waits: list[float] = []  # the copy shares the client's sleep=: recorded, never slept
        client = make(kind, api_key=TEST_KEY, max_retries=2, sleep=sleeper(kind, waits.append))
        copy = client.with_options(max_retries=0)

        with pytest.raises(FirstHandServerError):
            await call(copy, "get_job", "job_1")
        assert route.call_count == 1
        assert waits == []

        with pytest.raises(FirstHandServerError):
            await call(client, "get_job", "job_1")
        assert route.call_count == 1 + 3
        assert len(waits) == 2
        await close(client)


@pytest.mark.parametrize("how", ["close", "context_manager"])
async def test_closing_a_copy_leaves_the_shared_pool_open(
    kind: str, how: str, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY)
    copy = client.with_options(timeout=5.0)
    if how == "close":
        await close(copy)
    else:
        await use_as_context_manager(copy)
    assert not pool_closed(client)
    job = await call(client, "get_job", "job_after")
    assert job.id == "job_after"
    await close(client)
    assert pool_closed(client)


async def test_copies_of_copies_share_the_pool(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    grandchild = client.with_options(timeout=5.0).with_options(max_retries=0)
    assert grandchild._http is client._http
    assert (grandchild.timeout.read, grandchild.max_retries) == (5.0, 0)
    await close(grandchild)
    assert not pool_closed(client)
    await close(client)


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": "30"},
        {"timeout": -1},
        {"timeout": 0},
        {"max_retries": -1},
        {"max_retries": 1.5},
        {"max_retries": "3"},
        {"api_key": "sk-not-a-firsthand-key"},
        {"api_key": "   "},
        {"api_key": None},
    ],
    ids=repr,
)
def test_invalid_with_options_values_are_rejected(kind: str, options: dict[str, Any]) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandError):
        client.with_options(**options)
    assert (client.timeout.read, client.max_retries, client.environment) == (30.0, 3, "test")


# -- repr, str, pickling ---------------------------------------------------------------------


@pytest.mark.parametrize("key", [TEST_KEY, LIVE_KEY])
def test_repr_and_str_never_show_the_key(kind: str, key: str) -> None:
    client = make(kind, api_key=key)
    copy = client.with_options(api_key=OTHER_KEY, timeout=5.0)
    secret_parts = {key, key.split("_", 2)[2], OTHER_KEY, OTHER_KEY.split("_", 2)[2]}
    for shown in (repr(client), str(client), f"{client}", repr(copy), str(copy)):
        assert client_class(kind).__name__ in shown
        for secret in secret_parts:
            assert secret not in shown
    assert "environment='test'" in repr(client) or "environment='live'" in repr(client)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickling_a_client_raises_a_clear_type_error(kind: str, protocol: int) -> None:
    client = make(kind, api_key=TEST_KEY)
    for target in (client, client.with_options(timeout=5.0)):
        with pytest.raises(TypeError, match="cannot be pickled") as info:
            pickle.dumps(target, protocol=protocol)
        assert TEST_KEY not in str(info.value)


# -- concurrency -----------------------------------------------------------------------------


def test_one_sync_client_shared_by_eight_threads(api: Recorder) -> None:
    threads = 8
    barrier = threading.Barrier(threads)

    def work(n: int) -> tuple[Job, Job]:
        barrier.wait(timeout=5)
        created = client.create_job(VALID_JOB_BODY)
        fetched = client.get_job(f"job_thread_{n}")
        return created, fetched

    with FirstHandClient(api_key=TEST_KEY) as client, ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(threads)))

    assert [fetched.id for _, fetched in results] == [f"job_thread_{n}" for n in range(threads)]
    assert len({created.id for created, _ in results}) == threads
    posts = [r for r in api.requests if r.method == "POST"]
    gets = [r for r in api.requests if r.method == "GET"]
    assert (len(posts), len(gets)) == (threads, threads)
    keys = [r.headers["Idempotency-Key"] for r in posts]
    assert len(set(keys)) == threads
    for key in keys:
        assert uuid.UUID(key).version == 4
    assert all("Idempotency-Key" not in r.headers for r in gets)


async def test_async_client_twenty_concurrent_get_jobs() -> None:
    in_flight = 0
    peak = 0

    async def slow_job(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        job_id = request.url.path.rsplit("/", 1)[-1]
        in_flight += 1
        peak = max(peak, in_flight)
        # later requests answer first, so responses arrive out of order
        await asyncio.sleep(0.001 * (20 - int(job_id.rsplit("_", 1)[-1])))
        in_flight -= 1
        return httpx.Response(200, json=job_json(job_id))

    with respx.mock(base_url=API) as router:
        route = router.get(path__regex=r"^/v1/jobs/job_async_\d+$").mock(side_effect=slow_job)
        async with AsyncFirstHandClient(api_key=TEST_KEY) as client:
            jobs = await asyncio.gather(*(client.get_job(f"job_async_{n}") for n in range(20)))

    assert [job.id for job in jobs] == [f"job_async_{n}" for n in range(20)]
    assert route.call_count == 20
    assert peak > 1  # they really overlapped


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"api_key": "sk-wrong"},
        {"api_key": TEST_KEY, "base_url": "ftp://x"},
        {"api_key": TEST_KEY, "max_retry_wait": -1},
    ],
)
def test_a_refused_configuration_opens_no_connection_pool(
    kind: str, monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any]
) -> None:
    created: list[object] = []

    class SyncSpy(httpx.Client):  # pools that record their creation
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            created.append(self)
            super().__init__(*args, **kwargs)

    class AsyncSpy(httpx.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            created.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", SyncSpy)
    monkeypatch.setattr(httpx, "AsyncClient", AsyncSpy)
    accepted = make(kind, api_key=TEST_KEY)
    assert len(created) == 1  # the spy does see the pool an accepted configuration makes
    if isinstance(accepted, FirstHandClient):
        accepted.close()
    created.clear()
    with pytest.raises(FirstHandError):
        make(kind, **settings)
    assert created == []
