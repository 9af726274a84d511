"""Two ways of watching a program run inside tmux, for benchmarks/bench_terminal.py.

- PollingProbe: a `tmux send-keys` process per key and a `tmux capture-pane` process per look
  (as /work/shared/tools/term_latency.py does). Each look costs 2-4 ms of process start, and
  the key itself reaches the program a process start late, so its figures carry the probe.
- ControlProbe: one tmux control-mode client (`tmux -C`, man tmux CONTROL MODE) for the whole
  run. Commands go to its stdin and come back as `%begin ... %end` blocks; whatever the watched
  pane writes comes as `%output` lines as tmux reads it. A key costs one line written to a pipe;
  after each `%output` the screen is captured through the same client, and an answer is timed
  at the last `%output` read before the capture's reply began. tmux keeps pane output and
  command replies in one queue, so that `%output` carried the last bytes the capture could
  have seen: the time is when the screen first showed the result, not when we looked.

Both measure "visible" the same way: tmux's copy of the screen (capture-pane) meets a test.
"""

from __future__ import annotations

import os
import select
import subprocess
import time
from collections import deque
from typing import Callable

WIDTH, HEIGHT = 120, 40
ScreenTest = Callable[[str], bool]


def _tmux_word(text: str) -> str:
    """One argument for tmux's command parser (control mode reads commands as a config file does)."""
    if "'" in text:
        raise ValueError(f"cannot pass {text!r} to tmux in single quotes")
    return "'" + text + "'"


class PollingProbe:
    """A process per key and per look: what the shared tools do."""

    label = "poll"

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)

    def spawn(self, name: str, command: list[str]) -> float:
        self.kill(name)
        started = time.perf_counter()
        subprocess.run(["tmux", "-L", self.socket, "new-session", "-d", "-s", name, "-x", str(WIDTH),
                        "-y", str(HEIGHT), "--", *command], check=True)
        return started

    def kill(self, name: str) -> None:
        self.tmux("kill-session", "-t", name)

    def screen(self, name: str, colours: bool = True) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", name).stdout

    def keys(self, name: str, *pressed: str) -> float:
        """Presses keys; returns the time just before they were sent."""
        started = time.perf_counter()
        self.tmux("send-keys", "-t", name, *pressed)
        return started

    def wait_until(self, name: str, done: ScreenTest, colours: bool, since: float = 0.0,
                   limit: float = 5.0) -> float:
        """The time the screen was first seen to pass `done` (looked at after `since`)."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            if done(self.screen(name, colours)):
                return time.perf_counter()
        raise TimeoutError(self.screen(name, False))

    def pane_pid(self, name: str) -> int:
        return int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip())

    def close(self) -> None:
        pass


class ControlProbe:
    """One control-mode client: keys and looks are lines on a pipe, output is timed as it comes."""

    label = "control"
    KEEPER = "probe-keeper"  # a session the client sits in between measured sessions

    def __init__(self, socket: str) -> None:
        self.socket = socket
        subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", self.KEEPER, "-x", str(WIDTH),
                        "-y", str(HEIGHT), "cat"], check=True)
        self.client = subprocess.Popen(["tmux", "-L", socket, "-C", "attach", "-t", self.KEEPER],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        os.set_blocking(self.client.stdout.fileno(), False)
        self.pending = b""  # a line read in part
        self.backlog: deque[tuple[float, bytes]] = deque()  # lines read, not yet looked at
        self.last_output = 0.0  # when the last %output line was read

    # -- the pipe
    def _next_line(self, deadline: float) -> tuple[float, bytes] | None:
        """The next line from tmux with the time it was read, or None at the deadline."""
        while not self.backlog:
            ready, _, _ = select.select([self.client.stdout], [], [], max(0.0, deadline - time.perf_counter()))
            if not ready:
                return None
            chunk = self.client.stdout.read()
            if not chunk:
                raise ConnectionError("tmux control client ended")
            now = time.perf_counter()
            *lines, self.pending = (self.pending + chunk).split(b"\n")
            self.backlog.extend((now, line) for line in lines)
        read_at, line = self.backlog.popleft()
        if line.startswith(b"%output "):
            self.last_output = read_at
        return read_at, line

    def command(self, text: str) -> tuple[list[str], float]:
        """Runs one tmux command; returns its reply lines and the time of the last %output read
        before the reply began."""
        self.client.stdin.write(text.encode() + b"\n")
        reply: list[str] | None = None
        output_before = self.last_output
        deadline = time.perf_counter() + 10
        while (next_line := self._next_line(deadline)) is not None:
            _, line = next_line
            if reply is None:
                if line.startswith(b"%output "):
                    output_before = self.last_output
                elif line.startswith(b"%begin ") and line.endswith(b" 1"):
                    reply = []
            elif line.startswith((b"%end ", b"%error ")) and line.endswith(b" 1"):
                if line.startswith(b"%error "):
                    raise RuntimeError(f"tmux refused {text!r}: {reply}")
                return reply, output_before
            else:
                reply.append(line.decode("utf-8", "replace"))
        raise TimeoutError(f"no reply from tmux to {text!r}")

    def _wait_output(self, since: float, limit: float) -> bool:
        """Waits for an %output read after `since`; False if none came within `limit` seconds."""
        deadline = time.perf_counter() + limit
        while self.last_output <= since:
            if self._next_line(deadline) is None:
                return False
        return True

    # -- the probe
    def spawn(self, name: str, command: list[str]) -> float:
        self.kill(name)
        started = time.perf_counter()
        self.command(f"new-session -d -s {name} -x {WIDTH} -y {HEIGHT} -- "
                     + " ".join(_tmux_word(part) for part in command))
        self.command(f"switch-client -t {name}")  # its pane's output now comes as %output
        return started

    def kill(self, name: str) -> None:
        if name in self.command("list-sessions -F '#{session_name}'")[0]:
            self.command(f"switch-client -t {self.KEEPER}")
            self.command(f"kill-session -t {name}")

    def screen(self, name: str, colours: bool = True) -> str:
        return "\n".join(self.command(f"capture-pane -p {'-e ' if colours else ''}-t {name}")[0]) + "\n"

    def keys(self, name: str, *pressed: str) -> float:
        started = time.perf_counter()
        self.command(f"send-keys -t {name} " + " ".join(_tmux_word(key) for key in pressed))
        return started

    def wait_until(self, name: str, done: ScreenTest, colours: bool, since: float = 0.0,
                   limit: float = 5.0) -> float:
        """The time of the %output after which the screen first passed `done` (after `since`)."""
        flags = f"-p {'-e ' if colours else ''}-t {name}"
        deadline = time.perf_counter() + limit
        seen = 0.0
        while True:
            lines, output_before = self.command(f"capture-pane {flags}")
            if done("\n".join(lines) + "\n"):
                if output_before < since:
                    raise RuntimeError("the screen passed the test before the key was sent:\n" + "\n".join(lines))
                return output_before
            seen = max(seen, output_before)
            if not self._wait_output(seen, deadline - time.perf_counter()):
                raise TimeoutError(self.screen(name, False))

    def pane_pid(self, name: str) -> int:
        return int(self.command(f"display-message -p -t {name} '#{{pane_pid}}'")[0][0])

    def close(self) -> None:
        self.client.stdin.close()
        self.client.wait(timeout=5)
