"""``AsyncFirstHandClient``: the asynchronous shell. It only sends and sleeps; the rest is ``_core``."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

import httpx

from . import _operations as ops
from ._client_base import BaseClient, default_ssl_context
from ._core import PreparedCall, ResultT
from ._exceptions import FirstHandError
from ._pagination import AsyncPage
from ._types import PostRequestOptions, RequestOptions

if TYPE_CHECKING:  # annotations only: models load with the first call, not with the client
    from typing_extensions import Unpack

    from ._models._base import FirstHandModel
    from ._models._list import ListEnvelope
    from ._models.jobs import Job, JobCreateParams, JobCreateParamsDict, JobStatus, JobType

__all__ = ["AsyncFirstHandClient"]

ItemT = TypeVar("ItemT", bound="FirstHandModel")


class AsyncFirstHandClient(BaseClient[httpx.AsyncClient]):
    """The asynchronous FirstHandAPI client. It belongs to one event loop: create it inside the loop
    that uses it.

    Args:
        api_key: ``fh_live_…`` or ``fh_test_…``; defaults to the ``FIRSTHAND_API_KEY`` variable.
        base_url: Defaults to ``FIRSTHAND_BASE_URL``, then ``https://api.firsthandapi.com``.
        timeout: Seconds (float) or an ``httpx.Timeout``; ``None`` disables timeouts.
        max_retries: Retries (not attempts) for transient failures; ``0`` disables retrying.
        max_retry_wait: Longest ``Retry-After`` the SDK will sleep through; longer raises at once.
        http_client: Your own ``httpx.AsyncClient`` (proxies, mTLS); the SDK never closes it.
        default_headers: Headers sent on every request.
        validate_requests: Validate bodies and queries locally before sending (default ``True``).
        on_retry: Called with a :class:`RetryInfo` before each retry's sleep.

    Examples:
        >>> import asyncio
        >>> from firsthand import AsyncFirstHandClient
        >>> async def main() -> None:
        ...     async with AsyncFirstHandClient(api_key="fh_test_example") as client:
        ...         print(client.environment)
        >>> asyncio.run(main())
        test
    """

    _is_async = True
    _http_client_class = httpx.AsyncClient

    def _new_http_client(self, timeout: httpx.Timeout) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, verify=default_ssl_context()
        )

    # -- lifecycle -----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool, if this client created it.

        Examples:
            >>> import asyncio
            >>> from firsthand import AsyncFirstHandClient
            >>> async def main() -> None:
            ...     client = AsyncFirstHandClient(api_key="fh_test_example")
            ...     await client.aclose()
            >>> asyncio.run(main())
        """
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncFirstHandClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    # -- the I/O shell -------------------------------------------------------------------------

    async def _sleep(self, seconds: float) -> None:
        import anyio  # httpx's own dependency; works under asyncio and trio alike

        await anyio.sleep(seconds)

    async def _send(self, call: PreparedCall[Any], retry_count: int) -> httpx.Response:
        if self._http.is_closed:
            raise FirstHandError("The client is closed; create a new one", type="client_closed")
        request = self._request_for(call, retry_count)
        started = time.perf_counter()
        try:
            response = await self._http.send(request)
        except httpx.TransportError as exc:
            self._core.log_attempt(call, retry_count, started, time.perf_counter(), error=exc)
            raise self._core.transport_error(call, exc) from exc
        self._core.log_attempt(call, retry_count, started, time.perf_counter(), response)
        return response

    async def _call(self, call: PreparedCall[ResultT]) -> ResultT:
        # The first attempt runs outside tenacity (most calls succeed: no retry state to build);
        # a retryable failure becomes tenacity's first attempt, and the policy takes over.
        try:
            return self._core.parse(call, await self._send(call, 0))
        except FirstHandError as exc:
            if not exc.retryable:
                raise
            first_failure = exc
        from tenacity import AsyncRetrying  # loaded by the first retry only

        async for attempt in self._core.new_retrying(
            call, AsyncRetrying, self._sleep, is_async=True
        ):
            with attempt:
                retry_count = attempt.retry_state.attempt_number - 1
                if retry_count == 0:
                    raise first_failure
                return self._core.parse(call, await self._send(call, retry_count))
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _page(
        self, op: ops.Operation[ListEnvelope[ItemT]], query: dict[str, Any], options: RequestOptions
    ) -> AsyncPage[ItemT]:
        async def fetch(cursor: str) -> AsyncPage[ItemT]:
            return await self._page(op, {**query, "cursor": cursor}, options)

        envelope: ListEnvelope[ItemT] = await self._call(
            self._core.prepare(op, query=query, options=options)
        )
        return AsyncPage(envelope, fetch=fetch)

    # -- jobs ----------------------------------------------------------------------------------

    async def create_job(
        self,
        body: Union[JobCreateParams, JobCreateParamsDict],
        **options: Unpack[PostRequestOptions],
    ) -> Job:
        """Post a job (``POST /v1/jobs``); the body is validated locally first.

        Examples:
            >>> job = run(async_client.create_job({"type": "data_collection",
            ...     "description": "Take a clear photo of any coffee cup from above.",
            ...     "files_needed": 50, "accepted_formats": ["image/jpeg", "image/png"],
            ...     "price_per_file_cents": 75}))
            >>> job.status, job.files_needed
            ('open', 50)
        """
        return await self._call(self._core.prepare(ops.CREATE_JOB, body=body, options=options))

    async def get_job(
        self, job_id: str, *, wait: Optional[float] = None, **options: Unpack[RequestOptions]
    ) -> Job:
        """Fetch a job (``GET /v1/jobs/{id}``). With ``wait=N`` the server holds the request until
        the job changes or ``N`` seconds (1–60) pass.

        Examples:
            >>> run(async_client.get_job(job.id, wait=5)).id == job.id
            True
        """
        return await self._call(
            self._core.prepare(
                ops.GET_JOB, path_params={"job_id": job_id}, long_poll=wait, options=options
            )
        )

    async def list_jobs(
        self,
        *,
        status: Optional[Union[JobStatus, str]] = None,
        type: Optional[Union[JobType, str]] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPage[Job]:
        """List jobs, newest first (``GET /v1/jobs``); ``limit`` is 1–100.

        Examples:
            >>> page = run(async_client.list_jobs(status="open", limit=10))
            >>> job.id in [j.id for j in page.data], page.has_more
            (True, False)
        """
        query = {"status": status, "type": type, "limit": limit, "cursor": cursor}
        return await self._page(ops.LIST_JOBS, query, options)

    async def cancel_job(self, job_id: str, **options: Unpack[PostRequestOptions]) -> Job:
        """Cancel an open job (``POST /v1/jobs/{id}/cancel``); unused escrow is refunded.

        Examples:
            >>> run(async_client.cancel_job(job.id)).status
            'cancelled'
        """
        return await self._call(
            self._core.prepare(ops.CANCEL_JOB, path_params={"job_id": job_id}, options=options)
        )
