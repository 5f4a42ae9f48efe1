"""Proposed targets for candidate terms: aligned segments first, then the model.

From aligned segments (a bilingual file or the translation memory) the target is the
phrase of one to four target words that co-occurs best with the term: Dice over the
segments that hold the term and those that hold the phrase, plus small preferences
for a phrase at the same relative position in its sentence, a cognate (elektrolys /
electrolysis), the expected length, and rarer (more specific) words. Phrases already
taken by a more certain term are passed over (competitive linking). Without aligned
segments the model translates the term's base form, and names and abbreviations are
proposed as do-not-translate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from glossary.extraction.candidates import Candidate

_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
_BREAK = re.compile(r"[,.;:!?()\"“”]")
MAX_NGRAM = 4


def propose_from_pairs(
    candidates: list[Candidate],
    pairs: Sequence[tuple[str, str]],
    source_name: str,
    target_lang: str = "en",
) -> int:
    """Set targets from aligned ``pairs`` where a candidate occurs; returns how many were set."""
    from glossary.extraction.lexicon import Lexicon

    lex = Lexicon(target_lang)
    grams_of: list[dict[str, float]] = []  # per pair: n-gram -> relative position
    index: dict[str, set[int]] = defaultdict(set)
    for i, (_, target) in enumerate(pairs):
        grams = _ngrams(target, lex)
        grams_of.append(grams)
        for gram in grams:
            index[gram].add(i)
    lowered_sources = [src.lower() for src, _ in pairs]
    scored: list[tuple[float, Candidate, list[tuple[float, str]]]] = []
    for cand in candidates:
        where = _segments_with(cand, lowered_sources)
        if not where:
            continue
        options = _rank(cand, where, grams_of, index, lex, lowered_sources)
        if options:
            scored.append((options[0][0], cand, options))
    taken: set[str] = set()
    count = 0
    for _, cand, options in sorted(scored, key=lambda x: -x[0]):
        for _, gram in options:
            if gram in taken and not cand.dnt:
                continue
            taken.add(gram)
            cand.target = _base_target(gram, lex, cand)
            cand.target_source = source_name
            count += 1
            break
    return count


def _segments_with(cand: Candidate, sources: list[str]) -> dict[int, float]:
    """Pair index -> relative position of the term in that source, for pairs holding it."""
    forms = sorted({f.lower() for f in cand.forms} | {cand.term.lower()}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
    out = {}
    for i, src in enumerate(sources):
        m = pattern.search(src)
        if m:
            out[i] = (m.start() + m.end()) / 2 / max(1, len(src))
    return out


def _ngrams(text: str, lex) -> dict[str, float]:
    out: dict[str, float] = {}
    pieces = _BREAK.split(text)
    offset = 0
    length = max(1, len(text))
    for piece in pieces:
        words = [(m.group(), m.start() + offset) for m in _WORD.finditer(piece)]
        first = words[0][0] if words else ""
        if offset == 0 and _capitalised_only(first) and lex.in_dictionary(first.lower()):
            words[0] = (words[0][0][0].lower() + words[0][0][1:], words[0][1])  # Cloud -> cloud
        offset += len(piece) + 1
        for i in range(len(words)):
            for n in range(1, MAX_NGRAM + 1):
                chunk = words[i : i + n]
                if len(chunk) < n:
                    break
                first, last = chunk[0][0], chunk[-1][0]
                if _stop(first, lex) or _stop(last, lex) or first.isdigit():
                    continue
                gram = _singular(" ".join(w for w, _ in chunk), lex)
                pos = (chunk[0][1] + chunk[-1][1] + len(chunk[-1][0])) / 2 / length
                out.setdefault(gram, pos)
    return out


def _capitalised_only(word: str) -> bool:
    return word[:1].isupper() and word[1:] == word[1:].lower()


def _stop(word: str, lex) -> bool:
    """A stop word written in lowercase (IT is an abbreviation, not "it")."""
    return (word.islower() or _capitalised_only(word)) and word.lower() in lex.stop_words


def _rank(cand, where, grams_of, index, lex, sources) -> list[tuple[float, str]]:
    from rapidfuzz.fuzz import ratio

    seen: dict[str, float] = {}
    n_term = len(where)
    expected = {"adjective+noun": 2.5, "noun+noun": 2.5, "compound": 2.0}.get(cand.kind, 1.5)
    for i, src_pos in where.items():
        for gram, pos in grams_of[i].items():
            both = len(index[gram] & where.keys())
            dice = 2 * both / (n_term + len(index[gram]))
            words = gram.split(" ")
            near = 1 - min(1.0, abs(pos - src_pos) * 2)
            cognate = ratio(cand.term.lower(), gram.lower()) / 100
            rarest = min(lex.zipf([w.lower()]) for w in words)
            score = (
                dice
                + 0.35 * near
                + 0.5 * max(0.0, cognate - 0.5)
                - 0.12 * abs(len(words) - expected)
                + 0.04 * (7 - rarest)
            )
            if cand.dnt and gram.lower() == cand.term.lower():
                score += 1.0
            seen[gram] = max(seen.get(gram, -9.0), score)
    if n_term >= 2:  # of phrases always seen together (level agreement), keep the longest
        grams = list(seen)
        for short in grams:
            if any(
                short != long and f" {short} " in f" {long} " and index[short] == index[long]
                for long in grams
            ):
                del seen[short]
    return sorted(((s, g) for g, s in seen.items()), key=lambda x: (-x[0], x[1]))


def _base_target(gram: str, lex, cand: Candidate) -> str:
    """The phrase as proposed; a name found as itself keeps the source's spelling."""
    return cand.term if gram.lower() == cand.term.lower() else gram


