"""The editor: segment grid, source with term hits, target editor, terms, memory and QA.

About 400 lines because it composes the grid, panels and key bindings and routes their
messages; the MT, term, file and join/split actions live in editor_mt.py,
editor_terms.py, editor_files.py and editor_segments.py.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from glossary.termtypes import Hit
from tui.screens.concordance import ConcordanceActions
from tui.screens.dialogs import Prompt
from tui.screens.editor_files import FileActions
from tui.screens.editor_filters import FilterActions
from tui.screens.editor_mt import MTActions
from tui.screens.editor_segments import SegmentActions
from tui.screens.editor_terms import TermActions
from tui.services import Services
from tui.session import Session
from tui.widgets.filter_bar import FilterBar
from tui.widgets.qa_panel import QAPanel
from tui.widgets.segment_grid import SegmentGrid
from tui.widgets.source_view import SourceView
from tui.widgets.target_editor import TargetEditor
from tui.widgets.term_panel import TermPanel
from tui.widgets.tm_panel import TMPanel
from tui.widgets.translation_progress import TranslationProgress
from tui.workers import FAILED, guarded

QA_DELAY = 0.3


class EditorScreen(
    MTActions, TermActions, FileActions, SegmentActions, FilterActions, ConcordanceActions, Screen
):
    """Translate one document segment by segment (MT and term actions: see the mixins)."""

    TITLE = "Editor"
    title_prefix = ""  # "file 3/20 · " in a job
    BINDINGS = [
        Binding("ctrl+enter,ctrl+j,f9", "confirm", "Confirm", priority=True),
        Binding("ctrl+t", "translate_current", "MT segment"),
        Binding("ctrl+r", "translate_all", "MT all"),
        Binding("escape", "cancel_translation", "Cancel MT", show=False),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+n", "add_term", "Add term"),
        Binding("ctrl+l", "insert_term", "Insert term", show=False),
        Binding("ctrl+b", "use_tm", "Use TM match", show=False),
        Binding("alt+e", "edit_term", "Edit term", show=False),
        Binding("alt+x", "delete_term", "Delete term", show=False),
        Binding("ctrl+z", "undo", "Undo", show=False, priority=True),
        Binding("alt+j", "join_segment", "Join with next sentence", show=False),
        Binding("alt+k", "split_segment", "Split at source cursor", show=False),
        Binding("ctrl+f", "find", "Find", show=False, priority=True),
        Binding("ctrl+g", "find_next", "Find next", show=False),
        Binding("ctrl+down,alt+down", "next_segment", "Next segment", show=False),
        Binding("ctrl+up,alt+up", "previous_segment", "Previous segment", show=False),
        Binding("ctrl+o", "open", "Open file", show=False),
        Binding("alt+c", "concordance", "Concordance", show=False, priority=True),
        Binding("alt+f", "next_filter", "Filter: next kind", show=False, priority=True),
        Binding("alt+s", "filter_search", "Filter: search text", show=False, priority=True),
        Binding("f8", "export_report", "Export report", show=False),
        Binding("f12", "save_as", "Save as", show=False),
    ]

    # -- messages from workers -------------------------------------------------------------

    class Loaded(Message):
        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    class SegmentInfo(Message):
        def __init__(self, index: int, matches: list[Any]) -> None:
            super().__init__()
            self.index = index
            self.matches = matches

    class QAResult(Message):
        def __init__(self, index: int, target: str, findings: list[dict[str, Any]]) -> None:
            super().__init__()
            self.index = index
            self.target = target
            self.findings = findings

    class MatcherReady(Message):
        """The term matcher was (re)built: re-highlight the current segment."""

    def __init__(self, services: Services, path: Path | None = None) -> None:
        super().__init__()
        self.services = services
        self.session = Session.empty()
        self.current = 0
        self.initial_path = path
        self.find_query = ""
        self.translating = False
        self.save_path: Path | None = None
        self._typing = False  # the current segment has unsaved-to-undo typing
        self._qa_timer: Any = None
        self.layout_shown = 0  # the session's layout_version the grid shows

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        with Horizontal(id="editor-main"):
            with Vertical(id="editor-left"):
                yield FilterBar(id="filter-bar")
                yield SegmentGrid(id="grid")
                yield SourceView(id="source")
                yield TargetEditor(id="target")
            with Vertical(id="editor-side"):
                yield TermPanel(id="terms")
                yield TMPanel(id="tm")
                yield QAPanel(id="qa")
        yield TranslationProgress(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#source").border_title = "Source"
        self.query_one("#target").border_title = "Target"
        self.query_one("#terms").border_title = "Terms"
        self.query_one("#tm").border_title = "Memory"
        self.query_one("#qa").border_title = "QA"
        self.query_one(TranslationProgress).display = False
        self.query_one(TermPanel).show([])
        self.query_one(TMPanel).show([])
        self.query_one(QAPanel).show([])
        self._update_title()
        self._build_matcher()
        if self.initial_path is not None:
            self.open_path(self.initial_path)

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= 110, "-wide")

    # -- helpers ---------------------------------------------------------------------------

    @property
    def grid(self) -> SegmentGrid:
        return self.query_one(SegmentGrid)

    @property
    def editor(self) -> TargetEditor:
        return self.query_one(TargetEditor)

    @property
    def source_view(self) -> SourceView:
        return self.query_one(SourceView)

    @property
    def term_panel(self) -> TermPanel:
        return self.query_one(TermPanel)

    def _update_title(self) -> None:
        s = self.session
        if s.path is None:
            self.sub_title = "no document · Ctrl+O opens one"
            return
        c = s.counts()
        done = c["approved"]
        mark = " · unsaved" if s.dirty else ""
        self.sub_title = f"{self.title_prefix}{s.path.name} · {done}/{len(s)} confirmed{mark}"

    def _need_document(self) -> bool:
        if not self.session.rows:
            self.notify("Open a document first (Ctrl+O).", severity="warning")
            return False
        return True

    # -- documents ---------------------------------------------------------------------------

    def open_path(self, path: Path) -> None:
        """Load ``path`` in a worker; the grid fills when it is parsed."""
        self.sub_title = f"loading {path.name}…"
        self._load(path)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, path: Path) -> None:
        session = guarded(self, self.services.load_document, path, after_error=self._update_title)
        if session is not FAILED:
            self.post_message(self.Loaded(session))

    def on_editor_screen_loaded(self, message: Loaded) -> None:
        self.show_session(message.session)
        # The document stays: collect what the previous one left, then keep the rest out of
        # full collections (see _start_translation).
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def show_session(self, session: Session, current: int = 0, save_path: Path | None = None):
        """Show ``session`` at segment ``current`` (a job switches files this way)."""
        self.session, self.save_path, self.current = session, save_path, current
        self.layout_shown = session.layout_version
        self.grid.load(self.session.rows, current)
        self.reset_filter()
        if session.rows:  # the target editor's own undo must not reach into another file
            self.editor.set_text(session.rows[current].target)
        self.show_segment(current)
        self._update_title()
        self.editor.focus()

    # -- moving between segments -------------------------------------------------------------

    @on(SegmentGrid.Moved)
    def _on_grid_moved(self, message: SegmentGrid.Moved) -> None:
        if message.index != self.current or self.source_view.text != self._row().source:
            self.show_segment(message.index)

    def _row(self):
        return self.session.rows[self.current]

    def go_to(self, index: int) -> None:
        """Make ``index`` the current segment (moves the grid cursor too)."""
        if not self.session.rows:
            return
        index = max(0, min(index, len(self.session) - 1))
        if not self.grid.select(index):
            self.reveal(index)  # hidden by the filter
        self.show_segment(index)

    def show_segment(self, index: int) -> None:
        """Fill the source, target and side panels for segment ``index``."""
        if not self.session.rows:
            return
        self.current = index
        self._typing = False
        row = self._row()
        hits = self._hits(row.source)
        self.source_view.show(row.source, hits)
        self.term_panel.show(hits)
        if self.editor.text != row.target:
            self.editor.set_text(row.target)
        self.query_one(TMPanel).show([])
        self._lookup_memory(index, row.source)
        self._schedule_qa()

    def _hits(self, text: str) -> list[Hit]:
        matcher = self.services.cached_matcher()
        if matcher is None:
            return []
        return [h for h in matcher.find(text) if not h.covered]

    @work(thread=True, exclusive=True, group="matcher")
    def _build_matcher(self) -> None:
        if guarded(self, self.services.matcher) is not FAILED:
            self.post_message(self.MatcherReady())

    def on_editor_screen_matcher_ready(self, _: MatcherReady) -> None:
        if self.session.rows:
            hits = self._hits(self._row().source)
            self.source_view.set_hits(hits)
            self.term_panel.show(hits)
            self._schedule_qa()

    @work(thread=True, exclusive=True, group="memory")
    def _lookup_memory(self, index: int, source: str) -> None:
        matches = guarded(self, self.services.tm_matches, source)
        if matches is not FAILED:
            self.post_message(self.SegmentInfo(index, matches))

    def on_editor_screen_segment_info(self, message: SegmentInfo) -> None:
        if message.index == self.current:
            self.query_one(TMPanel).show(message.matches)

    def action_next_segment(self) -> None:
        self.go_to(self.grid.step(self.current, 1))

    def action_previous_segment(self) -> None:
        self.go_to(self.grid.step(self.current, -1))

    # -- editing -----------------------------------------------------------------------------

    @on(TargetEditor.Changed, "#target")
    def _on_target_changed(self, event: TargetEditor.Changed) -> None:
        if not self.session.rows:
            return
        text = event.text_area.text
        if text == self._row().target:
            return
        self.session.edit(self.current, text, remember=not self._typing)
        self._typing = True
        self.grid.update_row(self.current)
        self._update_title()
        self._schedule_qa()

    def _apply(self, index: int, target: str, status: str, match: str, terms=None) -> None:
        """Change a segment's target from code (MT, TM, undo) and redraw it."""
        self.session.set_target(index, target, status, match=match, terms=terms)
        self.grid.update_row(index)
        if index == self.current:
            self._typing = False
            if self.editor.text != target:
                self.editor.set_text(target)
            self._schedule_qa()
        self._update_title()

    def action_confirm(self) -> None:
        if not self._need_document():
            return
        row = self._row()
        if not row.target.strip() and row.source.strip():
            self.notify("Nothing to confirm: the target is empty.", severity="warning")
            return
        if self.session.confirm(self.current):
            self._record_memory(row.source, row.target)
        self._typing = False
        self.grid.update_row(self.current)
        self._update_title()
        nxt = self.next_unconfirmed_shown()
        if nxt is None:
            self.notify("All segments are confirmed.")
        else:
            self.go_to(nxt)
        self.editor.focus()

    @work(thread=True, group="memory-write")
    def _record_memory(self, source: str, target: str) -> None:
        guarded(self, self.services.record, source, target)

    def action_insert_term(self) -> None:
        hit = self.term_panel.selected_hit
        if hit is None:
            self.notify("No term in this segment.", severity="warning")
            return
        self.editor.insert_at_cursor(hit.source if hit.dnt or not hit.target else hit.target)
        self.editor.focus()

    @on(TermPanel.InsertRequested)
    def _on_insert_requested(self, message: TermPanel.InsertRequested) -> None:
        hit = message.hit
        self.editor.insert_at_cursor(hit.source if hit.dnt or not hit.target else hit.target)
        self.editor.focus()

    def action_use_tm(self) -> None:
        if not self.query_one(TMPanel).use_highlighted():
            self.notify("No memory match for this segment.", severity="warning")

    @on(TMPanel.UseRequested)
    def _on_use_tm(self, message: TMPanel.UseRequested) -> None:
        self._apply(self.current, message.target, "edited", f"TM {message.score}%")
        self.editor.focus()

    # -- QA --------------------------------------------------------------------------------

    def _schedule_qa(self) -> None:
        if self._qa_timer is not None:
            self._qa_timer.stop()
        self._qa_timer = self.set_timer(QA_DELAY, self._run_qa_now)

    def _run_qa_now(self) -> None:
        if self.session.rows:
            row = self._row()
            self._qa(self.current, row.source, row.target)

    @work(thread=True, exclusive=True, group="qa")
    def _qa(self, index: int, source: str, target: str) -> None:
        if not target.strip():
            self.post_message(self.QAResult(index, target, []))
            return
        findings = guarded(self, self.services.qa_pairs, [(source, target)])
        if findings is not FAILED:
            self.post_message(self.QAResult(index, target, findings))

    def on_editor_screen_qaresult(self, message: QAResult) -> None:
        if message.index == self.current and message.target == self._row().target:
            self.query_one(QAPanel).show(message.findings)

    # -- find ------------------------------------------------------------------------------

    def action_find(self) -> None:
        if not self._need_document():
            return

        def done(query: str | None) -> None:
            if query:
                self.find_query = query
                self.action_find_next()

        self.app.push_screen(
            Prompt("Find in source and target", self.find_query, "text to find"), done
        )

    def action_find_next(self) -> None:
        if not self.find_query:
            self.action_find()
            return
        index = self.session.find(self.find_query, self.current)
        if index is None:
            self.notify(f"“{self.find_query}” not found.", severity="warning")
            return
        self.go_to(index)
