"""Keeps a job's state file in step with its unsaved edits, off the event loop.

Every second, while no write is under way, a thread worker collects the job's unsaved
edits and, when they changed since the last write, writes them (atomically). Until the
translator has answered whether to restore what a previous session left, nothing is
written over it.
"""

from __future__ import annotations

import threading
from typing import Any

from tui.job_state import clear_state, read_state, write_state
from tui.project import Job
from tui.workers import guarded

INTERVAL_S = 1.0


class JobKeeper:
    """The job state file of ``job``, kept by a timer and thread workers of ``screen``."""

    def __init__(self, screen: Any, job: Job) -> None:
        self.screen, self.job = screen, job
        self._lock = threading.Lock()
        self._written: dict[str, Any] | None = None
        self._leftover = read_state(job.key)
        self._asking = False
        self._running = False
        self._generation = 0  # bumped by discard: a write begun before it is dropped
        screen.app.set_interval(INTERVAL_S, self.keep)

    def leftover(self) -> tuple[dict[str, list[dict[str, Any]]], int]:
        """(edits, segments they would change) a session that ended unsaved left behind;
        while the answer is pending, the state file is left as it is."""
        changes = self.job.restore(self._leftover, apply=False) if self._leftover else 0
        self._asking = changes > 0
        return self._leftover, changes

    def keep(self) -> None:
        """Start writing the unsaved edits (in a thread) unless a write is under way."""
        if self._asking or self._running:
            return
        self._running = True
        self.screen.run_worker(self._keep, thread=True, group="job-state")

    def _keep(self) -> None:
        try:
            generation = self._generation
            edits = self.job.unsaved_edits()
            with self._lock:
                if edits != self._written and generation == self._generation:
                    if guarded(self.screen, write_state, self.job.key, edits) is not None:
                        return  # failed (the error is shown): try again next time
                    self._written = edits
        finally:
            self._running = False

    def answered(self) -> None:
        """The restore question was answered: keep the state from now on."""
        self._asking = False
        self.keep()

    def discard(self) -> None:
        """Forget the copy of every unsaved edit (quit without saving, or not restored)."""
        self._asking = False
        with self._lock:
            self._generation += 1
            self._written = {}
            clear_state(self.job.key)
