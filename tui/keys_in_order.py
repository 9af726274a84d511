"""Keys delivered in order, each after the one before has taken effect.

Textual forwards a key to the focused widget at once, but the binding of a key the widget does not
take runs later: the keys typed right after it in one burst (a paste, a fast typist, keys typed
while starting) reach the widget first. After "e" they would run commands ("x" exports) instead of
going into the editor the "e" opens; after "/" they would miss the search box. So while a key is
in flight, the keys after it are held here and delivered one at a time, each once the one before
has taken effect. A key arriving when nothing is in flight goes straight through.

While MatchDesk starts, every key is held until the spreadsheet shows (tui/first_paint.py: Textual
reads keys before the table is mounted and focused), then delivered the same way; a key whose
command waits for the scores (edit, F2..F10, undo) pauses the delivery until they are in.

Auto-repeat (holding Down): a key settles once the screen has redrawn, so held keys drain one a
frame; past MOST_HELD, a repeat of the last held key is dropped, so a held-down key stops when
released instead of running on.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from functools import partial

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Input

# The last resort for a key whose handling never settles; a node removed meanwhile (a dialog the
# key closed, the app quitting) ends the wait at once. Long enough for a loaded machine to finish
# a key's work, short enough that keys after a stuck one are not lost to the user.
LONGEST_WAIT_SECONDS = 2.0
MOST_HELD = 64  # far beyond a burst typed or pasted by hand; only auto-repeat gets here
# A key that replaces its screen (ctrl+o opening the file picker) can leave that screen without
# another refresh, and its after-refresh list unrun: the key is then watched after this anyway,
# so the keys behind it are not held for as long as the new screen stays.
WATCH_AT_THE_LATEST_SECONDS = 0.05


class KeysInOrder:
    def __init__(self, app: App) -> None:
        self.app = app
        self.held: deque[events.Key | events.Paste] = deque()
        self.starting = True  # until the spreadsheet shows and every key typed meanwhile is delivered
        self.in_flight: events.Event | None = None
        self.target: DOMNode | None = None  # where the app sent the key in flight
        self.scored: asyncio.Event | None = None  # made in the app's loop
        self.unwatched: events.Event | None = None  # a key gone straight through, not yet watched
        self.watched: events.Event | None = None  # the last key whose watching has started
        self.delivery: asyncio.Task | None = None  # of the keys held behind the one in flight

    def holds(self, event: events.Event) -> bool:
        """True when `event` is kept for later (the app must not handle it now)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self.in_flight:
            self.target = self.app.focused or self.app.screen  # as App.on_event forwards it
            return False
        if self.starting or self.in_flight is not None:
            self.hold(event)
            return True
        self.in_flight = self.unwatched = event
        self.target = self.app.focused or self.app.screen
        return False

    def sent(self, event: events.Event) -> None:
        """The app has passed `event` on. Watching a key that went straight through starts once
        the screen has redrawn, so that the watching does not slow down the key's own way."""
        if event is self.unwatched:
            self.unwatched = None
            watch = partial(self.watch, event)
            # straight onto the screen's after-refresh list: a message would queue ahead of the key
            self.app.screen._invoke_later(watch, self.app)
            asyncio.get_running_loop().call_later(WATCH_AT_THE_LATEST_SECONDS, watch)

    def watch(self, event: events.Event) -> None:
        """Start watching `event`, once: whichever of the screen's refresh and the latest time
        comes first; nothing when it has settled meanwhile."""
        if event is self.in_flight and event is not self.watched:
            self.watched = event
            self.delivery = asyncio.create_task(self.deliver_held())

    def hold(self, event: events.Key | events.Paste) -> None:
        if len(self.held) >= MOST_HELD and isinstance(event, events.Key) and self.held[-1].key == event.key:
            return  # auto-repeat faster than the screen redraws
        self.held.append(event)

    def workspace_ready(self) -> None:
        self._scored().set()

    def drop(self) -> None:
        """The file did not open: the keys were meant for a spreadsheet that is not there."""
        self.held.clear()
        self.starting = False
        self._scored().set()

    def stop(self) -> None:
        """The app is closing: nothing is left to deliver to."""
        self.held.clear()
        self.in_flight = None  # a watch still due finds nothing to watch
        if self.delivery is not None:
            self.delivery.cancel()

    async def deliver_held(self) -> None:
        """Once the key in flight has taken effect: each held key in turn."""
        try:
            await self.settled()
            while self.held:
                await self.deliver(self.held.popleft())
        finally:
            self.in_flight = None

    async def deliver_typed_while_starting(self, start_reading: Callable[[], object] | None = None) -> None:
        """Once the spreadsheet shows: each held key in turn, then keys go straight to the app.
        `start_reading` (reading and scoring every program) is called once the keys are
        delivered, or before, when a key waits for the scores: the keys typed first are answered
        first (help, a move, a search), without waiting behind the reading."""
        await handled_by(self.app)  # the table's focus, set when the screen mounted
        while self.held and self.starting:
            event = self.held.popleft()
            if self.waits_for_scores(event):
                if start_reading is not None:
                    start_reading()
                    start_reading = None  # once
                await self._scored().wait()
                if not self.starting:
                    break  # dropped: the file did not open
            await self.deliver(event)
        self.in_flight, self.starting = None, False
        if start_reading is not None:
            start_reading()

    async def deliver(self, event: events.Key | events.Paste) -> None:
        self.in_flight, self.target = event, None
        self.app.post_message(event)
        await self.settled()

    async def settled(self) -> None:
        """The key in flight has been handled along its whole way (the focused widget, its
        ancestors up to the app) and whatever it changed (focus, a new screen) has happened."""
        deadline = asyncio.get_running_loop().time() + LONGEST_WAIT_SECONDS
        await handled_by(self.app, deadline)
        for node in (self.target.ancestors_with_self if self.target is not None else ()):
            await handled_by(node, deadline)
        await handled_by(self.app, deadline)  # focus changes and screen pushes are the app's callbacks
        await handled_by(self.app.screen, deadline, after_refresh=True)  # a screen it pushed is drawn

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


async def handled_by(node: DOMNode, deadline: float | None = None, *, after_refresh: bool = False) -> None:
    """Wait until `node` has handled every message it had when this was called (and, with
    `after_refresh`, has then refreshed), or has closed (dropping them), or `deadline` passed."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()  # a future and callbacks, not tasks: this runs for every key

    def finish(*_) -> None:
        if not done.done():
            done.set_result(None)

    if not (node.call_after_refresh if after_refresh else node.call_later)(finish):
        return  # closing already
    timer = loop.call_at(loop.time() + LONGEST_WAIT_SECONDS if deadline is None else deadline, finish)
    closed = node._task  # its message loop: ends when it closes
    if closed is not None:
        closed.add_done_callback(finish)
    try:
        await done
    finally:
        timer.cancel()
        if closed is not None:
            closed.remove_done_callback(finish)
