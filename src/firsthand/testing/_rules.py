"""What the stand-in accepts: the contract's constants (the SDK's own, so the two never drift apart),
its error type and the request-body checks, built from the limits table (``_limits``) that the
strategies read too.

Every check names the field at fault; ``check_fields`` reports every problem of a body at once, as
``details`` of one 400 ``validation_error`` (docs/api-contract.md, "Errors").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple, Union, cast, get_args

from firsthand._models.api_keys import ApiKeyScope
from firsthand._models.billing import TransactionType
from firsthand._models.jobs import TERMINAL_JOB_STATUSES, AcceptedFormat, JobStatus, JobType
from firsthand._models.submissions import SubmissionStatus
from firsthand._models.webhooks import (
    WEBHOOK_URL_MAX_LENGTH,
    WEBHOOK_URL_PATTERN,
    WebhookEventType,
)
from firsthand.testing._limits import (
    JOB,
    LATITUDE,
    LONGITUDE,
    METADATA_MAX_KEYS,
    SETTINGS,
    Between,
    Body,
    Length,
    Limit,
)

Json = Dict[str, Any]
Check = Callable[[Any], Optional[str]]

API_VERSION = "2026-03-18"

JOB_TYPES: Tuple[str, ...] = get_args(JobType)
JOB_STATUSES: Tuple[str, ...] = get_args(JobStatus)
TERMINAL_STATUSES: Tuple[str, ...] = tuple(sorted(TERMINAL_JOB_STATUSES))
ACCEPTED_FORMATS: Tuple[str, ...] = get_args(AcceptedFormat)
SUBMISSION_STATUSES: Tuple[str, ...] = get_args(SubmissionStatus)
TRANSACTION_TYPES: Tuple[str, ...] = get_args(TransactionType)
EVENT_TYPES: Tuple[str, ...] = get_args(WebhookEventType)
DELIVERY_STATUSES = ("pending", "delivered", "failed")
SCOPES: Tuple[str, ...] = get_args(ApiKeyScope)
#: Credit packs (docs/api-contract.md, "Credit packs"): amount paid -> credits received; other amounts get no bonus.
CREDIT_PACKS = {1_000: 1_000, 2_500: 2_625, 5_000: 5_500, 10_000: 11_500, 25_000: 30_000}

DAY = 86_400.0
_WEBHOOK_URL = re.compile(WEBHOOK_URL_PATTERN)
ANNOTATION_MODEL = "claude-sonnet-4-20250514"


def iso(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sssZ`` (docs/api-contract.md, "timestamps").

    Examples:
        >>> iso(datetime(350, 11, 10, tzinfo=timezone.utc))
        '0350-11-10T00:00:00.000Z'
    """
    # strftime("%Y") does not pad years before 1000 on every platform; RFC 3339 needs 4 digits.
    return (
        f"{moment.year:04d}-"
        + moment.strftime("%m-%dT%H:%M:%S.")
        + f"{moment.microsecond // 1000:03d}Z"
    )


_RFC3339_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RFC3339_DATE_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def parse_filter_date(value: str) -> datetime:
    """A ``start_date``/``end_date`` filter: an RFC 3339 date (midnight UTC) or date-time, as the
    OpenAPI document says (``format: date`` or ``date-time``); ``ValueError`` otherwise.

    Examples:
        >>> parse_filter_date("2026-03-01"), parse_filter_date("2026-03-01t09:30:00.5+02:00")
        (datetime.datetime(2026, 3, 1, 0, 0, tzinfo=datetime.timezone.utc), datetime.datetime(2026, 3, 1, 7, 30, 0, 500000, tzinfo=datetime.timezone.utc))
        >>> parse_filter_date("2026-03-01T09:30:00")
        Traceback (most recent call last):
        ValueError: not an RFC 3339 date or date-time: '2026-03-01T09:30:00'
    """
    if _RFC3339_DATE.fullmatch(value):
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    match = _RFC3339_DATE_TIME.fullmatch(value)
    if match is None:
        raise ValueError(f"not an RFC 3339 date or date-time: {value!r}")
    day, minutes, seconds, fraction, offset = match.groups()
    seconds = min(seconds, "59")  # a leap second (:60) is the last second of its minute
    fraction = (fraction or ".0")[1:7].ljust(6, "0")
    offset = "+00:00" if offset in ("Z", "z") else offset
    return datetime.fromisoformat(f"{day}T{minutes}:{seconds}.{fraction}{offset}").astimezone(
        timezone.utc
    )


