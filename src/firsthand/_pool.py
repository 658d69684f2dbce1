"""Working around httpcore's pool leak under cancellation (no I/O here; the shells close).

httpcore 1.0.x (the pool under httpx) can lose track of a connection when the task sending a
request is cancelled at an unlucky point (encode/httpcore#1093, also #830 and #658): a connection
created for the request but never used, or one left mid-request, stays in the pool, counted
against ``max_connections`` and never handed out again. After enough cancellations every call
fails with ``PoolTimeout``.

After an attempt that ends by cancellation (or any exception escaping httpx), the clients call
:func:`reclaim`: it drops from the pool whatever the attempt left behind (its own queue entries,
and connections no queued or active request owns) and returns those connections for the shell
to close. It touches only what no live request uses, so it is safe on a pool shared with code
outside the SDK (a user's ``http_client``). Pools it does not recognise are left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from typing import Any, Optional, cast

import httpx

__all__ = ["pool_of", "reclaim"]


def pool_of(client: object, request: httpx.Request) -> Optional[Any]:
    """The httpcore connection pool ``client`` sends ``request`` through, if it has one."""
    find = getattr(client, "_transport_for_url", None)
    try:
        transport = find(request.url) if callable(find) else getattr(client, "_transport", None)
    except Exception:  # an unusual client: nothing to reclaim
        return None
    pool = getattr(transport, "_pool", None)
    if not all(hasattr(pool, name) for name in ("_requests", "_connections")):
        return None
    return pool


@contextlib.contextmanager
def _locked(pool: Any) -> Generator[None, None, None]:
    lock = getattr(pool, "_optional_thread_lock", None)  # a real lock in the sync pool
    if lock is None:
        yield
        return
    with lock:
        yield


def reclaim(pool: Any, request: httpx.Request) -> list[Any]:
    """Forget what ``request``'s cancelled attempt left in ``pool``; the connections to close.

    - queue entries of this request (matched by its ``extensions`` dict, which httpx hands to
      httpcore as is): removed; their connection is closed unless it is idle;
    - connections owned by no remaining entry that are neither idle nor closed (a connection
      created for a cancelled request but never connected, or left mid-request): removed.

    Then the freed slots go to queued requests (httpcore's own assignment), whose surplus idle or
    expired connections are also returned for closing.
    """
    closing: list[Any] = []
    with _locked(pool):
        entries: list[Any] = pool._requests
        connections: list[Any] = pool._connections
        for entry in list(entries):
            if getattr(entry.request, "extensions", None) is request.extensions:
                entries.remove(entry)
                connection = entry.connection
                if connection is not None and not _is_idle(connection):
                    closing.append(connection)
        owned = {id(entry.connection) for entry in entries if entry.connection is not None}
        for connection in list(connections):
            if id(connection) in owned:
                continue
            if id(connection) in {id(c) for c in closing} or not (
                _is_idle(connection) or _is_closed(connection)
            ):
                connections.remove(connection)
                if all(c is not connection for c in closing):
                    closing.append(connection)
        assign = getattr(pool, "_assign_requests_to_connections", None)
        if callable(assign):
            more = cast("list[Any]", assign())
            closing.extend(c for c in more if all(c is not other for other in closing))
    return closing


def _is_idle(connection: Any) -> bool:
    try:
        return bool(connection.is_idle())
    except Exception:
        return False


def _is_closed(connection: Any) -> bool:
    try:
        return bool(connection.is_closed())
    except Exception:
        return False
