"""Progress of a machine-translation run, with the key that cancels it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class TranslationProgress(Horizontal):
    """Hidden while idle; shows done/total while a run is going."""

    def compose(self) -> ComposeResult:
        yield Label("Translating", id="progress-label")
        yield ProgressBar(show_eta=False, id="progress-bar")
        yield Label("Esc cancels", id="progress-hint")

    def start(self, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=0)
        self.query_one("#progress-label", Label).update(f"Translating {total}")
        self.display = True

    def advance(self, done: int) -> None:
        self.query_one(ProgressBar).update(progress=done)

    def finish(self) -> None:
        self.display = False
