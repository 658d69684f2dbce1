"""Client configuration (docs/configuration.md): API key, base URL, environment, timeouts, long-poll
timeouts, default/extra headers, the SDK's own headers and ``validate_requests``.

Every scenario runs on both :class:`FirstHandClient` and :class:`AsyncFirstHandClient`; what the
client did is read from the requests the respx-mocked server received.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, Optional, Union

import httpx
import pytest
import respx

import firsthand
from client_helpers import Client, Recorder, call, make
from firsthand import (
    AsyncFirstHandClient,
    FirstHandError,
    FirstHandValidationError,
    JobCreateParamsDict,
)

TEST_KEY = "fh_test_sk_config00000000000000000001"
LIVE_KEY = "fh_live_sk_config00000000000000000002"
DEFAULT_BASE_URL = "https://api.firsthandapi.com"

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


async def close(client: Client) -> None:
    if isinstance(client, AsyncFirstHandClient):
        await client.aclose()
    else:
        client.close()


def timeout_of(request: httpx.Request) -> dict[str, Optional[float]]:
    timeout: dict[str, Optional[float]] = request.extensions["timeout"]
    return timeout


def uniform(seconds: Optional[float]) -> dict[str, Optional[float]]:
    return {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}


# -- api_key ---------------------------------------------------------------------------------


async def test_api_key_falls_back_to_environment(
    kind: str, api: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", TEST_KEY)
    client = make(kind)
    await call(client, "get_job", "job_1")
    assert api.last.headers["Authorization"] == f"Bearer {TEST_KEY}"
    await close(client)


async def test_explicit_api_key_wins_over_environment(
    kind: str, api: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", LIVE_KEY)
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    assert api.last.headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert client.environment == "test"
    await close(client)


def test_api_key_is_the_first_positional_argument(kind: str) -> None:
    assert make(kind, TEST_KEY).environment == "test"
    assert make(kind, LIVE_KEY).environment == "live"


def test_missing_api_key_names_the_environment_variable(kind: str) -> None:
    with pytest.raises(FirstHandError, match="FIRSTHAND_API_KEY"):
        make(kind)


@pytest.mark.parametrize("value", ["", "   ", "\n", " \t\r\n "])
def test_blank_environment_key_counts_as_missing(
    kind: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", value)
    with pytest.raises(FirstHandError, match="FIRSTHAND_API_KEY"):
        make(kind)


@pytest.mark.parametrize("dirty", [f"  {TEST_KEY}  ", f"{TEST_KEY}\n", f"\t{TEST_KEY}\r\n"])
@pytest.mark.parametrize("source", ["argument", "environment"])
async def test_whitespace_around_the_key_is_stripped(
    kind: str, source: str, dirty: str, api: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    if source == "environment":
        monkeypatch.setenv("FIRSTHAND_API_KEY", dirty)
        client = make(kind)
    else:
        client = make(kind, api_key=dirty)
    await call(client, "get_job", "job_1")
    assert api.last.headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert client.environment == "test"
    await close(client)


@pytest.mark.parametrize(
    ("key", "environment"),
    [
        (LIVE_KEY, "live"),
        (TEST_KEY, "test"),
        ("fh_live_x", "live"),
        ("fh_test_x", "test"),
    ],
)
def test_environment_comes_from_the_key_prefix(kind: str, key: str, environment: str) -> None:
    assert make(kind, api_key=key).environment == environment


@pytest.mark.parametrize(("key", "environment"), [(LIVE_KEY, "live"), (TEST_KEY, "test")])
def test_environment_of_a_key_from_the_environment_variable(
    kind: str, key: str, environment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", key)
    assert make(kind).environment == environment


# -- base_url --------------------------------------------------------------------------------


async def test_default_base_url(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    assert str(api.last.url) == f"{DEFAULT_BASE_URL}/v1/jobs/job_1"
    assert client.base_url == DEFAULT_BASE_URL
    await close(client)


async def test_base_url_falls_back_to_environment(
    kind: str, api: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_BASE_URL", "http://127.0.0.1:8787")
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    assert str(api.last.url) == "http://127.0.0.1:8787/v1/jobs/job_1"
    await close(client)


async def test_explicit_base_url_wins_over_environment(
    kind: str, api: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_BASE_URL", "https://from-env.example")
    client = make(kind, api_key=TEST_KEY, base_url="https://explicit.example")
    await call(client, "get_job", "job_1")
    assert str(api.last.url) == "https://explicit.example/v1/jobs/job_1"
    await close(client)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://proxy.example/", "https://proxy.example/v1/jobs/job_1"),
        ("https://proxy.example///", "https://proxy.example/v1/jobs/job_1"),
        ("https://proxy.example/firsthand", "https://proxy.example/firsthand/v1/jobs/job_1"),
        ("https://proxy.example/firsthand/", "https://proxy.example/firsthand/v1/jobs/job_1"),
        ("http://127.0.0.1:8787/a/b/", "http://127.0.0.1:8787/a/b/v1/jobs/job_1"),
    ],
)
@pytest.mark.parametrize("source", ["argument", "environment"])
async def test_base_url_trailing_slash_and_path_prefix(
    kind: str,
    source: str,
    base_url: str,
    expected: str,
    api: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if source == "environment":
        monkeypatch.setenv("FIRSTHAND_BASE_URL", base_url)
        client = make(kind, api_key=TEST_KEY)
    else:
        client = make(kind, api_key=TEST_KEY, base_url=base_url)
    assert not client.base_url.endswith("/")
    await call(client, "get_job", "job_1")
    await call(client, "list_jobs", limit=5)
    await call(client, "cancel_job", "job_1")
    get_url, list_url, cancel_url = (str(r.url) for r in api.requests)
    assert get_url == expected
    assert list_url == expected.replace("/jobs/job_1", "/jobs?limit=5")
    assert cancel_url == expected + "/cancel"
    await close(client)


@pytest.mark.parametrize(
    "base_url", ["ftp://api.firsthandapi.com", "api.firsthandapi.com", "", "ws://x.example"]
)
def test_non_http_base_url_is_rejected(kind: str, base_url: str) -> None:
    with pytest.raises(FirstHandError, match="base_url"):
        make(kind, api_key=TEST_KEY, base_url=base_url)


def test_non_http_base_url_from_environment_is_rejected(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_BASE_URL", "ftp://api.firsthandapi.com")
    with pytest.raises(FirstHandError, match="base_url"):
        make(kind, api_key=TEST_KEY)


# -- timeout ---------------------------------------------------------------------------------


async def test_default_timeout_is_30_seconds_on_every_request(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    await call(client, "create_job", VALID_JOB_BODY)
    assert [timeout_of(r) for r in api.requests] == [uniform(30.0)] * 2
    await close(client)


@pytest.mark.parametrize("seconds", [5, 2.5, 120.0])
async def test_float_timeout_is_carried_by_every_request(
    kind: str, seconds: float, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=seconds)
    await call(client, "get_job", "job_1")
    await call(client, "list_jobs")
    await call(client, "create_job", VALID_JOB_BODY)
    await call(client, "cancel_job", "job_1")
    assert [timeout_of(r) for r in api.requests] == [uniform(float(seconds))] * 4
    await close(client)


async def test_httpx_timeout_passes_through(kind: str, api: Recorder) -> None:
    timeout = httpx.Timeout(3.0, connect=1.0, read=7.0, write=2.0, pool=4.0)
    client = make(kind, api_key=TEST_KEY, timeout=timeout)
    await call(client, "get_job", "job_1")
    assert timeout_of(api.last) == {"connect": 1.0, "read": 7.0, "write": 2.0, "pool": 4.0}
    await close(client)


async def test_timeout_none_disables_timeouts(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=None)
    await call(client, "get_job", "job_1")
    assert timeout_of(api.last) == uniform(None)
    await close(client)


@pytest.mark.parametrize(
    ("per_call", "expected"),
    [
        (2.0, uniform(2.0)),
        (httpx.Timeout(9.0, read=11.0), {"connect": 9.0, "read": 11.0, "write": 9.0, "pool": 9.0}),
        (None, uniform(None)),
    ],
)
async def test_per_call_timeout_overrides_for_that_call_only(
    kind: str, per_call: Union[float, httpx.Timeout, None], expected: Any, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=5.0)
    await call(client, "get_job", "job_1", timeout=per_call)
    await call(client, "create_job", VALID_JOB_BODY, timeout=per_call)
    await call(client, "get_job", "job_1")
    first, second, third = (timeout_of(r) for r in api.requests)
    assert first == expected
    assert second == expected
    assert third == uniform(5.0)
    await close(client)


@pytest.mark.parametrize("bad", ["30", -1, -0.5, 0, True, math.nan, [30]])
def test_invalid_timeout_is_rejected_at_construction(kind: str, bad: Any) -> None:
    with pytest.raises(FirstHandError, match="timeout"):
        make(kind, api_key=TEST_KEY, timeout=bad)


@pytest.mark.parametrize("bad", ["30", -1, True])
async def test_invalid_per_call_timeout_sends_nothing(kind: str, bad: Any, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandError, match="timeout") as info:
        await call(client, "get_job", "job_1", timeout=bad)
    assert info.value.status is None
    assert api.requests == []
    await close(client)


# -- long poll: Prefer: wait=N and the read timeout ------------------------------------------


@pytest.mark.parametrize(
    ("wait", "sent"),
    [(0.2, 1), (0, 1), (-5, 1), (1, 1), (5, 5), (29.1, 30), (60, 60), (61, 60), (600, 60)],
)
async def test_prefer_wait_is_clamped_to_1_60(
    kind: str, wait: float, sent: int, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY)
    job = await call(client, "get_job", "job_1", wait=wait)
    assert job.id == "job_1"
    assert api.last.headers.get_list("Prefer") == [f"wait={sent}"]
    await close(client)


async def test_no_prefer_header_without_wait(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1")
    await call(client, "get_job", "job_1", wait=None)
    assert all("Prefer" not in r.headers for r in api.requests)
    await close(client)


@pytest.mark.parametrize(
    ("client_timeout", "wait", "min_read"),
    [
        (30.0, 25, 35.0),  # 25 + 10 > 30: extended
        (30.0, 5, 30.0),  # 5 + 10 < 30: the longer client timeout is kept
        (5.0, 20, 30.0),
        (5.0, 600, 70.0),  # the server waits at most 60 s
        (5.0, 0.2, 11.0),
    ],
)
async def test_long_poll_extends_the_read_timeout(
    kind: str, client_timeout: float, wait: float, min_read: float, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=client_timeout)
    await call(client, "get_job", "job_1", wait=wait)
    sent = timeout_of(api.last)
    read = sent["read"]
    assert read is not None
    assert read >= min_read
    assert read >= client_timeout
    assert read <= max(client_timeout, min_read) + 1  # extended, not unbounded
    assert (sent["connect"], sent["write"], sent["pool"]) == (client_timeout,) * 3
    await call(client, "get_job", "job_1")
    assert timeout_of(api.last) == uniform(client_timeout)  # only for the long poll
    await close(client)


async def test_long_poll_extends_an_httpx_timeout_read_only(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=httpx.Timeout(2.0, read=4.0))
    await call(client, "get_job", "job_1", wait=20)
    sent = timeout_of(api.last)
    assert sent["read"] is not None
    assert sent["read"] >= 30.0
    assert (sent["connect"], sent["write"], sent["pool"]) == (2.0, 2.0, 2.0)
    await close(client)


@pytest.mark.parametrize(("per_call", "expected"), [(3.0, uniform(3.0)), (None, uniform(None))])
async def test_long_poll_keeps_a_per_call_timeout(
    kind: str, per_call: Optional[float], expected: Any, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "get_job", "job_1", wait=30, timeout=per_call)
    assert timeout_of(api.last) == expected
    assert api.last.headers["Prefer"] == "wait=30"
    await close(client)


async def test_long_poll_without_any_timeout_stays_unbounded(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY, timeout=None)
    await call(client, "get_job", "job_1", wait=30)
    assert timeout_of(api.last) == uniform(None)
    await close(client)


@pytest.mark.parametrize("bad", ["x", "30", math.nan])
async def test_invalid_wait_is_a_local_validation_error(kind: str, bad: Any, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandValidationError, match="wait") as info:
        await call(client, "get_job", "job_1", wait=bad)
    assert info.value.status is None
    assert api.requests == []
    await close(client)


# -- headers ---------------------------------------------------------------------------------


async def test_default_headers_on_every_request_and_extra_headers_per_call(
    kind: str, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY, default_headers={"X-Tenant": "acme"})
    await call(client, "get_job", "job_1")
    await call(client, "create_job", VALID_JOB_BODY)
    await call(client, "list_jobs")
    await call(
        client, "get_job", "job_1", extra_headers={"X-Tenant": "other", "X-Trace-Id": "trace-1"}
    )
    await call(client, "cancel_job", "job_1")
    tenants = [r.headers.get_list("X-Tenant") for r in api.requests]
    assert tenants == [["acme"], ["acme"], ["acme"], ["other"], ["acme"]]
    traces = [r.headers.get("X-Trace-Id") for r in api.requests]
    assert traces == [None, None, None, "trace-1", None]
    await close(client)


async def test_extra_headers_on_a_post(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    await call(client, "create_job", VALID_JOB_BODY, extra_headers={"X-Trace-Id": "t"})
    assert api.last.headers["X-Trace-Id"] == "t"
    assert api.last.headers["Authorization"] == f"Bearer {TEST_KEY}"
    await close(client)


async def test_extra_headers_override_defaults_case_insensitively(kind: str, api: Recorder) -> None:
    """HTTP header names are case-insensitive: overriding ``X-Tenant`` with ``x-tenant`` must
    replace the default, not send both values."""
    client = make(kind, api_key=TEST_KEY, default_headers={"X-Tenant": "acme"})
    await call(client, "get_job", "job_1", extra_headers={"x-tenant": "other"})
    assert api.last.headers.get_list("X-Tenant") == ["other"]
    await close(client)


async def test_default_headers_are_copied_at_construction(kind: str, api: Recorder) -> None:
    headers = {"X-Tenant": "acme"}
    client = make(kind, api_key=TEST_KEY, default_headers=headers)
    headers["X-Tenant"] = "mutated"
    headers["X-Late"] = "1"
    await call(client, "get_job", "job_1")
    assert api.last.headers["X-Tenant"] == "acme"
    assert "X-Late" not in api.last.headers
    await close(client)


@pytest.mark.parametrize(
    ("method", "args", "has_body"),
    [
        ("get_job", ("job_1",), False),
        ("list_jobs", (), False),
        ("create_job", (VALID_JOB_BODY,), True),
        ("cancel_job", ("job_1",), False),
    ],
)
async def test_the_sdks_own_headers(
    kind: str, method: str, args: tuple[Any, ...], has_body: bool, api: Recorder
) -> None:
    client = make(kind, api_key=LIVE_KEY)
    await call(client, method, *args)
    headers = api.last.headers
    assert headers.get_list("User-Agent") == [f"firsthand-python/{firsthand.__version__}"]
    assert headers.get_list("Authorization") == [f"Bearer {LIVE_KEY}"]
    assert headers.get_list("Accept") == ["application/json"]
    if has_body:
        assert headers.get_list("Content-Type") == ["application/json"]
        assert api.last.content
    else:
        assert "Content-Type" not in headers
        assert api.last.content == b""
    await close(client)


# -- validate_requests -----------------------------------------------------------------------


async def test_invalid_body_is_rejected_locally_by_default(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", {**VALID_JOB_BODY, "files_needed": 0})
    assert info.value.status is None
    assert "files_needed" in [d["field"] for d in info.value.details]
    assert api.requests == []
    await close(client)


@pytest.mark.parametrize("how", ["constructor", "with_options"])
async def test_validate_requests_false_sends_the_body_as_is(
    kind: str, how: str, api: Recorder
) -> None:
    if how == "constructor":
        client = make(kind, api_key=TEST_KEY, validate_requests=False)
    else:
        client = make(kind, api_key=TEST_KEY).with_options(validate_requests=False)
    body = {**VALID_JOB_BODY, "files_needed": 0, "description": "short", "not_a_field": [1, 2]}
    job = await call(client, "create_job", body)
    assert job.id.startswith("job_new_")
    assert len(api.requests) == 1
    assert json.loads(api.last.content) == body
    assert api.last.headers["Content-Type"] == "application/json"
    await close(client)


async def test_validate_requests_false_sends_an_invalid_query_as_is(
    kind: str, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY, validate_requests=False)
    await call(client, "list_jobs", limit=0)
    assert api.last.url.params["limit"] == "0"
    await close(client)
