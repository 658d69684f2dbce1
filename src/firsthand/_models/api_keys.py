"""API keys: the ``ApiKey`` response model and the create body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import TYPE_CHECKING, ClassVar, List, Literal, Optional, Union

from pydantic import AfterValidator, ConfigDict, Field
from typing_extensions import Annotated, NotRequired, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp, lazy_pages
from ._checks import no_duplicates
from ._list import ListEnvelope

__all__ = [
    "ApiKey",
    "ApiKeyCreateParams",
    "ApiKeyCreateParamsDict",
    "ApiKeyEnvironment",
    "ApiKeyScope",
]

ApiKeyScope = Literal[
    "jobs:read",
    "jobs:write",
    "webhooks:read",
    "webhooks:write",
    "keys:manage",
    "billing:read",
    "billing:write",
    "audit:read",
    "usage:read",
]
"""The permissions an API key can carry."""

ApiKeyEnvironment = Literal["live", "test"]
"""``live`` keys (``fh_live_…``) spend real money; ``test`` keys (``fh_test_…``) run the sandbox."""


class ApiKey(FirstHandModel):
    """An API key's record. ``secret`` (the whole key) is present only in the answers of
    ``create_api_key`` and ``rotate_api_key``; store it then, it is never shown again.

    The secret never appears in ``repr()`` or ``str()`` of the model (``to_dict()`` does carry it).

    Examples:
        >>> key = ApiKey.model_validate_json(b'''{"object": "api_key", "id": "key_01JQ",
        ...   "name": "CI", "environment": "test", "scopes": ["jobs:read", "jobs:write"],
        ...   "redacted_key": "fh_test_sk_...a1b2", "created_at": "2026-03-20T19:03:27.971Z",
        ...   "last_used_at": null, "revoked_at": null, "rotated_at": null,
        ...   "secret": "fh_test_sk_01JQEXAMPLEa1b2"}''')
        >>> key.environment, key.scopes, key.secret
        ('test', ['jobs:read', 'jobs:write'], 'fh_test_sk_01JQEXAMPLEa1b2')
        >>> "fh_test_sk_01JQEXAMPLEa1b2" in repr(key) + str(key)
        False
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)

    object: str = Field(default="api_key", description="Always `api_key`.", examples=["api_key"])
    id: str = Field(
        description="The key's id (`key_…`); not the secret.",
        examples=["key_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    name: Optional[str] = Field(
        default=None, description="The key's display name.", examples=["CI"]
    )
    environment: Optional[Union[ApiKeyEnvironment, str]] = Field(
        default=None,
        description="`live` (real money, real workers) or `test` (sandbox).",
        examples=["test"],
    )
    scopes: Optional[List[Union[ApiKeyScope, str]]] = Field(
        default=None,
        description="What the key may do; a key created without scopes has them all.",
        examples=[["jobs:read", "jobs:write"]],
    )
    redacted_key: Optional[str] = Field(
        default=None,
        description="The secret with its middle hidden, to recognise the key.",
        examples=["fh_test_sk_…a1b2"],
    )
    created_at: Optional[Timestamp] = Field(
        default=None, description="When the key was created.", examples=["2026-03-20T19:03:27.971Z"]
    )
    last_used_at: Optional[Timestamp] = Field(
        default=None,
        description="When the key last authenticated a request.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    revoked_at: Optional[Timestamp] = Field(
        default=None,
        description="When the key was revoked; a revoked key no longer works.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    rotated_at: Optional[Timestamp] = Field(
        default=None,
        description="When the secret was last rotated (the previous one works for 24 hours more).",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    secret: Optional[str] = Field(
        default=None,
        repr=False,
        description="The whole key: only in the answers of `create_api_key` and `rotate_api_key`; store it then. Never in `repr()`.",
        examples=["fh_test_sk_01JQEXAMPLEa1b2"],
    )


class ApiKeyCreateParams(RequestModel):
    """The body of ``create_api_key``: a display name, and optionally scopes (default: all) and
    the environment.

    Examples:
        >>> ApiKeyCreateParams(name="CI", scopes=["jobs:read"], environment="test").to_wire()
        {'name': 'CI', 'scopes': ['jobs:read'], 'environment': 'test'}
        >>> ApiKeyCreateParams(name="CI", scopes=["jobs:read", "jobs:read"])
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: ApiKeyCreateParams is invalid (scopes) [scopes: 'jobs:read' is listed more than once]
    """

    name: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="Display name, 1–100 characters.", examples=["CI"]
    )
    scopes: Optional[
        Annotated[
            List[ApiKeyScope],
            Field(min_length=1, json_schema_extra={"uniqueItems": True}),
            AfterValidator(no_duplicates),
        ]
    ] = Field(
        default=None,
        description="What the key may do, each scope once (default: every scope).",
        examples=[["jobs:read", "jobs:write"]],
    )
    environment: Optional[ApiKeyEnvironment] = Field(
        default=None,
        description="`live` or `test` (sandbox: nothing charged, simulated workers).",
        examples=["test"],
    )


class ApiKeyCreateParamsDict(TypedDict, total=False):
    """``create_api_key`` body as a plain dict (see [`ApiKeyCreateParams`][firsthand.models.ApiKeyCreateParams]).

    Examples:
        >>> body: ApiKeyCreateParamsDict = {"name": "CI", "environment": "test"}
        >>> ApiKeyCreateParams.model_validate(body).environment
        'test'
    """

    name: Required[str]
    scopes: NotRequired[List[ApiKeyScope]]
    environment: NotRequired[ApiKeyEnvironment]


if TYPE_CHECKING:
    ApiKeyList = ListEnvelope[ApiKey]
    """One page of API keys as the wire carries it (``GET /v1/api_keys``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"ApiKeyList": "ApiKey"})
