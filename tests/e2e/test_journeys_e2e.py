"""Whole journeys through the SDK against the stand-in, in the four modes of the ``api`` fixture:
the seed README's coffee-cup job from posting to verified files and webhooks, idempotent replays,
rate limits, 250 jobs paginated, faults survived with exactly one job, expired download URLs."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

from e2e.conftest import Api, WebhookReceiver, job_body, sha256
from firsthand import (
    FirstHandConflictError,
    FirstHandConnectionError,
    FirstHandIdempotencyError,
    FirstHandRateLimitError,
    FirstHandServerError,
    FirstHandTimeoutError,
    JobCreateParamsDict,
    RetryInfo,
    construct_event,
)
from firsthand.testing import FakeRequest
from firsthand.webhooks import JobCompletedEvent, SubmissionApprovedEvent

DAY = 86_400.0

#: The seed README's job: 50 photos of a coffee cup at 75 cents each.
COFFEE_CUP: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 50,
    "accepted_formats": ["image/jpeg", "image/png"],
    "price_per_file_cents": 75,
}


async def eventually(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait (in 10 ms steps) until ``condition()`` holds: deliveries over HTTP finish on the
    stand-in's threads."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def file_downloads(api: Api) -> list[FakeRequest]:
    return [r for r in list(api.fake.requests) if r.path.startswith("/files/")]


# -- the coffee-cup job, start to finish ----------------------------------------------------------


async def test_coffee_cup_job_from_posting_to_verified_files_and_webhooks(
    api: Api, tmp_path: Path
) -> None:
    client, fake = api.client, api.fake
    with WebhookReceiver(fake) as receiver:
        if api.served:
            fake.deliver_to(receiver.url)  # the deliveries also go out over real HTTP
        endpoint = await client.create_webhook_endpoint(
            {
                "url": "https://example.com/firsthand/webhooks",
                "events": ["submission.approved", "job.completed"],
            }
        )
        assert endpoint.secret is not None
        receiver.secrets = [endpoint.secret]

        job = await client.create_job(COFFEE_CUP)
        assert (job.status, job.files_needed, job.total_cost_cents) == ("open", 50, 3_750)
        with api.advance_when_polled(60):
            done = await client.wait_for_job(job.id, timeout=60)
        assert (done.id, done.status) == (job.id, "completed")
        assert (done.files_approved, done.files_rejected, done.files_pending) == (50, 0, 0)

        listed = {f.id: f for f in await api.collect(await client.get_job_files(job.id))}
        paths = await client.download_job_files(job.id, tmp_path / "coffee", progress=False)
        assert len(paths) == 50
        assert {p.stem for p in paths} == set(listed)
        for path in paths:
            content = path.read_bytes()
            assert content == fake.file_content(path.stem)
            assert sha256(content) == listed[path.stem].content_hash

        balance = await client.get_credit_balance()
        assert (balance.available_cents, balance.held_cents) == (100_000 - 3_750, 0)

        # Every delivery to the endpoint is genuine: verified with its secret, on the stand-in's clock.
        mine = [d for d in fake.webhook_deliveries if d.endpoint_id == endpoint.id]
        events = [
            construct_event(d.body, d.headers, endpoint.secret, now=fake.clock.now()) for d in mine
        ]
        assert Counter(e.type for e in events) == {"submission.approved": 50, "job.completed": 1}
        approved = [e for e in events if isinstance(e, SubmissionApprovedEvent)]
        assert {e.data.id for e in approved} == {f.submission_id for f in listed.values()}
        assert {e.data.job_id for e in approved} == {job.id}
        [completed] = [e for e in events if isinstance(e, JobCompletedEvent)]
        assert (completed.data.id, completed.data.files_approved) == (job.id, 50)
        assert events[-1] is completed  # the job completes after its last approval

        if api.served:  # ... and the same 51 arrived over HTTP at the receiver, verified there.
            await eventually(lambda: sum(receiver.types().values()) >= 51)
            assert receiver.rejected == []
            assert receiver.types() == {"submission.approved": 50, "job.completed": 1}
            fake.deliver_to(None)

        def delivery_statuses() -> Counter[str]:
            return Counter(
                str(e.delivery_status)
                for e in fake.webhook_events.values()
                if e.type in (endpoint.events or [])
            )

        await eventually(lambda: delivery_statuses() == {"delivered": 51})


# -- idempotency ----------------------------------------------------------------------------------


async def test_idempotent_replay_and_key_reuse_conflict(api: Api) -> None:
    client, fake = api.client, api.fake
    body = job_body(files=2)
    first = await client.with_raw_response.create_job(body, idempotency_key="k1")
    again = await client.with_raw_response.create_job(body, idempotency_key="k1")
    assert first.status_code == again.status_code == 201
    assert first.headers.get("Idempotent-Replayed") is None
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.request_id == first.request_id  # the stored answer, as first sent
    assert again.parse().id == first.parse().id
    assert list(fake.jobs) == [first.parse().id]
    assert (await client.get_credit_balance()).held_cents == 150  # held once

    with pytest.raises(FirstHandIdempotencyError) as reused:
        await client.create_job(job_body(files=3), idempotency_key="k1")
    assert isinstance(reused.value, FirstHandConflictError)
    assert (reused.value.status, reused.value.type) == (409, "idempotency_error")
    assert len(fake.jobs) == 1
    assert len(api.requests("POST", "create_job")) == 3  # a 409 is not retried


# -- rate limits ----------------------------------------------------------------------------------


@pytest.mark.fake(rate_limit_per_minute=5)
async def test_rate_limit_raises_with_retry_after_when_not_retrying(api: Api) -> None:
    seen: list[RetryInfo] = []
    strict = api.with_options(max_retries=0, on_retry=seen.append)
    for _ in range(5):
        await strict.get_credit_balance()
    with pytest.raises(FirstHandRateLimitError) as limited:
        await strict.get_credit_balance()
    assert (limited.value.status, limited.value.retry_after) == (429, 12.0)  # 5/min: 1 per 12 s

    impatient = api.with_options(max_retries=3, max_retry_wait=5, on_retry=seen.append)
    started = time.monotonic()
    with pytest.raises(FirstHandRateLimitError):
        await impatient.get_credit_balance()  # Retry-After 12 > max_retry_wait 5: no sleeping
    assert time.monotonic() - started < 1
    assert seen == []

    api.fake.advance(12)  # buckets refill on advanced time too
    assert (await strict.get_credit_balance()).available_cents == 100_000


@pytest.mark.fake(rate_limit_per_minute=60)
async def test_rate_limited_request_is_retried_after_retry_after(api: Api) -> None:
    seen: list[RetryInfo] = []
    client = api.with_options(on_retry=seen.append)
    calls = 0
    while not seen and calls < 200:  # 60 in the bucket, refilling 1 per second
        await client.get_credit_balance()
        calls += 1
    assert seen, "the stand-in never rate limited"
    assert calls >= 60
    [info] = seen
    assert isinstance(info.error, FirstHandRateLimitError)
    assert (info.error.status, info.error.retry_after, info.wait) == (429, 1.0, 1.0)
    assert (info.method, info.path, info.retry_number) == ("GET", "/v1/billing/credits", 1)


# -- pagination -----------------------------------------------------------------------------------


@pytest.mark.fake(rate_limit_per_minute=None)
async def test_250_jobs_list_newest_first_exactly_once_in_three_pages(api: Api) -> None:
    client = api.client
    created = [(await client.create_job(job_body(files=1, price=10))).id for _ in range(250)]
    assert len(api.fake.jobs) == 250

    before = len(api.requests("GET", "list_jobs"))
    listed = [job.id for job in await api.collect(await client.list_jobs(limit=100))]
    assert listed == created[::-1]  # all 250, each once, newest first
    assert len(api.requests("GET", "list_jobs")) - before == 3

    sizes = [len(page.data) async for page in (await client.list_jobs(limit=100)).iter_pages()]
    assert sizes == [100, 100, 50]


# -- faults ---------------------------------------------------------------------------------------


def job_posts(api: Api) -> list[FakeRequest]:
    return api.requests("POST", "create_job")


@pytest.mark.fake(rate_limit_per_minute=None)
async def test_two_503s_are_retried_and_one_job_is_created(api: Api) -> None:
    seen: list[RetryInfo] = []
    client = api.with_options(on_retry=seen.append)
    api.fake.faults.fail_next(2, status=503)
    job = await client.create_job(job_body(files=1))
    assert list(api.fake.jobs) == [job.id]
    assert [(type(i.error), i.error.status) for i in seen] == [(FirstHandServerError, 503)] * 2
    posts = job_posts(api)
    assert len(posts) == 3
    assert len({r.header("Idempotency-Key") for r in posts}) == 1


@pytest.mark.fake(rate_limit_per_minute=None)
async def test_dropped_answer_is_retried_with_the_same_key_and_replayed(api: Api) -> None:
    seen: list[RetryInfo] = []
    client = api.with_options(on_retry=seen.append)
    api.fake.faults.drop_next()
    raw = await client.with_raw_response.create_job(job_body(files=1))
    assert raw.headers["Idempotent-Replayed"] == "true"  # the first attempt did create it
    assert list(api.fake.jobs) == [raw.parse().id]
    assert [type(i.error) for i in seen] == [FirstHandConnectionError]
    first, second = job_posts(api)
    assert first.header("Idempotency-Key") == second.header("Idempotency-Key") is not None


@pytest.mark.fake(rate_limit_per_minute=None)
async def test_answer_slower_than_the_timeout_is_retried_and_replayed(api: Api) -> None:
    seen: list[RetryInfo] = []
    client = api.with_options(timeout=0.2, on_retry=seen.append)
    api.fake.faults.delay_next(0.5)
    raw = await client.with_raw_response.create_job(job_body(files=1))
    assert raw.headers["Idempotent-Replayed"] == "true"
    assert list(api.fake.jobs) == [raw.parse().id]
    assert [type(i.error) for i in seen] == [FirstHandTimeoutError]
    first, second = job_posts(api)
    assert first.header("Idempotency-Key") == second.header("Idempotency-Key") is not None


@pytest.mark.fake(rate_limit_per_minute=None)
async def test_planned_429_is_retried_after_its_retry_after(api: Api) -> None:
    seen: list[RetryInfo] = []
    client = api.with_options(on_retry=seen.append)
    api.fake.faults.rate_limit_next(1, retry_after=1)
    started = api.fake.clock.now()
    job = await client.create_job(job_body(files=1))
    assert api.fake.clock.now() - started >= 1.0  # waited on the stand-in's clock, not in real time
    assert list(api.fake.jobs) == [job.id]
    [info] = seen
    assert isinstance(info.error, FirstHandRateLimitError)
    assert (info.wait, info.error.retry_after) == (1.0, 1.0)
    first, second = job_posts(api)
    assert first.header("Idempotency-Key") == second.header("Idempotency-Key") is not None


# -- downloads: resume and refresh ----------------------------------------------------------------


async def test_downloads_resume_and_refresh_expired_urls(api: Api, tmp_path: Path) -> None:
    client, fake = api.client, api.fake
    job = await client.create_job(job_body(files=5))
    fake.advance(60)
    await client.wait_for_job(job.id, timeout=30)
    folder = tmp_path / "files"
    paths = await client.download_job_files(job.id, folder, progress=False)
    assert len(paths) == 5
    assert len(file_downloads(api)) == 5

    # Resume: two files gone, one damaged; only those three are fetched again.
    paths[0].unlink()
    paths[1].unlink()
    paths[2].write_bytes(b"not the photo")
    again = await client.download_job_files(job.id, folder, progress=False)
    assert again == paths
    assert len(file_downloads(api)) == 5 + 3
    assert all(p.read_bytes() == fake.file_content(p.stem) for p in paths)

    # Eight days on, the 7-day URLs have expired: each is refreshed once, then downloaded.
    fake.advance(8 * DAY)
    for path in paths:
        path.unlink()
    again = await client.download_job_files(job.id, folder, progress=False)
    assert again == paths
    assert all(p.read_bytes() == fake.file_content(p.stem) for p in paths)
    refreshed = {r.path.split("/")[3] for r in api.requests("POST", "refresh_file_url")}
    assert refreshed == {p.stem for p in paths}
    assert len(api.requests("POST", "refresh_file_url")) == 5
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)  # no .part
