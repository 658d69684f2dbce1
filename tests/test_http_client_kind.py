"""``http_client=`` of the wrong package or kind: refused with a message naming both packages.

httpx2 is a fork of httpx with the same class names (``httpx2.Client``); firsthand is built on httpx,
so an httpx2 client is refused, and the message must say which package was given and which to pass.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from client_helpers import make
from firsthand import FirstHandError

TEST_KEY = "fh_test_sk_httpclientkind000000000001"


def _httpx2_class(name: str, module: str) -> type:
    """A class standing in for httpx2's ``name``: the same class name as httpx's, another module."""
    return type(name, (), {"__module__": module})


@pytest.mark.parametrize("module", ["httpx2", "httpx2._client"])
@pytest.mark.parametrize(("kind", "name"), [("sync", "Client"), ("async", "AsyncClient")])
def test_an_httpx2_client_is_refused_naming_both_packages(
    kind: str, name: str, module: str
) -> None:
    given = _httpx2_class(name, module)()
    with pytest.raises(FirstHandError) as info:
        make(kind, api_key=TEST_KEY, http_client=given)
    message = str(info.value)
    assert info.value.type == "configuration_error"
    assert f"an httpx2.{name} was given" in message
    assert "firsthand uses httpx, not httpx2" in message
    client_name = "FirstHandClient" if kind == "sync" else "AsyncFirstHandClient"
    assert f"pass an httpx.{name} to {client_name}" in message
    assert TEST_KEY not in message


def test_the_other_httpx_kind_is_named_with_its_package() -> None:
    wrong = httpx.Client()
    try:
        with pytest.raises(FirstHandError) as info:
            make("async", api_key=TEST_KEY, http_client=wrong)
    finally:
        wrong.close()
    assert info.value.message == (
        "http_client must be an httpx.AsyncClient for AsyncFirstHandClient, not httpx.Client"
    )
    with pytest.raises(FirstHandError, match=r"not builtins\.object$"):
        make("sync", api_key=TEST_KEY, http_client=object())


def test_the_configuration_guide_quotes_the_message_as_raised() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text("utf-8")
    with pytest.raises(FirstHandError) as info:
        make("sync", api_key=TEST_KEY, http_client=_httpx2_class("Client", "httpx2")())
    assert f"\n{info.value.message}\n" in page
    assert "httpx2 needs Python 3.11 or newer" in page
