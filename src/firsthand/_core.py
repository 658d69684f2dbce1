"""The pure core shared by both clients: build a request, parse a response, map a failure.

Nothing in here sends or sleeps. The sync and async clients call ``Core.prepare`` once per
call, ``PreparedCall.attempt_headers`` once per attempt, and ``Core.parse`` on the answer.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import sys
import warnings
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, Union, cast

import httpx

from ._body import BodyError, BodyReader, BodyTooLarge
from ._constants import (
    ACCEPT_ENCODING,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    IDEMPOTENCY_HEADER,
    LONG_POLL_MARGIN,
    MAX_ERROR_BODY_BYTES,
    MAX_SECONDS,
    MAX_WAIT,
    MIN_WAIT,
    REQUEST_ID_HEADER,
    RETRY_COUNT_HEADER,
    USER_AGENT,
)
from ._exceptions import (
    ErrorDetail,
    FirstHandConnectionError,
    FirstHandDeprecationWarning,
    FirstHandError,
    FirstHandResponseValidationError,
    FirstHandTimeoutError,
    FirstHandValidationError,
)
from ._frozen import Frozen
from ._paths import render_path
from ._types import (
    BodyRequestOptions,
    PostBodyRequestOptions,
    PostRequestOptions,
    RequestOptions,
    TimeoutTypes,
)

if TYPE_CHECKING:
    # Annotations only: pydantic is imported on first use (encoding a body, parsing a response),
    # so importing a client stays cheap.
    from pydantic import BaseModel, ValidationError

    from ._models._base import RequestModel
    from ._operations import Operation
    from ._retry import OnRetry

__all__ = [
    "Core",
    "PreparedCall",
    "SecretHeaders",
    "as_timeout",
    "attempt_deadline",
    "check_headers",
    "details_from_pydantic",
    "long_poll_seconds",
    "parse_relaxed",
]

logger = logging.getLogger("firsthand")

ResultT = TypeVar("ResultT", bound="Optional[BaseModel]")
RetryingT = TypeVar("RetryingT")


def _check_seconds(name: str, value: object) -> Optional[float]:
    """``None`` or a finite number of seconds in ``(0, MAX_SECONDS]``; else a typed error."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FirstHandValidationError(
            f"{name} must be seconds (a number), an httpx.Timeout or None, "
            f"not {type(value).__name__}",
            details=[{"field": name, "message": "must be a number, httpx.Timeout or None"}],
        )
    if not 0 < value <= MAX_SECONDS:  # also refuses nan and inf
        raise FirstHandValidationError(
            f"{name} must be greater than 0 and at most {MAX_SECONDS:g} seconds, not {value!r} "
            "(use None to disable timeouts)",
            details=[{"field": name, "message": f"must be in (0, {MAX_SECONDS:g}] seconds"}],
        )
    return float(value)


def as_timeout(value: TimeoutTypes) -> httpx.Timeout:
    """Normalise a float/``None``/``httpx.Timeout`` into an ``httpx.Timeout``.

    Every part must be ``None`` or a finite number of seconds in ``(0, 86400]``: ``inf``, ``nan``,
    ``1e300`` or a negative value is refused here rather than overflowing a socket call later.

    Examples:
        >>> as_timeout(5).read, as_timeout(None).read
        (5.0, None)
        >>> as_timeout(httpx.Timeout(float("inf")))
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: timeout.connect must be greater than 0 and at most 86400 seconds, not inf (use None to disable timeouts) [timeout.connect: must be in (0, 86400] seconds]
    """
    if isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            _check_seconds(f"timeout.{part}", getattr(value, part))
        return value
    return httpx.Timeout(_check_seconds("timeout", value))


def attempt_deadline(timeout: httpx.Timeout) -> Optional[float]:
    """Seconds one attempt may take in all (connecting, sending, waiting, reading the body).

    The largest part of ``timeout``; ``None`` (no deadline) when the read timeout is ``None``.

    Examples:
        >>> attempt_deadline(httpx.Timeout(5, read=70)), attempt_deadline(httpx.Timeout(None))
        (70.0, None)
    """
    deadline = timeout.read
    if deadline is None:
        return None
    # Speed: a loop, not max() over a generator (once per attempt).
    for part in (timeout.connect, timeout.write, timeout.pool):
        if part is not None and part > deadline:
            deadline = part
    return float(deadline)


# Patterns are compiled on first use (``re``'s own cache), not while the SDK is imported.
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_BAD_VALUE = r"[^\t\x20-\x7e]"


