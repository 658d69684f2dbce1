"""Small HTTP/1.1 servers on 127.0.0.1 for tests that need real sockets (no internet):

- :class:`KeepAliveServer`: an asyncio server in the test's own event loop answering every request
  with a job, keeping connections alive (for the cancellation soak);
- :class:`RawServer`: a threaded server whose handler writes whatever bytes it likes on the socket
  (hostile servers: bad gzip, bombs, trickling bodies, redirect loops); usable from sync and async
  tests alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import threading
from collections.abc import Generator
from typing import Callable, Optional

from client_helpers import job_json

JOB_BODY = json.dumps(job_json("job_1")).encode()


def job_response(body: bytes = JOB_BODY, status: int = 200, extra: str = "") -> bytes:
    reason = {200: "OK", 500: "Internal Server Error"}.get(status, "Status")
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


class KeepAliveServer:
    """Answers each request with a job after a random pause of up to ``max_delay`` seconds."""

    def __init__(self, max_delay: float = 0.003, seed: int = 7) -> None:
        self.max_delay = max_delay
        self.requests = 0
        self._random = random.Random(seed)
        self._server: Optional[asyncio.AbstractServer] = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = await reader.read(65536)
                    if not chunk:
                        return
                    head += chunk
                self.requests += 1
                await asyncio.sleep(self._random.random() * self.max_delay)
                writer.write(job_response())
                await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._handlers.discard(task)
            writer.close()


Handler = Callable[[socket.socket, bytes], None]


class RawServer:
    """Calls ``handler(sock, request_head)`` for each request (one connection per request: the
    connection is closed after the handler returns)."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.hits = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._stop.set()  # the accept loop (a daemon thread) sees it within 0.2 s and ends
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes a pending accept() on Linux
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        with sock, contextlib.suppress(OSError):
            sock.settimeout(10)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                head += chunk
            with self._lock:
                self.hits += 1
            self.handler(sock, head)


@contextlib.contextmanager
def raw_server(handler: Handler) -> Generator[RawServer, None, None]:
    server = RawServer(handler)
    try:
        yield server
    finally:
        server.close()
