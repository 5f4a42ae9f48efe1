"""Grammar inference for terms stored without part of speech or gender.

A plain two-column glossary (a DeepL CSV, a TBX with no term notes) gives only the
text of each term. Before its forms are generated, every such term gets one or more
*readings* (part of speech, gender, declension or conjugation) inferred here, and the
termbase stores them apart from the user's own fields (``Term.inferred``).

Source of the evidence: simplemma's Swedish dictionary (form -> lemma, about 960k
forms, already a dependency and loaded once by :mod:`glossary.morphology`). Instead of
inverting the whole table (lemma -> forms, 1.4 s and much memory), each candidate
reading is *probed*: the forms the rules of :mod:`glossary.morphology` would generate
for it are looked up, and a form counts as evidence when the dictionary knows it as a
form of the same word. The reading with the most attested forms wins:

- *krig*: neuter (kriget, krigets, krigen are known) beats common (krigen only);
- *center*: neuter, so *centret* is generated as for an annotated term;
- *finjustera*: a verb (finjusterar, finjusterade, finjusterat ...), not a noun.

A compound is read by its head, the longest known word at its end (*chipkrig* ->
*krig*, *kiselskiva* -> *skiva*); multi-word terms are noun phrases read by their head
noun. Where the lexicon allows two readings with good evidence (*svartlista*: the verb,
and the noun by its head *lista*) both are kept and the forms of each are generated;
where it knows nothing (an unknown head), the noun is read as both common and neuter,
so a neuter word's definite forms are not lost; its forms are non-words otherwise.
A reading with little evidence (*kort* as the adjective "short", only *korta* known)
is dropped, so such terms fire on no more unrelated words than before.

English terms without a part of speech take the readings of the Swedish terms of the
same entry (a verb's translation is a verb), else a noun or, capitalised, a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from glossary.morphology import _is_abbreviation, definite_singulars, forms_by_lemma, lexicon_forms
from glossary.morphology import _known as _lookup  # (is the word in the lexicon, its lemma)
from glossary.termtypes import Form, Grammar, Term

LEXICON = "simplemma Swedish dictionary (form -> lemma), probed per reading"
# A reading needs this many attested forms (besides the base form) to count.
MIN_EVIDENCE = 2
# A second part of speech is kept when its evidence is at least this share of the best's.
SECOND_READING_SHARE = 0.5
# The shortest compound head looked up (shorter ones are often chance: sanktion+era).
MIN_HEAD = 4
VERB_READINGS: tuple[str | None, ...] = (None, "1", "2", "3")
# Definite endings after which a known word is a fixed definite name (kalla kriget).
DEFINITE_ENDINGS = ("et", "en", "na", "t", "n", "arna", "erna", "orna")
NOUN_GENDERS = ("common", "neuter")
DECLENSIONS = {"common": ("1", "2", "3", "4", "5"), "neuter": ("3", "4", "5")}
# A head this long is taken even when the first part is unknown (polit+byrå is not).
LONG_HEAD = 5
# First parts that take a linking -s- (forsknings+lag, säkerhets+risk).
LINKING_S_AFTER = (
    "ing", "ning", "tion", "sion", "het", "skap", "dom", "else", "nad", "itet", "ism", "ans",
    "ens", "ands", "ment",
)  # fmt: skip
# Verb particles: a known verb before one of these is a particle verb (logga in, slå på).
PARTICLES = {
    "av", "in", "ut", "upp", "på", "till", "om", "bort", "fram", "ner", "ned", "ihop", "igen",
    "undan", "åt", "över", "under",
}  # fmt: skip
# Endings of nouns that are always common gender.
COMMON_ENDINGS = (
    "ing", "tion", "sion", "het", "ism", "ist", "itet", "else", "nad", "ör", "are", "ens",
    "ans", "ik", "ur", "ologi", "grafi",
)  # fmt: skip
VOWELS = "aeiouyåäö"


def needs_inference(term: Term) -> bool:
    """True when the user left the grammar that decides ``term``'s forms unset."""
    if term.lang == "sv":
        return term.pos is None or (term.pos == "noun" and term.gender is None)
    if term.lang == "en":
        return term.pos is None
    return False


