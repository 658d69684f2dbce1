"""Webhook deliveries: what a receiver gets ([`WebhookDelivery`][firsthand.testing.WebhookDelivery]), signed as the contract says."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List

from firsthand._webhooks import generate_webhook_signature

if TYPE_CHECKING:
    from firsthand.testing._records import Account, WebhookEndpointRecord, WebhookEventRecord

#: The headers of every delivery besides the signature and event id.
_HEADERS = {
    "Content-Type": "application/json",
    "User-Agent": "FirstHandAPI-Webhooks/1.0 (firsthand stand-in)",
}


@dataclass(frozen=True)
class WebhookDelivery:
    """One signed webhook delivery the stand-in made: exactly what a receiver would get.

    Args:
        event_id: The event's ``evt_…`` id (also in the ``X-FirstHand-Event-Id`` header).
        event_type: The event's type, e.g. ``"job.completed"``.
        endpoint_id: The ``wh_…`` endpoint it went to.
        url: The endpoint's URL.
        headers: The request headers, including ``X-FirstHand-Signature``.
        body: The exact bytes that were signed and sent.

    Examples:
        >>> from firsthand import construct_event
        >>> from firsthand.testing import FakeFirstHand
        >>> fake = FakeFirstHand()
        >>> with fake.client() as client:
        ...     endpoint = client.create_webhook_endpoint(
        ...         {"url": "https://example.com/hooks", "events": ["job.cancelled"]})
        ...     job = client.create_job({"type": "data_collection", "files_needed": 1,
        ...         "description": "A photo of a red door", "accepted_formats": ["image/jpeg"],
        ...         "price_per_file_cents": 50})
        ...     _ = client.cancel_job(job.id)
        >>> delivery = fake.webhook_deliveries[-1]
        >>> delivery.event_type, delivery.endpoint_id == endpoint.id
        ('job.cancelled', True)
        >>> event = construct_event(delivery.body, delivery.headers, endpoint.secret,
        ...                         now=fake.clock.now())
        >>> event.data.id == job.id
        True
    """

    event_id: str
    event_type: str
    endpoint_id: str
    url: str
    headers: Dict[str, str]
    body: bytes


def sign_delivery(
    event: WebhookEventRecord, endpoint: WebhookEndpointRecord, secrets: List[str], now: float
) -> WebhookDelivery:
    """The delivery of ``event`` to ``endpoint``: the envelope as compact JSON, signed at ``now``
    with every secret in ``secrets`` (one ``v1=`` entry each: two during a rotation).

    Examples:
        >>> event = {"id": "evt_1", "object": "event", "type": "job.completed",
        ...          "api_version": "2026-03-18", "created_at": "2026-03-18T00:00:00.000Z",
        ...          "data": {}, "delivery_status": "pending"}
        >>> endpoint = {"id": "wh_1", "url": "https://example.com/hooks"}
        >>> delivery = sign_delivery(event, endpoint, ["whsec_new", "whsec_old"], 1_800_000_000)
        >>> delivery.headers["X-FirstHand-Signature"].count("v1="), b"delivery_status" in delivery.body
        (2, False)
    """
    envelope = {
        "id": event["id"],
        "object": event["object"],
        "type": event["type"],
        "api_version": event["api_version"],
        "created_at": event["created_at"],
        "data": event["data"],
    }
    body = json.dumps(envelope, separators=(",", ":")).encode()
    headers: Dict[str, str] = {
        **_HEADERS,
        "X-FirstHand-Event-Id": event["id"],
        "X-FirstHand-Signature": generate_webhook_signature(body, secrets, timestamp=int(now)),
    }
    return WebhookDelivery(
        event_id=event["id"],
        event_type=event["type"],
        endpoint_id=endpoint["id"],
        url=endpoint["url"],
        headers=headers,
        body=body,
    )


@dataclass
class Outgoing:
    """A delivery to send once the lock is released (only when ``deliver_to`` has a target)."""

    delivery: WebhookDelivery
    account: Account
    attempt: int
    #: When the attempt was made (retries are scheduled from it).
    at: float
