"""Settings refused at construction, with a typed error naming the setting (issue 11, items 2 and 4):
timeouts that would overflow a socket call, a ``max_retry_wait`` that would overflow a sleep, keys and
headers that cannot be encoded, base URLs the SDK would misuse, a live key over plaintext HTTP,
``Authorization`` smuggled in through headers; a user's ``http_client`` timeout is respected; and
``Core.prepare``'s locals never show the key."""

from __future__ import annotations

import math
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from client_helpers import Recorder, call, job_json, make
from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandError,
    FirstHandValidationError,
)

TEST_KEY = "fh_test_sk_settings0000000000000001"
LIVE_KEY = "fh_live_sk_settingsSECRET0000000002"


@pytest.fixture
def api() -> Iterator[Recorder]:
    recorder = Recorder()
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=recorder)
        yield recorder


def refused(kind: str, setting: str, **kwargs: Any) -> FirstHandError:
    kwargs.setdefault("api_key", TEST_KEY)
    with pytest.raises(FirstHandError) as info:
        make(kind, **kwargs)
    assert info.value.type == "configuration_error"
    assert setting in str(info.value)
    return info.value


# -- item 2: finite, in range, encodable ---------------------------------------------------------


@pytest.mark.parametrize(
    "timeout",
    [
        math.inf,
        1e300,
        math.nan,
        -1,
        0,
        httpx.Timeout(math.inf),
        httpx.Timeout(math.nan),
        httpx.Timeout(-1),
        httpx.Timeout(5, read=1e300),
        httpx.Timeout(5, pool=math.inf),
    ],
    ids=repr,
)
def test_an_unusable_timeout_is_refused_at_construction(kind: str, timeout: Any) -> None:
    refused(kind, "timeout", timeout=timeout)


@pytest.mark.parametrize("timeout", [math.inf, 1e300, httpx.Timeout(math.nan)], ids=repr)
async def test_an_unusable_per_call_timeout_is_refused_before_sending(
    kind: str, api: Recorder, timeout: Any
) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandValidationError, match="timeout"):
        await call(client, "get_job", "job_1", timeout=timeout)
    assert api.requests == []


@pytest.mark.parametrize("wait", [math.inf, math.nan, 1e300, -1])
def test_an_unusable_max_retry_wait_is_refused_at_construction(kind: str, wait: float) -> None:
    refused(kind, "max_retry_wait", max_retry_wait=wait)


@pytest.mark.parametrize("retry_after", ["9" * 400, str(10**20)])
async def test_a_huge_retry_after_raises_at_once_instead_of_overflowing_the_sleep(
    kind: str, retry_after: str
) -> None:
    slept: list[float] = []

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)

    client = make(
        kind,
        api_key=TEST_KEY,
        max_retry_wait=86_400,
        sleep=slept.append if kind == "sync" else async_sleep,
    )
    answer = httpx.Response(429, headers={"Retry-After": retry_after})
    with respx.mock() as router:
        route = router.get("https://api.firsthandapi.com/v1/jobs/job_1").mock(return_value=answer)
        with pytest.raises(FirstHandError) as info:
            await call(client, "get_job", "job_1")
    assert info.value.status == 429
    assert slept == []
    assert route.call_count == 1


@pytest.mark.parametrize(
    "key", ["fh_test_caf\u00e9", "fh_test_\u00a0abc", "fh_test_a b", "fh_test_a\nb"]
)
def test_a_key_that_cannot_be_sent_is_refused_without_echoing_it(kind: str, key: str) -> None:
    error = refused(kind, "api_key", api_key=key)
    assert key.strip() not in str(error)


@pytest.mark.parametrize(
    ("headers", "where"),
    [
        ({"X-Tenant": "caf\u00e9"}, "X-Tenant"),
        ({"X-Tenant": "a\r\nInjected: yes"}, "X-Tenant"),
        ({"X Tenant": "acme"}, "X Tenant"),
        ({"X-\u00e9": "acme"}, "invalid header name"),
    ],
)
def test_default_headers_that_cannot_be_sent_are_refused_at_construction(
    kind: str, headers: dict[str, str], where: str
) -> None:
    error = refused(kind, "default_headers", default_headers=headers)
    assert where in str(error)


async def test_extra_headers_that_cannot_be_sent_are_refused_before_sending(
    kind: str, api: Recorder
) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandValidationError, match="extra_headers"):
        await call(client, "get_job", "job_1", extra_headers={"X-Note": "\u2603"})
    assert api.requests == []


@pytest.mark.parametrize(
    "url", ["http://[::1", "https://", "https://api.example.com:99999", "http://exa mple.com"]
)
def test_an_unparseable_base_url_is_refused_at_construction(kind: str, url: str) -> None:
    refused(kind, "base_url", base_url=url)


