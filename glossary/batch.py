"""Translate many files and folders: formats kept, work batched across files, resumable.

Segments from many files are gathered into large chunks, so each translator call keeps
the engine busy. Every finished chunk is recorded in the translation memory before its
files are written, so after a crash (even ``kill -9``) the same command looks the
finished segments up instead of translating them again. Outputs are written atomically
and inputs are never modified. One bad file gets a one-line error in the report; the
others are still translated.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from glossary import formats
from glossary.errors import InputError, OrdbroError
from glossary.progress import Snapshot, make_progress
from glossary.safeio import (
    check_output,
    clean_stale_once,
    describe_os_error,
    make_temp_dir,
    new_file_mode,
    temp_prefix,
)
from glossary.translate.documents import translatable as _translatable
from glossary.translate.documents import words as _words

CHUNK_WORDS = 1500  # words per translator call, across files
STREAM_BYTES = 16 * 2**20  # plain-text files larger than this are streamed
STREAM_WINDOW_LINES = 2000
PREFETCH_FILES = 16  # files parsed ahead of the translator


@dataclass
class FileReport:
    """What happened to one input file."""

    input: str
    output: str | None = None
    format: str | None = None
    status: str = "pending"  # translated | skipped | failed
    error: str | None = None
    encoding: str | None = None
    segments: int = 0
    translated: int = 0  # by the translator in this run
    cached: int = 0  # found in the translation memory
    kept: int = 0  # existing translations (PO msgstr, XLIFF target) left as they were
    words: int = 0
    seconds: float = 0.0
    terms_already: int = 0  # produced by the model unaided
    terms_applied: int = 0
    terms_failed: int = 0
    markup_aligned: int = 0  # segments whose inline markup was placed by word alignment
    markup_fallback: int = 0  # ... where some element went to a fallback position
    markup: dict[str, str] = field(default_factory=dict)  # segment key -> aligned|fallback


@dataclass
class BatchReport:
    """The result of :func:`translate_paths`."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    memory: str | None = None

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when no file failed (skipped files are not failures)."""
        return not self.failed

    @property
    def exit_code(self) -> int:
        """0 when everything translatable was translated, 2 when some file failed."""
        return 0 if self.ok else 2

    def totals(self) -> dict[str, Any]:
        keys = ("segments", "translated", "cached", "kept", "words")
        keys += ("terms_already", "terms_applied", "terms_failed")
        keys += ("markup_aligned", "markup_fallback")
        out: dict[str, Any] = {k: sum(getattr(f, k) for f in self.files) for k in keys}
        for status in ("translated", "skipped", "failed"):
            out[f"files_{status}"] = sum(f.status == status for f in self.files)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "memory": self.memory,
            "totals": self.totals(),
            "files": [asdict(f) for f in self.files],
        }

    def summary(self) -> str:
        """A human-readable table, one line per file and a total line."""
        lines = []
        for f in self.files:
            if f.status == "skipped":
                lines.append(f"skipped     {f.input}: {f.error}")
            elif f.status == "failed":
                lines.append(f"FAILED      {f.input}: {f.error}")
            else:
                extra = f", {f.encoding}" if f.encoding not in (None, "utf-8") else ""
                lines.append(
                    f"translated  {f.input} -> {f.output} ({f.format}{extra}): "
                    f"{f.segments} segments, {f.words} words, {f.cached} cached, "
                    f"{f.kept} kept, terms {f.terms_applied} applied/{f.terms_failed} failed, "
                    f"{f.seconds:.2f} s"
                )
        t = self.totals()
        lines.append(
            f"{t['files_translated']} translated, {t['files_skipped']} skipped, "
            f"{t['files_failed']} failed; {t['segments']} segments ({t['cached']} from memory), "
            f"{t['words']} words in {self.seconds:.1f} s; peak memory {self.peak_rss_mb:.0f} MB"
        )
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        formats.atomic_write(Path(path), data.encode("utf-8"))


# ---------------------------------------------------------------- planning


def plan_outputs(
    inputs: list[Path],
    out_dir: Path | None,
    tgt_lang: str = "en",
    refused: dict[Path, tuple[str, str]] | None = None,
) -> list[tuple[Path, Path]]:
    """(input file, output file) pairs. Folders are walked recursively (hidden entries and
    the output folder skipped) and mirrored under ``out_dir``; a file given alone goes to
    ``out_dir/PATH`` (its relative path; just its name when absolute) or, without
    ``out_dir``, next to itself as ``STEM.<tgt>.EXT``. Two inputs writing to one output, an
    output over an input, or one outside ``out_dir`` (through a link) raise InputError.

    Links are never followed out of a walked folder, and a name that is not valid UTF-8
    is not translated: such files are still planned, with ("skipped" or "failed", reason)
    in ``refused``, so the batch reports each on its own line."""
    pairs: list[tuple[Path, Path]] = []
    refused = {} if refused is None else refused
    out_resolved = out_dir.resolve() if out_dir else None
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            if out_dir is None:
                raise InputError(f"{given}: a folder needs an output folder (--out-dir)")
            root = given.resolve()
            for path in _walk(given, out_resolved):
                reason = _refusal(path, root)
                if reason:
                    refused[path] = reason
                pairs.append((path, out_dir / path.relative_to(given)))
        elif given.exists():
            if out_dir is None:
                target = _beside(given, tgt_lang)
            elif given.is_absolute() or ".." in given.parts:
                target = out_dir / given.name
            else:
                target = out_dir / given  # a relative path is mirrored, as for plain text
            pairs.append((given, target))
        else:
            raise InputError(f"{given}: no such file or folder")
    sources = {src.resolve() for src, _ in pairs}
    seen: dict[Path, Path] = {}
    for src, out in pairs:
        key = out.resolve()
        if key in sources:
            raise InputError(f"{src}: refusing to overwrite an input file ({key})")
        if out_resolved is not None and not key.is_relative_to(out_resolved):
            raise InputError(f"{src}: refusing to write outside {out_dir}")  # through a link
        if key in seen and seen[key] != src.resolve():
            raise InputError(f"{src} and {seen[key]} would both be written to {out}")
        seen[key] = src.resolve()
    return pairs


def _exact_output(inputs: list[Path], output: Path) -> tuple[Path, Path]:
    """(input, output) for one input file written to exactly ``output``."""
    if len(inputs) != 1 or inputs[0].is_dir():
        raise InputError("an exact output file takes one input file")
    if not inputs[0].exists():
        raise InputError(f"{inputs[0]}: no such file or folder")
    check_output(output, sources=inputs)  # never over the input or a database
    make_temp_dir(output).rmdir()  # an unwritable place is one error now, not after the work
    return inputs[0], output


def _beside(path: Path, tgt_lang: str) -> Path:
    return path.with_name(f"{path.stem}.{tgt_lang}{path.suffix}")


def shown(path: Path | str) -> str:
    """``path`` as printable text: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def printable(text: str) -> str:
    """``text`` safe to print and store as UTF-8 (undecodable name bytes become U+FFFD)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _refusal(path: Path, root: Path) -> tuple[str, str] | None:
    """(status, reason) when a walked file must not be read, or None."""
    if shown(path) != str(path):
        return "failed", "the file name is not valid UTF-8 (rename the file)"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "failed", "a broken or looping link"
        if not target.is_relative_to(root):
            return "skipped", f"a link to {shown(target)}, outside the input folder (not read)"
    return None


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    """Files under ``root``, sorted; links to folders are not entered (no loops, no escape)."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            if not name.startswith("."):
                yield here / name


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

    def run(self, pairs: list[tuple[Path, Path]]) -> list[FileReport]:
        """Translate ``pairs``; files are read ahead and written behind in two threads, so
        parsing and writing overlap with the translator (which releases the GIL)."""
        from collections import deque
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
            while self.queue:
                self._flush()
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
            while self.queue:
                self._flush()
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
            if seg.source not in self.queue:
                self.queued_words += _words(seg.source)
            self.queue.setdefault(seg.source, []).append((job, i))
            job.remaining += 1
        job.own = seconds + time.monotonic() - started
        if job.remaining == 0:
            self._finish(job)

    def _flush(self) -> None:
        """Translate one chunk of queued segments (whole sources, across files)."""
        chunk: list[str] = []
        words = 0
        for source in self.queue:
            chunk.append(source)
            words += _words(source)
            if words >= self.opt["chunk_words"]:
                break
        started = time.monotonic()
        results = self._translate_chunk(chunk)
        elapsed = time.monotonic() - started
        done: list[_Job] = []
        for source, result in zip(chunk, results, strict=True):
            waiting = self.queue.pop(source)
            self.queued_words -= _words(source)
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
            for job, i in waiting:
                job.targets[i] = result.target
                if markup:
                    job.report.markup[job.doc.segments[i].key] = markup
                    setattr(
                        job.report, f"markup_{markup}", getattr(job.report, f"markup_{markup}") + 1
                    )
                job.report.translated += 1
                _add_terms(job.report, counts)
                job.busy += share
                job.remaining -= 1
                if job.remaining == 0:
                    done.append(job)
        self.notify("segments", segments=len(chunk), words=words)
        for job in done:
            self._finish(job)

    def _translate_chunk(self, chunk: list[str]) -> list[Any]:
        """Results for ``chunk`` (recorded in the memory before any file is written: a
        killed run resumes from it); when the translator fails on it, each source is
        retried alone so that only the files holding a failing segment fail (its
        exception stands in for its result)."""
        files = [self.queue[source][0][0].report.input for source in chunk]
        translate = self.translator.translate_segments
        try:
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
                key = job.doc.segments[i].key
                if report.markup.get(key) == "aligned":
                    report.markup_aligned -= 1
                if report.markup.get(key) != "fallback":
                    report.markup_fallback += 1
                report.markup[key] = "fallback"
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
        from glossary.formats import text as textfmt

        started = time.monotonic()
        with open(src, "rb") as fh:
            encoding = textfmt.detect_encoding(fh.read(textfmt.SAMPLE_BYTES), src)
        report.encoding = encoding
        out_encoding = self.opt["output_encoding"] or encoding
        check_output(out, sources=[src])
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(out.name), suffix=".part", dir=out.parent)
        try:
            os.fchmod(fd, new_file_mode())
            with (
                os.fdopen(fd, "wb") as sink,
                open(src, encoding=encoding, newline="", errors="strict") as fh,
            ):
                for window in _windows(fh):
                    sink.write(self._stream_window(window, report, out_encoding))
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(tmp, out)
        except UnicodeDecodeError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise InputError(
                f"{report.input}: undecodable bytes (read as {encoding}): {exc.reason}"
            ) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        report.status = "translated"
        report.seconds = round(time.monotonic() - started, 3)
        self.notify("file", size=size)

    def _stream_window(self, window: str, report: FileReport, encoding: str) -> bytes:
        from glossary.formats import text as textfmt

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
                _add_terms(report, _term_counts(result))
            self.notify("segments", segments=len(part), words=sum(_words(s) for s in part))
        return textfmt.encode(textfmt.rebuild_text(window, chunks, targets), encoding)


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


def _windows(fh) -> Iterator[str]:
    """Pieces of a text stream that end where glossary.layout never joins lines."""
    from glossary.layout import _FINAL

    lines: list[str] = []
    for line in fh:
        lines.append(line)
        if len(lines) >= STREAM_WINDOW_LINES:
            content = line.strip()
            if not content or _FINAL.search(content) or len(lines) >= 4 * STREAM_WINDOW_LINES:
                yield "".join(lines)
                lines = []
    if lines:
        yield "".join(lines)


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


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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
