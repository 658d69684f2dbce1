"""Every API operation, declared once: method, path, request model, response model.

Both clients' typed methods are one-liners over these declarations. Models are named here by
reference (``"module:Class"``) and loaded on first use, so importing a client does not import
pydantic; the annotations keep every declaration fully typed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Literal, Optional, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ._models._base import RequestModel
    from ._models.api_keys import ApiKey, ApiKeyList
    from ._models.audit import AuditEventList
    from ._models.billing import CheckoutSession, CreditBalance, CreditTransactionList
    from ._models.files import JobFile, JobFileList
    from ._models.jobs import Job, JobList
    from ._models.organization import OrganizationSettings
    from ._models.submissions import Submission, SubmissionList, SubmissionSummary
    from ._models.webhooks import (
        WebhookEndpoint,
        WebhookEndpointList,
        WebhookEvent,
        WebhookEventList,
    )

__all__ = ["OPERATIONS", "Operation"]

ResultT = TypeVar("ResultT", bound="Optional[BaseModel]", covariant=True)

HttpMethod = Literal["GET", "POST", "PATCH", "DELETE"]

_M = "firsthand._models."


def _load(ref: Optional[str]) -> Any:
    if ref is None:
        return None
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Operation(Generic[ResultT]):
    """One endpoint of the API.

    ``result`` is the model a 2xx body is parsed into (``None`` for bodiless answers such as 204);
    ``body``/``query`` are the request models that validate what is sent.

    Examples:
        >>> GET_JOB.method, GET_JOB.path, GET_JOB.result.__name__
        ('GET', '/v1/jobs/{job_id}', 'Job')
    """

    name: str
    method: HttpMethod
    path: str
    result_ref: Optional[str] = None
    body_ref: Optional[str] = None
    query_ref: Optional[str] = None

    @cached_property
    def result(self) -> Optional[type[ResultT]]:
        """The response model (loaded on first use)."""
        loaded: Optional[type[ResultT]] = _load(self.result_ref)
        return loaded

    @cached_property
    def body(self) -> Optional[type[RequestModel]]:
        """The request-body model (loaded on first use)."""
        loaded: Optional[type[RequestModel]] = _load(self.body_ref)
        return loaded

    @cached_property
    def query(self) -> Optional[type[RequestModel]]:
        """The query-parameter model (loaded on first use)."""
        loaded: Optional[type[RequestModel]] = _load(self.query_ref)
        return loaded


def _op(
    name: str,
    method: HttpMethod,
    path: str,
    result: Optional[str],
    *,
    body: Optional[str] = None,
    query: Optional[str] = None,
) -> Any:
    # ``Any``: each constant below carries its own ``Operation[...]`` annotation.
    op: Operation[Any] = Operation(
        name,
        method,
        path,
        result_ref=_M + result if result else None,
        body_ref=_M + body if body else None,
        query_ref=_M + query if query else None,
    )
    return op


_PAGE = "_list:PageParams"

# -- jobs ----------------------------------------------------------------------------------------
CREATE_JOB: Operation[Job] = _op(
    "create_job", "POST", "/v1/jobs", "jobs:Job", body="jobs:JobCreateParams"
)
GET_JOB: Operation[Job] = _op("get_job", "GET", "/v1/jobs/{job_id}", "jobs:Job")
LIST_JOBS: Operation[JobList] = _op(
    "list_jobs", "GET", "/v1/jobs", "jobs:JobList", query="jobs:ListJobsParams"
)
CANCEL_JOB: Operation[Job] = _op("cancel_job", "POST", "/v1/jobs/{job_id}/cancel", "jobs:Job")
RATE_JOB: Operation[Job] = _op(
    "rate_job", "POST", "/v1/jobs/{job_id}/rate", "jobs:Job", body="jobs:JobRateParams"
)
GET_JOB_FILES: Operation[JobFileList] = _op(
    "get_job_files",
    "GET",
    "/v1/jobs/{job_id}/files",
    "files:JobFileList",
    query="files:JobFilesParams",
)
GET_JOB_SUBMISSIONS: Operation[SubmissionList] = _op(
    "get_job_submissions",
    "GET",
    "/v1/jobs/{job_id}/submissions",
    "submissions:SubmissionList",
    query="submissions:JobSubmissionsParams",
)
GET_JOB_AUDIT: Operation[AuditEventList] = _op(
    "get_job_audit", "GET", "/v1/jobs/{job_id}/audit", "audit:AuditEventList", query=_PAGE
)

# -- files ---------------------------------------------------------------------------------------
REFRESH_FILE_URL: Operation[JobFile] = _op(
    "refresh_file_url", "POST", "/v1/files/{file_id}/refresh_url", "files:JobFile"
)

# -- submissions ---------------------------------------------------------------------------------
LIST_SUBMISSIONS: Operation[SubmissionList] = _op(
    "list_submissions",
    "GET",
    "/v1/submissions",
    "submissions:SubmissionList",
    query="submissions:ListSubmissionsParams",
)
GET_SUBMISSION: Operation[Submission] = _op(
    "get_submission", "GET", "/v1/submissions/{submission_id}", "submissions:Submission"
)
GET_SUBMISSION_SUMMARY: Operation[SubmissionSummary] = _op(
    "get_submission_summary",
    "GET",
    "/v1/submissions/summary",
    "submissions:SubmissionSummary",
    query="submissions:SubmissionSummaryParams",
)

# -- API keys ------------------------------------------------------------------------------------
CREATE_API_KEY: Operation[ApiKey] = _op(
    "create_api_key", "POST", "/v1/api_keys", "api_keys:ApiKey", body="api_keys:ApiKeyCreateParams"
)
LIST_API_KEYS: Operation[ApiKeyList] = _op(
    "list_api_keys", "GET", "/v1/api_keys", "api_keys:ApiKeyList", query=_PAGE
)
ROTATE_API_KEY: Operation[ApiKey] = _op(
    "rotate_api_key", "POST", "/v1/api_keys/{key_id}/rotate", "api_keys:ApiKey"
)
REVOKE_API_KEY: Operation[None] = _op(
    "revoke_api_key", "POST", "/v1/api_keys/{key_id}/revoke", None
)

# -- webhook endpoints and events ----------------------------------------------------------------
CREATE_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "create_webhook_endpoint",
    "POST",
    "/v1/webhook_endpoints",
    "webhooks:WebhookEndpoint",
    body="webhooks:WebhookEndpointCreateParams",
)
LIST_WEBHOOK_ENDPOINTS: Operation[WebhookEndpointList] = _op(
    "list_webhook_endpoints",
    "GET",
    "/v1/webhook_endpoints",
    "webhooks:WebhookEndpointList",
    query=_PAGE,
)
GET_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "get_webhook_endpoint",
    "GET",
    "/v1/webhook_endpoints/{endpoint_id}",
    "webhooks:WebhookEndpoint",
)
UPDATE_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "update_webhook_endpoint",
    "PATCH",
    "/v1/webhook_endpoints/{endpoint_id}",
    "webhooks:WebhookEndpoint",
    body="webhooks:WebhookEndpointUpdateParams",
)
DELETE_WEBHOOK_ENDPOINT: Operation[None] = _op(
    "delete_webhook_endpoint", "DELETE", "/v1/webhook_endpoints/{endpoint_id}", None
)
ROTATE_WEBHOOK_SECRET: Operation[WebhookEndpoint] = _op(
    "rotate_webhook_secret",
    "POST",
    "/v1/webhook_endpoints/{endpoint_id}/rotate_secret",
    "webhooks:WebhookEndpoint",
)
LIST_WEBHOOK_EVENTS: Operation[WebhookEventList] = _op(
    "list_webhook_events",
    "GET",
    "/v1/webhook_events",
    "webhooks:WebhookEventList",
    query="webhooks:ListWebhookEventsParams",
)
REPLAY_WEBHOOK_EVENT: Operation[WebhookEvent] = _op(
    "replay_webhook_event",
    "POST",
    "/v1/webhook_events/{event_id}/replay",
    "webhooks:WebhookEvent",
)

# -- billing -------------------------------------------------------------------------------------
GET_CREDIT_BALANCE: Operation[CreditBalance] = _op(
    "get_credit_balance", "GET", "/v1/billing/credits", "billing:CreditBalance"
)
LIST_TRANSACTIONS: Operation[CreditTransactionList] = _op(
    "list_transactions",
    "GET",
    "/v1/billing/transactions",
    "billing:CreditTransactionList",
    query="billing:ListTransactionsParams",
)
PURCHASE_CREDITS: Operation[CheckoutSession] = _op(
    "purchase_credits",
    "POST",
    "/v1/billing/credits/purchase",
    "billing:CheckoutSession",
    body="billing:CreditPurchaseParams",
)

# -- organization --------------------------------------------------------------------------------
GET_SETTINGS: Operation[OrganizationSettings] = _op(
    "get_settings", "GET", "/v1/organization/settings", "organization:OrganizationSettings"
)
UPDATE_SETTINGS: Operation[OrganizationSettings] = _op(
    "update_settings",
    "PATCH",
    "/v1/organization/settings",
    "organization:OrganizationSettings",
    body="organization:OrganizationSettingsUpdateParams",
)

# -- audit ---------------------------------------------------------------------------------------
LIST_AUDIT_EVENTS: Operation[AuditEventList] = _op(
    "list_audit_events",
    "GET",
    "/v1/audit-events",
    "audit:AuditEventList",
    query="audit:ListAuditEventsParams",
)

#: Every operation, in the order of the SURFACE table (the OpenAPI document follows it).
OPERATIONS: tuple[Operation[Any], ...] = (
    CREATE_JOB,
    GET_JOB,
    LIST_JOBS,
    CANCEL_JOB,
    RATE_JOB,
    GET_JOB_FILES,
    GET_JOB_SUBMISSIONS,
    GET_JOB_AUDIT,
    REFRESH_FILE_URL,
    LIST_SUBMISSIONS,
    GET_SUBMISSION,
    GET_SUBMISSION_SUMMARY,
    CREATE_API_KEY,
    LIST_API_KEYS,
    ROTATE_API_KEY,
    REVOKE_API_KEY,
    CREATE_WEBHOOK_ENDPOINT,
    LIST_WEBHOOK_ENDPOINTS,
    GET_WEBHOOK_ENDPOINT,
    UPDATE_WEBHOOK_ENDPOINT,
    DELETE_WEBHOOK_ENDPOINT,
    ROTATE_WEBHOOK_SECRET,
    LIST_WEBHOOK_EVENTS,
    REPLAY_WEBHOOK_EVENT,
    GET_CREDIT_BALANCE,
    LIST_TRANSACTIONS,
    PURCHASE_CREDITS,
    GET_SETTINGS,
    UPDATE_SETTINGS,
    LIST_AUDIT_EVENTS,
)
