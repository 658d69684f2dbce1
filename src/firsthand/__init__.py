"""firsthand: the typed Python SDK for FirstHandAPI.

Importing the package is cheap: names are loaded on first use.

Examples:
    >>> import firsthand
    >>> firsthand.__version__ == firsthand._version.__version__
    True
    >>> from firsthand import FirstHandClient, Job, FirstHandError
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._async_client import AsyncFirstHandClient
    from ._exceptions import (
        ErrorDetail,
        FirstHandAuthenticationError,
        FirstHandConflictError,
        FirstHandConnectionError,
        FirstHandDeprecationWarning,
        FirstHandError,
        FirstHandIdempotencyError,
        FirstHandInsufficientCreditsError,
        FirstHandNotFoundError,
        FirstHandPermissionError,
        FirstHandRateLimitError,
        FirstHandResponseValidationError,
        FirstHandServerError,
        FirstHandSignatureVerificationError,
        FirstHandTimeoutError,
        FirstHandValidationError,
    )
    from ._models.jobs import Job, JobCreateParams, JobCreateParamsDict
    from ._pagination import AsyncPage, Page
    from ._retry import RetryInfo
    from ._sync_client import FirstHandClient
    from ._types import PostRequestOptions, RequestOptions

#: Public name -> the private module that defines it. ``tests/test_public_api.py`` checks that this
#: table, ``__all__`` and the ``TYPE_CHECKING`` imports above never drift apart.
_LAZY: dict[str, str] = {
    "FirstHandClient": "._sync_client",
    "AsyncFirstHandClient": "._async_client",
    "ErrorDetail": "._exceptions",
    "FirstHandError": "._exceptions",
    "FirstHandValidationError": "._exceptions",
    "FirstHandAuthenticationError": "._exceptions",
    "FirstHandInsufficientCreditsError": "._exceptions",
    "FirstHandPermissionError": "._exceptions",
    "FirstHandNotFoundError": "._exceptions",
    "FirstHandConflictError": "._exceptions",
    "FirstHandIdempotencyError": "._exceptions",
    "FirstHandRateLimitError": "._exceptions",
    "FirstHandServerError": "._exceptions",
    "FirstHandConnectionError": "._exceptions",
    "FirstHandTimeoutError": "._exceptions",
    "FirstHandResponseValidationError": "._exceptions",
    "FirstHandSignatureVerificationError": "._exceptions",
    "FirstHandDeprecationWarning": "._exceptions",
    "RetryInfo": "._retry",
    "RequestOptions": "._types",
    "PostRequestOptions": "._types",
    "Job": "._models.jobs",
    "JobCreateParams": "._models.jobs",
    "JobCreateParamsDict": "._models.jobs",
    "Page": "._pagination",
    "AsyncPage": "._pagination",
}

__all__ = [
    "__version__",
    "FirstHandClient",
    "AsyncFirstHandClient",
    "ErrorDetail",
    "FirstHandError",
    "FirstHandValidationError",
    "FirstHandAuthenticationError",
    "FirstHandInsufficientCreditsError",
    "FirstHandPermissionError",
    "FirstHandNotFoundError",
    "FirstHandConflictError",
    "FirstHandIdempotencyError",
    "FirstHandRateLimitError",
    "FirstHandServerError",
    "FirstHandConnectionError",
    "FirstHandTimeoutError",
    "FirstHandResponseValidationError",
    "FirstHandSignatureVerificationError",
    "FirstHandDeprecationWarning",
    "RetryInfo",
    "RequestOptions",
    "PostRequestOptions",
    "Job",
    "JobCreateParams",
    "JobCreateParamsDict",
    "Page",
    "AsyncPage",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'firsthand' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
