"""Glossary-enforced translation: every approved term comes out, in a fitting English form.

:class:`GlossaryTranslator` wraps an :class:`~glossary.engine.Engine` and a
:class:`~glossary.matcher.TermMatcher` and is itself a sentence translator. Each sentence
is a :class:`~glossary.enforce.record.SentenceRecord` passed through named stages, each
run over the whole batch:

1. ``prepare``: the term hits of every sentence become requirements (compound hits are
   reported, not enforced);
2. ``decode``: all sentences in one batched, length-capped call with an n-best list and
   attention, forbidden renderings suppressed;
3. ``choose``: the best-scoring hypothesis with the most required terms (``rerank``);
4. ``repair``: for a sentence still missing a term, the model's rendering of it is found
   (the term's own translation, else attention) and the approved form spliced in
   (``replace``);
5. ``continue``: in one more batched call, the sentence is decoded again with everything
   up to that term forced as a target prefix, so the model finishes it around the term
   (``prefix``; kept only when it still has every term);
6. ``verify``: forbidden renderings are replaced wherever they appear, and every hit gets
   a :class:`~glossary.results.TermOutcome`: ``already``, ``applied`` or ``failed``.
"""

from __future__ import annotations

from glossary.enforce.record import Requirement, SentenceRecord
from glossary.enforce.rules import forbidden_renderings, forbidden_spans
from glossary.enforce.settings import CONTINUATION_GROUP, METHODS, EnforceSettings
from glossary.enforce.translator import GlossaryTranslator

__all__ = [
    "CONTINUATION_GROUP",
    "METHODS",
    "EnforceSettings",
    "GlossaryTranslator",
    "Requirement",
    "SentenceRecord",
    "forbidden_renderings",
    "forbidden_spans",
]
