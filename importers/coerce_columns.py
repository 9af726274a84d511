"""Reading a column's texts at once, where coerce would read them one by one alike.

A text field without a rule of its own reads a text as the text trimmed, and a program code
written as MatchDesk keeps it reads as itself; only the other cells need coerce.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

from importers.coerce import program_code_text
from registry.choices import UNKNOWN_WORDS
from registry.fields import Field


def plain_text_values(fld: Field, texts: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """A text column read a distinct text at a time without coerce's overhead when no cell
    needs more than the text rule (trim; an unknown word is unknown; at most fld.maximum
    characters): the value of each text (None for unknown), and the rest (texts over the
    limit), for coerce to read with its reason. A program code column: the texts written as
    a code, and the rest for coerce. None when the field has another rule of its own (state
    codes): then each cell goes through coerce."""
    if fld.name == "program_code":
        codes = {text: program_code_text(text) for text in texts}
        return ({text: code for text, code in codes.items() if code is not None},
                [text for text, code in codes.items() if code is None])
    if fld.kind != "text" or fld.choices:
        return None
    limit = fld.maximum if fld.maximum is not None else math.inf
    values: dict[str, Any] = {}
    rest: list[str] = []
    for text in texts:
        value = text.strip()  # the text itself when there is nothing to trim
        if len(value) <= _LONGEST_UNKNOWN_WORD and value.lower() in UNKNOWN_WORDS:
            values[text] = None
        elif len(value) > limit:
            rest.append(text)
        else:
            values[text] = value
    return values, rest


_LONGEST_UNKNOWN_WORD = max(map(len, UNKNOWN_WORDS))
# A program code as MatchDesk keeps it, in ASCII: such a cell reads as itself.
KEPT_PROGRAM_CODE = r"^[0-9]{4}[0-9A-Z]{3}[A-Z][0-9]$"


@functools.cache
def python_whitespace() -> str:
    """The characters str.strip() removes (Polars' own set lacks four control characters)."""
    return "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def cells_not_themselves(fld: Field, texts: Sequence[str]) -> tuple[list[int], list[int]] | None:
    """For a text field without a rule of its own, or the program code: the positions of the
    empty cells (unknown), and of the cells that may read as something other than the cell
    itself (short enough to be an unknown word, to be trimmed, over the limit, not a code as
    kept), found column-wise with Polars; every other cell reads as itself. None for any
    other field."""
    import polars as pl

    cells = pl.Series(texts, dtype=pl.String)
    if fld.name == "program_code":
        odd = ~cells.str.contains(KEPT_PROGRAM_CODE)
    elif fld.kind == "text" and not fld.choices:
        length = cells.str.len_chars()
        odd = ((length <= _LONGEST_UNKNOWN_WORD) | (length > (fld.maximum or math.inf))
               | (cells.str.strip_chars(python_whitespace()) != cells))
    else:
        return None
    empty = cells == ""
    return empty.arg_true().to_list(), (odd & ~empty).arg_true().to_list()
