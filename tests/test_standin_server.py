"""FakeHTTPServer: real HTTP/1.1 on 127.0.0.1 in front of the stand-in's handler, with keep-alive,
chunked request bodies, the faults (delay, drop), and a server no handler or client can bring down."""

from __future__ import annotations

import json
import logging
import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

import httpx
import pytest

from firsthand.testing._http import FakeRequest, FakeResponse
from firsthand.testing._server import FakeHTTPServer


class Recorder:
    """A handler that records each request (and the connection thread it ran on)."""

    def __init__(self, response: Optional[FakeResponse] = None) -> None:
        self.response = response or FakeResponse(200, [("Content-Type", "text/plain")], b"ok")
        self.requests: List[FakeRequest] = []
        self.threads: List[int] = []
        self._lock = threading.Lock()

    def __call__(self, request: FakeRequest) -> FakeResponse:
        with self._lock:
            self.requests.append(request)
            self.threads.append(threading.get_ident())
        return self.response


#: One TLS context for every client here (building one loads the CA bundle: ~0.1 s each).
_TLS = httpx.create_ssl_context()


def http_client(read_timeout: float = 5) -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=httpx.Timeout(5, read=read_timeout), verify=_TLS)


def raw_exchange(server: FakeHTTPServer, data: bytes) -> bytes:
    """Send raw bytes on a new connection; everything the server sends until it closes."""
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(
        FakeResponse(
            201,
            [
                ("Content-Type", "application/json"),
                ("X-Request-Id", "req_1"),
                ("X-Multi", "1"),
                ("X-Multi", "2"),
            ],
            b'{"id": "x"}',
        )
    )


@pytest.fixture
def server(recorder: Recorder) -> Iterator[FakeHTTPServer]:
    with FakeHTTPServer(recorder) as running:
        yield running


def test_requests_and_responses_translate(server: FakeHTTPServer, recorder: Recorder) -> None:
    with http_client() as client:
        response = client.patch(
            server.base_url + "/v1/jobs/job%2F1%20x?limit=5&cursor=a%2Bb&empty=",
            headers=[("X-Custom", "Value"), ("X-Dup", "first"), ("X-Dup", "second")],
            content=b'{"a": 1}',
        )
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.headers.get_list("x-multi") == ["1", "2"]
    assert response.headers.get_list("content-length") == [str(len(b'{"id": "x"}'))]
    assert response.content == b'{"id": "x"}'
    [request] = recorder.requests
    assert request.method == "PATCH"
    assert request.path == "/v1/jobs/job%2F1%20x"
    assert request.query == "limit=5&cursor=a%2Bb&empty="
    assert request.headers["x-custom"] == "Value"
    assert request.headers["x-dup"] == "second"
    assert all(name == name.lower() for name in request.headers)
    assert request.headers["content-length"] == "8"
    assert request.body == b'{"a": 1}'


def test_origin_is_the_base_url(server: FakeHTTPServer, recorder: Recorder) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    assert server.base_url == f"http://127.0.0.1:{port}"
    assert port > 0
    with http_client() as client:
        client.get(server.base_url + "/")
    assert recorder.requests[0].origin == server.base_url
    assert recorder.requests[0].query == ""


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_every_method_reaches_the_handler(
    server: FakeHTTPServer, recorder: Recorder, method: str
) -> None:
    with http_client() as client:
        response = client.request(method, server.base_url + "/v1/x")
    assert response.status_code == 201
    assert [r.method for r in recorder.requests] == [method]
    assert recorder.requests[0].body == b""


def test_head_sends_headers_without_a_body(server: FakeHTTPServer, recorder: Recorder) -> None:
    with http_client() as client:
        response = client.head(server.base_url + "/v1/x")
        after = client.get(server.base_url + "/v1/y")  # the connection is still in a sane state
    assert response.status_code == 201
    assert response.content == b""
    assert response.headers["content-length"] == str(len(recorder.response.body))
    assert after.content == recorder.response.body
    assert [r.method for r in recorder.requests] == ["HEAD", "GET"]


def test_keep_alive_serves_requests_on_one_connection(
    server: FakeHTTPServer, recorder: Recorder
) -> None:
    with http_client() as client, http_client() as other:
        client.get(server.base_url + "/1")
        client.get(server.base_url + "/2")
        other.get(server.base_url + "/3")
    # one thread per connection: the same thread answered both requests of the first client
    assert recorder.threads[0] == recorder.threads[1]
    assert recorder.threads[2] != recorder.threads[0]


