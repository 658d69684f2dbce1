"""Money: balances, transactions, the escrow of each job (its hold), credit purchases."""

from __future__ import annotations

from typing import Dict, Optional

from firsthand.testing._outbox import Outbox
from firsthand.testing._records import (
    SANDBOX_CHECKOUT_PAID_AFTER,
    Account,
    BalanceChangeRecord,
    BalanceRecord,
    CheckoutSessionRecord,
    JobRecord,
    Organization,
    TransactionKind,
)
from firsthand.testing._rules import (
    CREDIT_PACKS,
    DAY,
    Problem,
)


class Ledger(Outbox):
    """Each account's balance and transactions, and the cents held for each job."""

    organizations: Dict[str, Organization]

    # -- money ---------------------------------------------------------------------------------
    def balance(self, account: Account) -> BalanceRecord:
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
        type_: TransactionKind,
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

    def credit(
        self, account: Account, cents: int, type_: TransactionKind, description: str
    ) -> None:
        account.available_cents += cents
        self.transaction(account, type_, cents, description)

    def hold(self, account: Account, job: JobRecord) -> None:
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

    def pay_for_file(self, account: Account, job: JobRecord, file_id: str) -> None:
        price = int(job["price_per_file_cents"])
        account.holds[job["id"]] = account.holds.get(job["id"], 0) - price
        account.held_cents -= price
        self.transaction(account, "deduction", -price, f"Approved file {file_id}", job["id"])

    def release_hold(self, account: Account, job: JobRecord, description: str) -> None:
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
            topped_up: BalanceChangeRecord = {**self.balance(account), "amount_cents": amount}
            self.emit(account, "credits.auto_topped_up", topped_up)

    def new_checkout(self, account: Account, amount: int) -> CheckoutSessionRecord:
        session_id = self.new_id("cs_")
        session: CheckoutSessionRecord = {
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

    def _pay_if_open(self, account: Account, session: CheckoutSessionRecord) -> None:
        if session["status"] == "open":
            self.complete_checkout(account, session)

    def complete_checkout(self, account: Account, session: CheckoutSessionRecord) -> None:
        """The buyer paid: credits arrive (``purchase`` + pack ``bonus``), ``credits.purchased``."""
        if session["status"] != "open":
            raise ValueError(f"checkout session {session['id']} is {session['status']}")
        session["status"] = "complete"
        amount, credits = int(session["amount_cents"]), int(session["credits_cents"])
        self.credit(account, amount, "purchase", f"Credit purchase {session['id']}")
        if credits > amount:
            self.credit(account, credits - amount, "bonus", f"Pack bonus {session['id']}")
        purchased: BalanceChangeRecord = {**self.balance(account), "amount_cents": credits}
        self.emit(account, "credits.purchased", purchased)
