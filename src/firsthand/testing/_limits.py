"""The documented limits of request fields, in one table: the stand-in's rules check them
(``_rules``, ``_routes``) and the strategies respect and break them (``strategies``).

Written from the API's documentation (docs/jobs.md, docs/decisions.md "Requests"), never read
from the SDK's request models: the stand-in is an oracle for those models, so a model that drifts
from the documentation fails the contract tests instead of moving the stand-in with it.

Examples:
    >>> JOB["files_needed"]
    Between(low=1, high=10000)
    >>> JOB["description"].high, RATING["rating"], PAGE_LIMIT
    (5000, Between(low=1, high=5), Between(low=1, high=100))

A body the docs describe field by field (each field a ``Between``, ``Length`` or ``OneOf``, some
required) is a ``Body``: the stand-in checks it with nothing else (``_routes.BODIES``), and
``valid_request``/``invalid_request`` derive its valid and broken bodies from it, so a new
operation with such a body needs no rule and no strategy of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, NamedTuple, Optional, Tuple, Union

__all__ = [
    "API_KEY",
    "Between",
    "Body",
    "CREDIT_PURCHASE",
    "JOB",
    "LATITUDE",
    "LONGITUDE",
    "Length",
    "Limit",
    "METADATA_MAX_KEYS",
    "MIN_SCORE",
    "OneOf",
    "PAGE_LIMIT",
    "RATING",
    "SETTINGS",
    "SIGNUP",
    "WEBHOOK_ENDPOINT",
]


class Between(NamedTuple):
    """An integer from ``low`` to ``high`` (no upper bound when ``high`` is ``None``).

    Examples:
        >>> Between(1).high is None
        True
    """

    low: int
    high: Optional[int] = None


class Length(NamedTuple):
    """A string of ``low`` to ``high`` characters.

    Examples:
        >>> Length(0, 100).low
        0
    """

    low: int
    high: int


class OneOf(NamedTuple):
    """A string among ``values``.

    Examples:
        >>> "b" in OneOf(("a", "b")).values
        True
    """

    values: Tuple[str, ...]


Limit = Union[Between, Length, OneOf]


@dataclass(frozen=True)
class Body:
    """A request body described field by field: each field's limit, and the required ones (any
    other key is refused).

    Examples:
        >>> pin = Body({"note": Length(0, 200)})
        >>> pin["note"], pin.required
        (Length(low=0, high=200), ())
    """

    fields: Mapping[str, Limit]
    required: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.required) - set(self.fields)
        if unknown:
            raise ValueError(f"required fields without a limit: {sorted(unknown)}")

    def __getitem__(self, name: str) -> Limit:
        return self.fields[name]


#: ``create_job``'s body (docs/jobs.md "Limits checked before sending").
JOB: Mapping[str, Limit] = MappingProxyType(
    {
        "description": Length(10, 5_000),
        "files_needed": Between(1, 10_000),
        "price_per_file_cents": Between(10, 50_000),
        "title": Length(0, 100),
        "max_workers": Between(1),
        "files_per_submission": Between(1, 5),
        "scoring_criteria": Length(0, 1_000),
        "min_star_rating": Between(1, 5),
        "min_width": Between(1),
        "min_height": Between(1),
        "worker_guidelines": Length(0, 5_000),
    }
)
#: At most this many ``metadata`` keys on a job.
METADATA_MAX_KEYS = 20
#: A job's ``location``: degrees of latitude and longitude (``radius_km`` is any positive number).
LATITUDE = (-90.0, 90.0)
LONGITUDE = (-180.0, 180.0)
#: A job's rating: 1–5 stars and an optional comment.
RATING = Body(
    MappingProxyType({"rating": Between(1, 5), "comment": Length(0, 1_000)}), required=("rating",)
)
#: ``create_api_key``'s body.
API_KEY: Mapping[str, Limit] = MappingProxyType({"name": Length(1, 100)})
#: A webhook endpoint's body (create and update). The docs give no limit for ``description``: 500
#: is settled (docs/decisions.md, "Limits the public docs do not give").
WEBHOOK_ENDPOINT: Mapping[str, Limit] = MappingProxyType({"description": Length(0, 500)})

#: Signup's body. The docs give no limit for ``name``: 100 is settled, as for a key's name.
SIGNUP: Mapping[str, Limit] = MappingProxyType({"name": Length(1, 100)})

#: ``purchase_credits``'s body: at least $10.
CREDIT_PURCHASE = Body(
    MappingProxyType({"amount_cents": Between(1_000)}), required=("amount_cents",)
)
#: ``update_organization_settings``'s body.
SETTINGS: Mapping[str, Limit] = MappingProxyType(
    {
        "default_price_per_file_cents": JOB["price_per_file_cents"],
        "auto_topup_threshold_cents": Between(0),
        "auto_topup_amount_cents": Between(1_000),
        "low_balance_threshold_cents": Between(0),
    }
)
#: ``limit`` of every list operation (default 20).
PAGE_LIMIT = Between(1, 100)
#: ``min_score`` of the file and submission lists: a star rating.
MIN_SCORE = Between(1, 5)
