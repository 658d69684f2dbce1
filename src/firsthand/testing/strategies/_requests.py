"""Strategies of valid requests (``*_params()``) and ``valid_request``."""

from __future__ import annotations

import string
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Callable, Dict, List, Optional, get_args

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from firsthand._models._list import PageParams
from firsthand._models.api_keys import (
    ApiKeyCreateParams,
    ApiKeyEnvironment,
    ApiKeyScope,
)
from firsthand._models.audit import ListAuditEventsParams
from firsthand._models.auth import SignupParams
from firsthand._models.billing import ListTransactionsParams, TransactionType
from firsthand._models.files import JobFilesParams
from firsthand._models.job_requests import JobCreateParams, JobLocationParams, ListJobsParams
from firsthand._models.jobs import AcceptedFormat, JobStatus, JobType
from firsthand._models.organization import OrganizationSettingsUpdateParams
from firsthand._models.submissions import (
    JobSubmissionsParams,
    ListSubmissionsParams,
    SubmissionStatus,
    SubmissionSummaryParams,
)
from firsthand._models.webhooks import (
    WEBHOOK_EVENT_TYPES,
    ListWebhookEventsParams,
    WebhookDeliveryStatus,
    WebhookEndpointCreateParams,
    WebhookEndpointStatus,
    WebhookEndpointUpdateParams,
)
from firsthand._operations import OPERATIONS
from firsthand.testing._limits import (
    API_KEY,
    CREDIT_PURCHASE,
    JOB,
    METADATA_MAX_KEYS,
    MIN_SCORE,
    PAGE_LIMIT,
    RATING,
    SETTINGS,
    SIGNUP,
    WEBHOOK_ENDPOINT,
    Between,
    Body,
    Length,
    Limit,
)
from firsthand.testing.strategies._base import (
    LOWER,
    MOMENTS,
    OFFSETS,
    Wire,
    https_url,
    iso,
    merged,
    object_id,
    rarely,
    stars,
    text,
    ulid,
)

# -- valid requests ------------------------------------------------------------------------------


def _within(limit: Limit, *, cap: int = 10_000_000) -> SearchStrategy[Any]:
    """Values that respect a limit of the table (integers up to ``cap`` when it has no upper
    bound)."""
    if isinstance(limit, Between):
        return st.integers(limit.low, cap if limit.high is None else limit.high)
    if isinstance(limit, Length):
        return _bounded_text(limit.low, limit.high)
    return st.sampled_from(limit.values)


def described_params(spec: Body) -> SearchStrategy[Wire]:
    """Valid bodies of a body described field by field (``_limits.Body``): every required field,
    any of the others, each within its limit.

    Examples:
        >>> from firsthand.testing._limits import Length
        >>> isinstance(described_params(Body({"note": Length(0, 200)})), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {name: _within(spec[name]) for name in spec.required},
        optional={
            name: _within(limit) for name, limit in spec.fields.items() if name not in spec.required
        },
    )


def described_body(model: type[BaseModel]) -> Optional[Body]:
    """The stand-in's description of ``model``'s body (``_routes.BODIES``), if it has one.

    Examples:
        >>> from firsthand.models import JobRateParams, JobCreateParams
        >>> described_body(JobRateParams).required, described_body(JobCreateParams)
        (('rating',), None)
    """
    from firsthand.testing._routes import BODIES  # the stand-in: loaded only when asked

    for op in OPERATIONS:
        if op.load_body is not None and op.body is model and op.name in BODIES:
            return BODIES[op.name]
    return None


def _bounded_text(min_size: int, max_size: int) -> SearchStrategy[str]:
    return st.text(min_size=min_size, max_size=max_size)


def json_value() -> SearchStrategy[Any]:
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
    return st.builds(iso, MOMENTS, st.sampled_from(("s", "ms")), OFFSETS, st.booleans())


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
            "description": _within(JOB["description"]),
            "files_needed": _within(JOB["files_needed"]),
            "accepted_formats": st.lists(
                st.sampled_from(get_args(AcceptedFormat)), min_size=1, unique=True
            ),
            "price_per_file_cents": _within(JOB["price_per_file_cents"]),
        },
        optional={
            "title": _within(JOB["title"]),
            "location": job_location_params(),
            "deadline": _aware_timestamp(),
            "max_workers": _within(JOB["max_workers"], cap=10_000),
            "metadata": st.dictionaries(
                st.text(max_size=40), json_value(), max_size=METADATA_MAX_KEYS
            ),
            "files_per_submission": _within(JOB["files_per_submission"]),
            "scoring_criteria": _within(JOB["scoring_criteria"]),
            "min_star_rating": stars(),
            "min_width": _within(JOB["min_width"], cap=20_000),
            "min_height": _within(JOB["min_height"], cap=20_000),
            "worker_guidelines": text(300),
        },
    )


def job_rate_params() -> SearchStrategy[Wire]:
    """A valid ``rate_job`` body: ``rating`` 1–5, an optional ``comment`` of at most 1000
    characters.

    Examples:
        >>> isinstance(job_rate_params(), SearchStrategy)
        True
    """
    return described_params(RATING)


def api_key_create_params() -> SearchStrategy[Wire]:
    """A valid ``create_api_key`` body: ``name`` 1–100 characters, distinct ``scopes``, an
    ``environment``.

    Examples:
        >>> isinstance(api_key_create_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {"name": _within(API_KEY["name"])},
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
        optional={"description": _within(WEBHOOK_ENDPOINT["description"])},
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
            "description": _within(WEBHOOK_ENDPOINT["description"]),
        },
    ).filter(bool)


