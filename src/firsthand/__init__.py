"""firsthand: the typed Python SDK for FirstHandAPI.

Importing the package is cheap: names are loaded on first use.

Examples:
    >>> import firsthand
    >>> firsthand.__version__ == firsthand._version.__version__
    True
    >>> from firsthand import FirstHandClient, Job, FirstHandError
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._async_client import AsyncFirstHandClient
    from ._exceptions import (
        ErrorDetail,
        FirstHandAuthenticationError,
        FirstHandConflictError,
        FirstHandConnectionError,
        FirstHandDeprecationWarning,
        FirstHandDownloadError,
        FirstHandError,
        FirstHandIdempotencyError,
        FirstHandInsufficientCreditsError,
        FirstHandNotFoundError,
        FirstHandPermissionError,
        FirstHandRateLimitError,
        FirstHandResponseValidationError,
        FirstHandServerError,
        FirstHandSignatureVerificationError,
        FirstHandTimeoutError,
        FirstHandValidationError,
    )
    from ._models.api_keys import ApiKey
    from ._models.audit import AuditEvent
    from ._models.auth import SignupResult
    from ._models.billing import CheckoutSession, CreditBalance, CreditTransaction
    from ._models.events import Event, UnknownEvent
    from ._models.files import JobFile
    from ._models.job_requests import JobCreateParams, JobCreateParamsDict
    from ._models.jobs import Job
    from ._models.organization import OrganizationSettings
    from ._models.submissions import Submission, SubmissionSummary
    from ._models.webhooks import WEBHOOK_EVENT_TYPES, WebhookEndpoint, WebhookEvent
    from ._pagination import AsyncPage, Page
    from ._response import RateLimit, RawResponse
    from ._retry import RetryInfo
    from ._streaming import (
        AsyncFirstHandClientWithStreamingResponse,
        AsyncStreamedFile,
        FirstHandClientWithStreamingResponse,
        StreamedFile,
    )
    from ._sync_client import FirstHandClient
    from ._types import (
        BodyRequestOptions,
        CreateAndWaitOptions,
        PostBodyRequestOptions,
        PostRequestOptions,
        RequestOptions,
        WaitOptions,
    )
    from ._webhooks import construct_event, generate_webhook_signature, verify_webhook_signature

#: Public name -> the private module that defines it. ``tests/test_public_api.py`` checks that this
#: table, ``__all__`` and the ``TYPE_CHECKING`` imports above never drift apart.
_LAZY: dict[str, str] = {
    "FirstHandClient": "._sync_client",
    "AsyncFirstHandClient": "._async_client",
    "ErrorDetail": "._exceptions",
    "FirstHandError": "._exceptions",
    "FirstHandValidationError": "._exceptions",
    "FirstHandAuthenticationError": "._exceptions",
    "FirstHandInsufficientCreditsError": "._exceptions",
    "FirstHandPermissionError": "._exceptions",
    "FirstHandNotFoundError": "._exceptions",
    "FirstHandConflictError": "._exceptions",
    "FirstHandIdempotencyError": "._exceptions",
    "FirstHandRateLimitError": "._exceptions",
    "FirstHandServerError": "._exceptions",
    "FirstHandConnectionError": "._exceptions",
    "FirstHandTimeoutError": "._exceptions",
    "FirstHandResponseValidationError": "._exceptions",
    "FirstHandSignatureVerificationError": "._exceptions",
    "FirstHandDeprecationWarning": "._exceptions",
    "FirstHandDownloadError": "._exceptions",
    "RetryInfo": "._retry",
    "RequestOptions": "._types",
    "PostRequestOptions": "._types",
    "BodyRequestOptions": "._types",
    "PostBodyRequestOptions": "._types",
    "Job": "._models.jobs",
    "JobCreateParams": "._models.job_requests",
    "JobCreateParamsDict": "._models.job_requests",
    "JobFile": "._models.files",
    "Submission": "._models.submissions",
    "SubmissionSummary": "._models.submissions",
    "ApiKey": "._models.api_keys",
    "WebhookEndpoint": "._models.webhooks",
    "WebhookEvent": "._models.webhooks",
    "CheckoutSession": "._models.billing",
    "CreditBalance": "._models.billing",
    "CreditTransaction": "._models.billing",
    "OrganizationSettings": "._models.organization",
    "AuditEvent": "._models.audit",
    "SignupResult": "._models.auth",
    "Page": "._pagination",
    "AsyncPage": "._pagination",
    "RawResponse": "._response",
    "StreamedFile": "._streaming",
    "AsyncStreamedFile": "._streaming",
    "FirstHandClientWithStreamingResponse": "._streaming",
    "AsyncFirstHandClientWithStreamingResponse": "._streaming",
    "RateLimit": "._response",
    "WaitOptions": "._types",
    "CreateAndWaitOptions": "._types",
    "verify_webhook_signature": "._webhooks",
    "construct_event": "._webhooks",
    "generate_webhook_signature": "._webhooks",
    "WEBHOOK_EVENT_TYPES": "._models.webhooks",
    "Event": "._models.events",
    "UnknownEvent": "._models.events",
}

__all__ = [
    "__version__",
    "FirstHandClient",
    "AsyncFirstHandClient",
    "ErrorDetail",
    "FirstHandError",
    "FirstHandValidationError",
    "FirstHandAuthenticationError",
    "FirstHandInsufficientCreditsError",
    "FirstHandPermissionError",
    "FirstHandNotFoundError",
    "FirstHandConflictError",
    "FirstHandIdempotencyError",
    "FirstHandRateLimitError",
    "FirstHandServerError",
    "FirstHandConnectionError",
    "FirstHandTimeoutError",
    "FirstHandResponseValidationError",
    "FirstHandSignatureVerificationError",
    "FirstHandDeprecationWarning",
    "FirstHandDownloadError",
    "RetryInfo",
    "RequestOptions",
    "PostRequestOptions",
    "BodyRequestOptions",
    "PostBodyRequestOptions",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "JobFile",
    "Submission",
    "SubmissionSummary",
    "ApiKey",
    "WebhookEndpoint",
    "WebhookEvent",
    "CheckoutSession",
    "CreditBalance",
    "CreditTransaction",
    "OrganizationSettings",
    "AuditEvent",
    "SignupResult",
    "Page",
    "AsyncPage",
    "RawResponse",
    "StreamedFile",
    "AsyncStreamedFile",
    "FirstHandClientWithStreamingResponse",
    "AsyncFirstHandClientWithStreamingResponse",
    "RateLimit",
    "WaitOptions",
    "CreateAndWaitOptions",
    "verify_webhook_signature",
    "construct_event",
    "generate_webhook_signature",
    "WEBHOOK_EVENT_TYPES",
    "Event",
    "UnknownEvent",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'firsthand' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
