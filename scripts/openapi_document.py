"""The OpenAPI 3.1 document of FirstHandAPI, generated from the SDK's own declarations (repository
tooling, not shipped in the wheel: ``scripts/openapi.py`` is its command).

Every path, method, parameter and schema comes from ``_operations.OPERATIONS`` and the pydantic
models: each ``Operation`` carries its status, scopes, tag, error statuses, idempotency and long
polling (the contract written in ``docs/decisions.md``); this module adds only prose and the
shared components. ``docs/openapi.json`` is ``render(build_openapi())``, written by
``scripts/openapi.py`` (``python scripts/openapi.py --output docs/openapi.json``),
and a test keeps the two equal.

The output is deterministic (sorted keys, two-space indent, trailing newline), so the committed
file changes only when the contract does.

Examples:
    >>> doc = build_openapi()
    >>> doc["openapi"], doc["paths"]["/v1/jobs"]["post"]["operationId"]
    ('3.1.0', 'create_job')
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Optional, cast

from firsthand._constants import DEFAULT_BASE_URL, IDEMPOTENCY_HEADER, REQUEST_ID_HEADER
from firsthand._version import __version__
from firsthand._webhooks import EVENT_ID_HEADER, SIGNATURE_HEADER

if TYPE_CHECKING:
    from pydantic import BaseModel

    from firsthand._operations import Operation, Tag

__all__ = ["REGENERATE_COMMAND", "build_openapi", "render"]

#: The command that rewrites the committed document (named in every "out of date" message).
REGENERATE_COMMAND = "python scripts/openapi.py --output docs/openapi.json"

_SCHEMAS = "#/components/schemas/"
_RESPONSES = "#/components/responses/"
_PARAMETERS = "#/components/parameters/"
_HEADERS = "#/components/headers/"

JSON = dict[str, Any]

# -- prose the operation table does not carry ----------------------------------------------------

_TAG_DESCRIPTIONS: dict[Tag, str] = {
    "Jobs": "Post data-collection jobs, read, list, cancel and rate them.",
    "Files": "The approved files of a job and fresh download URLs.",
    "Submissions": "What workers submitted, with AI scores, and aggregate metrics.",
    "API keys": "Create, list, rotate and revoke the organization's API keys.",
    "Webhook endpoints": "Register the URLs that receive signed event deliveries.",
    "Webhook events": "Events sent (or to be sent) to your endpoints; replay them.",
    "Billing": "Credit balance, transactions and credit purchases (integer cents).",
    "Organization": "Organization-wide defaults and auto top-up.",
    "Audit events": "The organization's audit log.",
}

_PATH_PARAM_DOCS: dict[str, str] = {
    "job_id": "The job's id (`job_…`).",
    "file_id": "The file's id (`file_…`).",
    "submission_id": "The submission's id (`sub_…`).",
    "key_id": "The API key's record id (`key_…`), not the secret.",
    "endpoint_id": "The webhook endpoint's id (`wh_…`).",
    "event_id": "The webhook event's id (`evt_…`).",
}


#: Error status -> (component name, description). Each answers the ``Error`` envelope.
_ERRORS: dict[str, tuple[str, str]] = {
    "400": (
        "BadRequest",
        "`validation_error` or `pricing_violation`: the body, query or headers broke a rule; "
        "`details` lists the fields. The SDK raises `FirstHandValidationError`.",
    ),
    "401": (
        "Unauthorized",
        "`authentication_error`: the API key is missing, unknown or revoked. "
        "The SDK raises `FirstHandAuthenticationError`.",
    ),
    "402": (
        "InsufficientCredits",
        "`insufficient_credits`: the available balance cannot cover the job's escrow. "
        "The SDK raises `FirstHandInsufficientCreditsError`.",
    ),
    "403": (
        "Forbidden",
        "`authorization_error`, `forbidden` or `free_tier_job_limit`: the key may not do this. "
        "The SDK raises `FirstHandPermissionError`.",
    ),
    "404": (
        "NotFound",
        "`not_found`: no such resource in this organization. "
        "The SDK raises `FirstHandNotFoundError`.",
    ),
    "409": (
        "Conflict",
        "`conflict` (the resource's state forbids this, e.g. cancelling a completed job) or "
        "`idempotency_error` (the `Idempotency-Key` was used for a different request). "
        "The SDK raises `FirstHandConflictError` / `FirstHandIdempotencyError`.",
    ),
    "422": (
        "UnprocessableEntity",
        "The body is well-formed but refused, e.g. a webhook URL that is not https. "
        "The SDK raises `FirstHandValidationError`.",
    ),
    "429": (
        "RateLimited",
        "`rate_limit_exceeded`: too many requests for this API key; wait `Retry-After` "
        "seconds. The SDK retries it, then raises `FirstHandRateLimitError`.",
    ),
    "5XX": (
        "ServerError",
        "A server or upstream failure (`internal_error`, `bad_gateway`, "
        "`service_unavailable`, …). The SDK retries it, then raises `FirstHandServerError`.",
    ),
}

_HEADER_COMPONENTS: dict[str, JSON] = {
    REQUEST_ID_HEADER: {
        "description": "The request's id (`req_…`); quote it to support. Error bodies carry "
        "the same id as `error.request_id`.",
        "schema": {"type": "string"},
    },
    "X-RateLimit-Limit": {
        "description": "Requests allowed per window for this API key.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Reset": {
        "description": "When the window resets, in Unix seconds.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying (delta-seconds or an HTTP-date).",
        "schema": {"type": "string"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same `Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Preference-Applied": {
        "description": "Echoes the `Prefer: wait=N` the server honoured.",
        "schema": {"type": "string"},
    },
}

#: Headers on every response, success or error.
_EVERY_RESPONSE_HEADERS = (
    REQUEST_ID_HEADER,
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)

_IDEMPOTENCY_DOC = (
    "Makes a retried POST safe: the same key with the same request within 24 h returns the "
    "stored answer; the same key with a different request is a 409 `idempotency_error`. "
    "The SDK sends a UUID4 on every POST (the same one on each retry of a call), or the "
    "`idempotency_key=` you pass."
)

_PARAMETER_COMPONENTS: dict[str, JSON] = {
    "IdempotencyKey": {
        "name": IDEMPOTENCY_HEADER,
        "in": "header",
        "required": False,
        "description": _IDEMPOTENCY_DOC,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    },
    "IdempotencyKeyRequired": {
        "name": IDEMPOTENCY_HEADER,
        "in": "header",
        "required": True,
        "description": _IDEMPOTENCY_DOC + " Required here: a request without it is a 400.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    },
    "Prefer": {
        "name": "Prefer",
        "in": "header",
        "required": False,
        "description": "`wait=N` (N in 1–60 seconds) holds the request until the job changes "
        "or N seconds pass: long polling. The SDK's `get_job(job_id, wait=N)` sends it. Other "
        "preferences, and a `wait` that is not a number, are ignored (RFC 7240).",
        "schema": {"type": "string"},
    },
}

_ERROR_SCHEMAS: dict[str, JSON] = {
    "Error": {
        "title": "Error",
        "description": "The envelope of every error answer (4xx and 5xx).",
        "type": "object",
        "properties": {"error": {"$ref": _SCHEMAS + "ErrorObject"}},
        "required": ["error"],
        "additionalProperties": True,
    },
    "ErrorObject": {
        "title": "ErrorObject",
        "description": "What went wrong. Match on `type`; `message` wording is not contractual.",
        "type": "object",
        "properties": {
            "type": {
                "type": "string",
                "description": "Machine-readable error type.",
                "examples": ["validation_error", "not_found", "rate_limit_exceeded"],
            },
            "message": {"type": "string", "description": "Human-readable explanation."},
            "request_id": {
                "type": ["string", "null"],
                "description": "The request's id (`req_…`), as in the `X-Request-Id` header; "
                "`null` when the request failed before it was given one (a malformed request).",
            },
            "details": {
                "type": "array",
                "description": "Per-field problems, for validation errors.",
                "items": {"$ref": _SCHEMAS + "ErrorDetail"},
            },
        },
        "required": ["type", "message"],
        "additionalProperties": True,
    },
    "ErrorDetail": {
        "title": "ErrorDetail",
        "description": "One offending field and why.",
        "type": "object",
        "properties": {
            "field": {"type": "string"},
            "message": {"type": "string"},
        },
        "required": ["field", "message"],
        "additionalProperties": True,
    },
}

# -- docstrings --------------------------------------------------------------------------------------

_SECTION = re.compile(r"^(Args|Arguments|Attributes|Examples?|Raises|Returns|Yields|Note):\s*$")
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_XREF = re.compile(r"\[(`[^`\]]+`)\]\[[\w.]+\]")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)`]\.)\s+(?=[A-Z`])")


def _markdown(text: str) -> str:
    # Cross-references ([`X`][firsthand.X]), reST roles and double backticks -> code spans.
    return _ROLE.sub(r"`\1`", _XREF.sub(r"\1", text)).replace("``", "`")


def _prose(doc: Optional[str]) -> str:
    """The text of a docstring before its first section (``Examples:``…), paragraphs unwrapped."""
    lines: list[str] = []
    for line in inspect.cleandoc(doc or "").splitlines():
        if _SECTION.match(line):
            break
        lines.append(line.strip())
    paragraphs = "\n".join(lines).strip().split("\n\n")
    return "\n\n".join(_markdown(" ".join(p.split("\n"))) for p in paragraphs if p.strip())


def _summary(op: Operation[Any]) -> tuple[str, str]:
    from firsthand._sync_client import FirstHandClient

    method = getattr(FirstHandClient, op.name, None)
    doc = inspect.getdoc(method) if method is not None else None
    if not doc:
        raise RuntimeError(f"FirstHandClient.{op.name} has no docstring to summarise {op.path}")
    description = _prose(doc)
    # The summary line: the first sentence of the first paragraph, even when it wraps.
    first_paragraph = description.split("\n\n")[0]
    return _SENTENCE_END.split(first_paragraph, maxsplit=1)[0], description


# -- schemas -----------------------------------------------------------------------------------------


def _walk_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        mapping = cast("JSON", node)
        for key, value in mapping.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _walk_refs(value)
    elif isinstance(node, list):
        items = cast("Sequence[Any]", node)
        for item in items:
            yield from _walk_refs(item)


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        mapping = cast("JSON", node)
        return {
            key: (
                renames.get(value, value)
                if key == "$ref" and isinstance(value, str)
                else _rename_refs(value, renames)
            )
            for key, value in mapping.items()
        }
    if isinstance(node, list):
        items = cast("Sequence[Any]", node)
        return [_rename_refs(item, renames) for item in items]
    return node


def _schema_name(model: type[BaseModel]) -> str:
    """The SDK's name of a model: ``ListEnvelope[Job]`` is ``JobList``."""
    args = model.__pydantic_generic_metadata__["args"]
    return f"{args[0].__name__}List" if args else model.__name__


