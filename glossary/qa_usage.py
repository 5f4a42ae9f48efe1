"""Is a term found in the source used as the part of speech its entry states?

A verb entry (*annotera* <-> "label", verb) must not fire on the noun "label", and a
noun entry not on a verb use. No tagger is available offline, so the decision rests on
a few documented rules about the word right before the hit and the form that matched:

English
  - noun use: the word before is a determiner, possessive or quantifier (*the*, *a*,
    *this*, *its*, *each*, *no* ...) or a preposition (*of*, *for*, *with*, *in* ...),
    or the hit ends in a genitive *'s*, or it is the last, not the first, word of a
    short title ("Media label": an imperative verb would come first);
  - verb use: the word before is the infinitive marker *to*, a modal or auxiliary
    (*can*, *must*, *will*, *do*, *does* ...), *please*, or a subject pronoun
    (*I*, *we*, *you*, *they*); or the matched form ends in *-ing* / *-ed* (for a verb
    entry: these are verb forms, for a noun entry they are not its forms).

Swedish
  - noun use: the matched form is definite, plural or genitive (the matcher reports
    its features), or the word before is an article, determiner or possessive
    (*en*, *ett*, *den*, *det*, *denna*, *varje*, *min* ...) or a preposition;
  - verb use: the word before is the infinitive marker *att*, a modal or auxiliary
    (*kan*, *ska*, *måste*, *vill*, *får*, *bör*, *har*, *hade* ...), or the matched
    form is a tense form (present, past, supine, imperative).

:func:`usage` answers ``"agrees"``, ``"conflicts"`` or ``"unsure"``. A conflict means
the entry does not apply to this occurrence; unsure means a single-word term in its
base form with no telling context (QA then reports a warning, not an error). Terms
of several words, names and entries without a noun/verb part of speech always agree.
"""

from __future__ import annotations

import re

_EN_NOUN_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "no",
        "any",
        "some",
        "all",
        "another",
        "either",
        "neither",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "whose",
        "which",
        "what",
        "of",
        "for",
        "with",
        "in",
        "on",
        "by",
        "from",
        "per",
        "without",
        "about",
        "into",
        "onto",
        "within",
        "via",
    ]
)
_EN_VERB_BEFORE = frozenset(
    [
        "to",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "cannot",
        "can't",
        "won't",
        "do",
        "does",
        "did",
        "don't",
        "doesn't",
        "didn't",
        "please",
        "i",
        "we",
        "you",
        "they",
    ]
)
_SV_NOUN_BEFORE = frozenset(
    [
        "en",
        "ett",
        "den",
        "det",
        "denna",
        "detta",
        "dessa",
        "de",
        "min",
        "mitt",
        "mina",
        "din",
        "ditt",
        "dina",
        "sin",
        "sitt",
        "sina",
        "vår",
        "vårt",
        "våra",
        "er",
        "ert",
        "era",
        "hans",
        "hennes",
        "dess",
        "deras",
        "varje",
        "ingen",
        "inget",
        "inga",
        "någon",
        "något",
        "några",
        "flera",
        "alla",
        "av",
        "för",
        "med",
        "i",
        "på",
        "från",
        "om",
        "utan",
        "vid",
        "under",
        "över",
        "mot",
    ]
)
_SV_VERB_BEFORE = frozenset(
    [
        "att",
        "kan",
        "kunde",
        "ska",
        "skall",
        "skulle",
        "vill",
        "ville",
        "måste",
        "bör",
        "borde",
        "får",
        "fick",
        "har",
        "hade",
        "kommer",
        "låt",
    ]
)
_SV_NOUN_FEATURES = frozenset({"def", "pl", "gen"})
_SV_VERB_FEATURES = frozenset({"pres", "past", "supine", "imp", "pass"})
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[^\w]*$")

AGREES, CONFLICTS, UNSURE = "agrees", "conflicts", "unsure"


def _word_before(text: str, start: int) -> str:
    m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return m.group(1).lower().replace("’", "'") if m else ""


def _is_title_end(text: str, end: int) -> bool:
    """Does the hit end a short title-like text ("Media label": at most four words,
    no sentence punctuation)? A verb there would come first, as an imperative."""
    rest = text[end:].strip()
    return rest in ("", ":") and len(text.split()) <= 4 and not re.search(r"[.!?]", text)


def _observed(text: str, start: int, end: int, lang: str, features: tuple[str, ...]) -> str | None:
    """ "noun", "verb" or None: the part of speech the context shows for text[start:end]."""
    before = _word_before(text, start)
    hit = text[start:end].lower()
    if lang == "sv":
        feats = set(features)
        if feats & _SV_NOUN_FEATURES:
            return "noun"
        if feats & _SV_VERB_FEATURES:
            return "verb"
        if before in _SV_VERB_BEFORE:
            return "verb"
        if before in _SV_NOUN_BEFORE:
            return "noun"
        return None
    if hit.endswith(("'s", "’s")) or before in _EN_NOUN_BEFORE:
        return "noun"
    if before and _is_title_end(text, end):
        return "noun"
    if before in _EN_VERB_BEFORE:
        return "verb"
    if " " not in hit and hit.endswith(("ing", "ed")):
        return "verb"
    return None


def usage(
    text: str, start: int, end: int, lang: str, pos: str | None, features: tuple[str, ...] = ()
) -> str:
    """Does the occurrence text[start:end] of a term with part of speech ``pos`` fit it?"""
    if pos not in ("noun", "verb"):
        return AGREES
    seen = _observed(text, start, end, lang, features)
    if seen == pos:
        return AGREES
    if seen is not None:
        return CONFLICTS
    if len(text[start:end].split()) > 1:
        return AGREES
    return UNSURE
