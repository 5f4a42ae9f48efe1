"""Find every occurrence of every term in a text, with character offsets.

The text is lowercased and every character that cannot be inside a word becomes a
space (hyphens and colons stay inside words: AI-chipen, USA:s). Two Aho-Corasick
automata (pyahocorasick) hold the stored forms of the source terms (the termbase's
forms, or :func:`glossary.morphology.generate_forms` when a term has none), so Python
code runs only where a form or a stem occurs. One runs over the reversed text with every
one-word form read from the word end (" tegirk" for kriget): it finds whole words and
terms at the end of a longer word (handels|kriget). The other runs forward with the
multi-word forms (" stor kiselskiva ") and the stems of nouns at a word start
(" kiselskiv"), which may begin a longer word (kiselskiv|tillverkning). A hit always
spans whole words, or is a ``compound`` hit inside a longer word, which enforcement
ignores by default. Where hits overlap the longest wins; shorter hits inside it are kept
with ``covered=True``.
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

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
_HIDDEN = (("base",), ("stem",))  # features that hits do not report
_QUOTES = "\"'«»()[]“”‘’„-–—*"
_NEEDS_NORMALISING = re.compile(r"\s{2,}|[^\S ]")
_UNIT = re.compile(r"\s+|.[\u0300-\u036f]*", re.DOTALL)
# Characters that end a word: anything but letters and digits, except a hyphen or colon
# between two of them (AI-chip, USA:s) and the apostrophe of Nvidia's and Siemens'. The
# hyphens, colons and apostrophes that end a word are found by a second, rarer pass.
_NOT_IN_WORD = re.compile(r"[^\w\-:'’ ]|_")
_MARK_BREAK = re.compile(
    r"(?=[-:'’])(?:[-:'’](?<![^\W_].)"
    r"|[-:](?![^\W_])"
    r"|['’](?<!s.)(?!s(?![^\W_]))"
    r"|['’](?<=s.)(?=[^\W_])(?!s(?![^\W_])))"
)


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


# A form record: (term index, form text as stored, features reported, "exact" or "inflected")
_Record = tuple[int, str, tuple[str, ...], str]
# A stem record: (term index, stem text as stored, features, features reported)
_StemRecord = tuple[int, str, tuple[str, ...], tuple[str, ...]]


def lower_same_length(text: str) -> str:
    """``text.lower()`` without changing the length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def word_view(text: str) -> str:
    """Lowercased ``text`` with every character that cannot be inside a word made a space."""
    view = _NOT_IN_WORD.sub(" ", lower_same_length(text))
    if "-" in view or ":" in view or "'" in view or "’" in view:
        view = _MARK_BREAK.sub(" ", view)
    return view


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
        self.src, self.tgt, self.include_compounds = src, tgt, include_compounds
        self.terms: list[_TermInfo] = []
        self._forms: dict[str, tuple[_Record, ...]] = {}
        self._stems: dict[str, tuple[_StemRecord, ...]] = {}
        self._multiword: list[str] = []  # form keys of two or more words
        self._head_ok: list[int] = []  # per term: 0 no compound heads, 1 after a hyphen, 2 any
        self._case: list[bool] = []  # per term: case-sensitive
        # The prefix of every key (its term's width): of one-word keys, and of longer keys
        # with the bit set of their word counts; the prefixes of stems, with bit sets of
        # stem lengths. Tuples, bit sets and strings keep the garbage collector's work small.
        prefixes = _Prefixes(set(), {}, {})
        # Millions of small tuples and no reference cycles: collecting while they are made
        # only re-scans them (a third of the build time with 100,000 terms), and so would
        # every later full collection. They are built with the collector off, then moved to
        # its permanent generation (gc.freeze); refcounting still frees them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for entry in entries:
                target_term = _approved(entry, tgt)
                for term in entry.terms:
                    if term.lang == src:
                        self._add_term(entry, term, target_term, prefixes)
            self._forward, self._heads = self._build_forward(prefixes)
            self._backward = self._build_backward()
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        self.size = len(self._forms)

    def _add_term(self, entry: Entry, term: Term, target: Term | None, prefixes: _Prefixes) -> None:
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
        short = self.src != "sv" or len(base_key) < 4
        self._head_ok.append((1 if short else 2) if info.compounds else 0)
        self._case.append(info.case_sensitive)
        width = max(3, len(base_key) - 2)
        table, multiword = self._forms, self._multiword
        single, multi = prefixes.single, prefixes.multi
        base_feats: tuple[str, ...] = ()
        # The stored forms, then the base form itself in case it is not among them. A key
        # this term has already listed ends with this term's record: it is skipped.
        listing = [(f.text, f.features) for f in forms]
        listing.append((base, ()))
        for text, feats in listing:
            key = text.lower()
            if len(key) != len(text) or not (
                key.isalnum()
                or (
                    key.replace(" ", "").isalnum()
                    and "  " not in key
                    and key[0] != " "
                    and key[-1] != " "
                )
            ):
                key = _key(text)
                if not key:
                    continue
            listed = table.get(key)
            if listed is not None and listed[-1][0] == index:
                continue
            if key == base_key:
                base_feats = feats
                text, kind = base, "exact"
            else:
                kind = "inflected"
            record = (index, text, () if feats in _HIDDEN else feats, kind)
            if " " in key:
                prefix = key[:width]
                multi[prefix] = multi.get(prefix, 0) | 1 << (key.count(" ") + 1)
                if listed is None:
                    multiword.append(key)
            else:
                single.add(key[:width])
            table[key] = (record,) if listed is None else listed + (record,)
        if info.compounds:
            stems, lengths = self._stems, prefixes.stem_lengths
            prefix = base_key[:width]
            bits = lengths.get(prefix, 0) | 1 << len(base_key)
            stems[base_key] = stems.get(base_key, ()) + (
                (index, base, base_feats, () if base_feats in _HIDDEN else base_feats),
            )
            # kiselskiva -> kiselskiv(tillverkning), halvledare -> halvledar(industrin)
            if term.pos in (None, "noun") and base_key[-1] in "ae" and len(base_key) > 4:
                stem = base_key[:-1]
                stems[stem] = stems.get(stem, ()) + ((index, base[:-1], ("stem",), ()),)
                bits |= 1 << len(stem)
            lengths[prefix] = bits

    def _build_forward(self, prefixes: _Prefixes):
        """Two automata over the text: multi-word forms (" stor kiselskiva ") and stems
        that may span words; and one-word stems at a word start (" kiselskiv"), run over
        the text with every whole-word form blanked. Values: (key length, form records,
        stem plan)."""
        import ahocorasick

        single, multi, stem_lengths = prefixes
        head_ok = self._head_ok
        automaton, heads = ahocorasick.Automaton(), ahocorasick.Automaton()
        for stem, records in self._stems.items():
            k = len(stem)
            # The word counts tried for a stem: those of every prefix of a key that lists
            # this stem length, shorter prefixes first, more words first. One word (None)
            # unless a key of more words has such a prefix.
            js = (k - 2, k - 1) if k > 4 else (k - 1, k) if k < 4 else (3,)
            nws: tuple[int, ...] | None = None
            if " " in stem or stem[: js[0]] in multi or stem[: js[-1]] in multi:
                counts: list[int] = []
                for j in js:
                    prefix = stem[:j]
                    if j > 0 and stem_lengths.get(prefix, 0) >> k & 1:
                        bits = multi.get(prefix, 0) | (2 if prefix in single else 0)
                        for nw in range(bits.bit_length() - 1, 0, -1):
                            if bits >> nw & 1 and nw not in counts:
                                counts.append(nw)
                if counts != [1] or " " in stem:
                    nws = tuple(counts)
            hyphen_only = 2 not in [head_ok[r[0]] for r in records]
            if nws is not None:
                automaton.add_word(" " + stem, (k + 1, None, (k, nws, records, hyphen_only)))
            elif hyphen_only:  # short terms form compounds only with a hyphen: AI-chip
                heads.add_word(" " + stem + "-", (k + 2, None, (k, None, records, True)))
            else:
                heads.add_word(" " + stem, (k + 1, None, (k, None, records, False)))
        forms = self._forms
        for key in self._multiword:  # whole multi-word forms: " stor kiselskiva "
            automaton.add_word(" " + key + " ", (len(key) + 2, forms[key], None))
        built = []
        for a in (automaton, heads):
            if len(a):
                a.make_automaton()
            built.append(a if len(a) else None)
        return tuple(built)

    def _build_backward(self):
        """Automaton over the reversed text for one-word forms, read from the word end:
        value (key length, form length, how the form may start, form records)."""
        import ahocorasick

        automaton = ahocorasick.Automaton()
        add = automaton.add_word
        heads = self.include_compounds
        for key, records in self._forms.items():
            if " " in key:
                continue
            n = len(key)
            rev = " " + key[::-1]
            if heads and n >= 4:  # the whole word or the head of a longer one
                add(rev, (n + 1, n, _AFTER_ANY, records))
                continue
            add(rev + " ", (n + 2, n, _AFTER_SPACE, records))
            if heads and n >= 2:  # a short head only after a hyphen: AI-chip
                add(rev + "-", (n + 2, n, _AFTER_HYPHEN, records))
        if not len(automaton):
            return None
        automaton.make_automaton()
        return automaton

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
        padded = " " + word_view(norm) + " "
        cands: list[tuple] = []
        if self._forward is not None:
            self._scan_forward(self._forward, padded, norm, cands)
        if self._heads is not None:
            # A word that is a whole form has no compound reading: blank it (same length).
            forms = self._forms
            blanked = " ".join([" " * len(w) if w in forms else w for w in padded.split(" ")])
            self._scan_heads(blanked, norm, cands)
        if self._backward is not None:
            found = len(cands)
            self._scan_backward(padded, norm, cands)
            cands[found:] = cands[found:][::-1]  # found from the end: now nearly sorted
        return self._hits(_resolve(cands), text, offsets)

    def _scan_forward(self, automaton, padded: str, norm: str, cands: list) -> None:
        """Multi-word forms, and terms (or their stems) that start a longer word:
        exportrestriktion|s|regler."""
        add = cands.append
        case, forms = self._case, self._forms
        last = len(padded) - 1
        genitives: dict[str, set[int]] = {}  # stem as written -> terms with an -s genitive
        for end, (klen, whole, stem_plan) in automaton.iter(padded):
            start = end - klen + 1  # in ``norm``: ``padded`` has one more character in front
            if whole is not None:
                stop = end - 1
                for index, form, feats, kind in whole:
                    if case[index] and not _case_ok(norm, start, stop, form):
                        continue
                    add((start, -stop, len(cands), index, kind, feats, False))
            if stem_plan is None or end == last:
                continue
            after = padded[end + 1]  # the first character of the rest of the word
            if after == " " or after == ":":
                continue  # the stem is a whole word, or the rest cannot be a compound part
            k, nws, records, hyphen_only = stem_plan
            if hyphen_only and after != "-":
                continue  # short terms form compounds only with a hyphen
            done: set[int] = set()
            if nws is None:  # one word that starts with the stem: the common case
                surface = padded[start + 1 : padded.find(" ", end + 1)]
                if surface not in forms:  # a whole-word form has no compound reading
                    self._add_stem(norm, start, k, surface[k:], records, done, genitives, cands)
                continue
            for nw in nws:
                after_words = start + 1
                for _ in range(nw):
                    after_words = padded.find(" ", after_words + 1)
                    if after_words < 0:
                        break
                if after_words - start - 1 <= k:
                    continue  # too few words, or the stem reaches their end
                surface = padded[start + 1 : after_words]
                if surface not in forms:
                    self._add_stem(norm, start, k, surface[k:], records, done, genitives, cands)

    def _scan_heads(self, blanked: str, norm: str, cands: list) -> None:
        """Terms (or their stems) that start a longer word, in text whose whole-word forms
        are blanked: kiselskiv|tillverkning, AI-|chip (short terms: the key has the hyphen)."""
        genitives: dict[str, set[int]] = {}
        add_stem, find = self._add_stem, blanked.find
        for end, (klen, _, (k, _, records, _)) in self._heads.iter(blanked):
            start = end - klen + 1
            after = start + k + 1  # the first character of the rest of the word
            if blanked[after] == " " or blanked[after] == ":":
                continue  # the stem is a whole word, or the rest cannot be a compound part
            add_stem(
                norm, start, k, blanked[after : find(" ", after)], records, set(), genitives, cands
            )

    def _add_stem(self, norm, start, k, rest, records, done, genitives, cands) -> None:
        """Candidates for a stem at ``start`` followed by ``rest`` (kiselskiv|tillverkning)."""
        stop = start + k
        genitive = None
        for index, form, feats, shown in records:
            if index in done:
                continue
            if rest[0] != "-":
                if self._head_ok[index] < 2:
                    continue
                if genitive is None:
                    # A linking -s only where the term's own genitive has it.
                    surface = norm[start:stop]
                    genitive = genitives.get(surface)
                    if genitive is None:
                        genitive = genitives[surface] = {
                            r[0] for r in self._forms.get(_key(surface) + "s", ())
                        }
                if not _compound_rest_ok(rest, feats, index in genitive):
                    continue
            if self._case[index] and not _case_ok(norm, start, stop, form):
                continue
            done.add(index)
            cands.append((start, -stop, len(cands), index, "compound", shown, False))

    def _scan_backward(self, padded: str, norm: str, cands: list) -> None:
        """One-word forms as whole words, and terms at the end of a longer word:
        handels|kriget, halvledar|exportrestriktionerna, AI-|chipen."""
        add = cands.append
        case, head_ok = self._case, self._head_ok
        top = len(padded) - 3
        for end, (klen, n, how, records) in self._backward.iter(padded[::-1]):
            stop = top + klen - end  # the form ends here in ``norm``
            start = stop - n
            if how == _AFTER_ANY:
                before = padded[start]  # the character before the form
                if before == " ":
                    how = _AFTER_SPACE
                elif before == "-":
                    how = _AFTER_HYPHEN
                elif padded[start - 1] == " " or padded[start - 2] == " ":
                    continue  # a head needs three or more letters before it
            if how == _AFTER_SPACE:
                for index, form, feats, kind in records:
                    if case[index] and not _case_ok(norm, start, stop, form):
                        continue
                    add((start, -stop, len(cands), index, kind, feats, False))
            else:
                need = 1 if how == _AFTER_HYPHEN else 2
                for index, form, feats, _ in records:
                    if head_ok[index] < need:
                        continue
                    if case[index] and not _case_ok(norm, start, stop, form):
                        continue
                    add((start, -stop, len(cands), index, "compound", feats, False))

    def _hits(self, found: list[tuple], text: str, offsets) -> list[Hit]:
        """Hits for resolved candidates, with offsets in the original text."""
        starts = [c[0] for c in found]
        stops = [-c[1] for c in found]
        if offsets is not None:
            starts, stops = offsets.spans(starts, stops)
        terms = self.terms
        hits = []
        new, set_state = object.__new__, object.__setattr__
        for start, stop, (_, _, _, index, kind, feats, covered) in zip(
            starts, stops, found, strict=True
        ):
            info = terms[index]
            # Set up as unpickling does: a third of the cost of the frozen dataclass's __init__.
            hit = new(Hit)
            set_state(
                hit,
                "__dict__",
                {
                    "start": start,
                    "end": stop,
                    "text": text[start:stop],
                    "source": info.source,
                    "target": info.target,
                    "entry_id": info.entry_id,
                    "term_id": info.term_id,
                    "kind": kind,
                    "status": info.status,
                    "dnt": info.dnt,
                    "features": feats,
                    "covered": covered,
                },
            )
            hits.append(hit)
        return hits


