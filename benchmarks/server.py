"""A minimal, fast HTTP/1.1 keep-alive server that impersonates ``GET /v1/jobs/<id>``.

It is built directly on :class:`asyncio.Protocol` (not :mod:`http.server`, whose per-request
overhead would dominate and hide client-side cost) and is meant to run in a *separate process*
so that the benchmark process measures nothing but the client.

Run standalone::

    python benchmarks/server.py            # prints "PORT <n>" and serves until stdin closes

or from Python::

    with serve_in_subprocess() as base_url:
        ...  # e.g. "http://127.0.0.1:43127"

Supported HTTP subset: request line + headers terminated by ``\\r\\n\\r\\n``, request bodies
delimited by ``Content-Length`` (read and discarded), persistent connections (HTTP/1.1 default,
``Connection: close`` honoured, HTTP/1.0 closes unless ``Connection: keep-alive``). Requests are
processed strictly in order, so a pipelining client also gets correct answers. Chunked request
bodies are refused with ``501``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any, Generator, Optional

__all__ = ["JOB_ID", "job_payload", "main", "serve_in_subprocess"]

HOST = "127.0.0.1"
JOB_ID = "job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"
JOBS_PREFIX = b"/v1/jobs/"
MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024
_ID_ALPHABET = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")


def job_payload(job_id: str = JOB_ID) -> dict[str, Any]:
    """Return a realistic FirstHandAPI ``job`` object, as the API serialises it."""
    return {
        "object": "job",
        "id": job_id,
        "type": "data_collection",
        "status": "in_progress",
        "title": "Photos of coffee cups on a desk",
        "description": (
            "Take a well-lit photo of a coffee cup (ceramic, paper or glass) on a desk or table. "
            "The whole cup must be visible, no people in frame, no screenshots or stock photos."
        ),
        "files_needed": 50,
        "files_approved": 12,
        "files_pending": 3,
        "files_rejected": 2,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": 75,
        "total_cost_cents": 3750,
        "location": None,
        "deadline": None,
        "max_workers": None,
        "metadata": {"project": "cups"},
        "files_per_submission": 1,
        "scoring_criteria": None,
        "min_star_rating": 3,
        "min_width": None,
        "min_height": None,
        "worker_guidelines": None,
        "buyer_rating": None,
        "created_at": "2026-03-20T19:03:27.971Z",
        "updated_at": "2026-03-20T19:41:02.118Z",
        "completed_at": None,
        "cancelled_at": None,
    }


def _dumps(obj: object) -> bytes:
    # Compact, like a typical Node/Express API.
    return json.dumps(obj, separators=(",", ":")).encode()


_REASONS = {
    200: b"OK",
    400: b"Bad Request",
    404: b"Not Found",
    405: b"Method Not Allowed",
    413: b"Content Too Large",
    431: b"Request Header Fields Too Large",
    501: b"Not Implemented",
}


class _State:
    """Per-process server state: a request counter and a cache of rendered job bodies."""

    __slots__ = ("bodies", "counter")

    def __init__(self) -> None:
        self.counter = 0
        self.bodies: dict[bytes, bytes] = {}

    def next_request_id(self) -> bytes:
        self.counter += 1
        # 26-char ULID-looking id; hex digits are a subset of Crockford base32.
        return b"req_01JQ8Z5X2M4N6P%012X" % self.counter

    def job_body(self, job_id: bytes) -> bytes:
        body = self.bodies.get(job_id)
        if body is None:
            body = _dumps(job_payload(job_id.decode("ascii")))
            if len(self.bodies) < 1024:
                self.bodies[job_id] = body
        return body


def _error_body(status: int, type_: str, message: str, request_id: bytes) -> bytes:
    return _dumps(
        {"error": {"type": type_, "message": message, "request_id": request_id.decode("ascii")}}
    )


class _HttpProtocol(asyncio.Protocol):
    """One instance per TCP connection."""

    __slots__ = ("buf", "closed", "state", "transport")

    def __init__(self, state: _State) -> None:
        self.state = state
        self.buf = bytearray()
        self.transport: Optional[asyncio.Transport] = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.closed = True
        self.transport = None

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        # Loop so that several requests arriving in one segment are all answered, in order.
        while not self.closed:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > MAX_HEAD_BYTES:
                    self._fail(431, "request_too_large", "Request head too large.")
                return
            if end > MAX_HEAD_BYTES:
                self._fail(431, "request_too_large", "Request head too large.")
                return
            lines = bytes(buf[:end]).split(b"\r\n")
            parts = lines[0].split(b" ")
            if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
                self._fail(400, "invalid_request", "Malformed request line.")
                return
            method, target, version = parts
            keep_alive = version == b"HTTP/1.1"
            content_length = 0
            for line in lines[1:]:
                name, sep, value = line.partition(b":")
                if not sep:
                    self._fail(400, "invalid_request", "Malformed header line.")
                    return
                lname = name.strip().lower()
                if lname == b"content-length":
                    try:
                        content_length = int(value.strip())
                    except ValueError:
                        content_length = -1
                    if content_length < 0:
                        self._fail(400, "invalid_request", "Invalid Content-Length.")
                        return
                    if content_length > MAX_BODY_BYTES:
                        self._fail(413, "request_too_large", "Request body too large.")
                        return
                elif lname == b"connection":
                    token = value.strip().lower()
                    if token == b"close":
                        keep_alive = False
                    elif token == b"keep-alive":
                        keep_alive = True
                elif lname == b"transfer-encoding":
                    self._fail(501, "not_implemented", "Chunked request bodies are unsupported.")
                    return
            total = end + 4 + content_length
            if len(buf) < total:
                return  # wait for the rest of the body
            del buf[:total]  # the request body (if any) is read and discarded
            self._respond(method, target, keep_alive)
            if not keep_alive:
                self._close()
                return

    # -- responses ---------------------------------------------------------------------------

    def _respond(self, method: bytes, target: bytes, keep_alive: bool) -> None:
        state = self.state
        request_id = state.next_request_id()
        path = target.partition(b"?")[0]
        extra = b""
        if path.startswith(JOBS_PREFIX):
            job_id = path[len(JOBS_PREFIX) :]
            if job_id and set(job_id) <= _ID_ALPHABET:
                if method == b"GET" or method == b"HEAD":
                    status, body = 200, state.job_body(job_id)
                else:
                    status = 405
                    body = _error_body(405, "method_not_allowed", "Use GET.", request_id)
                    extra = b"Allow: GET, HEAD\r\n"
            else:
                status, body = 404, _error_body(404, "not_found", "No such job.", request_id)
        else:
            status, body = 404, _error_body(404, "not_found", "Unknown route.", request_id)
        self._write(status, body, request_id, keep_alive, extra, head_only=method == b"HEAD")

    def _write(
        self,
        status: int,
        body: bytes,
        request_id: bytes,
        keep_alive: bool,
        extra: bytes = b"",
        head_only: bool = False,
    ) -> None:
        transport = self.transport
        if transport is None:
            return
        head = (
            b"HTTP/1.1 %d %s\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: %d\r\n"
            b"X-Request-Id: %s\r\n"
            b"%s%s\r\n"
        ) % (
            status,
            _REASONS[status],
            len(body),
            request_id,
            extra,
            b"" if keep_alive else b"Connection: close\r\n",
        )
        transport.write(head if head_only else head + body)

    def _fail(self, status: int, type_: str, message: str) -> None:
        request_id = self.state.next_request_id()
        self._write(status, _error_body(status, type_, message, request_id), request_id, False)
        self._close()

    def _close(self) -> None:
        self.closed = True
        self.buf.clear()
        if self.transport is not None:
            self.transport.close()


# -- process entry point -----------------------------------------------------------------------


async def _serve(host: str, port: int, out: IO[str]) -> None:
    loop = asyncio.get_running_loop()
    state = _State()
    server = await loop.create_server(lambda: _HttpProtocol(state), host, port, backlog=128)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    # Stop when the parent closes our stdin (or dies), so no orphan is ever left behind.
    watcher: Optional[asyncio.Task[None]] = None
    with contextlib.suppress(OSError, ValueError, NotImplementedError):
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

        async def _watch_stdin() -> None:
            while await reader.read(4096):
                pass
            stop.set()

        watcher = asyncio.ensure_future(_watch_stdin())
    bound_port = server.sockets[0].getsockname()[1]
    out.write(f"PORT {bound_port}\n")
    out.flush()
    async with server:
        await stop.wait()
    if watcher is not None:
        watcher.cancel()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Fake FirstHandAPI server for the benchmarks.")
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.host, args.port, sys.stdout))
    return 0


@contextlib.contextmanager
def serve_in_subprocess(
    host: str = HOST, startup_timeout: float = 15.0
) -> Generator[str, None, None]:
    """Start the server in a child interpreter and yield its base URL (``http://host:port``)."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--host", host, "--port", "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first_line: list[str] = []
        stdout = proc.stdout
        reader = threading.Thread(target=lambda: first_line.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(startup_timeout)
        line = first_line[0] if first_line else ""
        if not line.startswith("PORT "):
            raise RuntimeError(
                f"benchmark server failed to start (exit code {proc.poll()}, said {line!r})"
            )
        yield f"http://{host}:{int(line.split()[1])}"
    finally:
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


if __name__ == "__main__":
    raise SystemExit(main())
