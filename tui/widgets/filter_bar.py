"""The grid's filter bar: the filter in use, how many segments it shows, and a search box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tui.filters import LABELS, GridFilter


class FilterInput(Input):
    """The search box: Enter applies its text; Esc empties it and applies that."""

    BINDINGS = [Binding("escape", "clear", "Clear the search", show=False)]

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(FilterBar.Applied(""))


class FilterBar(Horizontal):
    """Hidden while the grid shows every segment; shown while a filter or search is on."""

    class Applied(Message):
        """The user submitted search text (empty: no search)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        yield Label("", id="filter-label")
        yield FilterInput(placeholder="search text · Enter", id="filter-text", compact=True)

    active = False  # a filter or search is on

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Applied(event.value))

    def show(self, grid_filter: GridFilter, shown: int, total: int) -> None:
        """Describe ``grid_filter`` and its count; hide the bar when no filter is on."""
        text = self.query_one(FilterInput)
        if text.value != grid_filter.text:
            text.value = grid_filter.text
        label = LABELS.get(grid_filter.kind, grid_filter.kind)
        self.query_one("#filter-label", Label).update(
            f"Filter: {label} · {shown} of {total} · search: "
        )
        self.active = grid_filter.active
        self.set_class(self.active or text.has_focus, "-on")

    def focus_search(self) -> None:
        """Show the bar and put the cursor in the search box."""
        self.add_class("-on")
        self.query_one(FilterInput).focus()

    def on_descendant_blur(self) -> None:
        self.set_class(self.active, "-on")
