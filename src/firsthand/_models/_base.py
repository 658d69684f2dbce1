"""Base classes shared by every model: tolerant response models and strict request models."""

from __future__ import annotations

import importlib
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional, TypeVar, Union, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import core_schema
from typing_extensions import Annotated

if TYPE_CHECKING:
    from typing_extensions import Self

    from firsthand._exceptions import FirstHandValidationError

__all__ = ["FirstHandModel", "RequestModel", "Timestamp"]

RequestT = TypeVar("RequestT", bound="RequestModel")


def _as_utc(value: datetime) -> datetime:
    # The API speaks UTC; a timestamp without an offset is read as UTC, never as local time.
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _timestamp_schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    # Speed: a timestamp already in UTC ("…Z", the only form the API sends) is accepted entirely
    # in pydantic-core; only an offset or a naive value reaches the Python conversion. A Python
    # validator on every timestamp cost ~30 % of parsing a page of 100 jobs.
    return core_schema.union_schema(
        [
            core_schema.datetime_schema(tz_constraint=0),
            core_schema.no_info_after_validator_function(_as_utc, core_schema.datetime_schema()),
        ],
        mode="left_to_right",
        # One clear error naming the field, not one per branch of the union.
        custom_error_type="timestamp_parsing",
        custom_error_message="Input should be an ISO 8601 timestamp",
    )


