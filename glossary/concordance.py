"""Concordance: every translated pair that holds a word or phrase, in any of its forms.

A query is expanded per language before it is searched: Swedish by the termbase's
forms of a term with that text (those added by hand included), else by the forms
:mod:`glossary.morphology` generates for the grammar :mod:`glossary.grammar` infers
(*krig* -> *kriget, krigen, krigets ...*; an inflected query such as *kriget* is read
by its lemma first); English by its regular inflections (*chip* -> *chips, chip's*).
A Swedish word of four letters or more is also found as the head of a compound
(*krig* finds *chipkriget*). Matching ignores case; each side of a pair is searched
with the forms of its own language, and the spans found are returned for highlighting.

:func:`search` looks through the translation memory (streamed, best translations
first) and any other pairs given, such as the open document's segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from glossary.termtypes import Term

# Results of one search, at most.
LIMIT = 200
# A Swedish query word this long is also found at the end of a compound.
COMPOUND_MIN = 4


@dataclass(frozen=True)
class Line:
    """One pair holding the query: where it is from and the spans to highlight."""

    source: str
    target: str
    where: str  # "memory", or "segment N" (1-based) for the open document
    origin: str = ""
    approved: bool = False
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()
    segment: int | None = None  # 0-based index in the open document, if from there


@dataclass(frozen=True)
class Query:
    """A query and its forms in each language."""

    text: str
    forms: dict[str, tuple[str, ...]]
    patterns: dict[str, re.Pattern[str]]

    def pattern(self, lang: str) -> re.Pattern[str]:
        """The pattern for text in ``lang`` (the query as typed for other languages)."""
        return self.patterns.get(_lang(lang)) or self.patterns["*"]

    def keys(self, lang: str) -> list[str]:
        """Substrings every match in ``lang`` holds one of (a quick filter): the first
        words of the forms, without those that hold a shorter one."""
        words = sorted(
            {f.split()[0].casefold() for f in self.forms.get(_lang(lang), (self.text,))}, key=len
        )
        keys: list[str] = []
        for word in words:
            if not any(k in word for k in keys):
                keys.append(word)
        return keys

    def spans(self, text: str, lang: str) -> tuple[tuple[int, int], ...]:
        """Where the query (in any form) occurs in ``text``."""
        return tuple(m.span() for m in self.pattern(lang).finditer(text))


def _lang(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def swedish_forms(text: str, termbase: Any = None) -> tuple[str, ...]:
    """``text`` and its Swedish forms: the termbase's for a term with that text, else
    generated (an inflected word is read by its lemma: *kriget* -> forms of *krig*)."""
    from glossary.grammar import generated_forms, infer_swedish
    from glossary.morphology import swedish_dictionary

    text = " ".join(text.split())
    bases = [text]
    if " " not in text:
        lemma = swedish_dictionary().get(text.lower())
        if lemma and lemma != text.lower():
            bases.append(lemma)
    forms: list[str] = [text]
    stored = _termbase_forms(termbase, bases)
    if stored:
        forms += stored
    else:
        for base in bases:
            term = Term(None, None, "sv", base, inferred=infer_swedish(base, None))
            forms += [base, *(f.text for f in generated_forms(term))]
    return tuple(dict.fromkeys(forms))


def _termbase_forms(termbase: Any, texts: Sequence[str]) -> list[str]:
    """The stored forms of the termbase's Swedish terms written as one of ``texts``."""
    if termbase is None:
        return []
    from glossary.termbase import term_key

    keys = {term_key(t) for t in texts}
    out: list[str] = []
    for text in texts:
        for entry_id in termbase.find_by_term("sv", text):
            for term in termbase.get_entry(entry_id).terms:
                if term.lang == "sv" and term_key(term.text) in keys:
                    out += [term.text, *(f.text for f in term.forms)]
    return out


def english_forms(text: str) -> tuple[str, ...]:
    """``text`` and its regular English inflections, as a noun and as a verb."""
    from glossary.english import english_variants

    text = " ".join(text.split())
    return tuple(
        dict.fromkeys([text, *sorted(english_variants(text) | english_variants(text, "verb"))])
    )


def forms_pattern(forms: Iterable[str], compounds: bool = False) -> re.Pattern[str]:
    """Any of ``forms`` as whole words (case ignored, any whitespace between words);
    with ``compounds`` also at the end of a longer word (the whole word is matched)."""
    alternatives = sorted({f for f in forms if f.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in alternatives)
    prefix = r"\w*" if compounds else ""
    return re.compile(rf"(?<!\w){prefix}(?:{body})(?!\w)", re.IGNORECASE)


def build_query(text: str, termbase: Any = None) -> Query:
    """The query ``text`` with its Swedish and English forms (see the module docstring)."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("an empty concordance query")
    sv = swedish_forms(text, termbase)
    en = english_forms(text)
    compounds = " " not in text and len(text) >= COMPOUND_MIN
    return Query(
        text,
        {"sv": sv, "en": en},
        {
            "sv": forms_pattern(sv, compounds=compounds),
            "en": forms_pattern(en),
            "*": forms_pattern([text]),
        },
    )


def match_pair(
    query: Query, source: str, target: str, src_lang: str, tgt_lang: str
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] | None:
    """(source spans, target spans) when either side holds the query, else None."""
    source_spans = query.spans(source, src_lang)
    target_spans = query.spans(target, tgt_lang)
    if not source_spans and not target_spans:
        return None
    return source_spans, target_spans


def search_pairs(
    query: Query, pairs: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str
) -> list[Line]:
    """The open document's segments (``pairs``) that hold the query, in document order."""
    out = []
    for i, (source, target) in enumerate(pairs):
        found = match_pair(query, source, target or "", src_lang, tgt_lang)
        if found:
            out.append(Line(source, target or "", f"segment {i + 1}", "", False, *found, i))
    return out


def search_memory(
    query: Query, memory: Any, src_lang: str, tgt_lang: str, limit: int = LIMIT
) -> list[Line]:
    """Memory pairs of the direction that hold the query: approved first, then by origin
    (human, imported, machine), newest first; at most ``limit``."""
    src_keys, tgt_keys = query.keys(src_lang), query.keys(tgt_lang)
    lines = []
    for row in memory.containing(src_lang, tgt_lang, src_keys, tgt_keys):
        spans = match_pair(query, row["source"], row["target"], src_lang, tgt_lang)
        if spans:
            line = Line(
                row["source"], row["target"], "memory", row["origin"], bool(row["approved"]), *spans
            )
            lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def search(
    text: str,
    *,
    memory: Any = None,
    pairs: Sequence[tuple[str, str]] = (),
    src_lang: str = "sv",
    tgt_lang: str = "en",
    termbase: Any = None,
    limit: int = LIMIT,
) -> list[Line]:
    """Concordance of ``text``: the open document's segments first, then the memory's
    pairs (a memory pair identical to a document segment is shown once)."""
    query = build_query(text, termbase)
    lines = search_pairs(query, pairs, src_lang, tgt_lang)[:limit]
    if memory is not None and len(lines) < limit:
        seen = {(line.source, line.target) for line in lines}
        for line in search_memory(query, memory, src_lang, tgt_lang, limit):
            if (line.source, line.target) not in seen and len(lines) < limit:
                lines.append(line)
    return lines
