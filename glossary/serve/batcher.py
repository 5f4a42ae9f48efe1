"""Requests translated together: adaptive batches, worker threads, the front door.

The event loop hands each request to :meth:`Batcher.submit` and awaits its future.
Batches are adaptive, with no fixed wait: when the model is idle, a worker thread takes
the first request with whatever is already waiting and starts at once (a lone request
is not held back); while another batch is being translated, a worker keeps collecting
until that batch is done or ``BATCH_TARGET`` texts are waiting, so the next batch is
what arrived meanwhile. All requests of a batch that share a recipe go through the
front door (:mod:`glossary.translate`) in one call: one memory transaction, one
enforcement pass, one batched model call per length group (spread over the model's
threads). The workers share one loaded model per direction, so one worker prepares or
finishes a batch while another's is decoded. The event loop never runs the model.
"""

from __future__ import annotations

import queue
import sqlite3
import sys
import threading
from collections import OrderedDict, deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary import store
from glossary.errors import InputError
from glossary.results import SentenceResult
from glossary.serve.settings import ServeSettings
from glossary.translate import Recipe, Translator

BATCH_TARGET = 16  # texts: enough to start a batch while another is still being decoded
KEEP_TRANSLATORS = 16  # per worker: one per recipe in use (direction, glossary)


def auto_workers(engine: Any) -> int:
    """Worker threads for ``engine`` settings: one per CTranslate2 worker on the CPU (so
    every model thread has a batch), two on a GPU (one prepares while one decodes)."""
    from glossary.engine import EngineSettings, cpu_threads

    settings = engine or EngineSettings()
    if settings.device != "cpu":
        return 2
    return cpu_threads(settings, "cpu")["inter_threads"]


@dataclass
class TextResult:
    """One translated text and its sentences (with their term outcomes)."""

    target: str
    sentences: list[SentenceResult] = field(default_factory=list)


@dataclass
class Job:
    """One request's work: ``kind`` "text" or "html" (``payload`` the texts) or "file"
    (``payload`` the (input, output) paths)."""

    recipe: Recipe
    kind: str
    payload: Any
    future: Future = field(default_factory=Future)


class Engines:
    """The loaded models, shared by all workers: one per model, direction and settings."""

    def __init__(self) -> None:
        self.loaded: dict[tuple, Any] = {}
        self.lock = threading.Lock()

    def get(self, recipe: Recipe) -> Any:
        """The loaded model for ``recipe`` (None for a recipe with its own core)."""
        if recipe.core is not None:
            return None
        key = (recipe.from_code, recipe.to_code, recipe.model, repr(recipe.engine))
        with self.lock:  # a second worker waits for the first one's load, then shares it
            if key not in self.loaded:
                self.loaded[key] = recipe.load_engine()
            return self.loaded[key]


class TranslatorPool:
    """One worker's translators (its own termbase matcher and memory connection), one
    per recipe, on the shared models; rebuilt when its termbase changes."""

    def __init__(self, engines: Engines) -> None:
        self.engines = engines
        self.built: OrderedDict[tuple, Translator] = OrderedDict()
        self.versions: dict[Path, sqlite3.Connection] = {}

    def get(self, recipe: Recipe) -> Translator:
        overlay = recipe.overlay[0] if recipe.overlay else None
        key = (repr(recipe), self._version(recipe.terms), self._version(overlay))  # unhashable
        if key in self.built:
            self.built.move_to_end(key)
            return self.built[key]
        translator = recipe.build(engine=self.engines.get(recipe))
        translator.keep_results = False  # a server would grow without end
        self.built[key] = translator
        while len(self.built) > KEEP_TRANSLATORS:
            self.built.popitem(last=False)[1].close()
        return translator

    def _version(self, terms: Path | None) -> int | None:
        """The termbase's data version (changes with every edit, in any process)."""
        if terms is None:
            return None
        conn = self.versions.get(terms)
        try:
            if conn is None:
                conn = store.connect_plain(terms, readonly=True)
                self.versions[terms] = conn
            row = conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
            return int(row[0]) if row else None
        except sqlite3.Error:
            self.versions.pop(terms, None)
            return None

    def close(self) -> None:
        for translator in self.built.values():
            translator.close()
        for conn in self.versions.values():
            conn.close()


