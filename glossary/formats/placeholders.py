"""Inline markup as numbered placeholders inside a segment, and its safe restoration.

A paired tag (``<b>…</b>``, a Markdown link, a formatted Word run) becomes
``⟨n⟩…⟨/n⟩`` around its translatable text; a self-contained piece (inline code, an
image, a line break) becomes the atom ``⟦n⟧``. After translation the placeholders are
read back into a small tree. A pair whose markers were lost or scrambled loses its
formatting but keeps its text; a lost atom is appended at the end of the segment, so
markup is never corrupted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN, CLOSE, ATOM = "⟨{}⟩", "⟨/{}⟩", "⟦{}⟧"
_TOKEN = re.compile(r"⟨(/?)(\d+)⟩|⟦(\d+)⟧")
_SPACES = re.compile(r"\s+")
NO_BREAK = "\x00"  # stands for a space inside markup while a line is re-wrapped


@dataclass
class Pair:
    """A paired placeholder with its translated children."""

    id: int
    children: list[Node] = field(default_factory=list)


@dataclass
class Atom:
    """A self-contained placeholder."""

    id: int


Node = str | Pair | Atom


def has_placeholders(text: str) -> bool:
    """Does ``text`` contain any placeholder token?"""
    return _TOKEN.search(text) is not None


def parse(
    target: str, pair_ids: set[int], atom_ids: set[int], keep_pairs: set[int] | None = None
) -> list[Node]:
    """Read a translated segment into a tree of text, :class:`Pair` and :class:`Atom`.

    Unknown, duplicated or badly nested markers are dropped (their text stays);
    atoms missing from ``target`` are appended at the end, separated by a space. A lost
    pair in ``keep_pairs`` (a link, an XLIFF code) is appended the same way, as an
    ``Atom`` with its id, so the caller restores the original element whole.
    """
    valid = _valid_pairs(target, pair_ids)
    root: list[Node] = []
    stack: list[tuple[int, list[Node]]] = [(-1, root)]
    seen_atoms: set[int] = set()
    pos = 0
    for m in _TOKEN.finditer(target):
        _add_text(stack[-1][1], target[pos : m.start()])
        pos = m.end()
        if m.group(3) is not None:
            aid = int(m.group(3))
            if aid in atom_ids and aid not in seen_atoms:
                seen_atoms.add(aid)
                stack[-1][1].append(Atom(aid))
            continue
        pid = int(m.group(2))
        if pid not in valid:
            continue
        if not m.group(1):
            pair = Pair(pid)
            stack[-1][1].append(pair)
            stack.append((pid, pair.children))
        elif stack[-1][0] == pid:
            stack.pop()
    _add_text(stack[-1][1], target[pos:])
    missing = [a for a in sorted(atom_ids) if a not in seen_atoms]
    missing += sorted(p for p in (keep_pairs or set()) & pair_ids if p not in valid)
    for aid in missing:
        if root and isinstance(root[-1], str) and not root[-1].endswith(" "):
            root[-1] += " "
        elif root and not isinstance(root[-1], str):
            root.append(" ")
        root.append(Atom(aid))
    return root


def _valid_pairs(target: str, pair_ids: set[int]) -> set[int]:
    """Pair ids that open once, close once, and nest properly in ``target``."""
    opens: dict[int, int] = {}
    closes: dict[int, int] = {}
    order: list[tuple[bool, int]] = []
    for m in _TOKEN.finditer(target):
        if m.group(2) is None:
            continue
        pid = int(m.group(2))
        bucket = closes if m.group(1) else opens
        bucket[pid] = bucket.get(pid, 0) + 1
        order.append((bool(m.group(1)), pid))
    candidates = {p for p in pair_ids if opens.get(p) == 1 and closes.get(p) == 1}
    # Drop pairs until the remaining ones nest like brackets.
    while True:
        stack: list[int] = []
        bad: int | None = None
        for is_close, pid in order:
            if pid not in candidates:
                continue
            if not is_close:
                stack.append(pid)
            elif stack and stack[-1] == pid:
                stack.pop()
            else:
                bad = pid
                break
        if bad is None and not stack:
            return candidates
        candidates.discard(bad if bad is not None else stack[-1])


def _add_text(nodes: list[Node], text: str) -> None:
    if not text:
        return
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] += text
    else:
        nodes.append(text)


def plain_text(nodes: list[Node]) -> str:
    """The text of a parsed tree without any markup."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Pair):
            out.append(plain_text(node.children))
    return "".join(out)


