"""Which program already in MatchDesk a row of a file describes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from importers.coerce import fold


class Matcher:
    """Finds the existing program a row describes: by program code, else by identity."""

    def __init__(self, existing: list[dict]) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[dict]] = defaultdict(list)
        for row in existing:
            if row.get("program_code"):
                self.by_code[str(row["program_code"]).upper()] = row["id"]
            self.by_name[fold(str(row.get("name") or ""))].append(row)

    def match(self, values: dict[str, Any]) -> tuple[int | None, str | None]:
        if not self.by_name:  # an empty database: every row is a new program
            return None, None
        code = str(values.get("program_code") or "").upper()
        if code and code in self.by_code:
            return self.by_code[code], None
        name = fold(str(values.get("name") or ""))
        if not name:
            return None, None
        city = fold(str(values.get("city") or ""))
        specialty = values.get("specialty")
        found = []
        for row in self.by_name.get(name, []):
            if code and row.get("program_code") and str(row["program_code"]).upper() != code:
                continue  # another track or program of the same name
            if city and row.get("city") and fold(str(row["city"])) != city:
                continue
            if specialty and row.get("specialty") != specialty:
                continue
            found.append(row)
        if len(found) > 1:
            which = ", ".join(f"{r.get('specialty')} in {r.get('city') or '?'}" for r in found)
            return None, (f"matches {len(found)} programs already in MatchDesk ({which}); add a "
                          f"city or specialty column to tell them apart")
        return (found[0]["id"], None) if found else (None, None)
