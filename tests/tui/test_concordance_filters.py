"""Pilot tests: the concordance (inflected forms, insert a target) and the grid filters."""

from __future__ import annotations

from textual.widgets import DataTable

from glossary.memory import TranslationMemory
from glossary.results import TermOutcome
from tests.tui.helpers import opened, settle, type_text
from tui.screens.concordance import ConcordanceScreen
from tui.widgets.filter_bar import FilterBar


def _memory(tmp_path) -> None:
    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        tm.record("Kriget i Ukraina fortsätter.", "The war in Ukraine goes on.", origin="human")
        tm.record("Fabriken stängdes.", "The factory closed.", origin="human")


def _grid_keys(ed) -> list[int]:
    return [int(key.value) for key in ed.grid.rows]


async def test_concordance_finds_an_inflected_form_and_inserts_its_target(
    make_app, sample_doc, tmp_path
):
    _memory(tmp_path)
    app = make_app(sample_doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("alt+c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConcordanceScreen)
        await type_text(pilot, "krig")
        await pilot.press("enter")
        await settle(pilot)
        # the document's "Chipkriget" (a compound) and the memory's "Kriget"
        assert [line.where for line in screen.lines] == ["segment 1", "memory"]
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        source_cell = table.get_cell_at((1, 1))
        highlighted = [source_cell.plain[s.start : s.end] for s in source_cell.spans]
        assert highlighted == ["Kriget"]
        assert "The war in Ukraine goes on." in table.get_cell_at((1, 2)).plain
        await pilot.press("down", "down", "enter")  # into the results, then the second line
        await settle(pilot)
        assert app.screen is ed
        assert ed.editor.text == "The war in Ukraine goes on."
        assert ed.session.rows[0].target == "The war in Ukraine goes on."
        assert ed.session.rows[0].status == "edited"


async def test_concordance_without_a_match_says_so_and_esc_inserts_nothing(
    make_app, sample_doc, tmp_path
):
    _memory(tmp_path)
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("alt+c")
        await settle(pilot)
        await type_text(pilot, "fred")
        await pilot.press("enter")
        await settle(pilot)
        assert "not found" in str(app.screen.query_one("#concordance-count").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.editor.session.rows[0].target == ""


async def test_filters_unconfirmed_qa_terms_and_search_text(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        ed = app.editor
        bar = ed.query_one(FilterBar)
        assert not bar.display
        # segment 1: confirmed; segment 4: a wrong number; segment 3: a failed term
        await type_text(pilot, "The chip war affects the market.")
        await pilot.press("ctrl+j")
        await settle(pilot)
        ed.go_to(3)
        await opened(pilot)
        await type_text(pilot, "The price of memory rose by 13 percent last year.")
        await settle(pilot, extra=0.4)
        wafer = TermOutcome("kiselskivor", "wafers", "failed", "model")
        ed._apply(2, "The company builds a factory in Sweden.", "machine", "MT", [wafer])

        await pilot.press("alt+f")  # unconfirmed
        await settle(pilot)
        assert bar.display and _grid_keys(ed) == [1, 2, 3, 4]
        assert "unconfirmed · 4 of 5 · search" in str(bar.query_one("#filter-label").render())
        # navigation stays on the shown rows
        ed.go_to(1)
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert ed.current == 1
        await pilot.press("ctrl+down", "ctrl+down")
        await settle(pilot)
        assert ed.current == 3 and ed.grid.cursor_row == 2

        await pilot.press("alt+f")  # machine-translated
        await settle(pilot)
        assert _grid_keys(ed) == [2] and ed.current == 2
        await pilot.press("alt+f")  # QA warnings (QA runs over the document)
        await settle(pilot)
        assert _grid_keys(ed) == [2, 3]  # the missing term "wafers", the wrong number
        await pilot.press("alt+f")  # failed terms
        await settle(pilot)
        assert _grid_keys(ed) == [2]
        await pilot.press("alt+f", "alt+f")  # low confidence (none), then all
        await settle(pilot)
        assert _grid_keys(ed) == [0, 1, 2, 3, 4] and not bar.display

        await pilot.press("alt+s")  # search text, in source or target
        await type_text(pilot, "nvidia")
        await pilot.press("enter")
        await settle(pilot)
        assert _grid_keys(ed) == [1] and ed.current == 1 and ed.editor.has_focus
        # editing works on the shown row
        await type_text(pilot, "Export controls.")
        await settle(pilot)
        assert ed.session.rows[1].target == "Export controls."
        assert "Export controls." in str(ed.grid.get_cell_at((0, 2)))
        await pilot.press("alt+s", "escape")  # Esc in the search box clears it
        await settle(pilot)
        assert _grid_keys(ed) == [0, 1, 2, 3, 4]


async def test_finding_a_hidden_segment_turns_the_filter_off(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("alt+s")
        await type_text(pilot, "fabrik")
        await pilot.press("enter")
        await settle(pilot)
        assert _grid_keys(ed) == [2]
        ed.go_to(4)
        await settle(pilot)
        assert _grid_keys(ed) == [0, 1, 2, 3, 4] and ed.grid.cursor_row == 4


async def test_the_low_confidence_filter_shows_the_marked_machine_translation(make_app, tmp_path):
    from glossary.models import bundled_models

    doc = tmp_path / "notes.sv.txt"
    doc.write_text("Filen sparades.\n\nXqvrt blömsk fnurgel trösk vämpelstrok ågglirp.\n")
    app = make_app(doc, model=str(next(m for m in bundled_models() if m.from_code == "sv").path))
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("ctrl+r")
        await settle(pilot)
        for _ in range(5):  # all -> unconfirmed -> machine -> qa -> terms -> low
            await pilot.press("alt+f")
            await settle(pilot)
        assert ed.grid_filter.kind == "low"
        assert _grid_keys(ed) == [1] and ed.current == 1
        assert str(ed.grid.get_cell_at((0, 3))) == "MT !"


async def test_a_join_under_a_filter_applies_the_filter_to_the_new_segments(make_app, tmp_path):
    doc = tmp_path / "krig.sv.txt"
    doc.write_text("Kriget började. Chipet kom.\n\nFabriken stängdes.\n", encoding="utf-8")
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert len(ed.session) == 3
        await pilot.press("alt+s")
        await type_text(pilot, "kriget")
        await pilot.press("enter")
        await settle(pilot)
        assert _grid_keys(ed) == [0]
        await pilot.press("alt+j")
        await settle(pilot)
        assert len(ed.session) == 2 and _grid_keys(ed) == [0]
        assert ed.session.rows[0].source == "Kriget började. Chipet kom."
        assert "1 of 2" in str(ed.query_one(FilterBar).query_one("#filter-label").render())
