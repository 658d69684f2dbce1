"""``FirstHandClient``: the synchronous shell. It only sends and sleeps; the rest is ``_core``."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

import httpx

from . import _operations as ops
from ._client_base import BaseClient, default_ssl_context
from ._core import PreparedCall, ResultT
from ._exceptions import FirstHandError
from ._pagination import Page
from ._types import PostRequestOptions, RequestOptions

if TYPE_CHECKING:  # annotations only: models load with the first call, not with the client
    from typing_extensions import Unpack

    from ._models._base import FirstHandModel
    from ._models._list import ListEnvelope
    from ._models.jobs import Job, JobCreateParams, JobCreateParamsDict, JobStatus, JobType

__all__ = ["FirstHandClient"]

ItemT = TypeVar("ItemT", bound="FirstHandModel")


class FirstHandClient(BaseClient[httpx.Client]):
    """The synchronous FirstHandAPI client. Thread-safe: share one per process.

    Args:
        api_key: ``fh_live_…`` or ``fh_test_…``; defaults to the ``FIRSTHAND_API_KEY`` variable.
        base_url: Defaults to ``FIRSTHAND_BASE_URL``, then ``https://api.firsthandapi.com``.
        timeout: Seconds (float) or an ``httpx.Timeout``; ``None`` disables timeouts.
        max_retries: Retries (not attempts) for transient failures; ``0`` disables retrying.
        max_retry_wait: Longest ``Retry-After`` the SDK will sleep through; longer raises at once.
        http_client: Your own ``httpx.Client`` (proxies, mTLS); the SDK never closes it.
        default_headers: Headers sent on every request.
        validate_requests: Validate bodies and queries locally before sending (default ``True``).
        on_retry: Called with a :class:`RetryInfo` before each retry's sleep.

    Examples:
        >>> from firsthand import FirstHandClient
        >>> with FirstHandClient(api_key="fh_test_example", timeout=10) as client:
        ...     client
        FirstHandClient(environment='test', base_url='https://api.firsthandapi.com', max_retries=3)
    """

    _is_async = False
    _http_client_class = httpx.Client

    def _new_http_client(self, timeout: httpx.Timeout) -> httpx.Client:
        return httpx.Client(timeout=timeout, follow_redirects=False, verify=default_ssl_context())

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool, if this client created it.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> client = FirstHandClient(api_key="fh_test_example")
            >>> client.close()
        """
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> FirstHandClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    # -- the I/O shell -------------------------------------------------------------------------

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _send(self, call: PreparedCall[Any], retry_count: int) -> httpx.Response:
        if self._http.is_closed:
            raise FirstHandError("The client is closed; create a new one", type="client_closed")
        request = self._request_for(call, retry_count)
        started = time.perf_counter()
        try:
            response = self._http.send(request)
        except httpx.TransportError as exc:
            self._core.log_attempt(call, retry_count, started, time.perf_counter(), error=exc)
            raise self._core.transport_error(call, exc) from exc
        self._core.log_attempt(call, retry_count, started, time.perf_counter(), response)
        return response

    def _call(self, call: PreparedCall[ResultT]) -> ResultT:
        # The first attempt runs outside tenacity (most calls succeed: no retry state to build);
        # a retryable failure becomes tenacity's first attempt, and the policy takes over.
        try:
            return self._core.parse(call, self._send(call, 0))
        except FirstHandError as exc:
            if not exc.retryable:
                raise
            first_failure = exc
        from tenacity import Retrying  # loaded by the first retry only

        for attempt in self._core.new_retrying(call, Retrying, self._sleep):
            with attempt:
                retry_count = attempt.retry_state.attempt_number - 1
                if retry_count == 0:
                    raise first_failure
                return self._core.parse(call, self._send(call, retry_count))
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _page(
        self, op: ops.Operation[ListEnvelope[ItemT]], query: dict[str, Any], options: RequestOptions
    ) -> Page[ItemT]:
        def fetch(cursor: str) -> Page[ItemT]:
            return self._page(op, {**query, "cursor": cursor}, options)

        envelope: ListEnvelope[ItemT] = self._call(
            self._core.prepare(op, query=query, options=options)
        )
        return Page(envelope, fetch=fetch)

    # -- jobs ----------------------------------------------------------------------------------

    def create_job(
        self,
        body: Union[JobCreateParams, JobCreateParamsDict],
        **options: Unpack[PostRequestOptions],
    ) -> Job:
        """Post a job (``POST /v1/jobs``); the body is validated locally first.

        Examples:
            >>> job = client.create_job({"type": "data_collection",
            ...     "description": "Take a clear photo of any coffee cup from above.",
            ...     "files_needed": 50, "accepted_formats": ["image/jpeg", "image/png"],
            ...     "price_per_file_cents": 75})
            >>> job.status, job.files_needed
            ('open', 50)
        """
        return self._call(self._core.prepare(ops.CREATE_JOB, body=body, options=options))

    def get_job(
        self, job_id: str, *, wait: Optional[float] = None, **options: Unpack[RequestOptions]
    ) -> Job:
        """Fetch a job (``GET /v1/jobs/{id}``). With ``wait=N`` the server holds the request until
        the job changes or ``N`` seconds (1–60) pass.

        Examples:
            >>> client.get_job(job.id, wait=5).id == job.id
            True
        """
        return self._call(
            self._core.prepare(
                ops.GET_JOB, path_params={"job_id": job_id}, long_poll=wait, options=options
            )
        )

    def list_jobs(
        self,
        *,
        status: Optional[Union[JobStatus, str]] = None,
        type: Optional[Union[JobType, str]] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[Job]:
        """List jobs, newest first (``GET /v1/jobs``); ``limit`` is 1–100.

        Examples:
            >>> page = client.list_jobs(status="open", limit=10)
            >>> job.id in [j.id for j in page.data], page.has_more
            (True, False)
        """
        query = {"status": status, "type": type, "limit": limit, "cursor": cursor}
        return self._page(ops.LIST_JOBS, query, options)

    def cancel_job(self, job_id: str, **options: Unpack[PostRequestOptions]) -> Job:
        """Cancel an open job (``POST /v1/jobs/{id}/cancel``); unused escrow is refunded.

        Examples:
            >>> client.cancel_job(job.id).status
            'cancelled'
        """
        return self._call(
            self._core.prepare(ops.CANCEL_JOB, path_params={"job_id": job_id}, options=options)
        )
