"""The stand-in's endpoints: one handler per operation of ``firsthand._operations``.

A handler takes a ``Call`` (an authenticated request, its account and path parameters) and
returns the answer's body (``None`` for none); it raises ``Problem`` for an API error. Every other
fact of an endpoint (method, path, success status, scopes, query parameters, whether it needs a
key or an ``Idempotency-Key``, long polling) is read from its ``Operation``: ``routes`` only says
which handler answers which operation. Authentication, scopes, rate limits, idempotency and the
envelopes are ``._app``'s business.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Tuple, TypeVar, cast

from firsthand import _operations as ops
from firsthand._operations import Operation
from firsthand.testing._http import FakeRequest
from firsthand.testing._limits import (
    API_KEY,
    CREDIT_PURCHASE,
    MIN_SCORE,
    PAGE_LIMIT,
    RATING,
    SIGNUP,
    WEBHOOK_ENDPOINT,
    Body,
)
from firsthand.testing._records import (
    ActorRecord,
    AuditMetadata,
    SettingsChanges,
    WebhookEndpointChanges,
    WebhookEndpointRecord,
)
from firsthand.testing._rules import (
    DAY,
    DELIVERY_STATUSES,
    EVENT_TYPES,
    JOB_CREATE_CHECKS,
    JOB_STATUSES,
    JOB_TYPES,
    SCOPES,
    SETTINGS_CHECKS,
    SUBMISSION_STATUSES,
    TRANSACTION_TYPES,
    Json,
    Problem,
    check_body,
    check_email,
    check_fields,
    check_https,
    invalid,
    iso,
    json_object,
    list_of,
    one_of,
    parse_filter_date,
    parse_time,
    require,
    within,
)
from firsthand.testing._state import (
    DOWNLOAD_URL_LIFETIME,
    Account,
    ApiKeyRecord,
    Organization,
    World,
)

#: What a handler answers: the body (its status is the operation's), a record or an envelope.
Reply = Optional[Mapping[str, object]]
_Record = TypeVar("_Record")

_SIGNUP_CREDITS_CENTS = 500

#: The bodies described field by field (``_limits.Body``), by operation name: ``Call.body()``
#: checks such a body with its description alone (required fields, each field's limit, no
#: unknown key), and ``valid_request``/``invalid_request`` derive valid and broken bodies from
#: it. A new operation whose body is of that kind adds one line here and checks nothing itself.
BODIES: Mapping[str, Body] = {
    ops.RATE_JOB.name: RATING,
    ops.PURCHASE_CREDITS.name: CREDIT_PURCHASE,
}


@dataclass
class Call:
    """One authenticated request as a handler sees it."""

    request: FakeRequest
    params: List[str]
    key: ApiKeyRecord
    account: Account
    organization: Organization
    query: Dict[str, str]
    #: Extra response headers a handler wants sent (``Preference-Applied``).
    headers: Dict[str, str] = field(default_factory=dict[str, str])
    #: The operation called (its body's description, if ``BODIES`` has one, checks ``body()``).
    operation: Optional[Operation[Any]] = None

    @property
    def actor(self) -> ActorRecord:
        return {"type": "api_key", "id": self.key.wire["id"]}

    def body(self) -> Json:
        """The JSON object sent (``{}`` for an empty body); anything else is a 400, and so is a
        body that breaks its operation's description in ``BODIES``."""
        body = json_object(self.request.body)
        spec = None if self.operation is None else BODIES.get(self.operation.name)
        if spec is not None:
            check_body(body, spec)
        return body


def pattern_of(operation: Operation[Any]) -> Tuple[str, ...]:
    """The path's segments, ``*`` for a path parameter.

    Examples:
        >>> pattern_of(ops.GET_JOB_FILES)
        ('v1', 'jobs', '*', 'files')
    """
    return tuple(
        "*" if part.startswith("{") else part for part in operation.path.strip("/").split("/")
    )


class Route(NamedTuple):
    """An operation that needs a key, the handler that answers it, and its path's pattern."""

    operation: Operation[Any]
    handler: Callable[[Call], Reply]
    pattern: Tuple[str, ...]


