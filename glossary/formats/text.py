"""Plain text: one segment per line, or per hard-wrapped paragraph (see glossary.layout).

Line endings, indentation, trailing spaces and blank lines are kept byte for byte; a
translated hard-wrapped paragraph is re-wrapped to its original number of lines. The
encoding is detected by :mod:`glossary.textcodec` (UTF-8 with or without BOM, UTF-16 with
a BOM, cp1252/latin-1) and the file is written back in the same encoding unless asked
otherwise.

Reading and rendering are linear in the size of the file (one pass over its lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.textcodec import decode, encode


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
