"""Stage 4, repair: the approved form spliced in where the model's rendering of the term
is (its own translation of the term, a placeholder, or attention)."""

from __future__ import annotations

from typing import Any

from glossary.enforce.align import (
    attention_span,
    insertion_point,
    rendering_span,
    source_span,
    word_groups,
)
from glossary.enforce.record import Context, Requirement, SentenceRecord
from glossary.enforce.rules import placeholder_span, preposed_article, unmask
from glossary.enforce.text import splice


def render(tr: Context, texts: set[str]) -> None:
    """The model's own translation of each term text alone (cached; short greedy decode)."""
    todo = sorted(t for t in texts if t not in tr.renderings)
    if not todo:
        return
    batch = [tr.engine.tokenize(t) for t in todo]
    results = tr.engine.translate_tokens(
        batch,
        beam_size=1,
        num_hypotheses=1,
        max_decoding_length=max(3 * len(b) + 4 for b in batch),
    )
    for text, result in zip(todo, results, strict=True):
        tr.renderings[text] = tr.engine.detokenize(result.hypotheses[0])


def repair(tr: Context, record: SentenceRecord, tokens: list[str], attention: Any) -> None:
    engine, settings = tr.engine, tr.settings
    groups = word_groups(tokens)
    words = [engine.detokenize(tokens[a:b]) for a, b in groups]
    if " ".join(words).split() != record.target.split():
        groups, words = [], record.target.split()  # detokenizer does more than join words
    placed: list[tuple[int, int, Requirement]] = []
    exact = True
    taken: set[int] = set()
    for req in record.requirements:
        if req.status != "failed":
            continue
        span, how = locate(tr, record, req, words, groups, attention, taken)
        if span is None:
            continue
        a, b = span
        if how == "placeholder":  # the placeholder's brackets go with it, not around the term
            words[a] = unmask(words[a], req.placeholder)
        if taken & set(range(a, b)):  # overlaps another term's span: insert after it
            a = b = max(taken) + 1
        if a == b and a in taken:
            a = b = max(taken) + 1
        taken.update(range(a, max(b, a + 1)))
        placed.append((a, b, req))
        exact = exact and how != "replace"  # found by its own rendering or placeholder
        req.method = how.removesuffix(":exact")
    if not placed:
        return
    last_end = -1
    order = {id(req): i for i, (_, _, req) in enumerate(placed)}
    # right to left; at one insertion point the later source term goes in first
    for a, b, req in sorted(placed, key=lambda p: (p[0], order[id(p[2])]), reverse=True):
        before = len(words)
        lookback = 3 if preposed_article(record.masked, req.src_start) else 1
        plural = "pl" in req.hit.features
        words, end = splice(words, a, b, req.form, req.article, lookback, plural)
        if last_end < 0:
            last_end = end
        else:
            last_end += len(words) - before
        req.status = "applied"
    record.target = record.fallback = " ".join(words)
    wanted = {
        "all": True,
        "insertions": any(a == b for a, b, _ in placed),
        "uncertain": not exact,  # placed by attention or a guess, not by a known rendering
    }[settings.prefix_for]
    if settings.repair == "prefix" and groups and wanted and last_end < len(words):
        prefix_text = " ".join(words[:last_end])
        record.prefix = engine.tokenize(prefix_text)  # the engine adds the package's own prefix
        tail = words[last_end:]
        record.tail_words = len(tail)
        record.limit = len(record.prefix) + int(1.5 * len(engine.tokenize(" ".join(tail)))) + 8
        ceiling = getattr(getattr(engine, "settings", None), "max_decoding_length", 0)
        record.limit = min(record.limit, ceiling) if ceiling else record.limit


def locate(
    tr: Context,
    record: SentenceRecord,
    req: Requirement,
    words: list[str],
    groups: list[tuple[int, int]],
    attention: Any,
    taken: set[int] | None = None,
) -> tuple[tuple[int, int] | None, str]:
    settings = tr.settings
    # a term found twice in the source: its second rendering is searched past the first
    free = [("\0" if taken and i in taken else w) for i, w in enumerate(words)]
    if req.placeholder is not None:
        span = placeholder_span(words, req.placeholder)
        if span is not None:
            return span, "placeholder"
    if req.inflections is not None:  # the model wrote the Swedish term in another form
        from glossary.swedish_forms import pattern_span

        span = pattern_span(free, req.inflections)
        if span is not None:
            return span, "replace:exact"
    rendering = tr.renderings.get(req.hit.text)
    if settings.align in ("rendering", "both") and rendering:
        span = rendering_span(free, rendering)
        if span is not None:
            return span, "replace:exact"
    src = source_span(tr.engine.tokenize, record.masked, req.src_start, req.src_end)
    if groups and attention and settings.align in ("attention", "both"):
        width = len(req.form.split()) + 2
        span = attention_span(attention, groups, src, width)
        if span is not None:
            return span, "replace"
        point = insertion_point(attention, groups, src)
        return (point, point), "replace"
    # no alignment: put the term where its source sits, proportionally
    ratio = req.src_start / max(1, len(record.masked))
    point = round(ratio * len(words))
    return (point, point), "replace"