def test_204_has_no_body_and_keeps_the_connection() -> None:
    handler = Recorder(FakeResponse(204, [("X-Request-Id", "req_9")]))
    with FakeHTTPServer(handler) as server:
        reply = raw_exchange(
            server,
            b"DELETE /v1/k HTTP/1.1\r\nHost: x\r\n\r\nGET /again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
    first, _, second = reply.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 204 No Content\r\n")
    assert b"content-length" not in first.lower()
    assert second.startswith(
        b"HTTP/1.1 204"
    )  # the next response follows at once: no body in between
    assert [r.path for r in handler.requests] == ["/v1/k", "/again"]


def test_handler_content_length_is_not_doubled() -> None:
    handler = Recorder(FakeResponse(200, [("content-length", "2")], b"{}"))
    with FakeHTTPServer(handler) as server:
        reply = raw_exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.lower().count(b"content-length") == 1
    assert body == b"{}"


def test_chunked_request_body(server: FakeHTTPServer, recorder: Recorder) -> None:
    with http_client() as client:
        response = client.post(
            server.base_url + "/upload", content=iter([b"hello ", b"", b"chunked ", b"world"])
        )
    assert response.status_code == 201
    assert recorder.requests[0].headers["transfer-encoding"] == "chunked"
    assert recorder.requests[0].body == b"hello chunked world"


def test_chunked_body_with_extensions_and_trailers(
    server: FakeHTTPServer, recorder: Recorder
) -> None:
    reply = raw_exchange(
        server,
        b"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        b"5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n",
    )
    assert reply.startswith(b"HTTP/1.1 201 Created\r\n")
    assert recorder.requests[0].body == b"hello0123456789"


def test_malformed_chunked_body_is_a_400(server: FakeHTTPServer, recorder: Recorder) -> None:
    reply = raw_exchange(
        server,
        b"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    )
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert json.loads(body)["error"]["type"] == "validation_error"
    assert recorder.requests == []  # the handler never saw it; the server closed the connection


def test_delay_sleeps_before_answering() -> None:
    with (
        FakeHTTPServer(Recorder(FakeResponse(200, [], b"late", delay=0.05))) as server,
        http_client() as client,
    ):
        started = time.monotonic()
        response = client.get(server.base_url + "/")
        elapsed = time.monotonic() - started
    assert response.content == b"late"
    assert elapsed >= 0.05


def test_delay_beyond_the_read_timeout_times_the_client_out(
    server: FakeHTTPServer, recorder: Recorder
) -> None:
    recorder.response = FakeResponse(200, [], b"late", delay=0.1)
    with http_client(read_timeout=0.02) as client, pytest.raises(httpx.ReadTimeout):
        client.get(server.base_url + "/")


def test_drop_ends_the_connection_mid_body_and_the_server_keeps_serving() -> None:
    body = b"0123456789" * 100
    answers = iter([FakeResponse(200, [], body, drop=True), FakeResponse(200, [], body)])
    with FakeHTTPServer(lambda request: next(answers)) as server, http_client() as client:
        with client.stream("GET", server.base_url + "/") as response:
            assert response.status_code == 200
            assert response.headers["content-length"] == str(
                len(body)
            )  # the full length was announced
            received: List[bytes] = []
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                received.extend(response.iter_raw())
        assert 0 < len(b"".join(received)) < len(body)
        assert client.get(server.base_url + "/").content == body


def test_drop_raises_on_a_plain_request(server: FakeHTTPServer, recorder: Recorder) -> None:
    recorder.response = FakeResponse(
        200, [("Content-Type", "application/json")], b'{"id": "j"}', drop=True
    )
    with http_client() as client, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post(server.base_url + "/v1/jobs", content=b"{}")
    assert len(recorder.requests) == 1  # processed, but the caller never learned the answer


def test_handler_exception_is_a_500_and_the_server_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: List[str] = []

    def handle(request: FakeRequest) -> FakeResponse:
        calls.append(request.path)
        if request.path == "/boom":
            raise ValueError("kaput")
        return FakeResponse(200, [], b"fine")

    caplog.set_level(logging.ERROR, logger="firsthand.testing")
    with FakeHTTPServer(handle) as server, http_client() as client:
        failed = client.get(server.base_url + "/boom")
        after = client.get(server.base_url + "/ok")  # same connection, still alive
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/json"
    error = failed.json()["error"]
    assert error["type"] == "internal_error"
    assert error["request_id"] is None
    assert "kaput" in error["message"]
    assert after.content == b"fine"
    assert calls == ["/boom", "/ok"]
    [record] = [r for r in caplog.records if r.name == "firsthand.testing"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None


def test_unsendable_response_header_is_a_500(caplog: pytest.LogCaptureFixture) -> None:
    handler = Recorder(FakeResponse(200, [("X-Bad", "a\r\nInjected: yes")], b"x"))
    caplog.set_level(logging.CRITICAL, logger="firsthand.testing")
    with FakeHTTPServer(handler) as server, http_client() as client:
        response = client.get(server.base_url + "/")
    assert response.status_code == 500
    assert "injected" not in response.headers


def test_bad_request_lines_and_vanishing_clients_print_nothing(
    server: FakeHTTPServer, recorder: Recorder, capfd: pytest.CaptureFixture[str]
) -> None:
    assert b"400" in raw_exchange(server, b"GET / HTTP/one\r\n\r\n")  # 3.9 sends no status line
    assert b"400" in raw_exchange(server, b"NOT HTTP AT ALL\r\n\r\n")
    port = int(server.base_url.rsplit(":", 1)[1])
    # a client that sends half a body and goes away
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a bit")
    # a client that goes away before reading its answer
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )  # reset on close
        sock.sendall(b"GET /gone HTTP/1.1\r\nHost: x\r\n\r\n")
    with http_client() as client:  # still serving
        assert client.get(server.base_url + "/ok").status_code == 201
    server.close()
    captured = capfd.readouterr()
    assert captured.err == ""
    assert "/x" not in [r.path for r in recorder.requests]


def test_close_is_idempotent_and_frees_the_port(recorder: Recorder) -> None:
    server = FakeHTTPServer(recorder).start()
    port = int(server.base_url.rsplit(":", 1)[1])
    with http_client() as client:
        client.get(server.base_url + "/")  # leaves an idle keep-alive connection open
        started = time.monotonic()
        server.close()
        server.close()
        assert time.monotonic() - started < 1.0  # the idle connection did not hold close() up
        with pytest.raises(httpx.TransportError):
            client.get(server.base_url + "/")
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))  # the port is free again
    with pytest.raises(RuntimeError, match="closed"):
        server.start()


