"""One error type for bad request input, whichever way it is written: a request model built by
hand (``JobCreateParams(...)``, ``model_validate``, ``model_validate_json``) raises the same
``FirstHandValidationError``, naming the same fields, as the same mistake in a dict body."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from firsthand import FirstHandClient, FirstHandValidationError
from firsthand.models import (
    JobCreateParams,
    ListJobsParams,
    PageParams,
    WebhookEndpointUpdateParams,
)

KEY = "fh_test_sk_requesterrors000000000000"

GOOD: dict[str, Any] = {
    "type": "feedback",
    "description": "Record a short clip of your street at noon.",
    "files_needed": 10,
    "accepted_formats": ["video/mp4"],
    "price_per_file_cents": 200,
}

STYLES: dict[str, Callable[[dict[str, Any]], object]] = {
    "constructor": lambda body: JobCreateParams(**body),
    "model_validate": JobCreateParams.model_validate,
    "model_validate_json": lambda body: JobCreateParams.model_validate_json(json.dumps(body)),
}


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"files_needed": "10"}, ["files_needed"]),
        ({"files_needed": 0, "type": "photo"}, ["type", "files_needed"]),
        ({"location": {"lat": 100.0, "lng": 0.0}}, ["location.lat"]),
        ({"titel": "Street at noon"}, ["titel"]),
    ],
    ids=["wrong-type", "two-fields", "nested", "unknown-key"],
)
@pytest.mark.parametrize("style", list(STYLES))
def test_a_request_model_raises_what_a_dict_body_raises(
    fake_api: Any, style: str, change: dict[str, Any], fields: list[str]
) -> None:
    body = {**GOOD, **change}
    with pytest.raises(FirstHandValidationError) as built:
        STYLES[style](body)
    with FirstHandClient(api_key=KEY) as client, pytest.raises(FirstHandValidationError) as sent:
        client.create_job(body)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]

    assert fake_api.sent == []
    for error in (built.value, sent.value):
        assert error.status is None
        assert error.type == "validation_error"
        assert [d["field"] for d in error.details] == fields
    assert built.value.details == sent.value.details
    assert "JobCreateParams" in str(built.value)
    assert all(field in str(built.value) for field in fields)


def test_it_is_a_value_error_so_pydantic_style_code_keeps_working() -> None:
    bad: dict[str, Any] = {**GOOD, "files_needed": "10"}
    with pytest.raises(ValueError, match="files_needed"):
        JobCreateParams(**bad)


def test_the_input_value_is_never_echoed() -> None:
    secretish = "https://hooks.example.com/h?token=sk_live_abcdefghijklmnop"
    with pytest.raises(FirstHandValidationError) as info:
        WebhookEndpointUpdateParams(url=secretish, events=["job.done"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    assert "sk_live" not in str(info.value)
    assert "sk_live" not in repr(info.value.details)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (PageParams, {"limit": 101}, "limit"),
        (ListJobsParams, {"status": "opne"}, "status"),
        (WebhookEndpointUpdateParams, {}, "body"),
    ],
)
def test_every_request_model_raises_it(model: Any, data: dict[str, Any], field: str) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        model(**data)
    assert [d["field"] for d in info.value.details] == [field]


def test_valid_models_and_copies_are_unaffected() -> None:
    params = JobCreateParams(**GOOD)
    assert JobCreateParams.model_validate(params.to_wire()) == params
    assert params.model_copy(update={"files_needed": 5}).files_needed == 5
