"""The typed per-sentence record the stages pass along, and one term requirement."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from glossary.termtypes import Hit


@dataclass
class Requirement:
    """One term hit to enforce in one sentence."""

    hit: Hit
    form: str  # the English form to write, e.g. "the chip war's"
    article: bool
    pattern: re.Pattern[str]  # any regular inflection of the approved target
    forbidden: re.Pattern[str] | None = None
    # the approved renderings as written (and capitalised): a forbidden rendering found
    # inside one of them ("Netherland" in "the Netherlands") is not a forbidden use
    approved: re.Pattern[str] | None = None
    status: str = "failed"
    method: str = "none"
    src_start: int = 0  # offsets in the (maybe masked) source sentence
    src_end: int = 0
    placeholder: str | None = None
    inflections: re.Pattern[str] | None = None  # any form of a Swedish target, to find it


@dataclass
class SentenceRecord:
    """One sentence on its way through the stages: its requirements, the hypothesis
    chosen, and what repair and continuation need."""

    source: str
    masked: str
    requirements: list[Requirement] = field(default_factory=list)
    compounds: list[Hit] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    target: str = ""
    score: float | None = None
    prefix: list[str] | None = None
    tail_words: int = 0  # words after the last spliced term in the replace candidate
    limit: int = 0  # max decoding length of the continuation
    fallback: str = ""
    hyp: list[str] = field(default_factory=list)  # the chosen hypothesis' tokens
    attention: Any = None


class Context(Protocol):
    """What the stages read and cache (the enforcing translator)."""

    engine: Any
    matcher: Any
    forbidden: dict[int, list[str]]
    settings: Any  # glossary.enforce.settings.EnforceSettings
    renderings: dict[str, str]  # term text -> the model's own translation of it
    scrub_rules: tuple[Any, list] | None
    target_pos: Any  # entry id -> part of speech of its target term