def _singular(gram: str, lex) -> str:
    """The phrase with a plural last word in base form (wind turbines -> wind turbine)."""
    words = gram.split(" ")
    last = words[-1]
    if last.islower():
        lemma = lex.analyse(last.lower()).lemma
        if lemma and last.endswith("s") and lemma != last and last.startswith(lemma[:-1]):
            words[-1] = lemma
    return " ".join(words)


def memory_pairs(memory, candidates: Iterable[Candidate], src: str, tgt: str) -> list:
    """Translation-memory segments (source, target) that hold a form of some candidate."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for cand in candidates:
        for form in {f.lower() for f in cand.forms} | {cand.term.lower()}:
            automaton.add_word(form, form)
    if not len(automaton):
        return []
    automaton.make_automaton()
    out = []
    for row in memory.iter_segments(src_lang=src, tgt_lang=tgt):
        source = row["source"]
        if next(automaton.iter(source.lower()), None) is not None:
            out.append((source, row["target"]))
    return out


def propose_from_model(candidates: list[Candidate], translator, target_lang: str = "en") -> int:
    """Targets from the model for candidates still without one; returns how many were set.

    With an engine the model translates each term's first sentence, and the target words
    whose attention points at the term are the proposal (the term translated in its
    context); otherwise, or when no word points there, the base form is translated alone.
    """
    todo = [c for c in candidates if c.target is None and not c.dnt]
    if not todo:
        return 0
    engine = getattr(translator, "engine", translator)
    if hasattr(engine, "translate_tokens") and hasattr(engine, "tokenize"):
        from glossary.extraction.lexicon import Lexicon

        lex = Lexicon(target_lang)
        spans = _in_context(engine, [c.context for c in todo])
        for cand, span in zip(todo, spans, strict=True):
            if span:
                cand.target, cand.target_source = _singular(span, lex), "model"
    alone = [c for c in todo if c.target is None]
    if alone:
        results = translator.translate_sentences([c.term for c in alone])
        for cand, result in zip(alone, results, strict=True):
            text = getattr(result, "target", None) or str(result)
            text = text.strip().rstrip(".")
            if text:
                cand.target, cand.target_source = text, "model"
    return sum(1 for c in todo if c.target)


_ARTICLES = {"the", "a", "an"}


def _in_context(engine, contexts: list[tuple[str, int, int] | None]) -> list[str | None]:
    """For each (sentence, start, end): the target words aligned to that source span."""
    batch, wanted, keep = [], [], []
    for i, context in enumerate(contexts):
        if context is None:
            continue
        sentence, start, end = context
        tokens = engine.tokenize(sentence)
        lead = len(sentence) - len(sentence.lstrip())
        pos, inside = lead, []
        for k, token in enumerate(tokens):
            piece = token.replace("▁", " ")
            if k == 0 and piece.startswith(" "):
                piece = piece[1:]
            a, b = pos, pos + len(piece)
            if a < end and b > start and piece.strip():
                inside.append(k)
            pos = b
        if inside and len(tokens) <= 200:
            batch.append(tokens)
            wanted.append(set(inside))
            keep.append(i)
    out: list[str | None] = [None] * len(contexts)
    if not batch:
        return out
    translate = getattr(engine, "translate_capped", engine.translate_tokens)
    results = translate(batch, return_attention=True, beam_size=1)
    for i, result, source_ids in zip(keep, results, wanted, strict=True):
        hyp = list(result.hypotheses[0])
        attention = result.attention[0] if result.attention else []
        skip = 1 if engine.target_prefix and hyp and hyp[0] == engine.target_prefix else 0
        aligned = [
            j
            for j, row in enumerate(attention)
            if j >= skip
            and j < len(hyp)
            and row
            and max(range(len(row)), key=row.__getitem__) in source_ids
        ]
        if not aligned:
            continue
        first, last = min(aligned), max(aligned)
        while first > skip and not hyp[first].startswith("▁"):
            first -= 1
        while last + 1 < len(hyp) and not hyp[last + 1].startswith("▁"):
            last += 1
        words = engine.detokenize(hyp[first : last + 1]).strip(" .,;:!?\"'()").split()
        while words and words[0].lower() in _ARTICLES:
            words = words[1:]
        if words and len(words) <= 5:
            out[i] = " ".join(words)
    return out


def propose_dnt(candidates: list[Candidate]) -> None:
    """Names and abbreviations without a target keep their own text."""
    for cand in candidates:
        if cand.target is None and cand.dnt:
            cand.target, cand.target_source = cand.term, "do-not-translate"
