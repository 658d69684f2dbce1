"""Hypothesis strategies for FirstHandAPI payloads: server responses, valid and invalid requests.

Needs hypothesis: ``pip install "firsthand[hypothesis]"``.

**Responses** (``*_wire()``) are JSON-compatible dicts exactly as the server sends them: ids are a
prefix plus a 26-character ULID, timestamps are ISO 8601 with or without milliseconds and with
``Z`` or an offset, money is integer cents, enum fields carry a documented value or, now and then,
one this SDK version has never heard of, optional fields are sometimes ``null`` and sometimes
absent, and now and then an object carries a field nobody documented yet. Every one of them must
parse into its model (``Job.model_validate(wire)``); [`wire_for`][firsthand.testing.strategies.wire_for] finds the strategy of a
response model, [`list_wire`][firsthand.testing.strategies.list_wire] wraps items in the list envelope, [`error_response`][firsthand.testing.strategies.error_response] draws
``(status, error envelope)`` pairs of the documented error types.

**Requests** (``*_params()``) are plain dicts (typed like the ``...Dict`` twins) that respect
every documented limit, so the request models and the clients accept them; [`valid_request`][firsthand.testing.strategies.valid_request]
finds the strategy of a request model. [`invalid_request`][firsthand.testing.strategies.invalid_request] draws ``(body, field)`` pairs: a
valid body with exactly one documented limit broken, and the name of the field at fault.

Use them in your own tests::

    from hypothesis import given
    from firsthand.models import Job, JobCreateParams
    from firsthand.testing.strategies import invalid_request, job_create_params, job_wire

    @given(job_wire())
    def test_the_dashboard_renders_any_job(wire):
        render_job_row(Job.model_validate(wire))          # your code under test

    @given(job_create_params())
    def test_the_form_round_trips(body):
        assert form_to_body(body_to_form(body)) == body   # your code under test

    @given(invalid_request(JobCreateParams))
    def test_the_form_reports_the_field(case):
        body, field = case
        assert field in my_form_errors(body)              # your code under test

Examples:
    >>> from hypothesis.strategies import SearchStrategy
    >>> isinstance(job_wire(), SearchStrategy)
    True
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple, get_args

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as _no_hypothesis:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "firsthand.testing.strategies needs hypothesis: "
        'pip install "firsthand[hypothesis]" (or pip install hypothesis)'
    ) from _no_hypothesis

from pydantic import BaseModel

from firsthand._models._list import ListEnvelope, PageParams
from firsthand._models.api_keys import (
    ApiKey,
    ApiKeyCreateParams,
    ApiKeyEnvironment,
    ApiKeyScope,
)
from firsthand._models.audit import AuditActor, AuditEvent, AuditResource, ListAuditEventsParams
from firsthand._models.auth import SignupParams, SignupResult
from firsthand._models.billing import (
    CheckoutSession,
    CreditBalance,
    CreditPurchaseParams,
    CreditTransaction,
    ListTransactionsParams,
    TransactionType,
)
from firsthand._models.files import DeviceInfo, JobFile, JobFilesParams
from firsthand._models.jobs import (
    AcceptedFormat,
    Job,
    JobCreateParams,
    JobLocation,
    JobLocationParams,
    JobRateParams,
    JobStatus,
    JobType,
    ListJobsParams,
)
from firsthand._models.organization import OrganizationSettings, OrganizationSettingsUpdateParams
from firsthand._models.submissions import (
    JobSubmissionsParams,
    ListSubmissionsParams,
    Submission,
    SubmissionStatus,
    SubmissionSummary,
    SubmissionSummaryParams,
)
from firsthand._models.webhooks import (
    WEBHOOK_EVENT_TYPES,
    ListWebhookEventsParams,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointCreateParams,
    WebhookEndpointStatus,
    WebhookEndpointUpdateParams,
    WebhookEvent,
)

__all__ = [
    "api_key_create_params",
    "api_key_wire",
    "arbitrary_json",
    "audit_actor_wire",
    "audit_event_wire",
    "audit_resource_wire",
    "checkout_session_wire",
    "credit_balance_legacy_wire",
    "credit_balance_wire",
    "credit_purchase_params",
    "credit_transaction_wire",
    "device_info_wire",
    "error_response",
    "error_wire",
    "https_url",
    "invalid_request",
    "job_create_params",
    "job_file_wire",
    "job_files_params",
    "job_location_params",
    "job_location_wire",
    "job_rate_params",
    "job_submissions_params",
    "job_wire",
    "list_audit_events_params",
    "list_jobs_params",
    "list_submissions_params",
    "list_transactions_params",
    "list_webhook_events_params",
    "list_wire",
    "object_id",
    "organization_settings_update_params",
    "organization_settings_wire",
    "page_params",
    "signup_params",
    "signup_result_wire",
    "submission_summary_params",
    "submission_summary_wire",
    "submission_wire",
    "timestamp_wire",
    "ulid",
    "valid_request",
    "webhook_endpoint_create_params",
    "webhook_endpoint_update_params",
    "webhook_endpoint_wire",
    "webhook_event_wire",
    "wire_for",
]

Wire = Dict[str, Any]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOWER = string.ascii_lowercase
_NAME_CHARS = _LOWER + string.digits + "_"

#: The 17 documented error types and their HTTP statuses (CONTRACT §2.4).
_ERROR_STATUS: Mapping[str, int] = {
    "validation_error": 400,
    "pricing_violation": 400,
    "authentication_error": 401,
    "unauthorized": 401,
    "insufficient_credits": 402,
    "authorization_error": 403,
    "forbidden": 403,
    "free_tier_job_limit": 403,
    "not_found": 404,
    "conflict": 409,
    "idempotency_error": 409,
    "rate_limit_exceeded": 429,
    "internal_error": 500,
    "transport_error": 502,
    "bad_gateway": 502,
    "service_unavailable": 503,
    "gateway_timeout": 504,
}
#: Names the guides use for two of them.
_ERROR_ALIASES: Mapping[str, int] = {"idempotency_conflict": 409, "rate_limit_error": 429}

_MISSING: Any = object()


# -- small building blocks -----------------------------------------------------------------------


@st.composite
def _rarely(draw: st.DrawFn, strategy: SearchStrategy[Any], otherwise: Any) -> Any:
    """``strategy`` about one time in five, ``otherwise`` the rest of the time."""
    if draw(st.integers(0, 4)) == 4:
        return draw(strategy)
    return otherwise


def _nullable(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _merged(base: Wire, extra: Wire) -> Wire:
    return {**base, **extra}


def _known_or_new(values: Sequence[str]) -> SearchStrategy[str]:
    """A documented enum value, or now and then one this SDK version does not know."""
    unknown = st.builds(
        "{}{}".format,
        st.sampled_from(_LOWER),
        st.text(alphabet=_NAME_CHARS + ".:", max_size=24),
    ).filter(lambda value: value not in values)
    return st.one_of(st.sampled_from(values), _rarely(unknown, values[0]))


def _extra_fields(model: type[BaseModel]) -> SearchStrategy[Wire]:
    known = frozenset(model.model_fields)
    key = st.builds(
        "{}{}".format, st.sampled_from(_LOWER), st.text(alphabet=_NAME_CHARS, max_size=23)
    ).filter(lambda name: name not in known)
    return st.dictionaries(key, arbitrary_json(max_leaves=4), min_size=1, max_size=2)


def _wire_object(
    model: type[BaseModel], *field_groups: Mapping[str, SearchStrategy[Any]]
) -> SearchStrategy[Wire]:
    """A response object drawn from the strategies of ``field_groups``: the fields ``model``
    requires (the documented ones) always, every other field sometimes (so objects that leave
    out what the docs never promised are drawn too), and now and then a field ``model`` does
    not declare."""
    fields = {name: value for group in field_groups for name, value in group.items()}
    declared = model.model_fields
    required = {
        name: value
        for name, value in fields.items()
        if name in declared and declared[name].is_required()
    }
    missing = {name for name, info in declared.items() if info.is_required()} - set(required)
    if missing:  # pragma: no cover - a strategy out of step with its model
        raise TypeError(
            f"no strategy for the required fields {sorted(missing)} of {model.__name__}"
        )
    optional = {name: value for name, value in fields.items() if name not in required}
    base = st.fixed_dictionaries(required, optional=optional)
    return st.builds(_merged, base, _rarely(_extra_fields(model), {}))


def _cents(low: int = 0, high: int = 10_000_000) -> SearchStrategy[int]:
    return st.integers(low, high)


def _count() -> SearchStrategy[int]:
    return st.integers(0, 100_000)


def _text(max_size: int = 80) -> SearchStrategy[str]:
    return st.text(max_size=max_size)


def _stars() -> SearchStrategy[int]:
    return st.integers(1, 5)


# -- primitives ----------------------------------------------------------------------------------


def ulid() -> SearchStrategy[str]:
    """26 Crockford base32 characters, shaped like a ULID (the first one is ``0``–``7``).

    Examples:
        >>> isinstance(ulid(), SearchStrategy)
        True
    """
    return st.builds(
        "{}{}".format,
        st.sampled_from("01234567"),
        st.text(alphabet=_CROCKFORD, min_size=25, max_size=25),
    )


def object_id(prefix: str) -> SearchStrategy[str]:
    """An id as the server issues them: ``prefix`` (``"job"``, ``"sub"``, ...), ``_`` and a ULID.

    Examples:
        >>> isinstance(object_id("job"), SearchStrategy)
        True
    """
    return ulid().map(f"{prefix}_{{}}".format)


def _iso(moment: datetime, precision: str, offset_minutes: int, zulu: bool) -> str:
    local = moment.replace(tzinfo=timezone.utc).astimezone(
        timezone(timedelta(minutes=offset_minutes))
    )
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if precision == "ms":
        text += f".{local.microsecond // 1000:03d}"
    elif precision == "us":
        text += f".{local.microsecond:06d}"
    if offset_minutes == 0 and zulu:
        return text + "Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


_MOMENTS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31))
_OFFSETS = st.one_of(st.just(0), st.integers(-12 * 4, 14 * 4).map(lambda q: q * 15))


def timestamp_wire() -> SearchStrategy[str]:
    """An ISO 8601 instant: whole seconds, milliseconds or microseconds; ``Z`` or an offset.

    Examples:
        >>> isinstance(timestamp_wire(), SearchStrategy)
        True
    """
    return st.builds(_iso, _MOMENTS, st.sampled_from(("s", "ms", "us")), _OFFSETS, st.booleans())


def https_url(*, max_path: int = 120) -> SearchStrategy[str]:
    """An absolute ``https://`` URL with a host (sometimes a port, a query, an upper-case scheme).

    Examples:
        >>> isinstance(https_url(), SearchStrategy)
        True
    """
    label = st.text(alphabet=_LOWER + string.digits, min_size=1, max_size=12)
    host = st.builds(
        "{}.{}".format,
        st.lists(label, min_size=1, max_size=3).map(".".join),
        st.sampled_from(("com", "org", "example", "dev", "io")),
    )
    port = _rarely(st.integers(1, 65535).map(":{}".format), "")
    path_chars = string.ascii_letters + string.digits + "-._~/%"
    path = st.text(alphabet=path_chars, max_size=max_path).map("/{}".format)
    query = _rarely(
        st.text(alphabet=string.ascii_letters + "=&", max_size=20).map("?{}".format), ""
    )
    scheme = _rarely(st.sampled_from(("HTTPS", "Https")), "https")
    return st.builds("{}://{}{}{}{}".format, scheme, host, port, path, query)


def arbitrary_json(*, max_leaves: int = 10) -> SearchStrategy[Any]:
    """Any JSON value: ``null``, booleans, integers of any size, finite floats, strings, and
    arrays and objects of those.

    Examples:
        >>> isinstance(arbitrary_json(), SearchStrategy)
        True
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def _json_object(max_leaves: int = 8) -> SearchStrategy[Dict[str, Any]]:
    return st.dictionaries(st.text(max_size=20), arbitrary_json(max_leaves=max_leaves), max_size=4)