def test_base_url_needs_a_started_server(recorder: Recorder) -> None:
    server = FakeHTTPServer(recorder)
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.base_url
    server.close()  # closing a server never started is fine


def test_many_concurrent_requests_are_all_answered() -> None:
    count = 20
    barrier = threading.Barrier(count, timeout=3)

    def handle(request: FakeRequest) -> FakeResponse:
        barrier.wait()  # only passes when all 20 requests are being handled at once
        return FakeResponse(200, [], request.path.encode())

    with FakeHTTPServer(handle) as server, http_client() as client:

        def fetch(index: int) -> bytes:
            return client.get(f"{server.base_url}/r/{index}").content

        with ThreadPoolExecutor(max_workers=count) as pool:
            bodies = list(pool.map(fetch, range(count)))
    assert bodies == [f"/r/{index}".encode() for index in range(count)]


def test_close_during_a_blocking_handler_ends_its_connection(
    capfd: pytest.CaptureFixture[str],
) -> None:
    release = threading.Event()
    entered = threading.Event()

    def handle(request: FakeRequest) -> FakeResponse:
        entered.set()
        release.wait(2)  # a long poll
        return FakeResponse(200, [], b"too late")

    server = FakeHTTPServer(handle).start()
    with http_client() as client, ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(client.get, server.base_url + "/v1/jobs/j?wait=30")
        assert entered.wait(2)
        started = time.monotonic()
        server.close()
        assert time.monotonic() - started < 1.0  # close() does not wait for the handler
        with pytest.raises(httpx.TransportError):
            pending.result(timeout=2)
        release.set()
    capfd.readouterr()
    time.sleep(0.05)  # the handler now writes to a closed connection: logged at debug only
    assert capfd.readouterr().err == ""
