"""Plain text: one segment per line, or per hard-wrapped paragraph (see glossary.layout).

Line endings, indentation, trailing spaces and blank lines are kept byte for byte; a
translated hard-wrapped paragraph is re-wrapped to its original number of lines. UTF-8 (with or without BOM) and UTF-16
with a BOM are read as such; anything else is detected with charset-normalizer
(cp1252/latin-1 files) and written back in the same encoding unless asked otherwise.

Reading and rendering are linear in the size of the file (one pass over its lines).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment

SAMPLE_BYTES = 1 << 20
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

    # Legacy files here are Western European: cp1252 and its subsets, or ISO 8859-15.
    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
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


@dataclass
class TextDocument:
    """A parsed plain-text file: its layout chunks (see :mod:`glossary.layout`)."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    text: str = ""
    chunks: list = field(default_factory=list)

    def render(self, targets: list[str | None]) -> bytes:
        """The file rebuilt in its own encoding."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The file rebuilt, encoded as ``encoding`` (default: the detected one)."""
        return encode(
            rebuild_text(self.text, self.chunks, targets), encoding or self.encoding or "utf-8"
        )


def rebuild_text(text: str, chunks: list, targets: list[str | None]) -> str:
    """``text`` with the translated chunks replaced; untranslated chunks stay byte for byte."""
    from glossary.layout import rebuild

    changed = [
        (chunk, target)
        for chunk, target in zip(chunks, targets, strict=True)
        if target is not None and target != chunk.text
    ]
    return rebuild(text, [c for c, _ in changed], [t for _, t in changed])


def segments_of(text: str, first: int = 1) -> tuple[list[Segment], list]:
    """The segments and layout chunks of ``text``; keys count from ``first``."""
    from glossary.layout import split_layout

    chunks = split_layout(text)
    return [Segment(f"p{first + i}", c.text) for i, c in enumerate(chunks)], chunks


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


def read_text_input(name: str | Path, empty_ok: bool = True) -> str:
    """A whole text input, or stdin for '-', decoded by :func:`decode` (BOM removed, line
    endings untouched); a missing, unreadable or (with ``empty_ok`` False) empty file is
    one InputError naming it."""
    import sys

    if str(name) == "-":
        data, label = sys.stdin.buffer.read(), Path("<stdin>")
    else:
        label = Path(name)
        try:
            data = label.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, not a text file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
        if not empty_ok and not data.strip():
            raise InputError(f"{name}: the file is empty")
    return decode(data, label)[0].removeprefix("\ufeff")


def parse(data: bytes, path: Path, name: str = "txt") -> TextDocument:
    """Parse a whole text file."""
    text, encoding = decode(data, path)
    segments, chunks = segments_of(text)
    return TextDocument(path, name, encoding, segments, text, chunks)
