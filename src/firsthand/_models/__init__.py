"""Pydantic models of the wire format. Public names are re-exported by ``firsthand.models``.

Each area module's ``__all__`` lists exactly its public names: ``scripts/generate.py`` writes
``firsthand.models`` from those lists (``events`` is exported by ``firsthand.webhooks`` instead).
"""
