"""Text helpers for term enforcement: find required forms in a translation, splice a term in.

A translation is handled as a list of whitespace-separated words, so a term can replace
the model's own rendering (a span of words) without touching the rest of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "whose",
        "each",
        "every",
    ]
)
_LEAD = "\"'([{«“‘"
_TRAIL = "\"'.,;:!?)]}»”’…"


def phrase_pattern(variants: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str]:
    """A regex matching any of ``variants`` as whole words (longest first)."""
    alternatives = sorted({v for v in variants if v}, key=len, reverse=True)
    body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in alternatives)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@dataclass
class Need:
    """One required (or forbidden) phrase group: how many times it must appear."""

    key: int
    pattern: re.Pattern[str]
    count: int
    length: int  # longest variant, to match longer terms first


def satisfied(text: str, needs: list[Need]) -> dict[int, int]:
    """How many of each need's occurrences are present in ``text``.

    Longer phrases are matched first and their characters are masked, so "language model"
    is not counted inside "large language model" when both are required.
    """
    masked = list(text)
    found: dict[int, int] = {}
    for need in sorted(needs, key=lambda n: -n.length):
        hits = 0
        for match in need.pattern.finditer("".join(masked)):
            if hits >= need.count:
                break
            hits += 1
            masked[match.start() : match.end()] = "\0" * (match.end() - match.start())
        found[need.key] = hits
    return found


def contains(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` occurs in ``text``."""
    return pattern.search(text) is not None


def split_punct(word: str) -> tuple[str, str, str]:
    """Split leading and trailing punctuation off a word: '"war."' -> ('"', 'war', '."')."""
    start, end = 0, len(word)
    while start < end and word[start] in _LEAD:
        start += 1
    while end > start and word[end - 1] in _TRAIL:
        end -= 1
    # keep a possessive apostrophe that belongs to the word ("chipmakers'")
    if end < len(word) and word[end] == "'" and word[end - 1 : end] == "s":
        end += 1
    return word[:start], word[start:end], word[end:]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _an(next_word: str) -> str:
    return "an" if next_word[:1].lower() in "aeio" else "a"


def splice(
    words: list[str],
    start: int,
    end: int,
    form: str,
    article: bool,
    lookback: int = 1,
    plural: bool = False,
) -> tuple[list[str], int]:
    """Replace ``words[start:end]`` (the model's rendering, maybe empty) with ``form``.

    ``article`` asks for a definite article unless a determiner already precedes. Leading
    determiners of the replaced span and punctuation at its edges are kept; "a"/"an" before
    the term is made to agree; the sentence's first word keeps its capital. ``lookback``
    words before the term are searched for a determiner (more than one when the Swedish
    had a preposed article: *de mest avancerade halvledarna*). A plural term drops an "a"
    or "an" right before it. Returns the new word list
    and the index just after the inserted term.
    """
    words = list(words)
    start, end = min(start, len(words)), min(end, len(words))
    old = words[start:end]
    lead = split_punct(old[0])[0] if old else ""
    trail = split_punct(old[-1])[2] if old else ""
    if not old and start == len(words) and words:  # at the very end: before the full stop
        pre, core, post = split_punct(words[-1])
        if core and post:
            words[-1], trail = pre + core, post
    kept: list[str] = []
    while old and split_punct(old[0])[1].lower() in DETERMINERS and len(old) > 1:
        kept.append(old.pop(0))
    if kept:
        lead = ""
    before = [*words[:start], *kept]
    new = form.split()
    previous = split_punct(before[-1])[1].lower() if before else ""
    recent = {split_punct(w)[1].lower() for w in before[-lookback:]} if before else set()
    if recent & DETERMINERS:
        previous = previous if previous in DETERMINERS else "the"
    if new and new[0].lower() == "the" and (previous in DETERMINERS or not article):
        new = new[1:]
    elif article and previous not in DETERMINERS and (not new or new[0].lower() != "the"):
        new = ["the", *new]
    singular_article = [
        i
        for i in (-1, -2)
        if len(before) >= -i and split_punct(before[i])[1].lower() in ("a", "an")
    ]
    if plural and singular_article and not split_punct(before[singular_article[0]])[0]:
        del before[singular_article[0]]  # "a (new) export controls" -> "(new) export controls"
    elif before and split_punct(before[-1])[1].lower() in ("a", "an") and new:
        pre, core, post = split_punct(before[-1])
        fixed = _an(new[0])
        before[-1] = pre + (fixed.capitalize() if core[:1].isupper() else fixed) + post
    if not new:
        return words, start
    sentence_start = not before or before[-1].endswith((".", "!", "?", ":"))
    first_old = (
        split_punct(old[0])[1]
        if old
        else (split_punct(words[start])[1] if start < len(words) else "")
    )
    if sentence_start:
        new[0] = _capitalise(new[0])
        if not old and first_old[:1].isupper() and start < len(words):
            # an insertion before the old first word: that word is no longer first
            pre, core, post = split_punct(words[start])
            if core.lower() in DETERMINERS or core.lower() in ("it", "there", "this"):
                words = [*words[:start], pre + core.lower() + post, *words[start + 1 :]]
    new[0] = lead + new[0]
    new[-1] = new[-1] + trail
    result = [*before, *new, *words[end:]]
    return result, len(before) + len(new)


def replace_spans(text: str, spans: list[tuple[int, int]], form: str) -> str:
    """``text`` with each (start, end) span replaced by ``form``; capitalised when it replaces
    a capitalised word at the start of the text."""
    for start, end in sorted(spans, reverse=True):
        written = _capitalise(form) if start == 0 and text[:1].isupper() else form
        text = text[:start] + written + text[end:]
    return text
