"""The ``ordbro`` command line: a thin layer over the library.

Subcommands are registered by import path and loaded only when invoked, so
``ordbro --help`` starts without ctranslate2, sentencepiece or textual.
"""

from __future__ import annotations

import importlib
import sys

import click

from glossary import __version__
from glossary.errors import OrdbroError

# name -> "module:attribute"; each module owns one command or group.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "translate": (
        "glossary.cli.translate:translate",
        "Translate text, files and folders (sv->en by default), terms enforced.",
    ),
    "terms": (
        "glossary.cli.terms:terms",
        "Manage the termbase: add, edit, search, import, export.",
    ),
    "models": ("glossary.cli.models:models", "List, install and remove translation models."),
    "check": ("glossary.cli.check:check", "QA a bilingual pair: terms, numbers, consistency."),
    "tm": ("glossary.cli.tm:tm", "Translation memory: import, export, search, stats."),
    "tui": ("glossary.cli.tui:tui", "Open the translator's workbench."),
    "serve": (
        "glossary.cli.serve:serve",
        "Serve translation over HTTP: LibreTranslate and DeepL APIs, terms enforced.",
    ),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (path, _) in SUBCOMMANDS.items() if _module_exists(path))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        path, _ = SUBCOMMANDS[cmd_name]
        if not _module_exists(path):
            return None
        module_name, attr = path.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUBCOMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(path: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(path.split(":")[0]) is not None


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="ordbro")
def cli() -> None:
    """ordbro: offline Swedish<->English translation that never gets a term wrong."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn OrdbroError into a one-line message and exit 2."""
    try:
        rv = cli.main(args=argv, prog_name="ordbro", standalone_mode=False)
    except OrdbroError as exc:
        click.echo(f"ordbro: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 1 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    # A command may return an int exit code (e.g. `check` returns 1 on findings).
    sys.exit(rv if isinstance(rv, int) else 0)
