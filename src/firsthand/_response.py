"""Raw responses: ``client.with_raw_response.<operation>(...)`` gives a [`RawResponse`][firsthand.RawResponse].

It carries what the typed result hides (status, headers, request id, rate-limit budget) and parses
into the typed result on demand. Building one does no I/O: the body has already been read.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Generic, NamedTuple, Optional, TypeVar

from ._constants import REQUEST_ID_HEADER

if TYPE_CHECKING:
    import httpx

__all__ = ["RateLimit", "RawResponse", "parse_rate_limit"]

T = TypeVar("T")

_UNSET: Any = object()


class RateLimit(NamedTuple):
    """The rate-limit budget reported by ``X-RateLimit-Limit/Remaining/Reset``.

    A header that is missing or malformed is ``None``; ``reset`` is an aware UTC ``datetime``.

    Attributes:
        limit: Requests allowed per window for this API key (``X-RateLimit-Limit``).
        remaining: Requests left in the current window (``X-RateLimit-Remaining``).
        reset: When the window resets (``X-RateLimit-Reset``).

    Examples:
        >>> rl = parse_rate_limit({"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "87",
        ...     "X-RateLimit-Reset": "1711036800"})
        >>> rl.limit, rl.remaining, rl.reset.isoformat()
        (100, 87, '2024-03-21T16:00:00+00:00')
    """

    limit: Optional[int]
    remaining: Optional[int]
    reset: Optional[datetime]


def _int_header(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def _reset_header(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def parse_rate_limit(headers: Any) -> Optional[RateLimit]:
    """The [`RateLimit`][firsthand.RateLimit] in response headers, or ``None`` when none of the three is present.

    ``headers`` is any case-insensitive mapping (``httpx.Headers``) or a plain dict with the
    canonical names.

    Examples:
        >>> parse_rate_limit({}) is None
        True
        >>> parse_rate_limit({"X-RateLimit-Remaining": "soon"})
        RateLimit(limit=None, remaining=None, reset=None)
    """
    limit = headers.get("X-RateLimit-Limit")
    remaining = headers.get("X-RateLimit-Remaining")
    reset = headers.get("X-RateLimit-Reset")
    if limit is None and remaining is None and reset is None:
        return None
    return RateLimit(_int_header(limit), _int_header(remaining), _reset_header(reset))


class RawResponse(Generic[T]):
    """A successful response before parsing: status, headers, request id, rate limit, ``parse()``.

    Errors are still raised as the usual [`FirstHandError`][firsthand.FirstHandError] subclasses; retries happen as
    usual too (``retries_taken`` says how many were needed).

    Attributes:
        status_code: The HTTP status (``200``, ``201``, ``204``…).
        headers: The response headers (case-insensitive).
        request_id: ``X-Request-Id``, for support tickets.
        rate_limit: The ``X-RateLimit-*`` budget, or ``None`` if the server sent none.
        retries_taken: Retries this call needed (``0`` when the first attempt succeeded).
        http_response: The underlying ``httpx.Response`` (its body is already read).

    Examples:
        >>> raw = client.with_raw_response.get_job(job.id)
        >>> raw.status_code, raw.request_id.startswith("req_")
        (200, True)
        >>> raw.parse().id == job.id
        True
    """

    __slots__ = ("_parse", "_parsed", "http_response", "retries_taken")

    def __init__(
        self, http_response: httpx.Response, parse: Callable[[], T], retries_taken: int = 0
    ) -> None:
        self.http_response: httpx.Response = http_response
        self.retries_taken: int = retries_taken
        self._parse = parse
        self._parsed: Any = _UNSET

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive)."""
        return self.http_response.headers

    @property
    def request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` header, or ``None``."""
        request_id: Optional[str] = self.http_response.headers.get(REQUEST_ID_HEADER)
        return request_id

    @property
    def rate_limit(self) -> Optional[RateLimit]:
        """The ``X-RateLimit-*`` budget, or ``None`` when the server sent no such header."""
        return parse_rate_limit(self.http_response.headers)

    @property
    def content(self) -> bytes:
        """The raw body bytes."""
        return self.http_response.content

    def parse(self) -> T:
        """The typed result the plain method would have returned (parsed once, then cached).

        Raises [`FirstHandResponseValidationError`][firsthand.FirstHandResponseValidationError] if the body breaks the model.
        """
        if self._parsed is _UNSET:
            self._parsed = self._parse()
        result: T = self._parsed
        return result

    def __repr__(self) -> str:
        return (
            f"RawResponse(status_code={self.status_code}, request_id={self.request_id!r}, "
            f"retries_taken={self.retries_taken})"
        )
