"""``ordbro tm``: the translation memory from the command line (import, export, search, stats)."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.options import emit, json_option, languages, tm_option
from glossary.errors import InputError

_tm_option = tm_option(help="Memory file (default: $ORDBRO_TM or memory.db in the data directory).")
_json_option = json_option()


def _open(tm_path: str | None):
    from glossary.memory import TranslationMemory

    return TranslationMemory.open(tm_path)


@click.group("tm")
def tm() -> None:
    """Translation memory: reuse approved translations, import and export TMX."""


@tm.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_tm_option
@click.option(
    "--origin",
    type=click.Choice(["imported", "human", "machine"]),
    default="imported",
    show_default=True,
    help="Origin for units that do not say (ordbro's own TMX keeps its origins).",
)
@click.option("--approved", is_flag=True, help="Mark every imported unit as approved.")
@_json_option
def import_(
    files: tuple[str, ...], tm_path: str | None, origin: str, approved: bool, as_json: bool
) -> None:
    """Import TMX FILES; a malformed file imports nothing (checked before storing)."""
    from glossary.tmx import import_into

    summaries = []
    with _open(tm_path) as memory:
        for name in files:
            summaries.append(import_into(memory, Path(name), origin=origin, approved=approved))

    def human() -> None:
        for s in summaries:
            pairs = ", ".join(f"{k} {v}" for k, v in sorted(s.pairs.items())) or "none"
            click.echo(
                f"{s.path}: {s.units} units, {s.added} added, {s.updated} already stored, "
                f"{s.skipped} skipped (pairs: {pairs})"
            )

    emit(as_json, [s.to_dict() for s in summaries], human)


@tm.command("export")
@click.argument("output", type=click.Path(dir_okay=False))
@_tm_option
@languages("src", "tgt", False, "Only this source language.", "Only this target language.")
@click.option("--approved-only", is_flag=True, help="Only approved segments.")
@click.option("--origin", type=click.Choice(["imported", "human", "machine"]))
def export(
    output: str,
    tm_path: str | None,
    src: str | None,
    tgt: str | None,
    approved_only: bool,
    origin: str | None,
) -> None:
    """Write the memory to OUTPUT as TMX 1.4b (replaced atomically)."""
    from glossary.tmx import export_from

    with _open(tm_path) as memory:
        count = export_from(
            memory,
            Path(output),
            src_lang=src,
            tgt_lang=tgt,
            approved_only=approved_only,
            origin=origin,
        )
    click.echo(f"{output}: {count} units", err=True)


@tm.command("search")
@click.argument("query")
@_tm_option
@languages("src", "tgt")
@click.option("--threshold", type=click.FloatRange(1, 100), default=70, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True)
@_json_option
def search(
    query: str,
    tm_path: str | None,
    src: str,
    tgt: str,
    threshold: float,
    limit: int,
    as_json: bool,
) -> int:
    """Fuzzy matches for QUERY, best first (exit status 1 when there are none)."""
    if not query.strip():
        raise InputError("empty query")
    with _open(tm_path) as memory:
        matches = memory.fuzzy(query, src, tgt, threshold=threshold, limit=limit)
    data = [
        {
            "score": m.score,
            "source": m.source,
            "target": m.target,
            "origin": m.origin,
            "approved": m.approved,
            "diff": [list(d) for d in m.diff],
        }
        for m in matches
    ]

    def human() -> None:
        if not matches:
            click.echo("No matches.")
        for m in matches:
            flag = ", approved" if m.approved else ""
            click.echo(f"{m.score:5.1f}%  ({m.origin}{flag})")
            click.echo(f"  src: {_render_diff(m.diff)}")
            click.echo(f"  tgt: {m.target}")

    emit(as_json, data, human)
    return 0 if matches else 1


def _render_diff(diff: list[tuple[str, str]]) -> str:
    """The match's source with words missing from the query as [-x-] and added ones as {+y+}."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[op].format(words) for op, words in diff)


@tm.command("stats")
@_tm_option
@_json_option
def stats(tm_path: str | None, as_json: bool) -> None:
    """Counts by language pair, origin and approval."""
    with _open(tm_path) as memory:
        data = memory.stats()

    def human() -> None:
        click.echo(f"memory:    {data['path']} (schema {data['schema_version']})")
        click.echo(f"segments:  {data['segments']} ({data['approved']} approved)")
        origins = ", ".join(f"{k} {v}" for k, v in data["by_origin"].items())
        click.echo(f"origin:    {origins}")
        pairs = ", ".join(f"{k} {v}" for k, v in data["language_pairs"].items()) or "none"
        click.echo(f"languages: {pairs}")
        click.echo(f"files:     {data['files']}")
        click.echo(f"changed:   {data['last_changed'] or 'never'}")

    emit(as_json, data, human)