def check_headers(headers: object, setting: str, error: type[FirstHandError]) -> dict[str, str]:
    """``headers`` as a dict, if every name is a token and every value printable ASCII, and
    ``Authorization`` is absent (the API key sets it); else ``error`` naming ``setting``.

    Values are never echoed (one could hold a secret).

    Examples:
        >>> check_headers({"X-Tenant": "acme"}, "default_headers", FirstHandValidationError)
        {'X-Tenant': 'acme'}
        >>> check_headers({"authorization": "Bearer x"}, "extra_headers", FirstHandValidationError)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: extra_headers must not set Authorization: the client sends its api_key; use with_options(api_key=...) or another client for another key [extra_headers: Authorization is set from api_key]
    """
    if not isinstance(headers, Mapping):
        raise error(
            f"{setting} must be a mapping of header names to string values",
            details=[{"field": setting, "message": "must map str to str"}],
        )
    checked: dict[str, str] = {}
    for name, value in cast("Mapping[object, object]", headers).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise error(
                f"{setting} must be a mapping of header names to string values",
                details=[{"field": setting, "message": "must map str to str"}],
            )
        if not re.fullmatch(_TOKEN, name):
            raise error(
                f"{setting} has an invalid header name {name[:40]!r} "
                "(ASCII letters, digits and !#$%&'*+-.^_`|~ only)",
                details=[{"field": f"{setting}.{name[:40]}", "message": "invalid header name"}],
            )
        if name.lower() in ("authorization", "proxy-authorization"):
            raise error(
                f"{setting} must not set {name.title()}: the client sends its api_key; "
                "use with_options(api_key=...) or another client for another key",
                details=[{"field": setting, "message": f"{name.title()} is set from api_key"}],
            )
        if re.search(_BAD_VALUE, value):
            raise error(
                f"{setting}[{name!r}] must be printable ASCII (no line breaks, no other "
                "characters); encode other text first (e.g. percent-encoding)",
                details=[{"field": f"{setting}.{name}", "message": "must be printable ASCII"}],
            )
        checked[name] = value
    return checked


class SecretHeaders(dict[str, str]):
    """A headers dict whose ``repr`` hides ``Authorization`` (and other credentials), so traceback
    locals (``capture_locals=True``, what error reporters record) never show the key.

    Examples:
        >>> SecretHeaders({"Authorization": "Bearer fh_test_x", "Accept": "application/json"})
        {'Authorization': '[secure]', 'Accept': 'application/json'}
    """

    _HIDDEN = frozenset({"authorization", "proxy-authorization", "cookie"})

    def __repr__(self) -> str:
        shown = {k: "[secure]" if k.lower() in self._HIDDEN else v for k, v in self.items()}
        return repr(shown)

    __str__ = __repr__

    def copy(self) -> SecretHeaders:
        return SecretHeaders(self)


def long_poll_seconds(wait: object) -> int:
    """The ``N`` of ``Prefer: wait=N``: seconds rounded up and clamped to 1–60.

    Examples:
        >>> long_poll_seconds(0.2), long_poll_seconds(30), long_poll_seconds(600)
        (1, 30, 60)
    """
    if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not math.isfinite(wait):
        raise FirstHandValidationError(
            f"wait must be a number of seconds, not {wait!r}",
            details=[{"field": "wait", "message": "must be a finite number of seconds"}],
        )
    return min(max(math.ceil(wait), MIN_WAIT), MAX_WAIT)


def details_from_pydantic(exc: ValidationError) -> list[ErrorDetail]:
    """One ``{field, message}`` per pydantic error; the input value itself is never echoed.

    Examples:
        >>> from pydantic import ValidationError
        >>> from firsthand.models import JobCreateParams
        >>> from firsthand._models._base import validate_request
        >>> try:
        ...     validate_request(JobCreateParams, {"type": "data_collection"})
        ... except ValidationError as e:
        ...     [d["field"] for d in details_from_pydantic(e)]
        ['description', 'files_needed', 'accepted_formats', 'price_per_file_cents']
    """
    details: list[ErrorDetail] = []
    for err in exc.errors(include_url=False, include_input=False):
        # An error about the whole body (e.g. "at least one field") has no location: say "body".
        field_name = ".".join(str(part) for part in err["loc"]) or "body"
        details.append({"field": field_name, "message": err["msg"]})
    return details


class PreparedCall(Frozen, Generic[ResultT]):
    """Everything needed to send one logical call, fixed across its retries (immutable).

    Examples:
        >>> call = PreparedCall(method="GET", path="/v1/jobs/job_1",
        ...     url="https://api.firsthandapi.com/v1/jobs/job_1", params=None,
        ...     headers={"Accept": "application/json"}, content=None,
        ...     timeout=httpx.Timeout(30.0), max_retries=3, result=None, path_template="/v1/jobs/{job_id}")
        >>> call.attempt_headers(2)["X-FirstHand-Retry-Count"]
        '2'
        >>> call.replace(params={"limit": 5}).params
        {'limit': 5}
    """

    _fields = _compare = (
        "method",
        "path",
        "url",
        "params",
        "headers",
        "content",
        "timeout",
        "max_retries",
        "result",
        "path_template",
    )
    __slots__ = _fields
    #: ``headers`` holds ``Authorization``: kept out of ``repr`` (tracebacks, error reporters'
    #: locals), as is the body.
    _repr = ("method", "path", "url", "params", "timeout", "max_retries", "result", "path_template")

    method: str
    path: str
    url: str
    params: Optional[dict[str, Any]]
    headers: dict[str, str]
    content: Optional[bytes]
    timeout: httpx.Timeout
    max_retries: int
    result: Optional[type[ResultT]]
    path_template: str

    def __init__(
        self,
        method: str,
        path: str,
        url: str,
        params: Optional[dict[str, Any]],
        headers: dict[str, str],
        content: Optional[bytes],
        timeout: httpx.Timeout,
        max_retries: int,
        result: Optional[type[ResultT]],
        path_template: str,
    ) -> None:
        put = object.__setattr__
        put(self, "method", method)
        put(self, "path", path)
        put(self, "url", url)
        put(self, "params", params)
        put(self, "headers", headers)
        put(self, "content", content)
        put(self, "timeout", timeout)
        put(self, "max_retries", max_retries)
        put(self, "result", result)
        put(self, "path_template", path_template)

    @property
    def idempotency_key(self) -> Optional[str]:
        """The key sent on every attempt of a POST, or ``None`` for other methods."""
        return self.headers.get(IDEMPOTENCY_HEADER)

    def attempt_headers(self, retry_count: int) -> dict[str, str]:
        """Headers for one attempt: the call's headers plus ``X-FirstHand-Retry-Count``."""
        headers = SecretHeaders(self.headers)
        headers[RETRY_COUNT_HEADER] = str(retry_count)
        return headers


