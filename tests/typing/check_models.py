"""Static typing of the models: checked by mypy --strict and pyright strict, never run.

Response fields that name a state are ``Literal[...] | str`` (a newer server may send a value this
SDK does not know), timestamps are ``datetime``, money is ``int`` cents; request models and their
dict twins take exactly the documented keys. pytest never collects this directory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Literal, Optional, Union

from typing_extensions import assert_type

from firsthand.models import (
    AcceptedFormat,
    ApiKey,
    ApiKeyEnvironment,
    ApiKeyScope,
    AuditActor,
    AuditEvent,
    CheckoutSession,
    CreditBalance,
    CreditTransaction,
    DeviceInfo,
    Job,
    JobCreateParams,
    JobCreateParamsDict,
    JobFile,
    JobLocation,
    JobStatus,
    JobType,
    ListEnvelope,
    OrganizationSettings,
    Submission,
    SubmissionStatus,
    SubmissionSummary,
    TransactionType,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookEvent,
    WebhookEventType,
)


def check_job(job: Job) -> None:
    """``Job``: tolerant enum-like fields, aware timestamps, integer cents, nested models."""
    assert_type(job.id, str)
    assert_type(job.object, str)
    # pyright compares the union as written; mypy simplifies ``Literal[...] | str`` to ``str``
    # here, so the ``| str`` half is proved for both by check_errors.py (not a closed Literal).
    assert_type(job.status, Union[JobStatus, str])
    assert_type(job.type, Union[JobType, str])
    assert_type(job.accepted_formats, Optional[List[Union[AcceptedFormat, str]]])
    assert_type(job.created_at, datetime)
    assert_type(job.updated_at, Optional[datetime])
    assert_type(job.deadline, Optional[datetime])
    assert_type(job.completed_at, Optional[datetime])
    assert_type(job.files_needed, int)
    assert_type(job.files_approved, int)
    assert_type(job.price_per_file_cents, int)
    assert_type(job.total_cost_cents, Optional[int])
    assert_type(job.title, Optional[str])
    assert_type(job.location, Optional[JobLocation])
    if job.location is not None:
        assert_type(job.location.lat, Optional[float])
        assert_type(job.location.radius_km, Optional[float])
    assert_type(job.metadata, Optional[Dict[str, Any]])
    assert_type(job.buyer_rating, Optional[int])
    assert_type(job.is_terminal, bool)
    # Every FirstHandModel: read by wire name, and the wire shape back.
    assert_type(job["id"], Any)
    assert_type(job.get("brand_new_field"), Any)
    assert_type(job.to_dict(), dict[str, Any])


def check_other_responses(
    file: JobFile,
    submission: Submission,
    summary: SubmissionSummary,
    key: ApiKey,
    endpoint: WebhookEndpoint,
    event: WebhookEvent,
    balance: CreditBalance,
    transaction: CreditTransaction,
    session: CheckoutSession,
    settings: OrganizationSettings,
    audit: AuditEvent,
) -> None:
    """The other response models: the same conventions, field by field."""
    assert_type(file.download_url, str)
    assert_type(file.size_bytes, int)
    assert_type(file.created_at, datetime)
    assert_type(file.download_url_expires_at, datetime)
    assert_type(file.device_info, DeviceInfo)
    assert_type(submission.status, Union[SubmissionStatus, str])
    assert_type(submission.submitted_at, datetime)
    assert_type(submission.ai_star_rating, Optional[int])
    assert_type(summary.approval_rate, Optional[float])
    assert_type(summary.star_rating_distribution, Optional[Dict[str, int]])
    assert_type(key.environment, Optional[Union[ApiKeyEnvironment, str]])
    assert_type(key.scopes, Optional[List[Union[ApiKeyScope, str]]])
    assert_type(key.secret, Optional[str])
    assert_type(endpoint.status, Optional[Union[WebhookEndpointStatus, str]])
    assert_type(endpoint.events, Optional[List[Union[WebhookEventType, str]]])
    assert_type(event.type, Union[WebhookEventType, str])
    assert_type(event.delivery_status, Optional[Union[WebhookDeliveryStatus, str]])
    assert_type(event.data, Dict[str, Any])
    assert_type(balance.available_cents, int)
    assert_type(transaction.type, Union[TransactionType, str])
    assert_type(transaction.amount_cents, int)
    assert_type(session.status, Optional[Union[Literal["open", "complete", "expired"], str]])
    assert_type(session.checkout_url, str)
    assert_type(settings.auto_topup_enabled, Optional[bool])
    assert_type(settings.default_type, Optional[Union[JobType, str]])
    assert_type(audit.actor, Optional[AuditActor])
    assert_type(audit.created_at, Optional[datetime])


def check_request_models() -> None:
    """Request models keep their strict field types; the dict twin is a plain ``TypedDict``."""
    params = JobCreateParams(
        type="data_collection",
        description="Take a clear photo of any coffee cup from above.",
        files_needed=50,
        accepted_formats=["image/jpeg"],
        price_per_file_cents=75,
    )
    assert_type(params.type, JobType)
    assert_type(params.files_needed, int)
    assert_type(params.accepted_formats, List[AcceptedFormat])
    assert_type(params.deadline, Optional[datetime])
    assert_type(params.to_wire(), dict[str, Any])
    body: JobCreateParamsDict = {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
        "deadline": "2026-04-01T00:00:00Z",
    }
    assert_type(body["type"], JobType)
    assert_type(body["files_needed"], int)
    assert_type(body.get("title"), Optional[str])


def check_envelope(envelope: ListEnvelope[Job]) -> None:
    """The wire envelope under every page."""
    assert_type(envelope.data, List[Job])
    assert_type(envelope.has_more, bool)
    assert_type(envelope.next_cursor, Optional[str])
