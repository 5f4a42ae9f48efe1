"""Plain data types shared by the termbase, the matcher, enforcement, QA and the TUI.

These are the contract between modules: the termbase returns them, the matcher
consumes them, enforcement and QA read :class:`Hit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Usage statuses, as CAT tools enforce them (TBX administrativeStatus).
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
# Parts of speech (TBX partOfSpeech values plus properNoun for names).
PARTS_OF_SPEECH = ("noun", "properNoun", "verb", "adjective", "adverb", "other")
# Swedish has common (utrum) and neuter gender; TBX maps common to "other".
GENDERS = ("common", "neuter", "masculine", "feminine", "other")


@dataclass(frozen=True)
class Form:
    """One surface form of a term, with grammatical features.

    ``features`` is a sorted tuple of tags such as ("def", "sg"), ("indef", "pl", "gen"),
    ("pres",), ("past",), ("supine",), ("neut",) ... ``origin`` is "generated" or "manual".
    """

    text: str
    features: tuple[str, ...] = ()
    origin: str = "generated"


@dataclass(frozen=True)
class Grammar:
    """One grammatical reading of a term: part of speech, gender and declension hint.

    Inferred readings are stored apart from what the user gave (see
    :mod:`glossary.grammar`); a term the lexicon cannot decide has several.
    """

    pos: str
    gender: str | None = None
    declension: str | None = None


@dataclass
class Term:
    """One term of one language inside a concept entry."""

    id: int | None
    entry_id: int | None
    lang: str
    text: str
    pos: str | None = None
    gender: str | None = None
    status: str = "preferred"
    dnt: bool = False
    case_sensitive: bool = False
    declension: str | None = None  # optional hint, e.g. "2" or a plural form "kiselskivor"
    note: str | None = None
    source: str | None = None
    forms: list[Form] = field(default_factory=list)
    # Readings inferred from the lexicon for a term stored without part of speech (or, for a
    # Swedish noun, without gender): never the user's input, shown apart from it.
    inferred: tuple[Grammar, ...] = ()

    @property
    def grammar_pos(self) -> str | None:
        """The part of speech the user gave, else the first inferred one."""
        return self.pos or (self.inferred[0].pos if self.inferred else None)


@dataclass
class Entry:
    """A concept entry: terms in each language plus concept-level fields."""

    id: int | None
    glossary: str = "default"
    subject_field: str | None = None
    definition: str | None = None
    note: str | None = None
    terms: list[Term] = field(default_factory=list)
    created: str | None = None
    modified: str | None = None
    author: str | None = None

    def terms_in(self, lang: str) -> list[Term]:
        """Terms of one language, preferred first."""
        order = {s: i for i, s in enumerate(STATUSES)}
        return sorted(
            (t for t in self.terms if t.lang == lang), key=lambda t: order.get(t.status, 9)
        )

    def preferred(self, lang: str) -> Term | None:
        """The approved term in ``lang``: the first non-deprecated, non-forbidden one."""
        for t in self.terms_in(lang):
            if t.status in ("preferred", "admitted"):
                return t
        return None


@dataclass(frozen=True)
class Hit:
    """A term occurrence found in a text.

    ``kind`` is "exact", "inflected" or "compound"; ``covered`` is True when a
    longer hit spans this one. ``features`` are those of the matched form
    (e.g. ("def", "sg", "gen")), which enforcement uses to choose the English form.
    """

    start: int
    end: int
    text: str
    source: str
    target: str | None
    entry_id: int
    term_id: int
    kind: str
    status: str = "preferred"
    dnt: bool = False
    features: tuple[str, ...] = ()
    covered: bool = False
