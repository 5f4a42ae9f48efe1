"""The editor of the current segment's target."""

from __future__ import annotations

from textual.widgets import TextArea


class TargetEditor(TextArea):
    """A soft-wrapping TextArea; the screen listens to its ``Changed`` messages."""

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", **kwargs)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False

    def set_text(self, text: str) -> None:
        """Replace the text (clears the editor's own undo history) and put the cursor at the end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    def insert_at_cursor(self, text: str) -> None:
        """Insert ``text`` at the cursor (replacing a selection), with a space where needed."""
        row, col = self.cursor_location
        line = self.document.get_line(row)
        before = line[col - 1] if col > 0 and not self.selected_text else ""
        if before and not before.isspace():
            text = " " + text
        self.replace(text, *self.selection)
