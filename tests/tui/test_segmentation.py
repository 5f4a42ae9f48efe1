"""Sentence segments in the workbench: opening, join, split, undo and the saved layout.

Real files in every format the workbench opens, parsed and written by the real formats.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from glossary import formats
from tui.segmentation import pieces
from tui.session import Session

TXT = (
    "Rubrik\n\n"
    "Chipkriget fortsätter.  Regeringen reagerar, t.ex. med nya regler. Sedan?\n"
    "\n"
    "    Ett indraget stycke med bl.a. två meningar. Den andra är kort.\n"
    "Ett hårt radbrutet stycke som fortsätter på nästa rad\n"
    "och slutar här. Sedan kommer en mening till.\r\n"
)
MD = (
    "# Rubrik\n\n"
    "Öppna **filen** i dag. Läs sedan [guiden](https://example.com) noga!\n\n"
    "- En punkt. Med två meningar.\n"
    "- En punkt.\n"
)
HTML = (
    "<html><head><title>Sida</title></head><body>\n"
    "<h1>Välkommen</h1>\n"
    "<p>Vi tillverkar <b>snabba</b> processorer. Kunderna finns i   Europa.</p>\n"
    "<p>En mening.</p>\n"
    "</body></html>\n"
)
SRT = (
    "1\n00:00:01,000 --> 00:00:03,500\nHej och välkommen. Vi börjar\nmed en fråga.\n\n"
    "2\n00:00:04,000 --> 00:00:06,250\n<i>Vad är en halvledare?</i> Ingen vet.\n"
)
PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgid "Spara filen. Stäng sedan fönstret."\nmsgstr ""\n'
)
XLIFF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '  <file source-language="sv" target-language="en" datatype="plaintext" original="a">\n'
    "    <body>\n"
    '      <trans-unit id="save"><source>Klicka på <g id="1">Spara</g>. Sedan är det'
    ' klart<x id="2"/>.</source></trans-unit>\n'
    "    </body>\n  </file>\n</xliff>\n"
)
SECOND_SENTENCE = {
    ".txt": "Regeringen reagerar",
    ".md": "noga!",
    ".html": "Kunderna finns i",
    ".docx": "Vinsten ökade",
    ".srt": "med en fråga",
    ".po": "Stäng sedan",
    ".xlf": "Sedan är det",
}


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Rubriken")
    p = document.add_paragraph("Företaget sålde ")
    p.add_run("många").bold = True
    p.add_run(" kiselskivor. Vinsten ökade kraftigt. Styrelsen är nöjd.")
    document.save(path)
    return path


@pytest.fixture(params=["txt", "md", "html", "docx", "srt", "po", "xlf"])
def document(request, tmp_path) -> Path:
    kind = request.param
    path = tmp_path / f"doc.{kind}"
    if kind == "docx":
        return _docx(path)
    text = {"txt": TXT, "md": MD, "html": HTML, "srt": SRT, "po": PO, "xlf": XLIFF}[kind]
    path.write_bytes(text.encode("utf-8"))
    return path


def _open(path: Path, sentences: bool = True) -> Session:
    return Session.from_document(path, formats.load(path), sentences=sentences)


def _saved(session: Session, tmp_path: Path, name: str) -> bytes:
    out = tmp_path / name
    formats.save(session.document, session.targets(), out)
    return out.read_bytes()


def _text(data: bytes, path: Path) -> str:
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return data.decode("utf-8")


def test_pieces_concatenate_back_to_the_paragraph():
    text = "  Första meningen.   Andra, t.ex. den här!\tTredje? "
    parts = pieces(text, "sv")
    assert [p[1] for p in parts] == ["Första meningen.", "Andra, t.ex. den här!", "Tredje?"]
    assert "".join(b + s + a for b, s, a in parts) == text
    assert pieces("En enda mening. ", "sv") == [("", "En enda mening. ", "")]


def test_a_paragraph_opens_as_its_sentences(document):
    paragraphs = _open(document, sentences=False)
    sentences = _open(document)
    assert len(sentences) > len(paragraphs)
    # every paragraph is its sentences, in order, with the source's own separators
    for unit, row in enumerate(paragraphs.rows):
        members = [r for r in sentences.rows if r.unit == unit]
        assert "".join(r.before + r.source + r.after for r in members) == row.source


def test_saving_sentences_gives_the_paragraph_modes_file_byte_for_byte(document, tmp_path):
    sentences = _open(document)
    for row in sentences.rows:
        row.target = row.source.upper()
    paragraphs = _open(document, sentences=False)
    for row in paragraphs.rows:
        row.target = row.source.upper()
    by_sentence = _saved(sentences, tmp_path, "s" + document.suffix)
    by_paragraph = _saved(paragraphs, tmp_path, "p" + document.suffix)
    assert by_sentence == by_paragraph
    assert SECOND_SENTENCE[document.suffix].upper() in _text(by_sentence, document)


def test_an_untranslated_sentence_keeps_its_source_in_the_saved_paragraph(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TXT, encoding="utf-8")
    session = _open(path)
    second = next(i for i, r in enumerate(session.rows) if r.source.startswith("Regeringen"))
    session.set_target(second, "The government reacts, e.g. with new rules.", "edited")
    out = _saved(session, tmp_path, "out.txt").decode("utf-8")
    assert out == TXT.replace(
        "Regeringen reagerar, t.ex. med nya regler.",
        "The government reacts, e.g. with new rules.",
    )


def test_join_split_and_undo_restore_segments_and_targets(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TXT, encoding="utf-8")
    session = _open(path)
    first = next(i for i, r in enumerate(session.rows) if r.source.startswith("Chipkriget"))
    before = [(r.key, r.source, r.target, r.status) for r in session.rows]
    session.set_target(first, "The chip war goes on.", "edited")
    session.confirm(first)
    session.set_target(first + 1, "The government reacts.", "machine", match="MT")

    assert session.join(first)
    row = session.rows[first]
    assert row.source == "Chipkriget fortsätter.  Regeringen reagerar, t.ex. med nya regler."
    assert row.target == "The chip war goes on.  The government reacts."
    assert row.status == "machine"  # never more finished than its least finished part
    assert len(session) == len(before) - 1
    assert not session.join(first + 1)  # "Sedan?" ends the paragraph

    cut = row.source.index("Regeringen")
    assert session.split(first, cut)
    assert session.rows[first].source == "Chipkriget fortsätter."
    assert session.rows[first + 1].source == "Regeringen reagerar, t.ex. med nya regler."
    assert session.rows[first + 1].before == "  "
    # the target had as many sentences: it is cut at the same one, statuses kept
    assert [(r.target, r.status) for r in session.rows[first : first + 2]] == [
        ("The chip war goes on.", "machine"),
        ("The government reacts.", "machine"),
    ]
    assert not session.split(first, 0)  # nothing before the cursor

    session.undo()  # the split
    assert session.rows[first].source.endswith("nya regler.")
    session.undo()  # the join
    assert session.rows[first].target == "The chip war goes on."
    assert session.rows[first].status == "approved"
    assert session.rows[first + 1].target == "The government reacts."
    session.undo()
    session.undo()
    session.undo()
    assert [(r.key, r.source, r.target, r.status) for r in session.rows] == before
    assert session.undo() is None


def test_keys_are_renumbered_within_the_paragraph(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Ett. Två. Tre.\n", encoding="utf-8")
    session = _open(path)
    assert [r.key for r in session.rows] == ["p1.s1", "p1.s2", "p1.s3"]
    session.join(0)
    assert [r.key for r in session.rows] == ["p1.s1", "p1.s2"]
    session.join(0)
    assert [r.key for r in session.rows] == ["p1"]
    session.undo()
    assert [r.key for r in session.rows] == ["p1.s1", "p1.s2"]


def test_a_bilingual_unit_with_a_translation_stays_whole(tmp_path):
    path = tmp_path / "app.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Spara filen. Stäng sedan."\nmsgstr "Save the file. Then close."\n\n'
        'msgid "Öppna filen. Läs den."\nmsgstr ""\n',
        encoding="utf-8",
    )
    session = _open(path)
    assert [r.source for r in session.rows] == [
        "Spara filen. Stäng sedan.",
        "Öppna filen.",
        "Läs den.",
    ]
    session.set_target(1, "Open the file.", "edited")
    session.set_target(2, "Read it.", "edited")
    assert session.targets() == ["Save the file. Then close.", "Open the file. Read it."]


def test_keep_whole_keeps_a_paragraph_the_memory_holds(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Ett. Två.\n\nTre. Fyra.\n", encoding="utf-8")
    whole = {"Ett. Två."}
    session = Session.from_document(
        path, formats.load(path), sentences=True, keep_whole=whole.__contains__
    )
    assert [r.source for r in session.rows] == ["Ett. Två.", "Tre.", "Fyra."]


def test_a_target_that_does_not_align_stays_with_the_first_part(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Ett. Två. Tre.\n", encoding="utf-8")
    session = _open(path)
    session.join(0)
    session.join(0)
    session.set_target(0, "One, two and three.", "approved")
    assert session.split(0, session.rows[0].source.index("Två"))
    first, second = session.rows[0], session.rows[1]
    assert (first.source, first.target, first.status) == ("Ett.", "One, two and three.", "edited")
    assert (second.source, second.target, second.status) == ("Två. Tre.", "", "new")
    # cut inside a sentence: never a target cut
    session.undo()
    session.set_target(0, "One. Two. Three.", "machine")
    assert session.split(0, session.rows[0].source.index("vå"))
    assert [r.target for r in session.rows] == ["One. Two. Three.", ""]


def test_a_split_inside_inline_markup_is_refused(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("Läs **den här guiden noga** i dag och i morgon.\n", encoding="utf-8")
    session = _open(path)
    source = session.rows[0].source
    assert source == "Läs ⟨1⟩den här guiden noga⟨/1⟩ i dag och i morgon."
    assert not session.split(0, source.index("guiden"))  # between ⟨1⟩ and ⟨/1⟩
    assert not session.split(0, source.index("⟨/1⟩") + 1)  # inside the placeholder
    assert session.split(0, source.index("i dag"))
    assert [r.source for r in session.rows] == [
        "Läs ⟨1⟩den här guiden noga⟨/1⟩",
        "i dag och i morgon.",
    ]
