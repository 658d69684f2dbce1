"""Every operation of the table in ``_operations``, on both clients, against respx routes.

One table (:data:`CASES`) says, per operation, how it is called, what must reach the wire (method,
path, query, body) and what comes back (a canned response shaped as docs/api-contract.md fixes it, and the
model and values it must parse into). Each test below runs every row of the table that applies to
it, once with ``FirstHandClient`` and once with ``AsyncFirstHandClient``; test ids read
``[sync-create_job]``, ``[async-list_submissions]``, ...
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Optional, Union

import httpx
import pytest
import respx
from respx.models import Call

from client_helpers import API_KEY
from firsthand import (
    AsyncFirstHandClient,
    AsyncPage,
    FirstHandClient,
    FirstHandNotFoundError,
    FirstHandValidationError,
    Page,
)
from firsthand._operations import OPERATIONS
from firsthand.models import (
    ApiKey,
    ApiKeyCreateParams,
    AuditEvent,
    CheckoutSession,
    CreditBalance,
    CreditPurchaseParams,
    CreditTransaction,
    Job,
    JobCreateParams,
    JobFile,
    JobRateParams,
    OrganizationSettings,
    OrganizationSettingsUpdateParams,
    RequestModel,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEndpointCreateParams,
    WebhookEndpointUpdateParams,
    WebhookEvent,
)

BASE_URL = "https://api.firsthandapi.com"
REQUEST_ID = "req_01JQ7Z8K3M4N5P6Q7R8S9T0V1W"
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]

UTC = timezone.utc
_UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def at(text: str) -> datetime:
    """An aware UTC datetime from a ``...Z`` timestamp, for expected values."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# -- canned responses, shaped as docs/api-contract.md "Response shapes" ------------------------

JOB_ID = "job_01JQ7Z8K3M4N5P6Q7R8S9T0V1W"
CREATED = "2026-03-20T19:03:27.971Z"
UPDATED = "2026-03-21T08:15:02.004Z"


def job_json(**changes: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "object": "job",
        "id": JOB_ID,
        "type": "data_collection",
        "status": "open",
        "title": "Coffee cups",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 50,
        "files_approved": 3,
        "files_pending": 2,
        "files_rejected": 1,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": 75,
        "total_cost_cents": 3750,
        "location": {"lat": 40.7128, "lng": -74.006, "radius_km": 5},
        "deadline": "2026-04-01T10:00:00.000Z",
        "max_workers": None,
        "metadata": {"campaign": "spring"},
        "files_per_submission": 1,
        "scoring_criteria": None,
        "min_star_rating": 4,
        "min_width": None,
        "min_height": None,
        "worker_guidelines": None,
        "buyer_rating": None,
        "created_at": CREATED,
        "updated_at": UPDATED,
        "completed_at": None,
        "cancelled_at": None,
    }
    job.update(changes)
    return job


def file_json(file_id: str = "file_01JQ7Z8K3M4N5P6Q7R8S9T0V1W", **changes: Any) -> dict[str, Any]:
    file: dict[str, Any] = {
        "object": "file",
        "id": file_id,
        "job_id": JOB_ID,
        "submission_id": "sub_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "content_type": "image/jpeg",
        "size_bytes": 482133,
        "duration_seconds": None,
        "width": 3024,
        "height": 4032,
        "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "captured_at": "2026-03-20T18:59:12Z",
        "ai_star_rating": 4,
        "device_info": {
            "device_model": "Pixel 8",
            "device_os": "Android 15",
            "app_version": "2.4.1",
        },
        "worker_region": "US-NY",
        "download_url": f"https://files.firsthandapi.com/{file_id}?sig=abc",
        "download_url_expires_at": "2026-03-27T19:03:27.971Z",
        "annotations": {"scene": "kitchen", "annotation_model": "claude-sonnet-4-20250514"},
        "keyframes": None,
        "created_at": CREATED,
    }
    file.update(changes)
    return file


def submission_json(sub_id: str = "sub_01JQ7Z8K3M4N5P6Q7R8S9T0V1W") -> dict[str, Any]:
    return {
        "object": "submission",
        "id": sub_id,
        "job_id": JOB_ID,
        "worker_id": "wkr_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "status": "approved",
        "ai_star_rating": 4,
        "ai_reasoning": "Cup centred, sharp, well lit.",
        "file_url": f"https://files.firsthandapi.com/{sub_id}.jpg",
        "content_type": "image/jpeg",
        "size_bytes": 482133,
        "submitted_at": "2026-03-20T19:03:27.971Z",
        "scored_at": "2026-03-20T19:03:39.120Z",
        "submission_latitude": 40.712776,
        "submission_longitude": -74.005974,
        "location_verified": True,
    }


