"""Options and helpers every command shares: languages, termbase, memory, JSON, engine,
one ``emit`` and one input reader.

The environment (``$ORDBRO_TERMS``, ``$ORDBRO_TM``) is read in one place each
(:func:`glossary.termbase.resolve_termbase_path`, :func:`glossary.memory.default_path`),
never by click.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import click

Decorator = Callable[[Callable], Callable]


def _chain(*decorators: Decorator) -> Decorator:
    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def languages(
    src: str = "from_code",
    tgt: str = "to_code",
    default: bool = True,
    src_help: str = "Source language.",
    tgt_help: str = "Target language.",
) -> Decorator:
    """``--from`` and ``--to`` (sv and en by default; none with ``default=False``)."""
    shown = {"default": "sv", "show_default": True} if default else {}
    shown_to = {"default": "en", "show_default": True} if default else {}
    return _chain(
        from_option(src, help=src_help, **shown),
        click.option("--to", tgt, help=tgt_help, **shown_to),
    )


def from_option(
    dest: str = "from_code", help: str = "Source language.", **kwargs: Any
) -> Decorator:
    """``--from``: the source language (every command declares it through here)."""
    return click.option("--from", dest, help=help, **kwargs)


def terms_option(
    param: str = "terms_path",
    help: str = "Termbase file (default: $ORDBRO_TERMS, then your own copy of the shipped one).",
) -> Decorator:
    """``--terms PATH``; None when not given (then the environment or the user's)."""
    return click.option("--terms", param, type=click.Path(dir_okay=False), help=help)


def tm_option(
    param: str = "tm_path",
    help: str = "Translation memory (default: $ORDBRO_TM or memory.db in the data directory).",
    aliases: tuple[str, ...] = (),
) -> Decorator:
    """``--tm PATH`` (and ``aliases``); None when not given (then the environment or the
    user's)."""
    return click.option("--tm", *aliases, param, type=click.Path(dir_okay=False), help=help)


def json_option(help: str = "Print JSON.") -> Decorator:
    """``--json`` as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def engine_options(func: Callable) -> Callable:
    """``--model``, ``--beam``, ``--threads`` and ``--device``."""
    return _chain(
        click.option("--model", help="Model package code, folder or .argosmodel file."),
        click.option("--beam", type=click.IntRange(1, 16), default=4, show_default=True),
        click.option(
            "--threads", type=click.IntRange(0, 512), default=0, help="CPU threads (0: automatic)."
        ),
        click.option(
            "--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True
        ),
    )(func)


def engine_settings(beam: int, threads: int, device: str) -> Any:
    """The :class:`glossary.engine.EngineSettings` of :func:`engine_options`."""
    from glossary.engine import EngineSettings

    return EngineSettings(beam_size=beam, intra_threads=threads, device=device)


def emit(as_json: bool, data: Any, human: Iterable[str] | Callable[[], None]) -> None:
    """Print ``data`` as JSON, or the ``human`` lines (or call ``human`` to print them)."""
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif callable(human):
        human()
    else:
        for line in human:
            click.echo(line)


def read_input(name: str, empty_ok: bool = True) -> str:
    """A text file, or stdin for '-': UTF-8 with or without BOM, UTF-16 with a BOM, or a
    detected legacy encoding such as cp1252; line endings untouched. ``empty_ok`` False:
    an empty file is an InputError (see :func:`glossary.formats.text.read_text_input`)."""
    from glossary.formats.text import read_text_input

    return read_text_input(name, empty_ok)
