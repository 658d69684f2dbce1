"""The sync and async clients are one SDK: identical calls put identical requests on the wire, raise
the same errors and wait the same way between retries.

Each scenario runs once on ``FirstHandClient`` and once on ``AsyncFirstHandClient`` (both built by
the SDK itself, with their own connection pools), captures the ``httpx.Request`` objects respx saw
and compares method, full URL, headers, body bytes and the timeout extension.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable, Optional, Union, cast

import httpx
import pytest
import respx

import firsthand._retry
from client_helpers import approx
from firsthand import (
    AsyncFirstHandClient,
    AsyncPage,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandError,
    FirstHandNotFoundError,
    FirstHandRateLimitError,
    FirstHandServerError,
    Job,
    JobCreateParams,
    Page,
    RetryInfo,
)

BASE_URL = "https://api.firsthandapi.com"
API_KEY = "fh_test_sk_parity0000000000000000"
KINDS = ("sync", "async")
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]
ResponseFactory = Callable[[httpx.Request], httpx.Response]

_UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

JOB_BODY: dict[str, Any] = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 50,
    "accepted_formats": ["image/jpeg", "image/png"],
    "price_per_file_cents": 75,
    "title": "Coffee cups",
    "location": {"lat": 40.7128, "lng": -74.006, "radius_km": 5},
    "deadline": "2026-04-01T12:00:00+02:00",
    "metadata": {"campaign": "spring", "nested": {"a": [1, 2]}},
    "min_star_rating": 4,
}


def _job_json(job_id: str = "job_01JQ0000000000000000000001") -> dict[str, Any]:
    return {
        "object": "job",
        "id": job_id,
        "type": "data_collection",
        "status": "open",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 50,
        "files_approved": 0,
        "price_per_file_cents": 75,
        "created_at": "2026-03-20T19:03:27.971Z",
    }


def _ok(request: httpx.Request) -> httpx.Response:
    if request.url.raw_path.split(b"?")[0] == b"/v1/jobs" and request.method == "GET":
        return httpx.Response(
            200, json={"object": "list", "data": [_job_json()], "has_more": False}
        )
    return httpx.Response(200 if request.method == "GET" else 201, json=_job_json())


def _error(status: int, type_: str, headers: Optional[dict[str, str]] = None) -> ResponseFactory:
    def respond(request: httpx.Request) -> httpx.Response:
        body = {"error": {"type": type_, "message": f"{type_} happened", "request_id": "req_err1"}}
        return httpx.Response(status, json=body, headers=headers)

    return respond


def comparable(result: Any) -> Any:
    """Pages have no ``==``: compare what they hold."""
    if isinstance(result, (Page, AsyncPage)):
        page = cast("Union[Page[Job], AsyncPage[Job]]", result)
        return (page.data, page.has_more, page.next_cursor)
    return result


def _html_502(request: httpx.Request) -> httpx.Response:
    return httpx.Response(502, text="<html>Bad gateway</html>")


def _requests(calls: Any) -> list[httpx.Request]:
    """The requests respx recorded (its call list is untyped)."""
    return [c.request for c in calls]


@dataclass
class Run:
    """What one client did for one scenario."""

    requests: list[httpx.Request]
    waits: list[float]
    retries: list[RetryInfo]
    result: Any = None
    error: Optional[BaseException] = None


async def run_on(
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    *args: Any,
    responses: Sequence[ResponseFactory] = (),
    client_options: Optional[dict[str, Any]] = None,
    **kwargs: Any,
) -> Run:
    """Run ``operation`` on a fresh client of ``kind``; answer with ``responses`` in order, then OK."""
    pending = list(responses)

    def answer(request: httpx.Request) -> httpx.Response:
        return pending.pop(0)(request) if pending else _ok(request)

    run = Run(requests=[], waits=[], retries=[])
    options: dict[str, Any] = {"api_key": API_KEY, "on_retry": run.retries.append}
    options.update(client_options or {})

    def record(seconds: float) -> None:
        run.waits.append(seconds)

    async def record_async(seconds: float) -> None:
        run.waits.append(seconds)

    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        route = mock.route().mock(side_effect=answer)
        client: AnyClient
        if kind == "sync":
            client = FirstHandClient(**options, sleep=record)
        else:
            client = AsyncFirstHandClient(**options, sleep=record_async)
        try:
            outcome = getattr(client, operation)(*args, **kwargs)
            if inspect.isawaitable(outcome):
                outcome = await outcome
            run.result = outcome
        except FirstHandError as exc:
            run.error = exc
        finally:
            if isinstance(client, FirstHandClient):
                client.close()
            else:
                await client.aclose()
        run.requests = _requests(route.calls)
    return run


async def run_on_both(
    monkeypatch: pytest.MonkeyPatch, operation: str, *args: Any, **kwargs: Any
) -> tuple[Run, Run]:
    sync_run = await run_on("sync", monkeypatch, operation, *args, **kwargs)
    async_run = await run_on("async", monkeypatch, operation, *args, **kwargs)
    return sync_run, async_run


def wire(request: httpx.Request, *, ignore: Sequence[str] = ()) -> dict[str, Any]:
    """Everything about a request that reaches the server, in comparable form."""
    headers = sorted(
        (name.lower(), value)
        for name, value in request.headers.multi_items()
        if name.lower() not in ignore
    )
    return {
        "method": request.method,
        "url": str(request.url),
        "raw_path": request.url.raw_path,
        "headers": headers,
        "header_dict": dict(headers),
        "body": request.content,
        "timeout": request.extensions.get("timeout"),
    }


# -- identical requests -------------------------------------------------------------------------

SCENARIOS: list[Any] = [
    pytest.param(
        "create_job",
        (JOB_BODY,),
        {"idempotency_key": "order-1234"},
        id="create_job-dict-key",
    ),
    pytest.param(
        "create_job",
        (JobCreateParams.model_validate(JOB_BODY),),
        {"idempotency_key": "order-1234", "timeout": 12.5, "extra_headers": {"X-Trace": "t1"}},
        id="create_job-model-key-options",
    ),
    pytest.param("get_job", ("job_1",), {}, id="get_job"),
    pytest.param("get_job", ("job_1",), {"wait": 7}, id="get_job-wait7"),
    pytest.param("get_job", ("job_1",), {"wait": 25}, id="get_job-wait25"),
    pytest.param(
        "get_job",
        ("a/../b?c#d",),
        {"timeout": httpx.Timeout(3.0, read=20.0), "extra_headers": {"X-Trace": "t2"}},
        id="get_job-odd-id-options",
    ),
    pytest.param(
        "list_jobs",
        (),
        {"status": "open", "type": "feedback", "limit": 5, "cursor": "job_x&y=1"},
        id="list_jobs-filters",
    ),
    pytest.param("list_jobs", (), {}, id="list_jobs-bare"),
    pytest.param(
        "list_jobs",
        (),
        {"status": "open", "extra_query": {"status": "archived", "since": 5, "cursor": None}},
        id="list_jobs-extra-query",
    ),
    pytest.param(
        "create_job",
        (JOB_BODY,),
        {
            "idempotency_key": "order-5678",
            "extra_body": {"priority": "high", "files_needed": 7, "nested": {"a": [1, None]}},
            "extra_query": {"dry_run": True},
        },
        id="create_job-extra-body-and-query",
    ),
    pytest.param(
        "create_job",
        (JobCreateParams.model_validate(JOB_BODY),),
        {"idempotency_key": "order-5678", "extra_body": {"priority": "high"}},
        id="create_job-model-extra-body",
    ),
    pytest.param("get_job", ("job_1",), {"extra_query": {"expand": "files"}}, id="get_job-extra"),
    pytest.param(
        "cancel_job",
        ("job_1",),
        {"idempotency_key": "cancel-1", "timeout": None, "max_retries": 0},
        id="cancel_job-key-no-timeout",
    ),
    pytest.param(
        "cancel_job",
        ("job_1",),
        {"idempotency_key": "cancel-2", "extra_headers": {"User-Agent": "mine/1.0"}},
        id="cancel_job-override-header",
    ),
]


@pytest.mark.parametrize(("operation", "args", "kwargs"), SCENARIOS)
async def test_both_clients_send_identical_requests(
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    sync_run, async_run = await run_on_both(monkeypatch, operation, *args, **kwargs)

    assert sync_run.error is None
    assert async_run.error is None
    (sync_request,) = sync_run.requests
    (async_request,) = async_run.requests
    assert wire(sync_request) == wire(async_request)
    assert comparable(sync_run.result) == comparable(async_run.result)
    if operation == "list_jobs":
        assert isinstance(sync_run.result, Page)
        assert isinstance(async_run.result, AsyncPage)
    else:
        assert isinstance(sync_run.result, Job)
        assert isinstance(async_run.result, Job)

    # The comparison is not vacuous: the options really shaped the request.
    sent = wire(sync_request)["header_dict"]
    assert sent["authorization"] == f"Bearer {API_KEY}"
    assert sent["x-firsthand-retry-count"] == "0"
    if "idempotency_key" in kwargs:
        assert sent["idempotency-key"] == kwargs["idempotency_key"]
    for name, value in kwargs.get("extra_headers", {}).items():
        assert sent[name.lower()] == value
    if "wait" in kwargs:
        assert sent["prefer"] == f"wait={kwargs['wait']}"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, dict.fromkeys(("connect", "read", "write", "pool"), 30.0)),
        ({"timeout": 12.5}, dict.fromkeys(("connect", "read", "write", "pool"), 12.5)),
        ({"timeout": None}, dict.fromkeys(("connect", "read", "write", "pool"))),
        ({"wait": 7}, dict.fromkeys(("connect", "read", "write", "pool"), 30.0)),
        ({"wait": 25}, {"connect": 30.0, "read": 35.0, "write": 30.0, "pool": 30.0}),
        (
            {"timeout": httpx.Timeout(3.0, read=20.0)},
            {"connect": 3.0, "read": 20.0, "write": 3.0, "pool": 3.0},
        ),
    ],
    ids=["default", "float", "none", "wait7", "wait25", "httpx-timeout"],
)
async def test_both_clients_send_the_same_timeout(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], expected: dict[str, Any]
) -> None:
    sync_run, async_run = await run_on_both(monkeypatch, "get_job", "job_1", **kwargs)
    assert sync_run.requests[0].extensions["timeout"] == expected
    assert async_run.requests[0].extensions["timeout"] == expected


@pytest.mark.parametrize(
    ("operation", "args"),
    [("create_job", (JOB_BODY,)), ("cancel_job", ("job_1",))],
    ids=["create_job", "cancel_job"],
)
async def test_generated_idempotency_keys_differ_only_in_value(
    monkeypatch: pytest.MonkeyPatch, operation: str, args: tuple[Any, ...]
) -> None:
    sync_run, async_run = await run_on_both(monkeypatch, operation, *args)

    (sync_request,) = sync_run.requests
    (async_request,) = async_run.requests
    sync_key = sync_request.headers.get("Idempotency-Key")
    async_key = async_request.headers.get("Idempotency-Key")
    assert sync_key is not None
    assert async_key is not None
    assert _UUID4.fullmatch(sync_key)
    assert _UUID4.fullmatch(async_key)
    assert sync_key != async_key
    ignore = ("idempotency-key",)
    assert wire(sync_request, ignore=ignore) == wire(async_request, ignore=ignore)


async def test_client_level_settings_shape_both_clients_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client_options = {
        "timeout": httpx.Timeout(4.0, connect=1.0),
        "default_headers": {"X-Tenant": "acme"},
        "base_url": BASE_URL + "/",
    }
    sync_run, async_run = await run_on_both(
        monkeypatch, "get_job", "job_1", wait=30, client_options=client_options
    )
    assert wire(sync_run.requests[0]) == wire(async_run.requests[0])
    request = sync_run.requests[0]
    assert request.headers["X-Tenant"] == "acme"
    assert str(request.url) == BASE_URL + "/v1/jobs/job_1"
    assert request.extensions["timeout"] == {
        "connect": 1.0,
        "read": 40.0,
        "write": 4.0,
        "pool": 4.0,
    }


# -- identical errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "args", "response", "error_cls"),
    [
        ("get_job", ("job_missing",), _error(404, "not_found"), FirstHandNotFoundError),
        ("cancel_job", ("job_1",), _error(409, "conflict"), FirstHandConflictError),
        (
            "get_job",
            ("job_1",),
            _html_502,
            FirstHandServerError,
        ),
    ],
    ids=["404", "409", "html-502"],
)
async def test_both_clients_raise_the_same_error(
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    args: tuple[Any, ...],
    response: ResponseFactory,
    error_cls: type[FirstHandError],
) -> None:
    sync_run, async_run = await run_on_both(
        monkeypatch, operation, *args, responses=[response], max_retries=0
    )

    assert type(sync_run.error) is error_cls
    assert type(async_run.error) is error_cls
    assert isinstance(sync_run.error, FirstHandError)
    assert isinstance(async_run.error, FirstHandError)
    for attribute in ("status", "type", "request_id", "retryable", "details", "message"):
        assert getattr(sync_run.error, attribute) == getattr(async_run.error, attribute), attribute
    assert str(sync_run.error) == str(async_run.error)
    assert len(sync_run.requests) == len(async_run.requests) == 1


# -- identical retries --------------------------------------------------------------------------


def _status(code: int, headers: Optional[dict[str, str]] = None) -> ResponseFactory:
    return _error(code, {429: "rate_limit_exceeded"}.get(code, "internal_error"), headers)


@pytest.mark.parametrize(
    ("responses", "max_retries", "expected_waits", "error_cls"),
    [
        ([_status(503), _status(503)], 3, [0.4375, 0.875], None),
        ([_status(429, {"Retry-After": "2"}), _status(500)], 3, [2.0, 0.875], None),
        (
            [_status(500), _status(502), _status(504), _status(503)],
            3,
            [0.4375, 0.875, 1.75],
            FirstHandServerError,
        ),
        ([_status(429, {"Retry-After": "120"})], 3, [], FirstHandRateLimitError),
        ([_status(503)], 0, [], FirstHandServerError),
    ],
    ids=["503-503-200", "429-500-200", "exhausted", "retry-after-too-long", "no-retries"],
)
@pytest.mark.parametrize(
    ("operation", "args"),
    [("get_job", ("job_1",)), ("create_job", (JOB_BODY,))],
    ids=["get_job", "create_job"],
)
async def test_both_clients_retry_alike(
    monkeypatch: pytest.MonkeyPatch,
    responses: list[ResponseFactory],
    max_retries: int,
    expected_waits: list[float],
    error_cls: Optional[type[FirstHandError]],
    operation: str,
    args: tuple[Any, ...],
) -> None:
    # jitter fixed at 0.5: each backoff delay is its nominal value times (1 - 0.25 * 0.5)
    monkeypatch.setattr(firsthand._retry, "random", SimpleNamespace(random=lambda: 0.5))

    sync_run, async_run = await run_on_both(
        monkeypatch, operation, *args, responses=responses, max_retries=max_retries
    )

    assert sync_run.waits == async_run.waits == approx(expected_waits)
    attempts = len(expected_waits) + 1
    assert len(sync_run.requests) == len(async_run.requests) == attempts
    if error_cls is None:
        assert sync_run.error is None
        assert async_run.error is None
        assert comparable(sync_run.result) == comparable(async_run.result)
    else:
        assert type(sync_run.error) is type(async_run.error) is error_cls

    # The hook sees the same retries.
    assert [(r.retry_number, r.wait, type(r.error), r.error.status) for r in sync_run.retries] == [
        (r.retry_number, r.wait, type(r.error), r.error.status) for r in async_run.retries
    ]
    assert [r.wait for r in sync_run.retries] == sync_run.waits

    # Every attempt is the same request on both clients, numbered by X-FirstHand-Retry-Count.
    ignore = ("idempotency-key",)
    for number, (sync_request, async_request) in enumerate(
        zip(sync_run.requests, async_run.requests)
    ):
        assert wire(sync_request, ignore=ignore) == wire(async_request, ignore=ignore)
        assert sync_request.headers["X-FirstHand-Retry-Count"] == str(number)
    if operation == "create_job":  # one key per call, the same on every retry
        for run in (sync_run, async_run):
            assert len({r.headers["Idempotency-Key"] for r in run.requests}) == 1


def test_owned_and_injected_http_clients_send_the_same_request() -> None:
    """The SDK builds requests itself for its own pool and lets a user's client build them;
    on the wire both must be the same request."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=_job_json())

    with respx.mock(base_url="https://api.firsthandapi.com") as router:
        router.route().mock(side_effect=handler)
        with FirstHandClient(api_key="fh_test_sk_parity") as owned:
            owned.get_job("job_1", wait=3, extra_headers={"X-Trace": "t"})
        with (
            httpx.Client(timeout=30) as http,  # a user's client keeps its own timeout
            FirstHandClient(api_key="fh_test_sk_parity", http_client=http) as injected,
        ):
            injected.get_job("job_1", wait=3, extra_headers={"X-Trace": "t"})

    direct, merged = seen
    assert direct.method == merged.method
    assert direct.url == merged.url
    assert dict(direct.headers) == dict(merged.headers)
    assert direct.extensions["timeout"] == merged.extensions["timeout"]


def _public_methods(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


def test_both_clients_offer_the_same_methods_with_the_same_parameters() -> None:
    """The async client mirrors the sync one: same names, same parameters, same defaults
    (only ``close``/``aclose`` differ by name); return types differ only by ``Page``/``AsyncPage``
    and by being awaited."""
    from firsthand import AsyncFirstHandClient, FirstHandClient

    sync = _public_methods(FirstHandClient)
    async_ = _public_methods(AsyncFirstHandClient)
    assert set(sync) - {"close"} == set(async_) - {"aclose"}
    for name, method in sync.items():
        if name == "close":
            continue
        sync_params = inspect.signature(method).parameters
        async_params = inspect.signature(async_[name]).parameters
        assert list(sync_params) == list(async_params), name
        for param in sync_params:
            a, b = sync_params[param], async_params[param]
            assert (a.kind, a.default, a.annotation) == (b.kind, b.default, b.annotation), (
                f"{name}({param})"
            )
        assert inspect.iscoroutinefunction(async_[name]), name
        returns = str(inspect.signature(method).return_annotation)
        assert str(inspect.signature(async_[name]).return_annotation) == returns.replace(
            "Page[", "AsyncPage["
        ), name
