"""The footer: the keys of the screen, the most important first when they do not all fit,
with a "? more" hint then (help lists every key). It rebuilds only when the keys it shows or
its width change, and can be held still.

Textual's Footer recomposes on every focus change. An inline cell editor takes focus (which
hides the single-letter keys) and gives it back, so every edit would rebuild the footer twice,
costing more than the edit itself; while `held`, the footer keeps what it shows.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.actions import COMMANDS_BY_ID, NORMAL

HELP_ID = "app.help"
# Cells around a key's text: " key " then "description ".
KEY_PADDING = 3
# The palette key on the right also has a border and a right padding.
PALETTE_EXTRA = 2


def importance(binding: Binding) -> int:
    command = COMMANDS_BY_ID.get(binding.id or "")
    return command.importance if command else NORMAL


def fitting(widths: list[int], ranks: list[int], budget: int) -> list[int]:
    """Indexes of the items kept, most important first (ties: leftmost), in their own order."""
    kept, used = [], 0
    for index in sorted(range(len(widths)), key=lambda i: -ranks[i]):
        if used + widths[index] <= budget:
            kept.append(index)
            used += widths[index]
    return sorted(kept)


class QuietFooter(Footer):
    _shown: tuple | None = None
    _width = 0
    held = False

    def bindings_changed(self, screen: Screen) -> None:
        if self.held and self._bindings_ready:
            return
        shown = tuple(
            (binding.key, binding.description, enabled)
            for (_, binding, enabled, _tooltip) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and self._bindings_ready:
            self.refresh(recompose=True)

    def key_width(self, binding: Binding) -> int:
        return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description) + KEY_PADDING

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._width = self.size.width or self.app.size.width
        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        items = list(by_action.values())
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        budget = self._width - (self.key_width(palette[1]) + PALETTE_EXTRA if palette else 0)
        widths = [self.key_width(binding) for binding, _, _ in items]
        more = None
        if sum(widths) > budget:
            # Help lists every key: its own key becomes the "more" hint.
            help_binding = next((b for b, _, _ in items if b.id == HELP_ID), None)
            items = [item for item in items if item[0] is not help_binding]
            more_key = self.app.get_key_display(help_binding) if help_binding else "?"
            more = FooterKey(help_binding.key if help_binding else "question_mark", more_key, "more",
                             "app.show_help", tooltip="Every key and command", classes="-more")
            widths = [self.key_width(binding) for binding, _, _ in items]
            more_width = cell_len(more_key) + cell_len("more") + KEY_PADDING
            kept = fitting(widths, [importance(b) for b, _, _ in items], budget - more_width)
            items = [items[index] for index in kept]
        for binding, enabled, tooltip in items:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
        if more is not None:
            yield more.data_bind(compact=Footer.compact)
        if palette and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)
