"""The spreadsheet's cell editor, drawn by the table itself over the rows below the cell.

No widget is mounted or removed per edit and focus never leaves the table, so opening,
refusing and closing repaint only the editor's own lines. The editor never writes: Enter
posts Submitted(field, raw); the screen saves, then closes the editor or shows the refusal
in it (the old value is kept). The editor is chosen by the field's kind in the registry, like
the dialog editor: a list for choices and 1-5 ratings, a checkbox, or a line of text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from registry.fields import Field
from tui.widgets.editors import choices_of, editor_kind, hint_of, picked, refusal

WIDTH = 60
LIST_ROWS = 12  # choices shown at once; the list scrolls past that


class EditorStyles(NamedTuple):
    box: Style  # border, title and plain text
    muted: Style  # context and hint lines
    value: Style  # the text being edited, the highlighted choice
    cursor: Style  # the text cursor
    error: Style  # the refusal, and the border while it shows


class Submitted(Message):
    """Enter (or a pick) in the inline editor: save `raw` to `field`, or refuse it."""

    def __init__(self, field: Field, raw: Any) -> None:
        super().__init__()
        self.field = field
        self.raw = raw


def _fit(text: str, width: int) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class InlineEditor:
    """State and drawing of one edit. `key` applies a key press and says what it asks for."""

    def __init__(self, fld: Field, value: Any, context: str = "",
                 settings: Mapping[str, Any] | None = None) -> None:
        self.field = fld
        self.kind = editor_kind(fld)
        self.context = context
        self.error = ""
        self.error_rows = 0  # rows the last refusal took: kept (blank) once it is taken down
        self.options = choices_of(fld, settings, value) if self.kind == "choice" else []
        current = fld.format(value)
        self.highlighted = self.options.index(current) if current in self.options else 0
        self.checked = bool(value)
        self.text = current
        self.position = len(current)  # text cursor, in characters
        self.selected = bool(current)  # as in a dialog's input: typing replaces the old value

    # --- keys ----------------------------------------------------------------------------

    def key(self, key: str, character: str | None) -> tuple[str, Any] | None:
        """("submit", raw) or ("cancel", None) when the key ends the edit; None otherwise."""
        outcome = self._key(key, character)
        if outcome is None:
            self.recheck()
        return outcome

    def recheck(self) -> None:
        """Take a refusal down as soon as the value would pass its field's rule."""
        if self.error and refusal(self.field, self.value()) is None:
            self.error = ""

    def _key(self, key: str, character: str | None) -> tuple[str, Any] | None:
        if key == "escape":
            return "cancel", None
        if key == "ctrl+s":
            return "submit", self.value()
        if self.kind == "choice":
            return self._choice_key(key)
        if self.kind == "checkbox":
            if key in ("space", "enter"):
                if key == "enter":
                    return "submit", self.checked
                self.checked = not self.checked
            elif key == "delete":
                return "submit", None
            return None
        if key == "enter":
            return "submit", self.text
        self._text_key(key, character)
        return None

    def value(self) -> Any:
        if self.kind == "choice":
            return picked(self.options[self.highlighted])
        return self.checked if self.kind == "checkbox" else self.text

    def _choice_key(self, key: str) -> tuple[str, Any] | None:
        last = len(self.options) - 1
        if key == "enter":
            return "submit", self.value()
        if self.field.kind == "rating" and key in ("1", "2", "3", "4", "5"):
            return "submit", key
        moves = {"up": self.highlighted - 1, "down": self.highlighted + 1, "home": 0, "end": last,
                 "pageup": self.highlighted - LIST_ROWS, "pagedown": self.highlighted + LIST_ROWS}
        if key in moves:
            self.highlighted = max(0, min(last, moves[key]))
        return None

    def _text_key(self, key: str, character: str | None) -> None:
        if self.selected:
            self.selected = False
            if key in ("backspace", "delete", "ctrl+u", "ctrl+k"):
                self.text, self.position = "", 0
                return
            if key not in ("left", "right", "home", "end", "ctrl+a", "ctrl+e"):
                self.text, self.position = "", 0  # typing replaces the old value
        text, at = self.text, self.position
        if key == "backspace" and at:
            self.text, self.position = text[:at - 1] + text[at:], at - 1
        elif key == "delete":
            self.text = text[:at] + text[at + 1:]
        elif key == "left":
            self.position = max(0, at - 1)
        elif key == "right":
            self.position = min(len(text), at + 1)
        elif key in ("home", "ctrl+a"):
            self.position = 0
        elif key in ("end", "ctrl+e"):
            self.position = len(text)
        elif key == "ctrl+u":
            self.text, self.position = text[at:], 0
        elif key == "ctrl+k":
            self.text = text[:at]
        elif character is not None and len(character) == 1 and character.isprintable():
            self.insert(character)

    def insert(self, pasted: str) -> None:
        """Typed or pasted text; a line break becomes a space (the value is one line)."""
        if self.kind in ("choice", "checkbox"):
            return
        pasted = " ".join(pasted.splitlines())
        if self.selected:
            self.text, self.position, self.selected = "", 0, False
        at = self.position
        self.text = self.text[:at] + pasted + self.text[at:]
        self.position = at + len(pasted)
        self.recheck()

    # --- drawing -------------------------------------------------------------------------

    def strips(self, width: int, styles: EditorStyles) -> list[Strip]:
        """The editor's lines, `width` cells wide: a box with title, context, value, hint, error."""
        inner = max(4, width - 4)
        edge = styles.error if self.error else styles.box
        title = f" {self.field.label} "
        title = _fit(title, inner) if cell_len(title) > inner else title
        lines = [Strip([Segment("╭─", edge), Segment(title, styles.box + Style(bold=True)),
                        Segment("─" * (inner - cell_len(title)) + "─╮", edge)])]

        def row(*segments: Segment) -> None:
            lines.append(Strip([Segment("│ ", edge), *segments, Segment(" │", edge)]))

        if self.context:
            row(Segment(_fit(self.context, inner), styles.muted))
        for segments in self._value_rows(inner, styles):
            row(*segments)
        row(Segment(_fit(hint_of(self.field), inner), styles.muted))
        if self.error:
            self.error_rows = len(range(0, len(self.error), inner))
            for start in range(0, len(self.error), inner):
                row(Segment(_fit(self.error[start:start + inner], inner), styles.error))
        else:  # the box keeps its height: the rows under it are not left stale
            for _ in range(self.error_rows):
                row(Segment(" " * inner, styles.box))
        lines.append(Strip([Segment("╰" + "─" * (inner + 2) + "╯", edge)]))
        return lines

    def _value_rows(self, inner: int, styles: EditorStyles) -> list[list[Segment]]:
        if self.kind == "checkbox":
            mark = "X" if self.checked else " "
            return [[Segment(_fit(f"[{mark}] {self.field.label}", inner), styles.value)]]
        if self.kind == "choice":
            first = max(0, min(self.highlighted - LIST_ROWS // 2, len(self.options) - LIST_ROWS))
            shown = self.options[first:first + LIST_ROWS]
            return [[Segment(_fit(f" {option}", inner),
                             styles.value if first + index == self.highlighted else styles.box)]
                    for index, option in enumerate(shown)]
        if self.selected:
            return [[Segment(_fit(self.text, inner - 1), styles.cursor), Segment(" ", styles.value)]]
        # one line of text, scrolled so the cursor stays in view
        start = max(0, self.position - inner + 1)
        before = self.text[start:self.position]
        under = self.text[self.position:self.position + 1] or " "
        after = self.text[self.position + 1:]
        room = inner - cell_len(before) - cell_len(under)
        return [[Segment(before, styles.value), Segment(under, styles.cursor),
                 Segment(set_cell_size(after, max(0, room)), styles.value)]]
