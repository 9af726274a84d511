"""Every command of the app as data: id, default keys, action, name, help, scope and how
important it is in the footer.

This is the only place a key is declared. Bindings (`bindings_for(scope)`), the footer, the
command palette, the help screen and the user's keymap (tui/keymap.py, by command id) are all
built from it. A scope is the screen, dialog or widget whose BINDINGS the command becomes;
"app" commands work everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from tui.screens.registry import SCREENS

# Footer importance: when the keys do not fit the width, the most important are shown first.
ESSENTIAL, HIGH, NORMAL, LOW = 9, 7, 5, 3


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # comma-separated Textual key names
    action: str  # the action string the binding runs ("app." prefix: an app action)
    name: str
    help: str
    scope: str
    show: bool = True  # in the footer (every command is in help and the palette)
    key_display: str | None = None
    importance: int = NORMAL
    priority: bool = False  # runs even when a focused widget binds the same key


def _scope(scope: str, *rows: tuple) -> tuple[Command, ...]:
    """Rows of (verb, keys, action, name, help, **options) become commands `scope.verb`."""
    commands = []
    for verb, keys, action, name, help, *options in rows:
        commands.append(Command(f"{scope}.{verb}", keys, action, name, help, scope, **(options[0] if options else {})))
    return tuple(commands)


HIDDEN = {"show": False}

# scope: (key, what the screen is for); the screens themselves are listed in screens/registry.py.
SCREEN_KEYS = {
    "programs": ("f1", "The research spreadsheet of every program"),
    "profile": ("f2", "Your exams, school, USCE, visa need; self-assessment and risk"),
    "priorities": ("f3", "What matters to you in a program: must, nice, not important"),
    "dashboard": ("f4", "Tier balance, gates, regions, costs, signals and the timeline"),
    "interviews": ("f5", "Impressions after each interview"),
    "ranklist": ("f6", "Your rank order list, the suggested order and match odds"),
    "outreach": ("f7", "Contacts, questions asked and follow-ups"),
    "redflags": ("f8", "Red flags and their explanation drafts (private)"),
    "materials": ("f9", "Letters, personal statements and practice exams"),
    "settings": ("f10", "Every threshold and weight, with reset to default"),
}


def goto_commands() -> tuple[Command, ...]:
    """One key per screen opens it from anywhere."""
    return tuple(Command(f"goto.{screen.scope}", SCREEN_KEYS[screen.scope][0], f"app.switch_mode('{screen.scope}')",
                         screen.title, SCREEN_KEYS[screen.scope][1], "goto", show=False) for screen in SCREENS)


COMMANDS: tuple[Command, ...] = (
    *_scope(
        "app",
        ("help", "question_mark", "app.show_help", "Help", "List every key and command", {"importance": ESSENTIAL}),
        ("quit", "q", "app.quit", "Quit", "Quit MatchDesk (everything is already saved)", {"importance": ESSENTIAL}),
        ("undo", "ctrl+z", "app.undo", "Undo", "Undo the last change, even after a restart", {"priority": True, "importance": HIGH}),
        ("redo", "ctrl+y", "app.redo", "Redo", "Redo the last undone change", {"priority": True, "importance": LOW}),
        ("theme", "ctrl+t", "app.change_theme", "Theme", "Choose a colour theme", HIDDEN),
        ("reload", "ctrl+r", "app.reload", "Reload", "Read the file again after another window changed it", HIDDEN),
        ("restore_backup", "ctrl+b", "app.restore_backup", "Restore a backup",
         "Put one of this file's backups in its place (the file as it is now is backed up first)", HIDDEN),
        ("search", "ctrl+f", "app.search_notes", "Search notes",
         "Search everything you wrote: notes, interview notes, outreach answers, why-this-program "
         "(on the spreadsheet, / then /words does it too)", HIDDEN),
        ("forget_history", "ctrl+g", "app.forget_history", "Forget history",
         "Clear the undo history so deleted text leaves the file (a backup is made first)", HIDDEN),
    ),
    *goto_commands(),
    *_scope(
        "programs",
        ("edit", "e", "edit_cell", "Edit", "Edit the current cell (enter on the grid too)", {"importance": HIGH}),
        ("add", "a", "add_program", "Add", "Add a program", {"importance": HIGH}),
        ("delete", "d", "delete_program", "Delete", "Delete the current program (undoable)"),
        ("duplicate", "ctrl+d", "duplicate_program", "Duplicate", "Duplicate the current program", HIDDEN),
        ("sort", "s", "sort_column", "Sort", "Sort by the current column; again to reverse"),
        ("search", "slash", "focus_query", "Search/filter", "Quick search, or a filter like tier:Target fit>60",
         {"key_display": "/", "importance": HIGH}),
        ("clear", "escape", "clear_query", "Clear filter", "Clear the search and filter", HIDDEN),
        ("detail", "space", "toggle_detail", "Details", "Show or hide the detail pane"),
        ("pane", "tab", "focus_pane", "Into details", "Move into the detail pane (it scrolls with the arrow keys) and back", HIDDEN),
        ("columns", "c", "choose_columns", "Columns", "Show, hide and reorder columns", {"importance": LOW}),
        ("source", "o", "set_source", "Source", "Set where the current value came from", HIDDEN),
        ("save_view", "v", "save_view", "Save view", "Save the filter, sort and columns as a named view", HIDDEN),
        ("why", "w", "explain_cell", "Why", "Explain the score in the current cell, in a panel"),
        ("rank", "plus", "rank_program", "Rank",
         "Put the current program on the rank list (a PGY-1 program on its supplemental list)", {"key_display": "+"}),
        ("import", "i", "import_file", "Import", "Import programs from a CSV, TSV or Excel file", HIDDEN),
        ("export", "x", "export_view", "Export", "Export the programs in view (or all) to CSV, Excel or Markdown", HIDDEN),
    ),
    *_scope(
        "profile",
        ("edit", "enter,e", "edit", "Edit", "Edit the highlighted profile field or USCE cell", {"key_display": "e", "importance": HIGH}),
        ("add_usce", "a", "add_usce", "Add USCE", "Add a US clinical experience entry"),
        ("delete_usce", "d", "delete_usce", "Delete USCE", "Delete the highlighted US clinical experience entry (asks first; undoable)"),
    ),
    *_scope(
        "priorities",
        ("cycle", "space,m", "cycle_importance", "Cycle",
         "Cycle the highlighted feature: must-have, nice-to-have, not important", {"key_display": "space", "importance": HIGH}),
        ("edit", "enter,e", "edit_importance", "Importance",
         "Choose the importance of the highlighted feature from a list", {"key_display": "e"}),
        ("preference", "p", "edit_preference", "Preference", "Edit which ones you prefer, e.g. regions 'Midwest,South'"),
    ),
    *_scope(
        "dashboard",
        ("overview", "o", "show_tab('overview')", "Overview", "Tier balance, programs per specialty, gates and regions", HIDDEN),
        ("costs", "c", "show_tab('costs')", "Costs", "Estimated cost and the editable fee schedule", HIDDEN),
        ("signals", "s", "show_tab('signals')", "Signals", "The signal planner: signals used and left per pool", HIDDEN),
        ("timeline", "t", "show_tab('timeline')", "Timeline", "The timeline checklist with due dates from Match Day", HIDDEN),
        ("edit", "enter,e", "edit_cell", "Edit",
         "Edit the current cell (fee, pool, signal, task); on a worked-out value, say why", {"key_display": "e", "importance": HIGH}),
        ("signal", "g", "cycle_signal", "Cycle signal", "Signals: the current program's signal goes none, gold, silver, none",
         {"importance": HIGH}),
        ("done", "space", "toggle_done", "Done/undone", "Timeline: mark the current task done, or not done", {"importance": HIGH}),
        ("travel", "v", "edit_setting('cost.travel_per_interview')", "Travel cost", "Set the travel estimate per in-person interview"),
        ("match_day", "m", "edit_setting('match_date')", "Match Day", "Set Match Day, from which the timeline's due dates count back"),
        ("divisions", "d", "pick_divisions", "Divisions",
         "Signals: tick the census divisions of your geographic preference (up to the pool's limit)"),
        ("add_rule", "a", "add_signal_rule", "Add rule",
         "Signals: add a signal rule for one of your specialties that no rule covers"),
    ),
    *_scope(
        "interviews",
        ("edit", "enter,e", "edit_cell", "Edit", "Edit the current cell (a rating: enter, then 1-5)", {"key_display": "e", "importance": HIGH}),
        ("positives", "p", "edit_positives", "Positives", "Write what you liked"),
        ("red_flags", "r", "edit_red_flags", "Red flags", "Write the red flags you noticed"),
        ("why", "w", "explain", "Why", "Explain the rank score and the suggested place"),
        ("delete", "d", "delete_record", "Delete record", "Delete the program's latest interview record (undoable)", HIDDEN),
    ),
    *_scope(
        "ranklist",
        ("move_up", "shift+up,K", "move_up", "Up", "Move the entry one rank up (one undoable step)", {"key_display": "⇧↑/K", "importance": HIGH}),
        ("move_down", "shift+down,J", "move_down", "Down", "Move the entry one rank down (one undoable step)", {"key_display": "⇧↓/J", "importance": HIGH}),
        ("move_to", "m", "move_to", "Move to", "Move the entry to a rank you type"),
        ("add", "plus", "add", "Add", "Add a program not yet on this list, best rank score first", {"key_display": "+", "importance": HIGH}),
        ("remove", "x", "remove", "Remove", "Take the entry off this list (undoable)"),
        ("probability", "p", "probability", "P(match)", "Set this program's match probability (enter too); empty = default for its tier"),
        ("apply_suggested", "g", "apply_suggested", "Suggested",
         "Re-rank this list in the suggested order, adding interviewed programs missing from it (undoable)"),
        ("next_list", "l", "next_list", "Next list", "Show the next list: primary, then each supplemental PGY-1 list", {"importance": LOW}),
        ("attach", "a", "attach", "Attach", "Attach a supplemental PGY-1 list to an advanced program, or detach it", {"importance": LOW}),
        ("new_list", "n", "new_list", "New PGY-1 list", "Make a new supplemental PGY-1 list", HIDDEN),
        ("rename_list", "r", "rename_list", "Rename list", "Rename the list shown", HIDDEN),
        ("delete_list", "X", "delete_list", "Delete list", "Delete the list shown with its entries (undoable)", HIDDEN),
        ("save_version", "s", "save_version", "Save version", "Save every list as a named version", {"importance": HIGH}),
        ("diff_versions", "d", "diff_versions", "Diff", "Compare two saved versions (or one with the current lists)"),
        ("export", "e", "export", "Export", "Write the lists in NRMP entry order to a .csv or .md file"),
        ("why", "w", "why", "Why", "Explain the entry's rank score, P(match) and match odds", HIDDEN),
    ),
    *_scope(
        "outreach",
        ("add", "a", "add_contact", "Log contact", "Log a contact; on the to-do list, with that program", {"importance": HIGH}),
        ("edit", "enter,e", "edit_cell", "Edit", "Edit the current cell; on the to-do list, log a contact with that program",
         {"key_display": "e", "importance": HIGH}),
        ("done", "f", "toggle_follow_up", "Follow-up done", "Mark the current contact's follow-up done, or not"),
        ("delete", "d", "delete_contact", "Delete", "Delete the current contact (undoable)"),
        ("todo", "t", "switch_list", "Log/to-do", "Move between the contact log and the to-do list"),
    ),
    *_scope(
        "redflags",
        ("add", "a", "add_flag", "Add", "Add a red flag: pick its type, then write the draft", {"importance": HIGH}),
        ("edit", "enter,e", "edit_cell", "Edit", "Edit the current cell; on the draft column, go to the draft",
         {"key_display": "e", "importance": HIGH}),
        ("write", "w", "write_draft", "Write draft", "Move to the explanation draft"),
        ("mentor", "m", "toggle_mentor", "Mentor reviewed", "Mark the current flag's draft reviewed by a mentor, or not"),
        ("delete", "d", "delete_flag", "Delete", "Delete the current red flag (undoable)"),
        ("save", "ctrl+s", "save_draft", "Save draft", "Save the explanation draft now", {"importance": HIGH}),
        ("back", "escape", "back_to_list", "Back to list", "Save the draft and go back to the list", HIDDEN),
    ),
    *_scope(
        "materials",
        ("edit", "e", "edit", "Edit", "Edit the current cell (on Why this program: the note; enter on the grid too)",
         {"importance": HIGH}),
        ("add", "a", "add", "Add", "Add a letter, statement or practice exam", {"importance": HIGH}),
        ("delete", "d", "delete", "Delete", "Delete the current row (undoable)"),
        ("dismiss", "x", "dismiss_check", "Dismiss", "Dismiss or restore the word check of the current statement"),
        ("brief", "b", "export_brief", "Brief", "Save the interview brief of the current program as Markdown"),
        ("letters", "l", "show_tab('letters')", "Letters tab", "Letters of recommendation and their checks", HIDDEN),
        ("statements", "s", "show_tab('statements')", "Statements tab", "Personal statements and the backup word check", HIDDEN),
        ("why", "w", "show_tab('why')", "Why-this-program tab", "Why-this-program notes and interview briefs", HIDDEN),
        ("exams", "p", "show_tab('exams')", "Practice exams tab", "Practice exam scores, trend and readiness", HIDDEN),
    ),
    *_scope(
        "settings",
        ("edit", "enter,e", "edit_setting", "Edit", "Edit the highlighted setting", {"key_display": "e", "importance": HIGH}),
        ("reset", "r", "reset_setting", "Reset", "Reset the highlighted setting to its default (undoable)"),
    ),
    # Screens opened from another screen.
    *_scope(
        "import",
        ("map", "enter,m", "choose_field", "Map",
         "Choose the field the current column fills, keep it as a note, or leave it out",
         {"key_display": "enter", "importance": HIGH}),
        ("ignore", "delete,minus", "ignore_column", "Leave out", "Leave the current column out of the import",
         {"key_display": "del"}),
        ("specialties", "s", "choose_specialties", "Specialties",
         "Choose the specialties an NRMP file's rows are imported for"),
        ("preview", "p", "preview", "Preview", "Preview the import again against the database as it is now"),
        ("write", "ctrl+s,w", "write", "Write", "Write the import: all rows or none (ctrl+z undoes it as one step)",
         {"key_display": "w", "importance": HIGH}),
        ("cancel", "c", "cancel_write", "Cancel write", "Stop the import being written; nothing is written", HIDDEN),
        ("close", "escape", "close", "Close", "Stop the import being written, or close without importing"),
    ),
    *_scope(
        "import.chooser",
        ("cancel", "escape", "cancel", "Cancel", "Keep the column's field as it was"),
        ("next", "down", "move(1)", "Next", "Highlight the next field", HIDDEN),
        ("previous", "up", "move(-1)", "Previous", "Highlight the previous field", HIDDEN),
    ),
    *_scope(
        "export",
        ("write", "enter,ctrl+s", "write", "Write", "Write the export file", {"key_display": "enter", "importance": HIGH}),
        ("close", "escape", "close", "Close", "Close without exporting"),
    ),
    *_scope(
        "export.options",
        ("next", "down,right", "step(1)", "Next option", "Choose the next option", HIDDEN),
        ("previous", "up,left", "step(-1)", "Previous option", "Choose the previous option", HIDDEN),
        ("choose", "space", "toggle_button", "Choose", "Choose the highlighted option", HIDDEN),
    ),
    *_scope(
        "ranklist.diff",
        ("close", "escape,enter,q", "dismiss", "Close", "Close the comparison"),
    ),
    *_scope(
        "columns",
        ("cancel", "escape", "cancel", "Cancel", "Keep the columns as they were"),
        ("apply", "enter", "apply", "Apply", "Show the chosen columns", {"priority": True, "importance": HIGH}),
        ("up", "ctrl+up,K", "move(-1)", "Move up", "Move the column left"),
        ("down", "ctrl+down,J", "move(1)", "Move down", "Move the column right"),
    ),
    *_scope(
        "form",
        ("cancel", "escape", "cancel", "Cancel", "Add nothing"),
        ("save", "ctrl+s", "save", "Add", "Add the row", {"importance": HIGH}),
    ),
    *_scope(
        "picker",
        ("cancel", "escape", "cancel", "Cancel", "Keep the old program"),
        ("list", "down", "to_list", "List", "Move from the filter into the list", HIDDEN),
    ),
    *_scope(
        "search",
        ("close", "escape", "close", "Close", "Close the search"),
        ("list", "down", "to_list", "Results", "Move from the words into the results", HIDDEN),
    ),
    *_scope("explain", ("close", "escape,enter,w,q", "dismiss", "Close", "Close the explanation")),
    *_scope("help", ("close", "escape,q,question_mark", "dismiss", "Close", "Close help")),
    *_scope("dialog.message", ("close", "escape,enter", "dismiss", "Close", "Close the message")),
    *_scope(
        "dialog.confirm",
        ("yes", "y", "answer(True)", "Yes", "Confirm"),
        ("no", "n,escape", "answer(False)", "No", "Cancel"),
    ),
    *_scope("dialog.input", ("cancel", "escape", "cancel", "Cancel", "Cancel")),
    *_scope("path", ("browse", "ctrl+o", "browse", "Browse", "Pick the file from a list of folders and files")),
    # Not in the footer: the editor's own hint line says them.
    *_scope(
        "editor",
        ("cancel", "escape", "cancel", "Cancel", "Keep the old value", HIDDEN),
        ("save", "ctrl+s", "save", "Save", "Save the value", HIDDEN),
        ("clear", "delete", "clear", "Clear", "Set the value to unknown", HIDDEN),
    ),
    *_scope(
        "dialog.ticks",
        ("confirm", "enter", "confirm", "Confirm", "Use the ticked choices", {"priority": True}),
        ("cancel", "escape", "cancel", "Cancel", "Keep the choices made before"),
    ),
    *_scope(
        "grid",
        ("activate", "enter", "activate_cell", "Edit", "Edit the current cell", HIDDEN),
        ("up", "up", "cursor_up", "Up", "Previous row", HIDDEN),
        ("down", "down", "cursor_down", "Down", "Next row", HIDDEN),
        ("left", "left", "cursor_left", "Left", "Previous column", HIDDEN),
        ("right", "right", "cursor_right", "Right", "Next column", HIDDEN),
        ("page_up", "pageup", "cursor_page_up", "Page up", "One page up", HIDDEN),
        ("page_down", "pagedown", "cursor_page_down", "Page down", "One page down", HIDDEN),
        ("top", "home,ctrl+home", "cursor_top", "First row", "Go to the first row", HIDDEN),
        ("bottom", "end,ctrl+end", "cursor_bottom", "Last row", "Go to the last row", HIDDEN),
        ("first_column", "shift+home,ctrl+left", "cursor_first_column", "First column", "Go to the first column", HIDDEN),
        ("last_column", "shift+end,ctrl+right", "cursor_last_column", "Last column", "Go to the last column", HIDDEN),
    ),
)

COMMANDS_BY_ID = {command.id: command for command in COMMANDS}

# App-wide scopes: active on every screen, so a screen's key must not shadow one of theirs.
SHARED_SCOPES = ("app", "goto")
# The palette runs these screens' commands from anywhere.
SCREEN_SCOPES = tuple(screen.scope for screen in SCREENS)
# Widget scopes and the screens they sit on: a focused widget's key hides the screen's.
WIDGET_SCREENS = {"grid": ("programs", "materials")}


def scopes_clash(first: str, second: str) -> bool:
    """Whether one key in both scopes would be bound twice where the user presses it."""
    if first == second:
        return True
    pair = {first, second}
    if pair <= set(SHARED_SCOPES) or (pair & set(SHARED_SCOPES) and pair & set(SCREEN_SCOPES)):
        return True
    return any(pair == {widget, screen} for widget, screens in WIDGET_SCREENS.items() for screen in screens)


def scopes() -> tuple[str, ...]:
    return tuple(dict.fromkeys(command.scope for command in COMMANDS))


def commands_in(scope: str) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.scope == scope)


def binding(command: Command) -> Binding:
    action = command.action.removeprefix("app.") if command.scope in SHARED_SCOPES else command.action
    return Binding(command.keys, action, command.name, show=command.show, key_display=command.key_display,
                   tooltip=command.help, id=command.id, priority=command.priority)


def bindings_for(*scope_names: str) -> list[Binding]:
    """The BINDINGS of a screen, dialog or widget."""
    return [binding(command) for scope in scope_names for command in commands_in(scope)]


# Titles of the scopes that are not screens of their own, for help.
SCOPE_TITLES = {
    "app": "Everywhere", "goto": "Screens", "import": "Import", "import.chooser": "Import: choose a field",
    "export": "Export", "export.options": "Export: options", "ranklist.diff": "Rank list: versions compared",
    "columns": "Columns", "explain": "Why a number", "form": "Add a row", "picker": "Choose a program", "help": "Help",
    "dialog.message": "Messages", "dialog.confirm": "Questions", "dialog.input": "Text and choice dialogs", "dialog.ticks": "Lists to tick", "editor": "Editing a value",
    "grid": "Spreadsheet grids", "search": "Search your notes", "path": "File names",
}


def scope_title(scope: str) -> str:
    titles = {screen.scope: screen.title for screen in SCREENS}
    return titles.get(scope) or SCOPE_TITLES[scope]


KEY_NAMES = {"question_mark": "?", "slash": "/", "plus": "+", "minus": "-", "delete": "del", "escape": "esc"}


def display_keys(keys: str) -> str:
    """'enter,e' -> 'enter, e'; Textual's key names become the characters they type."""
    return ", ".join(KEY_NAMES.get(key, key) for key in keys.split(","))
