"""The stand-in reached in process: an httpx transport, sync and async, over a request handler.

[`FakeTransport`][firsthand.testing.FakeTransport] turns each ``httpx.Request`` into a [`FakeRequest`][firsthand.testing.FakeRequest], passes it to
the stand-in's handler, and turns the [`FakeResponse`][firsthand.testing.FakeResponse] back into an ``httpx.Response``,
acting out the faults the response carries: a ``delay`` is slept (and becomes
``httpx.ReadTimeout`` when it exceeds the request's read timeout, as a slow server would
cause), a ``drop`` sends the headers and about half the body, then fails with
``httpx.RemoteProtocolError``, as a connection closed mid-body does.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Dict, List, Optional, Tuple, Union, cast

import anyio
import anyio.to_thread
import httpx

from firsthand.testing._http import FakeRequest, FakeResponse

__all__ = ["FakeTransport"]

_Handler = Callable[[FakeRequest], FakeResponse]


def _never_blocks() -> bool:
    return False


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport (sync and async) that answers every request with a handler.

    Args:
        handle: The server logic: called once per request with its [`FakeRequest`][firsthand.testing.FakeRequest]
            (``origin`` is ``None``), returns the [`FakeResponse`][firsthand.testing.FakeResponse] to send.
        may_block: Called before each async request; when it returns true the handler runs in a
            worker thread (``anyio.to_thread.run_sync``) so a handler that blocks (a long poll on a
            clock running in real time) does not stall the event loop. Sync requests always call
            the handler directly.
        sleep: How a response's ``delay`` passes (default: real time). The stand-in's own
            transport passes [`FakeFirstHand.sleep`][firsthand.testing.FakeFirstHand.sleep], which moves a frozen clock instead;
            async requests call it in a worker thread when ``may_block`` says so.

    Examples:
        >>> import httpx
        >>> from firsthand.testing._http import FakeResponse
        >>> transport = FakeTransport(lambda request: FakeResponse(200, [], request.path.encode()))
        >>> with httpx.Client(transport=transport, base_url="http://stand-in") as client:
        ...     client.get("/v1/jobs/a%2Fb?limit=5").text
        '/v1/jobs/a%2Fb'
    """

    def __init__(
        self,
        handle: _Handler,
        *,
        may_block: Callable[[], bool] = _never_blocks,
        sleep: Optional[Callable[[float], None]] = None,
    ) -> None:
        self._handle = handle
        self._may_block = may_block
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request of a sync client.

        Examples:
            >>> import httpx
            >>> from firsthand.testing._http import FakeResponse
            >>> transport = FakeTransport(lambda request: FakeResponse(201, [("X-Seen", request.method)]))
            >>> response = transport.handle_request(httpx.Request("POST", "http://stand-in/v1/jobs"))
            >>> response.status_code, response.headers["x-seen"]
            (201, 'POST')
        """
        body = request.read()
        response = self._handle(_fake_request(request, body))
        if response.delay > 0:
            timeout = _read_timeout(request)
            if timeout is not None and timeout < response.delay:
                self._wait(timeout)
                raise httpx.ReadTimeout("timed out", request=request)
            self._wait(response.delay)
        if response.drop:
            part, stream_error = _dropped(request, response)
            return _httpx_response(request, response, stream=_DroppedStream(part, stream_error))
        return _httpx_response(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request of an async client.

        Examples:
            >>> import asyncio, httpx
            >>> from firsthand.testing._http import FakeResponse
            >>> transport = FakeTransport(lambda request: FakeResponse(200, [], request.query.encode()))
            >>> async def main() -> str:
            ...     async with httpx.AsyncClient(transport=transport) as client:
            ...         return (await client.get("http://stand-in/v1/jobs?limit=5")).text
            >>> asyncio.run(main())
            'limit=5'
        """
        body = await request.aread()
        fake_request = _fake_request(request, body)
        if self._may_block():
            response = await anyio.to_thread.run_sync(self._handle, fake_request)
        else:
            response = self._handle(fake_request)
        if response.delay > 0:
            timeout = _read_timeout(request)
            if timeout is not None and timeout < response.delay:
                await self._async_wait(timeout)
                raise httpx.ReadTimeout("timed out", request=request)
            await self._async_wait(response.delay)
        if response.drop:
            part, stream_error = _dropped(request, response)
            return _httpx_response(
                request, response, stream=_DroppedAsyncStream(part, stream_error)
            )
        return _httpx_response(request, response)

    def _wait(self, seconds: float) -> None:
        if self._sleep is None:
            time.sleep(seconds)
        else:
            self._sleep(seconds)

    async def _async_wait(self, seconds: float) -> None:
        if self._sleep is None:
            await anyio.sleep(seconds)
        elif self._may_block():
            await anyio.to_thread.run_sync(self._sleep, seconds)
        else:
            self._sleep(seconds)
            await anyio.sleep(0)

    def close(self) -> None:
        """Nothing to release: the transport holds no connection.

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> FakeTransport(lambda request: FakeResponse(204)).close()
        """

    async def aclose(self) -> None:
        """Nothing to release: the transport holds no connection.

        Examples:
            >>> import asyncio
            >>> from firsthand.testing._http import FakeResponse
            >>> asyncio.run(FakeTransport(lambda request: FakeResponse(204)).aclose())
        """


def _fake_request(request: httpx.Request, body: bytes) -> FakeRequest:
    raw_path, _, raw_query = request.url.raw_path.partition(b"?")
    headers: Dict[str, str] = {}
    for name, value in request.headers.multi_items():
        headers[name.lower()] = value
    return FakeRequest(
        method=request.method.upper(),
        path=raw_path.decode("ascii"),
        query=raw_query.decode("ascii"),
        headers=headers,
        body=body,
        origin=None,
    )


def _read_timeout(request: httpx.Request) -> Optional[float]:
    timeouts = request.extensions.get("timeout")
    if not isinstance(timeouts, dict):
        return None
    read = cast(Dict[str, Any], timeouts).get("read")
    if isinstance(read, (int, float)) and not isinstance(read, bool):
        return float(read)
    return None


def _dropped(
    request: httpx.Request, response: FakeResponse
) -> Tuple[bytes, httpx.RemoteProtocolError]:
    sent = len(response.body) // 2
    error = httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body "
        f"(received {sent} bytes, expected {len(response.body)})",
        request=request,
    )
    return response.body[:sent], error


def _httpx_response(
    request: httpx.Request,
    response: FakeResponse,
    *,
    stream: Union[httpx.SyncByteStream, httpx.AsyncByteStream, None] = None,
) -> httpx.Response:
    headers: List[Tuple[str, str]] = list(response.headers)
    if stream is None:
        return httpx.Response(
            response.status, headers=headers, content=response.body, request=request
        )
    if response.header("content-length") is None:
        headers.append(("Content-Length", str(len(response.body))))
    return httpx.Response(response.status, headers=headers, stream=stream, request=request)


class _DroppedStream(httpx.SyncByteStream):
    """A body that ends with the connection: part of it, then the error."""

    def __init__(self, part: bytes, error: httpx.RemoteProtocolError) -> None:
        self._part = part
        self._error = error

    def __iter__(self) -> Iterator[bytes]:
        if self._part:
            yield self._part
        raise self._error


class _DroppedAsyncStream(httpx.AsyncByteStream):
    """A body that ends with the connection: part of it, then the error."""

    def __init__(self, part: bytes, error: httpx.RemoteProtocolError) -> None:
        self._part = part
        self._error = error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._part:
            yield self._part
        raise self._error
