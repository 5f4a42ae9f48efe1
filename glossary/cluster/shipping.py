"""The model package and the termbase as bytes, so cluster workers need no shared disk.

The driver packs the model folder (a tar archive) and a consistent copy of the termbase
(SQLite's online backup, so a write-ahead log is included); each worker unpacks both into
its own temporary folder once, when its actor starts.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

from glossary import store


def pack_folder(folder: Path) -> bytes:
    """``folder`` (a model package) as the bytes of an uncompressed tar archive."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(str(folder), arcname="package")
    return buffer.getvalue()


def unpack_folder(data: bytes, into: Path) -> Path:
    """Unpack :func:`pack_folder` bytes under ``into``; the package folder."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def pack_database(path: Path) -> bytes:
    """A consistent copy of the SQLite file at ``path``, as bytes."""
    with tempfile.TemporaryDirectory(prefix="ordbro-ship-") as tmp:
        copy = Path(tmp) / "copy.db"
        source = store.connect_plain(path, readonly=True)
        target = store.connect_plain(copy)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return copy.read_bytes()


def unpack_database(data: bytes, into: Path, name: str = "terms.db") -> Path:
    """Write database bytes to ``into/name``; its path."""
    path = into / name
    path.write_bytes(data)
    return path