def parse_time(value: str) -> datetime:
    """ISO 8601 date or date-time, ``Z`` or offset; a naive value is read as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


class Problem(Exception):
    """An API error the stand-in answers with ``{"error": {type, message, request_id, details?}}``.

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


def invalid(field_name: str, message: str, status: int = 400) -> Problem:
    """A ``validation_error`` naming one field.

    Examples:
        >>> invalid("limit", "must be an integer from 1 to 100").details
        [{'field': 'limit', 'message': 'must be an integer from 1 to 100'}]
    """
    return Problem(
        status,
        "validation_error",
        f"Invalid request: {field_name} {message}",
        [{"field": field_name, "message": message}],
    )


def check_fields(body: Json, checks: Dict[str, Check]) -> None:
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


def require(body: Json, names: Iterable[str]) -> None:
    details = [{"field": name, "message": "is required"} for name in names if name not in body]
    if details:
        raise Problem(
            400, "validation_error", f"Invalid request: {details[0]['field']} is required", details
        )


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_in(low: int, high: Optional[int] = None) -> Check:
    def check(value: Any) -> Optional[str]:
        if not is_int(value) or value < low or (high is not None and value > high):
            return f"must be an integer from {low}" + (f" to {high}" if high is not None else "")
        return None

    return check


def str_len(low: int, high: int, nullable: bool = True) -> Check:
    def check(value: Any) -> Optional[str]:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not low <= len(value) <= high:
            return f"must be a string of {low} to {high} characters"
        return None

    return check


def within(limit: Limit, *, nullable: bool = True) -> Check:
    """The check of a limit of the table: ``int_in`` for a ``Between``, ``str_len`` for a
    ``Length`` (``nullable``: ``None`` passes).

    Examples:
        >>> from firsthand.testing._limits import RATING
        >>> within(Between(1, 5))(6), within(RATING["comment"])("ok")
        ('must be an integer from 1 to 5', None)
    """
    if isinstance(limit, Between):
        return int_in(limit.low, limit.high)
    if isinstance(limit, Length):
        return str_len(limit.low, limit.high, nullable=nullable)
    return one_of(limit.values)


def checks_of(limits: Union[Body, Mapping[str, Limit]]) -> Dict[str, Check]:
    """A check per field of a table's body.

    Examples:
        >>> from firsthand.testing._limits import RATING
        >>> sorted(checks_of(RATING))
        ['comment', 'rating']
    """
    table = limits.fields if isinstance(limits, Body) else limits
    return {name: within(limit) for name, limit in table.items()}


def check_body(body: Json, spec: Body) -> None:
    """Check a body against its description alone: the required fields first, then every
    field's limit and no unknown key (each problem named at once, as ``check_fields`` does).

    Examples:
        >>> from firsthand.testing._limits import RATING
        >>> check_body({"rating": 5}, RATING)
        >>> check_body({"rating": 6, "colour": "blue"}, RATING)
        Traceback (most recent call last):
        firsthand.testing._rules.Problem: Invalid request: colour is not a known field
    """
    require(body, spec.required)
    check_fields(body, checks_of(spec))


def one_of(choices: Sequence[str]) -> Check:
    def check(value: Any) -> Optional[str]:
        if value not in choices:
            return "must be one of " + ", ".join(choices)
        return None

    return check


def nullable(check: Check) -> Check:
    def wrapped(value: Any) -> Optional[str]:
        return None if value is None else check(value)

    return wrapped


def list_of(choices: Sequence[str], *, non_empty: bool, unique: bool = False) -> Check:
    """A list of ``choices``; ``unique``: each at most once (a repeat is a mistake, not a request)."""

    def check(value: Any) -> Optional[str]:
        if not isinstance(value, list) or (non_empty and not value):
            return "must be a non-empty list" if non_empty else "must be a list"
        items: List[Any] = value  # pyright: ignore[reportUnknownVariableType]
        if any(item not in choices for item in items):
            return "may only hold " + ", ".join(choices)
        if unique and len(set(items)) != len(items):
            return "must list each value once"
        return None

    return check


