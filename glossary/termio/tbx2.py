"""TBX v2 (``martif``): what IATE, MultiTerm and Weblate export (``tig`` and ``ntig``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from glossary.termio import Options
from glossary.termio.tbx_common import Dialect, iter_concepts, read_concept, write_document
from glossary.termtypes import Entry

TBX2 = Dialect(
    version=2,
    namespace=None,
    root="martif",
    entry="termEntry",
    lang="langSet",
    term_containers=("tig", "ntig"),
    header="martifHeader",
)


class Tbx2Format:
    """Read and write TBX v2 (ISO 30042:2008) documents."""

    name = "tbx2"
    extensions = (".tbx",)

    def read(self, path: Path, options: Options) -> Iterator[Entry]:
        for dialect, elem in iter_concepts(path, {"martif": TBX2}):
            yield read_concept(elem, dialect, path)

    def write(self, entries: Iterable[Entry], stream: IO[bytes], options: Options) -> int:
        return write_document(entries, stream, TBX2, options.source_lang)
