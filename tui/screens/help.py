"""The help screen: every key binding of the screen it was opened from, and the app's."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from tui.keys import binding_rows


class HelpScreen(ModalScreen[None]):
    """Lists key bindings; any of Esc, F1 or q closes it."""

    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.origin = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Label(f"Keys: {self.origin.title or 'ordbro'}", classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="row", show_cursor=False)
            yield Label("Ctrl+P: every action by name · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        for key, description in binding_rows(self.app, self.origin):
            table.add_row(key, description)
