"""A griffe extension for the API reference (docs/reference.md): the models' fields as tables.

mkdocstrings reads the source statically, and the field descriptions live in ``Field(...)``
(where the OpenAPI document reads them too), so a model page would show no fields at all. Once
the package is loaded, this extension imports each model and gives the reference what pydantic
itself knows: for every field its type, whether it is required, its default, its description,
its examples and its limits. A TypedDict twin of a request model (``JobCreateParamsDict``) gets
the descriptions of its model (``JobCreateParams``): written once, on the model.

It also makes signatures read as a user calls them: a default that names a module constant
(``timeout=DEFAULT_TIMEOUT``) shows the constant's value (``timeout=30.0``), and bases that are
not public (``BaseClient[httpx.Client]``, ``_BasePage[ItemT]``) are left out.

Wired in ``mkdocs.yml`` (``extensions:``) with the template ``firsthand_model.html.jinja`` beside
this file (``custom_templates:``). Nothing here is imported by the SDK.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Any, Optional, Union, cast, get_type_hints

from griffe import (
    Alias,
    Attribute,
    Class,
    Expr,
    ExprAttribute,
    ExprBinOp,
    ExprList,
    ExprName,
    ExprSubscript,
    ExprTuple,
    Extension,
    Function,
    Module,
    Object,
)
from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from typing_extensions import is_typeddict

#: Modules whose ``__all__`` is the public surface: a base class outside it is not shown.
PUBLIC_MODULES = ("firsthand", "firsthand.models", "firsthand.webhooks", "firsthand.testing")
_ANNOTATED = {"typing.Annotated", "typing_extensions.Annotated"}
_TYPEDDICT_WRAPPERS = {
    f"{module}.{name}"
    for module in ("typing", "typing_extensions")
    for name in ("Required", "NotRequired", "ReadOnly")
}
#: pydantic's strict aliases read as the plain types they accept.
_PLAIN = {
    "pydantic.StrictInt": "int",
    "pydantic.StrictFloat": "float",
    "pydantic.StrictStr": "str",
    "pydantic.StrictBool": "bool",
    "pydantic.AwareDatetime": "datetime",
}
#: JSON schema bounds (low keyword, high keyword, unit) -> how the limits line says them.
_BOUNDS = (
    ("minimum", "maximum", ""),
    ("minLength", "maxLength", "character"),
    ("minItems", "maxItems", "item"),
    ("minProperties", "maxProperties", "key"),
)


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _unit(unit: str, count: Any) -> str:
    if not unit:
        return ""
    return f" {unit}" if count == 1 else f" {unit}s"


def _bounds(branch: dict[str, Any]) -> list[str]:
    said: list[str] = []
    for low_key, high_key, unit in _BOUNDS:
        low, high = branch.get(low_key), branch.get(high_key)
        if low is not None and high is not None:
            said.append(f"{_number(low)}–{_number(high)}{_unit(unit, high)}")
        elif low is not None:
            said.append(f"at least {_number(low)}{_unit(unit, low)}")
        elif high is not None:
            said.append(f"at most {_number(high)}{_unit(unit, high)}")
    if "exclusiveMinimum" in branch:
        said.append(f"more than {_number(branch['exclusiveMinimum'])}")
    if "exclusiveMaximum" in branch:
        said.append(f"less than {_number(branch['exclusiveMaximum'])}")
    if "pattern" in branch:
        said.append(f"matches {branch['pattern']}")
    return said


def _public_classes() -> list[type]:
    """The classes the public modules export (compared by identity: the exceptions say
    ``__module__ = "firsthand"``, not the private module griffe reads them from)."""
    found: list[type] = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name, None)
            if inspect.isclass(value):
                found.append(value)
    return found


def _is_public_path(path: str, public: list[type]) -> bool:
    module_name, _, name = path.rpartition(".")
    try:
        value = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError, ValueError):
        return False
    return any(value is cls for cls in public)


def _resolve(name: ExprName) -> Optional[Object | Alias]:
    try:
        target = name.parent.modules_collection.get_member(name.canonical_path)  # type: ignore[union-attr]
    except Exception:  # unresolvable: leave the expression as it is
        return None
    return target  # type: ignore[no-any-return]


def _private_alias_value(name: ExprName) -> Optional[Union[str, Expr]]:
    """The value of a private module-level alias (``_Cents = Annotated[...]``), else ``None``."""
    if not name.name.startswith("_"):
        return None
    module = name.parent.module if isinstance(name.parent, (Module, Class, Function)) else None
    if module is None or name.name not in module.members:
        return None
    member = module.members[name.name]
    if isinstance(member, Attribute) and isinstance(member.value, Expr):
        return member.value
    return None


def readable(expr: Union[str, Expr, None]) -> Union[str, Expr, None]:
    """The annotation as a reader wants it: no ``Annotated`` metadata, no ``Required[...]``
    wrapper, private aliases replaced by what they stand for, ``StrictInt`` as ``int``."""
    if isinstance(expr, ExprName):
        alias = _private_alias_value(expr)
        if alias is not None:
            return readable(alias)
        plain = _PLAIN.get(expr.canonical_path)
        return ExprName(plain) if plain else expr
    if isinstance(expr, ExprAttribute):
        plain = _PLAIN.get(expr.canonical_path)
        return ExprName(plain) if plain else expr
    if isinstance(expr, ExprSubscript):
        path = expr.canonical_path
        if path in _ANNOTATED or path in _TYPEDDICT_WRAPPERS:
            inner = expr.slice.elements[0] if isinstance(expr.slice, ExprTuple) else expr.slice
            return readable(inner)
        return ExprSubscript(readable(expr.left), readable(expr.slice))  # type: ignore[arg-type]
    if isinstance(expr, ExprTuple):
        return ExprTuple([readable(e) for e in expr.elements], implicit=expr.implicit)  # type: ignore[misc]
    if isinstance(expr, ExprList):
        return ExprList([readable(e) for e in expr.elements])  # type: ignore[misc]
    if isinstance(expr, ExprBinOp):
        return ExprBinOp(readable(expr.left), expr.operator, readable(expr.right))  # type: ignore[arg-type]
    return expr


def _limits(schema: dict[str, Any]) -> list[str]:
    """The limits a field's JSON schema sets (``1–100``, ``at most 500 characters``)."""
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    said: list[str] = []
    for branch in branches:
        for text in _bounds(branch):
            if text not in said:
                said.append(text)
        items: Any = branch.get("items")
        if isinstance(items, dict):
            each = cast("dict[str, Any]", items)
            said.extend(f"each {text}" for text in _bounds(each) if f"each {text}" not in said)
    return said