#: An ISO 8601 timestamp, with or without milliseconds, ``Z`` or an offset: always an aware UTC
#: ``datetime`` once parsed.
Timestamp = Annotated[
    datetime,
    GetPydanticSchema(_timestamp_schema),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

_MISSING: Any = object()


class FirstHandModel(BaseModel):
    """Base of every response model.

    Unknown fields from a newer server are kept (``model_extra``), never rejected. Besides
    attribute access, fields can be read by wire name (``job["id"]``), for code written against
    dict-returning SDKs. ``to_dict()`` returns the wire shape.

    An object a client returns carries ``_request_id``, the ``X-Request-Id`` of the response it
    came from (as in openai-python), to quote to support or find in your logs: not a field, not
    in ``to_dict()``/``model_dump``, not part of equality (see ``_request_id`` below).

    Examples:
        >>> from firsthand.models import Job
        >>> job = Job.model_validate({"id": "job_1", "type": "feedback", "status": "open",
        ...     "description": "Say hello to the camera", "files_needed": 1,
        ...     "files_approved": 0, "price_per_file_cents": 50, "created_at": "2026-03-20T19:03:27.971Z",
        ...     "brand_new_field": 1})
        >>> job["id"], job.get("brand_new_field"), "status" in job
        ('job_1', 1, True)
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow",
        defer_build=True,
        protected_namespaces=(),
        coerce_numbers_to_str=False,
    )

    @property
    def _request_id(self) -> Optional[str]:
        """The ``X-Request-Id`` (``req_…``) of the response this object came from, or ``None``
        (an object built by hand, or a response without the header).

        Set on what a client method returns and on each item of a returned page (the id of the
        request that fetched that page); not on nested objects. Not a field: not in
        ``to_dict()``/``model_dump``, ignored by ``==``, kept by ``copy`` and ``pickle``.

        Examples:
            >>> client.get_job(job.id)._request_id.startswith("req_")
            True
            >>> from firsthand.models import JobLocation
            >>> JobLocation(lat=40.7, lng=-74.0)._request_id is None
            True
        """
        private = self.__pydantic_private__
        found: Optional[str] = private.get("_request_id") if private else None
        return found

    def __eq__(self, other: object) -> bool:
        # Which request brought an object is not part of what it is: compare as pydantic does,
        # leaving the request id out.
        if isinstance(other, FirstHandModel) and (
            self.__pydantic_private__ is not None or other.__pydantic_private__ is not None
        ):
            mine = self.__pydantic_generic_metadata__["origin"] or type(self)
            theirs = other.__pydantic_generic_metadata__["origin"] or type(other)
            return (
                mine is theirs
                and self.__dict__ == other.__dict__
                and self.__pydantic_extra__ == other.__pydantic_extra__
            )
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # as pydantic's: a mutable model is unhashable

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        """Read a field (or an unknown extra field) by its wire name, with a default.

        Examples:
            >>> from firsthand.models import JobLocation
            >>> JobLocation(lat=40.7, lng=-74.0).get("radius_km", 5.0) is None
            True
        """
        if key in type(self).model_fields:
            return getattr(self, key)
        extra = self.__pydantic_extra__
        if extra is not None and key in extra:
            return extra[key]
        return default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        extra = self.__pydantic_extra__
        return key in type(self).model_fields or (extra is not None and key in extra)

    def to_dict(self) -> dict[str, Any]:
        """The wire shape: JSON-compatible values, unknown fields included.

        Examples:
            >>> from firsthand.models import JobLocation
            >>> JobLocation(lat=40.7, lng=-74.0, radius_km=2).to_dict()
            {'lat': 40.7, 'lng': -74.0, 'radius_km': 2.0}
        """
        return self.model_dump(mode="json", by_alias=True)


class RequestModel(BaseModel):
    """Base of request bodies and query parameters: unknown keys are an error, limits enforced.

    Bad input raises [`FirstHandValidationError`][firsthand.FirstHandValidationError] (also a
    ``ValueError``, as pydantic's own error is), naming each field at fault, whether the model is
    built by hand, with ``model_validate``/``model_validate_json``, or from a dict body passed to
    a client method: one error type for one mistake, whichever way it is written.

    Examples:
        >>> from firsthand.models import JobCreateParams
        >>> JobCreateParams.model_config["extra"]
        'forbid'
        >>> JobCreateParams(type="feedback", description="Record a short clip",
        ...     files_needed="10", accepted_formats=["video/mp4"], price_per_file_cents=100)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: JobCreateParams is invalid (files_needed) [files_needed: Input should be a valid integer]
    """

    # from_attributes: a response model (e.g. a ``JobLocation`` read from a job) is accepted where
    # its request twin is expected.
    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="forbid", defer_build=True, protected_namespaces=(), from_attributes=True
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            # ``from None``: pydantic's own error shows the input values, which may hold secrets.
            raise _request_error(type(self), exc) from None

    # Tell pydantic this is its own ``__init__`` (as ``RootModel`` does): validation then never
    # calls it (nested models, ``model_validate``), so only direct construction passes here.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]  # pyright: ignore[reportFunctionMemberAccess]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate a dict (or an object with the fields' attributes) into this model.

        Raises [`FirstHandValidationError`][firsthand.FirstHandValidationError] naming each field
        at fault; ``options`` are pydantic's (``strict``, ``context``, ...).

        Examples:
            >>> from firsthand.models import PageParams
            >>> PageParams.model_validate({"limit": 5}).limit
            5
        """
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            raise _request_error(cls, exc) from None

    @classmethod
    def model_validate_json(cls, json_data: Union[str, bytes, bytearray], **options: Any) -> Self:
        """Validate a JSON document into this model; errors as for ``model_validate``.

        Examples:
            >>> from firsthand.models import PageParams
            >>> PageParams.model_validate_json('{"limit": 5}').limit
            5
        """
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as exc:
            raise _request_error(cls, exc) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate string values (as a query string carries them); errors as for ``model_validate``.

        Examples:
            >>> from firsthand.models import PageParams
            >>> PageParams.model_validate_strings({"cursor": "job_1"}).cursor
            'job_1'
        """
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as exc:
            raise _request_error(cls, exc) from None

    def to_wire(self) -> dict[str, Any]:
        """The JSON-compatible body that is sent: fields left unset or ``None`` are omitted.

        Examples:
            >>> from firsthand.models import JobCreateParams
            >>> JobCreateParams(type="feedback", description="Record a short clip",
            ...     files_needed=1, accepted_formats=["video/mp4"],
            ...     price_per_file_cents=100).to_wire()["accepted_formats"]
            ['video/mp4']
        """
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def set_request_id(model: object, request_id: Optional[str]) -> None:
    """Record the response's request id on a returned model and, for a page, on each item.

    Kept where pydantic keeps private state (``__pydantic_private__``): no field, no declared
    private attribute (which would cost every parsed object an extra Python call).

    Examples:
        >>> from firsthand.models import JobLocation
        >>> location = JobLocation(lat=40.7, lng=-74.0)
        >>> set_request_id(location, "req_1")
        >>> location._request_id, location.to_dict()
        ('req_1', {'lat': 40.7, 'lng': -74.0, 'radius_km': None})
    """
    if request_id is None or not isinstance(model, FirstHandModel):
        return
    private = {"_request_id": request_id}  # never mutated: one dict serves a whole page
    object.__setattr__(model, "__pydantic_private__", private)
    items: Any = model.__dict__.get("data")
    if isinstance(items, list):
        for item in cast("list[object]", items):
            if isinstance(item, FirstHandModel):
                object.__setattr__(item, "__pydantic_private__", private)


def validate_request(model_cls: type[RequestT], obj: object) -> RequestT:
    """Validate ``obj`` as ``model_cls``, raising pydantic's own ``ValidationError``: the clients
    word the error themselves, naming the operation ("create_job request is invalid ...").

    Examples:
        >>> from firsthand.models import PageParams
        >>> validate_request(PageParams, {"limit": 5}).limit
        5
    """
    validated: RequestT = model_cls.__pydantic_validator__.validate_python(obj)
    return validated


def _request_error(model_cls: type[BaseModel], exc: ValidationError) -> FirstHandValidationError:
    from firsthand._core import details_from_pydantic
    from firsthand._exceptions import FirstHandValidationError

    details = details_from_pydantic(exc)
    fields = ", ".join(d["field"] for d in details)
    return FirstHandValidationError(f"{model_cls.__name__} is invalid ({fields})", details=details)


def lazy_pages(
    module: str, pages: dict[str, str], moved: Optional[dict[str, str]] = None
) -> Callable[[str], Any]:
    """A module ``__getattr__`` that makes each page alias (``{"JobList": "Job"}``) on first use.

    Parametrizing ``ListEnvelope`` builds the page's validator at once (pydantic ignores
    ``defer_build`` there), which is most of what importing a models module costs; importing
    ``Job`` need not pay for ``JobList`` (nor for ``ListEnvelope`` itself, imported here on first
    use). Type checkers see the aliases declared under ``TYPE_CHECKING`` in each module.

    ``moved`` maps names that now live in a sibling module (``{"JobCreateParams":
    "job_requests"}``) to it: the old import path (and what was pickled under it) keeps working.

    Examples:
        >>> from firsthand._models import jobs
        >>> jobs.JobList.__name__, jobs.JobList is jobs.JobList
        ('ListEnvelope[Job]', True)
        >>> from firsthand._models.job_requests import JobCreateParams
        >>> jobs.JobCreateParams is JobCreateParams
        True
    """

    def __getattr__(name: str) -> Any:
        namespace = sys.modules[module]
        item = pages.get(name)
        value: Any
        if item is not None:
            from ._list import ListEnvelope

            value = ListEnvelope.__class_getitem__(getattr(namespace, item))
        elif moved is not None and name in moved:
            home = importlib.import_module(f"{__package__}.{moved[name]}")
            value = getattr(home, name)
        else:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        setattr(namespace, name, value)  # later lookups skip __getattr__
        return value

    return __getattr__
