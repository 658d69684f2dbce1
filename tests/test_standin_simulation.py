"""The stand-in's sandbox simulation and state machines, on a frozen clock moved by ``fake.advance``:
job timelines, escrow, live scoring, webhook events and their signed deliveries (with retries,
replays and secret rotation), checkouts, balance alerts, the audit trail, seeds and real time
(docs/api-contract.md: "Lifecycles", "The sandbox", "Webhooks")."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from firsthand import (
    FirstHandClient,
    FirstHandInsufficientCreditsError,
    FirstHandSignatureVerificationError,
    construct_event,
)
from firsthand.models import (
    AuditEvent,
    Job,
    JobCreateParams,
    WebhookEndpoint,
    WebhookEndpointCreateParams,
)
from firsthand.testing import FakeFirstHand, WebhookDelivery
from firsthand.webhooks import (
    WEBHOOK_EVENT_TYPES,
    CreditsAutoToppedUpEvent,
    CreditsLowBalanceEvent,
    CreditsPurchasedEvent,
    Event,
    JobCancelledEvent,
    JobCompletedEvent,
    JobFlaggedEvent,
    SubmissionApprovedEvent,
    SubmissionRejectedEvent,
    SubmissionScoredEvent,
)

START = 1_800_000_000.0
DAY = 86_400.0
#: Waits before delivery attempts 2–6 (docs/api-contract.md, "Delivery").
RETRY_WAITS = [60.0, 300.0, 1_800.0, 7_200.0, 28_800.0]


def job_body(**overrides: Any) -> JobCreateParams:
    body: Dict[str, Any] = {
        "type": "data_collection",
        "description": "A photo of a coffee cup from above",
        "files_needed": 1,
        "accepted_formats": ["image/png"],
        "price_per_file_cents": 100,
    }
    body.update(overrides)
    return JobCreateParams.model_validate(body)


@pytest.fixture
def fake() -> FakeFirstHand:
    return FakeFirstHand(rate_limit_per_minute=None, start=START)


@pytest.fixture
def client(fake: FakeFirstHand) -> Iterator[FirstHandClient]:
    with fake.client(max_retries=0) as c:
        yield c


def run_until(
    fake: FakeFirstHand,
    job_id: str,
    done: Callable[[Job], bool],
    *,
    step: float = 0.5,
    limit: float = 300.0,
) -> List[Job]:
    """Advance in small steps until ``done(job)``; every snapshot seen, in order."""
    seen: List[Job] = []
    moved = 0.0
    while moved <= limit:
        job = fake.jobs[job_id]
        seen.append(job)
        if done(job):
            return seen
        fake.advance(step)
        moved += step
    raise AssertionError(f"not done after {limit} s: {seen[-1]!r}")


def statuses(snapshots: List[Job]) -> List[str]:
    """The distinct statuses in the order they came."""
    out: List[str] = []
    for job in snapshots:
        if not out or out[-1] != job.status:
            out.append(str(job.status))
    return out


def subscribe(client: FirstHandClient, events: Optional[List[str]] = None) -> WebhookEndpoint:
    body = {"url": "https://example.com/hooks", "events": events or list(WEBHOOK_EVENT_TYPES)}
    return client.create_webhook_endpoint(WebhookEndpointCreateParams.model_validate(body))


def verified(fake: FakeFirstHand, delivery: WebhookDelivery, secret: Any) -> Event:
    return construct_event(delivery.body, delivery.headers, secret, now=fake.clock.now())


def v1_count(delivery: WebhookDelivery) -> int:
    return delivery.headers["X-FirstHand-Signature"].count("v1=")


def signed_at(delivery: WebhookDelivery) -> int:
    stamp = delivery.headers["X-FirstHand-Signature"].split(",")[0]
    assert stamp.startswith("t=")
    return int(stamp[2:])


# -- a job's timeline -------------------------------------------------------------------------


def test_a_sandbox_job_runs_open_filled_in_progress_completed(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body(files_needed=2))
    assert (job.status, job.files_pending, job.files_approved) == ("open", 0, 0)
    assert job.completed_at is None
    assert job.cancelled_at is None
    snapshots = run_until(fake, job.id, lambda j: j.status == "completed")
    assert statuses(snapshots) == ["open", "filled", "in_progress", "completed"]
    filled = next(j for j in snapshots if j.status == "filled")
    assert filled.files_pending == 2
    assert filled.files_approved == 0
    in_progress = next(j for j in snapshots if j.status == "in_progress")
    assert (in_progress.files_approved, in_progress.files_pending) == (1, 1)
    first_submission = min(s.submitted_at for s in fake.submissions.values())
    assert 15 <= first_submission.timestamp() - START <= 17  # workers come ~15 s after posting
    done = snapshots[-1]
    assert (done.files_approved, done.files_pending, done.files_rejected) == (2, 0, 0)
    assert done.completed_at is not None
    assert done.cancelled_at is None
    assert done.updated_at == done.completed_at
    assert 20 <= done.completed_at.timestamp() - START <= 32
    assert [s.status for s in fake.submissions.values()] == ["approved", "approved"]
    assert all(s.ai_star_rating == 4 for s in fake.submissions.values())
    assert len(fake.files) == 2
    assert {f.job_id for f in fake.files.values()} == {job.id}
    assert all(f.ai_star_rating == 4 for f in fake.files.values())


def test_a_submission_is_pending_until_scored(fake: FakeFirstHand, client: FirstHandClient) -> None:
    job = client.create_job(job_body())
    run_until(fake, job.id, lambda j: j.files_pending == 1)
    [submission] = fake.submissions.values()
    assert submission.status == "pending_score"
    assert submission.ai_star_rating is None
    assert submission.scored_at is None
    assert submission.ai_reasoning is None
    run_until(fake, job.id, lambda j: j.status == "completed")
    [scored] = fake.submissions.values()
    assert scored.status == "approved"
    assert scored.ai_star_rating == 4
    assert scored.scored_at is not None
    assert 5 <= (scored.scored_at - scored.submitted_at).total_seconds() <= 15


# -- escrow -----------------------------------------------------------------------------------


def test_escrow_holds_then_deducts_one_file_at_a_time(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body(files_needed=3, price_per_file_cents=100))
    assert job.total_cost_cents == 300
    balance = client.get_credit_balance()
    assert (balance.available_cents, balance.held_cents, balance.total_cents) == (
        99_700,
        300,
        100_000,
    )
    seen_held: List[int] = []

    def settled(snapshot: Job) -> bool:
        balance = fake.balance()
        assert balance.held_cents == 300 - 100 * snapshot.files_approved  # one file at a time
        assert balance.available_cents == 99_700  # deductions come out of the hold only
        if snapshot.status != "completed" and balance.held_cents not in seen_held:
            seen_held.append(balance.held_cents)
        return snapshot.status == "completed"

    run_until(fake, job.id, settled, step=0.1)
    assert seen_held == [300, 200, 100]
    balance = client.get_credit_balance()
    assert (balance.available_cents, balance.held_cents, balance.total_cents) == (
        99_700,
        0,
        99_700,
    )
    deductions = [t for t in fake.transactions.values() if t.type == "deduction"]
    assert [t.amount_cents for t in deductions] == [-100, -100, -100]
    assert all(t.job_id == job.id for t in deductions)
    assert not [t for t in fake.transactions.values() if t.type == "refund"]  # nothing left over


def test_cancelling_mid_way_refunds_the_rest(fake: FakeFirstHand, client: FirstHandClient) -> None:
    job = client.create_job(job_body(files_needed=3, price_per_file_cents=100))
    run_until(fake, job.id, lambda j: j.files_approved == 1, step=0.1)
    assert fake.balance().held_cents == 200
    cancelled = client.cancel_job(job.id)
    assert cancelled.status == "cancelled"
    assert cancelled.cancelled_at is not None
    assert cancelled.completed_at is None
    assert cancelled.updated_at == cancelled.cancelled_at
    [refund] = [t for t in fake.transactions.values() if t.type == "refund"]
    assert (refund.amount_cents, refund.job_id) == (200, job.id)
    balance = client.get_credit_balance()
    assert (balance.available_cents, balance.held_cents) == (99_900, 0)
    fake.advance(120)  # submissions still being scored are not paid for
    after = fake.jobs[job.id]
    assert after.status == "cancelled"
    assert after.files_approved == 1
    assert client.get_credit_balance().available_cents == 99_900
    assert len([t for t in fake.transactions.values() if t.type == "deduction"]) == 1


def test_cancelling_before_any_worker_refunds_everything(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body(files_needed=4))
    client.cancel_job(job.id)
    fake.advance(120)
    assert fake.submissions == {}  # the workers on their way never came
    assert client.get_credit_balance().available_cents == 100_000


def test_posting_without_credit_is_402(fake: FakeFirstHand) -> None:
    with fake.client(api_key=fake.live_api_key) as live:
        with pytest.raises(FirstHandInsufficientCreditsError) as caught:
            live.create_job(job_body())
        assert caught.value.status == 402
        assert caught.value.type == "insufficient_credits"
        assert live.get_credit_balance().available_cents == 0
    assert fake.jobs == {}
    poor = FakeFirstHand(rate_limit_per_minute=None, sandbox_balance_cents=150)
    with poor.client() as client:
        client.create_job(job_body(price_per_file_cents=100))
        with pytest.raises(FirstHandInsufficientCreditsError):
            client.create_job(job_body(price_per_file_cents=100))  # 50 available
        assert client.get_credit_balance().held_cents == 100


# -- scoring rules ----------------------------------------------------------------------------


def five_stars(submission: Dict[str, Any]) -> int:
    return 5


def one_star(submission: Dict[str, Any]) -> int:
    return 1


def test_live_jobs_are_scored_by_live_scoring(fake: FakeFirstHand) -> None:
    scored: List[Dict[str, Any]] = []

    def two_stars(submission: Dict[str, Any]) -> int:
        scored.append(submission)
        return 2

    rich = FakeFirstHand(rate_limit_per_minute=None, start=START, live_balance_cents=10_000)
    rich.live_scoring = two_stars
    with rich.client(api_key=rich.live_api_key) as live:
        job = live.create_job(job_body(files_needed=1, price_per_file_cents=100))
    snapshots = run_until(rich, job.id, lambda j: (j.files_rejected or 0) >= 3, limit=200)
    # a rejection reopens the slot: filled -> open, and new workers keep coming
    assert statuses(snapshots)[:3] == ["open", "filled", "open"]
    assert "completed" not in statuses(snapshots)
    assert all(s["job_id"] == job.id and s["id"].startswith("sub_") for s in scored)
    assert all(s.status == "rejected" for s in rich.submissions.values() if s.scored_at)
    assert rich.balance("live").held_cents == 100  # rejections cost nothing
    assert rich.files == {}
    rich.live_scoring = five_stars
    done = run_until(rich, job.id, lambda j: j.status == "completed", limit=60)[-1]
    assert done.files_approved == 1
    assert (done.files_rejected or 0) >= 3
    assert rich.balance("live").available_cents == 9_900
    assert fake.jobs == {}  # another stand-in is untouched


def test_test_jobs_ignore_live_scoring(fake: FakeFirstHand, client: FirstHandClient) -> None:
    fake.live_scoring = one_star
    job = client.create_job(job_body())
    done = run_until(fake, job.id, lambda j: j.status == "completed")[-1]
    assert done.files_rejected == 0


def test_score_submission_by_hand(fake: FakeFirstHand, client: FirstHandClient) -> None:
    job = client.create_job(job_body())
    run_until(fake, job.id, lambda j: j.files_pending == 1)
    [first] = fake.submissions
    fake.score_submission(first, 2)
    assert fake.submissions[first].status == "rejected"
    assert fake.submissions[first].ai_star_rating == 2
    rejected = fake.jobs[job.id]
    assert (rejected.files_rejected, rejected.files_pending, rejected.status) == (1, 0, "open")
    with pytest.raises(ValueError, match="not pending"):
        fake.score_submission(first, 5)
    with pytest.raises(ValueError, match="1 to 5"):
        fake.score_submission(first, 6)
    with pytest.raises(KeyError):
        fake.score_submission("sub_missing", 4)
    done = run_until(fake, job.id, lambda j: j.status == "completed")[-1]
    assert len(fake.submissions) == 2  # a new worker took the reopened slot
    assert fake.submissions[first].status == "rejected"  # its scheduled scoring did not undo it
    assert (done.files_approved, done.files_rejected) == (1, 1)


def test_min_star_rating_5_rejects_the_sandbox_4_stars(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body(files_needed=2, min_star_rating=5))
    snapshots = run_until(fake, job.id, lambda j: (j.files_rejected or 0) >= 4, limit=200)
    assert all(j.files_approved == 0 for j in snapshots)
    assert "completed" not in statuses(snapshots)
    assert {s.status for s in fake.submissions.values() if s.scored_at} == {"rejected"}
    assert all(s.ai_reasoning for s in fake.submissions.values() if s.scored_at)
    types = {e.type for e in fake.webhook_events.values()}
    assert "submission.rejected" in types
    assert "submission.approved" not in types
    client.cancel_job(job.id)
    assert client.get_credit_balance().available_cents == 100_000


def test_files_per_submission_batches_files(fake: FakeFirstHand, client: FirstHandClient) -> None:
    job = client.create_job(job_body(files_needed=5, files_per_submission=3))
    snapshots = run_until(fake, job.id, lambda j: j.status == "completed")
    assert max(j.files_pending or 0 for j in snapshots) == 6  # two workers of 3 files each
    assert "filled" in statuses(snapshots)
    assert len(fake.submissions) == 2
    per_submission: Dict[str, int] = {}
    for file in fake.files.values():
        per_submission[file.submission_id] = per_submission.get(file.submission_id, 0) + 1
    assert sorted(per_submission.values()) == [2, 3]  # the second batch fills only what is left
    assert snapshots[-1].files_approved == 5
    assert [t.amount_cents for t in fake.transactions.values() if t.type == "deduction"] == [
        -100
    ] * 5
    assert fake.balance().held_cents == 0


def test_max_workers_limits_pending_submissions(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body(files_needed=5, max_workers=2))
    snapshots = run_until(fake, job.id, lambda j: j.status == "completed", step=0.25)
    assert max(j.files_pending or 0 for j in snapshots) == 2
    assert "filled" not in statuses(snapshots)
    assert len(fake.submissions) == 5
    assert snapshots[-1].files_approved == 5


# -- events and deliveries --------------------------------------------------------------------


def test_events_fire_in_order_and_parse_as_sdk_events(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    endpoint = subscribe(client)
    job = client.create_job(job_body())
    run_until(fake, job.id, lambda j: j.status == "completed")
    assert [d.event_type for d in fake.webhook_deliveries] == [
        "submission.scored",
        "submission.approved",
        "job.completed",
    ]
    events = [verified(fake, d, endpoint.secret) for d in fake.webhook_deliveries]
    scored, approved, completed = events
    assert isinstance(scored, SubmissionScoredEvent)
    assert isinstance(approved, SubmissionApprovedEvent)
    assert isinstance(completed, JobCompletedEvent)
    assert scored.data.ai_star_rating == 4
    assert scored.data.dimensions is not None
    assert scored.data.annotations is not None
    assert approved.data.status == "approved"
    assert approved.data.job_id == job.id
    assert completed.data.id == job.id
    assert completed.data.status == "completed"
    assert completed.data.files_approved == 1
    assert [e.id for e in events] == list(fake.webhook_events)
    for delivery, event in zip(fake.webhook_deliveries, events):
        assert delivery.headers["X-FirstHand-Event-Id"] == event.id
        assert delivery.headers["Content-Type"] == "application/json"
        assert delivery.headers["User-Agent"]
        assert delivery.endpoint_id == endpoint.id
        assert delivery.url == endpoint.url
        assert event.api_version == "2026-03-18"
    assert all(e.delivery_status == "delivered" for e in fake.webhook_events.values())
    assert all(e.delivery_attempts == 1 for e in fake.webhook_events.values())


def test_rejections_and_cancellations_fire_their_events(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    endpoint = subscribe(client)
    job = client.create_job(job_body(min_star_rating=5))
    run_until(fake, job.id, lambda j: j.files_rejected == 1)
    client.cancel_job(job.id)
    events = [verified(fake, d, endpoint.secret) for d in fake.webhook_deliveries]
    assert [type(e) for e in events] == [
        SubmissionScoredEvent,
        SubmissionRejectedEvent,
        JobCancelledEvent,
    ]
    assert isinstance(events[1], SubmissionRejectedEvent)
    assert events[1].data.ai_star_rating == 4
    assert isinstance(events[2], JobCancelledEvent)
    assert events[2].data.status == "cancelled"


def test_deliveries_go_only_to_subscribed_enabled_endpoints(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    wanted = subscribe(client, ["job.cancelled"])
    other_type = subscribe(client, ["job.completed"])
    disabled = subscribe(client, ["job.cancelled"])
    deleted = subscribe(client, ["job.cancelled"])
    client.update_webhook_endpoint(disabled.id, {"status": "disabled"})
    client.delete_webhook_endpoint(deleted.id)
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    [delivery] = fake.webhook_deliveries
    assert delivery.endpoint_id == wanted.id
    event = verified(fake, delivery, wanted.secret)
    assert isinstance(event, JobCancelledEvent)
    for stranger in (other_type, disabled):
        with pytest.raises(FirstHandSignatureVerificationError):
            verified(fake, delivery, stranger.secret)
    client.update_webhook_endpoint(disabled.id, {"status": "enabled"})
    second = client.create_job(job_body())
    client.cancel_job(second.id)
    assert sorted(d.endpoint_id for d in fake.webhook_deliveries[1:]) == sorted(
        [wanted.id, disabled.id]
    )


def test_an_event_with_no_endpoint_is_recorded_but_not_sent(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    assert fake.webhook_deliveries == []
    [event] = fake.webhook_events.values()
    assert event.type == "job.cancelled"
    assert event.delivery_attempts == 0


def test_a_rotated_secret_signs_with_both_secrets_for_24_hours(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    endpoint = subscribe(client, ["job.cancelled"])
    old = endpoint.secret
    assert old is not None

    def cancel_one() -> WebhookDelivery:
        job = client.create_job(job_body())
        client.cancel_job(job.id)
        return fake.webhook_deliveries[-1]

    assert v1_count(cancel_one()) == 1
    new = client.rotate_webhook_secret(endpoint.id).secret
    assert new is not None
    assert new != old
    assert fake.endpoint_secrets(endpoint.id) == [new, old]
    during = cancel_one()
    assert v1_count(during) == 2
    assert isinstance(verified(fake, during, old), JobCancelledEvent)
    assert isinstance(verified(fake, during, new), JobCancelledEvent)
    fake.advance(DAY - 10)
    assert v1_count(cancel_one()) == 2
    fake.advance(20)
    after = cancel_one()
    assert v1_count(after) == 1
    assert fake.endpoint_secrets(endpoint.id) == [new]
    assert isinstance(verified(fake, after, new), JobCancelledEvent)
    with pytest.raises(FirstHandSignatureVerificationError) as caught:
        verified(fake, after, old)
    assert caught.value.reason == "no_matching_signature"


def refusing_receivers() -> List[Tuple[str, Callable[[WebhookDelivery], object]]]:
    def status_500(delivery: WebhookDelivery) -> object:
        return 500

    def raises(delivery: WebhookDelivery) -> object:
        raise RuntimeError("receiver down")

    def false(delivery: WebhookDelivery) -> object:
        return False

    return [("500", status_500), ("raises", raises), ("false", false)]


@pytest.mark.parametrize(
    "receiver", [r for _, r in refusing_receivers()], ids=[n for n, _ in refusing_receivers()]
)
def test_a_refused_delivery_is_retried_on_schedule_then_failed(
    fake: FakeFirstHand,
    client: FirstHandClient,
    receiver: Callable[[WebhookDelivery], object],
) -> None:
    subscribe(client, ["job.cancelled"])
    attempts: List[float] = []

    def record(delivery: WebhookDelivery) -> object:
        attempts.append(fake.clock.now())
        return receiver(delivery)

    fake.deliver_to(record)
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    [event_id] = fake.webhook_events
    assert attempts == [START]
    assert fake.webhook_events[event_id].delivery_status == "pending"
    for n, wait in enumerate(RETRY_WAITS, start=2):
        fake.advance(wait - 1)
        assert len(attempts) == n - 1  # not early
        fake.advance(1)
        assert len(attempts) == n
        event = fake.webhook_events[event_id]
        assert event.delivery_attempts == n
        assert event.delivery_status == ("failed" if n == 6 else "pending")
    offsets = [t - START for t in attempts]
    assert offsets == [0.0, 60.0, 360.0, 2_160.0, 9_360.0, 38_160.0]
    assert [signed_at(d) - START for d in fake.webhook_deliveries] == offsets
    fake.advance(DAY)
    assert len(attempts) == 6  # no seventh attempt
    with fake.client() as again:
        [listed] = again.list_webhook_events(delivery_status="failed").data
    assert listed.id == event_id
    assert listed.delivery_attempts == 6


def test_one_long_advance_runs_every_retry(fake: FakeFirstHand, client: FirstHandClient) -> None:
    subscribe(client, ["job.cancelled"])
    fake.deliver_to(lambda delivery: 500)
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    fake.advance(40_000)  # more than 1 m + 5 m + 30 m + 2 h + 8 h
    [event] = fake.webhook_events.values()
    assert (event.delivery_attempts, event.delivery_status) == (6, "failed")
    offsets = [signed_at(d) - START for d in fake.webhook_deliveries]
    assert offsets == [0.0, 60.0, 360.0, 2_160.0, 9_360.0, 38_160.0]


def test_a_receiver_sees_deliveries_at_their_own_time(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    subscribe(client, ["job.completed"])
    lags: List[float] = []
    fake.deliver_to(lambda d: lags.append(fake.clock.now() - signed_at(d)))
    client.create_job(job_body())
    fake.advance(600)  # the job completes about 30 s in: the receiver is called then
    assert len(lags) == 1
    assert lags[0] < 1


def test_a_receiver_that_recovers_gets_the_event_delivered(
    fake: FakeFirstHand, client: FirstHandClient
) -> None:
    subscribe(client, ["job.cancelled"])
    answers = iter([503, 503, 200])
    fake.deliver_to(lambda delivery: next(answers))
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    fake.advance(60)
    fake.advance(300)
    [event] = fake.webhook_events.values()
    assert (event.delivery_attempts, event.delivery_status) == (3, "delivered")


def test_replay_answers_pending_then_delivers(fake: FakeFirstHand, client: FirstHandClient) -> None:
    endpoint = subscribe(client, ["job.cancelled"])
    fake.deliver_to(lambda delivery: 500)
    job = client.create_job(job_body())
    client.cancel_job(job.id)
    for wait in RETRY_WAITS:
        fake.advance(wait)
    [event_id] = fake.webhook_events
    assert fake.webhook_events[event_id].delivery_status == "failed"
    received: List[WebhookDelivery] = []
    fake.deliver_to(received.append)
    replayed = client.replay_webhook_event(event_id)
    assert replayed.id == event_id
    assert replayed.delivery_status == "pending"
    assert fake.webhook_events[event_id].delivery_status == "delivered"
    [delivery] = received
    assert delivery.event_id == event_id
    assert delivery.headers["X-FirstHand-Event-Id"] == event_id
    event = verified(fake, delivery, endpoint.secret)
    assert event.id == event_id
    assert isinstance(event, JobCancelledEvent)
    assert client.list_webhook_events(delivery_status="delivered").data[0].id == event_id


# -- money events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "bonus"), [(1_000, 0), (2_500, 125), (10_000, 1_500), (25_000, 5_000), (1_234, 0)]
)
def test_a_sandbox_checkout_pays_itself_after_5_seconds(
    fake: FakeFirstHand, client: FirstHandClient, amount: int, bonus: int
) -> None:
    endpoint = subscribe(client, ["credits.purchased"])
    session = client.purchase_credits({"amount_cents": amount})
    assert session.status == "open"
    assert session.id is not None  # the stand-in always sends it (not documented: optional)
    assert session.id.startswith("cs_")
    assert session.credits_cents == amount + bonus
    fake.advance(4.9)
    assert client.get_credit_balance().available_cents == 100_000
    assert fake.webhook_deliveries == []
    fake.advance(0.2)
    assert client.get_credit_balance().available_cents == 100_000 + amount + bonus
    assert fake.checkout_sessions[session.id].status != "open"
    moved = [
        (t.type, t.amount_cents)
        for t in fake.transactions.values()
        if t.type in ("purchase", "bonus")
    ]
    assert moved == [("purchase", amount)] + ([("bonus", bonus)] if bonus else [])
    [delivery] = fake.webhook_deliveries
    event = verified(fake, delivery, endpoint.secret)
    assert isinstance(event, CreditsPurchasedEvent)
    assert event.data.amount_cents == amount + bonus
    assert event.data.available_cents == 100_000 + amount + bonus


def test_a_live_checkout_waits_for_complete_checkout(fake: FakeFirstHand) -> None:
    with fake.client(api_key=fake.live_api_key) as live:
        session = live.purchase_credits({"amount_cents": 5_000})
        assert session.id is not None  # the stand-in always sends it (not documented: optional)
        fake.advance(600)
        assert live.get_credit_balance().available_cents == 0
        balance = fake.complete_checkout(session.id)
        assert balance.available_cents == 5_500
        assert live.get_credit_balance().available_cents == 5_500
        with pytest.raises(ValueError, match="cs_"):
            fake.complete_checkout(session.id)
        [event] = [e for e in fake.webhook_events.values() if e.type == "credits.purchased"]
        assert event.data["amount_cents"] == 5_500
    assert fake.balance("test").available_cents == 100_000
    with pytest.raises(KeyError):
        fake.complete_checkout("cs_missing")


def test_falling_below_the_threshold_fires_low_balance_once() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None, start=START, sandbox_balance_cents=1_500)
    with fake.client() as client:
        endpoint = subscribe(client, ["credits.low_balance"])
        client.create_job(job_body(price_per_file_cents=400))  # 1_100 left: not yet
        assert fake.webhook_deliveries == []
        client.create_job(job_body(price_per_file_cents=200))  # 900 left: below 1_000
        client.create_job(job_body(price_per_file_cents=100))  # still below: no second alert
    [delivery] = fake.webhook_deliveries
    event = verified(fake, delivery, endpoint.secret)
    assert isinstance(event, CreditsLowBalanceEvent)
    assert event.data.available_cents == 900
    assert event.data.held_cents == 600


def test_auto_top_up_buys_credits_when_the_balance_drops() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None, start=START, sandbox_balance_cents=10_000)
    with fake.client() as client:
        endpoint = subscribe(client, ["credits.auto_topped_up"])
        settings = client.update_settings(
            {
                "auto_topup_enabled": True,
                "auto_topup_threshold_cents": 5_000,
                "auto_topup_amount_cents": 25_000,
            }
        )
        assert settings.auto_topup_enabled is True
        client.create_job(job_body(files_needed=40, price_per_file_cents=100))  # 6_000 left
        assert fake.webhook_deliveries == []
        client.create_job(job_body(files_needed=20, price_per_file_cents=100))  # 4_000 left
        balance = client.get_credit_balance()
    assert balance.available_cents == 29_000
    assert balance.held_cents == 6_000
    top_ups = [t for t in fake.transactions.values() if t.type == "purchase"]
    assert [t.amount_cents for t in top_ups] == [25_000]
    [delivery] = fake.webhook_deliveries
    event = verified(fake, delivery, endpoint.secret)
    assert isinstance(event, CreditsAutoToppedUpEvent)
    assert event.data.amount_cents == 25_000
    assert event.data.available_cents == 29_000


# -- the audit trail --------------------------------------------------------------------------


def resource_of(event: AuditEvent) -> str:
    assert event.resource is not None
    assert event.resource.id is not None
    return event.resource.id


def actor_of(event: AuditEvent) -> Tuple[str, Optional[str]]:
    assert event.actor is not None
    assert event.actor.type is not None
    return event.actor.type, event.actor.id


def test_audit_events_record_who_did_what(fake: FakeFirstHand, client: FirstHandClient) -> None:
    [test_key] = [k for k in fake.api_keys.values() if k.environment == "test"]
    job = client.create_job(job_body())
    done = client.wait_for_job(job.id)
    client.rate_job(done.id, {"rating": 5, "comment": "Sharp"})
    other = client.create_job(job_body())
    client.cancel_job(other.id)
    key = client.create_api_key({"name": "CI key"})
    client.rotate_api_key(key.id)
    client.revoke_api_key(key.id)
    endpoint = subscribe(client, ["job.completed"])
    client.update_webhook_endpoint(endpoint.id, {"description": "Orders"})
    client.rotate_webhook_secret(endpoint.id)
    client.delete_webhook_endpoint(endpoint.id)
    client.update_settings({"default_price_per_file_cents": 80})
    trail = list(client.list_audit_events(limit=100))
    by_action = {e.action: e for e in trail}
    expected = {
        "job.created": job.id,
        "job.completed": job.id,
        "job.rated": job.id,
        "job.cancelled": other.id,
        "api_key.created": key.id,
        "api_key.rotated": key.id,
        "api_key.revoked": key.id,
        "webhook_endpoint.created": endpoint.id,
        "webhook_endpoint.updated": endpoint.id,
        "webhook_endpoint.secret_rotated": endpoint.id,
        "webhook_endpoint.deleted": endpoint.id,
        "organization.settings_updated": fake.organization_id,
    }
    for action, resource_id in expected.items():
        assert resource_of(by_action[action]) == resource_id, action
    assert by_action["job.rated"].metadata == {"rating": 5, "comment": "Sharp"}
    assert actor_of(by_action["job.created"]) == ("api_key", test_key.id)
    assert actor_of(by_action["api_key.revoked"]) == ("api_key", test_key.id)
    assert actor_of(by_action["job.completed"])[0] == "system"
    created_at = [e.created_at for e in trail if e.created_at is not None]
    assert len(created_at) == len(trail)
    assert created_at == sorted(created_at, reverse=True)  # newest first
    job_trail = [e.action for e in client.get_job_audit(job.id)]
    assert job_trail == ["job.rated", "job.completed", "job.created"]
    assert [e.action for e in client.list_audit_events(action="job.cancelled")] == ["job.cancelled"]
    assert len(fake.audit_events) == len(trail)


def test_live_and_test_audit_trails_are_separate(fake: FakeFirstHand) -> None:
    with fake.client() as client:
        client.create_job(job_body())
    with fake.client(api_key=fake.live_api_key) as live:
        assert list(live.list_audit_events()) == []


# -- flags, seeds and real time ---------------------------------------------------------------


def test_flag_job_fires_job_flagged(fake: FakeFirstHand, client: FirstHandClient) -> None:
    endpoint = subscribe(client, ["job.flagged"])
    job = client.create_job(job_body())
    fake.flag_job(job.id, "Unsafe location")
    [delivery] = fake.webhook_deliveries
    event = verified(fake, delivery, endpoint.secret)
    assert isinstance(event, JobFlaggedEvent)
    assert event.data.id == job.id
    assert event.data.flag_reason == "Unsafe location"
    assert fake.jobs[job.id].status == "open"  # a flag alone changes nothing
    with pytest.raises(KeyError):
        fake.flag_job("job_missing")


def scenario(seed: int) -> List[str]:
    """Every id and secret one fixed run of the stand-in produces."""
    fake = FakeFirstHand(rate_limit_per_minute=None, start=START, seed=seed)
    out = [fake.api_key, fake.live_api_key, fake.organization_id]
    with fake.client() as client:
        endpoint = subscribe(client)
        job = client.create_job(job_body(files_needed=3))
        fake.advance(60)
        key = client.create_api_key({"name": "k"})
        out += [endpoint.id, str(endpoint.secret), job.id, key.id, str(key.secret)]
    out += list(fake.submissions) + list(fake.files) + list(fake.webhook_events)
    out += list(fake.transactions) + list(fake.audit_events)
    out += [f.content_hash for f in fake.files.values()]
    out += [str(s.submitted_at) for s in fake.submissions.values()]
    out += [d.headers["X-FirstHand-Signature"] for d in fake.webhook_deliveries]
    return out


def test_the_same_seed_gives_the_same_world() -> None:
    first, second = scenario(7), scenario(7)
    assert first == second
    other = scenario(8)
    assert len(other) == len(first)
    ids = [item for item in first if "_" in item and not item.startswith("t=")]
    assert len(ids) > 20
    assert set(ids).isdisjoint(other)  # every id, key and secret differs


def test_real_time_runs_the_simulation_and_close_stops_it() -> None:
    before = {t.ident for t in threading.enumerate() if t.name == "firsthand-stand-in"}
    fake = FakeFirstHand(rate_limit_per_minute=None, real_time=True, speed=1_000)
    try:
        ticker = [
            t
            for t in threading.enumerate()
            if t.name == "firsthand-stand-in" and t.ident not in before
        ]
        assert len(ticker) == 1
        assert ticker[0].is_alive()
        with fake.client() as client:
            job = client.create_job(job_body(files_needed=2))
        started = time.monotonic()
        while fake.jobs[job.id].status != "completed" and time.monotonic() - started < 3:
            time.sleep(0.01)
        assert fake.jobs[job.id].status == "completed"
        assert time.monotonic() - started < 1.5
    finally:
        fake.close()
    ticker[0].join(timeout=1)
    assert not ticker[0].is_alive()
    assert fake.clock.running is False
    frozen = fake.clock.now()
    time.sleep(0.02)
    assert fake.clock.now() == frozen
    fake.close()  # idempotent
