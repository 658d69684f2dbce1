"""Which response fields the public FirstHandAPI docs show, and where: the rule "required means
documented", as data.

A response field is **required** only when every documented example or field table of its object
shows it, with a non-null value. Every other field (documented as nullable, shown in only one of
two conflicting versions of a page, inferred, or settled by this SDK where the docs are silent) is
optional, ``None`` when the server leaves it out. So a server that omits something the docs never
promised can never break a call; a missing documented field is the only missing-field error.

The OpenAPI document (``x-firsthand-documented`` / ``x-firsthand-settled``), the table in
``docs/decisions.md`` and the tests read this table; a test proves that each model's required
fields are exactly the ones marked required here. Not loaded at run time by the clients.

Examples:
    >>> DOCUMENTED["Job"]["files_needed"].required, DOCUMENTED["Job"]["total_cost_cents"].required
    (True, False)
    >>> "files_pending" in DOCUMENTED["Job"]  # settled by the SDK: not documented at all
    False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

__all__ = ["DOCUMENTED", "Documented", "SOURCES"]


@dataclass(frozen=True)
class Documented:
    """One documented field: where the docs show it, and whether a response must carry it.

    Examples:
        >>> Documented("jobs", required=False).required
        False
    """

    #: A key of ``SOURCES``.
    source: str
    #: ``False`` when the docs show the field as nullable or not in every version of the object.
    required: bool = True


#: The public documentation pages (docs.firsthandapi.com unless a host is named) behind the table.
SOURCES: Mapping[str, str] = {
    "jobs": "api-reference/jobs: the job object of the create example",
    "llms": "llms.txt: its job example (adds total_cost_cents)",
    "files": "api-reference/files: the file object's field table",
    "submissions": "api-reference/submissions: the submission example",
    "submission-event": "guides/webhook-handling (older version): the submission event example",
    "trust": "guides/trust-and-safety: GPS fields of a submission (not said to be on the API object)",
    "scoring-event": "guides/webhook-handling: submission.scored carries annotations and dimensions",
    "list": "api-reference and guides/pagination: the list envelope",
    "balance": "api-reference/billing: the credit balance table (newer version)",
    "balance-old": "guides/credit-billing: the older balance example {balance_cents, currency, updated_at}",
    "transactions": "api-reference/billing: the credit transaction example",
    "purchase": "api-reference/billing: the purchase answer carries checkout_url",
    "event": "guides/webhook-handling (newer version): the event envelope",
    "event-old": "guides/webhook-handling (older version): the envelope without object/api_version",
    "data-types": "guides/data-types: id prefixes (key_, wh_, aev_) of objects whose fields are not shown",
    "webhooks": "api-reference/webhooks and guides: the create answer carries the signing secret",
    "signup": "quickstart and guides/authentication: the signup answer",
    "jobs-request": "api-reference/jobs: location {lat, lng, radius_km} (a request field, echo not shown)",
}

_JOB = "jobs"

DOCUMENTED: Mapping[str, Mapping[str, Documented]] = {
    "Job": {
        "object": Documented(_JOB, required=False),
        "id": Documented(_JOB),
        "type": Documented(_JOB),
        "status": Documented(_JOB),
        "description": Documented(_JOB),
        "files_needed": Documented(_JOB),
        "files_approved": Documented(_JOB),
        "price_per_file_cents": Documented(_JOB),
        "created_at": Documented(_JOB),
        "total_cost_cents": Documented("llms", required=False),
    },
    "JobLocation": {
        "lat": Documented("jobs-request", required=False),
        "lng": Documented("jobs-request", required=False),
        "radius_km": Documented("jobs-request", required=False),
    },
    "JobFile": {
        "object": Documented("files", required=False),
        "id": Documented("files"),
        "job_id": Documented("files"),
        "submission_id": Documented("files"),
        "content_type": Documented("files"),
        "size_bytes": Documented("files"),
        "duration_seconds": Documented("files", required=False),
        "width": Documented("files", required=False),
        "height": Documented("files", required=False),
        "content_hash": Documented("files"),
        "captured_at": Documented("files", required=False),
        "ai_star_rating": Documented("files"),
        "device_info": Documented("files"),
        "worker_region": Documented("files", required=False),
        "download_url": Documented("files"),
        "download_url_expires_at": Documented("files"),
        "annotations": Documented("files", required=False),
        "keyframes": Documented("files", required=False),
        "created_at": Documented("files"),
    },
    "DeviceInfo": {
        "device_model": Documented("files", required=False),
        "device_os": Documented("files", required=False),
        "app_version": Documented("files", required=False),
    },
    "Submission": {
        "object": Documented("submissions", required=False),
        "id": Documented("submissions"),
        "job_id": Documented("submissions"),
        # Not in the older event example: optional.
        "worker_id": Documented("submissions", required=False),
        "status": Documented("submissions"),
        # Null while ``pending_score``.
        "ai_star_rating": Documented("submissions", required=False),
        "ai_reasoning": Documented("submissions", required=False),
        "scored_at": Documented("submissions", required=False),
        "file_url": Documented("submissions"),
        "content_type": Documented("submissions"),
        "size_bytes": Documented("submissions", required=False),
        "submitted_at": Documented("submissions"),
        "submission_latitude": Documented("trust", required=False),
        "submission_longitude": Documented("trust", required=False),
        "location_verified": Documented("trust", required=False),
        "annotations": Documented("scoring-event", required=False),
        "dimensions": Documented("scoring-event", required=False),
    },
    "SubmissionSummary": {},
    "ApiKey": {
        "id": Documented("data-types"),
    },
    "WebhookEndpoint": {
        "id": Documented("data-types"),
        "secret": Documented("webhooks", required=False),
    },
    "WebhookEvent": {
        "id": Documented("event"),
        "object": Documented("event", required=False),
        "type": Documented("event"),
        "api_version": Documented("event", required=False),
        "created_at": Documented("event"),
        "data": Documented("event"),
    },
    "CreditBalance": {
        "object": Documented("balance", required=False),
        "available_cents": Documented("balance"),
        "held_cents": Documented("balance"),
        "total_cents": Documented("balance"),
        "currency": Documented("balance"),
        "updated_at": Documented("balance"),
    },
    "CreditTransaction": {
        "object": Documented("transactions", required=False),
        "id": Documented("transactions"),
        "type": Documented("transactions"),
        "amount_cents": Documented("transactions"),
        "description": Documented("transactions"),
    },
    "CheckoutSession": {
        "checkout_url": Documented("purchase"),
    },
    "OrganizationSettings": {},
    "AuditEvent": {
        "id": Documented("data-types"),
    },
    "AuditActor": {},
    "AuditResource": {},
    "SignupResult": {
        "organization_id": Documented("signup"),
        "api_key": Documented("signup"),
        "credits_cents": Documented("signup"),
    },
    "ListEnvelope": {
        "object": Documented("list", required=False),
        "data": Documented("list"),
        "has_more": Documented("list"),
        # ``null`` on the last page.
        "next_cursor": Documented("list", required=False),
    },
    # Webhook events (``construct_event``): the envelope, then each type's ``data``.
    "BaseEvent": {
        "id": Documented("event"),
        "object": Documented("event", required=False),
        "type": Documented("event"),
        "api_version": Documented("event", required=False),
        "created_at": Documented("event"),
        "data": Documented("event"),
    },
    "JobEventData": {},
    "JobFlaggedData": {},
    "CreditEventData": {},
}
