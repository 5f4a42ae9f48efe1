"""Find every occurrence of every term in a text, with character offsets.

The text is lowercased and every character that cannot be inside a word becomes a
space (hyphens and colons stay inside words: AI-chipen, USA:s). An Aho-Corasick
automaton (pyahocorasick) holds, for every stored form of every source term (the
termbase's forms, or :func:`glossary.morphology.generate_forms` when a term has none),
a short prefix anchored at a word start (" kiselski" for kiselskiva, kiselskivorna,
...). Each automaton match reads the following word or words and looks the surface up
in a table of all forms, so a hit always spans whole words. Terms inside longer words
(exportrestriktionsregler, AI-chipen, handelskriget) are ``compound`` hits, which
enforcement ignores by default. Where hits overlap the longest wins; shorter hits
inside it are kept with ``covered=True``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

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
# Characters that end a word: anything but letters and digits, except a hyphen or colon
# between two of them (AI-chip, USA:s) and the apostrophe of Nvidia's and Siemens'.
_WORD_BREAK = re.compile(
    r"[^\w\-:'’]|_"
    r"|(?<![^\W_])[-:'’]"
    r"|[-:](?![^\W_])"
    r"|(?<!s)['’](?!s(?![^\W_]))"
    r"|(?<=s)['’](?=[^\W_])(?!s(?![^\W_]))"
)
_LONG_WORD = re.compile(r"[^ ]{7,}|[^ ]*-[^ ]+")


class _TermInfo:
    """What a hit reports about its term (a plain slotted class: built 100,000 times)."""

    __slots__ = (
        "source", "target", "entry_id", "term_id", "status", "dnt", "case_sensitive",
        "base_key", "compounds",
    )  # fmt: skip

    def __init__(self, term: Term, entry: Entry, target: str | None, base_key: str, compounds):
        self.source = term.text
        self.target = target
        self.entry_id = entry.id if entry.id is not None else -1
        self.term_id = term.id if term.id is not None else -1
        self.status = term.status
        self.dnt = term.dnt
        self.case_sensitive = term.case_sensitive
        self.base_key = base_key
        self.compounds = compounds  # nouns and names form compounds; verbs do not


# A record: (term index, form text as stored, features, is the base form)
_Record = tuple[int, str, tuple[str, ...], bool]


def lower_same_length(text: str) -> str:
    """``text.lower()`` without changing the length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def word_view(text: str) -> str:
    """Lowercased ``text`` with every character that cannot be inside a word made a space."""
    return _WORD_BREAK.sub(" ", lower_same_length(text))


def _key(text: str) -> str:
    """The lookup key of a form: its word view with single spaces."""
    low = text.lower()
    if len(low) == len(text) and low.replace(" ", "").isalnum() and "  " not in low:
        return low.strip()  # the common case: letters, digits and single spaces
    return " ".join(word_view(" ".join(text.split())).split())


