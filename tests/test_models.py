"""The ``Job`` response model and the ``JobCreateParams`` request model, without any I/O.

Response models are tolerant (unknown fields and enum values are kept), give read-only item access
by wire name, turn every timestamp into an aware UTC ``datetime`` and dump back to the wire shape.
Request models are strict.
"""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError
from typing_extensions import NotRequired, Required, get_origin, get_type_hints

from firsthand import FirstHandValidationError, _operations
from firsthand.models import (
    Job,
    JobCreateParams,
    JobCreateParamsDict,
    JobLocation,
    JobLocationDict,
    JobLocationParams,
    ListEnvelope,
)

#: A job as the stand-in server emits it, plus two fields this SDK version does not know.
WIRE_JOB: dict[str, Any] = {
    "object": "job",
    "id": "job_01JQ0000000000000000000001",
    "type": "data_collection",
    "status": "in_progress",
    "title": "Coffee cups",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 50,
    "files_approved": 3,
    "files_pending": 2,
    "files_rejected": 1,
    "accepted_formats": ["image/jpeg", "image/png"],
    "price_per_file_cents": 75,
    "total_cost_cents": 3750,
    "location": {"lat": 40.7128, "lng": -74.006, "radius_km": 5.0},
    "deadline": "2026-04-01T12:00:00.000Z",
    "max_workers": 10,
    "metadata": {"campaign": "spring", "batch": 3, "tags": ["a", "b"]},
    "files_per_submission": 1,
    "scoring_criteria": "Cup fully visible",
    "min_star_rating": 3,
    "min_width": 640,
    "min_height": 480,
    "worker_guidelines": "Daylight only",
    "buyer_rating": None,
    "created_at": "2026-03-20T19:03:27.971Z",
    "updated_at": "2026-03-20T19:05:00.000Z",
    "completed_at": None,
    "cancelled_at": None,
    "brand_new_field": {"nested": [1, 2, 3]},
    "another_new_field": "surprise",
}

EXTRA_KEYS = {"brand_new_field", "another_new_field"}
TIMESTAMP_FIELDS = ("deadline", "created_at", "updated_at", "completed_at", "cancelled_at")

#: Only what the docs' own example shows: every other field takes its default.
MINIMAL_JOB: dict[str, Any] = {
    "object": "job",
    "id": "job_min",
    "type": "feedback",
    "status": "open",
    "description": "Say hello to the camera",
    "files_needed": 1,
    "files_approved": 0,
    "price_per_file_cents": 50,
    "created_at": "2026-03-15T10:00:00Z",
}


@pytest.fixture
def job() -> Job:
    return Job.model_validate(copy.deepcopy(WIRE_JOB))


def valid_params(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "data_collection",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 50,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": 75,
    }
    body.update(changes)
    return body


# -- access -------------------------------------------------------------------------------------


def test_attribute_and_item_access_agree(job: Job) -> None:
    assert job.id == job["id"] == job.get("id") == WIRE_JOB["id"]
    assert job["status"] == job.status == "in_progress"
    assert job["files_needed"] == 50
    assert job["location"] is job.location
    assert isinstance(job["location"], JobLocation)
    assert job["location"]["radius_km"] == 5.0
    assert job["buyer_rating"] is None  # a known field that is null is still an item
    for key in Job.model_fields:
        assert key in job
        assert job[key] is getattr(job, key)


def test_get_returns_default_for_unknown_keys(job: Job) -> None:
    assert job.get("nope") is None
    assert job.get("nope", 7) == 7
    assert job.get("title", "default") == "Coffee cups"
    # a known field whose value is None returns None, not the default
    assert job.get("buyer_rating", "default") is None


def test_contains(job: Job) -> None:
    assert "id" in job
    assert "brand_new_field" in job
    assert "nope" not in job
    assert 123 not in job
    assert None not in job


@pytest.mark.parametrize("key", ["nope", "ID", "", "is_terminal", "to_dict", "model_fields"])
def test_item_access_raises_key_error_for_anything_but_wire_names(job: Job, key: str) -> None:
    # Methods and properties are not items: only wire names (fields and extras) are.
    with pytest.raises(KeyError) as info:
        job[key]
    assert info.value.args == (key,)
    assert key not in job
    assert job.get(key) is None