def infer_entry(terms: Sequence[Term]) -> list[tuple[Grammar, ...]]:
    """The inferred readings of each term of one entry (empty where the user gave them)."""
    out: list[tuple[Grammar, ...]] = [() for _ in terms]
    sv_pos: list[str] = []
    for i, term in enumerate(terms):
        if term.lang != "sv":
            continue
        if needs_inference(term):
            # A gender alone says the user means a noun.
            out[i] = infer_swedish(term.text, term.pos or ("noun" if term.gender else None))
            sv_pos += [r.pos for r in out[i]]
        elif term.pos:
            sv_pos.append(term.pos)
    for i, term in enumerate(terms):
        if term.lang == "en" and needs_inference(term):
            out[i] = infer_english(term.text, sv_pos)
    return out


def generated_forms(term: Term) -> list[Form]:
    """The generated forms of ``term``: of its own grammar, or of each inferred reading."""
    from glossary.morphology import generate_forms

    if not term.inferred:
        return generate_forms(term)
    seen: set[str] = set()
    out: list[Form] = []
    for reading in term.inferred:
        variant = replace(
            term,
            pos=term.pos or reading.pos,
            gender=term.gender or reading.gender,
            declension=term.declension or reading.declension,
        )
        for form in generate_forms(variant):
            if form.text not in seen:
                seen.add(form.text)
                out.append(form)
    return out


# --------------------------------------------------------------------------- English


def infer_english(text: str, swedish_pos: Sequence[str] = ()) -> tuple[Grammar, ...]:
    """Readings of an English term: those of its Swedish counterparts, else noun or name."""
    words = text.split()
    capitalised = any(w[:1].isupper() for w in words)
    # A Swedish fixed name (kalla kriget) may be a plain noun phrase in English.
    kinds = [p if p != "properNoun" or capitalised else "noun" for p in swedish_pos if p]
    if kinds:
        return tuple(Grammar(p) for p in dict.fromkeys(kinds))
    if words and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        from glossary.morphology import _is_abbreviation

        if not all(_is_abbreviation(w) for w in words):
            return (Grammar("properNoun"),)
    return (Grammar("noun"),)


# --------------------------------------------------------------------------- Swedish


def infer_swedish(text: str, pos: str | None = None) -> tuple[Grammar, ...]:
    """Readings of a Swedish term; ``pos`` (when the user gave one) restricts them."""
    words = " ".join(text.split()).split(" ")
    if not words or not words[0]:
        return ()
    if pos is None and _is_name(words):
        return (Grammar("properNoun"),)
    if len(words) > 1:
        head = _phrase_head(words)
        if pos is None and not _fixed_definite(head.lower()):
            first = _word_readings(words[0])
            kinds = [r.pos for r in first]
            if kinds == ["verb"]:  # stänga av, träna en modell
                return first
            if len(words) == 2 and words[1].lower() in PARTICLES and "verb" in kinds:
                return tuple(r for r in first if r.pos == "verb")  # logga in (logga: a logo)
        return _word_readings(head, nouns_only=pos is None or pos == "noun")
    only = ("noun",) if pos == "noun" else None
    return _word_readings(words[0], nouns_only=only is not None)


def _is_name(words: list[str]) -> bool:
    """Baidu, Entity List, Zhipu AI: every word capitalised and not all abbreviations."""
    from glossary.morphology import _is_abbreviation

    letters = [w for w in words if any(c.isalpha() for c in w)]
    if not letters or all(_is_abbreviation(w) for w in letters):
        return False
    if len(words) == 1 and "-" in words[0] and not words[0].split("-")[-1][:1].isupper():
        return False  # AI-chip: the head is a common noun
    return all(w[:1].isupper() or _is_abbreviation(w) or not w[:1].isalpha() for w in letters)


def _phrase_head(words: list[str]) -> str:
    from glossary.morphology import PREPOSITIONS

    for i, w in enumerate(words[1:], start=1):
        if w.lower() in PREPOSITIONS:
            return words[i - 1]
    return words[-1]


@lru_cache(maxsize=65536)
def _word_readings(word: str, nouns_only: bool = False) -> tuple[Grammar, ...]:
    from glossary.morphology import _is_abbreviation, _last_part

    prefix, part = _last_part(word)
    if _is_abbreviation(word):
        return (Grammar("noun", "common"),)
    low = part.lower()
    if _fixed_definite(low):
        return (Grammar("properNoun"),)
    evidence = _evidence(low, nouns_only)
    if not evidence or max(len(a) for a in evidence.values()) < MIN_EVIDENCE:
        return _unknown(low, nouns_only)
    ranked = sorted(evidence, key=lambda p: -len(evidence[p]))
    top = ranked[0]
    kept = [top]
    for pos in ranked[1:]:
        # A second reading needs forms of its own: finjusterat is the verb's supine, not
        # the definite of a neuter noun *finjustera*; svartlistan is the noun's alone.
        own = evidence[pos] - set().union(*(evidence[k] for k in kept))
        if len(own) >= MIN_EVIDENCE and len(own) >= SECOND_READING_SHARE * len(evidence[top]):
            kept.append(pos)
    if "adjective" in kept and len(kept) > 1:
        kept.remove("adjective")  # kort: the noun's forms cover it; korta would be noise
    out: list[Grammar] = []
    for pos in ("noun", "verb", "adjective"):
        if pos in kept:
            out += _best_readings(low, pos, evidence[pos])
    return tuple(out)


