"""Which subject fields of the termbase apply to a file (the scope of ``term-missing``).

A termbase entry about investment (*koncern* <-> "group") must not demand *koncern*
for every user group in a software catalogue. Each entry may name a subject field;
the fields that apply to a file are decided in this order:

1. chosen by the user (``--subject FIELD``, repeatable; ``--subject all`` applies every
   entry, the behaviour before scoping);
2. declared by the file (XLIFF 1.2 ``<file category="...">``);
3. otherwise inferred from the source text: a field applies when the file's source
   segments contain at least ``max(1, min(sqrt(N) / 2, S / 4))`` distinct entries of
   that field (N = number of segments, S = number of entries in the field: a field of
   four entries needs one), counting only entries whose term is *specific*: several
   words, a name, or a word that is rare in general language (Zipf frequency below
   4.0 in wordfreq's list for the source language). A handful of everyday words
   ("group", "return", "label") is no evidence that a file is about investment; a
   text about chips names several chip terms.

Entries without a subject field apply everywhere. Scope only affects ``term-missing``:
forbidden renderings, do-not-translate names and numbers are checked in every file.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

ALL = "all"
GENERAL_WORD_ZIPF = 4.0


@lru_cache(maxsize=8192)
def _is_general_word(word: str, lang: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) >= GENERAL_WORD_ZIPF


def is_specific(term: str, lang: str, proper: bool = False) -> bool:
    """Is ``term`` evidence of its subject field (a phrase, a name or a rare word)?"""
    words = term.split()
    if proper or len(words) > 1 or "-" in term:
        return True
    return not _is_general_word(term.lower(), lang)


def infer_subjects(
    evidence: Iterable[tuple[int, str, str, bool]],
    segments: int,
    lang: str,
    sizes: Mapping[str, int],
) -> set[str]:
    """The subject fields that apply to a file of ``segments`` segments.

    ``evidence`` holds one (entry id, subject field, term text, is a name) per term
    found in the source; ``sizes`` the number of termbase entries of each field.
    """
    entries: dict[str, set[int]] = defaultdict(set)
    for entry_id, subject, text, proper in evidence:
        if subject and is_specific(text, lang, proper):
            entries[subject].add(entry_id)
    by_length = math.sqrt(max(segments, 1)) / 2
    return {
        subject
        for subject, ids in entries.items()
        if len(ids) >= max(1.0, min(by_length, sizes.get(subject, 1) / 4))
    }
