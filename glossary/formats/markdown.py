"""Markdown: prose in paragraphs, headings, list items, quotes and table cells.

markdown-it-py finds the blocks; everything outside them (fenced and indented code,
HTML blocks, front matter, rules, blank lines) is copied byte for byte. Inside a block,
inline code, URLs, images, link targets and inline HTML become placeholders, so only
prose reaches the translator. A translated block keeps its line count, prefixes
(``>``, list markers, indentation) and line endings.

Reading and rendering are linear in the size of the file: markdown-it-py's block
parser is, and inline markup is found by one regular expression whose spans are
bounded (emphasis or a link text longer than 1,000 characters stays plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from glossary.formats import Segment
from glossary.formats.placeholders import Protector, protect_tags
from glossary.formats.text import split_lines
from glossary.textcodec import decode, encode

# Every span is bounded ({...} limits), so a line full of unclosed markers ("**a **b ...")
# is scanned in linear time instead of once from every marker to the end of the line.
_INLINE = re.compile(
    r"""
    (?P<code>(?P<ticks>`+).{1,2000}?(?P=ticks))
    |(?P<autolink><(?:https?|ftp|mailto):[^<>\s]{1,2000}>)
    |(?P<image>!\[[^\]]{0,1000}\](?:\([^)]{0,2000}\)|\[[^\]]{0,1000}\]))
    |(?P<link>\[(?P<ltext>[^\]]{1,1000})\](?P<ltail>\([^)]{0,2000}\)|\[[^\]]{0,1000}\]))
    |(?P<url>(?:https?|ftp)://[^\s<>()\[\]]{0,2000}[^\s<>()\[\].,;:!?'"])
    |(?P<strong>(?P<sm>\*\*|__)(?=\S)(?P<stext>.{1,1000}?)(?<=\S)(?P=sm))
    |(?P<em>(?P<emm>\*|(?<!\w)_)(?=[^\s*_])(?P<etext>.{1,1000}?)(?<=[^\s*_])(?P=emm)(?!\w))
    """,
    re.VERBOSE,
)
_END = re.compile(r"(\r\n|\r|\n)$")


def protect_inline(text: str, prot: Protector | None = None) -> Protector:
    """Markdown inline text as a placeholder string (code, URLs, link targets protected)."""
    prot = prot or Protector()
    pos = 0
    for m in _INLINE.finditer(text):
        protect_tags(text[pos : m.start()], prot)
        pos = m.end()
        kind = m.lastgroup
        if m.group("link"):
            prot.open("[")
            protect_inline(m.group("ltext"), prot)
            prot.close("]" + m.group("ltail"))
        elif m.group("strong"):
            prot.open(m.group("sm"))
            protect_inline(m.group("stext"), prot)
            prot.close(m.group("sm"))
        elif m.group("em"):
            prot.open(m.group("emm"))
            protect_inline(m.group("etext"), prot)
            prot.close(m.group("emm"))
        else:
            assert kind is not None
            prot.atom(m.group(0))
    protect_tags(text[pos:], prot)
    return prot


@dataclass
class Block:
    """Where one inline block's lines sit: (line index, start column, end column)."""

    spans: list[tuple[int, int, int]]
    protector: Protector
    in_table: bool = False


@dataclass
class MarkdownDocument:
    """A parsed Markdown file."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def render(self, targets: list[str | None]) -> bytes:
        """The file rebuilt in its own encoding."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The file rebuilt with translated prose, encoded as ``encoding``."""
        edits: dict[int, list[tuple[int, int, str]]] = {}
        for block, seg, target in zip(self.blocks, self.segments, targets, strict=True):
            if target is None or target == seg.source:
                continue
            if block.in_table:
                target = re.sub(r"(?<!\\)\|", r"\\|", target)
            new = block.protector.restore_lines(target, len(block.spans))
            for i, (line, start, end) in enumerate(block.spans):
                edits.setdefault(line, []).append((start, end, new[i] if i < len(new) else ""))
        lines = list(self.lines)
        for line, changes in edits.items():
            raw = lines[line]
            for start, end, text in sorted(changes, reverse=True):
                raw = raw[:start] + text + raw[end:]
            if not raw.strip():
                raw = ""  # a line left empty by a shorter translation disappears
            lines[line] = raw
        return encode("".join(lines), encoding or self.encoding or "utf-8")


def parse(data: bytes, path: Path, name: str = "md") -> MarkdownDocument:
    """Parse a Markdown file."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    text, encoding = decode(data, path)
    doc = MarkdownDocument(path, name, encoding, [], split_lines(text))
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    cursor: dict[int, int] = {}
    in_table = False
    for token in md.parse(text.lstrip("\ufeff")):
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        spans = _locate(doc.lines, token.map[0], token.content, cursor)
        if spans is None:
            continue  # could not map the block back to the source: leave it as it is
        prot = protect_inline(token.content.replace("\n", " "))
        if not prot.source.strip() or _only_placeholders(prot.source):
            continue
        doc.blocks.append(Block(spans, prot, in_table))
        doc.segments.append(Segment(f"b{len(doc.segments) + 1}", prot.source))
    return doc


def _locate(
    lines: list[str], first: int, content: str, cursor: dict[int, int]
) -> list[tuple[int, int, int]] | None:
    spans = []
    bom = 1 if first == 0 and lines and lines[0].startswith("\ufeff") else 0
    for i, piece in enumerate(content.split("\n")):
        line = first + i
        piece = piece.strip()
        if line >= len(lines):
            return None
        raw = lines[line]
        start = raw.find(piece, max(cursor.get(line, 0), bom if line == 0 else 0))
        if start < 0:
            return None
        cursor[line] = start + len(piece)
        spans.append((line, start, start + len(piece)))
    return spans


def _only_placeholders(source: str) -> bool:
    return not re.sub(r"⟨/?\d+⟩|⟦\d+⟧|[\W_]", "", source)
