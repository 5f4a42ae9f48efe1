"""Texts to sentences and back: layout and sentence splitting around a sentence translator.

All sentences of all texts go to the translator in one call, so the engine can batch a
whole job; each text is then rebuilt with its exact layout. Used by the front door
(:class:`glossary.translate.Translator`), never directly by a front end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Protocol

from glossary.layout import Chunk, rebuild, split_layout
from glossary.results import DocumentResult, SentenceResult
from glossary.segment import split_sentences


class SentenceTranslator(Protocol):
    """Anything that translates a list of sentences in order (the engine, enforcement)."""

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]: ...


def translate_texts(
    texts: list[str], translator: SentenceTranslator, lang: str = "sv"
) -> list[DocumentResult]:
    """Translate ``texts`` with one ``translate_sentences`` call; layouts are kept exactly.

    Each result's sentences carry ``start``/``end`` offsets into its source text. A sentence
    that was hard-wrapped over several lines is given to the translator with its line
    breaks replaced by single spaces.
    """
    plans: list[list[tuple[Chunk, list[tuple[int, int]]]]] = []
    sentences: list[str] = []
    for text in texts:
        plan = []
        for chunk in split_layout(text):
            spans = split_sentences(chunk.text, lang)
            sentences.extend(chunk.text[a:b] for a, b in spans)
            plan.append((chunk, spans))
        plans.append(plan)

    results = translator.translate_sentences(sentences) if sentences else []
    if len(results) != len(sentences):
        raise RuntimeError(
            f"translator returned {len(results)} results for {len(sentences)} sentences"
        )

    documents: list[DocumentResult] = []
    cursor = 0
    for text, plan in zip(texts, plans, strict=True):
        targets: list[str] = []
        placed: list[SentenceResult] = []
        for chunk, spans in plan:
            parts: list[str] = []
            for number, (a, b) in enumerate(spans):
                result = results[cursor]
                cursor += 1
                if number:
                    parts.append(chunk.text[spans[number - 1][1] : a])
                parts.append(result.target)
                placed.append(
                    replace(
                        result,
                        source=chunk.text[a:b],
                        start=chunk.source_offset(a),
                        end=chunk.source_offset(b),
                    )
                )
            targets.append("".join(parts))
        chunks = [chunk for chunk, _ in plan]
        documents.append(DocumentResult(text, rebuild(text, chunks, targets), placed))
    return documents


_PLACEHOLDER = re.compile(r"⟨/?\d+⟩|⟦\d+⟧")
_LETTER = re.compile(r"[^\W\d_]")


def words(text: str) -> int:
    """How many words ``text`` has (inline placeholders not counted)."""
    return len(_PLACEHOLDER.sub(" ", text).split())


def translatable(text: str) -> bool:
    """Whether ``text`` has letters outside inline placeholders (else it is kept as is)."""
    return bool(_LETTER.search(_PLACEHOLDER.sub("", text)))


def translate_plain(
    texts: list[str], translator: Any, files: list[str | None] | None = None
) -> list[DocumentResult]:
    """Plain texts through ``translator.translate_segments`` (so through the memory), one
    segment per layout chunk as in a .txt batch; layouts kept exactly. A chunk reused from
    the memory is one sentence with ``origin`` "memory"; offsets point into each text."""
    from glossary.formats.text import rebuild_text, segments_of

    plans, sources, owners = [], [], []
    for number, text in enumerate(texts):
        _, chunks = segments_of(text)
        todo = [i for i, c in enumerate(chunks) if translatable(c.text)]
        plans.append((chunks, todo))
        sources.extend(chunks[i].text for i in todo)
        owners.extend([files[number] if files else None] * len(todo))
    results = translator.translate_segments(sources, owners) if sources else []
    documents, cursor = [], 0
    for text, (chunks, todo) in zip(texts, plans, strict=True):
        targets: list[str | None] = [None] * len(chunks)
        placed: list[SentenceResult] = []
        for i in todo:
            chunk, result = chunks[i], results[cursor]
            cursor += 1
            targets[i] = result.target
            sentences = result.sentences or [
                SentenceResult(chunk.text, result.target, end=len(chunk.text), origin="memory")
            ]
            for s in sentences:
                start, end = chunk.source_offset(s.start), chunk.source_offset(s.end)
                placed.append(replace(s, start=start, end=end))
        documents.append(DocumentResult(text, rebuild_text(text, chunks, targets), placed))
    return documents
