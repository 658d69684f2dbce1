"""Every API operation, declared once: every fact about it, in one typed table.

An ``Operation`` carries all the endpoint's contract: method, path, tag, the scopes that allow it,
the success status, whether ``Idempotency-Key`` is required, whether it long-polls, whether it
needs an API key, the error statuses it documents, and its request and response models. Both
clients' typed methods, the OpenAPI document (``scripts/openapi_document.py``) and the stand-in's routing
(``firsthand.testing``) read these declarations; none of them restates a fact. The facts come
from the settled contract written in ``docs/decisions.md``.

Models are named by a loader (``lambda: jobs.Job``) over a module imported on first use, so
importing a client does not import pydantic, while mypy and pyright check each loader's class
against the constant's ``Operation[...]`` annotation.
"""

from __future__ import annotations

import importlib
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Generic, Literal, Optional, TypeVar, overload

from ._frozen import Frozen

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ._models import (
        _list,
        api_keys,
        audit,
        auth,
        billing,
        files,
        job_requests,
        jobs,
        organization,
        submissions,
        webhooks,
    )
    from ._models._base import RequestModel
    from ._models.api_keys import ApiKey, ApiKeyList, ApiKeyScope
    from ._models.audit import AuditEventList
    from ._models.auth import SignupResult
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

__all__ = ["OPERATIONS", "ROUTED", "SIGNUP", "ErrorStatus", "Operation", "Tag"]

ResultT = TypeVar("ResultT", bound="Optional[BaseModel]", covariant=True)
_R = TypeVar("_R", bound="BaseModel")

HttpMethod = Literal["GET", "POST", "PATCH", "DELETE"]

#: The OpenAPI tags, in the order the document lists them.
Tag = Literal[
    "Jobs",
    "Files",
    "Submissions",
    "API keys",
    "Webhook endpoints",
    "Webhook events",
    "Billing",
    "Organization",
    "Audit events",
    "Auth",
]

#: The error statuses an operation can document (``5XX``: any server error).
ErrorStatus = Literal["400", "401", "402", "403", "404", "409", "422", "429", "5XX"]

SuccessStatus = Literal[200, 201, 204]

_PATH_PARAMETER = r"\{([^}]+)\}"  # compiled on first use


class _Lazy:
    """A module of ``firsthand._models``, imported on first attribute access."""

    def __init__(self, name: str) -> None:
        self._name = "firsthand._models." + name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


if not TYPE_CHECKING:
    (
        _list,
        api_keys,
        audit,
        auth,
        billing,
        files,
        job_requests,
        jobs,
        organization,
        submissions,
        webhooks,
    ) = (
        _Lazy(name)
        for name in (
            "_list",
            "api_keys",
            "audit",
            "auth",
            "billing",
            "files",
            "job_requests",
            "jobs",
            "organization",
            "submissions",
            "webhooks",
        )
    )


