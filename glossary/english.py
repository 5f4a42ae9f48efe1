"""English target forms: regular inflections of an approved target term.

QA and enforcement accept a target in any regular inflection
(:func:`english_variants`) and choose the surface form that fits a Swedish hit
(:func:`english_form`, :func:`needs_article`): *chipkrigets* -> "chip war's" with
"the" in front.
"""

from __future__ import annotations

import re

from glossary.termtypes import Form

IRREGULAR_PLURALS = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "foot": "feet",
    "tooth": "teeth",
    "mouse": "mice",
    "goose": "geese",
    "analysis": "analyses",
    "basis": "bases",
    "crisis": "crises",
    "thesis": "theses",
    "hypothesis": "hypotheses",
    "axis": "axes",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "datum": "data",
    "medium": "media",
    "index": "indices",
    "matrix": "matrices",
    "vertex": "vertices",
    "leaf": "leaves",
    "life": "lives",
    "knife": "knives",
    "half": "halves",
    "shelf": "shelves",
    "wife": "wives",
}
UNCOUNTABLE = {
    "software", "hardware", "firmware", "information", "research", "equipment", "data",
    "advice", "news", "intelligence", "knowledge", "machinery", "progress", "evidence",
    "traffic", "funding", "infrastructure", "compute", "ai",
}  # fmt: skip
IRREGULAR_VERBS = {  # base -> (past, past participle)
    "be": ("was", "been"),
    "build": ("built", "built"),
    "buy": ("bought", "bought"),
    "bring": ("brought", "brought"),
    "choose": ("chose", "chosen"),
    "cut": ("cut", "cut"),
    "do": ("did", "done"),
    "drive": ("drove", "driven"),
    "find": ("found", "found"),
    "get": ("got", "got"),
    "give": ("gave", "given"),
    "go": ("went", "gone"),
    "grow": ("grew", "grown"),
    "hold": ("held", "held"),
    "know": ("knew", "known"),
    "lead": ("led", "led"),
    "lose": ("lost", "lost"),
    "make": ("made", "made"),
    "put": ("put", "put"),
    "run": ("ran", "run"),
    "see": ("saw", "seen"),
    "sell": ("sold", "sold"),
    "send": ("sent", "sent"),
    "set": ("set", "set"),
    "shut": ("shut", "shut"),
    "spend": ("spent", "spent"),
    "take": ("took", "taken"),
    "win": ("won", "won"),
    "write": ("wrote", "written"),
    "break": ("broke", "broken"),
    "bind": ("bound", "bound"),
    "ban": ("banned", "banned"),
}
_VOWELS = "aeiou"


def _match_case(model: str, word: str) -> str:
    return word.upper() if model.isupper() and len(model) > 1 else word


def pluralize(word: str) -> str:
    """The plural of one English noun: chip -> chips, policy -> policies, GPU -> GPUs."""
    if not word:
        return word
    low = word.lower()
    if low in UNCOUNTABLE:
        return word
    if word.isupper() or word[-1].isdigit():  # GPU -> GPUs
        return word + "s"
    if low in IRREGULAR_PLURALS:
        return word[0] + IRREGULAR_PLURALS[low][1:]
    for base, plural in IRREGULAR_PLURALS.items():
        if low.endswith(base) and len(base) > 3:
            return word[: len(word) - len(base)] + plural
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def possessive(phrase: str, plural: bool = False) -> str:
    """chip war -> chip war's, chip wars -> chip wars', Siemens -> Siemens'."""
    last = phrase.split(" ")[-1]
    if phrase.endswith("s") and (plural or last[:1].isupper()):
        return phrase + "'"
    return phrase + "'s"


def _head_index(words: list[str]) -> int:
    """The noun that inflects: the last word, or the one before "of" (proof of work)."""
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in ("of", "for", "in", "on", "to"):
            return i - 1
    return len(words) - 1


def plural_phrase(target: str) -> str:
    """The plural of a (multiword) English noun term."""
    words = target.split(" ")
    i = _head_index(words)
    words[i] = _inflect_hyphenated(words[i], pluralize)
    return " ".join(words)


