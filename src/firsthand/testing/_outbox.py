"""Audit events, webhook events and their deliveries: signed and queued in the outbox (the
caller sends them once the stand-in's lock is released), retried on schedule."""

from __future__ import annotations

import json
from typing import List, Optional, Tuple

from firsthand.testing._deliveries import Outgoing, WebhookDelivery, sign_delivery
from firsthand.testing._records import (
    DELIVERY_RETRY_WAITS,
    Account,
    ActorRecord,
    AuditMetadata,
    EventData,
    WebhookEndpointRecord,
    WebhookEventRecord,
)
from firsthand.testing._rules import (
    API_VERSION,
)
from firsthand.testing._scheduler import Scheduler


def _scrub(obj: EventData) -> EventData:
    """A deep copy of a wire object, as the wire would carry it at this moment."""
    copied: EventData = json.loads(json.dumps(obj))
    return copied


class Outbox(Scheduler):
    """The audit trail, events and webhook deliveries of every account."""

    deliveries: List[WebhookDelivery]
    outbox: List[Outgoing]
    has_target: bool

    # -- audit and events ----------------------------------------------------------------------
    def audit(
        self,
        account: Account,
        action: str,
        resource: Tuple[str, str],
        actor: Optional[ActorRecord] = None,
        metadata: Optional[AuditMetadata] = None,
    ) -> None:
        event_id = self.new_id("aev_")
        account.audit_events[event_id] = {
            "object": "audit_event",
            "id": event_id,
            "action": action,
            "actor": actor or {"type": "system", "id": "firsthand"},
            "resource": {"type": resource[0], "id": resource[1]},
            "metadata": metadata or {},
            "created_at": self.stamp(),
        }

    def emit(self, account: Account, event_type: str, data: EventData) -> WebhookEventRecord:
        """Record an event and deliver it to every enabled endpoint subscribed to its type."""
        event_id = self.new_id("evt_")
        event: WebhookEventRecord = {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": API_VERSION,
            "created_at": self.stamp(),
            "data": _scrub(data),
            "delivery_status": "pending",
            "delivery_attempts": 0,
            "last_attempt_at": None,
        }
        account.webhook_events[event_id] = event
        self.deliver(account, event)
        return event

    def deliver(self, account: Account, event: WebhookEventRecord) -> None:
        """Sign and record one delivery per subscribed, enabled endpoint."""
        targets = account.event_targets.setdefault(event["id"], {})
        for endpoint in account.webhook_endpoints.values():
            if endpoint["status"] == "enabled" and event["type"] in endpoint["events"]:
                targets[endpoint["id"]] = "pending"
                self._attempt(account, event, endpoint, 1)
        self._settle(account, event)

    def _attempt(
        self,
        account: Account,
        event: WebhookEventRecord,
        endpoint: WebhookEndpointRecord,
        attempt: int,
    ) -> None:
        now = self.now()
        secrets = [
            secret
            for secret, until in account.endpoint_secrets.get(endpoint["id"], [])
            if until is None or now <= until
        ]
        delivery = sign_delivery(event, endpoint, secrets, now)
        self.deliveries.append(delivery)
        event["delivery_attempts"] += 1
        event["last_attempt_at"] = self.stamp()
        if self.has_target:
            self.outbox.append(Outgoing(delivery, account, attempt, now))
        else:
            account.event_targets[event["id"]][endpoint["id"]] = "delivered"

    def delivery_result(self, outgoing: Outgoing, ok: bool) -> None:
        """Record how a sent delivery went; retry on the documented schedule, then fail."""
        account, delivery = outgoing.account, outgoing.delivery
        event = account.webhook_events.get(delivery.event_id)
        if event is None:
            return
        targets = account.event_targets.setdefault(event["id"], {})
        if ok:
            targets[delivery.endpoint_id] = "delivered"
        elif outgoing.attempt > len(DELIVERY_RETRY_WAITS):
            targets[delivery.endpoint_id] = "failed"
        else:
            targets[delivery.endpoint_id] = "pending"
            self.schedule(
                DELIVERY_RETRY_WAITS[outgoing.attempt - 1],
                lambda: self._retry(account, event, delivery.endpoint_id, outgoing.attempt + 1),
                after=outgoing.at,
            )
        self._settle(account, event)

    def _retry(
        self, account: Account, event: WebhookEventRecord, endpoint_id: str, attempt: int
    ) -> None:
        endpoint = account.webhook_endpoints.get(endpoint_id)
        if endpoint is None or endpoint["status"] != "enabled":
            account.event_targets[event["id"]][endpoint_id] = "failed"
            self._settle(account, event)
            return
        self._attempt(account, event, endpoint, attempt)
        self._settle(account, event)

    @staticmethod
    def _settle(account: Account, event: WebhookEventRecord) -> None:
        states = set(account.event_targets.get(event["id"], {}).values())
        if "failed" in states:
            event["delivery_status"] = "failed"
        elif states <= {"delivered"}:  # all delivered, or nobody subscribed: nothing outstanding
            event["delivery_status"] = "delivered"
        else:
            event["delivery_status"] = "pending"