def _model_schemas(
    operations: Sequence[Operation[Any]],
    events: Sequence[tuple[str, type[BaseModel]]] = (),
) -> tuple[dict[str, JSON], dict[tuple[str, str], str]]:
    """Every model's JSON schema, defined once, plus (operation name, role) -> schema name; an
    event type's payload is ``(type, "event")``."""
    from pydantic.json_schema import JsonSchemaMode, models_json_schema

    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    roles: list[tuple[str, str, type[BaseModel], JsonSchemaMode, str]] = []
    for event_type, event_model in events:
        # A delivery's body is the event as the server serializes it, like a response.
        wanted.append((event_model, "serialization"))
        roles.append((event_type, "event", event_model, "serialization", event_model.__name__))
    for op in operations:
        candidates: tuple[tuple[str, Optional[type[BaseModel]], JsonSchemaMode], ...]
        candidates = (
            ("result", op.result, "serialization"),
            ("body", op.body, "validation"),
            # A query travels as strings: its serialized form is what the server sees.
            ("query", op.query, "serialization"),
        )
        for role, model, mode in candidates:
            if model is None:
                continue
            key = (model, mode)
            if key not in wanted:
                wanted.append(key)
            roles.append((op.name, role, model, mode, _schema_name(model)))
    key_map, top = models_json_schema(wanted, ref_template=_SCHEMAS + "{model}")
    defs: dict[str, JSON] = top.get("$defs", {})

    def ref_of(model: type[BaseModel], mode: JsonSchemaMode) -> str:
        ref: str = key_map[(model, mode)]["$ref"]
        return ref

    # Generic envelopes get pydantic's names (``ListEnvelope_Job_``); use the SDK's (``JobList``).
    renames: dict[str, str] = {}
    for _, _, model, mode, declared in roles:
        generated = ref_of(model, mode)
        if declared and generated != _SCHEMAS + declared:
            if declared in defs and renames.get(generated) != _SCHEMAS + declared:
                raise RuntimeError(f"two schemas would be named {declared!r}")
            renames[generated] = _SCHEMAS + declared
    page_items: dict[str, str] = {
        ref_of(model, mode): args[0].__name__
        for _, _, model, mode, _ in roles
        if (args := model.__pydantic_generic_metadata__["args"])
    }
    schemas: dict[str, JSON] = {}
    for name, schema in defs.items():
        new_name = renames.get(_SCHEMAS + name, _SCHEMAS + name).removeprefix(_SCHEMAS)
        cleaned: JSON = _rename_refs(schema, renames)
        cleaned["title"] = new_name
        item = page_items.get(_SCHEMAS + name)
        if item is not None:
            cleaned["description"] = (
                f"One page of `{item}` objects, newest first; while `has_more` is true, pass "
                "`next_cursor` as `cursor` for the next page."
            )
        elif "description" in cleaned:
            cleaned["description"] = _prose(cleaned["description"])
            if not cleaned["description"]:
                del cleaned["description"]
        _mark_provenance(cleaned, "ListEnvelope" if item is not None else new_name)
        schemas[new_name] = cleaned

    names: dict[tuple[str, str], str] = {}
    for op_name, role, model, mode, _ in roles:
        ref = ref_of(model, mode)
        names[(op_name, role)] = renames.get(ref, ref).removeprefix(_SCHEMAS)
    return schemas, names


