"""The list envelope (``{object: "list", data, has_more, next_cursor}``) and its query."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, List, Optional, TypeVar

from pydantic import ConfigDict, Field, StrictInt
from typing_extensions import Annotated

from ._base import FirstHandModel, RequestModel

__all__ = ["ListEnvelope", "PageParams"]

ItemT = TypeVar("ItemT", bound=FirstHandModel)


class ListEnvelope(FirstHandModel, Generic[ItemT]):
    """One page as the wire carries it. Users see it wrapped in ``Page``/``AsyncPage``.

    Examples:
        >>> from firsthand.models import Job
        >>> ListEnvelope[Job].model_validate_json(b'{"object": "list", "data": [], "has_more": false, "next_cursor": null}').has_more
        False
    """

    # A page of API keys or endpoints may carry secrets: never echo the input in an error.
    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)

    object: str = "list"
    data: List[ItemT]
    has_more: bool
    next_cursor: Optional[str] = None

    def __reduce__(self) -> tuple[Any, ...]:
        # A parametrized class such as ``ListEnvelope[Job]`` has no importable name of its own;
        # pickle the item type instead and parametrize again on load.
        args = type(self).__pydantic_generic_metadata__["args"]
        return (_restore, (args[0] if args else None, self.__getstate__()))


def _restore(item_type: Optional[type[FirstHandModel]], state: Any) -> ListEnvelope[Any]:
    cls: Any = ListEnvelope if item_type is None else ListEnvelope.__class_getitem__(item_type)
    envelope: ListEnvelope[Any] = cls.__new__(cls)
    envelope.__setstate__(state)
    return envelope


class PageParams(RequestModel):
    """``limit`` and ``cursor``, shared by every list operation.

    Examples:
        >>> PageParams(limit=101)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for PageParams
        ...
    """

    limit: Optional[Annotated[StrictInt, Field(ge=1, le=100)]] = None
    cursor: Optional[Annotated[str, Field(min_length=1)]] = None
