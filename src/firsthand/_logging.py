"""The ``firsthand`` logger and its switch, the ``FIRSTHAND_LOG`` environment variable.

What is logged: method, path, status, attempt, request id, elapsed time, retry decisions.
Never logged: API keys, webhook secrets, request or response bodies.
"""

from __future__ import annotations

import logging
import os
import warnings

from ._constants import LOG_ENV

__all__ = ["logger", "setup_logging"]

logger = logging.getLogger("firsthand")

_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_HANDLER_NAME = "firsthand-env"


def setup_logging() -> None:
    """Honour ``FIRSTHAND_LOG=info|debug``: attach one stderr handler to the ``firsthand`` logger.

    Called by every client constructor; idempotent. Unset or empty leaves logging to the
    application's own configuration.

    Examples:
        >>> import os
        >>> os.environ.pop("FIRSTHAND_LOG", None) and None
        >>> setup_logging()  # nothing configured: the application's logging config rules
    """
    raw = os.environ.get(LOG_ENV, "").strip().lower()
    if not raw:
        return
    level = _LEVELS.get(raw)
    if level is None:
        warnings.warn(
            f"{LOG_ENV}={raw!r} is not one of 'info', 'debug'; SDK logging stays off",
            stacklevel=3,
        )
        return
    logger.setLevel(level)
    if not any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
