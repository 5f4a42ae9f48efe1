"""The markup guarantee: a target segment carries exactly its source's inline elements.

Checked before a file is written. A target that lost, doubled or invented an element
(a translation memory entry from an older file, a hand edit) is rebuilt: its own
elements are taken out and the source's are projected onto its words by identical-word
alignment, falling back to proportional positions.
"""

from __future__ import annotations

from collections.abc import Sequence

from glossary.markup.align import lexical_links
from glossary.markup.elements import inventory, nesting_valid, strip, words
from glossary.markup.project import project


def intact(source: str, target: str) -> bool:
    """Does ``target`` hold the same multiset of inline elements as ``source``, validly
    nested?"""
    return inventory(source) == inventory(target) and nesting_valid(target)


def restore(source: str, target: str) -> str:
    """``target`` with exactly the inline elements of ``source`` (see the module docstring)."""
    src = strip(source)
    plain = strip(target).plain
    src_words = [src.plain[a:b] for a, b in words(src.plain)]
    tgt_words = [plain[a:b] for a, b in words(plain)]
    return project(src, plain, lexical_links(src_words, tgt_words)).text


def guard(sources: Sequence[str], targets: Sequence[str | None]) -> tuple[list[str | None], int]:
    """(targets, how many were restored): each target that is not :func:`intact` is
    rebuilt with :func:`restore`; None (keep the original) stays None."""
    out: list[str | None] = []
    restored = 0
    for source, target in zip(sources, targets, strict=True):
        if target is not None and not intact(source, target):
            target = restore(source, target)
            restored += 1
        out.append(target)
    return out, restored
