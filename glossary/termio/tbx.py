"""TBX of either version: reads v2 or v3 as the root element says, writes the version asked for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from glossary.termio import Options
from glossary.termio.tbx2 import TBX2, Tbx2Format
from glossary.termio.tbx3 import TBX3, Tbx3Format
from glossary.termio.tbx_common import iter_concepts, read_concept
from glossary.termtypes import Entry


class TbxFormat:
    """TBX v2 (``martif``) or v3 (``tbx``), detected on reading; v3 unless told on writing."""

    name = "tbx"
    extensions = (".tbx", ".xml")

    def read(self, path: Path, options: Options) -> Iterator[Entry]:
        for dialect, elem in iter_concepts(path, {"martif": TBX2, "tbx": TBX3}):
            yield read_concept(elem, dialect, path)

    def write(self, entries: Iterable[Entry], stream: IO[bytes], options: Options) -> int:
        writer = Tbx2Format() if options.tbx_version == 2 else Tbx3Format()
        return writer.write(entries, stream, options)
