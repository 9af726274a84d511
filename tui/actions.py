"""Every command of the app as data: id, default key, name and help.

Bindings, the help screen and the command palette are all built from this one list, and users
rebind keys by id (saved in the database's preferences).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # comma-separated Textual key names
    action: str  # the action string the binding runs
    name: str
    help: str
    scope: str  # "app" or the screen it belongs to
    show: bool = True
    key_display: str | None = None


COMMANDS: tuple[Command, ...] = (
    # app-wide
    Command("app.help", "question_mark", "app.show_help", "Help", "List every key and command", "app"),
    Command("app.quit", "q", "app.quit", "Quit", "Quit MatchDesk (everything is already saved)", "app"),
    Command("app.undo", "ctrl+z", "app.undo", "Undo", "Undo the last change, even after a restart", "app"),
    Command("app.redo", "ctrl+y", "app.redo", "Redo", "Redo the last undone change", "app"),
    Command("app.theme", "ctrl+t", "app.change_theme", "Theme", "Choose a colour theme", "app", show=False),
    Command("app.reload", "ctrl+r", "app.reload", "Reload", "Read the file again after another window changed it", "app", show=False),
    # programs screen
    Command("programs.edit", "enter,e", "edit_cell", "Edit", "Edit the current cell", "programs", key_display="e"),
    Command("programs.add", "a", "add_program", "Add", "Add a program", "programs"),
    Command("programs.delete", "d", "delete_program", "Delete", "Delete the current program (undoable)", "programs"),
    Command("programs.duplicate", "ctrl+d", "duplicate_program", "Duplicate", "Duplicate the current program", "programs", show=False),
    Command("programs.sort", "s", "sort_column", "Sort", "Sort by the current column; again to reverse", "programs"),
    Command("programs.search", "slash", "focus_query", "Search/filter", "Quick search, or a filter like tier:Target fit>60", "programs", key_display="/"),
    Command("programs.clear", "escape", "clear_query", "Clear filter", "Clear the search and filter", "programs", show=False),
    Command("programs.detail", "space,tab", "toggle_detail", "Details", "Show or hide the detail pane", "programs", key_display="space"),
    Command("programs.columns", "c", "choose_columns", "Columns", "Show, hide and reorder columns", "programs"),
    Command("programs.source", "o", "set_source", "Source", "Set where the current value came from", "programs", show=False),
    Command("programs.save_view", "v", "save_view", "Save view", "Save the filter, sort and columns as a named view", "programs", show=False),
    Command("programs.why", "w", "explain_cell", "Why", "Explain the number in the current cell", "programs", show=False),
    Command("programs.rank", "plus", "rank_program", "Rank", "Put the current program on the rank list (a PGY-1 program on its supplemental list)", "programs", key_display="+"),
    Command("programs.import", "i", "import_file", "Import", "Import programs from a CSV, TSV or Excel file", "programs", show=False),
    Command("programs.export", "x", "export_view", "Export", "Export the programs in view (or all) to CSV, Excel or Markdown", "programs", show=False),
)


def bindings_from(commands: tuple[Command, ...] | list[Command]) -> list[Binding]:
    return [
        Binding(c.keys, c.action.removeprefix("app.") if c.scope == "app" else c.action, c.name,
                show=c.show, key_display=c.key_display, tooltip=c.help, id=c.id,
                priority=c.id in ("app.undo", "app.redo"))
        for c in commands
    ]


def bindings_for(scope: str) -> list[Binding]:
    return bindings_from([c for c in COMMANDS if c.scope == scope])


def navigation_commands() -> tuple[Command, ...]:
    """One command per screen: its key opens it from anywhere."""
    from tui.screens.registry import SCREENS

    return tuple(
        Command(f"goto.{e.scope}", e.key, f"app.switch_mode('{e.scope}')", e.title, e.help, "app", show=False)
        for e in SCREENS
    )


def all_commands() -> tuple[Command, ...]:
    """Every command of every screen, for the help screen."""
    from importlib import import_module

    from tui.screens.registry import DIALOG_MODULES, SCREENS

    screen_commands = tuple(c for e in SCREENS for c in e.commands())
    dialog_commands = tuple(c for m in DIALOG_MODULES for c in getattr(import_module(m), "SCREEN_COMMANDS", ()))
    return (*COMMANDS, *navigation_commands(), *screen_commands, *dialog_commands)
