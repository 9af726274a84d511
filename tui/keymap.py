"""The user's keymap: new keys for commands, by command id, kept in the database's
preferences ("keymap": {"programs.sort": "S"}).

An entry is refused, with a message saying why, when no command has its id or when one of
its keys is already another command's where both are active; the command keeps its default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from tui.actions import COMMANDS, COMMANDS_BY_ID, Command, display_keys, scopes_clash

Keymap = dict[str, str]


def effective_keys(command: Command, keymap: Mapping[str, str]) -> str:
    return keymap.get(command.id, command.keys)


def key_list(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def clashes(keymap: Mapping[str, str]) -> list[tuple[Command, Command, str]]:
    """Every (command, other command, key) bound twice where both are active."""
    keys = [key_list(effective_keys(command, keymap)) for command in COMMANDS]
    # Only commands sharing a key can clash: look those up instead of comparing every pair,
    # which validate() would otherwise do once per refused entry.
    holders: dict[str, list[int]] = defaultdict(list)
    for index, command_keys in enumerate(keys):
        for key in dict.fromkeys(command_keys):
            holders[key].append(index)
    found = []
    for index, command in enumerate(COMMANDS):
        own = set(keys[index])
        for later in sorted({other for key in own for other in holders[key] if other > index}):
            other = COMMANDS[later]
            if scopes_clash(command.scope, other.scope):
                for key in own.intersection(keys[later]):
                    found.append((command, other, key))
    return found


def validate(raw: object) -> tuple[Keymap, list[str]]:
    """The entries that can be used, and one message per refused entry."""
    if not isinstance(raw, Mapping):
        return {}, ["The keymap must map command ids to keys, e.g. {\"programs.sort\": \"S\"}."]
    accepted: Keymap = {}
    problems = []
    for command_id, keys in raw.items():
        if command_id not in COMMANDS_BY_ID:
            problems.append(f"No command has the id '{command_id}' (help, ?, lists them).")
        elif not isinstance(keys, str) or not key_list(keys):
            problems.append(f"'{command_id}' needs a key, e.g. \"ctrl+k\" or \"x,ctrl+x\".")
        else:
            accepted[command_id] = ",".join(key_list(keys))
    # A refused entry gives its command back its default keys, which may clash with another
    # entry: refuse until nothing clashes (the defaults never do).
    while found := [c for c in clashes(accepted) if c[0].id in accepted or c[1].id in accepted]:
        command, other, key = found[0]
        refused, kept = (command, other) if command.id in accepted else (other, command)
        del accepted[refused.id]
        problems.append(f"'{refused.id}': {display_keys(key)} is already {kept.name} ({kept.id}); "
                        f"{refused.name} keeps {display_keys(refused.keys)}.")
    return accepted, problems
