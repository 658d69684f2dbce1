"""``invalid_request``: valid requests with exactly one documented limit broken."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, List, Optional, Tuple, get_args

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
from firsthand.testing._limits import (
    API_KEY,
    JOB,
    LATITUDE,
    LONGITUDE,
    METADATA_MAX_KEYS,
    MIN_SCORE,
    PAGE_LIMIT,
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
    MISSING,
    NAME_CHARS,
    OFFSETS,
    Wire,
)
from firsthand.testing.strategies._requests import (
    described_body,
    json_value,
    query_date,
    valid_request,
)

# -- invalid requests: exactly one documented limit broken ----------------------------------------

#: One way to break a request: the field reported at fault and a strategy of patches to apply
#: to a valid body (``MISSING`` as a value removes the key).
_Breaker = Tuple[str, SearchStrategy[Wire]]


def _set(field: str, *bad: SearchStrategy[Any]) -> _Breaker:
    return (field, st.one_of(*bad).map(lambda value: {field: value}))


def _missing(field: str) -> _Breaker:
    return (field, st.just({field: MISSING}))


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
    st.text(alphabet=LOWER, min_size=2_049 - 20, max_size=2_100).map(
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
        "start_date": query_date(start, draw(st.booleans()), draw(OFFSETS), True),
        "end_date": query_date(end, draw(st.booleans()), draw(OFFSETS), True),
    }


def _beyond(bounds: Tuple[float, float]) -> SearchStrategy[float]:
    """Numbers outside ``bounds`` (degrees of latitude or longitude)."""
    low, high = bounds
    return st.one_of(st.floats(high + 0.001, 1e6), st.floats(-1e6, low - 0.001))


def _location_breakers() -> SearchStrategy[Any]:
    ok_lat = st.floats(*LATITUDE, allow_nan=False)
    ok_lng = st.floats(*LONGITUDE, allow_nan=False)
    far_lat = _beyond(LATITUDE)
    far_lng = _beyond(LONGITUDE)
    return st.one_of(
        st.fixed_dictionaries({"lat": far_lat, "lng": ok_lng}),
        st.fixed_dictionaries({"lat": ok_lat, "lng": far_lng}),
        st.fixed_dictionaries({"lng": ok_lng}),
        st.fixed_dictionaries(
            {"lat": ok_lat, "lng": ok_lng, "radius_km": st.floats(-1e6, 0, allow_nan=False)}
        ),
    )


def _limit(field: str, limit: Limit) -> _Breaker:
    """Break a limit of the table: an integer out of range (or not an integer), a string too short
    or too long."""
    if isinstance(limit, Between):
        return _int_limits(field, limit.low, limit.high)
    if isinstance(limit, Length):
        too_short = [st.text(max_size=limit.low - 1)] if limit.low > 0 else []
        return _set(field, *too_short, _too_long(limit.high))
    return _set(field, _not_one_of(limit.values))


def _described(spec: Body) -> List[_Breaker]:
    """Break a body described field by field: each required field missing, each limit broken."""
    return [
        *(_missing(name) for name in spec.required),
        *(_limit(name, limit) for name, limit in spec.fields.items()),
    ]


def _limits(table: Mapping[str, Limit], *fields: str) -> List[_Breaker]:
    return [_limit(field, table[field]) for field in fields]


def _job_create() -> List[_Breaker]:
    return [
        *(_missing(f) for f in ("type", "description", "files_needed")),
        *(_missing(f) for f in ("accepted_formats", "price_per_file_cents")),
        _set("type", _not_one_of(get_args(JobType))),
        *_limits(JOB, "description", "files_needed"),
        _set(
            "accepted_formats",
            st.just([]),
            st.lists(_not_one_of(get_args(AcceptedFormat)), min_size=1, max_size=2),
        ),
        *_limits(JOB, "price_per_file_cents", "title"),
        _set("location", _location_breakers()),
        _set("deadline", _BAD_DEADLINES),
        *_limits(JOB, "max_workers"),
        _set(
            "metadata",
            st.dictionaries(
                st.text(max_size=8),
                st.integers(),
                min_size=METADATA_MAX_KEYS + 1,
                max_size=METADATA_MAX_KEYS + 5,
            ),
        ),
        *_limits(JOB, "files_per_submission", "scoring_criteria", "min_star_rating"),
        *_limits(JOB, "min_width", "min_height"),
    ]


def _api_key_create() -> List[_Breaker]:
    return [
        _missing("name"),
        _limit("name", API_KEY["name"]),
        _list_limits("scopes", get_args(ApiKeyScope)),
        _set("environment", _not_one_of(get_args(ApiKeyEnvironment))),
    ]


def _webhook_endpoint() -> List[_Breaker]:
    return [
        _set("url", _BAD_URLS),
        _list_limits("events", WEBHOOK_EVENT_TYPES),
        _limit("description", WEBHOOK_ENDPOINT["description"]),
    ]


def _webhook_endpoint_create() -> List[_Breaker]:
    return [_missing("url"), _missing("events"), *_webhook_endpoint()]


def _webhook_endpoint_update() -> List[_Breaker]:
    return [*_webhook_endpoint(), _set("status", _not_one_of(get_args(WebhookEndpointStatus)))]


def _settings_update() -> List[_Breaker]:
    return [
        _set("default_type", _not_one_of(get_args(JobType))),
        *_limits(SETTINGS, "default_price_per_file_cents"),
        _set("auto_topup_enabled", st.integers(0, 1), st.sampled_from(("true", "false"))),
        *_limits(SETTINGS, "auto_topup_threshold_cents", "auto_topup_amount_cents"),
        *_limits(SETTINGS, "low_balance_threshold_cents"),
    ]


def _signup() -> List[_Breaker]:
    bad_emails = st.sampled_from(
        ("", "ops", "ops@", "@acme.example", "ops@localhost", "a@b@c.example",
         "ops @acme.example", "ops@acme..example", "ops@.example")
    )  # fmt: skip
    return [
        _missing("name"),
        _missing("email"),
        _limit("name", SIGNUP["name"]),
        _set("email", bad_emails),
    ]


def _job_location() -> List[_Breaker]:
    return [
        _missing("lat"),
        _missing("lng"),
        _set("lat", _beyond(LATITUDE)),
        _set("lng", _beyond(LONGITUDE)),
        _set("radius_km", st.floats(-1e6, 0, allow_nan=False)),
    ]


def _page() -> List[_Breaker]:
    return [_limit("limit", PAGE_LIMIT), _set("cursor", st.just(""))]


def _list_jobs() -> List[_Breaker]:
    return [
        *_page(),
        _set("status", _not_one_of(get_args(JobStatus))),
        _set("type", _not_one_of(get_args(JobType))),
    ]


def _job_submissions() -> List[_Breaker]:
    return [*_page(), _set("status", _not_one_of(get_args(SubmissionStatus)))]


def _list_transactions() -> List[_Breaker]:
    return [*_page(), _set("type", _not_one_of(get_args(TransactionType)))]


def _list_webhook_events() -> List[_Breaker]:
    return [
        *_page(),
        _set("type", _not_one_of(WEBHOOK_EVENT_TYPES)),
        _set("delivery_status", _not_one_of(get_args(WebhookDeliveryStatus))),
    ]


def _job_files() -> List[_Breaker]:
    return [*_page(), _limit("min_score", MIN_SCORE)]


def _list_audit_events() -> List[_Breaker]:
    return [*_page(), _set("action", st.just("")), _set("resource_id", st.just(""))]


def _date_filters() -> List[_Breaker]:
    return [
        _set("job_id", st.just("")),
        _set("start_date", _BAD_QUERY_DATES),
        _set("end_date", _BAD_QUERY_DATES),
        ("end_date", _reversed_range()),
    ]


def _list_submissions() -> List[_Breaker]:
    return [
        *_page(),
        _limit("min_score", MIN_SCORE),
        _set("status", _not_one_of(get_args(SubmissionStatus))),
        *_date_filters(),
    ]


#: How to break each request model whose body the stand-in does not describe field by field
#: (``_routes.BODIES``; a described body's breakers are derived from its description).
_BREAKERS: Mapping[type[BaseModel], Callable[[], List[_Breaker]]] = {
    JobCreateParams: _job_create,
    ApiKeyCreateParams: _api_key_create,
    WebhookEndpointCreateParams: _webhook_endpoint_create,
    WebhookEndpointUpdateParams: _webhook_endpoint_update,
    OrganizationSettingsUpdateParams: _settings_update,
    SignupParams: _signup,
    JobLocationParams: _job_location,
    PageParams: _page,
    ListJobsParams: _list_jobs,
    JobSubmissionsParams: _job_submissions,
    ListTransactionsParams: _list_transactions,
    ListWebhookEventsParams: _list_webhook_events,
    JobFilesParams: _job_files,
    ListAuditEventsParams: _list_audit_events,
    ListSubmissionsParams: _list_submissions,
    SubmissionSummaryParams: _date_filters,
}


def _breakers(model: type[BaseModel]) -> List[_Breaker]:
    factory = _BREAKERS.get(model)
    if factory is not None:
        return factory()
    spec = described_body(model)
    if spec is None:
        raise KeyError(f"no request strategy for {model!r}")
    return _described(spec)


def _unknown_key(model: type[BaseModel]) -> _Breaker:
    known = frozenset(model.model_fields)
    key = st.text(alphabet=NAME_CHARS, min_size=1, max_size=20).filter(lambda k: k not in known)
    return ("", st.tuples(key, json_value()).map(lambda pair: {pair[0]: pair[1]}))


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
        if value is MISSING:
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
