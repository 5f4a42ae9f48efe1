"""Stage 5, continue: the model finishes a repaired sentence after the spliced term."""

from __future__ import annotations

from typing import Any

from glossary.enforce.choose import forbidden_in, needs
from glossary.enforce.decode import options, run
from glossary.enforce.record import Context, SentenceRecord
from glossary.enforce.settings import CONTINUATION_GROUP
from glossary.enforce.text import satisfied


def continue_(tr: Context, records: list[SentenceRecord], suppress: list[list[str]]) -> None:
    """Stage 5, continue: decode again with everything up to a spliced term forced as a
    target prefix, so the model finishes the sentence around it (kept only when every
    term is still there); groups of similar length, so one runaway cannot hold up the rest."""
    pending = sorted((r for r in records if r.prefix is not None), key=lambda r: r.limit)
    for first in range(0, len(pending), CONTINUATION_GROUP):
        group = pending[first : first + CONTINUATION_GROUP]
        results = run(
            tr,
            [record.tokens for record in group],
            suppress,
            target_prefix=[record.prefix for record in group],
            max_decoding_length=max(record.limit for record in group),
            return_scores=True,
            **options(tr, num_hypotheses=1, beam_size=tr.settings.continuation_beam),
        )
        for record, result in zip(group, results, strict=True):
            finish_prefix(tr, record, result)


def finish_prefix(tr: Context, record: SentenceRecord, result: Any) -> None:
    text = tr.engine.detokenize(result.hypotheses[0])
    added = len(text.split()) - len(tr.engine.detokenize(record.prefix).split())
    if added > 1.5 * record.tail_words + 4:
        return  # the model ran on (a repetition loop): keep the spliced translation
    wanted = needs(record)
    if sum(satisfied(text, wanted).values()) == sum(n.count for n in wanted) and not forbidden_in(
        record, text
    ):
        record.target = text
        scores = getattr(result, "scores", None)
        record.score = scores[0] if scores else record.score
        for req in record.requirements:
            if req.method == "replace":
                req.method = "prefix"
