"""A marked-up segment split into plain text and its inline elements.

Formats hand segments over with their inline markup as numbered placeholders
(``⟨n⟩…⟨/n⟩`` around text, ``⟦n⟧`` for a self-contained piece; see
:mod:`glossary.formats.placeholders`). Some non-translatable pieces also sit in the text
as they are: printf and brace placeholders (``%s``, ``%(name)s``, ``{name}``, ``{0}``),
character entities (``&amp;``), URLs (with a scheme, ``www.`` or a common top-level
domain) and e-mail addresses. :func:`strip` takes all of them out and records
where each one was, as character spans of the plain text that remains, so the plain
sentence can be translated and the elements put back around the matching target words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

# Placeholder tokens written by the formats.
PLACEHOLDER = re.compile(r"⟨(/?)(\d+)⟩|⟦(\d+)⟧")
# A URL's characters, with balanced parentheses inside (…/wiki/Chip_(halvledare)); it
# does not end on punctuation that ends the sentence around it.
_URL_PART = r"(?:[^\s<>()\[\]⟨⟩⟦⟧\"]|\([^\s<>()\[\]⟨⟩⟦⟧\"]*\))"
_URL_END = r"(?:[^\s<>()\[\].,;:!?'\"⟨⟩⟦⟧]|\([^\s<>()\[\]⟨⟩⟦⟧\"]*\))"
# Hosts written without a scheme: www.… or a lower-case name under a common top-level
# domain (not "t.ex." or "bl.a.", which are Swedish abbreviations).
_TLD = r"(?:com|org|net|edu|gov|info|io|dev|app|eu|se|nu|fi|no|dk|de|uk|fr|nl|ai)"
_SCHEME = r"(?:(?:https?|s?ftp|ssh|file|wss?|git)://|mailto:)"
URL = re.compile(
    rf"<{_SCHEME}[^\s<>]+>"  # an autolink, <https://…>: brackets and all
    # www. not inside another word; written to start on a letter, so the regex engine
    # skips ahead to the next "w" instead of trying a lookbehind at every position
    rf"|(?:{_SCHEME}|w(?<![\w@./-]w)ww\.)(?:{_URL_PART}*{_URL_END})?"
)
# E-mail addresses and scheme-less hosts (example.org/sida).
HOST = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])"
    rf"|(?<![\w@./-])(?:[a-z0-9][a-z0-9-]*\.)+{_TLD}(?:/(?:{_URL_PART}*{_URL_END})?)?(?![\w.@-]*\w)"
)
_HOST_HINT = re.compile(rf"@|\.{_TLD}\b")
# Literal non-translatable pieces: printf codes (no space flag, so "50 % av" is prose),
# brace placeholders, character entities; then hosts and URLs.
_LITERAL = (
    r"%(?:\d+\$|\([\w.]+\))?[-+#0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrs%](?!\w)"
    r"|\{[\w.:!]*\}"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
CODE = re.compile("|".join((_LITERAL, HOST.pattern, URL.pattern)))
ANY = re.compile(PLACEHOLDER.pattern + "|" + CODE.pattern)


@functools.cache
def _inline(hosts: bool, urls: bool) -> re.Pattern[str]:
    parts = [PLACEHOLDER.pattern, _LITERAL]
    parts += [HOST.pattern] if hosts else []
    parts += [URL.pattern] if urls else []
    return re.compile("|".join(parts))


def inline_pattern(text: str) -> re.Pattern[str]:
    """:data:`ANY`, without the URL and host alternatives when ``text`` cannot hold one:
    the same matches, about as fast on prose as placeholders alone (URL and host
    patterns try every position of the text)."""
    urls = "://" in text or "mailto:" in text or "www." in text
    return _inline(_HOST_HINT.search(text) is not None, urls)


# Words and single punctuation marks: the units alignment and projection work on.
WORD = re.compile(r"\w+(?:['’:-]\w+)*|[^\w\s]")


@dataclass
class Element:
    """One inline element: a pair around text, or an atom at a point.

    ``start``/``end`` are character offsets into the plain text (equal for an atom).
    ``space_before``/``space_after`` say whether whitespace separated an atom from its
    neighbours in the source, so it is put back with the same spacing.
    """

    kind: str  # "pair" or "atom"
    key: str  # what makes it this element: "⟨3⟩", "⟦5⟧", or the literal code "%s"
    open: str  # the text written before the covered words (the whole atom for an atom)
    close: str = ""
    start: int = 0
    end: int = 0
    index: int = 0  # position in source order
    space_before: bool = False
    space_after: bool = False
    joined: bool = False  # an atom between two words, standing for the space between them
    line_end: bool = False  # an atom followed by a line break (it stays before the break)
    children: list[Element] = field(default_factory=list)


@dataclass
class Stripped:
    """A segment as plain text plus the tree of its inline elements (``roots``)."""

    text: str  # the segment as given
    plain: str
    roots: list[Element] = field(default_factory=list)

    @property
    def elements(self) -> list[Element]:
        """All elements in source order (pre-order)."""
        out: list[Element] = []
        stack = list(reversed(self.roots))
        while stack:
            el = stack.pop()
            out.append(el)
            stack.extend(reversed(el.children))
        return out


def strip(text: str) -> Stripped:
    """Split ``text`` into plain text and inline elements (see the module docstring).

    A closing placeholder without its opening one, or an opening one never closed, is
    kept as an atom, so nothing in the segment is ever dropped.
    """
    matches = list(inline_pattern(text).finditer(text))
    closes = _matched_pairs(matches)
    plain: list[str] = []
    length = 0
    roots: list[Element] = []
    stack: list[Element] = []
    eat_space = False
    counter = 0

    made: list[Element] = []

    def add_text(piece: str) -> None:
        nonlocal length, eat_space
        if (eat_space or (plain and plain[-1][-1:].isspace())) and piece[:1].isspace():
            # one space where markup stood between two (the model sees plain prose); a
            # line break wins over a space, so the layout stays
            lead = piece[: len(piece) - len(piece.lstrip())]
            if "\n" in lead:
                trim_plain()
            else:
                piece = piece.lstrip()
        if piece:
            eat_space = False
            plain.append(piece)
            length += len(piece)

    def trim_plain() -> None:
        nonlocal length
        while plain and plain[-1][-1:].isspace():
            trimmed = plain[-1].rstrip()
            length -= len(plain[-1]) - len(trimmed)
            if trimmed:
                plain[-1] = trimmed
            else:
                plain.pop()
        for earlier in made:
            earlier.start, earlier.end = min(earlier.start, length), min(earlier.end, length)

    def attach(el: Element) -> None:
        (stack[-1].children if stack else roots).append(el)

    pos = 0
    for number, m in enumerate(matches):
        add_text(text[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        is_pair_open = m.group(2) is not None and not m.group(1) and number in closes
        is_pair_close = m.group(2) is not None and m.group(1) and number in closes.values()
        if is_pair_open:
            el = Element("pair", token, token, "", length, length, counter)
            made.append(el)
            counter += 1
            attach(el)
            stack.append(el)
        elif is_pair_close:
            el = stack.pop()
            el.close = token
            el.end = length
        else:
            before = length == 0 or "".join(plain[-1:])[-1:].isspace()
            after = _space_follows(text, pos)
            if before and not after and plain and not _word_follows(text, pos):
                trim_plain()  # glued to punctuation that follows: its space is the atom's
            elif before and after:
                eat_space = True
            joined = not before and not after and pos < len(text)
            if joined:  # between two words (a tab run, R&amp;D): they stay two words
                plain.append(" ")
                length += 1
            el = Element("atom", token, token, "", length, length, counter)
            el.space_before, el.space_after, el.joined = before, after, joined
            el.line_end = "\n" in text[pos : pos + len(text[pos:]) - len(text[pos:].lstrip())]
            made.append(el)
            counter += 1
            attach(el)
    add_text(text[pos:])
    return Stripped(text, "".join(plain), roots)


def _matched_pairs(matches: list[re.Match[str]]) -> dict[int, int]:
    """Opening match index -> closing match index for pairs that open, close and nest."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, m in enumerate(matches):
        if m.group(2) is None:
            continue
        if not m.group(1):
            stack.append((m.group(2), i))
        elif stack and stack[-1][0] == m.group(2):
            pairs[stack.pop()[1]] = i
        elif any(n == m.group(2) for n, _ in stack):
            while stack[-1][0] != m.group(2):  # unclosed pairs inside become atoms
                stack.pop()
            pairs[stack.pop()[1]] = i
    return pairs