class Core(Frozen):
    """Resolved client configuration plus the pure request/response logic built on it.

    Immutable: ``with_options`` makes a new ``Core`` with ``replace`` (which shares the memory of
    paths already warned about, ``warned_paths``, with the copy).

    Examples:
        >>> core = Core(api_key="fh_test_x", base_url="https://api.firsthandapi.com")
        >>> from firsthand._operations import GET_JOB
        >>> call = core.prepare(GET_JOB, path_params={"job_id": "job/1"}, options={})
        >>> call.url
        'https://api.firsthandapi.com/v1/jobs/job%2F1'
        >>> core.replace(max_retries=0).max_retries, core.replace(max_retries=0) == core
        (0, False)
    """

    _fields = (
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "max_retry_wait",
        "transport_headers",
        "default_headers",
        "validate_requests",
        "strict_responses",
        "on_retry",
        "max_response_bytes",
        "allow_insecure",
        "warned_paths",
    )
    _compare = _fields[:-1]
    __slots__ = (*_fields, "base_headers")

    api_key: str
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    max_retry_wait: float
    #: Headers httpx would add itself (``Accept-Encoding``, ``Connection``), for requests the SDK
    #: builds directly; empty when a user's ``http_client`` builds them.
    transport_headers: Mapping[str, str]
    default_headers: Mapping[str, str]
    validate_requests: bool
    strict_responses: bool
    on_retry: Optional[OnRetry]
    #: Largest body read for one response, before and after decompression.
    max_response_bytes: int
    #: A live key may go over plaintext ``http://`` to a host other than this machine.
    allow_insecure: bool
    #: Paths already warned about (shared by copies made with ``replace``).
    warned_paths: set[str]
    base_headers: dict[str, str]

    def __init__(
        self,
        api_key: str,
        base_url: str,
        timeout: Optional[httpx.Timeout] = None,
        max_retries: int = 3,
        max_retry_wait: float = 60.0,
        transport_headers: Optional[Mapping[str, str]] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        validate_requests: bool = True,
        strict_responses: bool = True,
        on_retry: Optional[OnRetry] = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure: bool = False,
        warned_paths: Optional[set[str]] = None,
    ) -> None:
        put = object.__setattr__
        put(self, "api_key", api_key)
        put(self, "base_url", base_url)
        put(self, "timeout", httpx.Timeout(DEFAULT_TIMEOUT) if timeout is None else timeout)
        put(self, "max_retries", max_retries)
        put(self, "max_retry_wait", max_retry_wait)
        transport_headers = {} if transport_headers is None else transport_headers
        put(self, "transport_headers", transport_headers)
        default_headers = {} if default_headers is None else default_headers
        put(self, "default_headers", default_headers)
        put(self, "validate_requests", validate_requests)
        put(self, "strict_responses", strict_responses)
        put(self, "on_retry", on_retry)
        put(self, "max_response_bytes", max_response_bytes)
        put(self, "allow_insecure", allow_insecure)
        put(self, "warned_paths", set() if warned_paths is None else warned_paths)
        headers = SecretHeaders(transport_headers)
        # The SDK decodes bodies itself, with a bounded output: it offers what it can decode.
        merge_headers(headers, {"Accept-Encoding": ACCEPT_ENCODING})
        headers.update(
            {
                "Authorization": f"Bearer {api_key}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            }
        )
        merge_headers(headers, default_headers)
        put(self, "base_headers", headers)

    def __repr__(self) -> str:  # never show the key
        return f"Core(base_url={self.base_url!r}, max_retries={self.max_retries!r})"

    # -- building ------------------------------------------------------------------------------

    def prepare(
        self,
        op: Operation[ResultT],
        *,
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        body: object = None,
        long_poll: object = None,
        options: Union[
            RequestOptions, PostRequestOptions, BodyRequestOptions, PostBodyRequestOptions
        ],
    ) -> PreparedCall[ResultT]:
        """Validate and encode one call. Raises [`FirstHandValidationError`][firsthand.FirstHandValidationError] before sending."""
        if options:
            check_options(op, options)
        path = render_path(op.path, path_params or {})
        headers = SecretHeaders(self.base_headers)  # a local: its repr hides the key

        content: Optional[bytes] = None
        if op.body is not None:
            content = self._encode_body(op, body)
            extra_body = cast("BodyRequestOptions", options).get("extra_body")
            if extra_body is not None:
                content = merge_body(content, extra_body)
            headers["Content-Type"] = "application/json"

        params = self._encode_query(op, query) if query is not None else None
        extra_query = options.get("extra_query")
        if extra_query is not None:
            params = merge_query(params, extra_query)

        if op.method == "POST":
            key = cast("PostRequestOptions", options).get("idempotency_key")
            if key is not None and (not isinstance(key, str) or not key.strip()):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise FirstHandValidationError(
                    "idempotency_key must be a non-empty string",
                    details=[{"field": "idempotency_key", "message": "must be a non-empty string"}],
                )
            headers[IDEMPOTENCY_HEADER] = key if key is not None else new_idempotency_key()

        timeout = as_timeout(options["timeout"]) if "timeout" in options else self.timeout
        if long_poll is not None:
            seconds = long_poll_seconds(long_poll)
            headers["Prefer"] = f"wait={seconds}"
            if "timeout" not in options and timeout.read is not None:
                timeout = httpx.Timeout(
                    timeout.connect,
                    read=max(timeout.read, seconds + LONG_POLL_MARGIN),
                    write=timeout.write,
                    pool=timeout.pool,
                )

        extra = options.get("extra_headers")
        if extra:
            merge_headers(headers, extra)

        max_retries = options.get("max_retries", self.max_retries)
        check_max_retries(max_retries)

        return PreparedCall(
            method=op.method,
            path=path,
            url=self.base_url + path,
            params=params,
            headers=headers,
            content=content,
            timeout=timeout,
            max_retries=max_retries,
            result=op.result,
            path_template=op.path,
        )

    @staticmethod
    def build_request(call: PreparedCall[Any], retry_count: int) -> httpx.Request:
        """The request for one attempt, built directly (for the SDK's own connection pool).

        Examples:
            >>> core = Core(api_key="fh_test_x", base_url="https://api.firsthandapi.com")
            >>> from firsthand._operations import GET_JOB
            >>> call = core.prepare(GET_JOB, path_params={"job_id": "job_1"}, options={})
            >>> request = Core.build_request(call, 1)
            >>> request.url.path, request.headers["X-FirstHand-Retry-Count"]
            ('/v1/jobs/job_1', '1')
        """
        return direct_request(
            call.method,
            direct_url(call.url, call.params),
            call.attempt_headers(retry_count),
            call.content,
            {"timeout": call.timeout.as_dict()},
        )

    def _encode_body(self, op: Operation[Any], body: object) -> bytes:
        from pydantic import ValidationError
        from pydantic_core import to_json

        model_cls = op.body
        assert model_cls is not None
        if isinstance(body, model_cls):
            return body.model_dump_json(by_alias=True, exclude_none=True).encode()
        if not isinstance(body, Mapping):
            raise FirstHandValidationError(
                f"{op.name} body must be a dict or a {model_cls.__name__}, "
                f"not {type(body).__name__}",
                details=[{"field": "body", "message": f"must be a dict or {model_cls.__name__}"}],
            )
        if not self.validate_requests:
            return to_json(body)
        from ._models._base import validate_request

        try:
            model = validate_request(model_cls, cast("Mapping[str, object]", body))
        except ValidationError as exc:
            raise _local_validation_error(op, exc) from None
        return model.model_dump_json(by_alias=True, exclude_none=True).encode()

    def _encode_query(
        self, op: Operation[Any], query: Mapping[str, object]
    ) -> Optional[dict[str, Any]]:
        given = {k: v for k, v in query.items() if v is not None}
        if not given:
            return None
        if op.query is None or not self.validate_requests:
            return {k: _query_value(v) for k, v in given.items()}
        from pydantic import ValidationError

        try:
            # The type is part of the key: True == 1 and 1.0 == 1, yet only 1 is a valid limit.
            key = tuple((name, type(value), value) for name, value in given.items())
            return dict(_encoded_query(op.query, key))
        except TypeError:  # an unhashable value (a list, say): the model validates it, uncached
            pass
        except ValidationError as exc:
            raise _local_validation_error(op, exc, query=True) from None
        from ._models._base import validate_request

        try:
            return validate_request(op.query, given).to_wire()
        except ValidationError as exc:
            raise _local_validation_error(op, exc, query=True) from None

    def new_retrying(
        self,
        call: PreparedCall[Any],
        retrying_cls: Callable[..., RetryingT],
        sleep: Callable[[float], Any],
        *,
        is_async: bool = False,
    ) -> RetryingT:
        """The tenacity loop for one call, with this client's policy (tenacity loads here)."""
        from ._retrying import new_retrying

        return new_retrying(
            retrying_cls,
            method=call.method,
            path=call.path,
            max_retries=call.max_retries,
            max_retry_wait=self.max_retry_wait,
            sleep=sleep,
            on_retry=self.on_retry,
            is_async=is_async,
        )

    # -- reading -------------------------------------------------------------------------------

    def parse(self, call: PreparedCall[ResultT], response: httpx.Response) -> ResultT:
        """The parsed result of a 2xx response, or the mapped error raised for anything else."""
        self.check(call, response)
        return self.parse_body(call, response)

    def check(self, call: PreparedCall[Any], response: httpx.Response) -> None:
        """Raise the mapped error for a non-2xx answer; warn once per path about deprecation."""
        headers = response.headers
        self.check_deprecation(call, headers)
        status = response.status_code
        if not 200 <= status < 300:
            from ._error_mapping import error_from_response  # loaded by the first error

            raise error_from_response(status, headers, response.content)

    def parse_body(self, call: PreparedCall[ResultT], response: httpx.Response) -> ResultT:
        """The typed result of a 2xx response already ``check``-ed (``None`` for bodiless ones)."""
        status = response.status_code
        headers = response.headers
        result: Optional[type[BaseModel]] = call.result  # type: ignore[assignment]
        if result is None:
            return cast("ResultT", None)
        from pydantic import ValidationError

        from ._models._base import set_request_id

        content = response.content
        try:
            parsed = result.model_validate_json(content)
        except ValidationError as exc:
            if not self.strict_responses:
                try:
                    relaxed = parse_relaxed(result, content)
                except RecursionError:  # a body nested too deep for the relaxed reading
                    relaxed = None
                if relaxed is not None:
                    logger.warning(
                        "%s %s: the response breaks %s at %s; kept as sent "
                        "(strict_responses=False)",
                        call.method,
                        call.path,
                        result.__name__,
                        ", ".join(d["field"] for d in details_from_pydantic(exc)),
                    )
                    set_request_id(relaxed, headers.get(REQUEST_ID_HEADER))
                    return cast("ResultT", relaxed)
            raise FirstHandResponseValidationError(
                f"{call.method} {call.path} answered {status} with a body that does not match "
                f"{result.__name__}" + (" (empty body)" if not content else ""),
                status=status,
                request_id=headers.get(REQUEST_ID_HEADER),
                details=details_from_pydantic(exc),
                headers=headers,
            ) from None
        set_request_id(parsed, headers.get(REQUEST_ID_HEADER))
        return cast("ResultT", parsed)

    def check_deprecation(self, call: PreparedCall[Any], headers: httpx.Headers) -> None:
        """Warn once per path when the server marks it deprecated (an error answer warns too)."""
        # Speed: one pass over httpx's lower-cased names, where ``"Deprecation" in headers``
        # scanned (and re-encoded) them once per name (~12 k instructions a response, now ~5 k).
        items: Optional[list[tuple[bytes, bytes, bytes]]] = getattr(headers, "_list", None)
        if items is None:  # pragma: no cover - an httpx without the private list
            if "Deprecation" in headers or "Sunset" in headers:
                self._warn_deprecated(call, headers)
            return
        for _, name, _ in items:
            if name == b"deprecation" or name == b"sunset":
                self._warn_deprecated(call, headers)
                return

    def _warn_deprecated(self, call: PreparedCall[Any], headers: httpx.Headers) -> None:
        key = f"{call.method} {call.path_template}"
        if key in self.warned_paths:
            return
        self.warned_paths.add(key)
        sunset = headers.get("Sunset")
        when = f"; it will be removed after {sunset}" if sunset else ""
        link = headers.get("Link")
        successor = f" (see {link})" if link else ""
        warnings.warn(
            f"The server marks {key} as deprecated{when}{successor}",
            FirstHandDeprecationWarning,
            stacklevel=_stacklevel_outside_sdk(),
        )

    def transport_error(
        self, call: PreparedCall[Any], exc: httpx.RequestError
    ) -> FirstHandConnectionError:
        """Map an httpx request failure. Transport failures (both classes) are retryable; a
        redirect loop of a user's ``http_client(follow_redirects=True)`` is not."""
        what = type(exc).__name__
        detail = str(exc)
        suffix = f": {detail}" if detail else ""
        if isinstance(exc, httpx.TimeoutException):
            return FirstHandTimeoutError(f"{call.method} {call.path} timed out ({what}){suffix}")
        if isinstance(exc, httpx.TooManyRedirects):
            return FirstHandConnectionError(
                f"{call.method} {call.path} was redirected too many times ({what}){suffix}; "
                "the API never redirects: check base_url and any proxy in between",
                type="too_many_redirects",
                retryable=False,
            )
        if not isinstance(exc, httpx.TransportError):  # another httpx.RequestError
            return FirstHandConnectionError(
                f"{call.method} {call.path} failed ({what}){suffix}",
                type="request_error",
                retryable=False,
            )
        return FirstHandConnectionError(
            f"{call.method} {call.path} failed before a response arrived ({what}){suffix}"
        )

    def deadline_error(self, call: PreparedCall[Any], seconds: float) -> FirstHandTimeoutError:
        """The attempt outlived its whole-attempt deadline (retryable, like any timeout)."""
        return FirstHandTimeoutError(
            f"{call.method} {call.path} timed out: the attempt took longer than its "
            f"{seconds:g} s timeout (which covers connecting, sending and reading the whole body)"
        )

    def body_limit(self, response: httpx.Response) -> int:
        """Most bytes read of ``response``'s body: ``max_response_bytes`` for a 2xx, less for an
        error (an error envelope is small; the rest of a longer one is not worth fetching)."""
        if 200 <= response.status_code < 300:
            return self.max_response_bytes
        return min(self.max_response_bytes, MAX_ERROR_BODY_BYTES)

    def body_reader(self, response: httpx.Response) -> BodyReader:
        """A bounded decoder for ``response``'s body (may raise :class:`BodyError` at once)."""
        return BodyReader(response.headers.get("Content-Encoding"), limit=self.body_limit(response))

    def body_failure(
        self, call: PreparedCall[Any], response: httpx.Response, exc: BodyError
    ) -> FirstHandError:
        """The error for a body that could not be read: a non-2xx keeps the class and the
        retryability its status gives; a 2xx becomes :class:`FirstHandResponseValidationError`."""
        status = response.status_code
        headers = response.headers
        self.check_deprecation(call, headers)
        if not 200 <= status < 300:
            from ._error_mapping import error_from_response

            return error_from_response(status, headers, b"", unread=str(exc))
        too_large = isinstance(exc, BodyTooLarge)
        hint = " (raise max_response_bytes if this is expected)" if too_large else ""
        return FirstHandResponseValidationError(
            f"{call.method} {call.path} answered {status}, but {exc}{hint}",
            status=status,
            type="response_too_large" if too_large else "response_undecodable",
            request_id=headers.get(REQUEST_ID_HEADER),
            headers=headers,
        )

    # -- logging -------------------------------------------------------------------------------

    @staticmethod
    def log_attempt(
        call: PreparedCall[Any],
        retry_count: int,
        started: float,
        ended: float,
        response: Union[httpx.Response, None] = None,
        error: Optional[BaseException] = None,
    ) -> None:
        """One INFO line per attempt (when enabled): never a header value or a body."""
        if not logger.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (ended - started) * 1000.0
        if response is not None:
            logger.info(
                "%s %s -> %d (attempt %d, request_id %s, %.1f ms)",
                call.method,
                call.path,
                response.status_code,
                retry_count + 1,
                response.headers.get(REQUEST_ID_HEADER, "-"),
                elapsed_ms,
            )
        else:
            logger.info(
                "%s %s -> %s (attempt %d, %.1f ms)",
                call.method,
                call.path,
                type(error).__name__,
                retry_count + 1,
                elapsed_ms,
            )
        if call.idempotency_key is not None:
            logger.debug("idempotency key %s", call.idempotency_key)


#: A path or query that httpx's URL parser leaves as it is: unreserved characters, ``/`` (``=``
#: and ``&`` in a query) and percent escapes; what the SDK builds (every path parameter is fully
#: percent-encoded, see ``_paths``).
_PLAIN_PATH = r"(?:[A-Za-z0-9\-._~/]|%[0-9A-Fa-f]{2})*"
_PLAIN_QUERY = r"(?:[A-Za-z0-9\-._~=&+]|%[0-9A-Fa-f]{2})*"


@functools.lru_cache(maxsize=64)
def _split_base(url: str) -> tuple[httpx.URL, str]:
    """``url`` (a ``base_url``) parsed by httpx once, and its path."""
    parsed = httpx.URL(url)
    return parsed, parsed._uri_reference.path  # pyright: ignore[reportPrivateUsage]


def direct_url(url: str, params: Optional[Mapping[str, Any]]) -> httpx.URL:
    """``httpx.URL(url, params=params)`` for a URL the SDK built (``base_url`` + an encoded path),
    without parsing it again: the base is parsed once, and a path and query httpx would leave
    as they are are put in as they are (anything else goes through httpx's parser).

    Examples:
        >>> direct_url("https://api.example.com/v1/jobs/job_1", {"limit": 5})
        URL('https://api.example.com/v1/jobs/job_1?limit=5')
        >>> direct_url("https://api.example.com/v1/jobs/job_1", None) == httpx.URL(
        ...     "https://api.example.com/v1/jobs/job_1")
        True
    """
    scheme_end = url.find("://") + 3
    path_start = url.find("/", scheme_end)
    if path_start < 0:
        return httpx.URL(url, params=params)
    base, base_path = _split_base(url[:path_start])
    path = base_path + url[path_start:]
    query: Optional[str] = str(httpx.QueryParams(params)) if params else None
    if (
        "/." in path
        or not re.fullmatch(_PLAIN_PATH, path)
        or (query is not None and not re.fullmatch(_PLAIN_QUERY, query))
    ):
        return httpx.URL(url, params=params)
    fast = object.__new__(httpx.URL)
    fast._uri_reference = base._uri_reference._replace(path=path, query=query)  # pyright: ignore[reportPrivateUsage, reportAttributeAccessIssue]
    return fast


#: Headers httpx's ``Request`` fills in itself (``direct_request`` leaves them to it if given).
_AUTO_HEADERS = frozenset({"host", "content-length", "transfer-encoding"})


def direct_request(
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str],
    content: Optional[bytes],
    extensions: dict[str, Any],
) -> httpx.Request:
    """``httpx.Request(method, url, headers=headers, content=content, extensions=extensions)``,
    the same object with the same headers in the same order (``Host`` first, then
    ``Content-Length``), without httpx's generic body encoding and header merging.

    Examples:
        >>> request = direct_request("POST", httpx.URL("https://h.example/v1/x"),
        ...     {"Accept": "application/json"}, b"{}", {})
        >>> request.headers.raw
        [(b'Host', b'h.example'), (b'Accept', b'application/json'), (b'Content-Length', b'2')]
        >>> request.content
        b'{}'
    """
    if method not in ("GET", "POST", "PUT", "PATCH", "DELETE") or not _AUTO_HEADERS.isdisjoint(
        map(str.lower, headers)
    ):
        return httpx.Request(method, url, headers=headers, content=content, extensions=extensions)
    raw = [("Host", url.netloc.decode("ascii"))]
    if not content:
        content = b""
        if method in ("POST", "PUT", "PATCH"):
            raw.append(("Content-Length", "0"))
        raw.extend(headers.items())
    else:
        raw.extend(headers.items())
        raw.append(("Content-Length", str(len(content))))
    request = httpx.Request(
        method, url, headers=raw, stream=httpx.ByteStream(content), extensions=extensions
    )
    request._content = content  # pyright: ignore[reportPrivateUsage]  # as Request.read() keeps it
    return request


