"""Stage 2, decode: the batched first pass (forbidden renderings suppressed), and the
engine calls every stage makes."""

from __future__ import annotations

from typing import Any

from glossary.enforce.record import Context, SentenceRecord
from glossary.enforce.rules import with_capitals, within


def decode(tr: Context, records: list[SentenceRecord], suppress: list[list[str]]) -> list[Any]:
    """Stage 2, decode: every sentence in one length-capped batched call, with an n-best
    list, scores and attention (a repetition loop stops near the source's length)."""
    for record in records:
        record.tokens = tr.engine.tokenize(record.masked)
    return run(
        tr,
        [record.tokens for record in records],
        suppress,
        capped=True,
        return_scores=True,
        return_attention=True,
        **options(tr, num_hypotheses=tr.settings.num_hypotheses),
    )


def suppressions(tr: Context, records: list[SentenceRecord]) -> list[list[str]]:
    """Token sequences of forbidden renderings to keep out of the first decoding pass.

    A rendering written in a source sentence of the batch is not suppressed: a model
    copies such text (a quote, a name in brackets), and forced off it, it writes
    nonsense ("da kundera center"); it is replaced after decoding instead."""
    seqs: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    sources = " ".join(record.source.lower() for record in records)
    for record in records:
        for req in record.requirements:
            bad_renderings = tr.forbidden.get(req.hit.entry_id, [])
            if not bad_renderings:
                continue
            approved = [
                tr.engine.tokenize(a)
                for a in with_capitals({req.form, req.hit.target or req.hit.source})
            ]
            for bad in bad_renderings:
                if bad.lower() in sources:
                    continue
                for variant in with_capitals({bad}):
                    tokens = tuple(tr.engine.tokenize(variant))
                    # never suppress a sequence the approved term itself is written with
                    if not tokens or tokens in seen or any(within(tokens, a) for a in approved):
                        continue
                    seen.add(tokens)
                    seqs.append(list(tokens))
    return seqs


def options(tr: Context, num_hypotheses: int, beam_size: int | None = None) -> dict[str, Any]:
    options: dict[str, Any] = {"num_hypotheses": max(1, num_hypotheses)}
    beam = beam_size or tr.settings.beam_size
    if beam:
        options["beam_size"] = beam
    return options


def run(
    tr: Context,
    batch: list[list[str]],
    suppress: list[list[str]],
    capped: bool = False,
    **options: Any,
) -> list[Any]:
    """The engine's results for ``batch``; ``capped``: outputs capped by input length
    (the first pass: a repetition loop must not run to the decoding limit)."""
    run = tr.engine.translate_capped if capped else tr.engine.translate_tokens
    if suppress:
        try:
            return run(batch, suppress_sequences=suppress, **options)
        except ValueError:  # a piece outside the model's vocabulary: scrub afterwards instead
            pass
    return run(batch, **options)
