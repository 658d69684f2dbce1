"""An in-memory FirstHandAPI for end-to-end tests, doctests and docs examples.

``FakeAPI`` answers all 30 operations of SURFACE.md with exactly the shapes DECISIONS.md fixes
(statuses 200/201/204, ``X-Request-Id`` and ``X-RateLimit-*`` on every response, the error envelope,
the list envelope with an opaque cursor, newest first, idempotency replay and conflict). It is a
plain ``httpx`` handler: mount ``fake.handler`` on respx (the ``fake_api`` fixture of conftest.py
does) or on ``httpx.MockTransport``. It also serves the approved files' bytes on
``https://files.firsthandapi.test/<file id>`` so downloads can be verified against ``content_hash``.

Nothing happens on its own: workers are simulated by calling :meth:`FakeAPI.complete_job`, a
checkout is paid with :meth:`FakeAPI.complete_checkout`, time moves with :meth:`FakeAPI.advance`.

Choices the documents leave open, made here (the full stand-in, ``firsthand.testing``, may refine them):

- Any ``Bearer fh_live_…``/``fh_test_…`` key is accepted unless it is a revoked key, or an old secret of
  a key rotated more than 24 h ago. Keys created through the fake carry their scopes (missing scope →
  403 ``authorization_error``); any other key has every scope. Settings PATCH needs ``billing:write``.
- One organization and one balance (``available_cents``/``held_cents``, default 10,000,000 cents so
  boundary-sized jobs fit); the starting balance is one ``free_tier`` transaction. Job create holds
  ``files_needed × price``; each approved file is a ``deduction`` (negative) taken from the hold; cancel
  releases the rest of the hold as a ``refund`` (positive).
- Rate limits: a fixed 60 s window per key; the headers are always sent, 429 only with
  ``enforce_rate_limit=True``.
- Idempotency keys are global to the fake; bodies are compared as JSON (key order does not matter);
  every response below 500 is stored for 24 h. ``Idempotency-Key`` is required on the POSTs of
  CONTRACT §1.5 (job create/cancel/rate, key create, endpoint create, purchase).
- Cursors are opaque tokens tied to the list that issued them; a bare id of the listed kind
  (``job_…`` on ``/v1/jobs``) is accepted too, as "after this id". Anything else → 400.
- Unknown body fields, out-of-range filters and unknown enum values in filters → 400 ``validation_error``
  with ``details``; a non-https webhook URL → 422 ``validation_error``.
- A webhook event is ``delivered`` (one attempt) when an enabled endpoint subscribes to its type,
  else ``pending``; replay sets it back to ``pending``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, NamedTuple, Optional, Tuple
from urllib.parse import unquote, urlsplit

import httpx

Json = Dict[str, Any]
Reply = Tuple[int, Optional[Json]]

API_HOST = "api.firsthandapi.com"
FILES_HOST = "files.firsthandapi.test"
API_VERSION = "2026-03-18"

JOB_TYPES = ("data_collection", "feedback")
JOB_STATUSES = ("open", "filled", "in_progress", "completed", "cancelled")
TERMINAL_STATUSES = ("completed", "cancelled")
ACCEPTED_FORMATS = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/mpeg",
    "audio/wav",
    "audio/mp4",
    "video/mp4",
    "video/quicktime",
)
SUBMISSION_STATUSES = ("pending_score", "approved", "rejected", "retry_pending")
TRANSACTION_TYPES = (
    "purchase",
    "deduction",
    "free_tier",
    "bonus",
    "expiration",
    "refund",
    "deposit",
    "payout",
)
EVENT_TYPES = (
    "submission.scored",
    "submission.approved",
    "submission.rejected",
    "job.completed",
    "job.cancelled",
    "job.flagged",
    "credits.purchased",
    "credits.low_balance",
    "credits.auto_topped_up",
    "credits.expired",
    "credits.expiring_soon",
)
DELIVERY_STATUSES = ("pending", "delivered", "failed")
SCOPES = (
    "jobs:read",
    "jobs:write",
    "webhooks:read",
    "webhooks:write",
    "keys:manage",
    "billing:read",
    "billing:write",
    "audit:read",
    "usage:read",
)
#: Credit packs (CONTRACT §3.7): amount paid -> credits received; other amounts get no bonus.
CREDIT_PACKS = {1_000: 1_000, 2_500: 2_625, 5_000: 5_500, 10_000: 11_500, 25_000: 30_000}

_DAY = 86_400.0
_ANNOTATION_MODEL = "claude-sonnet-4-20250514"


def _iso(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sssZ`` (DECISIONS T9)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _parse_time(value: str) -> datetime:
    """ISO 8601 date or date-time, ``Z`` or offset; a naive value is read as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _snapshot(obj: Json) -> Json:
    """A deep copy of a JSON object (what the wire would carry at this moment)."""
    copied: Json = json.loads(json.dumps(obj))
    return copied


class Problem(Exception):
    """An API error the fake answers with ``{"error": {type, message, request_id, details?}}``.

    Examples:
        >>> Problem(404, "not_found", "No such job: job_1").status
        404
    """

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        details: Optional[List[Dict[str, str]]] = None,
        headers: Optional[Dict[str, str]] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.details = details
        self.headers = headers or {}


def _invalid(field_name: str, message: str, status: int = 400) -> Problem:
    return Problem(
        status,
        "validation_error",
        f"Invalid request: {field_name} {message}",
        [{"field": field_name, "message": message}],
    )


def _check_fields(body: Json, checks: Dict[str, Callable[[Any], Optional[str]]]) -> None:
    """Every problem of ``body`` at once: unknown keys, then each known key's check."""
    details = [
        {"field": key, "message": "is not a known field"} for key in body if key not in checks
    ]
    for key, check in checks.items():
        if key in body:
            message = check(body[key])
            if message is not None:
                details.append({"field": key, "message": message})
    if details:
        first = details[0]
        raise Problem(
            400,
            "validation_error",
            f"Invalid request: {first['field']} {first['message']}",
            details,
        )


