"""Names the store and the tests import to build scoring inputs (see registry.schema)."""

from registry.schema import empty_frames, frame_from_rows as frame_for

__all__ = ["empty_frames", "frame_for"]
