"""Generated marked-up segments for the markup property tests and the markup benchmark.

A segment is a random sentence with random nested pairs (``⟨n⟩…⟨/n⟩``: tags, links,
bold), atoms (``⟦n⟧``: inline code, images) and literal placeholders (``%s``, ``{name}``…)
written the way the formats write them. Helpers read back which words each element
covers, to compare a source with its translation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from glossary.markup import strip, words

CODES = (
    *("%s", "%d", "%(count)d", "%1$s", "{name}", "{0}", "&amp;", "https://example.org/sida"),
    *("anna.svensson@example.se", "www.example.org/spara", "<https://example.org>"),
    *("https://sv.wikipedia.org/wiki/Chip_(halvledare)", "mailto:info@example.org"),
    *("file:///home/anna/rapport.txt", "ordbro.se/hjalp"),
)


@dataclass
class _Builder:
    rng: random.Random
    opens: dict[int, list[str]] = field(default_factory=dict)
    closes: dict[int, list[str]] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        n = self.next_id
        self.next_id += 1
        return n

    def wrap(self, lo: int, hi: int, depth: int) -> None:
        """Put up to two non-overlapping pairs inside words [lo, hi), nested up to depth 3."""
        if depth >= 3 or hi - lo < 1:
            return
        cut = self.rng.randint(lo, hi)
        for a, b in ((lo, cut), (cut, hi)):
            if b - a < 1 or self.rng.random() < 0.4:
                continue
            start = self.rng.randint(a, b - 1)
            end = self.rng.randint(start + 1, min(b, start + 4))
            n = self.new_id()
            self.opens.setdefault(start, []).append(f"⟨{n}⟩")
            self.closes.setdefault(end - 1, []).insert(0, f"⟨/{n}⟩")
            self.wrap(start, end, depth + 1)


def segment(rng: random.Random, vocabulary: list[str], lo: int = 4, hi: int = 14) -> str:
    """One generated segment over ``vocabulary``; it ends with a full stop."""
    count = rng.randint(lo, hi)
    ws = [rng.choice(vocabulary) for _ in range(count)]
    ws[0] = ws[0][:1].upper() + ws[0][1:]
    b = _Builder(rng)
    b.wrap(0, count, 0)
    atoms: dict[int, str] = {}
    for _ in range(rng.randint(0, 3)):
        gap = rng.randint(0, count)
        atoms[gap] = f"⟦{b.new_id()}⟧" if rng.random() < 0.5 else rng.choice(CODES)
    out: list[str] = []
    for i, word in enumerate(ws):
        if i in atoms:
            out.append(atoms[i] + " ")
        out.append("".join(b.opens.get(i, [])) + word + "".join(b.closes.get(i, [])))
        out.append(" " if i < count - 1 else "")
    text = "".join(out)
    if count in atoms:
        text += " " + atoms[count]
    return text + "."


def covered_words(text: str) -> dict[str, list[str]]:
    """For each pair (by its opening token): the plain words it encloses."""
    st = strip(text)
    spans = words(st.plain)
    return {
        el.key: [st.plain[a:b] for a, b in spans if a < el.end and b > el.start]
        for el in st.elements
        if el.kind == "pair"
    }


def atom_gaps(text: str) -> list[tuple[str, int]]:
    """Each atom with the number of plain words before it, in order."""
    st = strip(text)
    spans = words(st.plain)
    return sorted(
        (el.key, sum(1 for a, _ in spans if a < el.start))
        for el in st.elements
        if el.kind == "atom"
    )
