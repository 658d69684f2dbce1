"""Billing: credit balance, transactions, checkout sessions and the purchase body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import Any, Dict, Literal, Optional, Union, cast

from pydantic import Field, StrictInt, model_validator
from typing_extensions import Annotated, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp
from ._list import ListEnvelope, PageParams

__all__ = [
    "CheckoutSession",
    "CreditBalance",
    "CreditPurchaseParams",
    "CreditPurchaseParamsDict",
    "CreditTransaction",
    "CreditTransactionList",
    "ListTransactionsParams",
    "TransactionType",
]

TransactionType = Literal[
    "purchase", "deduction", "free_tier", "bonus", "expiration", "refund", "deposit", "payout"
]
"""Kinds of credit movement (the union of both documented lists)."""


class _ReadsLegacyBalance(FirstHandModel):
    """Reads the older documented balance shape ``{balance_cents, currency, updated_at}``: its
    ``balance_cents`` becomes ``available_cents`` and ``total_cents`` (nothing held)."""

    @model_validator(mode="before")
    @classmethod
    def _read_legacy_shape(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        given = cast("Dict[str, Any]", data)
        if "available_cents" in given or "balance_cents" not in given:
            return given
        balance = given["balance_cents"]
        return {"held_cents": 0, "total_cents": balance, **given, "available_cents": balance}


class CreditBalance(_ReadsLegacyBalance):
    """The organization's credits, in cents (1 credit = 1 cent): ``available_cents`` can be spent,
    ``held_cents`` is escrowed for active jobs, ``total_cents`` is their sum.

    The older documented shape ``{balance_cents, currency, updated_at}`` is read too: its
    ``balance_cents`` becomes ``available_cents`` and ``total_cents`` (nothing held), and stays
    readable as ``balance["balance_cents"]``.

    Examples:
        >>> CreditBalance.model_validate_json(b'''{"object": "credit_balance",
        ...   "available_cents": 96250, "held_cents": 3750, "total_cents": 100000,
        ...   "currency": "usd", "updated_at": "2026-03-20T19:03:27.971Z"}''').held_cents
        3750
        >>> old = CreditBalance.model_validate({"balance_cents": 1000, "currency": "usd",
        ...     "updated_at": "2026-03-15T10:00:00Z"})
        >>> old.available_cents, old.held_cents, old.total_cents, old["balance_cents"]
        (1000, 0, 1000, 1000)
    """

    object: str = "credit_balance"
    available_cents: int
    held_cents: int
    total_cents: int
    currency: str
    updated_at: Timestamp


class CreditTransaction(FirstHandModel):
    """One movement of credits. ``amount_cents`` is negative for money leaving the balance.

    Examples:
        >>> tx = CreditTransaction.model_validate_json(b'''{"object": "credit_transaction",
        ...   "id": "crtx_01JQ", "type": "deduction", "amount_cents": -75,
        ...   "description": "Approved file for job_01JQ", "job_id": "job_01JQ",
        ...   "created_at": "2026-03-20T19:03:27.971Z"}''')
        >>> tx.type, tx.amount_cents, tx["job_id"]
        ('deduction', -75, 'job_01JQ')
    """

    object: str = "credit_transaction"
    id: str
    type: Union[TransactionType, str]
    amount_cents: int
    description: str
    job_id: Optional[str] = None
    created_at: Optional[Timestamp] = None


class CheckoutSession(FirstHandModel):
    """A Stripe Checkout session for buying credits: send the user to ``checkout_url``; the
    credits arrive after payment (``credits.purchased`` event).

    Examples:
        >>> cs = CheckoutSession.model_validate_json(b'''{"object": "checkout_session",
        ...   "id": "cs_01JQ", "checkout_url": "https://checkout.stripe.com/c/pay/cs_01JQ",
        ...   "amount_cents": 10000, "credits_cents": 11500, "status": "open",
        ...   "expires_at": "2026-03-21T19:03:27Z"}''')
        >>> cs.status, cs.credits_cents, cs.expires_at.tzname()
        ('open', 11500, 'UTC')
    """

    object: str = "checkout_session"
    id: Optional[str] = None
    checkout_url: str
    amount_cents: Optional[int] = None
    credits_cents: Optional[int] = None
    status: Optional[Union[Literal["open", "complete", "expired"], str]] = None
    expires_at: Optional[Timestamp] = None


class ListTransactionsParams(PageParams):
    """Query of ``list_transactions``: an optional ``type`` filter (documented values or any other
    string) and paging.

    Examples:
        >>> ListTransactionsParams(type="refund", limit=5).to_wire()
        {'limit': 5, 'type': 'refund'}
    """

    type: Optional[Union[TransactionType, str]] = None


class CreditPurchaseParams(RequestModel):
    """The body of ``purchase_credits``: the amount to pay, in cents (at least 1000, i.e. $10).

    Examples:
        >>> CreditPurchaseParams(amount_cents=10_000).to_wire()
        {'amount_cents': 10000}
        >>> CreditPurchaseParams(amount_cents=999)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for CreditPurchaseParams
        amount_cents
        ...
    """

    amount_cents: Annotated[StrictInt, Field(ge=1_000)]


class CreditPurchaseParamsDict(TypedDict, total=False):
    """``purchase_credits`` body as a plain dict (see :class:`CreditPurchaseParams`).

    Examples:
        >>> body: CreditPurchaseParamsDict = {"amount_cents": 2_500}
        >>> CreditPurchaseParams.model_validate(body).amount_cents
        2500
    """

    amount_cents: Required[int]


CreditTransactionList = ListEnvelope[CreditTransaction]
"""One page of credit transactions as the wire carries it (``GET /v1/billing/transactions``)."""
