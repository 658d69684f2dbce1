"""The API key never shows up in a repr, wherever an error reporter or a debugger might look."""

from __future__ import annotations

import pickle

import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient
from firsthand._operations import CREATE_JOB, GET_JOB

KEY = "fh_live_sk_TOPSECRET0123456789abcdef"


@pytest.mark.parametrize("cls", [FirstHandClient, AsyncFirstHandClient])
def test_client_internals_never_show_the_key(cls: type[FirstHandClient]) -> None:
    client = cls(api_key=KEY)
    core = client._core
    call = core.prepare(GET_JOB, path_params={"job_id": "job_1"}, options={})
    post = core.prepare(
        CREATE_JOB,
        body={
            "type": "feedback",
            "description": "Say hello to the camera",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 100,
        },
        options={},
    )
    for text in (repr(client), str(client), repr(client.with_options(timeout=1)), repr(core)):
        assert "TOPSECRET" not in text
    for prepared in (call, post):
        assert "TOPSECRET" not in repr(prepared)
        assert prepared.headers["Authorization"] == f"Bearer {KEY}"  # it is still sent


def test_clients_refuse_pickling_so_the_key_cannot_leak_through_it() -> None:
    with (
        FirstHandClient(api_key=KEY) as client,
        pytest.raises(TypeError, match="cannot be pickled"),
    ):
        pickle.dumps(client)
