"""Snapshots of the concordance view and of the filtered grid at 80x24 and 120x40.

Update after an intended change with
``pytest tests/tui/test_snapshots_concordance.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest

from glossary.memory import TranslationMemory
from tests.tui.helpers import opened, settle, type_text
from tests.tui.test_snapshots import _steady

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_concordance(snap_compare, make_app, sample_doc, tmp_path, size):
    with TranslationMemory.open(tmp_path / "memory.db") as tm:
        tm.record("Kriget i Ukraina fortsätter.", "The war in Ukraine goes on.", origin="human")
        tm.record(
            "Under hela kriget växte efterfrågan på chip.",
            "Demand for chips grew throughout the war.",
            origin="human",
            approved=True,
        )

    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("alt+c")
        await settle(pilot)
        await type_text(pilot, "krig")
        await pilot.press("enter")
        await pilot.press("down")
        await _steady(pilot)

    assert snap_compare(make_app(sample_doc), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_filtered_grid(snap_compare, make_app, sample_doc, size):
    async def run_before(pilot):
        await opened(pilot)
        await type_text(pilot, "The chip war affects the whole market.")
        await pilot.press("ctrl+j")  # confirmed: the unconfirmed filter hides it
        await settle(pilot)
        await pilot.press("alt+f")
        await pilot.press("alt+s")
        await type_text(pilot, "för")
        await pilot.press("enter")
        await _steady(pilot)

    assert snap_compare(make_app(sample_doc), terminal_size=size, run_before=run_before)
