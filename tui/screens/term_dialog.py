"""The add/edit term dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from glossary.errors import OrdbroError
from glossary.termtypes import Entry
from tui.widgets.term_form import TermForm


class TermDialog(ModalScreen[Entry | None]):
    """Edit one entry; dismisses with the edited Entry (not yet saved) or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "accept", "Save term", priority=True),
    ]

    def __init__(
        self, entry: Entry | None = None, source: str = "", source_lang="sv", target_lang="en"
    ) -> None:
        super().__init__()
        self.entry = entry
        self.source = source
        self.langs = (source_lang, target_lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog term-dialog"):
            title = "Edit term" if self.entry and self.entry.id is not None else "Add term"
            yield Label(title, classes="dialog-title")
            yield TermForm(*self.langs, id="term-form")
            yield Label("", id="term-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("Enter/Ctrl+S saves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        form = self.query_one(TermForm)
        form.load(self.entry, self.source)
        first = "#tf-target" if self.source or self.entry else "#tf-source"
        self.query_one(first, Input).focus()

    def action_accept(self) -> None:
        try:
            entry = self.query_one(TermForm).entry()
        except OrdbroError as exc:
            self.query_one("#term-error", Label).update(str(exc))
            return
        self.dismiss(entry)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_accept()
        else:
            self.dismiss(None)
