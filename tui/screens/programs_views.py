"""The spreadsheet's filter bar text and saved views, as stored and as a `ViewState`."""

from __future__ import annotations

from desk.view import DEFAULT_COLUMNS, ViewState


def saved_view_row(name: str, state: ViewState) -> dict[str, str]:
    sort = f"{state.sort} {'desc' if state.descending else 'asc'}" if state.sort else ""
    return {"name": name, "filter": state.query, "sort": sort, "columns": ",".join(state.columns)}


def view_from_saved(row: dict) -> ViewState:
    sort, _, direction = (row.get("sort") or "").partition(" ")
    columns = [c for c in (row.get("columns") or "").split(",") if c] or list(DEFAULT_COLUMNS)
    return ViewState(query=row.get("filter") or "", sort=sort or None, descending=direction == "desc",
                     columns=columns)


def notes_search(text: str) -> str | None:
    """The words of a notes search typed in the filter bar ("/words"); None for a filter."""
    # loaded on first use: start-up stays lean
    from tui.screens.search import SEARCH_PREFIX

    return text.removeprefix(SEARCH_PREFIX) if text.startswith(SEARCH_PREFIX) else None
