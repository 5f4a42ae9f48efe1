"""Progress of a batch run: a live bar on a terminal, plain periodic lines otherwise.

The bar is drawn with plain ANSI escapes, so the core needs no terminal UI library.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Protocol, TextIO


@dataclass
class Snapshot:
    """Where a batch run stands."""

    files_done: int = 0
    files_total: int = 0
    segments_done: int = 0
    words_done: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    started: float = 0.0

    @property
    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    @property
    def words_per_second(self) -> float:
        return self.words_done / self.elapsed

    @property
    def eta_seconds(self) -> float | None:
        """Remaining time, extrapolated from the input bytes finished so far."""
        if not self.bytes_done or not self.bytes_total:
            return None
        return self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done


class ProgressSink(Protocol):
    """Receives the state of a batch run; ``close`` is called once at the end."""

    def update(self, snap: Snapshot) -> None: ...

    def close(self, snap: Snapshot) -> None: ...


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def describe(snap: Snapshot) -> str:
    """One line: files, segments, words/s and ETA."""
    return (
        f"{snap.files_done}/{snap.files_total} files, {snap.segments_done} segments, "
        f"{snap.words_per_second:.0f} words/s, ETA {_clock(snap.eta_seconds)}"
    )


class PlainProgress:
    """Writes a status line at most every ``interval`` seconds (for logs and pipes)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self._last = 0.0

    def update(self, snap: Snapshot) -> None:
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            print(f"ordbro: {describe(snap)}", file=self.stream, flush=True)

    def close(self, snap: Snapshot) -> None:
        print(
            f"ordbro: done: {describe(snap)} in {_clock(snap.elapsed)}",
            file=self.stream,
            flush=True,
        )


class LiveProgress:
    """A live one-line bar on a terminal: bar, files, segments, words/s and ETA, redrawn in
    place at most ``fps`` times a second (plain ANSI, no third-party library)."""

    def __init__(self, stream: TextIO | None = None, width: int = 24, fps: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.interval = 1.0 / fps
        self._last = 0.0

    def _draw(self, snap: Snapshot, end: str = "") -> None:
        if snap.bytes_total:
            filled = round(self.width * min(snap.bytes_done / snap.bytes_total, 1.0))
            bar = "#" * filled + "-" * (self.width - filled)
        else:
            bar = "?" * self.width
        line = f"\rtranslating [{bar}] {describe(snap)}\x1b[K{end}"
        self.stream.write(line)
        self.stream.flush()

    def update(self, snap: Snapshot) -> None:
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(snap)

    def close(self, snap: Snapshot) -> None:
        self._draw(snap, end="\n")


def make_progress(mode: str | ProgressSink | None, stream: TextIO | None = None):
    """A sink for ``mode``: "auto" (bar on a terminal, else lines), "bar", "plain",
    None/"none" (silent), or an object with ``update``/``close``."""
    if mode is None or mode == "none":
        return None
    if not isinstance(mode, str):
        return mode
    out = stream or sys.stderr
    if mode == "bar" or (mode == "auto" and sys.stdout.isatty() and out.isatty()):
        return LiveProgress(out)
    return PlainProgress(out)
