"""FakeTransport: httpx requests reach the stand-in's handler as FakeRequests, and FakeResponses
(with their faults: delay, drop) come back as a real server's answers would."""

from __future__ import annotations

import threading
import time
from typing import List, Optional

import httpx
import pytest

from firsthand.testing._http import FakeRequest, FakeResponse
from firsthand.testing._transport import FakeTransport


class Recorder:
    """A handler that records each request (and the thread it ran on) and answers ``response``."""

    def __init__(self, response: Optional[FakeResponse] = None) -> None:
        self.response = response or FakeResponse(200, [("Content-Type", "text/plain")], b"ok")
        self.requests: List[FakeRequest] = []
        self.threads: List[int] = []

    def __call__(self, request: FakeRequest) -> FakeResponse:
        self.requests.append(request)
        self.threads.append(threading.get_ident())
        return self.response


URL = "https://api.firsthandapi.com/v1/jobs/job%2F1%20x/files?limit=5&cursor=a%2Bb&empty="


def check_request(request: FakeRequest) -> None:
    assert request.method == "PATCH"
    assert request.path == "/v1/jobs/job%2F1%20x/files"  # percent-encoding kept
    assert request.query == "limit=5&cursor=a%2Bb&empty="
    assert request.params() == [("limit", "5"), ("cursor", "a+b"), ("empty", "")]
    assert request.headers["x-custom"] == "Value"
    assert request.headers["x-dup"] == "second"  # the last value wins
    assert all(name == name.lower() for name in request.headers)
    assert request.headers["host"] == "api.firsthandapi.com"
    assert request.body == b'{"a": 1}'
    assert request.origin is None


async def read_into(response: httpx.Response, received: List[bytes]) -> None:
    async for chunk in response.aiter_raw():
        received.append(chunk)


RESPONSE = FakeResponse(
    201,
    [
        ("Content-Type", "application/json"),
        ("X-Request-Id", "req_1"),
        ("X-Multi", "1"),
        ("X-Multi", "2"),
    ],
    b'{"id": "x"}',
)


def check_response(response: httpx.Response) -> None:
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"] == "req_1"
    assert response.headers.get_list("x-multi") == ["1", "2"]
    assert response.content == b'{"id": "x"}'
    assert response.headers["content-length"] == str(len(b'{"id": "x"}'))


def test_sync_request_and_response_translate() -> None:
    handler = Recorder(RESPONSE)
    with httpx.Client(transport=FakeTransport(handler)) as client:
        response = client.patch(
            URL,
            headers=[("X-Custom", "Value"), ("X-Dup", "first"), ("X-Dup", "second")],
            content=b'{"a": 1}',
        )
    check_response(response)
    [request] = handler.requests
    check_request(request)


async def test_async_request_and_response_translate() -> None:
    handler = Recorder(RESPONSE)
    async with httpx.AsyncClient(transport=FakeTransport(handler)) as client:
        response = await client.patch(
            URL,
            headers=[("X-Custom", "Value"), ("X-Dup", "first"), ("X-Dup", "second")],
            content=b'{"a": 1}',
        )
    check_response(response)
    [request] = handler.requests
    check_request(request)


def test_streamed_request_body_is_read_whole() -> None:
    handler = Recorder()
    with httpx.Client(transport=FakeTransport(handler)) as client:
        client.post("http://stand-in/upload", content=iter([b"ab", b"cd"]))
    assert handler.requests[0].body == b"abcd"
    assert handler.requests[0].query == ""


async def test_streamed_response_reads_in_both_clients() -> None:
    transport = FakeTransport(Recorder(FakeResponse(200, [], b"x" * 1000)))
    with httpx.Client(transport=transport) as client, client.stream("GET", "http://s/") as response:
        assert b"".join(response.iter_bytes()) == b"x" * 1000
    async with (
        httpx.AsyncClient(transport=transport) as aclient,
        aclient.stream("GET", "http://s/") as aresponse,
    ):
        assert b"".join([chunk async for chunk in aresponse.aiter_bytes()]) == b"x" * 1000


async def test_204_has_an_empty_body() -> None:
    transport = FakeTransport(Recorder(FakeResponse(204, [("X-Request-Id", "req_2")])))
    with httpx.Client(transport=transport) as client:
        response = client.delete("http://stand-in/v1/api_keys/k")
    assert (response.status_code, response.content) == (204, b"")
    assert response.headers["x-request-id"] == "req_2"
    async with httpx.AsyncClient(transport=transport) as async_client:
        async_response = await async_client.delete("http://stand-in/v1/api_keys/k")
    assert (async_response.status_code, async_response.content) == (204, b"")


def test_sync_delay_sleeps_before_answering() -> None:
    transport = FakeTransport(Recorder(FakeResponse(200, [], b"late", delay=0.05)))
    with httpx.Client(transport=transport, timeout=5) as client:
        started = time.monotonic()
        response = client.get("http://stand-in/")
        elapsed = time.monotonic() - started
    assert response.content == b"late"
    assert elapsed >= 0.05


