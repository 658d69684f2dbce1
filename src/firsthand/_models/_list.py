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

    object: str = Field(default="list", description="Always `list`.", examples=["list"])
    data: List[ItemT] = Field(description="The items of this page, newest first.")
    has_more: bool = Field(description="Whether another page follows.", examples=[True])
    next_cursor: Optional[str] = Field(
        default=None,
        description="Pass as `cursor` to fetch the next page; `None` on the last page.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )

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
        firsthand.FirstHandValidationError: validation_error: PageParams is invalid (limit) [limit: Input should be less than or equal to 100]
    """

    limit: Optional[Annotated[StrictInt, Field(ge=1, le=100)]] = Field(
        default=None,
        description="Items per page, 1–100 (the server's default is 20).",
        examples=[50],
    )
    cursor: Optional[Annotated[str, Field(min_length=1)]] = Field(
        default=None,
        description="The previous page's `next_cursor`; omit for the first page.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
