"""``ordbro terms stats``: how big the termbase is and the state of its matcher cache."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.options import emit, languages
from glossary.cli.terms import common_options, open_termbase


def termbase_stats(tb, glossary: str | None = None) -> dict:
    """Entries, terms per language and stored forms (of one glossary, or all)."""
    join, where, args = "", "", ()
    if glossary is not None:
        join, where, args = (
            " JOIN entries e ON e.id = t.entry_id",
            " WHERE e.glossary = ?",
            (glossary,),
        )
    conn = tb.conn
    per_lang = dict(
        conn.execute(
            f"SELECT t.lang, count(*) FROM terms t{join}{where} GROUP BY 1 ORDER BY 1", args
        )
    )
    forms = conn.execute(
        f"SELECT count(*) FROM forms f JOIN terms t ON t.id = f.term_id{join}{where}", args
    ).fetchone()[0]
    path = Path(tb.path)
    return {
        "path": str(path),
        "size": path.stat().st_size if path.exists() else 0,
        "glossaries": tb.glossaries(),
        "entries": tb.count(glossary),
        "terms": per_lang,
        "forms": forms,
    }


def cache_stats(tb, glossary: str | None, src: str, tgt: str) -> dict:
    """The matcher cache of one direction: path, state, size, when and how fast it was built."""
    from glossary.matcher_cache import inspect

    info = inspect(tb, glossary, src, tgt)
    return {
        "direction": f"{src}-{tgt}",
        "path": str(info.path),
        "state": info.state,
        "size": info.size,
        "built": info.built,
        "build_seconds": info.build_seconds,
        "forms": info.forms,
        "terms": info.terms,
    }


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def human_lines(stats: dict) -> list[str]:
    """The human-readable form of :func:`termbase_stats` plus ``cache``."""
    terms = ", ".join(f"{lang} {n:,}" for lang, n in stats["terms"].items()) or "none"
    cache = stats["cache"]
    lines = [
        f"termbase: {stats['path']} ({_mb(stats['size'])})",
        f"entries: {stats['entries']:,} in {len(stats['glossaries'])} glossaries",
        f"terms: {terms}",
        f"forms: {stats['forms']:,}",
    ]
    line = f"matcher cache {cache['direction']}: {cache['state']}"
    if cache["state"] != "missing":
        line += f", {_mb(cache['size'])}"
    if cache["built"]:
        line += f", built {cache['built']} in {cache['build_seconds']:.1f} s"
    if cache["forms"] is not None:
        line += f" ({cache['forms']:,} form keys, {cache['terms']:,} terms)"
    lines += [line, f"  {cache['path']}"]
    return lines


@click.command("stats")
@languages("src", "tgt", src_help="Source language of the matcher.")
@click.option("--build", is_flag=True, help="Build the matcher cache now if it is not fresh.")
@common_options
def stats(src, tgt, build, terms_path, glossary, as_json):
    """Entries, terms per language, forms, and the matcher cache (state, size, last build)."""
    with open_termbase(terms_path) as tb:
        if build:
            from glossary.matcher import TermMatcher

            TermMatcher.from_termbase(tb, glossary=glossary, src=src, tgt=tgt)
        data = termbase_stats(tb, glossary)
        data["cache"] = cache_stats(tb, glossary, src, tgt)
    emit(as_json, data, human_lines(data))
