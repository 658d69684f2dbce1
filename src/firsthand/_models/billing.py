"""Billing: credit balance, transactions, checkout sessions and the purchase body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import TYPE_CHECKING, Any, Dict, Literal, Optional, Union, cast

from pydantic import Field, StrictInt, model_validator
from typing_extensions import Annotated, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp, lazy_pages
from ._list import ListEnvelope, PageParams

__all__ = [
    "CheckoutSession",
    "CreditBalance",
    "CreditPurchaseParams",
    "CreditPurchaseParamsDict",
    "CreditTransaction",
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

    object: str = Field(
        default="credit_balance",
        description="Always `credit_balance`.",
        examples=["credit_balance"],
    )
    available_cents: int = Field(
        description="Credits you can spend on new jobs, in cents (1 credit = 1 cent).",
        examples=[3750],
    )
    held_cents: int = Field(description="Credits escrowed for active jobs.", examples=[1250])
    total_cents: int = Field(description="`available_cents + held_cents`.", examples=[5000])
    currency: str = Field(description="Always `usd`.", examples=["usd"])
    updated_at: Timestamp = Field(
        description="When the balance last changed.", examples=["2026-03-20T19:03:27.971Z"]
    )


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

    object: str = Field(
        default="credit_transaction",
        description="Always `credit_transaction`.",
        examples=["credit_transaction"],
    )
    id: str = Field(
        description="The transaction's id (`crtx_…`).", examples=["crtx_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    type: Union[TransactionType, str] = Field(
        description="`purchase`, `deduction`, `free_tier`, `bonus`, `expiration` or `refund`; a newer server may send another value.",
        examples=["purchase"],
    )
    amount_cents: int = Field(description="How many credits moved, in cents.", examples=[11500])
    description: str = Field(
        description="What the transaction was, in words.",
        examples=["$100 credit pack (+15% bonus)"],
    )
    job_id: Optional[str] = Field(
        default=None,
        description="The job it was for, if any.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    created_at: Optional[Timestamp] = Field(
        default=None, description="When it happened.", examples=["2026-03-20T19:03:27.971Z"]
    )


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

    object: str = Field(
        default="checkout_session",
        description="Always `checkout_session`.",
        examples=["checkout_session"],
    )
    id: Optional[str] = Field(
        default=None, description="The session's id.", examples=["cs_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    checkout_url: str = Field(
        description="The Stripe Checkout page to send the buyer to.",
        examples=["https://checkout.stripe.com/c/pay/cs_test_a1b2"],
    )
    amount_cents: Optional[int] = Field(
        default=None, description="What the buyer pays, in cents.", examples=[10000]
    )
    credits_cents: Optional[int] = Field(
        default=None, description="Credits added once paid, bonus included.", examples=[11500]
    )
    status: Optional[Union[Literal["open", "complete", "expired"], str]] = Field(
        default=None, description="`open`, `complete` or `expired`.", examples=["open"]
    )
    expires_at: Optional[Timestamp] = Field(
        default=None,
        description="When the checkout page stops working.",
        examples=["2026-03-20T19:03:27.971Z"],
    )


class ListTransactionsParams(PageParams):
    """Query of ``list_transactions``: an optional ``type`` filter (the documented values only;
    send a newer one with the ``extra_query`` request option) and paging.

    Examples:
        >>> ListTransactionsParams(type="refund", limit=5).to_wire()
        {'limit': 5, 'type': 'refund'}
    """

    type: Optional[TransactionType] = Field(
        default=None, description="Only transactions of this type.", examples=["purchase"]
    )


class CreditPurchaseParams(RequestModel):
    """The body of ``purchase_credits``: the amount to pay, in cents (at least 1000, i.e. $10).

    Examples:
        >>> CreditPurchaseParams(amount_cents=10_000).to_wire()
        {'amount_cents': 10000}
        >>> CreditPurchaseParams(amount_cents=999)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: CreditPurchaseParams is invalid (amount_cents) [amount_cents: Input should be greater than or equal to 1000]
    """

    amount_cents: Annotated[StrictInt, Field(ge=1_000)] = Field(
        description="What to buy, in US cents: at least 1,000 ($10); packs of $25 and more carry a bonus.",
        examples=[10000],
    )


class CreditPurchaseParamsDict(TypedDict, total=False):
    """``purchase_credits`` body as a plain dict (see [`CreditPurchaseParams`][firsthand.models.CreditPurchaseParams]).

    Examples:
        >>> body: CreditPurchaseParamsDict = {"amount_cents": 2_500}
        >>> CreditPurchaseParams.model_validate(body).amount_cents
        2500
    """

    amount_cents: Required[int]


if TYPE_CHECKING:
    CreditTransactionList = ListEnvelope[CreditTransaction]
    """One page of credit transactions as the wire carries it (``GET /v1/billing/transactions``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"CreditTransactionList": "CreditTransaction"})
