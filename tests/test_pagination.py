"""Pagination (docs/api-contract.md, "pagination") as both clients apply it, over respx.

The server is a ``PagedServer``: one page per cursor (``None`` is the first page), chosen by the
request's ``cursor`` query parameter, every request recorded. Every client test runs once per
client (``kind`` is ``"sync"`` or ``"async"``); ``Walk`` steps through either kind of iterator.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Generic, NamedTuple, Optional, TypeVar, Union

import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from client_helpers import API_KEY, Client, call, job_json
from firsthand import (
    AsyncFirstHandClient,
    AsyncPage,
    FirstHandClient,
    FirstHandNotFoundError,
    FirstHandServerError,
    FirstHandValidationError,
    Job,
    JobFile,
    Page,
)
from firsthand._pagination import cursor_to_follow
from firsthand.models import ListEnvelope

BASE_URL = "https://api.firsthandapi.com"
JOB_ID = "job_01JQ0000000000000000000001"

T = TypeVar("T")
AnyPage = Union[Page[Job], AsyncPage[Job]]


class PageSpec(NamedTuple):
    """One page as the server answers it: item ids, ``has_more``, ``next_cursor``."""

    ids: list[str]
    has_more: bool
    next_cursor: Optional[str]


#: A page, or a canned response (an error) for that cursor.
Answer = Union[PageSpec, httpx.Response]


class PagedServer:
    """Answers ``GET`` list requests with the page of the request's ``cursor`` and records them.

    ``item`` builds one item's JSON from its id. More than ``limit`` requests fail the test (a walk
    that does not stop would otherwise hang it).
    """

    def __init__(
        self,
        pages: Mapping[Optional[str], Answer],
        item: Any = job_json,
        limit: int = 50,
    ) -> None:
        self.pages = pages
        self.item = item
        self.limit = limit
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert len(self.requests) <= self.limit, "the walk never stopped"
        answer = self.pages[request.url.params.get("cursor")]
        headers = {"X-Request-Id": f"req_{len(self.requests)}"}
        if isinstance(answer, httpx.Response):
            return answer
        body = {
            "object": "list",
            "data": [self.item(item_id) for item_id in answer.ids],
            "has_more": answer.has_more,
            "next_cursor": answer.next_cursor,
        }
        return httpx.Response(200, json=body, headers=headers)

    @property
    def cursors(self) -> list[Optional[str]]:
        """The ``cursor`` of each request, in order (``None`` when none was sent)."""
        return [r.url.params.get("cursor") for r in self.requests]


def file_json(file_id: str) -> dict[str, Any]:
    return {
        "object": "file",
        "id": file_id,
        "job_id": JOB_ID,
        "submission_id": "sub_1",
        "content_type": "image/jpeg",
        "size_bytes": 1024,
        "content_hash": "0" * 64,
        "ai_star_rating": 4,
        "device_info": {"device_model": "Pixel 8"},
        "download_url": f"https://files.firsthandapi.test/{file_id}",
        "download_url_expires_at": "2026-03-27T19:03:27.971Z",
        "created_at": "2026-03-20T19:03:27.971Z",
    }


#: Three pages of jobs: two, two and one.
THREE_PAGES: dict[Optional[str], Answer] = {
    None: PageSpec(["job_1", "job_2"], True, "cur_2"),
    "cur_2": PageSpec(["job_3", "job_4"], True, "cur_3"),
    "cur_3": PageSpec(["job_5"], False, None),
}


class Walk(Generic[T]):
    """Steps through a sync or an async iterator from async test code."""

    def __init__(
        self, sync: Optional[Iterator[T]] = None, asynchronous: Optional[AsyncIterator[T]] = None
    ) -> None:
        self._sync = sync
        self._async = asynchronous

    async def take(self, count: int) -> list[T]:
        """Up to ``count`` more values (fewer when the iterator ends)."""
        taken: list[T] = []
        for _ in range(count):
            if self._sync is not None:
                try:
                    taken.append(next(self._sync))
                except StopIteration:
                    break
            else:
                assert self._async is not None
                try:
                    taken.append(await self._async.__anext__())
                except StopAsyncIteration:
                    break
        return taken

    async def rest(self) -> list[T]:
        return await self.take(10_000)


def items_of(page: AnyPage) -> Walk[Job]:
    if isinstance(page, Page):
        return Walk(sync=iter(page))
    return Walk(asynchronous=page.__aiter__())


def pages_of(page: AnyPage) -> Walk[AnyPage]:
    if isinstance(page, Page):
        return Walk[AnyPage](sync=page.iter_pages())
    return Walk[AnyPage](asynchronous=page.iter_pages())


async def next_page_of(page: AnyPage) -> Optional[AnyPage]:
    if isinstance(page, Page):
        return page.next_page()
    return await page.next_page()


async def list_jobs(client: Client, **kwargs: Any) -> AnyPage:
    page: AnyPage = await call(client, "list_jobs", **kwargs)
    return page


def ids(items: list[Job]) -> list[str]:
    return [item.id for item in items]


def sdk_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "firsthand" and r.levelno == logging.WARNING
    ]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def client_options() -> dict[str, Any]:
    return {"max_retries": 0}


@pytest.fixture
def caplog_warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="firsthand")
    return caplog


def serve(router: respx.MockRouter, server: PagedServer, path: str = "/v1/jobs") -> PagedServer:
    router.get(path).mock(side_effect=server.handler)
    return server


# -- walking every page ----------------------------------------------------------------------


async def test_iterating_walks_three_pages_lazily(router: respx.MockRouter, client: Client) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, limit=2)
    assert len(server.requests) == 1
    walk = items_of(page)

    assert ids(await walk.take(2)) == ["job_1", "job_2"]
    assert len(server.requests) == 1, "page 2 was fetched before the loop reached it"
    assert ids(await walk.take(1)) == ["job_3"]
    assert len(server.requests) == 2
    assert ids(await walk.take(1)) == ["job_4"]
    assert len(server.requests) == 2, "page 3 was fetched before the loop reached it"
    assert ids(await walk.rest()) == ["job_5"]
    assert server.cursors == [None, "cur_2", "cur_3"]


async def test_every_page_keeps_the_filters_and_the_limit_and_sends_the_cursor(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, status="open", type="data_collection", limit=2)
    assert ids(await items_of(page).rest()) == ["job_1", "job_2", "job_3", "job_4", "job_5"]

    params = [dict(r.url.params) for r in server.requests]
    assert params == [
        {"status": "open", "type": "data_collection", "limit": "2"},
        {"status": "open", "type": "data_collection", "limit": "2", "cursor": "cur_2"},
        {"status": "open", "type": "data_collection", "limit": "2", "cursor": "cur_3"},
    ]


async def test_later_pages_keep_the_request_options(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, limit=2, extra_headers={"X-Tenant": "acme"})
    await items_of(page).rest()
    assert [r.headers.get("X-Tenant") for r in server.requests] == ["acme"] * 3


async def test_a_list_under_a_job_keeps_its_path_on_every_page(
    router: respx.MockRouter, client: Client
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["file_1"], True, "cur_2"),
        "cur_2": PageSpec(["file_2"], False, None),
    }
    path = f"/v1/jobs/{JOB_ID}/files"
    server = serve(router, PagedServer(pages, item=file_json), path)
    page: Union[Page[JobFile], AsyncPage[JobFile]] = await call(
        client, "get_job_files", JOB_ID, min_score=4
    )
    files = list(page) if isinstance(page, Page) else [f async for f in page]
    assert [f.id for f in files] == ["file_1", "file_2"]
    assert {r.url.path for r in server.requests} == {path}
    assert [r.url.params.get("min_score") for r in server.requests] == ["4", "4"]


async def test_iter_pages_yields_each_page_lazily(router: respx.MockRouter, client: Client) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, limit=2)
    walk = pages_of(page)

    first = await walk.take(1)
    assert first == [page], "iter_pages starts with the page itself"
    assert len(server.requests) == 1
    second = await walk.take(1)
    assert len(server.requests) == 2
    assert ids(second[0].data) == ["job_3", "job_4"]
    assert second[0].has_more is True
    assert second[0].next_cursor == "cur_3"
    rest = await walk.rest()
    assert [ids(p.data) for p in rest] == [["job_5"]]
    assert rest[0].has_more is False
    assert len(server.requests) == 3


async def test_a_page_holds_only_its_own_items(router: respx.MockRouter, client: Client) -> None:
    serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, limit=2)
    assert ids(page.data) == ["job_1", "job_2"]
    assert all(isinstance(job, Job) for job in page.data)
    assert (page.has_more, page.next_cursor) == (True, "cur_2")


async def test_next_page_fetches_the_following_page_and_none_after_the_last(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    first = await list_jobs(client, limit=2)
    second = await next_page_of(first)
    assert second is not None
    assert ids(second.data) == ["job_3", "job_4"]
    third = await next_page_of(second)
    assert third is not None
    assert ids(third.data) == ["job_5"]
    assert server.cursors == [None, "cur_2", "cur_3"]

    assert await next_page_of(third) is None
    assert len(server.requests) == 3, "next_page() on the last page must not send a request"


async def test_a_page_fetched_by_next_page_walks_on_from_there(
    router: respx.MockRouter, client: Client
) -> None:
    serve(router, PagedServer(THREE_PAGES))
    second = await next_page_of(await list_jobs(client, limit=2))
    assert second is not None
    assert ids(await items_of(second).rest()) == ["job_3", "job_4", "job_5"]


# -- when the walk stops ---------------------------------------------------------------------


async def test_has_more_false_stops_even_with_a_next_cursor(
    router: respx.MockRouter, client: Client
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], False, "cur_2"),
        "cur_2": PageSpec(["job_2"], False, None),
    }
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client)
    assert ids(await items_of(page).rest()) == ["job_1"]
    assert await next_page_of(page) is None
    assert len(await pages_of(page).rest()) == 1
    assert len(server.requests) == 1


async def test_an_empty_page_stops_the_walk_even_with_has_more(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], True, "cur_2"),
        "cur_2": PageSpec([], True, "cur_3"),
        "cur_3": PageSpec(["job_3"], False, None),
    }
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client)
    assert ids(await items_of(page).rest()) == ["job_1"]
    assert server.cursors == [None, "cur_2"]
    assert sdk_warnings(caplog_warnings) == [], "an empty last page is not a server bug"


async def test_an_empty_first_page_has_no_next_page(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, PagedServer({None: PageSpec([], True, "cur_2")}))
    page = await list_jobs(client)
    assert await next_page_of(page) is None
    assert ids(await items_of(page).rest()) == []
    assert len(server.requests) == 1


async def test_a_repeated_cursor_stops_the_walk_with_a_warning(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    # A broken server: every page says "more after cur_2", forever.
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], True, "cur_2"),
        "cur_2": PageSpec(["job_2"], True, "cur_2"),
    }
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client)
    assert ids(await items_of(page).rest()) == ["job_1", "job_2"]
    assert server.cursors == [None, "cur_2"]
    warned = sdk_warnings(caplog_warnings)
    assert len(warned) == 1
    assert "'cur_2'" in warned[0]
    assert "twice" in warned[0]


async def test_a_cursor_cycle_stops_when_it_comes_round_again(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], True, "cur_a"),
        "cur_a": PageSpec(["job_2"], True, "cur_b"),
        "cur_b": PageSpec(["job_3"], True, "cur_a"),
    }
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client)
    assert len(await pages_of(page).rest()) == 3
    assert server.cursors == [None, "cur_a", "cur_b"]
    assert len(sdk_warnings(caplog_warnings)) == 1


async def test_a_next_page_chain_stops_when_a_cursor_comes_round_again(
    router: respx.MockRouter, client: Client
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], True, "cur_a"),
        "cur_a": PageSpec(["job_2"], True, "cur_b"),
        "cur_b": PageSpec(["job_3"], True, "cur_a"),
    }
    server = serve(router, PagedServer(pages))
    page: Optional[AnyPage] = await list_jobs(client)
    for _ in range(10):  # the usual "while page is not None" loop, bounded for the test
        if page is None:
            break
        page = await next_page_of(page)
    assert page is None, "the chain of next_page() calls never ended"
    assert server.cursors == [None, "cur_a", "cur_b"]


async def test_has_more_without_a_next_cursor_stops_with_a_warning(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    server = serve(router, PagedServer({None: PageSpec(["job_1"], True, None)}))
    page = await list_jobs(client)
    assert ids(await items_of(page).rest()) == ["job_1"]
    assert await next_page_of(page) is None
    assert len(server.requests) == 1
    warned = sdk_warnings(caplog_warnings)
    assert len(warned) == 2  # once for the walk, once for next_page()
    assert all("next_cursor" in message for message in warned)


async def test_has_more_with_an_absent_next_cursor_field_stops(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    body = {"object": "list", "data": [job_json("job_1")], "has_more": True}
    route = router.get("/v1/jobs").mock(return_value=httpx.Response(200, json=body))
    page = await list_jobs(client)
    assert ids(await items_of(page).rest()) == ["job_1"]
    assert route.call_count == 1
    assert len(sdk_warnings(caplog_warnings)) == 1


async def test_the_callers_cursor_counts_as_already_followed(
    router: respx.MockRouter, client: Client, caplog_warnings: pytest.LogCaptureFixture
) -> None:
    # The page fetched with cursor=cur_2 points back at cur_2: following it would loop.
    pages: dict[Optional[str], Answer] = {"cur_2": PageSpec(["job_2"], True, "cur_2")}
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client, cursor="cur_2")
    assert ids(await items_of(page).rest()) == ["job_2"]
    assert await next_page_of(page) is None
    assert server.cursors == ["cur_2"]
    assert len(sdk_warnings(caplog_warnings)) == 2


async def test_starting_from_the_callers_cursor_walks_on(
    router: respx.MockRouter, client: Client
) -> None:
    server = serve(router, PagedServer(THREE_PAGES))
    page = await list_jobs(client, cursor="cur_2", limit=2)
    assert ids(await items_of(page).rest()) == ["job_3", "job_4", "job_5"]
    assert server.cursors == ["cur_2", "cur_3"]


# -- errors ----------------------------------------------------------------------------------


async def test_an_error_on_page_two_propagates_as_the_typed_error(
    router: respx.MockRouter, client: Client
) -> None:
    bad_cursor = httpx.Response(
        400,
        json={"error": {"type": "validation_error", "message": "cursor is invalid"}},
        headers={"X-Request-Id": "req_bad_cursor"},
    )
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1", "job_2"], True, "cur_2"),
        "cur_2": bad_cursor,
    }
    serve(router, PagedServer(pages))
    page = await list_jobs(client)
    walk = items_of(page)
    assert ids(await walk.take(2)) == ["job_1", "job_2"]
    with pytest.raises(FirstHandValidationError) as caught:
        await walk.take(1)
    assert caught.value.status == 400
    assert caught.value.request_id == "req_bad_cursor"


@pytest.mark.parametrize(
    ("status", "error"), [(404, FirstHandNotFoundError), (500, FirstHandServerError)]
)
async def test_next_page_raises_the_typed_error(
    router: respx.MockRouter, client: Client, status: int, error: type[Exception]
) -> None:
    pages: dict[Optional[str], Answer] = {
        None: PageSpec(["job_1"], True, "cur_2"),
        "cur_2": httpx.Response(status, json={"error": {"message": "nope"}}),
    }
    server = serve(router, PagedServer(pages))
    page = await list_jobs(client)
    with pytest.raises(error):
        await next_page_of(page)
    assert len(server.requests) == 2, "max_retries=0: one attempt for page 2"


# -- cursor_to_follow ------------------------------------------------------------------------


def make_page(
    ids_: list[str], has_more: bool, next_cursor: Optional[str], cursor: Optional[str] = None
) -> Page[Job]:
    envelope = ListEnvelope[Job](
        data=[Job.model_validate(job_json(i)) for i in ids_],
        has_more=has_more,
        next_cursor=next_cursor,
    )

    def fetch(cursor: str) -> Page[Job]:
        raise AssertionError(f"unexpected fetch of {cursor!r}")

    return Page(envelope, fetch=fetch, cursor=cursor)


def test_cursor_to_follow_returns_a_new_cursor_and_remembers_it() -> None:
    seen: set[str] = {"cur_1"}
    assert cursor_to_follow(make_page(["job_1"], True, "cur_2"), seen) == "cur_2"
    assert seen == {"cur_1", "cur_2"}


@pytest.mark.parametrize(
    ("ids_", "has_more", "next_cursor"),
    [
        (["job_1"], False, "cur_2"),
        (["job_1"], False, None),
        ([], True, "cur_2"),
        ([], False, None),
    ],
    ids=["has_more-false-with-cursor", "last-page", "empty-with-has_more", "empty-last"],
)
def test_cursor_to_follow_stops_quietly(
    caplog_warnings: pytest.LogCaptureFixture,
    ids_: list[str],
    has_more: bool,
    next_cursor: Optional[str],
) -> None:
    seen: set[str] = set()
    assert cursor_to_follow(make_page(ids_, has_more, next_cursor), seen) is None
    assert seen == set()
    assert sdk_warnings(caplog_warnings) == []


@pytest.mark.parametrize("next_cursor", [None, ""], ids=["null", "empty-string"])
def test_cursor_to_follow_stops_and_warns_on_a_missing_cursor(
    caplog_warnings: pytest.LogCaptureFixture, next_cursor: Optional[str]
) -> None:
    seen: set[str] = set()
    assert cursor_to_follow(make_page(["job_1"], True, next_cursor), seen) is None
    assert seen == set()
    assert len(sdk_warnings(caplog_warnings)) == 1


def test_cursor_to_follow_stops_and_warns_on_a_seen_cursor(
    caplog_warnings: pytest.LogCaptureFixture,
) -> None:
    seen: set[str] = {"cur_2"}
    assert cursor_to_follow(make_page(["job_1"], True, "cur_2"), seen) is None
    assert seen == {"cur_2"}
    warned = sdk_warnings(caplog_warnings)
    assert len(warned) == 1
    assert "'cur_2'" in warned[0]


def test_cursor_to_follow_never_hands_out_the_same_cursor_twice() -> None:
    page = make_page(["job_1"], True, "cur_2")
    seen: set[str] = set()
    assert [cursor_to_follow(page, seen) for _ in range(3)] == ["cur_2", None, None]


def test_page_repr_shows_the_shape_not_the_items() -> None:
    page = make_page(["job_1", "job_2"], True, "cur_2")
    assert repr(page) == "Page(data=<2 items>, has_more=True, next_cursor='cur_2')"


# -- property: every walk ends, and yields what it visited -----------------------------------

CURSORS = ["c1", "c2", "c3", "c4"]

PAGE_SPECS = st.builds(
    PageSpec,
    st.integers(min_value=0, max_value=3).map(lambda n: [f"job_{i}" for i in range(n)]),
    st.booleans(),
    st.one_of(st.none(), st.just(""), st.sampled_from(CURSORS)),
)

SERVERS = st.fixed_dictionaries(dict.fromkeys([None, *CURSORS], PAGE_SPECS))


def with_unique_ids(pages: dict[Optional[str], PageSpec]) -> dict[Optional[str], Answer]:
    """Item ids that name their page, so the yielded sequence shows which pages were visited."""
    return {
        key: spec._replace(ids=[f"{item}_{key or 'first'}" for item in spec.ids])
        for key, spec in pages.items()
    }


async def walk_everything(kind: str, server: PagedServer) -> list[str]:
    with respx.mock(base_url=BASE_URL) as mock:
        serve(mock, server)
        if kind == "sync":
            with FirstHandClient(api_key=API_KEY, max_retries=0) as sync_client:
                return [job.id for job in sync_client.list_jobs()]
        async with AsyncFirstHandClient(api_key=API_KEY, max_retries=0) as async_client:
            return [job.id async for job in await async_client.list_jobs()]


@pytest.mark.parametrize("kind", ["sync", "async"])
@settings(max_examples=60, deadline=None)
@given(pages=SERVERS)
def test_every_walk_ends_and_yields_exactly_the_visited_pages_items(
    kind: str, pages: dict[Optional[str], PageSpec]
) -> None:
    answers = with_unique_ids(pages)
    server = PagedServer(answers, limit=len(answers) + 1)
    yielded = asyncio.run(walk_everything(kind, server))

    visited = server.cursors
    specs = [answers[cursor] for cursor in visited]
    assert all(isinstance(spec, PageSpec) for spec in specs)
    page_specs = [spec for spec in specs if isinstance(spec, PageSpec)]
    # Exactly the items of the visited pages, in order.
    assert yielded == [item for spec in page_specs for item in spec.ids]
    # No page fetched twice.
    assert len(set(visited)) == len(visited)
    # Every hop followed the page's own next_cursor, and only when there was more to fetch.
    for spec, following in zip(page_specs, visited[1:]):
        assert spec.has_more
        assert spec.ids
        assert spec.next_cursor == following
    # The walk stopped for a reason: no more, an empty page, no cursor, or a cursor seen before.
    last = page_specs[-1]
    assert not last.has_more or not last.ids or not last.next_cursor or last.next_cursor in visited
