"""The stand-in reached over real HTTP: a small stdlib server over a request handler.

``FakeHTTPServer`` serves HTTP/1.1 (keep-alive, one thread per connection) on a local port and
passes every request to the stand-in's handler as a [`FakeRequest`][firsthand.testing.FakeRequest], writing the
[`FakeResponse`][firsthand.testing.FakeResponse] back and acting out its faults: a ``delay`` is slept before answering, a
``drop`` sends the headers and about half the body, then closes the connection. Nothing the handler
or a client does can stop the server: a handler exception is answered with a 500 ``internal_error``
and logged on the ``firsthand.testing`` logger; malformed requests and clients that go away are
logged at debug level only.

The access log (one line per request, at ``INFO``) has a logger of its own,
``firsthand.testing.access``, off unless switched on (its level is ``WARNING`` unless you set
one), so ``FIRSTHAND_LOG=debug`` shows the SDK, not the stand-in's traffic. Signed download URLs
are logged with their ``signature``/``token`` query values redacted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Dict, List, Optional, Tuple, Type, cast
from urllib.parse import urlsplit

from firsthand.testing._http import FakeRequest, FakeResponse

__all__ = ["ACCESS_LOGGER", "FakeHTTPServer", "redact_url"]

_logger = logging.getLogger("firsthand.testing")
#: The access log's logger name: one ``INFO`` line per request, off by default.
ACCESS_LOGGER = "firsthand.testing.access"
_access = logging.getLogger(ACCESS_LOGGER)
if _access.level == logging.NOTSET:  # off unless the application (or ``serve --access-log``) says
    _access.setLevel(logging.WARNING)

#: Query parameters that make a URL a credential (pre-signed storage URLs, tokens).
_SECRET_PARAMS = re.compile(
    r"([?&;](?:[\w.-]*(?:signature|token|credential|key)|sig)=)[^&;\s\"]*", re.IGNORECASE
)


def redact_url(text: str) -> str:
    """``text`` with the values of signature and token query parameters replaced.

    Examples:
        >>> redact_url('"GET /files/file_1?expires=1796893474&signature=92acec1f HTTP/1.1" 200')
        '"GET /files/file_1?expires=1796893474&signature=[redacted] HTTP/1.1" 200'
        >>> redact_url("/x?X-Amz-Signature=abc&X-Amz-Security-Token=def&token=ghi&limit=5")
        '/x?X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted]&token=[redacted]&limit=5'
    """
    return _SECRET_PARAMS.sub(r"\1[redacted]", text)


_Handler = Callable[[FakeRequest], FakeResponse]

#: How long ``FakeHTTPServer.close`` waits for connection threads to finish.
_CLOSE_WAIT_SECONDS = 0.25
#: Statuses that never carry a body (nor a Content-Length) in a response.
_BODILESS_STATUSES = frozenset({204, 304})


class FakeHTTPServer:
    """A local HTTP/1.1 server that answers every request with a handler.

    Args:
        handle: The server logic: called once per request (from the connection's thread, so
            possibly from several threads at once) with its [`FakeRequest`][firsthand.testing.FakeRequest] (``origin`` is
            ``base_url``), returns the [`FakeResponse`][firsthand.testing.FakeResponse] to send.
        host: The address to listen on.
        port: The port to listen on; ``0`` picks a free one (see ``base_url``).

    Examples:
        >>> import http.client
        >>> from firsthand.testing._http import FakeResponse
        >>> def handle(request):
        ...     return FakeResponse(200, [("Content-Type", "text/plain")], request.path.encode())
        >>> with FakeHTTPServer(handle) as server:
        ...     connection = http.client.HTTPConnection(server.base_url[len("http://"):])
        ...     connection.request("GET", "/v1/jobs/a%2Fb?limit=5")
        ...     connection.getresponse().read()
        ...     connection.close()
        b'/v1/jobs/a%2Fb'
    """

    def __init__(self, handle: _Handler, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._handle = handle
        self._host = host
        self._port = port
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None
        self._closed = False
        self._lock = threading.Lock()

    def start(self) -> FakeHTTPServer:
        """Bind the port and serve in a daemon thread (does nothing when already started).

        Returns:
            The server itself.

        Raises:
            RuntimeError: The server was closed (a closed server does not start again).
            OSError: The address cannot be bound.

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> server = FakeHTTPServer(lambda request: FakeResponse(204)).start()
            >>> server.base_url.startswith("http://127.0.0.1:")
            True
            >>> server.close()
        """
        with self._lock:
            if self._closed:
                raise RuntimeError("this FakeHTTPServer was closed; create a new one")
            if self._server is not None:
                return self
            server = _Server((self._host, self._port), self._handle)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name=f"firsthand-stand-in-{server.base_url}",
                daemon=True,
            )
            thread.start()
            self._server = server
            self._thread = thread
            return self

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server, with the port actually bound.

        Raises:
            RuntimeError: The server is not started.

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> with FakeHTTPServer(lambda request: FakeResponse(204)) as server:
            ...     int(server.base_url.rsplit(":", 1)[1]) > 0
            True
        """
        server = self._server
        if server is None:
            raise RuntimeError("the FakeHTTPServer is not started; call start() first")
        return server.base_url

    def close(self) -> None:
        """Stop serving, close open connections and free the port (safe to call again).

        Idle keep-alive connections are closed at once. A request still in the handler (a long
        poll) has its connection shut down too, so its client sees the connection end; close()
        waits a moment for it, then leaves the (daemon) thread to finish in the background.

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> server = FakeHTTPServer(lambda request: FakeResponse(204)).start()
            >>> server.close()
            >>> server.close()
        """
        with self._lock:
            self._closed = True
            server, thread = self._server, self._thread
            self._thread = None
        if server is None or thread is None:
            return
        server.shutdown()
        server.server_close()
        thread.join()
        server.close_connections(_CLOSE_WAIT_SECONDS)

    def __enter__(self) -> FakeHTTPServer:
        """Start the server (see ``start``).

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> with FakeHTTPServer(lambda request: FakeResponse(204)) as server:
            ...     server.base_url.startswith("http://")
            True
        """
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        """Close the server (see ``close``).

        Examples:
            >>> from firsthand.testing._http import FakeResponse
            >>> with FakeHTTPServer(lambda request: FakeResponse(204)) as server:
            ...     pass
            >>> server.start()
            Traceback (most recent call last):
            ...
            RuntimeError: this FakeHTTPServer was closed; create a new one
        """
        self.close()


