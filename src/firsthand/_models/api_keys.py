"""API keys: the ``ApiKey`` response model and the create body."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import ClassVar, List, Literal, Optional, Union

from pydantic import AfterValidator, ConfigDict, Field
from typing_extensions import Annotated, NotRequired, Required, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp
from ._checks import no_duplicates
from ._list import ListEnvelope

__all__ = [
    "ApiKey",
    "ApiKeyCreateParams",
    "ApiKeyCreateParamsDict",
    "ApiKeyEnvironment",
    "ApiKeyList",
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

    object: str = "api_key"
    id: str
    name: Optional[str] = None
    environment: Optional[Union[ApiKeyEnvironment, str]] = None
    scopes: Optional[List[Union[ApiKeyScope, str]]] = None
    redacted_key: Optional[str] = None
    created_at: Optional[Timestamp] = None
    last_used_at: Optional[Timestamp] = None
    revoked_at: Optional[Timestamp] = None
    rotated_at: Optional[Timestamp] = None
    secret: Optional[str] = Field(default=None, repr=False)


class ApiKeyCreateParams(RequestModel):
    """The body of ``create_api_key``: a display name, and optionally scopes (default: all) and
    the environment.

    Examples:
        >>> ApiKeyCreateParams(name="CI", scopes=["jobs:read"], environment="test").to_wire()
        {'name': 'CI', 'scopes': ['jobs:read'], 'environment': 'test'}
        >>> ApiKeyCreateParams(name="CI", scopes=["jobs:read", "jobs:read"])
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ApiKeyCreateParams
        scopes
          'jobs:read' is listed more than once ...
    """

    name: Annotated[str, Field(min_length=1, max_length=100)]
    scopes: Optional[
        Annotated[List[ApiKeyScope], Field(min_length=1), AfterValidator(no_duplicates)]
    ] = None
    environment: Optional[ApiKeyEnvironment] = None


class ApiKeyCreateParamsDict(TypedDict, total=False):
    """``create_api_key`` body as a plain dict (see :class:`ApiKeyCreateParams`).

    Examples:
        >>> body: ApiKeyCreateParamsDict = {"name": "CI", "environment": "test"}
        >>> ApiKeyCreateParams.model_validate(body).environment
        'test'
    """

    name: Required[str]
    scopes: NotRequired[List[ApiKeyScope]]
    environment: NotRequired[ApiKeyEnvironment]


ApiKeyList = ListEnvelope[ApiKey]
"""One page of API keys as the wire carries it (``GET /v1/api_keys``)."""
