"""The few steps the two clients take differently, written once for each flavour.

``_sync_client.py`` is generated from ``_async_client.py`` by ``scripts/generate.py``, which
rewrites ``AsyncName`` as ``Name`` and ``async_name`` as ``name`` (and drops ``await``): each
async helper here has a sync twin under that name, so the client code that calls them reads the
same in both flavours.
"""

from __future__ import annotations

import inspect
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._core import Core, PreparedCall
    from ._retry import OnRetry, RetryInfo

__all__ = [
    "AsyncAttemptLimit",
    "AttemptLimit",
    "async_notify_retry",
    "async_reclaim_after",
    "notify_retry",
    "reclaim_after",
]


class AttemptLimit:
    """The sync client's bound on one whole attempt: ``check`` (after the headers and after
    each chunk of the body) raises the core's deadline error once ``deadline`` seconds have
    passed since the attempt began; ``None`` sets no bound.

    Examples:
        >>> with AttemptLimit(None, None, None) as limit:
        ...     limit.check()
    """

    __slots__ = ("_call", "_core", "_deadline", "_ends")

    def __init__(self, core: Core, call: PreparedCall[Any], deadline: Optional[float]) -> None:
        self._core = core
        self._call = call
        self._deadline = deadline
        self._ends = None if deadline is None else time.monotonic() + deadline

    def __enter__(self) -> AttemptLimit:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        return None

    def check(self) -> None:
        """Raise the deadline error when the attempt has outlived its deadline."""
        if self._ends is not None and time.monotonic() > self._ends:
            raise self._core.deadline_error(self._call, self._deadline or 0.0)


class AsyncAttemptLimit:
    """The async client's bound on one whole attempt, which raises the core's deadline error
    when it fires, interrupting the attempt wherever it waits. ``check`` has nothing to do.

    On asyncio (Python 3.11+) a timer cancels the task itself (as ``asyncio.timeout`` does,
    without its context-manager machinery; ``Task.uncancel`` tells the deadline's cancellation
    from anyone else's); elsewhere (trio, or Python 3.9/3.10) an anyio cancel scope
    (``move_on_after``). Speed: an anyio scope cost ~47 k instructions an attempt, the timer ~12 k.

    Examples:
        >>> import asyncio
        >>> async def main() -> None:
        ...     with AsyncAttemptLimit(None, None, None) as limit:
        ...         limit.check()
        >>> asyncio.run(main())
    """

    __slots__ = ("_call", "_core", "_deadline", "_fired", "_handle", "_scope", "_task")

    def __init__(self, core: Core, call: PreparedCall[Any], deadline: Optional[float]) -> None:
        self._core = core
        self._call = call
        self._deadline = deadline
        self._scope: Any = None
        self._task: Any = None
        self._handle: Any = None
        self._fired = False

    def __enter__(self) -> AsyncAttemptLimit:
        deadline = self._deadline
        if deadline is None:
            return self
        task = _asyncio_task()
        if task is None:
            import anyio  # httpx's own dependency; works under asyncio and trio alike

            self._scope = scope = anyio.move_on_after(deadline)
            scope.__enter__()
            return self
        self._task = task
        loop = task.get_loop()
        self._handle = loop.call_at(loop.time() + deadline, self._fire)
        return self

    def _fire(self) -> None:
        self._fired = True
        self._task.cancel()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        scope = self._scope
        if scope is not None:
            if scope.__exit__(exc_type, exc, tb) and scope.cancelled_caught:
                raise self._core.deadline_error(self._call, self._deadline or 0.0) from None
            return
        handle = self._handle
        if handle is None:
            return
        handle.cancel()
        # The timer fired: take back its cancellation; only when nobody else cancelled the task
        # too does the CancelledError it caused become the deadline error.
        if (
            self._fired
            and self._task.uncancel() == 0
            and exc_type is not None
            and issubclass(exc_type, _cancelled_error())
        ):
            raise self._core.deadline_error(self._call, self._deadline or 0.0) from None

    def check(self) -> None:
        """Nothing: the timer (or cancel scope) bounds the attempt."""


_HAS_UNCANCEL = sys.version_info >= (3, 11)  # no Task.uncancel before 3.11


def _asyncio_task() -> Any:
    """The running asyncio task when the asyncio timer can bound an attempt, else ``None``."""
    if not _HAS_UNCANCEL:
        return None
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return None
    try:
        return asyncio.current_task()
    except RuntimeError:  # no asyncio loop running here (trio)
        return None


def _cancelled_error() -> type[BaseException]:
    import asyncio

    return asyncio.CancelledError


def reclaim_after(exc: BaseException) -> bool:
    """Whether the sync client reclaims the pool after ``exc`` ended an attempt: only after an
    interruption (``KeyboardInterrupt`` mid-request); httpcore cleans up after an ``Exception``.

    Examples:
        >>> reclaim_after(KeyboardInterrupt()), reclaim_after(OSError())
        (True, False)
    """
    return not isinstance(exc, Exception)


def async_reclaim_after(exc: BaseException) -> bool:
    """Whether the async client reclaims the pool after ``exc`` ended an attempt: always, since a
    cancellation can strike at any point (httpcore#1093, see ``_pool``).

    Examples:
        >>> async_reclaim_after(OSError())
        True
    """
    return True


def notify_retry(on_retry: OnRetry, info: RetryInfo) -> None:
    """Call the user's ``on_retry`` hook (the sync client refuses coroutine hooks up front).

    Examples:
        >>> notify_retry(print, "retrying")
        retrying
    """
    on_retry(info)


async def async_notify_retry(on_retry: OnRetry, info: RetryInfo) -> None:
    """Call the user's ``on_retry`` hook and await what it returns, if anything.

    Examples:
        >>> import asyncio
        >>> asyncio.run(async_notify_retry(print, "retrying"))
        retrying
    """
    notified = on_retry(info)
    if inspect.isawaitable(notified):
        await notified