class _Prefixes(NamedTuple):
    """Prefixes of keys, collected while terms are added (see ``TermMatcher.__init__``)."""

    single: set[str]
    multi: dict[str, int]
    stem_lengths: dict[str, int]


# How a one-word form found from the word end may begin (see ``_scan_backward``).
_AFTER_SPACE, _AFTER_HYPHEN, _AFTER_ANY = 0, 1, 2


def _case_ok(norm: str, start: int, stop: int, form: str) -> bool:
    """A case-sensitive term: the text has the form as stored (capitalised at a sentence start)."""
    surface = norm[start:stop]
    return surface == form or (
        surface == form[:1].upper() + form[1:] and _sentence_initial(norm, start)
    )


def _resolve(cands: list[tuple]) -> list[tuple]:
    """Overlapping candidates: the longest wins, shorter ones inside it are kept as covered."""
    cands.sort()  # by start, longest first, then as found
    out: list[tuple] = []
    cluster: list[tuple] = []
    cluster_end = -1
    for c in cands:
        if c[0] >= cluster_end:
            if len(cluster) == 1:
                out.append(cluster[0])
            elif cluster:
                out.extend(_resolve_cluster(cluster))
            cluster = [c]
            cluster_end = -c[1]
        else:
            cluster.append(c)
            if -c[1] > cluster_end:
                cluster_end = -c[1]
    if len(cluster) == 1:
        out.append(cluster[0])
    elif cluster:
        out.extend(_resolve_cluster(cluster))
    return out


