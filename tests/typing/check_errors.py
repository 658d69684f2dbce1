# pyright: reportUnnecessaryTypeIgnoreComment=true
"""Negative proofs: each line below is a type error, and the check fails if it stops being one.

mypy runs strict (``warn_unused_ignores``): a ``# type: ignore[<code>]`` that no longer hides an
error of that code fails it. pyright reads only the ``# pyright: ignore[<rule>]`` here (the
``tests/typing`` execution environment in pyproject.toml turns ``enableTypeIgnoreComments`` off)
and, with ``reportUnnecessaryTypeIgnoreComment`` on, fails on one that hides nothing. So each
proof holds for both checkers at once: a misspelled body key, a wrong value type, an unknown
filter or a wrong request option must stay an error. pytest never collects this directory.
"""

from __future__ import annotations

from firsthand import AsyncFirstHandClient, FirstHandClient, RawResponse
from firsthand.models import Job, JobCreateParams, JobCreateParamsDict, JobStatus, Page


def check_dict_bodies(client: FirstHandClient) -> None:
    """Dict bodies are TypedDicts: unknown keys, wrong value types, missing keys are errors."""
    client.create_job(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        {
            "type": "feedback",
            "description": "Record a short clip of your street at noon.",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 200,
            "titel": "Street at noon",  # pyright: ignore[reportArgumentType]
        }
    )
    client.create_job(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        {
            "type": "feedback",
            "description": "Record a short clip of your street at noon.",
            "files_needed": "one",  # pyright: ignore[reportArgumentType]
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 200,
        }
    )
    client.create_job(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        {
            "type": "photo",  # pyright: ignore[reportArgumentType]
            "description": "Record a short clip of your street at noon.",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 200,
        }
    )
    client.create_job(  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
        {  # pyright: ignore[reportArgumentType]
            "type": "feedback",
            "description": "Record a short clip of your street at noon.",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
        }
    )
    misspelled: JobCreateParamsDict = {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
        "titel": "Street at noon",  # type: ignore[typeddict-unknown-key]  # pyright: ignore[reportAssignmentType]
    }
    wrong_value: JobCreateParamsDict = {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": "one",  # type: ignore[typeddict-item]  # pyright: ignore[reportAssignmentType]
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
    }
    client.create_job(misspelled)
    client.create_job(wrong_value)
    client.rate_job("job_1", {"rating": "5"})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    client.purchase_credits({"amount": 2500})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    client.update_settings({"auto_topup_enabld": True})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    client.update_settings({"auto_topup_enabled": "yes"})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    client.create_webhook_endpoint({"url": "https://x.io/h", "events": ["job.done"]})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    client.update_webhook_endpoint("we_1", {"status": "paused"})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def check_model_bodies() -> None:
    """Request models check their constructor arguments in both checkers (pyright through
    dataclass_transform, mypy through the pydantic plugin's ``init_typed = true``)."""
    JobCreateParams(
        type="photo",  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        description="Record a short clip of your street at noon.",
        files_needed=1,
        accepted_formats=["video/mp4"],
        price_per_file_cents=200,
    )
    JobCreateParams(
        type="feedback",
        description="Record a short clip of your street at noon.",
        files_needed="1",  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        accepted_formats=["video/mp4"],
        price_per_file_cents=200,
    )


def check_filters(client: FirstHandClient) -> None:
    """List filters are named, typed keyword arguments: a typo or a wrong type is an error."""
    client.list_jobs(statuz="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.list_jobs(limit="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_jobs("open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.get_job_files("job_1", min_score="4")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_submissions(start_date=20260301)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_audit_events(resource="job_1")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.get_job(123)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # A filter with documented values takes only those (a newer one goes through extra_query).
    client.list_jobs(status="opne")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_jobs(type="photo")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.get_job_submissions("job_1", status="aproved")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_submissions(status="aproved")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_webhook_events(type="job.done")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_webhook_events(delivery_status="lost")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_transactions(type="gift")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.list_jobs(extra_query={"status": ["open"]})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]


def check_request_options(client: FirstHandClient) -> None:
    """Request options are a TypedDict unpacked into ``**options``: names and types are checked."""
    client.get_job("job_1", timeout="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.get_job("job_1", max_retries=1.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.get_job("job_1", extra_headers={"X-Trace": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
    client.get_job("job_1", retries=2)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # Idempotency keys belong to POST operations only.
    client.get_job("job_1", idempotency_key="k")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.cancel_job("job_1", idempotency_key=1234)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.update_settings({}, idempotency_key="k")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    # extra_body belongs to operations that send a body.
    client.get_job("job_1", extra_body={"x": 1})  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.cancel_job("job_1", extra_body={"x": 1})  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.list_jobs(extra_body={"x": 1})  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # wait_for_job: ``timeout`` is the whole wait; it has no per-request timeout and no key.
    client.wait_for_job("job_1", timeout_s=5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.wait_for_job("job_1", timeout=None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.wait_for_job("job_1", idempotency_key="k")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def check_raw_response(client: FirstHandClient) -> None:
    """The raw view keeps each method's parameters (``ParamSpec``) and result type."""
    raw = client.with_raw_response
    raw.list_jobs(statuz="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    raw.list_jobs(limit="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    raw.list_jobs(status="opne")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    raw.get_job(123)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    raw.get_job("job_1", timeout="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    raw.get_job("job_1", idempotency_key="k")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    raw.update_settings({"auto_topup_enabld": True})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    raw.get_job()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    _page: Page[Job] = raw.get_job("job_1").parse()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    _job: Job = raw.get_job("job_1")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    _raw: RawResponse[Job] = raw.list_jobs()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]


async def check_async(client: AsyncFirstHandClient) -> None:
    """The async client: an operation must be awaited, and its page is iterated with ``async for``."""
    _job: Job = client.get_job("job_1")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    await client.list_jobs(statuz="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await client.list_jobs(status="opne")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.get_job("job_1", timeout="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.update_settings({"auto_topup_enabld": True})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    await client.with_raw_response.list_jobs(statuz="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await client.with_raw_response.get_job("job_1", idempotency_key="k")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    page = await client.list_jobs()
    for _item in page:  # type: ignore[attr-defined]  # pyright: ignore[reportGeneralTypeIssues, reportUnknownVariableType]
        pass


def check_optional_and_tolerant(client: FirstHandClient, job: Job) -> None:
    """``Optional`` results must be checked for ``None``; tolerant enum fields are not closed."""
    _status: JobStatus = job.status  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    _data = client.list_jobs().next_page().data  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess]
    client.with_raw_response.get_job("job_1").request_id.upper()  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess]
    job.deadline.isoformat()  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess]
