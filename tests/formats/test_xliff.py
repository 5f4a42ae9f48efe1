"""XLIFF 1.2 and 2.0: targets filled with inline codes, states set, existing kept."""

from __future__ import annotations

import pytest
from lxml import etree

from glossary import formats
from glossary.errors import InputError
from glossary.formats.xliff import NS12, NS20
from tests.formats.contract import FormatContract


class TestXliff12(FormatContract):
    fixture = "strings12.xlf"
    format = "xliff"
    bilingual = True
    identity_bytes = False

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        root = etree.fromstring(data)
        ns = {"x": NS12}
        unit = root.find(".//x:trans-unit[@id='save']", ns)
        target = unit.find("x:target", ns)
        assert target.get("state") == "needs-review-translation"
        xml = etree.tostring(target, encoding="unicode")
        assert '>KLICKA PÅ <g id="1">SPARA</g> FÖR ATT SPARA<x id="2"/> DOKUMENTET.<' in xml
        done = root.find(".//x:trans-unit[@id='done']/x:target", ns)
        assert done.text == "Finished" and done.get("state") == "translated"
        brand = root.find(".//x:trans-unit[@id='brand']", ns)
        assert brand.find("x:target", ns) is None


class TestXliff20(FormatContract):
    fixture = "strings20.xlf"
    format = "xliff"
    bilingual = True
    identity_bytes = False

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        root = etree.fromstring(data)
        ns = {"x": NS20}
        seg = root.find(".//x:unit[@id='u1']/x:segment[@id='s1']", ns)
        assert seg.get("state") == "translated"
        xml = etree.tostring(seg.find("x:target", ns), encoding="unicode")
        assert '>ÖPPNA <pc id="1">INSTÄLLNINGARNA</pc> FÖRST.<' in xml
        final = root.find(".//x:unit[@id='u2']/x:segment", ns)
        assert final.get("state") == "final" and final.find("x:target", ns).text == "Cancel"


def test_lost_codes_are_still_in_the_target(tmp_path):
    from tests.formats.contract import FIXTURES

    doc = formats.load(FIXTURES / "strings12.xlf")
    targets = [None, "Click Save to save the document.", None]
    formats.save(doc, targets, tmp_path / "o.xlf")
    root = etree.parse(str(tmp_path / "o.xlf")).getroot()
    target = root.findall(".//{*}target")[0]
    # The markup guarantee put every code back, once, around or between target words.
    assert [(el.tag.split("}")[1], el.get("id")) for el in target.iter("{*}g", "{*}x")] == [
        ("g", "1"),
        ("x", "2"),
    ]
    assert " ".join("".join(target.itertext()).split()) == "Click Save to save the document."


def test_malformed_xliff_is_refused(tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_text('<xliff version="1.2"><file><body><trans-unit>', encoding="utf-8")
    with pytest.raises(InputError, match="malformed XLIFF"):
        formats.load(bad)


def test_entities_are_not_expanded(tmp_path):
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        f'<xliff version="1.2" xmlns="{NS12}"><file source-language="sv"><body>'
        '<trans-unit id="1"><source>Hej &b;</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    doc = formats.load(bomb)
    assert "aaaaaaaaaa" not in doc.segments[0].source


def test_other_xml_is_not_xliff(tmp_path):
    other = tmp_path / "x.xlf"
    other.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InputError, match="not an XLIFF"):
        formats.load(other)


def test_bpt_and_ept_enclose_their_words_as_one_pair(tmp_path):
    from tests.formats.contract import translate
    from tests.formats.translators import UpperTranslator

    src = tmp_path / "codes.xlf"
    src.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body>'
        '<trans-unit id="1"><source>Öppna <bpt id="6">&lt;b&gt;</bpt>inställningarna'
        '<ept id="6">&lt;/b&gt;</ept> nu.</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    doc = formats.load(src)
    assert [s.source for s in doc.segments] == ["Öppna ⟨1⟩inställningarna⟨/1⟩ nu."]
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "o.xlf")
    xml = (tmp_path / "o.xlf").read_text("utf-8")
    assert (
        '<target state="needs-review-translation">ÖPPNA <bpt id="6">&lt;b&gt;</bpt>'
        'INSTÄLLNINGARNA<ept id="6">&lt;/b&gt;</ept> NU.</target>'
    ) in xml
