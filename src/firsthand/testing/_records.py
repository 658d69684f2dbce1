"""The records of the stand-in's world (accounts, organizations, API keys) and the timings of
the sandbox simulation.

Objects an account holds (jobs, submissions, files, events...) are kept in wire shape, the JSON
the API answers with, as one ``TypedDict`` per object: ``mypy`` and ``pyright`` check every key
the stand-in reads or writes, so a misspelled field is a type error rather than a wrong answer.
They are written from the contract (docs/api-contract.md, docs/decisions.md) and from what the
stand-in itself writes, never from the SDK's models: the stand-in is an oracle for those. Every
key is always written (``None`` where the object has no value), so every key is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from typing_extensions import Literal, NotRequired, TypedDict

from firsthand.testing._http import FakeResponse
from firsthand.testing._rules import DAY

#: Seconds after a job is posted before the first simulated workers submit (docs/api-contract.md, "Sandbox").
WORKERS_ARRIVE_AFTER = 15.0
#: Scoring takes this long after a submission arrives, in seconds (docs/api-contract.md, "A submission").
SCORING_TAKES = (5.0, 15.0)
#: Seconds after a sandbox checkout is created until its simulated payment succeeds.
SANDBOX_CHECKOUT_PAID_AFTER = 5.0
#: Waits before webhook delivery attempts 2 to 6 (docs/api-contract.md, "Delivery").
DELIVERY_RETRY_WAITS = (60.0, 300.0, 1_800.0, 7_200.0, 28_800.0)
#: Where files are served in process; a served stand-in uses its own base URL instead.
IN_PROCESS_FILES_ORIGIN = "https://files.firsthandapi.test"
#: Pre-signed download URLs stay valid this long (docs/api-contract.md, "Files").
DOWNLOAD_URL_LIFETIME = 7 * DAY

# -- values the stand-in writes itself (docs/api-contract.md, "Lifecycles") ----------------------
Environment = Literal["live", "test"]
JobState = Literal["open", "filled", "in_progress", "completed", "cancelled"]
SubmissionState = Literal["pending_score", "approved", "rejected", "retry_pending"]
EndpointState = Literal["enabled", "disabled"]
DeliveryState = Literal["pending", "delivered", "failed"]
CheckoutState = Literal["open", "complete"]
TransactionKind = Literal["purchase", "bonus", "free_tier", "deduction", "refund"]


# -- jobs, submissions, files --------------------------------------------------------------------
class LocationRecord(TypedDict):
    """Where a job's files are to be captured, as the buyer gave it."""

    lat: float
    lng: float
    radius_km: NotRequired[float]


class JobRecord(TypedDict):
    """A job (``job_…``) as ``create_job`` and ``get_job`` answer it."""

    object: Literal["job"]
    id: str
    type: str
    status: JobState
    title: Optional[str]
    description: str
    files_needed: int
    files_approved: int
    files_pending: int
    files_rejected: int
    accepted_formats: List[str]
    price_per_file_cents: int
    total_cost_cents: int
    location: Optional[LocationRecord]
    deadline: Optional[str]
    max_workers: Optional[int]
    metadata: Optional[Dict[str, object]]
    files_per_submission: int
    scoring_criteria: Optional[str]
    min_star_rating: int
    min_width: Optional[int]
    min_height: Optional[int]
    worker_guidelines: Optional[str]
    buyer_rating: Optional[int]
    created_at: str
    updated_at: str
    completed_at: Optional[str]
    cancelled_at: Optional[str]


class FlaggedJobRecord(JobRecord):
    """The data of ``job.flagged``: the job and why a worker flagged it."""

    flag_reason: str


class SubmissionRecord(TypedDict):
    """A worker's submission (``sub_…``) to a job."""

    object: Literal["submission"]
    id: str
    job_id: str
    worker_id: str
    status: SubmissionState
    ai_star_rating: Optional[int]
    ai_reasoning: Optional[str]
    file_url: str
    content_type: str
    size_bytes: int
    submitted_at: str
    scored_at: Optional[str]


