"""Stage 1, prepare: the term hits of a sentence become requirements (the English form
to write, its patterns, forbidden renderings); do-not-translate names may be masked."""

from __future__ import annotations

from glossary.enforce.record import Context, Requirement, SentenceRecord
from glossary.enforce.rules import forbidden_pattern, guess_pos, with_capitals
from glossary.enforce.text import phrase_pattern
from glossary.termtypes import Hit


def prepare(tr: Context, sentence: str) -> SentenceRecord:
    record = SentenceRecord(sentence, sentence)
    for hit in tr.matcher.find(sentence):
        if hit.covered:
            continue
        if hit.kind == "compound" and not tr.settings.enforce_compounds:
            record.compounds.append(hit)
            continue
        if hit.target is None and not hit.dnt:
            continue
        record.requirements.append(requirement(tr, hit, sentence))
    record.requirements.sort(key=lambda r: r.src_start)
    if getattr(tr.engine, "to_code", "") == "sv":
        from glossary.swedish_forms import share_repeats

        share_repeats(record.requirements)
    if tr.settings.placeholders:
        mask(tr, record)
    return record


def requirement(tr: Context, hit: Hit, sentence: str = "") -> Requirement:
    from glossary.english import english_form, english_variants, needs_article

    features = tuple(hit.features)
    english = getattr(tr.engine, "to_code", "en") == "en"
    inflections = None
    if hit.dnt:
        base = hit.target or hit.source
        if english:
            genitive, variants = f"{base}'s", [base, f"{base}'s", f"{base}’s"]
        else:  # Swedish: Nvidias, TSMC:s
            genitive = f"{base}:s" if base[-1:].isupper() or base[-1:].isdigit() else f"{base}s"
            variants = [base, genitive]
        form = genitive if "gen" in features else base
        variants = [form] if not english and form != base else variants  # Nvidias
        pattern = phrase_pattern(variants, case_sensitive=True)
        approved = set(variants)
        article = False
    elif english:
        target = hit.target or hit.source
        pos = tr.target_pos.get(hit.entry_id) or guess_pos(features)
        form = english_form(target, features, pos)
        article = bool(needs_article(features)) and pos not in ("verb", "adjective", "adverb")
        # a target written with its article (the Netherlands) always keeps it
        article = article or target.lower().startswith("the ")
        approved = {target, form, *english_variants(target, pos)}
        pattern = phrase_pattern(approved)
    elif getattr(tr.engine, "to_code", "") == "sv":  # the form the English context asks for
        from glossary.swedish_forms import requirement_forms

        inflections, form, approved, pattern = requirement_forms(tr, hit, sentence)
        article = False
    else:  # other target languages: the base form, no inflection rules yet
        form = hit.target or hit.source
        article = False
        approved = {form}
        pattern = phrase_pattern(approved)
    bad = tr.forbidden.get(hit.entry_id)
    return Requirement(
        hit=hit,
        form=form,
        article=article,
        pattern=pattern,
        forbidden=forbidden_pattern(bad, {form, hit.target or "", hit.source}) if bad else None,
        approved=phrase_pattern(with_capitals(approved), case_sensitive=True) if bad else None,
        src_start=hit.start,
        src_end=hit.end,
        inflections=inflections,
    )


def mask(tr: Context, record: SentenceRecord) -> None:
    """Replace do-not-translate hits in the source with placeholders."""
    text, shift = record.source, 0
    for number, req in enumerate(record.requirements, 1):
        if not req.hit.dnt:
            req.src_start += shift
            req.src_end += shift
            continue
        token = tr.settings.placeholder.format(n=number)
        start, end = req.hit.start + shift, req.hit.end + shift
        text = text[:start] + token + text[end:]
        req.placeholder = token
        req.src_start, req.src_end = start, start + len(token)
        shift += len(token) - (req.hit.end - req.hit.start)
    record.masked = text
