"""Jobs: the ``Job`` response model and the create/list request shapes."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime to report ``__required_keys__`` correctly.

from datetime import datetime
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Union

from pydantic import AwareDatetime, BeforeValidator, Field, JsonValue, StrictFloat, StrictInt
from typing_extensions import Annotated, NotRequired, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp
from ._checks import iso_datetime_only
from ._list import ListEnvelope, PageParams, lazy_pages

__all__ = [
    "AcceptedFormat",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobLocation",
    "JobLocationDict",
    "JobLocationParams",
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

    lat: Optional[float] = Field(
        default=None, description="Latitude of the centre, in degrees.", examples=[40.7128]
    )
    lng: Optional[float] = Field(
        default=None, description="Longitude of the centre, in degrees.", examples=[-74.006]
    )
    radius_km: Optional[float] = Field(
        default=None,
        description="How far from the centre workers may capture, in kilometres.",
        examples=[5.0],
    )


class _JobSettledFields(FirstHandModel):
    """The job fields the public docs do not show (settled by this SDK): all optional."""

    title: Optional[str] = Field(
        default=None,
        description="Short label for dashboards (at most 100 characters).",
        examples=["Coffee cups from above"],
    )
    files_pending: Optional[int] = Field(
        default=None, description="Submitted files still waiting for their AI score.", examples=[3]
    )
    files_rejected: Optional[int] = Field(
        default=None, description="Submitted files that were scored and rejected.", examples=[1]
    )
    accepted_formats: Optional[List[Union[AcceptedFormat, str]]] = Field(
        default=None,
        description="MIME types workers may upload.",
        examples=[["image/jpeg", "image/png"]],
    )
    total_cost_cents: Optional[int] = Field(
        default=None,
        description="`files_needed × price_per_file_cents`: what the job costs when complete, escrowed at creation.",
        examples=[3750],
    )
    location: Optional[JobLocation] = Field(
        default=None,
        description="Where workers must capture, if the job is tied to a place.",
        examples=[{"lat": 40.7128, "lng": -74.006, "radius_km": 5.0}],
    )
    deadline: Optional[Timestamp] = Field(
        default=None,
        description="When the job stops accepting submissions.",
        examples=["2026-04-01T00:00:00Z"],
    )
    max_workers: Optional[int] = Field(
        default=None,
        description="Most workers who may work on the job at once; `None` for no limit.",
        examples=[10],
    )
    metadata: Optional[Dict[str, Any]] = Field(
        default=None,
        description="Your own key–value pairs (at most 20 keys), returned as sent.",
        examples=[{"order_id": "ord_1234"}],
    )
    files_per_submission: Optional[int] = Field(
        default=None, description="Files a worker uploads in one submission (1–5).", examples=[1]
    )
    scoring_criteria: Optional[str] = Field(
        default=None,
        description="Custom rubric the AI scores submissions against.",
        examples=["Cup fully in frame, shot from directly above."],
    )
    min_star_rating: Optional[int] = Field(
        default=None,
        description="AI star rating (1–5) a submission needs to be approved; the server's default is 3.",
        examples=[3],
    )
    min_width: Optional[int] = Field(
        default=None,
        description="Minimum width in pixels; smaller images and videos are rejected before scoring.",
        examples=[1080],
    )
    min_height: Optional[int] = Field(
        default=None,
        description="Minimum height in pixels; smaller images and videos are rejected before scoring.",
        examples=[1080],
    )
    worker_guidelines: Optional[str] = Field(
        default=None,
        description="Extra capture guidance shown to workers.",
        examples=["Use daylight; no flash."],
    )
    buyer_rating: Optional[int] = Field(
        default=None,
        description="Your 1–5 star rating of the finished job (`rate_job`), once given.",
        examples=[5],
    )
    updated_at: Optional[Timestamp] = Field(
        default=None,
        description="When the job last changed.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    completed_at: Optional[Timestamp] = Field(
        default=None,
        description="When the last needed file was approved.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    cancelled_at: Optional[Timestamp] = Field(
        default=None,
        description="When the job was cancelled.",
        examples=["2026-03-20T19:03:27.971Z"],
    )


class _JobDocumentedFields(FirstHandModel):
    """The job fields every documented job example shows: required in a ``Job``."""

    object: str = Field(default="job", description="Always `job`.", examples=["job"])
    id: str = Field(
        description="The job's id (`job_…`).", examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    type: Union[JobType, str] = Field(
        description="`data_collection` or `feedback`; a newer server may send another value.",
        examples=["data_collection"],
    )
    status: Union[JobStatus, str] = Field(
        description="`open`, `filled`, `in_progress`, `completed` or `cancelled`; the last two are terminal.",
        examples=["open"],
    )
    description: str = Field(
        description="The instructions workers follow.",
        examples=["Take a clear photo of any coffee cup from above."],
    )
    files_needed: int = Field(
        description="How many approved files the job asks for.", examples=[50]
    )
    files_approved: int = Field(
        description="How many files have been approved so far.", examples=[0]
    )
    price_per_file_cents: int = Field(
        description="What each approved file costs, in US cents.", examples=[75]
    )
    created_at: Timestamp = Field(
        description="When the job was created.", examples=["2026-03-20T19:03:27.971Z"]
    )


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

    object: str = Field(default="job", description="Always `job`.", examples=["job"])
    id: Optional[str] = Field(
        default=None,
        description="The job's id (`job_…`).",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    type: Optional[Union[JobType, str]] = Field(
        default=None,
        description="`data_collection` or `feedback`; a newer server may send another value.",
        examples=["data_collection"],
    )
    status: Optional[Union[JobStatus, str]] = Field(
        default=None,
        description="`open`, `filled`, `in_progress`, `completed` or `cancelled`; the last two are terminal.",
        examples=["completed"],
    )
    description: Optional[str] = Field(
        default=None,
        description="The instructions workers follow.",
        examples=["Take a clear photo of any coffee cup from above."],
    )
    files_needed: Optional[int] = Field(
        default=None, description="How many approved files the job asks for.", examples=[50]
    )
    files_approved: Optional[int] = Field(
        default=None, description="How many files have been approved so far.", examples=[50]
    )
    price_per_file_cents: Optional[int] = Field(
        default=None, description="What each approved file costs, in US cents.", examples=[75]
    )
    created_at: Optional[Timestamp] = Field(
        default=None, description="When the job was created.", examples=["2026-03-20T19:03:27.971Z"]
    )


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

    lat: Annotated[StrictFloat, Field(ge=-90, le=90)] = Field(
        description="Latitude of the centre, in degrees (−90 to 90).", examples=[40.7128]
    )
    lng: Annotated[StrictFloat, Field(ge=-180, le=180)] = Field(
        description="Longitude of the centre, in degrees (−180 to 180).", examples=[-74.006]
    )
    radius_km: Optional[Annotated[StrictFloat, Field(gt=0)]] = Field(
        default=None,
        description="How far from the centre workers may capture, in kilometres.",
        examples=[5.0],
    )


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
        firsthand.FirstHandValidationError: validation_error: JobCreateParams is invalid (description) [description: String should have at least 10 characters]
    """

    type: JobType = Field(
        description="`data_collection` (files for your dataset) or `feedback` (people's reactions).",
        examples=["data_collection"],
    )
    description: Annotated[str, Field(min_length=10, max_length=5_000)] = Field(
        description="The instructions workers follow, 10–5,000 characters.",
        examples=["Take a clear photo of any coffee cup from above."],
    )
    files_needed: Annotated[StrictInt, Field(ge=1, le=10_000)] = Field(
        description="How many approved files you want, 1–10,000.", examples=[50]
    )
    accepted_formats: Annotated[List[AcceptedFormat], Field(min_length=1)] = Field(
        description="MIME types workers may upload (at least one).",
        examples=[["image/jpeg", "image/png"]],
    )
    price_per_file_cents: _Cents = Field(
        description="What you pay per approved file, in US cents: 10–50,000 ($0.10–$500.00); some formats have a higher floor (`pricing_violation`).",
        examples=[75],
    )
    title: Optional[Annotated[str, Field(max_length=100)]] = Field(
        default=None,
        description="Short label for dashboards, at most 100 characters.",
        examples=["Coffee cups from above"],
    )
    location: Optional[JobLocationParams] = Field(
        default=None,
        description="Where workers must capture: a centre and a radius.",
        examples=[{"lat": 40.7128, "lng": -74.006, "radius_km": 5}],
    )
    deadline: Optional[Annotated[AwareDatetime, BeforeValidator(iso_datetime_only)]] = Field(
        default=None,
        description="When the job stops accepting submissions: an aware `datetime` or an ISO 8601 string.",
        examples=["2026-04-01T00:00:00Z"],
    )
    max_workers: Optional[Annotated[StrictInt, Field(ge=1)]] = Field(
        default=None,
        description="Most workers who may work on the job at once (default: no limit).",
        examples=[10],
    )
    metadata: Optional[Annotated[Dict[str, JsonValue], Field(max_length=20)]] = Field(
        default=None,
        description="Your own key–value pairs, at most 20 keys, returned on the job as sent.",
        examples=[{"order_id": "ord_1234"}],
    )
    files_per_submission: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = Field(
        default=None,
        description="Files a worker uploads in one submission, 1–5 (the server's default is 1).",
        examples=[1],
    )
    scoring_criteria: Optional[Annotated[str, Field(max_length=1_000)]] = Field(
        default=None,
        description="Custom rubric the AI scores submissions against, at most 1,000 characters.",
        examples=["Cup fully in frame, shot from directly above."],
    )
    min_star_rating: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = Field(
        default=None,
        description="AI star rating (1–5) a submission needs to be approved (the server's default is 3).",
        examples=[4],
    )
    min_width: Optional[Annotated[StrictInt, Field(ge=1)]] = Field(
        default=None,
        description="Minimum width in pixels; smaller images and videos are rejected before scoring.",
        examples=[1080],
    )
    min_height: Optional[Annotated[StrictInt, Field(ge=1)]] = Field(
        default=None,
        description="Minimum height in pixels; smaller images and videos are rejected before scoring.",
        examples=[1080],
    )
    worker_guidelines: Optional[str] = Field(
        default=None,
        description="Extra capture guidance shown to workers.",
        examples=["Use daylight; no flash."],
    )


