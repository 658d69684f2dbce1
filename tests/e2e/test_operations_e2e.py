"""Every operation of the operation table through the SDK against the stand-in, in the four modes of the
``api`` fixture (sync and async clients, in process and over real HTTP), asserting typed results
whose values reflect the stand-in's state. A new operation without an e2e test fails
:func:`test_every_operation_has_an_e2e_test`; the ``api`` fixture checks that every operation a test
declares with :func:`covers` really reached the stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.conftest import Api, job_body, open_api, operation_of, sha256, wire
from firsthand import (
    ApiKey,
    AsyncFirstHandClient,
    AuditEvent,
    CheckoutSession,
    CreditBalance,
    CreditTransaction,
    FirstHandAuthenticationError,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandNotFoundError,
    Job,
    JobFile,
    OrganizationSettings,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEvent,
    construct_event,
)
from firsthand._operations import OPERATIONS
from firsthand.testing import FakeFirstHand, FakeRequest
from firsthand.webhooks import JobCancelledEvent

START = 1_800_000_000.0
DAY = 86_400.0

#: Operation names declared by the tests of this module (see :func:`covers`).
COVERED: set[str] = set()


def covers(*names: str) -> pytest.MarkDecorator:
    """Declare the operations a test exercises (checked against what reaches the stand-in)."""
    COVERED.update(names)
    return pytest.mark.covers(*names)


def test_every_operation_has_an_e2e_test() -> None:
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names)) > 0
    assert sorted(set(names) - COVERED) == [], "operations without an e2e test"
    assert sorted(COVERED - set(names)) == [], "covers() names an unknown operation"
    for name in names:
        assert callable(getattr(FirstHandClient, name)), name
        assert callable(getattr(AsyncFirstHandClient, name)), name


# -- jobs -----------------------------------------------------------------------------------------


@covers("create_job", "get_job", "list_jobs", "cancel_job", "get_job_audit", "get_credit_balance")
async def test_job_create_get_list_cancel_and_audit(api: Api) -> None:
    client = api.client
    job = await client.create_job(job_body(files=4, price=75))
    assert isinstance(job, Job)
    assert job.id.startswith("job_")
    assert (job.status, job.files_needed, job.total_cost_cents) == ("open", 4, 300)

    held = await client.get_credit_balance()
    assert isinstance(held, CreditBalance)
    assert (held.available_cents, held.held_cents, held.total_cents) == (99_700, 300, 100_000)

    fetched = await client.get_job(job.id)
    assert isinstance(fetched, Job)
    assert (fetched.id, fetched.description, fetched.status) == (job.id, job.description, "open")

    other = await client.create_job(job_body(files=1, price=50))
    first = await client.list_jobs(status="open", limit=1)
    assert [j.id for j in first.data] == [other.id]  # newest first
    assert first.has_more
    assert first.next_cursor is not None
    assert [j.id for j in await api.collect(first)] == [other.id, job.id]

    cancelled = await client.cancel_job(job.id)
    assert isinstance(cancelled, Job)
    assert cancelled.status == "cancelled"
    assert cancelled.cancelled_at is not None
    restored = await client.get_credit_balance()
    assert (restored.available_cents, restored.held_cents) == (100_000 - 50, 50)
    assert api.fake.jobs[job.id].status == "cancelled"
    assert [j.id for j in await api.collect(await client.list_jobs(status="cancelled"))] == [job.id]
    with pytest.raises(FirstHandConflictError) as conflict:
        await client.cancel_job(job.id)
    assert conflict.value.status == 409

    audit = await api.collect(await client.get_job_audit(job.id))
    assert all(isinstance(event, AuditEvent) for event in audit)
    assert [event.action for event in audit] == ["job.cancelled", "job.created"]
    assert {event.resource.id for event in audit if event.resource} == {job.id}

    with pytest.raises(FirstHandNotFoundError) as missing:
        await client.get_job("job_does_not_exist")
    assert missing.value.status == 404
    assert (missing.value.request_id or "").startswith("req_")


@covers(
    "get_job",
    "rate_job",
    "get_job_files",
    "refresh_file_url",
    "get_job_submissions",
    "list_submissions",
    "get_submission",
    "get_submission_summary",
)
async def test_completed_job_files_submissions_summary_and_rating(api: Api) -> None:
    client, fake = api.client, api.fake
    job = await client.create_job(job_body(files=3, price=120))
    with pytest.raises(FirstHandConflictError):
        await client.rate_job(job.id, {"rating": 5})  # only a completed job can be rated
    fake.advance(60)  # the sandbox: workers at ~15 s, scored 5-15 s later
    done = await client.wait_for_job(job.id, timeout=30)
    assert (done.status, done.files_approved, done.files_pending) == ("completed", 3, 0)

    files = await api.collect(await client.get_job_files(job.id))
    assert len(files) == 3
    assert all(isinstance(file, JobFile) for file in files)
    assert {file.id for file in files} == set(fake.files)
    for file in files:
        assert file.job_id == job.id
        assert file.content_hash == sha256(fake.file_content(file.id))
        assert file.size_bytes == len(fake.file_content(file.id))
    assert (await client.get_job_files(job.id, min_score=5)).data == []  # test jobs score 4

    before = files[0]
    fake.advance(3_600)
    refreshed = await client.refresh_file_url(before.id)
    assert isinstance(refreshed, JobFile)
    assert (refreshed.id, refreshed.content_hash) == (before.id, before.content_hash)
    assert refreshed.download_url != before.download_url
    assert refreshed.download_url_expires_at is not None
    assert before.download_url_expires_at is not None
    assert refreshed.download_url_expires_at > before.download_url_expires_at

    submissions = await api.collect(await client.get_job_submissions(job.id))
    assert len(submissions) == 3
    assert all(isinstance(s, Submission) for s in submissions)
    assert {(s.job_id, s.status, s.ai_star_rating) for s in submissions} == {
        (job.id, "approved", 4)
    }
    assert {s.id for s in submissions} == {f.submission_id for f in files}
    assert (await client.get_job_submissions(job.id, status="rejected")).data == []

    listed = await api.collect(await client.list_submissions(job_id=job.id, status="approved"))
    assert {s.id for s in listed} == {s.id for s in submissions}
    one = await client.get_submission(submissions[0].id)
    assert isinstance(one, Submission)
    assert (one.id, one.job_id, one.status) == (submissions[0].id, job.id, "approved")

    summary = await client.get_submission_summary(job_id=job.id)
    assert isinstance(summary, SubmissionSummary)
    assert (summary.total, summary.approved, summary.rejected, summary.pending_score) == (
        3,
        3,
        0,
        0,
    )
    assert summary.approval_rate == 1.0
    assert summary.average_star_rating == 4.0

    rated = await client.rate_job(job.id, {"rating": 5, "comment": "Sharp photos"})
    assert isinstance(rated, Job)
    assert (rated.id, rated.buyer_rating) == (job.id, 5)
    assert fake.jobs[job.id].buyer_rating == 5

    balance = await client.get_credit_balance()
    assert (balance.available_cents, balance.held_cents) == (100_000 - 360, 0)


@covers("create_job", "get_job", "get_job_files")
async def test_wait_helpers_and_download_job_files(api: Api, tmp_path: Path) -> None:
    client, fake = api.client, api.fake
    with api.advance_when_polled(60):
        done = await client.create_job_and_wait(job_body(files=2), timeout=30)
    assert isinstance(done, Job)
    assert (done.status, done.files_approved) == ("completed", 2)
    assert any(r.header("Prefer") for r in api.requests("GET", "get_job")), "no long poll sent"

    job = await client.create_job(job_body(files=3))
    fake.advance(60)
    waited = await client.wait_for_job(job.id, timeout=30)
    assert (waited.id, waited.status) == (job.id, "completed")

    paths = await client.download_job_files(job.id, tmp_path / "out", progress=False)
    expected = {f.id for f in fake.files.values() if f.job_id == job.id}
    assert {p.stem for p in paths} == expected
    assert all(p.suffix == ".png" and p.parent == tmp_path / "out" for p in paths)
    for path in paths:
        assert path.read_bytes() == fake.file_content(path.stem)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)

    fetched = len(file_downloads(fake.requests))
    again = await client.download_job_files(job.id, tmp_path / "out", progress=False)
    assert again == paths
    assert len(file_downloads(fake.requests)) == fetched  # intact files are skipped


@covers("create_job", "get_job")
async def test_raw_responses_carry_request_id_and_rate_limit(api: Api) -> None:
    raw = await api.client.with_raw_response.create_job(job_body(files=1))
    assert raw.status_code == 201
    assert raw.request_id is not None
    assert raw.request_id.startswith("req_")
    assert raw.headers["X-Request-Id"] == raw.request_id
    job = raw.parse()
    assert isinstance(job, Job)
    assert job.id in api.fake.jobs

    got = await api.client.with_raw_response.get_job(job.id)
    assert got.status_code == 200
    assert got.request_id not in (None, raw.request_id)
    assert got.rate_limit is not None
    assert got.rate_limit.limit == 1000
    assert got.rate_limit.remaining is not None
    assert got.rate_limit.remaining < 1000
    assert got.rate_limit.reset is not None
    assert got.parse().id == job.id


# -- API keys -------------------------------------------------------------------------------------


@covers("create_api_key", "list_api_keys", "rotate_api_key", "revoke_api_key")
async def test_api_key_create_rotate_and_revoke(api: Api) -> None:
    client = api.client
    key = await client.create_api_key({"name": "CI", "environment": "test"})
    assert isinstance(key, ApiKey)
    assert key.id.startswith("key_")
    assert key.secret is not None
    assert key.secret.startswith("fh_test_")
    listed = await api.collect(await client.list_api_keys())
    assert all(isinstance(k, ApiKey) for k in listed)
    assert key.id in {k.id for k in listed}
    assert {k.secret for k in listed} == {None}  # shown at creation only
    assert set(api.fake.api_keys) == {k.id for k in listed}

    with_new_key = api.with_options(api_key=key.secret)
    assert (await with_new_key.get_credit_balance()).available_cents == 100_000

    rotated = await client.rotate_api_key(key.id)
    assert isinstance(rotated, ApiKey)
    assert rotated.id == key.id
    assert rotated.secret is not None
    assert rotated.secret != key.secret
    assert rotated.rotated_at is not None
    with_rotated = api.with_options(api_key=rotated.secret)
    assert (await with_rotated.get_credit_balance()).available_cents == 100_000
    assert (await with_new_key.get_credit_balance()).available_cents == 100_000  # old: 24 h more

    api.fake.advance(DAY + 60)
    with pytest.raises(FirstHandAuthenticationError):
        await with_new_key.get_credit_balance()  # the old secret's 24 h are over
    assert (await with_rotated.get_credit_balance()).available_cents == 100_000

    await client.revoke_api_key(key.id)
    with pytest.raises(FirstHandAuthenticationError) as revoked:
        await with_rotated.get_credit_balance()
    assert revoked.value.status == 401
    assert api.fake.api_keys[key.id].revoked_at is not None
    assert (await client.get_credit_balance()).available_cents == 100_000  # other keys unaffected


# -- webhooks -------------------------------------------------------------------------------------


@covers(
    "create_webhook_endpoint",
    "list_webhook_endpoints",
    "get_webhook_endpoint",
    "update_webhook_endpoint",
    "rotate_webhook_secret",
    "delete_webhook_endpoint",
    "list_webhook_events",
    "replay_webhook_event",
)
async def test_webhook_endpoint_crud_events_and_replay(api: Api) -> None:
    client, fake = api.client, api.fake
    endpoint = await client.create_webhook_endpoint(
        {"url": "https://example.com/hooks", "events": ["job.completed"], "description": "ops"}
    )
    assert isinstance(endpoint, WebhookEndpoint)
    assert endpoint.secret is not None
    assert endpoint.secret.startswith("whsec_")
    assert (endpoint.status, endpoint.events) == ("enabled", ["job.completed"])
    assert fake.endpoint_secrets(endpoint.id) == [endpoint.secret]

    listed = await api.collect(await client.list_webhook_endpoints())
    assert [(e.id, e.url, e.secret) for e in listed] == [
        (endpoint.id, "https://example.com/hooks", None)
    ]
    got = await client.get_webhook_endpoint(endpoint.id)
    assert isinstance(got, WebhookEndpoint)
    assert (got.id, got.description, got.secret) == (endpoint.id, "ops", None)

    updated = await client.update_webhook_endpoint(
        endpoint.id, {"events": ["job.cancelled", "job.completed"], "description": "job ends"}
    )
    assert isinstance(updated, WebhookEndpoint)
    assert updated.events == ["job.cancelled", "job.completed"]
    read_back = await client.get_webhook_endpoint(endpoint.id)
    assert (read_back.events, read_back.description) == (updated.events, "job ends")

    job = await client.create_job(job_body(files=1))
    await client.cancel_job(job.id)
    events = await api.collect(await client.list_webhook_events(type="job.cancelled"))
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, WebhookEvent)
    assert (event.type, event.data["id"], event.delivery_status) == (
        "job.cancelled",
        job.id,
        "delivered",
    )
    assert (await client.list_webhook_events(type="job.completed")).data == []

    rotated = await client.rotate_webhook_secret(endpoint.id)
    assert isinstance(rotated, WebhookEndpoint)
    assert rotated.secret is not None
    assert rotated.secret != endpoint.secret
    assert fake.endpoint_secrets(endpoint.id) == [rotated.secret, endpoint.secret]

    delivered = len(fake.webhook_deliveries)
    replayed = await client.replay_webhook_event(event.id)
    assert isinstance(replayed, WebhookEvent)
    assert replayed.id == event.id
    [delivery] = fake.webhook_deliveries[delivered:]
    assert (delivery.event_id, delivery.endpoint_id) == (event.id, endpoint.id)
    for secret in (rotated.secret, endpoint.secret):  # signed with both during the 24 h
        verified = construct_event(delivery.body, delivery.headers, secret, now=fake.clock.now())
        assert isinstance(verified, JobCancelledEvent)
        assert verified.data.id == job.id

    await client.delete_webhook_endpoint(endpoint.id)
    with pytest.raises(FirstHandNotFoundError):
        await client.get_webhook_endpoint(endpoint.id)
    assert (await client.list_webhook_endpoints()).data == []
    assert fake.webhook_endpoints == {}


# -- billing, settings, audit ---------------------------------------------------------------------


@covers("purchase_credits", "get_credit_balance", "list_transactions")
async def test_purchase_checkout_balance_and_transactions(api: Api) -> None:
    client, fake = api.client, api.fake
    session = await client.purchase_credits({"amount_cents": 5_000})
    assert isinstance(session, CheckoutSession)
    assert session.id is not None  # the stand-in always sends it (not documented: optional)
    assert session.id.startswith("cs_")
    assert (session.status, session.amount_cents, session.credits_cents) == ("open", 5_000, 5_500)
    assert session.checkout_url.startswith("https://")
    assert (await client.get_credit_balance()).available_cents == 100_000  # not paid yet

    fake.advance(10)  # a sandbox checkout pays itself after 5 s
    assert fake.checkout_sessions[session.id].status == "complete"
    balance = await client.get_credit_balance()
    assert (balance.available_cents, balance.held_cents) == (105_500, 0)

    transactions = await api.collect(await client.list_transactions())
    assert all(isinstance(t, CreditTransaction) for t in transactions)
    assert [(t.type, t.amount_cents) for t in transactions] == [
        ("bonus", 500),
        ("purchase", 5_000),
        ("free_tier", 100_000),
    ]
    purchases = await api.collect(await client.list_transactions(type="purchase"))
    assert [t.amount_cents for t in purchases] == [5_000]


@covers("get_settings", "update_settings", "list_audit_events", "create_api_key")
async def test_settings_round_trip_and_audit_log(api: Api) -> None:
    client, fake = api.client, api.fake
    settings = await client.get_settings()
    assert isinstance(settings, OrganizationSettings)
    assert (settings.organization_id, settings.auto_topup_enabled) == (fake.organization_id, False)

    updated = await client.update_settings(
        {
            "auto_topup_enabled": True,
            "auto_topup_threshold_cents": 5_000,
            "auto_topup_amount_cents": 25_000,
            "default_price_per_file_cents": 90,
        }
    )
    assert isinstance(updated, OrganizationSettings)
    read_back = await client.get_settings()
    for seen in (updated, read_back, fake.settings):
        assert (
            seen.auto_topup_enabled,
            seen.auto_topup_threshold_cents,
            seen.auto_topup_amount_cents,
            seen.default_price_per_file_cents,
        ) == (True, 5_000, 25_000, 90)

    key = await client.create_api_key({"name": "audited"})
    audit = await api.collect(await client.list_audit_events())
    assert all(isinstance(event, AuditEvent) for event in audit)
    assert [event.action for event in audit] == ["api_key.created", "organization.settings_updated"]
    assert {event.actor.type for event in audit if event.actor} == {"api_key"}
    by_key = await api.collect(await client.list_audit_events(resource_id=key.id))
    assert [event.action for event in by_key] == ["api_key.created"]
    by_action = await client.list_audit_events(action="organization.settings_updated")
    assert len(by_action.data) == 1
    assert {e.id for e in audit} == set(fake.audit_events)


# -- both clients send the same requests ----------------------------------------------------------


def file_downloads(requests: list[FakeRequest]) -> list[FakeRequest]:
    return [r for r in requests if r.path.startswith("/files/")]


async def tour(api: Api, folder: Path) -> None:
    """Every operation (and the helpers) once, in a fixed order."""
    client, fake = api.client, api.fake
    job = await client.create_job(job_body(files=2))
    await client.get_job(job.id)
    await client.list_jobs(status="open", limit=5)
    await client.get_credit_balance()
    endpoint = await client.create_webhook_endpoint(
        {"url": "https://example.com/hooks", "events": ["job.completed", "job.cancelled"]}
    )
    await client.list_webhook_endpoints()
    await client.get_webhook_endpoint(endpoint.id)
    await client.update_webhook_endpoint(endpoint.id, {"description": "tour"})
    await client.rotate_webhook_secret(endpoint.id)
    done = await client.wait_for_job(job.id, timeout=30)
    await client.rate_job(done.id, {"rating": 4, "comment": "ok"})
    files = (await client.get_job_files(done.id, min_score=1, limit=10)).data
    await client.refresh_file_url(files[0].id)
    await client.download_job_files(done.id, folder, concurrency=1, progress=False)
    submissions = (await client.get_job_submissions(done.id, status="approved")).data
    await client.get_submission(submissions[0].id)
    await client.list_submissions(job_id=done.id, min_score=3, limit=10)
    await client.get_submission_summary(job_id=done.id)
    await client.get_job_audit(done.id, limit=10)
    other = await client.create_job(job_body(files=1), idempotency_key="tour-1")
    await client.cancel_job(other.id)
    events = (await client.list_webhook_events(type="job.completed", limit=5)).data
    await client.replay_webhook_event(events[0].id)
    key = await client.create_api_key({"name": "tour", "environment": "test"})
    await client.list_api_keys(limit=10)
    await client.rotate_api_key(key.id)
    await client.revoke_api_key(key.id)
    await client.delete_webhook_endpoint(endpoint.id)
    await client.purchase_credits({"amount_cents": 1_000})
    fake.advance(10)
    await client.list_transactions(type="purchase")
    await client.get_settings()
    await client.update_settings({"low_balance_threshold_cents": 2_000})
    await client.list_audit_events(action="job.created", limit=10)
    await client.create_job_and_wait(job_body(files=1), timeout=30)


def shape(request: FakeRequest) -> tuple[str, str, str, str, list[str]]:
    """What must match between the clients: Idempotency-Key values differ (presence counts)."""
    return (
        request.method,
        request.path,
        request.query,
        wire(request.body),
        sorted(request.headers),
    )


async def test_sync_and_async_clients_send_identical_requests(tmp_path: Path) -> None:
    sent: dict[str, list[FakeRequest]] = {}
    for mode in ("sync", "async"):
        fake = FakeFirstHand(seed=7, start=START, rate_limit_per_minute=None)
        async with open_api(mode, fake) as api:
            await tour(api, tmp_path / mode)
        sent[mode] = list(fake.requests)
    sync, async_ = sent["sync"], sent["async"]
    names = {operation_of(r) for r in sync} - {None}
    assert names == {op.name for op in OPERATIONS}, "the tour must send every operation"
    assert len(file_downloads(sync)) == 2
    assert [shape(r) for r in sync] == [shape(r) for r in async_]
    keyed = [r.header("Idempotency-Key") for r in sync if r.header("Idempotency-Key")]
    assert "tour-1" in keyed
    assert len(set(keyed)) == len(keyed)  # a fresh key per POST unless given
    for header in ("authorization", "content-type", "accept", "prefer"):
        assert [r.header(header) for r in sync] == [r.header(header) for r in async_], header
