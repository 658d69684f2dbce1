"""The public models: responses (tolerant), request bodies (strict), their dict twins, pages.

Examples:
    >>> from firsthand.models import Job, JobCreateParams, JobCreateParamsDict, Page
    >>> sorted(Job.model_fields)[:3]
    ['accepted_formats', 'buyer_rating', 'cancelled_at']
"""

from __future__ import annotations

from ._models._base import FirstHandModel, RequestModel, Timestamp
from ._models._list import ListEnvelope, PageParams
from ._models.jobs import (
    AcceptedFormat,
    Job,
    JobCreateParams,
    JobCreateParamsDict,
    JobLocation,
    JobLocationDict,
    JobLocationParams,
    JobStatus,
    JobType,
    ListJobsParams,
)
from ._pagination import AsyncPage, Page

__all__ = [
    "AcceptedFormat",
    "AsyncPage",
    "FirstHandModel",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobLocation",
    "JobLocationDict",
    "JobLocationParams",
    "JobStatus",
    "JobType",
    "ListEnvelope",
    "ListJobsParams",
    "Page",
    "PageParams",
    "RequestModel",
    "Timestamp",
]
