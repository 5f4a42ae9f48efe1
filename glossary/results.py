"""Result types of translation, shared by the engine, enforcement, batch, QA and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TermOutcome:
    """What happened to one term hit in one sentence.

    ``status``: "already" (the model produced the approved target unaided), "applied"
    (enforcement put it there) or "failed" (it is not in the output).
    ``method``: how it got there, e.g. "model", "rerank", "prefix", "placeholder", "replace".
    """

    source: str
    target: str
    status: str
    method: str
    entry_id: int | None = None


@dataclass
class SentenceResult:
    """One translated sentence. Offsets are character offsets into the source document."""

    source: str
    target: str
    score: float | None = None  # the model's log-probability of the output (see confidence.py)
    start: int = 0
    end: int = 0
    origin: str = "machine"  # machine | memory | human
    terms: list[TermOutcome] = field(default_factory=list)
    capped: bool = False  # the output ran into the repetition cap
    fallback: bool = False  # the output hit the decoding limit; retranslated in pieces


@dataclass
class DocumentResult:
    """A translated text: the rebuilt target and its sentences in source order.

    ``origin`` is "memory" when the whole text was reused from the translation memory.
    """

    source: str
    target: str
    sentences: list[SentenceResult] = field(default_factory=list)
    origin: str = "machine"
