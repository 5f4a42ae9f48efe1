"""Word alignment between a source sentence and its translation.

Two sources of links, in order of trust:

1. *identical words* (names, numbers, codes, punctuation, anything the model copied),
   found as the longest common subsequence of the two word lists;
2. the model's *attention*: the translation is forced through the decoder as a target
   prefix with ``return_attention=True`` and each remaining target word is linked to the
   source word it attends to most. This works for any translation (the model's own,
   an enforced one, one from memory), costs one decoder pass, and needs only the public
   ``tokenize`` and ``translate_tokens`` of :class:`glossary.engine.Engine`.

Words are the units of :func:`glossary.markup.elements.words`; an alignment is a list
of (source word, target word) links.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from glossary.markup.elements import words

Links = list[tuple[int, int]]


def lexical_links(src: Sequence[str], tgt: Sequence[str]) -> Links:
    """Links between identical words (case-insensitive from two letters on), in order."""

    def norm(w: str) -> str:
        return w.lower() if len(w) > 1 else w

    matcher = SequenceMatcher(None, [norm(w) for w in src], [norm(w) for w in tgt], False)
    links: Links = []
    for a, b, size in matcher.get_matching_blocks():
        links.extend((a + k, b + k) for k in range(size))
    return links


def token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character span of each model token in ``text`` (None for a bare word marker).

    SentencePiece ("▁") and BPE ("@@") pieces are found in order in the text; a piece the
    tokenizer normalised beyond recognition gets the position where the search stood.
    """
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for token in tokens:
        piece = token.replace("▁", " ").removesuffix("@@").strip()
        if not piece:
            spans.append(None)
            continue
        found = text.find(piece, cursor)
        if found < 0 or found - cursor > 8:
            spans.append((cursor, min(len(text), cursor + len(piece))))
            continue
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    return spans


def _owners(word_spans: list[tuple[int, int]], spans: list[tuple[int, int] | None]) -> list[int]:
    """For each model token, the index of the word it overlaps most (-1 if none)."""
    out = []
    for span in spans:
        best, overlap = -1, 0
        if span is not None:
            for i, (a, b) in enumerate(word_spans):
                o = min(b, span[1]) - max(a, span[0])
                if o > overlap:
                    best, overlap = i, o
                if a >= span[1]:
                    break
        out.append(best)
    return out


def attention_links(
    attention: Sequence[Sequence[float]],
    src_owner: list[int],
    tgt_owner: list[int],
    n_src: int,
    n_tgt: int,
) -> Links:
    """For each target word, a link to the source word with most attention."""
    totals = [[0.0] * n_src for _ in range(n_tgt)]
    for t, row in enumerate(attention[: len(tgt_owner)]):
        j = tgt_owner[t]
        if j < 0:
            continue
        for s, weight in enumerate(row[: len(src_owner)]):
            i = src_owner[s]
            if i >= 0:
                totals[j][i] += weight
    links: Links = []
    for j, row in enumerate(totals):
        if any(row):
            links.append((max(range(n_src), key=row.__getitem__), j))
    return links


def combine(lexical: Links, attention: Links) -> Links:
    """Lexical links, plus attention links for target words that have none."""
    covered = {j for _, j in lexical}
    return sorted(lexical + [(i, j) for i, j in attention if j not in covered])


class Aligner:
    """Aligns sentence pairs; with an engine, attention adds links beyond identical words."""

    def __init__(self, engine: Any = None) -> None:
        self.engine = engine

    def align(self, pairs: Sequence[tuple[str, str]]) -> list[Links]:
        """One alignment (word links) per (source, target) sentence pair."""
        src_words = [[s[a:b] for a, b in words(s)] for s, _ in pairs]
        tgt_words = [[t[a:b] for a, b in words(t)] for _, t in pairs]
        lexical = [lexical_links(s, t) for s, t in zip(src_words, tgt_words, strict=True)]
        attention = self._attention(pairs) if self.engine is not None else [[]] * len(pairs)
        return [combine(lex, att) for lex, att in zip(lexical, attention, strict=True)]

    def _attention(self, pairs: Sequence[tuple[str, str]]) -> list[Links]:
        engine = self.engine
        out: list[Links] = [[] for _ in pairs]
        jobs = []
        for n, (src, tgt) in enumerate(pairs):
            if not src.strip() or not tgt.strip():
                continue
            s_tok, t_tok = engine.tokenize(src), engine.tokenize(tgt)
            if s_tok and t_tok:
                jobs.append((n, s_tok, t_tok))
        if not jobs:
            return out
        prefix = getattr(engine, "target_prefix", None)
        longest = max(len(t) for _, _, t in jobs) + (2 if prefix else 1)
        results = engine.translate_tokens(
            [s for _, s, _ in jobs],
            target_prefix=[t for _, _, t in jobs],
            return_attention=True,
            beam_size=1,
            num_hypotheses=1,
            max_decoding_length=longest,
        )
        for (n, s_tok, t_tok), result in zip(jobs, results, strict=True):
            attention = result.attention[0] if result.attention else []
            hypothesis = result.hypotheses[0] if result.hypotheses else []
            if prefix and hypothesis[:1] == [prefix]:
                attention = attention[1:]
            src, tgt = pairs[n]
            s_words, t_words = words(src), words(tgt)
            out[n] = attention_links(
                attention,
                _owners(s_words, token_spans(src, s_tok)),
                _owners(t_words, token_spans(tgt, t_tok)),
                len(s_words),
                len(t_words),
            )
        return out
