"""Organization settings: the response model and the update body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import Optional, Union

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

    object: str = "organization_settings"
    organization_id: Optional[str] = None
    default_type: Optional[Union[JobType, str]] = None
    default_price_per_file_cents: Optional[int] = None
    auto_topup_enabled: Optional[bool] = None
    auto_topup_threshold_cents: Optional[int] = None
    auto_topup_amount_cents: Optional[int] = None
    low_balance_threshold_cents: Optional[int] = None
    updated_at: Optional[Timestamp] = None


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
        pydantic_core._pydantic_core.ValidationError: 1 validation error for OrganizationSettingsUpdateParams
        default_price_per_file_cents
        ...
    """

    default_type: Optional[JobType] = None
    default_price_per_file_cents: Optional[Annotated[StrictInt, Field(ge=10, le=50_000)]] = None
    auto_topup_enabled: Optional[StrictBool] = None
    auto_topup_threshold_cents: Optional[Annotated[StrictInt, Field(ge=0)]] = None
    auto_topup_amount_cents: Optional[Annotated[StrictInt, Field(ge=1_000)]] = None
    low_balance_threshold_cents: Optional[Annotated[StrictInt, Field(ge=0)]] = None

    model_config = ConfigDict(json_schema_extra=at_least_one_field_schema)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        at_least_one_field(
            type(self).__name__, {name: getattr(self, name) for name in type(self).model_fields}
        )
        return self


class OrganizationSettingsUpdateParamsDict(TypedDict, total=False):
    """``update_settings`` body as a plain dict (see :class:`OrganizationSettingsUpdateParams`).

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