class Batcher:
    """Worker threads that translate queued jobs, batched per recipe."""

    def __init__(self, settings: ServeSettings, warm: list[Recipe] = ()) -> None:
        self.warm = list(warm)  # recipes each worker builds before taking requests
        self.batching = settings.batching
        self.max_texts = settings.max_batch_texts
        self.queue: queue.Queue[Job | None] = queue.Queue()
        self.busy = 0  # workers translating a batch now
        self.changed = threading.Condition()  # a job was queued or a batch finished
        self.engines = Engines()
        self.calls = 0  # front-door calls made (for tests and the benchmark)
        self.batches: deque[int] = deque(maxlen=1000)  # texts per front-door call
        workers = settings.workers or auto_workers(settings.engine)
        self.threads = [
            threading.Thread(target=self._work, name=f"ordbro-translate-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self.threads:
            thread.start()

    def submit(self, recipe: Recipe, kind: str, payload: Any) -> Future:
        """Queue one job; its future gets a list of :class:`TextResult` (or a batch report
        for a file)."""
        job = Job(recipe, kind, payload)
        self.queue.put(job)
        with self.changed:
            self.changed.notify_all()
        return job.future

    def close(self) -> None:
        """Stop the workers once the queued jobs are done."""
        for _ in self.threads:
            self.queue.put(None)
        with self.changed:
            self.changed.notify_all()
        for thread in self.threads:
            thread.join(timeout=30)

    # ------------------------------------------------------------------ worker side

    def _work(self) -> None:
        pool = TranslatorPool(self.engines)
        for recipe in self.warm:
            try:
                pool.get(recipe)
            except Exception as exc:  # the first request will report it
                print(f"ordbro: cannot load {recipe.from_code}->{recipe.to_code}: {exc}",
                      file=sys.stderr)  # fmt: skip
        try:
            while True:
                first = self.queue.get()
                if first is None:
                    return
                jobs = self._collect(first)
                groups: dict[tuple, list[Job]] = {}
                for job in jobs:
                    if job is not None:
                        key = (repr(job.recipe), job.kind, id(job) if job.kind == "file" else 0)
                        groups.setdefault(key, []).append(job)
                with self.changed:
                    self.busy += 1
                try:
                    for group in groups.values():
                        self._run(pool, group)
                finally:
                    with self.changed:
                        self.busy -= 1
                        self.changed.notify_all()
                if None in jobs:
                    return
        finally:
            pool.close()

    def _collect(self, first: Job) -> list[Job | None]:
        """``first`` and every job already waiting; while another worker's batch is being
        translated, also those that arrive before it is done (or until ``BATCH_TARGET``
        texts are waiting). When the model is idle, the batch starts at once."""
        jobs: list[Job | None] = [first]
        if not self.batching or first.kind == "file":
            return jobs
        texts = len(first.payload)
        while texts < self.max_texts:
            try:
                job = self.queue.get_nowait()
            except queue.Empty:
                with self.changed:
                    if self.queue.qsize():
                        continue
                    if not self.busy or texts >= BATCH_TARGET:
                        break
                    self.changed.wait(timeout=1.0)
                continue
            jobs.append(job)
            if job is None:
                break
            texts += len(job.payload) if job.kind != "file" else 0
        return jobs

    def _run(self, pool: TranslatorPool, group: list[Job]) -> None:
        """Translate a group in one call; when that fails, each job alone (so a bad
        request fails only itself)."""
        live = [job for job in group if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            results = self._translate(pool, live)
        except Exception as exc:  # reported to each request, never lost in a thread
            if len(live) == 1:
                live[0].future.set_exception(exc)
                return
            for job in live:
                try:
                    job.future.set_result(self._translate(pool, [job])[0])
                except Exception as single:
                    job.future.set_exception(single)
            return
        for job, result in zip(live, results, strict=True):
            job.future.set_result(result)

    def _translate(self, pool: TranslatorPool, jobs: list[Job]) -> list[Any]:
        translator = pool.get(jobs[0].recipe)
        self.calls += 1
        kind = jobs[0].kind
        if kind == "file":
            return [translate_file(translator, *jobs[0].payload)]
        self.batches.append(sum(len(job.payload) for job in jobs))
        texts = [text for job in jobs for text in job.payload]
        done = (
            translate_html(translator, texts)
            if kind == "html"
            else translate_text(translator, texts)
        )
        out, cursor = [], 0
        for job in jobs:
            out.append(done[cursor : cursor + len(job.payload)])
            cursor += len(job.payload)
        return out


def translate_text(translator: Translator, texts: list[str]) -> list[TextResult]:
    """Plain texts through the front door (memory, enforcement), layouts kept."""
    from glossary.translate.documents import translate_plain

    docs = translate_plain(texts, translator)
    return [TextResult(doc.target, doc.sentences) for doc in docs]


def translate_html(translator: Translator, texts: list[str]) -> list[TextResult]:
    """HTML fragments: the text of each element translated with its inline markup
    projected back (as for HTML files); a text without markup goes as plain text."""
    from glossary.formats import html
    from glossary.markup.verify import guard_segments

    docs: list[Any] = []
    plain: list[int] = []
    for i, text in enumerate(texts):
        try:
            docs.append(html.parse(text.encode("utf-8"), Path("request.html"), "html"))
        except InputError:
            docs.append(None)
            plain.append(i)
    sources = [seg.source for doc in docs if doc is not None for seg in doc.segments]
    results = translator.translate_segments(sources) if sources else []
    out: list[TextResult | None] = [None] * len(texts)
    cursor = 0
    for i, doc in enumerate(docs):
        if doc is None:
            continue
        mine = results[cursor : cursor + len(doc.segments)]
        cursor += len(doc.segments)
        targets, _ = guard_segments(doc.segments, [r.target for r in mine])
        rendered = doc.render(targets).decode(doc.encoding or "utf-8")
        out[i] = TextResult(rendered, [s for r in mine for s in r.sentences])
    if plain:
        for i, result in zip(plain, translate_text(translator, [texts[i] for i in plain]),
                             strict=True):  # fmt: skip
            out[i] = result
    return [r for r in out if r is not None]


def translate_file(translator: Translator, source: Path, output: Path) -> Any:
    """One uploaded file through the batch translator (its refusals, limits and atomic
    write); returns the file's report."""
    from glossary import batch

    report = batch.translate_paths([source], None, translator, output=output, progress=None)
    return report.files[0]
