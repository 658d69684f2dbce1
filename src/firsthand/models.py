"""The public models: responses (tolerant), request bodies (strict), their dict twins, pages.

Examples:
    >>> from firsthand.models import Job, JobCreateParams, JobCreateParamsDict, Page
    >>> sorted(Job.model_fields)[:3]
    ['accepted_formats', 'buyer_rating', 'cancelled_at']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Public name -> the private module that defines it: ``from firsthand.models import Job`` loads the
#: jobs models only (each model module costs a few milliseconds to import). ``tests/test_public_api.py``
#: checks that this table, ``__all__`` and the ``TYPE_CHECKING`` imports agree.
_LAZY: dict[str, str] = {
    "AcceptedFormat": "._models.jobs",
    "ApiKey": "._models.api_keys",
    "ApiKeyCreateParams": "._models.api_keys",
    "ApiKeyCreateParamsDict": "._models.api_keys",
    "ApiKeyEnvironment": "._models.api_keys",
    "ApiKeyScope": "._models.api_keys",
    "AsyncPage": "._pagination",
    "AuditActor": "._models.audit",
    "AuditEvent": "._models.audit",
    "AuditResource": "._models.audit",
    "CheckoutSession": "._models.billing",
    "CreditBalance": "._models.billing",
    "CreditPurchaseParams": "._models.billing",
    "CreditPurchaseParamsDict": "._models.billing",
    "CreditTransaction": "._models.billing",
    "DeviceInfo": "._models.files",
    "FirstHandModel": "._models._base",
    "Job": "._models.jobs",
    "JobCreateParams": "._models.jobs",
    "JobCreateParamsDict": "._models.jobs",
    "JobFile": "._models.files",
    "JobFilesParams": "._models.files",
    "JobLocation": "._models.jobs",
    "JobLocationDict": "._models.jobs",
    "JobLocationParams": "._models.jobs",
    "JobRateParams": "._models.jobs",
    "JobRateParamsDict": "._models.jobs",
    "JobStatus": "._models.jobs",
    "JobSubmissionsParams": "._models.submissions",
    "JobType": "._models.jobs",
    "ListAuditEventsParams": "._models.audit",
    "ListEnvelope": "._models._list",
    "ListJobsParams": "._models.jobs",
    "ListSubmissionsParams": "._models.submissions",
    "ListTransactionsParams": "._models.billing",
    "ListWebhookEventsParams": "._models.webhooks",
    "OrganizationSettings": "._models.organization",
    "OrganizationSettingsUpdateParams": "._models.organization",
    "OrganizationSettingsUpdateParamsDict": "._models.organization",
    "Page": "._pagination",
    "PageParams": "._models._list",
    "RequestModel": "._models._base",
    "SignupParams": "._models.auth",
    "SignupParamsDict": "._models.auth",
    "SignupResult": "._models.auth",
    "Submission": "._models.submissions",
    "SubmissionStatus": "._models.submissions",
    "SubmissionSummary": "._models.submissions",
    "SubmissionSummaryParams": "._models.submissions",
    "Timestamp": "._models._base",
    "TransactionType": "._models.billing",
    "WebhookDeliveryStatus": "._models.webhooks",
    "WebhookEndpoint": "._models.webhooks",
    "WebhookEndpointCreateParams": "._models.webhooks",
    "WebhookEndpointCreateParamsDict": "._models.webhooks",
    "WebhookEndpointStatus": "._models.webhooks",
    "WebhookEndpointUpdateParams": "._models.webhooks",
    "WebhookEndpointUpdateParamsDict": "._models.webhooks",
    "WebhookEvent": "._models.webhooks",
    "WebhookEventType": "._models.webhooks",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'firsthand.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, "firsthand"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
