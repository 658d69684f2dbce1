"""The stand-in's records (``firsthand.testing._records``) say what it stores: after a run that
touches every kind of object, each stored object has exactly the keys of its ``TypedDict`` (every
one of them required), and the bodies cast to the ``…Changes`` records hold only their keys.

mypy and pyright check the stand-in's code against these records; this test keeps the records
true to what the code stores at run time, where a checked request body is merged in."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Type

import pytest

from firsthand.models import JobCreateParamsDict
from firsthand.testing import FakeFirstHand
from firsthand.testing._records import (
    ApiKeyWire,
    AuditEventRecord,
    BalanceChangeRecord,
    BalanceRecord,
    CheckoutSessionRecord,
    FileRecord,
    FlaggedJobRecord,
    JobRecord,
    ScoredSubmissionRecord,
    SettingsChanges,
    SettingsRecord,
    SubmissionRecord,
    TransactionRecord,
    WebhookEndpointChanges,
    WebhookEndpointRecord,
    WebhookEventRecord,
)
from firsthand.testing._rules import SETTINGS_CHECKS

JOB: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "A photo of a red door, from the street",
    "files_needed": 2,
    "accepted_formats": ["video/mp4", "image/png"],
    "price_per_file_cents": 50,
    "location": {"lat": 40.7, "lng": -74.0, "radius_km": 2.5},
    "metadata": {"batch": "doors"},
}


def keys(record: Type[Any]) -> frozenset[str]:
    required: frozenset[str] = record.__required_keys__
    assert not record.__optional_keys__, f"{record.__name__}: every key is always written"
    return required


def live_scoring(submission: Dict[str, Any]) -> int:
    """Live submissions get 5 stars (one is rejected by hand)."""
    return 5


@pytest.fixture(scope="module")
def fake() -> FakeFirstHand:
    """A stand-in after a run through every record: jobs completed, rejected, cancelled, rated and
    flagged, live and test; endpoints created, updated, rotated, deleted; events replayed; credits
    bought and topped up; settings changed; keys created, rotated, revoked."""
    fake = FakeFirstHand(live_balance_cents=50_000, start=1_800_000_000.0)
    fake.live_scoring = live_scoring
    for key in (fake.api_key, fake.live_api_key):
        with fake.client(api_key=key) as client:
            endpoint = client.create_webhook_endpoint(
                {"url": "https://example.com/hooks", "events": ["job.completed", "job.flagged"]}
            )
            client.create_webhook_endpoint(
                {"url": "https://example.com/other", "events": ["submission.scored"]}
            )
            job = client.create_job(JOB)
            other = client.create_job({**JOB, "files_needed": 1})
            fake.advance(20)
            [pending, *_] = [s for s in fake.submissions.values() if s.job_id == job.id]
            fake.score_submission(pending.id, 1)
            fake.flag_job(job.id, "Unsafe location")
            fake.advance(3_600)
            client.rate_job(job.id, {"rating": 5, "comment": "Good"})
            client.cancel_job(client.create_job(JOB).id)
            for file in client.get_job_files(other.id).data:
                client.refresh_file_url(file.id)
            client.update_webhook_endpoint(
                endpoint.id,
                {"description": "Main", "status": "disabled", "events": ["job.completed"]},
            )
            client.rotate_webhook_secret(endpoint.id)
            client.replay_webhook_event(client.list_webhook_events().data[0].id)
            client.delete_webhook_endpoint(endpoint.id)
            client.purchase_credits({"amount_cents": 2_500})
            available = client.get_credit_balance().available_cents
            client.update_settings(
                {
                    "auto_topup_enabled": True,
                    "auto_topup_threshold_cents": available,
                    "low_balance_threshold_cents": available,
                    "default_type": "feedback",
                }
            )
            created = client.create_api_key({"name": "CI", "scopes": ["jobs:read"]})
            client.rotate_api_key(created.id)
            client.revoke_api_key(created.id)
            client.create_job(JOB)  # spends: low balance, top-up
            fake.advance(100_000)
    return fake


def stored(fake: FakeFirstHand, table: str) -> List[Mapping[str, object]]:
    rows = [row for account in fake._world.accounts() for row in getattr(account, table).values()]
    assert rows, f"the run stored no {table}"
    return rows


@pytest.mark.parametrize(
    ("table", "record"),
    [
        ("jobs", JobRecord),
        ("submissions", SubmissionRecord),
        ("files", FileRecord),
        ("webhook_endpoints", WebhookEndpointRecord),
        ("webhook_events", WebhookEventRecord),
        ("transactions", TransactionRecord),
        ("audit_events", AuditEventRecord),
        ("checkout_sessions", CheckoutSessionRecord),
    ],
)
def test_every_stored_object_has_exactly_its_records_keys(
    fake: FakeFirstHand, table: str, record: Type[Any]
) -> None:
    for row in stored(fake, table):
        assert set(row) == keys(record), row


def test_settings_and_api_keys_have_exactly_their_records_keys(fake: FakeFirstHand) -> None:
    for organization in fake._world.organizations.values():
        assert set(organization.settings) == keys(SettingsRecord)
    assert {record.wire["revoked_at"] is None for record in fake._world.api_keys.values()} == {
        True,
        False,
    }
    for record in fake._world.api_keys.values():
        assert set(record.wire) == keys(ApiKeyWire)


def test_event_data_is_one_of_the_records_events_carry(fake: FakeFirstHand) -> None:
    carried: Dict[frozenset[str], str] = {
        keys(record): record.__name__
        for record in (
            JobRecord,
            FlaggedJobRecord,
            SubmissionRecord,
            ScoredSubmissionRecord,
            BalanceRecord,
            BalanceChangeRecord,
        )
    }
    seen = {
        carried.get(frozenset(event["data"].keys()), "?")
        for account in fake._world.accounts()
        for event in account.webhook_events.values()
    }
    assert seen == set(carried.values())


def test_the_changes_records_hold_what_the_update_checks_accept() -> None:
    assert SettingsChanges.__optional_keys__ == frozenset(SETTINGS_CHECKS)
    assert WebhookEndpointChanges.__optional_keys__ == {"url", "events", "description", "status"}
    assert not SettingsChanges.__required_keys__
    assert not WebhookEndpointChanges.__required_keys__
