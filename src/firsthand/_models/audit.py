"""Audit events: who did what to which resource, and the list query."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

from typing import Any, Dict, Optional

from pydantic import Field
from typing_extensions import Annotated

from ._base import FirstHandModel, Timestamp
from ._list import ListEnvelope, PageParams

__all__ = [
    "AuditActor",
    "AuditEvent",
    "AuditEventList",
    "AuditResource",
    "ListAuditEventsParams",
]


class AuditActor(FirstHandModel):
    """Who acted: an API key, a user, or the system (then ``id`` may be ``None``).

    Examples:
        >>> AuditActor.model_validate({"type": "api_key", "id": "key_01JQ"}).type
        'api_key'
    """

    type: Optional[str] = None
    id: Optional[str] = None


class AuditResource(FirstHandModel):
    """What was acted on.

    Examples:
        >>> AuditResource.model_validate({"type": "job", "id": "job_01JQ"}).id
        'job_01JQ'
    """

    type: Optional[str] = None
    id: Optional[str] = None


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

    object: str = "audit_event"
    id: str
    action: Optional[str] = None
    actor: Optional[AuditActor] = None
    resource: Optional[AuditResource] = None
    metadata: Optional[Dict[str, Any]] = None
    created_at: Optional[Timestamp] = None


class ListAuditEventsParams(PageParams):
    """Query of ``list_audit_events``: filter by ``action`` (e.g. ``job.created``) and
    ``resource_id``.

    Examples:
        >>> ListAuditEventsParams(action="job.created", resource_id="job_01JQ").to_wire()
        {'action': 'job.created', 'resource_id': 'job_01JQ'}
    """

    action: Optional[Annotated[str, Field(min_length=1)]] = None
    resource_id: Optional[Annotated[str, Field(min_length=1)]] = None


AuditEventList = ListEnvelope[AuditEvent]
"""One page of audit events as the wire carries it (``GET /v1/audit-events``)."""
