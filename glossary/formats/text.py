"""Plain text: one segment per paragraph (a run of non-blank lines).

Line endings, indentation and blank lines are kept. A translated paragraph is
re-wrapped to its original number of lines. UTF-8 (with or without BOM) and UTF-16
with a BOM are read as such; anything else is detected with charset-normalizer
(cp1252/latin-1 files) and written back in the same encoding unless asked otherwise.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats.placeholders import rewrap

SAMPLE_BYTES = 1 << 20
_LINE_END = re.compile(r"(\r\n|\r|\n)$")
_BINARY_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26}


def detect_encoding(sample: bytes, path: Path) -> str:
    """The encoding of a text file from its first bytes; InputError for binary data."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    controls = sum(1 for b in sample[:65536] if b in _BINARY_CONTROL)
    if b"\x00" in sample or controls > max(8, len(sample[:65536]) // 100):
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut inside a multibyte character is still UTF-8.
        if exc.start >= len(sample) - 3 and len(sample) >= SAMPLE_BYTES:
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(
        sample, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
    ).best()
    if best is None:
        raise InputError(f"{path}: undecodable bytes: not UTF-8 and no known encoding fits")
    name = codecs.lookup(best.encoding).name
    return "cp1252" if name in ("iso8859-1", "latin-1") and _cp1252_fits(sample) else name


def _cp1252_fits(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def split_lines(text: str) -> list[str]:
    """Lines with their own line endings kept."""
    return text.splitlines(keepends=True)


def blocks(lines: Iterable[str]) -> Iterator[tuple[str | None, str]]:
    """(source, raw) per paragraph and (None, raw) per run of blank lines, in order."""
    para: list[str] = []
    gap: list[str] = []
    for line in lines:
        if line.strip():
            if gap:
                yield None, "".join(gap)
                gap = []
            para.append(line)
        else:
            if para:
                yield paragraph_source(para), "".join(para)
                para = []
            gap.append(line)
    if para:
        yield paragraph_source(para), "".join(para)
    if gap:
        yield None, "".join(gap)


def paragraph_source(lines: list[str]) -> str:
    """The paragraph's text on one line: its lines stripped and joined by spaces."""
    return " ".join(line.strip() for line in lines)


def format_paragraph(raw: str, target: str | None) -> str:
    """A translated paragraph laid out like ``raw``: same line count, indents and endings."""
    if target is None:
        return raw
    lines = split_lines(raw)
    if target == paragraph_source(lines):
        return raw
    new = rewrap(target, len(lines))
    out = []
    for i, text in enumerate(new):
        orig = lines[min(i, len(lines) - 1)]
        indent = orig[: len(orig) - len(orig.lstrip())]
        m = _LINE_END.search(orig)
        end = m.group(1) if m else ""
        if i == len(new) - 1:
            last = _LINE_END.search(lines[-1])
            end = last.group(1) if last else ""
        out.append(indent + text + end)
    return "".join(out)


@dataclass
class TextDocument:
    """A parsed plain-text file."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    parts: list[tuple[int | None, str]] = field(default_factory=list)  # (segment index, raw)

    def render(self, targets: list[str | None]) -> bytes:
        """The file rebuilt in its own encoding."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The file rebuilt, encoded as ``encoding`` (default: the detected one)."""
        text = "".join(
            raw if idx is None else format_paragraph(raw, targets[idx]) for idx, raw in self.parts
        )
        return encode(text, encoding or self.encoding or "utf-8")


def encode(text: str, encoding: str) -> bytes:
    """Encode output text; characters the encoding lacks become '?'."""
    return text.encode(encoding, errors="replace")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding) of a whole file."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], path)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: undecodable bytes at offset {exc.start} (read as {encoding})"
        ) from exc


def parse(data: bytes, path: Path, name: str = "txt") -> TextDocument:
    """Parse a whole text file."""
    text, encoding = decode(data, path)
    doc = TextDocument(path, name, encoding, [])
    for source, raw in blocks(split_lines(text)):
        if source is None:
            doc.parts.append((None, raw))
        else:
            doc.parts.append((len(doc.segments), raw))
            doc.segments.append(Segment(f"p{len(doc.segments) + 1}", source))
    return doc
