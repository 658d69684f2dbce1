"""A minimal, fast HTTP/1.1 keep-alive server that impersonates ``GET /v1/jobs[/<id>]``.

It is built directly on :class:`asyncio.Protocol` (not :mod:`http.server`, whose per-request
overhead would dominate and hide client-side cost) and is meant to run in a *separate process*
so that the benchmark process measures nothing but the client.

Run standalone::

    python benchmarks/server.py            # prints "PORT <n>" and serves until stdin closes

or from Python::

    with serve_in_subprocess() as base_url:
        ...  # e.g. "http://127.0.0.1:43127"

Routes: ``GET /v1/jobs/<id>`` answers one job (:func:`job_payload`); ``GET /v1/jobs`` answers a list
envelope over a fixed store of :data:`STORE_SIZE` jobs (:func:`job_store`, built once at start, newest
first), honouring ``limit`` (1-100, default 20) and ``cursor`` like the API; a bad value is a ``400``.
Every body is rendered once and cached, so a repeated request is answered with the same bytes.

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
import datetime
import hashlib
import json
import signal
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import IO, Any, Generator, Optional, Union

__all__ = [
    "JOB_ID",
    "STORE_SIZE",
    "job_payload",
    "job_store",
    "jobs_page_payload",
    "main",
    "serve_in_subprocess",
]

HOST = "127.0.0.1"
JOB_ID = "job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"
JOBS_PREFIX = b"/v1/jobs/"
JOBS_PATH = b"/v1/jobs"
#: How many jobs ``GET /v1/jobs`` pages over: one full page at the API's maximum ``limit``.
STORE_SIZE = 100
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
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


# -- the job store behind ``GET /v1/jobs`` ------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NEWEST = datetime.datetime(2026, 3, 20, 19, 3, 27, 971000, tzinfo=datetime.timezone.utc)

# (title, description, type, accepted formats, scoring criteria): the kinds of job a buyer posts.
_KINDS: tuple[tuple[str, str, str, list[str], Optional[str]], ...] = (
    (
        "Photos of coffee cups on a desk",
        "Take a well-lit photo of a coffee cup (ceramic, paper or glass) on a desk or table. "
        "The whole cup must be visible, no people in frame, no screenshots or stock photos.",
        "data_collection",
        ["image/jpeg", "image/png"],
        None,
    ),
    (
        "Storefronts at night",
        "Photograph the front of a shop after dark with its sign lit and readable. Shoot from "
        "across the street, straight on, without flash. Blur any faces before uploading.",
        "data_collection",
        ["image/jpeg"],
        "Sign text legible; the whole facade in frame; no motion blur.",
    ),
    (
        "Read a shopping list aloud",
        "Record yourself reading the shopping list shown in the job guidelines, in a quiet room, "
        "at a normal pace. Say each item once. No background music or television.",
        "data_collection",
        ["audio/mpeg", "audio/wav", "audio/mp4"],
        "Every item spoken clearly; under 5% silence at either end.",
    ),
    (
        "First impressions of our checkout page",
        "Open the link in the guidelines, try to buy the cheapest item with the test card and "
        "record your screen and voice while you do. Tell us what confused you.",
        "feedback",
        ["video/mp4", "video/quicktime"],
        "Narration throughout; the whole checkout visible; at least 60 seconds.",
    ),
    (
        "Handwritten receipts",
        "Photograph a handwritten receipt or invoice flat on a plain surface, from directly "
        "above, with all four corners visible. Cover any card numbers with your finger.",
        "data_collection",
        ["image/jpeg", "image/png", "image/webp"],
        None,
    ),
    (
        "Kitchen sink, before and after",
        "Take two photos of the same kitchen sink from the same spot: one before and one after "
        "washing up. Natural light preferred; the tap and the drain must both be visible.",
        "data_collection",
        ["image/jpeg", "image/png"],
        "Same framing in both photos; drain and tap visible.",
    ),
)
_STATUSES = (
    "completed",
    "in_progress",
    "completed",
    "open",
    "in_progress",
    "completed",
    "filled",
    "cancelled",
    "completed",
    "open",
)
_FILES_NEEDED = (10, 25, 50, 100, 200, 40, 500)
_PRICES = (25, 50, 75, 100, 150, 300, 60)
_PLACES = (
    {"lat": 40.7128, "lng": -74.006, "radius_km": 5.0},
    {"lat": 51.5072, "lng": -0.1276, "radius_km": 12.5},
    {"lat": 35.6762, "lng": 139.6503, "radius_km": 3.0},
)
_PROJECTS = ("cups", "storefronts", "voice-lists", "checkout-ux", "receipts", "sinks")


def _timestamp(value: datetime.datetime) -> str:
    """The API's timestamp format: ``YYYY-MM-DDTHH:MM:SS.sssZ``."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _ulid(prefix: str, when: datetime.datetime, seed: int) -> str:
    """A deterministic prefixed ULID: 10 characters of millisecond time, 16 derived from ``seed``."""
    millis = int(when.timestamp() * 1000)
    head = "".join(_CROCKFORD[(millis >> (5 * k)) & 31] for k in range(9, -1, -1))
    digest = int.from_bytes(hashlib.sha256(b"%s:%d" % (prefix.encode(), seed)).digest()[:10], "big")
    tail = "".join(_CROCKFORD[(digest >> (5 * k)) & 31] for k in range(15, -1, -1))
    return f"{prefix}_{head}{tail}"


