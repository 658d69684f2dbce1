"""Submissions: the ``Submission`` and ``SubmissionSummary`` response models and their queries."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

import re
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Dict, Literal, Optional, Union

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

from ._base import FirstHandModel, RequestModel, Timestamp, lazy_pages
from ._list import ListEnvelope, PageParams

__all__ = [
    "JobSubmissionsParams",
    "ListSubmissionsParams",
    "Submission",
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

    object: str = Field(
        default="submission", description="Always `submission`.", examples=["submission"]
    )
    id: str = Field(
        description="The submission's id (`sub_…`).", examples=["sub_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    job_id: str = Field(
        description="The job the submission was made for.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    worker_id: Optional[str] = Field(
        default=None,
        description="The worker who made it (`wkr_…`).",
        examples=["wkr_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    status: Union[SubmissionStatus, str] = Field(
        description="`pending_score`, `approved`, `rejected` or `retry_pending`; a newer server may send another value.",
        examples=["approved"],
    )
    ai_star_rating: Optional[int] = Field(
        default=None,
        description="The AI's score, 1–5 stars; `None` while `pending_score`.",
        examples=[4],
    )
    ai_reasoning: Optional[str] = Field(
        default=None,
        description="The AI's explanation of its score; `None` while `pending_score`.",
        examples=["Sharp, well lit, cup centred."],
    )
    scored_at: Optional[Timestamp] = Field(
        default=None,
        description="When the submission was scored; `None` while `pending_score`.",
        examples=["2026-03-20T19:03:39Z"],
    )
    file_url: str = Field(
        description="URL of the submitted file.",
        examples=["https://files.firsthandapi.com/sub_01JQ.jpg"],
    )
    content_type: str = Field(
        description="The submitted file's MIME type.", examples=["image/jpeg"]
    )
    size_bytes: Optional[int] = Field(
        default=None, description="Size of the submitted file in bytes.", examples=[482133]
    )
    submitted_at: Timestamp = Field(
        description="When the worker submitted.", examples=["2026-03-20T19:03:27.971Z"]
    )
    submission_latitude: Optional[float] = Field(
        default=None,
        description="Latitude where the file was captured (GPS, 6 decimals), if shared.",
        examples=[40.712776],
    )
    submission_longitude: Optional[float] = Field(
        default=None,
        description="Longitude where the file was captured (GPS, 6 decimals), if shared.",
        examples=[-74.005974],
    )
    location_verified: Optional[bool] = Field(
        default=None,
        description="Whether the capture location was verified; `False` when the worker denied location access.",
        examples=[True],
    )
    annotations: Optional[Dict[str, Any]] = Field(
        default=None,
        description="Automatic labels the scoring produced (as on the approved file).",
        examples=[{"scene": "kitchen"}],
    )
    dimensions: Optional[Dict[str, Any]] = Field(
        default=None,
        description="Per-dimension scores behind the star rating.",
        examples=[{"clarity": 5, "relevance": 4}],
    )


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

    object: str = Field(
        default="submission_summary",
        description="Always `submission_summary`.",
        examples=["submission_summary"],
    )
    job_id: Optional[str] = Field(
        default=None,
        description="The job summarised; `None` for the whole organization.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    start_date: Optional[Timestamp] = Field(
        default=None,
        description="Start of the range summarised.",
        examples=["2026-02-18T00:00:00Z"],
    )
    end_date: Optional[Timestamp] = Field(
        default=None, description="End of the range summarised.", examples=["2026-03-20T00:00:00Z"]
    )
    total: Optional[int] = Field(
        default=None, description="Submissions in the range.", examples=[120]
    )
    approved: Optional[int] = Field(default=None, description="Of those, approved.", examples=[84])
    rejected: Optional[int] = Field(default=None, description="Of those, rejected.", examples=[30])
    pending_score: Optional[int] = Field(
        default=None, description="Of those, still waiting for a score.", examples=[4]
    )
    retry_pending: Optional[int] = Field(
        default=None, description="Of those, waiting for the worker to retry.", examples=[2]
    )
    approval_rate: Optional[float] = Field(
        default=None,
        description="Approved as a fraction of scored submissions, 0–1.",
        examples=[0.7],
    )
    average_star_rating: Optional[float] = Field(
        default=None, description="Mean AI star rating of the scored submissions.", examples=[3.9]
    )
    star_rating_distribution: Optional[Dict[str, int]] = Field(
        default=None,
        description='Count of submissions per star rating, keyed `"1"`…`"5"`.',
        examples=[{"1": 2, "2": 8, "3": 20, "4": 60, "5": 24}],
    )


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

    ``status`` takes the documented values only (a typo is refused before sending); send a value
    newer than the SDK with the ``extra_query`` request option.

    Examples:
        >>> JobSubmissionsParams(status="approved", limit=10).to_wire()
        {'limit': 10, 'status': 'approved'}
    """

    status: Optional[SubmissionStatus] = Field(
        default=None, description="Only submissions with this status.", examples=["approved"]
    )


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
        firsthand.FirstHandValidationError: validation_error: ListSubmissionsParams is invalid (start_date) [start_date: a naive datetime is ambiguous: add a timezone (e.g. tzinfo=timezone.utc, or a 'Z' or '+02:00' suffix)]
    """

    job_id: Optional[_IdFilter] = Field(
        default=None,
        description="Only submissions of this job (`job_…`).",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    status: Optional[SubmissionStatus] = Field(
        default=None, description="Only submissions with this status.", examples=["approved"]
    )
    min_score: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = Field(
        default=None,
        description="Only submissions whose AI star rating is at least this, 1–5.",
        examples=[4],
    )
    start_date: Optional[_QueryDate] = Field(
        default=None,
        description="Start of the range: an aware `datetime`, a `date` or an ISO 8601 string (the server's default is 30 days ago).",
        examples=["2026-03-01"],
    )
    end_date: Optional[_QueryDate] = Field(
        default=None,
        description="End of the range, not before `start_date` (the server's default is now).",
        examples=["2026-03-20T19:00:00Z"],
    )

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(
        cls, value: Optional[Union[datetime, date]], info: ValidationInfo
    ) -> Optional[Union[datetime, date]]:
        return _check_date_order(value, info)


class SubmissionSummaryParams(RequestModel):
    """Query of ``get_submission_summary``: optional job and date range (dates as for
    [`ListSubmissionsParams`][firsthand.models.ListSubmissionsParams]).

    Examples:
        >>> SubmissionSummaryParams(start_date="2026-03-01T00:00:00+01:00").to_wire()
        {'start_date': '2026-02-28T23:00:00Z'}
        >>> SubmissionSummaryParams(start_date="2026-03-20", end_date="2026-03-01")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: SubmissionSummaryParams is invalid (end_date) [end_date: end_date (2026-03-01) is before start_date (2026-03-20)]
    """

    job_id: Optional[_IdFilter] = Field(
        default=None,
        description="Summarise this job only (`job_…`); omit for the whole organization.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    start_date: Optional[_QueryDate] = Field(
        default=None,
        description="Start of the range: an aware `datetime`, a `date` or an ISO 8601 string.",
        examples=["2026-03-01"],
    )
    end_date: Optional[_QueryDate] = Field(
        default=None,
        description="End of the range, not before `start_date`.",
        examples=["2026-03-20T19:00:00Z"],
    )

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(
        cls, value: Optional[Union[datetime, date]], info: ValidationInfo
    ) -> Optional[Union[datetime, date]]:
        return _check_date_order(value, info)


if TYPE_CHECKING:
    SubmissionList = ListEnvelope[Submission]
    """One page of submissions as the wire carries it (``GET /v1/submissions``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"SubmissionList": "Submission"})
