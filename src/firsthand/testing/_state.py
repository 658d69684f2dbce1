"""The stand-in's in-memory world: organizations, their live and test accounts, and how money,
jobs, submissions, files and events move (CONTRACT §4, DECISIONS "Sandbox simulation").

Objects are kept in wire shape (the JSON the API answers with). Everything here runs under the
stand-in's lock; nothing here does I/O: webhook deliveries are signed and queued, and the caller sends
them once the lock is released.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

from firsthand.testing._clock import FakeClock
from firsthand.testing._deliveries import Outgoing, WebhookDelivery, sign_delivery
from firsthand.testing._files import sandbox_file_content
from firsthand.testing._ids import IdFactory
from firsthand.testing._rules import (
    ANNOTATION_MODEL,
    API_VERSION,
    CREDIT_PACKS,
    DAY,
    SCOPES,
    TERMINAL_STATUSES,
    Json,
    Problem,
    iso,
)

#: Seconds after a job is posted before the first simulated workers submit (DECISIONS).
WORKERS_ARRIVE_AFTER = 15.0
#: Scoring takes this long after a submission arrives, in seconds (CONTRACT §4.2).
SCORING_TAKES = (5.0, 15.0)
#: Seconds after a sandbox checkout is created until its simulated payment succeeds.
SANDBOX_CHECKOUT_PAID_AFTER = 5.0
#: Waits before webhook delivery attempts 2 to 6 (CONTRACT §5.5).
DELIVERY_RETRY_WAITS = (60.0, 300.0, 1_800.0, 7_200.0, 28_800.0)
#: Where files are served in process; a served stand-in uses its own base URL instead.
IN_PROCESS_FILES_ORIGIN = "https://files.firsthandapi.test"
#: Pre-signed download URLs stay valid this long (CONTRACT §3.3).
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


@dataclass(order=True)
class _Scheduled:
    at: float
    sequence: int
    action: Callable[[], None] = field(compare=False)


def _scrub(obj: Json) -> Json:
    """A deep copy of a wire object, as the wire would carry it at this moment."""
    copied: Json = json.loads(json.dumps(obj))
    return copied


class World:
    """Everything the stand-in knows, and every change the contract allows.

    Args:
        clock: The stand-in's clock.
        ids: Id and secret factory (seeded).
        sandbox_balance_cents: Each new organization's test-account balance.
        live_balance_cents: Each new organization's live-account balance.
    """

    def __init__(
        self,
        clock: FakeClock,
        ids: IdFactory,
        *,
        sandbox_balance_cents: int,
        live_balance_cents: int,
    ) -> None:
        self.clock = clock
        self.ids = ids
        self.random = ids.random()
        self.sandbox_balance_cents = sandbox_balance_cents
        self.live_balance_cents = live_balance_cents
        self.organizations: Dict[str, Organization] = {}
        self.api_keys: Dict[str, ApiKeyRecord] = {}
        #: API key secret -> (key id, valid until or None).
        self.secrets: Dict[str, Tuple[str, Optional[float]]] = {}
        self.deliveries: List[WebhookDelivery] = []
        self.outbox: List[Outgoing] = []
        self.has_target = False
        self.files_origin = IN_PROCESS_FILES_ORIGIN
        self.url_key = ids.secret("", 32).encode()
        #: Star rating for submissions to live jobs (test jobs always get 4).
        self.live_scoring: Callable[[Json], int] = self._default_live_rating
        self._queue: List[_Scheduled] = []
        self._sequence = itertools.count()
        self._at: Optional[float] = None
        #: Bumped on every job status change (long polls wait for it).
        self.changes = 0

    # -- time, ids ---------------------------------------------------------------------------
    def now(self) -> float:
        """The time of what is happening: a scheduled action's own time while it runs."""
        return self._at if self._at is not None else self.clock.now()

    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=timezone.utc)

    def stamp(self, offset: float = 0.0) -> str:
        return iso(self.moment() + timedelta(seconds=offset))

    def new_id(self, prefix: str) -> str:
        return self.ids.new(prefix, self.now())

    # -- the schedule ------------------------------------------------------------------------
    def schedule(
        self, delay: float, action: Callable[[], None], *, after: Optional[float] = None
    ) -> None:
        """Run ``action`` ``delay`` seconds after ``after`` (default: now) on the stand-in's clock."""
        start = self.now() if after is None else after
        heapq.heappush(self._queue, _Scheduled(start + delay, next(self._sequence), action))

    def next_due(self) -> Optional[float]:
        return self._queue[0].at if self._queue else None

    def run_due(self) -> int:
        """Run every scheduled action whose time has come, in time order; how many ran."""
        ran = 0
        now = self.clock.now()
        while self._queue and self._queue[0].at <= now:
            item = heapq.heappop(self._queue)
            self._at = item.at
            try:
                item.action()
            finally:
                self._at = None
            ran += 1
        return ran

    # -- organizations and keys ---------------------------------------------------------------
    def new_organization(self, name: str, live_cents: Optional[int] = None) -> Organization:
        organization_id = self.new_id("org_")
        accounts = {
            environment: Account(organization_id, environment, 0, balance_updated_at=self.stamp())
            for environment in ("live", "test")
        }
        organization = Organization(
            organization_id,
            name,
            {
                "object": "organization_settings",
                "organization_id": organization_id,
                "default_type": "data_collection",
                "default_price_per_file_cents": 50,
                "auto_topup_enabled": False,
                "auto_topup_threshold_cents": 5_000,
                "auto_topup_amount_cents": 25_000,
                "low_balance_threshold_cents": 1_000,
                "updated_at": self.stamp(),
            },
            accounts,
        )
        self.organizations[organization_id] = organization
        for environment, cents in (
            ("live", self.live_balance_cents if live_cents is None else live_cents),
            ("test", self.sandbox_balance_cents),
        ):
            if cents > 0:
                self.credit(accounts[environment], cents, "free_tier", "Starting balance")
        return organization

    def new_api_key(
        self,
        organization: Organization,
        name: str,
        environment: str,
        scopes: Optional[List[str]] = None,
    ) -> Tuple[Json, str]:
        """A new key: (its wire object, its secret)."""
        secret = self.ids.secret(f"fh_{environment}_sk_")
        return self.add_api_key(organization, secret, name, environment, scopes), secret

    def add_api_key(
        self,
        organization: Organization,
        secret: str,
        name: str,
        environment: str,
        scopes: Optional[List[str]] = None,
    ) -> Json:
        """Register a key with a given secret; its wire object."""
        key_id = self.new_id("key_")
        wire: Json = {
            "object": "api_key",
            "id": key_id,
            "name": name,
            "environment": environment,
            "scopes": list(SCOPES if scopes is None else scopes),
            "redacted_key": f"{secret[:11]}…{secret[-4:]}",
            "created_at": self.stamp(),
            "last_used_at": None,
            "revoked_at": None,
            "rotated_at": None,
        }
        self.api_keys[key_id] = ApiKeyRecord(wire, organization.id)
        self.secrets[secret] = (key_id, None)
        return wire

    def rotate_api_key(self, record: ApiKeyRecord) -> str:
        """A new secret for the key; the old one keeps working for 24 h (CONTRACT §3.5)."""
        key_id = record.wire["id"]
        for old, (owner, until) in list(self.secrets.items()):
            if owner == key_id and until is None:
                self.secrets[old] = (owner, self.now() + DAY)
        secret = self.ids.secret(f"fh_{record.wire['environment']}_sk_")
        self.secrets[secret] = (key_id, None)
        record.wire.update(redacted_key=f"{secret[:11]}…{secret[-4:]}", rotated_at=self.stamp())
        return secret

    def authenticate(self, secret: str) -> Tuple[ApiKeyRecord, Account]:
        """The key and account a Bearer secret stands for; 401 when unknown, revoked or expired."""
        known = self.secrets.get(secret)
        if known is None:
            raise Problem(401, "authentication_error", "Invalid API key provided")
        key_id, until = known
        record = self.api_keys[key_id]
        if record.wire["revoked_at"] is not None:
            raise Problem(401, "authentication_error", "This API key has been revoked")
        if until is not None and self.now() > until:
            raise Problem(
                401, "authentication_error", "This API key secret was rotated more than 24 h ago"
            )
        record.wire["last_used_at"] = self.stamp()
        organization = self.organizations[record.organization_id]
        return record, organization.accounts[record.wire["environment"]]

    # -- money ---------------------------------------------------------------------------------
    def balance(self, account: Account) -> Json:
        return {
            "object": "credit_balance",
            "available_cents": account.available_cents,
            "held_cents": account.held_cents,
            "total_cents": account.available_cents + account.held_cents,
            "currency": "usd",
            "updated_at": account.balance_updated_at,
        }

    def transaction(
        self,
        account: Account,
        type_: str,
        amount_cents: int,
        description: str,
        job_id: Optional[str] = None,
    ) -> None:
        transaction_id = self.new_id("crtx_")
        account.transactions[transaction_id] = {
            "object": "credit_transaction",
            "id": transaction_id,
            "type": type_,
            "amount_cents": amount_cents,
            "description": description,
            "job_id": job_id,
            "created_at": self.stamp(),
        }
        account.balance_updated_at = self.stamp()

    def credit(self, account: Account, cents: int, type_: str, description: str) -> None:
        account.available_cents += cents
        self.transaction(account, type_, cents, description)

    def hold(self, account: Account, job: Json) -> None:
        cost = int(job["total_cost_cents"])
        if cost > account.available_cents:
            raise Problem(
                402,
                "insufficient_credits",
                f"This job needs {cost} cents of credit; {account.available_cents} are available",
            )
        before = account.available_cents
        account.available_cents -= cost
        account.held_cents += cost
        account.holds[job["id"]] = cost
        account.balance_updated_at = self.stamp()
        self._after_spending(account, before)

    def pay_for_file(self, account: Account, job: Json, file_id: str) -> None:
        price = int(job["price_per_file_cents"])
        account.holds[job["id"]] = account.holds.get(job["id"], 0) - price
        account.held_cents -= price
        self.transaction(account, "deduction", -price, f"Approved file {file_id}", job["id"])

    def release_hold(self, account: Account, job: Json, description: str) -> None:
        held = account.holds.pop(job["id"], 0)
        if held:
            account.held_cents -= held
            account.available_cents += held
            self.transaction(account, "refund", held, description, job["id"])

    def _after_spending(self, account: Account, before: int) -> None:
        """``credits.low_balance`` when the balance crosses the threshold; auto top-up."""
        settings = self.organizations[account.organization_id].settings
        low = int(settings["low_balance_threshold_cents"])
        if account.available_cents < low <= before:
            self.emit(account, "credits.low_balance", self.balance(account))
        if settings["auto_topup_enabled"] and account.available_cents < int(
            settings["auto_topup_threshold_cents"]
        ):
            amount = int(settings["auto_topup_amount_cents"])
            self.credit(account, amount, "purchase", "Auto top-up")
            self.emit(
                account, "credits.auto_topped_up", {**self.balance(account), "amount_cents": amount}
            )

    def new_checkout(self, account: Account, amount: int) -> Json:
        session_id = self.new_id("cs_")
        session: Json = {
            "object": "checkout_session",
            "id": session_id,
            "checkout_url": f"https://checkout.firsthandapi.test/pay/{session_id}",
            "amount_cents": amount,
            "credits_cents": CREDIT_PACKS.get(amount, amount),
            "status": "open",
            "expires_at": self.stamp(DAY),
        }
        account.checkout_sessions[session_id] = session
        if account.environment == "test":
            self.schedule(SANDBOX_CHECKOUT_PAID_AFTER, lambda: self._pay_if_open(account, session))
        return session

    def _pay_if_open(self, account: Account, session: Json) -> None:
        if session["status"] == "open":
            self.complete_checkout(account, session)

    def complete_checkout(self, account: Account, session: Json) -> None:
        """The buyer paid: credits arrive (``purchase`` + pack ``bonus``), ``credits.purchased``."""
        if session["status"] != "open":
            raise ValueError(f"checkout session {session['id']} is {session['status']}")
        session["status"] = "complete"
        amount, credits = int(session["amount_cents"]), int(session["credits_cents"])
        self.credit(account, amount, "purchase", f"Credit purchase {session['id']}")
        if credits > amount:
            self.credit(account, credits - amount, "bonus", f"Pack bonus {session['id']}")
        self.emit(account, "credits.purchased", {**self.balance(account), "amount_cents": credits})

    # -- audit and events ----------------------------------------------------------------------
    def audit(
        self,
        account: Account,
        action: str,
        resource: Tuple[str, str],
        actor: Optional[Json] = None,
        metadata: Optional[Json] = None,
    ) -> None:
        event_id = self.new_id("aev_")
        account.audit_events[event_id] = {
            "object": "audit_event",
            "id": event_id,
            "action": action,
            "actor": actor or {"type": "system", "id": "firsthand"},
            "resource": {"type": resource[0], "id": resource[1]},
            "metadata": metadata or {},
            "created_at": self.stamp(),
        }

    def emit(self, account: Account, event_type: str, data: Json) -> Json:
        """Record an event and deliver it to every enabled endpoint subscribed to its type."""
        event_id = self.new_id("evt_")
        event: Json = {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": API_VERSION,
            "created_at": self.stamp(),
            "data": _scrub(data),
            "delivery_status": "pending",
            "delivery_attempts": 0,
            "last_attempt_at": None,
        }
        account.webhook_events[event_id] = event
        self.deliver(account, event)
        return event

    def deliver(self, account: Account, event: Json) -> None:
        """Sign and record one delivery per subscribed, enabled endpoint."""
        targets = account.event_targets.setdefault(event["id"], {})
        for endpoint in account.webhook_endpoints.values():
            if endpoint["status"] == "enabled" and event["type"] in endpoint["events"]:
                targets[endpoint["id"]] = "pending"
                self._attempt(account, event, endpoint, 1)
        self._settle(account, event)

    def _attempt(self, account: Account, event: Json, endpoint: Json, attempt: int) -> None:
        now = self.now()
        secrets = [
            secret
            for secret, until in account.endpoint_secrets.get(endpoint["id"], [])
            if until is None or now <= until
        ]
        delivery = sign_delivery(event, endpoint, secrets, now)
        self.deliveries.append(delivery)
        event["delivery_attempts"] += 1
        event["last_attempt_at"] = self.stamp()
        if self.has_target:
            self.outbox.append(Outgoing(delivery, account, attempt, now))
        else:
            account.event_targets[event["id"]][endpoint["id"]] = "delivered"

    def delivery_result(self, outgoing: Outgoing, ok: bool) -> None:
        """Record how a sent delivery went; retry on the documented schedule, then fail."""
        account, delivery = outgoing.account, outgoing.delivery
        event = account.webhook_events.get(delivery.event_id)
        if event is None:
            return
        targets = account.event_targets.setdefault(event["id"], {})
        if ok:
            targets[delivery.endpoint_id] = "delivered"
        elif outgoing.attempt > len(DELIVERY_RETRY_WAITS):
            targets[delivery.endpoint_id] = "failed"
        else:
            targets[delivery.endpoint_id] = "pending"
            self.schedule(
                DELIVERY_RETRY_WAITS[outgoing.attempt - 1],
                lambda: self._retry(account, event, delivery.endpoint_id, outgoing.attempt + 1),
                after=outgoing.at,
            )
        self._settle(account, event)

    def _retry(self, account: Account, event: Json, endpoint_id: str, attempt: int) -> None:
        endpoint = account.webhook_endpoints.get(endpoint_id)
        if endpoint is None or endpoint["status"] != "enabled":
            account.event_targets[event["id"]][endpoint_id] = "failed"
            self._settle(account, event)
            return
        self._attempt(account, event, endpoint, attempt)
        self._settle(account, event)

    @staticmethod
    def _settle(account: Account, event: Json) -> None:
        states = set(account.event_targets.get(event["id"], {}).values())
        if "failed" in states:
            event["delivery_status"] = "failed"
        elif states <= {"delivered"}:  # all delivered, or nobody subscribed: nothing outstanding
            event["delivery_status"] = "delivered"
        else:
            event["delivery_status"] = "pending"

    # -- jobs and the sandbox simulation -------------------------------------------------------
    def post_job(self, account: Account, body: Json, actor: Json) -> Json:
        job_id = self.new_id("job_")
        now = self.stamp()
        job: Json = {
            "object": "job",
            "id": job_id,
            "type": body["type"],
            "status": "open",
            "title": body.get("title"),
            "description": body["description"],
            "files_needed": body["files_needed"],
            "files_approved": 0,
            "files_pending": 0,
            "files_rejected": 0,
            "accepted_formats": body["accepted_formats"],
            "price_per_file_cents": body["price_per_file_cents"],
            "total_cost_cents": body["files_needed"] * body["price_per_file_cents"],
            "location": body.get("location"),
            "deadline": body.get("deadline"),
            "max_workers": body.get("max_workers"),
            "metadata": body.get("metadata"),
            "files_per_submission": body.get("files_per_submission", 1),
            "scoring_criteria": body.get("scoring_criteria"),
            "min_star_rating": body.get("min_star_rating", 3),
            "min_width": body.get("min_width"),
            "min_height": body.get("min_height"),
            "worker_guidelines": body.get("worker_guidelines"),
            "buyer_rating": None,
            "created_at": now,
            "updated_at": now,
            "completed_at": None,
            "cancelled_at": None,
        }
        self.hold(account, job)
        account.jobs[job_id] = job
        self.audit(
            account,
            "job.created",
            ("job", job_id),
            actor,
            {"total_cost_cents": job["total_cost_cents"]},
        )
        self._call_workers(account, job, WORKERS_ARRIVE_AFTER, spread=2.0)
        return job

    def cancel_job(self, account: Account, job: Json, actor: Json) -> None:
        if job["status"] in TERMINAL_STATUSES:
            raise Problem(409, "conflict", f"Job {job['id']} is already {job['status']}")
        now = self.stamp()
        job.update(status="cancelled", cancelled_at=now, updated_at=now)
        account.arriving.pop(job["id"], None)
        self.release_hold(account, job, f"Unused escrow of cancelled job {job['id']}")
        self.changes += 1
        self.emit(account, "job.cancelled", job)
        self.audit(account, "job.cancelled", ("job", job["id"]), actor)

    def flag_job(self, account: Account, job: Json, reason: str) -> None:
        self.emit(account, "job.flagged", {**job, "flag_reason": reason})

    def _pending_files(self, account: Account, job: Json) -> int:
        return int(job["files_pending"]) + account.arriving.get(job["id"], 0) * int(
            job["files_per_submission"]
        )

    def _call_workers(self, account: Account, job: Json, after: float, spread: float) -> None:
        """Schedule simulated workers until every open slot has one on its way (CONTRACT §4.1)."""
        per_submission = int(job["files_per_submission"])
        max_workers = job["max_workers"]
        while job["status"] not in TERMINAL_STATUSES:
            covered = int(job["files_approved"]) + self._pending_files(account, job)
            busy = account.arriving.get(job["id"], 0) + int(job["files_pending"]) // per_submission
            if covered >= int(job["files_needed"]) or (
                max_workers is not None and busy >= int(max_workers)
            ):
                return
            account.arriving[job["id"]] = account.arriving.get(job["id"], 0) + 1
            delay = after + self.random.uniform(0.0, spread)
            self.schedule(delay, lambda: self._worker_submits(account, job))

    def _worker_submits(self, account: Account, job: Json) -> None:
        if job["id"] not in account.arriving:
            return  # the job was cancelled while the worker was on the way
        account.arriving[job["id"]] -= 1
        if job["status"] in TERMINAL_STATUSES:
            return
        submission_id = self.new_id("sub_")
        content_type = self._content_type(job)
        submission: Json = {
            "object": "submission",
            "id": submission_id,
            "job_id": job["id"],
            "worker_id": self.new_id("wkr_"),
            "status": "pending_score",
            "ai_star_rating": None,
            "ai_reasoning": None,
            "file_url": self.download_url(submission_id),
            "content_type": content_type,
            "size_bytes": len(sandbox_file_content(submission_id, content_type)),
            "submitted_at": self.stamp(),
            "scored_at": None,
        }
        account.submissions[submission_id] = submission
        job["files_pending"] += int(job["files_per_submission"])
        job["updated_at"] = self.stamp()
        self._update_status(job)
        self.schedule(
            self.random.uniform(*SCORING_TAKES), lambda: self._score(account, job, submission)
        )

    def score(self, account: Account, submission_id: str, star_rating: int) -> None:
        """Score a pending submission now (``fake.score_submission``)."""
        submission = account.submissions[submission_id]
        if submission["status"] != "pending_score":
            raise ValueError(f"submission {submission_id} is {submission['status']}, not pending")
        self._score(account, account.jobs[submission["job_id"]], submission, star_rating)

    def _score(
        self, account: Account, job: Json, submission: Json, rating: Optional[int] = None
    ) -> None:
        if submission["status"] != "pending_score":
            return  # scored by hand already
        per_submission = int(job["files_per_submission"])
        job["files_pending"] = max(0, int(job["files_pending"]) - per_submission)
        if rating is None:
            rating = 4 if account.environment == "test" else int(self.live_scoring(submission))
        active = job["status"] not in TERMINAL_STATUSES
        approved = active and rating >= int(job["min_star_rating"])
        submission.update(ai_star_rating=rating, scored_at=self.stamp())
        dimensions = {"relevance": rating, "quality": rating, "completeness": rating}
        annotations: Json = {
            "annotation_model": ANNOTATION_MODEL,
            "scene": {"label": "indoor", "confidence": 0.93},
            "objects": [{"label": "cup", "confidence": 0.97}],
        }
        if approved:
            submission.update(status="approved", ai_reasoning="Clear, well lit and on topic.")
            remaining = int(job["files_needed"]) - int(job["files_approved"])
            for _ in range(min(per_submission, remaining)):
                file = self._new_file(job, submission, rating, annotations)
                account.files[file["id"]] = file
                job["files_approved"] += 1
                self.pay_for_file(account, job, file["id"])
        else:
            reason = (
                "The job ended before this submission was scored."
                if not active
                else "The subject is not clearly visible."
            )
            submission.update(status="rejected", ai_reasoning=reason)
            job["files_rejected"] += per_submission
        job["updated_at"] = self.stamp()
        scored = {**submission, "annotations": annotations, "dimensions": dimensions}
        self.emit(account, "submission.scored", scored)
        self.emit(account, f"submission.{submission['status']}", submission)
        if active and job["files_approved"] >= job["files_needed"]:
            self._complete(account, job)
        else:
            self._update_status(job)
            if active:
                self._call_workers(account, job, 0.0, spread=10.0)

    def _complete(self, account: Account, job: Json) -> None:
        now = self.stamp()
        job.update(status="completed", completed_at=now, updated_at=now)
        account.arriving.pop(job["id"], None)
        self.changes += 1
        self.release_hold(account, job, f"Leftover escrow of completed job {job['id']}")
        self.emit(account, "job.completed", job)
        self.audit(account, "job.completed", ("job", job["id"]))

    def _update_status(self, job: Json) -> None:
        """open ⇄ filled → in_progress as CONTRACT §4.1 says (terminal states never change)."""
        if job["status"] in TERMINAL_STATUSES:
            return
        if job["files_approved"] > 0:
            status = "in_progress"
        elif job["files_pending"] >= job["files_needed"]:
            status = "filled"
        else:
            status = "open"
        if status != job["status"]:
            job["status"] = status
            self.changes += 1

    @staticmethod
    def _content_type(job: Json) -> str:
        formats: List[str] = job["accepted_formats"]
        return "image/png" if "image/png" in formats else formats[0]

    def download_url(self, object_id: str) -> str:
        """A signed URL on the stand-in's file host, valid for 7 days."""
        expires = int(self.now() + DOWNLOAD_URL_LIFETIME)
        signature = self.url_signature(object_id, expires)
        return f"{self.files_origin}/files/{object_id}?expires={expires}&signature={signature}"

    def url_signature(self, object_id: str, expires: int) -> str:
        return hmac.new(self.url_key, f"{object_id}|{expires}".encode(), "sha256").hexdigest()[:32]

    def _new_file(self, job: Json, submission: Json, rating: int, annotations: Json) -> Json:
        file_id = self.new_id("file_")
        content_type = str(submission["content_type"])
        content = sandbox_file_content(file_id, content_type)
        visual = content_type.startswith(("image/", "video/"))
        timed = content_type.startswith(("audio/", "video/"))
        png = content_type == "image/png"
        return {
            "object": "file",
            "id": file_id,
            "job_id": job["id"],
            "submission_id": submission["id"],
            "content_type": content_type,
            "size_bytes": len(content),
            "duration_seconds": 12.5 if timed else None,
            "width": (48 if png else 1920) if visual else None,
            "height": (32 if png else 1080) if visual else None,
            "content_hash": hashlib.sha256(content).hexdigest(),
            "captured_at": submission["submitted_at"],
            "ai_star_rating": rating,
            "device_info": {
                "device_model": "Pixel 8",
                "device_os": "Android 14",
                "app_version": "1.4.0",
            },
            "worker_region": "US-NY",
            "download_url": self.download_url(file_id),
            "download_url_expires_at": self.stamp(DOWNLOAD_URL_LIFETIME),
            "annotations": annotations,
            "keyframes": [] if content_type.startswith("video/") else None,
            "created_at": self.stamp(),
        }

    def _default_live_rating(self, submission: Json) -> int:
        """Live scoring when nobody configured it: mostly 3–5 stars, some rejections."""
        return self.random.choices((1, 2, 3, 4, 5), weights=(5, 10, 25, 40, 20))[0]

    # -- lookups across accounts ---------------------------------------------------------------
    def accounts(self) -> Iterator[Account]:
        for organization in self.organizations.values():
            yield from organization.accounts.values()

    def find(self, table: str, object_id: str) -> Optional[Tuple[Account, Json]]:
        for account in self.accounts():
            found = getattr(account, table).get(object_id)
            if found is not None:
                return account, found
        return None
