"""The single source of the package version (read by hatchling and by the ``User-Agent``)."""

__version__ = "0.1.0"
