"""Word documents: paragraphs whole, run formatting mapped back, tables, headers, footers."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from glossary import formats
from glossary.errors import InputError
from tests.formats.contract import FIXTURES, FormatContract, translate
from tests.formats.translators import DropPlaceholdersTranslator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class TestDocx(FormatContract):
    fixture = "report.docx"
    format = "docx"

    def test_formatted_runs_are_one_segment(self, path):
        doc = formats.load(path)
        assert doc.segments[1].source == (
            "Företaget sålde ⟨1⟩många⟨/1⟩ kiselskivor under året, och ⟨2⟩vinsten⟨/2⟩ "
            "ökade kraftigt."
        )

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        d = docx.Document(io.BytesIO(data))
        runs = [(r.text, bool(r.bold), bool(r.italic)) for r in d.paragraphs[1].runs]
        assert runs == [
            ("FÖRETAGET SÅLDE ", False, False),
            ("MÅNGA", True, False),
            (" KISELSKIVOR UNDER ÅRET, OCH ", False, False),
            ("VINSTEN", False, True),
            (" ÖKADE KRAFTIGT.", False, False),
        ]
        assert d.paragraphs[0].style.name == "Heading 1"
        assert d.tables[0].cell(0, 0).text == "INTÄKTER"
        assert d.tables[0].cell(1, 1).tables[0].cell(0, 0).text == "INRE TABELLCELL."
        assert d.sections[0].header.paragraphs[0].text == "KONFIDENTIELLT DOKUMENT"
        assert d.sections[0].footer.paragraphs[0].text == "SIDFOT MED TEXT"
        link = d.paragraphs[2]._p.find(f"{W}hyperlink")
        assert link is not None and "".join(t.text for t in link.iter(f"{W}t")) == "VÅR WEBBPLATS"
        assert "\t" in d.paragraphs[3].text  # the tab run survives


def test_lost_formatting_keeps_all_text(tmp_path):
    doc = formats.load(FIXTURES / "report.docx")
    formats.save(doc, translate(doc, DropPlaceholdersTranslator()), tmp_path / "o.docx")
    d = docx.Document(tmp_path / "o.docx")
    assert d.paragraphs[1].text == (
        "Företaget sålde många kiselskivor under året, och vinsten ökade kraftigt."
    )
    assert "\t" in d.paragraphs[3].text  # an atom lost by the translator is appended


def test_zip_bomb_is_refused_before_opening(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(16):
                fh.write(chunk)
    assert bomb.stat().st_size < 100_000  # 16 MiB of XML squeezed 1000:1
    with pytest.raises(InputError, match="zip bomb"):
        formats.load(bomb)


def test_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("Det här är ingen Word-fil.", encoding="utf-8")
    with pytest.raises(InputError, match="not a Word document"):
        formats.load(fake)
