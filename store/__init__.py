"""MatchDesk's data layer: SQLite through a validated, undoable API. Never imports Textual.

Names are loaded on first use, so `import store.fields` (the registry, which scoring reads)
does not pull in SQLite.
"""

from importlib import import_module

_EXPORTS = {
    "Change": "store.store",
    "Provenance": "store.store",
    "Store": "store.store",
    "MatchDeskError": "store.errors",
    "StoreError": "store.errors",
    "ValidationError": "store.fields",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
