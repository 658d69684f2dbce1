"""The public models: responses (tolerant), request bodies (strict), their dict twins, pages.

Examples:
    >>> from firsthand.models import Job, JobCreateParams, JobCreateParamsDict, Page
    >>> sorted(Job.model_fields)[:3]
    ['accepted_formats', 'buyer_rating', 'cancelled_at']
"""

from __future__ import annotations

from ._models._base import FirstHandModel, RequestModel, Timestamp
from ._models._list import ListEnvelope, PageParams
from ._models.api_keys import (
    ApiKey,
    ApiKeyCreateParams,
    ApiKeyCreateParamsDict,
    ApiKeyEnvironment,
    ApiKeyScope,
)
from ._models.audit import AuditActor, AuditEvent, AuditResource, ListAuditEventsParams
from ._models.auth import SignupParams, SignupParamsDict, SignupResult
from ._models.billing import (
    CheckoutSession,
    CreditBalance,
    CreditPurchaseParams,
    CreditPurchaseParamsDict,
    CreditTransaction,
    ListTransactionsParams,
    TransactionType,
)
from ._models.files import DeviceInfo, JobFile, JobFilesParams
from ._models.jobs import (
    AcceptedFormat,
    Job,
    JobCreateParams,
    JobCreateParamsDict,
    JobLocation,
    JobLocationDict,
    JobLocationParams,
    JobRateParams,
    JobRateParamsDict,
    JobStatus,
    JobType,
    ListJobsParams,
)
from ._models.organization import (
    OrganizationSettings,
    OrganizationSettingsUpdateParams,
    OrganizationSettingsUpdateParamsDict,
)
from ._models.submissions import (
    JobSubmissionsParams,
    ListSubmissionsParams,
    Submission,
    SubmissionStatus,
    SubmissionSummary,
    SubmissionSummaryParams,
)
from ._models.webhooks import (
    ListWebhookEventsParams,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointCreateParams,
    WebhookEndpointCreateParamsDict,
    WebhookEndpointStatus,
    WebhookEndpointUpdateParams,
    WebhookEndpointUpdateParamsDict,
    WebhookEvent,
    WebhookEventType,
)
from ._pagination import AsyncPage, Page

__all__ = [
    "AcceptedFormat",
    "ApiKey",
    "ApiKeyCreateParams",
    "ApiKeyCreateParamsDict",
    "ApiKeyEnvironment",
    "ApiKeyScope",
    "AsyncPage",
    "AuditActor",
    "AuditEvent",
    "AuditResource",
    "CheckoutSession",
    "CreditBalance",
    "CreditPurchaseParams",
    "CreditPurchaseParamsDict",
    "CreditTransaction",
    "DeviceInfo",
    "FirstHandModel",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobFile",
    "JobFilesParams",
    "JobLocation",
    "JobLocationDict",
    "JobLocationParams",
    "JobRateParams",
    "JobRateParamsDict",
    "JobStatus",
    "JobSubmissionsParams",
    "JobType",
    "ListAuditEventsParams",
    "ListEnvelope",
    "ListJobsParams",
    "ListSubmissionsParams",
    "ListTransactionsParams",
    "ListWebhookEventsParams",
    "OrganizationSettings",
    "OrganizationSettingsUpdateParams",
    "OrganizationSettingsUpdateParamsDict",
    "Page",
    "PageParams",
    "RequestModel",
    "SignupParams",
    "SignupParamsDict",
    "SignupResult",
    "Submission",
    "SubmissionStatus",
    "SubmissionSummary",
    "SubmissionSummaryParams",
    "Timestamp",
    "TransactionType",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEndpointCreateParams",
    "WebhookEndpointCreateParamsDict",
    "WebhookEndpointStatus",
    "WebhookEndpointUpdateParams",
    "WebhookEndpointUpdateParamsDict",
    "WebhookEvent",
    "WebhookEventType",
]