@pytest.mark.parametrize("key", ["id", "status", "brand_new_field", "nope"])
def test_item_access_is_read_only(job: Job, key: str) -> None:
    before = job.to_dict()
    with pytest.raises(TypeError):
        job[key] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        del job[key]  # type: ignore[attr-defined]
    assert job.to_dict() == before


# -- tolerance ----------------------------------------------------------------------------------


def test_unknown_fields_are_kept(job: Job) -> None:
    assert job.model_extra == {
        "brand_new_field": {"nested": [1, 2, 3]},
        "another_new_field": "surprise",
    }
    assert job["brand_new_field"] == {"nested": [1, 2, 3]}
    assert job.get("another_new_field") == "surprise"
    wire = job.to_dict()
    assert wire["brand_new_field"] == {"nested": [1, 2, 3]}
    assert wire["another_new_field"] == "surprise"
    assert job.model_dump()["another_new_field"] == "surprise"


def test_unknown_enum_values_are_accepted_as_str() -> None:
    job = Job.model_validate(
        {**MINIMAL_JOB, "status": "paused", "type": "survey", "accepted_formats": ["image/heic"]}
    )
    assert job.status == "paused"
    assert job.type == "survey"
    assert job.accepted_formats == ["image/heic"]
    assert job.is_terminal is False
    assert job.to_dict()["status"] == "paused"


def test_known_field_with_wrong_type_is_rejected() -> None:
    # Tolerance covers additions, not a broken contract.
    with pytest.raises(ValidationError):
        Job.model_validate({**MINIMAL_JOB, "files_needed": "many"})
    with pytest.raises(ValidationError):
        Job.model_validate({k: v for k, v in MINIMAL_JOB.items() if k != "id"})


@pytest.mark.parametrize(
    ("status", "terminal"),
    [
        ("open", False),
        ("filled", False),
        ("in_progress", False),
        ("completed", True),
        ("cancelled", True),
        ("resolved", False),
    ],
)
def test_is_terminal(status: str, terminal: bool) -> None:
    assert Job.model_validate({**MINIMAL_JOB, "status": status}).is_terminal is terminal


# -- timestamps ---------------------------------------------------------------------------------

INSTANT = datetime(2026, 3, 20, 19, 3, 27, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-15T10:00:00Z", datetime(2026, 3, 15, 10, 0, 0, tzinfo=timezone.utc)),
        ("2026-03-20T19:03:27.971Z", INSTANT.replace(microsecond=971_000)),
        ("2026-03-20T21:03:27+02:00", INSTANT),
        ("2026-03-20T14:03:27-05:00", INSTANT),
        ("2026-03-20T19:03:27", INSTANT),  # no offset: UTC, never local time
        ("2026-03-20T19:03:27.971", INSTANT.replace(microsecond=971_000)),
    ],
)
@pytest.mark.parametrize("field", TIMESTAMP_FIELDS)
@pytest.mark.parametrize("from_json", [False, True], ids=["python", "json"])
def test_timestamps_become_aware_utc(
    text: str, expected: datetime, field: str, from_json: bool
) -> None:
    data = {**MINIMAL_JOB, field: text}
    job = Job.model_validate_json(json.dumps(data)) if from_json else Job.model_validate(data)
    value = job[field]

    assert isinstance(value, datetime)
    assert value.tzinfo == timezone.utc
    assert value.utcoffset() == timedelta(0)
    assert value == expected
    # Same wall-clock fields as the UTC instant, not merely an equal instant in another zone.
    assert value.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_naive_timestamp_is_not_read_as_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    if hasattr(time, "tzset"):
        time.tzset()
    try:
        job = Job.model_validate({**MINIMAL_JOB, "created_at": "2026-03-20T19:03:27"})
    finally:
        monkeypatch.undo()
        if hasattr(time, "tzset"):
            time.tzset()
    assert job.created_at == INSTANT


