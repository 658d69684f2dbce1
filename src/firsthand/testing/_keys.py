"""Organizations and their API keys: creating, rotating, authenticating."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from firsthand.testing._ledger import Ledger
from firsthand.testing._records import (
    Account,
    ApiKeyRecord,
    ApiKeyWire,
    Environment,
    Organization,
)
from firsthand.testing._rules import (
    DAY,
    SCOPES,
    Problem,
)

_ENVIRONMENTS: Tuple[Environment, ...] = ("live", "test")


class Keys(Ledger):
    """Organizations (each with a live and a test account) and the API keys that reach them."""

    api_keys: Dict[str, ApiKeyRecord]
    #: API key secret -> (key id, valid until or None).
    secrets: Dict[str, Tuple[str, Optional[float]]]
    sandbox_balance_cents: int
    live_balance_cents: int

    # -- organizations and keys ---------------------------------------------------------------
    def new_organization(self, name: str, live_cents: Optional[int] = None) -> Organization:
        organization_id = self.new_id("org_")
        accounts: Dict[str, Account] = {
            environment: Account(organization_id, environment, 0, balance_updated_at=self.stamp())
            for environment in _ENVIRONMENTS
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
        environment: Environment,
        scopes: Optional[List[str]] = None,
    ) -> Tuple[ApiKeyWire, str]:
        """A new key: (its wire object, its secret)."""
        secret = self.ids.secret(f"fh_{environment}_sk_")
        return self.add_api_key(organization, secret, name, environment, scopes), secret

    def add_api_key(
        self,
        organization: Organization,
        secret: str,
        name: str,
        environment: Environment,
        scopes: Optional[List[str]] = None,
    ) -> ApiKeyWire:
        """Register a key with a given secret; its wire object."""
        key_id = self.new_id("key_")
        wire: ApiKeyWire = {
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
        """A new secret for the key; the old one keeps working for 24 h (docs/api-contract.md, "API keys")."""
        key_id = record.wire["id"]
        for old, (owner, until) in list(self.secrets.items()):
            if owner == key_id and until is None:
                self.secrets[old] = (owner, self.now() + DAY)
        secret = self.ids.secret(f"fh_{record.wire['environment']}_sk_")
        self.secrets[secret] = (key_id, None)
        record.wire.update(
            {"redacted_key": f"{secret[:11]}…{secret[-4:]}", "rotated_at": self.stamp()}
        )
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
