"""``ordbro tui``: open the translator's workbench (Textual is imported only here, lazily)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("tui")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--terms",
    "terms",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Termbase (SQLite) to use; default: the user's terms.db.",
)
@click.option("--model", default=None, help="Model code (e.g. sv-en) or path to a model package.")
@click.option(
    "--tm",
    "--memory",
    "memory",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Translation memory (default: $ORDBRO_TM or yours).",
)
@click.option("--from", "from_code", default="sv", show_default=True, help="Source language.")
@click.option("--to", "to_code", default="en", show_default=True, help="Target language.")
@click.option("--light", is_flag=True, help="Start with the light theme.")
def tui(
    file: Path | None,
    terms: Path | None,
    model: str | None,
    memory: Path | None,
    from_code: str,
    to_code: str,
    light: bool,
) -> None:
    """Open FILE (any format `ordbro translate` reads) in the workbench."""
    from glossary.errors import InputError

    if file is not None and not file.exists():
        raise InputError(f"{file}: no such file")
    from tui import create_app

    app = create_app(
        file,
        terms=terms,
        model=model,
        memory=memory,
        from_code=from_code,
        to_code=to_code,
        theme="textual-light" if light else None,
    )
    app.run()
