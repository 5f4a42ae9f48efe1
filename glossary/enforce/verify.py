"""Stage 6, verify: forbidden renderings replaced wherever they are (also where their term
was not in the source), and every hit checked: already, applied or failed."""

from __future__ import annotations

from glossary.confidence import mean_logprob
from glossary.enforce.choose import needs
from glossary.enforce.record import Context, SentenceRecord
from glossary.enforce.rules import forbidden_spans, scrubbers
from glossary.enforce.text import contains, phrase_pattern, replace_spans, satisfied
from glossary.results import SentenceResult, TermOutcome


def verify(tr: Context, record: SentenceRecord) -> SentenceResult:
    text = record.target
    for req in record.requirements:
        spans = forbidden_spans(text, req)
        if spans:
            text = replace_spans(text, spans, req.form.removeprefix("the "))
            if req.status != "already":
                req.status, req.method = "applied", "replace"
    text, scrubbed = scrub(tr, text, {r.hit.entry_id for r in record.requirements})
    found = satisfied(text, needs(record))
    outcomes: list[TermOutcome] = []
    for req in record.requirements:
        key = req.hit.entry_id
        ok = found.get(key, 0) > 0 and not forbidden_spans(text, req)
        if ok:
            found[key] -= 1
        status = req.status if ok and req.status != "failed" else ("applied" if ok else "failed")
        method = req.method if ok else "none"
        if ok and method == "none":
            method = "replace"
        outcomes.append(TermOutcome(req.hit.text, req.form, status, method, req.hit.entry_id))
    for hit in record.compounds:
        target = hit.target or hit.source
        present = contains(text, phrase_pattern([target]))
        outcomes.append(
            TermOutcome(
                hit.text, target, "already" if present else "failed", "compound", hit.entry_id
            )
        )
    # confidence: the chosen hypothesis' length (its tokens are kept only for a repair)
    engine = tr.engine
    length = len(record.hyp) or len(engine.tokenize(record.target) if record.target else [])
    penalty = getattr(getattr(engine, "settings", None), "length_penalty", 0)
    cap = engine.output_cap(len(record.tokens)) if hasattr(engine, "output_cap") else None
    return SentenceResult(
        source=record.source,
        target=text,
        score=mean_logprob(record.score, length, penalty),
        terms=outcomes + scrubbed,
        capped=cap is not None and length >= cap,
    )


def scrub(tr: Context, text: str, handled: set[int]) -> tuple[str, list[TermOutcome]]:
    """``text`` with forbidden renderings of every other entry replaced by its approved
    target, whether or not the entry was found in the source; one outcome per scrub."""
    if tr.scrub_rules is None:
        tr.scrub_rules = scrubbers(tr.matcher, tr.forbidden)
    combined, rules = tr.scrub_rules
    if combined is None or not combined.search(text):
        return text, []
    outcomes = []
    for entry_id, target, forbidden, approved in rules:
        if entry_id in handled:
            continue
        inside = [m.span() for m in approved.finditer(text)]
        spans = [
            m.span()
            for m in forbidden.finditer(text)
            if not any(a <= m.start() and m.end() <= b for a, b in inside)
        ]
        if not spans:
            continue
        for a, b in spans:
            outcomes.append(TermOutcome(text[a:b], target, "applied", "scrub", entry_id))
        text = replace_spans(text, spans, target.removeprefix("the "))
    return text, outcomes