class Operation(Frozen, Generic[ResultT]):
    """One endpoint of the API, with every fact about it.

    ``result`` is the model a 2xx body is parsed into (``None`` for bodiless answers such as 204);
    ``body``/``query`` are the request models that validate what is sent. ``scopes``: an API key
    with any one of them may call the operation (none listed: any valid key).

    Examples:
        >>> GET_JOB.method, GET_JOB.path, GET_JOB.result.__name__
        ('GET', '/v1/jobs/{job_id}', 'Job')
        >>> CREATE_JOB.status, CREATE_JOB.idempotency_required, CREATE_JOB.scopes
        (201, True, ('jobs:write',))
        >>> GET_JOB.long_poll, GET_JOB.error_statuses
        (True, ('401', '403', '404', '429', '5XX'))
        >>> LIST_JOBS.query_parameters
        ('limit', 'cursor', 'status', 'type')
    """

    _fields = _repr = (
        "name",
        "method",
        "path",
        "tag",
        "scopes",
        "status",
        "load_result",
        "load_body",
        "load_query",
        "idempotency_required",
        "long_poll",
        "auth",
        "extra_errors",
    )
    #: The loaders are not facts of the operation: two loaders of one model compare equal.
    _compare = tuple(name for name in _fields if not name.startswith("load_"))

    name: str
    method: HttpMethod
    path: str
    tag: Tag
    scopes: tuple[ApiKeyScope, ...]
    status: SuccessStatus
    load_result: Optional[Callable[[], type[ResultT]]]
    load_body: Optional[Callable[[], type[RequestModel]]]
    load_query: Optional[Callable[[], type[RequestModel]]]
    #: The server answers a POST without ``Idempotency-Key`` with a 400 (the SDK sends one on
    #: every POST anyway).
    idempotency_required: bool
    #: ``Prefer: wait=N`` holds the request until the resource changes (long polling).
    long_poll: bool
    #: Whether the request needs an API key (``Authorization: Bearer``).
    auth: bool
    #: Error statuses beyond those every operation of its shape answers (see ``error_statuses``).
    extra_errors: tuple[ErrorStatus, ...]

    def __init__(
        self,
        name: str,
        method: HttpMethod,
        path: str,
        tag: Tag,
        scopes: tuple[ApiKeyScope, ...],
        status: SuccessStatus,
        load_result: Optional[Callable[[], type[ResultT]]] = None,
        load_body: Optional[Callable[[], type[RequestModel]]] = None,
        load_query: Optional[Callable[[], type[RequestModel]]] = None,
        idempotency_required: bool = False,
        long_poll: bool = False,
        auth: bool = True,
        extra_errors: tuple[ErrorStatus, ...] = (),
    ) -> None:
        put = object.__setattr__
        put(self, "name", name)
        put(self, "method", method)
        put(self, "path", path)
        put(self, "tag", tag)
        put(self, "scopes", scopes)
        put(self, "status", status)
        put(self, "load_result", load_result)
        put(self, "load_body", load_body)
        put(self, "load_query", load_query)
        put(self, "idempotency_required", idempotency_required)
        put(self, "long_poll", long_poll)
        put(self, "auth", auth)
        put(self, "extra_errors", extra_errors)

    @cached_property
    def result(self) -> Optional[type[ResultT]]:
        """The response model (loaded on first use)."""
        return None if self.load_result is None else self.load_result()

    @cached_property
    def body(self) -> Optional[type[RequestModel]]:
        """The request-body model (loaded on first use)."""
        return None if self.load_body is None else self.load_body()

    @cached_property
    def query(self) -> Optional[type[RequestModel]]:
        """The query-parameter model (loaded on first use)."""
        return None if self.load_query is None else self.load_query()

    @property
    def has_body(self) -> bool:
        """Whether the request carries a JSON body (without loading its model)."""
        return self.load_body is not None

    @property
    def has_query(self) -> bool:
        """Whether the operation takes query parameters (without loading their model)."""
        return self.load_query is not None

    @property
    def path_parameters(self) -> tuple[str, ...]:
        """The names in ``{…}`` in the path, in order.

        Examples:
            >>> GET_JOB_FILES.path_parameters
            ('job_id',)
        """
        return tuple(re.findall(_PATH_PARAMETER, self.path))

    @cached_property
    def query_parameters(self) -> tuple[str, ...]:
        """The query parameters' wire names, read from the query model (empty without one)."""
        query = self.query
        if query is None:
            return ()
        return tuple(info.alias or name for name, info in query.model_fields.items())

    @property
    def error_statuses(self) -> tuple[ErrorStatus, ...]:
        """Every error status the operation documents, sorted.

        Every operation can answer 429 and 5XX, and one that needs a key 401 and 403; a request
        with a body, a query or a POST can be a 400; a path naming a resource can be a 404; a POST
        can conflict (409: the resource's state, or a reused ``Idempotency-Key``). Then
        ``extra_errors``.
        """
        statuses: set[ErrorStatus] = {"429", "5XX"}
        if self.auth:
            statuses.update(("401", "403"))
        if self.method == "POST" or self.has_body or self.has_query:
            statuses.add("400")
        if self.path_parameters:
            statuses.add("404")
        if self.method == "POST" and self.auth:
            statuses.add("409")
        statuses.update(self.extra_errors)
        return tuple(sorted(statuses))


@overload
def _op(
    name: str,
    method: HttpMethod,
    path: str,
    result: Callable[[], type[_R]],
    *,
    tag: Tag,
    scopes: tuple[ApiKeyScope, ...],
    status: Literal[200, 201] = 200,
    body: Optional[Callable[[], type[RequestModel]]] = None,
    query: Optional[Callable[[], type[RequestModel]]] = None,
    idempotency_required: bool = False,
    long_poll: bool = False,
    auth: bool = True,
    errors: tuple[ErrorStatus, ...] = (),
) -> Operation[_R]: ...