class KeylessRoute(NamedTuple):
    """An operation that needs no key (signup): its handler sees only the request."""

    operation: Operation[Any]
    handler: Callable[[FakeRequest], Json]
    pattern: Tuple[str, ...]


class Endpoints:
    """The handlers, over one ``World``."""

    def __init__(self, world: World) -> None:
        self.world = world

    # -- shared pieces ---------------------------------------------------------------------
    def page(self, call: Call, items: Iterable[Mapping[str, object]]) -> Json:
        """The list envelope: newest first, ``limit`` 1–100 (default 20), opaque cursors tied to the
        list that issued them (another list's cursor, or anything else, is a 400)."""
        raw_limit = call.query.get("limit", "20")
        digits = raw_limit.isascii() and raw_limit.isdigit()
        problem = within(PAGE_LIMIT)(int(raw_limit) if digits else raw_limit)
        if problem is not None:
            raise invalid("limit", problem)
        limit = int(raw_limit)
        scope = call.request.path
        ordered = sorted(items, key=lambda item: str(item["id"]), reverse=True)
        cursor = call.query.get("cursor")
        if cursor is not None:
            try:
                padded = cursor + "=" * (-len(cursor) % 4)
                cursor_scope, after = base64.urlsafe_b64decode(padded).decode().rsplit("|", 1)
            except (ValueError, binascii.Error, UnicodeDecodeError):
                raise invalid("cursor", "is not a cursor this list issued") from None
            if cursor_scope != scope:
                raise invalid("cursor", "is not a cursor this list issued")
            ordered = [item for item in ordered if str(item["id"]) < after]
        page, rest = ordered[:limit], ordered[limit:]
        next_cursor = None
        if rest:
            token = f"{scope}|{page[-1]['id']}".encode()
            next_cursor = base64.urlsafe_b64encode(token).decode().rstrip("=")
        return {
            "object": "list",
            "data": page,
            "has_more": bool(rest),
            "next_cursor": next_cursor,
        }

    @staticmethod
    def enum_filter(call: Call, name: str, choices: Sequence[str]) -> Optional[str]:
        value = call.query.get(name)
        if value is not None and value not in choices:
            raise invalid(name, "must be one of " + ", ".join(choices))
        return value

    @staticmethod
    def score_filter(call: Call, default: Optional[int]) -> Optional[int]:
        raw = call.query.get("min_score")
        if raw is None:
            return default
        problem = within(MIN_SCORE)(int(raw) if raw.isascii() and raw.isdigit() else raw)
        if problem is not None:
            raise invalid("min_score", problem)
        return int(raw)

    def date_window(self, call: Call) -> Tuple[datetime, datetime]:
        """``start_date`` (default 30 days ago) and ``end_date`` (default now). A start after the
        end is a 400 when both are given (as the SDK checks); against a default it is an empty
        window, as a schema-valid request must not fail on the server's clock."""
        bounds: List[datetime] = []
        for name, default in (
            ("start_date", self.world.moment() - timedelta(days=30)),
            ("end_date", self.world.moment()),
        ):
            raw = call.query.get(name)
            try:
                bounds.append(default if raw is None else parse_filter_date(raw))
            except ValueError:
                raise invalid(name, "must be an RFC 3339 date or date-time") from None
        given = "start_date" in call.query and "end_date" in call.query
        if given and bounds[0] > bounds[1]:
            raise invalid("start_date", "must not be after end_date")
        return bounds[0], bounds[1]

    @staticmethod
    def get(table: Mapping[str, _Record], object_id: str, what: str) -> _Record:
        found = table.get(object_id)
        if found is None:
            raise Problem(404, "not_found", f"No such {what}: {object_id}")
        return found

    # -- jobs ------------------------------------------------------------------------------
    def create_job(self, call: Call) -> Reply:
        body = call.body()
        require(
            body,
            ("type", "description", "files_needed", "accepted_formats", "price_per_file_cents"),
        )
        check_fields(body, JOB_CREATE_CHECKS)
        return self.world.post_job(call.account, body, call.actor)

    def list_jobs(self, call: Call) -> Reply:
        status = self.enum_filter(call, "status", JOB_STATUSES)
        type_ = self.enum_filter(call, "type", JOB_TYPES)
        jobs = [
            job
            for job in call.account.jobs.values()
            if (status is None or job["status"] == status)
            and (type_ is None or job["type"] == type_)
        ]
        return self.page(call, jobs)

    def get_job(self, call: Call) -> Reply:
        return self.get(call.account.jobs, call.params[0], "job")

    def cancel_job(self, call: Call) -> Reply:
        job = self.get(call.account.jobs, call.params[0], "job")
        self.world.cancel_job(call.account, job, call.actor)
        return job

    def rate_job(self, call: Call) -> Reply:
        job = self.get(call.account.jobs, call.params[0], "job")
        body = call.body()
        if job["status"] != "completed":
            raise Problem(
                409, "conflict", f"Only a completed job can be rated; it is {job['status']}"
            )
        job.update({"buyer_rating": body["rating"], "updated_at": self.world.stamp()})
        metadata: AuditMetadata = {"rating": body["rating"]}
        if body.get("comment") is not None:
            metadata["comment"] = body["comment"]
        self.world.audit(call.account, "job.rated", ("job", job["id"]), call.actor, metadata)
        return job

    def job_files(self, call: Call) -> Reply:
        job = self.get(call.account.jobs, call.params[0], "job")
        min_score = self.score_filter(call, 3) or 1
        files = [
            file
            for file in call.account.files.values()
            if file["job_id"] == job["id"] and file["ai_star_rating"] >= min_score
        ]
        return self.page(call, files)

    def job_submissions(self, call: Call) -> Reply:
        job = self.get(call.account.jobs, call.params[0], "job")
        status = self.enum_filter(call, "status", SUBMISSION_STATUSES)
        chosen = [
            s
            for s in call.account.submissions.values()
            if s["job_id"] == job["id"] and (status is None or s["status"] == status)
        ]
        return self.page(call, chosen)

    def job_audit(self, call: Call) -> Reply:
        job = self.get(call.account.jobs, call.params[0], "job")
        events = call.account.audit_events.values()
        return self.page(call, [e for e in events if e["resource"]["id"] == job["id"]])

    def refresh_url(self, call: Call) -> Reply:
        file = self.get(call.account.files, call.params[0], "file")
        file["download_url"] = self.world.download_url(file["id"])
        file["download_url_expires_at"] = self.world.stamp(DOWNLOAD_URL_LIFETIME)
        self.world.audit(call.account, "file.url_refreshed", ("file", file["id"]), call.actor)
        return file

    # -- submissions -----------------------------------------------------------------------
    def list_submissions(self, call: Call) -> Reply:
        job_id = call.query.get("job_id")
        status = self.enum_filter(call, "status", SUBMISSION_STATUSES)
        min_score = self.score_filter(call, None)
        start, end = self.date_window(call)
        chosen = [
            s
            for s in call.account.submissions.values()
            if (job_id is None or s["job_id"] == job_id)
            and (status is None or s["status"] == status)
            and (min_score is None or (s["ai_star_rating"] or 0) >= min_score)
            and start <= parse_time(s["submitted_at"]) <= end
        ]
        return self.page(call, chosen)

    def get_submission(self, call: Call) -> Reply:
        return self.get(call.account.submissions, call.params[0], "submission")

    def submission_summary(self, call: Call) -> Reply:
        job_id = call.query.get("job_id")
        if job_id is not None:
            self.get(call.account.jobs, job_id, "job")
        start, end = self.date_window(call)
        chosen = [
            s
            for s in call.account.submissions.values()
            if (job_id is None or s["job_id"] == job_id)
            and start <= parse_time(s["submitted_at"]) <= end
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
        return {
            "object": "submission_summary",
            "job_id": job_id,
            "start_date": iso(start),
            "end_date": iso(end),
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
    def create_api_key(self, call: Call) -> Reply:
        body = call.body()
        require(body, ("name",))
        check_fields(
            body,
            {
                "name": within(API_KEY["name"], nullable=False),
                "scopes": list_of(SCOPES, non_empty=True, unique=True),
                "environment": one_of(("live", "test")),
            },
        )
        environment = body.get("environment", call.account.environment)
        wire, secret = self.world.new_api_key(
            call.organization, body["name"], environment, body.get("scopes")
        )
        self.world.audit(
            call.account,
            "api_key.created",
            ("api_key", wire["id"]),
            call.actor,
            {"name": body["name"], "environment": environment},
        )
        return {**wire, "secret": secret}

    def _key(self, call: Call) -> ApiKeyRecord:
        record = self.world.api_keys.get(call.params[0])
        if record is None or record.organization_id != call.organization.id:
            raise Problem(404, "not_found", f"No such API key: {call.params[0]}")
        return record

    def list_api_keys(self, call: Call) -> Reply:
        keys = self.world.api_keys.values()
        return self.page(call, [r.wire for r in keys if r.organization_id == call.organization.id])

    def rotate_api_key(self, call: Call) -> Reply:
        record = self._key(call)
        if record.wire["revoked_at"] is not None:
            raise Problem(409, "conflict", "A revoked API key cannot be rotated")
        secret = self.world.rotate_api_key(record)
        self.world.audit(
            call.account, "api_key.rotated", ("api_key", record.wire["id"]), call.actor
        )
        return {**record.wire, "secret": secret}

    def revoke_api_key(self, call: Call) -> Reply:
        record = self._key(call)
        if record.wire["revoked_at"] is None:
            record.wire["revoked_at"] = self.world.stamp()
            self.world.audit(
                call.account, "api_key.revoked", ("api_key", record.wire["id"]), call.actor
            )
        return None

    # -- webhook endpoints and events ------------------------------------------------------
    @staticmethod
    def _endpoint_checks(body: Json) -> None:
        url = body.get("url")
        if isinstance(url, str) and check_https(url) is not None:  # the documented 422
            raise invalid("url", "must be an https URL", status=422)
        check_fields(
            body,
            {
                "url": check_https,
                "events": list_of(EVENT_TYPES, non_empty=True, unique=True),
                "description": within(WEBHOOK_ENDPOINT["description"]),
                "status": one_of(("enabled", "disabled")),
            },
        )

    def create_endpoint(self, call: Call) -> Reply:
        body = call.body()
        require(body, ("url", "events"))
        if "status" in body:
            raise invalid("status", "is not a known field")
        self._endpoint_checks(body)
        endpoint_id = self.world.new_id("wh_")
        now = self.world.stamp()
        endpoint: WebhookEndpointRecord = {
            "object": "webhook_endpoint",
            "id": endpoint_id,
            "url": body["url"],
            "events": list(body["events"]),
            "status": "enabled",
            "description": body.get("description"),
            "created_at": now,
            "updated_at": now,
        }
        call.account.webhook_endpoints[endpoint_id] = endpoint
        secret = self.world.ids.secret("whsec_")
        call.account.endpoint_secrets[endpoint_id] = [(secret, None)]
        self.world.audit(
            call.account, "webhook_endpoint.created", ("webhook_endpoint", endpoint_id), call.actor
        )
        return {**endpoint, "secret": secret}

    def list_endpoints(self, call: Call) -> Reply:
        return self.page(call, call.account.webhook_endpoints.values())

    def get_endpoint(self, call: Call) -> Reply:
        return self.get(call.account.webhook_endpoints, call.params[0], "webhook endpoint")

    def update_endpoint(self, call: Call) -> Reply:
        endpoint = self.get(call.account.webhook_endpoints, call.params[0], "webhook endpoint")
        body = call.body()
        if not body:
            raise Problem(400, "validation_error", "The update sets nothing")
        self._endpoint_checks(body)
        changes = cast(WebhookEndpointChanges, body)  # checked: only these fields, of these types
        endpoint.update({**endpoint, **changes, "updated_at": self.world.stamp()})
        self.world.audit(
            call.account,
            "webhook_endpoint.updated",
            ("webhook_endpoint", endpoint["id"]),
            call.actor,
            {"changed": sorted(body)},
        )
        return endpoint

    def delete_endpoint(self, call: Call) -> Reply:
        endpoint = self.get(call.account.webhook_endpoints, call.params[0], "webhook endpoint")
        del call.account.webhook_endpoints[endpoint["id"]]
        call.account.endpoint_secrets.pop(endpoint["id"], None)
        self.world.audit(
            call.account,
            "webhook_endpoint.deleted",
            ("webhook_endpoint", endpoint["id"]),
            call.actor,
        )
        return None

    def rotate_secret(self, call: Call) -> Reply:
        """A new signing secret; the old one keeps signing (a second ``v1``) for 24 h."""
        endpoint = self.get(call.account.webhook_endpoints, call.params[0], "webhook endpoint")
        secret = self.world.ids.secret("whsec_")
        until = self.world.now() + DAY
        secrets = call.account.endpoint_secrets.setdefault(endpoint["id"], [])
        secrets[:] = [(s, until if valid is None else valid) for s, valid in secrets]
        secrets.insert(0, (secret, None))
        endpoint["updated_at"] = self.world.stamp()
        self.world.audit(
            call.account,
            "webhook_endpoint.secret_rotated",
            ("webhook_endpoint", endpoint["id"]),
            call.actor,
        )
        return {**endpoint, "secret": secret}

    def list_events(self, call: Call) -> Reply:
        type_ = self.enum_filter(call, "type", EVENT_TYPES)
        delivery = self.enum_filter(call, "delivery_status", DELIVERY_STATUSES)
        return self.page(
            call,
            [
                e
                for e in call.account.webhook_events.values()
                if (type_ is None or e["type"] == type_)
                and (delivery is None or e["delivery_status"] == delivery)
            ],
        )

    def replay_event(self, call: Call) -> Reply:
        """Answer the event as ``pending``, then deliver it again to every subscribed endpoint."""
        event = self.get(call.account.webhook_events, call.params[0], "event")
        event["delivery_status"] = "pending"
        answer: Json = json.loads(json.dumps(event))
        self.world.deliver(call.account, event)
        self.world.audit(call.account, "webhook_event.replayed", ("event", event["id"]), call.actor)
        return answer

    # -- billing ---------------------------------------------------------------------------
    def get_balance(self, call: Call) -> Reply:
        return self.world.balance(call.account)

    def list_transactions(self, call: Call) -> Reply:
        type_ = self.enum_filter(call, "type", TRANSACTION_TYPES)
        transactions = call.account.transactions.values()
        return self.page(call, [t for t in transactions if type_ is None or t["type"] == type_])

    def purchase(self, call: Call) -> Reply:
        body = call.body()
        session = self.world.new_checkout(call.account, body["amount_cents"])
        self.world.audit(
            call.account,
            "billing.checkout_session_created",
            ("checkout_session", session["id"]),
            call.actor,
            {"amount_cents": body["amount_cents"]},
        )
        return session

    # -- organization and audit ------------------------------------------------------------
    def get_settings(self, call: Call) -> Reply:
        return call.organization.settings

    def update_settings(self, call: Call) -> Reply:
        body = call.body()
        if not body:
            raise Problem(400, "validation_error", "The update sets nothing")
        check_fields(body, SETTINGS_CHECKS)
        changes = cast(SettingsChanges, body)  # checked: only these fields, of these types
        settings = call.organization.settings
        settings.update({**settings, **changes, "updated_at": self.world.stamp()})
        self.world.audit(
            call.account,
            "organization.settings_updated",
            ("organization", call.organization.id),
            call.actor,
            {"changed": sorted(body)},
        )
        return call.organization.settings

    def list_audit_events(self, call: Call) -> Reply:
        action = call.query.get("action")
        resource_id = call.query.get("resource_id")
        return self.page(
            call,
            [
                e
                for e in call.account.audit_events.values()
                if (action is None or e["action"] == action)
                and (resource_id is None or e["resource"]["id"] == resource_id)
            ],
        )

    # -- without a key ---------------------------------------------------------------------
    def signup(self, request: FakeRequest) -> Json:
        """A new organization with a live key and its signup credits."""
        body = json_object(request.body)
        require(body, ("name", "email"))
        check_fields(body, {"name": within(SIGNUP["name"], nullable=False), "email": check_email})
        organization = self.world.new_organization(
            str(body["name"]), live_cents=_SIGNUP_CREDITS_CENTS
        )
        _, secret = self.world.new_api_key(organization, "Signup key", "live")
        return {
            "organization_id": organization.id,
            "api_key": secret,
            "credits_cents": _SIGNUP_CREDITS_CENTS,
        }

    # -- the table -------------------------------------------------------------------------
    def handlers(self) -> Mapping[Operation[Any], Callable[[Call], Reply]]:
        """The handler of each operation that needs a key: nothing else about it is said here."""
        return {
            ops.CREATE_JOB: self.create_job,
            ops.GET_JOB: self.get_job,
            ops.LIST_JOBS: self.list_jobs,
            ops.CANCEL_JOB: self.cancel_job,
            ops.RATE_JOB: self.rate_job,
            ops.GET_JOB_FILES: self.job_files,
            ops.GET_JOB_SUBMISSIONS: self.job_submissions,
            ops.GET_JOB_AUDIT: self.job_audit,
            ops.REFRESH_FILE_URL: self.refresh_url,
            ops.LIST_SUBMISSIONS: self.list_submissions,
            ops.GET_SUBMISSION: self.get_submission,
            ops.GET_SUBMISSION_SUMMARY: self.submission_summary,
            ops.CREATE_API_KEY: self.create_api_key,
            ops.LIST_API_KEYS: self.list_api_keys,
            ops.ROTATE_API_KEY: self.rotate_api_key,
            ops.REVOKE_API_KEY: self.revoke_api_key,
            ops.CREATE_WEBHOOK_ENDPOINT: self.create_endpoint,
            ops.LIST_WEBHOOK_ENDPOINTS: self.list_endpoints,
            ops.GET_WEBHOOK_ENDPOINT: self.get_endpoint,
            ops.UPDATE_WEBHOOK_ENDPOINT: self.update_endpoint,
            ops.DELETE_WEBHOOK_ENDPOINT: self.delete_endpoint,
            ops.ROTATE_WEBHOOK_SECRET: self.rotate_secret,
            ops.LIST_WEBHOOK_EVENTS: self.list_events,
            ops.REPLAY_WEBHOOK_EVENT: self.replay_event,
            ops.GET_CREDIT_BALANCE: self.get_balance,
            ops.LIST_TRANSACTIONS: self.list_transactions,
            ops.PURCHASE_CREDITS: self.purchase,
            ops.GET_SETTINGS: self.get_settings,
            ops.UPDATE_SETTINGS: self.update_settings,
            ops.LIST_AUDIT_EVENTS: self.list_audit_events,
        }

    def keyless_handlers(self) -> Mapping[Operation[Any], Callable[[FakeRequest], Json]]:
        """The handler of each operation that needs no key."""
        return {ops.SIGNUP: self.signup}

    def routes(self) -> Tuple[List[Route], List[KeylessRoute]]:
        """Every operation of ``firsthand._operations.ROUTED`` with its handler: those that need a
        key, then those that do not. Within each, a path with fewer parameters comes first, so
        ``/v1/submissions/summary`` is not read as a submission's id.

        Raises:
            RuntimeError: An operation has no handler, or a handler no operation.
        """
        keyed, keyless = self.handlers(), self.keyless_handlers()
        wanted = {op for op in ops.ROUTED if op.auth}, {op for op in ops.ROUTED if not op.auth}
        for table, expected in zip((keyed, keyless), wanted):
            if set(table) != expected:
                missing = sorted(op.name for op in expected - set(table))
                extra = sorted(op.name for op in set(table) - expected)
                raise RuntimeError(f"stand-in handlers: missing {missing}, unexpected {extra}")

        def order(op: Operation[Any]) -> int:
            return pattern_of(op).count("*")

        ordered = sorted(ops.ROUTED, key=order)
        return (
            [Route(op, keyed[op], pattern_of(op)) for op in ordered if op.auth],
            [KeylessRoute(op, keyless[op], pattern_of(op)) for op in ordered if not op.auth],
        )
