"""The job's files: per-file progress and a job summary; open a file, save one or all.

The job itself (files, sessions, progress) is :class:`tui.project.Job`; this screen loads
it, lists it, switches the editor between its files and keeps the job state file (see
:mod:`tui.job_keeper`) so that a crash loses no edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, ListView, Static

from tui.job_keeper import JobKeeper
from tui.project import Job, ProjectFile, open_job
from tui.screens.dialogs import Choice
from tui.services import Services
from tui.widgets.file_list import FileList, line
from tui.workers import FAILED, guarded

_RESTORE = [("restore", "Restore"), ("discard", "Discard")]
_HEADINGS = ("File", "Confirmed", "Translated", "Words", "State")
_RIGHT = [False, True, True, True, False]


class ProjectScreen(Screen):
    """The file list of a job (``ordbro tui FOLDER`` or several files)."""

    TITLE = "Files"
    BINDINGS = [
        Binding("ctrl+s", "save_file", "Save file", priority=True),
        Binding("alt+s", "save_all", "Save all files", priority=True),
        Binding("ctrl+r", "translate_job", "MT all files"),
        Binding("escape", "cancel_translation", "Cancel MT", show=False),
    ]

    class JobLoaded(Message):
        def __init__(self, job: Job) -> None:
            super().__init__()
            self.job = job

    class QACounted(Message):
        def __init__(self, signature: Any, warnings: int) -> None:
            super().__init__()
            self.signature, self.warnings = signature, warnings

    def __init__(self, services: Services, inputs: list[Path]) -> None:
        super().__init__()
        self.services = services
        self.inputs = inputs
        self.job: Job | None = None
        self.keeper: JobKeeper | None = None
        self._shown: list[tuple[str, ...]] | None = None  # the cells the list shows
        self._widths: list[int] = []
        self._summary = ""
        self._qa: tuple[Any, int | None] = (None, None)  # (what was counted, QA warnings)
        self._qa_running = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        with Vertical(id="project-main"):
            yield Static("", id="files-header")
            yield FileList(id="files")
            yield Static("Loading the job…", id="job-summary")
            yield Static("", id="job-skipped")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"loading {len(self.inputs)} input(s)…"
        self._load_job()
        self.set_interval(1.0, self.refresh_view)

    def on_screen_resume(self) -> None:
        self.refresh_view()
        if self.job is not None and self.job.files:  # the cursor on the file last edited
            self.query_one(FileList).index = self.job.index

    # -- loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="job")
    def _load_job(self) -> None:
        to_code = self.services.settings.to_code
        job = guarded(self, open_job, self.inputs, self.services.load_document, to_code)
        if job is not FAILED:
            self.post_message(self.JobLoaded(job))

    def on_project_screen_job_loaded(self, message: JobLoaded) -> None:
        job = self.job = message.job
        self.keeper = JobKeeper(self, job)
        self.refresh_view()
        if job.openable:
            self.open_file(job.index, switch=False)
        edits, changes = self.keeper.leftover()
        if changes:
            files = len(edits)
            question = (
                f"This job has {changes} unsaved edit(s) in {files} file(s) from a session "
                "that ended without saving. Restore them?"
            )
            self.app.push_screen(Choice(question, _RESTORE), lambda c: self._restore(edits, c))

    def _restore(self, edits: dict[str, list[dict[str, Any]]], choice: str | None) -> None:
        assert self.job is not None and self.keeper is not None
        if choice == "restore":
            n = self.job.restore(edits)
            editor = self.app.editor
            f = self.job.files[self.job.index]
            if f.session is not None:
                editor.show_session(f.session, editor.current, f.save_path)
            self.notify(f"Restored {n} segment(s).")
            self.keeper.answered()
        else:
            self.keeper.discard()
        self.refresh_view()

    # -- the file list ---------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Redraw what changed in the file list and the summary (cell by cell: a job's
        progress updates every second while MT runs, and must not stall the UI)."""
        job = self.job
        if job is None or not self.is_current:
            return
        rows = [_cells(f) for f in job.files]
        summary = job.summary()
        signature = (tuple(rows), tuple(summary.items()))
        if signature != self._qa[0] and not self._qa_running and not self.app.editor.translating:
            self._qa_running = True  # one count at a time, none while MT runs
            self._count_qa(signature)
        files = self.query_one(FileList)
        if self._shown is None:
            self._lay_out(files, job, rows)
        for i, (cells, before) in enumerate(zip(rows, self._shown or [], strict=True)):
            if cells != before:
                files.set_line(i, line(_styled(job.files[i], cells), self._widths, _RIGHT))
        self._shown = rows
        text = _summary_text(summary, self._qa[1])
        if text.plain != self._summary:
            self._summary = text.plain
            self.query_one("#job-summary", Static).update(text)
        confirmed = f"{summary['confirmed']}/{summary['segments']} confirmed"
        self.sub_title = f"{len(job.files)} files · {confirmed}"

    def _lay_out(self, files: FileList, job: Job, rows: list[tuple[str, ...]]) -> None:
        """Columns sized for the whole job once, so that updates never re-measure them."""
        digits = len(str(max((f.total for f in job.files), default=0)))
        widths = [
            max([4, *(len(f.name) for f in job.files)]),
            max(9, 2 * digits + 6),
            max(10, 2 * digits + 1),
            max(5, len(f"{max((f.words for f in job.files), default=0):,}")),
            max(7, *(len(r[-1]) for r in rows)),
        ]
        self._widths = [min(w, 60) for w in widths]
        heading = line([Text(h, style="bold") for h in _HEADINGS], self._widths, _RIGHT)
        self.query_one("#files-header", Static).update(heading)
        files.show(
            [
                line(_styled(f, c), self._widths, _RIGHT)
                for f, c in zip(job.files, rows, strict=True)
            ],
            job.index,
        )
        self._shown = rows
        skipped = "\n".join(f"skipped {name}: {reason}" for name, reason in job.skipped)
        self.query_one("#job-skipped", Static).update(skipped)

    @work(thread=True, exclusive=True, group="job-qa")
    def _count_qa(self, signature: Any) -> None:
        assert self.job is not None
        pairs = [
            (r.source, r.target)
            for f in self.job.files
            if f.session is not None
            for r in list(f.session.rows)
            if r.target
        ]
        findings = guarded(self, self.services.qa_pairs, pairs) if pairs else []
        warnings = -1 if findings is FAILED else len(findings)
        self.post_message(self.QACounted(signature, warnings))

    def on_project_screen_qacounted(self, message: QACounted) -> None:
        self._qa_running = False
        self._qa = (message.signature, message.warnings)
        self.refresh_view()

    # -- opening files -----------------------------------------------------------------------

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        self.open_file(event.index)

    @property
    def shown(self) -> list[tuple[str, ...]]:
        """The cells of each file's line as shown: name, confirmed, translated, words, state."""
        return list(self._shown or [])

    @property
    def cursor(self) -> int:
        """The file the list's cursor is on."""
        return self.query_one(FileList).index or 0

    def open_file(self, index: int, switch: bool = True) -> None:
        """Show file ``index`` in the editor; its undo history and position are its own."""
        job = self.job
        if job is None or not 0 <= index < len(job.files):
            return
        f = job.files[index]
        if f.session is None:
            self.notify(f"{f.name}: {f.error}", severity="warning")
            return
        editor = self.app.editor
        if (left := job.find(editor.session)) is not None:
            left.current, left.save_path = editor.current, editor.save_path
        job.index = index
        editor.title_prefix = f"file {index + 1}/{len(job.files)} · "
        editor.show_session(f.session, f.current, f.save_path)
        if switch:
            self.app.switch_mode("editor")

    def step(self, delta: int) -> None:
        """Open the next (1) or previous (-1) file of the job in the editor."""
        if self.job is not None and (index := self.job.step(delta)) is not None:
            self.open_file(index)

    # -- saving ------------------------------------------------------------------------------

    def output_path(self, f: ProjectFile) -> Path:
        editor = self.app.editor
        chosen = editor.save_path if editor.session is f.session else f.save_path
        return chosen or self.services.default_output_path(f.path, self.services.settings.to_code)

    def action_save_file(self) -> None:
        if self.job is not None and self.job.files:
            f = self.job.files[self.cursor]
            if f.session is not None:
                self._save([(f, self.output_path(f))])

    def action_save_all(self) -> None:
        self.save_all()

    def save_all(self, then: Callable[[], Any] | None = None) -> None:
        """Save every file with unsaved changes, then call ``then`` (e.g. quit)."""
        job = self.job
        todo = [(f, self.output_path(f)) for f in job.dirty_files()] if job else []
        if not todo:
            self.notify("Every file is saved.")
            if then is not None:
                then()
            return
        self._save(todo, then)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, todo: list[tuple[ProjectFile, Path]], then: Callable[[], Any] | None = None):
        saved, failed = [], 0
        for f, out in todo:
            if guarded(self, self.services.save_document, f.session, out) is FAILED:
                failed += 1
            else:
                saved.append((f, out))
        self.app.call_from_thread(self._saved, saved, None if failed else then)

    def _saved(self, saved: list[tuple[ProjectFile, Path]], then: Callable[[], Any] | None):
        for f, _ in saved:
            if f.session is not None:
                f.session.mark_saved()
        self.app.editor._update_title()
        if len(saved) == 1:
            self.notify(f"Saved {saved[0][1]}")
        elif saved:
            self.notify(f"Saved {len(saved)} files.")
        if self.keeper is not None:
            self.keeper.keep()
        self.refresh_view()
        if then is not None:
            then()

    # -- machine translation -------------------------------------------------------------------

    def action_translate_job(self) -> None:
        """Machine-translate every untranslated segment of every file (in the editor's worker)."""
        if self.job is None:
            return
        items = [
            (f.session, i)
            for f in self.job.files
            if f.session is not None
            for i in f.session.untranslated()
        ]
        if not items:
            self.notify("Every segment already has a translation.")
            return
        self.app.editor.start_translation(items, force=False)

    def action_cancel_translation(self) -> None:
        self.app.editor.action_cancel_translation()


