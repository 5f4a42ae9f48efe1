"""Opening a user's text file: refuse empty and binary files, decode UTF-8 or cp1252/latin-1.

A file that mixes encodings (UTF-8 lines and cp1252 lines, as when rows from two
sources were pasted together) is refused with the line numbers of both, instead of
being read as cp1252 with every UTF-8 letter turned into mojibake (``sprÃ¥k``).
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from glossary.errors import InputError

CHUNK = 1 << 16
# A multibyte UTF-8 sequence: in a cp1252 file it is almost always UTF-8 text (Ã¥ for å).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
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
                if encoding == "cp1252":
                    _refuse_mixed(fh, path)
                return encoding
            except UnicodeDecodeError as exc:
                failure = f"byte 0x{exc.object[exc.start]:02x} at offset {offset + exc.start}"
        raise InputError(f"{path}: not UTF-8 or cp1252/latin-1 text (undecodable {failure})")


def _refuse_mixed(fh, path: Path) -> None:
    """InputError when a file that is not UTF-8 as a whole has UTF-8 lines too."""
    fh.seek(0)
    utf8_line = legacy = None
    for number, line in enumerate(fh, 1):
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError as exc:
            legacy = legacy or (number, line[exc.start])
            if _UTF8_SEQUENCE.search(line):
                utf8_line = utf8_line or number
        if utf8_line and legacy:
            raise InputError(
                f"{path}: mixed encodings: line {utf8_line} is UTF-8 but line {legacy[0]} is "
                f"not (byte 0x{legacy[1]:02x}); save the whole file as UTF-8"
            )


def open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """Open ``path`` for reading as text in its detected encoding; returns (file, encoding)."""
    encoding = detect_encoding(path)
    return open(path, encoding=encoding, newline=""), encoding
