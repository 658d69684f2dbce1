"""The async whole-attempt deadline: an asyncio timer on asyncio (3.11+), an anyio scope on trio.

The deadline's own cancellation becomes ``FirstHandTimeoutError`` and leaves nothing pending on
the task; anyone else's cancellation stays a cancellation; a deadline that did not fire never
fires later.
"""

from __future__ import annotations

import asyncio
import sys

import anyio
import pytest

from firsthand import FirstHandTimeoutError
from firsthand._core import Core
from firsthand._flavours import AsyncAttemptLimit
from firsthand._operations import GET_JOB


def _limit(deadline: float) -> AsyncAttemptLimit:
    core = Core(api_key="fh_test_x", base_url="https://api.firsthandapi.com")
    call = core.prepare(GET_JOB, path_params={"job_id": "job_1"}, options={})
    return AsyncAttemptLimit(core, call, deadline)


async def _outlive(deadline: float) -> None:
    with _limit(deadline):
        await anyio.sleep(5)


def test_the_deadline_is_a_typed_timeout_that_leaves_no_cancellation_pending() -> None:
    async def main() -> int:
        with pytest.raises(FirstHandTimeoutError, match="timeout"):
            await _outlive(0.01)
        await asyncio.sleep(0.02)  # not cancelled afterwards
        task = asyncio.current_task()
        assert task is not None
        return task.cancelling() if sys.version_info >= (3, 11) else 0

    assert asyncio.run(main()) == 0


def test_an_outside_cancellation_stays_a_cancellation_and_the_timer_is_gone() -> None:
    async def main() -> None:
        task = asyncio.ensure_future(_outlive(0.05))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.1)  # the timer, had it stayed, would have fired by now

    asyncio.run(main())


def test_an_outside_cancellation_after_the_deadline_fired_stays_a_cancellation() -> None:
    async def attempt() -> None:
        current = asyncio.current_task()
        assert current is not None
        with _limit(0.0):
            try:
                await asyncio.sleep(5)  # the deadline (0 s) cancels this
            except asyncio.CancelledError:
                current.cancel()  # and someone else cancels the task too
                raise

    async def main() -> None:
        task = asyncio.ensure_future(attempt())
        with pytest.raises(asyncio.CancelledError):
            await task
        assert task.cancelled()

    asyncio.run(main())


def test_on_trio_the_deadline_is_a_typed_timeout() -> None:
    pytest.importorskip("trio")

    async def main() -> None:
        with pytest.raises(FirstHandTimeoutError):
            await _outlive(0.01)

    anyio.run(main, backend="trio")


def test_without_a_deadline_nothing_is_bounded() -> None:
    async def main() -> None:
        with _limit(None) as limit:  # type: ignore[arg-type]
            limit.check()
            await asyncio.sleep(0.01)

    asyncio.run(main())
