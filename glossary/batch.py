"""Translate many files and folders: formats kept, work batched across files, resumable.

This module is the entry point (:func:`translate_paths`, ``--jobs`` worker processes);
planning, the per-process runner and the reports live in ``batch_plan``,
``batch_runner`` and ``batch_report``.

Segments from many files are gathered into large chunks, so each translator call keeps
the engine busy. Every finished chunk is recorded in the translation memory before its
files are written, so after a crash (even ``kill -9``) the same command looks the
finished segments up instead of translating them again. Outputs are written atomically
and inputs are never modified. One bad file gets a one-line error in the report; the
others are still translated.
"""

from __future__ import annotations

import contextlib
import os
import resource
import threading
import time
from pathlib import Path
from typing import Any

from glossary import formats
from glossary.batch_plan import _exact_output, _size, plan_outputs
from glossary.batch_report import BatchReport, FileReport
from glossary.batch_runner import _Runner
from glossary.errors import InputError
from glossary.progress import Snapshot, make_progress
from glossary.safeio import (
    clean_stale_once,
)

CHUNK_WORDS = 1500  # words per translator call, across files
STREAM_BYTES = 16 * 2**20  # plain-text files larger than this are streamed
STREAM_WINDOW_LINES = 2000


# ---------------------------------------------------------------- entry point


def translate_paths(
    inputs: list[Path],
    out_dir: Path | None,
    translator: Any,
    *,
    format: str | None = None,
    overwrite_existing: bool = False,
    output_encoding: str | None = None,
    jobs: int = 1,
    progress: Any = None,
    memory: Any = None,
    report_path: Path | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    chunk_words: int = CHUNK_WORDS,
    output: Path | None = None,
) -> BatchReport:
    """Translate files and folders; see the module docstring.

    ``translator`` is the front door (a :class:`glossary.translate.Translator`, or a
    :class:`~glossary.translate.Recipe`, needed for ``jobs > 1``: each process builds its
    own); a bare sentence translator or a factory of one is wrapped (see
    :func:`glossary.translate.translator_for`) with ``memory``: an open memory, a memory
    path, None for the user's, or False for none.
    ``progress`` is "auto", "bar", "plain", None, or a sink (see :mod:`glossary.progress`).
    ``output``: the one input file is written to exactly this path (``-o``).
    Bad inputs are reported, not raised; a bad ``inputs`` list or ``format`` raises InputError.
    """
    started = time.monotonic()
    if format is not None:
        formats.detect_format(Path("x"), format)  # unknown names fail before any work
    if output_encoding:
        import codecs

        try:
            codecs.lookup(output_encoding)
        except LookupError as exc:
            raise InputError(f"unknown output encoding {output_encoding!r}") from exc
    refused: dict[Path, tuple[str, str]] = {}
    if output is not None:
        pairs = [_exact_output([Path(p) for p in inputs], Path(output))]
    else:
        pairs = plan_outputs([Path(p) for p in inputs], Path(out_dir) if out_dir else None,
                             tgt_lang or "en", refused)  # fmt: skip
    for folder in sorted({str(out.parent) for _src, out in pairs}):
        clean_stale_once(Path(folder))  # temporary files of a run that was killed
    from glossary.translate import Recipe, translator_for

    front = translator_for(
        translator, memory=memory or None, use_memory=memory is not False,
        from_code=src_lang, to_code=tgt_lang,
    )  # fmt: skip
    src, tgt = front.from_code, front.to_code
    options = {
        "format": format,
        "overwrite_existing": overwrite_existing,
        "output_encoding": output_encoding,
        "src_lang": src,
        "tgt_lang": tgt,
        "chunk_words": max(1, chunk_words),
        "stream_bytes": STREAM_BYTES,
        "window_lines": STREAM_WINDOW_LINES,
        "refused": {str(path): reason for path, reason in refused.items()},
    }
    snap = Snapshot(files_total=len(pairs), started=time.monotonic())
    snap.bytes_total = sum(_size(p) for p, _ in pairs)
    sink = make_progress(progress)

    lock = threading.Lock()

    def notify(kind: str, size: int = 0, segments: int = 0, words: int = 0) -> None:
        with lock:
            _update(kind, size, segments, words)

    def _update(kind: str, size: int, segments: int, words: int) -> None:
        if kind == "file":
            snap.files_done += 1
            snap.bytes_done += size
        snap.segments_done += segments
        snap.words_done += words
        if sink is not None:
            sink.update(snap)

    recipe = front if isinstance(front, Recipe) else front.recipe
    if jobs > 1 and len(pairs) > 1 and recipe is not None:
        report = BatchReport(memory=_memory_path(recipe))
        report.files = _run_parallel(pairs, recipe, options, jobs, notify)
    else:
        built = front.build() if isinstance(front, Recipe) else front
        report = BatchReport(memory=_memory_path(built))
        try:
            report.files = _Runner(built, options, notify).run(pairs)
        finally:
            if built is not front:
                built.close()
    if sink is not None:
        sink.close(snap)
    report.seconds = time.monotonic() - started
    report.peak_rss_mb = peak_rss_mb()
    if report_path:
        report.write_json(Path(report_path))
    return report