@overload
def _op(
    name: str,
    method: HttpMethod,
    path: str,
    result: None,
    *,
    tag: Tag,
    scopes: tuple[ApiKeyScope, ...],
    status: Literal[204] = 204,
    body: Optional[Callable[[], type[RequestModel]]] = None,
    query: Optional[Callable[[], type[RequestModel]]] = None,
    idempotency_required: bool = False,
    long_poll: bool = False,
    auth: bool = True,
    errors: tuple[ErrorStatus, ...] = (),
) -> Operation[None]: ...


def _op(
    name: str,
    method: HttpMethod,
    path: str,
    result: Optional[Callable[[], type[_R]]],
    *,
    tag: Tag,
    scopes: tuple[ApiKeyScope, ...],
    status: Optional[SuccessStatus] = None,
    body: Optional[Callable[[], type[RequestModel]]] = None,
    query: Optional[Callable[[], type[RequestModel]]] = None,
    idempotency_required: bool = False,
    long_poll: bool = False,
    auth: bool = True,
    errors: tuple[ErrorStatus, ...] = (),
) -> Operation[Optional[_R]]:
    """One row of the table: a bodiless answer is a 204, any other a 200 unless ``status`` says."""
    if idempotency_required and method != "POST":
        raise ValueError(f"{name}: only a POST can require Idempotency-Key")
    return Operation(
        name,
        method,
        path,
        tag,
        scopes,
        status if status is not None else (204 if result is None else 200),
        load_result=result,
        load_body=body,
        load_query=query,
        idempotency_required=idempotency_required,
        long_poll=long_poll,
        auth=auth,
        extra_errors=errors,
    )


_JOBS_READ: tuple[ApiKeyScope, ...] = ("jobs:read",)
_JOBS_WRITE: tuple[ApiKeyScope, ...] = ("jobs:write",)
_HOOKS_READ: tuple[ApiKeyScope, ...] = ("webhooks:read",)
_HOOKS_WRITE: tuple[ApiKeyScope, ...] = ("webhooks:write",)
_KEYS: tuple[ApiKeyScope, ...] = ("keys:manage",)
_BILLING_READ: tuple[ApiKeyScope, ...] = ("billing:read", "usage:read")
_BILLING_WRITE: tuple[ApiKeyScope, ...] = ("billing:write",)
_ANY_KEY: tuple[ApiKeyScope, ...] = ()

# -- jobs ----------------------------------------------------------------------------------------
CREATE_JOB: Operation[Job] = _op(
    "create_job",
    "POST",
    "/v1/jobs",
    lambda: jobs.Job,
    body=lambda: job_requests.JobCreateParams,
    tag="Jobs",
    scopes=_JOBS_WRITE,
    status=201,
    idempotency_required=True,
    errors=("402",),  # the available balance cannot cover the escrow
)
GET_JOB: Operation[Job] = _op(
    "get_job",
    "GET",
    "/v1/jobs/{job_id}",
    lambda: jobs.Job,
    tag="Jobs",
    scopes=_JOBS_READ,
    long_poll=True,
)
LIST_JOBS: Operation[JobList] = _op(
    "list_jobs",
    "GET",
    "/v1/jobs",
    lambda: jobs.JobList,
    query=lambda: job_requests.ListJobsParams,
    tag="Jobs",
    scopes=_JOBS_READ,
)
CANCEL_JOB: Operation[Job] = _op(
    "cancel_job",
    "POST",
    "/v1/jobs/{job_id}/cancel",
    lambda: jobs.Job,
    tag="Jobs",
    scopes=_JOBS_WRITE,
    idempotency_required=True,
)
RATE_JOB: Operation[Job] = _op(
    "rate_job",
    "POST",
    "/v1/jobs/{job_id}/rate",
    lambda: jobs.Job,
    body=lambda: job_requests.JobRateParams,
    tag="Jobs",
    scopes=_JOBS_WRITE,
    idempotency_required=True,
)
GET_JOB_FILES: Operation[JobFileList] = _op(
    "get_job_files",
    "GET",
    "/v1/jobs/{job_id}/files",
    lambda: files.JobFileList,
    query=lambda: files.JobFilesParams,
    tag="Files",
    scopes=_JOBS_READ,
)
GET_JOB_SUBMISSIONS: Operation[SubmissionList] = _op(
    "get_job_submissions",
    "GET",
    "/v1/jobs/{job_id}/submissions",
    lambda: submissions.SubmissionList,
    query=lambda: submissions.JobSubmissionsParams,
    tag="Submissions",
    scopes=_JOBS_READ,
)
GET_JOB_AUDIT: Operation[AuditEventList] = _op(
    "get_job_audit",
    "GET",
    "/v1/jobs/{job_id}/audit",
    lambda: audit.AuditEventList,
    query=lambda: _list.PageParams,
    tag="Audit events",
    scopes=("jobs:read", "audit:read"),
)

