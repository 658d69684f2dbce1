"""``Page`` and ``AsyncPage``: one page of a list, and the walk over every page after it.

Which cursor to follow next (and when to stop) is decided once, in ``cursor_to_follow``, with
no I/O; the two page classes only fetch.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import TYPE_CHECKING, Callable, Generic, Optional, TypeVar

if TYPE_CHECKING:
    from ._models._base import FirstHandModel
    from ._models._list import ListEnvelope

__all__ = ["AsyncPage", "Page"]

ItemT = TypeVar("ItemT", bound="FirstHandModel")

logger = logging.getLogger("firsthand")


def cursor_to_follow(page: _BasePage[ItemT], seen: set[str]) -> Optional[str]:
    """The cursor of the page after ``page``, or ``None`` when the walk must stop.

    Stops on ``has_more: false``, on an empty page, on a missing cursor and on a cursor already
    followed (``seen``, updated here): a server bug must not become an endless loop. The last two
    are logged as warnings, since items may be missing.

    Examples:
        >>> from firsthand.models import Job, ListEnvelope
        >>> job = Job.model_construct(id="job_2")
        >>> page = Page(ListEnvelope[Job].model_construct(data=[job], has_more=True,
        ...     next_cursor="job_2"), fetch=lambda cursor: None)
        >>> seen: set[str] = set()
        >>> cursor_to_follow(page, seen), cursor_to_follow(page, seen)
        ('job_2', None)
    """
    if not page.has_more or not page.data:
        return None
    cursor = page.next_cursor
    if not cursor:
        logger.warning("The server said has_more=true without a next_cursor; stopping the walk")
        return None
    if cursor in seen:
        logger.warning("The server returned cursor %r twice; stopping the walk", cursor)
        return None
    seen.add(cursor)
    return cursor


class _BasePage(Generic[ItemT]):
    """What ``Page`` and ``AsyncPage`` share: one page's items and its cursor."""

    __slots__ = ("_request_id", "_trail", "data", "has_more", "next_cursor")

    data: list[ItemT]
    has_more: bool
    next_cursor: Optional[str]
    #: The ``X-Request-Id`` of the response that brought this page (``None`` without one); each
    #: item of ``data`` carries the same id, so items met while iterating across pages each
    #: carry the id of their own page's request.
    _request_id: Optional[str]

    def __init__(self, envelope: ListEnvelope[ItemT], cursor: Optional[str]) -> None:
        self.data = envelope.data
        self.has_more = envelope.has_more
        self.next_cursor = envelope.next_cursor
        self._request_id = envelope._request_id
        #: Every cursor followed to reach this page (a chain of ``next_page()`` calls carries it
        #: along, so a server that cycles through cursors is caught there too).
        self._trail: frozenset[str] = frozenset((cursor,)) if cursor else frozenset()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more!r}, "
            f"next_cursor={self.next_cursor!r})"
        )


class Page(_BasePage[ItemT]):
    """One page of a list from the sync client; iterating it walks every page, lazily.

    ``for item in page`` yields this page's items, then fetches the next page (same filters,
    ``cursor=next_cursor``) only when the loop gets there, until ``has_more`` is false.

    Attributes:
        data: The items on this page, newest first.
        has_more: Whether another page follows.
        next_cursor: Pass it as ``cursor=`` to get the next page (``None`` on the last page).
        _request_id: The ``X-Request-Id`` of the response that brought this page. Each item of
            ``data`` carries the same id as its own ``_request_id``; iterating walks pages, and
            every item carries the id of the request that fetched its page.

    Examples:
        >>> page = client.list_jobs(limit=10)
        >>> page.has_more, [j.id for j in page] == [j.id for j in page.data]
        (False, True)
        >>> from firsthand.models import Job, ListEnvelope
        >>> empty = Page(ListEnvelope[Job](data=[], has_more=False), fetch=lambda cursor: None)
        >>> empty.data, empty.next_cursor, empty.next_page()
        ([], None, None)
    """

    __slots__ = ("_fetch",)

    def __init__(
        self,
        envelope: ListEnvelope[ItemT],
        *,
        fetch: Callable[[str], Page[ItemT]],
        cursor: Optional[str] = None,
    ) -> None:
        super().__init__(envelope, cursor)
        self._fetch = fetch

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.data

    def iter_pages(self) -> Iterator[Page[ItemT]]:
        """This page, then each following page, fetched only when the loop asks for it.

        Examples:
            >>> [len(p.data) for p in client.list_jobs(limit=1).iter_pages()]
            [1, 1]
        """
        page: Page[ItemT] = self
        seen = set(self._trail)
        while True:
            yield page
            cursor = cursor_to_follow(page, seen)
            if cursor is None:
                return
            page = self._fetch(cursor)
            page._trail = frozenset(seen)

    def next_page(self) -> Optional[Page[ItemT]]:
        """The page after this one, or ``None`` if this is the last.

        Examples:
            >>> client.list_jobs().next_page() is None
            True
        """
        seen = set(self._trail)
        cursor = cursor_to_follow(self, seen)
        if cursor is None:
            return None
        page = self._fetch(cursor)
        page._trail = frozenset(seen)
        return page


class AsyncPage(_BasePage[ItemT]):
    """One page of a list from the async client; ``async for`` walks every page, lazily.

    Same attributes as [`Page`][firsthand.Page]; ``iter_pages()`` is an async iterator and ``next_page()`` a
    coroutine.

    Examples:
        >>> async def ids() -> list[str]:
        ...     page = await async_client.list_jobs(status="open", limit=10)
        ...     return [j.id async for j in page]
        >>> run(ids()) == [job.id]
        True
    """

    __slots__ = ("_fetch",)

    def __init__(
        self,
        envelope: ListEnvelope[ItemT],
        *,
        fetch: Callable[[str], Awaitable[AsyncPage[ItemT]]],
        cursor: Optional[str] = None,
    ) -> None:
        super().__init__(envelope, cursor)
        self._fetch = fetch

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT]]:
        """This page, then each following page, fetched only when the loop asks for it.

        Examples:
            >>> async def sizes() -> list[int]:
            ...     first = await async_client.list_jobs(limit=1)
            ...     return [len(p.data) async for p in first.iter_pages()]
            >>> run(sizes())
            [1, 1]
        """
        page: AsyncPage[ItemT] = self
        seen = set(self._trail)
        while True:
            yield page
            cursor = cursor_to_follow(page, seen)
            if cursor is None:
                return
            page = await self._fetch(cursor)
            page._trail = frozenset(seen)

    async def next_page(self) -> Optional[AsyncPage[ItemT]]:
        """The page after this one, or ``None`` if this is the last.

        Examples:
            >>> async def after() -> object:
            ...     return await (await async_client.list_jobs()).next_page()
            >>> run(after()) is None
            True
        """
        seen = set(self._trail)
        cursor = cursor_to_follow(self, seen)
        if cursor is None:
            return None
        page = await self._fetch(cursor)
        page._trail = frozenset(seen)
        return page
