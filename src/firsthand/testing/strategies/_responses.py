"""Strategies of server responses (``*_wire()``), ``wire_for`` and the error envelopes."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Tuple, get_args

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from firsthand._models._list import ListEnvelope
from firsthand._models.api_keys import (
    ApiKey,
    ApiKeyEnvironment,
    ApiKeyScope,
)
from firsthand._models.audit import AuditActor, AuditEvent, AuditResource
from firsthand._models.auth import SignupResult
from firsthand._models.billing import (
    CheckoutSession,
    CreditBalance,
    CreditTransaction,
    TransactionType,
)
from firsthand._models.files import DeviceInfo, JobFile
from firsthand._models.jobs import (
    AcceptedFormat,
    Job,
    JobLocation,
    JobStatus,
    JobType,
)
from firsthand._models.organization import OrganizationSettings
from firsthand._models.submissions import (
    Submission,
    SubmissionStatus,
    SubmissionSummary,
)
from firsthand._models.webhooks import (
    WEBHOOK_EVENT_TYPES,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookEvent,
)
from firsthand.testing.strategies._base import (
    ERROR_ALIASES,
    ERROR_STATUS,
    Wire,
    arbitrary_json,
    cents,
    count,
    extra_fields,
    https_url,
    json_object,
    known_or_new,
    merged,
    nullable,
    object_id,
    rarely,
    stars,
    text,
    timestamp_wire,
    ulid,
    wire_object,
)

# -- response objects ----------------------------------------------------------------------------


def job_location_wire() -> SearchStrategy[Wire]:
    """A job's ``location`` object: ``lat``, ``lng`` and a ``radius_km`` that may be ``null``.

    Examples:
        >>> isinstance(job_location_wire(), SearchStrategy)
        True
    """
    return wire_object(
        JobLocation,
        {
            "lat": st.floats(-90, 90, allow_nan=False),
            "lng": st.floats(-180, 180, allow_nan=False),
        },
        {"radius_km": nullable(st.one_of(st.integers(1, 500), st.floats(0.1, 500)))},
    )


def job_wire() -> SearchStrategy[Wire]:
    """A job object (``object: "job"``) as ``GET /v1/jobs/{id}`` answers it.

    Examples:
        >>> isinstance(job_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return wire_object(
        Job,
        {
            "object": st.just("job"),
            "id": object_id("job"),
            "type": known_or_new(get_args(JobType)),
            "status": known_or_new(get_args(JobStatus)),
            "description": text(300),
            "files_needed": st.integers(1, 10_000),
            "price_per_file_cents": cents(10, 50_000),
            "created_at": ts,
        },
        {
            "title": nullable(text(100)),
            "files_approved": count(),
            "files_pending": count(),
            "files_rejected": count(),
            "accepted_formats": st.lists(known_or_new(get_args(AcceptedFormat)), max_size=4),
            "total_cost_cents": nullable(cents()),
            "location": nullable(job_location_wire()),
            "deadline": nullable(ts),
            "max_workers": nullable(st.integers(1, 1_000)),
            "metadata": nullable(json_object()),
            "files_per_submission": nullable(st.integers(1, 5)),
            "scoring_criteria": nullable(text()),
            "min_star_rating": nullable(stars()),
            "min_width": nullable(st.integers(1, 10_000)),
            "min_height": nullable(st.integers(1, 10_000)),
            "worker_guidelines": nullable(text()),
            "buyer_rating": nullable(stars()),
            "updated_at": nullable(ts),
            "completed_at": nullable(ts),
            "cancelled_at": nullable(ts),
        },
    )


def device_info_wire() -> SearchStrategy[Wire]:
    """A file's ``device_info`` object (every field may be ``null`` or absent).

    Examples:
        >>> isinstance(device_info_wire(), SearchStrategy)
        True
    """
    return wire_object(
        DeviceInfo,
        {},
        {
            "device_model": nullable(text(30)),
            "device_os": nullable(text(30)),
            "app_version": nullable(text(12)),
        },
    )


def job_file_wire() -> SearchStrategy[Wire]:
    """A file object (``object: "file"``), an approved submission's product.

    Examples:
        >>> isinstance(job_file_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return wire_object(
        JobFile,
        {
            "object": st.just("file"),
            "id": object_id("file"),
            "job_id": object_id("job"),
            "submission_id": object_id("sub"),
            "content_type": known_or_new(get_args(AcceptedFormat)),
            "size_bytes": st.integers(0, 2**40),
            "content_hash": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
            "download_url": https_url(),
            "created_at": ts,
        },
        {
            "duration_seconds": nullable(st.floats(0, 36_000)),
            "width": nullable(st.integers(1, 20_000)),
            "height": nullable(st.integers(1, 20_000)),
            "captured_at": nullable(ts),
            "ai_star_rating": stars(),
            "device_info": device_info_wire(),
            "worker_region": nullable(st.sampled_from(("US-NY", "GB-LND", "DE-BE", "JP-13"))),
            "download_url_expires_at": ts,
            "annotations": nullable(json_object()),
            "keyframes": nullable(st.lists(arbitrary_json(max_leaves=4), max_size=3)),
        },
    )


def submission_wire() -> SearchStrategy[Wire]:
    """A submission object (``object: "submission"``), scored or still ``pending_score``.

    Examples:
        >>> isinstance(submission_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return wire_object(
        Submission,
        {
            "object": st.just("submission"),
            "id": object_id("sub"),
            "job_id": object_id("job"),
            "status": known_or_new(get_args(SubmissionStatus)),
            "submitted_at": ts,
        },
        {
            "worker_id": nullable(object_id("wkr")),
            "ai_star_rating": nullable(stars()),
            "ai_reasoning": nullable(text()),
            "scored_at": nullable(ts),
            "file_url": https_url(),
            "content_type": known_or_new(get_args(AcceptedFormat)),
            "size_bytes": nullable(st.integers(0, 2**40)),
            "submission_latitude": nullable(st.floats(-90, 90)),
            "submission_longitude": nullable(st.floats(-180, 180)),
            "location_verified": nullable(st.booleans()),
            "annotations": nullable(json_object()),
            "dimensions": nullable(json_object()),
        },
    )


@st.composite
def _summary_counts(draw: st.DrawFn) -> Wire:
    approved, rejected, pending, retry = (draw(st.integers(0, 10_000)) for _ in range(4))
    total = approved + rejected + pending + retry
    scored = approved + rejected
    return {
        "total": total,
        "approved": approved,
        "rejected": rejected,
        "pending_score": pending,
        "retry_pending": retry,
        "approval_rate": approved / scored if scored else 0,
    }


def submission_summary_wire() -> SearchStrategy[Wire]:
    """A submission summary (``object: "submission_summary"``): counts that add up, a rate
    in 0–1 and a ``"1"``…``"5"`` star distribution.

    Examples:
        >>> isinstance(submission_summary_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    base = wire_object(
        SubmissionSummary,
        {
            "object": st.just("submission_summary"),
            "start_date": ts,
            "end_date": ts,
            "star_rating_distribution": st.fixed_dictionaries(
                {str(n): st.integers(0, 10_000) for n in range(1, 6)}
            ),
        },
        {
            "job_id": nullable(object_id("job")),
            "average_star_rating": nullable(st.floats(1, 5)),
        },
    )
    return st.builds(merged, base, _summary_counts())


def api_key_wire() -> SearchStrategy[Wire]:
    """An API key record (``object: "api_key"``); ``secret`` only sometimes (create, rotate).

    Examples:
        >>> isinstance(api_key_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    secret = st.builds("fh_{}_sk_{}".format, st.sampled_from(("live", "test")), ulid())
    return wire_object(
        ApiKey,
        {
            "object": st.just("api_key"),
            "id": object_id("key"),
            "name": text(100),
            "environment": known_or_new(get_args(ApiKeyEnvironment)),
            "scopes": st.lists(known_or_new(get_args(ApiKeyScope)), max_size=4),
            "created_at": ts,
        },
        {
            "redacted_key": nullable(ulid().map(lambda u: f"fh_test_sk_...{u[-4:]}")),
            "last_used_at": nullable(ts),
            "revoked_at": nullable(ts),
            "rotated_at": nullable(ts),
            "secret": nullable(secret),
        },
    )


def webhook_endpoint_wire() -> SearchStrategy[Wire]:
    """A webhook endpoint (``object: "webhook_endpoint"``); ``secret`` only sometimes.

    Examples:
        >>> isinstance(webhook_endpoint_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return wire_object(
        WebhookEndpoint,
        {
            "object": st.just("webhook_endpoint"),
            "id": object_id("wh"),
            "url": https_url(),
            "events": st.lists(known_or_new(WEBHOOK_EVENT_TYPES), max_size=4),
            "status": known_or_new(get_args(WebhookEndpointStatus)),
            "created_at": ts,
        },
        {
            "description": nullable(text()),
            "updated_at": nullable(ts),
            "secret": nullable(ulid().map("whsec_{}".format)),
        },
    )


def webhook_event_wire() -> SearchStrategy[Wire]:
    """A webhook event (``object: "event"``) with its delivery state; ``data`` is a job, a
    submission, a balance or any JSON object.

    Examples:
        >>> isinstance(webhook_event_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    data = st.one_of(job_wire(), submission_wire(), credit_balance_wire(), json_object())
    return wire_object(
        WebhookEvent,
        {
            "object": st.just("event"),
            "id": object_id("evt"),
            "type": known_or_new(WEBHOOK_EVENT_TYPES),
            "created_at": ts,
            "data": data,
        },
        {
            "api_version": nullable(st.just("2026-03-18")),
            "delivery_status": nullable(known_or_new(get_args(WebhookDeliveryStatus))),
            "delivery_attempts": st.integers(0, 20),
            "last_attempt_at": nullable(ts),
        },
    )


@st.composite
def _balance_amounts(draw: st.DrawFn) -> Wire:
    available = draw(cents())
    held = draw(cents())
    return {"available_cents": available, "held_cents": held, "total_cents": available + held}


def credit_balance_wire() -> SearchStrategy[Wire]:
    """A credit balance in the current shape (``available_cents + held_cents == total_cents``).

    Examples:
        >>> isinstance(credit_balance_wire(), SearchStrategy)
        True
    """
    base = wire_object(
        CreditBalance,
        {"object": st.just("credit_balance"), "currency": st.just("usd")},
        {"updated_at": timestamp_wire()},
        # Placeholders: _balance_amounts() replaces them with amounts that add up.
        {name: cents() for name in ("available_cents", "held_cents", "total_cents")},
    )
    return st.builds(merged, base, _balance_amounts())


def credit_balance_legacy_wire() -> SearchStrategy[Wire]:
    """A credit balance in the older documented shape ``{balance_cents, currency, updated_at}``.

    Examples:
        >>> isinstance(credit_balance_legacy_wire(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {
            "balance_cents": cents(),
            "currency": st.just("usd"),
            "updated_at": timestamp_wire(),
        }
    )


def credit_transaction_wire() -> SearchStrategy[Wire]:
    """A credit transaction (``object: "credit_transaction"``); ``amount_cents`` may be negative.

    Examples:
        >>> isinstance(credit_transaction_wire(), SearchStrategy)
        True
    """
    return wire_object(
        CreditTransaction,
        {
            "object": st.just("credit_transaction"),
            "id": object_id("crtx"),
            "type": known_or_new(get_args(TransactionType)),
            "amount_cents": st.integers(-10_000_000, 10_000_000),
            "created_at": timestamp_wire(),
        },
        {"description": text(), "job_id": nullable(object_id("job"))},
    )


def checkout_session_wire() -> SearchStrategy[Wire]:
    """A Stripe checkout session for a credit purchase (``object: "checkout_session"``).

    Examples:
        >>> isinstance(checkout_session_wire(), SearchStrategy)
        True
    """
    return wire_object(
        CheckoutSession,
        {
            "object": st.just("checkout_session"),
            "id": object_id("cs"),
            "checkout_url": https_url(),
            "amount_cents": cents(1_000),
            "status": known_or_new(("open", "complete", "expired")),
        },
        {"credits_cents": nullable(cents(1_000)), "expires_at": nullable(timestamp_wire())},
    )


def organization_settings_wire() -> SearchStrategy[Wire]:
    """Organization settings (``object: "organization_settings"``); every setting may be null.

    Examples:
        >>> isinstance(organization_settings_wire(), SearchStrategy)
        True
    """
    return wire_object(
        OrganizationSettings,
        {"object": st.just("organization_settings")},
        {
            "organization_id": nullable(object_id("org")),
            "default_type": nullable(known_or_new(get_args(JobType))),
            "default_price_per_file_cents": nullable(cents(10, 50_000)),
            "auto_topup_enabled": nullable(st.booleans()),
            "auto_topup_threshold_cents": nullable(cents()),
            "auto_topup_amount_cents": nullable(cents(1_000)),
            "low_balance_threshold_cents": nullable(cents()),
            "updated_at": nullable(timestamp_wire()),
        },
    )


def audit_actor_wire() -> SearchStrategy[Wire]:
    """An audit event's ``actor``: an API key, a user or the system (then ``id`` may be null).

    Examples:
        >>> isinstance(audit_actor_wire(), SearchStrategy)
        True
    """
    return wire_object(
        AuditActor,
        {"type": known_or_new(("api_key", "user", "system"))},
        {"id": nullable(object_id("key"))},
    )


def audit_resource_wire() -> SearchStrategy[Wire]:
    """An audit event's ``resource``: its type and id.

    Examples:
        >>> isinstance(audit_resource_wire(), SearchStrategy)
        True
    """
    kind = st.sampled_from((("job", "job"), ("api_key", "key"), ("webhook_endpoint", "wh")))
    return kind.flatmap(
        lambda pair: wire_object(
            AuditResource, {"type": st.just(pair[0]), "id": object_id(pair[1])}, {}
        )
    )


def audit_event_wire() -> SearchStrategy[Wire]:
    """An audit log entry (``object: "audit_event"``, ``aev_…``).

    Examples:
        >>> isinstance(audit_event_wire(), SearchStrategy)
        True
    """
    return wire_object(
        AuditEvent,
        {
            "object": st.just("audit_event"),
            "id": object_id("aev"),
            "action": known_or_new(("job.created", "job.cancelled", "api_key.created")),
            "created_at": timestamp_wire(),
        },
        {
            "actor": nullable(audit_actor_wire()),
            "resource": nullable(audit_resource_wire()),
            "metadata": json_object(),
        },
    )


def signup_result_wire() -> SearchStrategy[Wire]:
    """The signup answer: ``organization_id``, a live ``api_key`` and ``credits_cents`` (no
    ``object`` field).

    Examples:
        >>> isinstance(signup_result_wire(), SearchStrategy)
        True
    """
    return wire_object(
        SignupResult,
        {
            "organization_id": object_id("org"),
            "api_key": ulid().map("fh_live_sk_{}".format),
            "credits_cents": st.sampled_from((500, 1_000)),
        },
        {},
    )


@st.composite
def _list_page(draw: st.DrawFn, item: SearchStrategy[Wire], max_items: int) -> Wire:
    data = draw(st.lists(item, max_size=max_items))
    has_more = draw(st.booleans())
    cursor: Optional[str] = None
    if has_more:
        last = data[-1].get("id") if data else None
        cursor = last if isinstance(last, str) else draw(ulid())
    page: Wire = {"object": "list", "data": data, "has_more": has_more, "next_cursor": cursor}
    page.update(draw(rarely(extra_fields(ListEnvelope), {})))
    return page


def list_wire(item: SearchStrategy[Wire], *, max_items: int = 3) -> SearchStrategy[Wire]:
    """The list envelope around ``item``\\ s: ``{object: "list", data, has_more, next_cursor}``,
    ``next_cursor`` null when ``has_more`` is false (else the last item's id).

    Examples:
        >>> isinstance(list_wire(job_wire()), SearchStrategy)
        True
    """
    return _list_page(item, max_items)


_WIRE: Dict[type[BaseModel], Callable[[], SearchStrategy[Wire]]] = {
    Job: job_wire,
    JobLocation: job_location_wire,
    JobFile: job_file_wire,
    DeviceInfo: device_info_wire,
    Submission: submission_wire,
    SubmissionSummary: submission_summary_wire,
    ApiKey: api_key_wire,
    WebhookEndpoint: webhook_endpoint_wire,
    WebhookEvent: webhook_event_wire,
    CreditBalance: credit_balance_wire,
    CreditTransaction: credit_transaction_wire,
    CheckoutSession: checkout_session_wire,
    OrganizationSettings: organization_settings_wire,
    AuditActor: audit_actor_wire,
    AuditResource: audit_resource_wire,
    AuditEvent: audit_event_wire,
    SignupResult: signup_result_wire,
}


def wire_for(model: type[BaseModel]) -> SearchStrategy[Wire]:
    """The wire strategy of a response model; a page model (``ListEnvelope[Job]``) gives the
    list envelope of its items.

    Examples:
        >>> from firsthand.models import Job, ListEnvelope
        >>> isinstance(wire_for(Job), SearchStrategy), isinstance(wire_for(ListEnvelope[Job]), SearchStrategy)
        (True, True)
        >>> wire_for(int)
        Traceback (most recent call last):
        ...
        KeyError: "no wire strategy for <class 'int'>"
    """
    factory = _WIRE.get(model)
    if factory is not None:
        return factory()
    if issubclass(model, ListEnvelope):
        args: Tuple[Any, ...] = model.__pydantic_generic_metadata__["args"]
        if args:
            item: type[BaseModel] = args[0]
            return list_wire(wire_for(item))
    raise KeyError(f"no wire strategy for {model!r}")


# -- errors --------------------------------------------------------------------------------------


def _error_envelope(error_type: str) -> SearchStrategy[Wire]:
    detail = st.fixed_dictionaries(
        {
            "field": st.sampled_from(("description", "files_needed", "url", "amount_cents")),
            "message": text(40),
        }
    )
    inner = st.fixed_dictionaries(
        {"type": st.just(error_type), "message": text(120)},
        optional={
            "request_id": object_id("req"),
            "details": st.lists(detail, max_size=3),
        },
    )
    return inner.map(lambda body: {"error": body})


def error_response() -> SearchStrategy[Tuple[int, Wire]]:
    """``(status, body)``: one of the 17 documented error types (now and then a guide's alias,
    ``idempotency_conflict`` or ``rate_limit_error``) with its HTTP status, in the error envelope
    ``{"error": {type, message, request_id?, details?}}``.

    Examples:
        >>> isinstance(error_response(), SearchStrategy)
        True
    """
    table = st.one_of(
        st.sampled_from(sorted(ERROR_STATUS.items())),
        rarely(st.sampled_from(sorted(ERROR_ALIASES.items())), ("not_found", 404)),
    )
    return table.flatmap(lambda pair: _error_envelope(pair[0]).map(lambda body: (pair[1], body)))


def error_wire() -> SearchStrategy[Wire]:
    """The error envelope alone (see [`error_response`][firsthand.testing.strategies.error_response] for it with its status).

    Examples:
        >>> isinstance(error_wire(), SearchStrategy)
        True
    """
    return error_response().map(lambda pair: pair[1])
