"""MatchDesk's data layer: SQLite through a validated, undoable API. Never imports Textual."""

from store.errors import MatchDeskError, StoreError
from store.fields import ValidationError
from store.store import Change, Provenance, Store

__all__ = ["Change", "MatchDeskError", "Provenance", "Store", "StoreError", "ValidationError"]
