"""MatchDesk's data layer: SQLite through a validated, undoable API. Knows the registry, never
scoring or Textual."""

from registry.errors import MatchDeskError
from registry.errors import ValidationError
from store.cells import BadCell
from store.errors import ConflictError, FileChangedError, StoreError
from store.search import SearchHit
from store.store import Change, Provenance, Store

__all__ = ["BadCell", "Change", "ConflictError", "FileChangedError", "MatchDeskError", "Provenance",
           "SearchHit", "Store", "StoreError", "ValidationError"]
