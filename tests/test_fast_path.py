"""The request path of the SDK's own connection pool: straight to httpx's transport.

When the user passes no ``http_client``, requests are built directly (``Core.build_request``)
and handed to the transport httpx would pick for the URL, skipping ``httpx.Client.send``'s
auth, redirect, cookie and event-hook machinery (that pool uses none of it). These tests prove
the bytes on the wire are the ones ``httpx.Client.send`` would send, and that what matters of
httpx still applies: respx, environment proxies and ``NO_PROXY``, ``elapsed``, errors carrying
their request. A user's own ``http_client`` keeps the full ``send`` (its hooks, auth, cookies).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any, Optional

import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from client_helpers import call, job_json, make
from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandError
from firsthand import _operations as ops
from firsthand._core import Core, PreparedCall, direct_url
from local_servers import job_response, raw_server

KEY = "fh_test_fastpath"
JOB_BODY = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "accepted_formats": ["image/jpeg"],
    "price_per_file_cents": 75,
}


def reference_request(call: PreparedCall[Any], retry_count: int) -> httpx.Request:
    """The request as ``httpx`` itself builds it from the same parts (the pre-fast-path way)."""
    return httpx.Request(
        call.method,
        call.url,
        params=call.params,
        headers=call.attempt_headers(retry_count),
        content=call.content,
        extensions={"timeout": call.timeout.as_dict()},
    )


def same_request(fast: httpx.Request, reference: httpx.Request) -> None:
    assert fast.method == reference.method
    assert fast.url == reference.url
    assert fast.url.raw_path == reference.url.raw_path
    assert fast.url.netloc == reference.url.netloc
    assert fast.headers.raw == reference.headers.raw  # names, values and order
    assert fast.content == reference.content
    assert type(fast.stream) is type(reference.stream)
    assert fast.extensions == reference.extensions


ids = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and s not in (".", ".."))
query_values = st.one_of(
    st.integers(-5, 500), st.text(max_size=12), st.lists(st.text(max_size=5), max_size=3)
)


@settings(max_examples=150, deadline=None)
@given(
    job_id=ids,
    base=st.sampled_from(
        [
            "https://api.firsthandapi.com",
            "http://127.0.0.1:8787",
            "https://proxy.example/fh",
            "https://proxy.example/a%20b/c",
            "http://[::1]:9000/x",
            "https://Bücher.example",
        ]
    ),
    query=st.dictionaries(st.sampled_from(["cursor", "status", "q", "x y", "é"]), query_values),
    retry_count=st.integers(0, 3),
)
def test_direct_requests_equal_the_ones_httpx_builds(
    job_id: str, base: str, query: dict[str, Any], retry_count: int
) -> None:
    core = Core(api_key=KEY, base_url=base)
    prepared = core.prepare(ops.GET_JOB, path_params={"job_id": job_id}, options={})
    listing = prepared.replace(params=query or None)
    for each in (prepared, listing):
        same_request(Core.build_request(each, retry_count), reference_request(each, retry_count))
        assert direct_url(each.url, each.params) == httpx.URL(each.url, params=each.params)


@pytest.mark.parametrize(
    ("op", "path_params", "body"),
    [
        (ops.CREATE_JOB, None, JOB_BODY),
        (ops.CANCEL_JOB, {"job_id": "job_1"}, None),
        (ops.DELETE_WEBHOOK_ENDPOINT, {"endpoint_id": "we_1"}, None),
        (
            ops.UPDATE_WEBHOOK_ENDPOINT,
            {"endpoint_id": "we_1"},
            {"url": "https://example.com/hook"},
        ),
    ],
)
def test_direct_requests_with_bodies_equal_the_ones_httpx_builds(
    op: ops.Operation[Any], path_params: Optional[dict[str, str]], body: object
) -> None:
    core = Core(api_key=KEY, base_url="https://api.firsthandapi.com")
    options: Any = {"extra_headers": {"X-Trace": "t1"}}
    call = core.prepare(op, path_params=path_params, body=body, options=options)
    for retry_count in (0, 2):
        same_request(Core.build_request(call, retry_count), reference_request(call, retry_count))


def test_a_header_httpx_would_fill_in_is_left_to_httpx() -> None:
    core = Core(api_key=KEY, base_url="https://api.firsthandapi.com")
    options: Any = {"extra_headers": {"Host": "api.internal"}}
    call = core.prepare(ops.GET_JOB, path_params={"job_id": "job_1"}, options=options)
    fast = Core.build_request(call, 0)
    same_request(fast, reference_request(call, 0))
    assert fast.headers["Host"] == "api.internal"


class Wire:
    """A socket server recording each request's bytes (head and body) and answering a job."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self._lock = threading.Lock()

    def __call__(self, sock: socket.socket, head: bytes) -> None:
        header_end = head.index(b"\r\n\r\n") + 4
        length = 0
        for line in head[:header_end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = head
        while len(data) < header_end + length:
            data += sock.recv(65536)
        with self._lock:
            self.received.append(data)
        sock.sendall(job_response(extra="Connection: close\r\n"))


def test_the_sdk_pool_sends_the_bytes_httpx_client_send_sends() -> None:
    wire = Wire()
    with raw_server(wire) as server, FirstHandClient(api_key=KEY, base_url=server.base_url) as fh:
        core = fh._core
        calls: list[PreparedCall[Any]] = [
            core.prepare(ops.GET_JOB, path_params={"job_id": "job_1"}, options={}),
            core.prepare(ops.LIST_JOBS, query={"limit": 100, "status": "open"}, options={}),
            core.prepare(
                ops.CREATE_JOB,
                body=JOB_BODY,
                options={},
            ),
            core.prepare(ops.CANCEL_JOB, path_params={"job_id": "job/1"}, options={}),
        ]
        assert fh._direct_requests
        for call in calls:
            fast = fh._dispatch(Core.build_request(call, 1))
            fast.read()
            fast.close()
            full = fh._http.send(reference_request(call, 1))
            full.close()
            sent_fast, sent_full = wire.received[-2:]
            assert sent_fast == sent_full, call.method + " " + call.path
            assert fast.elapsed.total_seconds() >= 0  # set when closed, as httpx sets it
            assert fast.request.url == full.request.url


def test_public_calls_on_the_sdk_pool_send_what_httpx_client_send_sends() -> None:
    """End to end: ``get_job``/``create_job`` on the fast path against the reference bytes."""
    wire = Wire()
    with raw_server(wire) as server, FirstHandClient(api_key=KEY, base_url=server.base_url) as fh:
        fh.get_job("job_1")
        call = fh._core.prepare(ops.GET_JOB, path_params={"job_id": "job_1"}, options={})
        fh._http.send(reference_request(call, 0)).close()
        assert wire.received[0] == wire.received[1]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_respx_intercepts_the_sdk_pool(kind: str) -> None:
    with respx.mock(base_url="https://api.firsthandapi.com", assert_all_called=True) as router:
        route = router.get("/v1/jobs/job_1").respond(json=job_json("job_1"))
        client = make(kind, api_key=KEY)
        job = await call(client, "get_job", "job_1")
        assert job.id == "job_1"
        assert route.call_count == 1
        assert route.calls.last.request.headers["Authorization"] == f"Bearer {KEY}"
        if isinstance(client, AsyncFirstHandClient):
            await client.aclose()
        else:
            client.close()


def test_an_environment_proxy_carries_the_sdk_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    wire = Wire()
    with raw_server(wire) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with FirstHandClient(api_key=KEY, base_url="http://api.firsthand.invalid") as fh:
            assert fh.get_job("job_1").id == "job_1"
    # A proxied request names the absolute URL.
    assert wire.received[0].startswith(b"GET http://api.firsthand.invalid/v1/jobs/job_1 HTTP/1.1")


def test_no_proxy_sends_the_sdk_pool_direct(monkeypatch: pytest.MonkeyPatch) -> None:
    wire = Wire()
    with raw_server(wire) as server:
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens: a refusal
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with FirstHandClient(api_key=KEY, base_url=server.base_url) as fh:
            assert fh.get_job("job_1").id == "job_1"
    assert wire.received[0].startswith(b"GET /v1/jobs/job_1 HTTP/1.1")


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_transport_error_on_the_sdk_pool_carries_its_request(kind: str) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make(kind, api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(FirstHandError) as caught:
        await call(client, "get_job", "job_1")
    cause = caught.value.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert cause.request.url.path == "/v1/jobs/job_1"
    if isinstance(client, AsyncFirstHandClient):
        await client.aclose()
    else:
        client.close()


def test_a_users_http_client_keeps_its_hooks_auth_and_cookies() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=job_json("job_1"))

    http = httpx.Client(
        transport=httpx.MockTransport(answer),
        event_hooks={"request": [seen.append]},
        cookies={"session": "s1"},
    )
    with FirstHandClient(api_key=KEY, http_client=http) as fh:
        assert not fh._direct_requests
        fh.get_job("job_1")
    assert len(seen) == 1, "the user's event hook ran"
    assert seen[0].headers["Cookie"] == "session=s1"
    http.close()


def test_the_sdk_pool_logs_on_the_httpx_logger_as_httpx_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with respx.mock(base_url="https://api.firsthandapi.com") as router:
        router.get("/v1/jobs/job_1").respond(json=job_json("job_1"))
        with caplog.at_level("INFO", logger="httpx"), FirstHandClient(api_key=KEY) as fh:
            fh.get_job("job_1")
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert lines == [
        'HTTP Request: GET https://api.firsthandapi.com/v1/jobs/job_1 "HTTP/1.1 200 OK"'
    ]


async def test_the_async_pool_sends_what_httpx_async_client_send_sends() -> None:
    wire = Wire()
    with raw_server(wire) as server:
        async with AsyncFirstHandClient(api_key=KEY, base_url=server.base_url) as fh:
            await fh.get_job("job_1")
            raw = await fh.with_raw_response.get_job("job_1")
            assert raw.http_response.elapsed.total_seconds() >= 0
            call = fh._core.prepare(ops.GET_JOB, path_params={"job_id": "job_1"}, options={})
            response = await fh._http.send(reference_request(call, 0))
            await response.aclose()
        await asyncio.sleep(0)
    assert wire.received[0] == wire.received[2]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_sdk_pool_skips_client_send_and_a_users_client_does_not(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sends: list[str] = []
    for cls in (httpx.Client, httpx.AsyncClient):
        original = cls.send

        def counting(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            sends.append(type(self).__name__)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "send", counting)
    with respx.mock(base_url="https://api.firsthandapi.com") as router:
        router.get("/v1/jobs/job_1").respond(json=job_json("job_1"))
        own = make(kind, api_key=KEY)
        users = make(
            kind,
            api_key=KEY,
            http_client=httpx.Client() if kind == "sync" else httpx.AsyncClient(),
        )
        for client in (own, users):
            await call(client, "get_job", "job_1")
            if isinstance(client, AsyncFirstHandClient):
                await client.aclose()
                await client._http.aclose()
            else:
                client.close()
                client._http.close()
    assert len(sends) == 1, "only the user's own client goes through send"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_stream_of_both_kinds_is_read_as_the_client_reads(kind: str) -> None:
    """The stand-in's transport answers with a stream that is sync and async at once: the client's
    kind decides how it is read (the sync client once took it for an async one)."""
    from firsthand.testing import FakeFirstHand

    fake = FakeFirstHand()
    if kind == "sync":
        with fake.client() as client:
            raw = client.with_raw_response.get_credit_balance()
    else:
        async with fake.async_client() as async_client:
            raw = await async_client.with_raw_response.get_credit_balance()
    assert raw.parse().available_cents >= 0
