"""Swedish target forms for English term hits (en -> sv enforcement).

Swedish puts definiteness, number and genitive on the noun itself, and tense on the
verb, so the form of an approved Swedish term depends on the English context of its
hit: *the chip war* -> *chipkriget*, *Nvidia's* -> *Nvidias*, *large language models*
-> *stora språkmodeller*, *was fine-tuned* -> *finjusterades*. :func:`wanted_features`
reads the context (determiners, possessives, demonstratives, auxiliaries before the hit,
the hit's own number and tense); :func:`choose` picks the matching form from the forms
the termbase has (or generates) for the Swedish term, with the other forms a translator
may equally write (:attr:`Choice.accepted`: *detta datacenter* or *det här datacentret*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.termtypes import Entry, Form, Term

DEFINITE = frozenset({"the", "that", "those"})
DEMONSTRATIVE = frozenset({"this", "these"})  # denna/dessa + indefinite (or det här + definite)
POSSESSIVE = frozenset({"my", "your", "his", "her", "its", "our", "their", "whose"})
INDEFINITE = frozenset(
    {"a", "an", "some", "any", "no", "each", "every", "many", "several", "few", "another"}
)
MODALS = frozenset(
    {"to", "can", "could", "will", "would", "shall", "should", "may", "might", "must"}
    | {"do", "does", "did", "not", "cannot", "won't", "don't", "doesn't", "didn't"}
)
HAVE = frozenset({"has", "have", "had", "having"})
BE_PRESENT = frozenset({"is", "are", "am", "be", "being", "get", "gets"})
BE_PAST = frozenset({"was", "were", "been", "got"})
ADVERBS = frozenset({"not", "also", "already", "just", "never", "often", "now", "recently"})
# Words that may stand between a determiner and the term (the new, the two largest).
_MODIFIER = re.compile(
    r"(?i)^(?:\d[\d.,]*|new|old|big|small|large|first|last|next|same|whole|own|other|"
    r"two|three|four|five|six|ten|few|most|more|\w+(?:al|ic|ous|ive|ful|less|able|ible|ed|"
    r"est|ish|ary|ent|ant|ese|ian|ern))$"
)
_WORD = re.compile(r"[\w'’-]+|[^\w\s]")
_VERB_FEATURES = frozenset({"inf", "pres", "past", "part", "prespart", "supine"})


@dataclass(frozen=True)
class Choice:
    """The Swedish form to write for a hit, and every form a translator may write there."""

    form: str
    accepted: tuple[str, ...]


def _previous_words(source: str, start: int, count: int = 4) -> list[str]:
    """Up to ``count`` words before ``start``, nearest first, stopping at punctuation."""
    out: list[str] = []
    for token in reversed(_WORD.findall(source[:start])):
        if not (token[:1].isalnum() or token[:1] == "_"):
            break
        out.append(token)
        if len(out) == count:
            break
    return out


def _is_genitive(word: str) -> bool:
    low = word.lower()
    return low.endswith(("'s", "’s", "s'", "s’")) and low not in ("it's", "that's", "there's")


def determiner(source: str, start: int) -> str:
    """What decides the definiteness of a noun hit: "def", "demonstrative", "possessive",
    "indef" or "none" (no determiner: an indefinite Swedish form)."""
    for word in _previous_words(source, start):
        low = word.lower()
        if low in DEFINITE:
            return "def"
        if low in DEMONSTRATIVE:
            return "demonstrative"
        if low in POSSESSIVE or _is_genitive(word):
            return "possessive"
        if low in INDEFINITE:
            return "indef"
        if not _MODIFIER.match(word):
            return "none"
    return "none"


def _noun_wants(source: str, start: int, features: Iterable[str]) -> list[frozenset[str]]:
    feats = set(features)
    number = "pl" if "pl" in feats else "sg"
    gen = {"gen"} if "gen" in feats else set()
    how = determiner(source, start)
    if how == "def":
        wants = [{"def", number}]
        if not gen:  # the end of the chip war: chipkriget, or chipkrigets slut
            wants.append({"def", number, "gen"})
    elif how in ("possessive", "demonstrative"):
        # Nvidias stora språkmodell, denna stora språkmodell: indefinite, weak adjective
        wants = [{"indef", number, "weak"}, {"indef", number}]
        if how == "demonstrative":
            wants.append({"def", number})  # det här chipkriget
    else:
        wants = [{"indef", number}]
    return [frozenset(w | gen) for w in wants]


def _verb_wants(source: str, start: int, end: int, features: Iterable[str]) -> list[frozenset]:
    feats = set(features)
    before = [w.lower() for w in _previous_words(source, start) if w.lower() not in ADVERBS]
    prev = before[0] if before else ""
    aux = next((w for w in before[:2] if w in HAVE | BE_PRESENT | BE_PAST | MODALS), "")
    after = _WORD.findall(source[end:])
    following = after[0].lower() if after else ""
    if "pres" in feats:
        return [frozenset({"pres"})]
    if "prespart" in feats:
        if aux in BE_PRESENT:
            return [frozenset({"pres"})]  # is fine-tuning -> finjusterar
        if aux in BE_PAST:
            return [frozenset({"past"})]
        return [frozenset({"inf"}), frozenset({"prespart"})]
    if feats & {"past", "part", "supine"}:
        if aux in HAVE or (aux == "been" and len(before) > 1 and before[1] in HAVE):
            if aux == "been":
                return [frozenset({"supine", "pass"}), frozenset({"part"})]
            return [frozenset({"supine"})]
        if aux in BE_PAST:
            return [frozenset({"past", "pass"}), frozenset({"part"})]
        if aux in BE_PRESENT:  # is fine-tuned: finjusteras (be fine-tuned: finjusteras too)
            first = {"inf", "pass"} if aux in ("be", "being") else {"pres", "pass"}
            return [frozenset(first), frozenset({"inf", "pass"}), frozenset({"part"})]
        attributive = prev in DEFINITE | DEMONSTRATIVE | POSSESSIVE | INDEFINITE or (
            following[:1].isalpha() and not prev
        )
        if attributive:  # a fine-tuned model: finjusterad; the fine-tuned weights: finjusterade
            weak = prev in DEFINITE | POSSESSIVE or following.endswith("s")
            wants = [{"part", "weak"}, {"part", "sg"}] if weak else [{"part", "sg"}]
            return [frozenset(w) for w in wants] + [frozenset({"part"})]
        return [frozenset({"past"})]
    # the base form: after to, a modal or do it is the infinitive; first in a sentence it is
    # an imperative (the same written form for most verbs); after a subject, the present
    if aux in MODALS or not before:
        return [frozenset({"inf"}), frozenset({"imp"})]
    return [frozenset({"pres"})]


def wanted_features(
    source: str, start: int, end: int, features: Sequence[str], pos: str | None
) -> list[frozenset[str]]:
    """The Swedish features the English context of a hit asks for, best first."""
    if pos == "verb" or (pos is None and _VERB_FEATURES & set(features)):
        return _verb_wants(source, start, end, features)
    if pos in ("adjective", "adverb", "other"):
        return [frozenset({"base"})]
    if pos == "properNoun":
        return [frozenset({"indef", "sg", "gen"} if "gen" in features else {"indef", "sg"})]
    return _noun_wants(source, start, features)


def _fallbacks(wants: list[frozenset[str]]) -> list[frozenset[str]]:
    """Looser feature sets to try when no form has the wanted ones (no weak form: the
    plain one; a plural the same as the singular is stored once)."""
    out = []
    for want in wants:
        out.append(want - {"weak"})
        if "pl" in want:
            out.append((want - {"pl", "weak"}) | {"sg"})
        if "pass" in want:
            out.append(want - {"pass"})
    return out


def _pick(forms: Sequence[Form], want: frozenset[str]) -> str | None:
    for form in forms:  # exact features first, then forms with more (part + gender)
        if set(form.features) == want:
            return form.text
    for form in forms:
        if want <= set(form.features) and not ({"gen", "pass", "weak"} - want) & set(form.features):
            return form.text
    return None


def choose(
    forms: Sequence[Form],
    source: str,
    start: int,
    end: int,
    features: Sequence[str],
    pos: str | None,
    base: str,
) -> Choice:
    """The Swedish form of a term (whose forms are ``forms``) for the English hit at
    ``source[start:end]`` with ``features``; ``base`` when no form fits."""
    wants = wanted_features(source, start, end, features, pos)
    picked = [p for w in wants if (p := _pick(forms, w))]
    if not picked:
        picked = [p for w in _fallbacks(wants) if (p := _pick(forms, w))]
    form = picked[0] if picked else base
    accepted = tuple(dict.fromkeys([form, *picked]))
    return Choice(form, accepted)


class SwedishTerms:
    """The forms of each entry's approved Swedish term: from entries given, else from the
    termbase (read on first need), else generated from the target text and its part of
    speech with the grammar inferred for it."""

    def __init__(
        self, entries: Iterable[Entry] | None = None, termbase: str | Path | None = None
    ) -> None:
        self._termbase = termbase
        self._forms: dict[int, list[Form]] = {}
        self._entries = {e.id: e for e in entries or () if e.id is not None}

    def forms(self, entry_id: int, text: str, pos: str | None) -> list[Form]:
        """The forms of entry ``entry_id``'s Swedish term ``text``."""
        if entry_id not in self._forms:
            entry = self._entries.get(entry_id)
            term = entry.preferred("sv") if entry is not None else self._stored(entry_id, text)
            if term is None:
                term = _inferred_term(text, pos)
            self._forms[entry_id] = _forms_of(term)
        return self._forms[entry_id]

    def _stored(self, entry_id: int, text: str) -> Term | None:
        if self._termbase is None or entry_id < 0:
            return None
        from glossary.errors import OrdbroError
        from glossary.termbase import Termbase

        try:
            with Termbase.open(self._termbase) as tb:
                entry = tb.get_entry(entry_id)
        except OrdbroError:
            return None
        return next((t for t in entry.terms if t.lang == "sv" and t.text == text), None)


