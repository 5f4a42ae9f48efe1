"""Markdown: prose translated, code, URLs, link targets, HTML blocks and front matter kept."""

from __future__ import annotations

from glossary import formats
from tests.formats.contract import FormatContract, translate
from tests.formats.translators import UpperTranslator


class TestMarkdown(FormatContract):
    fixture = "guide.md"
    format = "md"

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        text = data.decode("utf-8")
        for kept in (
            "---\ntitle: Guide\ntags: [a, b]\n---\n",  # front matter
            "`ordbro translate fil.txt`",  # inline code
            '(https://example.org/docs "Dokumentation")',  # link target
            "https://example.org/faq",  # bare URL
            '```bash\necho "översätt inte detta"\n```',  # fenced code
            '<div class="note">\nHTML-block lämnas orört.\n</div>',  # HTML block
            "![Skärmbild av fönstret](bild.png)",  # image
            "| `spara` |",
        ):
            assert kept in text, kept
        for moved in ("# KOM IGÅNG #", "[WEBBPLATSEN](", "> ETT CITAT", "**FET TEXT**", "*KURSIV*"):
            assert moved in text, moved
        assert "- FÖRSTA PUNKTEN" in text and "SLUTORD." in text


def test_quote_keeps_its_markers_on_every_line(tmp_path):
    src = tmp_path / "q.md"
    src.write_text("> första raden\n> andra raden\n", encoding="utf-8")
    doc = formats.load(src)
    formats.save(doc, translate(doc, UpperTranslator()), tmp_path / "out.md")
    assert (tmp_path / "out.md").read_text("utf-8") == "> FÖRSTA RADEN\n> ANDRA RADEN\n"