def _number_in(value: Any, low: float, high: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high


def check_location(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, dict):
        return "must be an object with lat, lng and optionally radius_km"
    location = cast(Json, value)
    unknown = set(location) - {"lat", "lng", "radius_km"}
    if unknown:
        return f"has unknown keys: {', '.join(sorted(unknown))}"
    if not _number_in(location.get("lat"), *LATITUDE) or not _number_in(
        location.get("lng"), *LONGITUDE
    ):
        return "needs lat from -90 to 90 and lng from -180 to 180"
    radius = location.get("radius_km")
    if radius is not None and not (_number_in(radius, 0, float("inf")) and radius > 0):
        return "radius_km must be a positive number of kilometres"
    return None


def check_metadata(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) > METADATA_MAX_KEYS:  # pyright: ignore[reportUnknownArgumentType]
        return f"must be an object of at most {METADATA_MAX_KEYS} keys"
    return None


def check_deadline(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or "T" not in value.upper():
        return "must be an ISO 8601 date-time with a timezone"
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] in "Zz" else value)
    except ValueError:
        return "must be an ISO 8601 date-time with a timezone"
    return None if parsed.tzinfo is not None else "must carry a timezone (Z or an offset)"


def check_email(value: Any) -> Optional[str]:
    if not isinstance(value, str) or "@" not in value.strip("@"):
        return "must be an email address"
    return None


def _json_number(text: str) -> Any:
    """A JSON number with a fraction or exponent: an ``int`` when it is integral (``5.0``), as JSON
    Schema's ``integer`` counts it, else a ``float``."""
    value = float(text)
    return int(value) if value.is_integer() else value


def json_object(body: bytes) -> Json:
    """A request body as a JSON object (``{}`` when empty); anything else is a 400.

    Null means not given (docs/decisions.md): a member whose value is ``null`` is dropped, so it
    is checked, defaulted and stored as if it were absent. An integral number (``5.0``) is an
    integer, as JSON Schema's ``integer`` says.

    Examples:
        >>> json_object(b'{"a": 1, "b": null, "c": 5.0}'), json_object(b"")
        ({'a': 1, 'c': 5}, {})
        >>> json_object(b"[1]")
        Traceback (most recent call last):
        firsthand.testing._rules.Problem: The request body must be a JSON object
    """
    if not body:
        return {}
    try:
        parsed: Any = json.loads(body, parse_float=_json_number)
    except ValueError:
        raise Problem(400, "validation_error", "The request body is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise Problem(400, "validation_error", "The request body must be a JSON object")
    members = cast(Json, parsed)
    return {name: value for name, value in members.items() if value is not None}


def check_bool(value: Any) -> Optional[str]:
    return None if isinstance(value, bool) else "must be a boolean"


def check_https(value: Any) -> Optional[str]:
    """The webhook URL rule: the OpenAPI document's ``pattern`` and ``maxLength`` (the SDK's
    constants), so the stand-in accepts exactly the URLs the document allows.

    Examples:
        >>> check_https("https://example.com/hooks"), check_https("http://example.com")
        (None, 'must be an https URL')
    """
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > WEBHOOK_URL_MAX_LENGTH or _WEBHOOK_URL.fullmatch(value) is None:
        return "must be an https URL"
    return None


JOB_CREATE_CHECKS: Dict[str, Check] = {
    **checks_of(JOB),
    "type": one_of(JOB_TYPES),
    "description": within(JOB["description"], nullable=False),
    "accepted_formats": list_of(ACCEPTED_FORMATS, non_empty=True),
    "location": check_location,
    "deadline": check_deadline,
    "max_workers": nullable(within(JOB["max_workers"])),
    "metadata": check_metadata,
    "min_width": nullable(within(JOB["min_width"])),
    "min_height": nullable(within(JOB["min_height"])),
}

SETTINGS_CHECKS: Dict[str, Check] = {
    **checks_of(SETTINGS),
    "default_type": one_of(JOB_TYPES),
    "auto_topup_enabled": check_bool,
}