def _forms_of(term: Term) -> list[Form]:
    """The term's stored forms, those added by hand first (they win over a generated form
    with the same features), else its generated forms."""
    from glossary.grammar import generated_forms

    if not term.forms:
        return generated_forms(term)
    return sorted(term.forms, key=lambda f: f.origin != "manual")


def _inferred_term(text: str, pos: str | None) -> Term:
    from glossary.grammar import infer_swedish

    return Term(None, None, "sv", text, pos=pos, inferred=infer_swedish(text, pos))


def hit_choice(terms: SwedishTerms, hit, sentence: str, pos: str | None) -> Choice:
    """The :class:`Choice` for a (not do-not-translate) English ``hit`` in ``sentence``."""
    target = hit.target or hit.source
    forms = terms.forms(hit.entry_id, target, pos)
    pos = pos or ("verb" if _VERB_FEATURES & set(hit.features) else None)
    return choose(forms, sentence, hit.start, hit.end, hit.features, pos, target)


def inflection_pattern(terms: SwedishTerms, hit, pos: str | None) -> re.Pattern[str]:
    """Any form of ``hit``'s Swedish term, right or wrong for the context (to find where
    the model wrote the term, so the right form replaces it)."""
    from glossary.enforce.text import phrase_pattern

    target = hit.target or hit.source
    return phrase_pattern({target, *(f.text for f in terms.forms(hit.entry_id, target, pos))})


