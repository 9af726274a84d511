"""Names the store and the tests import to build scoring inputs (see scoring.schema)."""

from scoring.schema import empty_frames, frame_from_rows as frame_for

__all__ = ["empty_frames", "frame_for"]
