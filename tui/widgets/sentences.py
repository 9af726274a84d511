"""Sentence counting for explanation drafts, against the 2-3 sentence guidance (DOMAIN 7)."""

from __future__ import annotations

import re

from textual.widgets import Static

# A full stop after these does not end a sentence ("Dr. Lee", "e.g. a gap", "U.S. clinical").
ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e",
                           "u.s", "approx", "dept", "no", "mt", "jr", "sr"})
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def _abbreviation(before: str, mark: str) -> bool:
    words = before.split()
    if mark != "." or not words:
        return False
    word = words[-1].lower().lstrip("\"'([")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def count_sentences(text: str | None) -> int:
    text = text or ""
    count, start = 0, 0
    for end in _END.finditer(text):
        if _abbreviation(text[start:end.start()], end.group()):
            continue
        if re.search(r"\w", text[start:end.start()]):
            count += 1
        start = end.end()
    return count + (1 if re.search(r"\w", text[start:]) else 0)


def guidance(settings: dict) -> tuple[int, int]:
    """The sentence range a draft should keep to (settings, 2-3 by default)."""
    return int(settings["redflags.sentences_min"]), int(settings["redflags.sentences_max"])


def within_guidance(count: int, settings: dict) -> bool:
    low, high = guidance(settings)
    return low <= count <= high


def verdict(count: int, settings: dict) -> str:
    low, high = guidance(settings)
    noun = "sentence" if count == 1 else "sentences"
    if count == 0:
        return f"No draft yet; aim for {low}-{high} sentences."
    if count < low:
        return (f"{count} {noun}: under the {low}-{high} sentence guidance; say what changed "
                "and the evidence of improvement.")
    if count > high:
        return f"{count} {noun}: over the {low}-{high} sentence guidance; shorten it."
    return f"{count} {noun}: within the {low}-{high} sentence guidance."


class SentenceCount(Static):
    """A live count under a draft, in the warning colour outside the guidance."""

    DEFAULT_CSS = """
    SentenceCount { height: auto; color: $text-success; }
    SentenceCount.-outside { color: $text-warning; text-style: bold; }
    """

    def show(self, text: str | None) -> int:
        count = count_sentences(text)
        settings = self.app.workspace.settings
        self.set_class(not within_guidance(count, settings), "-outside")
        self.update(verdict(count, settings))
        return count
