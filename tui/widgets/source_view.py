"""The read-only source of the current segment, with term hits coloured by status.

A read-only TextArea, so source text can be selected with the keyboard
(shift+arrows) and turned into a new term.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import TextArea

from glossary.termtypes import Hit


def hit_class(hit: Hit) -> str:
    """The component class that colours a hit: do-not-translate wins over the status."""
    return "source-view--dnt" if hit.dnt else f"source-view--{hit.status}"


class SourceView(TextArea):
    """Source text with highlighted term hits."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-view--preferred",
        "source-view--admitted",
        "source-view--deprecated",
        "source-view--forbidden",
        "source-view--dnt",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(read_only=True, soft_wrap=True, show_cursor=True, **kwargs)
        self.hits: list[Hit] = []
        self._line_starts: list[int] = [0]

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False

    def show(self, source: str, hits: list[Hit]) -> None:
        """Display ``source`` with ``hits`` (offsets into ``source``) highlighted."""
        self.hits = list(hits)
        starts, pos = [], 0
        for line in source.split("\n"):
            starts.append(pos)
            pos += len(line) + 1
        self._line_starts = starts
        self.load_text(source)

    def set_hits(self, hits: list[Hit]) -> None:
        """Re-colour the same text (keeps the selection)."""
        selection = self.selection
        self.show(self.text, hits)
        self.selection = selection

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if not self.hits or line_index >= len(self._line_starts):
            return line
        start = self._line_starts[line_index]
        end = start + len(line.plain)
        for hit in self.hits:
            if hit.end <= start or hit.start >= end:
                continue
            style = self.get_component_rich_style(hit_class(hit), partial=True)
            line.stylize(style, max(0, hit.start - start), min(len(line.plain), hit.end - start))
        return line

    @property
    def selected_source(self) -> str:
        """The selected text, or the word under the cursor when nothing is selected."""
        if self.selected_text.strip():
            return self.selected_text.strip()
        row, col = self.cursor_location
        line = self.document.get_line(row)
        left = col
        while left > 0 and (line[left - 1].isalnum() or line[left - 1] == "-"):
            left -= 1
        right = col
        while right < len(line) and (line[right].isalnum() or line[right] == "-"):
            right += 1
        return line[left:right]
