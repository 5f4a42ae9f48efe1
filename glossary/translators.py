"""Build the sentence translator a job uses: the engine, with the termbase enforced on it.

:class:`TranslatorFactory` is a small picklable recipe, so batch worker processes can each
build their own translator; :class:`RecordingTranslator` keeps every sentence result of a
run for the ``--report`` file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.results import SentenceResult


@dataclass(frozen=True)
class TranslatorFactory:
    """How to build a translator: model, language pair, engine settings and termbase.

    ``terms`` is a termbase path, or None for no enforcement (the plain engine).
    """

    from_code: str = "sv"
    to_code: str = "en"
    model: str | None = None
    settings: Any = None  # glossary.engine.EngineSettings
    terms: Path | None = None

    def __call__(self) -> Any:
        """A loaded translator (``translate_sentences``); the termbase is read once here."""
        from glossary.engine import Engine

        engine = Engine.load(self.from_code, self.to_code, model=self.model, settings=self.settings)
        if self.terms is None:
            return engine
        from glossary.enforce import GlossaryTranslator

        return GlossaryTranslator.from_termbase(engine, self.terms)


@dataclass
class RecordingTranslator:
    """Wraps a translator and keeps every :class:`SentenceResult` it returns, in order."""

    inner: Any
    results: list[SentenceResult] = field(default_factory=list)

    @property
    def engine(self) -> Any:
        """The underlying engine (for its language codes and model name)."""
        return getattr(self.inner, "engine", self.inner)

    @property
    def from_code(self) -> str:
        return self.engine.from_code

    @property
    def to_code(self) -> str:
        return self.engine.to_code

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """Translate and record."""
        out = self.inner.translate_sentences(sentences)
        self.results.extend(out)
        return out
