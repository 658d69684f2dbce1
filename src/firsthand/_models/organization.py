"""Organization settings: the response model and the update body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import ClassVar, Optional, Union

from pydantic import ConfigDict, Field, StrictBool, StrictInt, model_validator
from typing_extensions import Annotated, NotRequired, Self, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp
from ._checks import at_least_one_field, at_least_one_field_schema
from .jobs import JobType

__all__ = [
    "OrganizationSettings",
    "OrganizationSettingsUpdateParams",
    "OrganizationSettingsUpdateParamsDict",
]


class OrganizationSettings(FirstHandModel):
    """The organization's defaults for new jobs and its billing options (auto top-up, the
    low-balance threshold behind ``credits.low_balance``).

    Examples:
        >>> s = OrganizationSettings.model_validate_json(b'''{"object": "organization_settings",
        ...   "organization_id": "org_01JQ", "default_type": "data_collection",
        ...   "default_price_per_file_cents": 75, "auto_topup_enabled": true,
        ...   "auto_topup_threshold_cents": 5000, "auto_topup_amount_cents": 25000,
        ...   "low_balance_threshold_cents": 2000, "updated_at": "2026-03-20T19:03:27.971Z"}''')
        >>> s.auto_topup_enabled, s["auto_topup_amount_cents"], s.default_type
        (True, 25000, 'data_collection')
    """

    object: str = Field(
        default="organization_settings",
        description="Always `organization_settings`.",
        examples=["organization_settings"],
    )
    organization_id: Optional[str] = Field(
        default=None,
        description="The organization's id (`org_…`).",
        examples=["org_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    default_type: Optional[Union[JobType, str]] = Field(
        default=None, description="The job type new jobs default to.", examples=["data_collection"]
    )
    default_price_per_file_cents: Optional[int] = Field(
        default=None, description="The price per file new jobs default to, in cents.", examples=[75]
    )
    auto_topup_enabled: Optional[bool] = Field(
        default=None,
        description="Whether credits are bought automatically when the balance runs low.",
        examples=[True],
    )
    auto_topup_threshold_cents: Optional[int] = Field(
        default=None,
        description="Top up when the available balance falls below this, in cents.",
        examples=[5000],
    )
    auto_topup_amount_cents: Optional[int] = Field(
        default=None, description="How much each automatic top-up buys, in cents.", examples=[25000]
    )
    low_balance_threshold_cents: Optional[int] = Field(
        default=None,
        description="Below this available balance a `credits.low_balance` event fires, in cents.",
        examples=[2000],
    )
    updated_at: Optional[Timestamp] = Field(
        default=None,
        description="When the settings last changed.",
        examples=["2026-03-20T19:03:27.971Z"],
    )


class OrganizationSettingsUpdateParams(RequestModel):
    """The body of ``update_settings``: any of the settings, at least one. ``None`` means not given (null on
    the wire means the same).

    Examples:
        >>> OrganizationSettingsUpdateParams(auto_topup_enabled=True,
        ...     auto_topup_threshold_cents=5_000, auto_topup_amount_cents=25_000).to_wire()
        {'auto_topup_enabled': True, 'auto_topup_threshold_cents': 5000, 'auto_topup_amount_cents': 25000}
        >>> OrganizationSettingsUpdateParams(default_price_per_file_cents=9)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: OrganizationSettingsUpdateParams is invalid (default_price_per_file_cents) [default_price_per_file_cents: Input should be greater than or equal to 10]
    """

    default_type: Optional[JobType] = Field(
        default=None, description="The job type new jobs default to.", examples=["data_collection"]
    )
    default_price_per_file_cents: Optional[Annotated[StrictInt, Field(ge=10, le=50_000)]] = Field(
        default=None,
        description="The price per file new jobs default to, 10–50,000 cents.",
        examples=[75],
    )
    auto_topup_enabled: Optional[StrictBool] = Field(
        default=None,
        description="Buy credits automatically when the balance runs low.",
        examples=[True],
    )
    auto_topup_threshold_cents: Optional[Annotated[StrictInt, Field(ge=0)]] = Field(
        default=None,
        description="Top up when the available balance falls below this, in cents (0 or more).",
        examples=[5000],
    )
    auto_topup_amount_cents: Optional[Annotated[StrictInt, Field(ge=1_000)]] = Field(
        default=None,
        description="How much each automatic top-up buys: at least 1,000 cents.",
        examples=[25000],
    )
    low_balance_threshold_cents: Optional[Annotated[StrictInt, Field(ge=0)]] = Field(
        default=None,
        description="Fire `credits.low_balance` below this available balance, in cents (0 or more).",
        examples=[2000],
    )

    model_config: ClassVar[ConfigDict] = ConfigDict(json_schema_extra=at_least_one_field_schema)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        at_least_one_field(
            type(self).__name__, {name: getattr(self, name) for name in type(self).model_fields}
        )
        return self


class OrganizationSettingsUpdateParamsDict(TypedDict, total=False):
    """``update_settings`` body as a plain dict (see [`OrganizationSettingsUpdateParams`][firsthand.models.OrganizationSettingsUpdateParams]).

    Examples:
        >>> body: OrganizationSettingsUpdateParamsDict = {"default_type": "feedback"}
        >>> OrganizationSettingsUpdateParams.model_validate(body).default_type
        'feedback'
    """

    default_type: NotRequired[JobType]
    default_price_per_file_cents: NotRequired[int]
    auto_topup_enabled: NotRequired[bool]
    auto_topup_threshold_cents: NotRequired[int]
    auto_topup_amount_cents: NotRequired[int]
    low_balance_threshold_cents: NotRequired[int]
