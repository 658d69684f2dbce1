"""Static typing of ``client.with_raw_response``: checked by mypy --strict and pyright strict.

``check_sync_raw_response.py`` is generated from this file by ``nox -s generate``.

Each raw method is a ``ParamSpec`` descriptor over the typed method, so it must return
``RawResponse[<the typed result>]`` and ``.parse()`` must give that result back, for a model, a
page and a 204 operation (``None``). check_errors.py proves the raw
methods also keep the typed methods' parameters. pytest never collects this directory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import httpx
from typing_extensions import assert_type

from firsthand import AsyncFirstHandClient, RateLimit, RawResponse
from firsthand.models import (
    ApiKey,
    AsyncPage,
    CheckoutSession,
    CreditBalance,
    Job,
    JobFile,
    OrganizationSettings,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEvent,
)


async def check_raw(client: AsyncFirstHandClient) -> None:
    """``RawResponse[T]`` from each awaited raw method, ``T`` from ``.parse()``."""
    raw = await client.with_raw_response.get_job("job_1")
    assert_type(raw, RawResponse[Job])
    assert_type(raw.parse(), Job)
    waited = await client.with_raw_response.get_job("job_1", wait=5, timeout=3.0)
    assert_type(waited, RawResponse[Job])

    listed = await client.with_raw_response.list_jobs(status="open", limit=5)
    assert_type(listed, RawResponse[AsyncPage[Job]])
    assert_type(listed.parse(), AsyncPage[Job])
    async for job in listed.parse():
        assert_type(job, Job)

    revoked = await client.with_raw_response.revoke_api_key("key_1")
    assert_type(revoked, RawResponse[None])
    assert_type(revoked.parse(), None)
    deleted = await client.with_raw_response.delete_webhook_endpoint("we_1")
    assert_type(deleted.parse(), None)

    created = await client.with_raw_response.create_job(
        {
            "type": "feedback",
            "description": "Record a short clip of your street at noon.",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 200,
        },
        idempotency_key="order-1234",
    )
    assert_type(created, RawResponse[Job])
    assert_type(created.parse(), Job)
    cancelled = await client.with_raw_response.cancel_job("job_1")
    assert_type(cancelled.parse(), Job)
    rated = await client.with_raw_response.rate_job("job_1", {"rating": 5})
    assert_type(rated.parse(), Job)
    files = await client.with_raw_response.get_job_files("job_1", min_score=3)
    assert_type(files.parse(), AsyncPage[JobFile])
    submissions = await client.with_raw_response.get_job_submissions("job_1")
    assert_type(submissions.parse(), AsyncPage[Submission])
    refreshed = await client.with_raw_response.refresh_file_url("file_1")
    assert_type(refreshed.parse(), JobFile)
    submission = await client.with_raw_response.get_submission("sub_1")
    assert_type(submission.parse(), Submission)
    summary = await client.with_raw_response.get_submission_summary(job_id="job_1")
    assert_type(summary.parse(), SubmissionSummary)
    key = await client.with_raw_response.create_api_key({"name": "CI"})
    assert_type(key.parse(), ApiKey)
    keys = await client.with_raw_response.list_api_keys()
    assert_type(keys.parse(), AsyncPage[ApiKey])
    rotated = await client.with_raw_response.rotate_api_key("key_1")
    assert_type(rotated.parse(), ApiKey)
    endpoint = await client.with_raw_response.update_webhook_endpoint("we_1", {"status": "enabled"})
    assert_type(endpoint.parse(), WebhookEndpoint)
    events = await client.with_raw_response.list_webhook_events(type="job.completed")
    assert_type(events.parse(), AsyncPage[WebhookEvent])
    replayed = await client.with_raw_response.replay_webhook_event("evt_1")
    assert_type(replayed.parse(), WebhookEvent)
    balance = await client.with_raw_response.get_credit_balance()
    assert_type(balance.parse(), CreditBalance)
    purchase = await client.with_raw_response.purchase_credits({"amount_cents": 2500})
    assert_type(purchase.parse(), CheckoutSession)
    settings = await client.with_raw_response.get_settings()
    assert_type(settings.parse(), OrganizationSettings)
    updated = await client.with_raw_response.update_settings({"auto_topup_enabled": False})
    assert_type(updated.parse(), OrganizationSettings)


def check_raw_attributes(raw: RawResponse[Job]) -> None:
    """What a raw response carries besides the parsed result."""
    assert_type(raw.status_code, int)
    assert_type(raw.headers, httpx.Headers)
    assert_type(raw.request_id, Optional[str])
    assert_type(raw.retries_taken, int)
    assert_type(raw.content, bytes)
    assert_type(raw.http_response, httpx.Response)
    assert_type(raw.rate_limit, Optional[RateLimit])
    if raw.rate_limit is not None:
        assert_type(raw.rate_limit.limit, Optional[int])
        assert_type(raw.rate_limit.remaining, Optional[int])
        assert_type(raw.rate_limit.reset, Optional[datetime])