def _required(body: Json, names: Iterable[str]) -> None:
    details = [{"field": name, "message": "is required"} for name in names if name not in body]
    if details:
        raise Problem(
            400, "validation_error", f"Invalid request: {details[0]['field']} is required", details
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in(low: int, high: Optional[int] = None) -> Callable[[Any], Optional[str]]:
    def check(value: Any) -> Optional[str]:
        if not _is_int(value) or value < low or (high is not None and value > high):
            return f"must be an integer from {low}" + (f" to {high}" if high is not None else "")
        return None

    return check


def _str_len(low: int, high: int, nullable: bool = True) -> Callable[[Any], Optional[str]]:
    def check(value: Any) -> Optional[str]:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not low <= len(value) <= high:
            return f"must be a string of {low} to {high} characters"
        return None

    return check


def _one_of(choices: Sequence[str]) -> Callable[[Any], Optional[str]]:
    def check(value: Any) -> Optional[str]:
        if value not in choices:
            return "must be one of " + ", ".join(choices)
        return None

    return check


def _nullable(check: Callable[[Any], Optional[str]]) -> Callable[[Any], Optional[str]]:
    def wrapped(value: Any) -> Optional[str]:
        return None if value is None else check(value)

    return wrapped


def _list_of(choices: Sequence[str], *, non_empty: bool) -> Callable[[Any], Optional[str]]:
    def check(value: Any) -> Optional[str]:
        if not isinstance(value, list) or (non_empty and not value):
            return "must be a non-empty list" if non_empty else "must be a list"
        if any(item not in choices for item in value):  # pyright: ignore[reportUnknownVariableType]
            return "may only hold " + ", ".join(choices)
        return None

    return check


def _check_location(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, dict) or not {"lat", "lng"} <= set(value):  # pyright: ignore[reportUnknownArgumentType]
        return "must be an object with lat and lng"
    return None


def _check_metadata(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) > 20:  # pyright: ignore[reportUnknownArgumentType]
        return "must be an object of at most 20 keys"
    return None


def _check_deadline(value: Any) -> Optional[str]:
    if value is None:
        return None
    try:
        _parse_time(value)
    except (TypeError, ValueError, AttributeError):
        return "must be an ISO 8601 date-time"
    return None


def _check_bool(value: Any) -> Optional[str]:
    return None if isinstance(value, bool) else "must be a boolean"


def _check_https(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return "must be a string"
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        return "must be an https URL"
    return None


_JOB_CREATE_CHECKS: Dict[str, Callable[[Any], Optional[str]]] = {
    "type": _one_of(JOB_TYPES),
    "description": _str_len(10, 5_000, nullable=False),
    "files_needed": _int_in(1, 10_000),
    "accepted_formats": _list_of(ACCEPTED_FORMATS, non_empty=True),
    "price_per_file_cents": _int_in(10, 50_000),
    "title": _str_len(0, 100),
    "location": _check_location,
    "deadline": _check_deadline,
    "max_workers": _nullable(_int_in(1)),
    "metadata": _check_metadata,
    "files_per_submission": _int_in(1, 5),
    "scoring_criteria": _str_len(0, 1_000),
    "min_star_rating": _int_in(1, 5),
    "min_width": _nullable(_int_in(1)),
    "min_height": _nullable(_int_in(1)),
    "worker_guidelines": _str_len(0, 5_000),
}

_SETTINGS_CHECKS: Dict[str, Callable[[Any], Optional[str]]] = {
    "default_type": _one_of(JOB_TYPES),
    "default_price_per_file_cents": _int_in(10, 50_000),
    "auto_topup_enabled": _check_bool,
    "auto_topup_threshold_cents": _int_in(0),
    "auto_topup_amount_cents": _int_in(1_000),
    "low_balance_threshold_cents": _int_in(0),
}


@dataclass
class Call:
    """One authenticated request as a route handler sees it.

    Examples:
        >>> call = Call(httpx.Request("GET", "https://api.firsthandapi.com/v1/jobs?limit=5"),
        ...     params=[], key_id="key_1", environment="test")
        >>> call.query["limit"], call.body()
        ('5', {})
    """

    request: httpx.Request
    params: List[str]
    key_id: str
    environment: str
    headers: Dict[str, str] = field(default_factory=dict[str, str])

    @property
    def query(self) -> httpx.QueryParams:
        """The request's query parameters.

        Examples:
            >>> Call(httpx.Request("GET", "https://x.test/?a=1"), [], "key_1", "test").query["a"]
            '1'
        """
        return self.request.url.params

    def body(self) -> Json:
        """The JSON object sent (``{}`` for an empty body); anything else is a 400.

        Examples:
            >>> Call(httpx.Request("POST", "https://x.test/", json={"a": 1}), [], "k", "test").body()
            {'a': 1}
        """
        if not self.request.content:
            return {}
        try:
            body = json.loads(self.request.content)
        except ValueError:
            raise Problem(400, "validation_error", "Request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise Problem(400, "validation_error", "Request body must be a JSON object")
        return body  # pyright: ignore[reportUnknownVariableType]


class _Route(NamedTuple):
    method: str
    pattern: Tuple[str, ...]  # path segments after /v1; "*" is a path parameter
    handler: Callable[[Call], Reply]
    scopes: Tuple[str, ...]  # any one of them suffices; empty: any key
    idempotency_required: bool = False


class FakeAPI:
    """A stateful, in-memory FirstHandAPI answering every endpoint of SURFACE.md.

    Every object it holds is in wire shape and inspectable: ``jobs``, ``submissions``, ``files``,
    ``api_keys``, ``webhook_endpoints``, ``webhook_events``, ``transactions``, ``audit_events``,
    ``checkout_sessions`` (dicts by id) and ``settings``; ``available_cents``/``held_cents`` are the
    balance. ``requests`` records every request received, in order.

    Args:
        balance_cents: The organization's starting available balance.
        rate_limit: ``X-RateLimit-Limit``: requests per key per 60 s window.
        enforce_rate_limit: Answer 429 ``rate_limit_exceeded`` past the limit (else only headers).
        clock: Unix time source (default ``time.time``); :meth:`advance` moves on from it.

    Examples:
        >>> fake = FakeAPI(balance_cents=5_000)
        >>> with httpx.Client(transport=httpx.MockTransport(fake.handler)) as http:
        ...     response = http.get("https://api.firsthandapi.com/v1/billing/credits",
        ...                         headers={"Authorization": "Bearer fh_test_sk_doc"})
        >>> response.status_code, response.json()["available_cents"]
        (200, 5000)
        >>> response.headers["X-Request-Id"].startswith("req_")
        True
    """

    def __init__(
        self,
        *,
        balance_cents: int = 10_000_000,
        rate_limit: int = 100,
        enforce_rate_limit: bool = False,
        clock: Optional[Callable[[], float]] = None,
    ) -> None:
        self._lock = threading.RLock()
        self._clock = clock or time.time
        self._offset = 0.0
        self._ids = itertools.count(1)
        self._request_ids = itertools.count(1)
        self._secret_numbers = itertools.count(1)

        self.requests: List[httpx.Request] = []
        self.jobs: Dict[str, Json] = {}
        self.submissions: Dict[str, Json] = {}
        self.files: Dict[str, Json] = {}
        self.api_keys: Dict[str, Json] = {}
        self.webhook_endpoints: Dict[str, Json] = {}
        self.webhook_events: Dict[str, Json] = {}
        self.transactions: Dict[str, Json] = {}
        self.audit_events: Dict[str, Json] = {}
        self.checkout_sessions: Dict[str, Json] = {}

        self.rate_limit = rate_limit
        self.enforce_rate_limit = enforce_rate_limit
        self.available_cents = balance_cents
        self.held_cents = 0
        self.organization_id = self._new_id("org_")
        self._balance_updated_at = self._now()
        self.settings: Json = {
            "object": "organization_settings",
            "organization_id": self.organization_id,
            "default_type": "data_collection",
            "default_price_per_file_cents": 50,
            "auto_topup_enabled": False,
            "auto_topup_threshold_cents": 5_000,
            "auto_topup_amount_cents": 25_000,
            "low_balance_threshold_cents": 1_000,
            "updated_at": self._now(),
        }

        #: job id -> cents still held for it.
        self._holds: Dict[str, int] = {}
        #: API key secret -> (key id, unix time after which it stops working, or None).
        self._secrets: Dict[str, Tuple[str, Optional[float]]] = {}
        #: Webhook endpoint id -> its signing secrets, current first.
        self._endpoint_secrets: Dict[str, List[str]] = {}
        #: Idempotency-Key -> (stored at, fingerprint of the request, the stored response).
        self._idempotent: Dict[str, Tuple[float, Tuple[str, str, Any], httpx.Response]] = {}
        #: Bearer key -> (window start, requests in that window).
        self._windows: Dict[str, Tuple[int, int]] = {}
        self._file_versions: Dict[str, int] = {}
        self._routes = self._route_table()

        if balance_cents > 0:
            self._transaction("free_tier", balance_cents, "Starting balance")

    # -- time and ids ----------------------------------------------------------------------
    def time(self) -> float:
        """The fake's clock, in Unix seconds.

        Examples:
            >>> fake = FakeAPI(clock=lambda: 1_700_000_000.0)
            >>> fake.advance(30)
            >>> fake.time()
            1700000030.0
        """
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward (idempotency keys and rotated secrets expire on it).

        Examples:
            >>> fake = FakeAPI(clock=lambda: 0.0)
            >>> fake.advance(86_401)
            >>> fake.time() > 86_400
            True
        """
        self._offset += seconds

    def _moment(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=timezone.utc)

    def _now(self) -> str:
        return _iso(self._moment())

    def _new_id(self, prefix: str) -> str:
        """prefix + 26 characters, increasing with creation order (so id order = newest first)."""
        return f"{prefix}01JQ{next(self._ids):022d}"

    def _new_secret(self, prefix: str) -> str:
        digest = hashlib.sha256(f"firsthand-fake-secret-{next(self._secret_numbers)}".encode())
        return prefix + digest.hexdigest()[:32]

    # -- the handler -----------------------------------------------------------------------
    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (an ``httpx`` handler for respx or ``httpx.MockTransport``).

        Examples:
            >>> fake = FakeAPI()
            >>> response = fake.handler(httpx.Request("GET", "https://api.firsthandapi.com/v1/jobs"))
            >>> response.status_code, response.json()["error"]["type"]
            (401, 'authentication_error')
        """
        with self._lock:
            self.requests.append(request)
            if request.url.host == FILES_HOST:
                return self._serve_file(request)
            return self._answer(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        request_id = f"req_{next(self._request_ids):026d}"
        presented = request.headers.get("Authorization", "")
        bearer = presented[len("Bearer ") :] if presented.startswith("Bearer ") else ""
        limit_headers, limited = self._count_request(bearer or "anonymous")
        try:
            if limited is not None:
                raise Problem(
                    429,
                    "rate_limit_exceeded",
                    f"Too many requests; retry in {limited} seconds",
                    headers={"Retry-After": str(limited)},
                )
            key_id, scopes, environment = self._authenticate(bearer)
            route, params = self._match(request)
            if route.scopes and scopes is not None and not set(route.scopes) & set(scopes):
                raise Problem(
                    403,
                    "authorization_error",
                    f"This API key lacks the {' or '.join(route.scopes)} scope",
                )
            call = Call(request, params, key_id, environment)
            if request.method == "POST":
                replayed = self._idempotency(request, route, call, request_id, limit_headers)
                if replayed is not None:
                    return replayed
            status, body = route.handler(call)
            response = self._respond(status, body, request_id, {**limit_headers, **call.headers})
        except Problem as problem:
            response = self._error_response(problem, request_id, limit_headers)
        key = request.headers.get("Idempotency-Key")
        if request.method == "POST" and key is not None and response.status_code < 429:
            fingerprint = self._fingerprint(request)
            if key not in self._idempotent and response.status_code not in (401, 403):
                self._idempotent[key] = (self.time(), fingerprint, response)
        return response

    def _respond(
        self, status: int, body: Optional[Json], request_id: str, extra: Dict[str, str]
    ) -> httpx.Response:
        headers = {"X-Request-Id": request_id, **extra}
        if body is None:
            return httpx.Response(status, headers=headers)
        headers["Content-Type"] = "application/json"
        return httpx.Response(status, headers=headers, content=json.dumps(body).encode())

    def _error_response(
        self, problem: Problem, request_id: str, extra: Dict[str, str]
    ) -> httpx.Response:
        error: Json = {"type": problem.type, "message": problem.message, "request_id": request_id}
        if problem.details is not None:
            error["details"] = problem.details
        return self._respond(
            problem.status, {"error": error}, request_id, {**extra, **problem.headers}
        )

    def _count_request(self, bearer: str) -> Tuple[Dict[str, str], Optional[int]]:
        now = self.time()
        window = int(now // 60) * 60
        start, count = self._windows.get(bearer, (window, 0))
        if start != window:
            start, count = window, 0
        count += 1
        self._windows[bearer] = (start, count)
        headers = {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(0, self.rate_limit - count)),
            "X-RateLimit-Reset": str(start + 60),
        }
        if self.enforce_rate_limit and count > self.rate_limit:
            return headers, max(1, math.ceil(start + 60 - now))
        return headers, None

    def _authenticate(self, bearer: str) -> Tuple[str, Optional[List[str]], str]:
        """(key id, its scopes or None for every scope, environment); 401 when unusable."""
        if not bearer.startswith(("fh_live_", "fh_test_")):
            raise Problem(401, "authentication_error", "Invalid API key")
        known = self._secrets.get(bearer)
        if known is None:
            digest = hashlib.sha256(bearer.encode()).hexdigest()[:26].upper()
            return f"key_{digest}", None, bearer.split("_")[1]
        key_id, expires = known
        key = self.api_keys[key_id]
        if key["revoked_at"] is not None or (expires is not None and self.time() > expires):
            raise Problem(401, "authentication_error", "This API key has been revoked or rotated")
        key["last_used_at"] = self._now()
        return key_id, list(key["scopes"]), key["environment"]

    def _match(self, request: httpx.Request) -> Tuple[_Route, List[str]]:
        raw = request.url.raw_path.decode("ascii").split("?", 1)[0]
        segments = [unquote(part) for part in raw.strip("/").split("/")]
        if segments[:1] == ["v1"]:
            path = segments[1:]
            for route in self._routes:
                if len(route.pattern) != len(path) or route.method != request.method:
                    continue
                if all(p in ("*", s) for p, s in zip(route.pattern, path)):
                    params = [s for p, s in zip(route.pattern, path) if p == "*"]
                    return route, params
        raise Problem(404, "not_found", f"No route for {request.method} {raw}")

    @staticmethod
    def _fingerprint(request: httpx.Request) -> Tuple[str, str, Any]:
        try:
            body: Any = json.loads(request.content) if request.content else None
            canonical: Any = json.dumps(body, sort_keys=True)
        except ValueError:
            canonical = request.content
        return request.method, request.url.raw_path.decode("ascii"), canonical

    def _idempotency(
        self,
        request: httpx.Request,
        route: _Route,
        call: Call,
        request_id: str,
        limit_headers: Dict[str, str],
    ) -> Optional[httpx.Response]:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            if route.idempotency_required:
                raise Problem(
                    400,
                    "validation_error",
                    "Idempotency-Key header is required",
                    [{"field": "Idempotency-Key", "message": "is required"}],
                )
            return None
        stored = self._idempotent.get(key)
        if stored is None:
            return None
        stored_at, fingerprint, response = stored
        if self.time() - stored_at > _DAY:
            del self._idempotent[key]
            return None
        if fingerprint != self._fingerprint(request):
            raise Problem(
                409,
                "idempotency_error",
                "This Idempotency-Key was already used for a different request",
            )
        headers = httpx.Headers(response.headers)
        for name, value in limit_headers.items():
            headers[name] = value  # case-insensitive: replaces the stored value
        headers["Idempotent-Replayed"] = "true"
        return httpx.Response(response.status_code, headers=headers, content=response.content)

    def _route_table(self) -> List[_Route]:
        jobs_read, jobs_write = ("jobs:read",), ("jobs:write",)
        hooks_read, hooks_write = ("webhooks:read",), ("webhooks:write",)
        keys, billing_read = ("keys:manage",), ("billing:read", "usage:read")
        return [
            _Route("POST", ("jobs",), self._create_job, jobs_write, True),
            _Route("GET", ("jobs",), self._list_jobs, jobs_read),
            _Route("GET", ("jobs", "*"), self._get_job, jobs_read),
            _Route("POST", ("jobs", "*", "cancel"), self._cancel_job, jobs_write, True),
            _Route("POST", ("jobs", "*", "rate"), self._rate_job, jobs_write, True),
            _Route("GET", ("jobs", "*", "files"), self._job_files, jobs_read),
            _Route("GET", ("jobs", "*", "submissions"), self._job_submissions, jobs_read),
            _Route("GET", ("jobs", "*", "audit"), self._job_audit, ("jobs:read", "audit:read")),
            _Route("POST", ("files", "*", "refresh_url"), self._refresh_url, jobs_read),
            _Route("GET", ("submissions",), self._list_submissions, jobs_read),
            _Route("GET", ("submissions", "summary"), self._submission_summary, jobs_read),
            _Route("GET", ("submissions", "*"), self._get_submission, jobs_read),
            _Route("POST", ("api_keys",), self._create_api_key, keys, True),
            _Route("GET", ("api_keys",), self._list_api_keys, keys),
            _Route("POST", ("api_keys", "*", "rotate"), self._rotate_api_key, keys),
            _Route("POST", ("api_keys", "*", "revoke"), self._revoke_api_key, keys),
            _Route("POST", ("webhook_endpoints",), self._create_endpoint, hooks_write, True),
            _Route("GET", ("webhook_endpoints",), self._list_endpoints, hooks_read),
            _Route("GET", ("webhook_endpoints", "*"), self._get_endpoint, hooks_read),
            _Route("PATCH", ("webhook_endpoints", "*"), self._update_endpoint, hooks_write),
            _Route("DELETE", ("webhook_endpoints", "*"), self._delete_endpoint, hooks_write),
            _Route(
                "POST",
                ("webhook_endpoints", "*", "rotate_secret"),
                self._rotate_secret,
                hooks_write,
            ),
            _Route("GET", ("webhook_events",), self._list_events, hooks_read),
            _Route("POST", ("webhook_events", "*", "replay"), self._replay_event, hooks_write),
            _Route("GET", ("billing", "credits"), self._get_balance, billing_read),
            _Route("GET", ("billing", "transactions"), self._list_transactions, billing_read),
            _Route(
                "POST", ("billing", "credits", "purchase"), self._purchase, ("billing:write",), True
            ),
            _Route("GET", ("organization", "settings"), self._get_settings, ()),
            _Route(
                "PATCH", ("organization", "settings"), self._update_settings, ("billing:write",)
            ),
            _Route("GET", ("audit-events",), self._list_audit_events, ("audit:read",)),
        ]

    # -- shared pieces ---------------------------------------------------------------------
    def _page(self, prefix: str, call: Call, items: Iterable[Json]) -> Reply:
        """The list envelope: newest first, ``limit`` 1–100 (default 20), opaque cursor.

        The cursors issued are opaque tokens; a bare id of the listed kind (``prefix``) is accepted
        too, as "after this id" (the docs' example shows ``next_cursor`` equal to the last id).
        Anything else is a 400 ``validation_error``.
        """
        raw_limit = call.query.get("limit", "20")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
            raise _invalid("limit", "must be an integer from 1 to 100")
        limit = int(raw_limit)
        scope = call.request.url.path
        ordered = sorted(items, key=lambda item: str(item["id"]), reverse=True)
        cursor = call.query.get("cursor")
        if cursor is not None and cursor.startswith(prefix):
            ordered = [item for item in ordered if str(item["id"]) < cursor]
        elif cursor is not None:
            try:
                padded = cursor + "=" * (-len(cursor) % 4)
                cursor_scope, after = base64.urlsafe_b64decode(padded).decode().rsplit("|", 1)
            except (ValueError, binascii.Error, UnicodeDecodeError):
                raise _invalid("cursor", "is not a cursor this list issued") from None
            if cursor_scope != scope:
                raise _invalid("cursor", "is not a cursor this list issued")
            ordered = [item for item in ordered if str(item["id"]) < after]
        page, rest = ordered[:limit], ordered[limit:]
        next_cursor = None
        if rest:
            token = f"{scope}|{page[-1]['id']}".encode()
            next_cursor = base64.urlsafe_b64encode(token).decode().rstrip("=")
        return 200, {
            "object": "list",
            "data": page,
            "has_more": bool(rest),
            "next_cursor": next_cursor,
        }

    @staticmethod
    def _enum_filter(call: Call, name: str, choices: Sequence[str]) -> Optional[str]:
        value: Optional[str] = call.query.get(name)
        if value is not None and value not in choices:
            raise _invalid(name, "must be one of " + ", ".join(choices))
        return value

    @staticmethod
    def _score_filter(call: Call, default: Optional[int]) -> Optional[int]:
        raw = call.query.get("min_score")
        if raw is None:
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= 5:
            raise _invalid("min_score", "must be an integer from 1 to 5")
        return int(raw)

    def _date_window(self, call: Call) -> Tuple[datetime, datetime]:
        """``start_date`` (default 30 days ago) and ``end_date`` (default now)."""
        bounds: List[datetime] = []
        for name, default in (
            ("start_date", self._moment() - timedelta(days=30)),
            ("end_date", self._moment()),
        ):
            raw = call.query.get(name)
            try:
                bounds.append(default if raw is None else _parse_time(raw))
            except ValueError:
                raise _invalid(name, "must be an ISO 8601 date or date-time") from None
        if bounds[0] > bounds[1]:
            raise _invalid("start_date", "must not be after end_date")
        return bounds[0], bounds[1]

    def _audit(
        self,
        action: str,
        resource_type: str,
        resource_id: str,
        actor: Json,
        metadata: Optional[Json] = None,
    ) -> None:
        event_id = self._new_id("aev_")
        self.audit_events[event_id] = {
            "object": "audit_event",
            "id": event_id,
            "action": action,
            "actor": actor,
            "resource": {"type": resource_type, "id": resource_id},
            "metadata": metadata or {},
            "created_at": self._now(),
        }

    @staticmethod
    def _actor(call: Call) -> Json:
        return {"type": "api_key", "id": call.key_id}

    def _emit(self, event_type: str, data: Json) -> Json:
        """Record a webhook event (delivered when an enabled endpoint subscribes to it)."""
        event_id = self._new_id("evt_")
        subscribed = any(
            endpoint["status"] == "enabled" and event_type in endpoint["events"]
            for endpoint in self.webhook_endpoints.values()
        )
        event: Json = {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": API_VERSION,
            "created_at": self._now(),
            "data": _snapshot(data),
            "delivery_status": "delivered" if subscribed else "pending",
            "delivery_attempts": 1 if subscribed else 0,
            "last_attempt_at": self._now() if subscribed else None,
        }
        self.webhook_events[event_id] = event
        return event

    def _transaction(
        self, type_: str, amount_cents: int, description: str, job_id: Optional[str] = None
    ) -> None:
        transaction_id = self._new_id("crtx_")
        self.transactions[transaction_id] = {
            "object": "credit_transaction",
            "id": transaction_id,
            "type": type_,
            "amount_cents": amount_cents,
            "description": description,
            "job_id": job_id,
            "created_at": self._now(),
        }
        self._balance_updated_at = self._now()

    def balance(self) -> Json:
        """The ``credit_balance`` object, as ``GET /v1/billing/credits`` answers it.

        Examples:
            >>> FakeAPI(balance_cents=2_500).balance()["total_cents"]
            2500
        """
        return {
            "object": "credit_balance",
            "available_cents": self.available_cents,
            "held_cents": self.held_cents,
            "total_cents": self.available_cents + self.held_cents,
            "currency": "usd",
            "updated_at": self._balance_updated_at,
        }

    def _job(self, job_id: str) -> Json:
        job = self.jobs.get(job_id)
        if job is None:
            raise Problem(404, "not_found", f"No such job: {job_id}")
        return job

    def _release_hold(self, job: Json, description: str) -> None:
        held = self._holds.pop(job["id"], 0)
        if held:
            self.held_cents -= held
            self.available_cents += held
            self._transaction("refund", held, description, job["id"])

    # -- jobs ------------------------------------------------------------------------------
    def _create_job(self, call: Call) -> Reply:
        body = call.body()
        _required(
            body,
            ("type", "description", "files_needed", "accepted_formats", "price_per_file_cents"),
        )
        _check_fields(body, _JOB_CREATE_CHECKS)
        cost = body["files_needed"] * body["price_per_file_cents"]
        if cost > self.available_cents:
            raise Problem(
                402,
                "insufficient_credits",
                f"This job needs {cost} cents; {self.available_cents} are available",
            )
        job_id = self._new_id("job_")
        now = self._now()
        job: Json = {
            "object": "job",
            "id": job_id,
            "type": body["type"],
            "status": "open",
            "title": body.get("title"),
            "description": body["description"],
            "files_needed": body["files_needed"],
            "files_approved": 0,
            "files_pending": 0,
            "files_rejected": 0,
            "accepted_formats": body["accepted_formats"],
            "price_per_file_cents": body["price_per_file_cents"],
            "total_cost_cents": cost,
            "location": body.get("location"),
            "deadline": body.get("deadline"),
            "max_workers": body.get("max_workers"),
            "metadata": body.get("metadata"),
            "files_per_submission": body.get("files_per_submission", 1),
            "scoring_criteria": body.get("scoring_criteria"),
            "min_star_rating": body.get("min_star_rating", 3),
            "min_width": body.get("min_width"),
            "min_height": body.get("min_height"),
            "worker_guidelines": body.get("worker_guidelines"),
            "buyer_rating": None,
            "created_at": now,
            "updated_at": now,
            "completed_at": None,
            "cancelled_at": None,
        }
        self.jobs[job_id] = job
        self.available_cents -= cost
        self.held_cents += cost
        self._holds[job_id] = cost
        self._balance_updated_at = now
        self._audit("job.created", "job", job_id, self._actor(call), {"total_cost_cents": cost})
        return 201, job

    def _list_jobs(self, call: Call) -> Reply:
        status = self._enum_filter(call, "status", JOB_STATUSES)
        type_ = self._enum_filter(call, "type", JOB_TYPES)
        jobs = [
            job
            for job in self.jobs.values()
            if (status is None or job["status"] == status)
            and (type_ is None or job["type"] == type_)
        ]
        return self._page("job_", call, jobs)

    def _get_job(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        prefer = call.request.headers.get("Prefer", "")
        if prefer.startswith("wait="):
            try:
                wait = min(60, max(1, int(float(prefer[len("wait=") :]))))
            except ValueError:
                pass
            else:
                call.headers["Preference-Applied"] = f"wait={wait}"
        return 200, job

    def _cancel_job(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        if job["status"] in TERMINAL_STATUSES:
            raise Problem(409, "conflict", f"Job is already {job['status']}")
        now = self._now()
        job.update(status="cancelled", cancelled_at=now, updated_at=now)
        self._release_hold(job, f"Unused escrow of cancelled job {job['id']}")
        self._emit("job.cancelled", job)
        self._audit("job.cancelled", "job", job["id"], self._actor(call))
        return 200, job

    def _rate_job(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        body = call.body()
        _required(body, ("rating",))
        _check_fields(body, {"rating": _int_in(1, 5), "comment": _str_len(0, 1_000)})
        if job["status"] != "completed":
            raise Problem(
                409, "conflict", f"Only a completed job can be rated; it is {job['status']}"
            )
        job.update(buyer_rating=body["rating"], updated_at=self._now())
        metadata: Json = {"rating": body["rating"]}
        if body.get("comment") is not None:
            metadata["comment"] = body["comment"]
        self._audit("job.rated", "job", job["id"], self._actor(call), metadata)
        return 200, job

    def _job_files(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        min_score = self._score_filter(call, 3)
        files = [
            file
            for file in self.files.values()
            if file["job_id"] == job["id"] and file["ai_star_rating"] >= (min_score or 1)
        ]
        return self._page("file_", call, files)

    def _job_submissions(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        status = self._enum_filter(call, "status", SUBMISSION_STATUSES)
        return self._page(
            "sub_",
            call,
            [
                s
                for s in self.submissions.values()
                if s["job_id"] == job["id"] and (status is None or s["status"] == status)
            ],
        )

    def _job_audit(self, call: Call) -> Reply:
        job = self._job(call.params[0])
        return self._page(
            "aev_",
            call,
            [e for e in self.audit_events.values() if e["resource"]["id"] == job["id"]],
        )

    def _refresh_url(self, call: Call) -> Reply:
        file = self.files.get(call.params[0])
        if file is None:
            raise Problem(404, "not_found", f"No such file: {call.params[0]}")
        version = self._file_versions.get(file["id"], 1) + 1
        self._file_versions[file["id"]] = version
        file["download_url"] = f"https://{FILES_HOST}/{file['id']}?v={version}"
        file["download_url_expires_at"] = _iso(self._moment() + timedelta(days=7))
        self._audit("file.url_refreshed", "file", file["id"], self._actor(call))
        return 200, file

    # -- submissions -----------------------------------------------------------------------
    def _list_submissions(self, call: Call) -> Reply:
        job_id = call.query.get("job_id")
        status = self._enum_filter(call, "status", SUBMISSION_STATUSES)
        min_score = self._score_filter(call, None)
        start, end = self._date_window(call)
        chosen: List[Json] = []
        for submission in self.submissions.values():
            rating = submission["ai_star_rating"]
            if (
                (job_id is None or submission["job_id"] == job_id)
                and (status is None or submission["status"] == status)
                and (min_score is None or (rating is not None and rating >= min_score))
                and start <= _parse_time(submission["submitted_at"]) <= end
            ):
                chosen.append(submission)
        return self._page("sub_", call, chosen)

    def _get_submission(self, call: Call) -> Reply:
        submission = self.submissions.get(call.params[0])
        if submission is None:
            raise Problem(404, "not_found", f"No such submission: {call.params[0]}")
        return 200, submission

    def _submission_summary(self, call: Call) -> Reply:
        job_id = call.query.get("job_id")
        if job_id is not None:
            self._job(job_id)
        start, end = self._date_window(call)
        chosen = [
            s
            for s in self.submissions.values()
            if (job_id is None or s["job_id"] == job_id)
            and start <= _parse_time(s["submitted_at"]) <= end
        ]
        counts = dict.fromkeys(SUBMISSION_STATUSES, 0)
        distribution = {str(stars): 0 for stars in range(1, 6)}
        ratings: List[int] = []
        for submission in chosen:
            counts[submission["status"]] = counts.get(submission["status"], 0) + 1
            if submission["ai_star_rating"] is not None:
                ratings.append(submission["ai_star_rating"])
                distribution[str(submission["ai_star_rating"])] += 1
        decided = counts["approved"] + counts["rejected"]
        return 200, {
            "object": "submission_summary",
            "job_id": job_id,
            "start_date": _iso(start),
            "end_date": _iso(end),
            "total": len(chosen),
            "approved": counts["approved"],
            "rejected": counts["rejected"],
            "pending_score": counts["pending_score"],
            "retry_pending": counts["retry_pending"],
            "approval_rate": counts["approved"] / decided if decided else 0.0,
            "average_star_rating": sum(ratings) / len(ratings) if ratings else None,
            "star_rating_distribution": distribution,
        }

    # -- API keys --------------------------------------------------------------------------
    def _create_api_key(self, call: Call) -> Reply:
        body = call.body()
        _required(body, ("name",))
        _check_fields(
            body,
            {
                "name": _str_len(1, 100, nullable=False),
                "scopes": _list_of(SCOPES, non_empty=True),
                "environment": _one_of(("live", "test")),
            },
        )
        environment = body.get("environment", call.environment)
        secret = self._new_secret(f"fh_{environment}_sk_")
        key_id = self._new_id("key_")
        self.api_keys[key_id] = {
            "object": "api_key",
            "id": key_id,
            "name": body["name"],
            "environment": environment,
            "scopes": list(body.get("scopes", SCOPES)),
            "redacted_key": f"{secret[:11]}…{secret[-4:]}",
            "created_at": self._now(),
            "last_used_at": None,
            "revoked_at": None,
            "rotated_at": None,
        }
        self._secrets[secret] = (key_id, None)
        self._audit("api_key.created", "api_key", key_id, self._actor(call), {"name": body["name"]})
        return 200, {**self.api_keys[key_id], "secret": secret}

    def _api_key(self, key_id: str) -> Json:
        key = self.api_keys.get(key_id)
        if key is None:
            raise Problem(404, "not_found", f"No such API key: {key_id}")
        return key

    def _list_api_keys(self, call: Call) -> Reply:
        return self._page("key_", call, self.api_keys.values())

    def _rotate_api_key(self, call: Call) -> Reply:
        key = self._api_key(call.params[0])
        if key["revoked_at"] is not None:
            raise Problem(409, "conflict", "A revoked API key cannot be rotated")
        overlap_ends = self.time() + _DAY
        for old, (owner, expires) in list(self._secrets.items()):
            if owner == key["id"] and expires is None:
                self._secrets[old] = (owner, overlap_ends)
        secret = self._new_secret(f"fh_{key['environment']}_sk_")
        self._secrets[secret] = (key["id"], None)
        key.update(redacted_key=f"{secret[:11]}…{secret[-4:]}", rotated_at=self._now())
        self._audit("api_key.rotated", "api_key", key["id"], self._actor(call))
        return 200, {**key, "secret": secret}

    def _revoke_api_key(self, call: Call) -> Reply:
        key = self._api_key(call.params[0])
        if key["revoked_at"] is None:
            key["revoked_at"] = self._now()
            self._audit("api_key.revoked", "api_key", key["id"], self._actor(call))
        return 204, None

    def api_key_secret(self, key_id: str) -> str:
        """The current secret of a key created through the fake.

        Examples:
            >>> fake = FakeAPI()
            >>> fake.api_key_secret("key_unknown")
            Traceback (most recent call last):
            KeyError: 'key_unknown'
        """
        for secret, (owner, expires) in self._secrets.items():
            if owner == key_id and expires is None:
                return secret
        raise KeyError(key_id)

    # -- webhook endpoints and events ------------------------------------------------------
    def _endpoint(self, endpoint_id: str) -> Json:
        endpoint = self.webhook_endpoints.get(endpoint_id)
        if endpoint is None:
            raise Problem(404, "not_found", f"No such webhook endpoint: {endpoint_id}")
        return endpoint

    def _endpoint_checks(self, body: Json) -> None:
        if "url" in body and _check_https(body["url"]) is not None:
            raise _invalid("url", "must be an https URL", status=422)
        _check_fields(
            body,
            {
                "url": _check_https,
                "events": _list_of(EVENT_TYPES, non_empty=True),
                "description": _str_len(0, 1_000),
                "status": _one_of(("enabled", "disabled")),
            },
        )

    def _create_endpoint(self, call: Call) -> Reply:
        body = call.body()
        _required(body, ("url", "events"))
        if "status" in body:
            raise _invalid("status", "is not a known field")
        self._endpoint_checks(body)
        endpoint_id = self._new_id("wh_")
        now = self._now()
        self.webhook_endpoints[endpoint_id] = {
            "object": "webhook_endpoint",
            "id": endpoint_id,
            "url": body["url"],
            "events": list(body["events"]),
            "status": "enabled",
            "description": body.get("description"),
            "created_at": now,
            "updated_at": now,
        }
        secret = self._new_secret("whsec_")
        self._endpoint_secrets[endpoint_id] = [secret]
        self._audit("webhook_endpoint.created", "webhook_endpoint", endpoint_id, self._actor(call))
        return 200, {**self.webhook_endpoints[endpoint_id], "secret": secret}

    def _list_endpoints(self, call: Call) -> Reply:
        return self._page("wh_", call, self.webhook_endpoints.values())

    def _get_endpoint(self, call: Call) -> Reply:
        return 200, self._endpoint(call.params[0])

    def _update_endpoint(self, call: Call) -> Reply:
        endpoint = self._endpoint(call.params[0])
        body = call.body()
        self._endpoint_checks(body)
        endpoint.update(body, updated_at=self._now())
        self._audit(
            "webhook_endpoint.updated",
            "webhook_endpoint",
            endpoint["id"],
            self._actor(call),
            {"changed": sorted(body)},
        )
        return 200, endpoint

    def _delete_endpoint(self, call: Call) -> Reply:
        endpoint = self._endpoint(call.params[0])
        del self.webhook_endpoints[endpoint["id"]]
        self._endpoint_secrets.pop(endpoint["id"], None)
        self._audit(
            "webhook_endpoint.deleted", "webhook_endpoint", endpoint["id"], self._actor(call)
        )
        return 204, None

    def _rotate_secret(self, call: Call) -> Reply:
        endpoint = self._endpoint(call.params[0])
        secret = self._new_secret("whsec_")
        self._endpoint_secrets[endpoint["id"]].insert(0, secret)
        endpoint["updated_at"] = self._now()
        self._audit(
            "webhook_endpoint.secret_rotated", "webhook_endpoint", endpoint["id"], self._actor(call)
        )
        return 200, {**endpoint, "secret": secret}

    def endpoint_secrets(self, endpoint_id: str) -> List[str]:
        """A webhook endpoint's signing secrets, the current one first.

        Examples:
            >>> FakeAPI().endpoint_secrets("wh_unknown")
            []
        """
        return list(self._endpoint_secrets.get(endpoint_id, []))

    def _list_events(self, call: Call) -> Reply:
        type_ = self._enum_filter(call, "type", EVENT_TYPES)
        delivery = self._enum_filter(call, "delivery_status", DELIVERY_STATUSES)
        return self._page(
            "evt_",
            call,
            [
                e
                for e in self.webhook_events.values()
                if (type_ is None or e["type"] == type_)
                and (delivery is None or e["delivery_status"] == delivery)
            ],
        )

    def _replay_event(self, call: Call) -> Reply:
        event = self.webhook_events.get(call.params[0])
        if event is None:
            raise Problem(404, "not_found", f"No such event: {call.params[0]}")
        event["delivery_status"] = "pending"
        self._audit("webhook_event.replayed", "event", event["id"], self._actor(call))
        return 200, event

    # -- billing ---------------------------------------------------------------------------
    def _get_balance(self, call: Call) -> Reply:
        return 200, self.balance()

    def _list_transactions(self, call: Call) -> Reply:
        type_ = self._enum_filter(call, "type", TRANSACTION_TYPES)
        return self._page(
            "crtx_",
            call,
            [t for t in self.transactions.values() if type_ is None or t["type"] == type_],
        )

    def _purchase(self, call: Call) -> Reply:
        body = call.body()
        _required(body, ("amount_cents",))
        _check_fields(body, {"amount_cents": _int_in(1_000, 10_000_000)})
        amount = body["amount_cents"]
        session_id = self._new_id("cs_")
        self.checkout_sessions[session_id] = {
            "object": "checkout_session",
            "id": session_id,
            "checkout_url": f"https://checkout.firsthandapi.test/pay/{session_id}",
            "amount_cents": amount,
            "credits_cents": CREDIT_PACKS.get(amount, amount),
            "status": "open",
            "expires_at": _iso(self._moment() + timedelta(hours=24)),
        }
        self._audit(
            "billing.checkout_session_created",
            "checkout_session",
            session_id,
            self._actor(call),
            {"amount_cents": amount},
        )
        return 200, self.checkout_sessions[session_id]

    def complete_checkout(self, session_id: str) -> Json:
        """Pay an open checkout session: credits arrive (``purchase`` and, for a pack, ``bonus``
        transactions) and ``credits.purchased`` is recorded. Returns the new balance.

        Examples:
            >>> fake = FakeAPI(balance_cents=0)
            >>> fake.complete_checkout("cs_unknown")
            Traceback (most recent call last):
            KeyError: 'cs_unknown'
        """
        with self._lock:
            session = self.checkout_sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"checkout session {session_id} is {session['status']}")
            session["status"] = "complete"
            amount, credits = session["amount_cents"], session["credits_cents"]
            self.available_cents += credits
            self._transaction("purchase", amount, f"Credit purchase {session_id}")
            if credits > amount:
                self._transaction("bonus", credits - amount, f"Pack bonus {session_id}")
            self._emit("credits.purchased", {**self.balance(), "amount_cents": credits})
            return self.balance()

    # -- organization and audit ------------------------------------------------------------
    def _get_settings(self, call: Call) -> Reply:
        return 200, self.settings

    def _update_settings(self, call: Call) -> Reply:
        body = call.body()
        _check_fields(body, _SETTINGS_CHECKS)
        self.settings.update(body, updated_at=self._now())
        self._audit(
            "organization.settings_updated",
            "organization",
            self.organization_id,
            self._actor(call),
            {"changed": sorted(body)},
        )
        return 200, self.settings

    def _list_audit_events(self, call: Call) -> Reply:
        action = call.query.get("action")
        resource_id = call.query.get("resource_id")
        return self._page(
            "aev_",
            call,
            [
                e
                for e in self.audit_events.values()
                if (action is None or e["action"] == action)
                and (resource_id is None or e["resource"]["id"] == resource_id)
            ],
        )

    # -- files -----------------------------------------------------------------------------
    @staticmethod
    def file_bytes(file_id: str) -> bytes:
        """The deterministic content of a file; its SHA-256 is the file's ``content_hash``.

        Examples:
            >>> FakeAPI.file_bytes("file_1") == FakeAPI.file_bytes("file_1")
            True
        """
        return f"FirstHand fake file {file_id}\n".encode() * 16

    def _serve_file(self, request: httpx.Request) -> httpx.Response:
        file_id = unquote(request.url.path.strip("/"))
        file = self.files.get(file_id)
        if request.method != "GET" or file is None:
            return httpx.Response(404, headers={"Content-Type": "text/plain"}, content=b"NoSuchKey")
        return httpx.Response(
            200,
            headers={"Content-Type": file["content_type"]},
            content=self.file_bytes(file_id),
        )

    # -- simulated workers -----------------------------------------------------------------
    def complete_job(
        self, job_id: str, approved: Optional[int] = None, rejected: int = 0, pending: int = 0
    ) -> Json:
        """Simulate workers: ``rejected`` rejected submissions, then ``approved`` approved ones
        (default: the files still needed, at most 5), each with its file, then ``pending``
        submissions awaiting a score. Counters, escrow and status move as CONTRACT §4 says (the
        job completes when ``files_approved == files_needed``); ``submission.*`` and
        ``job.completed`` webhook events are recorded. Returns the job.

        Examples:
            >>> done_job.status, done_job.files_approved, done_job.files_rejected
            ('completed', 3, 1)
            >>> fake_api.complete_job(job.id)["files_approved"]
            5
        """
        with self._lock:
            job = self.jobs[job_id]
            if job["status"] in TERMINAL_STATUSES:
                raise ValueError(f"job {job_id} is already {job['status']}")
            remaining = job["files_needed"] - job["files_approved"]
            count = min(remaining, 5) if approved is None else approved
            if not 0 <= count <= remaining or rejected < 0 or pending < 0:
                raise ValueError(f"job {job_id} needs {remaining} more files; asked for {count}")
            threshold = job["min_star_rating"]
            for _ in range(rejected):
                self._submit(job, "rejected", max(1, threshold - 1))
            for _ in range(count):
                self._submit(job, "approved", max(4, threshold))
            for _ in range(pending):
                self._submit(job, "pending_score", None)
            now = self._now()
            job["updated_at"] = now
            if job["files_approved"] == job["files_needed"]:
                job.update(status="completed", completed_at=now)
                self._release_hold(job, f"Leftover escrow of completed job {job_id}")
                self._emit("job.completed", job)
                self._audit("job.completed", "job", job_id, {"type": "system", "id": "firsthand"})
            elif job["files_approved"] > 0:
                job["status"] = "in_progress"
            return job

    def _submit(self, job: Json, status: str, rating: Optional[int]) -> None:
        now = self._now()
        submission_id = self._new_id("sub_")
        content_type = job["accepted_formats"][0]
        submission: Json = {
            "object": "submission",
            "id": submission_id,
            "job_id": job["id"],
            "worker_id": self._new_id("wkr_"),
            "status": status,
            "ai_star_rating": rating,
            "ai_reasoning": None,
            "file_url": f"https://{FILES_HOST}/submissions/{submission_id}",
            "content_type": content_type,
            "size_bytes": len(self.file_bytes(submission_id)),
            "submitted_at": now,
            "scored_at": None if rating is None else now,
        }
        self.submissions[submission_id] = submission
        if status == "pending_score":
            job["files_pending"] += 1
            return
        dimensions = {"relevance": rating, "quality": rating, "completeness": rating}
        annotations: Json = {"annotation_model": _ANNOTATION_MODEL, "scene": "indoor"}
        if status == "rejected":
            job["files_rejected"] += 1
            submission["ai_reasoning"] = "The subject is not clearly visible."
        else:
            job["files_approved"] += 1
            submission["ai_reasoning"] = "Clear, well-lit and on topic."
            file = self._new_file(job, submission_id, rating or 4, annotations)
            submission["file_url"] = file["download_url"]
            submission["size_bytes"] = file["size_bytes"]
            price = job["price_per_file_cents"]
            self._holds[job["id"]] = self._holds.get(job["id"], 0) - price
            self.held_cents -= price
            self._transaction("deduction", -price, f"Approved file {file['id']}", job["id"])
        self._emit(
            "submission.scored",
            {**submission, "annotations": annotations, "dimensions": dimensions},
        )
        self._emit(f"submission.{status}", submission)

    def _new_file(self, job: Json, submission_id: str, rating: int, annotations: Json) -> Json:
        file_id = self._new_id("file_")
        content = self.file_bytes(file_id)
        content_type = job["accepted_formats"][0]
        visual = content_type.startswith(("image/", "video/"))
        timed = content_type.startswith(("audio/", "video/"))
        self.files[file_id] = {
            "object": "file",
            "id": file_id,
            "job_id": job["id"],
            "submission_id": submission_id,
            "content_type": content_type,
            "size_bytes": len(content),
            "duration_seconds": 12.5 if timed else None,
            "width": 1920 if visual else None,
            "height": 1080 if visual else None,
            "content_hash": hashlib.sha256(content).hexdigest(),
            "captured_at": self._now(),
            "ai_star_rating": rating,
            "device_info": {
                "device_model": "Pixel 8",
                "device_os": "Android 14",
                "app_version": "1.4.0",
            },
            "worker_region": "US-NY",
            "download_url": f"https://{FILES_HOST}/{file_id}",
            "download_url_expires_at": _iso(self._moment() + timedelta(days=7)),
            "annotations": annotations,
            "keyframes": [] if content_type.startswith("video/") else None,
            "created_at": self._now(),
        }
        return self.files[file_id]


#: The name the first tests used; the same class.
FakeJobsAPI = FakeAPI
