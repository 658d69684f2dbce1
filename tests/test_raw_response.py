"""``client.with_raw_response``: status, headers, request id, rate limit (docs/api-contract.md: "request id", "rate limits"), retries
taken, and ``parse()``, on both clients over respx; plus ``parse_rate_limit`` on its own."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, Optional, Union

import httpx
import pytest
import respx
from respx.models import Call

from client_helpers import API_KEY, JOB_BODY, Client, job_json, make, sleeper
from firsthand import (
    AsyncPage,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandNotFoundError,
    FirstHandResponseValidationError,
    FirstHandServerError,
    Job,
    Page,
    RateLimit,
    RawResponse,
)
from firsthand._operations import OPERATIONS
from firsthand._raw_views import AsyncFirstHandClientWithRawResponse, FirstHandClientWithRawResponse
from firsthand._response import parse_rate_limit

BASE_URL = "https://api.firsthandapi.com"
JOB_ID = "job_01JQ0000000000000000000001"
KEY_ID = "key_01JQ0000000000000000000001"

#: 2024-03-21T16:00:00Z as a Unix timestamp.
RESET_EPOCH = "1711036800"
RESET_AT = datetime(2024, 3, 21, 16, 0, tzinfo=timezone.utc)
RATE_HEADERS = {
    "X-RateLimit-Limit": "100",
    "X-RateLimit-Remaining": "42",
    "X-RateLimit-Reset": RESET_EPOCH,
}


def reply(
    status: int = 200,
    json: Any = None,
    request_id: str = "req_raw_1",
    headers: Optional[dict[str, str]] = None,
) -> httpx.Response:
    """A response carrying a request id and the rate-limit headers (plus ``headers``)."""
    merged = {"X-Request-Id": request_id, **RATE_HEADERS, **(headers or {})}
    if json is None:
        return httpx.Response(status, headers=merged)
    return httpx.Response(status, json=json, headers=merged)


def error_reply(status: int, type_: str, message: str) -> httpx.Response:
    return reply(status, {"error": {"type": type_, "message": message}}, request_id="req_err")


async def raw(client: Client, operation: str, *args: Any, **kwargs: Any) -> RawResponse[Any]:
    """``client.with_raw_response.<operation>(...)``, awaited for the async client."""
    result = getattr(client.with_raw_response, operation)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    response: RawResponse[Any] = result
    assert isinstance(response, RawResponse)
    return response


async def plain(client: Client, operation: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, operation)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def all_items(page: Union[Page[Any], AsyncPage[Any]]) -> list[Any]:
    if isinstance(page, Page):
        return list(page)
    return [item async for item in page]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> list[float]:
    """Retry sleeps, recorded and never slept (the client's ``sleep=``, which its raw view, a
    copy, shares)."""
    return []


@pytest.fixture
async def client(kind: str, sleeps: list[float]) -> AsyncIterator[Client]:
    made = make(kind, api_key=API_KEY, sleep=sleeper(kind, sleeps.append))
    yield made
    if isinstance(made, FirstHandClient):
        made.close()
    else:
        await made.aclose()


# -- what a raw response carries -------------------------------------------------------------


async def test_get_job_raw_response_carries_status_headers_request_id_and_rate_limit(
    router: respx.MockRouter, client: Client
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(
        return_value=reply(
            json=job_json(JOB_ID), request_id="req_get_1", headers={"X-Custom": "yes"}
        )
    )
    response = await raw(client, "get_job", JOB_ID)

    assert response.status_code == 200
    assert response.request_id == "req_get_1"
    assert response.headers["x-custom"] == "yes", "headers are case-insensitive"
    assert response.headers["X-Request-Id"] == "req_get_1"
    assert response.rate_limit == RateLimit(limit=100, remaining=42, reset=RESET_AT)
    assert response.rate_limit is not None
    assert response.rate_limit.reset is not None
    assert response.rate_limit.reset.utcoffset() == timedelta(0)
    assert response.retries_taken == 0
    assert isinstance(response.http_response, httpx.Response)
    assert response.content == response.http_response.content
    assert b'"id":"' + JOB_ID.encode() in response.content.replace(b" ", b"")

    job = response.parse()
    assert isinstance(job, Job)
    assert job.id == JOB_ID
    assert repr(response) == "RawResponse(status_code=200, request_id='req_get_1', retries_taken=0)"


async def test_parse_is_cached(router: respx.MockRouter, client: Client) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=reply(json=job_json(JOB_ID)))
    response = await raw(client, "get_job", JOB_ID)
    first = response.parse()
    assert response.parse() is first


async def test_a_response_without_rate_limit_headers_has_no_rate_limit(
    router: respx.MockRouter, client: Client
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=httpx.Response(200, json=job_json(JOB_ID)))
    response = await raw(client, "get_job", JOB_ID)
    assert response.rate_limit is None
    assert response.request_id is None


async def test_raw_get_job_passes_arguments_and_options_through(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=reply(json=job_json(JOB_ID)))
    await raw(client, "get_job", JOB_ID, wait=5, extra_headers={"X-Tenant": "acme"})
    sent = route.calls.last.request
    assert sent.headers["Prefer"] == "wait=5"
    assert sent.headers["X-Tenant"] == "acme"


async def test_raw_list_jobs_parses_into_a_page_that_walks_every_page(
    router: respx.MockRouter, client: Client
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor") is None:
            body = {"object": "list", "data": [job_json("job_1")], "has_more": True,
                    "next_cursor": "cur_2"}  # fmt: skip
            return reply(json=body, request_id="req_page_1")
        assert request.url.params["cursor"] == "cur_2"
        body = {"object": "list", "data": [job_json("job_2")], "has_more": False}
        return reply(json=body, request_id="req_page_2")

    route = router.get("/v1/jobs").mock(side_effect=handler)
    response = await raw(client, "list_jobs", status="open", limit=1)
    assert response.status_code == 200
    assert response.request_id == "req_page_1"
    assert route.call_count == 1, "building the raw response fetches nothing more"

    page: Union[Page[Any], AsyncPage[Any]] = response.parse()
    assert isinstance(page, Page if isinstance(client, FirstHandClient) else AsyncPage)
    assert response.parse() is page
    items = await all_items(page)
    assert [job.id for job in items] == ["job_1", "job_2"]
    assert all(isinstance(job, Job) for job in items), "later pages are plain pages"
    assert route.call_count == 2
    assert route.calls.last.request.url.params["status"] == "open"
    assert route.calls.last.request.url.params["limit"] == "1"


async def test_raw_create_job_sends_the_callers_idempotency_key(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.post("/v1/jobs").mock(return_value=reply(201, json=job_json("job_new")))
    response = await raw(client, "create_job", JOB_BODY, idempotency_key="order-1234")
    assert response.status_code == 201
    assert response.parse().id == "job_new"
    assert route.calls.last.request.headers["Idempotency-Key"] == "order-1234"


async def test_raw_create_job_sends_a_generated_idempotency_key(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.post("/v1/jobs").mock(return_value=reply(201, json=job_json("job_new")))
    await raw(client, "create_job", JOB_BODY)
    key = route.calls.last.request.headers["Idempotency-Key"]
    assert uuid.UUID(key).version == 4


async def test_raw_revoke_api_key_204_parses_to_none(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.post(f"/v1/api_keys/{KEY_ID}/revoke").mock(
        return_value=reply(204, request_id="req_revoke")
    )
    response = await raw(client, "revoke_api_key", KEY_ID)
    assert response.status_code == 204
    assert response.request_id == "req_revoke"
    assert response.content == b""
    assert response.parse() is None
    assert response.parse() is None
    assert response.rate_limit == RateLimit(limit=100, remaining=42, reset=RESET_AT)
    assert "Idempotency-Key" in route.calls.last.request.headers


# -- retries and errors ----------------------------------------------------------------------


@pytest.mark.parametrize("failures", [1, 2])
async def test_retries_taken_counts_the_retries(
    router: respx.MockRouter, client: Client, sleeps: list[float], failures: int
) -> None:
    answers = [error_reply(503, "internal_error", "busy")] * failures
    route = router.get(f"/v1/jobs/{JOB_ID}").mock(
        side_effect=[*answers, reply(json=job_json(JOB_ID), request_id="req_ok")]
    )
    response = await raw(client, "get_job", JOB_ID)
    assert response.retries_taken == failures
    assert response.request_id == "req_ok", "the raw response is the successful attempt's"
    assert route.call_count == failures + 1
    assert len(sleeps) == failures
    assert response.parse().id == JOB_ID


async def test_retries_taken_on_a_post_keeps_one_idempotency_key(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.post("/v1/jobs").mock(
        side_effect=[error_reply(503, "internal_error", "busy"), reply(201, json=job_json("j"))]
    )
    response = await raw(client, "create_job", JOB_BODY)
    assert response.retries_taken == 1
    calls: list[Call] = list(route.calls)  # CallList is an untyped ``list`` subclass
    keys = {c.request.headers["Idempotency-Key"] for c in calls}
    assert len(keys) == 1


async def test_raw_errors_are_raised_as_typed_exceptions(
    router: respx.MockRouter, client: Client
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=error_reply(404, "not_found", "No such job"))
    with pytest.raises(FirstHandNotFoundError) as caught:
        await raw(client, "get_job", JOB_ID)
    assert caught.value.status == 404
    assert caught.value.request_id == "req_err"


async def test_raw_post_errors_are_raised_as_typed_exceptions(
    router: respx.MockRouter, client: Client
) -> None:
    router.post(f"/v1/jobs/{JOB_ID}/cancel").mock(
        return_value=error_reply(409, "conflict", "Job is already completed")
    )
    with pytest.raises(FirstHandConflictError):
        await raw(client, "cancel_job", JOB_ID)


async def test_raw_errors_after_the_last_retry_are_raised(
    router: respx.MockRouter, client: Client, sleeps: list[float]
) -> None:
    route = router.get(f"/v1/jobs/{JOB_ID}").mock(
        return_value=error_reply(503, "internal_error", "busy")
    )
    with pytest.raises(FirstHandServerError):
        await raw(client, "get_job", JOB_ID, max_retries=1)
    assert route.call_count == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    "body",
    [b'{"object": "job", "id": "job_1"}', b"<html>502 Bad Gateway</html>", b""],
    ids=["missing-fields", "not-json", "empty"],
)
async def test_a_malformed_2xx_body_fails_in_parse_not_in_the_call(
    router: respx.MockRouter, client: Client, body: bytes
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(
        return_value=httpx.Response(200, content=body, headers={"X-Request-Id": "req_bad"})
    )
    response = await raw(client, "get_job", JOB_ID)
    assert response.status_code == 200
    assert response.content == body
    with pytest.raises(FirstHandResponseValidationError) as caught:
        response.parse()
    assert caught.value.status == 200
    assert caught.value.request_id == "req_bad"
    assert caught.value.retryable is False
    with pytest.raises(FirstHandResponseValidationError):
        response.parse()


async def test_a_malformed_list_body_fails_in_parse(
    router: respx.MockRouter, client: Client
) -> None:
    router.get("/v1/jobs").mock(return_value=reply(json={"object": "list", "data": "nope"}))
    response = await raw(client, "list_jobs")
    with pytest.raises(FirstHandResponseValidationError):
        response.parse()


# -- the views -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "view", [FirstHandClientWithRawResponse, AsyncFirstHandClientWithRawResponse]
)
def test_the_raw_view_offers_exactly_the_operations(view: type[object]) -> None:
    public = {name for name in vars(view) if not name.startswith("_")}
    assert public == {op.name for op in OPERATIONS}


@pytest.mark.parametrize("operation", [op.name for op in OPERATIONS])
async def test_each_raw_method_forwards_to_the_clients_method_on_a_raw_copy(
    client: Client, operation: str
) -> None:
    view = client.with_raw_response
    method = getattr(view, operation)
    assert inspect.ismethod(method)
    assert method.__name__ == operation
    bound_to = view._client
    assert type(bound_to) is type(client)
    assert bound_to._raw is True
    assert bound_to._http is client._http, "a raw view shares the connection pool"
    # The generated method has the client method's exact parameters (names, kinds, defaults).
    plain_method = getattr(type(client), operation).__get__(client)
    assert (
        inspect.signature(method).parameters.keys()
        == inspect.signature(plain_method).parameters.keys()
    )
    for name, param in inspect.signature(method).parameters.items():
        theirs = inspect.signature(plain_method).parameters[name]
        assert (param.kind, param.default, param.annotation) == (
            theirs.kind,
            theirs.default,
            theirs.annotation,
        ), f"{operation}({name})"


async def test_the_raw_view_leaves_the_client_plain(
    router: respx.MockRouter, client: Client
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=reply(json=job_json(JOB_ID)))
    await raw(client, "get_job", JOB_ID)
    job = await plain(client, "get_job", JOB_ID)
    assert isinstance(job, Job)


async def test_a_with_options_copy_has_a_raw_view_with_its_settings(
    router: respx.MockRouter, client: Client
) -> None:
    route = router.get(f"/v1/jobs/{JOB_ID}").mock(
        return_value=error_reply(503, "internal_error", "busy")
    )
    with pytest.raises(FirstHandServerError):
        await raw(client.with_options(max_retries=0), "get_job", JOB_ID)
    assert route.call_count == 1


# -- parse_rate_limit ------------------------------------------------------------------------


def test_parse_rate_limit_reads_all_three_headers() -> None:
    assert parse_rate_limit(RATE_HEADERS) == RateLimit(100, 42, RESET_AT)


def test_parse_rate_limit_is_case_insensitive_over_httpx_headers() -> None:
    headers = httpx.Headers({k.lower(): v for k, v in RATE_HEADERS.items()})
    assert parse_rate_limit(headers) == RateLimit(100, 42, RESET_AT)


@pytest.mark.parametrize(
    "headers", [{}, {"X-Request-Id": "req_1"}, httpx.Headers()], ids=["empty", "other", "httpx"]
)
def test_parse_rate_limit_is_none_without_any_of_the_headers(headers: Any) -> None:
    assert parse_rate_limit(headers) is None


def test_parse_rate_limit_with_one_header_leaves_the_others_none() -> None:
    assert parse_rate_limit({"X-RateLimit-Remaining": "7"}) == RateLimit(None, 7, None)
    assert parse_rate_limit({"X-RateLimit-Reset": "0"}) == RateLimit(
        None, None, datetime(1970, 1, 1, tzinfo=timezone.utc)
    )


def test_parse_rate_limit_trims_whitespace() -> None:
    headers = {"X-RateLimit-Limit": " 100 ", "X-RateLimit-Remaining": "42 ",
               "X-RateLimit-Reset": f" {RESET_EPOCH}"}  # fmt: skip
    assert parse_rate_limit(headers) == RateLimit(100, 42, RESET_AT)


def test_parse_rate_limit_reset_may_be_fractional() -> None:
    parsed = parse_rate_limit({"X-RateLimit-Reset": f"{RESET_EPOCH}.5"})
    assert parsed is not None
    assert parsed.reset is not None
    assert parsed.reset == RESET_AT + timedelta(milliseconds=500)
    assert parsed.reset.tzinfo is timezone.utc


@pytest.mark.parametrize(
    "value", ["", "abc", "1.5", "1e3", "0x10", "NaN", "100 requests"], ids=repr
)
def test_parse_rate_limit_malformed_counts_are_none(value: str) -> None:
    headers = {"X-RateLimit-Limit": value, "X-RateLimit-Remaining": value}
    assert parse_rate_limit(headers) == RateLimit(None, None, None)


@pytest.mark.parametrize(
    "value",
    ["", "soon", "nan", "inf", "-inf", "Thu, 21 Mar 2024 16:00:00 GMT", "12:00"],
    ids=repr,
)
def test_parse_rate_limit_malformed_reset_is_none(value: str) -> None:
    assert parse_rate_limit({"X-RateLimit-Reset": value}) == RateLimit(None, None, None)


@pytest.mark.parametrize("value", ["-1", "-100"])
def test_parse_rate_limit_negative_values_are_none(value: str) -> None:
    headers = {
        "X-RateLimit-Limit": value,
        "X-RateLimit-Remaining": value,
        "X-RateLimit-Reset": value,
    }
    assert parse_rate_limit(headers) == RateLimit(None, None, None)


def test_parse_rate_limit_huge_counts_are_kept() -> None:
    huge = "9" * 30
    assert parse_rate_limit({"X-RateLimit-Limit": huge}) == RateLimit(int(huge), None, None)


@pytest.mark.parametrize(
    "value", ["1e20", "9" * 30, "9" * 400], ids=["1e20", "30-digits", "400-digits"]
)
def test_parse_rate_limit_huge_reset_is_none_not_an_error(value: str) -> None:
    parsed = parse_rate_limit({"X-RateLimit-Limit": "5", "X-RateLimit-Reset": value})
    assert parsed == RateLimit(5, None, None)


def test_parse_rate_limit_reset_at_the_far_edge_is_a_datetime() -> None:
    edge = datetime(9999, 12, 31, tzinfo=timezone.utc)
    parsed = parse_rate_limit({"X-RateLimit-Reset": str(int(edge.timestamp()))})
    assert parsed is not None
    assert parsed.reset == edge


def test_rate_limit_is_a_named_tuple() -> None:
    limit: Optional[int]
    limit, remaining, reset = RateLimit(1, 2, None)
    assert (limit, remaining, reset) == (1, 2, None)