def test_datetime_objects_are_normalised_too() -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    job = Job.model_validate(
        {**MINIMAL_JOB, "created_at": datetime(2026, 3, 21, 0, 33, 27, tzinfo=ist)}
    )
    assert job.created_at == INSTANT
    assert job.created_at.tzinfo == timezone.utc
    assert job.created_at.hour == 19


# -- dumping ------------------------------------------------------------------------------------


def test_to_dict_is_the_wire_shape(job: Job) -> None:
    wire = job.to_dict()

    assert set(wire) == set(Job.model_fields) | EXTRA_KEYS
    json.dumps(wire)  # JSON-compatible all the way down
    for key, value in WIRE_JOB.items():
        if key in TIMESTAMP_FIELDS and value is not None:
            parsed = datetime.fromisoformat(wire[key].replace("Z", "+00:00"))
            assert parsed == datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            assert wire[key] == value, key
    assert wire == job.model_dump(mode="json")
    assert wire == json.loads(job.model_dump_json())


def test_model_dump_has_the_same_keys_and_python_values(job: Job) -> None:
    dumped = job.model_dump()
    assert set(dumped) == set(job.to_dict())
    assert dumped["created_at"] == job.created_at
    assert dumped["location"] == {"lat": 40.7128, "lng": -74.006, "radius_km": 5.0}


@pytest.mark.parametrize("data", [WIRE_JOB, MINIMAL_JOB], ids=["full", "minimal"])
def test_to_dict_round_trips(data: dict[str, Any]) -> None:
    job = Job.model_validate(copy.deepcopy(data))

    assert Job.model_validate(job.to_dict()) == job
    assert Job.model_validate_json(json.dumps(job.to_dict())) == job
    assert Job.model_validate(job.model_dump()) == job
    # Equality is not vacuous.
    assert Job.model_validate({**job.to_dict(), "files_approved": 99}) != job


