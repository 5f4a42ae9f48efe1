"""Pilot tests of the glossary screen: search, filters, edit in place, import, export."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from glossary.termbase import Termbase
from tests.tui.helpers import settle, type_text
from tui.screens.dialogs import Choice, Prompt
from tui.screens.glossary import GlossaryScreen


def _sources(screen: GlossaryScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _open(pilot) -> GlossaryScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GlossaryScreen)
    return screen


async def test_search_as_you_type_and_filters(make_app):
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        assert sorted(_sources(screen)) == [
            "Nvidia",
            "exportkontroll",
            "kiselskiva",
            "knapp",
            "processor",
        ]
        await pilot.press("ctrl+f")
        await type_text(pilot, "kisel")
        await settle(pilot, extra=0.2)
        assert _sources(screen) == ["kiselskiva"]
        await pilot.press(*["backspace"] * 5)
        await settle(pilot, extra=0.2)
        screen.query_one("#gl-status", Select).value = "forbidden"
        await settle(pilot)
        assert _sources(screen) == ["knapp"]
        screen.query_one("#gl-status", Select).clear()
        screen.query_one("#gl-subject", Select).value = "computing"
        await settle(pilot)
        assert sorted(_sources(screen)) == ["knapp", "processor"]
        screen.query_one("#gl-glossary", Select).value = "ui"
        await settle(pilot)
        assert _sources(screen) == ["knapp"]


async def test_edit_in_place_new_and_delete(make_app, terms_db):
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=_sources(screen).index("knapp"))
        await settle(pilot)
        target = screen.query_one("#tf-target", Input)
        assert target.value == "knob"
        target.value = "button"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Termbase.open(terms_db) as tb:
            (entry_id,) = tb.find_by_term("sv", "knapp")
            assert tb.get_entry(entry_id).preferred("en").text == "button"
        # a new entry from the same form; without a target it is refused
        await pilot.press("ctrl+n")
        await type_text(pilot, "halvledare")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("target is empty" in n.message for n in app._notifications)
        assert "halvledare" not in _sources(screen)
        screen.query_one("#tf-target", Input).value = "semiconductor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "halvledare" in _sources(screen)
        # delete the highlighted entry after a confirmation
        table.move_cursor(row=_sources(screen).index("halvledare"))
        table.focus()
        await settle(pilot)
        await pilot.press("alt+x")
        assert isinstance(app.screen, Choice)
        await pilot.click("#delete")
        await settle(pilot)
        assert "halvledare" not in _sources(screen)
    with Termbase.open(terms_db) as tb:
        assert not tb.find_by_term("sv", "halvledare")


async def test_import_and_export(make_app, tmp_path):
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("source,target\nhalvledare,semiconductor\nfabrik,factory\n", "utf-8")
    out = tmp_path / "export.tbx"
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, str(csv_file))
        await pilot.press("enter")
        await settle(pilot)
        assert {"halvledare", "fabrik"} <= set(_sources(screen))
        await pilot.press("f8")
        prompt = app.screen.query_one(Input)
        prompt.value = str(out)
        await pilot.press("enter")
        await settle(pilot)
    text = out.read_text("utf-8")
    assert "halvledare" in text and "semiconductor" in text and "exportkontroll" in text


async def test_term_form_shows_inferred_grammar_and_takes_a_correction(make_app, terms_db):
    from glossary.termtypes import Entry, Term

    with Termbase.open(terms_db) as tb:  # as a plain two-column glossary gives it
        tb.add_entry(
            Entry(
                None,
                terms=[Term(None, None, "sv", "datacenter"), Term(None, None, "en", "data centre")],
            )
        )
    app = make_app(None)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(DataTable)
        table.focus()
        row = _sources(screen).index("datacenter")
        assert str(table.get_row_at(row)[3]) == "noun*"  # inferred, not the user's
        table.move_cursor(row=row)
        await settle(pilot)
        assert screen.query_one("#tf-pos", Select).value is Select.NULL
        grammar = str(screen.query_one("#tf-grammar").render())
        assert grammar.startswith("inferred noun neuter") and "datacentret" in grammar
        # the user says: common gender (the forms are made again on save)
        screen.query_one("#tf-pos", Select).value = "noun"
        screen.query_one("#tf-gender", Select).value = "common"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Termbase.open(terms_db) as tb:
        (entry_id,) = tb.find_by_term("sv", "datacenter")
        term = tb.get_entry(entry_id).preferred("sv")
        assert (term.pos, term.gender, term.inferred) == ("noun", "common", ())
        forms = {f.text for f in term.forms}
        assert "datacentern" in forms and "datacentret" not in forms
