"""The OpenAPI document: committed file up to date, every operation present, every $ref resolving,
structurally valid."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
from openapi_document import REGENERATE_COMMAND, build_openapi, render

from firsthand import FirstHandClient
from firsthand._operations import OPERATIONS, Operation

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "openapi.json"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return build_openapi()


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref} is not a local reference"
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict), f"{ref} does not resolve"
        mapping = cast("dict[str, Any]", node)
        assert part in mapping, f"{ref} does not resolve"
        node = mapping[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        mapping = cast("dict[str, Any]", node)
        found = [v for k, v in mapping.items() if k == "$ref" and isinstance(v, str)]
        return found + [r for k, v in mapping.items() if k != "$ref" for r in _refs(v)]
    if isinstance(node, list):
        items = cast("Sequence[Any]", node)
        return [r for item in items for r in _refs(item)]
    return []


def _deref(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _resolve(doc, node["$ref"])
    return node


# -- the committed file ----------------------------------------------------------------------------


def test_committed_document_is_up_to_date(doc: dict[str, Any]) -> None:
    assert COMMITTED.is_file(), (
        f"docs/openapi.json is missing; create it with: {REGENERATE_COMMAND}"
    )
    assert COMMITTED.read_text(encoding="utf-8") == render(doc), (
        f"docs/openapi.json is out of date with the SDK; regenerate it with: {REGENERATE_COMMAND}"
        " (or `nox -s openapi`)"
    )


def test_output_is_deterministic() -> None:
    assert render(build_openapi()) == render(build_openapi())


def test_render_sorts_keys_and_ends_with_a_newline(doc: dict[str, Any]) -> None:
    text = render(doc)
    assert text.endswith("}\n")
    assert list(json.loads(text)) == sorted(doc)
    assert json.loads(text) == doc


def _script() -> ModuleType:
    """``scripts/openapi.py``, the tooling that writes and checks the committed document."""
    loader = SourceFileLoader("firsthand_openapi_script", str(ROOT / "scripts" / "openapi.py"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_check_flags_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main = _script().main
    path = tmp_path / "openapi.json"
    assert main(["--output", str(path)]) == 0
    assert main(["--check", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8").replace("create_job", "make_job"), "utf-8")
    assert main(["--check", str(path)]) == 1
    assert "python scripts/openapi.py --output" in capsys.readouterr().err
    assert main(["--check", str(tmp_path / "absent.json")]) == 1


def test_the_script_prints_the_document() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/openapi.py"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.decode("utf-8") == render(build_openapi())


def test_the_generator_is_repository_tooling_not_part_of_the_package() -> None:
    """The installed SDK carries no OpenAPI generator: it lives in ``scripts/`` beside its command."""
    assert importlib.util.find_spec("firsthand._openapi") is None
    generator = importlib.util.find_spec("openapi_document")
    assert generator is not None
    assert generator.origin == str(ROOT / "scripts" / "openapi_document.py")


# -- content ---------------------------------------------------------------------------------------


def test_header(doc: dict[str, Any]) -> None:
    import firsthand

    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"] == "FirstHandAPI"
    assert doc["info"]["version"] == firsthand.__version__
    assert "generated" in doc["info"]["description"].lower()
    assert [server["url"] for server in doc["servers"]] == ["https://api.firsthandapi.com"]
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert doc["security"] == [{"bearerAuth": []}]
    assert "/v1/auth/signup" not in doc["paths"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_every_operation_is_documented(doc: dict[str, Any], op: Operation[Any]) -> None:
    operation = doc["paths"][op.path][op.method.lower()]
    assert operation["operationId"] == op.name
    # The summary is the docstring's summary sentence, in Markdown.
    docstring = inspect.getdoc(getattr(FirstHandClient, op.name)) or ""
    first_paragraph = " ".join(re.sub(r":[a-z]+:`~?", "`", docstring).split("\n\n")[0].split())
    assert operation["summary"]
    assert first_paragraph.replace("``", "`").startswith(operation["summary"])
    assert len(operation["tags"]) == 1
    assert operation["tags"][0] in {t["name"] for t in doc["tags"]}

    params = [_deref(doc, p) for p in operation.get("parameters", [])]
    path_names = re.findall(r"\{([^}]+)\}", op.path)
    assert [p["name"] for p in params if p["in"] == "path"] == path_names
    assert all(p["required"] is True for p in params if p["in"] == "path")
    query = [p for p in params if p["in"] == "query"]
    if op.query is None:
        assert query == []
    else:
        assert {p["name"] for p in query} == {
            f.alias or name for name, f in op.query.model_fields.items()
        }
        assert all(p["required"] is False and p["description"] for p in query)
        assert all("null" not in json.dumps(p["schema"]) for p in query)
    idempotency = [p for p in params if p["in"] == "header" and p["name"] == "Idempotency-Key"]
    assert len(idempotency) == (1 if op.method == "POST" else 0)

    if op.body is None:
        assert "requestBody" not in operation
    else:
        body = operation["requestBody"]
        assert body["required"] is True
        assert body["content"]["application/json"]["schema"]["$ref"].startswith(
            "#/components/schemas/"
        )

    expected = {"create_job": "201", "revoke_api_key": "204", "delete_webhook_endpoint": "204"}
    status = expected.get(op.name, "200")
    success = [code for code in operation["responses"] if code.startswith("2")]
    assert success == [status]
    answer = operation["responses"][status]
    assert "X-Request-Id" in answer["headers"]
    assert "X-RateLimit-Remaining" in answer["headers"]
    if status == "204":
        assert "content" not in answer
    else:
        schema = answer["content"]["application/json"]["schema"]
        # Named as the SDK's module names the result model (``JobList``, not ``ListEnvelope[Job]``).
        assert op.result is not None
        args = op.result.__pydantic_generic_metadata__["args"]
        module = sys.modules[(args[0] if args else op.result).__module__]
        assert getattr(module, _deref(doc, schema)["title"]) is op.result
    for code in ("401", "429"):
        error = _deref(doc, operation["responses"][code])
        assert error["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "Retry-After" in _deref(doc, operation["responses"]["429"])["headers"]


def test_no_undeclared_operations(doc: dict[str, Any]) -> None:
    documented = {
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in METHODS
    }
    assert documented == {(op.method, op.path) for op in OPERATIONS}
    ids = [o["operationId"] for item in doc["paths"].values() for o in item.values()]
    assert len(ids) == len(set(ids))


def test_body_schemas_are_strict_and_result_schemas_tolerant(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    create = schemas["JobCreateParams"]
    assert create["additionalProperties"] is False
    assert set(create["required"]) >= {"type", "description", "files_needed"}
    assert create["properties"]["files_needed"]["maximum"] == 10_000
    assert schemas["Job"]["additionalProperties"] is True
    assert schemas["JobList"]["properties"]["data"]["items"] == {"$ref": "#/components/schemas/Job"}
    assert "Examples:" not in json.dumps(schemas)
    assert not any(name.startswith("ListEnvelope") for name in schemas)
    error = schemas["Error"]
    assert error["required"] == ["error"]
    assert set(_deref(doc, error["properties"]["error"])["required"]) == {"type", "message"}


def test_every_ref_resolves_and_every_schema_is_used(doc: dict[str, Any]) -> None:
    refs = _refs(doc)
    assert refs
    for ref in refs:
        _resolve(doc, ref)
    used = {ref.rsplit("/", 1)[1] for ref in refs if ref.startswith("#/components/schemas/")}
    assert used == set(doc["components"]["schemas"])


# -- structural validity ---------------------------------------------------------------------------


def test_structure_by_hand(doc: dict[str, Any]) -> None:
    """The rules of OpenAPI 3.1 that matter here, checked without any validator installed."""
    assert set(doc) <= {
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    }
    assert {"title", "version"} <= set(doc["info"])
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        templated = set(re.findall(r"\{([^}]+)\}", path))
        for method, operation in item.items():
            assert method in METHODS
            assert operation["responses"]
            for code in operation["responses"]:
                assert re.fullmatch(r"[1-5](\d\d|XX)|default", code)
            params = [_deref(doc, p) for p in operation.get("parameters", [])]
            keys = [(p["name"], p["in"]) for p in params]
            assert len(keys) == len(set(keys)), f"duplicate parameter in {method} {path}"
            assert {p["name"] for p in params if p["in"] == "path"} == templated
            for p in params:
                assert p["in"] in {"query", "header", "path", "cookie"}
                assert "schema" in p
        for operation in item.values():
            for response in operation["responses"].values():
                assert "description" in _deref(doc, response)
    for name in doc["components"]["schemas"]:
        assert re.fullmatch(r"[a-zA-Z0-9._-]+", name)


def test_validates_with_openapi_spec_validator(doc: dict[str, Any]) -> None:
    # A test dependency (the `test` extra); imported by name, it ships no type information.
    validator: Any = importlib.import_module("openapi_spec_validator")
    validator.validate(doc)
