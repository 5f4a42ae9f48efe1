"""A document's segments as the workbench shows them: whole paragraphs or their sentences.

In sentence mode each segment of the file (a paragraph, a cell, a cue) that has no
translation yet is cut into its sentences with :func:`glossary.segment.split_sentences`.
Every row remembers its paragraph (``unit``) and the exact text around it, so the
paragraph's target is rebuilt byte for byte: the sentences' targets joined by the source's
own separators. Join and split work inside one paragraph only. Pure Python (no Textual).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from glossary.markup.elements import PLACEHOLDER
from glossary.segment import split_sentences
from tui.session import STATUSES, Row


def pieces(source: str, lang: str) -> list[tuple[str, str, str]]:
    """``source`` as (before, sentence, after) triples that concatenate back to it.

    ``before`` is the whitespace that separates a sentence from the previous one (or leads
    the paragraph); ``after`` is only set on the last sentence (trailing whitespace).
    A paragraph of one sentence (or none) is one piece: the source unchanged.
    """
    spans = split_sentences(source, lang)
    if len(spans) < 2:
        return [("", source, "")]
    out: list[tuple[str, str, str]] = []
    position = 0
    for start, end in spans:
        out.append((source[position:start], source[start:end], ""))
        position = end
    before, text, _ = out[-1]
    out[-1] = (before, text, source[position:])
    return out


def document_rows(
    segments: Sequence[Any],
    rows: Sequence[Row],
    lang: str,
    keep_whole: Callable[[str], bool] | None = None,
) -> list[Row]:
    """Sentence rows for paragraph ``rows`` (one per segment of the file, same order).

    A segment with a target (a bilingual file's existing translation) stays whole, and so
    does one for which ``keep_whole(source)`` is true (the memory holds it whole).
    """
    out: list[Row] = []
    for unit, (segment, row) in enumerate(zip(segments, rows, strict=True)):
        parts = [("", row.source, "")] if row.target else pieces(row.source, lang)
        if len(parts) > 1 and keep_whole is not None and keep_whole(segment.source):
            parts = [("", row.source, "")]
        if len(parts) == 1:
            out.append(replace(row, unit=unit))
            continue
        for number, (before, text, after) in enumerate(parts, 1):
            out.append(
                Row(
                    key=f"{row.key}.s{number}",
                    source=text,
                    context=row.context,
                    unit=unit,
                    before=before,
                    after=after,
                )
            )
    return out


def unit_targets(rows: Sequence[Row], count: int | None = None) -> list[str | None]:
    """One target per file segment: its rows' targets (an empty one: the sentence's
    source) joined by the source's separators; None where no row has a target."""
    groups: list[list[Row]] = []
    last: object = None
    for index, row in enumerate(rows):
        unit = ("row", index) if row.unit is None else row.unit
        if groups and unit == last:
            groups[-1].append(row)
        else:
            groups.append([row])
        last = unit
    if count is not None and len(groups) != count:
        raise ValueError(f"{len(groups)} paragraphs for {count} file segments")
    return [
        "".join(r.before + (r.target or r.source) + r.after for r in group)
        if any(r.target for r in group)
        else None
        for group in groups
    ]


def can_join(rows: Sequence[Row], index: int) -> bool:
    """May row ``index`` be joined with the next one (same paragraph)?"""
    if not 0 <= index < len(rows) - 1:
        return False
    a, b = rows[index], rows[index + 1]
    return a.unit is not None and a.unit == b.unit


def joined(a: Row, b: Row) -> Row:
    """Rows ``a`` and ``b`` (neighbours in one paragraph) as one segment.

    The targets are joined with the source's separator; the status is the lower of the two
    (an empty target makes it "edited", both empty "new"), so a join never looks more
    finished than its parts.
    """
    gap = b.before
    if a.target and b.target:
        target = a.target + gap + b.target
        status = min(a.status, b.status, key=_rank)
    else:
        target = a.target or b.target
        status = "edited" if target else "new"
    return Row(
        key=a.key,
        source=a.source + gap + b.source,
        target=target,
        status=status,
        match=a.match if a.match == b.match else "",
        context=a.context,
        terms=[*a.terms, *b.terms],
        unit=a.unit,
        before=a.before,
        after=b.after,
    )


def split_at(row: Row, at: int, langs: tuple[str, str] = ("sv", "en")) -> tuple[Row, Row] | None:
    """``row`` cut at offset ``at`` of its source (whitespace there becomes the separator).

    When the cut falls between two of the source's sentences and the target has as many
    sentences (``langs``: source and target language), the target is cut at the same
    sentence and both parts keep the status, so a split undoes a join. Otherwise the
    target stays with the first part ("edited", to be checked). None when either part
    would be empty or the cut falls inside inline markup (a placeholder or a pair).
    """
    left, right = row.source[:at], row.source[at:]
    left_text, right_text = left.rstrip(), right.lstrip()
    if not left_text.strip() or not right_text.strip() or _inside_markup(row.source, at):
        return None
    gap = left[len(left_text) :] + right[: len(right) - len(right_text)]
    targets = _cut_target(row, len(left_text), langs)
    if targets is None:
        targets = (row.target, "")
        statuses = ("edited" if row.target else "new", "new")
    else:
        statuses = (row.status, row.status)
    first = replace(
        row,
        source=left_text,
        target=targets[0],
        after="",
        status=statuses[0],
        terms=list(row.terms),
    )
    second = Row(
        key=row.key,
        source=right_text,
        target=targets[1],
        status=statuses[1],
        match=row.match if targets[1] else "",
        context=row.context,
        unit=row.unit,
        before=gap,
        after=row.after,
    )
    return first, second


def _inside_markup(source: str, at: int) -> bool:
    """Is offset ``at`` inside a placeholder token or between a pair's ``⟨n⟩`` and ``⟨/n⟩``?"""
    open_pairs: set[str] = set()
    for match in PLACEHOLDER.finditer(source):
        if match.start() < at < match.end():
            return True
        if match.start() >= at:
            break
        closing, number = match.group(1), match.group(2)
        if number is not None:
            if closing:
                open_pairs.discard(number)
            else:
                open_pairs.add(number)
    return bool(open_pairs)


def _cut_target(row: Row, cut: int, langs: tuple[str, str]) -> tuple[str, str] | None:
    """The target cut at the sentence where the source is cut at ``cut``, if they align."""
    if not row.target:
        return None
    source = split_sentences(row.source, langs[0])
    target = split_sentences(row.target, langs[1])
    if len(source) < 2 or len(source) != len(target):
        return None
    ends = [end for _, end in source[:-1]]
    if cut not in ends:
        return None
    k = ends.index(cut)
    return row.target[: target[k][1]], row.target[target[k + 1][0] :]


def rekey(rows: list[Row], unit: int, base: str) -> None:
    """Number the keys of a paragraph's rows again: ``p3.s1``, ``p3.s2`` (``p3`` alone)."""
    members = [r for r in rows if r.unit == unit]
    if len(members) == 1:
        members[0].key = base
        return
    for number, row in enumerate(members, 1):
        row.key = f"{base}.s{number}"


def _rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else 0