def read_loaded(response: httpx.Response, limit: int) -> bytes:
    """The body of a response whose content is already loaded (a mock transport), within ``limit``."""
    content = response.content
    if len(content) > limit:
        raise BodyTooLarge(limit)
    return content


def keep_body(response: httpx.Response, content: bytes) -> None:
    """Store the decoded body read from the stream as ``response.content`` (what httpx itself
    stores after ``read()``), so headers, status and body travel on in one object."""
    response._content = content  # pyright: ignore[reportPrivateUsage]


def parse_relaxed(model_cls: type[BaseModel], content: bytes) -> Optional[BaseModel]:
    """A body that breaks its model, read as far as it goes (``strict_responses=False``).

    Fields that validate are typed as usual; a field that breaks its type keeps the value the
    server sent. In a list, each item is read on its own, so one odd item spoils nothing else.
    ``None`` when the body is not a JSON object at all (there is nothing to keep).

    Examples:
        >>> from firsthand.models import Job
        >>> job = parse_relaxed(Job, b'{"id": "job_1", "type": "feedback", "status": "open", '
        ...     b'"description": "Say hi", "files_needed": "many", "price_per_file_cents": 50, '
        ...     b'"created_at": "2026-03-20T19:03:27Z"}')
        >>> job.files_needed, job.created_at.year
        ('many', 2026)
    """
    import json

    try:
        data: Any = json.loads(content)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return None
    if not isinstance(data, dict):
        return None
    body: dict[str, Any] = cast("dict[str, Any]", data)
    found: Any = body.get("data")
    items: list[Any] = found if isinstance(found, list) else []  # pyright: ignore[reportUnknownVariableType]
    if _is_list_envelope(model_cls) and items:
        item_cls: type[BaseModel] = model_cls.__pydantic_generic_metadata__["args"][0]
        body = {
            **body,
            "data": [
                _relaxed_object(item_cls, cast("dict[str, Any]", item))
                if isinstance(item, dict)
                else item
                for item in items
            ],
        }
    return _relaxed_object(model_cls, body)


