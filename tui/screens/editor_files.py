"""File actions in the editor: open, save, save as, export the JSON report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work

from tui.screens.dialogs import Prompt
from tui.workers import FAILED, guarded


class FileActions:
    """The editor's file actions (mixed into :class:`~tui.screens.editor.EditorScreen`)."""

    save_path: Path | None

    def action_open(self: Any) -> None:
        def done(value: str | None) -> None:
            if value:
                self.open_path(Path(value).expanduser())

        self.app.push_screen(Prompt("Open document", "", "path/to/file.txt"), done)

    def output_path(self: Any) -> Path | None:
        if self.session.path is None:
            return None
        return self.save_path or self.services.default_output_path(
            self.session.path, self.services.settings.to_code
        )

    def action_save(self: Any) -> None:
        if self._need_document():
            self._save(self.output_path())

    def action_save_as(self: Any) -> None:
        if not self._need_document():
            return

        def done(value: str | None) -> None:
            if value:
                self.save_path = Path(value).expanduser()
                self._save(self.save_path)

        self.app.push_screen(Prompt("Save translation as", str(self.output_path())), done)

    def save_then(self: Any, then: Callable[[], Any]) -> None:
        """Save, then call ``then`` (e.g. quit) once the file is written."""
        self._save(self.output_path(), then)

    @work(thread=True, exclusive=True, group="save")
    def _save(self: Any, path: Path | None, then: Callable[[], Any] | None = None) -> None:
        lost = self.services.markup_mismatches(self.session)
        out = guarded(self, self.services.save_document, self.session, path)
        if out is not FAILED:
            self.app.call_from_thread(self._saved, out, then, lost)

    def _saved(
        self: Any, out: Path, then: Callable[[], Any] | None = None, lost: list[int] | None = None
    ) -> None:
        self.session.mark_saved()
        self._update_title()
        self.notify(f"Saved {out}")
        if lost:
            shown = ", ".join(map(str, lost[:8])) + (" …" if len(lost) > 8 else "")
            self.notify(
                f"Inline markup missing or broken in segment {shown}: "
                "put back at the nearest positions in the saved file.",
                severity="warning",
            )
        if then is not None:
            then()

    def action_export_report(self: Any) -> None:
        if not self._need_document():
            return
        default = self.session.path.with_name(self.session.path.stem + ".report.json")

        def done(value: str | None) -> None:
            if value:
                self._export(Path(value).expanduser())

        self.app.push_screen(Prompt("Export report (JSON)", str(default)), done)

    @work(thread=True, group="save")
    def _export(self: Any, path: Path) -> None:
        if guarded(self, self.services.export_report, self.session, path) is not FAILED:
            self.app.call_from_thread(self.notify, f"Report written to {path}")