def _cells(f: ProjectFile) -> tuple[str, ...]:
    if f.session is None:
        return (f.name, "", "", "", f"cannot open: {f.error}")
    pct = round(100 * f.confirmed / f.total) if f.total else 100
    state = "unsaved" if f.dirty else ("done" if f.confirmed == f.total else "")
    return (
        f.name,
        f"{f.confirmed}/{f.total} {pct:3d}%",
        f"{f.translated}/{f.total}",
        f"{f.words:,}",
        state,
    )


def _styled(f: ProjectFile, cells: tuple[str, ...]) -> list[Text]:
    style = "dim" if f.session is None else ("bold" if f.dirty else "")
    out = [Text(c, style=style) for c in cells]
    out[-1].stylize("yellow" if f.dirty else ("green" if cells[-1] == "done" else style))
    return out


def _summary_text(s: dict[str, int], qa: int | None) -> Text:
    pct = round(100 * s["confirmed"] / s["segments"]) if s["segments"] else 0
    qa_text = "…" if qa is None else ("unavailable" if qa < 0 else f"{qa:,}")
    text = Text()
    text.append(f"{s['files']} files · {s['segments']:,} segments · {s['words']:,} words\n")
    text.append(f"confirmed {s['confirmed']:,} ({pct}%) · {s['confirmed_words']:,} words · ")
    text.append(f"machine/other {s['translated'] - s['confirmed']:,}\n")
    text.append(f"term failures {s['term_failures']:,}", "red" if s["term_failures"] else "")
    text.append(" · ")
    text.append(f"QA warnings {qa_text}", "yellow" if qa and qa > 0 else "")
    text.append(f" · unsaved files {s['unsaved']}", "bold yellow" if s["unsaved"] else "")
    return text
