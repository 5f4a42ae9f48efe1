"""Pilot tests of the editor: every flow a translator uses, on real files, termbase and model."""

from __future__ import annotations

import json
import threading

from textual.widgets import Input

from tests.tui.helpers import opened, settle, type_text
from tui.screens.dialogs import Choice, Prompt
from tui.screens.editor_mt import MT_CHUNK
from tui.screens.help import HelpScreen
from tui.screens.term_dialog import TermDialog
from tui.widgets.qa_panel import QAPanel
from tui.widgets.tm_panel import TMPanel
from tui.widgets.translation_progress import TranslationProgress


async def test_open_shows_segments_and_highlights_terms(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert len(ed.session) == 5
        assert ed.grid.row_count == 5
        await pilot.press("ctrl+down")
        await opened(pilot)
        assert ed.current == 1
        hits = {h.text: h for h in ed.source_view.hits}
        assert "exportkontroll" in hits and "Nvidia" in hits
        assert hits["Nvidia"].dnt
        # the hit's colour comes from its status class
        line = ed.source_view.get_line(0)
        start = ed.session.rows[1].source.index("exportkontroll")
        styles = {str(span.style) for span in line.spans if span.start <= start < span.end}
        assert styles, "the term is not highlighted"
        assert [h.text for h in ed.term_panel.hits] == [h.text for h in ed.source_view.hits]


async def test_translate_current_then_all_fills_targets_with_machine_status(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("ctrl+t")
        await settle(pilot)
        first = ed.session.rows[0]
        assert first.status == "machine" and first.match == "MT"
        assert first.target.startswith("Chipkriget")  # the tiny model copies its input
        assert ed.editor.text == first.target
        assert [r.status for r in ed.session.rows[1:]] == ["new"] * 4
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert all(r.status == "machine" and r.target for r in ed.session.rows)
        assert not app.editor.query_one(TranslationProgress).display
        # enforcement put the do-not-translate name through unchanged and reported it
        assert any(t.source == "Nvidia" for t in ed.session.rows[1].terms)


async def test_translate_all_can_be_cancelled_and_keeps_what_was_done(make_app, tmp_path):
    doc = tmp_path / "long.txt"
    doc.write_text(
        "\n\n".join(f"Fabriken nummer {i} tillverkar processorer." for i in range(400)) + "\n",
        encoding="utf-8",
    )
    app = make_app(doc)
    # Hold the worker after its first real chunk so that Esc lands mid-run on any machine.
    first_chunk_done, release = threading.Event(), threading.Event()
    real_translate = app.services.translate

    def gated_translate(texts):
        results = real_translate(texts)
        first_chunk_done.set()
        release.wait(10)
        return results

    app.services.translate = gated_translate
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("ctrl+r")
        while not first_chunk_done.is_set():
            await pilot.pause(0.01)
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        done = sum(r.status == "machine" for r in ed.session.rows)
        assert done == MT_CHUNK  # the chunk in flight is kept, nothing after it runs
        assert not ed.translating
        assert not app.editor.query_one(TranslationProgress).display
        assert any(
            f"Translation stopped after {MT_CHUNK} of 400" in n.message for n in app._notifications
        )
        assert all(r.status == "new" for r in ed.session.rows[done:])


async def test_typing_confirm_and_undo(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert ed.editor.has_focus
        await pilot.press("ctrl+j")  # an empty target cannot be confirmed
        await settle(pilot)
        assert ed.session.rows[0].status == "new" and ed.current == 0
        await type_text(pilot, "The chip war")
        assert ed.session.rows[0].target == "The chip war"
        assert ed.session.rows[0].status == "edited"
        assert ed.session.dirty
        await pilot.press("ctrl+j")  # what most terminals send for Ctrl+Enter
        await settle(pilot)
        assert ed.session.rows[0].status == "approved"
        assert ed.current == 1
        await type_text(pilot, "Export")
        await pilot.press("f9")  # the alternative confirm key
        await settle(pilot)
        assert ed.session.rows[1].status == "approved" and ed.current == 2
        # undo: the confirmation, then the typing, of segment 2
        ed.grid.focus()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert ed.current == 1 and ed.session.rows[1].status == "edited"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert ed.session.rows[1].target == "" and ed.session.rows[1].status == "new"
        assert ed.editor.text == ""


async def test_find_in_source_and_target(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "knappen")
        await pilot.press("enter")
        await settle(pilot)
        assert ed.current == 4
        await type_text(pilot, "saved kiselskivor")  # a target only this segment has
        await pilot.press("ctrl+f")
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "kiselskivor")
        await pilot.press("enter")
        await settle(pilot)
        assert ed.current == 2  # source match after wrapping
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert ed.current == 4  # target match


async def test_insert_term_and_live_qa(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        ed.go_to(1)
        await opened(pilot)
        await type_text(pilot, "The government wants stronger controls")
        await settle(pilot, extra=0.4)
        qa = app.editor.query_one(QAPanel)
        checks = {f["check"] for f in qa.findings}
        assert "term-missing" in checks
        hit_targets = [h.target for h in ed.term_panel.hits]
        ed.term_panel.highlighted = hit_targets.index("export control")
        await pilot.press("ctrl+l")
        await settle(pilot, extra=0.4)
        assert ed.editor.text.endswith("controls export control")
        assert ed.editor.has_focus


async def test_memory_match_is_listed_and_used(make_app, sample_doc, tmp_path):
    from glossary.memory import TranslationMemory

    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        tm.record(
            "Företaget bygger en ny fabrik för kiselskivor i Norge.",
            "The company is building a new wafer factory in Norway.",
            origin="human",
            approved=True,
        )
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert not app.editor.query_one(TMPanel).matches
        ed.go_to(2)
        await opened(pilot)
        panel = app.editor.query_one(TMPanel)
        assert panel.matches and 80 <= panel.matches[0].score < 100
        await pilot.press("ctrl+b")
        await settle(pilot)
        row = ed.session.rows[2]
        assert row.target.startswith("The company is building")
        assert row.match.startswith("TM 9") and row.status == "edited"


async def test_confirm_records_into_memory(make_app, sample_doc, tmp_path):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await type_text(pilot, "The chip war")
        await pilot.press("ctrl+j")
        await settle(pilot)
    from glossary.memory import TranslationMemory

    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        assert (
            tm.lookup("Chipkriget mellan USA och Kina påverkar hela marknaden.") == "The chip war"
        )


async def test_save_writes_the_translation_beside_the_source(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await type_text(pilot, "The chip war affects the whole market.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.editor.session.dirty
    out = sample_doc.with_name("rapport.sv.en.txt")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("The chip war affects the whole market.\n\nRegeringen")
    assert sample_doc.read_text(encoding="utf-8").startswith("Chipkriget")  # source untouched


async def test_saving_a_target_that_lost_its_link_warns_and_keeps_the_link(make_app, tmp_path):
    page = tmp_path / "docs" / "sida.html"
    page.parent.mkdir()
    page.write_text('<p>Se <a href="https://example.org/sida">länken</a> nu.</p>', "utf-8")
    app = make_app(page)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await type_text(pilot, "See the link now.")  # the link's markers typed away
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Inline markup missing" in n.message for n in app._notifications)
    out = page.with_name("sida.en.html").read_text("utf-8")
    assert 'href="https://example.org/sida"' in out and "See" in out


async def test_machine_translation_keeps_inline_markup(make_app, tmp_path):
    page = tmp_path / "docs" / "sida.html"
    page.parent.mkdir()
    page.write_text('<p>Klicka på <a href="/spara">Spara</a> för att spara.</p>', "utf-8")
    app = make_app(page)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        # the tiny model copies the plain sentence; the link is back around the same word
        assert app.editor.session.rows[0].target == "Klicka på ⟨1⟩Spara⟨/1⟩ för att spara."


async def test_export_report(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("f8")
        assert isinstance(app.screen, Prompt)
        await pilot.press("enter")
        await settle(pilot)
    report = json.loads(sample_doc.with_name("rapport.sv.report.json").read_text("utf-8"))
    assert report["counts"] == {"new": 4, "machine": 1, "edited": 0, "approved": 0}
    assert report["segments"][0]["match"] == "MT"
    assert {f["check"] for f in report["segments"][1]["qa"]} == {"untranslated"}


async def test_add_term_from_selected_source_text_is_highlighted_at_once(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert not any(h.source == "fabrik" for h in ed.source_view.hits)
        ed.go_to(2)
        await opened(pilot)
        ed.source_view.focus()
        start = ed.session.rows[2].source.index("fabrik")
        ed.source_view.move_cursor((0, start))
        await pilot.press(*["shift+right"] * len("fabrik"))
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, TermDialog)
        assert app.screen.query_one("#tf-source", Input).value == "fabrik"
        await type_text(pilot, "factory")
        await pilot.press("enter")
        await settle(pilot)
        assert "fabrik" in [h.text for h in ed.source_view.hits]
        assert "factory" in [h.target for h in ed.term_panel.hits]
    from glossary.termbase import Termbase

    with Termbase.open(app.services.settings.terms_path) as tb:
        assert tb.find_by_term("sv", "fabrik")


async def test_edit_and_delete_a_term_from_the_term_panel(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        ed.go_to(1)
        await opened(pilot)
        ed.term_panel.highlighted = [h.source for h in ed.term_panel.hits].index("exportkontroll")
        await pilot.press("alt+e")
        await settle(pilot)
        assert isinstance(app.screen, TermDialog)
        target = app.screen.query_one("#tf-target", Input)
        assert target.value == "export control"
        target.value = "export controls"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "export controls" in [h.target for h in ed.term_panel.hits]
        ed.term_panel.highlighted = [h.source for h in ed.term_panel.hits].index("exportkontroll")
        await pilot.press("alt+x")
        assert isinstance(app.screen, Choice)
        await pilot.click("#delete")
        await settle(pilot)
        assert "exportkontroll" not in [h.source for h in ed.term_panel.hits]


async def test_quit_asks_when_there_are_unsaved_changes(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await type_text(pilot, "Draft")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, Choice)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
    assert not app.is_running
    assert sample_doc.with_name("rapport.sv.en.txt").read_text("utf-8").startswith("Draft\n")


async def test_help_palette_and_theme(make_app, sample_doc):
    app = make_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("ctrl+⏎ / ^j / f9", "Confirm") in rows or any(r[1] == "Confirm" for r in rows)
        assert any(r[1] == "Export report" for r in rows)
        await pilot.press("escape")
        # every action is in the command palette
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for action in (
            "Confirm",
            "MT all",
            "Cancel MT",
            "Undo",
            "Find",
            "Save",
            "Export report",
            "Add term",
            "Edit term",
            "Delete term",
            "Insert term",
            "Use TM match",
            "Help",
            "Glossary screen",
            "Models screen",
            "Light/dark theme",
        ):
            assert action in titles, action
        await pilot.press("ctrl+p")
        await type_text(pilot, "Export report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Prompt)
        await pilot.press("escape")
        before = app.theme
        await pilot.press("f5")
        assert app.theme != before and app.theme in ("textual-dark", "textual-light")
        await pilot.press("ctrl+q")  # nothing to save: quits without asking
        await pilot.pause()
    assert not app.is_running


async def test_open_a_missing_file_shows_an_error_and_keeps_working(make_app, tmp_path):
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+o")
        await type_text(pilot, str(tmp_path / "nope.txt"))
        await pilot.press("enter")
        await settle(pilot)
        assert not app.editor.session.rows
        assert any("no such file" in n.message for n in app._notifications)


async def test_qa_panel_never_reads_a_link_placeholder_as_a_number(make_app, tmp_path):
    doc = tmp_path / "guide.sv.md"
    doc.write_text(
        "Läs [guiden](https://exempel.se/guide1) om kiselskivor.\n\nVi köpte 3 kiselskivor.\n",
        encoding="utf-8",
    )
    app = make_app(doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert "⟨1⟩" in ed.session.rows[0].source
        await type_text(pilot, "Read the guide about wafers.")
        await settle(pilot, extra=0.4)
        checks = {f["check"] for f in ed.query_one(QAPanel).findings}
        assert "number-mismatch" not in checks
        ed.go_to(1)
        await opened(pilot)
        await type_text(pilot, "We bought wafers.")
        await settle(pilot, extra=0.4)
        messages = [f["message"] for f in ed.query_one(QAPanel).findings]
        assert "number '3' is missing from the target" in messages


async def test_a_low_confidence_machine_translation_is_marked(make_app, tmp_path):
    from glossary.models import bundled_models

    doc = tmp_path / "notes.sv.txt"
    doc.write_text("Filen sparades.\n\nXqvrt blömsk fnurgel trösk vämpelstrok ågglirp.\n")
    app = make_app(doc, model=str(next(m for m in bundled_models() if m.from_code == "sv").path))
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        await pilot.press("ctrl+r")
        await settle(pilot)
        plain, gibberish = ed.session.rows
        assert plain.status == gibberish.status == "machine"
        assert plain.match == "MT" and gibberish.match == "MT low"
        status = ed.grid.get_cell_at((1, 3))
        assert str(status) == "MT !" and "red" in str(status.style)
        assert str(ed.grid.get_cell_at((0, 3))) == "MT"
