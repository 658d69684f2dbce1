"""Path-parameter encoding: an id can never change the path it is put into."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from ._exceptions import FirstHandValidationError

__all__ = ["encode_path_param", "render_path"]


def _invalid(name: str, problem: str) -> FirstHandValidationError:
    return FirstHandValidationError(
        f"{name} {problem}", details=[{"field": name, "message": problem}]
    )


def encode_path_param(name: str, value: object) -> str:
    """Percent-encode one path parameter into exactly one path segment.

    Every character outside ``A-Z a-z 0-9 - . _ ~`` is encoded, ``/``, ``?``, ``#`` and ``%``
    included; the dot segments ``.`` and ``..`` and empty ids are refused before anything is sent.

    Examples:
        >>> encode_path_param("job_id", "job_01JQ")
        'job_01JQ'
        >>> encode_path_param("job_id", "../api_keys?x=1#y")
        '..%2Fapi_keys%3Fx%3D1%23y'
        >>> encode_path_param("job_id", "..")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: job_id must not be '.' or '..' [job_id: must not be '.' or '..']
    """
    if not isinstance(value, str):
        raise _invalid(name, f"must be a string, not {type(value).__name__}")
    if not value.strip():
        raise _invalid(name, "must not be empty")
    if value in (".", ".."):
        raise _invalid(name, "must not be '.' or '..'")
    try:
        return quote(value, safe="")
    except UnicodeEncodeError:  # lone surrogates cannot be sent as UTF-8
        raise _invalid(name, "must be valid Unicode text (it contains a lone surrogate)") from None


def render_path(template: str, params: Mapping[str, object]) -> str:
    """Fill a path template such as ``/v1/jobs/{job_id}`` with encoded parameters.

    Examples:
        >>> render_path("/v1/jobs/{job_id}/cancel", {"job_id": "a/b"})
        '/v1/jobs/a%2Fb/cancel'
    """
    if not params:
        return template
    return template.format_map({k: encode_path_param(k, v) for k, v in params.items()})
