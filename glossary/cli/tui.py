"""``ordbro tui``: open the translator's workbench (Textual is imported only here, lazily)."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.options import languages, terms_option, tm_option


@click.command("tui")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
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
    files: tuple[Path, ...],
    terms: str | None,
    model: str | None,
    memory: str | None,
    from_code: str,
    to_code: str,
    light: bool,
    paragraphs: bool,
) -> None:
    """Open FILE (any format `ordbro translate` reads) in the workbench.

    A folder, or several files, open as a job: a file list with each file's progress
    (F7), every file kept open with its own undo; unsaved edits survive a crash.
    """
    from glossary.errors import InputError

    for file in files:
        if not file.exists():
            raise InputError(f"{file}: no such file")
    if len(files) > 1 or (files and files[0].is_dir()):
        from tui.project import discover

        if not discover(files, to_code)[0]:
            raise InputError(f"{', '.join(map(str, files))}: no file to translate here")
    from tui import create_app

    app = create_app(
        list(files),
        terms=Path(terms) if terms else None,
        model=model,
        memory=Path(memory) if memory else None,
        from_code=from_code,
        to_code=to_code,
        theme="textual-light" if light else None,
        sentences=not paragraphs,
    )
    app.run()
