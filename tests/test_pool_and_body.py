"""The pure pieces behind issue 11: ``_pool.reclaim`` (the httpcore#1093 workaround) on pools put
in the leaked state by hand, ``_body.BodyReader`` (bounded decoding), and the sync client shared by
threads over real sockets with streamed bodies."""

from __future__ import annotations

import gzip
import json
import zlib
from concurrent.futures import ThreadPoolExecutor

import httpcore
import httpx
import pytest

from client_helpers import job_json
from firsthand import FirstHandClient
from firsthand._body import BodyReader, BodyTooLarge, BodyUndecodable
from firsthand._pool import pool_of, reclaim
from firsthand.testing._http import FakeRequest, FakeResponse
from firsthand.testing._server import FakeHTTPServer

# -- reclaim ---------------------------------------------------------------------------------------


def a_request() -> httpx.Request:
    return httpx.Request("GET", "http://127.0.0.1:9/v1/jobs/job_1", extensions={"timeout": {}})


def test_reclaim_drops_a_connection_created_for_a_cancelled_request_and_never_used() -> None:
    """The #1093 state: a NEW connection in the pool that no request owns."""
    pool = httpcore.AsyncConnectionPool(max_connections=1)
    orphan = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(orphan)
    assert not orphan.is_idle()  # httpcore never reaps it by itself
    assert not orphan.is_closed()
    closing = reclaim(pool, a_request())
    assert closing == [orphan]
    assert pool.connections == []


async def test_reclaim_removes_the_cancelled_requests_queue_entry_and_closes_its_connection() -> (
    None
):
    from httpcore._async.connection_pool import AsyncPoolRequest

    pool = httpcore.AsyncConnectionPool(max_connections=2)
    ours = a_request()
    connection = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(connection)
    entry = AsyncPoolRequest(httpcore.Request("GET", str(ours.url), extensions=ours.extensions))
    entry.assign_to_connection(connection)
    pool._requests.append(entry)
    assert reclaim(pool, ours) == [connection]
    assert pool._requests == []
    assert pool.connections == []


async def test_reclaim_leaves_other_requests_and_their_connections_alone() -> None:
    from httpcore._async.connection_pool import AsyncPoolRequest

    pool = httpcore.AsyncConnectionPool(max_connections=2)
    theirs = a_request()
    busy = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(busy)
    entry = AsyncPoolRequest(httpcore.Request("GET", str(theirs.url), extensions=theirs.extensions))
    entry.assign_to_connection(busy)
    pool._requests.append(entry)
    assert reclaim(pool, a_request()) == []  # another request's attempt
    assert pool._requests == [entry]
    assert pool.connections == [busy]


def test_reclaim_works_on_the_sync_pool_under_its_lock() -> None:
    pool = httpcore.ConnectionPool(max_connections=1)
    orphan = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(orphan)
    assert reclaim(pool, a_request()) == [orphan]
    assert pool.connections == []


def test_pool_of_finds_the_pool_of_an_httpx_client_and_nothing_in_a_mock() -> None:
    with httpx.Client() as http:
        assert pool_of(http, a_request()) is http._transport._pool  # type: ignore[attr-defined]
    mocked = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    assert pool_of(mocked, a_request()) is None
    mocked.close()


# -- BodyReader --------------------------------------------------------------------------------------


def read(encoding: str | None, data: bytes, limit: int = 1 << 20, step: int = 7) -> bytes:
    reader = BodyReader(encoding, limit=limit)
    for start in range(0, len(data), step):
        reader.feed(data[start : start + step])
    return reader.finish()


@pytest.mark.parametrize("encoding", [None, "", "identity", "IDENTITY"])
def test_identity_bodies_pass_through(encoding: str | None) -> None:
    assert read(encoding, b'{"ok": true}') == b'{"ok": true}'


def test_gzip_deflate_raw_deflate_and_stacked_encodings_decode() -> None:
    text = json.dumps(job_json("job_1")).encode() * 50
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert read("gzip", gzip.compress(text)) == text
    assert read("x-gzip", gzip.compress(text)) == text
    assert read("deflate", zlib.compress(text)) == text
    assert read("deflate", raw.compress(text) + raw.flush()) == text
    assert read("deflate, gzip", gzip.compress(zlib.compress(text))) == text


def test_the_limit_counts_bytes_received_and_bytes_decoded() -> None:
    with pytest.raises(BodyTooLarge):
        read(None, bytes(1001), limit=1000)
    with pytest.raises(BodyTooLarge):
        read("gzip", gzip.compress(bytes(1001)), limit=1000)
    assert read("gzip", gzip.compress(bytes(1000)), limit=1000) == bytes(1000)
    with pytest.raises(BodyTooLarge):  # an inner layer that inflates past the limit
        read("gzip, gzip", gzip.compress(gzip.compress(bytes(5000))), limit=1000, step=10_000)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", b'{"not": "gzip"}'),
        ("deflate", b"\xff" * 20),
        ("gzip", gzip.compress(b"x", mtime=0)[:-12] + b"\xff" * 12),
    ],
)
def test_a_body_that_does_not_decode_is_undecodable(encoding: str, data: bytes) -> None:
    with pytest.raises(BodyUndecodable):
        read(encoding, data, step=len(data))


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br"])
def test_an_encoding_the_sdk_does_not_decode_is_refused_at_once(encoding: str) -> None:
    with pytest.raises(BodyUndecodable, match="does not decode"):
        BodyReader(encoding, limit=100)


# -- the sync client shared by threads, over real sockets ----------------------------------------


def test_one_sync_client_shared_by_threads_over_real_sockets() -> None:
    body = json.dumps(job_json("job_1")).encode()

    def handle(request: FakeRequest) -> FakeResponse:
        return FakeResponse(200, [("Content-Type", "application/json")], body)

    with FakeHTTPServer(handle) as server:
        client = FirstHandClient(api_key="fh_test_sk_threads", base_url=server.base_url)

        def work(number: int) -> int:
            return sum(1 for _ in range(40) if client.get_job("job_1").id == "job_1")

        with ThreadPoolExecutor(8) as pool:
            assert sum(pool.map(work, range(8))) == 320
        leftover = pool_of(client._http, httpx.Request("GET", server.base_url))
        assert leftover is not None
        assert all(c.is_idle() or c.is_closed() for c in leftover.connections)
        assert len(leftover.connections) <= 8
        client.close()
