"""Jobs: the ``Job`` response model and the job's enums.

The request shapes (``JobCreateParams``, ``ListJobsParams``, ...) live in ``job_requests``, so that
``from firsthand import Job`` does not define them; they are still reachable from here.
"""

# No ``from __future__ import annotations`` here: pydantic reads these annotations at runtime.

from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Union

from pydantic import Field

from ._base import FirstHandModel, Timestamp, lazy_pages

if TYPE_CHECKING:
    from ._list import ListEnvelope

__all__ = [
    "AcceptedFormat",
    "Job",
    "JobLocation",
    "JobStatus",
    "JobType",
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


#: What moved to ``job_requests`` (``firsthand._models.jobs.JobCreateParams`` still works).
_REQUESTS = (
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobLocationDict",
    "JobLocationParams",
    "JobRateParams",
    "JobRateParamsDict",
    "ListJobsParams",
)

if TYPE_CHECKING:
    JobList = ListEnvelope[Job]
    """One page of jobs as the wire carries it (``GET /v1/jobs``)."""
else:  # made on first use (see ``lazy_pages``); the names that moved are found where they live now
    __getattr__ = lazy_pages(
        __name__,
        {"JobList": "Job"},
        moved={
            **dict.fromkeys(_REQUESTS, "job_requests"),
            "JobEventData": "events",
        },
    )