def test_model_dump_emits_no_serialization_warnings(job: Job) -> None:
    odd = Job.model_validate({**MINIMAL_JOB, "status": "paused", "accepted_formats": ["x/y"]})
    envelope = ListEnvelope[Job].model_validate(
        {"object": "list", "data": [WIRE_JOB, MINIMAL_JOB], "has_more": True, "next_cursor": "c"}
    )
    params = JobCreateParams.model_validate(
        valid_params(
            location={"lat": 1, "lng": 2},
            deadline="2026-04-01T12:00:00+02:00",
            metadata={"a": [1, {"b": None}]},
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for model in (job, odd, envelope):
            model.model_dump()
            model.model_dump(mode="json")
            model.model_dump_json()
            model.to_dict()
        params.model_dump()
        params.model_dump_json()
        params.to_wire()


# -- pickle -------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_job(job: Job, protocol: int) -> None:
    restored = pickle.loads(pickle.dumps(job, protocol=protocol))
    assert type(restored) is Job
    assert restored == job
    assert restored.model_extra == job.model_extra
    assert restored.created_at.tzinfo == timezone.utc
    assert restored["brand_new_field"] == {"nested": [1, 2, 3]}


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_job_create_params(protocol: int) -> None:
    params = JobCreateParams.model_validate(
        valid_params(
            location={"lat": 40.7, "lng": -74.0, "radius_km": 2},
            deadline="2026-04-01T12:00:00Z",
            metadata={"k": "v"},
        )
    )
    restored = pickle.loads(pickle.dumps(params, protocol=protocol))
    assert type(restored) is JobCreateParams
    assert restored == params
    assert restored.to_wire() == params.to_wire()
    assert isinstance(restored.location, JobLocationParams)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("source", ["public_name", "client_operation"])
def test_pickle_list_envelope(protocol: int, source: str) -> None:
    envelope_cls = ListEnvelope[Job] if source == "public_name" else _operations.LIST_JOBS.result
    assert envelope_cls is not None
    envelope = envelope_cls.model_validate(
        {"object": "list", "data": [WIRE_JOB, MINIMAL_JOB], "has_more": True, "next_cursor": "c1"}
    )
    restored = pickle.loads(pickle.dumps(envelope, protocol=protocol))
    assert type(restored) is type(envelope)
    assert restored == envelope
    assert [type(item) for item in restored.data] == [Job, Job]
    assert restored.data[0].model_extra == {k: WIRE_JOB[k] for k in EXTRA_KEYS}
    assert restored.next_cursor == "c1"


_PICKLE_ENVELOPE_IN_FRESH_PROCESS = """
import pickle
from firsthand.models import Job, ListEnvelope

def page():
    return ListEnvelope[Job].model_validate({"data": [], "has_more": False})

envelope = page()
assert pickle.loads(pickle.dumps(envelope)) == envelope
print("ok")
"""


def test_pickle_list_envelope_does_not_depend_on_import_order() -> None:
    # ``ListEnvelope[Job]`` is public (``firsthand.models``); pickling it must not depend on
    # whether some other module happened to create the parametrized class at module level first.
    result = subprocess.run(
        [sys.executable, "-c", _PICKLE_ENVELOPE_IN_FRESH_PROCESS],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


# -- request models -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        (valid_params(file_needed=5), ("file_needed",)),
        (valid_params(location={"lat": 1, "lng": 2, "radius": 3}), ("location", "radius")),
    ],
    ids=["top_level", "nested"],
)
def test_job_create_params_forbid_extra_keys(data: dict[str, Any], loc: tuple[str, ...]) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        JobCreateParams.model_validate(data)
    assert info.value.details == [
        {"field": ".".join(loc), "message": "Extra inputs are not permitted"}
    ]


def test_response_models_allow_what_request_models_forbid() -> None:
    assert Job.model_config.get("extra") == "allow"
    assert JobCreateParams.model_config.get("extra") == "forbid"
    assert JobLocationParams.model_config.get("extra") == "forbid"


def test_job_create_params_to_wire_omits_unset_fields() -> None:
    params = JobCreateParams.model_validate(valid_params(title=None))
    assert params.to_wire() == valid_params()


def _required_fields(model: Any) -> set[str]:
    return {name for name, info in model.model_fields.items() if info.is_required()}


@pytest.mark.parametrize(
    ("typed_dict", "model"),
    [(JobCreateParamsDict, JobCreateParams), (JobLocationDict, JobLocationParams)],
    ids=["JobCreateParamsDict", "JobLocationDict"],
)
def test_typed_dict_keys_match_model_fields(typed_dict: Any, model: Any) -> None:
    assert set(typed_dict.__annotations__) == set(model.model_fields)
    assert set(typed_dict.__required_keys__) | set(typed_dict.__optional_keys__) == set(
        model.model_fields
    )


@pytest.mark.parametrize(
    ("typed_dict", "model"),
    [(JobCreateParamsDict, JobCreateParams), (JobLocationDict, JobLocationParams)],
    ids=["JobCreateParamsDict", "JobLocationDict"],
)
def test_typed_dict_required_keys_match_required_fields(typed_dict: Any, model: Any) -> None:
    # Runtime introspection (``__required_keys__``) must agree with the model, as static checkers do.
    assert set(typed_dict.__required_keys__) == _required_fields(model)
    assert set(typed_dict.__optional_keys__) == set(model.model_fields) - _required_fields(model)


@pytest.mark.parametrize(
    ("typed_dict", "model"),
    [(JobCreateParamsDict, JobCreateParams), (JobLocationDict, JobLocationParams)],
    ids=["JobCreateParamsDict", "JobLocationDict"],
)
def test_typed_dict_annotations_mark_required_fields(typed_dict: Any, model: Any) -> None:
    hints = get_type_hints(typed_dict, include_extras=True)
    origins: dict[str, object] = {k: get_origin(hint) for k, hint in hints.items()}
    marked_required = {k for k, origin in origins.items() if origin is Required}
    marked_optional = {k for k, origin in origins.items() if origin is NotRequired}
    unmarked = set(hints) - marked_required - marked_optional
    # total=False: an unmarked key is optional.
    assert marked_required == _required_fields(model)
    assert marked_optional | unmarked == set(model.model_fields) - _required_fields(model)
