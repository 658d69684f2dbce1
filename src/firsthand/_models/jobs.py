"""Jobs: the ``Job`` response model and the create/list request shapes."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime to report ``__required_keys__`` correctly.

from datetime import datetime
from typing import Any, Dict, List, Literal, Optional, Union

from pydantic import AwareDatetime, BeforeValidator, Field, JsonValue, StrictFloat, StrictInt
from typing_extensions import Annotated, NotRequired, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp
from ._checks import iso_datetime_only
from ._list import ListEnvelope, PageParams

__all__ = [
    "AcceptedFormat",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobEventData",
    "JobList",
    "JobLocation",
    "JobLocationDict",
    "JobRateParams",
    "JobRateParamsDict",
    "JobStatus",
    "JobType",
    "ListJobsParams",
]

JobType = Literal["data_collection", "feedback"]
"""The kinds of job the API knows."""

JobStatus = Literal["open", "filled", "in_progress", "completed", "cancelled"]
"""Job lifecycle states; ``completed`` and ``cancelled`` are terminal."""

AcceptedFormat = Literal[
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/mpeg",
    "audio/wav",
    "audio/mp4",
    "video/mp4",
    "video/quicktime",
]
"""The MIME types a job may accept."""

TERMINAL_JOB_STATUSES: frozenset[str] = frozenset({"completed", "cancelled"})


class JobLocation(FirstHandModel):
    """Where workers must capture: a centre and a radius.

    Examples:
        >>> JobLocation(lat=40.7128, lng=-74.006, radius_km=5).radius_km
        5.0
    """

    lat: Optional[float] = None
    lng: Optional[float] = None
    radius_km: Optional[float] = None


class _JobSettledFields(FirstHandModel):
    """The job fields the public docs do not show (settled by this SDK): all optional."""

    title: Optional[str] = None
    files_pending: Optional[int] = None
    files_rejected: Optional[int] = None
    accepted_formats: Optional[List[Union[AcceptedFormat, str]]] = None
    total_cost_cents: Optional[int] = None
    location: Optional[JobLocation] = None
    deadline: Optional[Timestamp] = None
    max_workers: Optional[int] = None
    metadata: Optional[Dict[str, Any]] = None
    files_per_submission: Optional[int] = None
    scoring_criteria: Optional[str] = None
    min_star_rating: Optional[int] = None
    min_width: Optional[int] = None
    min_height: Optional[int] = None
    worker_guidelines: Optional[str] = None
    buyer_rating: Optional[int] = None
    updated_at: Optional[Timestamp] = None
    completed_at: Optional[Timestamp] = None
    cancelled_at: Optional[Timestamp] = None


class _JobDocumentedFields(FirstHandModel):
    """The job fields every documented job example shows: required in a ``Job``."""

    object: str = "job"
    id: str
    type: Union[JobType, str]
    status: Union[JobStatus, str]
    description: str
    files_needed: int
    files_approved: int
    price_per_file_cents: int
    created_at: Timestamp


# Base order: the documented fields come first in ``repr()`` and ``to_dict()``.
class Job(_JobSettledFields, _JobDocumentedFields):
    """A data-collection job, as the API returns it.

    The fields every documented job example shows are required (``id``, ``type``, ``status``,
    ``description``, ``files_needed``, ``files_approved``, ``price_per_file_cents``,
    ``created_at``); every other field is optional and ``None`` when the server leaves it out.
    Enum-like fields accept values this SDK version does not know yet (typed
    ``Literal[...] | str``), timestamps are aware UTC datetimes, money is integer cents.

    Examples:
        >>> job = Job.model_validate_json(b'''{"object": "job", "id": "job_01JQ", "type": "data_collection",
        ...   "status": "open", "description": "Photo of a coffee cup from above",
        ...   "files_needed": 50, "files_approved": 0, "price_per_file_cents": 75,
        ...   "created_at": "2026-03-20T19:03:27.971Z"}''')
        >>> job.status, job["files_needed"], job.created_at.isoformat(), job.is_terminal
        ('open', 50, '2026-03-20T19:03:27.971000+00:00', False)
        >>> job.files_pending is None  # not in the documented example: optional
        True
    """

    @property
    def is_terminal(self) -> bool:
        """``True`` once the job is ``completed`` or ``cancelled``; it will not change again.

        Examples:
            >>> Job.model_construct(status="cancelled").is_terminal
            True
        """
        return self.status in TERMINAL_JOB_STATUSES


class _JobEventDocumentedFields(FirstHandModel):
    """The job fields as an event's ``data`` carries them: the docs show no job event payload,
    so even these are optional there."""

    object: str = "job"
    id: Optional[str] = None
    type: Optional[Union[JobType, str]] = None
    status: Optional[Union[JobStatus, str]] = None
    description: Optional[str] = None
    files_needed: Optional[int] = None
    files_approved: Optional[int] = None
    price_per_file_cents: Optional[int] = None
    created_at: Optional[Timestamp] = None


class JobEventData(_JobSettledFields, _JobEventDocumentedFields):
    """The ``data`` of ``job.completed`` and ``job.cancelled`` events: the job's fields, every
    one optional (the public docs show no job event payload, so nothing in it can be relied on
    to be present).

    Examples:
        >>> data = JobEventData.model_validate({"id": "job_1", "status": "completed"})
        >>> data.id, data.status, data.files_needed, data.is_terminal
        ('job_1', 'completed', None, True)
    """

    @property
    def is_terminal(self) -> bool:
        """``True`` when the event's job is ``completed`` or ``cancelled``.

        Examples:
            >>> JobEventData().is_terminal
            False
        """
        return self.status in TERMINAL_JOB_STATUSES


_Cents = Annotated[StrictInt, Field(ge=10, le=50_000)]


class JobLocationParams(RequestModel):
    """The ``location`` of a job to create.

    Examples:
        >>> JobLocationParams(lat=40.7128, lng=-74.006, radius_km=5).to_wire()
        {'lat': 40.7128, 'lng': -74.006, 'radius_km': 5.0}
    """

    lat: Annotated[StrictFloat, Field(ge=-90, le=90)]
    lng: Annotated[StrictFloat, Field(ge=-180, le=180)]
    radius_km: Optional[Annotated[StrictFloat, Field(gt=0)]] = None


class JobCreateParams(RequestModel):
    """The body of ``create_job``, validated against every documented limit before sending.

    Examples:
        >>> params = JobCreateParams(type="data_collection",
        ...     description="Take a clear photo of any coffee cup from above.",
        ...     files_needed=50, accepted_formats=["image/jpeg", "image/png"],
        ...     price_per_file_cents=75)
        >>> params.files_needed
        50
        >>> JobCreateParams(type="data_collection", description="Too short", files_needed=1,
        ...     accepted_formats=["image/png"], price_per_file_cents=75)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for JobCreateParams
        ...
    """

    type: JobType
    description: Annotated[str, Field(min_length=10, max_length=5_000)]
    files_needed: Annotated[StrictInt, Field(ge=1, le=10_000)]
    accepted_formats: Annotated[List[AcceptedFormat], Field(min_length=1)]
    price_per_file_cents: _Cents
    title: Optional[Annotated[str, Field(max_length=100)]] = None
    location: Optional[JobLocationParams] = None
    deadline: Optional[Annotated[AwareDatetime, BeforeValidator(iso_datetime_only)]] = None
    max_workers: Optional[Annotated[StrictInt, Field(ge=1)]] = None
    metadata: Optional[Annotated[Dict[str, JsonValue], Field(max_length=20)]] = None
    files_per_submission: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = None
    scoring_criteria: Optional[Annotated[str, Field(max_length=1_000)]] = None
    min_star_rating: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = None
    min_width: Optional[Annotated[StrictInt, Field(ge=1)]] = None
    min_height: Optional[Annotated[StrictInt, Field(ge=1)]] = None
    worker_guidelines: Optional[str] = None


class JobLocationDict(TypedDict, total=False):
    """``location`` as a plain dict (see :class:`JobLocationParams`).

    Examples:
        >>> where: JobLocationDict = {"lat": 40.7128, "lng": -74.006, "radius_km": 5}
        >>> JobLocationParams.model_validate(where).radius_km
        5.0
    """

    lat: Required[float]
    lng: Required[float]
    radius_km: float


class JobCreateParamsDict(TypedDict, total=False):
    """``create_job`` body as a plain dict: IDEs complete the keys, type checkers catch typos.

    Examples:
        >>> body: JobCreateParamsDict = {"type": "data_collection",
        ...     "description": "Take a clear photo of any coffee cup from above.",
        ...     "files_needed": 50, "accepted_formats": ["image/jpeg"], "price_per_file_cents": 75}
        >>> JobCreateParams.model_validate(body).type
        'data_collection'
    """

    type: Required[JobType]
    description: Required[str]
    files_needed: Required[int]
    accepted_formats: Required[List[AcceptedFormat]]
    price_per_file_cents: Required[int]
    title: NotRequired[str]
    location: NotRequired[JobLocationDict]
    deadline: NotRequired[Union[datetime, str]]
    max_workers: NotRequired[int]
    metadata: NotRequired[Dict[str, Any]]
    files_per_submission: NotRequired[int]
    scoring_criteria: NotRequired[str]
    min_star_rating: NotRequired[int]
    min_width: NotRequired[int]
    min_height: NotRequired[int]
    worker_guidelines: NotRequired[str]


class ListJobsParams(PageParams):
    """Query of ``list_jobs``.

    Examples:
        >>> ListJobsParams(status="open", limit=10).to_wire()
        {'limit': 10, 'status': 'open'}
    """

    status: Optional[Union[JobStatus, str]] = None
    type: Optional[Union[JobType, str]] = None


class JobRateParams(RequestModel):
    """The body of ``rate_job``: a 1–5 star rating of a completed job, with an optional comment.

    Examples:
        >>> JobRateParams(rating=5, comment="Great photos").to_wire()
        {'rating': 5, 'comment': 'Great photos'}
        >>> JobRateParams(rating=6)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for JobRateParams
        rating
        ...
    """

    rating: Annotated[StrictInt, Field(ge=1, le=5)]
    comment: Optional[Annotated[str, Field(max_length=1_000)]] = None


class JobRateParamsDict(TypedDict, total=False):
    """``rate_job`` body as a plain dict (see :class:`JobRateParams`).

    Examples:
        >>> body: JobRateParamsDict = {"rating": 4}
        >>> JobRateParams.model_validate(body).rating
        4
    """

    rating: Required[int]
    comment: NotRequired[str]


JobList = ListEnvelope[Job]
"""One page of jobs as the wire carries it (``GET /v1/jobs``)."""
