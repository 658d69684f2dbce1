# This file is generated from tests/typing/check_async_client.py by scripts/generate.py: do not edit. Run `nox -s generate`.
"""Static typing of ``FirstHandClient``: checked by mypy --strict and pyright strict, never run.

Each ``assert_type`` fails the type check if the SDK's annotations drift: the result of
every operation, ``for`` over pages, the page helpers, the helpers that wait
for a job, downloads and the lifecycle. pytest does not collect this directory
(``--ignore=tests/typing`` in pyproject.toml), so nothing here executes.

Generated from ``check_async_client.py`` by ``nox -s generate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Optional

from typing_extensions import assert_type

from firsthand import FirstHandClient
from firsthand.models import (
    ApiKey,
    AuditEvent,
    CheckoutSession,
    CreditBalance,
    CreditTransaction,
    Job,
    JobCreateParams,
    JobFile,
    OrganizationSettings,
    Page,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEvent,
)


def check_operations(client: FirstHandClient) -> None:
    """The result type of each operation, in the order of the client."""
    body = JobCreateParams(
        type="data_collection",
        description="Take a clear photo of any coffee cup from above.",
        files_needed=50,
        accepted_formats=["image/jpeg", "image/png"],
        price_per_file_cents=75,
    )
    # jobs
    assert_type(client.create_job(body), Job)
    assert_type(client.create_job(body, extra_body={"priority": "high"}), Job)
    assert_type(
        client.create_job(
            {
                "type": "feedback",
                "description": "Record a short clip of your street at noon.",
                "files_needed": 1,
                "accepted_formats": ["video/mp4"],
                "price_per_file_cents": 200,
                "location": {"lat": 40.7, "lng": -74.0},
            },
            idempotency_key="order-1234",
        ),
        Job,
    )
    assert_type(client.get_job("job_1"), Job)
    assert_type(client.get_job("job_1", wait=5, max_retries=0), Job)
    assert_type(client.get_job("job_1", wait=5, timeout=30.0), Job)
    assert_type(client.list_jobs(), Page[Job])
    assert_type(client.list_jobs(status="open", type="feedback", limit=10, cursor="c"), Page[Job])
    # A filter value newer than the SDK: the explicit escape hatch.
    assert_type(client.list_jobs(extra_query={"status": "archived", "limit": 5}), Page[Job])
    assert_type(client.cancel_job("job_1"), Job)
    assert_type(client.rate_job("job_1", {"rating": 4}), Job)
    assert_type(client.rate_job("job_1", {"rating": 5, "comment": "Sharp photos"}), Job)
    assert_type(client.get_job_files("job_1", min_score=4), Page[JobFile])
    assert_type(client.get_job_submissions("job_1"), Page[Submission])
    assert_type(client.get_job_submissions("job_1", status="approved"), Page[Submission])
    assert_type(client.get_job_audit("job_1"), Page[AuditEvent])
    assert_type(client.get_job_audit("job_1", limit=5), Page[AuditEvent])
    # files
    assert_type(client.refresh_file_url("file_1"), JobFile)
    # submissions
    assert_type(client.list_submissions(status="rejected"), Page[Submission])
    assert_type(
        client.list_submissions(job_id="job_1", start_date="2026-03-01"),
        Page[Submission],
    )
    assert_type(client.get_submission("sub_1"), Submission)
    assert_type(client.get_submission_summary(), SubmissionSummary)
    assert_type(client.get_submission_summary(job_id="job_1"), SubmissionSummary)
    # API keys
    assert_type(client.create_api_key({"name": "CI"}), ApiKey)
    assert_type(client.create_api_key({"name": "CI", "environment": "test"}), ApiKey)
    assert_type(client.list_api_keys(), Page[ApiKey])
    assert_type(client.list_api_keys(limit=100), Page[ApiKey])
    assert_type(client.rotate_api_key("key_1"), ApiKey)
    assert_type(client.revoke_api_key("key_1"), None)
    # webhook endpoints and events
    endpoint = client.create_webhook_endpoint(
        {"url": "https://example.com/hooks", "events": ["job.completed"], "description": "CI"}
    )
    assert_type(endpoint, WebhookEndpoint)
    assert_type(client.list_webhook_endpoints(), Page[WebhookEndpoint])
    assert_type(client.get_webhook_endpoint("we_1"), WebhookEndpoint)
    assert_type(client.update_webhook_endpoint("we_1", {"url": "https://x.io"}), WebhookEndpoint)
    assert_type(client.update_webhook_endpoint("we_1", {"status": "disabled"}), WebhookEndpoint)
    assert_type(client.delete_webhook_endpoint("we_1"), None)
    assert_type(client.rotate_webhook_secret("we_1"), WebhookEndpoint)
    assert_type(client.list_webhook_events(delivery_status="failed"), Page[WebhookEvent])
    assert_type(client.list_webhook_events(type="job.completed"), Page[WebhookEvent])
    assert_type(client.replay_webhook_event("evt_1"), WebhookEvent)
    # billing
    assert_type(client.get_credit_balance(), CreditBalance)
    assert_type(client.list_transactions(), Page[CreditTransaction])
    assert_type(client.list_transactions(type="deduction"), Page[CreditTransaction])
    assert_type(client.purchase_credits({"amount_cents": 2500}), CheckoutSession)
    # organization
    assert_type(client.get_settings(), OrganizationSettings)
    assert_type(client.update_settings({"default_type": "feedback"}), OrganizationSettings)
    assert_type(client.update_settings({"auto_topup_enabled": True}), OrganizationSettings)
    assert_type(
        client.update_settings({"auto_topup_enabled": True}, extra_body={"beta": True}),
        OrganizationSettings,
    )
    # audit
    assert_type(client.list_audit_events(action="job.created"), Page[AuditEvent])
    assert_type(client.list_audit_events(resource_id="job_1"), Page[AuditEvent])


def check_pages(client: FirstHandClient) -> None:
    """Iterating a page yields its items; ``iter_pages``, ``next_page`` and ``.data`` keep the type."""
    page = client.list_jobs(status="open")
    for job in page:
        assert_type(job, Job)
    assert_type(page.__iter__(), Iterator[Job])
    assert_type([job.id for job in page], list[str])
    assert_type(page.data, list[Job])
    assert_type(page.data[0], Job)
    assert_type(page.has_more, bool)
    assert_type(page.next_cursor, Optional[str])
    assert_type(page.iter_pages(), Iterator[Page[Job]])
    for each_page in page.iter_pages():
        assert_type(each_page, Page[Job])
        assert_type(each_page.data, list[Job])
    after = page.next_page()
    assert_type(after, Optional[Page[Job]])
    if after is not None:
        assert_type(after.data, list[Job])
    for file in client.get_job_files("job_1"):
        assert_type(file, JobFile)
    for key in client.list_api_keys():
        assert_type(key, ApiKey)
    assert_type([f.download_url for f in client.get_job_files("job_1")], list[str])
    for event in client.list_webhook_events():
        assert_type(event, WebhookEvent)
    for transaction in client.list_transactions():
        assert_type(transaction, CreditTransaction)


def check_waiting(client: FirstHandClient) -> None:
    """``wait_for_job`` and ``create_job_and_wait`` give the finished ``Job``."""
    assert_type(client.wait_for_job("job_1"), Job)
    assert_type(client.wait_for_job("job_1", timeout=600, poll=30, max_retries=5), Job)
    body = JobCreateParams(
        type="feedback",
        description="Record a short clip of your street at noon.",
        files_needed=1,
        accepted_formats=["video/mp4"],
        price_per_file_cents=200,
    )
    assert_type(client.create_job_and_wait(body), Job)
    assert_type(client.create_job_and_wait(body, timeout=60, idempotency_key="k"), Job)
    assert_type(client.create_job_and_wait(body, timeout=60, idempotency_key="order-1"), Job)


def check_downloads(client: FirstHandClient) -> None:
    """``download_job_files`` gives the paths written, in the listed order."""
    assert_type(client.download_job_files("job_1", "out"), list[Path])
    assert_type(
        client.download_job_files("job_1", Path("out"), concurrency=8, progress=False),
        list[Path],
    )


def check_lifecycle() -> None:
    """``with`` gives the client back with its own type; ``close`` returns nothing."""
    with FirstHandClient(api_key="fh_test_example") as client:
        assert_type(client, FirstHandClient)
    assert_type(client.close(), None)
