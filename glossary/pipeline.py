"""Document translation: layout and sentence splitting around any sentence translator.

All sentences of all texts go to the translator in one call, so the engine can batch a
whole job; each text is then rebuilt with its exact layout.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from glossary.layout import Chunk, rebuild, split_layout
from glossary.results import DocumentResult, SentenceResult
from glossary.segment import split_sentences


class SentenceTranslator(Protocol):
    """Anything that translates a list of sentences in order (the engine, enforcement, TM)."""

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