def _store_job(i: int) -> dict[str, Any]:
    """Job number ``i`` of the store (0 is the newest): every field, with realistic variety."""
    title, description, type_, formats, criteria = _KINDS[i % len(_KINDS)]
    status = _STATUSES[i % len(_STATUSES)]
    created = _NEWEST - datetime.timedelta(minutes=97 * i, milliseconds=131 * i)
    needed = _FILES_NEEDED[i % len(_FILES_NEEDED)]
    price = _PRICES[i % len(_PRICES)]
    done = {"open": 0, "filled": 2, "in_progress": 3, "cancelled": 2, "completed": 5}[status]
    approved = needed * done // 5
    pending = (
        0 if status in ("completed", "cancelled", "open") else min(needed - approved, 3 + i % 4)
    )
    if status == "filled":
        pending = needed - approved
    finished = created + datetime.timedelta(hours=2 + i % 5, seconds=17 * i)
    updated = (
        finished
        if status in ("completed", "cancelled")
        else created + datetime.timedelta(minutes=11 + i % 30, milliseconds=7 * i)
    )
    images = formats[0].startswith("image/")
    return {
        "object": "job",
        "id": _ulid("job", created, i),
        "type": type_,
        "status": status,
        "title": title,
        "description": description,
        "files_needed": needed,
        "files_approved": approved,
        "files_pending": pending,
        "files_rejected": (i * 7) % 5 if status != "open" else 0,
        "accepted_formats": formats,
        "price_per_file_cents": price,
        "total_cost_cents": needed * price,
        "location": _PLACES[i % len(_PLACES)] if i % 3 == 1 else None,
        "deadline": _timestamp(created + datetime.timedelta(days=7)) if i % 2 == 0 else None,
        "max_workers": (5, 10, 25)[i % 3] if i % 5 == 2 else None,
        "metadata": (
            {"project": _PROJECTS[i % len(_PROJECTS)], "batch": i // 10, "priority": "normal"}
            if i % 4 != 3
            else None
        ),
        "files_per_submission": 1 + i % 3 if images else 1,
        "scoring_criteria": criteria,
        "min_star_rating": (3, 4, None)[i % 3],
        "min_width": 1024 if images and i % 2 else None,
        "min_height": 768 if images and i % 2 else None,
        "worker_guidelines": (
            "Use your own camera or phone. Do not crop, filter or upscale. If unsure, skip the "
            "job rather than guess."
            if i % 3 != 2
            else None
        ),
        "buyer_rating": (4, 5, None)[i % 3] if status == "completed" else None,
        "created_at": _timestamp(created),
        "updated_at": _timestamp(updated),
        "completed_at": _timestamp(finished) if status == "completed" else None,
        "cancelled_at": _timestamp(finished) if status == "cancelled" else None,
    }


def job_store(size: int = STORE_SIZE) -> list[dict[str, Any]]:
    """The jobs ``GET /v1/jobs`` pages over, newest first; the same objects on every call."""
    return [_store_job(i) for i in range(size)]


def jobs_page_payload(
    store: list[dict[str, Any]], limit: int = DEFAULT_LIMIT, cursor: Optional[str] = None
) -> dict[str, Any]:
    """One list envelope over ``store``: ``limit`` jobs after the one whose id is ``cursor``.

    The cursor is the id of the previous page's last job (opaque to clients); ``ValueError`` for
    an unknown cursor.
    """
    start = 0
    if cursor is not None:
        ids = [job["id"] for job in store]
        if cursor not in ids:
            raise ValueError(f"unknown cursor {cursor!r}")
        start = ids.index(cursor) + 1
    data = store[start : start + limit]
    has_more = start + limit < len(store)
    return {
        "object": "list",
        "data": data,
        "has_more": has_more,
        "next_cursor": data[-1]["id"] if has_more and data else None,
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
    """Per-process server state: a request counter, the job store and caches of rendered bodies."""

    __slots__ = ("bodies", "counter", "list_bodies", "store")

    def __init__(self) -> None:
        self.counter = 0
        self.bodies: dict[bytes, bytes] = {}
        self.store = job_store()
        # Rendered list bodies by raw query string; the benchmark's page is rendered up front.
        self.list_bodies: dict[bytes, bytes] = {}
        self.list_bodies[b"limit=%d" % MAX_LIMIT] = _dumps(jobs_page_payload(self.store, MAX_LIMIT))

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

    def list_body(self, query: bytes) -> Union[bytes, str]:
        """The rendered page for ``query``, or the message of a ``validation_error``."""
        body = self.list_bodies.get(query)
        if body is not None:
            return body
        params = urllib.parse.parse_qs(query.decode("latin-1"), keep_blank_values=True)
        raw_limit = params.get("limit", [str(DEFAULT_LIMIT)])[-1]
        try:
            limit = int(raw_limit)
        except ValueError:
            return f"limit must be an integer, got {raw_limit!r}"
        if not 1 <= limit <= MAX_LIMIT:
            return f"limit must be between 1 and {MAX_LIMIT}, got {limit}"
        store = self.store
        for name in ("status", "type"):
            if name in params:
                store = [job for job in store if job[name] == params[name][-1]]
        try:
            page = jobs_page_payload(
                store, limit, params["cursor"][-1] if "cursor" in params else None
            )
        except ValueError as exc:
            return str(exc)
        body = _dumps(page)
        if len(self.list_bodies) < 256:
            self.list_bodies[query] = body
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
        if path == JOBS_PATH:
            if method == b"GET" or method == b"HEAD":
                listed = state.list_body(target.partition(b"?")[2])
                if isinstance(listed, bytes):
                    status, body = 200, listed
                else:
                    status, body = 400, _error_body(400, "validation_error", listed, request_id)
            else:
                status = 405
                body = _error_body(405, "method_not_allowed", "Use GET.", request_id)
                extra = b"Allow: GET, HEAD\r\n"
        elif path.startswith(JOBS_PREFIX):
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
