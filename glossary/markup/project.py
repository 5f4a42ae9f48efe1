"""Put a segment's inline elements back onto its translation, by word alignment.

Each pair goes around the target words aligned to the source words it covered (the
largest close-knit group of them); each atom goes to the gap next to the target word
aligned to its source neighbour. The source's nesting is then imposed: a child is kept
inside its parent, siblings do not overlap (their order may change, as words do). An
element with nothing aligned goes to the proportional position in the target, within
its parent: that placement, or any trimming forced by nesting, marks the segment
``fallback`` instead of ``aligned``. Every element is written exactly once, so the
target carries the source's elements whatever the model did to the words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from glossary.markup.elements import Element, Stripped, inventory, words

ALIGNED, FALLBACK = "aligned", "fallback"
REACH = 3  # how far an atom looks for an aligned neighbour word


@dataclass
class Projection:
    """A translated segment with its elements put back, and how they were placed."""

    text: str
    status: str | None  # "aligned", "fallback", or None when the segment has no elements
    fallback: int = 0  # elements placed by fallback


def project(stripped: Stripped, target: str, links: list[tuple[int, int]]) -> Projection:
    """``target`` (a translation of ``stripped.plain``) with the elements put back.

    ``links`` are (source word, target word) pairs over :func:`words` of the two texts.
    """
    if not stripped.roots:
        return Projection(target, None)
    src = words(stripped.plain)
    tgt = words(target)
    aligned: dict[int, set[int]] = {}
    for i, j in links:
        if 0 <= i < len(src) and 0 <= j < len(tgt):
            aligned.setdefault(i, set()).add(j)
    desired: dict[int, tuple[int, int, bool]] = {}
    for el in stripped.elements:
        desired[id(el)] = _desired(el, src, len(tgt), aligned)
    placed: dict[int, tuple[int, int, int]] = {}  # (start, end, order of placement)
    missed = _place(stripped.roots, 0, len(tgt), desired, placed)
    text = _render(stripped.roots, target, tgt, placed)
    if inventory(text) != inventory(stripped.text):
        # an atom ran into its neighbour (a URL followed by ",x"): space every atom out
        text = _render(stripped.roots, target, tgt, placed, spaced=True)
    return Projection(text, FALLBACK if missed else ALIGNED, missed)


def _desired(
    el: Element, src: list[tuple[int, int]], m: int, aligned: dict[int, set[int]]
) -> tuple[int, int, bool]:
    """(first target word, end word, found by alignment) wanted for ``el``."""
    n = len(src)
    if el.kind == "pair" and el.end > el.start:
        covered = [i for i, (a, b) in enumerate(src) if a < el.end and b > el.start]
        if covered:
            hits = sorted({j for i in covered for j in aligned.get(i, ())})
            if hits:
                first, last = _cluster(hits, covered[0] * m / max(n, 1), 2 * len(covered) + 1)
                return first, last + 1, True
            a = round(covered[0] * m / max(n, 1))
            b = max(a + 1, round((covered[-1] + 1) * m / max(n, 1)))
            return min(a, m), min(b, m), False
    gap = next((i for i, (a, _) in enumerate(src) if a >= el.start), n)
    if gap == 0:
        return 0, 0, True
    if gap == n:
        return m, m, True
    # the nearest aligned source words on each side (up to REACH words away)
    right = next((aligned[k] for k in range(gap, min(n, gap + REACH)) if k in aligned), ())
    left = next(
        (aligned[k] for k in range(gap - 1, max(-1, gap - 1 - REACH), -1) if k in aligned), ()
    )
    after = sorted(right)
    before = sorted(j + 1 for j in left)
    glued_left = el.kind == "atom" and not el.space_before
    if after and before:
        # both neighbours aligned: the preferred side's link nearest the other side
        if glued_left:
            g = min(before, key=lambda j: (abs(j - after[0]), -j))
        else:
            g = min(after, key=lambda j: (abs(j - before[-1]), -j))
        return g, g, True
    if after or before:
        expected = gap * m / max(n, 1)  # the same relative position in the target
        g = min(after or before, key=lambda j: (abs(j - expected), j))
        return g, g, True
    g = round(gap * m / max(n, 1))
    return g, g, False


def _cluster(hits: list[int], expected: float, width: int) -> tuple[int, int]:
    """The window of at most ``width`` target words holding most of ``hits``, with no gap
    over one word; among equals, the one starting nearest ``expected`` (the source's
    relative position)."""
    best: tuple[int, float, int, int] | None = None
    for a in range(len(hits)):
        b = a
        while b + 1 < len(hits) and hits[b + 1] - hits[b] <= 2 and hits[b + 1] - hits[a] < width:
            b += 1
        key = (-(b - a + 1), abs(hits[a] - expected), hits[a], hits[b])
        if best is None or key < best:
            best = key
    assert best is not None
    return best[2], best[3]


def _place(
    siblings: list[Element],
    lo: int,
    hi: int,
    desired: dict[int, tuple[int, int, bool]],
    placed: dict[int, tuple[int, int, int]],
) -> int:
    """Fit ``siblings`` into target words [lo, hi) without overlaps; count misplacements."""
    missed = 0
    cursor = lo
    order = sorted(siblings, key=lambda el: (desired[id(el)][0], desired[id(el)][1], el.index))
    for el in order:
        a, b, found = desired[id(el)]
        if b > a:
            start, end = max(a, cursor), min(b, hi)
            if end <= start:
                start = end = min(max(a, cursor), hi)
        else:
            start = end = min(max(a, cursor), hi)
        if not found or (start, end) != (a, b):
            missed += 1
        placed[id(el)] = (start, end, len(placed))
        missed += _place(el.children, start, end, desired, placed)
        cursor = end
    return missed


def _render(
    roots: list[Element],
    target: str,
    tgt: list[tuple[int, int]],
    placed: dict[int, tuple[int, int, int]],
    spaced: bool = False,
) -> str:
    """The target text with the elements' tokens written at their placed gaps (``spaced``:
    every atom with a space on both sides, whatever its source spacing)."""
    events: list[tuple[int, str, Element]] = []  # (gap, "open" | "close" | "atom", element)

    def walk(siblings: list[Element]) -> None:
        for el in sorted(siblings, key=lambda e: placed[id(e)][2]):
            start, end, _ = placed[id(el)]
            if el.kind == "atom":
                events.append((start, "atom", el))
                continue
            events.append((start, "open", el))
            walk(el.children)
            events.append((end, "close", el))

    walk(roots)
    m = len(tgt)
    out: list[str] = []
    last = ""  # the last character of text or atom written (pair tokens do not count)
    atom_before = ""  # the atom just written, while nothing else followed it

    def write(piece: str, atom: str = "") -> None:
        nonlocal last, atom_before
        if not piece:
            return
        if atom_before and _would_merge(atom_before, piece):
            out.append(" ")  # keep the atom whole: nothing may extend it
        out.append(piece)
        last = piece[-1]
        atom_before = atom

    def mark(token: str) -> None:
        nonlocal atom_before
        out.append(token)
        atom_before = ""  # a placeholder token ends whatever came before it

    k = 0
    for g in range(m + 1):
        between = target[tgt[g - 1][1] if g else 0 : tgt[g][0] if g < m else len(target)]
        after = False
        written = False
        while k < len(events) and events[k][0] == g:
            _, what, el = events[k]
            k += 1
            if spaced and what == "atom":
                el = replace(el, space_before=True, space_after=True, joined=False, line_end=False)
            wants_after = what == "open" or (what == "atom" and el.space_before and not el.line_end)
            if (wants_after or after) and not written:
                write(between)
                written = True
            after = after or wants_after
            if what == "open":
                mark(el.open)
            elif what == "close":
                mark(el.close)
            elif (
                el.joined
                and not written
                and not after
                and between.isspace()
                and not _would_merge(el.open, target[tgt[g][0] : tgt[g][0] + 1] if g < m else "")
            ):
                write(el.open, el.open)  # stands for the space between the two words
                written = True
            else:
                if (el.space_before and last and not last.isspace()) or (
                    last == "%" and el.open.startswith("%")
                ):
                    write(" ")
                write(el.open, el.open)
                following = (between if not written else "") + (
                    target[tgt[g][0] : tgt[g][0] + 1] if g < m else ""
                )
                if g < m and (
                    (el.space_after and following[:1].isalnum())
                    or (spaced and following[:1] and not following[:1].isspace())
                    or _would_merge(el.open, following)
                ):
                    write(" ")
        if not written:
            write(between)
        if g < m:
            write(target[tgt[g][0] : tgt[g][1]])
    return "".join(out)


def _would_merge(atom: str, following: str) -> bool:
    """Would the text ``following`` be read as part of ``atom`` (a printf code then a
    letter; a URL then anything but a space, a bracket, or closing punctuation that ends
    the text or is followed by a space)?"""
    if not following or following[0].isspace():
        return False
    if atom.startswith(("http", "ftp")):
        if following[0] in "<>()[]⟨⟩⟦⟧":
            return False
        if following[0] in ".,;:!?'\"":
            return len(following) > 1 and not following[1].isspace()
        return True
    return atom[-1:].isalnum() and (following[0].isalnum() or following[0] == "_")
