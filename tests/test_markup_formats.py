"""Per format, a file with inline markup translated by `ordbro translate` on the bundled
starter model: the output parses, and every tag, link target, placeholder and code span
of the source is in the translation (the starter model rewrites words freely)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from glossary import formats
from tests.markupcheck import placeholders, tags
from tests.test_cli_translate import run

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markup"
REPORT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "files"


@pytest.fixture
def translate(isolated_home, monkeypatch, tmp_path):
    """Translate one fixture with the starter model; (source path, output path, report)."""

    def call(source: Path) -> tuple[Path, Path, dict]:
        given = tmp_path / "in" / source.name
        given.parent.mkdir(exist_ok=True)
        shutil.copy(source, given)
        out = tmp_path / "out" / source.name
        report = tmp_path / f"{source.name}.json"
        code, _, err = run(
            ["translate", "--no-terms", "--no-tm", str(given), "-o", str(out),
             "--report", str(report)],
            monkeypatch=monkeypatch,
        )  # fmt: skip
        assert code == 0, err
        formats.load(out)  # the output parses as its own format
        data = json.loads(report.read_text("utf-8"))
        statuses = set(data["files"][0]["markup"].values())
        assert statuses and statuses <= {"aligned", "fallback"}
        return given, out, data

    return call


def _text(path: Path) -> str:
    return path.read_text("utf-8")


def test_markdown_links_code_and_emphasis(translate):
    source, out, _ = translate(FIXTURES / "guide.md")
    assert tags(_text(out)) == tags(_text(source))
    for marker in ("**", "`"):
        assert _text(out).count(marker) == _text(source).count(marker)
    assert "https://example.org/handbok" in _text(out) and "(bild.png)" in _text(out)


def test_html_tags_and_link_targets(translate):
    source, out, _ = translate(FIXTURES / "page.html")

    def inline(path: Path) -> Counter:
        root = etree.HTML(path.read_bytes())
        body = root.find("body")
        return Counter((el.tag, el.get("href")) for el in body.iter() if el is not body)

    assert inline(out) == inline(source)
    assert "&amp;" in _text(out) and "<code>rapport.txt</code>" in _text(out)


def test_xliff_codes_in_every_target(translate):
    _, out, _ = translate(FIXTURES / "strings.xlf")
    root = etree.parse(str(out)).getroot()

    def codes(el) -> Counter:
        found: Counter = Counter()
        for c in el.iter():
            name = c.tag.split("}")[1]
            if c is not el:  # native code content (ph, bpt, ept) is copied verbatim
                found[name, c.get("id"), None if name == "g" else c.text] += 1
        return found

    units = root.findall(".//{*}trans-unit")
    assert len(units) == 3
    for unit in units:
        source, target = unit.find("{*}source"), unit.find("{*}target")
        assert target is not None and codes(target) == codes(source)


def test_po_placeholders_and_tags(translate):
    import polib

    _, out, _ = translate(FIXTURES / "app.po")
    entries = [e for e in polib.pofile(str(out)) if e.msgid]
    assert len(entries) == 4
    for entry in entries:
        assert entry.msgstr
        assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry
        assert tags(entry.msgstr) == tags(entry.msgid), entry
    assert "&amp;" in entries[3].msgstr


@pytest.mark.parametrize("name", ["talk.srt", "talk.vtt"])
def test_subtitle_tags(translate, name):
    source, out, _ = translate(FIXTURES / name)
    assert tags(_text(out)) == tags(_text(source))
    for piece in ("{\\an8}", "<v Anna>", "<v Erik>"):
        assert _text(out).count(piece) == _text(source).count(piece)


def test_word_runs_and_hyperlinks(translate):
    source, out, _ = translate(REPORT_FIXTURES / "report.docx")

    def inline(path: Path) -> Counter:
        import docx

        body = docx.Document(str(path)).element.body
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        found: Counter = Counter()
        for link in body.iter(f"{w}hyperlink"):
            found["link " + link.get(f"{r}id")] += 1
        for wrun in body.iter(f"{w}r"):
            text = "".join(t.text or "" for t in wrun.iter(f"{w}t")).strip()
            for flag in ("b", "i", "tab"):
                if wrun.find(f".//{w}{flag}") is not None and (text or flag == "tab"):
                    found[flag] += 1
        return found

    assert inline(out) == inline(source)
