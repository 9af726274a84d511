"""Shared fixtures: real database files in a temporary folder, never the user's own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

from store.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DB = REPO / "sample.db"


# Folders whose tests are slow by nature (child processes, kills, whole-screen renders);
# `pytest -m "not slow"` skips them for a quick loop. Other slow tests carry the mark themselves.
SLOW_FOLDERS = ("reliability", "snapshots")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(part in SLOW_FOLDERS for part in item.path.relative_to(REPO / "tests").parts[:-1]):
            item.add_marker(pytest.mark.slow)


# Textual parses every stylesheet afresh for each app a test starts, and again on every mode
# switch (refresh_css builds a new Stylesheet, whose parse cache starts empty): about a tenth of
# the suite's CPU time. Parsed rules depend only on the CSS text, where it came from and the
# variables (the theme), and Textual already reuses them within one stylesheet; here they are
# reused across the apps of one test process.
_PARSED_RULES: dict[tuple, list] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(self: Stylesheet, css: str, read_from, is_default_rules: bool = False,
                      tie_breaker: int = 0, scope: str = "") -> list:
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    if key not in _PARSED_RULES:
        _PARSED_RULES[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return _PARSED_RULES[key]


def pytest_configure(config: pytest.Config) -> None:
    Stylesheet._parse_rules = _parse_rules_once


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """The path of a database that does not exist yet."""
    return tmp_path / "matchdesk.db"


@pytest.fixture
def new_store(tmp_db: Path) -> Iterator[Store]:
    """A new, seeded store on a fresh file; closed after the test."""
    store = Store.open(tmp_db)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the committed sample.db (the committed file is never opened)."""
    if not SAMPLE_DB.is_file():
        pytest.fail(f"{SAMPLE_DB} is missing: run python -m store.sample")
    target = tmp_path / "sample-copy.db"
    shutil.copyfile(SAMPLE_DB, target)
    target.chmod(0o600)
    return target


@pytest.fixture
def sample_store(sample_copy: Path) -> Iterator[Store]:
    """The sample, opened for writing on a private copy; closed after the test."""
    store = Store.open(sample_copy)
    try:
        yield store
    finally:
        store.close()
