"""Path parameters can never change the path they are put into.

Every id becomes exactly one percent-encoded segment (``/``, ``?``, ``#``, ``%`` and dot segments
included) that the server decodes back to the original; ids that cannot be one segment (empty,
blank, ``.``, ``..``, not a string) are refused before anything is sent.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any, Union
from urllib.parse import unquote

import httpx
import pytest
import respx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from client_helpers import API_KEY
from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandError,
    FirstHandValidationError,
    Job,
)
from firsthand._paths import encode_path_param, render_path

BASE_URL = "https://api.firsthandapi.com"
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]

#: What an encoded segment may contain: unreserved characters and ``%XX`` escapes, nothing else.
_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+")


def _is_rejected(job_id: str) -> bool:
    return not job_id.strip() or job_id in (".", "..")


def _job_json(job_id: str) -> dict[str, Any]:
    return {
        "object": "job",
        "id": job_id,
        "type": "data_collection",
        "status": "open",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 1,
        "files_approved": 0,
        "price_per_file_cents": 75,
        "created_at": "2026-03-20T19:03:27.971Z",
    }


def _echo_job(request: httpx.Request) -> httpx.Response:
    """The server side: decode the id segment the way a server does and answer that job."""
    segments = request.url.raw_path.decode("ascii").split("?")[0].split("/")
    if len(segments) == 3:  # GET /v1/jobs
        return httpx.Response(200, json={"object": "list", "data": [], "has_more": False})
    return httpx.Response(200, json=_job_json(unquote(segments[3])))


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        mock.route().mock(side_effect=_echo_job)
        yield mock


@pytest.fixture
def client_options() -> dict[str, Any]:
    return {"max_retries": 0}


async def call(client: AnyClient, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call one operation on either client; the async client's coroutine is awaited."""
    result = getattr(client, name)(*args, **kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


def _requests(calls: Any) -> list[httpx.Request]:
    """The requests respx recorded (its call list is untyped)."""
    return [c.request for c in calls]


def _sent(router: respx.MockRouter) -> list[httpx.Request]:
    return _requests(router.calls)


# -- ids that are encoded -----------------------------------------------------------------------

#: (id, its single encoded segment)
ENCODED_IDS: list[tuple[str, str]] = [
    ("job_01JQ0000000000000000000001", "job_01JQ0000000000000000000001"),
    ("a/b", "a%2Fb"),
    ("a?b=1", "a%3Fb%3D1"),
    ("a#frag", "a%23frag"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("%2e%2e", "%252e%252e"),
    ("../api_keys", "..%2Fapi_keys"),
    ("a/../b", "a%2F..%2Fb"),
    ("./x", ".%2Fx"),
    ("...", "..."),
    (".hidden", ".hidden"),
    ("a b", "a%20b"),
    (" padded ", "%20padded%20"),
    ("a+b&c;d", "a%2Bb%26c%3Bd"),
    ("ünï", "%C3%BCn%C3%AF"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("🎉", "%F0%9F%8E%89"),
    ("line\nbreak", "line%0Abreak"),
    ("tab\tx\r", "tab%09x%0D"),
    ("nul\x00", "nul%00"),
    ("back\\slash", "back%5Cslash"),
    ("~user_-.", "~user_-."),
]


@pytest.mark.parametrize(
    ("job_id", "segment"), [pytest.param(i, s, id=repr(i)) for i, s in ENCODED_IDS]
)
@pytest.mark.parametrize(
    ("operation", "suffix"), [("get_job", ""), ("cancel_job", "/cancel")], ids=["get", "cancel"]
)
async def test_id_becomes_exactly_one_encoded_segment(
    client: AnyClient,
    router: respx.MockRouter,
    job_id: str,
    segment: str,
    operation: str,
    suffix: str,
) -> None:
    job: Job = await call(client, operation, job_id)

    (request,) = _sent(router)
    assert request.url.raw_path == f"/v1/jobs/{segment}{suffix}".encode()
    assert request.url.query == b""
    assert request.url.fragment == ""
    assert request.url.host == "api.firsthandapi.com"
    # The server, splitting on "/" and decoding the segment, sees exactly the original id.
    parts = request.url.raw_path.decode("ascii").split("/")
    assert len(parts) == (5 if suffix else 4)
    assert unquote(parts[3]) == job_id
    assert job.id == job_id


async def test_ids_do_not_leak_into_the_query_of_a_list_call(
    client: AnyClient, router: respx.MockRouter
) -> None:
    # The cursor is a query value, encoded as such: it cannot add parameters or change the path.
    await call(client, "list_jobs", cursor="c1&limit=100#x/../y")

    (request,) = _sent(router)
    assert request.url.raw_path.split(b"?")[0] == b"/v1/jobs"
    assert dict(request.url.params) == {"cursor": "c1&limit=100#x/../y"}


# -- ids that are refused -----------------------------------------------------------------------

REJECTED_IDS: list[object] = ["", "   ", "\t", "\n", " \r\n ", ".", "..", 123, None, b"job_1", 1.5]


@pytest.mark.parametrize("job_id", [pytest.param(i, id=repr(i)) for i in REJECTED_IDS])
@pytest.mark.parametrize("operation", ["get_job", "cancel_job"])
async def test_unusable_id_is_refused_before_sending(
    client: AnyClient, router: respx.MockRouter, job_id: object, operation: str
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, operation, job_id)

    err = info.value
    assert err.status is None
    assert err.retryable is False
    assert err.type == "validation_error"
    assert [d["field"] for d in err.details] == ["job_id"]
    assert "job_id" in str(err)
    assert _sent(router) == []


@pytest.mark.parametrize("job_id", ["\ud800", "job_\udfff"], ids=["lone_high", "lone_low"])
async def test_unencodable_id_raises_a_firsthand_error(
    client: AnyClient, router: respx.MockRouter, job_id: str
) -> None:
    # A lone surrogate has no UTF-8 form. Whatever the SDK does, it must raise a FirstHandError
    # (``except FirstHandError`` catches everything the SDK raises), not a UnicodeEncodeError.
    with pytest.raises(FirstHandError) as info:
        await call(client, "get_job", job_id)
    assert isinstance(info.value, FirstHandValidationError)
    assert [d["field"] for d in info.value.details] == ["job_id"]
    assert _sent(router) == []


# -- properties ---------------------------------------------------------------------------------

#: Text rich in the characters that could break out of a segment.
_tricky_text = st.text(alphabet=st.sampled_from("/.%?#2Fe ~-_a\\\n\t+&=;é"), max_size=12)
_any_text = st.one_of(st.text(), _tricky_text)


@settings(max_examples=300, deadline=None)
@given(job_id=_any_text)
def test_render_path_always_yields_one_segment(job_id: str) -> None:
    if _is_rejected(job_id):
        with pytest.raises(FirstHandValidationError):
            render_path("/v1/jobs/{job_id}", {"job_id": job_id})
        return

    path = render_path("/v1/jobs/{job_id}", {"job_id": job_id})
    segments = path.split("/")
    assert segments[0] == ""
    assert segments[1:3] == ["v1", "jobs"]
    assert len(segments[1:]) == 3
    assert _SEGMENT.fullmatch(segments[3]), segments[3]
    assert unquote(segments[3]) == job_id
    assert encode_path_param("job_id", job_id) == segments[3]

    # httpx neither removes dot segments nor decodes %2F: the path reaches the wire unchanged.
    assert httpx.URL(BASE_URL + path).raw_path == path.encode("ascii")
    assert httpx.Request("GET", BASE_URL + path).url.raw_path == path.encode("ascii")

    cancel = render_path("/v1/jobs/{job_id}/cancel", {"job_id": job_id})
    assert cancel.split("/") == ["", "v1", "jobs", segments[3], "cancel"]
    assert httpx.URL(BASE_URL + cancel).raw_path == cancel.encode("ascii")


@settings(max_examples=75, deadline=None)
@given(job_id=_any_text)
def test_client_sends_any_id_as_one_segment(job_id: str) -> None:
    assume(not _is_rejected(job_id))
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        route = mock.route().mock(side_effect=_echo_job)
        with FirstHandClient(api_key=API_KEY, max_retries=0) as client:
            job = client.get_job(job_id)

    (request,) = _requests(route.calls)
    raw_path = request.url.raw_path.decode("ascii")
    assert "?" not in raw_path
    parts = raw_path.split("/")
    assert parts[:3] == ["", "v1", "jobs"]
    assert len(parts) == 4
    assert unquote(parts[3]) == job_id
    assert job.id == job_id
