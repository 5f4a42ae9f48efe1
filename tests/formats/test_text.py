"""Plain text: layout, line endings, BOM and legacy encodings."""

from __future__ import annotations

import pytest

from glossary import formats
from glossary.errors import InputError
from tests.formats.contract import FIXTURES, FormatContract, translate
from tests.formats.translators import UpperTranslator


class TestProseText(FormatContract):
    fixture = "prose.txt"
    format = "txt"

    def check_translated(self, doc, targets, data, tmp_path):
        # Upper-casing keeps every word length, so the layout must match the input exactly.
        assert data == (FIXTURES / self.fixture).read_text("utf-8").upper().encode("utf-8")


class TestBomCrlfText(FormatContract):
    fixture = "bom-crlf.txt"
    format = "txt"

    def check_translated(self, doc, targets, data, tmp_path):
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.count(b"\r\n") == 4 and b"\n\n" not in data.replace(b"\r\n", b"")
        assert data.decode("utf-8-sig") == "FÖRSTA RADEN.\r\nANDRA RADEN.\r\n\r\nTREDJE RADEN.\r\n"


class TestLegacyText(FormatContract):
    fixture = "legacy-cp1252.txt"
    format = "txt"

    def test_detected_encoding_is_exposed(self, path):
        assert formats.load(path).encoding == "cp1252"

    def check_translated(self, doc, targets, data, tmp_path):
        # Written back in cp1252: the en dash is byte 0x96, the no-break space 0xA0.
        assert (
            data.decode("cp1252") == (FIXTURES / self.fixture).read_bytes().decode("cp1252").upper()
        )
        assert b"\x96" in data and b"\xa0" in data

    def test_output_encoding_override(self, path, tmp_path):
        doc = formats.load(path)
        out = tmp_path / "utf8.txt"
        formats.save(doc, translate(doc, UpperTranslator()), out, encoding="utf-8")
        assert "FÖRETAGET SÄLJER" in out.read_bytes().decode("utf-8")


def test_binary_file_named_txt_is_refused(tmp_path):
    fake = tmp_path / "picture.txt"
    fake.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        formats.load(fake)


def test_undecodable_bytes_are_refused(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ord \x81\x8d\x8f\x90\x9d och mer " * 4)
    with pytest.raises(InputError, match="undecodable"):
        formats.load(bad)


def test_unknown_extension_is_not_translatable(tmp_path):
    assert formats.detect_format(tmp_path / "a.png") is None
    assert formats.detect_format(tmp_path / "a.png", "txt") == "txt"
    with pytest.raises(InputError, match="unknown format"):
        formats.detect_format(tmp_path / "a.png", "pdf")