def audit_json(event_id: str = "aev_01JQ7Z8K3M4N5P6Q7R8S9T0V1W") -> dict[str, Any]:
    return {
        "object": "audit_event",
        "id": event_id,
        "action": "job.created",
        "actor": {"type": "api_key", "id": "key_01JQ7Z8K3M4N5P6Q7R8S9T0V1W"},
        "resource": {"type": "job", "id": JOB_ID},
        "metadata": {"files_needed": 50},
        "created_at": CREATED,
    }


def api_key_json(secret: Optional[str] = None, **changes: Any) -> dict[str, Any]:
    key: dict[str, Any] = {
        "object": "api_key",
        "id": "key_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "name": "CI",
        "environment": "test",
        "scopes": ["jobs:read", "jobs:write"],
        "redacted_key": "fh_test_sk_…a1b2",
        "created_at": CREATED,
        "last_used_at": None,
        "revoked_at": None,
        "rotated_at": None,
    }
    if secret is not None:
        key["secret"] = secret
    key.update(changes)
    return key


def endpoint_json(secret: Optional[str] = None, **changes: Any) -> dict[str, Any]:
    endpoint: dict[str, Any] = {
        "object": "webhook_endpoint",
        "id": "wh_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "url": "https://example.com/hooks/firsthand",
        "events": ["submission.approved", "job.completed"],
        "status": "enabled",
        "description": "prod",
        "created_at": CREATED,
        "updated_at": UPDATED,
    }
    if secret is not None:
        endpoint["secret"] = secret
    endpoint.update(changes)
    return endpoint


def event_json(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "evt_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "object": "event",
        "type": "job.completed",
        "api_version": "2026-03-18",
        "created_at": CREATED,
        "data": {"object": "job", "id": JOB_ID, "status": "completed"},
        "delivery_status": "delivered",
        "delivery_attempts": 1,
        "last_attempt_at": "2026-03-20T19:03:28.500Z",
    }
    event.update(changes)
    return event


def transaction_json(tx_id: str = "crtx_01JQ7Z8K3M4N5P6Q7R8S9T0V1W") -> dict[str, Any]:
    return {
        "object": "credit_transaction",
        "id": tx_id,
        "type": "deduction",
        "amount_cents": -75,
        "description": f"Approved file for {JOB_ID}",
        "job_id": JOB_ID,
        "created_at": CREATED,
    }


def settings_json(**changes: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "object": "organization_settings",
        "organization_id": "org_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
        "default_type": "data_collection",
        "default_price_per_file_cents": 75,
        "auto_topup_enabled": False,
        "auto_topup_threshold_cents": None,
        "auto_topup_amount_cents": None,
        "low_balance_threshold_cents": 2000,
        "updated_at": UPDATED,
    }
    settings.update(changes)
    return settings


def page_json(*items: dict[str, Any]) -> dict[str, Any]:
    """A list envelope with more pages behind it (nothing iterates it, so nothing follows)."""
    return {"object": "list", "data": list(items), "has_more": True, "next_cursor": "cur_page_2"}


# -- the table ----------------------------------------------------------------------------------

PAGING = {"limit": 10, "cursor": "cur_page_1"}
PAGING_WIRE = {"limit": "10", "cursor": "cur_page_1"}
LIMIT_ERRORS: tuple[tuple[dict[str, Any], str], ...] = (
    ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit"),
    ({"limit": "10"}, "limit"),
)
MIN_SCORE_ERRORS: tuple[tuple[dict[str, Any], str], ...] = (
    ({"min_score": 6}, "min_score"),
    ({"min_score": 0}, "min_score"),
)


@dataclass(frozen=True)
class Case:
    """One operation: how to call it, what must be sent, what comes back."""

    name: str
    #: Expected HTTP method and path; ``{id}`` marks where the operation's id goes.
    method: str
    path: str
    #: The canned answer: status and JSON body (``None``: an empty body).
    status: int
    response: Optional[dict[str, Any]]
    #: The result model (the item model for list operations); ``None`` for bodiless answers.
    model: Optional[type[Any]]
    #: Expected attribute values of the result (of its first item for lists); dotted paths.
    values: dict[str, Any] = field(default_factory=dict[str, Any])
    is_list: bool = False
    #: A valid body as a dict, its model, and one broken limit with the field it names.
    body: Optional[dict[str, Any]] = None
    body_model: Optional[type[RequestModel]] = None
    bad_body: Optional[dict[str, Any]] = None
    bad_field: str = ""
    #: Every filter as passed, and the query it must become (wire names, text values).
    filters: dict[str, Any] = field(default_factory=dict[str, Any])
    query: dict[str, str] = field(default_factory=dict[str, str])
    bad_filters: tuple[tuple[dict[str, Any], str], ...] = ()

    @property
    def has_id(self) -> bool:
        return "{id}" in self.path

    def args(self, obj_id: str = "obj_01JQ", body: Any = None) -> tuple[Any, ...]:
        """Positional arguments: the id (if the path has one), then the body (if any)."""
        args: tuple[Any, ...] = (obj_id,) if self.has_id else ()
        if self.body is not None:
            args += (self.body if body is None else body,)
        return args

    def raw_path(self, obj_id: str = "obj_01JQ") -> str:
        return self.path.replace("{id}", obj_id)


