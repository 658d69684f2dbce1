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

    organization_id: str = Field(
        description="The new organization's id (`org_…`).",
        examples=["org_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    api_key: str = Field(
        repr=False,
        description="Its first API key, a live key, shown only this once: store it now. Never in `repr()`.",
        examples=["fh_live_sk_01JQEXAMPLEa1b2"],
    )
    credits_cents: int = Field(
        description="The free credit the organization starts with, in cents.", examples=[500]
    )


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
        firsthand.FirstHandValidationError: validation_error: SignupParams is invalid (email) [email: must be an email address such as name@example.com]
    """

    name: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The organization's name, 1–100 characters.", examples=["Acme Research"]
    )
    email: Annotated[str, AfterValidator(_plausible_email)] = Field(
        description="The owner's email address.", examples=["owner@example.com"]
    )


class SignupParamsDict(TypedDict, total=False):
    """Signup body as a plain dict (see [`SignupParams`][firsthand.models.SignupParams]).

    Examples:
        >>> body: SignupParamsDict = {"name": "Acme Research", "email": "ops@acme.example"}
        >>> SignupParams.model_validate(body).email
        'ops@acme.example'
    """

    name: Required[str]
    email: Required[str]