class LabelRecord(TypedDict):
    """One label of an annotation, with the model's confidence."""

    label: str
    confidence: float


class AnnotationsRecord(TypedDict):
    """The (fixed) annotations of a scored submission and its files."""

    annotation_model: str
    scene: LabelRecord
    objects: List[LabelRecord]


class DimensionsRecord(TypedDict):
    """The star rating of a scored submission, per scoring dimension."""

    relevance: int
    quality: int
    completeness: int


class ScoredSubmissionRecord(SubmissionRecord):
    """The data of ``submission.scored``: the submission, its annotations and dimensions."""

    annotations: AnnotationsRecord
    dimensions: DimensionsRecord


class DeviceInfoRecord(TypedDict):
    """The device a file was captured on."""

    device_model: str
    device_os: str
    app_version: str


class FileRecord(TypedDict):
    """An approved file (``file_…``), with its pre-signed download URL."""

    object: Literal["file"]
    id: str
    job_id: str
    submission_id: str
    content_type: str
    size_bytes: int
    duration_seconds: Optional[float]
    width: Optional[int]
    height: Optional[int]
    content_hash: str
    captured_at: str
    ai_star_rating: int
    device_info: DeviceInfoRecord
    worker_region: str
    download_url: str
    download_url_expires_at: str
    annotations: AnnotationsRecord
    #: ``[]`` for a video (the stand-in extracts none), ``None`` for anything else.
    keyframes: Optional[List[Dict[str, object]]]
    created_at: str


# -- money ---------------------------------------------------------------------------------------
class BalanceRecord(TypedDict):
    """An account's credit balance (built on demand, never stored)."""

    object: Literal["credit_balance"]
    available_cents: int
    held_cents: int
    total_cents: int
    currency: str
    updated_at: str


class BalanceChangeRecord(BalanceRecord):
    """The data of ``credits.purchased`` and ``credits.auto_topped_up``: the balance and the
    amount that moved."""

    amount_cents: int


class TransactionRecord(TypedDict):
    """A credit transaction (``crtx_…``)."""

    object: Literal["credit_transaction"]
    id: str
    type: TransactionKind
    amount_cents: int
    description: str
    job_id: Optional[str]
    created_at: str


class CheckoutSessionRecord(TypedDict):
    """A checkout session (``cs_…``) of ``purchase_credits``."""

    object: Literal["checkout_session"]
    id: str
    checkout_url: str
    amount_cents: int
    credits_cents: int
    status: CheckoutState
    expires_at: str


# -- webhooks ------------------------------------------------------------------------------------
class WebhookEndpointRecord(TypedDict):
    """A webhook endpoint (``wh_…``); its secrets are kept apart (``Account.endpoint_secrets``)."""

    object: Literal["webhook_endpoint"]
    id: str
    url: str
    events: List[str]
    status: EndpointState
    description: Optional[str]
    created_at: str
    updated_at: str


class WebhookEndpointChanges(TypedDict, total=False):
    """What ``update_webhook_endpoint`` may change (its body, once checked)."""

    url: str
    events: List[str]
    status: EndpointState
    description: str


#: What an event carries (docs/api-contract.md, "Event data"): a job, a submission or a balance.
EventData = Union[JobRecord, SubmissionRecord, BalanceRecord]


class WebhookEventRecord(TypedDict):
    """A webhook event (``evt_…``): the envelope a delivery carries, and how delivering it went."""

    id: str
    object: Literal["event"]
    type: str
    api_version: str
    created_at: str
    data: EventData
    delivery_status: DeliveryState
    delivery_attempts: int
    last_attempt_at: Optional[str]


# -- organizations, keys, audit ------------------------------------------------------------------
class SettingsRecord(TypedDict):
    """An organization's settings, shared by its live and test accounts."""

    object: Literal["organization_settings"]
    organization_id: str
    default_type: str
    default_price_per_file_cents: int
    auto_topup_enabled: bool
    auto_topup_threshold_cents: int
    auto_topup_amount_cents: int
    low_balance_threshold_cents: int
    updated_at: str