def _mark_provenance(schema: JSON, model_name: str) -> None:
    """Say on a response schema which fields the public docs show (``x-firsthand-documented``,
    field -> where) and which this SDK settled itself (``x-firsthand-settled``): only documented
    fields are ever ``required`` (docs/decisions.md, "Required means documented")."""
    from firsthand._models._documented import DOCUMENTED, SOURCES

    documented = DOCUMENTED.get(model_name)
    if documented is None:
        return
    fields = list(schema.get("properties", {}))
    schema["x-firsthand-documented"] = {
        name: SOURCES[documented[name].source] for name in fields if name in documented
    }
    schema["x-firsthand-settled"] = [name for name in fields if name not in documented]


def _parameter_schema(schema: JSON) -> JSON:
    """A query field's schema as a parameter's: no ``null`` branch, no title, no ``None`` default.

    A ``Literal[...] | str`` branch pair keeps only the documented values (``enum``): the server
    answers any other value with a 400.
    """
    cleaned = {
        key: value
        for key, value in schema.items()
        if key != "title" and not (key == "default" and value is None)
    }
    branches = cleaned.pop("anyOf", None)
    if branches is not None:
        kept = [branch for branch in branches if branch != {"type": "null"}]
        if any("enum" in branch for branch in kept):
            kept = [branch for branch in kept if branch != {"type": "string"}]
        if len(kept) == 1:
            cleaned = {**kept[0], **cleaned}
        else:
            cleaned["anyOf"] = kept
    return cleaned


