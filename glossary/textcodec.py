"""Decoding users' text files: the one place that decides what encoding a file is in.

Two ways in, one set of rules (a BOM decides; NUL bytes and control characters mean a
binary file; UTF-8 if the bytes are UTF-8; else a Western European legacy encoding):

- :func:`decode` / :func:`detect_encoding` for a whole input held in memory (documents
  to translate, bilingual files, stdin). The legacy encoding is detected with
  charset-normalizer (cp1252, latin-1, ISO 8859-15).
- :func:`open_text` for a file read as a stream (glossaries of any size): the file is
  validated chunk by chunk as UTF-8, then as cp1252, without being held in memory.

Both refuse a file that mixes encodings (UTF-8 lines and cp1252 lines, as when rows
from two sources were pasted together), naming a line of each, instead of reading it as
cp1252 with every UTF-8 letter turned into mojibake (``sprÃ¥k``). Every error is an
:class:`InputError` naming the file. Reading is linear in the size of the input.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from pathlib import Path

from glossary.errors import InputError

SAMPLE_BYTES = 1 << 20  # what whole-input detection looks at
CHUNK = 1 << 16  # what a streamed file is read by
LEGACY = "cp1252"  # the legacy encoding a streamed file is validated as

# Control bytes that a text file does not contain (a few are tolerated in documents).
_BINARY_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26}
# Control characters that never occur in a text glossary (a streamed file).
_CONTROL = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {chr(c) for c in range(0x7F, 0xA0)}
# A multibyte UTF-8 sequence: in a cp1252 file it is almost always UTF-8 text (Ã¥ for å).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _binary(path: Path, detail: str = "") -> InputError:
    return InputError(f"{path}: looks like a binary file, not text{detail}")


def _bom(head: bytes) -> str | None:
    """The encoding a byte-order mark names, if ``head`` starts with one."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


# ------------------------------------------------------------------------- whole inputs


def detect_encoding(sample: bytes, path: Path) -> str:
    """The encoding of a text file from its first bytes; InputError for binary data."""
    bom = _bom(sample)
    if bom:
        return bom
    head = sample[:65536]
    controls = sum(1 for b in head if b in _BINARY_CONTROL)
    if b"\x00" in sample or controls > max(8, len(head) // 100):
        raise _binary(path)
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut inside a multibyte character is still UTF-8.
        if exc.start >= len(sample) - 3 and len(sample) >= SAMPLE_BYTES:
            return "utf-8"
    from charset_normalizer import from_bytes

    # Legacy files here are Western European: cp1252 and its subsets, or ISO 8859-15.
    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    if best is None:
        raise InputError(f"{path}: undecodable bytes: not UTF-8 and no known encoding fits")
    name = codecs.lookup(best.encoding).name
    return "cp1252" if name in ("iso8859-1", "latin-1") and _fits(sample, "cp1252") else name


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding) of a whole file (a UTF-8 BOM is kept in the text)."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], path)
    if not encoding.startswith("utf-"):
        refuse_mixed(data.splitlines(), path)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: undecodable bytes at offset {exc.start} (read as {encoding})"
        ) from exc


def encode(text: str, encoding: str) -> bytes:
    """Encode output text; characters the encoding lacks become '?'."""
    return text.encode(encoding, errors="replace")


def _fits(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def refuse_mixed(lines: Iterable[bytes], path: Path) -> None:
    """InputError when a file that is not UTF-8 as a whole has UTF-8 lines too."""
    utf8_line = legacy = None
    for number, line in enumerate(lines, 1):
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


# ------------------------------------------------------------------------ streamed files


def detect_file_encoding(path: Path) -> str:
    """The encoding of a file read as a stream: "utf-8-sig", "utf-16" (with BOM) or
    "cp1252". The whole file is validated chunk by chunk, so any size is fine. Empty,
    binary, undecodable and mixed-encoding files raise :class:`InputError` naming it."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(CHUNK)
        if not head.strip():
            raise InputError(f"{path}: the file is empty")
        if _bom(head) == "utf-16":
            candidates = ["utf-16"]
        else:
            if b"\x00" in head:
                raise _binary(path)
            candidates = ["utf-8-sig", LEGACY]
        failure = ""
        for encoding in candidates:
            fh.seek(0)
            failure = _undecodable(fh, encoding, path)
            if failure:
                continue
            if encoding == LEGACY:
                fh.seek(0)
                refuse_mixed(fh, path)
            return encoding
        raise InputError(f"{path}: not UTF-8 or cp1252/latin-1 text (undecodable {failure})")


def _undecodable(fh: io.BufferedReader, encoding: str, path: Path) -> str:
    """Decode the whole stream: "" when it is all ``encoding``, else where it is not;
    InputError for a control character."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    while chunk := fh.read(CHUNK):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return f"byte 0x{exc.object[exc.start]:02x} at offset {offset + exc.start}"
        bad = next((c for c in text if c in _CONTROL), None)
        if bad is not None:
            raise _binary(path, f" (control character U+{ord(bad):04X} near byte {offset})")
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return f"a truncated character at offset {offset}"
    return ""


def open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """Open ``path`` for reading as text in its detected encoding; returns (file, encoding)."""
    encoding = detect_file_encoding(path)
    return open(path, encoding=encoding, newline=""), encoding
