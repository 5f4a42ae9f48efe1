"""Pilot tests of the candidates screen: extract, accept, reject; accepted terms highlight."""

from __future__ import annotations

from textual.widgets import DataTable

from glossary.termbase import Termbase
from tests.tui.helpers import settle
from tui.screens.candidates import CandidatesScreen

DOC = (
    "Forskare vid Baidu bygger vindkraftsparker i Östersjön.\n\n"
    "Vindkraftsparkerna kräver sjökablar, och Baidu köper sjökablar.\n"
)


async def _open(pilot) -> CandidatesScreen:
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CandidatesScreen)
    return screen


def _terms(screen: CandidatesScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_accept_candidate_adds_term_and_highlights_it(make_app, tmp_path, terms_db):
    doc = tmp_path / "vind.sv.txt"
    doc.write_text(DOC, encoding="utf-8")
    app = make_app(doc)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await _open(pilot)
        terms = _terms(screen)
        assert "Baidu" in terms and "vindkraftspark" in terms
        assert "Forskare" not in terms and "forskare" not in terms
        screen.query_one(DataTable).move_cursor(row=terms.index("Baidu"))
        await pilot.press("a")
        await settle(pilot)
        assert "Baidu" not in _terms(screen)
        await pilot.press("r")  # reject the row now under the cursor
        await settle(pilot)
        assert len(_terms(screen)) == len(terms) - 2
        await pilot.press("escape")
        await settle(pilot, extra=0.2)
        hits = app.editor.source_view.hits
        assert any(h.source == "Baidu" for h in hits)  # highlighted in the open segment
    with Termbase.open(terms_db) as tb:
        added = [e for e in tb.entries() if any(t.text == "Baidu" for t in e.terms_in("sv"))]
    assert added and added[0].preferred("en").text == "Baidu"
    assert added[0].preferred("sv").dnt
