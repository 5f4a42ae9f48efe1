"""Find every occurrence of every term in a text, with character offsets.

One Aho-Corasick automaton (pyahocorasick) holds the lowercased forms of all source
terms (the stored forms, or :func:`glossary.morphology.generate_forms` when a term
has none). Each raw match is kept only on word boundaries, or, when it sits inside a
longer word, as a ``compound`` hit (exportrestriktionsregler, AI-chip) that
enforcement ignores by default. Where hits overlap the longest wins; shorter hits
inside it are kept with ``covered=True``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from glossary.morphology import generate_forms
from glossary.termtypes import Entry, Hit, Term

# Ends and suffixes that make "chip" + rest a different word, not a compound.
_NOT_A_COMPOUND_REST = {
    "en", "et", "na", "ar", "er", "or", "arna", "erna", "orna", "ens", "ets", "ers",
    "ars", "ors", "sen", "set", "ena", "are", "ande", "ende", "ade", "ades", "at", "ad",
    "ning", "ig", "iga", "igt", "isk", "iska", "lig", "liga", "ligt", "het", "era", "erar",
    "erade", "erat", "ering", "eringen", "s", "e", "a", "n", "t", "ornas", "arnas", "ernas",
    "ans", "nas", "ns",
}  # fmt: skip
_DERIVATION_STARTS = ("era", "ering", "isk", "lig", "ning", "het", "skap", "ande", "ende", "are")
_QUOTES = "\"'«»()[]“”‘’„-–—*"
_NEEDS_NORMALISING = re.compile(r"\s{2,}|[^\S ]")
_UNIT = re.compile(r"\s+|.[\u0300-\u036f]*", re.DOTALL)


@dataclass(frozen=True)
class _TermInfo:
    source: str
    target: str | None
    entry_id: int
    term_id: int
    status: str
    dnt: bool
    case_sensitive: bool
    base_key: str
    compounds: bool  # nouns and names form compounds; verbs and adjectives do not


# A record in the automaton: (term index, form text, features, is_base, may_start_compound)
_Record = tuple[int, str, tuple[str, ...], bool, bool]


def lower_same_length(text: str) -> str:
    """``text.lower()`` without changing the length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class TermMatcher:
    """Recognise the source terms of ``entries`` in running text."""

    def __init__(
        self,
        entries: Iterable[Entry],
        src: str = "sv",
        tgt: str = "en",
        include_compounds: bool = True,
    ) -> None:
        import ahocorasick

        self.src, self.tgt, self.include_compounds = src, tgt, include_compounds
        self.terms: list[_TermInfo] = []
        table: dict[str, list[_Record]] = {}
        for entry in entries:
            target_term = entry.preferred(tgt)
            for term in entry.terms:
                if term.lang == src:
                    self._add_term(entry, term, target_term, table)
        self._automaton = ahocorasick.Automaton()
        for key, records in table.items():
            self._automaton.add_word(key, (len(key), tuple(records)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def _add_term(self, entry: Entry, term: Term, target: Term | None, table) -> None:
        base = " ".join(term.text.split())
        if not base:
            return
        forms = term.forms or generate_forms(term)
        target_text = target.text if target else (term.text if term.dnt else None)
        index = len(self.terms)
        base_key = lower_same_length(base)
        self.terms.append(
            _TermInfo(
                source=term.text,
                target=target_text,
                entry_id=entry.id if entry.id is not None else -1,
                term_id=term.id if term.id is not None else -1,
                status=term.status,
                dnt=term.dnt,
                case_sensitive=term.case_sensitive,
                base_key=base_key,
                compounds=term.pos in (None, "noun", "properNoun"),
            )
        )
        seen: set[str] = set()
        texts = [(base, ("base",))] + [(f.text, f.features) for f in forms]
        for text, feats in texts:
            text = " ".join(text.split())
            key = lower_same_length(text)
            if not key or key in seen:
                continue
            seen.add(key)
            is_base = key == base_key
            if is_base and feats == ("base",) and forms:
                feats = next((f.features for f in forms if f.text == text), feats)
            table.setdefault(key, []).append((index, text, feats, is_base, is_base))
        # Compound stems: kiselskiva -> kiselskiv(tillverkning)
        if (term.pos in (None, "noun")) and base_key[-1:] in ("a", "e") and len(base_key) > 4:
            stem = base_key[:-1]
            if stem not in seen:
                table.setdefault(stem, []).append((index, base[:-1], ("stem",), False, True))

    @classmethod
    def from_termbase(cls, tb, glossary: str | None = None, src: str = "sv", tgt: str = "en"):
        """A matcher over a :class:`Termbase`, rebuilt only when the termbase changed."""
        key = (str(getattr(tb, "path", id(tb))), glossary, src, tgt)
        version = tb.data_version()
        cached = _CACHE.get(key)
        if cached and cached[0] == version:
            return cached[1]
        matcher = cls(tb.entries(glossary=glossary), src=src, tgt=tgt)
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = (version, matcher)
        return matcher

    def find(self, text: str) -> list[Hit]:
        """All term hits in ``text``, sorted by start (covered hits included)."""
        if not text or not self.size:
            return []
        norm, offsets = _normalise(text)
        low = lower_same_length(norm)
        n = len(low)
        cands: list[tuple[int, int, int, str, tuple[str, ...]]] = []
        seen: set[tuple[int, int, int]] = set()
        terms = self.terms
        compounds = self.include_compounds
        swedish = self.src == "sv"
        for end, (klen, records) in self._automaton.iter(low):
            start = end - klen + 1
            stop = end + 1
            left = start > 0 and _continues_left(low, start)
            right = stop < n and _continues_right(low, stop)
            if (left or right) and not compounds:
                continue
            for index, form, feats, is_base, stem_ok in records:
                info = terms[index]
                # Short terms (AI, EU, Arm) and non-Swedish text: compounds only with a hyphen.
                short_or_foreign = not swedish or len(info.base_key) < 4
                if (
                    info.case_sensitive
                    and norm[start:stop] != form
                    and not (
                        norm[start:stop] == form[:1].upper() + form[1:]
                        and _sentence_initial(norm, start)
                    )
                ):
                    continue
                if not (left or right):
                    if feats == ("stem",):
                        continue
                    kind = "exact" if is_base else "inflected"
                else:
                    if not info.compounds:
                        continue
                    if short_or_foreign and not _hyphen_joined(low, start, stop, left, right):
                        continue
                    if right and not (stem_ok and _compound_rest_ok(low, stop, feats)):
                        continue
                    if left and not _compound_prefix_ok(low, start, info.base_key):
                        continue
                    kind = "compound"
                k = (start, stop, index)
                if k in seen:
                    continue
                seen.add(k)
                cands.append((start, stop, index, kind, feats))
        return self._resolve(cands, text, offsets)

    def _resolve(self, cands, text, offsets) -> list[Hit]:
        cands.sort(key=lambda c: (c[0], -c[1]))
        hits: list[Hit] = []
        cluster: list = []
        cluster_end = -1
        for c in cands:
            if cluster and c[0] >= cluster_end:
                hits.extend(self._resolve_cluster(cluster, text, offsets))
                cluster = []
            cluster.append(c)
            cluster_end = max(cluster_end, c[1]) if len(cluster) > 1 else c[1]
        if cluster:
            hits.extend(self._resolve_cluster(cluster, text, offsets))
        hits.sort(key=lambda h: (h.start, -h.end, h.covered))
        return hits

    def _resolve_cluster(self, cluster, text, offsets) -> list[Hit]:
        if len(cluster) == 1:
            return [self._hit(cluster[0], False, text, offsets)]
        order = sorted(cluster, key=lambda c: (-(c[1] - c[0]), c[0], c[3] == "compound"))
        winners: list = []
        out = []
        for c in order:
            covered = False
            clash = False
            for w in winners:
                if c[0] < w[1] and w[0] < c[1] and (c[0], c[1]) != (w[0], w[1]):
                    if w[0] <= c[0] and c[1] <= w[1]:
                        covered = True
                    else:
                        clash = True
                        break
            if clash or (covered and any(w[2] == c[2] for w in winners)):
                continue
            if not covered:
                winners.append(c)
            out.append(self._hit(c, covered, text, offsets))
        return out

    def _hit(self, c, covered: bool, text: str, offsets) -> Hit:
        start, stop, index, kind, feats = c
        if offsets is not None:
            start, stop = offsets.start(start), offsets.end(stop)
        info = self.terms[index]
        return Hit(
            start=start,
            end=stop,
            text=text[start:stop],
            source=info.source,
            target=info.target,
            entry_id=info.entry_id,
            term_id=info.term_id,
            kind=kind,
            status=info.status,
            dnt=info.dnt,
            features=() if feats in (("base",), ("stem",)) else feats,
            covered=covered,
        )


_CACHE: dict[tuple, tuple[object, TermMatcher]] = {}


def _continues_left(low: str, start: int) -> bool:
    c = low[start - 1]
    if c.isalnum():
        return True
    return c == "-" and start > 1 and low[start - 2].isalnum()


def _continues_right(low: str, stop: int) -> bool:
    c = low[stop]
    if c.isalnum():
        return True
    return c in "-:" and stop + 1 < len(low) and low[stop + 1].isalnum()


def _hyphen_joined(low: str, start: int, stop: int, left: bool, right: bool) -> bool:
    """The term is joined to the rest of its word by hyphens only (AI-chip, e-bok)."""
    return (not left or low[start - 1] == "-") and (not right or low[stop] == "-")


def _word_after(low: str, stop: int) -> str:
    end = stop
    while end < len(low) and low[end].isalnum():
        end += 1
    return low[stop:end]


def _compound_rest_ok(low: str, stop: int, feats: tuple[str, ...]) -> bool:
    """Is what follows the term the rest of a compound (…s|regler), not an ending (chip|sen)?"""
    if low[stop] in "-":
        return True
    if low[stop] == ":":
        return False
    rest = _word_after(low, stop)
    options = [rest]
    if rest[:1] == "s":
        options.append(rest[1:])
    if feats == ("stem",) and rest[:1] in "eou":
        options.append(rest[1:])
    for opt in options:
        if len(opt) < 3 or opt in _NOT_A_COMPOUND_REST:
            continue
        if opt is rest and rest.startswith(_DERIVATION_STARTS):
            continue
        if len(opt) >= 5 or _is_word(opt):
            return True
    return False


def _compound_prefix_ok(low: str, start: int, base_key: str) -> bool:
    """Is what precedes the term the first part of a compound (export|restriktion)?"""
    if low[start - 1] == "-":
        return True
    begin = start
    while begin > 0 and low[begin - 1].isalnum():
        begin -= 1
    prefix = low[begin:start]
    if len(prefix) < 3:
        return False
    return len(base_key) >= 4


@lru_cache(maxsize=65536)
def _is_word(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, "sv")


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i] == " " or text[i] in _QUOTES):
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


