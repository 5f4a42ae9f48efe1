"""Where did the model put a source term? Word spans from attention or from a known rendering.

CTranslate2's ``return_attention`` gives one head of the last decoder layer: a noisy but
usable alignment. It is read at word level (subword tokens grouped into words) and only
a short, contiguous run of target words is accepted as the model's rendering of a term.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

WORD_MARK = "▁"  # SentencePiece's word-start marker
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "be",
        "it",
        "this",
        "that",
    ]
)


def word_groups(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Group subword tokens into words: [(first_token, end_token), ...].

    Works for SentencePiece ("▁" starts a word) and for BPE ("@@" ends a non-final piece).
    """
    groups: list[tuple[int, int]] = []
    bpe = any(t.endswith("@@") for t in tokens)
    start = 0
    for i, token in enumerate(tokens):
        if i == 0:
            continue
        new_word = not tokens[i - 1].endswith("@@") if bpe else token.startswith(WORD_MARK)
        if new_word:
            if any(t.strip(WORD_MARK) for t in tokens[start:i]):
                groups.append((start, i))
            else:  # a bare "▁" belongs to the following word
                continue
            start = i
    if tokens:
        groups.append((start, len(tokens)))
    return groups


def source_span(
    tokenize: Callable[[str], list[str]], sentence: str, start: int, end: int
) -> tuple[int, int]:
    """Token range of ``sentence[start:end]`` in ``tokenize(sentence)`` (approximate at edges)."""
    first = len(tokenize(sentence[:start].rstrip())) if sentence[:start].strip() else 0
    last = len(tokenize(sentence[:end].rstrip()))
    return first, max(last, first + 1)


def attention_span(
    attention: Sequence[Sequence[float]],
    groups: list[tuple[int, int]],
    span: tuple[int, int],
    max_words: int,
) -> tuple[int, int] | None:
    """The run of target words whose strongest source link falls inside ``span``.

    Returns (first_word, end_word), or None when no word is aligned to the term. Among
    several runs the one with most attention mass on the term wins; a run is cut to
    ``max_words`` words.
    """
    if not attention or not groups:
        return None
    a, b = span
    linked: list[float] = []
    for first, end in groups:
        rows = [attention[i] for i in range(first, min(end, len(attention)))]
        if not rows:
            linked.append(-1.0)
            continue
        width = len(rows[0])
        totals = [sum(row[j] for row in rows) for j in range(width)]
        best = max(range(width), key=totals.__getitem__)
        linked.append(sum(totals[a:b]) if a <= best < b else -1.0)
    runs: list[tuple[float, int, int]] = []
    i = 0
    while i < len(linked):
        if linked[i] < 0:
            i += 1
            continue
        j = i
        while j < len(linked) and linked[j] >= 0:
            j += 1
        runs.append((sum(linked[i:j]), i, j))
        i = j
    if not runs:
        return None
    _, first, end = max(runs)
    return first, min(end, first + max_words)


def insertion_point(
    attention: Sequence[Sequence[float]], groups: list[tuple[int, int]], span: tuple[int, int]
) -> int:
    """Where a term the model dropped should go: after the last word linked to earlier source."""
    a = span[0]
    point = 0
    for index, (first, end) in enumerate(groups):
        rows = [attention[i] for i in range(first, min(end, len(attention)))]
        if not rows:
            continue
        width = len(rows[0])
        totals = [sum(row[j] for row in rows) for j in range(width)]
        if max(range(width), key=totals.__getitem__) < a:
            point = index + 1
    return point


def rendering_span(words: list[str], rendering: str) -> tuple[int, int] | None:
    """Word span of ``rendering`` (the model's translation of the term alone) in ``words``."""
    wanted = [re.sub(r"\W+", "", w).lower() for w in rendering.split()]
    wanted = [w for w in wanted if w]
    if not wanted or all(w in _FUNCTION_WORDS or len(w) < 3 for w in wanted):
        return None  # "the", "of", "." say nothing about where the term is
    plain = [re.sub(r"\W+", "", w).lower() for w in words]
    n = len(wanted)
    for i in range(len(plain) - n + 1):
        if plain[i : i + n] == wanted:
            return i, i + n
    return None
