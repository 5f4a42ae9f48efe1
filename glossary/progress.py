"""Progress of a batch run: a live bar on a terminal, plain periodic lines otherwise.

rich is imported only when a live bar is actually shown, so the core stays headless.
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


class RichProgress:
    """A live bar (rich) with files, segments, words/s and ETA."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("[bold]translating"),
            BarColumn(),
            TextColumn("{task.fields[files]} files"),
            TextColumn("{task.fields[segments]} segments"),
            TextColumn("{task.fields[wps]} words/s"),
            TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr),
            transient=False,
        )
        self._task = self._bar.add_task("batch", total=None, files="0/0", segments=0, wps=0)
        self._bar.start()

    def update(self, snap: Snapshot) -> None:
        self._bar.update(
            self._task,
            total=snap.bytes_total or None,
            completed=snap.bytes_done,
            files=f"{snap.files_done}/{snap.files_total}",
            segments=snap.segments_done,
            wps=f"{snap.words_per_second:.0f}",
        )

    def close(self, snap: Snapshot) -> None:
        self.update(snap)
        self._bar.stop()


def make_progress(mode: str | ProgressSink | None, stream: TextIO | None = None):
    """A sink for ``mode``: "auto" (bar on a terminal, else lines), "bar", "plain",
    None/"none" (silent), or an object with ``update``/``close``."""
    if mode is None or mode == "none":
        return None
    if not isinstance(mode, str):
        return mode
    out = stream or sys.stderr
    if mode == "bar" or (mode == "auto" and sys.stdout.isatty() and out.isatty()):
        return RichProgress(out)
    return PlainProgress(out)