def _space_follows(text: str, pos: int) -> bool:
    """Is the next character after ``pos`` that is not a placeholder whitespace (or the end)?"""
    while True:
        m = PLACEHOLDER.match(text, pos)
        if not m:
            break
        pos = m.end()
    return pos >= len(text) or text[pos].isspace()


def _word_follows(text: str, pos: int) -> bool:
    """Does a word character come next after ``pos`` (placeholders skipped)?"""
    while True:
        m = PLACEHOLDER.match(text, pos)
        if not m:
            break
        pos = m.end()
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


def words(text: str) -> list[tuple[int, int]]:
    """Character spans of the words and punctuation marks of ``text``."""
    return [m.span() for m in WORD.finditer(text)]


def inventory(text: str) -> Counter[str]:
    """The multiset of inline elements in ``text`` (placeholder tokens and literal codes).

    A pair counts once (by its opening token) when it also closes; any unmatched
    marker counts on its own, so a lost or duplicated half shows as a difference.
    """
    return Counter(el.key + (el.close if el.kind == "pair" else "") for el in strip(text).elements)


def nesting_valid(text: str) -> bool:
    """Do the paired placeholders of ``text`` open and close like brackets, once each?"""
    stack: list[str] = []
    seen: set[str] = set()
    for m in PLACEHOLDER.finditer(text):
        if m.group(2) is None:
            continue
        if not m.group(1):
            if m.group(2) in seen:
                return False
            seen.add(m.group(2))
            stack.append(m.group(2))
        elif not stack or stack.pop() != m.group(2):
            return False
    return not stack
