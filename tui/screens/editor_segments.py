"""Joining and splitting segments in the editor, and undo (of typing, changes, joins, splits)."""

from __future__ import annotations

from typing import Any


class SegmentActions:
    """Join, split and undo (mixed into :class:`~tui.screens.editor.EditorScreen`)."""

    def action_join_segment(self: Any) -> None:
        """Join the current segment with the next sentence of its paragraph."""
        if not self._need_document() or self._layout_blocked():
            return
        if not self.session.join(self.current):
            self.notify(
                "Only sentences of one paragraph can be joined: this is its last.",
                severity="warning",
            )
            return
        self.relayout(self.current)

    def action_split_segment(self: Any) -> None:
        """Split the current segment where the cursor stands in the source."""
        if not self._need_document() or self._layout_blocked():
            return
        view = self.source_view
        at = view.document.get_index_from_location(view.cursor_location)
        settings = self.services.settings
        if not self.session.split(self.current, at, (settings.from_code, settings.to_code)):
            self.notify(
                "Put the cursor in the source (Tab, arrows) where the segment should be split "
                "(between sentences, not inside inline markup).",
                severity="warning",
            )
            return
        self.relayout(self.current)
        if self._row().target and not self.session.rows[self.current + 1].target:
            self.notify("The target stays with the first part: check it.")

    def action_undo(self: Any) -> None:
        """Undo typing in the target, else the last change to a segment (join and split too)."""
        editor = self.editor
        if editor.has_focus and editor.history.undo_stack:
            editor.undo()
            return
        if self.session.undo_changes_layout and self._layout_blocked():
            return
        index = self.session.undo()
        if index is None:
            self.notify("Nothing to undo.")
            return
        if self.session.layout_version != self.layout_shown:
            self.relayout(index)
            return
        self.grid.update_row(index)
        self.go_to(index)
        row = self.session.rows[index]
        if self.editor.text != row.target:
            self.editor.set_text(row.target)
        self._update_title()

    def _layout_blocked(self: Any) -> bool:
        if self.translating:
            self.notify("Wait for the translation to finish (Esc cancels it).", severity="warning")
            return True
        return False

    def relayout(self: Any, index: int) -> None:
        """Show the grid again after the segments changed (join, split, their undo)."""
        filtered = self.grid.filtered
        self.grid.reflow(self.session.rows, index, index)
        self.layout_shown = self.session.layout_version
        self.show_segment(min(index, len(self.session) - 1))
        self._update_title()
        if filtered:
            self.apply_filter(self.grid_filter)  # the segments' numbers changed
