"""Submissions: the ``Submission`` and ``SubmissionSummary`` response models and their queries."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Literal, Optional, Union

from pydantic import (
    Field,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ._base import FirstHandModel, RequestModel, Timestamp
from ._list import ListEnvelope, PageParams

__all__ = [
    "JobSubmissionsParams",
    "ListSubmissionsParams",
    "Submission",
    "SubmissionList",
    "SubmissionStatus",
    "SubmissionSummary",
    "SubmissionSummaryParams",
]

SubmissionStatus = Literal["pending_score", "approved", "rejected", "retry_pending"]
"""Submission states: scored submissions end ``approved`` or ``rejected``."""


class Submission(FirstHandModel):
    """One worker submission and its AI score.

    ``ai_star_rating``, ``ai_reasoning`` and ``scored_at`` are ``None`` while the submission is
    ``pending_score``.

    Examples:
        >>> sub = Submission.model_validate_json(b'''{"object": "submission", "id": "sub_01JQ",
        ...   "job_id": "job_01JQ", "worker_id": "wkr_01JQ", "status": "approved",
        ...   "ai_star_rating": 4, "ai_reasoning": "Cup centred, sharp, well lit.",
        ...   "file_url": "https://files.firsthandapi.com/sub_01JQ.jpg",
        ...   "content_type": "image/jpeg", "size_bytes": 482133,
        ...   "submitted_at": "2026-03-20T19:03:27.971Z", "scored_at": "2026-03-20T19:03:39Z"}''')
        >>> sub.status, sub["ai_star_rating"], sub.scored_at.isoformat()
        ('approved', 4, '2026-03-20T19:03:39+00:00')
    """

    object: str = "submission"
    id: str
    job_id: str
    worker_id: Optional[str] = None
    status: Union[SubmissionStatus, str]
    ai_star_rating: Optional[int] = None
    ai_reasoning: Optional[str] = None
    scored_at: Optional[Timestamp] = None
    file_url: str
    content_type: str
    size_bytes: Optional[int] = None
    submitted_at: Timestamp
    submission_latitude: Optional[float] = None
    submission_longitude: Optional[float] = None
    location_verified: Optional[bool] = None
    annotations: Optional[Dict[str, Any]] = None
    dimensions: Optional[Dict[str, Any]] = None


class SubmissionSummary(FirstHandModel):
    """Aggregate submission metrics over a date range, for one job or the whole organization.

    ``approval_rate`` is a fraction (0–1); ``star_rating_distribution`` maps ``"1"``…``"5"`` to
    counts.

    Examples:
        >>> s = SubmissionSummary.model_validate({"object": "submission_summary", "job_id": None,
        ...     "start_date": "2026-02-18T00:00:00Z", "end_date": "2026-03-20T00:00:00Z",
        ...     "total": 10, "approved": 7, "rejected": 2, "pending_score": 1, "retry_pending": 0,
        ...     "approval_rate": 0.7, "average_star_rating": 3.8,
        ...     "star_rating_distribution": {"1": 0, "2": 2, "3": 1, "4": 4, "5": 2}})
        >>> s.approval_rate, s.star_rating_distribution["4"], s.end_date.year
        (0.7, 4, 2026)
    """

    object: str = "submission_summary"
    job_id: Optional[str] = None
    start_date: Optional[Timestamp] = None
    end_date: Optional[Timestamp] = None
    total: Optional[int] = None
    approved: Optional[int] = None
    rejected: Optional[int] = None
    pending_score: Optional[int] = None
    retry_pending: Optional[int] = None
    approval_rate: Optional[float] = None
    average_star_rating: Optional[float] = None
    star_rating_distribution: Optional[Dict[str, int]] = None


# -- query dates --------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)


def _naive_error() -> PydanticCustomError:
    return PydanticCustomError(
        "timezone_aware",
        "a naive datetime is ambiguous: add a timezone "
        "(e.g. tzinfo=timezone.utc, or a 'Z' or '+02:00' suffix)",
    )


def _parse_iso(text: str) -> Union[datetime, date]:
    date_match = _DATE.fullmatch(text)
    match = _DATETIME.fullmatch(text)
    if match is not None and match.group(8) is None and match.group(9) is None:
        raise _naive_error()
    try:
        if date_match is not None:
            return date(*(int(part) for part in date_match.groups()))
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second, fraction, _, sign, off_h, off_m = match.groups()
        tz = timezone.utc
        if sign is not None:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError as exc:  # a malformed string, or day 31 of a 30-day month
        raise PydanticCustomError(
            "iso_date",
            "must be an ISO 8601 date (2026-03-01) or datetime with a timezone "
            "(2026-03-01T09:30:00Z)",
        ) from exc


def _query_instant(value: Any) -> Union[datetime, date]:
    if isinstance(value, str):
        value = _parse_iso(value.strip())
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise _naive_error()
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return value
    raise PydanticCustomError(
        "date_type", "must be a timezone-aware datetime, a date or an ISO 8601 string"
    )


def _wire_instant(value: Union[datetime, date]) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return value.isoformat()


#: A query date: an aware ``datetime`` (kept as UTC), a ``date``, or an ISO 8601 string of either.
#: A naive datetime is rejected rather than guessed. Sent as ISO 8601, datetimes in UTC with ``Z``.
_QueryDate = Annotated[
    Union[datetime, date],
    PlainValidator(_query_instant),
    PlainSerializer(_wire_instant, return_type=str, when_used="json"),
    # What the server accepts, as the OpenAPI document says: an RFC 3339 date or date-time.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ]
        }
    ),
]


def _is_before(end: Union[datetime, date], start: Union[datetime, date]) -> bool:
    # A plain date names a whole day: when either bound is one, compare calendar days (UTC).
    if isinstance(end, datetime) and isinstance(start, datetime):
        return end < start
    end_day = end.date() if isinstance(end, datetime) else end
    start_day = start.date() if isinstance(start, datetime) else start
    return end_day < start_day


def _check_date_order(
    value: Optional[Union[datetime, date]], info: ValidationInfo
) -> Optional[Union[datetime, date]]:
    start = info.data.get("start_date")
    if value is not None and start is not None and _is_before(value, start):
        raise PydanticCustomError(
            "date_order",
            "end_date ({end}) is before start_date ({start})",
            {"end": _wire_instant(value), "start": _wire_instant(start)},
        )
    return value


_IdFilter = Annotated[str, Field(min_length=1)]


class JobSubmissionsParams(PageParams):
    """Query of ``get_job_submissions``: an optional ``status`` filter and paging.

    ``status`` takes the documented values or any other string (a newer server may add statuses).

    Examples:
        >>> JobSubmissionsParams(status="approved", limit=10).to_wire()
        {'limit': 10, 'status': 'approved'}
    """

    status: Optional[Union[SubmissionStatus, str]] = None


class ListSubmissionsParams(PageParams):
    """Query of ``list_submissions``.

    ``start_date``/``end_date`` take an aware ``datetime``, a ``date`` or an ISO 8601 string; a
    naive datetime is rejected (add a timezone). The server defaults to the last 30 days.

    Examples:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> ListSubmissionsParams(job_id="job_01JQ", min_score=4, start_date=date(2026, 3, 1),
        ...     end_date=datetime(2026, 3, 20, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
        ...     ).to_wire()
        {'job_id': 'job_01JQ', 'min_score': 4, 'start_date': '2026-03-01', 'end_date': '2026-03-20T19:00:00Z'}
        >>> ListSubmissionsParams(start_date=datetime(2026, 3, 1))
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ListSubmissionsParams
        start_date
          a naive datetime is ambiguous: add a timezone ...
    """

    job_id: Optional[_IdFilter] = None
    status: Optional[Union[SubmissionStatus, str]] = None
    min_score: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = None
    start_date: Optional[_QueryDate] = None
    end_date: Optional[_QueryDate] = None

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(
        cls, value: Optional[Union[datetime, date]], info: ValidationInfo
    ) -> Optional[Union[datetime, date]]:
        return _check_date_order(value, info)


class SubmissionSummaryParams(RequestModel):
    """Query of ``get_submission_summary``: optional job and date range (dates as for
    :class:`ListSubmissionsParams`).

    Examples:
        >>> SubmissionSummaryParams(start_date="2026-03-01T00:00:00+01:00").to_wire()
        {'start_date': '2026-02-28T23:00:00Z'}
        >>> SubmissionSummaryParams(start_date="2026-03-20", end_date="2026-03-01")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for SubmissionSummaryParams
        end_date
          end_date (2026-03-01) is before start_date (2026-03-20) ...
    """

    job_id: Optional[_IdFilter] = None
    start_date: Optional[_QueryDate] = None
    end_date: Optional[_QueryDate] = None

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(
        cls, value: Optional[Union[datetime, date]], info: ValidationInfo
    ) -> Optional[Union[datetime, date]]:
        return _check_date_order(value, info)


SubmissionList = ListEnvelope[Submission]
"""One page of submissions as the wire carries it (``GET /v1/submissions``)."""
