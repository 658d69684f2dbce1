"""Turn a failed response (status, headers, raw body) into the right [`FirstHandError`][firsthand.FirstHandError].

Pure: no I/O. The class is chosen by HTTP status first and by the body's ``type`` second, so an HTML
502 from a proxy still becomes a [`FirstHandServerError`][firsthand.FirstHandServerError].
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Optional

from ._constants import REQUEST_ID_HEADER, RETRY_AFTER_HEADER
from ._exceptions import (
    ErrorDetail,
    FirstHandAuthenticationError,
    FirstHandConflictError,
    FirstHandError,
    FirstHandIdempotencyError,
    FirstHandInsufficientCreditsError,
    FirstHandNotFoundError,
    FirstHandPermissionError,
    FirstHandRateLimitError,
    FirstHandServerError,
    FirstHandValidationError,
)
from ._retry import is_retryable_status, parse_retry_after

_CLASS_BY_STATUS: dict[int, type[FirstHandError]] = {
    400: FirstHandValidationError,
    401: FirstHandAuthenticationError,
    402: FirstHandInsufficientCreditsError,
    403: FirstHandPermissionError,
    404: FirstHandNotFoundError,
    409: FirstHandConflictError,
    410: FirstHandNotFoundError,
    422: FirstHandValidationError,
    429: FirstHandRateLimitError,
}

#: ``type`` used when the body does not say (non-JSON bodies, proxies, odd servers).
_TYPE_BY_STATUS: dict[int, str] = {
    400: "validation_error",
    401: "authentication_error",
    402: "insufficient_credits",
    403: "authorization_error",
    404: "not_found",
    408: "request_timeout",
    409: "conflict",
    410: "gone",
    422: "validation_error",
    429: "rate_limit_exceeded",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}

_IDEMPOTENCY_TYPES = frozenset({"idempotency_error", "idempotency_conflict"})


def error_class_for(status: int, error_type: Optional[str]) -> type[FirstHandError]:
    """Pick the exception class for a status and the body's ``type``.

    Examples:
        >>> error_class_for(409, "idempotency_error").__name__
        'FirstHandIdempotencyError'
        >>> error_class_for(503, None).__name__
        'FirstHandServerError'
    """
    if status >= 500:
        return FirstHandServerError
    if status == 409 and error_type in _IDEMPOTENCY_TYPES:
        return FirstHandIdempotencyError
    return _CLASS_BY_STATUS.get(status, FirstHandError)


def default_type_for(status: int) -> str:
    """The ``type`` to report when the body names none.

    Examples:
        >>> default_type_for(502), default_type_for(599), default_type_for(418)
        ('bad_gateway', 'server_error', 'http_error')
    """
    if status in _TYPE_BY_STATUS:
        return _TYPE_BY_STATUS[status]
    return "server_error" if status >= 500 else "http_error"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _as_str(value: Any) -> Optional[str]:
    if isinstance(value, str) and value:
        return value
    return None


def _parse_details(raw: Any) -> list[ErrorDetail]:
    if not isinstance(raw, list):
        return []
    details: list[ErrorDetail] = []
    for item in raw:  # pyright: ignore[reportUnknownVariableType]
        if isinstance(item, Mapping):
            field = item.get("field")  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
            message = item.get("message")  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
            details.append(
                {
                    "field": str(field) if field is not None else "",  # pyright: ignore[reportUnknownArgumentType]
                    "message": str(message) if message is not None else "",  # pyright: ignore[reportUnknownArgumentType]
                }
            )
        elif isinstance(item, str):
            details.append({"field": "", "message": item})
    return details


def _parse_envelope(content: bytes) -> Optional[dict[str, Any]]:
    """The inner ``error`` object of a JSON error body, or ``None`` when there is none."""
    if not content:
        return None
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return None
    if not isinstance(body, dict):
        return None
    inner = body.get("error")  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
    if isinstance(inner, dict):
        return inner  # pyright: ignore[reportUnknownVariableType]
    if isinstance(inner, str):  # {"error": "message"}
        return {"message": inner}
    if "message" in body or "type" in body:  # a bare envelope without the "error" wrapper
        return body  # pyright: ignore[reportUnknownVariableType]
    return None


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    now: Optional[float] = None,
    unread: Optional[str] = None,
) -> FirstHandError:
    """Build the exception for a non-2xx response.

    ``unread`` says why the body was not read (too large, undecodable); the error then comes from
    the status and headers alone, and is retried as the status says.

    Examples:
        >>> body = b'{"error": {"type": "not_found", "message": "No such job", "request_id": "req_1"}}'
        >>> err = error_from_response(404, {}, body)
        >>> type(err).__name__, err.status, err.type, err.request_id
        ('FirstHandNotFoundError', 404, 'not_found', 'req_1')
        >>> str(error_from_response(502, {"X-Request-Id": "req_2"}, b"<html>Bad gateway</html>"))
        '502 bad_gateway: HTTP 502 Bad Gateway (the response body was not JSON) (request_id: req_2)'
    """
    envelope = None if unread is not None else _parse_envelope(content)
    if envelope is not None:
        error_type = _as_str(envelope.get("type")) or default_type_for(status)
        message = _as_str(envelope.get("message")) or f"HTTP {status} {_reason(status)}"
        request_id = _as_str(envelope.get("request_id"))
        details = _parse_details(envelope.get("details"))
    else:
        error_type = default_type_for(status)
        if unread is not None:
            note = f"the response body was not read: {unread}"
        elif not content.strip():
            note = "empty body"
        else:
            note = "the response body was not JSON"
        message = f"HTTP {status} {_reason(status)} ({note})"
        request_id = None
        details = []
    if request_id is None:
        request_id = _as_str(headers.get(REQUEST_ID_HEADER))
    cls = error_class_for(status, error_type)
    return cls(
        message,
        status=status,
        type=error_type,
        request_id=request_id,
        retryable=is_retryable_status(status),
        details=details,
        headers=headers,
        retry_after=parse_retry_after(headers.get(RETRY_AFTER_HEADER), now=now),
    )
