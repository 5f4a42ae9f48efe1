"""Pilot tests of the models screen: list, install from a file, refuse a bad file."""

from __future__ import annotations

from textual.widgets import DataTable

from glossary import models
from tests.tui.helpers import settle, type_text
from tui.screens.models import ModelsScreen


def _names(screen: ModelsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_install_a_model_from_a_file(make_app, tiny_package):
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ModelsScreen)
        assert "translate-sv_en-0_1" not in _names(screen)
        await pilot.press("ctrl+o")
        await type_text(pilot, str(tiny_package))
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert "translate-sv_en-0_1" in _names(screen)
        row = next(m for m in screen.models if m.name == "translate-sv_en-0_1")
        assert not row.starter and (row.from_code, row.to_code) == ("sv", "en")
    assert any(m.name == "translate-sv_en-0_1" for m in models.installed_models())


async def test_a_file_that_is_not_a_model_is_refused(make_app, tmp_path):
    bad = tmp_path / "notes.argosmodel"
    bad.write_text("not a zip", "utf-8")
    app = make_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        before = _names(app.screen)
        await pilot.press("ctrl+o")
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        await settle(pilot)
        assert _names(app.screen) == before
        assert any("notes.argosmodel" in n.message for n in app._notifications)
