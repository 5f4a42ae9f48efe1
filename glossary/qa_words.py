"""Words that a copied target must translate, judged by general-language word lists.

A target identical to its source is legitimate when nothing in it needs translating:
placeholders, markup, numbers, names, codes, or words that both languages write the
same way (*version*, *standard*, *filter*, *session*). wordfreq's frequency lists (one
per language, in the wheel, offline) decide which is which:

- a word unknown in the source language (Zipf frequency below 2.0) is a name or a
  code ("adduser", "ustar", "pstree");
- a word is *shared* when the target language uses it too, about as often: Zipf at
  least 3.0 in the target language and at most 1.3 below its source-language
  frequency. "version" (en 5.1, sv 4.7) is shared; "group" (en 5.6, sv 4.2) and
  "the" (en 7.7, sv 5.6, from English quoted in Swedish web text) are not.

Any other word needs translating, so a copy that contains one is reported.
"""

from __future__ import annotations

from functools import lru_cache

KNOWN_ZIPF = 2.0
SHARED_ZIPF = 3.0
SHARED_GAP = 1.3


@lru_cache(maxsize=16384)
def needs_translation(word: str, src: str, tgt: str) -> bool:
    """Does ``word`` (lower case) of language ``src`` have to change in a ``tgt`` text?"""
    from wordfreq import zipf_frequency

    in_src = zipf_frequency(word, src)
    if in_src < KNOWN_ZIPF:
        return False
    in_tgt = zipf_frequency(word, tgt)
    return not (in_tgt >= SHARED_ZIPF and in_src - in_tgt <= SHARED_GAP)
