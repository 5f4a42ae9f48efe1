"""Opening a user's text file: refuse empty and binary files, decode UTF-8 or cp1252/latin-1."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

from glossary.errors import InputError

CHUNK = 1 << 16
# Control characters that never occur in a text glossary.
_CONTROL = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {chr(c) for c in range(0x7F, 0xA0)}


def detect_encoding(path: Path) -> str:
    """The encoding of a text file: "utf-8-sig", "utf-16" (with BOM) or "cp1252".

    Reads the file in chunks, so any size is fine. Empty, binary and undecodable
    files raise :class:`InputError` naming the file.
    """
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(CHUNK)
        if not head.strip():
            raise InputError(f"{path}: the file is empty")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            candidates = ["utf-16"]
        else:
            if b"\x00" in head:
                raise InputError(f"{path}: a binary file, not text (CSV/TSV)")
            candidates = ["utf-8-sig", "cp1252"]
        failure = ""
        for encoding in candidates:
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            offset = 0
            try:
                while chunk := fh.read(CHUNK):
                    text = decoder.decode(chunk)
                    bad = next((c for c in text if c in _CONTROL), None)
                    if bad is not None:
                        raise InputError(
                            f"{path}: a binary file, not text (control character "
                            f"U+{ord(bad):04X} near byte {offset})"
                        )
                    offset += len(chunk)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError as exc:
                failure = f"byte 0x{exc.object[exc.start]:02x} at offset {offset + exc.start}"
        raise InputError(f"{path}: not UTF-8 or cp1252/latin-1 text (undecodable {failure})")


def open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """Open ``path`` for reading as text in its detected encoding; returns (file, encoding)."""
    encoding = detect_encoding(path)
    return open(path, encoding=encoding, newline=""), encoding