def _example(value: Any) -> str:
    import json

    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        return repr(value)


def _annotation_of(cls: Class, name: str) -> Union[str, Expr, None]:
    member = cls.all_members.get(name)
    if member is None:
        return None
    return readable(member.annotation)  # type: ignore[union-attr]


def _model_rows(cls: Class, model: type[BaseModel]) -> list[dict[str, Any]]:
    properties: dict[str, Any]
    try:
        properties = model.model_json_schema(mode="validation").get("properties", {})
    except Exception:  # a model whose schema cannot be built still gets its table
        properties = {}
    rows: list[dict[str, Any]] = []
    for name, info in model.model_fields.items():
        required = info.is_required()
        default: Optional[str] = None
        if not required:
            if info.default_factory is not None:
                default = f"{getattr(info.default_factory, '__name__', 'factory')}()"
            elif info.default is not PydanticUndefined:
                default = repr(info.default)
        rows.append(
            {
                "name": info.alias or name,
                "annotation": _annotation_of(cls, name),
                "required": required,
                "default": default,
                "description": info.description or "",
                "examples": [_example(e) for e in info.examples or ()],
                "limits": _limits(properties.get(info.alias or name, {})),
            }
        )
    return rows


def twin_model(typed_dict: type) -> Optional[type[BaseModel]]:
    """The request model a TypedDict spells as a dict: ``JobCreateParamsDict`` ->
    ``JobCreateParams``, ``JobLocationDict`` -> ``JobLocationParams``."""
    module = importlib.import_module(typed_dict.__module__)
    stem = typed_dict.__name__.removesuffix("Dict")
    for candidate in (stem, f"{stem}Params"):
        twin = getattr(module, candidate, None)
        if inspect.isclass(twin) and issubclass(twin, BaseModel):
            return twin
    return None


def _typeddict_rows(cls: Class, typed_dict: type) -> Optional[list[dict[str, Any]]]:
    twin = twin_model(typed_dict)
    if twin is None:
        return None  # described by its docstring's Attributes section instead
    fields = twin.model_fields
    required_keys: frozenset[str] = typed_dict.__required_keys__  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = []
    for name in get_type_hints(typed_dict):
        info = fields.get(name)
        rows.append(
            {
                "name": name,
                "annotation": _annotation_of(cls, name),
                "required": name in required_keys,
                "default": None,
                "description": (info.description if info is not None else None) or "",
                "examples": [_example(e) for e in (info.examples or ())] if info else [],
                "limits": [],
            }
        )
    return rows


