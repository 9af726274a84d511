"""Cells that hold two fields at once, as people keep them: "Tampa, FL", "Yes (35%)".

A splitter takes the cell of a column mapped to one of its fields and returns the text of
each field it found (to be read by the coercers as usual), or None when the cell is not a
combined one. The plan fills a companion field only where no other column gave it a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from importers.coerce import STATE_NAMES
from registry.choices import FALSE_WORDS, TRUE_WORDS, US_STATES

_SEPARATORS = re.compile(r"\s*(?:,|/|\||;|\s[-–—]\s|\()\s*")
_PERCENT = re.compile(r"(?:~|≈|about|approx\.?|approximately|around)?\s*(\d+(?:\.\d+)?)\s*%")
_BARE_FRACTION_OR_NUMBER = re.compile(r"^\s*(?:~|≈)?\s*(\d+(?:\.\d+)?)\s*$")


def state_code(text: str) -> str | None:
    """A US state from its postal code or name, any case; None when it is neither."""
    key = text.strip(" .)").lower()
    if key.upper() in US_STATES:
        return key.upper()
    return STATE_NAMES.get(key)


def split_location(text: str, mapped_to: str) -> dict[str, str] | None:
    """ "City, ST", "ST / City", "ST - City", "City (State)", "state, city" in any case."""
    parts = [p for p in _SEPARATORS.split(text.strip(), maxsplit=1) if p.strip(" )")]
    if len(parts) == 2:
        left, right = (p.strip(" )") for p in parts)
        if state_code(right):
            return {"city": left, "state": state_code(right)}
        if state_code(left):
            return {"city": right, "state": state_code(left)}
        return None
    if len(parts) == 1 and state_code(parts[0]) and len(parts[0].strip()) == 2:
        return {"state": state_code(parts[0])}  # a column of postal codes under "State / City"
    return None


def split_presence(text: str, mapped_to: str) -> dict[str, str] | None:
    """ "Yes (35%)", "yes ~20%", "40 %", "No": whether IMGs are present and their share.

    A bare share under a percent heading stays a share: that IMGs are present is read from it
    only in the presence column (or when the cell says yes or no as well).
    """
    lowered = text.strip().lower()
    percent = _PERCENT.search(lowered)
    first = re.split(r"[\s,;:()~/-]+", lowered, maxsplit=1)[0]
    said = "yes" if first in TRUE_WORDS else "no" if first in FALSE_WORDS else None
    if percent is None:
        bare = _BARE_FRACTION_OR_NUMBER.match(lowered)
        if bare is None or first in ("0", "1") and said is not None:
            return None
        share = bare.group(1)
    else:
        share = percent.group(1) + "%"
    if said is None and mapped_to == "img_percent":
        return None
    if said is None:
        said = "yes" if float(share.rstrip("%")) > 0 else "no"
    return {"img_presence": said, "img_percent": share}


SPLITTERS: dict[str, Callable[[str, str], dict[str, str] | None]] = {
    "city": split_location, "state": split_location,
    "img_presence": split_presence, "img_percent": split_presence,
}
