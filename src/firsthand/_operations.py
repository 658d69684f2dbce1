"""Every API operation, declared once: method, path, request model, response model.

Both clients' typed methods are one-liners over these declarations. Models are named here by
reference (``"module:Class"``) and loaded on first use, so importing a client does not import
pydantic; the annotations keep every declaration fully typed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Literal, Optional, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ._models._base import RequestModel
    from ._models.jobs import Job, JobList

__all__ = ["CANCEL_JOB", "CREATE_JOB", "GET_JOB", "LIST_JOBS", "Operation"]

ResultT = TypeVar("ResultT", bound="Optional[BaseModel]", covariant=True)

HttpMethod = Literal["GET", "POST", "PATCH", "DELETE"]

_JOBS = "firsthand._models.jobs"


def _load(ref: Optional[str]) -> Any:
    if ref is None:
        return None
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


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
    result_ref: Optional[str] = None
    body_ref: Optional[str] = None
    query_ref: Optional[str] = None

    @cached_property
    def result(self) -> Optional[type[ResultT]]:
        """The response model (loaded on first use)."""
        loaded: Optional[type[ResultT]] = _load(self.result_ref)
        return loaded

    @cached_property
    def body(self) -> Optional[type[RequestModel]]:
        """The request-body model (loaded on first use)."""
        loaded: Optional[type[RequestModel]] = _load(self.body_ref)
        return loaded

    @cached_property
    def query(self) -> Optional[type[RequestModel]]:
        """The query-parameter model (loaded on first use)."""
        loaded: Optional[type[RequestModel]] = _load(self.query_ref)
        return loaded


CREATE_JOB: Operation[Job] = Operation(
    "create_job", "POST", "/v1/jobs", f"{_JOBS}:Job", body_ref=f"{_JOBS}:JobCreateParams"
)
GET_JOB: Operation[Job] = Operation("get_job", "GET", "/v1/jobs/{job_id}", f"{_JOBS}:Job")
LIST_JOBS: Operation[JobList] = Operation(
    "list_jobs", "GET", "/v1/jobs", f"{_JOBS}:JobList", query_ref=f"{_JOBS}:ListJobsParams"
)
CANCEL_JOB: Operation[Job] = Operation(
    "cancel_job", "POST", "/v1/jobs/{job_id}/cancel", f"{_JOBS}:Job"
)
