"""``ordbro check``: QA of a translation against the termbase, numbers and itself."""

from __future__ import annotations

import json
from collections import defaultdict

import click

from glossary.cli.options import json_option, languages, terms_option
from glossary.errors import InputError


@click.command("check")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("target", required=False, type=click.Path(dir_okay=False))
@terms_option("terms", "Termbase (SQLite) to check against.")
@click.option(
    "--no-terms", is_flag=True, help="Skip the term checks (numbers, copies, consistency only)."
)
@languages("src", "tgt")
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="CHECK",
    help="Run only this check (repeatable; same as --checks).",
)
@click.option(
    "--checks",
    "checks_csv",
    metavar="LIST",
    help="Comma-separated checks to run: term-missing, forbidden-term, dnt-changed, "
    "number-mismatch, placeholder-mismatch, tag-mismatch, untranslated, inconsistent, "
    "low-confidence.",
)
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False),
    help="The JSON report of the translation (ordbro translate --report): its confidence "
    "per segment feeds the low-confidence check.",
)
@click.option(
    "--subject",
    "subjects",
    multiple=True,
    metavar="FIELD",
    help="Subject field whose terms apply (repeatable; 'all' for every entry). "
    "Default: the file's declared field, else inferred from its terms.",
)
@click.option(
    "--ignore-list",
    type=click.Path(dir_okay=False),
    help="Known false alarms to silence: CHECK<TAB>SOURCE<TAB>TARGET globs per line.",
)
@json_option("Print findings as a JSON list.")
def check(
    source: str,
    target: str | None,
    terms: str | None,
    no_terms: bool,
    src: str,
    tgt: str,
    only: tuple[str, ...],
    checks_csv: str | None,
    subjects: tuple[str, ...],
    ignore_list: str | None,
    report: str | None,
    as_json: bool,
) -> int:
    """Check SOURCE against TARGET (line-aligned text files) or one bilingual FILE (XLIFF, PO, TMX).

    Every finding has a severity: error, warning or info.
    Exit status: 0 when clean, 1 when there are findings, 2 on bad input.
    """
    from glossary import qa_confidence
    from glossary.bilingual import read_bilingual, read_text_pairs
    from glossary.qa import CHECKS, check_pairs
    from glossary.qa_ignore import read_ignore_list

    every = (*CHECKS, qa_confidence.CHECK)
    only = only + tuple(c.strip() for c in (checks_csv or "").split(",") if c.strip())
    unknown = [c for c in only if c not in every]
    if unknown:
        raise InputError(f"unknown check {unknown[0]!r}; choose from {', '.join(every)}")
    rules = read_ignore_list(ignore_list, CHECKS) if ignore_list else []
    segments = qa_confidence.read_report(report) if report else None
    if target is None:
        doc = read_bilingual(source, src, tgt)
        src, tgt = doc.src_lang or src, doc.tgt_lang or tgt
    else:
        doc = read_text_pairs(source, target)
    confidence = qa_confidence.from_report(doc.pairs, segments) if segments else doc.confidence
    if qa_confidence.CHECK in only and not any(c is not None for c in confidence):
        raise InputError(
            f"{target or source}: no confidence to check: give the translation's --report, "
            "or check an XLIFF 1.2 or PO file translated by ordbro"
        )
    pair_checks = [c for c in only if c != qa_confidence.CHECK]
    findings = []
    if pair_checks or not only:
        entries, matcher = (None, None) if no_terms else _load_terms(terms, src, tgt)
        declared = list(subjects) or ([doc.subject] if doc.subject else None)
        findings = check_pairs(
            doc.pairs,
            matcher,
            src=src,
            tgt=tgt,
            entries=entries,
            checks=pair_checks or None,
            units=doc.units,
            subjects=declared,
            ignore=rules,
        )
    if qa_confidence.CHECK in only or not only:
        findings += qa_confidence.findings(confidence)
        order = {name: i for i, name in enumerate(every)}
        findings.sort(key=lambda f: (f.segment, order[f.check]))
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_report(findings, doc.pairs, every)
    return 1 if findings else 0


def _load_terms(terms: str | None, src: str, tgt: str):
    from glossary.matcher import TermMatcher
    from glossary.termbase import Termbase

    with Termbase.open(terms) as tb:
        entries = list(tb.entries())
    return entries, TermMatcher(entries, src, tgt)


def _excerpt(text: str, span: list[int] | tuple[int, int] | None, width: int = 90) -> str:
    """The text with the span in [brackets], shortened around it."""
    if span is None:
        shown = text
    else:
        start, end = span
        shown = f"{text[:start]}[{text[start:end]}]{text[end:]}"
        if len(shown) > width:
            left = max(0, start - width // 3)
            shown = ("…" if left else "") + shown[left:]
    shown = shown.replace("\n", "↵")
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def _print_report(findings, pairs, order) -> None:
    if not findings:
        click.echo(f"No findings in {len(pairs)} segments.")
        return
    groups = defaultdict(list)
    for f in findings:
        groups[f.check].append(f)
    for name in order:
        if name not in groups:
            continue
        click.secho(f"{name} ({len(groups[name])})", bold=True)
        for f in groups[name]:
            source, target = pairs[f.segment - 1]
            click.echo(f"  {f.segment:>5}  {f.severity:<7}  {f.message}")
            click.echo(f"         src: {_excerpt(source, f.source_span)}")
            click.echo(f"         tgt: {_excerpt(target, f.target_span)}")
        click.echo()
    segments = len({f.segment for f in findings})
    click.echo(f"{len(findings)} findings in {segments} of {len(pairs)} segments.")