def _resolve_cluster(cluster: list[tuple]) -> list[tuple]:
    first = cluster[0]  # the earliest start, longest first
    span = (first[0], first[1])
    if all(c[1] >= first[1] for c in cluster):
        # The common case: the first candidate spans all others (a word and the parts of
        # it that are terms). Those with its span win too; the rest are covered, but
        # dropped when a winner is the same term. Already in output order.
        winners = {c[3] for c in cluster if (c[0], c[1]) == span}
        return [
            c if (c[0], c[1]) == span else c[:6] + (True,)
            for c in cluster
            if (c[0], c[1]) == span or c[3] not in winners
        ]
    order = sorted(cluster, key=lambda c: (c[0] + c[1], c[0], c[4] == "compound"))
    winners: list[tuple] = []
    out = []
    for c in order:
        start, stop = c[0], -c[1]
        covered = False
        clash = False
        for w in winners:
            w_start, w_stop = w[0], -w[1]
            if start < w_stop and w_start < stop and (start, stop) != (w_start, w_stop):
                if w_start <= start and stop <= w_stop:
                    covered = True
                else:
                    clash = True
                    break
        if clash or (covered and any(w[3] == c[3] for w in winners)):
            continue
        if covered:
            out.append(c[:6] + (True,))
        else:
            winners.append(c)
            out.append(c)
    out.sort(key=lambda c: (c[0], c[1], c[6]))
    return out


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

    def spans(self, starts: list[int], stops: list[int]) -> tuple[list[int], list[int]]:
        """Original offsets of hit starts and (exclusive) ends."""
        points, shifts, find = self.norm_points, self.shifts, bisect.bisect_right
        return (
            [p + shifts[find(points, p) - 1] for p in starts],
            [p + shifts[find(points, p - 1) - 1] for p in stops],
        )


def _normalise(text: str) -> tuple[str, _OffsetMap | _ExplicitMap | None]:
    """Collapse whitespace runs to one space (a blank line to "\\n") and compose accents.

    Returns the normalised text and, when lengths differ, a map back to original offsets.
    """
    if not unicodedata.is_normalized("NFC", text):
        return _normalise_slow(text)
    if _NEEDS_NORMALISING.search(text) is None:
        return text, None
    pieces: list[str] = []
    points: list[int] = [0]  # a first point with no shift
    shifts: list[int] = [0]
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

    def spans(self, starts: list[int], stops: list[int]) -> tuple[list[int], list[int]]:
        """Original offsets of hit starts and (exclusive) ends."""
        return [self.starts[p] for p in starts], [self.ends[p - 1] for p in stops]


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