# -- response objects ----------------------------------------------------------------------------


def job_location_wire() -> SearchStrategy[Wire]:
    """A job's ``location`` object: ``lat``, ``lng`` and a ``radius_km`` that may be ``null``.

    Examples:
        >>> isinstance(job_location_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        JobLocation,
        {
            "lat": st.floats(-90, 90, allow_nan=False),
            "lng": st.floats(-180, 180, allow_nan=False),
        },
        {"radius_km": _nullable(st.one_of(st.integers(1, 500), st.floats(0.1, 500)))},
    )


def job_wire() -> SearchStrategy[Wire]:
    """A job object (``object: "job"``) as ``GET /v1/jobs/{id}`` answers it.

    Examples:
        >>> isinstance(job_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return _wire_object(
        Job,
        {
            "object": st.just("job"),
            "id": object_id("job"),
            "type": _known_or_new(get_args(JobType)),
            "status": _known_or_new(get_args(JobStatus)),
            "description": _text(300),
            "files_needed": st.integers(1, 10_000),
            "price_per_file_cents": _cents(10, 50_000),
            "created_at": ts,
        },
        {
            "title": _nullable(_text(100)),
            "files_approved": _count(),
            "files_pending": _count(),
            "files_rejected": _count(),
            "accepted_formats": st.lists(_known_or_new(get_args(AcceptedFormat)), max_size=4),
            "total_cost_cents": _nullable(_cents()),
            "location": _nullable(job_location_wire()),
            "deadline": _nullable(ts),
            "max_workers": _nullable(st.integers(1, 1_000)),
            "metadata": _nullable(_json_object()),
            "files_per_submission": _nullable(st.integers(1, 5)),
            "scoring_criteria": _nullable(_text()),
            "min_star_rating": _nullable(_stars()),
            "min_width": _nullable(st.integers(1, 10_000)),
            "min_height": _nullable(st.integers(1, 10_000)),
            "worker_guidelines": _nullable(_text()),
            "buyer_rating": _nullable(_stars()),
            "updated_at": _nullable(ts),
            "completed_at": _nullable(ts),
            "cancelled_at": _nullable(ts),
        },
    )


def device_info_wire() -> SearchStrategy[Wire]:
    """A file's ``device_info`` object (every field may be ``null`` or absent).

    Examples:
        >>> isinstance(device_info_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        DeviceInfo,
        {},
        {
            "device_model": _nullable(_text(30)),
            "device_os": _nullable(_text(30)),
            "app_version": _nullable(_text(12)),
        },
    )


def job_file_wire() -> SearchStrategy[Wire]:
    """A file object (``object: "file"``), an approved submission's product.

    Examples:
        >>> isinstance(job_file_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return _wire_object(
        JobFile,
        {
            "object": st.just("file"),
            "id": object_id("file"),
            "job_id": object_id("job"),
            "submission_id": object_id("sub"),
            "content_type": _known_or_new(get_args(AcceptedFormat)),
            "size_bytes": st.integers(0, 2**40),
            "content_hash": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
            "download_url": https_url(),
            "created_at": ts,
        },
        {
            "duration_seconds": _nullable(st.floats(0, 36_000)),
            "width": _nullable(st.integers(1, 20_000)),
            "height": _nullable(st.integers(1, 20_000)),
            "captured_at": _nullable(ts),
            "ai_star_rating": _stars(),
            "device_info": device_info_wire(),
            "worker_region": _nullable(st.sampled_from(("US-NY", "GB-LND", "DE-BE", "JP-13"))),
            "download_url_expires_at": ts,
            "annotations": _nullable(_json_object()),
            "keyframes": _nullable(st.lists(arbitrary_json(max_leaves=4), max_size=3)),
        },
    )


def submission_wire() -> SearchStrategy[Wire]:
    """A submission object (``object: "submission"``), scored or still ``pending_score``.

    Examples:
        >>> isinstance(submission_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return _wire_object(
        Submission,
        {
            "object": st.just("submission"),
            "id": object_id("sub"),
            "job_id": object_id("job"),
            "status": _known_or_new(get_args(SubmissionStatus)),
            "submitted_at": ts,
        },
        {
            "worker_id": _nullable(object_id("wkr")),
            "ai_star_rating": _nullable(_stars()),
            "ai_reasoning": _nullable(_text()),
            "scored_at": _nullable(ts),
            "file_url": https_url(),
            "content_type": _known_or_new(get_args(AcceptedFormat)),
            "size_bytes": _nullable(st.integers(0, 2**40)),
            "submission_latitude": _nullable(st.floats(-90, 90)),
            "submission_longitude": _nullable(st.floats(-180, 180)),
            "location_verified": _nullable(st.booleans()),
            "annotations": _nullable(_json_object()),
            "dimensions": _nullable(_json_object()),
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
    base = _wire_object(
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
            "job_id": _nullable(object_id("job")),
            "average_star_rating": _nullable(st.floats(1, 5)),
        },
    )
    return st.builds(_merged, base, _summary_counts())


def api_key_wire() -> SearchStrategy[Wire]:
    """An API key record (``object: "api_key"``); ``secret`` only sometimes (create, rotate).

    Examples:
        >>> isinstance(api_key_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    secret = st.builds("fh_{}_sk_{}".format, st.sampled_from(("live", "test")), ulid())
    return _wire_object(
        ApiKey,
        {
            "object": st.just("api_key"),
            "id": object_id("key"),
            "name": _text(100),
            "environment": _known_or_new(get_args(ApiKeyEnvironment)),
            "scopes": st.lists(_known_or_new(get_args(ApiKeyScope)), max_size=4),
            "created_at": ts,
        },
        {
            "redacted_key": _nullable(ulid().map(lambda u: f"fh_test_sk_...{u[-4:]}")),
            "last_used_at": _nullable(ts),
            "revoked_at": _nullable(ts),
            "rotated_at": _nullable(ts),
            "secret": _nullable(secret),
        },
    )


def webhook_endpoint_wire() -> SearchStrategy[Wire]:
    """A webhook endpoint (``object: "webhook_endpoint"``); ``secret`` only sometimes.

    Examples:
        >>> isinstance(webhook_endpoint_wire(), SearchStrategy)
        True
    """
    ts = timestamp_wire()
    return _wire_object(
        WebhookEndpoint,
        {
            "object": st.just("webhook_endpoint"),
            "id": object_id("wh"),
            "url": https_url(),
            "events": st.lists(_known_or_new(WEBHOOK_EVENT_TYPES), max_size=4),
            "status": _known_or_new(get_args(WebhookEndpointStatus)),
            "created_at": ts,
        },
        {
            "description": _nullable(_text()),
            "updated_at": _nullable(ts),
            "secret": _nullable(ulid().map("whsec_{}".format)),
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
    data = st.one_of(job_wire(), submission_wire(), credit_balance_wire(), _json_object())
    return _wire_object(
        WebhookEvent,
        {
            "object": st.just("event"),
            "id": object_id("evt"),
            "type": _known_or_new(WEBHOOK_EVENT_TYPES),
            "created_at": ts,
            "data": data,
        },
        {
            "api_version": _nullable(st.just("2026-03-18")),
            "delivery_status": _nullable(_known_or_new(get_args(WebhookDeliveryStatus))),
            "delivery_attempts": st.integers(0, 20),
            "last_attempt_at": _nullable(ts),
        },
    )


@st.composite
def _balance_amounts(draw: st.DrawFn) -> Wire:
    available = draw(_cents())
    held = draw(_cents())
    return {"available_cents": available, "held_cents": held, "total_cents": available + held}


def credit_balance_wire() -> SearchStrategy[Wire]:
    """A credit balance in the current shape (``available_cents + held_cents == total_cents``).

    Examples:
        >>> isinstance(credit_balance_wire(), SearchStrategy)
        True
    """
    base = _wire_object(
        CreditBalance,
        {"object": st.just("credit_balance"), "currency": st.just("usd")},
        {"updated_at": timestamp_wire()},
        # Placeholders: _balance_amounts() replaces them with amounts that add up.
        {name: _cents() for name in ("available_cents", "held_cents", "total_cents")},
    )
    return st.builds(_merged, base, _balance_amounts())


def credit_balance_legacy_wire() -> SearchStrategy[Wire]:
    """A credit balance in the older documented shape ``{balance_cents, currency, updated_at}``.

    Examples:
        >>> isinstance(credit_balance_legacy_wire(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {
            "balance_cents": _cents(),
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
    return _wire_object(
        CreditTransaction,
        {
            "object": st.just("credit_transaction"),
            "id": object_id("crtx"),
            "type": _known_or_new(get_args(TransactionType)),
            "amount_cents": st.integers(-10_000_000, 10_000_000),
            "created_at": timestamp_wire(),
        },
        {"description": _text(), "job_id": _nullable(object_id("job"))},
    )


def checkout_session_wire() -> SearchStrategy[Wire]:
    """A Stripe checkout session for a credit purchase (``object: "checkout_session"``).

    Examples:
        >>> isinstance(checkout_session_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        CheckoutSession,
        {
            "object": st.just("checkout_session"),
            "id": object_id("cs"),
            "checkout_url": https_url(),
            "amount_cents": _cents(1_000),
            "status": _known_or_new(("open", "complete", "expired")),
        },
        {"credits_cents": _nullable(_cents(1_000)), "expires_at": _nullable(timestamp_wire())},
    )


def organization_settings_wire() -> SearchStrategy[Wire]:
    """Organization settings (``object: "organization_settings"``); every setting may be null.

    Examples:
        >>> isinstance(organization_settings_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        OrganizationSettings,
        {"object": st.just("organization_settings")},
        {
            "organization_id": _nullable(object_id("org")),
            "default_type": _nullable(_known_or_new(get_args(JobType))),
            "default_price_per_file_cents": _nullable(_cents(10, 50_000)),
            "auto_topup_enabled": _nullable(st.booleans()),
            "auto_topup_threshold_cents": _nullable(_cents()),
            "auto_topup_amount_cents": _nullable(_cents(1_000)),
            "low_balance_threshold_cents": _nullable(_cents()),
            "updated_at": _nullable(timestamp_wire()),
        },
    )


def audit_actor_wire() -> SearchStrategy[Wire]:
    """An audit event's ``actor``: an API key, a user or the system (then ``id`` may be null).

    Examples:
        >>> isinstance(audit_actor_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        AuditActor,
        {"type": _known_or_new(("api_key", "user", "system"))},
        {"id": _nullable(object_id("key"))},
    )


def audit_resource_wire() -> SearchStrategy[Wire]:
    """An audit event's ``resource``: its type and id.

    Examples:
        >>> isinstance(audit_resource_wire(), SearchStrategy)
        True
    """
    kind = st.sampled_from((("job", "job"), ("api_key", "key"), ("webhook_endpoint", "wh")))
    return kind.flatmap(
        lambda pair: _wire_object(
            AuditResource, {"type": st.just(pair[0]), "id": object_id(pair[1])}, {}
        )
    )


def audit_event_wire() -> SearchStrategy[Wire]:
    """An audit log entry (``object: "audit_event"``, ``aev_…``).

    Examples:
        >>> isinstance(audit_event_wire(), SearchStrategy)
        True
    """
    return _wire_object(
        AuditEvent,
        {
            "object": st.just("audit_event"),
            "id": object_id("aev"),
            "action": _known_or_new(("job.created", "job.cancelled", "api_key.created")),
            "created_at": timestamp_wire(),
        },
        {
            "actor": _nullable(audit_actor_wire()),
            "resource": _nullable(audit_resource_wire()),
            "metadata": _json_object(),
        },
    )


def signup_result_wire() -> SearchStrategy[Wire]:
    """The signup answer: ``organization_id``, a live ``api_key`` and ``credits_cents`` (no
    ``object`` field).

    Examples:
        >>> isinstance(signup_result_wire(), SearchStrategy)
        True
    """
    return _wire_object(
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
    page.update(draw(_rarely(_extra_fields(ListEnvelope), {})))
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
            "message": _text(40),
        }
    )
    inner = st.fixed_dictionaries(
        {"type": st.just(error_type), "message": _text(120)},
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
        st.sampled_from(sorted(_ERROR_STATUS.items())),
        _rarely(st.sampled_from(sorted(_ERROR_ALIASES.items())), ("not_found", 404)),
    )
    return table.flatmap(lambda pair: _error_envelope(pair[0]).map(lambda body: (pair[1], body)))


def error_wire() -> SearchStrategy[Wire]:
    """The error envelope alone (see [`error_response`][firsthand.testing.strategies.error_response] for it with its status).

    Examples:
        >>> isinstance(error_wire(), SearchStrategy)
        True
    """
    return error_response().map(lambda pair: pair[1])


# -- valid requests ------------------------------------------------------------------------------


def _bounded_text(min_size: int, max_size: int) -> SearchStrategy[str]:
    return st.text(min_size=min_size, max_size=max_size)


def _json_value() -> SearchStrategy[Any]:
    """JSON values that survive any JSON stack unchanged (integers within ±2**53)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**53), 2**53),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=20), inner, max_size=3)
        ),
        max_leaves=6,
    )


def _aware_timestamp() -> SearchStrategy[str]:
    """An ISO 8601 instant with a timezone, as a user would write one."""
    return st.builds(_iso, _MOMENTS, st.sampled_from(("s", "ms")), _OFFSETS, st.booleans())


def job_location_params() -> SearchStrategy[Wire]:
    """A valid ``location`` for a job to create: ``lat`` −90–90, ``lng`` −180–180, an optional
    positive ``radius_km``.

    Examples:
        >>> isinstance(job_location_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {
            "lat": st.floats(-90, 90, allow_nan=False),
            "lng": st.floats(-180, 180, allow_nan=False),
        },
        optional={
            "radius_km": st.one_of(st.integers(1, 20_000), st.floats(0, 20_000, exclude_min=True))
        },
    )


def job_create_params() -> SearchStrategy[Wire]:
    """A valid ``create_job`` body: every documented limit respected (description 10–5000
    characters, 1–10,000 files, 10–50,000 cents per file, at most 20 metadata keys, ...).

    Examples:
        >>> isinstance(job_create_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {
            "type": st.sampled_from(get_args(JobType)),
            "description": _bounded_text(10, 5_000),
            "files_needed": st.integers(1, 10_000),
            "accepted_formats": st.lists(
                st.sampled_from(get_args(AcceptedFormat)), min_size=1, unique=True
            ),
            "price_per_file_cents": st.integers(10, 50_000),
        },
        optional={
            "title": _bounded_text(0, 100),
            "location": job_location_params(),
            "deadline": _aware_timestamp(),
            "max_workers": st.integers(1, 10_000),
            "metadata": st.dictionaries(st.text(max_size=40), _json_value(), max_size=20),
            "files_per_submission": st.integers(1, 5),
            "scoring_criteria": _bounded_text(0, 1_000),
            "min_star_rating": _stars(),
            "min_width": st.integers(1, 20_000),
            "min_height": st.integers(1, 20_000),
            "worker_guidelines": _text(300),
        },
    )


def job_rate_params() -> SearchStrategy[Wire]:
    """A valid ``rate_job`` body: ``rating`` 1–5, an optional ``comment`` of at most 1000
    characters.

    Examples:
        >>> isinstance(job_rate_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {"rating": _stars()}, optional={"comment": _bounded_text(0, 1_000)}
    )


def api_key_create_params() -> SearchStrategy[Wire]:
    """A valid ``create_api_key`` body: ``name`` 1–100 characters, distinct ``scopes``, an
    ``environment``.

    Examples:
        >>> isinstance(api_key_create_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {"name": _bounded_text(1, 100)},
        optional={
            "scopes": st.lists(st.sampled_from(get_args(ApiKeyScope)), min_size=1, unique=True),
            "environment": st.sampled_from(get_args(ApiKeyEnvironment)),
        },
    )


def _event_types() -> SearchStrategy[List[str]]:
    return st.lists(st.sampled_from(WEBHOOK_EVENT_TYPES), min_size=1, unique=True)


def webhook_endpoint_create_params() -> SearchStrategy[Wire]:
    """A valid ``create_webhook_endpoint`` body: an ``https://`` URL, distinct event types, an
    optional description of at most 500 characters.

    Examples:
        >>> isinstance(webhook_endpoint_create_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {"url": https_url(), "events": _event_types()},
        optional={"description": _bounded_text(0, 500)},
    )


def webhook_endpoint_update_params() -> SearchStrategy[Wire]:
    """A valid ``update_webhook_endpoint`` body: any of ``url``, ``events``, ``status``,
    ``description`` (same rules as on create), at least one.

    Examples:
        >>> isinstance(webhook_endpoint_update_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "url": https_url(),
            "events": _event_types(),
            "status": st.sampled_from(get_args(WebhookEndpointStatus)),
            "description": _bounded_text(0, 500),
        },
    ).filter(bool)


def credit_purchase_params() -> SearchStrategy[Wire]:
    """A valid ``purchase_credits`` body: ``amount_cents`` of at least 1000.

    Examples:
        >>> isinstance(credit_purchase_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries({"amount_cents": st.integers(1_000, 10_000_000)})


def organization_settings_update_params() -> SearchStrategy[Wire]:
    """A valid ``update_settings`` body: any of the settings within their limits, at least one.

    Examples:
        >>> isinstance(organization_settings_update_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "default_type": st.sampled_from(get_args(JobType)),
            "default_price_per_file_cents": st.integers(10, 50_000),
            "auto_topup_enabled": st.booleans(),
            "auto_topup_threshold_cents": st.integers(0, 10_000_000),
            "auto_topup_amount_cents": st.integers(1_000, 10_000_000),
            "low_balance_threshold_cents": st.integers(0, 10_000_000),
        },
    ).filter(bool)


def _email() -> SearchStrategy[str]:
    local = st.text(alphabet=string.ascii_letters + string.digits + "._+-", min_size=1, max_size=20)
    label = st.text(alphabet=_LOWER + string.digits + "-", min_size=1, max_size=15)
    domain = st.builds(
        "{}.{}".format,
        st.lists(label, min_size=1, max_size=2).map(".".join),
        st.text(alphabet=_LOWER, min_size=2, max_size=6),
    )
    return st.builds("{}@{}".format, local, domain)


def signup_params() -> SearchStrategy[Wire]:
    """A valid signup body: ``name`` 1–100 characters and a plausible ``email``.

    Examples:
        >>> isinstance(signup_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries({"name": _bounded_text(1, 100), "email": _email()})


def _page_fields() -> Dict[str, SearchStrategy[Any]]:
    return {
        "limit": st.integers(1, 100),
        "cursor": st.one_of(ulid(), object_id("job"), _bounded_text(1, 40)),
    }


def _filter_value(values: Sequence[str]) -> SearchStrategy[str]:
    """An open query filter (``action``): a documented value or any other non-empty string."""
    return st.one_of(st.sampled_from(values), _rarely(_bounded_text(1, 30), values[0]))


def _enum_value(values: Sequence[str]) -> SearchStrategy[str]:
    """A filter with documented values: one of them (any other is refused before sending)."""
    return st.sampled_from(values)


def page_params() -> SearchStrategy[Wire]:
    """Valid paging query: ``limit`` 1–100 and a non-empty ``cursor``, each optional.

    Examples:
        >>> isinstance(page_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries({}, optional=_page_fields())


def list_jobs_params() -> SearchStrategy[Wire]:
    """Valid ``list_jobs`` query: ``status``, ``type`` and paging.

    Examples:
        >>> isinstance(list_jobs_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "status": _enum_value(get_args(JobStatus)),
            "type": _enum_value(get_args(JobType)),
            **_page_fields(),
        },
    )


def job_files_params() -> SearchStrategy[Wire]:
    """Valid ``get_job_files`` query: ``min_score`` 1–5 and paging.

    Examples:
        >>> isinstance(job_files_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries({}, optional={"min_score": _stars(), **_page_fields()})


def job_submissions_params() -> SearchStrategy[Wire]:
    """Valid ``get_job_submissions`` query: ``status`` and paging.

    Examples:
        >>> isinstance(job_submissions_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {}, optional={"status": _enum_value(get_args(SubmissionStatus)), **_page_fields()}
    )


def _query_date(moment: datetime, as_date: bool, offset_minutes: int, zulu: bool) -> str:
    if as_date:
        return moment.date().isoformat()
    return _iso(moment, "s", offset_minutes, zulu)


@st.composite
def _date_range(draw: st.DrawFn) -> Wire:
    """``start_date`` and/or ``end_date``; when both are given the end is at least two days
    after the start (so no offset or date-vs-datetime reading can reverse them)."""
    start = draw(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)))
    end = start + timedelta(days=draw(st.integers(2, 3_000)), seconds=draw(st.integers(0, 86_399)))
    out: Wire = {}
    for key, moment in (("start_date", start), ("end_date", end)):
        if draw(st.booleans()):
            out[key] = _query_date(moment, draw(st.booleans()), draw(_OFFSETS), draw(st.booleans()))
    return out


def list_submissions_params() -> SearchStrategy[Wire]:
    """Valid ``list_submissions`` query: ``job_id``, ``status``, ``min_score`` 1–5, an ISO date
    range (dates or datetimes with a timezone, end not before start) and paging.

    Examples:
        >>> isinstance(list_submissions_params(), SearchStrategy)
        True
    """
    fields = st.fixed_dictionaries(
        {},
        optional={
            "job_id": object_id("job"),
            "status": _enum_value(get_args(SubmissionStatus)),
            "min_score": _stars(),
            **_page_fields(),
        },
    )
    return st.builds(_merged, fields, _date_range())


def submission_summary_params() -> SearchStrategy[Wire]:
    """Valid ``get_submission_summary`` query: ``job_id`` and an ISO date range.

    Examples:
        >>> isinstance(submission_summary_params(), SearchStrategy)
        True
    """
    fields = st.fixed_dictionaries({}, optional={"job_id": object_id("job")})
    return st.builds(_merged, fields, _date_range())


def list_webhook_events_params() -> SearchStrategy[Wire]:
    """Valid ``list_webhook_events`` query: ``type``, ``delivery_status`` and paging.

    Examples:
        >>> isinstance(list_webhook_events_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "type": _enum_value(WEBHOOK_EVENT_TYPES),
            "delivery_status": _enum_value(get_args(WebhookDeliveryStatus)),
            **_page_fields(),
        },
    )


def list_transactions_params() -> SearchStrategy[Wire]:
    """Valid ``list_transactions`` query: ``type`` and paging.

    Examples:
        >>> isinstance(list_transactions_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {}, optional={"type": _enum_value(get_args(TransactionType)), **_page_fields()}
    )


def list_audit_events_params() -> SearchStrategy[Wire]:
    """Valid ``list_audit_events`` query: non-empty ``action`` and ``resource_id`` and paging.

    Examples:
        >>> isinstance(list_audit_events_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "action": _filter_value(("job.created", "job.cancelled")),
            "resource_id": object_id("job"),
            **_page_fields(),
        },
    )


_VALID: Dict[type[BaseModel], Callable[[], SearchStrategy[Wire]]] = {
    JobLocationParams: job_location_params,
    JobCreateParams: job_create_params,
    JobRateParams: job_rate_params,
    ApiKeyCreateParams: api_key_create_params,
    WebhookEndpointCreateParams: webhook_endpoint_create_params,
    WebhookEndpointUpdateParams: webhook_endpoint_update_params,
    CreditPurchaseParams: credit_purchase_params,
    OrganizationSettingsUpdateParams: organization_settings_update_params,
    SignupParams: signup_params,
    PageParams: page_params,
    ListJobsParams: list_jobs_params,
    JobFilesParams: job_files_params,
    JobSubmissionsParams: job_submissions_params,
    ListSubmissionsParams: list_submissions_params,
    SubmissionSummaryParams: submission_summary_params,
    ListWebhookEventsParams: list_webhook_events_params,
    ListTransactionsParams: list_transactions_params,
    ListAuditEventsParams: list_audit_events_params,
}


def valid_request(model: type[BaseModel]) -> SearchStrategy[Wire]:
    """The valid-body (or valid-query) strategy of a request model.

    Examples:
        >>> from firsthand.models import JobCreateParams
        >>> isinstance(valid_request(JobCreateParams), SearchStrategy)
        True
    """
    factory = _VALID.get(model)
    if factory is None:
        raise KeyError(f"no request strategy for {model!r}")
    return factory()


# -- invalid requests: exactly one documented limit broken ----------------------------------------

#: One way to break a request: the field reported at fault and a strategy of patches to apply
#: to a valid body (``_MISSING`` as a value removes the key).
_Breaker = Tuple[str, SearchStrategy[Wire]]


def _set(field: str, *bad: SearchStrategy[Any]) -> _Breaker:
    return (field, st.one_of(*bad).map(lambda value: {field: value}))


def _missing(field: str) -> _Breaker:
    return (field, st.just({field: _MISSING}))


def _not_strict_int(low: int) -> SearchStrategy[Any]:
    """Numbers that are not a JSON integer: ``true``, a fraction, a numeric string."""
    return st.one_of(
        st.booleans(),
        st.floats(low + 0.01, low + 1_000, allow_nan=False).filter(lambda x: not x.is_integer()),
        st.integers(low, low + 1_000).map(str),
    )


def _int_limits(field: str, low: Optional[int] = None, high: Optional[int] = None) -> _Breaker:
    bad: List[SearchStrategy[Any]] = [_not_strict_int(low if low is not None else 0)]
    if low is not None:
        bad.append(st.integers(low - 1_000, low - 1))
    if high is not None:
        bad.append(st.integers(high + 1, high + 1_000_000))
    return _set(field, *bad)


def _too_long(max_size: int) -> SearchStrategy[str]:
    return st.text(min_size=max_size + 1, max_size=max_size + 20)


def _not_one_of(values: Sequence[str]) -> SearchStrategy[str]:
    return st.text(max_size=20).filter(lambda v: v not in values)


_BAD_URLS = st.one_of(
    st.sampled_from(
        (
            "",
            "http://example.com/hooks",
            "ftp://example.com/hooks",
            "example.com/hooks",
            "/hooks",
            "https://",
            "https:///hooks",
            "https://example.com:99999/hooks",
            "https://exa mple.com/hooks",
            "https://example.com/ho\noks",
        )
    ),
    st.text(alphabet=_LOWER, min_size=2_049 - 20, max_size=2_100).map(
        "https://example.com/{}".format
    ),
)


def _dup_list(values: Sequence[str]) -> SearchStrategy[List[str]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True).flatmap(
        lambda items: st.permutations([*items, items[0]])
    )


def _list_limits(field: str, values: Sequence[str]) -> _Breaker:
    return _set(
        field,
        st.just([]),
        _dup_list(values),
        st.lists(_not_one_of(values), min_size=1, max_size=2),
    )


_NAIVE_DATETIMES = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S")
)
_BROKEN_DATES = st.sampled_from(
    ("2026-02-30", "2026-13-01", "yesterday", "2026-03-01T25:00:00Z", "2026-02-30T00:00:00Z")
)
#: A query date: naive, malformed, or not a string at all.
_BAD_QUERY_DATES = st.one_of(
    _NAIVE_DATETIMES, _BROKEN_DATES, st.sampled_from(("20260301",)), st.integers(0, 2**31)
)
#: ``deadline`` (an aware datetime): naive, a date alone, malformed, or a number (which would
#: otherwise read as unix time).
_BAD_DEADLINES = st.one_of(
    _NAIVE_DATETIMES,
    _BROKEN_DATES,
    st.sampled_from(("2026-03-01", "20260301", "1767225600")),
    st.integers(0, 2**31),
    st.floats(0, 2e9, allow_nan=False),
)


@st.composite
def _reversed_range(draw: st.DrawFn) -> Wire:
    end = draw(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)))
    start = end + timedelta(days=draw(st.integers(2, 3_000)))
    return {
        "start_date": _query_date(start, draw(st.booleans()), draw(_OFFSETS), True),
        "end_date": _query_date(end, draw(st.booleans()), draw(_OFFSETS), True),
    }


def _page_breakers() -> List[_Breaker]:
    return [_int_limits("limit", 1, 100), _set("cursor", st.just(""))]


def _location_breakers() -> SearchStrategy[Any]:
    ok_lat = st.floats(-90, 90, allow_nan=False)
    ok_lng = st.floats(-180, 180, allow_nan=False)
    far_lat = st.one_of(st.floats(90.001, 1e6), st.floats(-1e6, -90.001))
    far_lng = st.one_of(st.floats(180.001, 1e6), st.floats(-1e6, -180.001))
    return st.one_of(
        st.fixed_dictionaries({"lat": far_lat, "lng": ok_lng}),
        st.fixed_dictionaries({"lat": ok_lat, "lng": far_lng}),
        st.fixed_dictionaries({"lng": ok_lng}),
        st.fixed_dictionaries(
            {"lat": ok_lat, "lng": ok_lng, "radius_km": st.floats(-1e6, 0, allow_nan=False)}
        ),
    )


def _breakers(model: type[BaseModel]) -> List[_Breaker]:
    if model is JobCreateParams:
        return [
            *(_missing(f) for f in ("type", "description", "files_needed")),
            *(_missing(f) for f in ("accepted_formats", "price_per_file_cents")),
            _set("type", _not_one_of(get_args(JobType))),
            _set("description", st.text(max_size=9), _too_long(5_000)),
            _int_limits("files_needed", 1, 10_000),
            _set(
                "accepted_formats",
                st.just([]),
                st.lists(_not_one_of(get_args(AcceptedFormat)), min_size=1, max_size=2),
            ),
            _int_limits("price_per_file_cents", 10, 50_000),
            _set("title", _too_long(100)),
            _set("location", _location_breakers()),
            _set("deadline", _BAD_DEADLINES),
            _int_limits("max_workers", 1),
            _set(
                "metadata",
                st.dictionaries(st.text(max_size=8), st.integers(), min_size=21, max_size=25),
            ),
            _int_limits("files_per_submission", 1, 5),
            _set("scoring_criteria", _too_long(1_000)),
            _int_limits("min_star_rating", 1, 5),
            _int_limits("min_width", 1),
            _int_limits("min_height", 1),
        ]
    if model is JobRateParams:
        return [_missing("rating"), _int_limits("rating", 1, 5), _set("comment", _too_long(1_000))]
    if model is ApiKeyCreateParams:
        return [
            _missing("name"),
            _set("name", st.just(""), _too_long(100)),
            _list_limits("scopes", get_args(ApiKeyScope)),
            _set("environment", _not_one_of(get_args(ApiKeyEnvironment))),
        ]
    if model in (WebhookEndpointCreateParams, WebhookEndpointUpdateParams):
        breakers = [
            _set("url", _BAD_URLS),
            _list_limits("events", WEBHOOK_EVENT_TYPES),
            _set("description", _too_long(500)),
        ]
        if model is WebhookEndpointCreateParams:
            return [_missing("url"), _missing("events"), *breakers]
        return [*breakers, _set("status", _not_one_of(get_args(WebhookEndpointStatus)))]
    if model is CreditPurchaseParams:
        return [_missing("amount_cents"), _int_limits("amount_cents", 1_000)]
    if model is OrganizationSettingsUpdateParams:
        return [
            _set("default_type", _not_one_of(get_args(JobType))),
            _int_limits("default_price_per_file_cents", 10, 50_000),
            _set("auto_topup_enabled", st.integers(0, 1), st.sampled_from(("true", "false"))),
            _int_limits("auto_topup_threshold_cents", 0),
            _int_limits("auto_topup_amount_cents", 1_000),
            _int_limits("low_balance_threshold_cents", 0),
        ]
    if model is SignupParams:
        bad_emails = st.sampled_from(
            ("", "ops", "ops@", "@acme.example", "ops@localhost", "a@b@c.example",
             "ops @acme.example", "ops@acme..example", "ops@.example")
        )  # fmt: skip
        return [
            _missing("name"),
            _missing("email"),
            _set("name", st.just(""), _too_long(100)),
            _set("email", bad_emails),
        ]
    if model is JobLocationParams:
        return [
            _missing("lat"),
            _missing("lng"),
            _set("lat", st.floats(90.001, 1e6), st.floats(-1e6, -90.001)),
            _set("lng", st.floats(180.001, 1e6), st.floats(-1e6, -180.001)),
            _set("radius_km", st.floats(-1e6, 0, allow_nan=False)),
        ]
    if model is PageParams:
        return _page_breakers()
    if model is ListJobsParams:
        return [
            *_page_breakers(),
            _set("status", _not_one_of(get_args(JobStatus))),
            _set("type", _not_one_of(get_args(JobType))),
        ]
    if model is JobSubmissionsParams:
        return [*_page_breakers(), _set("status", _not_one_of(get_args(SubmissionStatus)))]
    if model is ListTransactionsParams:
        return [*_page_breakers(), _set("type", _not_one_of(get_args(TransactionType)))]
    if model is ListWebhookEventsParams:
        return [
            *_page_breakers(),
            _set("type", _not_one_of(WEBHOOK_EVENT_TYPES)),
            _set("delivery_status", _not_one_of(get_args(WebhookDeliveryStatus))),
        ]
    if model is JobFilesParams:
        return [*_page_breakers(), _int_limits("min_score", 1, 5)]
    if model is ListAuditEventsParams:
        return [*_page_breakers(), _set("action", st.just("")), _set("resource_id", st.just(""))]
    if model in (ListSubmissionsParams, SubmissionSummaryParams):
        dates: List[_Breaker] = [
            _set("job_id", st.just("")),
            _set("start_date", _BAD_QUERY_DATES),
            _set("end_date", _BAD_QUERY_DATES),
            ("end_date", _reversed_range()),
        ]
        if model is ListSubmissionsParams:
            return [
                *_page_breakers(),
                _int_limits("min_score", 1, 5),
                _set("status", _not_one_of(get_args(SubmissionStatus))),
                *dates,
            ]
        return dates
    raise KeyError(f"no request strategy for {model!r}")


def _unknown_key(model: type[BaseModel]) -> _Breaker:
    known = frozenset(model.model_fields)
    key = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=20).filter(lambda k: k not in known)
    return ("", st.tuples(key, _json_value()).map(lambda pair: {pair[0]: pair[1]}))


@st.composite
def _broken(
    draw: st.DrawFn, valid: SearchStrategy[Wire], breakers: Sequence[_Breaker]
) -> Tuple[Wire, str]:
    body = dict(draw(valid))
    field, patches = draw(st.sampled_from(breakers))
    patch = draw(patches)
    if not field:  # an unknown key: the key itself is the field at fault
        field = next(iter(patch))
    for key, value in patch.items():
        if value is _MISSING:
            body.pop(key, None)
        else:
            body[key] = value
    return body, field


def invalid_request(
    model: type[BaseModel], *, unknown_keys: bool = True
) -> SearchStrategy[Tuple[Wire, str]]:
    """``(body, field)``: a valid body of ``model`` with exactly one documented limit broken
    (a required field missing, a number or a length out of range, a non-integer where an
    integer is required, a value outside an enum, a duplicate in a list, a plain-http URL, a
    date without a timezone, an end date before the start date, or, unless ``unknown_keys`` is
    false, a key the model does not know), and the name of the field at fault.

    Examples:
        >>> from firsthand.models import JobCreateParams
        >>> isinstance(invalid_request(JobCreateParams), SearchStrategy)
        True
    """
    breakers = list(_breakers(model))
    if unknown_keys:
        breakers.append(_unknown_key(model))
    return _broken(valid_request(model), breakers)
