"""Grid filters in the editor: cycle the filter kind, search text, keep navigation on the
shown segments (mixed into :class:`~tui.screens.editor.EditorScreen`).

The rows a filter shows are fixed when it is applied: a segment that stops matching
(confirmed under "unconfirmed") stays in view until the filter is applied again.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.message import Message

from tui.filters import GridFilter
from tui.widgets.filter_bar import FilterBar
from tui.workers import FAILED, guarded


class FilterActions:
    """The editor's filter actions."""

    grid_filter: GridFilter = GridFilter()

    class FilterQA(Message):
        """QA over the whole document finished: the segments with findings."""

        def __init__(self, grid_filter: GridFilter, flagged: set[int]) -> None:
            super().__init__()
            self.grid_filter = grid_filter
            self.flagged = flagged

    @property
    def filter_bar(self: Any) -> FilterBar:
        return self.query_one(FilterBar)

    def action_next_filter(self: Any) -> None:
        """Cycle: all, unconfirmed, machine-translated, QA warnings, failed terms, low confidence."""
        if self._need_document():
            self.apply_filter(self.grid_filter.next_kind())

    def action_filter_search(self: Any) -> None:
        if self._need_document():
            self.filter_bar.focus_search()

    def on_filter_bar_applied(self: Any, message: FilterBar.Applied) -> None:
        self.apply_filter(GridFilter(self.grid_filter.kind, message.text.strip()))
        self.editor.focus()

    def apply_filter(self: Any, grid_filter: GridFilter) -> None:
        """Show only the segments that pass ``grid_filter`` (QA runs first when it needs it)."""
        self.grid_filter = grid_filter
        if grid_filter.kind == "qa":
            self.filter_bar.show(grid_filter, 0, len(self.session))
            self.query_one("#filter-label").update("Filter: with QA warnings · checking… ")
            self._filter_qa(grid_filter, [(r.source, r.target) for r in self.session.rows])
        else:
            self._show_filtered(grid_filter, set())

    @work(thread=True, exclusive=True, group="filter-qa")
    def _filter_qa(self: Any, grid_filter: GridFilter, pairs: list[tuple[str, str]]) -> None:
        findings = guarded(self, self.services.qa_pairs, pairs)
        if findings is not FAILED:
            flagged = {f["segment"] for f in findings if pairs[f["segment"]][1].strip()}
            self.post_message(FilterActions.FilterQA(grid_filter, flagged))

    def on_filter_actions_filter_qa(self: Any, message: FilterQA) -> None:
        if message.grid_filter == self.grid_filter:
            self._show_filtered(message.grid_filter, message.flagged)

    def _show_filtered(self: Any, grid_filter: GridFilter, flagged: set[int]) -> None:
        rows = self.session.rows
        shown = grid_filter.shown(rows, flagged)
        self.grid.load(rows, self.current, None if not grid_filter.active else shown)
        self.filter_bar.show(grid_filter, len(shown), len(rows))
        if shown and self.grid.current_index != self.current:
            self.show_segment(self.grid.current_index)
        if not shown:
            self.notify(f"No segment matches: {grid_filter.describe()}.", severity="warning")

    def reset_filter(self: Any) -> None:
        """A new document: no filter."""
        self.grid_filter = GridFilter()
        self.filter_bar.show(self.grid_filter, len(self.session), len(self.session))

    def reveal(self: Any, index: int) -> None:
        """Segment ``index`` is hidden by the filter: turn the filter off to show it."""
        self.notify(f"Filter off: segment {index + 1} was hidden by it.")
        self.grid_filter = GridFilter()
        self._show_filtered(self.grid_filter, set())
        self.grid.select(index)

    def next_unconfirmed_shown(self: Any) -> int | None:
        """The next unconfirmed segment the grid shows, wrapping around."""
        rows, shown = self.session.rows, self.grid.shown
        later = [i for i in shown if i > self.current] + [i for i in shown if i <= self.current]
        return next((i for i in later if not rows[i].confirmed), None)
