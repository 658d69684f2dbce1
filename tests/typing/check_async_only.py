"""Static typing of what only ``AsyncFirstHandClient`` has: checked by mypy and pyright, never run.

An operation not awaited is an awaitable of its result, not the result (see also
check_errors.py). The checks both clients share are in ``check_async_client.py``, from which
``check_sync_client.py`` is generated.
"""

from __future__ import annotations

from collections.abc import Awaitable

from typing_extensions import assert_type

from firsthand import AsyncFirstHandClient
from firsthand.models import AsyncPage, Job


async def check_not_awaited(client: AsyncFirstHandClient) -> None:
    """Without ``await`` an operation is an awaitable of its result (see also check_errors.py)."""
    pending: Awaitable[Job] = client.get_job("job_1")
    assert_type(await pending, Job)
    listing: Awaitable[AsyncPage[Job]] = client.list_jobs()
    assert_type(await listing, AsyncPage[Job])
