"""Gettext catalogues: msgstr filled and flagged fuzzy, plurals, existing kept."""

from __future__ import annotations

import polib

from glossary import formats
from tests.formats.contract import FormatContract, translate
from tests.formats.translators import UpperTranslator


class TestPo(FormatContract):
    fixture = "app.po"
    format = "po"
    bilingual = True
    identity_bytes = False  # filling msgstr changes the file

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        po = polib.pofile(data.decode("utf-8"))
        opened = po.find("Open the document")
        assert opened.msgstr == "OPEN THE DOCUMENT" and "fuzzy" in opened.flags
        saved = po.find("Save")
        assert saved.msgstr == "Save it" and "fuzzy" not in saved.flags  # existing kept
        menu = po.find("Close window", msgctxt="menu")
        assert menu.msgstr == "CLOSE WINDOW"
        plural = po.find("One file was saved")
        assert plural.msgstr_plural == {0: "ONE FILE WAS SAVED", 1: "SEVERAL FILES WERE SAVED"}
        assert [e.msgid for e in po.obsolete_entries()] == ["Old entry"]
        assert po.metadata["Project-Id-Version"] == "demo 1.0"


def test_existing_translation_is_offered_and_overwritable(tmp_path):
    from tests.formats.contract import FIXTURES

    doc = formats.load(FIXTURES / "app.po")
    save = next(s for s in doc.segments if s.source == "Save")
    assert save.target == "Save it"
    targets = [s.source.upper() for s in doc.segments]  # overwrite everything
    formats.save(doc, targets, tmp_path / "o.po")
    po = polib.pofile(str(tmp_path / "o.po"))
    assert po.find("Save").msgstr == "SAVE" and "fuzzy" in po.find("Save").flags


def test_pot_template_is_read(tmp_path):
    pot = tmp_path / "app.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\n'
        'msgid "Hej"\nmsgstr ""\n',
        encoding="utf-8",
    )
    doc = formats.load(pot)
    assert [s.source for s in doc.segments] == ["Hej"]
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "o.po")
    assert 'msgstr "HEJ"' in (tmp_path / "o.po").read_text("utf-8")


def test_format_codes_are_protected(tmp_path):
    po = tmp_path / "codes.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "%d filer sparade i {folder}\\nKlart."\nmsgstr ""\n',
        encoding="utf-8",
    )
    doc = formats.load(po)
    assert [s.source for s in doc.segments] == ["⟦1⟧ filer sparade i ⟦2⟧\nKlart."]
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "o.po")
    entry = polib.pofile(str(tmp_path / "o.po")).find("%d filer sparade i {folder}\nKlart.")
    assert entry.msgstr == "%d FILER SPARADE I {folder}\nKLART."
