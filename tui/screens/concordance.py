"""The concordance: every pair in the memory and the open document that holds a word or
phrase in any of its forms, source and target side by side with the match highlighted;
Enter on a line (or Ctrl+B) inserts its target into the current segment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from tui.workers import FAILED, guarded

HIGHLIGHT = "bold black on yellow"
WHERE_WIDTH = 8


def excerpt(text: str, spans: Sequence[tuple[int, int]], width: int) -> Text:
    """``text`` on one line, cut to ``width`` cells around its first span, spans highlighted."""
    flat = text.replace("\n", " ")
    start = 0
    if spans and len(flat) > width:
        first_start, first_end = spans[0]
        start = max(0, min(first_start - width // 4, len(flat) - width))
        if first_end - start > width:
            start = first_start
    shown = Text(flat)
    for a, b in spans:
        shown.stylize(HIGHLIGHT, a, b)
    shown = shown[start : start + width]
    if start > 0:
        shown = Text("…") + shown[1:]
    if start + width < len(flat):
        shown = shown[:-1] + Text("…")
    return shown


class ConcordanceScreen(ModalScreen[str | None]):
    """Search; dismisses with the chosen line's target (None on Esc)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("ctrl+b", "insert", "Insert the target"),
        Binding("down", "focus_results", "Go to the results", show=False),
    ]

    class Found(Message):
        def __init__(self, query: str, lines: list[Any]) -> None:
            super().__init__()
            self.query = query
            self.lines = lines

    def __init__(self, services: Any, pairs: list[tuple[str, str]], query: str = "") -> None:
        super().__init__()
        self.services = services
        self.pairs = pairs
        self.initial_query = query
        self.lines: list[Any] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog concordance-dialog"):
            yield Label("Concordance: memory and document", classes="dialog-title")
            yield Input(
                value=self.initial_query,
                placeholder="word or phrase, any form (krig finds kriget)",
                id="concordance-query",
            )
            yield Label("", id="concordance-count")
            yield DataTable(id="concordance-results", cursor_type="row", zebra_stripes=True)
            yield Label(
                "Enter searches · ↓ a line, Enter or Ctrl+B inserts its target · Esc closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query.strip():
            self.search(self.initial_query)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.search(event.value)

    def search(self, query: str) -> None:
        """Search for ``query`` in a worker; the table fills when it is done."""
        if not query.strip():
            self.notify("Type a word or phrase to look for.", severity="warning")
            return
        self.query_one("#concordance-count", Label).update("searching…")
        self._search(query.strip())

    @work(thread=True, exclusive=True, group="concordance")
    def _search(self, query: str) -> None:
        lines = guarded(self, self.services.concordance, query, self.pairs)
        if lines is not FAILED:
            self.post_message(self.Found(query, lines))

    def on_concordance_screen_found(self, message: Found) -> None:
        self.lines = message.lines
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(20, (table.size.width or self.app.size.width - 8) - WHERE_WIDTH - 8) // 2
        table.add_column("From", width=WHERE_WIDTH, key="where")
        table.add_column("Source", width=width, key="source")
        table.add_column("Target", width=width, key="target")
        for line in self.lines:
            where = line.where.replace("segment ", "seg ")
            if line.where == "memory":
                where = "TM ✓" if line.approved else f"TM {line.origin[:3]}"
            table.add_row(
                Text(where, style="dim"),
                excerpt(line.source, line.source_spans, width),
                excerpt(line.target, line.target_spans, width),
            )
        n = len(self.lines)
        self.query_one("#concordance-count", Label).update(
            f"{n} line{'s' if n != 1 else ''} with “{message.query}”"
            if n
            else f"“{message.query}” not found"
        )
        if n:
            table.move_cursor(row=0)

    def action_focus_results(self) -> None:
        if self.lines:
            self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_insert()

    def action_insert(self) -> None:
        table = self.query_one(DataTable)
        if not self.lines:
            self.notify("Nothing to insert: search first.", severity="warning")
            return
        line = self.lines[max(0, min(table.cursor_row, len(self.lines) - 1))]
        if not line.target.strip():
            self.notify("That segment has no target yet.", severity="warning")
            return
        self.dismiss(line.target)


class ConcordanceActions:
    """The editor's concordance key (mixed into :class:`~tui.screens.editor.EditorScreen`)."""

    def action_concordance(self: Any) -> None:
        """Open the concordance with the target's selected text (if any) as the query."""
        pairs = [(row.source, row.target) for row in self.session.rows]
        query = self.editor.selected_text.strip() if self.editor.selected_text else ""

        def done(target: str | None) -> None:
            if target and self.session.rows:
                self.editor.insert_at_cursor(target)
            self.editor.focus()

        self.app.push_screen(ConcordanceScreen(self.services, pairs, query), done)
