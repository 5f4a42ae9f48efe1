"""Stage 3, choose: the hypothesis with the most required terms (then the best score)."""

from __future__ import annotations

from typing import Any

from glossary.enforce.record import Context, Requirement, SentenceRecord
from glossary.enforce.rules import forbidden_spans
from glossary.enforce.text import Need, satisfied


def choose(tr: Context, record: SentenceRecord, result: Any) -> bool:
    """Pick the hypothesis with most terms; True when it still needs repair."""
    engine, settings = tr.engine, tr.settings
    hyps = [list(h) for h in result.hypotheses]
    scores = list(getattr(result, "scores", None) or [0.0] * len(hyps))
    attention = [list(a) for a in (getattr(result, "attention", None) or [[] for _ in hyps])]
    marker = getattr(engine, "target_prefix", "")
    for i, hyp in enumerate(hyps):  # drop the package's target prefix token
        if marker and hyp and hyp[0] == marker:
            hyps[i] = hyp[1:]
            attention[i] = attention[i][1:]
    texts = [engine.detokenize(h) for h in hyps]
    wanted = needs(record)
    total = sum(n.count for n in wanted)

    def coverage(text: str) -> int:
        return sum(satisfied(text, wanted).values())

    best = 0
    if settings.rerank and len(hyps) > 1:
        best = max(
            range(len(hyps)),
            # a forbidden rendering is replaced later; preferring a hypothesis without
            # one picked worse ones ("data centre (da kundera center)")
            key=lambda i: (coverage(texts[i]), scores[i]),
        )
    record.target, record.score = texts[best], scores[best]
    first = satisfied(texts[0], wanted)
    chosen = satisfied(texts[best], wanted)
    for req in record.requirements:
        key = req.hit.entry_id
        if req.placeholder is not None or chosen.get(key, 0) <= 0:
            continue
        chosen[key] -= 1
        if first.get(key, 0) > 0:
            first[key] -= 1
            req.status, req.method = "already", "model"
        else:
            req.status, req.method = "applied", "rerank"
    if coverage(record.target) == total and not forbidden_in(record, record.target):
        return False
    record.hyp, record.attention = hyps[best], attention[best]
    return settings.repair != "none"


def needs(record: SentenceRecord) -> list[Need]:
    counts: dict[int, list[Requirement]] = {}
    for req in record.requirements:
        counts.setdefault(req.hit.entry_id, []).append(req)
    return [
        Need(eid, reqs[0].pattern, len(reqs), len(reqs[0].form)) for eid, reqs in counts.items()
    ]


def forbidden_in(record: SentenceRecord, text: str) -> bool:
    return any(forbidden_spans(text, r) for r in record.requirements)
