"""Figures for issue 11: the pool after a cancellation soak, and time and peak memory of each
hostile-server case (never part of the test suite).

Usage::

    python benchmarks/hostile.py soak [--cancellations 2000] [--no-workaround]
    python benchmarks/hostile.py cases            # every case, each in a fresh interpreter
    python benchmarks/hostile.py case NAME        # one case in this interpreter

``soak`` cancels calls of an ``AsyncFirstHandClient`` 0-5 ms after they start (a few at a time)
against a keep-alive server on 127.0.0.1, once on the SDK's own pool and once through a user's
``httpx.AsyncClient(limits=httpx.Limits(max_connections=4))``, then makes 100 calls at once and
prints the pool. ``--no-workaround`` turns the SDK's reclaiming off, to show httpcore's leak.

``cases`` runs each hostile server on 127.0.0.1 against the sync client and prints the outcome
(exception class and type), the wall time and the peak memory (``tracemalloc`` peak, and the
process's peak RSS growth from ``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import random
import resource
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Generator
from typing import Any, Callable, Optional

import httpx

from firsthand import AsyncFirstHandClient, FirstHandClient

KEY = "fh_test_sk_bench0000000000000000001"
MiB = 1024 * 1024
JOB = json.dumps(
    {
        "object": "job",
        "id": "job_1",
        "type": "data_collection",
        "status": "open",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 5,
        "files_approved": 0,
        "price_per_file_cents": 75,
        "created_at": "2026-03-20T19:03:27.971Z",
    }
).encode()


# -- the soak ------------------------------------------------------------------------------------


async def _keep_alive(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.CancelledError):
        while True:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = await reader.read(65536)
                if not chunk:
                    writer.close()
                    return
                head += chunk
            await asyncio.sleep(random.random() * 0.003)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(JOB)}\r\n\r\n".encode()
                + JOB
            )
            await writer.drain()
    writer.close()


def _pool_state(pool: Any) -> str:
    owned = {id(entry.connection) for entry in pool._requests}
    stuck = sum(
        1 for c in pool._connections if id(c) not in owned and not (c.is_idle() or c.is_closed())
    )
    return f"{pool!r}; busy without a request: {stuck}"


async def _soak_one(http_client: Optional[httpx.AsyncClient], count: int, at_once: int) -> None:
    server = await asyncio.start_server(_keep_alive, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = AsyncFirstHandClient(
        api_key=KEY,
        base_url=f"http://127.0.0.1:{port}",
        http_client=http_client,
        timeout=httpx.Timeout(5, pool=2),
        max_retries=0,
    )
    pool = client._http._transport._pool  # type: ignore[attr-defined]
    rng = random.Random(11)
    loop = asyncio.get_running_loop()
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for _ in range(count // at_once):
        tasks = [asyncio.ensure_future(client.get_job("job_1")) for _ in range(at_once)]
        for task in tasks:
            loop.call_later(rng.uniform(0, 0.005), task.cancel)
        for result in await asyncio.gather(*tasks, return_exceptions=True):
            outcomes[type(result).__name__] = outcomes.get(type(result).__name__, 0) + 1
    elapsed = time.perf_counter() - started
    print(f"  {count} cancellations, {at_once} at a time, in {elapsed:.1f} s: {outcomes}")
    print(f"  after them: {_pool_state(pool)}")
    started = time.perf_counter()
    results = await asyncio.gather(
        *[client.get_job("job_1") for _ in range(100)], return_exceptions=True
    )
    ok = sum(1 for r in results if not isinstance(r, BaseException))
    errors = sorted({type(r).__name__ for r in results if isinstance(r, BaseException)})
    print(
        f"  then 100 calls at once: {ok} succeeded {errors or ''} in {time.perf_counter() - started:.1f} s"
    )
    print(f"  after them: {_pool_state(pool)}")
    await client.aclose()
    if http_client is not None:
        await http_client.aclose()
    server.close()


async def soak(count: int) -> None:
    print("SDK's own pool:")
    await _soak_one(None, count, at_once=2)
    print("user's httpx.AsyncClient(limits=httpx.Limits(max_connections=4)):")
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    await _soak_one(httpx.AsyncClient(limits=limits), count, at_once=4)


# -- hostile servers ------------------------------------------------------------------------------


Handler = Callable[[socket.socket], None]


@contextlib.contextmanager
def serve(handler: Handler) -> Generator[str, None, None]:
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def one(sock: socket.socket) -> None:
        with sock, contextlib.suppress(OSError):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                head += chunk
            handler(sock)

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                sock, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=one, args=(sock,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


def _head(status: int, **headers: str) -> bytes:
    lines = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items())
    return f"HTTP/1.1 {status} X\r\n{lines}Connection: close\r\n\r\n".encode()


def _send(data: bytes) -> Handler:
    return lambda sock: sock.sendall(data)


def _bomb() -> bytes:
    # ~1 MB of gzip inflating to 1 GiB of zeros (level 9: built once, ~20 s on a busy 2-core box).
    return gzip.compress(bytes(1024 * MiB), compresslevel=9)


def _big(sock: socket.socket) -> None:
    sock.sendall(_head(200, Content_Length=str(200 * MiB)))
    chunk = b" " * MiB
    for _ in range(200):
        sock.sendall(chunk)


def _trickle(sock: socket.socket) -> None:
    sock.sendall(_head(200, Content_Length="60", Content_Type="application/json"))
    for _ in range(60):
        sock.sendall(b" ")
        time.sleep(1)


def _redirect(sock: socket.socket) -> None:
    sock.sendall(_head(302, Location="/v1/jobs/job_1", Content_Length="0"))


def _deep(status: int) -> bytes:
    body = b'{"error": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return _head(status, Content_Length=str(len(body)), Content_Type="application/json") + body


def _case(name: str) -> tuple[Handler, dict[str, Any]]:
    bad_gzip = b'{"error": {"type": "internal_error"}}'
    if name == "bad-gzip-200":
        return _send(
            _head(200, Content_Encoding="gzip", Content_Length=str(len(bad_gzip))) + bad_gzip
        ), {}
    if name == "bad-gzip-500":
        return _send(
            _head(500, Content_Encoding="gzip", Content_Length=str(len(bad_gzip))) + bad_gzip
        ), {}
    if name in ("gzip-bomb-200", "gzip-bomb-500"):
        bomb = _bomb()
        status = 200 if name.endswith("200") else 500
        return _send(
            _head(status, Content_Encoding="gzip", Content_Length=str(len(bomb))) + bomb
        ), {}
    if name == "body-200MB":
        return _big, {}
    if name == "deep-json-400":
        return _send(_deep(400)), {}
    if name == "deep-json-200-relaxed":
        return _send(_deep(200)), {"strict_responses": False}
    if name == "redirect-loop-user-client":
        return _redirect, {"http_client": httpx.Client(follow_redirects=True)}
    if name == "trickle-1-byte-per-s-timeout-3":
        return _trickle, {"timeout": 3, "max_retries": 0}
    raise SystemExit(f"unknown case {name!r}")


CASES = [
    "bad-gzip-200",
    "bad-gzip-500",
    "gzip-bomb-200",
    "gzip-bomb-500",
    "body-200MB",
    "deep-json-400",
    "deep-json-200-relaxed",
    "redirect-loop-user-client",
    "trickle-1-byte-per-s-timeout-3",
]


def _warm_up() -> None:
    """Load what a first call loads (pydantic, the models, tenacity), so it is not timed."""
    import tenacity  # noqa: F401

    from firsthand.models import Job

    Job.model_validate_json(JOB)


def run_case(name: str) -> None:
    handler, options = _case(name)
    hits = [0]

    def counted(sock: socket.socket) -> None:
        hits[0] += 1
        handler(sock)

    with serve(counted) as base_url:
        _warm_up()
        client = FirstHandClient(api_key=KEY, base_url=base_url, **options)
        client._sleep = lambda seconds: None  # type: ignore[method-assign]  # retries at once
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        started = time.perf_counter()
        try:
            client.get_job("job_1")
            outcome = "no error"
        except BaseException as exc:  # measuring what escapes, whatever it is
            outcome = f"{type(exc).__name__}({getattr(exc, 'type', '')})"
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(
        f"{name:32} {outcome:58} {elapsed:6.2f} s  traced peak {peak / MiB:7.1f} MiB  "
        f"RSS +{rss / 1024:7.1f} MiB  requests {hits[0]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    soak_parser = sub.add_parser("soak")
    soak_parser.add_argument("--cancellations", type=int, default=2000)
    soak_parser.add_argument("--no-workaround", action="store_true")
    sub.add_parser("cases")
    case_parser = sub.add_parser("case")
    case_parser.add_argument("name", choices=CASES)
    args = parser.parse_args()
    if args.command == "soak":
        if args.no_workaround:

            async def no_reclaim(self: AsyncFirstHandClient, request: httpx.Request) -> None:
                return None

            setattr(AsyncFirstHandClient, "_reclaim", no_reclaim)  # noqa: B010
        asyncio.run(soak(args.cancellations))
    elif args.command == "case":
        run_case(args.name)
    else:
        for name in CASES:
            subprocess.run([sys.executable, __file__, "case", name], check=False)


if __name__ == "__main__":
    main()
