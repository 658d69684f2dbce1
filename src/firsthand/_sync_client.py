# This file is generated from src/firsthand/_async_client.py by scripts/generate.py: do not edit. Run `nox -s generate`.
"""``FirstHandClient``: the synchronous shell. It only sends and sleeps; the rest is ``_core``."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union, overload

import httpx

from . import _operations as ops
from ._body import BodyError
from ._client_base import BaseClient, OutT, Sleep, default_ssl_context, opened, same
from ._constants import DOWNLOAD_CONCURRENCY
from ._core import PreparedCall, ResultT, attempt_deadline, keep_body, read_loaded
from ._exceptions import FirstHandError
from ._flavours import AttemptLimit, notify_retry, reclaim_after
from ._pagination import Page
from ._pool import pool_of, reclaim
from ._types import (
    BodyRequestOptions,
    CreateAndWaitOptions,
    PostBodyRequestOptions,
    PostRequestOptions,
    RequestOptions,
    WaitOptions,
)
from ._waiting import DEFAULT_POLL, DEFAULT_WAIT_TIMEOUT, JobWait, polling_options

if TYPE_CHECKING:  # annotations only: models load with the first call, not with the client
    import os
    from datetime import date, datetime
    from pathlib import Path

    from typing_extensions import Unpack

    from . import _downloads as dl
    from ._models._base import FirstHandModel
    from ._models._list import ListEnvelope
    from ._models.api_keys import ApiKey, ApiKeyCreateParams, ApiKeyCreateParamsDict
    from ._models.audit import AuditEvent
    from ._models.billing import (
        CheckoutSession,
        CreditBalance,
        CreditPurchaseParams,
        CreditPurchaseParamsDict,
        CreditTransaction,
        TransactionType,
    )
    from ._models.files import JobFile
    from ._models.job_requests import (
        JobCreateParams,
        JobCreateParamsDict,
        JobRateParams,
        JobRateParamsDict,
    )
    from ._models.jobs import Job, JobStatus, JobType
    from ._models.organization import (
        OrganizationSettings,
        OrganizationSettingsUpdateParams,
        OrganizationSettingsUpdateParamsDict,
    )
    from ._models.submissions import Submission, SubmissionStatus, SubmissionSummary
    from ._models.webhooks import (
        WebhookDeliveryStatus,
        WebhookEndpoint,
        WebhookEndpointCreateParams,
        WebhookEndpointCreateParamsDict,
        WebhookEndpointUpdateParams,
        WebhookEndpointUpdateParamsDict,
        WebhookEvent,
        WebhookEventType,
    )
    from ._progress import Progress
    from ._raw_views import FirstHandClientWithRawResponse
    from ._streaming import FirstHandClientWithStreamingResponse, StreamedFile

__all__ = ["FirstHandClient"]

ItemT = TypeVar("ItemT", bound="FirstHandModel")


class FirstHandClient(BaseClient[httpx.Client, httpx.BaseTransport, Sleep]):
    """The synchronous FirstHandAPI client. Thread-safe: share one per process.

    Args:
        api_key: ``fh_live_…`` or ``fh_test_…``; defaults to the ``FIRSTHAND_API_KEY`` variable.
        base_url: Defaults to ``FIRSTHAND_BASE_URL``, then ``https://api.firsthandapi.com``.
        timeout: Seconds (float) or an ``httpx.Timeout``; ``None`` disables timeouts. It bounds
            each attempt as a whole (connecting, sending, waiting and reading the body), not each
            read. Defaults to 30 s, or to ``http_client``'s own timeout when you pass one.
        max_retries: Retries (not attempts) for transient failures; ``0`` disables retrying.
        max_retry_wait: Longest ``Retry-After`` the SDK will sleep through; longer raises at once.
        http_client: Your own ``httpx.Client`` (proxies, mTLS); the SDK never closes it.
        default_headers: Headers sent on every request.
        validate_requests: Validate bodies and queries locally before sending (default ``True``).
        strict_responses: With ``False``, a response field that breaks its type is kept as sent
            (and logged) instead of raising [`FirstHandResponseValidationError`][firsthand.FirstHandResponseValidationError].
        on_retry: Called with a [`RetryInfo`][firsthand.RetryInfo] before each retry's sleep.
        max_response_bytes: Largest response body read, before and after decompression
            (default 32 MiB); a larger one raises instead of filling memory.
        allow_insecure: Let a live key travel over plaintext ``http://`` to a host other than
            this machine (refused by default).
        transport: The ``httpx.BaseTransport`` the client's own connection pool sends through (not
            with ``http_client``), e.g. a stand-in's:
            [`FakeFirstHand.client`][firsthand.testing.FakeFirstHand.client] passes its own.
        sleep: How the client waits a number of seconds between retries, for ``Retry-After``,
            between polls and download retries: a function of that shape, default ``time.sleep``. A
            stand-in passes one that moves its clock instead of waiting.
        clock: A monotonic clock in seconds that ``wait_for_job``'s ``timeout`` runs on
            (default ``time.monotonic``).

    Examples:
        >>> from firsthand import FirstHandClient
        >>> with FirstHandClient(api_key="fh_test_example", timeout=10) as client:
        ...     print(repr(client))
        FirstHandClient(environment='test', base_url='https://api.firsthandapi.com', max_retries=3)
    """

    _is_async = False
    _http_client_class = httpx.Client
    _transport_class = httpx.BaseTransport

    def _new_http_client(
        self, timeout: httpx.Timeout, transport: Optional[httpx.BaseTransport] = None
    ) -> httpx.Client:
        return httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            verify=default_ssl_context(),
            transport=transport,
        )

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
        if self._sleeper is None:
            time.sleep(seconds)
        else:
            self._sleeper(seconds)

    def _send(self, call: PreparedCall[Any], retry_count: int) -> httpx.Response:
        self._check_open()
        request = self._request_for(call, retry_count)
        core = self._core
        started = time.perf_counter()
        deadline = attempt_deadline(call.timeout)
        try:
            # The timeout bounds the whole attempt, not each read (a body trickling in byte by
            # byte would otherwise take as long as it likes).
            with AttemptLimit(core, call, deadline) as limit:
                response = self._receive(call, request, limit)
        except httpx.RequestError as exc:
            core.log_attempt(call, retry_count, started, time.perf_counter(), error=exc)
            raise core.transport_error(call, exc) from exc
        except FirstHandError as exc:
            core.log_attempt(call, retry_count, started, time.perf_counter(), error=exc)
            raise
        core.log_attempt(call, retry_count, started, time.perf_counter(), response)
        return response

    def _receive(
        self, call: PreparedCall[Any], request: httpx.Request, limit: AttemptLimit
    ) -> httpx.Response:
        """One attempt: the response with its body read, bounded in size and in time. Whatever
        ends it (an interruption included), the connection goes back to the pool or is closed;
        an interruption is always re-raised."""
        try:
            response = self._dispatch(request)
        except BaseException as exc:
            if reclaim_after(exc):
                self._reclaim(request)
            raise
        core = self._core
        try:
            if response.is_stream_consumed:  # a mock transport that read the body already
                content = read_loaded(response, core.body_limit(response))
            else:
                limit.check()  # the headers trickled in
                reader = core.body_reader(response)
                for chunk in response.iter_raw():
                    reader.feed(chunk)
                    limit.check()
                content = reader.finish()
        except BodyError as exc:
            raise core.body_failure(call, response, exc) from None
        except BaseException as exc:
            if reclaim_after(exc):
                response.close()
                self._reclaim(request)
            raise
        finally:
            # A body read to the end closed itself; an unread rest (too large, too slow) drops
            # the connection.
            if not response.is_closed:
                response.close()
        keep_body(response, content)
        return response

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; the response with its body not yet read.

        On the SDK's own pool, straight to the transport httpx would pick for the URL (a
        proxy's, per the environment): that pool has no auth, cookies, event hooks or redirects
        to follow, so ``httpx.Client.send``'s machinery for them is skipped. A user's own
        ``http_client`` gets the full ``send``, so its hooks, auth and cookies apply.
        """
        if not self._direct_requests:
            return self._http.send(request, stream=True)
        transport = self._http._transport_for_url(request.url)  # pyright: ignore[reportPrivateUsage]
        started = time.perf_counter()
        try:
            response = transport.handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request  # what httpx's send attaches
            raise
        return opened(request, response, started, is_async=False)

    def _reclaim(self, request: httpx.Request) -> None:
        """Work around httpcore's pool leak under cancellation (see ``_pool``)."""
        pool = pool_of(self._http, request)
        if pool is None:
            return
        for connection in reclaim(pool, request):
            with contextlib.suppress(Exception):  # a broken one may fail to close: gone anyway
                connection.close()

    def _call(self, call: PreparedCall[ResultT]) -> ResultT:
        return self._execute(call, same)

    def _execute(self, call: PreparedCall[ResultT], then: Callable[[ResultT], OutT]) -> OutT:
        # The first attempt runs outside tenacity (most calls succeed: no retry state to build);
        # a retryable failure becomes tenacity's first attempt, and the policy takes over.
        try:
            return self._finish(call, self._send(call, 0), 0, then)
        except FirstHandError as exc:
            if not exc.retryable:
                raise
            first_failure = exc
        from tenacity import Retrying  # loaded by the first retry only

        for attempt in self._core.new_retrying(
            call, Retrying, self._sleep, is_async=self._is_async
        ):
            with attempt:
                retry_count = attempt.retry_state.attempt_number - 1
                if retry_count == 0:
                    raise first_failure
                response = self._send(call, retry_count)
                return self._finish(call, response, retry_count, then)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _request(
        self,
        op: ops.Operation[ResultT],
        options: RequestOptions,
        path_params: Optional[Mapping[str, object]] = None,
        *,
        body: object = None,
        query: Optional[Mapping[str, object]] = None,
        long_poll: object = None,
    ) -> ResultT:
        call = self._core.prepare(
            op,
            path_params=path_params,
            query=query,
            body=body,
            long_poll=long_poll,
            options=options,
        )
        return self._call(call)

    def _page(
        self,
        op: ops.Operation[ListEnvelope[ItemT]],
        options: RequestOptions,
        query: dict[str, Any],
        path_params: Optional[Mapping[str, object]] = None,
    ) -> Page[ItemT]:
        plain = self._plain or self  # later pages are plain pages, even from a raw view

        def fetch(cursor: str) -> Page[ItemT]:
            return plain._page(op, options, {**query, "cursor": cursor}, path_params)

        def wrap(envelope: ListEnvelope[ItemT]) -> Page[ItemT]:
            return Page(envelope, fetch=fetch, cursor=query.get("cursor"))

        call = self._core.prepare(op, path_params=path_params, query=query, options=options)
        return self._execute(call, wrap)

    @property
    def with_raw_response(self) -> FirstHandClientWithRawResponse:
        """The same operations, returning a [`RawResponse`][firsthand.RawResponse] (status, headers, request id,
        rate limit, ``.parse()``) instead of the parsed model.

        Examples:
            >>> raw = client.with_raw_response.list_jobs(status="open", limit=5)
            >>> raw.status_code, raw.rate_limit is None or raw.rate_limit.limit > 0
            (200, True)
            >>> [j.id for j in raw.parse().data] == [job.id]
            True
        """
        from ._raw_views import FirstHandClientWithRawResponse

        return FirstHandClientWithRawResponse(self._copy(self._core, raw=True))

    @property
    def with_streaming_response(self) -> FirstHandClientWithStreamingResponse:
        """Operations whose body is read as it arrives. ``download_file(file)`` is a context
        manager: ``with`` it to read the file as a [`StreamedFile`][firsthand.StreamedFile].

        Examples:
            >>> files = client.get_job_files(done_job.id, min_score=1).data
            >>> def size() -> int:
            ...     with client.with_streaming_response.download_file(files[0]) as r:
            ...         return len(r.read())
            >>> size() > 0
            True
        """
        from ._streaming import FirstHandClientWithStreamingResponse

        return FirstHandClientWithStreamingResponse(self)

    # -- jobs ----------------------------------------------------------------------------------

    @overload
    def create_job(
        self,
        body: JobCreateParams,
        **options: Unpack[PostBodyRequestOptions],
    ) -> Job: ...
    @overload
    def create_job(
        self,
        body: JobCreateParamsDict,
        **options: Unpack[PostBodyRequestOptions],
    ) -> Job: ...
    def create_job(
        self,
        body: Union[JobCreateParams, JobCreateParamsDict],
        **options: Unpack[PostBodyRequestOptions],
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
        return self._request(ops.CREATE_JOB, options, body=body)

    def get_job(
        self, job_id: str, *, wait: Optional[float] = None, **options: Unpack[RequestOptions]
    ) -> Job:
        """Fetch a job (``GET /v1/jobs/{id}``). With ``wait=N`` the server holds the request until
        the job changes or ``N`` seconds (1–60) pass.

        Examples:
            >>> client.get_job(job.id, wait=5).id == job.id
            True
        """
        return self._request(ops.GET_JOB, options, {"job_id": job_id}, long_poll=wait)

    def list_jobs(
        self,
        *,
        status: Optional[JobStatus] = None,
        type: Optional[JobType] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[Job]:
        """List jobs, newest first (``GET /v1/jobs``); iterate the page to walk every page.

        Examples:
            >>> page = client.list_jobs(status="open", limit=10)
            >>> job.id in [j.id for j in page.data], page.has_more
            (True, False)
        """
        query = {"status": status, "type": type, "limit": limit, "cursor": cursor}
        return self._page(ops.LIST_JOBS, options, query)

    def cancel_job(self, job_id: str, **options: Unpack[PostRequestOptions]) -> Job:
        """Cancel an open job (``POST /v1/jobs/{id}/cancel``); unused escrow is refunded.

        Examples:
            >>> client.cancel_job(job.id).status
            'cancelled'
        """
        return self._request(ops.CANCEL_JOB, options, {"job_id": job_id})

    @overload
    def rate_job(
        self,
        job_id: str,
        body: JobRateParams,
        **options: Unpack[PostBodyRequestOptions],
    ) -> Job: ...
    @overload
    def rate_job(
        self,
        job_id: str,
        body: JobRateParamsDict,
        **options: Unpack[PostBodyRequestOptions],
    ) -> Job: ...
    def rate_job(
        self,
        job_id: str,
        body: Union[JobRateParams, JobRateParamsDict],
        **options: Unpack[PostBodyRequestOptions],
    ) -> Job:
        """Rate a completed job 1–5 stars (``POST /v1/jobs/{id}/rate``).

        Examples:
            >>> client.rate_job(done_job.id, {"rating": 5, "comment": "Sharp photos"}).buyer_rating
            5
        """
        return self._request(ops.RATE_JOB, options, {"job_id": job_id}, body=body)

    def get_job_files(
        self,
        job_id: str,
        *,
        min_score: Optional[int] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[JobFile]:
        """The approved files of a job (``GET /v1/jobs/{id}/files``); ``min_score`` is 1–5.

        Examples:
            >>> files = client.get_job_files(done_job.id)
            >>> len(files.data), all(f.job_id == done_job.id for f in files.data)
            (3, True)
        """
        query = {"min_score": min_score, "limit": limit, "cursor": cursor}
        return self._page(ops.GET_JOB_FILES, options, query, {"job_id": job_id})

    def get_job_submissions(
        self,
        job_id: str,
        *,
        status: Optional[SubmissionStatus] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[Submission]:
        """The submissions of a job, with their AI scores (``GET /v1/jobs/{id}/submissions``).

        Examples:
            >>> page = client.get_job_submissions(done_job.id, status="rejected")
            >>> [s.status for s in page.data]
            ['rejected']
        """
        query = {"status": status, "limit": limit, "cursor": cursor}
        return self._page(ops.GET_JOB_SUBMISSIONS, options, query, {"job_id": job_id})

    def get_job_audit(
        self,
        job_id: str,
        *,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[AuditEvent]:
        """The audit trail of one job, newest first (``GET /v1/jobs/{id}/audit``).

        Examples:
            >>> page = client.get_job_audit(job.id)
            >>> "job.created" in [e.action for e in page.data]
            True
        """
        query = {"limit": limit, "cursor": cursor}
        return self._page(ops.GET_JOB_AUDIT, options, query, {"job_id": job_id})

    # -- files ---------------------------------------------------------------------------------

    def refresh_file_url(self, file_id: str, **options: Unpack[PostRequestOptions]) -> JobFile:
        """A new pre-signed ``download_url`` for a file (``POST /v1/files/{id}/refresh_url``).

        Examples:
            >>> file = client.get_job_files(done_job.id).data[0]
            >>> client.refresh_file_url(file.id).id == file.id
            True
        """
        return self._request(ops.REFRESH_FILE_URL, options, {"file_id": file_id})

    # -- submissions ---------------------------------------------------------------------------

    def list_submissions(
        self,
        *,
        job_id: Optional[str] = None,
        status: Optional[SubmissionStatus] = None,
        min_score: Optional[int] = None,
        start_date: Optional[Union[datetime, date, str]] = None,
        end_date: Optional[Union[datetime, date, str]] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[Submission]:
        """Submissions across all jobs (``GET /v1/submissions``); dates default to the last 30 days.

        Examples:
            >>> page = client.list_submissions(job_id=done_job.id, status="approved")
            >>> len(page.data)
            3
        """
        query = {
            "job_id": job_id,
            "status": status,
            "min_score": min_score,
            "start_date": start_date,
            "end_date": end_date,
            "limit": limit,
            "cursor": cursor,
        }
        return self._page(ops.LIST_SUBMISSIONS, options, query)

    def get_submission(self, submission_id: str, **options: Unpack[RequestOptions]) -> Submission:
        """One submission (``GET /v1/submissions/{id}``).

        Examples:
            >>> first = client.get_job_submissions(done_job.id).data[0]
            >>> client.get_submission(first.id).job_id == done_job.id
            True
        """
        return self._request(ops.GET_SUBMISSION, options, {"submission_id": submission_id})

    def get_submission_summary(
        self,
        *,
        job_id: Optional[str] = None,
        start_date: Optional[Union[datetime, date, str]] = None,
        end_date: Optional[Union[datetime, date, str]] = None,
        **options: Unpack[RequestOptions],
    ) -> SubmissionSummary:
        """Aggregate submission metrics (``GET /v1/submissions/summary``).

        Examples:
            >>> summary = client.get_submission_summary(job_id=done_job.id)
            >>> summary.approved, summary.rejected
            (3, 1)
        """
        query = {"job_id": job_id, "start_date": start_date, "end_date": end_date}
        return self._request(ops.GET_SUBMISSION_SUMMARY, options, query=query)

    # -- API keys ------------------------------------------------------------------------------

    @overload
    def create_api_key(
        self,
        body: ApiKeyCreateParams,
        **options: Unpack[PostBodyRequestOptions],
    ) -> ApiKey: ...
    @overload
    def create_api_key(
        self,
        body: ApiKeyCreateParamsDict,
        **options: Unpack[PostBodyRequestOptions],
    ) -> ApiKey: ...
    def create_api_key(
        self,
        body: Union[ApiKeyCreateParams, ApiKeyCreateParamsDict],
        **options: Unpack[PostBodyRequestOptions],
    ) -> ApiKey:
        """Create an API key (``POST /v1/api_keys``); ``secret`` is shown in this response only.

        Examples:
            >>> key = client.create_api_key({"name": "CI", "environment": "test"})
            >>> key.secret.startswith("fh_test_"), "secret" in repr(key)
            (True, False)
        """
        return self._request(ops.CREATE_API_KEY, options, body=body)

    def list_api_keys(
        self,
        *,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[ApiKey]:
        """The organization's API keys, secrets redacted (``GET /v1/api_keys``).

        Examples:
            >>> key = client.create_api_key({"name": "CI"})
            >>> [k.secret for k in client.list_api_keys().data if k.id == key.id]
            [None]
        """
        return self._page(ops.LIST_API_KEYS, options, {"limit": limit, "cursor": cursor})

    def rotate_api_key(self, key_id: str, **options: Unpack[PostRequestOptions]) -> ApiKey:
        """A new secret for a key; the old one keeps working for 24 h (``POST …/rotate``).

        Examples:
            >>> key = client.create_api_key({"name": "CI"})
            >>> client.rotate_api_key(key.id).secret != key.secret
            True
        """
        return self._request(ops.ROTATE_API_KEY, options, {"key_id": key_id})

    def revoke_api_key(self, key_id: str, **options: Unpack[PostRequestOptions]) -> None:
        """Revoke a key at once, irreversibly (``POST /v1/api_keys/{id}/revoke``, 204).

        Examples:
            >>> key = client.create_api_key({"name": "temporary"})
            >>> client.revoke_api_key(key.id) is None
            True
        """
        return self._request(ops.REVOKE_API_KEY, options, {"key_id": key_id})

    # -- webhook endpoints and events ----------------------------------------------------------

    @overload
    def create_webhook_endpoint(
        self,
        body: WebhookEndpointCreateParams,
        **options: Unpack[PostBodyRequestOptions],
    ) -> WebhookEndpoint: ...
    @overload
    def create_webhook_endpoint(
        self,
        body: WebhookEndpointCreateParamsDict,
        **options: Unpack[PostBodyRequestOptions],
    ) -> WebhookEndpoint: ...
    def create_webhook_endpoint(
        self,
        body: Union[WebhookEndpointCreateParams, WebhookEndpointCreateParamsDict],
        **options: Unpack[PostBodyRequestOptions],
    ) -> WebhookEndpoint:
        """Register an https endpoint for events (``POST /v1/webhook_endpoints``); store its
        ``secret`` (shown in this response only) to verify deliveries.

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> endpoint.secret.startswith("whsec_"), endpoint.status
            (True, 'enabled')
        """
        return self._request(ops.CREATE_WEBHOOK_ENDPOINT, options, body=body)

    def list_webhook_endpoints(
        self,
        *,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[WebhookEndpoint]:
        """The organization's webhook endpoints (``GET /v1/webhook_endpoints``).

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> [e.url for e in client.list_webhook_endpoints().data]
            ['https://example.com/hooks']
        """
        return self._page(ops.LIST_WEBHOOK_ENDPOINTS, options, {"limit": limit, "cursor": cursor})

    def get_webhook_endpoint(
        self, endpoint_id: str, **options: Unpack[RequestOptions]
    ) -> WebhookEndpoint:
        """One webhook endpoint (``GET /v1/webhook_endpoints/{id}``); no ``secret``.

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> client.get_webhook_endpoint(endpoint.id).events
            ['job.completed']
        """
        return self._request(ops.GET_WEBHOOK_ENDPOINT, options, {"endpoint_id": endpoint_id})

    @overload
    def update_webhook_endpoint(
        self,
        endpoint_id: str,
        body: WebhookEndpointUpdateParams,
        **options: Unpack[BodyRequestOptions],
    ) -> WebhookEndpoint: ...
    @overload
    def update_webhook_endpoint(
        self,
        endpoint_id: str,
        body: WebhookEndpointUpdateParamsDict,
        **options: Unpack[BodyRequestOptions],
    ) -> WebhookEndpoint: ...
    def update_webhook_endpoint(
        self,
        endpoint_id: str,
        body: Union[WebhookEndpointUpdateParams, WebhookEndpointUpdateParamsDict],
        **options: Unpack[BodyRequestOptions],
    ) -> WebhookEndpoint:
        """Change an endpoint's url, events, status or description (``PATCH …/{id}``).

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> client.update_webhook_endpoint(endpoint.id, {"status": "disabled"}).status
            'disabled'
        """
        return self._request(
            ops.UPDATE_WEBHOOK_ENDPOINT, options, {"endpoint_id": endpoint_id}, body=body
        )

    def delete_webhook_endpoint(self, endpoint_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an endpoint (``DELETE /v1/webhook_endpoints/{id}``, 204).

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> client.delete_webhook_endpoint(endpoint.id) is None
            True
        """
        return self._request(ops.DELETE_WEBHOOK_ENDPOINT, options, {"endpoint_id": endpoint_id})

    def rotate_webhook_secret(
        self, endpoint_id: str, **options: Unpack[PostRequestOptions]
    ) -> WebhookEndpoint:
        """A new signing secret; for 24 h deliveries are signed with both (``POST …/rotate_secret``).

        Examples:
            >>> endpoint = client.create_webhook_endpoint(
            ...     {"url": "https://example.com/hooks", "events": ["job.completed"]})
            >>> client.rotate_webhook_secret(endpoint.id).secret != endpoint.secret
            True
        """
        return self._request(ops.ROTATE_WEBHOOK_SECRET, options, {"endpoint_id": endpoint_id})

    def list_webhook_events(
        self,
        *,
        type: Optional[WebhookEventType] = None,
        delivery_status: Optional[WebhookDeliveryStatus] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[WebhookEvent]:
        """Events sent (or to be sent) to your endpoints (``GET /v1/webhook_events``).

        Examples:
            >>> page = client.list_webhook_events(type="job.completed")
            >>> [e.data["id"] for e in page.data] == [done_job.id]
            True
        """
        query = {"type": type, "delivery_status": delivery_status, "limit": limit, "cursor": cursor}
        return self._page(ops.LIST_WEBHOOK_EVENTS, options, query)

    def replay_webhook_event(
        self, event_id: str, **options: Unpack[PostRequestOptions]
    ) -> WebhookEvent:
        """Deliver an event again to every subscribed endpoint (``POST …/{id}/replay``).

        Examples:
            >>> event = client.list_webhook_events(type="job.completed").data[0]
            >>> client.replay_webhook_event(event.id).delivery_status
            'pending'
        """
        return self._request(ops.REPLAY_WEBHOOK_EVENT, options, {"event_id": event_id})

    # -- billing -------------------------------------------------------------------------------

    def get_credit_balance(self, **options: Unpack[RequestOptions]) -> CreditBalance:
        """Available, held (escrowed) and total credits, in cents (``GET /v1/billing/credits``).

        Examples:
            >>> balance = client.get_credit_balance()
            >>> balance.total_cents == balance.available_cents + balance.held_cents
            True
        """
        return self._request(ops.GET_CREDIT_BALANCE, options)

    def list_transactions(
        self,
        *,
        type: Optional[TransactionType] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[CreditTransaction]:
        """Credit movements, newest first (``GET /v1/billing/transactions``); debits are negative.

        Examples:
            >>> page = client.list_transactions(type="deduction")
            >>> all(t.amount_cents < 0 for t in page.data)
            True
        """
        query = {"type": type, "limit": limit, "cursor": cursor}
        return self._page(ops.LIST_TRANSACTIONS, options, query)

    @overload
    def purchase_credits(
        self,
        body: CreditPurchaseParams,
        **options: Unpack[PostBodyRequestOptions],
    ) -> CheckoutSession: ...
    @overload
    def purchase_credits(
        self,
        body: CreditPurchaseParamsDict,
        **options: Unpack[PostBodyRequestOptions],
    ) -> CheckoutSession: ...
    def purchase_credits(
        self,
        body: Union[CreditPurchaseParams, CreditPurchaseParamsDict],
        **options: Unpack[PostBodyRequestOptions],
    ) -> CheckoutSession:
        """Start a Stripe Checkout for credits (``POST /v1/billing/credits/purchase``, ≥ 1000 cents).

        Examples:
            >>> session = client.purchase_credits({"amount_cents": 2500})
            >>> session.checkout_url.startswith("https://"), session.status
            (True, 'open')
        """
        return self._request(ops.PURCHASE_CREDITS, options, body=body)

    # -- organization --------------------------------------------------------------------------

    def get_settings(self, **options: Unpack[RequestOptions]) -> OrganizationSettings:
        """The organization's defaults and auto top-up settings (``GET /v1/organization/settings``).

        Examples:
            >>> client.get_settings().object
            'organization_settings'
        """
        return self._request(ops.GET_SETTINGS, options)

    @overload
    def update_settings(
        self,
        body: OrganizationSettingsUpdateParams,
        **options: Unpack[BodyRequestOptions],
    ) -> OrganizationSettings: ...
    @overload
    def update_settings(
        self,
        body: OrganizationSettingsUpdateParamsDict,
        **options: Unpack[BodyRequestOptions],
    ) -> OrganizationSettings: ...
    def update_settings(
        self,
        body: Union[OrganizationSettingsUpdateParams, OrganizationSettingsUpdateParamsDict],
        **options: Unpack[BodyRequestOptions],
    ) -> OrganizationSettings:
        """Change organization settings (``PATCH /v1/organization/settings``).

        Examples:
            >>> client.update_settings({"auto_topup_enabled": True,
            ...     "auto_topup_threshold_cents": 5000, "auto_topup_amount_cents": 25000}).auto_topup_enabled
            True
        """
        return self._request(ops.UPDATE_SETTINGS, options, body=body)

    # -- audit ---------------------------------------------------------------------------------

    def list_audit_events(
        self,
        *,
        action: Optional[str] = None,
        resource_id: Optional[str] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> Page[AuditEvent]:
        """The organization's audit log, newest first (``GET /v1/audit-events``).

        Examples:
            >>> page = client.list_audit_events(resource_id=job.id)
            >>> [e.action for e in page.data][-1]
            'job.created'
        """
        query = {"action": action, "resource_id": resource_id, "limit": limit, "cursor": cursor}
        return self._page(ops.LIST_AUDIT_EVENTS, options, query)

    # -- helpers -------------------------------------------------------------------------------

    def wait_for_job(
        self,
        job_id: str,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        **options: Unpack[WaitOptions],
    ) -> Job:
        """Long-poll a job until it is ``completed`` or ``cancelled`` and return it.

        Each request holds at the server for up to ``poll`` seconds (``Prefer: wait``), so a job
        that finishes is seen at once without busy polling. Raises [`FirstHandTimeoutError`][firsthand.FirstHandTimeoutError]
        naming the last status if ``timeout`` seconds pass first.

        Examples:
            >>> client.wait_for_job(done_job.id).status
            'completed'
        """
        waiting = JobWait(timeout, poll, clock=self._clock)
        job = self.get_job(job_id, **options)
        return self._wait(waiting, job, options)

    @overload
    def create_job_and_wait(
        self,
        body: JobCreateParams,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        **options: Unpack[CreateAndWaitOptions],
    ) -> Job: ...
    @overload
    def create_job_and_wait(
        self,
        body: JobCreateParamsDict,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        **options: Unpack[CreateAndWaitOptions],
    ) -> Job: ...
    def create_job_and_wait(
        self,
        body: Union[JobCreateParams, JobCreateParamsDict],
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll: float = DEFAULT_POLL,
        **options: Unpack[CreateAndWaitOptions],
    ) -> Job:
        """Post a job, then [`wait_for_job`][firsthand.FirstHandClient.wait_for_job]; ``timeout`` covers both.

        Examples:
            >>> from firsthand import FirstHandTimeoutError
            >>> try:
            ...     client.create_job_and_wait({"type": "feedback",
            ...         "description": "Record a short clip of your street at noon.",
            ...         "files_needed": 1, "accepted_formats": ["video/mp4"],
            ...         "price_per_file_cents": 200}, timeout=0.2)
            ... except FirstHandTimeoutError as e:
            ...     print(e.type, "open" in e.message)
            wait_timeout True
        """
        waiting = JobWait(timeout, poll, clock=self._clock)
        job = self.create_job(body, **options)
        return self._wait(waiting, job, polling_options(options))

    def _wait(self, waiting: JobWait, job: Job, options: WaitOptions) -> Job:
        while True:
            seconds = waiting.next_poll(job)
            if seconds is None:
                return job
            job = self.get_job(job.id, wait=seconds, **options)
            pause = waiting.pause_after(job)
            if pause:
                self._sleep(pause)

    def download_job_files(
        self,
        job_id: str,
        directory: Union[str, os.PathLike[str]],
        *,
        concurrency: int = DOWNLOAD_CONCURRENCY,
        progress: bool = True,
    ) -> list[Path]:
        """Download every file of a job into ``directory`` (created if missing); the paths, in
        the listed order.

        Each file becomes ``<file id><extension>`` (``.jpg``, ``.png``, ``.mp4``, …; ``.bin`` for
        an unknown type) and is streamed to ``<name>.part``, checked against its SHA-256
        ``content_hash``, then renamed into place, so a file under its final name is always
        whole. A file already present and intact is skipped. The pre-signed URLs never receive
        your API key; an expired one is refreshed once (``refresh_file_url``); network errors and
        5xx from the storage are retried like API calls. Up to ``concurrency`` files download at
        once; on a terminal, ``progress`` shows a bar (``rich``, from ``firsthand[progress]``, or a
        one-line counter). If one file fails, the others stop, no ``.part`` file is left and the
        first error is raised: ``FirstHandError`` with type ``content_hash_mismatch`` when a file
        arrived wrong twice, ``unsafe_file_id`` for an id that is not a safe file name.

        Examples:
            >>> import tempfile
            >>> with tempfile.TemporaryDirectory() as folder:
            ...     paths = client.download_job_files(done_job.id, folder)
            ...     again = client.download_job_files(done_job.id, folder)
            ...     print([p.suffix for p in paths], again == paths)
            ['.jpg', '.jpg', '.jpg'] True
        """
        from . import _downloads as dl
        from ._progress import open_progress

        workers = dl.check_concurrency(concurrency)
        folder = dl.as_directory(directory)
        # min_score=1: files approved under a job's own min_star_rating below 3 are files too.
        page = self.get_job_files(job_id, min_score=1, limit=100)
        targets = dl.plan_downloads(list(page), folder)
        dl.prepare_directory(folder)
        with open_progress(progress, targets) as bar:
            return dl.run_in_threads(
                targets, workers, lambda target, abort: self._download_file(target, bar, abort)
            )

    def _download_file(self, target: dl.FileTarget, bar: Progress, abort: dl.Abort) -> Path:
        from . import _downloads as dl

        # Hashing may take a while: the async client runs it in a worker thread.
        if dl.is_intact(target):
            bar.add_bytes(target.size_bytes)
            bar.file_done()
            return target.path
        attempts = self._file_attempts(target)
        while True:
            abort.check()
            try:
                return self._fetch_file(attempts.url, target, bar, abort)
            except FirstHandError as exc:
                failure = exc
            self._after_file_failure(attempts, failure)  # raises when it gives up

    def _file_attempts(self, target: dl.FileTarget) -> dl.FileAttempts:
        """The retry budget of one file, its URL refreshed first when it has expired."""
        from . import _downloads as dl

        core = self._core
        attempts = dl.FileAttempts(
            target, max_retries=core.max_retries, max_retry_wait=core.max_retry_wait
        )
        if attempts.url_expired():
            attempts.use(self.refresh_file_url(target.file_id))
        return attempts

    def _after_file_failure(self, attempts: dl.FileAttempts, failure: FirstHandError) -> None:
        """After a failed storage attempt: raise when the file is given up, else refresh its URL
        or wait out the retry (``on_retry`` is told first)."""
        step = attempts.after_failure(failure)
        if step.refresh:
            attempts.use(self.refresh_file_url(attempts.target.file_id))
        elif step.retry_info is not None:
            if self._core.on_retry is not None:
                notify_retry(self._core.on_retry, step.retry_info)
            self._sleep(step.wait)

    def _fetch_file(self, url: str, target: dl.FileTarget, bar: Progress, abort: dl.Abort) -> Path:
        from . import _downloads as dl

        self._check_open()
        offset = dl.resume_offset(target)
        if offset and target.size_known and offset == target.size_bytes:
            # An earlier run got every byte but stopped before the rename: verify and move.
            with dl.PartWriter(target, bar, abort, resume_from=offset) as part:
                return part.commit()
        response = self._open_storage(url, target, offset)
        if offset and response.status_code == 416:  # the .part is no prefix of the file
            response.close()
            dl.remove_part(target)
            offset = 0
            response = self._open_storage(url, target, offset)
        try:
            dl.check_storage_response(target, response)
            start = dl.resume_point(target, response, offset)
            with dl.PartWriter(target, bar, abort, resume_from=start) as part:
                # Raw: what the storage was asked to send as identity is never decompressed.
                read = dl.body_already_read(response)
                if read is not None:
                    for chunk in read:
                        part.write(chunk)
                else:
                    for chunk in response.iter_raw():
                        part.write(chunk)
                return part.commit()  # fsync (in a thread, in the async client)
        except dl.STORAGE_FAILURES as exc:
            raise dl.storage_failure(target, exc) from exc
        finally:
            response.close()  # closed even when the download is cancelled

    def _open_storage(self, url: str, target: dl.FileTarget, offset: int) -> httpx.Response:
        from . import _downloads as dl

        try:
            request = dl.storage_request(url, self._core.timeout, offset=offset)
            # auth=None: an http_client of the user's own may carry auth; a storage URL gets none.
            return self._http.send(request, stream=True, auth=None, follow_redirects=True)
        except dl.STORAGE_FAILURES as exc:
            raise dl.storage_failure(target, exc) from exc

    @contextlib.contextmanager
    def _stream_file(self, file: Union[JobFile, str]) -> Generator[StreamedFile, None, None]:
        """``with_streaming_response.download_file``: the open storage response, closed on exit."""
        from . import _downloads as dl
        from ._streaming import StreamedFile

        if isinstance(file, str):
            file = self.refresh_file_url(file)
        target = dl.stream_target(file)
        response = self._open_file(target)
        try:
            yield StreamedFile(response, target, limit=self._core.max_response_bytes)
        finally:
            response.close()  # closed even when the block is cancelled

    def _open_file(self, target: dl.FileTarget) -> httpx.Response:
        """The storage's 2xx answer for ``target``, its body not yet read: an expired URL is
        refreshed once, transient failures are retried (``download_job_files``' rules)."""
        from . import _downloads as dl

        attempts = self._file_attempts(target)
        while True:
            self._check_open()
            try:
                response = self._open_storage(attempts.url, target, 0)
                try:
                    dl.check_storage_response(target, response)
                except BaseException:
                    response.close()
                    raise
                return response
            except FirstHandError as exc:
                failure = exc
            self._after_file_failure(attempts, failure)  # raises when it gives up