class JobLocationDict(TypedDict, total=False):
    """``location`` as a plain dict (see [`JobLocationParams`][firsthand.models.JobLocationParams]).

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

    ``status`` and ``type`` take the documented values only (a typo is refused before sending);
    send a value newer than the SDK with the ``extra_query`` request option.

    Examples:
        >>> ListJobsParams(status="open", limit=10).to_wire()
        {'limit': 10, 'status': 'open'}
    """

    status: Optional[JobStatus] = Field(
        default=None, description="Only jobs with this status.", examples=["open"]
    )
    type: Optional[JobType] = Field(
        default=None, description="Only jobs of this type.", examples=["data_collection"]
    )


class JobRateParams(RequestModel):
    """The body of ``rate_job``: a 1–5 star rating of a completed job, with an optional comment.

    Examples:
        >>> JobRateParams(rating=5, comment="Great photos").to_wire()
        {'rating': 5, 'comment': 'Great photos'}
        >>> JobRateParams(rating=6)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: JobRateParams is invalid (rating) [rating: Input should be less than or equal to 5]
    """

    rating: Annotated[StrictInt, Field(ge=1, le=5)] = Field(
        description="Your rating of the finished job, 1–5 stars.", examples=[5]
    )
    comment: Optional[Annotated[str, Field(max_length=1_000)]] = Field(
        default=None,
        description="An optional comment, at most 1,000 characters.",
        examples=["Great photos"],
    )


class JobRateParamsDict(TypedDict, total=False):
    """``rate_job`` body as a plain dict (see [`JobRateParams`][firsthand.models.JobRateParams]).

    Examples:
        >>> body: JobRateParamsDict = {"rating": 4}
        >>> JobRateParams.model_validate(body).rating
        4
    """

    rating: Required[int]
    comment: NotRequired[str]


if TYPE_CHECKING:
    JobList = ListEnvelope[Job]
    """One page of jobs as the wire carries it (``GET /v1/jobs``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"JobList": "Job"})
