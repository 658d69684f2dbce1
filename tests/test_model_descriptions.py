"""Every field of every public model is described, once, where the reference and OpenAPI read it.

A pydantic model's fields carry ``Field(description=...)``: the API reference's field tables
(tools/docs/firsthand_griffe.py) and docs/openapi.json both read it. A TypedDict twin of a request
model (``JobCreateParamsDict``) is described by its model; any other TypedDict, dataclass or
named tuple by its docstring's ``Attributes:`` section.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Optional

import pytest
from pydantic import BaseModel
from typing_extensions import is_typeddict

import firsthand
import firsthand.models
import firsthand.webhooks

MODULES = (firsthand, firsthand.models, firsthand.webhooks)


def _exported() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                found.setdefault(f"{value.__module__}.{value.__qualname__}", value)
    return found


EXPORTED = _exported()
MODELS = {path: cls for path, cls in EXPORTED.items() if issubclass(cls, BaseModel)}
TYPED_DICTS = {path: cls for path, cls in EXPORTED.items() if is_typeddict(cls)}


def _record_fields(cls: type) -> list[str]:
    """The fields of a dataclass or a named tuple; nothing for any other class."""
    names: Any = getattr(cls, "__dataclass_fields__", None) or getattr(cls, "_fields", ())
    return [str(name) for name in names]


RECORDS: dict[str, type] = {
    path: cls
    for path, cls in EXPORTED.items()
    if not issubclass(cls, BaseModel) and _record_fields(cls)
}


def _twin(typed_dict: type) -> Optional[type[BaseModel]]:
    # The same rule as the reference's (tools/docs/firsthand_griffe.py): strip "Dict", or
    # replace it with "Params".
    module = inspect.getmodule(typed_dict)
    stem = typed_dict.__name__.removesuffix("Dict")
    for candidate in (stem, f"{stem}Params"):
        twin = getattr(module, candidate, None)
        if inspect.isclass(twin) and issubclass(twin, BaseModel):
            return twin
    return None


def _attributes_section(cls: type) -> set[str]:
    """Names documented in the ``Attributes:`` section of a Google-style docstring."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    section = re.search(r"^Attributes:\n((?:[ \t]+.*\n?|\n)*)", doc, re.MULTILINE)
    if section is None:
        return set()
    return set(re.findall(r"^ {4}(\w+)(?: \([^)]*\))?:", section.group(1), re.MULTILINE))


def _keys(typed_dict: type) -> dict[str, Any]:
    return dict(typed_dict.__annotations__)


def _documented_keys(typed_dict: type) -> set[str]:
    # A TypedDict that extends another exported one (PostRequestOptions extends RequestOptions)
    # inherits its base's Attributes entries.
    keys = _keys(typed_dict)
    documented = _attributes_section(typed_dict)
    for other in TYPED_DICTS.values():
        other_keys = _keys(other)
        if other is not typed_dict and other_keys.items() < keys.items():
            documented |= _attributes_section(other)
    return documented


def test_the_walk_finds_the_public_models() -> None:
    names = {cls.__name__ for cls in EXPORTED.values()}
    assert {"Job", "JobCreateParams", "JobCreateParamsDict", "JobCompletedEvent"} <= names
    assert len(MODELS) >= 50
    assert {"ErrorDetail", "RequestOptions", "JobLocationDict"} <= {
        cls.__name__ for cls in TYPED_DICTS.values()
    }


@pytest.mark.parametrize("path", sorted(MODELS))
def test_every_model_field_has_a_description(path: str) -> None:
    model = MODELS[path]
    missing = [name for name, info in model.model_fields.items() if not info.description]
    assert not missing, (
        f"{model.__name__}: add Field(description=...) to {', '.join(missing)} "
        "(the API reference and docs/openapi.json read it)"
    )


@pytest.mark.parametrize("path", sorted(MODELS))
def test_descriptions_are_plain_markdown(path: str) -> None:
    # The OpenAPI document carries the same text: no mkdocstrings cross-references, no reST roles.
    for name, info in MODELS[path].model_fields.items():
        text = info.description or ""
        assert not re.search(r"\]\[|:\w+:`", text), f"{path}.{name}: {text!r}"
        assert text == text.strip(), f"{path}.{name}: {text!r}"
        assert text.endswith((".", ")")), f"{path}.{name}: a sentence, please: {text!r}"


@pytest.mark.parametrize("path", sorted(TYPED_DICTS))
def test_every_typeddict_key_is_described(path: str) -> None:
    typed_dict = TYPED_DICTS[path]
    twin = _twin(typed_dict)
    if twin is not None:
        missing = [
            key
            for key in _keys(typed_dict)
            if key not in twin.model_fields or not twin.model_fields[key].description
        ]
        where = f"{twin.__name__} (its twin model): Field(description=...)"
    else:
        documented = _documented_keys(typed_dict)
        missing = [key for key in _keys(typed_dict) if key not in documented]
        where = "the Attributes: section of its docstring"
    assert not missing, f"{typed_dict.__name__}: describe {', '.join(missing)} in {where}"


@pytest.mark.parametrize("path", sorted(RECORDS))
def test_every_record_field_is_described(path: str) -> None:
    cls = RECORDS[path]
    missing = [name for name in _record_fields(cls) if name not in _attributes_section(cls)]
    assert not missing, f"{cls.__name__}: describe {', '.join(missing)} under Attributes:"


def test_a_missing_description_is_caught() -> None:
    # The check above, on a model made to fail it.
    class Undescribed(BaseModel):
        named: int = 0

    assert not Undescribed.model_fields["named"].description
    assert _attributes_section(firsthand.RetryInfo) >= {"retry_number", "wait"}