def credit_purchase_params() -> SearchStrategy[Wire]:
    """A valid ``purchase_credits`` body: ``amount_cents`` of at least 1000.

    Examples:
        >>> isinstance(credit_purchase_params(), SearchStrategy)
        True
    """
    return described_params(CREDIT_PURCHASE)


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
            "default_price_per_file_cents": _within(SETTINGS["default_price_per_file_cents"]),
            "auto_topup_enabled": st.booleans(),
            "auto_topup_threshold_cents": _within(SETTINGS["auto_topup_threshold_cents"]),
            "auto_topup_amount_cents": _within(SETTINGS["auto_topup_amount_cents"]),
            "low_balance_threshold_cents": _within(SETTINGS["low_balance_threshold_cents"]),
        },
    ).filter(bool)


def _email() -> SearchStrategy[str]:
    local = st.text(alphabet=string.ascii_letters + string.digits + "._+-", min_size=1, max_size=20)
    label = st.text(alphabet=LOWER + string.digits + "-", min_size=1, max_size=15)
    domain = st.builds(
        "{}.{}".format,
        st.lists(label, min_size=1, max_size=2).map(".".join),
        st.text(alphabet=LOWER, min_size=2, max_size=6),
    )
    return st.builds("{}@{}".format, local, domain)


def signup_params() -> SearchStrategy[Wire]:
    """A valid signup body: ``name`` 1–100 characters and a plausible ``email``.

    Examples:
        >>> isinstance(signup_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries({"name": _within(SIGNUP["name"]), "email": _email()})


def _page_fields() -> Dict[str, SearchStrategy[Any]]:
    return {
        "limit": _within(PAGE_LIMIT),
        "cursor": st.one_of(ulid(), object_id("job"), _bounded_text(1, 40)),
    }


def _filter_value(values: Sequence[str]) -> SearchStrategy[str]:
    """An open query filter (``action``): a documented value or any other non-empty string."""
    return st.one_of(st.sampled_from(values), rarely(_bounded_text(1, 30), values[0]))


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
    return st.fixed_dictionaries({}, optional={"min_score": _within(MIN_SCORE), **_page_fields()})


def job_submissions_params() -> SearchStrategy[Wire]:
    """Valid ``get_job_submissions`` query: ``status`` and paging.

    Examples:
        >>> isinstance(job_submissions_params(), SearchStrategy)
        True
    """
    return st.fixed_dictionaries(
        {}, optional={"status": _enum_value(get_args(SubmissionStatus)), **_page_fields()}
    )


def query_date(moment: datetime, as_date: bool, offset_minutes: int, zulu: bool) -> str:
    if as_date:
        return moment.date().isoformat()
    return iso(moment, "s", offset_minutes, zulu)


@st.composite
def _date_range(draw: st.DrawFn) -> Wire:
    """``start_date`` and/or ``end_date``; when both are given the end is at least two days
    after the start (so no offset or date-vs-datetime reading can reverse them)."""
    start = draw(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)))
    end = start + timedelta(days=draw(st.integers(2, 3_000)), seconds=draw(st.integers(0, 86_399)))
    out: Wire = {}
    for key, moment in (("start_date", start), ("end_date", end)):
        if draw(st.booleans()):
            out[key] = query_date(moment, draw(st.booleans()), draw(OFFSETS), draw(st.booleans()))
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
            "min_score": _within(MIN_SCORE),
            **_page_fields(),
        },
    )
    return st.builds(merged, fields, _date_range())


def submission_summary_params() -> SearchStrategy[Wire]:
    """Valid ``get_submission_summary`` query: ``job_id`` and an ISO date range.

    Examples:
        >>> isinstance(submission_summary_params(), SearchStrategy)
        True
    """
    fields = st.fixed_dictionaries({}, optional={"job_id": object_id("job")})
    return st.builds(merged, fields, _date_range())


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
    ApiKeyCreateParams: api_key_create_params,
    WebhookEndpointCreateParams: webhook_endpoint_create_params,
    WebhookEndpointUpdateParams: webhook_endpoint_update_params,
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
    """The valid-body (or valid-query) strategy of a request model: its own, or one derived
    from the stand-in's description of the body (``_limits.Body``).

    Examples:
        >>> from firsthand.models import JobCreateParams
        >>> isinstance(valid_request(JobCreateParams), SearchStrategy)
        True
    """
    factory = _VALID.get(model)
    if factory is not None:
        return factory()
    spec = described_body(model)
    if spec is None:
        raise KeyError(f"no request strategy for {model!r}")
    return described_params(spec)
