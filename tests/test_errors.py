"""docs/api-contract.md "Errors": one hierarchy, by HTTP status first and ``type`` second.

Every scenario runs on both clients through respx; nothing touches the network or really sleeps.
"""

from __future__ import annotations

import json
import pickle
import traceback
import warnings
from collections.abc import Iterator, Mapping
from typing import Any, Optional, TypeVar

import httpx
import pytest
import respx

from firsthand import (
    AsyncFirstHandClient,
    FirstHandAuthenticationError,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandConnectionError,
    FirstHandDeprecationWarning,
    FirstHandError,
    FirstHandIdempotencyError,
    FirstHandInsufficientCreditsError,
    FirstHandNotFoundError,
    FirstHandPermissionError,
    FirstHandRateLimitError,
    FirstHandResponseValidationError,
    FirstHandServerError,
    FirstHandSignatureVerificationError,
    FirstHandTimeoutError,
    FirstHandValidationError,
    Job,
)

BASE_URL = "https://api.firsthandapi.com"
KEY = "fh_test_sk_errors000000000000000000"
JOB_ID = "job_01JQERRORS0000000000000000"
JOB_PATH = f"/v1/jobs/{JOB_ID}"

FLAVORS = ["sync", "async"]

CREATE_BODY: dict[str, Any] = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 75,
}

JOB_JSON: dict[str, Any] = {
    "object": "job",
    "id": JOB_ID,
    "type": "data_collection",
    "status": "open",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "files_approved": 0,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 75,
    "created_at": "2026-03-20T19:03:27.971Z",
}

LIST_JSON: dict[str, Any] = {
    "object": "list",
    "data": [JOB_JSON],
    "has_more": False,
    "next_cursor": None,
}

E = TypeVar("E", bound=FirstHandError)


# -- helpers ------------------------------------------------------------------------------------


def _operate(client: Any, op: str) -> Any:
    """Start one call on either client (the async one returns a coroutine)."""
    if op == "get_job":
        return client.get_job(JOB_ID)
    if op == "create_job":
        return client.create_job(CREATE_BODY)
    if op == "cancel_job":
        return client.cancel_job(JOB_ID)
    assert op == "list_jobs"
    return client.list_jobs()


