"""Errors the store raises, each with a title the UI shows above the message."""

from __future__ import annotations

from registry.errors import MatchDeskError


class StoreError(MatchDeskError):
    title = "Database error"


class NotADatabaseError(StoreError):
    title = "Not a MatchDesk database"


class CorruptDatabaseError(StoreError):
    title = "Database is damaged"


class NewerSchemaError(StoreError):
    title = "Database is from a newer MatchDesk"


class DatabaseLockedError(StoreError):
    title = "Database is busy"


class ReadOnlyError(StoreError):
    title = "Database is read-only"


class DiskFullError(StoreError):
    title = "Disk is full"


class FileChangedError(StoreError):
    title = "Database file moved or replaced"


class ConflictError(StoreError):
    """Another window changed the value after this one showed it; nothing was written."""

    title = "Changed in another window"

    def __init__(self, message: str, *, table: str, row_id: int, field: str, shown, current,
                 attempted) -> None:
        super().__init__(message)
        self.table, self.row_id, self.field = table, row_id, field
        self.shown, self.current, self.attempted = shown, current, attempted
