"""``ordbro tui``: open the translator's workbench (Textual is imported only here, lazily)."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.options import languages, terms_option, tm_option


@click.command("tui")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@terms_option("terms", "Termbase (SQLite) to use (default: $ORDBRO_TERMS, then yours).")
@click.option("--model", default=None, help="Model code (e.g. sv-en) or path to a model package.")
@tm_option("memory", "Translation memory (default: $ORDBRO_TM or yours).", ("--memory",))
@languages()
@click.option("--light", is_flag=True, help="Start with the light theme.")
@click.option(
    "--paragraphs",
    is_flag=True,
    help="A segment is a whole paragraph (default: each sentence is a segment).",
)
def tui(
    file: Path | None,
    terms: str | None,
    model: str | None,
    memory: str | None,
    from_code: str,
    to_code: str,
    light: bool,
    paragraphs: bool,
) -> None:
    """Open FILE (any format `ordbro translate` reads) in the workbench."""
    from glossary.errors import InputError

    if file is not None and not file.exists():
        raise InputError(f"{file}: no such file")
    from tui import create_app

    app = create_app(
        file,
        terms=Path(terms) if terms else None,
        model=model,
        memory=Path(memory) if memory else None,
        from_code=from_code,
        to_code=to_code,
        theme="textual-light" if light else None,
        sentences=not paragraphs,
    )
    app.run()
