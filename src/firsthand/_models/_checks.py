"""Validators shared by several request models."""

# No ``from __future__ import annotations``: these helpers sit inside pydantic annotations.

from typing import Any, Dict, List, TypeVar

from pydantic_core import PydanticCustomError

__all__ = ["at_least_one_field", "at_least_one_field_schema", "iso_datetime_only", "no_duplicates"]

_T = TypeVar("_T")


def no_duplicates(values: List[_T]) -> List[_T]:
    """Reject a list that names one entry twice (a mistake, not a request).

    Examples:
        >>> no_duplicates(["a", "b"])
        ['a', 'b']
        >>> no_duplicates(["a", "a"])
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.PydanticCustomError: 'a' is listed more than once
    """
    seen: List[_T] = []
    for value in values:
        if value in seen:
            raise PydanticCustomError(
                "duplicate_item", "{value} is listed more than once", {"value": repr(value)}
            )
        seen.append(value)
    return values


def at_least_one_field(model_name: str, values: Dict[str, Any]) -> None:
    """Reject an update that would change nothing: every field missing or ``None``.

    Examples:
        >>> at_least_one_field("Update", {"a": None, "b": 1})
        >>> at_least_one_field("Update", {"a": None, "b": None})
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.PydanticCustomError: Update needs at least one of a, b: an update that sets nothing would change nothing
    """
    if all(value is None for value in values.values()):
        raise PydanticCustomError(
            "at_least_one_field",
            "{model} needs at least one of {fields}: an update that sets nothing would change "
            "nothing",
            {"model": model_name, "fields": ", ".join(values)},
        )


def at_least_one_field_schema(schema: Dict[str, Any]) -> None:
    """Say :func:`at_least_one_field` in an update body's JSON schema: at least one member, and not
    every member ``null`` (null means not given). The second is a ``not`` (of "every member is
    null"), which client generators leave alone, so they still emit one model with every field.

    Examples:
        >>> schema = {"properties": {"a": {}, "b": {}}}
        >>> at_least_one_field_schema(schema)
        >>> schema["minProperties"], schema["not"]
        (1, {'patternProperties': {'': {'type': 'null'}}})
    """
    schema["minProperties"] = 1
    schema["not"] = {"patternProperties": {"": {"type": "null"}}}


def iso_datetime_only(value: Any) -> Any:
    """Refuse numbers (and all-digit strings) where an ISO 8601 date-time is expected.

    pydantic would read ``1767225600`` or ``"20260301"`` as Unix time: a deadline in 1970 (or a
    basic-format date misread) must be an error, not a silently different request.

    Examples:
        >>> iso_datetime_only("2026-03-01T12:00:00Z")
        '2026-03-01T12:00:00Z'
        >>> iso_datetime_only("20260301")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.PydanticCustomError: must be an ISO 8601 date-time such as 2026-03-01T12:00:00Z, not a number
    """
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if is_number or (
        isinstance(value, str) and value.strip().lstrip("+-").replace(".", "").isdigit()
    ):
        raise PydanticCustomError(
            "iso_datetime",
            "must be an ISO 8601 date-time such as 2026-03-01T12:00:00Z, not a number",
        )
    return value
