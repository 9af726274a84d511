"""MatchDesk's data layer: SQLite through a validated, undoable API. Knows the registry, never
scoring or Textual."""

from registry.errors import MatchDeskError
from registry.fields import ValidationError
from store.errors import StoreError
from store.store import Change, Provenance, Store

__all__ = ["Change", "MatchDeskError", "Provenance", "Store", "StoreError", "ValidationError"]
