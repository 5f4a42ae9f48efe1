"""Writing a termbase (or one glossary of it) to a file or stdout, atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from glossary.safeio import atomic_output
from glossary.termbase import Termbase
from glossary.termio import Options, format_for


def export_file(
    tb: Termbase,
    dest: str | Path,
    *,
    fmt: str | None = None,
    glossary: str | None = None,
    options: Options | None = None,
) -> int:
    """Write the entries of ``tb`` to ``dest`` ("-" is stdout); returns how many.

    A file is written to a temporary name beside it and renamed when complete, so
    an existing file is never left half-written; a database (the termbase itself, a
    memory) is never written over (:mod:`glossary.safeio`).
    """
    options = options or Options()
    if str(dest) == "-":
        writer = format_for(Path(f"stdout.{fmt or 'csv'}"), fmt)
        count = writer.write(tb.entries(glossary), sys.stdout.buffer, options)
        sys.stdout.buffer.flush()
        return count
    dest = Path(dest)
    writer = format_for(dest, fmt)
    with atomic_output(dest, sources=[Path(tb.path)] if getattr(tb, "path", None) else []) as out:
        count = writer.write(tb.entries(glossary), out, options)
    return count
