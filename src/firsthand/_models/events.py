"""Webhook events: the delivery envelope and a typed event for each of the eleven event types.

``Event`` is a union discriminated by ``type``; a type this SDK version does not know parses as
[`UnknownEvent`][firsthand.webhooks.UnknownEvent] (its ``data`` kept as a dict), so a newer server never breaks a receiver.
"""

# No ``from __future__ import annotations`` here: pydantic resolves these annotations at runtime.

import functools
from typing import Any, Dict, Literal, Optional, Union, cast

from pydantic import Discriminator, Field, Tag, TypeAdapter
from typing_extensions import Annotated

from ._base import FirstHandModel, Timestamp
from .billing import _ReadsLegacyBalance
from .jobs import TERMINAL_JOB_STATUSES, JobStatus, JobType, _JobSettledFields
from .submissions import Submission
from .webhooks import WEBHOOK_EVENT_TYPES

__all__ = [
    "BaseEvent",
    "CreditEventData",
    "CreditsAutoToppedUpEvent",
    "CreditsExpiredEvent",
    "CreditsExpiringSoonEvent",
    "CreditsLowBalanceEvent",
    "CreditsPurchasedEvent",
    "Event",
    "JobCancelledEvent",
    "JobCompletedEvent",
    "JobEventData",
    "JobFlaggedData",
    "JobFlaggedEvent",
    "SubmissionApprovedEvent",
    "SubmissionRejectedEvent",
    "SubmissionScoredEvent",
    "UnknownEvent",
    "event_adapter",
]

# Each event class has its own ``type`` and ``data``; their descriptions are written once here.
_EVENT_TYPE = "The event type; the class is chosen by it."
_SUBMISSION_DATA = "The submission the event is about, as it stands after the event."
_JOB_DATA = "The job the event is about; every field optional (the docs show no job event payload)."
_CREDIT_DATA = "The credit balance after the event, with the amount that moved."