def _fixed_definite(low: str) -> bool:
    """kriget, enhetslistan: a definite form of a known word, used as a fixed name."""
    known, lemma = _lookup(low)
    if known and lemma == low:
        return False
    for base in _bases(low):
        known, lemma = _lookup(base)
        if (
            known
            and lemma
            and lemma != base
            and len(lemma) >= 3
            and (any(base == lemma + ending for ending in DEFINITE_ENDINGS))
        ):
            return True
    return False


def _unknown(low: str, nouns_only: bool) -> tuple[Grammar, ...]:
    """No evidence: the forms of each plausible reading (both genders for a noun, unless
    the ending tells: -ing, -tion, -het ... are common)."""
    if not nouns_only and low.endswith("isk"):
        return (Grammar("adjective"),)
    if low.endswith(COMMON_ENDINGS):
        nouns: tuple[Grammar, ...] = (Grammar("noun", "common"),)
    else:
        nouns = (Grammar("noun", "common"), Grammar("noun", "neuter"))
    if not nouns_only and low.endswith("era") and len(low) > 5:
        return (Grammar("verb"), *nouns)
    return nouns


def _evidence(low: str, nouns_only: bool) -> dict[str, set[str]]:
    """Per part of speech, the attested forms (of the whole word) of its best reading.

    The word's own evidence comes first; its compound head is asked only about the
    parts of speech the word itself has no evidence for (svartlista: the verb is known,
    the noun comes from *lista*).
    """
    out: dict[str, set[str]] = {}
    for base in _bases(low):
        prefix = low[: len(low) - len(base)]
        for pos, (forms, _) in _base_scores(base, nouns_only).items():
            if len(_own(out, pos)) < MIN_EVIDENCE:
                out[pos] = {prefix + f for f in forms}
    return out


def _own(evidence: dict[str, set[str]], pos: str) -> set[str]:
    """The forms attested for ``pos`` that no other part of speech explains."""
    others = [forms for other, forms in evidence.items() if other != pos]
    return evidence.get(pos, set()) - set().union(*others)


def _best_readings(low: str, pos: str, forms: set[str]) -> list[Grammar]:
    """The readings of one part of speech from the base that gave its evidence."""
    for base in _bases(low):
        prefix = low[: len(low) - len(base)]
        found, readings = _base_scores(base, pos == "noun").get(pos, (frozenset(), []))
        if {prefix + f for f in found} == forms:
            return list(readings)
    return [Grammar(pos)]


@lru_cache(maxsize=1 << 18)
def _base_scores(base: str, nouns_only: bool) -> dict[str, tuple[frozenset[str], list[Grammar]]]:
    """For one analysis base: per part of speech, (attested forms, its best readings)."""
    from glossary.morphology import adjective_forms

    lemmas = _lemmas(base)
    out: dict[str, tuple[frozenset[str], list[Grammar]]] = {}
    genders = {g: _noun_evidence(base, g, lemmas) for g in NOUN_GENDERS}
    top = max(len(forms) for forms, _ in genders.values())
    readings = [
        Grammar("noun", g, hint)
        for g, (f, hints) in genders.items()
        if len(f) == top
        for hint in hints
    ]
    best: frozenset[str] = frozenset().union(*(f for f, _ in genders.values() if len(f) == top))
    out["noun"] = (best, readings)
    if nouns_only:
        return out
    if base[-1:] in VOWELS:  # Swedish infinitives end in a vowel: finjustera, gå, se
        verbs = [(_verb_evidence(base, h, lemmas), h) for h in VERB_READINGS]
        vtop = max(len(a) for a, _ in verbs)
        tied = [(a, h) for a, h in verbs if len(a) == vtop]
        hint = None if any(h is None for _, h in tied) else tied[0][1]
        out["verb"] = (tied[0][0], [Grammar("verb", None, hint)])
    adj = [f for f, _ in adjective_forms(base)] if _may_attest(lemmas) else []
    out["adjective"] = (_attested(adj, base, lemmas), [Grammar("adjective")])
    return out


