"""Checkboxes and radio buttons whose glyph says on or off, not only their colour."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return "✓" if self.value else " "


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return "●" if self.value else "○"