class _OffsetMap:
    """Maps offsets in the normalised text back to the original text."""

    def __init__(self, norm_points: list[int], shifts: list[int]) -> None:
        self.norm_points, self.shifts = norm_points, shifts

    def start(self, pos: int) -> int:
        i = bisect.bisect_right(self.norm_points, pos) - 1
        return pos + (self.shifts[i] if i >= 0 else 0)

    def end(self, pos: int) -> int:
        return self.start(pos - 1) + 1


def _normalise(text: str) -> tuple[str, _OffsetMap | _ExplicitMap | None]:
    """Collapse whitespace runs to one space (a blank line to "\\n") and compose accents.

    Returns the normalised text and, when lengths differ, a map back to original offsets.
    """
    if not unicodedata.is_normalized("NFC", text):
        return _normalise_slow(text)
    if _NEEDS_NORMALISING.search(text) is None:
        return text, None
    pieces: list[str] = []
    points: list[int] = []
    shifts: list[int] = []
    last = 0
    norm_len = 0
    for m in _NEEDS_NORMALISING.finditer(text):
        pieces.append(text[last : m.start()])
        norm_len += m.start() - last
        run = m.group()
        pieces.append("\n" if run.count("\n") > 1 else " ")
        norm_len += 1
        last = m.end()
        points.append(norm_len)
        shifts.append(last - norm_len)
    pieces.append(text[last:])
    return "".join(pieces), _OffsetMap(points, shifts)


class _ExplicitMap:
    """Offsets for text whose characters were recomposed (NFC): one entry per character."""

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts, self.ends = starts, ends

    def start(self, pos: int) -> int:
        return self.starts[pos]

    def end(self, pos: int) -> int:
        return self.ends[pos - 1]


def _normalise_slow(text: str) -> tuple[str, _ExplicitMap]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _UNIT.finditer(text):
        unit = m.group()
        if unit[0].isspace():
            piece = "\n" if unit.count("\n") > 1 else " "
        else:
            piece = unicodedata.normalize("NFC", unit) if len(unit) > 1 else unit
        for ch in piece:
            chars.append(ch)
            starts.append(m.start())
            ends.append(m.end())
    return "".join(chars), _ExplicitMap(starts, ends)