# -- webhooks ----------------------------------------------------------------------------------------

_SIGNATURE_PATTERN = "^t=[0-9]+(,v1=[0-9a-f]{64})+$"

_WEBHOOK_PARAMETERS: dict[str, JSON] = {
    "WebhookSignature": {
        "name": SIGNATURE_HEADER,
        "in": "header",
        "required": True,
        "description": "`t=<unix seconds>,v1=<hex>[,v1=<hex>…]`: each `v1` is the lowercase hex "
        "HMAC-SHA256, keyed with the endpoint's signing secret (its UTF-8 bytes, `whsec_` prefix "
        "included), of `<t>.` followed by the raw request body. While a secret is being rotated "
        "a delivery carries one `v1` per valid secret; any match is a valid signature. Refuse "
        "a `t` far from your clock (the SDK allows 300 s either way) to stop replays. The SDK's "
        "`construct_event` / `verify_webhook_signature` check it.",
        "schema": {"type": "string", "pattern": _SIGNATURE_PATTERN},
    },
    "WebhookEventId": {
        "name": EVENT_ID_HEADER,
        "in": "header",
        "required": False,
        "description": "The event's id (`evt_…`), as in the body: the same on every delivery "
        "attempt of one event, so a receiver can process each event once.",
        "schema": {"type": "string"},
    },
}


