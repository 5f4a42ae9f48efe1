"""``ordbro terms find FILE``: the termbase's term hits in a text file, with offsets."""

from __future__ import annotations

import json

import click

from glossary.cli.options import languages, read_input
from glossary.cli.terms import common_options, open_termbase
from glossary.termtypes import Hit


def hit_json(hit: Hit) -> dict:
    """The documented JSON shape of one hit."""
    return {
        "start": hit.start,
        "end": hit.end,
        "text": hit.text,
        "source": hit.source,
        "target": hit.target,
        "entry_id": hit.entry_id,
        "kind": hit.kind,
    }


def hit_line(hit: Hit) -> str:
    """One human-readable line per hit."""
    target = hit.target if hit.target is not None else "(no target)"
    extra = [hit.kind]
    if hit.status not in ("preferred", "admitted"):
        extra.append(hit.status.upper())
    if hit.covered:
        extra.append("covered")
    return (
        f"{hit.start}-{hit.end}\t{hit.text}\t{hit.source} -> {target}\t"
        f"[{', '.join(extra)}] #{hit.entry_id}"
    )


@click.command("find")
@click.argument("file", metavar="FILE")
@click.option("--all", "show_all", is_flag=True, help="Also list hits covered by longer ones.")
@click.option(
    "--no-compounds", is_flag=True, help="Do not report terms found inside compound words."
)
@languages("src", "tgt")
@common_options
def find(file, show_all, no_compounds, src, tgt, terms_path, glossary, as_json):
    """Find every termbase term in FILE ("-" for stdin), in any inflected form.

    Offsets are character offsets into the decoded text. Kinds: exact, inflected,
    compound (the term is part of a longer word; not enforced).
    """
    from glossary.matcher import TermMatcher

    text = read_input(file)
    tb = open_termbase(terms_path)
    try:
        if no_compounds:
            matcher = TermMatcher(
                tb.entries(glossary=glossary), src=src, tgt=tgt, include_compounds=False
            )
        else:
            matcher = TermMatcher.from_termbase(tb, glossary=glossary, src=src, tgt=tgt)
    finally:
        tb.close()
    hits = [h for h in matcher.find(text) if show_all or not h.covered]
    if as_json:
        rows = []
        for h in hits:
            row = hit_json(h)
            if show_all:
                row["covered"] = h.covered
            rows.append(row)
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for h in hits:
            click.echo(hit_line(h))
