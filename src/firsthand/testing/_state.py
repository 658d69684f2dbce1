"""The stand-in's in-memory world: organizations, their live and test accounts, and how money,
jobs, submissions, files and events move (docs/api-contract.md, "Lifecycles").

Objects are kept in wire shape (the JSON the API answers with), typed per object in
``_records``. Everything here runs under the
stand-in's lock; nothing here does I/O: webhook deliveries are signed and queued, and the caller sends
them once the lock is released.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Dict, List, Optional, Tuple, overload

from typing_extensions import Literal

from firsthand.testing._clock import FakeClock
from firsthand.testing._deliveries import Outgoing, WebhookDelivery
from firsthand.testing._ids import IdFactory
from firsthand.testing._records import (
    DELIVERY_RETRY_WAITS,
    DOWNLOAD_URL_LIFETIME,
    IN_PROCESS_FILES_ORIGIN,
    SANDBOX_CHECKOUT_PAID_AFTER,
    SCORING_TAKES,
    WORKERS_ARRIVE_AFTER,
    Account,
    ApiKeyRecord,
    AuditEventRecord,
    CheckoutSessionRecord,
    FileRecord,
    JobRecord,
    Organization,
    SubmissionRecord,
    TransactionRecord,
    WebhookEndpointRecord,
    WebhookEventRecord,
)
from firsthand.testing._rules import Json
from firsthand.testing._scheduler import _Scheduled
from firsthand.testing._simulation import Simulation

__all__ = [
    "Account",
    "ApiKeyRecord",
    "DELIVERY_RETRY_WAITS",
    "DOWNLOAD_URL_LIFETIME",
    "IN_PROCESS_FILES_ORIGIN",
    "Organization",
    "SANDBOX_CHECKOUT_PAID_AFTER",
    "SCORING_TAKES",
    "WORKERS_ARRIVE_AFTER",
    "World",
]


class World(Simulation):
    """Everything the stand-in knows, and every change the contract allows, by concern: the
    schedule (``_scheduler``), the outbox of events and deliveries (``_outbox``), money and
    escrow (``_ledger``), organizations and keys (``_keys``), jobs and the simulation
    (``_simulation``), each a layer over the one before.

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

    # -- lookups across accounts ---------------------------------------------------------------
    def accounts(self) -> Iterator[Account]:
        for organization in self.organizations.values():
            yield from organization.accounts.values()

    @overload
    def find(
        self, table: Literal["jobs"], object_id: str
    ) -> Optional[Tuple[Account, JobRecord]]: ...
    @overload
    def find(
        self, table: Literal["submissions"], object_id: str
    ) -> Optional[Tuple[Account, SubmissionRecord]]: ...
    @overload
    def find(
        self, table: Literal["files"], object_id: str
    ) -> Optional[Tuple[Account, FileRecord]]: ...
    @overload
    def find(
        self, table: Literal["webhook_endpoints"], object_id: str
    ) -> Optional[Tuple[Account, WebhookEndpointRecord]]: ...
    @overload
    def find(
        self, table: Literal["webhook_events"], object_id: str
    ) -> Optional[Tuple[Account, WebhookEventRecord]]: ...
    @overload
    def find(
        self, table: Literal["transactions"], object_id: str
    ) -> Optional[Tuple[Account, TransactionRecord]]: ...
    @overload
    def find(
        self, table: Literal["audit_events"], object_id: str
    ) -> Optional[Tuple[Account, AuditEventRecord]]: ...
    @overload
    def find(
        self, table: Literal["checkout_sessions"], object_id: str
    ) -> Optional[Tuple[Account, CheckoutSessionRecord]]: ...
    @overload
    def find(self, table: str, object_id: str) -> Optional[Tuple[Account, object]]: ...
    def find(self, table: str, object_id: str) -> Optional[Tuple[Account, object]]:
        """The account holding ``object_id`` in its ``table`` (``"jobs"``, ``"files"``...), and the
        object; ``None`` when no account has it."""
        for account in self.accounts():
            found: object = getattr(account, table).get(object_id)
            if found is not None:
                return account, found
        return None
