"""The workbench's only door into the core library (``glossary``).

Every method here may block (SQLite, model inference, file I/O): screens call
them from thread workers, never from the event loop. A termbase connection is
opened per thread, because SQLite connections belong to the thread that made them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import InputError
from glossary.termtypes import Entry, Hit
from tui.session import Session

# Formats whose files hold source and target together: saving writes back in place.
BILINGUAL_SUFFIXES = {".xlf", ".xliff", ".sdlxliff", ".po", ".tmx"}


@dataclass
class Settings:
    """What the workbench was opened with."""

    terms_path: Path | None = None
    memory_path: Path | None = None
    model: str | None = None
    from_code: str = "sv"
    to_code: str = "en"
    engine_settings: Any = None
    # Open each paragraph as its sentences (False: a segment is a whole paragraph).
    sentences: bool = True
    # Translate in a child process (the UI never waits for the GIL or the collector);
    # False runs the translator in the calling thread.
    isolate_mt: bool = True


@dataclass
class ModelRow:
    """One installed model, as the models screen lists it."""

    name: str
    from_code: str
    to_code: str
    version: str
    path: str
    starter: bool = False
    size: int = 0


@dataclass
class Translation:
    """The machine translation of one segment."""

    target: str
    terms: list[Any] = field(default_factory=list)
    low_confidence: bool = False  # see glossary.confidence


class Services:
    """Blocking operations on documents, terms, memory, QA and models."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._matcher: Any = None
        self._matcher_version: int = -1
        self._entries: list[Entry] = []
        self._entries_version: int = -1
        # tui.mt_process.MTProcess (its child starts on first use) or InThreadMT; the
        # process's helper is created now, before the app takes over the terminal.
        self._mt: Any = None
        self._mt_runner()
        self._model_generation = 0  # bumped when a model is installed

    # -- documents -------------------------------------------------------------------------

    def load_document(self, path: Path) -> Session:
        """Parse ``path`` in whatever format the batch translator reads.

        In sentence mode a paragraph opens as its sentences, unless the memory holds the
        whole paragraph (an entry made in paragraph mode): then it stays one segment, so
        that match is offered.
        """
        from glossary import formats

        if not path.exists():
            raise InputError(f"{path}: no such file")
        s = self.settings
        return Session.from_document(
            path,
            formats.load(path),
            sentences=s.sentences,
            lang=s.from_code,
            keep_whole=self.memory_holds,
        )

    def memory_holds(self, source: str) -> bool:
        """Does the memory hold a translation of exactly ``source``? (False when the memory
        cannot be read: the document still opens, and the memory panel says why.)"""
        try:
            tm = self.memory()
        except InputError:
            return False
        s = self.settings
        return tm is not None and tm.best(source, s.from_code, s.to_code) is not None

    @staticmethod
    def default_output_path(path: Path, to_code: str = "en") -> Path:
        """Bilingual files are written back in place; others beside the source (``x.en.txt``)."""
        if path.suffix.lower() in BILINGUAL_SUFFIXES:
            return path
        return path.with_name(f"{path.stem}.{to_code}{path.suffix}")

    def save_document(self, session: Session, out_path: Path | None = None) -> Path:
        """Write the targets in the document's own format (atomic) and return the path."""
        from glossary import formats

        if session.path is None or session.document is None:
            raise InputError("no document is open")
        out = out_path or self.default_output_path(session.path, self.settings.to_code)
        formats.save(session.document, session.targets(), out)
        return out

    def markup_mismatches(self, session: Session) -> list[int]:
        """1-based numbers of the segments whose target lacks, doubles or breaks the
        source's inline markup (saving puts it back at fallback positions)."""
        from glossary.markup.verify import intact

        return [
            number
            for number, row in enumerate(session.rows, 1)
            if row.target and row.target != row.source and not intact(row.source, row.target)
        ]

    def export_report(self, session: Session, out_path: Path) -> Path:
        """Write a JSON report: per-segment status, match, term outcomes and QA findings."""
        findings = self.qa_pairs([(r.source, r.target) for r in session.rows])
        by_segment: dict[int, list[dict[str, Any]]] = {}
        for f in findings:
            by_segment.setdefault(f["segment"], []).append(f)  # 0-based here
        report = {
            "file": str(session.path) if session.path else None,
            "counts": session.counts(),
            "segments": [
                {
                    "key": r.key,
                    "source": r.source,
                    "target": r.target,
                    "status": r.status,
                    "match": r.match,
                    "terms": [_as_dict(t) for t in r.terms],
                    "qa": by_segment.get(i, []),
                }
                for i, r in enumerate(session.rows)
            ],
        }
        _atomic_write(out_path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return out_path

    # -- the termbase ----------------------------------------------------------------------

    def termbase(self) -> Any:
        """This thread's connection to the termbase (opened on first use)."""
        tb = getattr(self._local, "termbase", None)
        if tb is None:
            from glossary.termbase import Termbase

            tb = Termbase.open(self.settings.terms_path)
            self._local.termbase = tb
        return tb

    def matcher(self) -> Any:
        """The term matcher, loaded again whenever the termbase's content has changed: from
        the compiled cache beside the termbase when it is current (as the CLI does), else
        built and cached (see :mod:`glossary.matcher_cache`)."""
        tb = self.termbase()
        with self._lock:
            version = tb.data_version()
            if self._matcher is None or self._matcher_version != version:
                from glossary.matcher import TermMatcher

                s = self.settings
                self._matcher = TermMatcher.from_termbase(tb, src=s.from_code, tgt=s.to_code)
                self._matcher_version = version
            return self._matcher

    def _entries_now(self) -> list[Entry]:
        """Every entry of the termbase (read again when its content has changed); only the
        QA checks need them, so the matcher does not wait for them."""
        tb = self.termbase()
        with self._lock:
            version = tb.data_version()
            if self._entries_version != version:
                self._entries = list(tb.entries())
                self._entries_version = version
            return self._entries

    def cached_matcher(self) -> Any | None:
        """The last matcher built (never blocks; may be one change behind until rebuilt)."""
        return self._matcher

    def find_terms(self, text: str) -> list[Hit]:
        """Term hits in ``text``, longest first, without the covered ones."""
        return [h for h in self.matcher().find(text) if not h.covered]

    def search_entries(
        self,
        query: str,
        glossary: str | None = None,
        status: str | None = None,
        subject_field: str | None = None,
        limit: int = 200,
    ) -> list[Entry]:
        """Entries matching a prefix query and the filters (all entries when the query is empty)."""
        tb = self.termbase()
        if query.strip():
            hits = tb.search(
                query, glossary=glossary, status=status, subject_field=subject_field, limit=limit
            )
            return list(hits)
        out = []
        for e in tb.entries(glossary=glossary):
            if subject_field and e.subject_field != subject_field:
                continue
            if status and not any(t.status == status for t in e.terms):
                continue
            out.append(e)
            if len(out) >= limit:
                break
        return out

    def get_entry(self, entry_id: int) -> Entry:
        return self.termbase().get_entry(entry_id)

    def save_entry(self, entry: Entry) -> int:
        """Add a new entry or update an existing one; returns its id."""
        tb = self.termbase()
        if entry.id is None:
            entry_id = tb.add_entry(entry)
        else:
            tb.update_entry(entry)
            entry_id = entry.id
        return entry_id

    def remove_entry(self, entry_id: int) -> None:
        self.termbase().remove_entry(entry_id)

    def filters(self) -> tuple[list[str], list[str]]:
        """The glossaries and subject fields present in the termbase."""
        tb = self.termbase()
        return list(tb.glossaries()), [s for s in tb.subject_fields() if s]

    def import_terms(self, path: Path) -> str:
        """Import a CSV/TSV/TBX file (existing terms are kept); returns a one-line summary."""
        from glossary.termio.merge import import_file

        s = import_file(self.termbase(), path, options=self._term_options())
        return f"{s.added} added, {s.updated} updated, {s.skipped} skipped from {path.name}"

    def export_terms(self, path: Path) -> int:
        """Export the termbase to CSV/TSV/TBX (by extension, atomic); returns the entry count."""
        from glossary.termio.export import export_file

        return export_file(self.termbase(), path, options=self._term_options())

    def _term_options(self) -> Any:
        from glossary.termio import Options

        return Options(source_lang=self.settings.from_code, target_lang=self.settings.to_code)

    # -- machine translation ---------------------------------------------------------------

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """Machine-translate whole segments (each may hold several sentences)."""
        if not texts:
            return []
        results = self._mt_runner().translate(*self._recipe(), list(texts))
        return [Translation(*result) for result in results]

    def warm_up(self) -> None:
        """Load the model and the termbase for translation now (not on the first request)."""
        self._mt_runner().warm_up(*self._recipe())

    def close(self) -> None:
        """Stop the translation process, if one runs."""
        if self._mt is not None:
            self._mt.close()

    def _mt_runner(self) -> Any:
        """What runs :func:`tui.mt_process.translate_texts`: a child process, or this
        thread when ``isolate_mt`` is off; its translator is rebuilt when the recipe's
        version changes."""
        with self._lock:
            if self._mt is None:
                from tui.mt_process import InThreadMT, MTProcess

                self._mt = MTProcess() if self.settings.isolate_mt else InThreadMT()
            return self._mt

    def _recipe(self) -> tuple[Any, tuple[int, int]]:
        """(recipe, (termbase version, model generation)): the translator is rebuilt when
        they change. The workbench's MT neither reads nor writes the memory: the translator
        confirms segments, and those are recorded (:meth:`record`)."""
        from glossary.termbase import resolve_termbase_path
        from glossary.translate import Recipe

        s = self.settings
        recipe = Recipe(
            s.from_code,
            s.to_code,
            s.model,
            s.engine_settings,
            resolve_termbase_path(str(s.terms_path) if s.terms_path else None),
            use_memory=False,
        )
        return recipe, (self.termbase().data_version(), self._model_generation)

    # -- translation memory and QA -----------------------------------------------------------

    def memory(self) -> Any | None:
        """This thread's translation memory, or None when the memory module is missing."""
        tm = getattr(self._local, "memory", None)
        if tm is None:
            try:
                from glossary.memory import TranslationMemory
            except ImportError:
                return None
            tm = TranslationMemory.open(self.settings.memory_path)
            self._local.memory = tm
        return tm

    def tm_matches(self, source: str, threshold: float = 60, limit: int = 5) -> list[Any]:
        """Fuzzy translation-memory matches (FuzzyMatch, score 0-100) for ``source``, best first."""
        tm = self.memory()
        if tm is None or not source.strip():
            return []
        s = self.settings
        return list(tm.fuzzy(source, s.from_code, s.to_code, threshold=threshold, limit=limit))

    def record(self, source: str, target: str) -> None:
        """Store a pair the translator confirmed in the translation memory (approved)."""
        tm = self.memory()
        if tm is not None:
            s = self.settings
            tm.record(source, target, s.from_code, s.to_code, origin="human", approved=True)

    def concordance(self, query: str, pairs: Sequence[tuple[str, str]]) -> list[Any]:
        """Concordance lines (:class:`glossary.concordance.Line`) of ``query``: the open
        document's ``pairs`` first, then the memory's; Swedish forms from the termbase."""
        from glossary.concordance import search

        s = self.settings
        return search(
            query, memory=self.memory(), pairs=pairs, src_lang=s.from_code, tgt_lang=s.to_code,
            termbase=self.termbase(),
        )  # fmt: skip

    def qa_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        """QA findings for (source, target) pairs, as dicts with a 0-based ``segment``."""
        from glossary.qa import check_pairs

        s = self.settings
        matcher = self.matcher()
        findings = check_pairs(
            list(pairs), matcher, src=s.from_code, tgt=s.to_code, entries=self._entries_now()
        )
        return [{**f.to_dict(), "segment": f.segment - 1} for f in findings]

    # -- models ----------------------------------------------------------------------------

    def installed_models(self) -> list[ModelRow]:
        """Installed packages, then the bundled starter models."""
        from glossary import models

        return [
            ModelRow(m.name, m.from_code, m.to_code, m.version, str(m.path), m.bundled, m.size)
            for m in models.installed_models()
        ]

    def install_model(self, path: Path) -> str:
        """Install a ``.argosmodel`` file (validated first); returns the package name."""
        from glossary import models

        info = models.install_from_file(path)
        with self._lock:
            self._model_generation += 1  # the next translation picks the new model up
        return info.name


def _as_dict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if isinstance(obj, dict):
        return obj
    return {"value": str(obj)}


def _atomic_write(path: Path, text: str) -> None:
    from glossary.safeio import atomic_write

    atomic_write(path, text.encode("utf-8"))
