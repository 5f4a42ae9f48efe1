"""Find every occurrence of every term in a text, with character offsets.

The text is lowercased and every character that cannot be inside a word becomes a
space (hyphens and colons stay inside words: AI-chipen, USA:s). Three key tries
(:class:`glossary.keytrie.KeyTrie`, marisa-tries searched once per word) hold the stored
forms of the source terms (the termbase's forms, or :func:`glossary.morphology.generate_forms`
when a term has none), so Python code runs only where a form or a stem occurs. One holds
every one-word form followed by a word end ("kriget "), backwards: searched from each word
end, it finds whole words and terms at the end of a longer word (handels|kriget). Another
holds the multi-word forms (" stor kiselskiva ") and the stems of nouns at a word start
(" kiselskiv"), which may begin a longer word (kiselskiv|tillverkning). A hit always spans
whole words, or is a ``compound`` hit inside a longer word, which enforcement ignores by
default. Where hits overlap the longest wins; shorter hits inside it are kept with
``covered=True``.

The tries map keys to integers and the records behind them are arrays, so a built matcher
pickles into one compact file whose large buffers are mapped, not read, when it is loaded
(:mod:`glossary.matcher_cache`).

Over 400 lines because building the key tries and reading hits out of them share one
packed record layout (the arrays behind the trie values) and the matcher pickles as
one unit; the normalisation and overlap helpers below serve only it.
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from array import array
from collections.abc import Iterable
from typing import NamedTuple

from glossary.grammar import generated_forms
from glossary.keytrie import KeyTrie, flat_state
from glossary.termtypes import PARTS_OF_SPEECH, STATUSES, Entry, Hit, Term

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
_KINDS = ("exact", "inflected")
_POS_CODES = (None, *PARTS_OF_SPEECH)
_MAX_KEY = 0xFFFF  # key lengths are kept in 16-bit arrays
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
    """What a hit reports about its term (only while the matcher is built; see ``_Terms``)."""

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


class _Terms:
    """The terms of a built matcher in flat arrays: no Python object per term.

    Source and target texts are one UTF-8 blob with offsets; ids, status and the target's
    part of speech are arrays indexed by term number, decoded only for a hit.
    """

    def __init__(self, infos: list[_TermInfo], target_pos: list[str | None]) -> None:
        self.entry_ids = array("q", (i.entry_id for i in infos))
        self.term_ids = array("q", (i.term_id for i in infos))
        self.status = bytes(STATUSES.index(i.status) for i in infos)
        self.dnt = bytes(i.dnt for i in infos)
        self.has_target = bytes(i.target is not None for i in infos)
        self.target_pos = bytes(_POS_CODES.index(p) for p in target_pos)
        blob = bytearray()
        offsets = array("Q", [0])
        for i in infos:
            blob += i.source.encode("utf-8")
            offsets.append(len(blob))
            blob += (i.target or "").encode("utf-8")
            offsets.append(len(blob))
        self.blob, self.offsets = bytes(blob), offsets
        self.by_entry: array | None = None  # term numbers ordered by entry id, when unsorted
        if any(a > b for a, b in zip(self.entry_ids, self.entry_ids[1:], strict=False)):
            self.by_entry = array("i", sorted(range(len(infos)), key=self.entry_ids.__getitem__))

    def __len__(self) -> int:
        return len(self.entry_ids)

    def __getstate__(self) -> dict:
        return flat_state(self.__dict__)  # arrays as buffers the cache maps in place

    def text(self, index: int) -> tuple[str, str | None]:
        """(source, target) of term ``index``."""
        o, blob = self.offsets, self.blob
        source = str(blob[o[2 * index] : o[2 * index + 1]], "utf-8")
        if not self.has_target[index]:
            return source, None
        return source, str(blob[o[2 * index + 1] : o[2 * index + 2]], "utf-8")

    def target_pos_of(self, entry_id: int, default: str | None = None) -> str | None:
        """The part of speech of the approved target term of entry ``entry_id``."""
        ids, order = self.entry_ids, self.by_entry
        n = len(ids)
        lo, hi = 0, n
        while lo < hi:  # the first term of the entry (bisect over the entry order)
            mid = (lo + hi) // 2
            if ids[mid if order is None else order[mid]] < entry_id:
                lo = mid + 1
            else:
                hi = mid
        if lo == n:
            return default
        index = lo if order is None else order[lo]
        if ids[index] != entry_id:
            return default
        return _POS_CODES[self.target_pos[index]]


class _TargetPos:
    """``{entry_id: part of speech of its target term}`` read from a matcher's arrays."""

    def __init__(self, terms: _Terms) -> None:
        self._terms = terms

    def get(self, entry_id: int, default: str | None = None) -> str | None:
        """The target term's part of speech, or ``default``."""
        return self._terms.target_pos_of(entry_id, default)


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
    """Recognise the source terms of ``entries`` in running text.

    A built matcher holds no Python object per form or term: the key tries map keys to
    integers, and the records behind them live in arrays (see ``_compile``), so it pickles
    and loads quickly (:mod:`glossary.matcher_cache` keeps it on disk beside the termbase).
    """

    def __init__(
        self,
        entries: Iterable[Entry],
        src: str = "sv",
        tgt: str = "en",
        include_compounds: bool = True,
    ) -> None:
        self.src, self.tgt, self.include_compounds = src, tgt, include_compounds
        infos: list[_TermInfo] = []
        target_pos: list[str | None] = []
        self.forbidden: dict[int, list[str]] = {}  # entry id -> forbidden target terms
        self._build_terms = infos
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
        # only re-scans them (a third of the build time with 100,000 terms). They are built
        # with the collector off and dropped once compiled into arrays.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for entry in entries:
                target_term = _approved(entry, tgt)
                added = len(infos)
                for term in entry.terms:
                    if term.lang == src:
                        self._add_term(entry, term, target_term, prefixes)
                if len(infos) > added:
                    target_pos.extend(
                        [target_term.grammar_pos if target_term else None] * (len(infos) - added)
                    )
                    bad = [t.text for t in entry.terms if t.lang == tgt and t.status == "forbidden"]
                    if bad and entry.id is not None:
                        self.forbidden[entry.id] = bad
            self.size = len(self._forms)
            self._compile(infos, target_pos, prefixes)
        finally:
            if collecting:
                gc.enable()

    def _add_term(self, entry: Entry, term: Term, target: Term | None, prefixes: _Prefixes) -> None:
        base = " ".join(term.text.split())
        base_key = _key(base)
        if not base_key:
            return
        forms = term.forms or generated_forms(term)
        index = len(self._build_terms)
        info = _TermInfo(
            term,
            entry,
            target.text if target else (term.text if term.dnt else None),
            base_key,
            self.include_compounds and term.grammar_pos in (None, "noun", "properNoun"),
        )
        self._build_terms.append(info)
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
            if len(key) > _MAX_KEY:
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
        if info.compounds and len(base_key) <= _MAX_KEY:
            stems, lengths = self._stems, prefixes.stem_lengths
            prefix = base_key[:width]
            bits = lengths.get(prefix, 0) | 1 << len(base_key)
            stems[base_key] = stems.get(base_key, ()) + (
                (index, base, base_feats, () if base_feats in _HIDDEN else base_feats),
            )
            # kiselskiva -> kiselskiv(tillverkning), halvledare -> halvledar(industrin)
            if term.grammar_pos in (None, "noun") and base_key[-1] in "ae" and len(base_key) > 4:
                stem = base_key[:-1]
                stems[stem] = stems.get(stem, ()) + ((index, base[:-1], ("stem",), ()),)
                bits |= 1 << len(stem)
            lengths[prefix] = bits

    def _compile(self, infos: list[_TermInfo], target_pos: list, prefixes: _Prefixes) -> None:
        """Turn the build tables into arrays and integer-valued key tries.

        Form records of key ``k`` are ``_rec_*[_form_off[k]:_form_off[k + 1]]``: the term
        number and (features id << 1 | inflected); stem records likewise, with (features id
        << 16 | reported features id). The stored text of a form is kept only for
        case-sensitive terms (the only ones that compare it with the text).
        """
        feat_ids: dict[tuple[str, ...], int] = {(): 0}
        case = self._case
        rec_term, rec_info, form_off = array("i"), array("I"), array("I", [0])
        case_text: dict[int, str] = {}
        key_ids: dict[str, int] = {}
        key_len = array("H")
        for key, records in self._forms.items():
            key_ids[key] = len(key_ids)
            key_len.append(len(key))
            for index, text, feats, kind in records:
                if case[index]:
                    case_text[len(rec_term)] = text
                fid = feat_ids.setdefault(feats, len(feat_ids))
                rec_term.append(index)
                rec_info.append(fid << 1 | (kind == "inflected"))
            form_off.append(len(rec_term))
        stem_term, stem_info, stem_off = array("i"), array("I"), array("I", [0])
        stem_text: dict[int, str] = {}
        stem_ids: dict[str, int] = {}
        stem_len = array("H")
        for stem, records in self._stems.items():
            stem_ids[stem] = len(stem_ids)
            stem_len.append(len(stem))
            for index, text, feats, shown in records:
                if case[index]:
                    stem_text[len(stem_term)] = text
                fid = feat_ids.setdefault(feats, len(feat_ids))
                sid = feat_ids.setdefault(shown, len(feat_ids))
                stem_term.append(index)
                stem_info.append(fid << 16 | sid)
            stem_off.append(len(stem_term))
        self._feats = [f for f, _ in sorted(feat_ids.items(), key=lambda kv: kv[1])]
        self._rec_term, self._rec_info, self._form_off = rec_term, rec_info, form_off
        self._stem_term, self._stem_info, self._stem_off = stem_term, stem_info, stem_off
        self._case_text, self._stem_text = case_text, stem_text
        self._key_len, self._stem_len = key_len, stem_len
        self._stem_nws: dict[int, tuple[int, ...]] = {}
        self._stem_hyphen = bytearray(len(stem_ids))
        self._forward = self._build_forward(prefixes, key_ids, stem_ids)
        self._words = self._build_words(key_ids)
        self.terms = _Terms(infos, target_pos)
        self.target_pos = _TargetPos(self.terms)
        self._head_ok = bytes(self._head_ok)
        self._case = bytes(case)
        self._stem_hyphen = bytes(self._stem_hyphen)
        del self._forms, self._stems, self._multiword, self._build_terms

    def _build_forward(self, prefixes: _Prefixes, key_ids: dict, stem_ids: dict):
        """The key trie searched at word starts: multi-word forms (" stor kiselskiva ") and
        stems that may span words, value id << 1 | 1 for a stem (its word counts in
        ``_stem_nws``), | 0 for a whole form; and one-word stems at a word start
        (" kiselskiv"), value ``_HEAD`` | id << 1, | 1 when the key ends with a hyphen,
        which count only in words that are not whole forms themselves."""
        single, multi, stem_lengths = prefixes
        head_ok = self._head_ok
        forward: list[tuple[str, int]] = []
        for stem, records in self._stems.items():
            k = len(stem)
            sid = stem_ids[stem]
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
            self._stem_hyphen[sid] = hyphen_only
            if nws is not None:
                self._stem_nws[sid] = nws
                forward.append((" " + stem, sid << 1 | 1))
            elif hyphen_only:  # short terms form compounds only with a hyphen: AI-chip
                forward.append((" " + stem + "-", _HEAD | sid << 1 | 1))
            else:
                forward.append((" " + stem, _HEAD | sid << 1))
        for key in self._multiword:  # whole multi-word forms: " stor kiselskiva "
            forward.append((" " + key + " ", key_ids[key] << 1))
        return KeyTrie.build(forward)

    def _build_words(self, key_ids: dict) -> KeyTrie | None:
        """Keys for one-word forms, each ending at a word end ("kriget "), so a form is
        found as a whole word or as the head of a longer one (handels|kriget): value key
        id << 2 | how the form may start. Held backwards: searched from each word end."""
        keys: list[tuple[str, int]] = []
        add = keys.append
        heads = self.include_compounds
        for key, kid in key_ids.items():
            if " " in key:
                continue
            n = len(key)
            value = kid << 2
            if heads and n >= 4:  # the whole word or the head of a longer one
                add((key + " ", value | _AFTER_ANY))
                continue
            add((" " + key + " ", value | _AFTER_SPACE))
            if heads and n >= 2:  # a short head only after a hyphen: AI-chip
                add(("-" + key + " ", value | _AFTER_HYPHEN))
        return KeyTrie.build(keys, reverse=True)

    def _key_id(self, key: str) -> int:
        """The id of a stored form key, or -1 (the key tries double as the key table)."""
        if " " in key:
            if self._forward is None:
                return -1
            value = self._forward.get(" " + key + " ", -1)
            return -1 if value < 0 or value & 1 or value >= _HEAD else value >> 1
        if self._words is None or not key:
            return -1
        value = self._words.get(key + " ", -1)
        if value < 0:
            value = self._words.get(" " + key + " ", -1)
        return -1 if value < 0 else value >> 2

    def __getstate__(self) -> dict:
        return flat_state(self.__dict__)  # arrays as buffers the cache maps in place

    @classmethod
    def from_termbase(cls, tb, glossary: str | None = None, src: str = "sv", tgt: str = "en"):
        """A matcher over a :class:`Termbase`, from the compiled cache beside it when that
        is current (see :mod:`glossary.matcher_cache`), else built and cached."""
        from glossary.matcher_cache import load_matcher

        return load_matcher(tb, cls, glossary=glossary, src=src, tgt=tgt)

    def find(self, text: str) -> list[Hit]:
        """All term hits in ``text``, sorted by start (covered hits included)."""
        if not text or not self.size:
            return []
        norm, offsets = _normalise(text)
        padded = " " + word_view(norm) + " "
        cands: list[tuple] = []
        # One search per word start (forward keys) and one per word end (one-word forms);
        # candidates are made in the order multi-word forms, compound heads, words.
        starts = list(self._forward.iter(padded)) if self._forward is not None else []
        ends = list(self._words.iter(padded)) if self._words is not None else []
        if starts:
            self._scan_forward([f for f in starts if f[1] < _HEAD], padded, norm, cands)
            heads = [f for f in starts if f[1] >= _HEAD]
            if heads:
                self._scan_heads(heads, self._whole_words(ends, padded), padded, norm, cands)
        if ends:
            self._scan_words(ends, padded, norm, cands)
        return _one_per_entry(self._hits(_resolve(cands), text, offsets))

    def _whole_words(self, ends: list[tuple[int, int]], padded: str) -> set[int]:
        """Where the words that are whole stored forms start (they have no compound
        reading), from the one-word forms found at word ends."""
        key_len = self._key_len
        whole = set()
        for end, value in ends:
            if value & 3 != _AFTER_HYPHEN:
                first = end - key_len[value >> 2]
                if padded[first - 1] == " ":
                    whole.add(first)
        return whole

    def _scan_forward(self, found: list, padded: str, norm: str, cands: list) -> None:
        """Multi-word forms, and terms (or their stems) that start a longer word:
        exportrestriktion|s|regler."""
        add = cands.append
        case, key_id = self._case, self._key_id
        off, rec_term, rec_info = self._form_off, self._rec_term, self._rec_info
        feats_of, case_text = self._feats, self._case_text
        key_len, stem_len = self._key_len, self._stem_len
        last = len(padded) - 1
        genitives: dict[str, set[int]] = {}  # stem as written -> terms with an -s genitive
        for end, value in found:
            ident = value >> 1
            klen = stem_len[ident] + 1 if value & 1 else key_len[ident] + 2
            start = end - klen + 1  # in ``norm``: ``padded`` has one more character in front
            if not value & 1:  # a whole multi-word form
                stop = end - 1
                for r in range(off[ident], off[ident + 1]):
                    index = rec_term[r]
                    if case[index] and not _case_ok(norm, start, stop, case_text[r]):
                        continue
                    info = rec_info[r]
                    add(
                        (
                            start,
                            -stop,
                            len(cands),
                            index,
                            _KINDS[info & 1],
                            feats_of[info >> 1],
                            False,
                        )
                    )
                continue
            if end == last:
                continue
            after = padded[end + 1]  # the first character of the rest of the word
            if after == " " or after == ":":
                continue  # the stem is a whole word, or the rest cannot be a compound part
            k = klen - 1
            if self._stem_hyphen[ident] and after != "-":
                continue  # short terms form compounds only with a hyphen
            done: set[int] = set()
            for nw in self._stem_nws[ident]:
                after_words = start + 1
                for _ in range(nw):
                    after_words = padded.find(" ", after_words + 1)
                    if after_words < 0:
                        break
                if after_words - start - 1 <= k:
                    continue  # too few words, or the stem reaches their end
                surface = padded[start + 1 : after_words]
                if key_id(surface) < 0:  # a whole-word form has no compound reading
                    self._add_stem(norm, start, k, surface[k:], ident, done, genitives, cands)

    def _scan_heads(
        self, found: list, whole: set[int], padded: str, norm: str, cands: list
    ) -> None:
        """Terms (or their stems) that start a longer word, except in words that are whole
        stored forms (``whole``): kiselskiv|tillverkning, AI-|chip (short terms: the key
        has the hyphen)."""
        genitives: dict[str, set[int]] = {}
        add_stem, find = self._add_stem, padded.find
        stem_len = self._stem_len
        for end, value in found:
            value ^= _HEAD
            k = stem_len[value >> 1]
            klen = k + 2 if value & 1 else k + 1
            start = end - klen + 1
            if start + 1 in whole:
                continue
            after = start + k + 1  # the first character of the rest of the word
            if padded[after] == " " or padded[after] == ":":
                continue  # the stem is a whole word, or the rest cannot be a compound part
            add_stem(
                norm,
                start,
                k,
                padded[after : find(" ", after)],
                value >> 1,
                set(),
                genitives,
                cands,
            )

    def _add_stem(self, norm, start, k, rest, sid, done, genitives, cands) -> None:
        """Candidates for stem ``sid`` at ``start`` followed by ``rest`` (kiselskiv|tillverkning)."""
        stop = start + k
        genitive = None
        stem_term, stem_info, feats_of = self._stem_term, self._stem_info, self._feats
        for r in range(self._stem_off[sid], self._stem_off[sid + 1]):
            index = stem_term[r]
            if index in done:
                continue
            info = stem_info[r]
            if rest[0] != "-":
                if self._head_ok[index] < 2:
                    continue
                if genitive is None:
                    # A linking -s only where the term's own genitive has it.
                    surface = norm[start:stop]
                    genitive = genitives.get(surface)
                    if genitive is None:
                        kid = self._key_id(_key(surface) + "s")
                        genitive = genitives[surface] = (
                            set(self._rec_term[self._form_off[kid] : self._form_off[kid + 1]])
                            if kid >= 0
                            else set()
                        )
                if not _compound_rest_ok(rest, feats_of[info >> 16], index in genitive):
                    continue
            if self._case[index] and not _case_ok(norm, start, stop, self._stem_text[r]):
                continue
            done.add(index)
            cands.append(
                (start, -stop, len(cands), index, "compound", feats_of[info & 0xFFFF], False)
            )

    def _scan_words(self, found: list, padded: str, norm: str, cands: list) -> None:
        """One-word forms as whole words, and terms at the end of a longer word:
        handels|kriget, halvledar|exportrestriktionerna, AI-|chipen."""
        add = cands.append
        case, head_ok = self._case, self._head_ok
        off, rec_term, rec_info = self._form_off, self._rec_term, self._rec_info
        feats_of, case_text, key_len = self._feats, self._case_text, self._key_len
        for end, value in found:
            how = value & 3
            kid = value >> 2
            stop = end - 1  # ``end`` is the space after the form; ``norm`` has no first space
            start = stop - key_len[kid]
            if how == _AFTER_ANY:
                before = padded[start]  # the character before the form
                if before == " ":
                    how = _AFTER_SPACE
                elif before == "-":
                    how = _AFTER_HYPHEN
                elif padded[start - 1] == " " or padded[start - 2] == " ":
                    continue  # a head needs three or more letters before it
            if how == _AFTER_SPACE:
                for r in range(off[kid], off[kid + 1]):
                    index = rec_term[r]
                    if case[index] and not _case_ok(norm, start, stop, case_text[r]):
                        continue
                    info = rec_info[r]
                    add(
                        (
                            start,
                            -stop,
                            len(cands),
                            index,
                            _KINDS[info & 1],
                            feats_of[info >> 1],
                            False,
                        )
                    )
            else:
                need = 1 if how == _AFTER_HYPHEN else 2
                for r in range(off[kid], off[kid + 1]):
                    index = rec_term[r]
                    if head_ok[index] < need:
                        continue
                    if case[index] and not _case_ok(norm, start, stop, case_text[r]):
                        continue
                    add(
                        (
                            start,
                            -stop,
                            len(cands),
                            index,
                            "compound",
                            feats_of[rec_info[r] >> 1],
                            False,
                        )
                    )

    def _hits(self, found: list[tuple], text: str, offsets) -> list[Hit]:
        """Hits for resolved candidates, with offsets in the original text."""
        starts = [c[0] for c in found]
        stops = [-c[1] for c in found]
        if offsets is not None:
            starts, stops = offsets.spans(starts, stops)
        terms = self.terms
        entry_ids, term_ids, status, dnt = terms.entry_ids, terms.term_ids, terms.status, terms.dnt
        hits = []
        new, set_state = object.__new__, object.__setattr__
        for start, stop, (_, _, _, index, kind, feats, covered) in zip(
            starts, stops, found, strict=True
        ):
            source, target = terms.text(index)
            # Set up as unpickling does: a third of the cost of the frozen dataclass's __init__.
            hit = new(Hit)
            set_state(
                hit,
                "__dict__",
                {
                    "start": start,
                    "end": stop,
                    "text": text[start:stop],
                    "source": source,
                    "target": target,
                    "entry_id": entry_ids[index],
                    "term_id": term_ids[index],
                    "kind": kind,
                    "status": STATUSES[status[index]],
                    "dnt": bool(dnt[index]),
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


# The bit of a forward key's value that marks a stem at a word start (``_scan_heads``).
_HEAD = 1 << 31
# How a one-word form found at a word end may begin (see ``_scan_words``).
_AFTER_SPACE, _AFTER_HYPHEN, _AFTER_ANY = 0, 1, 2


def _one_per_entry(hits: list[Hit]) -> list[Hit]:
    """One hit per entry and span: the entry's terms that share a form (Nvidia and its
    forbidden spelling NVidia, matched in any case) are one occurrence; the allowed term wins."""
    out: list[Hit] = []
    for hit in hits:
        last = out[-1] if out else None
        if last is not None and (last.start, last.end, last.entry_id) == (
            hit.start,
            hit.end,
            hit.entry_id,
        ):
            if last.status == "forbidden" and hit.status != "forbidden":
                out[-1] = hit
            continue
        out.append(hit)
    return out


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
