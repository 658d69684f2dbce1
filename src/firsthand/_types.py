"""Per-call request options, accepted as keyword arguments by every client method."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict, Union

import httpx

__all__ = ["PostRequestOptions", "RequestOptions", "TimeoutTypes"]

TimeoutTypes = Union[float, httpx.Timeout, None]
"""Seconds as a float, a full ``httpx.Timeout``, or ``None`` for no timeout at all."""


class RequestOptions(TypedDict, total=False):
    """Keyword-only options every method accepts, overriding the client's settings for one call.

    Attributes:
        timeout: Seconds (or an ``httpx.Timeout``) for this call; ``None`` disables the timeout.
        max_retries: Retries (not attempts) allowed for this call.
        extra_headers: Headers added to (or overriding) the SDK's own, for this call.

    Examples:
        >>> opts: RequestOptions = {"timeout": 5.0, "max_retries": 0}
        >>> sorted(opts)
        ['max_retries', 'timeout']
    """

    timeout: TimeoutTypes
    max_retries: int
    extra_headers: Mapping[str, str]


class PostRequestOptions(RequestOptions, total=False):
    """:class:`RequestOptions` plus ``idempotency_key`` for POST operations.

    Attributes:
        idempotency_key: Reuse a key of your own (e.g. derived from an order id) instead of the
            UUID4 the SDK generates; the same key is sent on every retry of the call.

    Examples:
        >>> opts: PostRequestOptions = {"idempotency_key": "order-1234"}
        >>> opts["idempotency_key"]
        'order-1234'
    """

    idempotency_key: str
