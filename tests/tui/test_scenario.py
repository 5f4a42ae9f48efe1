"""The acceptance scenario, keyboard only: translate a Swedish document, fix, add a term,
retranslate with it applied, confirm and save; then check the saved file."""

from __future__ import annotations

from glossary.termbase import Termbase
from tests.tui.helpers import opened, settle, type_text


async def test_keyboard_only_translation_session(make_app, sample_doc, terms_db):
    app = make_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        ed = app.editor
        # machine-translate every segment
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [r.status for r in ed.session.rows] == ["machine"] * 5
        # fix the last segment by hand and confirm it (jumps to the first unconfirmed)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down", "ctrl+down")
        await pilot.press("f7")  # select the whole target
        await type_text(pilot, "Click the button to save the document.")
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert ed.session.rows[4].status == "approved"
        assert ed.current == 0
        # add chipkrig -> chip war unless the termbase already knows it
        if not any(h.source == "chipkrig" for h in ed.term_panel.hits):
            await pilot.press("ctrl+n")
            await type_text(pilot, "chipkrig")
            await pilot.press("tab")
            await type_text(pilot, "chip war")
            await pilot.press("tab", "tab")  # part of speech (noun), then gender
            await pilot.press("enter", "down", "down", "enter")  # neuter: ett chipkrig
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert "Chipkriget" in [h.text for h in ed.source_view.hits]  # highlighted at once
        # retranslate the segment: the term is enforced
        await pilot.press("ctrl+t")
        await settle(pilot)
        first = ed.session.rows[0]
        assert "chip war" in first.target.lower()
        outcome = next(t for t in first.terms if t.target.lower().endswith("chip war"))
        assert outcome.status in ("applied", "already")
        await pilot.press("ctrl+j")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not ed.session.dirty
    saved = sample_doc.with_name("rapport.sv.en.txt").read_text("utf-8")
    paragraphs = saved.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 5
    assert "chip war" in paragraphs[0].lower()
    assert "Chipkriget" not in paragraphs[0]
    assert paragraphs[4] == "Click the button to save the document."
    assert "Nvidia" in paragraphs[1]
    with Termbase.open(terms_db) as tb:
        assert tb.find_by_term("sv", "chipkrig")
