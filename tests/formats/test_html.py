"""HTML: block text and alt/title translated with inline markup inside the sentence."""

from __future__ import annotations

import pytest

from glossary import formats
from glossary.errors import InputError
from tests.formats.contract import FormatContract, translate
from tests.formats.translators import DropPlaceholdersTranslator, UpperTranslator


class TestHtml(FormatContract):
    fixture = "page.html"
    format = "html"

    def test_inline_tags_stay_inside_one_sentence(self, path):
        doc = formats.load(path)
        sentence = next(s for s in doc.segments if "processorer" in s.source)
        assert sentence.source.startswith("Vi tillverkar ⟨1⟩snabba⟨/1⟩ processorer för ⟨2⟩kunder")
        sources = " ".join(s.source for s in doc.segments)
        for skipped in ("översätt inte", "kod som inte", "Varumärke", "color", "make install"):
            assert skipped not in sources

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        html = data.decode("utf-8")
        assert "<title>OM FÖRETAGET</title>" in html
        assert (
            '<p>VI TILLVERKAR <b>SNABBA</b> PROCESSORER FÖR <a href="/kunder" '
            'title="VÅRA KUNDER">KUNDER</a> I HELA VÄRLDEN.<br>KONTAKTA OSS GÄRNA.</p>'
        ) in html
        assert 'alt="BILD AV FABRIKEN"' in html
        assert "<pre>kod som inte översätts</pre>" in html
        assert '<p translate="no">Varumärke AB</p>' in html
        assert 'var text = "översätt inte";' in html
        assert "<code>make install</code>" in html
        assert "<!-- en kommentar -->" in html
        assert "<div>TEXT FÖRE ETT STYCKE <p>ETT INRE STYCKE.</p> OCH TEXT EFTER.</div>" in html


def test_inline_tags_survive_a_translator_that_drops_placeholders(tmp_path):
    src = tmp_path / "p.html"
    src.write_text("<p>Kör <code>ls</code> och <b>spara</b> filen.</p>", encoding="utf-8")
    doc = formats.load(src)
    formats.save(doc, translate(doc, DropPlaceholdersTranslator()), tmp_path / "o.html")
    out = (tmp_path / "o.html").read_text("utf-8")
    # The translator sees plain text only; the markup is projected back where it was.
    assert out == "<p>Kör <code>ls</code> och <b>spara</b> filen.</p>"


def test_scrambled_tags_are_restored_not_broken(tmp_path):
    src = tmp_path / "p.html"
    src.write_text("<p>En <b>fet</b> och <i>kursiv</i> rad.</p>", encoding="utf-8")
    doc = formats.load(src)
    [segment] = doc.segments
    assert segment.source == "En ⟨1⟩fet⟨/1⟩ och ⟨2⟩kursiv⟨/2⟩ rad."
    formats.save(doc, ["A ⟨1⟩bold ⟨2⟩and⟨/1⟩ italic⟨/2⟩ line."], tmp_path / "o.html")
    out = (tmp_path / "o.html").read_text("utf-8")
    # <b> closes inside <i>: the markup guarantee puts both back, validly nested.
    assert out == "<p>A <b>bold</b> and <i>italic</i> line.</p>"


def test_fragment_without_markup_is_malformed(tmp_path):
    bad = tmp_path / "x.html"
    bad.write_text("just words, no tags at all", encoding="utf-8")
    with pytest.raises(InputError, match="malformed HTML"):
        formats.load(bad)


def test_uppercase_fragment(tmp_path):
    src = tmp_path / "f.htm"
    src.write_text('<p title="Hjälp">Hej <em>där</em></p>\n<p>Två</p>', encoding="utf-8")
    doc = formats.load(src)
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "o.htm")
    assert (tmp_path / "o.htm").read_text("utf-8") == (
        '<p title="HJÄLP">HEJ <em>DÄR</em></p>\n<p>TVÅ</p>'
    )


def test_xhtml_with_xml_declaration(tmp_path):
    src = tmp_path / "page.xhtml"
    src.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hej där</p></body></html>\n',
        encoding="utf-8",
    )
    doc = formats.load(src)
    assert [s.source for s in doc.segments] == ["Hej där"]
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "o.xhtml")
    out = (tmp_path / "o.xhtml").read_text("utf-8")
    assert out.startswith('<?xml version="1.0" encoding="utf-8"?>\n') and "<p>HEJ DÄR</p>" in out
