"""Term rules the stages share: forbidden renderings and their patterns, parts of speech,
capitals, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from glossary.enforce.record import Requirement
from glossary.enforce.text import phrase_pattern
from glossary.termtypes import Entry


def forbidden_renderings(entries: Iterable[Entry], lang: str = "en") -> dict[int, list[str]]:
    """Forbidden ``lang`` terms of each entry: {entry_id: ["data center", ...]}."""
    result: dict[int, list[str]] = {}
    for entry in entries:
        bad = [t.text for t in entry.terms if t.lang == lang and t.status == "forbidden"]
        if bad and entry.id is not None:
            result[entry.id] = bad
    return result


def pos_lookup(entries: Iterable[Entry], lang: str) -> dict[int, str | None]:
    lookup: dict[int, str | None] = {}
    for entry in entries:
        term = entry.preferred(lang)
        if entry.id is not None:
            lookup[entry.id] = term.pos if term else None
    return lookup


VERB_FEATURES = {"pres", "past", "supine", "inf", "imp", "pass", "part", "prespart"}


def guess_pos(features: tuple[str, ...]) -> str:
    if VERB_FEATURES & set(features):
        return "verb"
    return "noun"


def forbidden_spans(text: str, req: Requirement) -> list[tuple[int, int]]:
    """Where ``text`` uses a forbidden rendering of ``req``'s term, outside its approved
    renderings ("Netherlands" inside "The Netherlands" is not a use of "Netherland")."""
    if req.forbidden is None:
        return []
    inside = [m.span() for m in req.approved.finditer(text)] if req.approved else []
    return [
        m.span()
        for m in req.forbidden.finditer(text)
        if not any(a <= m.start() and m.end() <= b for a, b in inside)
    ]


def with_capitals(forms: Iterable[str]) -> set[str]:
    """``forms`` and each with its first letter capitalised (as at the start of a sentence)."""
    return {f for form in forms if form for f in (form, form[:1].upper() + form[1:])}


def within(part: tuple[str, ...], whole: list[str]) -> bool:
    """Whether the token sequence ``part`` occurs contiguously in ``whole``."""
    n = len(part)
    return any(tuple(whole[i : i + n]) == part for i in range(len(whole) - n + 1))


PREPOSED = re.compile(r"(?i)(?<!\w)(den|det|de|denna|detta|dessa)\s+(\S+\s+){0,2}$")


def preposed_article(source: str, start: int) -> bool:
    """Whether a Swedish article precedes the hit (den stora språkmodellen)."""
    return PREPOSED.search(source[:start]) is not None


def forbidden_pattern(renderings: list[str], approved: set[str]) -> re.Pattern[str]:
    """Whole-word pattern of forbidden renderings. A rendering that differs from an approved
    form only in case (NVidia for Nvidia) is matched case-sensitively, the others in any case."""
    folded = {a.lower() for a in approved if a}
    exact = [r for r in renderings if r.lower() in folded]
    loose = [r for r in renderings if r.lower() not in folded]
    bare = folded | {re.sub(r"^(the|an?)\s+", "", a) for a in folded}

    def alternation(items: list[str], approved_lower: set[str]) -> str:
        variants = sorted(forbidden_variants(items, approved_lower), key=len, reverse=True)
        return "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)

    parts = ([f"(?i:{alternation(loose, bare)})"] if loose else []) + (
        [alternation(exact, set())] if exact else []
    )
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


def forbidden_variants(renderings: list[str], approved_lower: set[str]) -> set[str]:
    """Each rendering with its plural and possessive, except a derived form that is itself
    approved ("Netherland" + s is "Netherlands", as in "the Netherlands")."""
    variants: set[str] = set(renderings)
    for bad in renderings:
        variants.update(
            d for d in (f"{bad}s", f"{bad}es", f"{bad}'s") if d.lower() not in approved_lower
        )
    return variants


def scrubbers(matcher: Any, forbidden: dict[int, list[str]]) -> tuple[Any, list]:
    """(one pattern of every forbidden rendering, [(entry id, approved target, forbidden
    pattern, approved pattern)]) for the entries that have forbidden renderings."""
    targets: dict[int, str] = {}
    terms = getattr(matcher, "terms", None)
    if forbidden and terms is not None:
        for index, entry_id in enumerate(terms.entry_ids):
            if entry_id in forbidden and entry_id not in targets and terms.has_target[index]:
                targets[entry_id] = terms.text(index)[1]
    scrubbers = []
    for entry_id, bad in sorted(forbidden.items()):
        target = targets.get(entry_id)
        if not target:
            continue
        approved = with_capitals({target, *english_variants_of(target)})
        scrubbers.append(
            (entry_id, target, forbidden_pattern(bad, {target}), phrase_pattern(approved, True))
        )
    if not scrubbers:
        return None, []
    combined = re.compile("|".join(f"(?:{p.pattern})" for _, _, p, _ in scrubbers))
    return combined, scrubbers


def english_variants_of(target: str) -> list[str]:
    from glossary.english import english_variants

    return list(english_variants(target, None))


def unmask(word: str, placeholder: str) -> str:
    """``word`` with the placeholder (or what is left of its brackets) turned into a plain
    word, so splicing keeps only the punctuation that was really around it."""
    if placeholder in word:
        return word.replace(placeholder, "w")
    marks = set(re.sub(r"\w", "", placeholder))
    return "".join(ch for ch in word if ch not in marks) or "w"


def placeholder_span(words: list[str], placeholder: str) -> tuple[int, int] | None:
    """The word holding ``placeholder`` intact, or a mangled copy of it (fuzzy match)."""
    from rapidfuzz import fuzz

    wanted = re.sub(r"\W", "", placeholder)
    best, where = 0.0, None
    for i, word in enumerate(words):
        if placeholder in word:
            return i, i + 1
        score = fuzz.ratio(re.sub(r"\W", "", word), wanted)
        if score > best:
            best, where = score, i
    if where is not None and len(wanted) >= 3 and best >= 70:
        return where, where + 1
    return None
