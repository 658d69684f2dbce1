"""``client.with_raw_response``: every operation, answering a [`RawResponse`][firsthand.RawResponse].

Each view attribute is a descriptor over the client method of the same name, so the raw method
keeps the exact parameters of the typed one (``ParamSpec``) and ``.parse()`` returns its exact
result type, for mypy and pyright alike.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Callable, Generic, TypeVar

from typing_extensions import Concatenate, ParamSpec

from ._async_client import AsyncFirstHandClient
from ._response import RawResponse
from ._sync_client import FirstHandClient

__all__ = ["AsyncFirstHandClientWithRawResponse", "FirstHandClientWithRawResponse"]

P = ParamSpec("P")
T = TypeVar("T")


class RawMethod(Generic[P, T]):
    """A view attribute standing for the sync client method it was made from."""

    def __init__(self, method: Callable[Concatenate[Any, P], T]) -> None:
        self.name = method.__name__

    def __get__(self, view: Any, owner: Any = None) -> Callable[P, RawResponse[T]]:
        bound: Callable[P, RawResponse[T]] = getattr(view._client, self.name)
        return bound


class AsyncRawMethod(Generic[P, T]):
    """A view attribute standing for the async client method it was made from."""

    def __init__(self, method: Callable[Concatenate[Any, P], Awaitable[T]]) -> None:
        self.name = method.__name__

    def __get__(self, view: Any, owner: Any = None) -> Callable[P, Awaitable[RawResponse[T]]]:
        bound: Callable[P, Awaitable[RawResponse[T]]] = getattr(view._client, self.name)
        return bound


class FirstHandClientWithRawResponse:
    """``client.with_raw_response``: each operation returns a [`RawResponse`][firsthand.RawResponse].

    Examples:
        >>> raw = client.with_raw_response.get_job(job.id)
        >>> raw.headers["X-Request-Id"] == raw.request_id
        True
    """

    __slots__ = ("_client",)

    def __init__(self, client: FirstHandClient) -> None:
        self._client = client

    create_job = RawMethod(FirstHandClient.create_job)
    get_job = RawMethod(FirstHandClient.get_job)
    list_jobs = RawMethod(FirstHandClient.list_jobs)
    cancel_job = RawMethod(FirstHandClient.cancel_job)
    rate_job = RawMethod(FirstHandClient.rate_job)
    get_job_files = RawMethod(FirstHandClient.get_job_files)
    get_job_submissions = RawMethod(FirstHandClient.get_job_submissions)
    get_job_audit = RawMethod(FirstHandClient.get_job_audit)
    refresh_file_url = RawMethod(FirstHandClient.refresh_file_url)
    list_submissions = RawMethod(FirstHandClient.list_submissions)
    get_submission = RawMethod(FirstHandClient.get_submission)
    get_submission_summary = RawMethod(FirstHandClient.get_submission_summary)
    create_api_key = RawMethod(FirstHandClient.create_api_key)
    list_api_keys = RawMethod(FirstHandClient.list_api_keys)
    rotate_api_key = RawMethod(FirstHandClient.rotate_api_key)
    revoke_api_key = RawMethod(FirstHandClient.revoke_api_key)
    create_webhook_endpoint = RawMethod(FirstHandClient.create_webhook_endpoint)
    list_webhook_endpoints = RawMethod(FirstHandClient.list_webhook_endpoints)
    get_webhook_endpoint = RawMethod(FirstHandClient.get_webhook_endpoint)
    update_webhook_endpoint = RawMethod(FirstHandClient.update_webhook_endpoint)
    delete_webhook_endpoint = RawMethod(FirstHandClient.delete_webhook_endpoint)
    rotate_webhook_secret = RawMethod(FirstHandClient.rotate_webhook_secret)
    list_webhook_events = RawMethod(FirstHandClient.list_webhook_events)
    replay_webhook_event = RawMethod(FirstHandClient.replay_webhook_event)
    get_credit_balance = RawMethod(FirstHandClient.get_credit_balance)
    list_transactions = RawMethod(FirstHandClient.list_transactions)
    purchase_credits = RawMethod(FirstHandClient.purchase_credits)
    get_settings = RawMethod(FirstHandClient.get_settings)
    update_settings = RawMethod(FirstHandClient.update_settings)
    list_audit_events = RawMethod(FirstHandClient.list_audit_events)


class AsyncFirstHandClientWithRawResponse:
    """``async_client.with_raw_response``: each operation returns a [`RawResponse`][firsthand.RawResponse].

    Examples:
        >>> raw = run(async_client.with_raw_response.list_jobs(status="open"))
        >>> [j.id for j in raw.parse().data] == [job.id]
        True
    """

    __slots__ = ("_client",)

    def __init__(self, client: AsyncFirstHandClient) -> None:
        self._client = client

    create_job = AsyncRawMethod(AsyncFirstHandClient.create_job)
    get_job = AsyncRawMethod(AsyncFirstHandClient.get_job)
    list_jobs = AsyncRawMethod(AsyncFirstHandClient.list_jobs)
    cancel_job = AsyncRawMethod(AsyncFirstHandClient.cancel_job)
    rate_job = AsyncRawMethod(AsyncFirstHandClient.rate_job)
    get_job_files = AsyncRawMethod(AsyncFirstHandClient.get_job_files)
    get_job_submissions = AsyncRawMethod(AsyncFirstHandClient.get_job_submissions)
    get_job_audit = AsyncRawMethod(AsyncFirstHandClient.get_job_audit)
    refresh_file_url = AsyncRawMethod(AsyncFirstHandClient.refresh_file_url)
    list_submissions = AsyncRawMethod(AsyncFirstHandClient.list_submissions)
    get_submission = AsyncRawMethod(AsyncFirstHandClient.get_submission)
    get_submission_summary = AsyncRawMethod(AsyncFirstHandClient.get_submission_summary)
    create_api_key = AsyncRawMethod(AsyncFirstHandClient.create_api_key)
    list_api_keys = AsyncRawMethod(AsyncFirstHandClient.list_api_keys)
    rotate_api_key = AsyncRawMethod(AsyncFirstHandClient.rotate_api_key)
    revoke_api_key = AsyncRawMethod(AsyncFirstHandClient.revoke_api_key)
    create_webhook_endpoint = AsyncRawMethod(AsyncFirstHandClient.create_webhook_endpoint)
    list_webhook_endpoints = AsyncRawMethod(AsyncFirstHandClient.list_webhook_endpoints)
    get_webhook_endpoint = AsyncRawMethod(AsyncFirstHandClient.get_webhook_endpoint)
    update_webhook_endpoint = AsyncRawMethod(AsyncFirstHandClient.update_webhook_endpoint)
    delete_webhook_endpoint = AsyncRawMethod(AsyncFirstHandClient.delete_webhook_endpoint)
    rotate_webhook_secret = AsyncRawMethod(AsyncFirstHandClient.rotate_webhook_secret)
    list_webhook_events = AsyncRawMethod(AsyncFirstHandClient.list_webhook_events)
    replay_webhook_event = AsyncRawMethod(AsyncFirstHandClient.replay_webhook_event)
    get_credit_balance = AsyncRawMethod(AsyncFirstHandClient.get_credit_balance)
    list_transactions = AsyncRawMethod(AsyncFirstHandClient.list_transactions)
    purchase_credits = AsyncRawMethod(AsyncFirstHandClient.purchase_credits)
    get_settings = AsyncRawMethod(AsyncFirstHandClient.get_settings)
    update_settings = AsyncRawMethod(AsyncFirstHandClient.update_settings)
    list_audit_events = AsyncRawMethod(AsyncFirstHandClient.list_audit_events)