# -- item 4: safe settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("https://api.example.com/?tenant=acme", "query"),
        ("https://api.example.com/v1#top", "fragment"),
        ("https://user:hunter2@api.example.com", "user:password@"),
    ],
)
def test_a_base_url_with_query_fragment_or_userinfo_is_refused(
    kind: str, url: str, what: str
) -> None:
    error = refused(kind, "base_url", base_url=url)
    assert what in str(error)
    assert "hunter2" not in str(error)


@pytest.mark.parametrize("url", ["http://api.example.com", "http://10.0.0.5:8080"])
def test_a_live_key_over_plaintext_http_is_refused(kind: str, url: str) -> None:
    error = refused(kind, "allow_insecure", api_key=LIVE_KEY, base_url=url)
    assert LIVE_KEY not in str(error)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787", "http://127.1.2.3"],
)
def test_a_live_key_over_http_to_this_machine_is_allowed(kind: str, url: str) -> None:
    assert make(kind, api_key=LIVE_KEY, base_url=url).environment == "live"


def test_allow_insecure_lets_a_live_key_use_plaintext_http(kind: str) -> None:
    client = make(kind, api_key=LIVE_KEY, base_url="http://sidecar:8080", allow_insecure=True)
    assert client.base_url == "http://sidecar:8080"
    # A test key over http is fine without it (nothing of value travels).
    assert make(kind, api_key=TEST_KEY, base_url="http://sidecar:8080").environment == "test"


def test_with_options_cannot_put_a_live_key_on_a_plaintext_client(kind: str) -> None:
    client = make(kind, api_key=TEST_KEY, base_url="http://sidecar:8080")
    with pytest.raises(FirstHandError, match="allow_insecure"):
        client.with_options(api_key=LIVE_KEY)


@pytest.mark.parametrize("name", ["Authorization", "authorization", "Proxy-Authorization"])
def test_authorization_in_default_headers_is_refused(kind: str, name: str) -> None:
    error = refused(kind, "default_headers", default_headers={name: "Bearer fh_live_other"})
    assert "fh_live_other" not in str(error)
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandError, match="default_headers"):
        client.with_options(default_headers={name: "Bearer fh_live_other"})


async def test_authorization_in_extra_headers_is_refused(kind: str, api: Recorder) -> None:
    client = make(kind, api_key=TEST_KEY)
    with pytest.raises(FirstHandValidationError, match="extra_headers") as info:
        await call(client, "get_job", "job_1", extra_headers={"AUTHORIZATION": "Bearer fh_x"})
    assert "fh_x" not in str(info.value)
    assert api.requests == []


async def test_a_user_http_client_keeps_its_timeout_unless_one_is_given(
    kind: str, api: Recorder
) -> None:
    http: Any = httpx.Client(timeout=7.0) if kind == "sync" else httpx.AsyncClient(timeout=7.0)
    client = make(kind, api_key=TEST_KEY, http_client=http)
    assert client.timeout == httpx.Timeout(7.0)
    await call(client, "get_job", "job_1")
    assert api.last.extensions["timeout"]["read"] == 7.0
    explicit = make(kind, api_key=TEST_KEY, http_client=http, timeout=12)
    await call(explicit, "get_job", "job_1")
    assert api.last.extensions["timeout"]["read"] == 12.0
    # The SDK's own pool keeps the SDK's default.
    assert make(kind, api_key=TEST_KEY).timeout == httpx.Timeout(30.0)


async def test_a_local_validation_error_has_no_key_in_its_traceback_locals(kind: str) -> None:
    client = make(kind, api_key=LIVE_KEY)
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", {"type": "data_collection"})
    report = "".join(
        traceback.TracebackException.from_exception(info.value, capture_locals=True).format()
    )
    assert "prepare" in report
    assert "headers" in report
    assert LIVE_KEY not in report
    assert "settingsSECRET" not in report


def test_the_prepared_headers_still_carry_the_key() -> None:
    from firsthand._operations import GET_JOB

    client = FirstHandClient(api_key=LIVE_KEY)
    prepared = client._core.prepare(GET_JOB, path_params={"job_id": "job_1"}, options={})
    assert prepared.attempt_headers(0)["Authorization"] == f"Bearer {LIVE_KEY}"
    assert LIVE_KEY not in repr(prepared.attempt_headers(0))
    assert dict(prepared.attempt_headers(0))["Authorization"] == f"Bearer {LIVE_KEY}"


async def test_the_async_client_takes_the_same_settings() -> None:
    client = AsyncFirstHandClient(api_key=TEST_KEY, max_response_bytes=4096)
    assert client._core.max_response_bytes == 4096
    await client.aclose()
    assert job_json("job_1")["id"] == "job_1"