def _is_list_envelope(model_cls: type[BaseModel]) -> bool:
    from ._models._list import ListEnvelope

    return issubclass(model_cls, ListEnvelope)


def _relaxed_object(model_cls: type[BaseModel], raw: dict[str, Any]) -> BaseModel:
    from pydantic import ValidationError

    try:
        return model_cls.model_validate(raw)
    except ValidationError as exc:
        broken = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    # Every value as sent (a missing required field reads None, never an AttributeError), then
    # each field that validates on its own replaced by its typed value.
    missing = {
        name: None
        for name, info in model_cls.model_fields.items()
        if name not in raw and info.is_required()
    }
    model = model_cls.model_construct(**{**missing, **raw})
    validator = model_cls.__pydantic_validator__
    for name in model_cls.model_fields:
        if name in raw and name not in broken:
            validator.validate_assignment(model, name, raw[name])
    return model


@functools.lru_cache(maxsize=512)
def _encoded_query(
    model: type[RequestModel], items: tuple[tuple[str, type, object], ...]
) -> Mapping[str, Any]:
    """A validated query, encoded for the wire; memoised (a pure function of its arguments), so
    walking pages or polling with the same filters validates them once. Invalid queries raise
    and are not cached."""
    from ._models._base import validate_request

    return validate_request(model, {name: value for name, _, value in items}).to_wire()


