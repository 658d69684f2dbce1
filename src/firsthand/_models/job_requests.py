"""Jobs: the request shapes of ``create_job``, ``rate_job`` and ``list_jobs``.

Apart from ``jobs`` (the ``Job`` model) so that importing ``Job`` does not define them.
"""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime to report ``__required_keys__`` correctly.

from datetime import datetime
from typing import Any, Dict, List, Optional, Union

from pydantic import AwareDatetime, BeforeValidator, Field, JsonValue, StrictFloat, StrictInt
from typing_extensions import Annotated, NotRequired, Required, TypedDict

from ._base import RequestModel
from ._checks import iso_datetime_only
from ._list import PageParams
from .jobs import AcceptedFormat, JobStatus, JobType

__all__ = [
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobLocationDict",
    "JobLocationParams",
    "JobRateParams",
    "JobRateParamsDict",
    "ListJobsParams",
]

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
