"""The stand-in's server logic: one function from [`FakeRequest`][firsthand.testing.FakeRequest] to [`FakeResponse`][firsthand.testing.FakeResponse].

In order: planned faults, the request log, the simulation catching up with the clock, file downloads,
then for the API: ``X-Request-Id``, authentication, the per-key rate limit, routing, scopes, query
checks, idempotency, long polling, the handler, the envelopes and headers (docs/api-contract.md, "Transport").
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from typing import Deque, Dict, List, Mapping, Optional, Tuple
from urllib.parse import unquote

from firsthand._error_mapping import default_type_for
from firsthand.testing._deliveries import Outgoing, WebhookDelivery
from firsthand.testing._faults import Fault, Faults
from firsthand.testing._files import sandbox_file_content
from firsthand.testing._http import FakeRequest, FakeResponse
from firsthand.testing._rate_limit import RateLimiter
from firsthand.testing._routes import Call, Endpoints, KeylessRoute, Route
from firsthand.testing._rules import (
    DAY,
    TERMINAL_STATUSES,
    Json,
    Problem,
    invalid,
)
from firsthand.testing._state import World

#: Seconds a ``Prefer: wait=N`` long poll may hold a request (docs/api-contract.md, "long polling").
_MAX_WAIT = 60


def _json(body: Mapping[str, object]) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def _parse_wait(prefer: Optional[str]) -> Optional[int]:
    """``N`` of ``Prefer: wait=N`` (clamped to 1–60), or ``None`` when absent or unreadable."""
    if not prefer:
        return None
    for preference in prefer.split(","):
        name, _, value = preference.strip().partition("=")
        if name.strip().lower() == "wait":
            try:
                seconds = float(value.strip().strip('"'))
            except ValueError:
                return None
            if seconds != seconds:  # NaN
                return None
            return int(min(_MAX_WAIT, max(1, seconds)))
    return None


class StandInApp:
    """The contract's rules over a ``World``; thread-safe.

    Args:
        world: The state.
        limiter: Per-key rate limits.
        faults: Planned failures.
        lock: The lock every change of ``world`` happens under.
        send: Sends one delivery on (``fake.deliver_to``); ``True`` when the receiver accepted it.
        request_log_size: How many of the latest requests ``requests`` keeps (a ring);
            ``0`` keeps none, ``None`` every one.
    """

    def __init__(
        self,
        world: World,
        limiter: RateLimiter,
        faults: Faults,
        lock: threading.RLock,
        send: Callable[[WebhookDelivery], bool],
        request_log_size: Optional[int] = None,
    ) -> None:
        self.world = world
        self.limiter = limiter
        self.faults = faults
        self.lock = lock
        self.changed = threading.Condition(lock)
        self.send = send
        #: The latest requests received, oldest first (at most ``request_log_size``).
        self.requests: Deque[FakeRequest] = deque(maxlen=request_log_size)
        #: Requests received in all, kept or not.
        self.request_count = 0
        self.deprecations: Dict[str, str] = {}
        self.endpoints = Endpoints(world)
        self.routes, self.keyless_routes = self.endpoints.routes()

    # -- the entry point -----------------------------------------------------------------------
    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one request (what every transport calls)."""
        fault = self.faults.take()
        with self.lock:
            self.request_count += 1
            if self.requests.maxlen != 0:
                self.requests.append(request)
            self.world.run_due()
            if fault is not None and fault.kind in ("fail", "rate_limit"):
                response = self._planned_failure(fault)
            elif request.path.startswith("/files/"):
                response = self._serve_file(request)
            else:
                response = self._answer(request)
            self.changed.notify_all()
        if not self.world.clock.running:  # a running clock's thread sends them, off this request
            self.flush()
        if fault is not None and fault.kind == "drop":
            response.drop = True
        elif fault is not None and fault.kind == "delay":
            response.delay = fault.seconds
        return response

    def tick(self) -> None:
        """Run what is due on the clock and send what that produced (the served stand-in's
        background thread calls this a few times a second)."""
        with self.lock:
            if self.world.run_due():
                self.changed.notify_all()
        self.flush()

    def flush(self) -> None:
        """Send the queued deliveries on, outside the lock (a receiver may call back in)."""
        while True:
            with self.lock:
                if not self.world.outbox:
                    return
                batch: List[Outgoing] = self.world.outbox[:]
                del self.world.outbox[:]
            for outgoing in batch:
                try:
                    ok = bool(self.send(outgoing.delivery))
                except Exception:  # a receiver's failure is a failed delivery, never ours
                    ok = False
                with self.lock:
                    self.world.delivery_result(outgoing, ok)

    # -- responses -----------------------------------------------------------------------------
    def _new_request_id(self) -> str:
        return self.world.ids.new("req_", self.world.clock.now())

    @staticmethod
    def _respond(
        status: int, body: Optional[Mapping[str, object]], headers: Dict[str, str]
    ) -> FakeResponse:
        pairs = list(headers.items())
        if body is None:
            return FakeResponse(status, pairs)
        pairs.append(("Content-Type", "application/json"))
        return FakeResponse(status, pairs, _json(body))

    def _error(self, problem: Problem, request_id: str, headers: Dict[str, str]) -> FakeResponse:
        error: Json = {"type": problem.type, "message": problem.message, "request_id": request_id}
        if problem.details is not None:
            error["details"] = problem.details
        return self._respond(
            problem.status,
            {"error": error},
            {"X-Request-Id": request_id, **headers, **problem.headers},
        )

    def _planned_failure(self, fault: Fault) -> FakeResponse:
        request_id = self._new_request_id()
        headers: Dict[str, str] = {}
        message = f"The stand-in was told to fail this request with {fault.status}"
        if fault.kind == "rate_limit":
            headers["Retry-After"] = str(fault.retry_after)
            message = f"Too many requests; retry in {fault.retry_after} seconds"
        problem = Problem(fault.status, default_type_for(fault.status), message)
        return self._error(problem, request_id, headers)

    # -- the API -------------------------------------------------------------------------------
    def _answer(self, request: FakeRequest) -> FakeResponse:
        request_id = self._new_request_id()
        limit_headers: Dict[str, str] = {}
        try:
            keyless = self._match_keyless(request)
            if keyless is not None:  # rate-limited per operation, as there is no key
                limit_headers = self._limit(keyless.operation.name)
                answer = keyless.handler(request)
                headers = {"X-Request-Id": request_id, **limit_headers}
                return self._respond(keyless.operation.status, answer, headers)
            try:
                record, account = self.world.authenticate(self._bearer(request))
            except Problem:
                limit_headers = self.limiter.take("anonymous")[0]
                limit_headers.pop("Retry-After", None)  # Retry-After belongs to 429s only
                raise
            limit_headers = self._limit(record.wire["id"])
            route, params = self._match(request)
            operation = route.operation
            if operation.scopes and not set(operation.scopes) & set(record.wire["scopes"]):
                raise Problem(
                    403,
                    "authorization_error",
                    f"This API key lacks the {' or '.join(operation.scopes)} scope",
                )
            query = self._query(request, route)
            organization = self.world.organizations[record.organization_id]
            call = Call(request, params, record, account, organization, query, operation=operation)
            key = request.header("Idempotency-Key") if request.method == "POST" else None
            if request.method == "POST":
                replay = self._replay(call, route, key, limit_headers)
                if replay is not None:
                    return replay
            if operation.long_poll:
                self._long_poll(call)
            body = route.handler(call)
            headers = {"X-Request-Id": request_id, **limit_headers, **call.headers}
            response = self._respond(operation.status, body, self._deprecated(request, headers))
            if key is not None:
                self._store(call, key, response)
            return response
        except Problem as problem:
            return self._error(problem, request_id, self._deprecated(request, limit_headers))

    def _limit(self, bucket: str) -> Dict[str, str]:
        """Spend one request of ``bucket``: the headers to send, or a 429 when it is empty."""
        headers, retry_after = self.limiter.take(bucket)
        if retry_after is not None:
            raise Problem(
                429,
                "rate_limit_exceeded",
                f"Too many requests: {self.limiter.limit} per minute per API key; "
                f"retry in {retry_after} seconds",
                headers=headers,
            )
        return headers

    @staticmethod
    def _bearer(request: FakeRequest) -> str:
        presented = request.header("Authorization")
        if not presented:
            raise Problem(
                401,
                "authentication_error",
                "No API key provided: send Authorization: Bearer <your API key>",
            )
        scheme, _, key = presented.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Problem(
                401, "authentication_error", "The Authorization header must be Bearer <API key>"
            )
        return key.strip()

    def _match(self, request: FakeRequest) -> Tuple[Route, List[str]]:
        """The route of a request; a 404 for a path no route knows, and a 405 with ``Allow``
        (the methods routed there) for a method the path is not routed for."""
        path = self._segments(request)
        allowed: List[str] = []
        for route in self.routes:
            if self._fits(route.pattern, path):
                if route.operation.method == request.method:
                    return route, [s for p, s in zip(route.pattern, path) if p == "*"]
                allowed.append(route.operation.method)
        if allowed:
            allow = ", ".join(sorted(set(allowed)))
            raise Problem(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed on {request.path}; allowed: {allow}",
                headers={"Allow": allow},
            )
        raise Problem(404, "not_found", f"No route for {request.method} {request.path}")

    def _match_keyless(self, request: FakeRequest) -> Optional[KeylessRoute]:
        """The route of a request to an operation that needs no key, if it is one."""
        path = self._segments(request)
        for route in self.keyless_routes:
            if route.operation.method == request.method and self._fits(route.pattern, path):
                return route
        return None

    @staticmethod
    def _segments(request: FakeRequest) -> List[str]:
        return [unquote(part) for part in request.path.strip("/").split("/")]

    @staticmethod
    def _fits(pattern: Tuple[str, ...], path: List[str]) -> bool:
        return len(pattern) == len(path) and all(p in ("*", s) for p, s in zip(pattern, path))

    @staticmethod
    def _query(request: FakeRequest, route: Route) -> Dict[str, str]:
        query: Dict[str, str] = {}
        details: List[Dict[str, str]] = []
        for name, value in request.params():
            if name not in route.operation.query_parameters:
                details.append({"field": name, "message": "is not a known query parameter"})
            elif value == "":  # the same on every filter, as the OpenAPI document says
                details.append({"field": name, "message": "must not be empty"})
            query[name] = value
        if details:
            raise Problem(
                400,
                "validation_error",
                f"Invalid request: {details[0]['field']} {details[0]['message']}",
                details,
            )
        return query

    def _deprecated(self, request: FakeRequest, headers: Dict[str, str]) -> Dict[str, str]:
        for prefix, sunset in self.deprecations.items():
            if request.path.startswith(prefix):
                return {
                    **headers,
                    "Deprecation": "true",
                    "Sunset": sunset,
                    "Link": '<https://docs.firsthandapi.com/migration/v2>; rel="successor-version"',
                }
        return headers

    # -- idempotency (docs/api-contract.md) -----------------------------------------------------
    @staticmethod
    def _fingerprint(request: FakeRequest) -> Tuple[str, str, str]:
        try:
            canonical = json.dumps(json.loads(request.body), sort_keys=True) if request.body else ""
        except ValueError:
            canonical = request.body.decode("utf-8", "replace")
        return request.method, request.path, canonical

    def _replay(
        self, call: Call, route: Route, key: Optional[str], limit_headers: Dict[str, str]
    ) -> Optional[FakeResponse]:
        if key is None:
            if route.operation.idempotency_required:
                raise Problem(
                    400,
                    "validation_error",
                    "The Idempotency-Key header is required on this request",
                    [{"field": "Idempotency-Key", "message": "is required"}],
                )
            return None
        if not 1 <= len(key) <= 255:
            raise invalid("Idempotency-Key", "must be 1 to 255 characters")
        stored = call.account.idempotency.get(key)
        if stored is None:
            return None
        stored_at, fingerprint, response = stored
        if self.world.now() - stored_at > DAY:
            del call.account.idempotency[key]
            return None
        if fingerprint != self._fingerprint(call.request):
            raise Problem(
                409,
                "idempotency_error",
                "This Idempotency-Key was already used with a different request "
                f"({fingerprint[0]} {fingerprint[1]}); use a new key for a new request",
            )
        kept = [(k, v) for k, v in response.headers if k not in limit_headers]
        headers = [*kept, *limit_headers.items(), ("Idempotent-Replayed", "true")]
        return FakeResponse(response.status, headers, response.body)

    def _store(self, call: Call, key: str, response: FakeResponse) -> None:
        if response.status < 500 and key not in call.account.idempotency:
            fingerprint = self._fingerprint(call.request)
            call.account.idempotency[key] = (self.world.now(), fingerprint, response)

    # -- long polling (docs/api-contract.md) ----------------------------------------------------
    def _long_poll(self, call: Call) -> None:
        """Hold ``GET /v1/jobs/{id}`` with ``Prefer: wait=N`` until the job's status changes or N
        seconds pass on the stand-in's clock. A frozen clock is moved forward through the
        simulation (instant for the caller); a running one is waited on."""
        wait = _parse_wait(call.request.header("Prefer"))
        if wait is None:
            return
        call.headers["Preference-Applied"] = f"wait={wait}"
        job = call.account.jobs.get(call.params[0])
        if job is None or job["status"] in TERMINAL_STATUSES:
            return
        world, clock = self.world, self.world.clock
        status = job["status"]
        deadline = clock.now() + wait
        while job["status"] == status:
            now = clock.now()
            due = world.next_due()
            if clock.running:
                if now >= deadline:
                    return
                until = deadline if due is None else min(deadline, max(due, now + 0.001))
                self.changed.wait(clock.real_seconds(until - now))
            elif due is None or due > deadline:
                clock.advance(max(0.0, deadline - now))
                world.run_due()
                return
            else:
                clock.advance(max(0.0, due - now))
            world.run_due()

    # -- files ---------------------------------------------------------------------------------
    def _serve_file(self, request: FakeRequest) -> FakeResponse:
        """The stand-in's file host: pre-signed URLs, 7-day expiry, ``Range`` for resuming."""
        object_id = unquote(request.path[len("/files/") :])
        found = self.world.find("files", object_id) or self.world.find("submissions", object_id)
        if request.method not in ("GET", "HEAD") or found is None:
            return self._storage_error(404, "NoSuchKey", "The specified key does not exist.")
        params = dict(request.params())
        try:
            expires = int(params.get("expires", ""))
        except ValueError:
            expires = -1
        if params.get("signature") != self.world.url_signature(object_id, expires):
            return self._storage_error(403, "AccessDenied", "Invalid signature")
        if self.world.now() > expires:
            return self._storage_error(403, "AccessDenied", "Request has expired")
        content_type = str(found[1]["content_type"])
        content = sandbox_file_content(object_id, content_type)
        headers = [("Content-Type", content_type), ("Accept-Ranges", "bytes")]
        status, body = 200, content
        wanted = request.header("Range")
        first = wanted[6:].split("-")[0] if wanted and wanted.startswith("bytes=") else ""
        if first.isascii() and first.isdigit():
            start = int(first)
            if start >= len(content):
                headers.append(("Content-Range", f"bytes */{len(content)}"))
                return FakeResponse(416, headers)
            status, body = 206, content[start:]
            headers.append(("Content-Range", f"bytes {start}-{len(content) - 1}/{len(content)}"))
        if request.method == "HEAD":
            headers.append(("Content-Length", str(len(body))))
            body = b""
        return FakeResponse(status, headers, body)

    @staticmethod
    def _storage_error(status: int, code: str, message: str) -> FakeResponse:
        xml = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
        return FakeResponse(status, [("Content-Type", "application/xml")], xml.encode())
