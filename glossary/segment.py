"""Rule-based sentence splitting for Swedish and English that needs no downloaded model.

SRX-like rules, in order: a boundary is a run of ``.``, ``!``, ``?`` or ``…`` (plus closing
quotes, brackets or inline-markup placeholders) followed by whitespace and something that
can start a sentence (an upper-case letter, a digit, an opening quote, a dash, or an
opening placeholder before one of these). It is not a boundary after a known abbreviation
(t.ex., bl.a., Dr., e.g. ...), an initial ("J. Smith"), or a bare list marker ("1. ").
Some abbreviations end a sentence only before a word that typically opens one ("Apple
Inc. The ..." but "Apple Inc. Board"; "U.S. Army" but "the U.S. It ..."). A boundary is
never inside a pair of inline-markup placeholders (``⟨1⟩…⟨/1⟩``), so each sentence keeps
its markup whole. A blank line, and a new line that starts a list item, always end a
sentence.
"""

from __future__ import annotations

import re

# Abbreviations that never end a sentence (lower-cased, without the final period).
_NEVER_FINAL = {
    "sv": {
        "t.ex",
        "bl.a",
        "s.k",
        "d.v.s",
        "dvs",
        "ca",
        "nr",
        "resp",
        "jfr",
        "kl",
        "fr.o.m",
        "t.o.m",
        "p.g.a",
        "pga",
        "f.d",
        "inkl",
        "exkl",
        "tel",
        "s",
        "sid",
        "ang",
        "enl",
        "mha",
        "m.h.a",
        "ev",
        "f",
        "fr",
        "gm",
        "h",
        "hr",
        "dir",
        "prof",
        "dr",
        "obs",
        "t",
        "tf",
        "t.f",
        "ngt",
        "ngn",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
        "u.s",
        "e.kr",
        "f.kr",
        "v",
        "kap",
        "avd",
        "tab",
        "fig",
        "uppl",
        "ff",
        "a",
        "o",
    },
    "en": {
        "e.g",
        "i.e",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "nos",
        "vs",
        "approx",
        "fig",
        "figs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "col",
        "lt",
        "sgt",
        "capt",
        "rev",
        "gov",
        "dept",
        "est",
        "vol",
        "ch",
        "pp",
        "p",
        "cf",
        "a.m",
        "p.m",
        "ca",
        "nr",
        "al",
        "mt",
    },
}
# Abbreviations that often end a sentence: a boundary when an upper-case word follows.
_MAY_BE_FINAL = {"etc", "osv", "o.s.v", "m.m", "m.fl", "usw", "ff"}
# Abbreviations that end a sentence only before a word that typically opens one.
_FINAL_BEFORE_OPENER = {
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "plc",
    "bros",
    "u.s",
    "u.k",
    "u.n",
    "st",
    "milj",
    "mdr",
    "mkr",
    "tkr",
}
# Words that typically open a sentence (lower-cased), Swedish and English.
_OPENERS = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "we",
    "they",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "in",
    "on",
    "at",
    "by",
    "but",
    "and",
    "so",
    "yet",
    "however",
    "after",
    "before",
    "his",
    "her",
    "its",
    "our",
    "their",
    "some",
    "many",
    "most",
    "all",
    "when",
    "while",
    "if",
    "as",
    "for",
    "since",
    "what",
    "who",
    "why",
    "how",
    "then",
    "now",
    "today",
    "also",
    "such",
    "no",
    "not",
    "one",
    "two",
    "det",
    "den",
    "de",
    "han",
    "hon",
    "vi",
    "jag",
    "ni",
    "man",
    "en",
    "ett",
    "på",
    "men",
    "och",
    "så",
    "sedan",
    "efter",
    "innan",
    "när",
    "om",
    "detta",
    "denna",
    "dessa",
    "där",
    "här",
    "nu",
    "då",
    "enligt",
    "under",
    "även",
    "också",
    "många",
    "flera",
    "alla",
    "vid",
    "för",
    "med",
    "samtidigt",
    "dessutom",
}