def pattern_span(words: list[str], pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The span of words (indices) of the first match of ``pattern`` in the joined words."""
    text = " ".join(words)
    match = pattern.search(text)
    if match is None:
        return None
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word) + 1
    first = max(i for i, s in enumerate(starts) if s <= match.start())
    last = max(i for i, s in enumerate(starts) if s < match.end())
    return first, last + 1


def requirement_forms(tr, hit, sentence: str) -> tuple[re.Pattern[str], str, set[str], re.Pattern]:
    """For enforcement (``tr`` the enforcing translator): (any form of the hit's Swedish
    term, the form to write, the forms accepted as right in ``sentence``, a pattern of
    those: case-sensitive for a term with capitals, so *NVidia* is not *Nvidia*)."""
    from glossary.enforce.text import phrase_pattern

    pos = tr.target_pos.get(hit.entry_id)
    choice = hit_choice(tr.swedish_terms, hit, sentence, pos)
    accepted = set(choice.accepted)
    target = hit.target or hit.source
    pattern = phrase_pattern(accepted, case_sensitive=any(c.isupper() for c in target))
    return inflection_pattern(tr.swedish_terms, hit, pos), choice.form, accepted, pattern


def share_repeats(requirements: list) -> None:
    """A term found twice in one sentence may want two forms (*the chip war* is not *a chip
    war*): each occurrence then accepts the forms of all, so the count of the entry's forms
    in the translation is what is checked."""
    by_entry: dict[int, list] = {}
    for req in requirements:
        by_entry.setdefault(req.hit.entry_id, []).append(req)
    for reqs in by_entry.values():
        if len(reqs) > 1:
            union = "|".join(dict.fromkeys(f"(?:{r.pattern.pattern})" for r in reqs))
            pattern = re.compile(union, reqs[0].pattern.flags)
            for req in reqs:
                req.pattern = pattern
