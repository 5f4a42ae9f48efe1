"""Snapshots of the editor in sentence mode at 80x24 and 120x40: a paragraph as its
sentences, one translated, one joined pair.

Update after an intended change with
``pytest tests/tui/test_snapshots_sentences.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest

from tests.tui.helpers import opened, settle
from tests.tui.test_snapshots import SIZES, _steady

DOC = (
    "Chipkriget mellan USA och Kina fortsätter. Regeringen vill stärka exportkontroll, "
    "t.ex. för processorer från Nvidia. Priset steg med 12 procent.\n\n"
    "Företaget bygger en fabrik. Den ligger i Sverige.\n"
)


@pytest.mark.parametrize("size", SIZES)
def test_editor_in_sentence_mode(snap_compare, make_app, tmp_path, size):
    doc = tmp_path / "docs" / "nyheter.sv.txt"
    doc.parent.mkdir()
    doc.write_text(DOC, encoding="utf-8")

    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("ctrl+t")  # the first sentence, machine-translated
        await settle(pilot)
        pilot.app.editor.go_to(3)
        await pilot.press("alt+j")  # the second paragraph's two sentences joined
        await settle(pilot)
        pilot.app.editor.go_to(1)
        await _steady(pilot)

    assert snap_compare(make_app(doc), terminal_size=size, run_before=run_before)