@lru_cache(maxsize=1 << 18)
def _noun_evidence(
    base: str, gender: str, lemmas: frozenset[str]
) -> tuple[frozenset[str], tuple[str | None, ...]]:
    """(attested forms, declension hints) of ``base`` as a noun of ``gender``.

    The declension is the rules' own unless the lexicon attests another declension's
    plural and not the rules' one (parameter -> parametrar, not parametrer); the rules'
    own is kept beside it when the lexicon attests forms only it makes (center: centrer
    and centren).
    """
    from glossary.morphology import noun_forms

    if not _may_attest(lemmas):
        return frozenset(), (None,)

    def attested(hint: str | None) -> tuple[frozenset[str], frozenset[str]]:
        if not _is_abbreviation(base):
            # The definite singular first (as noun_forms lists it): most tries have none.
            def_sg = definite_singulars(base, gender, (hint or "").strip())
            if not _attested(def_sg, base, lemmas):
                return frozenset(), frozenset()
        pairs = noun_forms(base, gender, hint)
        if not _attested([f for f, ft in pairs if ft == ("def", "sg")], base, lemmas):
            # No definite singular of this gender (diplomatin is not *diplomatit*): the
            # other forms it shares with the other gender prove nothing.
            return frozenset(), frozenset()
        forms = _attested([f for f, _ in pairs], base, lemmas)
        plurals = _attested([f for f, ft in pairs if ft == ("indef", "pl")], base, lemmas)
        return forms, plurals

    default, default_pl = attested(None)
    if default_pl:
        return default, (None,)
    best, best_hint = default, None
    for hint in DECLENSIONS[gender]:
        forms, plurals = attested(hint)
        if plurals and len(forms) > len(best):
            best, best_hint = forms, hint
    if best_hint is None:
        return default, (None,)
    if default - best:
        return best | default, (best_hint, None)
    return best, (best_hint,)


def _verb_evidence(base: str, hint: str | None, lemmas: frozenset[str]) -> frozenset[str]:
    """Attested forms of ``base`` as a verb; none unless a finite form (present or past
    tense) is among them: syntetiskt is an adjective, not the supine of *syntetiska*."""
    from glossary.morphology import verb_forms

    if not _may_attest(lemmas):
        return frozenset()
    pairs = verb_forms(base, hint)
    if not _attested([f for f, ft in pairs if ft in (("pres",), ("past",))], base, lemmas):
        return frozenset()
    return _attested([f for f, _ in pairs], base, lemmas)


def _attested(forms: list[str], base: str, lemmas: frozenset[str]) -> frozenset[str]:
    seen = {f.lower() for f in forms} - {base}
    known = lexicon_forms(lemmas) if _LEMMAS[1] else {f for f in seen if _lookup(f)[1] in lemmas}
    return frozenset(seen & known)


_LEMMAS: list = [0, None]  # [bases analysed, lemma -> forms of the lexicon once 500 were]


def _may_attest(lemmas: frozenset[str]) -> bool:
    """False when no form can be attested as a form of ``lemmas`` (none is a lemma of the
    lexicon, as for most words of a large termbase); True when one may, or not yet known."""
    if _LEMMAS[1] is None:
        _LEMMAS[0] += 1
        if _LEMMAS[0] < 500:
            return True
        _LEMMAS[1] = forms_by_lemma()
    return not _LEMMAS[1].keys().isdisjoint(lemmas)


def _lemmas(base: str) -> frozenset[str]:
    known, lemma = _lookup(base)
    return frozenset({base, lemma} if known and lemma else {base})


@lru_cache(maxsize=65536)
def _bases(low: str) -> tuple[str, ...]:
    """The word itself, and its longest plausible head (chipkrig -> krig) when it differs.

    A head is plausible when what comes before it is a known word (after a linking
    -s-, -e-, -o- or -u-) or the head is long; a linking -s- after -ning, -tion, -het ...
    belongs to the first part (skalnings+lag, not skalning+slag).
    """
    out = [low]
    for i in range(2, len(low) - MIN_HEAD + 1):
        head, first = low[i:], low[:i]
        if not _lookup(head)[0]:
            continue
        if head[0] == "s" and first.endswith(LINKING_S_AFTER) and _lookup(head[1:])[0]:
            out.append(head[1:])
            break
        if (
            len(head) >= LONG_HEAD
            or _lookup(first)[0]
            or (first[-1] in "seou" and _lookup(first[:-1])[0])
        ):
            out.append(head)
            break
    return tuple(out)
