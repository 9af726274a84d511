"""The values of a file's rows, kept column by column.

A large file's rows are mostly new programs with nothing to say: their values go from the
columns read to the write without a dict per row. A row's dict is made only when it is asked
for (a preview shows it, it matches or merges with another program, or it was read part by
part), and then as reading it alone would make it: its columns' values in the mapping's order,
then the specialty and track its program code names, then a name taken from the institution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class RowValues:
    """Each row's values: a list per mapped column (None where the row has no value), and a
    dict for the rows read part by part."""

    def __init__(self, count: int, names: list[str], columns: list[list], kinds: list | None) -> None:
        self.count = count
        self.names = names  # the field of each column, in the mapping's order
        self.named = None  # the rows whose program code names their specialty
        if kinds is not None:
            self.named = [kind is not None and kind[0] is not None for kind in kinds]
            # the code's specialty comes after the columns' values, not in the column's place
            columns = [[None if code_named else value for value, code_named in zip(column, self.named)]
                       if name == "specialty" else column for name, column in zip(names, columns)]
        self.columns = columns
        self.kinds = kinds
        self.read_apart: dict[int, dict[str, Any]] = {}  # row -> its values, read part by part
        self.institution_names: dict[int, str] = {}  # row -> a name made from its institution

    def values(self, i: int) -> dict[str, Any]:
        """Row i's values, as a dict (made anew unless the row was read part by part)."""
        if i in self.read_apart:
            return self.read_apart[i]
        values = {name: column[i] for name, column in zip(self.names, self.columns) if column[i] is not None}
        if self.named is not None and self.named[i]:
            specialty, track = self.kinds[i]
            values["specialty"] = specialty
            if track:
                values["track"] = track
        if i in self.institution_names:
            values["name"] = self.institution_names[i]
        return values

    def fields(self) -> set[str]:
        """Every field some row may hold."""
        found = set(self.names)
        if self.named is not None and any(self.named):
            found |= {"specialty", "track"}
        if self.institution_names:
            found.add("name")
        for values in self.read_apart.values():
            found.update(values)
        return found

    def column(self, name: str) -> list[Any]:
        """Each row's value of one field; None where the row has none."""
        column: list[Any] | None = None
        for field, values in zip(self.names, self.columns):
            if field == name:  # a later column over an earlier one, as in a row's dict
                column = values if column is None else [
                    v if v is not None else was for v, was in zip(values, column)]
        if column is None:
            column = [None] * self.count
        if self.named is not None and name == "specialty":
            column = [kind[0] if code_named else value
                      for value, code_named, kind in zip(column, self.named, self.kinds)]
        elif self.named is not None and name == "track":
            column = [kind[1] if code_named and kind[1] else value
                      for value, code_named, kind in zip(column, self.named, self.kinds)]
        if name == "name" and self.institution_names:
            column = list(column)
            for i, made in self.institution_names.items():
                column[i] = made
        if self.read_apart:
            column = list(column)
            for i, values in self.read_apart.items():
                column[i] = values.get(name)
        return column

    def name_from_institution(self, specialty_texts: Sequence[str] | None) -> None:
        """A row without a name takes its institution's (with the specialty the row names)."""
        names, institutions = self.column("name"), self.column("institution")
        texts = specialty_texts if specialty_texts is not None else [""] * self.count
        for i, (name, institution) in enumerate(zip(names, institutions)):
            if name is None and institution:
                text = texts[i].strip()
                made = f"{institution} – {text}" if text else institution
                if i in self.read_apart:
                    self.read_apart[i]["name"] = made
                else:
                    self.institution_names[i] = made