def _inflect_hyphenated(word: str, fn) -> str:
    if "-" in word:
        head, _, last = word.rpartition("-")
        return head + "-" + fn(last)
    return fn(word)


def _double_final(word: str) -> bool:
    low = word.lower()
    return bool(re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", low)) and len(low) <= 4


def verb_third_person(verb: str) -> str:
    """fine-tune -> fine-tunes, apply -> applies."""
    low = verb.lower()
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh", "o")):
        return verb + "es"
    return verb + "s"


def verb_past(verb: str, participle: bool = False) -> str:
    """fine-tune -> fine-tuned, stop -> stopped, build -> built."""
    low = verb.lower()
    if low in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[low][1 if participle else 0]
    if low.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ied"
    if _double_final(low):
        return verb + verb[-1] + "ed"
    return verb + "ed"


def verb_ing(verb: str) -> str:
    """fine-tune -> fine-tuning, die -> dying, stop -> stopping."""
    low = verb.lower()
    if low.endswith("ie"):
        return verb[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and len(low) > 2:
        return verb[:-1] + "ing"
    if _double_final(low):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _verb_phrase(target: str, fn) -> str:
    words = target.split(" ")
    words[0] = _inflect_hyphenated(words[0], fn)
    return " ".join(words)


def english_variants(target: str, pos: str | None = None) -> set[str]:
    """Every regular inflection of ``target``: plural and possessives, or verb forms."""
    target = " ".join(target.split())
    if not target:
        return set()
    if pos == "verb":
        return {
            target,
            _verb_phrase(target, verb_third_person),
            _verb_phrase(target, verb_past),
            _verb_phrase(target, lambda v: verb_past(v, participle=True)),
            _verb_phrase(target, verb_ing),
        }
    if pos in ("adjective", "adverb"):
        return {target}
    out = {target, possessive(target)}
    if pos != "properNoun":
        plural = plural_phrase(target)
        out |= {plural, possessive(plural, plural=plural != target)}
    return out


def english_form(target: str, features: tuple[str, ...], pos: str | None = None) -> str:
    """The English surface form for a Swedish hit with ``features`` (article not included)."""
    feats = set(features)
    if pos == "verb" or feats & {"inf", "pres", "past", "supine", "part", "prespart"}:
        if "prespart" in feats:
            return _verb_phrase(target, verb_ing)
        if feats & {"supine", "part", "pass"}:
            return _verb_phrase(target, lambda v: verb_past(v, participle=True))
        if "past" in feats:
            return _verb_phrase(target, verb_past)
        return target
    if pos in ("adjective", "adverb"):
        return target
    plural = "pl" in feats and pos != "properNoun"
    form = plural_phrase(target) if plural else target
    return possessive(form, plural=plural and form != target) if "gen" in feats else form


def needs_article(features: tuple[str, ...]) -> bool:
    """True when the Swedish form was definite (chipkriget), so English wants "the"."""
    return "def" in features


def english_forms(text: str, pos: str | None) -> list[Form]:
    """Forms of an English term, for matching English source text (en -> sv)."""
    text = " ".join(text.split())
    if pos == "verb":
        pairs = [
            (text, ("inf",)),
            (_verb_phrase(text, verb_third_person), ("pres",)),
            (_verb_phrase(text, verb_past), ("past",)),
            (_verb_phrase(text, lambda v: verb_past(v, participle=True)), ("part",)),
            (_verb_phrase(text, verb_ing), ("prespart",)),
        ]
    elif pos in ("adjective", "adverb", "other"):
        pairs = [(text, ("base",))]
    else:
        pairs = [(text, ("sg",)), (possessive(text), ("sg", "gen"))]
        if pos != "properNoun":
            plural = plural_phrase(text)
            pairs += [(plural, ("pl",)), (possessive(plural, plural != text), ("pl", "gen"))]
    seen: set[str] = set()
    out = []
    for form, feats in pairs:
        if form not in seen:
            seen.add(form)
            out.append(Form(form, feats))
    return out