# -- files ---------------------------------------------------------------------------------------
REFRESH_FILE_URL: Operation[JobFile] = _op(
    "refresh_file_url",
    "POST",
    "/v1/files/{file_id}/refresh_url",
    lambda: files.JobFile,
    tag="Files",
    scopes=_JOBS_READ,
)

# -- submissions ---------------------------------------------------------------------------------
LIST_SUBMISSIONS: Operation[SubmissionList] = _op(
    "list_submissions",
    "GET",
    "/v1/submissions",
    lambda: submissions.SubmissionList,
    query=lambda: submissions.ListSubmissionsParams,
    tag="Submissions",
    scopes=_JOBS_READ,
)
GET_SUBMISSION: Operation[Submission] = _op(
    "get_submission",
    "GET",
    "/v1/submissions/{submission_id}",
    lambda: submissions.Submission,
    tag="Submissions",
    scopes=_JOBS_READ,
)
GET_SUBMISSION_SUMMARY: Operation[SubmissionSummary] = _op(
    "get_submission_summary",
    "GET",
    "/v1/submissions/summary",
    lambda: submissions.SubmissionSummary,
    query=lambda: submissions.SubmissionSummaryParams,
    tag="Submissions",
    scopes=_JOBS_READ,
    errors=("404",),  # `job_id` names a job that does not exist (in this account)
)

# -- API keys ------------------------------------------------------------------------------------
CREATE_API_KEY: Operation[ApiKey] = _op(
    "create_api_key",
    "POST",
    "/v1/api_keys",
    lambda: api_keys.ApiKey,
    body=lambda: api_keys.ApiKeyCreateParams,
    tag="API keys",
    scopes=_KEYS,
    idempotency_required=True,
)
LIST_API_KEYS: Operation[ApiKeyList] = _op(
    "list_api_keys",
    "GET",
    "/v1/api_keys",
    lambda: api_keys.ApiKeyList,
    query=lambda: _list.PageParams,
    tag="API keys",
    scopes=_KEYS,
)
ROTATE_API_KEY: Operation[ApiKey] = _op(
    "rotate_api_key",
    "POST",
    "/v1/api_keys/{key_id}/rotate",
    lambda: api_keys.ApiKey,
    tag="API keys",
    scopes=_KEYS,
)
REVOKE_API_KEY: Operation[None] = _op(
    "revoke_api_key",
    "POST",
    "/v1/api_keys/{key_id}/revoke",
    None,
    tag="API keys",
    scopes=_KEYS,
)

