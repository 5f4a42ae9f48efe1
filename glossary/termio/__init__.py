"""Termbase interchange: one module per file format behind one protocol.

``FORMATS`` maps a format name to the module path and class that reads and
writes it; :func:`get_format` imports it on first use (lxml stays unloaded until
a TBX file is touched). :mod:`glossary.termio.merge` imports into a termbase,
:mod:`glossary.termio.export` writes one out.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from glossary.errors import InputError
from glossary.termtypes import Entry


@dataclass(frozen=True)
class Options:
    """Language pair of a two-language file: ``source``/``target`` columns, DeepL/Google layouts."""

    source_lang: str = "sv"
    target_lang: str = "en"
    tbx_version: int = 3


class TermFormat(Protocol):
    """What every interchange format provides."""

    name: str
    extensions: tuple[str, ...]

    def read(self, path: Path, options: Options) -> Iterator[Entry]:
        """Stream the entries of ``path``; raise InputError naming the file on bad input."""
        ...

    def write(self, entries: Iterable[Entry], stream: IO[bytes], options: Options) -> int:
        """Write ``entries`` to a binary stream; returns how many were written."""
        ...


# name -> "module:Class"
FORMATS: dict[str, str] = {
    "csv": "glossary.termio.delimited:CsvFormat",
    "tsv": "glossary.termio.delimited:TsvFormat",
    "tbx": "glossary.termio.tbx:TbxFormat",
    "tbx2": "glossary.termio.tbx2:Tbx2Format",
    "tbx3": "glossary.termio.tbx3:Tbx3Format",
}
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "csv",
    ".tbx": "tbx",
    ".xml": "tbx",
}


def get_format(name: str) -> TermFormat:
    """The format object registered as ``name``."""
    try:
        module_name, cls = FORMATS[name].split(":")
    except KeyError:
        raise InputError(f"unknown termbase format {name!r} (use {', '.join(FORMATS)})") from None
    return getattr(importlib.import_module(module_name), cls)()


def format_for(path: Path, name: str | None = None) -> TermFormat:
    """The format named, or the one that the file's extension implies."""
    if name and name != "auto":
        return get_format(name)
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise InputError(
            f"{path}: cannot tell the format from the extension {ext or '(none)'!r}; "
            f"use --format ({', '.join(FORMATS)})"
        )
    return get_format(EXTENSIONS[ext])
