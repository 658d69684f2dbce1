"""A client generated from docs/openapi.json by a tool no one here wrote works against the stand-in.

openapi-python-client reads the document and emits one attrs model per schema; a nullable optional
field is ``X | None | Unset``, and setting it to ``None`` sends ``null``. The spec says such a
``null`` means "not given" (docs/decisions.md, "What the OpenAPI document promises"), so every
request that sends one must succeed and parse into the operation's success model, never its
``Error``. The generated code needs Python 3.11 (it imports ``typing.Self``). Run by
``nox -s contract``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Dict

import pytest

from firsthand.testing import FakeFirstHand

pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="openapi-python-client's code needs Python 3.11"
)
# Not in the `test` extra: openapi-python-client pins httpx<0.29, and the suite must run on the newest
# httpx. `nox -s contract` installs it in its own environment and runs this module.
pytest.importorskip(
    "openapi_python_client",
    reason="openapi-python-client is not installed (nox -s contract installs it and runs this module)",
)

SPEC = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
PACKAGE = "first_hand_api_client"
JOB: Dict[str, Any] = {
    "type": "data_collection",
    "description": "A photo of a coffee cup from above",
    "files_needed": 1,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 50,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package openapi-python-client generates from docs/openapi.json, imported."""
    out = tmp_path_factory.mktemp("generated") / PACKAGE
    command = [sys.executable, "-m", "openapi_python_client", "generate"]
    command += ["--path", str(SPEC), "--meta", "none", "--output-path", str(out)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "Warning" not in finished.stdout + finished.stderr, finished.stdout + finished.stderr
    sys.path.insert(0, str(out.parent))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out.parent))
        for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def api(generated: ModuleType) -> Iterator[Any]:
    """A generated ``AuthenticatedClient`` on a served stand-in (rate limit off)."""
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with fake.serve() as base_url:  # noqa: SIM117 (one parenthesised with needs Python 3.10 to parse)
        with generated.AuthenticatedClient(base_url=base_url, token=fake.api_key) as client:
            yield client


def _op(group: str, name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{group}.{name}")


def _model(name: str) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def _sent(api: Any, group: str, name: str, **kwargs: Any) -> Any:
    """The parsed answer of one generated call; the raw answer's text on failure."""
    detailed = _op(group, name).sync_detailed(client=api, **kwargs)
    assert 200 <= detailed.status_code < 300, detailed.content
    return detailed.parsed


def test_the_generated_client_has_every_operation(generated: ModuleType) -> None:
    from firsthand._operations import OPERATIONS

    root = Path(str(generated.__file__)).parent / "api"
    modules = {path.stem for path in root.glob("*/*.py") if path.stem != "__init__"}
    assert modules == {op.name for op in OPERATIONS}


@pytest.mark.parametrize(
    "field", ["files_per_submission", "min_star_rating", "title", "deadline", "metadata"]
)
def test_a_job_created_with_a_null_field(api: Any, field: str) -> None:
    body = _model("JobCreateParams").from_dict({**JOB, field: None})
    job = _sent(api, "jobs", "create_job", body=body, idempotency_key=f"null-{field}")
    assert isinstance(job, _model("Job"))
    assert job.files_needed == 1


@pytest.mark.parametrize("field", ["environment", "scopes"])
def test_a_key_created_with_a_null_field(api: Any, field: str) -> None:
    body = _model("ApiKeyCreateParams").from_dict({"name": "CI", field: None})
    key = _sent(api, "api_keys", "create_api_key", body=body, idempotency_key=f"key-{field}")
    assert isinstance(key, _model("ApiKey"))
    assert key.secret


@pytest.mark.parametrize("field", ["url", "events", "status"])
def test_an_endpoint_updated_with_a_null_field(api: Any, field: str) -> None:
    create = _model("WebhookEndpointCreateParams").from_dict(
        {"url": "https://example.com/hooks", "events": ["job.completed"]}
    )
    created = _sent(
        api, "webhook_endpoints", "create_webhook_endpoint", body=create, idempotency_key=field
    )
    update = _model("WebhookEndpointUpdateParams").from_dict({"description": "moved", field: None})
    endpoint = _sent(
        api, "webhook_endpoints", "update_webhook_endpoint", endpoint_id=created.id, body=update
    )
    assert isinstance(endpoint, _model("WebhookEndpoint"))
    assert (endpoint.description, endpoint.url) == ("moved", "https://example.com/hooks")


#: One settings update per nullable field: the field null plus one real change (an update must set
#: something).
SETTINGS: Dict[str, Dict[str, Any]] = {
    name: {name: None, "low_balance_threshold_cents": 2_000}
    for name in (
        "default_type",
        "default_price_per_file_cents",
        "auto_topup_enabled",
        "auto_topup_threshold_cents",
        "auto_topup_amount_cents",
    )
}
SETTINGS["low_balance_threshold_cents"] = {
    "low_balance_threshold_cents": None,
    "default_type": "feedback",
}


@pytest.mark.parametrize("field", sorted(SETTINGS))
def test_settings_updated_with_a_null_field(api: Any, field: str) -> None:
    body = _model("OrganizationSettingsUpdateParams").from_dict(SETTINGS[field])
    settings = _sent(api, "organization", "update_settings", body=body)
    assert isinstance(settings, _model("OrganizationSettings"))


def test_a_generated_journey_parses_every_answer(api: Any) -> None:
    """Create, read, list and cancel a job, then list its files and the balance: each answer is the
    generated success model, so the spec's response schemas match what the stand-in sends."""
    body = _model("JobCreateParams").from_dict(JOB)
    job = _sent(api, "jobs", "create_job", body=body, idempotency_key="journey")
    assert _sent(api, "jobs", "get_job", job_id=job.id).id == job.id
    assert [item.id for item in _sent(api, "jobs", "list_jobs").data] == [job.id]
    files = _sent(api, "files", "get_job_files", job_id=job.id)
    assert isinstance(files, _model("JobFileList"))
    cancelled = _sent(api, "jobs", "cancel_job", job_id=job.id, idempotency_key="journey-cancel")
    assert str(cancelled.status) == "cancelled"
    balance = _sent(api, "billing", "get_credit_balance")
    assert isinstance(balance, _model("CreditBalance"))