def _event_models() -> list[tuple[str, type[BaseModel]]]:
    """(event type, payload model) for each documented event type, in the documented order."""
    from typing import get_args

    from firsthand._models import events
    from firsthand._models.webhooks import WEBHOOK_EVENT_TYPES

    by_type: dict[str, type[BaseModel]] = {}
    for name in events.__all__:
        model: Any = getattr(events, name)
        if not (isinstance(model, type) and issubclass(model, events.BaseEvent)):
            continue
        for literal in (
            get_args(model.model_fields["type"].annotation) if "type" in model.model_fields else ()
        ):
            by_type[str(literal)] = model
    missing = [kind for kind in WEBHOOK_EVENT_TYPES if kind not in by_type]
    if missing:
        raise RuntimeError(f"no event model for {', '.join(missing)}")
    return [(kind, by_type[kind]) for kind in WEBHOOK_EVENT_TYPES]


def _webhook(event_type: str, model: type[BaseModel], names: dict[tuple[str, str], str]) -> JSON:
    summary = _prose(model.__doc__).split("\n\n")[0]
    return {
        "post": {
            "operationId": "webhook_" + event_type.replace(".", "_"),
            "summary": f"The `{event_type}` event, delivered to your endpoint.",
            "description": summary
            + "\n\nSent as a signed `POST` to every enabled webhook endpoint subscribed to "
            "this type. Verify the signature over the raw body before trusting it.",
            "tags": ["Webhook events"],
            "security": [],
            "parameters": [
                {"$ref": _PARAMETERS + "WebhookSignature"},
                {"$ref": _PARAMETERS + "WebhookEventId"},
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": _SCHEMAS + names[(event_type, "event")]}
                    }
                },
            },
            "responses": {
                "2XX": {"description": "Received: any 2xx answer acknowledges the delivery."},
                "default": {
                    "description": "Any other answer, or none, is a failed attempt: the "
                    "delivery is sent again later (six attempts in all)."
                },
            },
        }
    }


# -- the document ------------------------------------------------------------------------------------


def _headers(*names: str) -> JSON:
    return {name: {"$ref": _HEADERS + name} for name in names}


def _success(op: Operation[Any], names: dict[tuple[str, str], str]) -> tuple[str, JSON]:
    header_names: list[str] = list(_EVERY_RESPONSE_HEADERS)
    if op.method == "POST":
        header_names.append("Idempotent-Replayed")
    if op.long_poll:
        header_names.append("Preference-Applied")
    response: JSON = {"headers": _headers(*header_names)}
    result = op.result
    if result is None:
        response["description"] = "Done; the answer has no body."
        return str(op.status), response
    args = getattr(result, "__pydantic_generic_metadata__", {}).get("args", ())
    if args:
        response["description"] = f"One page of `{args[0].__name__}` objects, newest first."
    else:
        response["description"] = f"The `{result.__name__}`."
    name = names[(op.name, "result")]
    response["content"] = {"application/json": {"schema": {"$ref": _SCHEMAS + name}}}
    return str(op.status), response


def _operation(
    op: Operation[Any], schemas: dict[str, JSON], names: dict[tuple[str, str], str]
) -> JSON:
    summary, description = _summary(op)
    parameters: list[JSON] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": _PATH_PARAM_DOCS.get(name, f"The `{name}` of the resource."),
            "schema": {"type": "string"},
        }
        for name in op.path_parameters
    ]
    if op.query is not None:
        fields: dict[str, JSON] = schemas[names[(op.name, "query")]].get("properties", {})
        # The filters first, then the paging parameters every list shares.
        order = sorted(fields, key=lambda name: (name in ("limit", "cursor"), name == "cursor"))
        for name in order:
            field_schema = fields[name]
            # Described once, on the query model (Field(description=...)).
            described = field_schema.get("description")
            if not described:
                raise RuntimeError(f"{names[(op.name, 'query')]}.{name} has no description")
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": described,
                    "schema": _parameter_schema(
                        {k: v for k, v in field_schema.items() if k != "description"}
                    ),
                }
            )
    if op.method == "POST":
        key = "IdempotencyKeyRequired" if op.idempotency_required else "IdempotencyKey"
        parameters.append({"$ref": _PARAMETERS + key})
    if op.long_poll:
        parameters.append({"$ref": _PARAMETERS + "Prefer"})

    status, success = _success(op, names)
    responses: JSON = {status: success}
    for error_status in op.error_statuses:
        responses[error_status] = {"$ref": _RESPONSES + _ERRORS[error_status][0]}
    operation: JSON = {
        "operationId": op.name,
        "summary": summary,
        "tags": [op.tag],
        "responses": responses,
    }
    if description != summary:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    if op.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": _SCHEMAS + names[(op.name, "body")]}}
            },
        }
    return operation


