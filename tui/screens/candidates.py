"""Candidate terms of the open document: accept, edit or reject each with one key.

Opened from the editor with F6 (or "Term candidates" in the command palette). The
candidates come from :func:`glossary.extraction.extract_texts` over the document's
source segments, with targets from the translation memory and names proposed as
do-not-translate. An accepted term is stored at once, so the editor highlights it and
the next translation enforces it.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from glossary.errors import OrdbroError
from glossary.termtypes import Entry, Term
from tui.screens.term_dialog import TermDialog


class CandidatesScreen(ModalScreen[None]):
    """A ranked table of candidate terms; a, e and r act on the highlighted row."""

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit and add"),
        Binding("r,delete", "reject", "Reject"),
        Binding("escape,f6", "dismiss_screen", "Close"),
    ]
    DEFAULT_CSS = """
    CandidatesScreen { align: center middle; }
    CandidatesScreen > Vertical { width: 90%; height: 85%; border: round $accent;
                                  background: $surface; }
    CandidatesScreen DataTable { height: 1fr; }
    CandidatesScreen #cand-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, services: Any, sources: list[str], on_change=None) -> None:
        super().__init__()
        self.services = services
        self.sources = sources
        self.on_change = on_change  # called (on the UI thread) after a term was stored
        self.candidates: list[Any] = []
        self.accepted: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Extracting candidate terms…", id="cand-status")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="cand-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("term", "kind", "n", "target", "from")
        self._extract()

    @work(thread=True, exclusive=True, group="candidates")
    def _extract(self) -> None:
        from glossary.extraction import extract_texts

        settings = self.services.settings
        try:
            found = extract_texts(
                ["\n".join(self.sources)],
                settings.from_code,
                termbase=self.services.termbase(),
                memory=self.services.memory(),
                target_lang=settings.to_code,
                limit=200,
            )
        except OrdbroError as exc:
            self.app.call_from_thread(self._status, f"Extraction failed: {exc}")
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Any]) -> None:
        self.candidates = found
        table = self.query_one(DataTable)
        table.clear()
        for cand in found:
            table.add_row(
                cand.term, cand.kind, str(cand.count), cand.target or "", cand.target_source or ""
            )
        self._status(f"{len(found)} candidates. a accept · e edit · r reject · Esc close")
        table.focus()

    def _status(self, text: str) -> None:
        self.query_one("#cand-status", Static).update(text)

    def _current(self) -> tuple[int, Any] | None:
        table = self.query_one(DataTable)
        if not self.candidates or table.cursor_row >= len(self.candidates):
            return None
        return table.cursor_row, self.candidates[table.cursor_row]

    def _drop(self, index: int) -> None:
        table = self.query_one(DataTable)
        del self.candidates[index]
        table.remove_row(table.coordinate_to_cell_key((index, 0)).row_key)

    # -- actions -----------------------------------------------------------------------------

    def action_accept(self) -> None:
        current = self._current()
        if current is None:
            return
        index, cand = current
        if not cand.target:
            self.action_edit()  # nothing to accept yet: type the target
            return
        self._drop(index)
        self._store(self._entry(cand, cand.target))

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        index, cand = current
        langs = (self.services.settings.from_code, self.services.settings.to_code)
        entry = self._entry(cand, cand.target or "")

        def done(edited: Entry | None) -> None:
            if edited is not None:
                self._drop(index)
                self._store(edited)

        self.app.push_screen(TermDialog(entry, "", *langs), done)

    def action_reject(self) -> None:
        current = self._current()
        if current is not None:
            self._drop(current[0])
            self._status(f"Rejected “{current[1].term}”.")

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)

    # -- storing -----------------------------------------------------------------------------

    def _entry(self, cand: Any, target: str) -> Entry:
        settings = self.services.settings
        common = dict(pos=cand.pos, dnt=cand.dnt, source="extracted")
        return Entry(
            None,
            terms=[
                Term(None, None, settings.from_code, cand.term, gender=cand.gender, **common),
                Term(None, None, settings.to_code, target or cand.term, **common),
            ],
        )

    @work(thread=True, group="candidate-store")
    def _store(self, entry: Entry) -> None:
        try:
            self.services.save_entry(entry)
            self.services.matcher()  # rebuilt now, so the editor highlights the new term
        except OrdbroError as exc:
            self.app.call_from_thread(self._status, f"Not added: {exc}")
            return
        self.app.call_from_thread(self._stored, entry.terms[0].text)

    def _stored(self, term: str) -> None:
        self.accepted.append(term)
        self._status(f"Added “{term}” to the termbase.")
        if self.on_change is not None:
            self.on_change()