def _approved(entry: Entry, lang: str) -> Term | None:
    """``entry.preferred(lang)`` without sorting: the first preferred, else admitted term."""
    admitted = None
    for t in entry.terms:
        if t.lang == lang:
            if t.status == "preferred":
                return t
            if admitted is None and t.status == "admitted":
                admitted = t
    return admitted


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
        self._forms: dict[str, list[_Record]] = {}
        self._stems: dict[str, list[_Record]] = {}
        self._stem_lengths: dict[str, set[int]] = {}  # prefix key -> lengths of its stems
        prefixes: dict[str, set[int]] = {}
        for entry in entries:
            target_term = _approved(entry, tgt)
            for term in entry.terms:
                if term.lang == src:
                    self._add_term(entry, term, target_term, prefixes)
        self._automaton = ahocorasick.Automaton()
        for key, nws in prefixes.items():
            lens = tuple(sorted(self._stem_lengths.get(key, ()), reverse=True))
            self._automaton.add_word(key, (len(key), tuple(sorted(nws, reverse=True)), lens))
        del self._stem_lengths
        self.size = len(self._forms)
        if prefixes:
            self._automaton.make_automaton()

    def _add_term(self, entry: Entry, term: Term, target: Term | None, prefixes) -> None:
        base = " ".join(term.text.split())
        base_key = _key(base)
        if not base_key:
            return
        forms = term.forms or generate_forms(term)
        index = len(self.terms)
        info = _TermInfo(
            term,
            entry,
            target.text if target else (term.text if term.dnt else None),
            base_key,
            self.include_compounds and term.pos in (None, "noun", "properNoun"),
        )
        self.terms.append(info)
        width = max(3, len(base_key) - 2)
        keyed = [(_key(f.text), f.text, f.features) for f in forms]
        base_feats = next((feats for key, _, feats in keyed if key == base_key), ())
        seen: set[str] = set()
        table = self._forms
        for key, text, feats in [(base_key, base, base_feats), *keyed]:
            if not key or key in seen:
                continue
            seen.add(key)
            record = (index, text, feats, key == base_key)
            if key in table:
                table[key].append(record)
            else:
                table[key] = [record]
            prefix = " " + key[:width]
            nw = key.count(" ") + 1
            if prefix in prefixes:
                prefixes[prefix].add(nw)
            else:
                prefixes[prefix] = {nw}
        if info.compounds:
            lengths = self._stem_lengths.setdefault(" " + base_key[:width], set())
            self._stems.setdefault(base_key, []).append((index, base, base_feats, True))
            lengths.add(len(base_key))
            # kiselskiva -> kiselskiv(tillverkning), halvledare -> halvledar(industrin)
            if term.pos in (None, "noun") and base_key[-1] in "ae" and len(base_key) > 4:
                stem = base_key[:-1]
                self._stems.setdefault(stem, []).append((index, base[:-1], ("stem",), False))
                lengths.add(len(stem))

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
        view = word_view(norm)
        padded = " " + view + " "
        cands: dict[tuple[int, int, int], tuple] = {}
        forms, stems = self._forms, self._stems
        compounds = self.include_compounds
        surfaces: dict[tuple[int, int], str | None] = {}  # (start, words) -> surface
        for end, (klen, nws, stem_lengths) in self._automaton.iter(padded):
            start = end - klen + 2  # first character of the word in ``padded``
            for nw in nws:
                where = (start, nw)
                if where in surfaces:
                    surface = surfaces[where]
                else:
                    stop = start
                    for _ in range(nw):
                        stop = padded.find(" ", stop + 1)
                        if stop < 0:
                            break
                    surface = padded[start:stop] if stop > 0 else None
                    surfaces[where] = surface
                    records = forms.get(surface) if surface else None
                    if records:
                        surfaces[where] = None  # a whole-word hit: no compound reading
                        for rec in records:
                            self._add(cands, norm, start - 1, stop - 1, rec, None)
                        continue
                if compounds and surface and stem_lengths:
                    # a term (or its stem) starts a longer word: exportrestriktion|s|regler
                    for k in stem_lengths:
                        if k < len(surface):
                            records = stems.get(surface[:k])
                            if records:
                                for rec in records:
                                    self._add(
                                        cands, norm, start - 1, start - 1 + k, rec, surface[k:]
                                    )
        if compounds:
            self._find_heads(view, norm, cands)
        return self._resolve(list(cands.values()), text, offsets)

    def _find_heads(self, view: str, norm: str, cands) -> None:
        """Terms at the end of a longer word: handels|kriget, halvledar|exportrestriktionerna."""
        get = self._forms.get
        for m in _LONG_WORD.finditer(view):
            word, base = m.group(), m.start()
            n = len(word)
            hyphens = {i + 1 for i, c in enumerate(word) if c == "-"} if "-" in word else ()
            for i in range(2, n - 1):
                # short parts are compound parts only after a hyphen
                if (i < 3 or n - i < 4) and i not in hyphens:
                    continue
                records = get(word[i:])
                if records:
                    for rec in records:
                        self._add(cands, norm, base + i, base + n, rec, "", i in hyphens)

    def _add(self, cands, norm, start, stop, rec, rest, hyphen_before=False) -> None:
        """Keep a candidate if it passes the case, compound and boundary rules."""
        index, form, feats, is_base = rec
        key = (start, stop, index)
        if key in cands:
            return
        info = self.terms[index]
        if rest is None:
            kind = "exact" if is_base else "inflected"
        else:
            if not info.compounds:
                return
            short = self.src != "sv" or len(info.base_key) < 4
            if rest == "":  # head of a compound: three or more letters precede it
                if short and not hyphen_before:
                    return
            elif rest[0] != "-":
                if short:
                    return
                # A linking -s only where the term's own genitive has it (not chip|s: crisps).
                genitive = self._forms.get(_key(norm[start:stop]) + "s", ())
                s_link = any(r[0] == index for r in genitive)
                if not _compound_rest_ok(rest, feats, s_link):
                    return
            kind = "compound"
        if info.case_sensitive:
            surface = norm[start:stop]
            if surface != form and not (
                surface == form[:1].upper() + form[1:] and _sentence_initial(norm, start)
            ):
                return
        cands[key] = (start, stop, index, kind, feats)

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


def _compound_rest_ok(rest: str, feats: tuple[str, ...], s_link: bool) -> bool:
    """Is ``rest`` the rest of a compound (…s|regler), not an ending or suffix (chip|sen)?"""
    if rest[0] in ": ":
        return False
    if "-" in rest:
        rest = rest[: rest.index("-")]
    if rest[0] == "s" and not s_link:
        return False  # chip|s|fabriken: the term has no -s genitive, so "chips" is another word
    options = [rest]
    if rest[0] == "s":
        options.append(rest[1:])
    if feats == ("stem",) and rest[0] in "eou":
        options.append(rest[1:])
    for opt in options:
        if len(opt) < 3 or opt in _NOT_A_COMPOUND_REST:
            continue
        if opt is rest and rest.startswith(_DERIVATION_STARTS):
            continue
        return True
    return False


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