class _JobEventDocumentedFields(FirstHandModel):
    """The job fields as an event's ``data`` carries them: the docs show no job event payload,
    so even these are optional there."""

    object: str = Field(default="job", description="Always `job`.", examples=["job"])
    id: Optional[str] = Field(
        default=None,
        description="The job's id (`job_…`).",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    type: Optional[Union[JobType, str]] = Field(
        default=None,
        description="`data_collection` or `feedback`; a newer server may send another value.",
        examples=["data_collection"],
    )
    status: Optional[Union[JobStatus, str]] = Field(
        default=None,
        description="`open`, `filled`, `in_progress`, `completed` or `cancelled`; the last two are terminal.",
        examples=["completed"],
    )
    description: Optional[str] = Field(
        default=None,
        description="The instructions workers follow.",
        examples=["Take a clear photo of any coffee cup from above."],
    )
    files_needed: Optional[int] = Field(
        default=None, description="How many approved files the job asks for.", examples=[50]
    )
    files_approved: Optional[int] = Field(
        default=None, description="How many files have been approved so far.", examples=[50]
    )
    price_per_file_cents: Optional[int] = Field(
        default=None, description="What each approved file costs, in US cents.", examples=[75]
    )
    created_at: Optional[Timestamp] = Field(
        default=None, description="When the job was created.", examples=["2026-03-20T19:03:27.971Z"]
    )


class JobEventData(_JobSettledFields, _JobEventDocumentedFields):
    """The ``data`` of ``job.completed`` and ``job.cancelled`` events: the job's fields, every
    one optional (the public docs show no job event payload, so nothing in it can be relied on
    to be present).

    Examples:
        >>> data = JobEventData.model_validate({"id": "job_1", "status": "completed"})
        >>> data.id, data.status, data.files_needed, data.is_terminal
        ('job_1', 'completed', None, True)
    """

    @property
    def is_terminal(self) -> bool:
        """``True`` when the event's job is ``completed`` or ``cancelled``.

        Examples:
            >>> JobEventData().is_terminal
            False
        """
        return self.status in TERMINAL_JOB_STATUSES


class JobFlaggedData(JobEventData):
    """The ``data`` of ``job.flagged``: the job's fields (all optional, as in
    [`JobEventData`][firsthand.webhooks.JobEventData]), plus why a worker flagged it.

    Examples:
        >>> JobFlaggedData.model_validate({"id": "job_1", "type": "feedback", "status": "open",
        ...     "description": "Film the inside of a bank vault", "files_needed": 1,
        ...     "price_per_file_cents": 50, "created_at": "2026-03-20T19:03:27Z",
        ...     "flag_reason": "unsafe"}).flag_reason
        'unsafe'
    """

    flag_reason: Optional[str] = Field(
        default=None, description="Why a worker flagged the job.", examples=["unsafe"]
    )


class CreditEventData(_ReadsLegacyBalance):
    """The ``data`` of ``credits.*`` events: the balance after the event, plus the amount that
    moved (``None`` for events where nothing moved, such as ``credits.low_balance``).

    The public docs show no credit event payload, so every field is optional here (unlike
    [`CreditBalance`][firsthand.models.CreditBalance]); the older ``balance_cents`` shape is read too.

    Examples:
        >>> CreditEventData.model_validate({"object": "credit_balance", "available_cents": 11500,
        ...     "held_cents": 0, "total_cents": 11500, "currency": "usd",
        ...     "updated_at": "2026-03-20T19:03:27Z", "amount_cents": 11500}).amount_cents
        11500
        >>> CreditEventData.model_validate({"amount_cents": 500}).available_cents is None
        True
    """

    object: str = Field(
        default="credit_balance",
        description="Always `credit_balance`.",
        examples=["credit_balance"],
    )
    available_cents: Optional[int] = Field(
        default=None,
        description="Credits you can spend after the event, in cents.",
        examples=[11500],
    )
    held_cents: Optional[int] = Field(
        default=None, description="Credits escrowed for active jobs after the event.", examples=[0]
    )
    total_cents: Optional[int] = Field(
        default=None,
        description="`available_cents + held_cents` after the event.",
        examples=[11500],
    )
    currency: Optional[str] = Field(default=None, description="Always `usd`.", examples=["usd"])
    updated_at: Optional[Timestamp] = Field(
        default=None, description="When the balance changed.", examples=["2026-03-20T19:03:27.971Z"]
    )
    amount_cents: Optional[int] = Field(
        default=None,
        description="The credits that moved; `None` where nothing moved (`credits.low_balance`).",
        examples=[11500],
    )


class BaseEvent(FirstHandModel):
    """What every event carries. ``id`` (``evt_…``) is the same on every delivery attempt of one
    event: remember it to process each event once.

    The older envelope without ``object`` and ``api_version`` parses too. Each event class adds
    its ``type`` and its typed ``data``.

    Examples:
        >>> from firsthand.webhooks import JobCompletedEvent, UnknownEvent
        >>> issubclass(JobCompletedEvent, BaseEvent), issubclass(UnknownEvent, BaseEvent)
        (True, True)
    """

    id: str = Field(
        description="The event's id (`evt_…`), the same on every delivery attempt: process each id once.",
        examples=["evt_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    object: str = Field(default="event", description="Always `event`.", examples=["event"])
    api_version: Optional[str] = Field(
        default=None, description="The API version the payload follows.", examples=["2026-03-18"]
    )
    created_at: Timestamp = Field(
        description="When the event happened.", examples=["2026-03-20T19:03:27.971Z"]
    )


class SubmissionScoredEvent(BaseEvent):
    """``submission.scored``: a submission was scored (approved or rejected), with its annotations
    and scoring dimensions.

    Examples:
        >>> event = SubmissionScoredEvent.model_validate({"id": "evt_1", "type": "submission.scored",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {"id": "sub_1", "job_id": "job_1",
        ...     "status": "approved", "ai_star_rating": 4, "submitted_at": "2026-03-20T19:03:00Z",
        ...     "file_url": "https://files.firsthandapi.com/sub_1.jpg", "content_type": "image/jpeg",
        ...     "dimensions": {"relevance": 4, "quality": 4, "completeness": 5}}})
        >>> event.data.ai_star_rating, event.data.dimensions["completeness"]
        (4, 5)
    """

    type: Literal["submission.scored"] = Field(
        description=_EVENT_TYPE, examples=["submission.scored"]
    )
    data: Submission = Field(description=_SUBMISSION_DATA)


class SubmissionApprovedEvent(BaseEvent):
    """``submission.approved``: a submission scored at or above the job's threshold.

    Examples:
        >>> SubmissionApprovedEvent.model_validate({"id": "evt_1", "type": "submission.approved",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {"id": "sub_1", "job_id": "job_1",
        ...     "status": "approved", "submitted_at": "2026-03-20T19:03:00Z",
        ...     "file_url": "https://files.firsthandapi.com/sub_1.jpg",
        ...     "content_type": "image/jpeg"}}).data.status
        'approved'
    """

    type: Literal["submission.approved"] = Field(
        description=_EVENT_TYPE, examples=["submission.approved"]
    )
    data: Submission = Field(description=_SUBMISSION_DATA)


class SubmissionRejectedEvent(BaseEvent):
    """``submission.rejected``: a submission scored below the job's threshold.

    Examples:
        >>> SubmissionRejectedEvent.model_validate({"id": "evt_1", "type": "submission.rejected",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {"id": "sub_1", "job_id": "job_1",
        ...     "status": "rejected", "submitted_at": "2026-03-20T19:03:00Z",
        ...     "file_url": "https://files.firsthandapi.com/sub_1.jpg",
        ...     "content_type": "image/jpeg"}}).data.status
        'rejected'
    """

    type: Literal["submission.rejected"] = Field(
        description=_EVENT_TYPE, examples=["submission.rejected"]
    )
    data: Submission = Field(description=_SUBMISSION_DATA)


_JOB = {
    "id": "job_1",
    "type": "data_collection",
    "status": "completed",
    "description": "Photo of a coffee cup from above",
    "files_needed": 1,
    "price_per_file_cents": 75,
    "created_at": "2026-03-20T19:03:27Z",
}


class JobCompletedEvent(BaseEvent):
    """``job.completed``: every requested file was approved.

    Examples:
        >>> JobCompletedEvent.model_validate({"id": "evt_1", "type": "job.completed",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": _JOB}).data.status
        'completed'
    """

    type: Literal["job.completed"] = Field(description=_EVENT_TYPE, examples=["job.completed"])
    data: JobEventData = Field(description=_JOB_DATA)


class JobCancelledEvent(BaseEvent):
    """``job.cancelled``: the buyer cancelled the job.

    Examples:
        >>> JobCancelledEvent.model_validate({"id": "evt_1", "type": "job.cancelled",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {**_JOB, "status": "cancelled"}}).data.status
        'cancelled'
    """

    type: Literal["job.cancelled"] = Field(description=_EVENT_TYPE, examples=["job.cancelled"])
    data: JobEventData = Field(description=_JOB_DATA)


class JobFlaggedEvent(BaseEvent):
    """``job.flagged``: a worker flagged the job as unreasonable or unsafe.

    Examples:
        >>> JobFlaggedEvent.model_validate({"id": "evt_1", "type": "job.flagged",
        ...     "created_at": "2026-03-20T19:03:27Z",
        ...     "data": {**_JOB, "flag_reason": "unsafe location"}}).data.flag_reason
        'unsafe location'
    """

    type: Literal["job.flagged"] = Field(description=_EVENT_TYPE, examples=["job.flagged"])
    data: JobFlaggedData = Field(description=_JOB_DATA)


_BALANCE = {
    "available_cents": 11500,
    "held_cents": 0,
    "total_cents": 11500,
    "currency": "usd",
    "amount_cents": 11500,
}


class CreditsPurchasedEvent(BaseEvent):
    """``credits.purchased``: a purchase succeeded; ``data.amount_cents`` credits were added.

    Examples:
        >>> CreditsPurchasedEvent.model_validate({"id": "evt_1", "type": "credits.purchased",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": _BALANCE}).data.amount_cents
        11500
    """

    type: Literal["credits.purchased"] = Field(
        description=_EVENT_TYPE, examples=["credits.purchased"]
    )
    data: CreditEventData = Field(description=_CREDIT_DATA)


class CreditsLowBalanceEvent(BaseEvent):
    """``credits.low_balance``: the balance fell below the organization's threshold.

    Examples:
        >>> CreditsLowBalanceEvent.model_validate({"id": "evt_1", "type": "credits.low_balance",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": _BALANCE}).data.available_cents
        11500
    """

    type: Literal["credits.low_balance"] = Field(
        description=_EVENT_TYPE, examples=["credits.low_balance"]
    )
    data: CreditEventData = Field(description=_CREDIT_DATA)


class CreditsAutoToppedUpEvent(BaseEvent):
    """``credits.auto_topped_up``: auto top-up bought credits.

    Examples:
        >>> CreditsAutoToppedUpEvent.model_validate({"id": "evt_1",
        ...     "type": "credits.auto_topped_up", "created_at": "2026-03-20T19:03:27Z",
        ...     "data": _BALANCE}).type
        'credits.auto_topped_up'
    """

    type: Literal["credits.auto_topped_up"] = Field(
        description=_EVENT_TYPE, examples=["credits.auto_topped_up"]
    )
    data: CreditEventData = Field(description=_CREDIT_DATA)


class CreditsExpiredEvent(BaseEvent):
    """``credits.expired``: credits reached their 12-month expiry and were removed.

    Examples:
        >>> CreditsExpiredEvent.model_validate({"id": "evt_1", "type": "credits.expired",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": _BALANCE}).type
        'credits.expired'
    """

    type: Literal["credits.expired"] = Field(description=_EVENT_TYPE, examples=["credits.expired"])
    data: CreditEventData = Field(description=_CREDIT_DATA)


class CreditsExpiringSoonEvent(BaseEvent):
    """``credits.expiring_soon``: credits expire within 30 days.

    Examples:
        >>> CreditsExpiringSoonEvent.model_validate({"id": "evt_1",
        ...     "type": "credits.expiring_soon", "created_at": "2026-03-20T19:03:27Z",
        ...     "data": _BALANCE}).type
        'credits.expiring_soon'
    """

    type: Literal["credits.expiring_soon"] = Field(
        description=_EVENT_TYPE, examples=["credits.expiring_soon"]
    )
    data: CreditEventData = Field(description=_CREDIT_DATA)


class UnknownEvent(BaseEvent):
    """An event of a type this SDK version does not know yet (verified like any other);
    ``data`` is kept as the dict that was sent.

    Examples:
        >>> UnknownEvent.model_validate({"id": "evt_1", "type": "payout.sent",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {"amount_cents": 500}}).data
        {'amount_cents': 500}
    """

    type: str = Field(
        description="The event type, one this SDK version does not know.", examples=["job.archived"]
    )
    data: Dict[str, Any] = Field(
        description="The payload, as the dict that was sent.",
        examples=[{"id": "job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"}],
    )


_KNOWN = frozenset(WEBHOOK_EVENT_TYPES)


def _event_tag(value: Any) -> str:
    if isinstance(value, dict):
        kind: object = cast("Dict[str, Any]", value).get("type")
    else:
        kind = getattr(value, "type", None)
    return kind if isinstance(kind, str) and kind in _KNOWN else "unknown"


#: Any event: the class is chosen by ``type``; unknown types give [`UnknownEvent`][firsthand.webhooks.UnknownEvent].
Event = Annotated[
    Union[
        Annotated[SubmissionScoredEvent, Tag("submission.scored")],
        Annotated[SubmissionApprovedEvent, Tag("submission.approved")],
        Annotated[SubmissionRejectedEvent, Tag("submission.rejected")],
        Annotated[JobCompletedEvent, Tag("job.completed")],
        Annotated[JobCancelledEvent, Tag("job.cancelled")],
        Annotated[JobFlaggedEvent, Tag("job.flagged")],
        Annotated[CreditsPurchasedEvent, Tag("credits.purchased")],
        Annotated[CreditsLowBalanceEvent, Tag("credits.low_balance")],
        Annotated[CreditsAutoToppedUpEvent, Tag("credits.auto_topped_up")],
        Annotated[CreditsExpiredEvent, Tag("credits.expired")],
        Annotated[CreditsExpiringSoonEvent, Tag("credits.expiring_soon")],
        Annotated[UnknownEvent, Tag("unknown")],
    ],
    Discriminator(_event_tag),
]


@functools.lru_cache(maxsize=1)
def event_adapter() -> "TypeAdapter[Event]":
    """The validator of [`Event`][firsthand.webhooks.Event], built on first use (then reused).

    Examples:
        >>> type(event_adapter().validate_python({"id": "evt_1", "type": "x.new",
        ...     "created_at": "2026-03-20T19:03:27Z", "data": {}})).__name__
        'UnknownEvent'
    """
    return TypeAdapter(Event)
