"""The segment grid: number, source, target, status and match source of every segment."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.session import Row

STATUS_LABELS = {
    "new": ("new", "dim"),
    "machine": ("MT", "yellow"),
    "edited": ("edited", "cyan"),
    "approved": ("✓ ok", "bold green"),
}
# The match of a machine translation of low confidence (glossary.confidence): its status
# cell reads "MT !" in red, at every grid width.
LOW_CONFIDENCE_MATCH = "MT low"
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
        self._text_width = 20
        self._show_match = True
        self._laid_out_for = 0
        self._dirty = set()

    def load(self, rows: list[Row], current: int = 0) -> None:
        """Show ``rows`` (re-creating the columns for the current width)."""
        self._rows = rows
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
        for i, row in enumerate(rows):
            self.add_row(*self._cells(i, row), key=str(i))
        if rows:
            self.move_cursor(row=min(current, len(rows) - 1), animate=False)

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
        if i in self._visible_rows():
            self._write_row(i)
        else:
            self._dirty.add(i)

    def _visible_rows(self) -> range:
        top = int(self.scroll_y)
        return range(top, top + max(1, self.size.height))

    def flush_visible(self) -> None:
        """Bring the rows in view up to date."""
        for i in [i for i in self._visible_rows() if i in self._dirty]:
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
        so a join in a long document costs no full reload."""
        old, self._rows = self.row_count, rows
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
            self.load(self._rows, self.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Moved(event.cursor_row))
