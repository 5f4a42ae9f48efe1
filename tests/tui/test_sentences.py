"""Pilot tests of sentence segments: a paragraph opens as its sentences; join, split, undo;
machine translation and the memory by sentence; the saved file keeps its layout exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import opened, settle, type_text
from tui.screens.help import HelpScreen
from tui.widgets.tm_panel import TMPanel

DOC = (
    "Rubrik\n\n"
    "Chipkriget fortsätter.  Regeringen reagerar, t.ex. med nya regler. Sedan?\n\n"
    "Företaget bygger en fabrik.\n"
)
SENTENCES = [
    "Rubrik",
    "Chipkriget fortsätter.",
    "Regeringen reagerar, t.ex. med nya regler.",
    "Sedan?",
    "Företaget bygger en fabrik.",
]


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "docs" / "nyheter.txt"
    path.parent.mkdir()
    path.write_text(DOC, encoding="utf-8")
    return path


def _sources(app) -> list[str]:
    return [r.source for r in app.editor.session.rows]


async def test_a_paragraph_opens_as_its_sentences_and_paragraph_mode_keeps_it_whole(make_app, doc):
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        assert _sources(app) == SENTENCES
        assert app.editor.grid.row_count == 5
    app = make_app(doc, sentences=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        assert len(app.editor.session) == 3
        assert app.editor.session.rows[1].source.startswith("Chipkriget fortsätter.  Reg")


async def test_join_split_and_undo_with_the_keys(make_app, doc):
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        ed.go_to(1)
        await opened(pilot)
        await type_text(pilot, "The chip war goes on.")
        await pilot.press("alt+j")  # join with the next sentence
        await settle(pilot)
        assert ed.grid.row_count == 4 and ed.current == 1
        joined = "Chipkriget fortsätter.  Regeringen reagerar, t.ex. med nya regler."
        assert ed.session.rows[1].source == joined
        assert ed.source_view.text == joined
        # the grid shows the rows after it moved up by one, numbered again
        assert [str(c) for c in ed.grid.get_row_at(2)[:2]] == ["3", "Sedan?"]
        assert ed.editor.text == "The chip war goes on."
        await pilot.press("alt+j", "alt+j")  # the paragraph's last sentence: no further
        await settle(pilot)
        assert ed.grid.row_count == 3
        assert ed.session.rows[1].source.endswith("Sedan?")
        # split where the cursor stands in the source: before "Sedan?"
        ed.source_view.focus()
        ed.source_view.move_cursor((0, ed.session.rows[1].source.index("Sedan?")))
        await pilot.press("alt+k")
        await settle(pilot)
        assert _sources(app)[1:3] == [joined, "Sedan?"]
        assert ed.session.rows[2].before == " "
        # undo: the split, the second join, the first join, then the typing
        ed.grid.focus()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert ed.grid.row_count == 3
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert _sources(app) == SENTENCES and ed.grid.row_count == 5
        assert ed.session.rows[1].target == "The chip war goes on."
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert ed.session.rows[1].target == "" and ed.editor.text == ""


async def test_a_sentence_is_translated_and_the_save_puts_it_back_in_its_paragraph(make_app, doc):
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        ed.go_to(2)
        await opened(pilot)
        await pilot.press("ctrl+t")  # MT of this sentence alone (the tiny model copies it)
        await settle(pilot)
        assert ed.session.rows[2].status == "machine"
        assert ed.session.rows[2].target.startswith("Regeringen")
        assert "Chipkriget" not in ed.session.rows[2].target
        ed.go_to(1)
        await opened(pilot)
        await type_text(pilot, "The chip war goes on.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        mt = ed.session.rows[2].target
    out = doc.with_name("nyheter.en.txt").read_text(encoding="utf-8")
    assert out == DOC.replace("Chipkriget fortsätter.", "The chip war goes on.").replace(
        "Regeringen reagerar, t.ex. med nya regler.", mt
    )


async def test_the_memory_works_by_sentence_and_old_paragraph_entries_still_match(
    make_app, doc, tmp_path
):
    from glossary.memory import TranslationMemory

    paragraph = "Chipkriget fortsätter.  Regeringen reagerar, t.ex. med nya regler. Sedan?"
    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        tm.record(paragraph, "The chip war goes on. The government reacts. Then?", approved=True)
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        # the memory holds the paragraph whole (made in paragraph mode): it stays one segment
        assert _sources(app) == ["Rubrik", paragraph, "Företaget bygger en fabrik."]
        ed.go_to(1)
        await opened(pilot)
        panel = ed.query_one(TMPanel)
        assert panel.matches and panel.matches[0].score == 100
        ed.go_to(2)
        await opened(pilot)
        await type_text(pilot, "The company builds a factory.")
        await pilot.press("ctrl+j")
        await settle(pilot)
    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        assert tm.lookup("Företaget bygger en fabrik.") == "The company builds a factory."


async def test_join_and_split_are_in_help_and_the_palette(make_app, doc):
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Join with next sentence", "Split at source cursor"} <= titles
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert any(r[1] == "Join with next sentence" and "j" in r[0] for r in rows)
        assert any(r[1] == "Split at source cursor" and "k" in r[0] for r in rows)


async def test_an_unreadable_memory_does_not_stop_a_document_opening_as_sentences(
    make_app, doc, tmp_path
):
    (tmp_path / "memory.db").write_text("not a database", encoding="utf-8")
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        assert _sources(app) == SENTENCES
