"""Snapshots of every screen at 80x24 and 120x40 (fixed data, no clocks, no blinking).

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and review the SVGs in tests/tui/__snapshots__.
"""

from __future__ import annotations

import shutil

import pytest

from glossary import paths
from tests.tui.helpers import opened, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _steady(pilot) -> None:
    """Settle workers, stop cursor blinking and drop toasts, so the picture is repeatable."""
    await settle(pilot, extra=0.35)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.fixture
def no_bundled_models(monkeypatch, tmp_path):
    """Models screen snapshots must not depend on which starter model is shipped."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    monkeypatch.setattr(paths, "BUNDLED_MODELS", folder)
    return folder


@pytest.mark.parametrize("size", SIZES)
def test_editor(snap_compare, make_app, sample_doc, size):
    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("ctrl+t")  # the first segment, machine-translated
        await settle(pilot)
        await pilot.press("ctrl+down")  # the second: terms of every kind, live QA
        await _steady(pilot)

    assert snap_compare(make_app(sample_doc), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_term_dialog(snap_compare, make_app, sample_doc, size):
    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("ctrl+n")
        await _steady(pilot)

    assert snap_compare(make_app(sample_doc), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_glossary(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await _steady(pilot)

    assert snap_compare(make_app(None), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_models(snap_compare, make_app, tiny_package, no_bundled_models, size):
    shutil.copy(tiny_package, no_bundled_models / "translate-sv_en-0_1.argosmodel")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await _steady(pilot)

    assert snap_compare(make_app(None), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, make_app, sample_doc, size):
    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("f1")
        await _steady(pilot)

    assert snap_compare(make_app(sample_doc), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_project(snap_compare, make_app, tmp_path, size):
    from tests.tui.test_project import make_job, type_text

    folder = make_job(tmp_path / "job")

    async def run_before(pilot):
        await settle(pilot, extra=0.1)
        await pilot.press("down", "enter")  # the second file: confirm one segment
        await settle(pilot)
        await type_text(pilot, "The company sells wafers 1.")
        await pilot.press("ctrl+j")
        await pilot.press("f7")
        await _steady(pilot)

    assert snap_compare(make_app(folder), terminal_size=size, run_before=run_before)