CASES: tuple[Case, ...] = (
    # -- jobs ------------------------------------------------------------------------------------
    Case(
        "create_job",
        "POST",
        "/v1/jobs",
        201,
        job_json(),
        Job,
        {
            "id": JOB_ID,
            "status": "open",
            "files_needed": 50,
            "location.radius_km": 5.0,
            "deadline": at("2026-04-01T10:00:00Z"),
            "created_at": at(CREATED),
        },
        body={
            "type": "data_collection",
            "description": "Take a clear photo of any coffee cup from above.",
            "files_needed": 50,
            "accepted_formats": ["image/jpeg", "image/png"],
            "price_per_file_cents": 75,
            "title": "Coffee cups",
            "location": {"lat": 40.7128, "lng": -74.006, "radius_km": 5.0},
            "deadline": "2026-04-01T12:00:00+02:00",
            "metadata": {"campaign": "spring", "nested": {"a": [1, 2]}},
            "min_star_rating": 4,
        },
        body_model=JobCreateParams,
        bad_body={
            "type": "data_collection",
            "description": "Take a clear photo of any coffee cup from above.",
            "files_needed": 50,
            "accepted_formats": ["image/jpeg"],
            "price_per_file_cents": 5,
        },
        bad_field="price_per_file_cents",
    ),
    Case(
        "get_job",
        "GET",
        "/v1/jobs/{id}",
        200,
        job_json(status="in_progress"),
        Job,
        {"id": JOB_ID, "status": "in_progress", "updated_at": at(UPDATED)},
    ),
    Case(
        "list_jobs",
        "GET",
        "/v1/jobs",
        200,
        page_json(job_json(), job_json(id="job_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        Job,
        {"id": JOB_ID, "price_per_file_cents": 75, "created_at": at(CREATED)},
        is_list=True,
        filters={"status": "open", "type": "feedback", **PAGING},
        query={"status": "open", "type": "feedback", **PAGING_WIRE},
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "cancel_job",
        "POST",
        "/v1/jobs/{id}/cancel",
        200,
        job_json(status="cancelled", cancelled_at="2026-03-21T09:00:00.000Z"),
        Job,
        {"status": "cancelled", "cancelled_at": at("2026-03-21T09:00:00Z"), "is_terminal": True},
    ),
    Case(
        "rate_job",
        "POST",
        "/v1/jobs/{id}/rate",
        200,
        job_json(status="completed", buyer_rating=5, completed_at="2026-03-21T09:00:00Z"),
        Job,
        {"status": "completed", "buyer_rating": 5, "completed_at": at("2026-03-21T09:00:00Z")},
        body={"rating": 5, "comment": "Sharp, well-lit photos"},
        body_model=JobRateParams,
        bad_body={"rating": 6},
        bad_field="rating",
    ),
    Case(
        "get_job_files",
        "GET",
        "/v1/jobs/{id}/files",
        200,
        page_json(file_json(), file_json("file_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        JobFile,
        {
            "ai_star_rating": 4,
            "device_info.device_model": "Pixel 8",
            "download_url_expires_at": at("2026-03-27T19:03:27.971Z"),
            "width": 3024,
        },
        is_list=True,
        filters={"min_score": 4, **PAGING},
        query={"min_score": "4", **PAGING_WIRE},
        bad_filters=LIMIT_ERRORS + MIN_SCORE_ERRORS,
    ),
    Case(
        "get_job_submissions",
        "GET",
        "/v1/jobs/{id}/submissions",
        200,
        page_json(submission_json(), submission_json("sub_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        Submission,
        {"status": "approved", "ai_star_rating": 4, "scored_at": at("2026-03-20T19:03:39.120Z")},
        is_list=True,
        filters={"status": "rejected", **PAGING},
        query={"status": "rejected", **PAGING_WIRE},
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "get_job_audit",
        "GET",
        "/v1/jobs/{id}/audit",
        200,
        page_json(audit_json(), audit_json("aev_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        AuditEvent,
        {"action": "job.created", "actor.id": "key_01JQ7Z8K3M4N5P6Q7R8S9T0V1W"},
        is_list=True,
        filters=PAGING,
        query=PAGING_WIRE,
        bad_filters=LIMIT_ERRORS,
    ),
    # -- files -----------------------------------------------------------------------------------
    Case(
        "refresh_file_url",
        "POST",
        "/v1/files/{id}/refresh_url",
        200,
        file_json(
            download_url="https://files.firsthandapi.com/file_new?sig=def",
            download_url_expires_at="2026-03-28T08:00:00Z",
        ),
        JobFile,
        {
            "download_url": "https://files.firsthandapi.com/file_new?sig=def",
            "download_url_expires_at": at("2026-03-28T08:00:00Z"),
        },
    ),
    # -- submissions -----------------------------------------------------------------------------
    Case(
        "list_submissions",
        "GET",
        "/v1/submissions",
        200,
        page_json(submission_json(), submission_json("sub_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        Submission,
        {
            "job_id": JOB_ID,
            "worker_id": "wkr_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "location_verified": True,
        },
        is_list=True,
        filters={
            "job_id": JOB_ID,
            "status": "approved",
            "min_score": 4,
            "start_date": date(2026, 3, 1),
            "end_date": datetime(2026, 3, 20, 14, 0, tzinfo=timezone(timedelta(hours=-5))),
            **PAGING,
        },
        query={
            "job_id": JOB_ID,
            "status": "approved",
            "min_score": "4",
            "start_date": "2026-03-01",
            "end_date": "2026-03-20T19:00:00Z",
            **PAGING_WIRE,
        },
        bad_filters=(
            *LIMIT_ERRORS,
            *MIN_SCORE_ERRORS,
            ({"start_date": datetime(2026, 3, 1)}, "start_date"),
            ({"start_date": "2026-03-20", "end_date": "2026-03-01"}, "end_date"),
        ),
    ),
    Case(
        "get_submission",
        "GET",
        "/v1/submissions/{id}",
        200,
        submission_json(),
        Submission,
        {
            "id": "sub_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "ai_reasoning": "Cup centred, sharp, well lit.",
            "submitted_at": at("2026-03-20T19:03:27.971Z"),
        },
    ),
    Case(
        "get_submission_summary",
        "GET",
        "/v1/submissions/summary",
        200,
        {
            "object": "submission_summary",
            "job_id": JOB_ID,
            "start_date": "2026-02-18T00:00:00.000Z",
            "end_date": "2026-03-20T00:00:00.000Z",
            "total": 10,
            "approved": 7,
            "rejected": 2,
            "pending_score": 1,
            "retry_pending": 0,
            "approval_rate": 0.7,
            "average_star_rating": 3.8,
            "star_rating_distribution": {"1": 0, "2": 2, "3": 1, "4": 4, "5": 2},
        },
        SubmissionSummary,
        {
            "approved": 7,
            "approval_rate": 0.7,
            "star_rating_distribution": {"1": 0, "2": 2, "3": 1, "4": 4, "5": 2},
            "end_date": at("2026-03-20T00:00:00Z"),
        },
        filters={
            "job_id": JOB_ID,
            "start_date": "2026-03-01T00:00:00+01:00",
            "end_date": date(2026, 3, 20),
        },
        query={"job_id": JOB_ID, "start_date": "2026-02-28T23:00:00Z", "end_date": "2026-03-20"},
        bad_filters=(
            ({"job_id": ""}, "job_id"),
            ({"start_date": "March 1st"}, "start_date"),
            ({"start_date": date(2026, 3, 20), "end_date": date(2026, 3, 1)}, "end_date"),
        ),
    ),
    # -- API keys --------------------------------------------------------------------------------
    Case(
        "create_api_key",
        "POST",
        "/v1/api_keys",
        200,
        api_key_json(secret="fh_test_sk_01JQ7Z8K3M4N5P6Q7R8S9Ta1b2"),
        ApiKey,
        {
            "secret": "fh_test_sk_01JQ7Z8K3M4N5P6Q7R8S9Ta1b2",
            "environment": "test",
            "scopes": ["jobs:read", "jobs:write"],
        },
        body={"name": "CI", "scopes": ["jobs:read", "jobs:write"], "environment": "test"},
        body_model=ApiKeyCreateParams,
        bad_body={"name": "x" * 101},
        bad_field="name",
    ),
    Case(
        "list_api_keys",
        "GET",
        "/v1/api_keys",
        200,
        page_json(api_key_json(), api_key_json(id="key_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        ApiKey,
        {"secret": None, "redacted_key": "fh_test_sk_…a1b2", "last_used_at": None},
        is_list=True,
        filters=PAGING,
        query=PAGING_WIRE,
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "rotate_api_key",
        "POST",
        "/v1/api_keys/{id}/rotate",
        200,
        api_key_json(secret="fh_test_sk_01JQROTATED000000000c3d4", rotated_at=UPDATED),
        ApiKey,
        {"secret": "fh_test_sk_01JQROTATED000000000c3d4", "rotated_at": at(UPDATED)},
    ),
    Case("revoke_api_key", "POST", "/v1/api_keys/{id}/revoke", 204, None, None),
    # -- webhook endpoints and events --------------------------------------------------------------
    Case(
        "create_webhook_endpoint",
        "POST",
        "/v1/webhook_endpoints",
        200,
        endpoint_json(secret="whsec_01JQEXAMPLESECRET"),
        WebhookEndpoint,
        {
            "secret": "whsec_01JQEXAMPLESECRET",
            "status": "enabled",
            "events": ["submission.approved", "job.completed"],
        },
        body={
            "url": "https://example.com/hooks/firsthand",
            "events": ["submission.approved", "job.completed"],
            "description": "prod",
        },
        body_model=WebhookEndpointCreateParams,
        bad_body={"url": "http://example.com/hooks", "events": ["job.completed"]},
        bad_field="url",
    ),
    Case(
        "list_webhook_endpoints",
        "GET",
        "/v1/webhook_endpoints",
        200,
        page_json(endpoint_json(), endpoint_json(id="wh_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        WebhookEndpoint,
        {"url": "https://example.com/hooks/firsthand", "secret": None},
        is_list=True,
        filters=PAGING,
        query=PAGING_WIRE,
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "get_webhook_endpoint",
        "GET",
        "/v1/webhook_endpoints/{id}",
        200,
        endpoint_json(),
        WebhookEndpoint,
        {"id": "wh_01JQ7Z8K3M4N5P6Q7R8S9T0V1W", "description": "prod", "created_at": at(CREATED)},
    ),
    Case(
        "update_webhook_endpoint",
        "PATCH",
        "/v1/webhook_endpoints/{id}",
        200,
        endpoint_json(status="disabled", description="paused for maintenance"),
        WebhookEndpoint,
        {"status": "disabled", "description": "paused for maintenance"},
        body={"status": "disabled", "description": "paused for maintenance"},
        body_model=WebhookEndpointUpdateParams,
        bad_body={"description": "x" * 501},
        bad_field="description",
    ),
    Case("delete_webhook_endpoint", "DELETE", "/v1/webhook_endpoints/{id}", 204, None, None),
    Case(
        "rotate_webhook_secret",
        "POST",
        "/v1/webhook_endpoints/{id}/rotate_secret",
        200,
        endpoint_json(secret="whsec_01JQROTATED", updated_at="2026-03-22T00:00:00Z"),
        WebhookEndpoint,
        {"secret": "whsec_01JQROTATED", "updated_at": at("2026-03-22T00:00:00Z")},
    ),
    Case(
        "list_webhook_events",
        "GET",
        "/v1/webhook_events",
        200,
        page_json(event_json(), event_json(id="evt_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        WebhookEvent,
        {
            "type": "job.completed",
            "data": {"object": "job", "id": JOB_ID, "status": "completed"},
            "delivery_status": "delivered",
            "last_attempt_at": at("2026-03-20T19:03:28.500Z"),
        },
        is_list=True,
        filters={"type": "job.completed", "delivery_status": "failed", **PAGING},
        query={"type": "job.completed", "delivery_status": "failed", **PAGING_WIRE},
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "replay_webhook_event",
        "POST",
        "/v1/webhook_events/{id}/replay",
        200,
        event_json(delivery_status="pending", delivery_attempts=2),
        WebhookEvent,
        {"delivery_status": "pending", "delivery_attempts": 2, "api_version": "2026-03-18"},
    ),
    # -- billing ---------------------------------------------------------------------------------
    Case(
        "get_credit_balance",
        "GET",
        "/v1/billing/credits",
        200,
        {
            "object": "credit_balance",
            "available_cents": 96250,
            "held_cents": 3750,
            "total_cents": 100000,
            "currency": "usd",
            "updated_at": UPDATED,
        },
        CreditBalance,
        {"available_cents": 96250, "held_cents": 3750, "total_cents": 100000, "currency": "usd"},
    ),
    Case(
        "list_transactions",
        "GET",
        "/v1/billing/transactions",
        200,
        page_json(transaction_json(), transaction_json("crtx_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        CreditTransaction,
        {"type": "deduction", "amount_cents": -75, "job_id": JOB_ID, "created_at": at(CREATED)},
        is_list=True,
        filters={"type": "refund", **PAGING},
        query={"type": "refund", **PAGING_WIRE},
        bad_filters=LIMIT_ERRORS,
    ),
    Case(
        "purchase_credits",
        "POST",
        "/v1/billing/credits/purchase",
        200,
        {
            "object": "checkout_session",
            "id": "cs_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "checkout_url": "https://checkout.stripe.com/c/pay/cs_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "amount_cents": 10000,
            "credits_cents": 10000,
            "status": "open",
            "expires_at": "2026-03-21T19:03:27.971Z",
        },
        CheckoutSession,
        {
            "status": "open",
            "amount_cents": 10000,
            "checkout_url": "https://checkout.stripe.com/c/pay/cs_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "expires_at": at("2026-03-21T19:03:27.971Z"),
        },
        body={"amount_cents": 10000},
        body_model=CreditPurchaseParams,
        bad_body={"amount_cents": 999},
        bad_field="amount_cents",
    ),
    # -- organization ----------------------------------------------------------------------------
    Case(
        "get_settings",
        "GET",
        "/v1/organization/settings",
        200,
        settings_json(),
        OrganizationSettings,
        {
            "organization_id": "org_01JQ7Z8K3M4N5P6Q7R8S9T0V1W",
            "auto_topup_enabled": False,
            "low_balance_threshold_cents": 2000,
        },
    ),
    Case(
        "update_settings",
        "PATCH",
        "/v1/organization/settings",
        200,
        settings_json(
            auto_topup_enabled=True,
            auto_topup_threshold_cents=5000,
            auto_topup_amount_cents=25000,
        ),
        OrganizationSettings,
        {"auto_topup_enabled": True, "auto_topup_amount_cents": 25000},
        body={
            "auto_topup_enabled": True,
            "auto_topup_threshold_cents": 5000,
            "auto_topup_amount_cents": 25000,
        },
        body_model=OrganizationSettingsUpdateParams,
        bad_body={"default_price_per_file_cents": 9},
        bad_field="default_price_per_file_cents",
    ),
    # -- audit -----------------------------------------------------------------------------------
    Case(
        "list_audit_events",
        "GET",
        "/v1/audit-events",
        200,
        page_json(audit_json(), audit_json("aev_01JQ7Z8K3M4N5P6Q7R8S9T0V1V")),
        AuditEvent,
        {"resource.id": JOB_ID, "metadata": {"files_needed": 50}, "created_at": at(CREATED)},
        is_list=True,
        filters={"action": "job.created", "resource_id": JOB_ID, **PAGING},
        query={"action": "job.created", "resource_id": JOB_ID, **PAGING_WIRE},
        bad_filters=(*LIMIT_ERRORS, ({"action": ""}, "action")),
    ),
)

BY_NAME = {case.name: case for case in CASES}


def cases(predicate: Callable[[Case], bool]) -> list[Any]:
    """The rows a test applies to, each with a readable id."""
    return [pytest.param(case, id=case.name) for case in CASES if predicate(case)]


ALL = cases(lambda c: True)
WITH_ID = cases(lambda c: c.has_id)
WITH_BODY = cases(lambda c: c.body is not None)
WITHOUT_BODY = cases(lambda c: c.body is None)
WITH_FILTERS = cases(lambda c: bool(c.filters))
WITH_BAD_FILTERS = [
    pytest.param(
        case, bad, expected, id=f"{case.name}-{'-'.join(f'{k}={v!r}' for k, v in bad.items())}"
    )
    for case in CASES
    for bad, expected in case.bad_filters
]
POSTS = cases(lambda c: c.method == "POST")
NOT_POSTS = cases(lambda c: c.method != "POST")
WITH_RESULT = cases(lambda c: c.model is not None)
BODILESS_ANSWERS = cases(lambda c: c.model is None)


# -- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture
def client_options() -> dict[str, Any]:
    return {"max_retries": 0}


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """respx routes on the API host; anything not routed fails the test (no network)."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


def answer(api: respx.MockRouter, case: Case, **changes: Any) -> respx.Route:
    """Route every request to the API to ``case``'s canned answer (or ``changes`` to it)."""
    status = changes.get("status", case.status)
    body = changes.get("json", case.response)
    headers = {"X-Request-Id": REQUEST_ID}
    if body is None:
        return api.route().respond(status, headers=headers, content=b"")
    return api.route().respond(status, headers=headers, json=body)


async def call(client: AnyClient, case: Case, *args: Any, **kwargs: Any) -> Any:
    """Call ``case``'s method on either client, awaiting the async one."""
    result = getattr(client, case.name)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def sent(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1, f"expected one request, the route saw {route.call_count}"
    return route.calls.last.request


def requests_of(route: respx.Route) -> list[httpx.Request]:
    calls: list[Call] = list(route.calls)  # CallList is an untyped ``list`` subclass
    return [c.request for c in calls]


def raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.decode("ascii").partition("?")[0]


def sent_query(request: httpx.Request) -> list[tuple[str, str]]:
    return sorted(request.url.params.multi_items())


def value_at(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


# -- method, path, query, body --------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL)
async def test_sends_the_method_and_path_and_no_query(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args())
    request = sent(route)
    assert request.method == case.method
    assert request.url.scheme == "https"
    assert request.url.host == "api.firsthandapi.com"
    assert raw_path(request) == case.raw_path()
    assert request.url.query == b"", "no filter was given, so no query may be sent"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize(
    ("obj_id", "encoded"),
    [("a/b", "a%2Fb"), ("../api_keys?x=1#y", "..%2Fapi_keys%3Fx%3D1%23y")],
    ids=["slash", "dot-dot-query-fragment"],
)
@pytest.mark.parametrize("case", WITH_ID)
async def test_path_ids_are_percent_encoded_into_one_segment(
    client: AnyClient, api: respx.MockRouter, case: Case, obj_id: str, encoded: str
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args(obj_id))
    request = sent(route)
    assert raw_path(request) == case.raw_path(encoded)
    assert request.url.query == b""


@pytest.mark.parametrize("case", WITH_FILTERS)
async def test_filters_are_sent_as_query_parameters_with_wire_names(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args(), **case.filters)
    request = sent(route)
    assert sent_query(request) == sorted(case.query.items())
    assert raw_path(request) == case.raw_path()


@pytest.mark.parametrize("case", WITH_FILTERS)
async def test_filters_left_none_are_omitted(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    for name in case.filters:
        only_one: dict[str, Any] = dict.fromkeys(case.filters)
        only_one[name] = case.filters[name]
        await call(client, case, *case.args(), **only_one)
        assert sent_query(route.calls.last.request) == [(name, case.query[name])], name
    everything_none = dict.fromkeys(case.filters)
    await call(client, case, *case.args(), **everything_none)
    assert route.calls.last.request.url.query == b""
    assert route.call_count == len(case.filters) + 1


@pytest.mark.parametrize("case", WITH_BODY)
async def test_a_dict_body_is_sent_as_json(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    assert case.body is not None
    given = json.loads(json.dumps(case.body))  # a private copy: the call must not change it
    route = answer(api, case)
    await call(client, case, *case.args(body=given))
    request = sent(route)
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == case.body
    assert given == case.body


@pytest.mark.parametrize("case", WITH_BODY)
async def test_a_model_body_is_sent_as_json(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    assert case.body is not None
    assert case.body_model is not None
    model = case.body_model.model_validate(case.body)
    route = answer(api, case)
    await call(client, case, *case.args(body=model))
    request = sent(route)
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == case.body


@pytest.mark.parametrize("case", WITHOUT_BODY)
async def test_bodiless_operations_send_no_body_and_no_content_type(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args())
    request = sent(route)
    assert request.content == b""
    assert "Content-Type" not in request.headers


# -- idempotency ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", POSTS)
async def test_every_post_sends_a_fresh_idempotency_key(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args())
    await call(client, case, *case.args())
    keys = [request.headers.get("Idempotency-Key") for request in requests_of(route)]
    assert all(key is not None and _UUID4.fullmatch(key) for key in keys), keys
    assert keys[0] != keys[1], "two calls are two operations: they need two keys"


@pytest.mark.parametrize("case", POSTS)
async def test_a_post_honours_idempotency_key(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args(), idempotency_key="order-1234")
    assert sent(route).headers["Idempotency-Key"] == "order-1234"


@pytest.mark.parametrize("case", NOT_POSTS)
async def test_other_methods_send_no_idempotency_key(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    await call(client, case, *case.args())
    assert "Idempotency-Key" not in sent(route).headers


@pytest.mark.parametrize("case", NOT_POSTS)
async def test_idempotency_key_on_other_methods_is_refused_before_sending(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    with pytest.raises(FirstHandValidationError, match="idempotency") as info:
        await call(client, case, *case.args(), idempotency_key="order-1234")
    assert info.value.status is None
    assert [d["field"] for d in info.value.details] == ["idempotency_key"]
    assert route.call_count == 0


# -- results --------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", WITH_RESULT)
async def test_the_answer_is_parsed_into_the_model(
    client: AnyClient, api: respx.MockRouter, case: Case, kind: str
) -> None:
    assert case.model is not None
    assert case.response is not None
    answer(api, case)
    result = await call(client, case, *case.args())
    if case.is_list:
        items: list[Any] = result.data
        page_state = (result.has_more, result.next_cursor)
        assert type(result) is (Page if kind == "sync" else AsyncPage)
        assert [type(item) for item in items] == [case.model, case.model]
        assert [item.id for item in items] == [i["id"] for i in case.response["data"]]
        assert page_state == (True, "cur_page_2")
        obj: Any = items[0]
    else:
        assert type(result) is case.model
        obj = result
    for path, expected in case.values.items():
        assert value_at(obj, path) == expected, path
    for timestamp in ("created_at", "updated_at", "submitted_at", "expires_at"):
        value = getattr(obj, timestamp, None)
        if isinstance(value, datetime):
            assert value.utcoffset() == timedelta(0), f"{timestamp} must be aware UTC"


@pytest.mark.parametrize("status", [204, 200])
@pytest.mark.parametrize("case", BODILESS_ANSWERS)
async def test_bodiless_answers_return_none(
    client: AnyClient, api: respx.MockRouter, case: Case, status: int
) -> None:
    route = answer(api, case, status=status)
    assert await call(client, case, *case.args()) is None
    assert route.call_count == 1


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL)
async def test_a_404_becomes_not_found_with_the_request_id(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    error = {"type": "not_found", "message": "No such resource", "request_id": REQUEST_ID}
    route = answer(api, case, status=404, json={"error": error})
    with pytest.raises(FirstHandNotFoundError) as info:
        await call(client, case, *case.args())
    assert (info.value.status, info.value.type) == (404, "not_found")
    assert info.value.request_id == REQUEST_ID
    assert info.value.message == "No such resource"
    assert route.call_count == 1, "a 404 is not retried"


@pytest.mark.parametrize("case", ALL)
async def test_a_400_validation_error_keeps_its_details(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    details = [{"field": "description", "message": "required"}]
    error = {
        "type": "validation_error",
        "message": "description is required",
        "request_id": REQUEST_ID,
        "details": details,
    }
    answer(api, case, status=400, json={"error": error})
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, case, *case.args())
    assert (info.value.status, info.value.type) == (400, "validation_error")
    assert info.value.details == details
    assert info.value.request_id == REQUEST_ID


# -- local validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", WITH_BODY)
async def test_an_invalid_body_is_refused_before_sending(
    client: AnyClient, api: respx.MockRouter, case: Case
) -> None:
    route = answer(api, case)
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, case, *case.args(body=case.bad_body))
    assert info.value.status is None
    assert [d["field"] for d in info.value.details] == [case.bad_field]
    assert case.bad_field in str(info.value)
    assert route.call_count == 0


@pytest.mark.parametrize("case", WITH_BODY)
async def test_validate_requests_false_sends_the_body_as_given(
    api: respx.MockRouter, case: Case, kind: str
) -> None:
    route = answer(api, case)
    options: dict[str, Any] = {"api_key": API_KEY, "validate_requests": False}
    if kind == "sync":
        with FirstHandClient(**options) as sync_client:
            await call(sync_client, case, *case.args(body=case.bad_body))
    else:
        async with AsyncFirstHandClient(**options) as async_client:
            await call(async_client, case, *case.args(body=case.bad_body))
    request = sent(route)
    assert json.loads(request.content) == case.bad_body
    assert request.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(("case", "bad", "expected"), WITH_BAD_FILTERS)
async def test_a_bad_filter_is_refused_before_sending(
    client: AnyClient,
    api: respx.MockRouter,
    case: Case,
    bad: dict[str, Any],
    expected: str,
) -> None:
    route = answer(api, case)
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, case, *case.args(), **bad)
    assert info.value.status is None
    assert [d["field"] for d in info.value.details] == [expected]
    assert route.call_count == 0


# -- the table covers the surface -----------------------------------------------------------------

#: Public client attributes that are not operations of the table.
NOT_OPERATIONS = frozenset(
    {
        "wait_for_job",
        "create_job_and_wait",
        "download_job_files",
        "with_raw_response",
        "close",
        "aclose",
        "with_options",
    }
)


def test_the_table_covers_every_operation() -> None:
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names)) > 0
    assert [case.name for case in CASES] == names


@pytest.mark.parametrize("case", ALL)
def test_the_table_matches_the_declared_operation(case: Case) -> None:
    (op,) = [op for op in OPERATIONS if op.name == case.name]
    assert (op.method, re.sub(r"\{\w+\}", "{id}", op.path)) == (case.method, case.path)
    assert (op.body is not None) == (case.body is not None)
    assert op.body is case.body_model


@pytest.mark.parametrize("client_class", [FirstHandClient, AsyncFirstHandClient])
def test_each_client_has_exactly_one_public_method_per_operation(
    client_class: type[AnyClient],
) -> None:
    public: set[str] = set()
    for name in dir(client_class):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(client_class, name)
        if isinstance(attribute, property):
            continue
        public.add(name)
    operations = {op.name for op in OPERATIONS}
    assert operations <= public, f"missing: {sorted(operations - public)}"
    assert public - operations <= NOT_OPERATIONS, (
        f"not in OPERATIONS: {sorted(public - operations - NOT_OPERATIONS)}"
    )
    is_async = client_class is AsyncFirstHandClient
    for name in operations:
        method = getattr(client_class, name)
        assert inspect.iscoroutinefunction(method) is is_async, name


@pytest.mark.parametrize("lookalike", [True, 1.0])
def test_a_valid_query_seen_before_does_not_let_an_equal_lookalike_through(
    lookalike: object,
) -> None:
    """Encoded queries are memoised; ``True == 1 == 1.0`` must not turn an invalid ``limit`` into
    a cache hit of the valid one."""
    with respx.mock(base_url="https://api.firsthandapi.com") as mock:
        route = mock.get("/v1/jobs").respond(
            200, json={"object": "list", "data": [], "has_more": False}
        )
        client = FirstHandClient(api_key="fh_test_sk_querycache000000000000")
        client.list_jobs(limit=1)
        client.list_jobs(limit=1)
        assert route.call_count == 2
        with pytest.raises(FirstHandValidationError) as info:
            client.list_jobs(limit=lookalike)  # type: ignore[arg-type]
        assert [d["field"] for d in info.value.details] == ["limit"]
        assert route.call_count == 2
