"""The markup guarantee: a target segment carries exactly its source's inline elements.

Checked before a file is written. A target that lost, doubled or invented an element
(a translation memory entry from an older file, a hand edit) is rebuilt: its own
elements are taken out and the source's are projected onto its words by identical-word
alignment, falling back to proportional positions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from glossary.markup.align import lexical_links
from glossary.markup.elements import inline_pattern, inventory, nesting_valid, strip, words
from glossary.markup.project import project

_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


def intact(source: str, target: str) -> bool:
    """Does ``target`` hold the same multiset of inline elements as ``source``, validly
    nested?"""
    return inventory(source) == inventory(target) and nesting_valid(target)


def restore(source: str, target: str) -> str:
    """``target`` with exactly the inline elements of ``source`` (see the module docstring)."""
    src = strip(source)
    plain = _SPACES.sub(" ", inline_pattern(target).sub("", target))
    src_words = [src.plain[a:b] for a, b in words(src.plain)]
    tgt_words = [plain[a:b] for a, b in words(plain)]
    return project(src, plain, lexical_links(src_words, tgt_words)).text


def guard(
    sources: Sequence[str], targets: Sequence[str | None]
) -> tuple[list[str | None], list[int]]:
    """(targets, indexes restored): each target that is not :func:`intact` is rebuilt
    with :func:`restore`; None (keep the original) stays None."""
    out: list[str | None] = []
    restored: list[int] = []
    for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
        if target is not None and not intact(source, target):
            target = restore(source, target)
            restored.append(index)
        out.append(target)
    return out, restored


def guard_segments(
    segments: Sequence[Any], targets: Sequence[str | None]
) -> tuple[list[str | None], list[int]]:
    """:func:`guard` for a document's segments: a target equal to the segment's source or
    existing translation means "keep it" and is left alone."""
    new = [
        None if t is None or t in (s.source, s.target) else t
        for s, t in zip(segments, targets, strict=True)
    ]
    checked, restored = guard([s.source for s in segments], new)
    return [
        c if n is not None else t for t, n, c in zip(targets, new, checked, strict=True)
    ], restored
