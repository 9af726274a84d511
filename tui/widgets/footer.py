"""A Footer that rebuilds only when the keys it shows change, and can be held still.

Textual's Footer recomposes on every focus change. An inline cell editor takes focus (which
hides the single-letter keys) and gives it back, so every edit would rebuild the footer twice,
costing more than the edit itself; while `held`, the footer keeps what it shows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    _shown: tuple | None = None
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
