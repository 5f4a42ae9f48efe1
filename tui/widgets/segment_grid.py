"""The segment grid: number, source, target, status and match source of every segment.

A filter (:mod:`tui.filters`) may hide segments: the grid then shows only the given
segments, and the cursor, :class:`SegmentGrid.Moved` and :meth:`SegmentGrid.select`
speak of segment indices, not of the grid's row numbers.
"""

from __future__ import annotations

import bisect

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.filters import LOW_CONFIDENCE_MATCH
from tui.session import Row

STATUS_LABELS = {
    "new": ("new", "dim"),
    "machine": ("MT", "yellow"),
    "edited": ("edited", "cyan"),
    "approved": ("✓ ok", "bold green"),
}
# LOW_CONFIDENCE_MATCH: the match of a machine translation of low confidence
# (glossary.confidence); its status cell reads "MT !" in red, at every grid width.
__all__ = ["LOW_CONFIDENCE_MATCH", "SegmentGrid", "one_line"]
_FIXED = {"num": 3, "status": 6, "match": 7}
# Below this grid width the match column is left out.
MATCH_COLUMN_MIN_WIDTH = 70


def one_line(text: str, width: int) -> str:
    """Flatten newlines and cut to ``width`` cells with an ellipsis."""
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


class SegmentGrid(DataTable):
    """A row per segment; moving the cursor posts :class:`SegmentGrid.Moved`."""

    class Moved(Message):
        """The current segment changed."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._rows: list[Row] = []
        self._shown: list[int] = []  # the segment index of each grid row
        self._position: dict[int, int] = {}  # segment index -> grid row
        self._text_width = 20
        self._show_match = True
        self._laid_out_for = 0
        self._dirty = set()

    def load(self, rows: list[Row], current: int = 0, shown: list[int] | None = None) -> None:
        """Show ``rows``, or only those at the indices ``shown`` (re-creating the columns
        for the current width); the cursor goes to segment ``current`` or the nearest
        shown one after it."""
        self._rows = rows
        self._shown = list(range(len(rows))) if shown is None else list(shown)
        self._position = {index: at for at, index in enumerate(self._shown)}
        self._dirty: set[int] = set()
        self._laid_out_for = self.size.width
        self.clear(columns=True)
        width = max(30, self.size.width or 80)
        self._show_match = width >= MATCH_COLUMN_MIN_WIDTH
        fixed = _FIXED["num"] + _FIXED["status"] + 2 * 4 + 2  # cell padding and scrollbar
        if self._show_match:
            fixed += _FIXED["match"] + 2
        self._text_width = max(8, (width - fixed) // 2)
        self.add_column("#", width=_FIXED["num"], key="num")
        self.add_column("Source", width=self._text_width, key="source")
        self.add_column("Target", width=self._text_width, key="target")
        self.add_column("Status", width=_FIXED["status"], key="status")
        if self._show_match:
            self.add_column("Match", width=_FIXED["match"], key="match")
        for i in self._shown:
            self.add_row(*self._cells(i, rows[i]), key=str(i))
        if self._shown:
            after = [at for at, index in enumerate(self._shown) if index >= current]
            self.move_cursor(row=after[0] if after else len(self._shown) - 1, animate=False)

    @property
    def shown(self) -> list[int]:
        """The segment indices the grid shows, in order."""
        return self._shown

    @property
    def filtered(self) -> bool:
        """Does the grid hide any segment?"""
        return len(self._shown) != len(self._rows)

    def select(self, index: int) -> bool:
        """Put the cursor on segment ``index``; False when the filter hides it."""
        at = self._position.get(index)
        if at is None:
            return False
        if self.cursor_row != at:
            self.move_cursor(row=at, animate=False)
        return True

    def step(self, index: int, delta: int) -> int:
        """The shown segment ``delta`` rows from segment ``index`` (clamped; from a hidden
        segment, the nearest shown one in that direction)."""
        if not self._shown:
            return index
        at = self._position.get(index)
        if at is None:  # the first shown segment after it, or the last before it
            after = bisect.bisect_left(self._shown, index)
            at, delta = (after, delta - 1) if delta > 0 else (after - 1, delta + 1)
        return self._shown[max(0, min(at + delta, len(self._shown) - 1))]

    def _cells(self, i: int, row: Row) -> tuple:
        label, style = STATUS_LABELS.get(row.status, (row.status, ""))
        if row.status == "machine" and row.match == LOW_CONFIDENCE_MATCH:
            label, style = "MT !", "bold red"
        cells = [
            Text(str(i + 1), style="dim", justify="right"),
            one_line(row.source, self._text_width),
            one_line(row.target, self._text_width),
            Text(label, style=style),
        ]
        if self._show_match:
            cells.append(one_line(row.match, _FIXED["match"]))
        return tuple(cells)

    def update_row(self, i: int) -> None:
        """Redraw one segment after its target or status changed.

        A DataTable redraws every visible row after any cell update, which costs tens of
        milliseconds; rows out of view are therefore only marked and updated when they
        scroll into view, so a batch translation of a long document does not stall the UI.
        """
        at = self._position.get(i)
        if at is None:
            return  # hidden by the filter; drawn afresh when the filter changes
        if at in self._visible_rows():
            self._write_row(i)
        else:
            self._dirty.add(i)

    def _visible_rows(self) -> range:
        top = int(self.scroll_y)
        return range(top, top + max(1, self.size.height))

    def flush_visible(self) -> None:
        """Bring the rows in view up to date."""
        visible = self._visible_rows()
        for i in [i for i in self._dirty if self._position.get(i, -1) in visible]:
            self._dirty.discard(i)
            self._write_row(i)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._dirty:
            self.call_after_refresh(self.flush_visible)

    def _write_row(self, i: int) -> None:
        cells = self._cells(i, self._rows[i])
        keys = ("num", "source", "target", "status", "match")
        for key, value in zip(keys, cells, strict=False):
            self.update_cell(str(i), key, value)

    def reflow(self, rows: list[Row], start: int, current: int) -> None:
        """Show ``rows`` after segments from ``start`` on were joined or split: rows from
        there are rewritten (those out of view when they scroll in) and the count adjusted,
        so a join in a long document costs no full reload (a filtered grid is reloaded
        whole, unfiltered: the caller applies its filter again)."""
        if self.filtered:
            self.load(rows, current)
            return
        old, self._rows = self.row_count, rows
        self._shown = list(range(len(rows)))
        self._position = {i: i for i in self._shown}
        for i in range(old, len(rows)):
            self.add_row(*self._cells(i, rows[i]), key=str(i))
        for i in range(len(rows), old):
            self.remove_row(str(i))
            self._dirty.discard(i)
        for i in range(start, min(old, len(rows))):
            self.update_row(i)
        if rows:
            self.move_cursor(row=min(current, len(rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self._rows and self.size.width != self._laid_out_for:
            self.load(self._rows, self.current_index, self._shown)

    @property
    def current_index(self) -> int:
        """The segment index under the cursor (0 when nothing is shown)."""
        if not self._shown:
            return 0
        return self._shown[max(0, min(self.cursor_row, len(self._shown) - 1))]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._shown):
            self.post_message(self.Moved(self._shown[event.cursor_row]))