class _Server(ThreadingHTTPServer):
    """The stdlib threading server, with its open connections tracked so close() can end them."""

    daemon_threads = True
    # ThreadingMixIn would join every connection thread in server_close(), i.e. wait for clients
    # to hang up their keep-alive connections; close() ends the connections itself instead.
    block_on_close = False
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: Tuple[str, int], handle: _Handler) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.handle = handle
        self._connections_lock = threading.Lock()
        self._connections: Dict[socket.socket, threading.Thread] = {}
        self._closing = False
        super().__init__(address, _RequestHandler)
        host, port = cast(Tuple[Any, ...], self.server_address)[:2]
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        host = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{host}:{port}"

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (socket.getfqdn), which can stall for
        # seconds without DNS; the stand-in needs no server name.
        socketserver.TCPServer.server_bind(self)
        host, port = cast(Tuple[Any, ...], self.server_address)[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def track(self, connection: socket.socket) -> bool:
        """Remember an open connection; False when the server is closing (drop it)."""
        with self._connections_lock:
            if self._closing:
                return False
            self._connections[connection] = threading.current_thread()
            return True

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(connection, None)

    def close_connections(self, wait: float) -> None:
        """Shut every open connection down, then wait (up to ``wait`` s) for their threads."""
        with self._connections_lock:
            self._closing = True
            connections = dict(self._connections)
        for connection in connections:
            _shutdown(connection)
        deadline = time.monotonic() + wait
        for thread in connections.values():
            thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away or sent garbage: not worth a traceback on stderr.
        _logger.debug("stand-in connection from %s failed", client_address, exc_info=True)


class _BadRequest(Exception):
    """The request body is malformed: answer 400 and close the connection."""


class _ClientGone(Exception):
    """The client closed the connection before sending the whole request."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def _stand_in(self) -> _Server:
        return cast(_Server, self.server)

    def setup(self) -> None:
        super().setup()
        if not self._stand_in().track(self.connection):
            self.close_connection = True
            _shutdown(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._stand_in().untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds signed download URLs: redacted before anything sees it.
        if _access.isEnabledFor(logging.INFO):
            _access.info("%s - %s", self.address_string(), redact_url(format % args))

    def _serve(self) -> None:
        server = self._stand_in()
        path, query = _split_target(self.path)
        try:
            body = self._read_body()
        except _ClientGone:
            self.close_connection = True
            return
        except _BadRequest as error:
            self.close_connection = True
            self._send(_error_response(400, "validation_error", str(error)))
            return
        headers: Dict[str, str] = {}
        for name, value in self.headers.items():
            headers[name.lower()] = value
        request = FakeRequest(
            method=self.command,
            path=path,
            query=query,
            headers=headers,
            body=body,
            origin=server.base_url,
        )
        try:
            response = server.handle(request)
            head = self._head(response)
        except Exception as error:
            _logger.exception("stand-in handler failed on %s %s", self.command, path)
            message = f"the stand-in failed: {type(error).__name__}: {error}"
            self._send(_error_response(500, "internal_error", message))
            return
        if response.delay > 0:
            time.sleep(response.delay)
        self._send(response, head)

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks up ``do_<METHOD>`` and answers a method without one with
        # its own 501 HTML page. Every method reaches the stand-in instead, which answers a
        # method a known path is not routed for with a JSON 405 and ``Allow``.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def send_error(
        self, code: int, message: Optional[str] = None, explain: Optional[str] = None
    ) -> None:
        # The stdlib's own errors (a malformed request line, headers too long, an unsupported
        # HTTP version) get the API's JSON envelope too, never its HTML page.
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        error_type = phrase.lower().replace(" ", "_").replace("-", "_")
        text = message or phrase
        if explain:
            text = f"{text}: {explain}"
        response = _error_response(code, error_type, text)
        if getattr(self, "command", None) is None:
            self.command = ""  # the request line was unreadable: no method to answer
        self._send(response)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header.strip())
        except ValueError:
            raise _BadRequest(f"invalid Content-Length: {length_header!r}") from None
        if length < 0:
            raise _BadRequest(f"invalid Content-Length: {length_header!r}")
        return self._read_exactly(length)

    def _read_chunked(self) -> bytes:
        parts: List[bytes] = []
        while True:
            line = self.rfile.readline(65537)
            if not line.endswith(b"\n"):
                raise _ClientGone() if not line else _BadRequest("chunk size line too long")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _BadRequest(f"invalid chunk size: {size_text!r}") from None
            if size < 0:
                raise _BadRequest(f"invalid chunk size: {size_text!r}")
            if size == 0:
                break
            parts.append(self._read_exactly(size))
            if self._read_exactly(2) != b"\r\n":
                raise _BadRequest("chunk not followed by CRLF")
        while True:  # trailer section, up to the empty line
            line = self.rfile.readline(65537)
            if not line:
                raise _ClientGone()
            if line in (b"\r\n", b"\n"):
                return b"".join(parts)

    def _read_exactly(self, size: int) -> bytes:
        data = self.rfile.read(size) if size else b""
        if len(data) < size:
            raise _ClientGone()
        return data

    def _head(self, response: FakeResponse) -> bytes:
        """The status line and headers, encoded (raises ValueError on an unsendable header)."""
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        lines = [f"{self.protocol_version} {response.status} {reason}".rstrip()]
        has_length = has_connection = False
        for name, value in response.headers:
            if any(c in name for c in "\r\n:") or "\r" in value or "\n" in value:
                raise ValueError(f"header not sendable: {name!r}: {value!r}")
            lower = name.lower()
            if lower == "content-length":
                if has_length:
                    continue
                has_length = True
            elif lower == "connection":
                has_connection = True
                if "close" in value.lower():
                    self.close_connection = True
            lines.append(f"{name}: {value}")
        if not has_length and response.status not in _BODILESS_STATUSES and response.status >= 200:
            lines.append(f"Content-Length: {len(response.body)}")
        if self.close_connection and not has_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(self, response: FakeResponse, head: Optional[bytes] = None) -> None:
        if head is None:
            head = self._head(response)
        body = response.body
        if self.command == "HEAD" or response.status in _BODILESS_STATUSES:
            body = b""
        if response.drop:
            self.close_connection = True
            self.wfile.write(head + body[: len(body) // 2])
            self.wfile.flush()
            _shutdown(self.connection)
        else:
            self.wfile.write(head + body)
            self.wfile.flush()
        self.log_request(response.status)


def _split_target(target: str) -> Tuple[str, str]:
    """Path and query of a request target (origin form, or absolute form from a proxy)."""
    if not target.startswith("/") and "://" in target:
        parts = urlsplit(target)
        return parts.path or "/", parts.query
    path, _, query = target.partition("?")
    return path, query


def _error_response(status: int, error_type: str, message: str) -> FakeResponse:
    body = {"error": {"type": error_type, "message": message, "request_id": None}}
    return FakeResponse(
        status, [("Content-Type", "application/json")], json.dumps(body).encode("utf-8")
    )


def _shutdown(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
