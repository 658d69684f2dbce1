"""Per-call request options, accepted as keyword arguments by every client method."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Optional, TypedDict, Union

import httpx

__all__ = [
    "BodyRequestOptions",
    "CreateAndWaitOptions",
    "PostBodyRequestOptions",
    "PostRequestOptions",
    "QueryValue",
    "RequestOptions",
    "TimeoutTypes",
    "WaitOptions",
]

TimeoutTypes = Union[float, httpx.Timeout, None]
"""Seconds as a float, a full ``httpx.Timeout``, or ``None`` for no timeout at all."""

QueryValue = Optional[Union[str, int, float, bool, date]]
"""A value of ``extra_query``: sent as the API spells it (``true``/``false``, ISO 8601 dates);
``None`` drops the parameter."""


class RequestOptions(TypedDict, total=False):
    """Keyword-only options every method accepts, overriding the client's settings for one call.

    Attributes:
        timeout: Seconds (or an ``httpx.Timeout``) for this call; ``None`` disables the timeout.
        max_retries: Retries (not attempts) allowed for this call.
        extra_headers: Headers added to (or overriding) the SDK's own, for this call.
        extra_query: Query parameters added after local validation, replacing the SDK's own of
            the same name (``None`` drops one); a list keeps them on every page. The escape
            hatch for a filter value newer than the SDK: ``list_jobs(extra_query={"status":
            "archived"})`` sends it unchecked, where ``list_jobs(status="archived")`` is refused.

    Examples:
        >>> opts: RequestOptions = {"timeout": 5.0, "max_retries": 0}
        >>> sorted(opts)
        ['max_retries', 'timeout']
        >>> page = client.list_jobs(extra_query={"status": "open"})
        >>> fake_api.sent[-1].url.params["status"]
        'open'
    """

    timeout: TimeoutTypes
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]


class PostRequestOptions(RequestOptions, total=False):
    """[`RequestOptions`][firsthand.RequestOptions] plus ``idempotency_key`` for POST operations.

    Attributes:
        idempotency_key: Reuse a key of your own (e.g. derived from an order id) instead of the
            UUID4 the SDK generates; the same key is sent on every retry of the call.

    Examples:
        >>> opts: PostRequestOptions = {"idempotency_key": "order-1234"}
        >>> opts["idempotency_key"]
        'order-1234'
    """

    idempotency_key: str


class BodyRequestOptions(RequestOptions, total=False):
    """[`RequestOptions`][firsthand.RequestOptions] plus ``extra_body``, for the operations that
    send a body without being a POST (``update_webhook_endpoint``, ``update_settings``).

    Attributes:
        extra_body: Members added to the JSON body after local validation, replacing the body's
            own of the same name (shallow: a nested object is replaced whole) and sent as given
            (``None`` becomes ``null``). For a body field newer than the SDK; the values must
            be JSON (strings, numbers, booleans, ``None``, lists, dicts, dates).

    Examples:
        >>> opts: BodyRequestOptions = {"extra_body": {"auto_topup_enabled": False}}
        >>> settings = client.update_settings({"auto_topup_enabled": True}, **opts)
        >>> import json; json.loads(fake_api.sent[-1].content)
        {'auto_topup_enabled': False}
    """

    extra_body: Mapping[str, object]


class PostBodyRequestOptions(PostRequestOptions, total=False):
    """[`PostRequestOptions`][firsthand.PostRequestOptions] plus ``extra_body``, for the POST
    operations that send a body (``create_job``, ``rate_job``, ``purchase_credits``, ...).

    Attributes:
        extra_body: Members added to the JSON body after local validation, replacing the body's
            own of the same name (shallow) and sent as given, as in
            [`BodyRequestOptions`][firsthand.BodyRequestOptions].

    Examples:
        >>> opts: PostBodyRequestOptions = {"idempotency_key": "order-1234",
        ...     "extra_body": {"priority": "high"}}
        >>> sorted(opts)
        ['extra_body', 'idempotency_key']
    """

    extra_body: Mapping[str, object]


class WaitOptions(TypedDict, total=False):
    """Request options of ``wait_for_job``: applied to each of its ``get_job`` calls.

    (``timeout`` there is the whole wait, so the per-request timeout is not offered: long polls
    extend their own read timeout.)

    Attributes:
        max_retries: Retries (not attempts) allowed for each ``get_job`` call of the wait.
        extra_headers: Headers added to (or overriding) the SDK's own, on each call.

    Examples:
        >>> opts: WaitOptions = {"max_retries": 5}
        >>> opts["max_retries"]
        5
    """

    max_retries: int
    extra_headers: Mapping[str, str]


class CreateAndWaitOptions(WaitOptions, total=False):
    """Request options of ``create_job_and_wait``: [`WaitOptions`][firsthand.WaitOptions] plus ``idempotency_key``.

    Attributes:
        idempotency_key: Reuse a key of your own for the ``create_job`` call instead of the UUID4
            the SDK generates.

    Examples:
        >>> opts: CreateAndWaitOptions = {"idempotency_key": "order-1234", "max_retries": 5}
        >>> sorted(opts)
        ['idempotency_key', 'max_retries']
    """

    idempotency_key: str
