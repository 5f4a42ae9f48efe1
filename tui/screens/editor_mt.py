"""Machine translation in the editor: one segment or all, chunked, cancellable, with progress."""

from __future__ import annotations

import gc
from typing import Any

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from tui.services import Translation
from tui.widgets.segment_grid import LOW_CONFIDENCE_MATCH
from tui.widgets.translation_progress import TranslationProgress
from tui.workers import guarded

# Segments per translation call: small enough for a smooth progress bar and quick cancel,
# large enough for the engine to batch well.
MT_CHUNK = 16
FREEZE_EVERY = 128  # segments translated between two gc.freeze() calls


class MTActions:
    """The editor's MT actions (mixed into :class:`~tui.screens.editor.EditorScreen`)."""

    translating: bool
    services: Any
    session: Any

    class Translated(Message):
        def __init__(
            self, items: list[tuple[Any, int]], results: list[Translation], force: bool
        ) -> None:
            super().__init__()
            self.items, self.results, self.force = items, results, force  # (session, index)

    class MTProgress(Message):
        def __init__(self, done: int) -> None:
            super().__init__()
            self.done = done

    class MTFinished(Message):
        def __init__(self, done: int, total: int, cancelled: bool) -> None:
            super().__init__()
            self.done, self.total, self.cancelled = done, total, cancelled

    def action_translate_current(self: Any) -> None:
        if self._need_document():
            self._start_translation([self.current], force=True)

    def action_translate_all(self: Any) -> None:
        if not self._need_document():
            return
        todo = self.session.untranslated()
        if not todo:
            self.notify("Every segment already has a translation.")
            return
        self._start_translation(todo, force=False)

    def _start_translation(self: Any, indices: list[int], force: bool) -> None:
        self.start_translation([(self.session, i) for i in indices], force)

    def start_translation(self: Any, items: list[tuple[Any, int]], force: bool) -> None:
        """Translate segments ``(session, index)``, of the open document or any file of a job."""
        if self.translating:
            self.notify("A translation is running (Esc cancels it).", severity="warning")
            return
        self.translating = True
        # Objects alive now (document, grid, matcher) live on: the collector need not scan
        # them again, so a full collection during the run stays short.
        gc.freeze()
        self.query_one(TranslationProgress).start(len(items))
        sources = [session.rows[i].source for session, i in items]
        self._translate(items, sources, force)

    @work(thread=True, exclusive=True, group="mt")
    def _translate(
        self: Any, items: list[tuple[Any, int]], sources: list[str], force: bool
    ) -> None:
        worker = get_current_worker()
        done = 0
        cancelled = False
        try:
            for start in range(0, len(items), MT_CHUNK):
                if worker.is_cancelled:
                    cancelled = True
                    break
                chunk = items[start : start + MT_CHUNK]
                results = guarded(self, self.services.translate, sources[start : start + MT_CHUNK])
                if not isinstance(results, list):  # failed; the error is shown
                    cancelled = True
                    break
                self.post_message(MTActions.Translated(chunk, results, force))
                done += len(chunk)
                self.post_message(MTActions.MTProgress(done))
        finally:
            finished = MTActions.MTFinished(done, len(items), cancelled or worker.is_cancelled)
            self.post_message(finished)

    def on_mtactions_translated(self: Any, message: Translated) -> None:
        for (session, index), result in zip(message.items, message.results, strict=True):
            row = session.rows[index]
            if not message.force and row.status != "new":
                continue  # the user wrote something meanwhile: keep it
            match = LOW_CONFIDENCE_MATCH if result.low_confidence else "MT"
            session.set_target(index, result.target, "machine", match=match, terms=result.terms)
            if session is not self.session:
                continue  # another file of the job
            self.grid.update_row(index)
            if index == self.current:
                self._typing = False
                self.editor.set_text(result.target)
                self._schedule_qa()
        self._update_title()

    def on_mtactions_mtprogress(self: Any, message: MTProgress) -> None:
        self.query_one(TranslationProgress).advance(message.done)
        if message.done % FREEZE_EVERY < MT_CHUNK:
            # What the run added (targets, term outcomes, undo steps) lives on as well:
            # out of full collections, which would otherwise grow with a long job's run.
            gc.freeze()

    def on_mtactions_mtfinished(self: Any, message: MTFinished) -> None:
        self.translating = False
        self.query_one(TranslationProgress).finish()
        if message.cancelled:
            self.notify(f"Translation stopped after {message.done} of {message.total} segments.")
        elif message.total > 1:
            self.notify(f"Translated {message.done} segments.")

    def action_cancel_translation(self: Any) -> None:
        if self.translating:
            self.workers.cancel_group(self, "mt")
