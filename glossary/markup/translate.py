"""Translate marked-up segments: plain text to the translator, markup projected back.

:func:`translate_marked` is the one call a front end makes for segments that may carry
inline markup: it strips each segment, sends the plain texts through the sentence
pipeline in one call, aligns each translated sentence with its source (identical words
and the engine's attention) and projects the elements onto the target.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from glossary.markup.align import Aligner, Links
from glossary.markup.elements import Stripped, strip, words
from glossary.markup.project import project
from glossary.results import DocumentResult


@dataclass
class MarkedResult(DocumentResult):
    """A translated segment with its markup put back; ``markup`` says how it was placed
    ("aligned", "fallback"), None when the segment has no inline elements."""

    markup: str | None = None


def engine_of(translator: Any) -> Any:
    """The engine under a translator (recording, enforcing), or None when there is none."""
    seen = 0
    while translator is not None and seen < 8:
        if hasattr(translator, "translate_tokens") and hasattr(translator, "tokenize"):
            return translator
        translator = getattr(translator, "engine", None) or getattr(translator, "inner", None)
        seen += 1
    return None


def translate_marked(texts: list[str], translator: Any, lang: str = "sv") -> list[MarkedResult]:
    """One :class:`MarkedResult` per text, in order (one translator call for all)."""
    from glossary.translate.documents import translate_texts

    stripped = [strip(t) for t in texts]
    docs = translate_texts([s.plain for s in stripped], translator, lang=lang)
    marked = [i for i, s in enumerate(stripped) if s.roots]
    links = _segment_links([stripped[i] for i in marked], [docs[i] for i in marked], translator)
    out = [_marked(text, doc) for text, doc in zip(texts, docs, strict=True)]
    for i, seg_links in zip(marked, links, strict=True):
        projection = project(stripped[i], docs[i].target, seg_links)
        out[i].target = projection.text
        out[i].markup = projection.status
    return out


def _marked(text: str, doc: DocumentResult) -> MarkedResult:
    """``doc`` as a :class:`MarkedResult` for the marked-up ``text``."""
    values = {f.name: getattr(doc, f.name) for f in fields(DocumentResult)}
    values["source"] = text
    return MarkedResult(**values)


def _segment_links(
    stripped: list[Stripped], docs: list[DocumentResult], translator: Any
) -> list[Links]:
    """Word links per segment, from the alignment of each of its sentences."""
    pairs: list[tuple[str, str]] = []
    where: list[tuple[int, int, int]] = []  # (segment, source offset, target offset)
    for n, (seg, doc) in enumerate(zip(stripped, docs, strict=True)):
        cursor = 0
        for sentence in doc.sentences:
            found = doc.target.find(sentence.target, cursor) if sentence.target else -1
            if found < 0 or seg.plain[sentence.start : sentence.end] != sentence.source:
                continue
            pairs.append((sentence.source, sentence.target))
            where.append((n, sentence.start, found))
            cursor = found + len(sentence.target)
    alignments = Aligner(engine_of(translator)).align(pairs) if pairs else []
    src_index = [{a: k for k, (a, _) in enumerate(words(s.plain))} for s in stripped]
    tgt_index = [{a: k for k, (a, _) in enumerate(words(d.target))} for d in docs]
    out: list[Links] = [[] for _ in stripped]
    for (n, s_off, t_off), (src, tgt), sentence_links in zip(where, pairs, alignments, strict=True):
        s_words, t_words = words(src), words(tgt)
        for a, b in sentence_links:
            i = src_index[n].get(s_off + s_words[a][0])
            j = tgt_index[n].get(t_off + t_words[b][0])
            if i is not None and j is not None:
                out[n].append((i, j))
    return out
