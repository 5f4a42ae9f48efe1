"""TBX v3 (ISO 30042:2019), TBX-Basic/TBX-Core in the DCA style (``conceptEntry``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from glossary.termio import Options
from glossary.termio.tbx_common import Dialect, iter_concepts, read_concept, write_document
from glossary.termtypes import Entry

TBX3 = Dialect(
    version=3,
    namespace="urn:iso:std:iso:30042:ed:3.0",
    root="tbx",
    entry="conceptEntry",
    lang="langSec",
    term_containers=("termSec",),
    header="tbxHeader",
)


class Tbx3Format:
    """Read and write TBX v3 documents (TBX-Basic dialect, DCA style)."""

    name = "tbx3"
    extensions = (".tbx",)

    def read(self, path: Path, options: Options) -> Iterator[Entry]:
        for dialect, elem in iter_concepts(path, {"tbx": TBX3}):
            yield read_concept(elem, dialect, path)

    def write(self, entries: Iterable[Entry], stream: IO[bytes], options: Options) -> int:
        return write_document(entries, stream, TBX3, options.source_lang)
