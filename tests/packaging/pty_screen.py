"""Run a full-screen program in a pseudo-terminal, as a person's terminal would, until a text is
on screen; then press q and wait for it to quit."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

# CSI / OSC / two-byte escape sequences: what is left is the text the program drew
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def shown(raw: bytes) -> str:
    return ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def start_until_shown(argv: list[str], text: str, *, cwd: Path, env: dict[str, str],
                      timeout: float = 120, size: tuple[int, int] = (120, 40)) -> str:
    """Start argv at `size` (columns, rows), wait until `text` is drawn, quit with q.
    Returns everything drawn; fails if the text never appears or the program does not exit 0."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                               env={**env, "TERM": "xterm-256color"}, start_new_session=True)
    os.close(slave)
    raw = b""
    try:
        deadline = time.monotonic() + timeout
        while text not in shown(raw):
            assert time.monotonic() < deadline, f"{text!r} not shown in {timeout} s:\n{shown(raw)[-2000:]}"
            raw += _read(master)
            assert process.poll() is None or _pending(master), \
                f"exited with {process.returncode} before showing {text!r}:\n{shown(raw)[-2000:]}"
        os.write(master, b"q")
        while process.poll() is None and time.monotonic() < deadline:
            raw += _read(master)  # keep reading: a program blocked on a full terminal never exits
        assert process.wait(timeout=max(1, deadline - time.monotonic())) == 0, shown(raw)[-2000:]
        return shown(raw)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def _pending(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


def _read(fd: int) -> bytes:
    if not select.select([fd], [], [], 0.2)[0]:
        return b""
    try:
        return os.read(fd, 1 << 16)
    except OSError:  # the program closed the terminal
        time.sleep(0.05)
        return b""
