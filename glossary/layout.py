"""Exact layout round trip: find the translatable runs of a text and put translations back.

Everything that is not translatable text — blank lines, indentation, trailing spaces, line
endings (LF, CRLF or CR), a missing final newline — is copied from the source byte for byte.
Each line keeps its place, so a file with one sentence per line comes back line-aligned.
Hard-wrapped prose (a line without final punctuation followed by a line that starts in lower
case at the same indentation) is joined into one run so that sentences are not cut in half; its
translation is wrapped back onto the same number of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_FINAL = re.compile(r"[.!?:;…][\"'»”’)\]]*$")
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)]|[a-zA-Z][.)])\s")


@dataclass
class Chunk:
    """One translatable run: the content spans of its lines and their text joined by spaces."""

    lines: list[tuple[int, int]]
    text: str = ""
    _starts: list[int] = field(default_factory=list, repr=False)

    def source_offset(self, offset: int) -> int:
        """Map an offset in ``self.text`` to an offset in the source text."""
        for (start, end), text_start in zip(
            reversed(self.lines), reversed(self._starts), strict=True
        ):
            if offset >= text_start:
                return min(start + offset - text_start, end)
        return self.lines[0][0]


def split_layout(text: str) -> list[Chunk]:
    """The translatable runs of ``text`` in order; whitespace-only lines belong to none."""
    chunks: list[Chunk] = []
    previous: tuple[int, int, str] | None = None  # content span and indentation of last line
    for match in _LINE.finditer(text):
        line = match.group().rstrip("\r\n")
        if not match.group():
            break
        content = line.strip()
        if not content:
            previous = None
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        span = (start, start + len(content))
        indent = line[: len(line) - len(line.lstrip())]
        if previous and _continues(text[previous[0] : previous[1]], content, previous[2], indent):
            chunks[-1].lines.append(span)
        else:
            chunks.append(Chunk(lines=[span]))
        previous = (span[0], span[1], indent)
    for chunk in chunks:
        parts, position = [], 0
        for start, end in chunk.lines:
            chunk._starts.append(position)
            parts.append(text[start:end])
            position += end - start + 1
        chunk.text = " ".join(parts)
    return chunks


def _continues(previous: str, content: str, previous_indent: str, indent: str) -> bool:
    return (
        indent == previous_indent
        and not _FINAL.search(previous)
        and content[0].islower()
        and not _LIST_ITEM.match(content)
    )


def rebuild(text: str, chunks: list[Chunk], targets: list[str]) -> str:
    """``text`` with each chunk's lines replaced by its target, all other characters kept."""
    if len(chunks) != len(targets):
        raise ValueError("one target per chunk is required")
    out: list[str] = []
    position = 0
    for chunk, target in zip(chunks, targets, strict=True):
        pieces = _wrap(target, chunk, text) if len(chunk.lines) > 1 else [target]
        for (start, end), piece in zip(chunk.lines, pieces, strict=True):
            out.append(text[position:start])
            out.append(piece)
            position = end
    out.append(text[position:])
    return "".join(out)


def _wrap(target: str, chunk: Chunk, text: str) -> list[str]:
    """Spread the words of ``target`` over the chunk's lines in proportion to the source lines."""
    words = target.split()
    lengths = [end - start for start, end in chunk.lines]
    total = sum(lengths) or 1
    budget = max(len(target), 1)
    pieces: list[str] = []
    index = 0
    cumulative = 0
    for number, length in enumerate(lengths):
        cumulative += length
        if number == len(lengths) - 1:
            line_words = words[index:]
        else:
            limit = budget * cumulative / total
            line_words = []
            used = len(" ".join(pieces)) + (1 if pieces else 0)
            while index < len(words) and (not line_words or used + len(words[index]) <= limit):
                line_words.append(words[index])
                used += len(words[index]) + 1
                index += 1
                remaining_lines = len(lengths) - number - 1
                if len(words) - index <= remaining_lines:
                    break
        pieces.append(" ".join(line_words))
    return pieces
