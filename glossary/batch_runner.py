"""The batch runner of one process: files read ahead and written behind in two threads,
segments queued across files and translated in chunks through the front door, large
text files streamed window by window."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary import formats
from glossary.batch_plan import _size, printable, shown
from glossary.batch_report import FileReport
from glossary.confidence_notes import of_result
from glossary.errors import InputError, OrdbroError
from glossary.safeio import atomic_output, describe_os_error
from glossary.translate.documents import translatable as _translatable
from glossary.translate.documents import words as _words

PREFETCH_FILES = 16  # files parsed ahead of the translator


# ---------------------------------------------------------------- translation


@dataclass
class _Job:
    """One loaded file waiting for its segments."""

    doc: Any
    out: Path
    report: FileReport
    targets: list[str | None]
    size: int
    remaining: int = 0
    busy: float = 0.0  # seconds of translator time attributed to this file
    own: float = 0.0  # seconds spent loading and looking up this file
    error: str | None = None  # why a segment of this file could not be translated


class _Runner:
    """Translates a list of (input, output) pairs in one process."""

    def __init__(self, translator: Any, options: dict[str, Any], notify: Callable) -> None:
        self.translator = translator  # glossary.translate.Translator
        self.opt = options
        self.notify = notify  # notify(kind, **numbers) for progress
        self.src = options["src_lang"]
        self.tgt = options["tgt_lang"]
        self.queue: dict[str, list[tuple[_Job, int]]] = {}
        self.queued_words = 0
        self.saved = 0
        # chunks handed to the translator and not yet back (a cluster translator runs up to
        # ``in_flight`` at once; any other translator returns each before the next starts)
        self.depth = getattr(translator, "in_flight", 0)
        self.pending: deque = deque()
        self.flying: dict[str, list[tuple[_Job, int, bool]]] = {}

    def run(self, pairs: list[tuple[Path, Path]]) -> list[FileReport]:
        """Translate ``pairs``; files are read ahead and written behind in two threads, so
        parsing and writing overlap with the translator (which releases the GIL)."""
        from concurrent.futures import ThreadPoolExecutor

        reports = [FileReport(shown(src), shown(out)) for src, out in pairs]
        todo = iter(zip(pairs, reports, strict=True))
        window: deque = deque()
        with ThreadPoolExecutor(1) as loader, ThreadPoolExecutor(1) as writer:
            self.writer = writer
            self.writes: list = []

            def read_ahead() -> None:
                for (src, out), report in todo:
                    window.append((src, out, report, loader.submit(self._read, src, out, report)))
                    return

            for _ in range(PREFETCH_FILES):
                read_ahead()
            while window:
                src, out, report, future = window.popleft()
                read_ahead()
                try:
                    self._add_file(src, out, report, future.result())
                except OrdbroError as exc:
                    self._fail(report, exc)
                except OSError as exc:  # a disk error on this file's output
                    self._fail(report, InputError(describe_os_error(Path(report.input), exc)))
                while self.queued_words >= self.opt["chunk_words"]:
                    self._flush()
            self._drain()
            for write in self.writes:
                write.result()
        return reports

    def _fail(self, report: FileReport, exc: BaseException) -> None:
        report.status = "failed"
        report.error = printable(str(exc)).replace("\n", " ")
        self.notify("file", size=0)

    def _read(self, src: Path, out: Path, report: FileReport) -> tuple[Any, float]:
        """(document, seconds) for ``src``; None for a skipped file, "stream" for a big text."""
        started = time.monotonic()
        refusal = self.opt.get("refused", {}).get(str(src))
        if refusal and refusal[0] == "skipped":
            report.error = refusal[1]
            return None, 0.0
        if refusal:
            raise InputError(f"{report.input}: {refusal[1]}")
        name = formats.detect_format(src, self.opt["format"])
        report.format = name
        if name is None:
            return None, 0.0
        if name == "txt" and _size(src) > self.opt["stream_bytes"]:
            return "stream", 0.0
        try:
            return formats.load(src, name), time.monotonic() - started
        except OrdbroError:
            raise
        except RecursionError as exc:
            raise InputError(f"{report.input}: nested too deeply to read") from exc
        except Exception as exc:  # a library choking on odd input must not stop the batch
            raise InputError(f"{report.input}: cannot read this {name} file "
                             f"({type(exc).__name__}: {exc})") from exc  # fmt: skip

    def _add_file(self, src: Path, out: Path, report: FileReport, read: tuple) -> None:
        doc, seconds = read
        started = time.monotonic()
        if doc is None:
            report.status = "skipped"
            suffix = printable(src.suffix) or "no extension"
            report.error = report.error or f"not a translatable file type ({suffix})"
            report.output = None
            self.notify("file", size=_size(src))
            return
        size = _size(src)
        if doc == "stream":
            self._drain()
            self._stream_text(src, out, report, size)
            return
        report.encoding = doc.encoding
        job = _Job(doc, out, report, [None] * len(doc.segments), size)
        report.segments = len(doc.segments)
        for i, seg in enumerate(doc.segments):
            if seg.target is not None and not self.opt["overwrite_existing"]:
                report.kept += 1
                continue
            if not _translatable(seg.source):
                continue
            report.words += _words(seg.source)
            cached = self.translator.lookup(seg.source)
            if cached is not None:
                job.targets[i] = cached
                report.cached += 1
                continue
            if seg.source in self.flying:  # on its way: a run of one chunk at a time
                self.flying[seg.source].append((job, i, True))  # would find it in the memory
                report.cached += 1
                job.remaining += 1
                continue
            if seg.source not in self.queue:
                self.queued_words += _words(seg.source)
            self.queue.setdefault(seg.source, []).append((job, i))
            job.remaining += 1
        job.own = seconds + time.monotonic() - started
        if job.remaining == 0:
            self._finish(job)

    def _drain(self) -> None:
        """Translate everything queued and wait for every chunk on its way."""
        while self.queue:
            self._flush()
        while self.pending:
            self._land()

    def _flush(self) -> None:
        """Start one chunk of queued segments (whole sources, across files); land the
        oldest chunks while more than ``depth`` are on their way."""
        chunk: list[str] = []
        words = 0
        for source in self.queue:
            chunk.append(source)
            words += _words(source)
            if words >= self.opt["chunk_words"]:
                break
        files = [self.queue[source][0][0].report.input for source in chunk]
        for source in chunk:
            self.flying[source] = [(job, i, False) for job, i in self.queue.pop(source)]
            self.queued_words -= _words(source)
        submit = getattr(self.translator, "submit_segments", None)
        handle = submit(chunk, files) if submit is not None and self.depth else None
        self.pending.append((chunk, files, words, handle, time.monotonic()))
        while len(self.pending) > self.depth:
            self._land()

    def _land(self) -> None:
        """Finish the oldest chunk on its way: fill in its segments, hand on its files."""
        chunk, files, words, handle, started = self.pending.popleft()
        results = self._translate_chunk(chunk, files, handle)
        elapsed = time.monotonic() - started
        done: list[_Job] = []
        for source, result in zip(chunk, results, strict=True):
            everyone = self.flying.pop(source)
            waiting = [(job, i) for job, i, later in everyone if not later]
            for job, i, later in everyone:
                if later:  # counted as from the memory when it joined
                    job.targets[i] = None if isinstance(result, Exception) else result.target
                    job.remaining -= 1
                    if isinstance(result, Exception) and job.error is None:
                        job.error = f"{job.report.input}: cannot translate a segment ({result})"
                    if job.remaining == 0:
                        done.append(job)
            if isinstance(result, Exception):
                for job, _i in waiting:
                    job.remaining -= 1
                    if job.error is None:
                        job.error = f"{job.report.input}: cannot translate a segment ({result})"
                    if job.remaining == 0:
                        done.append(job)
                continue
            counts = _term_counts(result)
            share = elapsed * _words(source) / max(words, 1) / len(waiting)
            markup = getattr(result, "markup", None)
            confidence = of_result(result)
            for job, i in waiting:
                job.targets[i] = result.target
                if confidence is not None and hasattr(job.doc, "confidence"):
                    job.doc.confidence[i] = confidence  # XLIFF/PO write it as a note
                job.report.place_markup(job.doc.segments[i].key, markup)
                job.report.translated += 1
                _add_terms(job.report, counts)
                job.busy += share
                job.remaining -= 1
                if job.remaining == 0:
                    done.append(job)
        self.notify("segments", segments=len(chunk), words=words)
        for job in done:
            self._finish(job)

    def _translate_chunk(self, chunk: list[str], files: list[str], handle: Any = None) -> list:
        """Results for ``chunk`` (recorded in the memory before any file is written: a
        killed run resumes from it); when the translator fails on it, each source is
        retried alone so that only the files holding a failing segment fail (its
        exception stands in for its result). ``handle``: the chunk already submitted."""
        translate = self.translator.translate_segments
        try:
            if handle is not None:
                return handle.result()
            return translate(chunk, files, lookup=False)
        except (MemoryError, RuntimeError, ValueError, OrdbroError) as exc:
            if len(chunk) == 1:
                return [exc]
        results: list[Any] = []
        for source, file in zip(chunk, files, strict=True):
            try:
                results += translate([source], [file], lookup=False)
            except (MemoryError, RuntimeError, ValueError, OrdbroError) as exc:
                results.append(exc)
        return results

    def _finish(self, job: _Job) -> None:
        """Hand a fully translated file to the writer thread (or report its failure)."""
        if job.error is not None:
            job.doc = None
            self._fail(job.report, InputError(job.error))
            return
        self.writes.append(self.writer.submit(self._save, job))

    def _save(self, job: _Job) -> None:
        report = job.report
        saving = time.monotonic()
        try:
            restored = formats.save(job.doc, job.targets, job.out, self.opt["output_encoding"])
            report.status = "translated"
            for i in restored:  # the markup guarantee put back what the target lacked
                report.place_markup(job.doc.segments[i].key, "fallback")
        except OrdbroError as exc:
            self._fail(report, exc)
            return
        except RecursionError:
            self._fail(report, InputError(f"{report.input}: nested too deeply to rebuild"))
            return
        except OSError as exc:
            self._fail(report, InputError(describe_os_error(Path(report.output or ""), exc)))
            return
        except Exception as exc:  # one file that cannot be rebuilt must not stop the batch
            message = f"{report.input}: cannot write {report.output} ({type(exc).__name__}: {exc})"
            self._fail(report, InputError(message))
            return
        finally:
            job.doc = None
            self._collect_garbage(report.format)
        report.seconds = round(job.busy + job.own + time.monotonic() - saving, 3)
        self.notify("file", size=job.size)

    def _collect_garbage(self, name: str | None) -> None:
        """Free the cyclic garbage of finished documents now.

        python-docx packages are reference cycles around large lxml trees (C memory that
        the collector does not see), so without this, memory grew by ~2.5 MB per .docx.
        """
        self.saved += 1
        if name == "docx" or self.saved % 50 == 0:
            import gc

            gc.collect()

    def _stream_text(self, src: Path, out: Path, report: FileReport, size: int) -> None:
        """Translate a large plain-text file window by window, in bounded memory."""
        from glossary import textcodec

        started = time.monotonic()
        with open(src, "rb") as fh:
            encoding = textcodec.detect_encoding(fh.read(textcodec.SAMPLE_BYTES), src)
        report.encoding = encoding
        out_encoding = self.opt["output_encoding"] or encoding
        try:
            with (
                atomic_output(out, sources=[src], durable=True) as sink,
                open(src, encoding=encoding, newline="", errors="strict") as fh,
            ):
                for window in _windows(fh, self.opt["window_lines"]):
                    sink.write(self._stream_window(window, report, out_encoding))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{report.input}: undecodable bytes (read as {encoding}): {exc.reason}"
            ) from exc
        report.status = "translated"
        report.seconds = round(time.monotonic() - started, 3)
        self.notify("file", size=size)

    def _stream_window(self, window: str, report: FileReport, encoding: str) -> bytes:
        from glossary import textcodec
        from glossary.formats import text as textfmt
        from glossary.markup.verify import guard_segments

        segments, chunks = textfmt.segments_of(window, report.segments + 1)
        report.segments += len(segments)
        targets: list[str | None] = [None] * len(segments)
        todo: dict[str, list[int]] = {}
        for i, seg in enumerate(segments):
            if not _translatable(seg.source):
                continue
            report.words += _words(seg.source)
            cached = self.translator.lookup(seg.source)
            if cached is not None:
                targets[i] = cached
                report.cached += 1
            else:
                todo.setdefault(seg.source, []).append(i)
        sources = list(todo)
        for start in range(0, len(sources), 256):
            part = sources[start : start + 256]
            files = [report.input] * len(part)
            results = self.translator.translate_segments(part, files, lookup=False)
            for source, result in zip(part, results, strict=True):
                for i in todo[source]:
                    targets[i] = result.target
                    report.translated += 1
                    report.place_markup(segments[i].key, getattr(result, "markup", None))
                _add_terms(report, _term_counts(result))
            self.notify("segments", segments=len(part), words=sum(_words(s) for s in part))
        targets, restored = guard_segments(segments, targets)  # as formats.save does
        for i in restored:
            report.place_markup(segments[i].key, "fallback")
        return textcodec.encode(textfmt.rebuild_text(window, chunks, targets), encoding)


def _term_counts(result: Any) -> dict[str, int]:
    counts = {"already": 0, "applied": 0, "failed": 0}
    for sentence in result.sentences:
        for outcome in sentence.terms:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def _add_terms(report: FileReport, counts: dict[str, int]) -> None:
    report.terms_already += counts["already"]
    report.terms_applied += counts["applied"]
    report.terms_failed += counts["failed"]


def _windows(fh, window_lines: int) -> Iterator[str]:
    """Pieces of a text stream that end where glossary.layout never joins lines."""
    from glossary.layout import _FINAL

    lines: list[str] = []
    for line in fh:
        lines.append(line)
        if len(lines) >= window_lines:
            content = line.strip()
            if not content or _FINAL.search(content) or len(lines) >= 4 * window_lines:
                yield "".join(lines)
                lines = []
    if lines:
        yield "".join(lines)