def _query_value(value: object) -> object:
    """A query value as the wire wants it, when no query model encodes it (``validate_requests``
    off): datetimes/dates in ISO 8601 (UTC with ``Z`` for aware datetimes), booleans lowercase."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            return value.isoformat().replace("+00:00", "Z")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def new_idempotency_key() -> str:
    """A random UUID4, as text (built from ``os.urandom``: the ``uuid`` module costs ~8 ms to import).

    Examples:
        >>> import uuid
        >>> uuid.UUID(new_idempotency_key()).version
        4
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def merge_headers(target: dict[str, str], extra: Mapping[str, str]) -> None:
    """Add ``extra`` to ``target``; a name already present in any letter case is replaced.

    Examples:
        >>> headers = {"User-Agent": "firsthand-python/0.1.0", "X-Tenant": "acme"}
        >>> merge_headers(headers, {"x-tenant": "other"})
        >>> headers
        {'User-Agent': 'firsthand-python/0.1.0', 'x-tenant': 'other'}
    """
    if not extra:
        return
    existing = {name.lower(): name for name in target}
    for name, value in extra.items():
        previous = existing.get(name.lower())
        if previous is not None:
            del target[previous]
        target[name] = value
        existing[name.lower()] = name


def _stacklevel_outside_sdk() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside this package."""
    frame = sys._getframe(1)  # the caller of this helper is level 1 for ``warnings.warn``
    level = 1
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module != "firsthand" and not module.startswith("firsthand."):
            break
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


_OPTIONS = frozenset(RequestOptions.__annotations__)
_POST_OPTIONS = frozenset(PostRequestOptions.__annotations__)
_BODY = "extra_body"


def check_options(op: Operation[Any], options: Mapping[str, object]) -> None:
    """Refuse request options that do not exist (a typo is never silently ignored).

    Examples:
        >>> from firsthand._operations import GET_JOB
        >>> check_options(GET_JOB, {"timeuot": 5})
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: get_job() got an unexpected keyword argument 'timeuot' (request options: extra_headers, extra_query, max_retries, timeout) [timeuot: unexpected keyword argument]
    """
    allowed = _POST_OPTIONS if op.method == "POST" else _OPTIONS
    if op.body is not None:
        allowed = allowed | {_BODY}
    unknown = [name for name in options if name not in allowed]
    if unknown:
        name = unknown[0]
        if name == "idempotency_key":
            hint = " (idempotency keys apply to POST operations only)"
        elif name == _BODY:
            hint = f": {op.name} sends no body (extra_body applies to operations that send one)"
        else:
            hint = f" (request options: {', '.join(sorted(allowed))})"
        raise FirstHandValidationError(
            f"{op.name}() got an unexpected keyword argument {name!r}{hint}",
            details=[{"field": name, "message": "unexpected keyword argument"}],
        )
    extra = options.get("extra_headers")
    if extra is not None:
        check_headers(extra, "extra_headers", FirstHandValidationError)
    extra_query = options.get("extra_query")
    if extra_query is not None:
        check_extra_query(extra_query)


_QUERY_SCALARS = (str, int, float, bool, date)


def check_extra_query(extra: object) -> None:
    """``extra_query`` must map parameter names to scalar values (or ``None``); values are never
    echoed.

    Examples:
        >>> check_extra_query({"status": "archived", "limit": 5, "cursor": None})
        >>> check_extra_query({"status": ["open"]})
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: extra_query['status'] must be a string, number, boolean, date or None, not list [extra_query.status: must be a scalar value or None]
    """
    if not isinstance(extra, Mapping):
        raise FirstHandValidationError(
            "extra_query must be a mapping of query parameter names to values",
            details=[{"field": "extra_query", "message": "must map str to a value"}],
        )
    for name, value in cast("Mapping[object, object]", extra).items():
        if not isinstance(name, str) or not name:
            raise FirstHandValidationError(
                "extra_query must be a mapping of query parameter names (non-empty strings) to values",
                details=[{"field": "extra_query", "message": "names must be non-empty strings"}],
            )
        if value is not None and not isinstance(value, _QUERY_SCALARS):
            raise FirstHandValidationError(
                f"extra_query[{name[:40]!r}] must be a string, number, boolean, date or None, "
                f"not {type(value).__name__}",
                details=[
                    {
                        "field": f"extra_query.{name[:40]}",
                        "message": "must be a scalar value or None",
                    }
                ],
            )


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def merge_body(content: bytes, extra: object) -> bytes:
    """The encoded body ``content`` with ``extra_body``'s members laid over it (shallow), unvalidated.

    Examples:
        >>> merge_body(b'{"rating":5}', {"rating": 6, "beta": None})
        b'{"rating":6,"beta":null}'
        >>> merge_body(b'{"rating":5}', {"when": object()})
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: extra_body['when'] must be JSON (a string, number, boolean, None, list, dict or date), not object [extra_body.when: must be a JSON value]
    """
    import json

    from pydantic_core import PydanticSerializationError, to_json

    if not isinstance(extra, Mapping):
        raise FirstHandValidationError(
            "extra_body must be a mapping of body member names to JSON values",
            details=[{"field": "extra_body", "message": "must map str to a JSON value"}],
        )
    merged: dict[str, Any] = json.loads(content) if content else {}
    for name, value in cast("Mapping[object, object]", extra).items():
        if not isinstance(name, str):
            raise FirstHandValidationError(
                "extra_body must be a mapping of body member names (strings) to JSON values",
                details=[{"field": "extra_body", "message": "names must be strings"}],
            )
        try:
            # NaN and infinities are no JSON: refused rather than sent as an invalid body.
            json.loads(to_json(value), parse_constant=_reject_constant)
        except (PydanticSerializationError, ValueError):
            raise FirstHandValidationError(
                f"extra_body[{name[:40]!r}] must be JSON (a string, number, boolean, None, list, "
                f"dict or date), not {type(value).__name__}",
                details=[{"field": f"extra_body.{name[:40]}", "message": "must be a JSON value"}],
            ) from None
        merged[name] = value
    return to_json(merged)


def merge_query(
    params: Optional[dict[str, Any]], extra: Mapping[str, object]
) -> Optional[dict[str, Any]]:
    """``params`` with ``extra_query`` laid over it, unvalidated: a name given replaces the SDK's
    own, ``None`` drops it.

    Examples:
        >>> merge_query({"status": "open", "limit": 5}, {"status": "archived", "limit": None})
        {'status': 'archived'}
    """
    merged = dict(params or {})
    for name, value in extra.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = _query_value(value)
    return merged or None


def check_max_retries(value: object) -> int:
    """``max_retries`` must be a non-negative int (``0`` turns retries off).

    Examples:
        >>> check_max_retries(0)
        0
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FirstHandValidationError(
            f"max_retries must be an integer >= 0, not {value!r}",
            details=[{"field": "max_retries", "message": "must be an integer >= 0"}],
        )
    return value


def _local_validation_error(
    op: Operation[Any], exc: ValidationError, *, query: bool = False
) -> FirstHandValidationError:
    details = details_from_pydantic(exc)
    fields = ", ".join(d["field"] for d in details)
    hint = ""
    if query:
        # A filter outside its documented values: say how to send a value newer than the SDK.
        closed = [
            ".".join(str(part) for part in err["loc"])
            for err in exc.errors(include_url=False, include_input=False)
            if err["type"] == "literal_error"
        ]
        if closed:
            hint = f"; to send a value newer than the SDK, pass extra_query={{{closed[0]!r}: ...}}"
    return FirstHandValidationError(
        f"{op.name} request is invalid ({fields}); nothing was sent{hint}", details=details
    )