class Sleeps:
    """Records the waits instead of sleeping; installable on both clients."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def sync(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def async_(self, seconds: float) -> None:
        self.waits.append(seconds)

    def hook(self, flavor: str) -> Any:
        """The ``sleep=`` for a client of ``flavor``."""
        return self.sync if flavor == "sync" else self.async_


def make_client(flavor: str, **kwargs: Any) -> Any:
    kwargs.setdefault("api_key", KEY)
    if flavor == "sync":
        return FirstHandClient(**kwargs)
    return AsyncFirstHandClient(**kwargs)


async def close(client: Any) -> None:
    if isinstance(client, AsyncFirstHandClient):
        await client.aclose()
    else:
        client.close()


async def run_on(client: Any, op: str = "get_job") -> Any:
    result = _operate(client, op)
    if isinstance(client, AsyncFirstHandClient):
        return await result
    return result


async def call(
    flavor: str,
    op: str = "get_job",
    *,
    sleeps: Optional[Sleeps] = None,
    **client_kwargs: Any,
) -> Any:
    """Make a fresh client (its waits recorded in ``sleeps``), run one operation on it, close it."""
    if sleeps is not None:
        client_kwargs["sleep"] = sleeps.hook(flavor)
    client = make_client(flavor, **client_kwargs)
    try:
        return await run_on(client, op)
    finally:
        await close(client)


async def call_error(flavor: str, expected: type[E], op: str = "get_job", **kwargs: Any) -> E:
    """Run one call that must fail with exactly ``expected`` (not a subclass, not a parent)."""
    with pytest.raises(FirstHandError) as info:
        await call(flavor, op, **kwargs)
    error = info.value
    assert type(error) is expected, f"expected {expected.__name__}, got {error!r}"
    assert isinstance(error, expected)
    return error


def error_body(
    type_: Optional[str],
    message: str = "Something is wrong",
    *,
    request_id: Optional[str] = None,
    details: Any = None,
) -> bytes:
    inner: dict[str, Any] = {"message": message}
    if type_ is not None:
        inner["type"] = type_
    if request_id is not None:
        inner["request_id"] = request_id
    if details is not None:
        inner["details"] = details
    return json.dumps({"error": inner}).encode()


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


# -- status -> class ----------------------------------------------------------------------------

STATUS_TABLE: list[tuple[int, Optional[str], type[FirstHandError], bool]] = [
    (400, "validation_error", FirstHandValidationError, False),
    (400, "pricing_violation", FirstHandValidationError, False),
    (422, "validation_error", FirstHandValidationError, False),
    (422, "unprocessable_entity", FirstHandValidationError, False),
    (401, "authentication_error", FirstHandAuthenticationError, False),
    (402, "insufficient_credits", FirstHandInsufficientCreditsError, False),
    (403, "authorization_error", FirstHandPermissionError, False),
    (403, "forbidden", FirstHandPermissionError, False),
    (403, "free_tier_job_limit", FirstHandPermissionError, False),
    (404, "not_found", FirstHandNotFoundError, False),
    (410, "gone", FirstHandNotFoundError, False),
    (409, "conflict", FirstHandConflictError, False),
    (409, "idempotency_error", FirstHandIdempotencyError, False),
    (409, "idempotency_conflict", FirstHandIdempotencyError, False),
    (429, "rate_limit_exceeded", FirstHandRateLimitError, True),
    (429, "rate_limit_error", FirstHandRateLimitError, True),
    (500, "internal_error", FirstHandServerError, True),
    (502, "bad_gateway", FirstHandServerError, True),
    (503, "service_unavailable", FirstHandServerError, True),
    (504, "gateway_timeout", FirstHandServerError, True),
    (529, "overloaded", FirstHandServerError, True),
    (418, "teapot", FirstHandError, False),
]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("status", "type_", "expected", "retryable"),
    STATUS_TABLE,
    ids=[f"{s}-{t}" for s, t, _, _ in STATUS_TABLE],
)
async def test_status_and_type_choose_the_class(
    api: respx.MockRouter,
    flavor: str,
    status: int,
    type_: Optional[str],
    expected: type[FirstHandError],
    retryable: bool,
) -> None:
    details = [{"field": "files_needed", "message": "must be at least 1"}]
    route = api.get(JOB_PATH).respond(
        status,
        headers={"X-Request-Id": "req_from_header", "X-Custom": "kept"},
        content=error_body(type_, "It went wrong", request_id="req_from_body", details=details),
    )
    error = await call_error(flavor, expected, max_retries=0)

    assert route.call_count == 1
    assert isinstance(error, FirstHandError)
    assert error.status == status
    assert error.type == type_
    assert error.message == "It went wrong"
    assert error.request_id == "req_from_body"  # the body wins over the header
    assert error.retryable is retryable
    assert error.details == details
    assert error.headers is not None
    assert error.headers["x-custom"] == "kept"
    if status == 409:
        assert isinstance(error, FirstHandConflictError)
        assert isinstance(error, FirstHandIdempotencyError) is (type_ != "conflict")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("status", "expected", "default_type"),
    [
        (400, FirstHandValidationError, "validation_error"),
        (401, FirstHandAuthenticationError, "authentication_error"),
        (402, FirstHandInsufficientCreditsError, "insufficient_credits"),
        (403, FirstHandPermissionError, "authorization_error"),
        (404, FirstHandNotFoundError, "not_found"),
        (409, FirstHandConflictError, "conflict"),
        (422, FirstHandValidationError, "validation_error"),
        (429, FirstHandRateLimitError, "rate_limit_exceeded"),
        (500, FirstHandServerError, "internal_error"),
        (529, FirstHandServerError, "server_error"),
        (418, FirstHandError, "http_error"),
    ],
)
async def test_body_without_type_or_request_id_falls_back_to_status_and_header(
    api: respx.MockRouter,
    flavor: str,
    status: int,
    expected: type[FirstHandError],
    default_type: str,
) -> None:
    api.get(JOB_PATH).respond(
        status,
        headers={"X-Request-Id": "req_from_header"},
        content=error_body(None, "No type given"),
    )
    error = await call_error(flavor, expected, max_retries=0)
    assert error.status == status
    assert error.type == default_type
    assert error.message == "No type given"
    assert error.request_id == "req_from_header"
    assert error.details == []


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("7", 7.0), ("0.5", 0.5), (None, None), ("soon", None)],
)
async def test_rate_limit_error_carries_retry_after(
    api: respx.MockRouter, flavor: str, retry_after: Optional[str], expected: Optional[float]
) -> None:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    api.get(JOB_PATH).respond(
        429, headers=headers, content=error_body("rate_limit_exceeded", "Slow down")
    )
    error = await call_error(flavor, FirstHandRateLimitError, max_retries=0)
    assert error.retry_after == expected
    assert error.retryable is True


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_rate_limit_error_with_http_date_retry_after(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(
        429,
        headers={"Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"},  # long past: "now"
        content=error_body("rate_limit_error", "Slow down"),
    )
    error = await call_error(flavor, FirstHandRateLimitError, max_retries=0)
    assert error.retry_after == 0.0
    assert error.type == "rate_limit_error"


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("op", "method", "path"),
    [
        ("create_job", "POST", "/v1/jobs"),
        ("list_jobs", "GET", "/v1/jobs"),
        ("cancel_job", "POST", f"{JOB_PATH}/cancel"),
    ],
)
async def test_every_operation_maps_errors_the_same_way(
    api: respx.MockRouter, flavor: str, op: str, method: str, path: str
) -> None:
    api.route(method=method, path=path).respond(
        409, content=error_body("idempotency_conflict", "Key reused", request_id="req_op")
    )
    error = await call_error(flavor, FirstHandIdempotencyError, op, max_retries=0)
    assert (error.status, error.type, error.request_id) == (409, "idempotency_conflict", "req_op")


# -- odd error bodies ---------------------------------------------------------------------------

ODD_BODIES: list[tuple[str, int, bytes, type[FirstHandError], str]] = [
    (
        "html-502-from-proxy",
        502,
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        FirstHandServerError,
        "bad_gateway",
    ),
    ("empty-503", 503, b"", FirstHandServerError, "service_unavailable"),
    ("whitespace-504", 504, b"   \n", FirstHandServerError, "gateway_timeout"),
    ("invalid-utf8-500", 500, b"\xff\xfe\x00garbage", FirstHandServerError, "internal_error"),
    (
        "json-list-400",
        400,
        b'[{"type": "validation_error"}]',
        FirstHandValidationError,
        "validation_error",
    ),
    ("json-string-404", 404, b'"not found"', FirstHandNotFoundError, "not_found"),
    ("json-null-401", 401, b"null", FirstHandAuthenticationError, "authentication_error"),
    (
        "error-null-402",
        402,
        b'{"error": null}',
        FirstHandInsufficientCreditsError,
        "insufficient_credits",
    ),
    ("error-number-403", 403, b'{"error": 403}', FirstHandPermissionError, "authorization_error"),
    ("type-not-a-string-409", 409, b'{"error": {"type": 123}}', FirstHandConflictError, "conflict"),
    ("type-empty-409", 409, b'{"error": {"type": ""}}', FirstHandConflictError, "conflict"),
    (
        "type-list-429",
        429,
        b'{"error": {"type": ["a"]}}',
        FirstHandRateLimitError,
        "rate_limit_exceeded",
    ),
    (
        "message-not-a-string-410",
        410,
        b'{"error": {"message": {"x": 1}}}',
        FirstHandNotFoundError,
        "gone",
    ),
    ("unknown-4xx-html", 418, b"<p>I'm a teapot</p>", FirstHandError, "http_error"),
]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("status", "content", "expected", "expected_type"),
    [row[1:] for row in ODD_BODIES],
    ids=[row[0] for row in ODD_BODIES],
)
async def test_odd_error_bodies_never_crash_and_pick_the_right_class(
    api: respx.MockRouter,
    flavor: str,
    status: int,
    content: bytes,
    expected: type[FirstHandError],
    expected_type: str,
) -> None:
    api.get(JOB_PATH).respond(
        status,
        headers={"X-Request-Id": "req_proxy_1", "Content-Type": "text/html"},
        content=content,
    )
    error = await call_error(flavor, expected, max_retries=0)
    assert error.status == status
    assert error.type == expected_type
    assert error.request_id == "req_proxy_1"
    assert isinstance(error.message, str)
    assert error.message  # never empty
    assert error.details == []
    assert str(status) in str(error)
    assert "req_proxy_1" in str(error)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_html_502_from_proxy_reads_well(api: respx.MockRouter, flavor: str) -> None:
    api.get(JOB_PATH).respond(
        502,
        headers={"X-Request-Id": "req_gw", "Content-Type": "text/html"},
        content=b"<html><body>nginx: 502 Bad Gateway</body></html>",
    )
    error = await call_error(flavor, FirstHandServerError, max_retries=0)
    assert error.retryable is True
    assert "<html>" not in error.message  # the HTML itself is not dumped into the message
    assert str(error).startswith("502 bad_gateway: ")
    assert str(error).endswith("(request_id: req_gw)")


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_error_as_a_bare_string(api: respx.MockRouter, flavor: str) -> None:
    api.get(JOB_PATH).respond(
        404, headers={"X-Request-Id": "req_s"}, content=b'{"error": "No such job"}'
    )
    error = await call_error(flavor, FirstHandNotFoundError, max_retries=0)
    assert (error.type, error.message, error.request_id) == ("not_found", "No such job", "req_s")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    "details",
    [
        "files_needed is wrong",
        {"field": "files_needed", "message": "wrong"},
        42,
        None,
    ],
    ids=["string", "dict", "number", "null"],
)
async def test_details_that_are_not_a_list_become_empty(
    api: respx.MockRouter, flavor: str, details: Any
) -> None:
    body = {"error": {"type": "validation_error", "message": "Bad", "details": details}}
    api.get(JOB_PATH).respond(400, json=body)
    error = await call_error(flavor, FirstHandValidationError, max_retries=0)
    assert error.details == []
    assert error.message == "Bad"


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_details_items_with_missing_or_odd_keys_are_normalised(
    api: respx.MockRouter, flavor: str
) -> None:
    details: list[Any] = [
        {"field": "description"},
        {"message": "files_needed must be at least 1"},
        {"field": 7, "message": ["not", "a", "string"]},
        {},
        "a plain string detail",
        12,
        None,
        {"field": "ok", "message": "fine", "extra": "ignored"},
    ]
    body = {"error": {"type": "validation_error", "message": "Bad", "details": details}}
    api.get(JOB_PATH).respond(422, json=body)
    error = await call_error(flavor, FirstHandValidationError, max_retries=0)

    for detail in error.details:
        assert set(detail) == {"field", "message"}
        assert isinstance(detail["field"], str)
        assert isinstance(detail["message"], str)
    assert {"field": "description", "message": ""} in error.details
    assert {"field": "", "message": "files_needed must be at least 1"} in error.details
    assert {"field": "ok", "message": "fine"} in error.details
    assert any(d["field"] == "7" for d in error.details)
    str(error)  # renders
    repr(error)


# -- malformed 2xx bodies -----------------------------------------------------------------------

BROKEN_JOB_MISSING = {"object": "job", "id": JOB_ID, "status": "open"}
BROKEN_JOB_TYPE = {**JOB_JSON, "files_needed": "many"}

MALFORMED_2XX: list[tuple[str, str, str, str, int, bytes]] = [
    ("get-non-json", "get_job", "GET", JOB_PATH, 200, b"<html>oops</html>"),
    ("get-empty", "get_job", "GET", JOB_PATH, 200, b""),
    ("get-json-list", "get_job", "GET", JOB_PATH, 200, b"[]"),
    (
        "get-missing-fields",
        "get_job",
        "GET",
        JOB_PATH,
        200,
        json.dumps(BROKEN_JOB_MISSING).encode(),
    ),
    ("get-wrong-type", "get_job", "GET", JOB_PATH, 200, json.dumps(BROKEN_JOB_TYPE).encode()),
    ("create-non-json", "create_job", "POST", "/v1/jobs", 201, b"Created!"),
    (
        "create-wrong-type",
        "create_job",
        "POST",
        "/v1/jobs",
        201,
        json.dumps(BROKEN_JOB_TYPE).encode(),
    ),
    ("cancel-empty", "cancel_job", "POST", f"{JOB_PATH}/cancel", 200, b""),
    (
        "list-data-not-list",
        "list_jobs",
        "GET",
        "/v1/jobs",
        200,
        b'{"object": "list", "data": 5, "has_more": false}',
    ),
    (
        "list-bad-item",
        "list_jobs",
        "GET",
        "/v1/jobs",
        200,
        json.dumps({**LIST_JSON, "data": [BROKEN_JOB_TYPE]}).encode(),
    ),
]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("op", "method", "path", "status", "content"),
    [row[1:] for row in MALFORMED_2XX],
    ids=[row[0] for row in MALFORMED_2XX],
)
async def test_malformed_2xx_body_is_a_response_validation_error_and_not_retried(
    api: respx.MockRouter,
    flavor: str,
    op: str,
    method: str,
    path: str,
    status: int,
    content: bytes,
) -> None:
    route = api.route(method=method, path=path).respond(
        status, headers={"X-Request-Id": "req_broken"}, content=content
    )
    sleeps = Sleeps()
    error = await call_error(
        flavor,
        FirstHandResponseValidationError,
        op,
        max_retries=3,
        sleeps=sleeps,
    )
    assert route.call_count == 1
    assert sleeps.waits == []
    assert error.status == status
    assert error.type == "response_validation_error"
    assert error.retryable is False
    assert error.request_id == "req_broken"
    assert error.headers is not None
    assert str(status) in str(error)
    for detail in error.details:
        assert set(detail) == {"field", "message"}


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_response_validation_error_names_the_bad_field(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(200, json=BROKEN_JOB_TYPE)
    error = await call_error(flavor, FirstHandResponseValidationError, max_retries=0)
    assert [d["field"] for d in error.details] == ["files_needed"]
    assert "many" not in str(error)  # the offending input is not echoed


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_unknown_fields_and_unknown_status_values_do_not_raise(
    api: respx.MockRouter, flavor: str
) -> None:
    body = {
        **JOB_JSON,
        "status": "paused",
        "type": "brand_new_type",
        "accepted_formats": ["image/avif"],
        "brand_new_field": {"nested": [1, 2]},
    }
    api.get(JOB_PATH).respond(200, json=body)
    job = await call(flavor, max_retries=0)
    assert isinstance(job, Job)
    assert job.status == "paused"
    assert job.type == "brand_new_type"
    assert job.accepted_formats == ["image/avif"]
    assert job.get("brand_new_field") == {"nested": [1, 2]}


# -- secrets never shown ------------------------------------------------------------------------

LEAKS = [
    "fh_live_sk_abc123",
    "fh_test_sk_def456",
    KEY,
    "whsec_xyz",
    "whsec_AbC-123.xyz_9",
]


def _assert_no_leak(error: FirstHandError, secrets: list[str]) -> None:
    rendered = [
        str(error),
        repr(error),
        error.message,
        json.dumps(error.details),
        repr(error.args),
        "".join(traceback.format_exception_only(type(error), error)),
    ]
    for text in rendered:
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {text!r}"


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("secret", LEAKS)
async def test_error_text_never_contains_a_key_or_webhook_secret(
    api: respx.MockRouter, flavor: str, secret: str
) -> None:
    body = error_body(
        "authentication_error",
        f"key {secret} revoked",
        request_id="req_leak",
        details=[{"field": f"api_key {secret}", "message": f"secret {secret} is not valid"}],
    )
    api.get(JOB_PATH).respond(401, content=body)
    error = await call_error(flavor, FirstHandAuthenticationError, max_retries=0)
    _assert_no_leak(error, [secret])
    # still useful: status, type, message text around the secret, request id
    text = str(error)
    assert text.startswith("401 authentication_error: key ")
    assert "revoked" in text
    assert "req_leak" in text
    assert error.details[0]["message"].startswith("secret ")


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_str_shows_status_type_message_and_request_id(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(
        404, content=error_body("not_found", "No such job", request_id="req_01ABC")
    )
    error = await call_error(flavor, FirstHandNotFoundError, max_retries=0)
    text = str(error)
    for part in ("404", "not_found", "No such job", "req_01ABC"):
        assert part in text
    assert "FirstHandNotFoundError" in repr(error)
    assert "req_01ABC" in repr(error)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_secret_in_a_broken_2xx_body_is_not_echoed(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(200, json={**JOB_JSON, "files_needed": "whsec_from_body"})
    error = await call_error(flavor, FirstHandResponseValidationError, max_retries=0)
    _assert_no_leak(error, ["whsec_from_body"])


# -- configuration errors -----------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("env_value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_missing_api_key_names_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, flavor: str, env_value: Optional[str]
) -> None:
    if env_value is not None:
        monkeypatch.setenv("FIRSTHAND_API_KEY", env_value)
    cls = FirstHandClient if flavor == "sync" else AsyncFirstHandClient
    with pytest.raises(FirstHandError, match="FIRSTHAND_API_KEY") as info:
        cls()
    assert "FIRSTHAND_API_KEY" in str(info.value)
    assert info.value.status is None
    assert info.value.retryable is False


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("via_env", [False, True], ids=["argument", "env"])
@pytest.mark.parametrize(
    "bad_key",
    ["sk-live-SuperSecret1234567890", "whsec_S3cretWebhookValue", "FH_LIVE_upper_case_key"],
)
def test_api_key_with_wrong_prefix_is_rejected_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, flavor: str, via_env: bool, bad_key: str
) -> None:
    cls = FirstHandClient if flavor == "sync" else AsyncFirstHandClient
    kwargs: dict[str, Any] = {}
    if via_env:
        monkeypatch.setenv("FIRSTHAND_API_KEY", bad_key)
    else:
        kwargs["api_key"] = bad_key
    with pytest.raises(FirstHandError) as info:
        cls(**kwargs)
    error = info.value
    assert error.status is None
    assert "fh_live_" in str(error)  # tells the user what a key looks like
    _assert_no_leak(error, [bad_key, bad_key[6:]])


# -- pickling -----------------------------------------------------------------------------------


def _same_error(a: FirstHandError, b: FirstHandError) -> None:
    assert type(a) is type(b)
    assert a.message == b.message
    assert a.status == b.status
    assert a.type == b.type
    assert a.request_id == b.request_id
    assert a.retryable == b.retryable
    assert a.details == b.details
    assert a.retry_after == b.retry_after
    if a.headers is None:
        assert b.headers is None
    else:
        assert b.headers is not None
        assert dict(a.headers) == dict(b.headers)
    assert str(a) == str(b)
    assert repr(a) == repr(b)


def _roundtrip(error: E) -> E:
    clone = pickle.loads(pickle.dumps(error))
    assert isinstance(clone, type(error))
    return clone


@pytest.mark.parametrize(
    "error",
    [
        FirstHandError("plain", status=418, type="teapot", request_id="req_1", retryable=True),
        FirstHandValidationError(
            "bad",
            details=[{"field": "description", "message": "too short"}],
        ),
        FirstHandRateLimitError(
            "Slow down",
            status=429,
            type="rate_limit_error",
            request_id="req_2",
            headers={"Retry-After": "30"},
            retry_after=30.0,
        ),
        FirstHandIdempotencyError("Key reused", status=409, type="idempotency_conflict"),
        FirstHandTimeoutError("Read timed out"),
        FirstHandServerError("Bad gateway", status=502, type="bad_gateway", retryable=False),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_pickle_round_trip(error: FirstHandError) -> None:
    _same_error(error, _roundtrip(error))


def test_signature_verification_error_pickles_with_its_reason() -> None:
    error = FirstHandSignatureVerificationError(
        "no signature matched", reason="no_matching_signature"
    )
    clone = _roundtrip(error)
    _same_error(error, clone)
    assert clone.reason == "no_matching_signature"
    assert isinstance(clone, ValueError)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_errors_from_real_responses_pickle_round_trip(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(
        429,
        headers={"Retry-After": "12", "X-Request-Id": "req_hdr"},
        content=error_body(
            "rate_limit_exceeded",
            "Slow down",
            details=[{"field": "rate", "message": "60/min"}],
        ),
    )
    error = await call_error(flavor, FirstHandRateLimitError, max_retries=0)
    clone = _roundtrip(error)
    _same_error(error, clone)
    assert clone.retry_after == 12.0
    assert clone.headers is not None


# -- transport failures -------------------------------------------------------------------------

TRANSPORT: list[tuple[type[httpx.TransportError], type[FirstHandError]]] = [
    (httpx.ConnectError, FirstHandConnectionError),
    (httpx.ReadError, FirstHandConnectionError),
    (httpx.RemoteProtocolError, FirstHandConnectionError),
    (httpx.ConnectTimeout, FirstHandTimeoutError),
    (httpx.ReadTimeout, FirstHandTimeoutError),
    (httpx.WriteTimeout, FirstHandTimeoutError),
    (httpx.PoolTimeout, FirstHandTimeoutError),
]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("exc_type", "expected"), TRANSPORT, ids=[t.__name__ for t, _ in TRANSPORT]
)
async def test_transport_failures_map_to_connection_or_timeout_errors(
    api: respx.MockRouter,
    flavor: str,
    exc_type: type[httpx.TransportError],
    expected: type[FirstHandError],
) -> None:
    raised: list[httpx.TransportError] = []

    def fail(request: httpx.Request) -> httpx.Response:
        exc = exc_type("network trouble", request=request)
        raised.append(exc)
        raise exc

    route = api.get(JOB_PATH).mock(side_effect=fail)
    error = await call_error(flavor, expected, max_retries=0)

    assert route.call_count == 1
    assert isinstance(error, FirstHandConnectionError)
    assert error.status is None
    assert error.retryable is True
    assert error.headers is None
    assert error.__cause__ is raised[-1]
    assert JOB_PATH in error.message
    assert exc_type.__name__ in error.message


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_transport_failures_are_retried_then_raised(
    api: respx.MockRouter, flavor: str
) -> None:
    route = api.get(JOB_PATH).mock(side_effect=httpx.ReadTimeout("slow"))
    sleeps = Sleeps()
    error = await call_error(flavor, FirstHandTimeoutError, max_retries=2, sleeps=sleeps)
    assert route.call_count == 3
    assert len(sleeps.waits) == 2
    assert isinstance(error.__cause__, httpx.ReadTimeout)


# -- closed client ------------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("op", ["get_job", "create_job", "list_jobs", "cancel_job"])
async def test_closed_client_raises_a_firsthand_error(
    api: respx.MockRouter, flavor: str, op: str
) -> None:
    route = api.route().respond(200, json=JOB_JSON)
    sleeps = Sleeps()
    client = make_client(flavor, max_retries=3, sleep=sleeps.hook(flavor))
    await close(client)
    with pytest.raises(FirstHandError) as info:
        await run_on(client, op)
    error = info.value
    assert not isinstance(error, RuntimeError)
    assert error.type == "client_closed"
    assert error.status is None
    assert error.retryable is False
    assert "closed" in str(error)
    assert route.call_count == 0
    assert sleeps.waits == []


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_client_closed_by_its_context_manager_raises_a_firsthand_error(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(200, json=JOB_JSON)
    if flavor == "sync":
        with FirstHandClient(api_key=KEY) as sync_client:
            sync_client.get_job(JOB_ID)
        with pytest.raises(FirstHandError) as info:
            sync_client.get_job(JOB_ID)
    else:
        async with AsyncFirstHandClient(api_key=KEY) as async_client:
            await async_client.get_job(JOB_ID)
        with pytest.raises(FirstHandError) as info:
            await async_client.get_job(JOB_ID)
    assert info.value.type == "client_closed"


# -- deprecation --------------------------------------------------------------------------------

DEPRECATED = {"Deprecation": "true", "Sunset": "Sat, 01 Mar 2027 00:00:00 GMT"}


def _deprecations(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, FirstHandDeprecationWarning)]


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_deprecation_header_warns_once_per_path_per_client(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(200, headers=DEPRECATED, json=JOB_JSON)
    api.get("/v1/jobs/job_other").respond(200, headers=DEPRECATED, json=JOB_JSON)
    api.get("/v1/jobs").respond(200, headers=DEPRECATED, json=LIST_JSON)

    client = make_client(flavor)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # any de-duplication must be the SDK's own
            await run_on(client, "get_job")
            first = _deprecations(caught)
            await run_on(client, "get_job")
            await run_on(client, "get_job")
            after_repeats = _deprecations(caught)
            await run_on(client, "list_jobs")
            after_other_path = _deprecations(caught)
    finally:
        await close(client)

    assert len(first) == 1
    message = str(first[0].message)
    assert "/v1/jobs" in message
    assert "Sat, 01 Mar 2027 00:00:00 GMT" in message
    assert len(after_repeats) == 1
    assert len(after_other_path) == 2

    other = make_client(flavor)
    try:
        with pytest.warns(FirstHandDeprecationWarning, match="2027"):
            await run_on(other, "get_job")  # a new client warns again
    finally:
        await close(other)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_deprecation_warning_is_a_visible_future_warning(
    api: respx.MockRouter, flavor: str
) -> None:
    api.get(JOB_PATH).respond(200, headers=DEPRECATED, json=JOB_JSON)
    assert issubclass(FirstHandDeprecationWarning, FutureWarning)
    with pytest.warns(FirstHandDeprecationWarning) as record:
        job = await call(flavor)
    assert job.id == JOB_ID  # the call still succeeds
    assert len(_deprecations(list(record))) == 1


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    "headers",
    [{"Deprecation": "true"}, {"Sunset": "Sat, 01 Mar 2027 00:00:00 GMT"}],
    ids=["deprecation-only", "sunset-only"],
)
async def test_either_header_alone_warns(
    api: respx.MockRouter, flavor: str, headers: Mapping[str, str]
) -> None:
    api.get(JOB_PATH).respond(200, headers=dict(headers), json=JOB_JSON)
    with pytest.warns(FirstHandDeprecationWarning):
        await call(flavor)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_no_deprecation_header_no_warning(api: respx.MockRouter, flavor: str) -> None:
    api.get(JOB_PATH).respond(200, json=JOB_JSON)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await call(flavor)
    assert _deprecations(caught) == []


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("op", "method", "path", "body"),
    [
        ("get_job", "GET", JOB_PATH, JOB_JSON),
        ("create_job", "POST", "/v1/jobs", JOB_JSON),
        ("cancel_job", "POST", f"{JOB_PATH}/cancel", JOB_JSON),
        ("list_jobs", "GET", "/v1/jobs", LIST_JSON),
    ],
)
async def test_deprecation_warning_points_at_the_callers_line(
    api: respx.MockRouter,
    flavor: str,
    op: str,
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    api.route(method=method, path=path).respond(200, headers=DEPRECATED, json=body)
    with pytest.warns(FirstHandDeprecationWarning) as record:
        await call(flavor, op)
    assert len(record) == 1
    # The warning is attributed to the code that made the call (here: run_on in this file),
    # not to a line inside the SDK.
    assert record[0].filename == __file__, record[0].filename
