"""One module decodes users' text files, for whole documents and for streamed glossaries."""

from __future__ import annotations

import pytest

from glossary import formats
from glossary.errors import InputError
from glossary.textcodec import CHUNK, decode, open_text

MIXED = (
    "Språkmodellen översätter.\n".encode()
    + b"Ingen accent h\xe4r.\n".replace(b"\xe4", b"a")
    + "Förhållningssättet är nytt.\n".encode("cp1252")
)


def test_a_document_mixing_utf8_and_cp1252_lines_is_refused_naming_both(tmp_path):
    path = tmp_path / "blandat.txt"
    path.write_bytes(MIXED)
    with pytest.raises(InputError) as err:
        formats.load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: mixed encodings")
    assert "line 1 is UTF-8" in message and "line 3 is not (byte 0xf6)" in message


def test_a_streamed_glossary_and_a_document_get_the_same_mixed_encoding_error(tmp_path):
    path = tmp_path / "blandat.csv"
    path.write_bytes(MIXED)
    with pytest.raises(InputError) as streamed:
        open_text(path)
    with pytest.raises(InputError) as whole:
        decode(MIXED, path)
    assert str(streamed.value) == str(whole.value)


def test_a_pure_cp1252_document_and_glossary_read_without_mojibake(tmp_path):
    data = "förhållningssätt – språk\n".encode("cp1252")
    path = tmp_path / "gammal.csv"
    path.write_bytes(data * 3)
    assert decode(data, path) == ("förhållningssätt – språk\n", "cp1252")
    fh, encoding = open_text(path)
    with fh:
        assert (encoding, fh.readline()) == ("cp1252", "förhållningssätt – språk\n")


def test_a_stream_is_checked_past_its_first_chunk(tmp_path):
    path = tmp_path / "lång.csv"
    path.write_bytes(b"chip,chip\n" * (CHUNK // 10 + 50) + b"wafer\x81\x8d,wafer\n")
    with pytest.raises(InputError, match=r"not UTF-8 or cp1252/latin-1 text \(undecodable"):
        open_text(path)
    path.write_bytes(b"chip,chip\n" * (CHUNK // 10 + 50) + b"wafer\x01,wafer\n")
    with pytest.raises(InputError, match=r"looks like a binary file, not text \(control"):
        open_text(path)
