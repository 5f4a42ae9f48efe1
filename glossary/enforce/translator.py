"""The enforcing sentence translator: the stages run in order over one record per sentence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from glossary.enforce.choose import choose
from glossary.enforce.continuation import continue_
from glossary.enforce.decode import decode, suppressions
from glossary.enforce.prepare import prepare
from glossary.enforce.repair import render, repair
from glossary.enforce.rules import forbidden_renderings, pos_lookup
from glossary.enforce.settings import EnforceSettings
from glossary.enforce.verify import verify
from glossary.results import SentenceResult
from glossary.termtypes import Entry


class GlossaryTranslator:
    """A ``SentenceTranslator`` that enforces a termbase on an engine's output.

    It holds what the stages share: the engine, the matcher, the forbidden renderings,
    the settings, and caches (the model's own rendering of each term, the scrub rules).
    """

    def __init__(
        self,
        engine: Any,
        matcher: Any,
        *,
        forbidden: dict[int, list[str]] | None = None,
        settings: EnforceSettings | None = None,
        entries: Iterable[Entry] | None = None,
        termbase: Any = None,
    ) -> None:
        from glossary.swedish_forms import SwedishTerms

        self.engine = engine
        self.matcher = matcher
        self.forbidden = forbidden or {}
        self.settings = settings or EnforceSettings()
        self.renderings: dict[str, str] = {}  # term text -> the model's translation of it
        self.scrub_rules: tuple[Any, list] | None = None  # built on first use
        # Swedish targets (en -> sv): their forms, read from the entries or the termbase
        self.swedish_terms = SwedishTerms(entries, termbase)
        if entries is None and hasattr(matcher, "target_pos"):
            self.target_pos = (
                matcher.target_pos
            )  # kept by the matcher (a cached one has no entries)
        else:
            src_entries = list(entries if entries is not None else [])
            self.target_pos = pos_lookup(src_entries, getattr(matcher, "tgt", "en"))

    @classmethod
    def from_entries(
        cls, engine: Any, entries: Iterable[Entry], settings: EnforceSettings | None = None
    ) -> GlossaryTranslator:
        """Build the matcher (for the engine's language pair) and forbidden list from entries."""
        from glossary.matcher import TermMatcher

        entries = list(entries)
        src, tgt = getattr(engine, "from_code", "sv"), getattr(engine, "to_code", "en")
        return cls(
            engine,
            TermMatcher(entries, src=src, tgt=tgt),
            forbidden=forbidden_renderings(entries, tgt),
            settings=settings,
            entries=entries,
        )

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """Translate ``sentences`` in batches, enforcing the termbase; one result each.

        Stages: prepare, decode, choose, repair, continue, verify. Repeats and long
        sentences are the front door's job (glossary.translate)."""
        if not sentences:
            return []
        filled = [i for i, s in enumerate(sentences) if s.strip()]
        if len(filled) < len(sentences):  # blank sentences translate to nothing
            done = self.translate_sentences([sentences[i] for i in filled]) if filled else []
            out = [SentenceResult(source=s, target="") for s in sentences]
            for i, result in zip(filled, done, strict=True):
                out[i] = result
            return out
        settings = self.settings
        records = [prepare(self, s) for s in sentences]
        suppress = suppressions(self, records) if settings.suppress else []
        results = decode(self, records, suppress)
        broken = [r for r, result in zip(records, results, strict=True) if choose(self, r, result)]
        if broken and settings.align in ("rendering", "both"):
            render(
                self,
                {
                    req.hit.text
                    for record in broken
                    for req in record.requirements
                    if req.status == "failed" and not req.hit.dnt and req.placeholder is None
                },
            )
        for record in broken:
            repair(self, record, record.hyp, record.attention)
        continue_(self, records, suppress)
        return [verify(self, record) for record in records]
