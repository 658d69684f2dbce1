"""Audit events: who did what to which resource, and the list query."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

from typing import TYPE_CHECKING, Any, Dict, Optional

from pydantic import Field
from typing_extensions import Annotated

from ._base import FirstHandModel, Timestamp, lazy_pages
from ._list import ListEnvelope, PageParams

__all__ = ["AuditActor", "AuditEvent", "AuditResource", "ListAuditEventsParams"]


class AuditActor(FirstHandModel):
    """Who acted: an API key, a user, or the system (then ``id`` may be ``None``).

    Examples:
        >>> AuditActor.model_validate({"type": "api_key", "id": "key_01JQ"}).type
        'api_key'
    """

    type: Optional[str] = Field(
        default=None,
        description="What acted, e.g. an API key or a dashboard user.",
        examples=["api_key"],
    )
    id: Optional[str] = Field(
        default=None, description="Its id.", examples=["key_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )


class AuditResource(FirstHandModel):
    """What was acted on.

    Examples:
        >>> AuditResource.model_validate({"type": "job", "id": "job_01JQ"}).id
        'job_01JQ'
    """

    type: Optional[str] = Field(
        default=None, description="The kind of object acted on.", examples=["job"]
    )
    id: Optional[str] = Field(
        default=None, description="Its id.", examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )


class AuditEvent(FirstHandModel):
    """One entry of the audit log (``aev_…``).

    Examples:
        >>> ev = AuditEvent.model_validate_json(b'''{"object": "audit_event", "id": "aev_01JQ",
        ...   "action": "job.created", "actor": {"type": "api_key", "id": "key_01JQ"},
        ...   "resource": {"type": "job", "id": "job_01JQ"}, "metadata": {"files_needed": 50},
        ...   "created_at": "2026-03-20T19:03:27.971Z"}''')
        >>> ev.action, ev.actor.id, ev["resource"]["id"], ev.metadata
        ('job.created', 'key_01JQ', 'job_01JQ', {'files_needed': 50})
    """

    object: str = Field(
        default="audit_event", description="Always `audit_event`.", examples=["audit_event"]
    )
    id: str = Field(
        description="The entry's id (`aev_…`).", examples=["aev_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    action: Optional[str] = Field(
        default=None, description="What happened, as `resource.verb`.", examples=["job.created"]
    )
    actor: Optional[AuditActor] = Field(
        default=None,
        description="Who did it.",
        examples=[{"type": "api_key", "id": "key_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"}],
    )
    resource: Optional[AuditResource] = Field(
        default=None,
        description="What it was done to.",
        examples=[{"type": "job", "id": "job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"}],
    )
    metadata: Optional[Dict[str, Any]] = Field(
        default=None, description="Details of the action.", examples=[{"files_needed": 50}]
    )
    created_at: Optional[Timestamp] = Field(
        default=None, description="When it happened.", examples=["2026-03-20T19:03:27.971Z"]
    )


class ListAuditEventsParams(PageParams):
    """Query of ``list_audit_events``: filter by ``action`` (e.g. ``job.created``) and
    ``resource_id``.

    Examples:
        >>> ListAuditEventsParams(action="job.created", resource_id="job_01JQ").to_wire()
        {'action': 'job.created', 'resource_id': 'job_01JQ'}
    """

    action: Optional[Annotated[str, Field(min_length=1)]] = Field(
        default=None, description="Only entries with this action.", examples=["job.created"]
    )
    resource_id: Optional[Annotated[str, Field(min_length=1)]] = Field(
        default=None,
        description="Only entries about this resource id.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )


if TYPE_CHECKING:
    AuditEventList = ListEnvelope[AuditEvent]
    """One page of audit events as the wire carries it (``GET /v1/audit-events``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"AuditEventList": "AuditEvent"})
