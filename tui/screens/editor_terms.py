"""Term actions in the editor: add, edit and delete termbase entries from a segment."""

from __future__ import annotations

from typing import Any

from textual import work

from glossary.termtypes import Entry
from tui.screens.dialogs import Choice
from tui.screens.term_dialog import TermDialog
from tui.workers import FAILED, guarded

_DELETE_CHOICES = [("delete", "Delete"), ("cancel", "Cancel")]


class TermActions:
    """The editor's term actions (mixed into :class:`~tui.screens.editor.EditorScreen`)."""

    services: Any

    def terms_changed(self: Any) -> None:
        """The termbase changed outside this screen (term candidates accepted): rebuild
        the matcher in a worker, then show the current segment's hits again."""
        self._build_matcher()

    def _languages(self: Any) -> tuple[str, str]:
        return self.services.settings.from_code, self.services.settings.to_code

    def action_add_term(self: Any) -> None:
        source = self.source_view.selected_text.strip()
        self.app.push_screen(TermDialog(None, source, *self._languages()), self._save_entry)

    def action_edit_term(self: Any) -> None:
        hit = self.term_panel.selected_hit
        if hit is None:
            self.notify("No term in this segment to edit.", severity="warning")
            return
        self._open_entry(hit.entry_id)

    @work(thread=True, group="terms")
    def _open_entry(self: Any, entry_id: int) -> None:
        entry = guarded(self, self.services.get_entry, entry_id)
        if entry is not FAILED:
            dialog = TermDialog(entry, "", *self._languages())
            self.app.call_from_thread(self.app.push_screen, dialog, self._save_entry)

    def _save_entry(self: Any, entry: Entry | None) -> None:
        if entry is not None:
            self._write_entry(entry)

    @work(thread=True, group="terms")
    def _write_entry(self: Any, entry: Entry) -> None:
        if guarded(self, self._store_entry, entry) is not FAILED:
            self.post_message(self.MatcherReady())
            self.app.call_from_thread(self.notify, f"Saved term “{entry.terms[0].text}”.")

    def _store_entry(self: Any, entry: Entry) -> None:
        self.services.save_entry(entry)
        self.services.matcher()  # rebuilt now, so the hits are current when shown

    def action_delete_term(self: Any) -> None:
        hit = self.term_panel.selected_hit
        if hit is None:
            self.notify("No term in this segment to delete.", severity="warning")
            return

        def answer(choice: str | None) -> None:
            if choice == "delete":
                self._delete_entry(hit.entry_id, hit.source)

        question = f"Delete the term “{hit.source}” from the termbase?"
        self.app.push_screen(Choice(question, _DELETE_CHOICES), answer)

    @work(thread=True, group="terms")
    def _delete_entry(self: Any, entry_id: int, label: str) -> None:
        if guarded(self, self._remove_entry, entry_id) is not FAILED:
            self.post_message(self.MatcherReady())
            self.app.call_from_thread(self.notify, f"Deleted term “{label}”.")

    def _remove_entry(self: Any, entry_id: int) -> None:
        self.services.remove_entry(entry_id)
        self.services.matcher()
