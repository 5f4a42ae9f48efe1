"""The file list of a job: one line per file in fixed columns, each line redrawn alone.

A DataTable redraws every visible row after any cell update (tens of milliseconds for a
screenful); a job's progress changes every second while MT runs, so each file is a
list item of its own and only the lines that changed are redrawn.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label, ListItem, ListView

# (heading, width or None for the longest name, right-aligned?)
Column = tuple[str, int | None, bool]


def line(cells: list[Text], widths: list[int], right: list[bool]) -> Text:
    """``cells`` padded (or cut) to ``widths``, two spaces apart."""
    out = Text()
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        cell = cell.copy()
        cell.truncate(width, overflow="ellipsis")
        pad = " " * (width - cell.cell_len)
        if i:
            out.append("  ")
        out.append_text(Text(pad) + cell if right[i] else cell + Text(pad))
    return out


class FileList(ListView):
    """Files as lines; Enter or a click posts ``ListView.Selected`` with the item's index."""

    def show(self, lines: list[Text], index: int = 0) -> None:
        """Replace the list with ``lines`` and put the cursor on line ``index``."""
        self.clear()
        self.extend(ListItem(Label(text, markup=False)) for text in lines)
        self.index = min(index, len(lines) - 1) if lines else None

    def set_line(self, i: int, text: Text) -> None:
        """Redraw line ``i`` only."""
        self.children[i].query_one(Label).update(text)

    def line_text(self, i: int) -> str:
        """Line ``i`` as plain text (for tests and screen readers)."""
        return str(self.children[i].query_one(Label).render())
