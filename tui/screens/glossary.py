"""The glossary screen: search as you type, filters, edit in place, import and export."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select

from glossary.errors import OrdbroError
from glossary.termtypes import STATUSES, Entry
from tui.screens.dialogs import Choice, Prompt
from tui.services import Services
from tui.widgets.term_form import TermForm

SEARCH_DELAY = 0.15


class GlossaryScreen(Screen):
    """Browse and edit the termbase."""

    TITLE = "Glossary"
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "Search", priority=True),
        Binding("ctrl+s", "save_entry", "Save entry", priority=True),
        Binding("ctrl+n", "new_entry", "New entry"),
        Binding("alt+x", "delete_entry", "Delete entry"),
        Binding("ctrl+o", "import_terms", "Import", show=False),
        Binding("f8", "export_terms", "Export", show=False),
    ]

    class Results(Message):
        def __init__(self, entries: list[Entry], select: int | None = None) -> None:
            super().__init__()
            self.entries = entries
            self.select = select

    class Filters(Message):
        def __init__(self, glossaries: list[str], subjects: list[str]) -> None:
            super().__init__()
            self.glossaries = glossaries
            self.subjects = subjects

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.entries: list[Entry] = []
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        with Horizontal(id="gl-filters"):
            yield Input(placeholder="Search terms…", id="gl-search", compact=True)
            yield Select([], prompt="All glossaries", id="gl-glossary", compact=True)
            yield Select(
                [(s, s) for s in STATUSES], prompt="Any status", id="gl-status", compact=True
            )
            yield Select([], prompt="Any subject", id="gl-subject", compact=True)
        yield DataTable(id="gl-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="gl-edit"):
            yield Label("New entry", id="gl-edit-title")
            yield TermForm(
                self.services.settings.from_code, self.services.settings.to_code, id="gl-form"
            )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        src, tgt = self.services.settings.from_code, self.services.settings.to_code
        table.add_column(f"Term ({src})", key="source")
        table.add_column(f"Target ({tgt})", key="target")
        table.add_column("Status", key="status")
        table.add_column("POS", key="pos")
        table.add_column("Glossary", key="glossary")
        table.add_column("Subject", key="subject")
        self.query_one(TermForm).load(None)
        self.refresh_filters()
        self.run_search()

    # -- searching ---------------------------------------------------------------------------

    def _filters(self) -> tuple[str | None, str | None, str | None]:
        values = []
        for sel in ("#gl-glossary", "#gl-status", "#gl-subject"):
            v = self.query_one(sel, Select).value
            values.append(None if v is Select.NULL else str(v))
        return values[0], values[1], values[2]

    @on(Input.Changed, "#gl-search")
    def _on_search_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.run_search)

    @on(Select.Changed)
    def _on_filter_changed(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("gl-"):
            self.run_search()

    def run_search(self, select_id: int | None = None) -> None:
        query = self.query_one("#gl-search", Input).value
        self._search(query, *self._filters(), select_id)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query, glossary, status, subject, select_id) -> None:
        try:
            entries = self.services.search_entries(query, glossary, status, subject)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        select = next((i for i, e in enumerate(entries) if e.id == select_id), None)
        self.post_message(self.Results(entries, select))

    def on_glossary_screen_results(self, message: Results) -> None:
        self.entries = message.entries
        table = self.query_one(DataTable)
        table.clear()
        src, tgt = self.services.settings.from_code, self.services.settings.to_code
        for i, e in enumerate(self.entries):
            s = e.preferred(src) or next(iter(e.terms_in(src)), None)
            t = e.preferred(tgt) or next(iter(e.terms_in(tgt)), None)
            table.add_row(
                s.text if s else "",
                t.text if t else "",
                s.status if s else "",
                (s.pos or (f"{s.grammar_pos}*" if s.inferred else "")) if s else "",
                e.glossary,
                e.subject_field or "",
                key=str(i),
            )
        self.sub_title = f"{len(self.entries)} entries"
        if message.select is not None:
            table.move_cursor(row=message.select, animate=False)
        elif self.entries:
            self._load_form(table.cursor_row)
        else:
            self._load_form(None)

    @on(DataTable.RowHighlighted, "#gl-table")
    def _on_row(self, event: DataTable.RowHighlighted) -> None:
        self._load_form(event.cursor_row)

    def _load_form(self, row: int | None) -> None:
        entry = self.entries[row] if row is not None and row < len(self.entries) else None
        self.query_one(TermForm).load(entry)
        title = f"Entry {entry.id}" if entry else "New entry"
        self.query_one("#gl-edit-title", Label).update(f"{title} · Ctrl+S saves")

    def refresh_filters(self) -> None:
        self._load_filters()

    @work(thread=True, exclusive=True, group="filters")
    def _load_filters(self) -> None:
        try:
            glossaries, subjects = self.services.filters()
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.post_message(self.Filters(glossaries, subjects))

    def on_glossary_screen_filters(self, message: Filters) -> None:
        for sel_id, values in (
            ("#gl-glossary", message.glossaries),
            ("#gl-subject", message.subjects),
        ):
            sel = self.query_one(sel_id, Select)
            current = sel.value
            with sel.prevent(Select.Changed):
                sel.set_options([(v, v) for v in values])
                if current in values:
                    sel.value = current

    # -- editing -----------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#gl-search", Input).focus()

    def action_new_entry(self) -> None:
        self._load_form(None)
        self.query_one("#tf-source", Input).focus()

    def action_save_entry(self) -> None:
        try:
            entry = self.query_one(TermForm).entry()
        except OrdbroError as exc:
            self.notify(str(exc), severity="error")
            return
        self._save(entry)

    @work(thread=True, group="write")
    def _save(self, entry: Entry) -> None:
        try:
            entry_id = self.services.save_entry(entry)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._after_write, f"Saved “{entry.terms[0].text}”.", entry_id)

    def _after_write(self, note: str, select_id: int | None = None) -> None:
        self.notify(note)
        self.refresh_filters()
        self.run_search(select_id)

    def action_delete_entry(self) -> None:
        table = self.query_one(DataTable)
        if not self.entries:
            return
        entry = self.entries[table.cursor_row]
        label = entry.terms[0].text if entry.terms else str(entry.id)

        def answer(choice: str | None) -> None:
            if choice == "delete" and entry.id is not None:
                self._delete(entry.id, label)

        self.app.push_screen(
            Choice(f"Delete “{label}”?", [("delete", "Delete"), ("cancel", "Cancel")]), answer
        )

    @work(thread=True, group="write")
    def _delete(self, entry_id: int, label: str) -> None:
        try:
            self.services.remove_entry(entry_id)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._after_write, f"Deleted “{label}”.")

    # -- import / export -----------------------------------------------------------------------

    def action_import_terms(self) -> None:
        def done(value: str | None) -> None:
            if value:
                self._import(Path(value).expanduser())

        self.app.push_screen(Prompt("Import terms (CSV, TSV, TBX)", "", "terms.tbx"), done)

    @work(thread=True, group="write")
    def _import(self, path: Path) -> None:
        try:
            n = self.services.import_terms(path)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._after_write, f"Imported {n} entries from {path.name}.")

    def action_export_terms(self) -> None:
        def done(value: str | None) -> None:
            if value:
                self._export(Path(value).expanduser())

        self.app.push_screen(Prompt("Export terms (CSV, TSV, TBX)", "terms.tbx"), done)

    @work(thread=True, group="export")
    def _export(self, path: Path) -> None:
        try:
            n = self.services.export_terms(path)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Exported {n} entries to {path}.")
