"""Term extraction: the candidate terms of a text, in base form, with proposed targets.

``extract_texts`` runs the whole job: candidates ranked by termhood
(:mod:`glossary.extraction.candidates`), terms already in the termbase marked or left
out, then targets from aligned segments, the model, or do-not-translate for names
(:mod:`glossary.extraction.targets`). ``add_candidates`` stores chosen candidates in
the termbase through its ordinary add path, which generates their forms.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from glossary.errors import InputError
from glossary.extraction.candidates import KINDS, Candidate, Extractor
from glossary.termtypes import Entry, Term

__all__ = ["KINDS", "Candidate", "Extractor", "add_candidates", "extract_texts", "read_inputs"]


def extract_texts(
    texts: Sequence[str],
    lang: str = "sv",
    *,
    termbase: Any = None,
    include_known: bool = False,
    bilingual: Sequence[tuple[str, str]] | None = None,
    memory: Any = None,
    translator: Any = None,
    target_lang: str | None = None,
    limit: int | None = None,
    min_score: float | None = None,
) -> list[Candidate]:
    """Candidates of ``texts`` (one document each, joined), best first.

    ``termbase``: a :class:`~glossary.termbase.Termbase`; its terms are left out, or kept
    with ``known=True`` when ``include_known``. ``bilingual``: aligned (source, target)
    pairs; ``memory``: a translation memory; ``translator``: anything with
    ``translate_sentences`` (the engine) for candidates still without a target.
    """
    from glossary.extraction import targets as proposals

    target_lang = target_lang or ("en" if lang == "sv" else "sv")
    text = "\n\n".join(texts)
    candidates = Extractor(lang).extract(text)
    if termbase is not None:
        _mark_known(candidates, text, termbase, lang, target_lang)
        if not include_known:
            candidates = [c for c in candidates if not c.known]
    if min_score is not None:
        candidates = [c for c in candidates if c.score >= min_score]
    if limit:
        candidates = candidates[:limit]
    todo = [c for c in candidates if not c.known]
    if bilingual:
        proposals.propose_from_pairs(todo, bilingual, "bilingual", target_lang)
    if memory is not None:
        rest = [c for c in todo if c.target is None]
        pairs = proposals.memory_pairs(memory, rest, lang, target_lang) if rest else []
        if pairs:
            proposals.propose_from_pairs(rest, pairs, "memory", target_lang)
    proposals.propose_dnt(todo)
    if translator is not None:
        proposals.propose_from_model(todo, translator, target_lang)
    return candidates


def _mark_known(candidates, text: str, termbase, lang: str, target_lang: str) -> None:
    """Mark candidates that a termbase term already covers (by lemma or by a match)."""
    from glossary.matcher import TermMatcher

    matcher = TermMatcher.from_termbase(termbase, src=lang, tgt=target_lang)
    hits = [h for h in matcher.find(text) if h.kind != "compound"]
    spans = sorted((h.start, h.end, h.entry_id) for h in hits)
    starts = [s for s, _, _ in spans]
    for cand in candidates:
        ids = termbase.find_by_term(lang, cand.term)
        if ids:
            cand.known, cand.entry_id = True, ids[0]
            continue
        covered = 0
        entry = None
        for occ in cand.occurrences:
            i = bisect.bisect_right(starts, occ.start) - 1
            while i >= 0:
                start, end, entry_id = spans[i]
                if start <= occ.start and end >= occ.end:
                    covered += 1
                    entry = entry_id
                    break
                if start < occ.start - 200:
                    break
                i -= 1
        if covered and covered * 2 >= len(cand.occurrences):
            cand.known, cand.entry_id = True, entry


def read_inputs(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(path, plain text) of every file given, folders walked for translatable files."""
    from glossary import formats

    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".") and formats.detect_format(p)
            )
            if not found:
                raise InputError(f"{path}: no text files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    out = []
    for path in files:
        if formats.detect_format(path) is None:
            from glossary.bilingual import read_text

            out.append((path, read_text(path)))
            continue
        doc = formats.load(path)
        out.append((path, "\n".join(s.source for s in doc.segments)))
    return out


def add_candidates(
    termbase: Any,
    candidates: Iterable[Candidate],
    source_lang: str = "sv",
    target_lang: str = "en",
    glossary: str = "default",
    author: str | None = None,
) -> list[int]:
    """Add each candidate with a target as a new entry; returns the new entry ids.

    The termbase's add path generates the forms; the part of speech and gender the
    extractor inferred are stored with the term (None where it could not tell).
    """
    entries = []
    for cand in candidates:
        if cand.known or not cand.target:
            continue
        common = dict(pos=cand.pos, dnt=cand.dnt, source="extracted")
        entries.append(
            Entry(
                None,
                glossary=glossary,
                author=author,
                note=f"Extracted; target from {cand.target_source}.",
                terms=[
                    Term(None, None, source_lang, cand.term, gender=cand.gender, **common),
                    Term(None, None, target_lang, cand.target, **common),
                ],
            )
        )
    ids = []
    with termbase.write():
        for entry in entries:
            ids.append(termbase.add_entry(entry))
    return ids