class SettingsChanges(TypedDict, total=False):
    """What ``update_settings`` may change (its body, once checked)."""

    default_type: str
    default_price_per_file_cents: int
    auto_topup_enabled: bool
    auto_topup_threshold_cents: int
    auto_topup_amount_cents: int
    low_balance_threshold_cents: int


class ApiKeyWire(TypedDict):
    """An API key (``key_…``) as the API answers it: never its secret."""

    object: Literal["api_key"]
    id: str
    name: str
    environment: Environment
    scopes: List[str]
    redacted_key: str
    created_at: str
    last_used_at: Optional[str]
    revoked_at: Optional[str]
    rotated_at: Optional[str]


class ActorRecord(TypedDict):
    """Who did what an audit event records: an API key, or the system."""

    type: Literal["api_key", "system"]
    id: str


class ResourceRecord(TypedDict):
    """What an audit event is about."""

    type: str
    id: str


#: An audit event's details: counts, names, the fields an update changed.
AuditMetadata = Dict[str, Union[str, int, List[str]]]


class AuditEventRecord(TypedDict):
    """An audit event (``aev_…``)."""

    object: Literal["audit_event"]
    id: str
    action: str
    actor: ActorRecord
    resource: ResourceRecord
    metadata: AuditMetadata
    created_at: str


@dataclass
class Account:
    """One organization in one environment: its own jobs, money, webhooks and audit trail."""

    organization_id: str
    environment: Environment
    available_cents: int
    held_cents: int = 0
    balance_updated_at: str = ""
    jobs: Dict[str, JobRecord] = field(default_factory=dict[str, JobRecord])
    submissions: Dict[str, SubmissionRecord] = field(default_factory=dict[str, SubmissionRecord])
    files: Dict[str, FileRecord] = field(default_factory=dict[str, FileRecord])
    webhook_endpoints: Dict[str, WebhookEndpointRecord] = field(
        default_factory=dict[str, WebhookEndpointRecord]
    )
    webhook_events: Dict[str, WebhookEventRecord] = field(
        default_factory=dict[str, WebhookEventRecord]
    )
    transactions: Dict[str, TransactionRecord] = field(default_factory=dict[str, TransactionRecord])
    audit_events: Dict[str, AuditEventRecord] = field(default_factory=dict[str, AuditEventRecord])
    checkout_sessions: Dict[str, CheckoutSessionRecord] = field(
        default_factory=dict[str, CheckoutSessionRecord]
    )
    #: job id -> cents still held for it.
    holds: Dict[str, int] = field(default_factory=dict[str, int])
    #: endpoint id -> [(secret, valid until or None)], the current secret first.
    endpoint_secrets: Dict[str, List[Tuple[str, Optional[float]]]] = field(
        default_factory=dict[str, List[Tuple[str, Optional[float]]]]
    )
    #: event id -> endpoint id -> "pending" | "delivered" | "failed".
    event_targets: Dict[str, Dict[str, DeliveryState]] = field(
        default_factory=dict[str, Dict[str, DeliveryState]]
    )
    #: Idempotency-Key -> (stored at, request fingerprint, stored response).
    idempotency: Dict[str, Tuple[float, Tuple[str, str, str], FakeResponse]] = field(
        default_factory=dict[str, Tuple[float, Tuple[str, str, str], FakeResponse]]
    )
    #: job id -> simulated workers on their way (arrivals scheduled, not yet submitted).
    arriving: Dict[str, int] = field(default_factory=dict[str, int])


@dataclass
class Organization:
    """An organization: settings shared by its two accounts (``live`` and ``test``)."""

    id: str
    name: str
    settings: SettingsRecord
    accounts: Dict[str, Account]


@dataclass
class ApiKeyRecord:
    """An API key: its wire object and the organization it belongs to."""

    wire: ApiKeyWire
    organization_id: str
