"""The error hierarchy: every exception the SDK raises derives from [`FirstHandError`][firsthand.FirstHandError].

Which class a response becomes is decided in ``_error_mapping``; this module only holds the classes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Optional, TypedDict

__all__ = [
    "ErrorDetail",
    "FirstHandAuthenticationError",
    "FirstHandConflictError",
    "FirstHandConnectionError",
    "FirstHandDeprecationWarning",
    "FirstHandDownloadError",
    "FirstHandError",
    "FirstHandIdempotencyError",
    "FirstHandInsufficientCreditsError",
    "FirstHandNotFoundError",
    "FirstHandPermissionError",
    "FirstHandRateLimitError",
    "FirstHandResponseValidationError",
    "FirstHandServerError",
    "FirstHandSignatureVerificationError",
    "FirstHandTimeoutError",
    "FirstHandValidationError",
    "redact_secrets",
]


class ErrorDetail(TypedDict):
    """One entry of an error's ``details``: which field was at fault and why.

    Attributes:
        field: The offending field, as the API names it (``description``, ``location.lat``).
        message: Why it was refused.

    Examples:
        >>> detail: ErrorDetail = {"field": "description", "message": "required"}
        >>> detail["field"]
        'description'
    """

    field: str
    message: str


_SECRET = r"\b(fh_live_|fh_test_|whsec_)[A-Za-z0-9_\-.]+"  # compiled on first use


def redact_secrets(text: str) -> str:
    """Replace anything shaped like an API key or a webhook secret with its prefix and ``[redacted]``.

    Examples:
        >>> redact_secrets("key fh_live_sk_abc123 was revoked")
        'key fh_live_[redacted] was revoked'
    """
    return re.sub(_SECRET, r"\1[redacted]", text)


class FirstHandError(Exception):
    """Root of everything the SDK raises; ``except FirstHandError`` catches all of it.

    Attributes:
        message: Human-readable explanation (secrets redacted).
        status: HTTP status, or ``None`` when no response exists (local validation, network failure).
        type: Machine-readable error type, e.g. ``"validation_error"``.
        request_id: The server's ``req_…`` id, from the error body or the ``X-Request-Id`` header.
        retryable: Whether retrying the same request may succeed.
        details: Per-field problems, a list of ``{"field": ..., "message": ...}``.
        headers: Response headers, where a response exists.
        retry_after: Seconds the server asked to wait (``Retry-After``), where it said so.

    Examples:
        >>> err = FirstHandError("boom", status=500, type="internal_error", request_id="req_1")
        >>> str(err)
        '500 internal_error: boom (request_id: req_1)'
        >>> err.retryable
        False
    """

    default_type: ClassVar[Optional[str]] = None
    default_retryable: ClassVar[bool] = False

    message: str
    status: Optional[int]
    type: Optional[str]
    request_id: Optional[str]
    retryable: bool
    details: list[ErrorDetail]
    headers: Optional[Mapping[str, str]]
    retry_after: Optional[float]

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        retryable: Optional[bool] = None,
        details: Sequence[ErrorDetail] = (),
        headers: Optional[Mapping[str, str]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        self.message = redact_secrets(message)
        self.status = status
        self.type = type if type is not None else self.default_type
        self.request_id = request_id
        self.retryable = self.default_retryable if retryable is None else retryable
        self.details = [
            {"field": redact_secrets(d["field"]), "message": redact_secrets(d["message"])}
            for d in details
        ]
        self.headers = headers
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        head = " ".join(str(part) for part in (self.status, self.type) if part is not None)
        text = f"{head}: {self.message}" if head else self.message
        if self.details:
            text += " [" + "; ".join(f"{d['field']}: {d['message']}" for d in self.details) + "]"
        if self.request_id:
            text += f" (request_id: {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructor: teach pickle (multiprocessing, task queues) to rebuild us.
        return (_rebuild, (type(self), self.message, self._state()))

    def _state(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "type": self.type,
            "request_id": self.request_id,
            "retryable": self.retryable,
            "details": self.details,
            "headers": dict(self.headers) if self.headers is not None else None,
            "retry_after": self.retry_after,
        }


def _rebuild(cls: type[FirstHandError], message: str, state: dict[str, Any]) -> FirstHandError:
    return cls(message, **state)


class FirstHandValidationError(FirstHandError, ValueError):
    """The request was invalid: a 400/422 from the server, or caught locally before sending.

    A local failure has ``status is None`` (nothing was sent) and one ``details`` entry per field.
    It is the one error for bad request input, whichever way the input is written: a dict body,
    a request model built by hand (``JobCreateParams(...)``, ``model_validate``), a filter or an
    option. It is also a ``ValueError``, as pydantic's ``ValidationError`` is.

    Examples:
        >>> from firsthand import FirstHandClient
        >>> client = FirstHandClient(api_key="fh_test_example")
        >>> try:
        ...     client.create_job({"type": "data_collection", "description": "too short",
        ...                        "files_needed": 0, "accepted_formats": ["image/png"],
        ...                        "price_per_file_cents": 75})
        ... except FirstHandValidationError as e:
        ...     print(e.status, [d["field"] for d in e.details])
        None ['description', 'files_needed']
    """

    default_type: ClassVar[Optional[str]] = "validation_error"


class FirstHandAuthenticationError(FirstHandError):
    """401: the API key is missing, unknown or revoked.

    Examples:
        >>> FirstHandAuthenticationError("Invalid API key", status=401).type
        'authentication_error'
    """

    default_type: ClassVar[Optional[str]] = "authentication_error"


class FirstHandInsufficientCreditsError(FirstHandError):
    """402: not enough available credits to post the job.

    Examples:
        >>> FirstHandInsufficientCreditsError("Buy credits", status=402).retryable
        False
    """

    default_type: ClassVar[Optional[str]] = "insufficient_credits"


class FirstHandPermissionError(FirstHandError):
    """403: the key lacks a scope, the target is forbidden, or the free-tier job limit is reached.

    Examples:
        >>> FirstHandPermissionError("no", status=403, type="free_tier_job_limit").type
        'free_tier_job_limit'
    """

    default_type: ClassVar[Optional[str]] = "authorization_error"


class FirstHandNotFoundError(FirstHandError):
    """404 (no such object) or 410 (gone, e.g. a sunset API version).

    Examples:
        >>> FirstHandNotFoundError("No such job", status=404).status
        404
    """

    default_type: ClassVar[Optional[str]] = "not_found"


class FirstHandConflictError(FirstHandError):
    """409: the request conflicts with the object's state (e.g. cancelling a completed job).

    Examples:
        >>> FirstHandConflictError("Job already completed", status=409).type
        'conflict'
    """

    default_type: ClassVar[Optional[str]] = "conflict"


class FirstHandIdempotencyError(FirstHandConflictError):
    """409 ``idempotency_error``: the ``Idempotency-Key`` was already used for a different request.

    Examples:
        >>> issubclass(FirstHandIdempotencyError, FirstHandConflictError)
        True
    """

    default_type: ClassVar[Optional[str]] = "idempotency_error"


class FirstHandRateLimitError(FirstHandError):
    """429: too many requests. ``retry_after`` holds the seconds the server asked to wait.

    Examples:
        >>> err = FirstHandRateLimitError("Slow down", status=429, retry_after=30.0)
        >>> err.retryable, err.retry_after
        (True, 30.0)
    """

    default_type: ClassVar[Optional[str]] = "rate_limit_exceeded"
    default_retryable = True


class FirstHandServerError(FirstHandError):
    """Any 5xx: the server or a gateway in front of it failed. Retried automatically.

    Examples:
        >>> FirstHandServerError("Bad gateway", status=502, type="bad_gateway").retryable
        True
    """

    default_type: ClassVar[Optional[str]] = "internal_error"
    default_retryable = True


class FirstHandConnectionError(FirstHandError):
    """The request never got a response: DNS, refused or reset connection, TLS failure.

    Examples:
        >>> FirstHandConnectionError("Connection refused").status is None
        True
    """

    default_type: ClassVar[Optional[str]] = "connection_error"
    default_retryable = True


class FirstHandTimeoutError(FirstHandConnectionError):
    """The request timed out (connect, read, write or pool), or a wait ran out of time.

    Examples:
        >>> isinstance(FirstHandTimeoutError("Read timed out"), FirstHandConnectionError)
        True
    """

    default_type: ClassVar[Optional[str]] = "timeout_error"


class FirstHandResponseValidationError(FirstHandError):
    """A 2xx response whose body is not JSON or breaks the model: a contract break, not retried.

    Examples:
        >>> FirstHandResponseValidationError("bad body", status=200).type
        'response_validation_error'
    """

    default_type: ClassVar[Optional[str]] = "response_validation_error"


class FirstHandDownloadError(FirstHandError):
    """A file of ``download_job_files`` could not be put on disk whole: ``file_id`` and ``path``
    say which file and where.

    ``type`` says why: ``download_io_error`` (the directory or the disk refused: read-only,
    full, not a directory; ``errno`` holds the OS error number), ``content_hash_mismatch`` and
    ``content_size_mismatch`` (the bytes were wrong twice, or more than ``size_bytes`` arrived),
    ``unsafe_target`` (the final name or its ``.part`` is a symbolic link or not a regular file),
    ``too_many_redirects`` (the storage redirected in a loop), ``download_failed`` (the storage's
    answer could not be read). Not retryable, except a storage that resumed at the wrong byte.

    Examples:
        >>> err = FirstHandDownloadError("No space left on device", type="download_io_error",
        ...     file_id="file_1", path="out/file_1.jpg", errno=28)
        >>> err.file_id, err.path, err.errno, isinstance(err, FirstHandError)
        ('file_1', 'out/file_1.jpg', 28, True)
    """

    default_type: ClassVar[Optional[str]] = "download_failed"

    def __init__(
        self,
        message: str,
        *,
        file_id: Optional[str] = None,
        path: Optional[str] = None,
        errno: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        self.file_id = file_id
        self.path = path
        self.errno = errno
        super().__init__(message, **kwargs)

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "file_id": self.file_id, "path": self.path, "errno": self.errno}


class FirstHandSignatureVerificationError(FirstHandError, ValueError):
    """A webhook delivery failed verification; ``reason`` says why.

    Reasons: ``missing_header``, ``malformed_header``, ``timestamp_too_old``,
    ``timestamp_in_future``, ``no_matching_signature``; ``invalid_payload`` (not the raw body),
    ``invalid_secret``, ``invalid_argument`` (a bad ``tolerance``, ``now`` or ``timestamp``), and
    ``invalid_event`` (a genuine delivery whose body is not an event, from ``construct_event``).

    Examples:
        >>> err = FirstHandSignatureVerificationError("no match", reason="no_matching_signature")
        >>> err.reason, isinstance(err, ValueError)
        ('no_matching_signature', True)
    """

    default_type: ClassVar[Optional[str]] = "signature_verification_error"

    def __init__(self, message: str, *, reason: str, **kwargs: Any) -> None:
        self.reason = reason
        super().__init__(message, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_signature_error, (self.message, self.reason, self._state()))


def _rebuild_signature_error(
    message: str, reason: str, state: dict[str, Any]
) -> FirstHandSignatureVerificationError:
    return FirstHandSignatureVerificationError(message, reason=reason, **state)


class FirstHandDeprecationWarning(FutureWarning):
    """The server announced that an endpoint is deprecated (``Deprecation``/``Sunset`` headers).

    A ``FutureWarning`` subclass, so it is shown by default. Issued once per path per client.

    Examples:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warnings.warn("GET /v1/x is deprecated", FirstHandDeprecationWarning, stacklevel=1)
        >>> caught[0].category.__name__
        'FirstHandDeprecationWarning'
    """


# Tracebacks and reprs name the public import path (``firsthand.FirstHandNotFoundError``).
for _cls in (
    FirstHandError,
    FirstHandValidationError,
    FirstHandAuthenticationError,
    FirstHandInsufficientCreditsError,
    FirstHandPermissionError,
    FirstHandNotFoundError,
    FirstHandConflictError,
    FirstHandIdempotencyError,
    FirstHandRateLimitError,
    FirstHandServerError,
    FirstHandConnectionError,
    FirstHandTimeoutError,
    FirstHandResponseValidationError,
    FirstHandSignatureVerificationError,
    FirstHandDeprecationWarning,
    FirstHandDownloadError,
):
    _cls.__module__ = "firsthand"
del _cls
