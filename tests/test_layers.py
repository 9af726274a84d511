"""The layers stay apart, checked two ways.

Statically, from every import statement of every module (function-level imports included, so
a lazy import is no loophole); and at run time, by importing every module of a layer into a
fresh interpreter and reading `sys.modules` (which also sees what third-party packages pull in).
Importing a whole layer at once is enough for the "never" rules: what any one module loads is
a subset of what they all load together.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("registry", "store", "scoring", "importers", "desk", "tui")

# Which of our layers each layer may import (itself included).
ALLOWED = {
    "registry": {"registry"},
    "store": {"registry", "store"},
    "scoring": {"registry", "scoring"},
    "importers": {"registry", "store", "scoring", "importers"},
    "desk": {"registry", "store", "scoring", "importers", "desk"},
    "tui": set(LAYERS),
}
# Third-party packages a layer must never load, directly or through another package.
FORBIDDEN = {
    "registry": {"textual", "sqlite3", "sqlite_utils"},
    "store": {"textual", "polars"},
    "scoring": {"textual", "sqlite3", "sqlite_utils"},
    "importers": {"textual"},
    "desk": {"textual"},
}
# The entry point dispatches the headless subcommands too, so it must not pay for Textual
# before it knows the app is wanted.
TUI_WITHOUT_TEXTUAL = {"tui", "tui.cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))}


def imported_names(name: str) -> set[str]:
    """Every module named by an import statement anywhere in `name`, resolved to absolute."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def our_imports(name: str) -> set[str]:
    return {m for m in imported_names(name) if m in MODULES}


def test_every_layer_has_modules() -> None:
    for layer in LAYERS:
        assert any(m.split(".")[0] == layer for m in MODULES), layer


@pytest.mark.parametrize("layer", LAYERS)
def test_each_module_imports_only_the_layers_below(layer: str) -> None:
    wrong = {
        (name, target)
        for name in MODULES if name.split(".")[0] == layer
        for target in our_imports(name)
        if target.split(".")[0] not in ALLOWED[layer]
    }
    assert not wrong, f"{layer} may import only {sorted(ALLOWED[layer])}: {sorted(wrong)}"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_statement_imports_a_forbidden_package(layer: str) -> None:
    wrong = {
        (name, target)
        for name in MODULES if name.split(".")[0] == layer
        for target in imported_names(name)
        if target.split(".")[0] in FORBIDDEN[layer]
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_fresh_interpreter_loading_the_layer_loads_nothing_forbidden(layer: str) -> None:
    names = sorted(m for m in MODULES if m.split(".")[0] == layer)
    code = ("import importlib, json, sys\n"
            f"for name in {names!r}: importlib.import_module(name)\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    ours = {m for m in loaded if m in LAYERS}
    assert ours <= ALLOWED[layer], f"{layer} loaded {sorted(ours - ALLOWED[layer])}"
    assert not loaded & FORBIDDEN[layer], f"{layer} loaded {sorted(loaded & FORBIDDEN[layer])}"


def test_every_tui_module_is_textual_code() -> None:
    """tui/ holds only user-interface code: each module imports Textual (or Rich, its
    renderables), itself or through a tui module that does. Textual-free logic belongs in
    desk/."""
    uses_textual: dict[str, bool] = {}

    def textual(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name not in uses_textual:
            direct = any(m.split(".")[0] in ("textual", "textual_plotext", "textual_serve", "rich")
                         for m in imported_names(name))
            via = any(textual(m, seen | {name}) for m in our_imports(name)
                      if m.startswith("tui.") and m not in seen)
            uses_textual[name] = direct or via
        return uses_textual[name]

    plain = sorted(n for n in MODULES if n.split(".")[0] == "tui" and n not in TUI_WITHOUT_TEXTUAL
                   and MODULES[n].read_text(encoding="utf-8").strip() and not textual(n))
    assert not plain, f"Textual-free modules in tui/ (move them to desk/): {plain}"


def test_the_entry_point_starts_without_textual_for_headless_commands() -> None:
    code = ("import sys, tui.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