_CLOSE = r"(?:[\"'»”’)\]]|⟨/\d+⟩|⟦\d+⟧)*"
_END = re.compile(r"(?:\.{2,}|[.!?…]+)" + _CLOSE)
_STARTER = re.compile(r"(?:[\"'«»“”‘(\[–—-]|⟨\d+⟩|⟦\d+⟧)*([\w¿¡])")
_OPEN_WORD = re.compile(r"(?:[\"'«»“”‘(\[–—-]|⟨\d+⟩|⟦\d+⟧)*(\w+)")
_PAIR = re.compile(r"⟨(/?)(\d+)⟩")
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
_MARKER_ONLY = re.compile(r"^(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})$")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, lang: str = "sv") -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of ``text``, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _hard_blocks(text):
        start = block_start
        for cut in _soft_boundaries(text, block_start, block_end, lang):
            spans.append((start, cut))
            start = cut
        spans.append((start, block_end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _hard_blocks(text: str) -> list[tuple[int, int]]:
    """Pieces separated by blank lines or by new lines that open a list item."""
    blocks = []
    start = 0
    for match in re.finditer(r"\n", text):
        rest = text[match.end() :]
        line = rest.split("\n", 1)[0]
        if not line.strip() or _LIST_ITEM.match(line.lstrip()):
            blocks.append((start, match.end()))
            start = match.end()
    blocks.append((start, len(text)))
    return blocks


def _inside_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans strictly inside an open placeholder pair (``⟨n⟩`` ... ``⟨/n⟩``)."""
    spans, open_at = [], {}
    for match in _PAIR.finditer(text, start, end):
        closing, number = match.group(1), match.group(2)
        if not closing:
            open_at.setdefault(number, match.end())
        elif number in open_at:
            spans.append((open_at.pop(number), match.start()))
    return spans


def _soft_boundaries(text: str, start: int, end: int, lang: str) -> list[int]:
    cuts = []
    sentence_start = start
    inside = _inside_pairs(text, start, end) if "⟨" in text else []
    for match in _END.finditer(text, start, end):
        after = match.end()
        gap = after
        while gap < end and text[gap].isspace():
            gap += 1
        if gap == after or gap >= end:
            continue  # no whitespace after it ("3.5", "USA:s"), or end of block
        starter = _STARTER.match(text, gap)
        if not starter:
            continue
        if any(a < after < b for a, b in inside):
            continue  # the cut would break a pair of inline markup
        following = starter.group(1)
        opener = _OPEN_WORD.match(text, gap)
        next_word = opener.group(1).lower() if opener else ""
        if not _is_boundary(text, sentence_start, match, following, next_word, lang):
            continue
        cuts.append(after)
        sentence_start = after
    return cuts


def _is_boundary(
    text: str, sentence_start: int, match: re.Match, following: str, next_word: str, lang: str
) -> bool:
    punct = match.group()
    if punct[0] in "!?" or punct.startswith("..") or punct[0] == "…":
        return not following.islower()
    if following.islower():
        return False
    word_match = _WORD_BEFORE.search(text, sentence_start, match.start())
    word = word_match.group(1) if word_match else ""
    if not word:
        return True
    bare = word.lower().rstrip(".")
    if text[sentence_start : match.start()].strip() == word and _MARKER_ONLY.match(word):
        return False  # "1. Första punkten", "a. Alternativ"
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. Smith"
    if bare in _FINAL_BEFORE_OPENER:
        return next_word in _OPENERS
    never = _NEVER_FINAL.get(lang, set()) | _NEVER_FINAL["sv"] | _NEVER_FINAL["en"]
    if bare in never and bare not in _MAY_BE_FINAL:
        return False
    if "." in word.rstrip(".") and re.fullmatch(r"(?:\w\.)+\w?", word) and len(word) <= 8:
        return bare in _MAY_BE_FINAL  # unknown dotted abbreviation such as "f.v.t."
    return True
