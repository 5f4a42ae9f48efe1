"""Deterministic sentence translators for format and batch tests (real objects, no mocks).

They implement ``translate_sentences(list[str]) -> list[SentenceResult]`` like the Engine,
so they run through the same front door (``glossary.translate``) as the engine.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from glossary.results import SentenceResult, TermOutcome

_PLACEHOLDER = re.compile(r"⟨/?\d+⟩|⟦\d+⟧")


class IdentityTranslator:
    """Returns every sentence unchanged."""

    from_code, to_code = "sv", "en"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        self.calls.append(list(sentences))
        return [SentenceResult(source=s, target=self.translate(s)) for s in sentences]

    def translate(self, sentence: str) -> str:
        return sentence


class UpperTranslator(IdentityTranslator):
    """Upper-cases the text (placeholders are unaffected), so moved text is easy to see."""

    def translate(self, sentence: str) -> str:
        return sentence.upper()


class DropPlaceholdersTranslator(IdentityTranslator):
    """Loses every inline placeholder, as a careless model would."""

    def translate(self, sentence: str) -> str:
        return " ".join(_PLACEHOLDER.sub(" ", sentence).split())


class TermCountingTranslator(UpperTranslator):
    """Reports one applied term per sentence that mentions 'kisel' and one failed for 'chip'."""

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        out = super().translate_sentences(sentences)
        for r in out:
            if "kisel" in r.source.lower():
                r.terms.append(TermOutcome("kiselskivor", "wafers", "applied", "replace"))
            if "chip" in r.source.lower():
                r.terms.append(TermOutcome("chip", "chip", "failed", "model"))
        return out


class SlowLoggingTranslator(UpperTranslator):
    """Sleeps per sentence and appends every sentence it translates to a log file.

    Used by the crash-and-resume test: the log shows what a run really translated.
    """

    def __init__(self, log: str | None = None, delay: float | None = None) -> None:
        super().__init__()
        self.log = Path(log or os.environ["ORDBRO_TEST_LOG"])
        self.delay = float(os.environ.get("ORDBRO_TEST_DELAY", "0.02")) if delay is None else delay

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        with open(self.log, "a", encoding="utf-8") as fh:
            for s in sentences:
                fh.write(s.replace("\n", " ") + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        time.sleep(self.delay * len(sentences))
        return super().translate_sentences(sentences)