async def test_async_delay_sleeps_before_answering() -> None:
    transport = FakeTransport(Recorder(FakeResponse(200, [], b"late", delay=0.05)))
    async with httpx.AsyncClient(transport=transport, timeout=None) as client:
        started = time.monotonic()
        response = await client.get("http://stand-in/")
        elapsed = time.monotonic() - started
    assert response.content == b"late"
    assert elapsed >= 0.05


def test_sync_delay_beyond_read_timeout_raises_read_timeout() -> None:
    handler = Recorder(FakeResponse(200, [], b"never", delay=30.0))
    with httpx.Client(
        transport=FakeTransport(handler), timeout=httpx.Timeout(5, read=0.03)
    ) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout) as caught:
            client.get("http://stand-in/slow")
        elapsed = time.monotonic() - started
    assert 0.03 <= elapsed < 1.0  # waited the read timeout, not the delay
    assert caught.value.request.url.path == "/slow"
    assert len(handler.requests) == 1  # the server did process the request


async def test_async_delay_beyond_read_timeout_raises_read_timeout() -> None:
    handler = Recorder(FakeResponse(200, [], b"never", delay=30.0))
    async with httpx.AsyncClient(transport=FakeTransport(handler), timeout=0.03) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            await client.get("http://stand-in/slow")
        elapsed = time.monotonic() - started
    assert 0.03 <= elapsed < 1.0
    assert len(handler.requests) == 1


def test_sync_drop_raises_remote_protocol_error_after_part_of_the_body() -> None:
    body = b"0123456789" * 10
    handler = Recorder(FakeResponse(200, [("Content-Type", "text/plain")], body, drop=True))
    with httpx.Client(transport=FakeTransport(handler)) as client:
        with pytest.raises(httpx.RemoteProtocolError, match="peer closed connection"):
            client.get("http://stand-in/")
        with client.stream("GET", "http://stand-in/") as response:
            assert response.status_code == 200
            assert response.headers["content-length"] == str(len(body))  # the full length
            received: List[bytes] = []
            with pytest.raises(httpx.RemoteProtocolError):
                received.extend(response.iter_raw())
    assert 0 < len(b"".join(received)) < len(body)
    assert body.startswith(b"".join(received))
    assert len(handler.requests) == 2


async def test_async_drop_raises_remote_protocol_error_after_part_of_the_body() -> None:
    body = b"0123456789" * 10
    handler = Recorder(FakeResponse(200, [("Content-Length", str(len(body)))], body, drop=True))
    async with httpx.AsyncClient(transport=FakeTransport(handler)) as client:
        with pytest.raises(httpx.RemoteProtocolError, match="peer closed connection"):
            await client.get("http://stand-in/")
        async with client.stream("GET", "http://stand-in/") as response:
            assert response.headers.get_list("content-length") == [str(len(body))]
            received: List[bytes] = []
            with pytest.raises(httpx.RemoteProtocolError):
                await read_into(response, received)
    assert 0 < len(b"".join(received)) < len(body)


def test_drop_of_an_empty_body_still_fails() -> None:
    transport = FakeTransport(Recorder(FakeResponse(200, [], b"", drop=True)))
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.RemoteProtocolError):
        client.get("http://stand-in/")


async def test_may_block_runs_the_handler_off_the_event_loop_thread() -> None:
    loop_thread = threading.get_ident()
    blocking = Recorder()
    async with httpx.AsyncClient(
        transport=FakeTransport(blocking, may_block=lambda: True)
    ) as client:
        await client.get("http://stand-in/")
    assert blocking.threads[0] != loop_thread

    direct = Recorder()
    async with httpx.AsyncClient(transport=FakeTransport(direct)) as client:
        await client.get("http://stand-in/")
    assert direct.threads == [loop_thread]


async def test_may_block_is_asked_on_every_request() -> None:
    loop_thread = threading.get_ident()
    answers = iter([False, True])
    handler = Recorder()
    async with httpx.AsyncClient(
        transport=FakeTransport(handler, may_block=lambda: next(answers))
    ) as client:
        await client.get("http://stand-in/")
        await client.get("http://stand-in/")
    assert handler.threads[0] == loop_thread
    assert handler.threads[1] != loop_thread


def test_sync_requests_call_the_handler_directly() -> None:
    handler = Recorder()
    with httpx.Client(transport=FakeTransport(handler, may_block=lambda: True)) as client:
        client.get("http://stand-in/")
    assert handler.threads == [threading.get_ident()]


def test_handler_errors_propagate() -> None:
    def broken(request: FakeRequest) -> FakeResponse:
        raise RuntimeError("boom")

    with (
        httpx.Client(transport=FakeTransport(broken)) as client,
        pytest.raises(RuntimeError, match="boom"),
    ):
        client.get("http://stand-in/")


async def test_close_and_aclose_release_nothing() -> None:
    handler = Recorder()
    transport = FakeTransport(handler)
    transport.close()
    await transport.aclose()
    with httpx.Client(transport=transport) as client:  # still usable: nothing was released
        assert client.get("http://stand-in/").status_code == 200
