"""The ``firsthand[aiohttp]`` extra: ``AsyncFirstHandClient`` over ``httpx_aiohttp.HttpxAiohttpClient``
(an aiohttp-backed httpx transport), against real local sockets (respx cannot mock aiohttp)."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Callable

import httpx
import pytest

from client_helpers import job_json
from firsthand import AsyncFirstHandClient, FirstHandNotFoundError, FirstHandServerError
from local_servers import KeepAliveServer, job_response, raw_server

httpx_aiohttp = pytest.importorskip("httpx_aiohttp")

KEY = "fh_test_aiohttp"


async def test_calls_go_through_an_aiohttp_transport_concurrently() -> None:
    server = KeepAliveServer(max_delay=0.002)
    base_url = await server.start()
    http_client = httpx_aiohttp.HttpxAiohttpClient(timeout=httpx.Timeout(10.0))
    try:
        client = AsyncFirstHandClient(api_key=KEY, base_url=base_url, http_client=http_client)
        assert isinstance(http_client._transport, httpx_aiohttp.AiohttpTransport)
        jobs = await asyncio.gather(*(client.get_job(f"job_{n}") for n in range(64)))
        assert {job.id for job in jobs} == {"job_1"}  # the server answers job_1 to everything
        assert server.requests == 64
        await client.aclose()
        assert not http_client.is_closed, "the SDK never closes a client it did not create"
    finally:
        await http_client.aclose()
        await server.close()


def _answer(status: int, body: bytes) -> Callable[[socket.socket, bytes], None]:
    def handler(sock: socket.socket, head: bytes) -> None:
        sock.sendall(job_response(body=body, status=status, extra="Connection: close\r\n"))

    return handler


@pytest.mark.parametrize(
    ("status", "error"), [(404, FirstHandNotFoundError), (500, FirstHandServerError)]
)
async def test_errors_map_the_same_over_aiohttp(status: int, error: type[Exception]) -> None:
    body = b'{"error": {"type": "not_found", "message": "No such job"}}'
    with raw_server(_answer(status, body)) as server:
        http_client = httpx_aiohttp.HttpxAiohttpClient(timeout=httpx.Timeout(10.0))
        client = AsyncFirstHandClient(
            api_key=KEY, base_url=server.base_url, http_client=http_client, max_retries=0
        )
        try:
            with pytest.raises(error):
                await client.get_job("job_1")
        finally:
            await http_client.aclose()


async def test_the_request_carries_the_sdk_headers_over_aiohttp() -> None:
    seen: list[bytes] = []

    def handler(sock: socket.socket, head: bytes) -> None:
        seen.append(head)
        body = json.dumps(job_json("job_1")).encode()
        sock.sendall(job_response(body=body, extra="Connection: close\r\n"))

    with raw_server(handler) as server:
        http_client = httpx_aiohttp.HttpxAiohttpClient(timeout=httpx.Timeout(10.0))
        client = AsyncFirstHandClient(
            api_key=KEY, base_url=server.base_url, http_client=http_client
        )
        try:
            job = await client.get_job("job_1")
        finally:
            await http_client.aclose()
    assert job.id == "job_1"
    head = seen[0].decode("latin-1").lower()
    assert head.startswith("get /v1/jobs/job_1 http/1.1")
    assert f"authorization: bearer {KEY}" in head
    assert "x-firsthand-retry-count: 0" in head
