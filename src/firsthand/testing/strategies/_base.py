"""Building blocks and primitives of the strategies: ids, timestamps, URLs, JSON."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Dict

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as _no_hypothesis:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "firsthand.testing.strategies needs hypothesis: "
        'pip install "firsthand[hypothesis]" (or pip install hypothesis)'
    ) from _no_hypothesis

from pydantic import BaseModel

Wire = Dict[str, Any]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOWER = string.ascii_lowercase
NAME_CHARS = LOWER + string.digits + "_"

#: The 17 documented error types and their HTTP statuses (docs/api-contract.md, "Errors").
ERROR_STATUS: Mapping[str, int] = {
    "validation_error": 400,
    "pricing_violation": 400,
    "authentication_error": 401,
    "unauthorized": 401,
    "insufficient_credits": 402,
    "authorization_error": 403,
    "forbidden": 403,
    "free_tier_job_limit": 403,
    "not_found": 404,
    "conflict": 409,
    "idempotency_error": 409,
    "rate_limit_exceeded": 429,
    "internal_error": 500,
    "transport_error": 502,
    "bad_gateway": 502,
    "service_unavailable": 503,
    "gateway_timeout": 504,
}
#: Names the guides use for two of them.
ERROR_ALIASES: Mapping[str, int] = {"idempotency_conflict": 409, "rate_limit_error": 429}

MISSING: Any = object()


# -- small building blocks -----------------------------------------------------------------------


@st.composite
def rarely(draw: st.DrawFn, strategy: SearchStrategy[Any], otherwise: Any) -> Any:
    """``strategy`` about one time in five, ``otherwise`` the rest of the time."""
    if draw(st.integers(0, 4)) == 4:
        return draw(strategy)
    return otherwise


def nullable(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def merged(base: Wire, extra: Wire) -> Wire:
    return {**base, **extra}


def known_or_new(values: Sequence[str]) -> SearchStrategy[str]:
    """A documented enum value, or now and then one this SDK version does not know."""
    unknown = st.builds(
        "{}{}".format,
        st.sampled_from(LOWER),
        st.text(alphabet=NAME_CHARS + ".:", max_size=24),
    ).filter(lambda value: value not in values)
    return st.one_of(st.sampled_from(values), rarely(unknown, values[0]))


def extra_fields(model: type[BaseModel]) -> SearchStrategy[Wire]:
    known = frozenset(model.model_fields)
    key = st.builds(
        "{}{}".format, st.sampled_from(LOWER), st.text(alphabet=NAME_CHARS, max_size=23)
    ).filter(lambda name: name not in known)
    return st.dictionaries(key, arbitrary_json(max_leaves=4), min_size=1, max_size=2)


def wire_object(
    model: type[BaseModel], *field_groups: Mapping[str, SearchStrategy[Any]]
) -> SearchStrategy[Wire]:
    """A response object drawn from the strategies of ``field_groups``: the fields ``model``
    requires (the documented ones) always, every other field sometimes (so objects that leave
    out what the docs never promised are drawn too), and now and then a field ``model`` does
    not declare."""
    fields = {name: value for group in field_groups for name, value in group.items()}
    declared = model.model_fields
    required = {
        name: value
        for name, value in fields.items()
        if name in declared and declared[name].is_required()
    }
    missing = {name for name, info in declared.items() if info.is_required()} - set(required)
    if missing:  # pragma: no cover - a strategy out of step with its model
        raise TypeError(
            f"no strategy for the required fields {sorted(missing)} of {model.__name__}"
        )
    optional = {name: value for name, value in fields.items() if name not in required}
    base = st.fixed_dictionaries(required, optional=optional)
    return st.builds(merged, base, rarely(extra_fields(model), {}))


def cents(low: int = 0, high: int = 10_000_000) -> SearchStrategy[int]:
    return st.integers(low, high)


def count() -> SearchStrategy[int]:
    return st.integers(0, 100_000)


def text(max_size: int = 80) -> SearchStrategy[str]:
    return st.text(max_size=max_size)


def stars() -> SearchStrategy[int]:
    return st.integers(1, 5)


# -- primitives ----------------------------------------------------------------------------------


def ulid() -> SearchStrategy[str]:
    """26 Crockford base32 characters, shaped like a ULID (the first one is ``0``–``7``).

    Examples:
        >>> isinstance(ulid(), SearchStrategy)
        True
    """
    return st.builds(
        "{}{}".format,
        st.sampled_from("01234567"),
        st.text(alphabet=_CROCKFORD, min_size=25, max_size=25),
    )


def object_id(prefix: str) -> SearchStrategy[str]:
    """An id as the server issues them: ``prefix`` (``"job"``, ``"sub"``, ...), ``_`` and a ULID.

    Examples:
        >>> isinstance(object_id("job"), SearchStrategy)
        True
    """
    return ulid().map(f"{prefix}_{{}}".format)


def iso(moment: datetime, precision: str, offset_minutes: int, zulu: bool) -> str:
    local = moment.replace(tzinfo=timezone.utc).astimezone(
        timezone(timedelta(minutes=offset_minutes))
    )
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if precision == "ms":
        text += f".{local.microsecond // 1000:03d}"
    elif precision == "us":
        text += f".{local.microsecond:06d}"
    if offset_minutes == 0 and zulu:
        return text + "Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


MOMENTS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31))
OFFSETS = st.one_of(st.just(0), st.integers(-12 * 4, 14 * 4).map(lambda q: q * 15))


def timestamp_wire() -> SearchStrategy[str]:
    """An ISO 8601 instant: whole seconds, milliseconds or microseconds; ``Z`` or an offset.

    Examples:
        >>> isinstance(timestamp_wire(), SearchStrategy)
        True
    """
    return st.builds(iso, MOMENTS, st.sampled_from(("s", "ms", "us")), OFFSETS, st.booleans())


def https_url(*, max_path: int = 120) -> SearchStrategy[str]:
    """An absolute ``https://`` URL with a host (sometimes a port, a query, an upper-case scheme).

    Examples:
        >>> isinstance(https_url(), SearchStrategy)
        True
    """
    label = st.text(alphabet=LOWER + string.digits, min_size=1, max_size=12)
    host = st.builds(
        "{}.{}".format,
        st.lists(label, min_size=1, max_size=3).map(".".join),
        st.sampled_from(("com", "org", "example", "dev", "io")),
    )
    port = rarely(st.integers(1, 65535).map(":{}".format), "")
    path_chars = string.ascii_letters + string.digits + "-._~/%"
    path = st.text(alphabet=path_chars, max_size=max_path).map("/{}".format)
    query = rarely(st.text(alphabet=string.ascii_letters + "=&", max_size=20).map("?{}".format), "")
    scheme = rarely(st.sampled_from(("HTTPS", "Https")), "https")
    return st.builds("{}://{}{}{}{}".format, scheme, host, port, path, query)


def arbitrary_json(*, max_leaves: int = 10) -> SearchStrategy[Any]:
    """Any JSON value: ``null``, booleans, integers of any size, finite floats, strings, and
    arrays and objects of those.

    Examples:
        >>> isinstance(arbitrary_json(), SearchStrategy)
        True
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def json_object(max_leaves: int = 8) -> SearchStrategy[Dict[str, Any]]:
    return st.dictionaries(st.text(max_size=20), arbitrary_json(max_leaves=max_leaves), max_size=4)