def _memory_path(front: Any) -> str | None:
    """The path of the translation memory a Translator or Recipe uses, or None."""
    memory = getattr(front, "memory", None)
    if hasattr(front, "use_memory"):  # a Recipe
        if not front.use_memory:
            return None
        from glossary.memory import default_path

        return str(memory or default_path())
    return str(getattr(memory, "path", "")) or None


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


_EVENTS = None  # the progress queue of a worker process (set by its initializer)


def _init_worker(events, parent: int | None = None) -> None:
    global _EVENTS
    _EVENTS = events
    if parent is not None:
        die_with_parent(parent)


def die_with_parent(parent: int, interval: float = 0.5) -> None:
    """End this (worker) process when process ``parent`` ends, even by ``kill -9``.

    On Linux the kernel sends SIGKILL at the parent's death (``PR_SET_PDEATHSIG``);
    everywhere a watchdog thread also checks the parent id, so a worker never keeps
    writing outputs that a later run would race with.
    """
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="ordbro-parent-watch", daemon=True).start()


def _worker(shard, recipe, options) -> list[FileReport]:
    translator = recipe.build()

    def notify(kind: str, size: int = 0, segments: int = 0, words: int = 0) -> None:
        if _EVENTS is not None:
            _EVENTS.put((kind, size, segments, words))

    try:
        return _Runner(translator, options, notify).run(shard)
    finally:
        translator.close()


def _run_parallel(pairs, recipe, options, jobs, notify) -> list[FileReport]:
    """Shard files over ``jobs`` processes (largest first, round robin); keep input order.

    Workers are spawned (not forked): a parent that already runs CTranslate2 or CUDA
    threads cannot be forked safely.
    """
    import multiprocessing as mp
    import queue as queue_mod
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")
    order = sorted(range(len(pairs)), key=lambda i: -_size(pairs[i][0]))
    shards = [[order[k] for k in range(w, len(order), jobs)] for w in range(jobs)]
    shards = [s for s in shards if s]
    events = ctx.Queue()
    pool = ProcessPoolExecutor(
        len(shards), mp_context=ctx, initializer=_init_worker, initargs=(events, os.getpid())
    )
    with pool:
        futures = [pool.submit(_worker, [pairs[i] for i in s], recipe, options) for s in shards]
        while not all(f.done() for f in futures):
            with contextlib.suppress(queue_mod.Empty):
                notify(*events.get(timeout=0.2))
        results: list[FileReport | None] = [None] * len(pairs)
        for shard, future in zip(shards, futures, strict=True):
            for index, file_report in zip(shard, future.result(), strict=True):
                results[index] = file_report
    while True:
        try:
            notify(*events.get(timeout=0.05))
        except queue_mod.Empty:
            break
    return [r for r in results if r is not None]
