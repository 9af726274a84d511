"""Text bound for a terminal. Names, notes and file names come from the user's files, and a
terminal obeys escape sequences in them (retitle the window, clear the screen, rewrite a line
with a carriage return, hide text): printed text keeps only its line breaks and printable
characters."""

from __future__ import annotations

import re

# ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (strings), ESC + one
# character; their 8-bit forms; then any other control character, and the bidirectional
# overrides that show text in another order than it is read.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x9d\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\s\S]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def terminal_text(text: str) -> str:
    """`text` without escape sequences or control characters; tabs become spaces."""
    return _SEQUENCE.sub("", str(text).replace("\t", " "))