def _reachable(document: JSON, schemas: dict[str, JSON]) -> dict[str, JSON]:
    """Only the schemas something refers to (query models are flattened into parameters)."""
    pending = [ref for ref in _walk_refs(document) if ref.startswith(_SCHEMAS)]
    seen: set[str] = set()
    while pending:
        name = pending.pop().removeprefix(_SCHEMAS)
        if name in seen:
            continue
        seen.add(name)
        pending.extend(ref for ref in _walk_refs(schemas[name]) if ref.startswith(_SCHEMAS))
    return {name: schemas[name] for name in sorted(seen)}


def build_openapi() -> JSON:
    """The OpenAPI 3.1.0 document of every operation in ``OPERATIONS``, as a JSON-ready dict.

    Examples:
        >>> doc = build_openapi()
        >>> doc["info"]["title"], doc["servers"][0]["url"]
        ('FirstHandAPI', 'https://api.firsthandapi.com')
        >>> op = doc["paths"]["/v1/jobs/{job_id}"]["get"]
        >>> op["operationId"], sorted(op["responses"])[:2]
        ('get_job', ['200', '401'])
        >>> doc["paths"]["/v1/api_keys/{key_id}/revoke"]["post"]["responses"]["204"]["description"]
        'Done; the answer has no body.'
    """
    from firsthand._operations import OPERATIONS

    event_models = _event_models()
    schemas, names = _model_schemas(OPERATIONS, event_models)
    schemas.update(_ERROR_SCHEMAS)

    paths: dict[str, JSON] = {}
    tags: list[Tag] = []
    for op in OPERATIONS:
        operation = _operation(op, schemas, names)
        paths.setdefault(op.path, {})[op.method.lower()] = operation
        if op.tag not in tags:
            tags.append(op.tag)

    responses: JSON = {}
    for status, (name, description) in _ERRORS.items():
        headers: list[str] = list(_EVERY_RESPONSE_HEADERS)
        if status == "429":
            headers.append("Retry-After")
        responses[name] = {
            "description": description,
            "headers": _headers(*headers),
            "content": {"application/json": {"schema": {"$ref": _SCHEMAS + "Error"}}},
        }

    document: JSON = {
        "openapi": "3.1.0",
        "info": {
            "title": "FirstHandAPI",
            "version": __version__,
            "summary": "Post human-in-the-loop data-collection jobs and fetch the approved files.",
            "description": (
                "Generated from the firsthand Python SDK (its operation table and pydantic "
                f"models) by `{REGENERATE_COMMAND}`: change the SDK, not this file. `version` is "
                "the SDK's version. Response objects may carry fields this document does not "
                "list yet; clients must ignore them. Money is integer cents; timestamps are "
                "ISO 8601 in UTC."
            ),
        },
        "servers": [
            {
                "url": DEFAULT_BASE_URL,
                "description": "Live and sandbox alike: a `fh_test_…` key runs the sandbox.",
            }
        ],
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": tag, **({"description": d} if (d := _TAG_DESCRIPTIONS.get(tag)) else {})}
            for tag in tags
        ],
        "paths": paths,
        "webhooks": {
            event_type: _webhook(event_type, model, names) for event_type, model in event_models
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`Authorization: Bearer <key>` with a `fh_live_…` or "
                    "`fh_test_…` API key.",
                }
            },
            "parameters": {**_PARAMETER_COMPONENTS, **_WEBHOOK_PARAMETERS},
            "headers": _HEADER_COMPONENTS,
            "responses": responses,
        },
    }
    document["components"]["schemas"] = _reachable(document, schemas)
    # A deep copy through JSON: no shared sub-objects, only JSON types.
    copied: JSON = json.loads(json.dumps(document))
    return copied


def render(document: JSON) -> str:
    """The document as committed: JSON, sorted keys, two-space indent, trailing newline.

    Examples:
        >>> render({"b": 1, "a": [2]})
        '{\\n  "a": [\\n    2\\n  ],\\n  "b": 1\\n}\\n'
    """
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