def _classes(module: Module) -> list[Class]:
    found: list[Class] = []
    for member in module.members.values():
        if member.is_alias:
            continue
        if isinstance(member, Module):
            found.extend(_classes(member))
        elif isinstance(member, Class):
            found.append(member)
    return found


def _functions(module: Module) -> list[Function]:
    found: list[Function] = []
    for member in module.members.values():
        if member.is_alias:
            continue
        if isinstance(member, Module):
            found.extend(_functions(member))
        elif isinstance(member, Class):
            found.extend(m for m in member.members.values() if isinstance(m, Function))
        elif isinstance(member, Function):
            found.append(member)
    return found


def _literal_value(default: Union[str, Expr, None]) -> Optional[str]:
    """``30.0`` for a default written ``DEFAULT_TIMEOUT`` (a module constant), else ``None``."""
    if not isinstance(default, ExprName):
        return None
    target = _resolve(default)
    if target is None or not isinstance(target, (Attribute, Alias)):
        return None
    value = target.value
    if isinstance(value, Expr):  # ``32 * 1024 * 1024``
        value = str(value)
    if not isinstance(value, str):
        return None
    try:
        ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value if _is_arithmetic(value) else None
    return value


def _is_arithmetic(source: str) -> bool:
    """``32 * 1024 * 1024``: numbers and arithmetic only, shown as written."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return False
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Constant)
    return all(isinstance(node, allowed) for node in ast.walk(tree)) and all(
        isinstance(node.value, (int, float))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
    )


def _is_generic(base: Union[str, Expr]) -> bool:
    left = base.left if isinstance(base, ExprSubscript) else base
    path = left.canonical_path if isinstance(left, Expr) else str(left)
    return path in {"typing.Generic", "typing_extensions.Generic"}


class FirstHandReference(Extension):
    """Field tables for models and TypedDicts, literal defaults, no private bases."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        if pkg.name != "firsthand":
            return
        public = _public_classes()
        for cls in _classes(pkg):
            # The bases stay (griffe resolves inherited members through them); the template
            # shows only these.
            cls.extra["firsthand"]["bases"] = self._public_bases(cls, public)
            cls.extra["mkdocstrings"]["template"] = "firsthand_model.html.jinja"
            try:
                runtime = importlib.import_module(cls.module.path)
                obj = getattr(runtime, cls.name)
            except (ImportError, AttributeError):
                continue
            rows: Optional[list[dict[str, Any]]] = None
            if inspect.isclass(obj) and issubclass(obj, BaseModel):
                rows = _model_rows(cls, obj)
            elif inspect.isclass(obj) and is_typeddict(obj):
                rows = _typeddict_rows(cls, obj)
            if rows:
                cls.extra["firsthand"]["fields"] = rows
        for function in _functions(pkg):
            for signature in (function, *(function.overloads or ())):
                for parameter in signature.parameters:
                    literal = _literal_value(parameter.default)
                    if literal is not None:
                        parameter.default = literal

    def _public_bases(self, cls: Class, public: list[type]) -> list[Union[str, Expr]]:
        """The bases to show: a private base (``_JobSettledFields``) is replaced by its own
        public bases (``FirstHandModel``), each said once."""
        shown: list[Union[str, Expr]] = []
        for base in cls.bases:
            if self._shown_base(base, public):
                candidates = [base]
            else:
                left = base.left if isinstance(base, ExprSubscript) else base
                target = _resolve(left) if isinstance(left, ExprName) else None
                inherited = self._public_bases(target, public) if isinstance(target, Class) else []
                # BaseClient[httpx.Client] is not worth a "Bases: Generic[HttpClientT]".
                candidates = [b for b in inherited if not _is_generic(b)]
            for candidate in candidates:
                if str(candidate) not in {str(b) for b in shown}:
                    shown.append(candidate)
        return shown

    @staticmethod
    def _shown_base(base: Union[str, Expr], public: list[type]) -> bool:
        path = base.canonical_path if isinstance(base, Expr) else base
        if isinstance(base, ExprSubscript):
            path = base.left.canonical_path if isinstance(base.left, Expr) else str(base.left)
        if not path.startswith("firsthand."):
            return True  # Exception, TypedDict, BaseModel, Generic[...]: said as they are
        return _is_public_path(path, public)
