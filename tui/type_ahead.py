"""Keys typed while MatchDesk starts, held until the spreadsheet is on screen, then delivered in
order, each after the one before has taken effect.

Textual reads the keys typed during the first paint (tui/first_paint.py) as soon as its driver
starts, which is before the spreadsheet is mounted and focused: a Down then reaches no widget,
and the text after a "/" reaches the table instead of the search box, whose focus was still
pending. Held here and delivered one at a time once the spreadsheet shows, they act as if typed
then. A key whose command waits for the scores (edit, F2..F10, undo) pauses the delivery until
they are in, so the keys after it wait too and keep their order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Input


class TypeAhead:
    def __init__(self, app: App) -> None:
        self.app = app
        self.held: deque[events.Key | events.Paste] = deque()
        self.holding = True  # until the spreadsheet shows and every held key is delivered
        self.delivering: events.Event | None = None
        self.target: DOMNode | None = None  # where the app sent the key being delivered
        self.scored: asyncio.Event | None = None  # made in the app's loop

    def holds(self, event: events.Event) -> bool:
        """True when `event` is kept for later (the app must not handle it now)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self.delivering:
            self.target = self.app.focused or self.app.screen  # as App.on_event forwards it
            return False
        if self.holding:
            self.held.append(event)
        return self.holding

    def workspace_ready(self) -> None:
        self._scored().set()

    def drop(self) -> None:
        """The file did not open: the keys were meant for a spreadsheet that is not there."""
        self.held.clear()
        self.holding = False
        self._scored().set()

    async def deliver(self, start_reading: Callable[[], object] | None = None) -> None:
        """Once the spreadsheet shows: each held key in turn, then keys go straight to the app.
        `start_reading` (reading and scoring every program) is called once the keys are
        delivered, or before, when a key waits for the scores: the keys typed first are answered
        first (help, a move, a search), without waiting behind the reading."""
        await handled_by(self.app)  # the table's focus, set when the screen mounted
        while self.held and self.holding:
            event = self.held.popleft()
            if self.waits_for_scores(event):
                start_reading = call_once(start_reading)
                await self._scored().wait()
                if not self.holding:
                    break  # dropped: the file did not open
            self.delivering, self.target = event, None
            self.app.post_message(event)
            await self.settled()
        self.delivering, self.holding = None, False
        call_once(start_reading)

    async def settled(self) -> None:
        """The key delivered has been handled along its whole way (the focused widget, its
        ancestors up to the app) and whatever it changed (focus, a new screen) has happened."""
        await handled_by(self.app)
        for node in (self.target.ancestors_with_self if self.target is not None else ()):
            await handled_by(node)
        await handled_by(self.app)  # focus changes and screen pushes are the app's callbacks
        await handled_by(self.app.screen, after_refresh=True)  # a screen it pushed is drawn

    def waits_for_scores(self, event: events.Event) -> bool:
        """A key whose command is refused only because the workspace is not read yet."""
        if self.app.workspace is not None or not isinstance(event, events.Key):
            return False
        if isinstance(self.app.focused, Input) and event.is_printable:
            return False  # text typed into a box
        for node, bindings in self.app.screen._modal_binding_chain:
            for key, binding in bindings:
                if key == event.key and self.app._check_action_state(binding.action, node) is False:
                    return True
        return False

    def _scored(self) -> asyncio.Event:
        if self.scored is None:
            self.scored = asyncio.Event()
        return self.scored


def call_once(callback: Callable[[], object] | None) -> None:
    """Call `callback` if there is one; None, to store in its place."""
    if callback is not None:
        callback()


# A node removed meanwhile (a dialog the key closed) drops what it had not handled: waiting is
# then cut short, so that the keys after it are not held for ever.
LONGEST_WAIT_SECONDS = 5.0


async def handled_by(node: DOMNode, *, after_refresh: bool = False) -> None:
    """Wait until `node` has handled every message it had when this was called (and, with
    `after_refresh`, has then refreshed)."""
    done = asyncio.Event()
    if (node.call_after_refresh if after_refresh else node.call_later)(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), LONGEST_WAIT_SECONDS)
