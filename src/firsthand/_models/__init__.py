"""Pydantic models of the wire format. Public names are re-exported by ``firsthand.models``."""
