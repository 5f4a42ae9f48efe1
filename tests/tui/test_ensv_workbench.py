"""The workbench from English into Swedish: terms found in the English source, and the
machine translation (the tiny en->sv copy model) gets each term in its Swedish form."""

from __future__ import annotations

import pytest

from tests.modelfactory import build_package
from tests.tui.helpers import opened, settle


@pytest.fixture(scope="module")
def ensv_package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ensv-tui")
    return build_package(folder / "translate-en_sv-0_1.argosmodel", from_code="en", to_code="sv")


async def test_en_sv_opens_highlights_english_terms_and_translates(
    make_app, ensv_package, tmp_path
):
    doc = tmp_path / "note.en.txt"
    doc.write_text("The export controls were tightened.\n\nNvidia's wafers are thin.\n")
    app = make_app(doc, model=str(ensv_package), from_code="en", to_code="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        ed = app.editor
        assert len(ed.session) == 2
        assert [h.text for h in ed.source_view.hits] == ["export controls"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        first, second = ed.session.rows
        assert first.status == "machine" and "exportkontrollerna" in first.target
        assert "Nvidias" in second.target and "kiselskivor" in second.target
        assert {t.target for t in second.terms} >= {"Nvidias", "kiselskivor"}
