"""Webhooks: verify deliveries, parse them into typed events, and sign payloads for your tests.

Everything here is also importable from ``firsthand`` (the functions, ``WEBHOOK_EVENT_TYPES``,
``Event`` and ``UnknownEvent``); the event classes live here.

Examples:
    >>> from firsthand.webhooks import construct_event, generate_webhook_signature
    >>> body = (b'{"id": "evt_1", "type": "job.cancelled", "created_at": "2026-03-20T19:03:27Z", '
    ...     b'"data": {"id": "job_1", "type": "feedback", "status": "cancelled", '
    ...     b'"description": "Say hello to the camera", "files_needed": 1, '
    ...     b'"price_per_file_cents": 50, "created_at": "2026-03-20T19:03:27Z"}}')
    >>> event = construct_event(body, generate_webhook_signature(body, "whsec_test"), "whsec_test")
    >>> type(event).__name__, event.data.status
    ('JobCancelledEvent', 'cancelled')
"""

from __future__ import annotations

from ._exceptions import FirstHandSignatureVerificationError
from ._models.events import (
    BaseEvent,
    CreditEventData,
    CreditsAutoToppedUpEvent,
    CreditsExpiredEvent,
    CreditsExpiringSoonEvent,
    CreditsLowBalanceEvent,
    CreditsPurchasedEvent,
    Event,
    JobCancelledEvent,
    JobCompletedEvent,
    JobEventData,
    JobFlaggedData,
    JobFlaggedEvent,
    SubmissionApprovedEvent,
    SubmissionRejectedEvent,
    SubmissionScoredEvent,
    UnknownEvent,
)
from ._models.webhooks import WEBHOOK_EVENT_TYPES, WebhookEventType
from ._webhooks import (
    DEFAULT_TOLERANCE,
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    construct_event,
    generate_webhook_signature,
    verify_webhook_signature,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_ID_HEADER",
    "SIGNATURE_HEADER",
    "WEBHOOK_EVENT_TYPES",
    "BaseEvent",
    "CreditEventData",
    "CreditsAutoToppedUpEvent",
    "CreditsExpiredEvent",
    "CreditsExpiringSoonEvent",
    "CreditsLowBalanceEvent",
    "CreditsPurchasedEvent",
    "Event",
    "FirstHandSignatureVerificationError",
    "JobCancelledEvent",
    "JobCompletedEvent",
    "JobEventData",
    "JobFlaggedData",
    "JobFlaggedEvent",
    "SubmissionApprovedEvent",
    "SubmissionRejectedEvent",
    "SubmissionScoredEvent",
    "UnknownEvent",
    "WebhookEventType",
    "construct_event",
    "generate_webhook_signature",
    "verify_webhook_signature",
]
