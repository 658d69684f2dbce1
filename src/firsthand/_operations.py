"""Every API operation, declared once: method, path, request model, response model.

Both clients' typed methods are one-liners over these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, Optional, TypeVar

from pydantic import BaseModel

from ._models._base import RequestModel
from ._models._list import ListEnvelope
from ._models.jobs import Job, JobCreateParams, ListJobsParams

__all__ = ["CANCEL_JOB", "CREATE_JOB", "GET_JOB", "LIST_JOBS", "Operation"]

ResultT = TypeVar("ResultT", bound=Optional[BaseModel], covariant=True)

HttpMethod = Literal["GET", "POST", "PATCH", "DELETE"]


@dataclass(frozen=True)
class Operation(Generic[ResultT]):
    """One endpoint of the API.

    ``result`` is the model a 2xx body is parsed into (``None`` for bodiless answers such as 204);
    ``body``/``query`` are the request models that validate what is sent.

    Examples:
        >>> GET_JOB.method, GET_JOB.path, GET_JOB.result.__name__
        ('GET', '/v1/jobs/{job_id}', 'Job')
    """

    name: str
    method: HttpMethod
    path: str
    result: Optional[type[ResultT]]
    body: Optional[type[RequestModel]] = None
    query: Optional[type[RequestModel]] = None


CREATE_JOB = Operation("create_job", "POST", "/v1/jobs", Job, body=JobCreateParams)
GET_JOB = Operation("get_job", "GET", "/v1/jobs/{job_id}", Job)
LIST_JOBS = Operation("list_jobs", "GET", "/v1/jobs", ListEnvelope[Job], query=ListJobsParams)
CANCEL_JOB = Operation("cancel_job", "POST", "/v1/jobs/{job_id}/cancel", Job)