# -- webhook endpoints and events ----------------------------------------------------------------
CREATE_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "create_webhook_endpoint",
    "POST",
    "/v1/webhook_endpoints",
    lambda: webhooks.WebhookEndpoint,
    body=lambda: webhooks.WebhookEndpointCreateParams,
    tag="Webhook endpoints",
    scopes=_HOOKS_WRITE,
    idempotency_required=True,
    errors=("422",),  # a URL that is not https
)
LIST_WEBHOOK_ENDPOINTS: Operation[WebhookEndpointList] = _op(
    "list_webhook_endpoints",
    "GET",
    "/v1/webhook_endpoints",
    lambda: webhooks.WebhookEndpointList,
    query=lambda: _list.PageParams,
    tag="Webhook endpoints",
    scopes=_HOOKS_READ,
)
GET_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "get_webhook_endpoint",
    "GET",
    "/v1/webhook_endpoints/{endpoint_id}",
    lambda: webhooks.WebhookEndpoint,
    tag="Webhook endpoints",
    scopes=_HOOKS_READ,
)
UPDATE_WEBHOOK_ENDPOINT: Operation[WebhookEndpoint] = _op(
    "update_webhook_endpoint",
    "PATCH",
    "/v1/webhook_endpoints/{endpoint_id}",
    lambda: webhooks.WebhookEndpoint,
    body=lambda: webhooks.WebhookEndpointUpdateParams,
    tag="Webhook endpoints",
    scopes=_HOOKS_WRITE,
    errors=("422",),  # a URL that is not https
)
DELETE_WEBHOOK_ENDPOINT: Operation[None] = _op(
    "delete_webhook_endpoint",
    "DELETE",
    "/v1/webhook_endpoints/{endpoint_id}",
    None,
    tag="Webhook endpoints",
    scopes=_HOOKS_WRITE,
)
ROTATE_WEBHOOK_SECRET: Operation[WebhookEndpoint] = _op(
    "rotate_webhook_secret",
    "POST",
    "/v1/webhook_endpoints/{endpoint_id}/rotate_secret",
    lambda: webhooks.WebhookEndpoint,
    tag="Webhook endpoints",
    scopes=_HOOKS_WRITE,
)
LIST_WEBHOOK_EVENTS: Operation[WebhookEventList] = _op(
    "list_webhook_events",
    "GET",
    "/v1/webhook_events",
    lambda: webhooks.WebhookEventList,
    query=lambda: webhooks.ListWebhookEventsParams,
    tag="Webhook events",
    scopes=_HOOKS_READ,
)
REPLAY_WEBHOOK_EVENT: Operation[WebhookEvent] = _op(
    "replay_webhook_event",
    "POST",
    "/v1/webhook_events/{event_id}/replay",
    lambda: webhooks.WebhookEvent,
    tag="Webhook events",
    scopes=_HOOKS_WRITE,
)

# -- billing -------------------------------------------------------------------------------------
GET_CREDIT_BALANCE: Operation[CreditBalance] = _op(
    "get_credit_balance",
    "GET",
    "/v1/billing/credits",
    lambda: billing.CreditBalance,
    tag="Billing",
    scopes=_BILLING_READ,
)
LIST_TRANSACTIONS: Operation[CreditTransactionList] = _op(
    "list_transactions",
    "GET",
    "/v1/billing/transactions",
    lambda: billing.CreditTransactionList,
    query=lambda: billing.ListTransactionsParams,
    tag="Billing",
    scopes=_BILLING_READ,
)
PURCHASE_CREDITS: Operation[CheckoutSession] = _op(
    "purchase_credits",
    "POST",
    "/v1/billing/credits/purchase",
    lambda: billing.CheckoutSession,
    body=lambda: billing.CreditPurchaseParams,
    tag="Billing",
    scopes=_BILLING_WRITE,
    idempotency_required=True,
)

# -- organization --------------------------------------------------------------------------------
GET_SETTINGS: Operation[OrganizationSettings] = _op(
    "get_settings",
    "GET",
    "/v1/organization/settings",
    lambda: organization.OrganizationSettings,
    tag="Organization",
    scopes=_ANY_KEY,
)
UPDATE_SETTINGS: Operation[OrganizationSettings] = _op(
    "update_settings",
    "PATCH",
    "/v1/organization/settings",
    lambda: organization.OrganizationSettings,
    body=lambda: organization.OrganizationSettingsUpdateParams,
    tag="Organization",
    scopes=_BILLING_WRITE,
)

# -- audit ---------------------------------------------------------------------------------------
LIST_AUDIT_EVENTS: Operation[AuditEventList] = _op(
    "list_audit_events",
    "GET",
    "/v1/audit-events",
    lambda: audit.AuditEventList,
    query=lambda: audit.ListAuditEventsParams,
    tag="Audit events",
    scopes=("audit:read",),
)

# -- without a key -------------------------------------------------------------------------------
#: Creates an organization and its first live key. The clients have no method for it, so it is
#: not in ``OPERATIONS`` (nor in the OpenAPI document); the stand-in routes it.
SIGNUP: Operation[SignupResult] = _op(
    "signup",
    "POST",
    "/v1/auth/signup",
    lambda: auth.SignupResult,
    body=lambda: auth.SignupParams,
    tag="Auth",
    scopes=_ANY_KEY,
    auth=False,
)

#: Every operation of the clients, in the order of the reference (the OpenAPI document follows it).
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

#: Everything the API routes: the clients' operations and those without a method (signup).
ROUTED: tuple[Operation[Any], ...] = (*OPERATIONS, SIGNUP)
