"""Translatable file formats: one module per format behind one reader/writer protocol.

A format turns a file into :class:`Segment` objects (plain text to translate, with
inline markup replaced by placeholders) and rebuilds the file from one translation
per segment. ``None`` as a translation keeps the original (or existing) text.

The registry maps extensions to format modules, which are imported only when a file of
that kind is loaded, so lxml and python-docx stay out of ``ordbro --help``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from glossary.errors import InputError


@dataclass
class Segment:
    """One unit of translation inside a file."""

    key: str  # stable id within the file (e.g. "p3", "cue12", msgid, trans-unit id)
    source: str  # plain text to translate (inline markup replaced by placeholders)
    target: str | None = None  # existing translation (PO msgstr, XLIFF target), else None
    context: str | None = None
    state: str | None = None  # the format's own state, if any


@runtime_checkable
class ParsedDocument(Protocol):
    """A loaded file: its segments and a way to rebuild it with translations."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]

    def render(self, targets: list[str | None]) -> bytes:
        """The file rebuilt with one translation per segment (None = keep original)."""
        ...


@dataclass(frozen=True)
class FormatSpec:
    """A registered format: its name, extensions, module and segment granularity."""

    name: str
    extensions: tuple[str, ...]
    module: str  # module with ``parse(data: bytes, path: Path) -> ParsedDocument``
    multi_sentence: bool  # may one segment hold several sentences?


FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("txt", (".txt", ".text"), "glossary.formats.text", True),
        FormatSpec("md", (".md", ".markdown"), "glossary.formats.markdown", True),
        FormatSpec("html", (".html", ".htm", ".xhtml"), "glossary.formats.html", True),
        FormatSpec("docx", (".docx",), "glossary.formats.docx", True),
        FormatSpec("srt", (".srt",), "glossary.formats.subtitles", True),
        FormatSpec("vtt", (".vtt",), "glossary.formats.subtitles", True),
        FormatSpec("po", (".po", ".pot"), "glossary.formats.po", True),
        FormatSpec("xliff", (".xlf", ".xliff"), "glossary.formats.xliff", True),
    )
}
MAX_LOAD_BYTES = 512 * 2**20  # a file read whole (plain text above 16 MiB is streamed)
_BY_EXTENSION = {ext: spec.name for spec in FORMATS.values() for ext in spec.extensions}


def detect_format(path: Path, override: str | None = None) -> str | None:
    """The format name for ``path`` (by extension), or None when it is not translatable.

    ``override`` forces a format by name or extension ("md", ".md"); an unknown
    override raises :class:`InputError`.
    """
    if override:
        name = override.lower().lstrip(".")
        if name in FORMATS:
            return name
        if f".{name}" in _BY_EXTENSION:
            return _BY_EXTENSION[f".{name}"]
        raise InputError(f"unknown format {override!r}; known: {', '.join(sorted(FORMATS))}")
    return _BY_EXTENSION.get(Path(path).suffix.lower())


def load(path: Path, format: str | None = None) -> ParsedDocument:
    """Read and parse ``path``; :class:`InputError` with a one-line reason on bad input."""
    path = Path(path)
    name = detect_format(path, format)
    if name is None:
        raise InputError(f"{path}: not a translatable file type ({path.suffix or 'no extension'})")
    try:
        size = path.stat().st_size
        if size > MAX_LOAD_BYTES:
            raise InputError(
                f"{path}: too large to translate in one piece ({size // 2**20} MiB; "
                f"at most {MAX_LOAD_BYTES // 2**20} MiB): split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except MemoryError as exc:
        raise InputError(f"{path}: too large to read into memory") from exc
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    module = importlib.import_module(FORMATS[name].module)
    doc = module.parse(data, path, name)
    return doc


def save(
    doc: ParsedDocument,
    targets: list[str | None],
    out_path: Path,
    encoding: str | None = None,
) -> list[int]:
    """Render ``doc`` with ``targets`` and write it to ``out_path`` atomically.

    ``encoding`` re-encodes text formats (e.g. "utf-8" for a cp1252 input); binary
    formats ignore it. Every new target must carry its source's inline markup (see
    :mod:`glossary.markup.verify`); one that does not is written with the markup at
    fallback positions. Returns the indexes of those segments.
    """
    from glossary.markup.verify import guard_segments

    if len(targets) != len(doc.segments):
        raise ValueError(f"{len(targets)} targets for {len(doc.segments)} segments")
    targets, restored = guard_segments(doc.segments, targets)
    render = getattr(doc, "render_as", None)
    data = render(targets, encoding) if (encoding and render) else doc.render(targets)
    atomic_write(Path(out_path), data)
    return restored


def atomic_write(path: Path, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    A crash or ``kill -9`` leaves either the old file or the new one, never a mix.
    ``durable`` also flushes the data to disk before the rename (survives power loss,
    at the cost of one fsync per file). A database is never written over and a disk
    error is a one-line :class:`InputError` (see :mod:`glossary.safeio`).
    """
    from glossary.safeio import atomic_write as write

    write(Path(path), data, durable)
