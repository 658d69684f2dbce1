"""Signup: the body and the result (an organization, its first API key and free credits)."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import ClassVar

from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated, Required, TypedDict

from ._base import FirstHandModel, RequestModel

__all__ = ["SignupParams", "SignupParamsDict", "SignupResult"]


class SignupResult(FirstHandModel):
    """What ``POST /v1/auth/signup`` answers (the one object without an ``object`` field).

    ``api_key`` is a live key, shown only this once; it never appears in ``repr()`` or ``str()``.

    Examples:
        >>> r = SignupResult.model_validate_json(b'''{"organization_id": "org_01JQ",
        ...   "api_key": "fh_live_sk_01JQEXAMPLE", "credits_cents": 500}''')
        >>> r.organization_id, r.credits_cents, "fh_live_sk_01JQEXAMPLE" in repr(r) + str(r)
        ('org_01JQ', 500, False)
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)

    organization_id: str
    api_key: str = Field(repr=False)
    credits_cents: int


def _plausible_email(value: str) -> str:
    # Deliberately loose (no extra dependency): one "@", something before it, a dotted domain.
    local, at, domain = value.partition("@")
    if (
        not at
        or not local
        or "@" in domain
        or any(ch.isspace() for ch in value)
        or "." not in domain
        or any(not label for label in domain.split("."))
    ):
        raise PydanticCustomError("email", "must be an email address such as name@example.com")
    return value


class SignupParams(RequestModel):
    """The body of signup: the organization's name (1–100 characters) and a contact email.

    Examples:
        >>> SignupParams(name="Acme Research", email="ops@acme.example").to_wire()
        {'name': 'Acme Research', 'email': 'ops@acme.example'}
        >>> SignupParams(name="Acme Research", email="ops@localhost")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for SignupParams
        email
          must be an email address such as name@example.com ...
    """

    name: Annotated[str, Field(min_length=1, max_length=100)]
    email: Annotated[str, AfterValidator(_plausible_email)]


class SignupParamsDict(TypedDict, total=False):
    """Signup body as a plain dict (see :class:`SignupParams`).

    Examples:
        >>> body: SignupParamsDict = {"name": "Acme Research", "email": "ops@acme.example"}
        >>> SignupParams.model_validate(body).email
        'ops@acme.example'
    """

    name: Required[str]
    email: Required[str]
