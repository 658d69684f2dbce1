"""``Page`` and ``AsyncPage``: one page of a list, with what is needed to fetch the next."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Callable, Generic, Optional, TypeVar

if TYPE_CHECKING:
    from ._models._base import FirstHandModel
    from ._models._list import ListEnvelope

__all__ = ["AsyncPage", "Page"]

ItemT = TypeVar("ItemT", bound="FirstHandModel")


class _BasePage(Generic[ItemT]):
    __slots__ = ("data", "has_more", "next_cursor")

    data: list[ItemT]
    has_more: bool
    next_cursor: Optional[str]

    def __init__(self, envelope: ListEnvelope[ItemT]) -> None:
        self.data = envelope.data
        self.has_more = envelope.has_more
        self.next_cursor = envelope.next_cursor

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more!r}, "
            f"next_cursor={self.next_cursor!r})"
        )


class Page(_BasePage[ItemT]):
    """One page of a list from the sync client.

    Attributes:
        data: The items on this page, newest first.
        has_more: Whether another page follows.
        next_cursor: Pass it as ``cursor=`` to get the next page (``None`` on the last page).

    Examples:
        >>> from firsthand.models import Job, ListEnvelope
        >>> page = Page(ListEnvelope[Job](data=[], has_more=False), fetch=lambda cursor: None)
        >>> page.data, page.has_more, page.next_cursor
        ([], False, None)
    """

    __slots__ = ("_fetch",)

    def __init__(
        self, envelope: ListEnvelope[ItemT], *, fetch: Callable[[str], Optional[Page[ItemT]]]
    ) -> None:
        super().__init__(envelope)
        self._fetch = fetch


class AsyncPage(_BasePage[ItemT]):
    """One page of a list from the async client; same attributes as :class:`Page`.

    Examples:
        >>> from firsthand.models import Job, ListEnvelope
        >>> async def never(cursor: str) -> None: ...
        >>> AsyncPage(ListEnvelope[Job](data=[], has_more=False), fetch=never).has_more
        False
    """

    __slots__ = ("_fetch",)

    def __init__(
        self,
        envelope: ListEnvelope[ItemT],
        *,
        fetch: Callable[[str], Awaitable[Optional[AsyncPage[ItemT]]]],
    ) -> None:
        super().__init__(envelope)
        self._fetch = fetch