class Protector:
    """Builds a placeholder string from text and markup, and restores it as a string.

    For text formats (Markdown, subtitles): call :meth:`text`, :meth:`atom`,
    :meth:`open` and :meth:`close` in document order, then :meth:`restore` a translation.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.atoms: dict[int, str] = {}
        self.pairs: dict[int, tuple[str, str]] = {}
        self._open: list[int] = []
        self._next = 1

    def text(self, text: str) -> None:
        self.parts.append(text)

    def atom(self, raw: str) -> None:
        n = self._new()
        self.atoms[n] = raw
        self.parts.append(ATOM.format(n))

    def open(self, raw: str) -> None:
        n = self._new()
        self.pairs[n] = (raw, "")
        self._open.append(n)
        self.parts.append(OPEN.format(n))

    def close(self, raw: str) -> None:
        n = self._open.pop()
        self.pairs[n] = (self.pairs[n][0], raw)
        self.parts.append(CLOSE.format(n))

    def _new(self) -> int:
        n = self._next
        self._next += 1
        return n

    @property
    def raw_source(self) -> str:
        """The placeholder string with the text's own whitespace."""
        return "".join(self.parts)

    @property
    def source(self) -> str:
        """The placeholder string, whitespace collapsed."""
        return _SPACES.sub(" ", "".join(self.parts)).strip()

    def restore(self, target: str) -> str:
        """The translation with the original markup put back."""
        return self._render(parse(target, set(self.pairs), set(self.atoms)), False)

    def restore_lines(self, target: str, lines: int) -> list[str]:
        """Like :meth:`restore`, wrapped onto ``lines`` lines without breaking inside markup."""
        joined = self._render(parse(target, set(self.pairs), set(self.atoms)), True)
        return [line.replace(NO_BREAK, " ") for line in rewrap(joined, lines)]

    def _render(self, nodes: list[Node], glue: bool) -> str:
        def raw(text: str) -> str:
            return text.replace(" ", NO_BREAK) if glue else text

        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, Atom):
                out.append(raw(self.atoms[node.id]))
            else:
                start, end = self.pairs[node.id]
                out.append(raw(start) + self._render(node.children, glue) + raw(end))
        return "".join(out)


def rewrap(text: str, lines: int) -> list[str]:
    """Split ``text`` into ``lines`` lines of similar length at spaces (fewer if too few words)."""
    words = text.split()
    if lines <= 1 or len(words) <= 1:
        return [" ".join(words)]
    lines = min(lines, len(words))
    total = sum(len(w) for w in words) + len(words) - 1
    out: list[str] = []
    current: list[str] = []
    consumed = 0
    for i, word in enumerate(words):
        current.append(word)
        consumed += len(word) + 1
        remaining_words = len(words) - i - 1
        remaining_lines = lines - len(out) - 1
        if remaining_lines <= 0:
            continue
        goal = total * (len(out) + 1) / lines
        nxt = len(words[i + 1]) if remaining_words else 0
        # Break when this line reached its share, or when the rest must fill the lines left.
        if (
            consumed >= goal or abs(consumed - goal) < abs(consumed + nxt + 1 - goal)
        ) or remaining_words <= remaining_lines:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


_TAG = re.compile(r"</?([A-Za-z][\w.-]*)[^<>]*>|\{\\[^{}]*\}")


def protect_tags(
    text: str, protector: Protector | None = None, codes: re.Pattern[str] | None = None
) -> Protector:
    """Put ``text`` into a :class:`Protector`, with HTML-like tags as placeholders.

    A tag with its matching closing tag becomes a pair; any other tag (``<br>``,
    ``{\\an8}``, an unmatched ``</i>``) becomes an atom, and so does every match of
    ``codes`` (format codes such as ``%s``).
    """
    prot = protector or Protector()
    pattern = _TAG if codes is None else re.compile(f"{_TAG.pattern}|{codes.pattern}")
    tokens = list(pattern.finditer(text))
    partner: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, m in enumerate(tokens):
        raw = m.group(0)
        name = (m.group(1) or "").lower()
        if not name or raw.endswith("/>"):
            continue
        if raw.startswith("</"):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    partner[stack[depth][1]] = i
                    partner[i] = stack[depth][1]
                    del stack[depth:]
                    break
        else:
            stack.append((name, i))
    pos = 0
    for i, m in enumerate(tokens):
        prot.text(text[pos : m.start()])
        pos = m.end()
        if i not in partner:
            prot.atom(m.group(0))
        elif partner[i] > i:
            prot.open(m.group(0))
        else:
            prot.close(m.group(0))
    prot.text(text[pos:])
    return prot
