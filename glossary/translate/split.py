"""Long sentences cut into pieces a model can take, and joined back in order.

A model has a fixed number of positions (512 for Argos models), so a sentence longer
than the engine's ``max_input_tokens`` is cut near its middle (at clause punctuation,
else at a space) until every piece fits. Both the plain and the enforcing path run
through :func:`split_long`, so input of any length translates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Piece:
    """One piece of a sentence and the source whitespace that followed it."""

    text: str
    sep: str = ""


def split_long(text: str, count: Callable[[str], int], limit: int) -> list[Piece]:
    """``text`` as pieces of at most ``limit`` units by ``count`` (one piece when it fits).

    Joining ``piece.text + piece.sep`` of all pieces gives ``text`` back.
    """
    if limit <= 0 or count(text) <= limit:
        return [Piece(text)]
    halves = halve(text)
    if halves is None:
        return [Piece(text)]
    (left, sep), right = halves
    pieces = split_long(left, count, limit)
    pieces[-1].sep = sep
    return pieces + split_long(right, count, limit)


def halve(text: str) -> tuple[tuple[str, str], str] | None:
    """((left, whitespace between), right) cut near the middle; None when it cannot be cut."""
    cut = best_cut(text)
    if cut is None:
        return None
    left, right = text[:cut], text[cut:]
    left_core, right_core = left.rstrip(), right.lstrip()
    if not left_core or not right_core:
        return None
    return (left_core, text[len(left_core) : len(text) - len(right_core)]), right_core


def best_cut(text: str) -> int | None:
    """A split position near the middle, preferring clause punctuation, then spaces."""
    n = len(text)
    if n < 2:
        return None
    middle = n / 2
    clause = [
        i + 1
        for i, ch in enumerate(text[:-1])
        if ch in ",;:)–—" and text[i + 1].isspace() and n * 0.25 <= i <= n * 0.75
    ]
    if clause:
        return min(clause, key=lambda i: abs(i - middle))
    spaces = [i for i, ch in enumerate(text) if ch.isspace() and 0 < i < n - 1]
    if spaces:
        return min(spaces, key=lambda i: abs(i - middle))
    return n // 2
