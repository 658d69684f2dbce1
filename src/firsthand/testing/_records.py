"""The records of the stand-in's world (accounts, organizations, API keys) and the timings of
the sandbox simulation. Objects an account holds (jobs, submissions, files, events...) stay in
wire shape: the JSON the API answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from firsthand.testing._rules import (
    DAY,
    Json,
)

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


@dataclass
class Account:
    """One organization in one environment: its own jobs, money, webhooks and audit trail."""

    organization_id: str
    environment: str
    available_cents: int
    held_cents: int = 0
    balance_updated_at: str = ""
    jobs: Dict[str, Json] = field(default_factory=dict[str, Json])
    submissions: Dict[str, Json] = field(default_factory=dict[str, Json])
    files: Dict[str, Json] = field(default_factory=dict[str, Json])
    webhook_endpoints: Dict[str, Json] = field(default_factory=dict[str, Json])
    webhook_events: Dict[str, Json] = field(default_factory=dict[str, Json])
    transactions: Dict[str, Json] = field(default_factory=dict[str, Json])
    audit_events: Dict[str, Json] = field(default_factory=dict[str, Json])
    checkout_sessions: Dict[str, Json] = field(default_factory=dict[str, Json])
    #: job id -> cents still held for it.
    holds: Dict[str, int] = field(default_factory=dict[str, int])
    #: endpoint id -> [(secret, valid until or None)], the current secret first.
    endpoint_secrets: Dict[str, List[Tuple[str, Optional[float]]]] = field(
        default_factory=dict[str, List[Tuple[str, Optional[float]]]]
    )
    #: event id -> endpoint id -> "pending" | "delivered" | "failed".
    event_targets: Dict[str, Dict[str, str]] = field(default_factory=dict[str, Dict[str, str]])
    #: Idempotency-Key -> (stored at, request fingerprint, stored response).
    idempotency: Dict[str, Tuple[float, Tuple[str, str, str], Any]] = field(
        default_factory=dict[str, Tuple[float, Tuple[str, str, str], Any]]
    )
    #: job id -> simulated workers on their way (arrivals scheduled, not yet submitted).
    arriving: Dict[str, int] = field(default_factory=dict[str, int])


@dataclass
class Organization:
    """An organization: settings shared by its two accounts (``live`` and ``test``)."""

    id: str
    name: str
    settings: Json
    accounts: Dict[str, Account]


@dataclass
class ApiKeyRecord:
    """An API key: its wire object and the organization it belongs to."""

    wire: Json
    organization_id: str
