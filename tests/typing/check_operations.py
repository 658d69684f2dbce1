# pyright: reportUnnecessaryTypeIgnoreComment=true
"""Negative proofs for the operation table: each marked line is a type error for both checkers.

An ``Operation[...]`` annotation is checked against the model its loader returns, a bodiless
operation cannot be declared with a result type, and a tag, scope or error status must be one the
table knows (see the module docstring of ``check_models.py`` for how the ignores are checked).
"""

from __future__ import annotations

from firsthand._models import jobs
from firsthand._models.jobs import Job, JobList
from firsthand._operations import GET_JOB, LIST_JOBS, Operation, _op


def check_result_types() -> None:
    """The annotation and the loader must name the same model."""
    right: Operation[Job] = _op(
        "get_job", "GET", "/v1/jobs/{job_id}", lambda: jobs.Job, tag="Jobs", scopes=()
    )
    listed: Operation[JobList] = LIST_JOBS
    wrong: Operation[Job] = _op(  # type: ignore[call-overload]  # pyright: ignore[reportAssignmentType]
        "list_jobs", "GET", "/v1/jobs", lambda: jobs.JobList, tag="Jobs", scopes=()
    )
    bodiless: Operation[Job] = _op(  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
        "revoke", "POST", "/v1/x/{x_id}", None, tag="Jobs", scopes=()
    )
    also_wrong: Operation[JobList] = GET_JOB  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    print(right, listed, wrong, bodiless, also_wrong)


def check_facts() -> None:
    """Tags, scopes, statuses and error statuses are closed sets."""
    _op(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        "get_job",
        "GET",
        "/v1/jobs/{job_id}",
        lambda: jobs.Job,
        tag="Job",  # pyright: ignore[reportArgumentType]
        scopes=(),
    )
    _op(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        "get_job",
        "GET",
        "/v1/jobs/{job_id}",
        lambda: jobs.Job,
        tag="Jobs",
        scopes=("jobs:reed",),  # pyright: ignore[reportArgumentType]
    )
    _op(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        "get_job",
        "GET",
        "/v1/jobs/{job_id}",
        lambda: jobs.Job,
        tag="Jobs",
        scopes=(),
        errors=("418",),  # pyright: ignore[reportArgumentType]
    )
    _op(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        "revoke",
        "POST",
        "/v1/x/{x_id}",
        None,
        tag="Jobs",
        scopes=(),
        status=200,  # pyright: ignore[reportArgumentType]
    )
