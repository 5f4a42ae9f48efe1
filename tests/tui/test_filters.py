"""Grid filters on rows (no terminal): each kind, search text and the cycle order."""

from __future__ import annotations

from glossary.results import TermOutcome
from tui.filters import FILTERS, GridFilter
from tui.session import Row


def _rows() -> list[Row]:
    failed = TermOutcome("kiselskiva", "wafer", "failed", "model")
    return [
        Row("1", "Kriget fortsätter.", "The war goes on.", "approved", "TM 100%"),
        Row("2", "Chipet är litet.", "The chip is small.", "machine", "MT"),
        Row("3", "Xqvrt blömsk.", "Xqvrt bloom.", "machine", "MT low"),
        Row("4", "Kiselskivor.", "Silicon discs.", "machine", "MT", terms=[failed]),
        Row("5", "Ny text.", "", "new"),
    ]


def test_each_kind_shows_its_rows():
    rows = _rows()
    assert GridFilter().shown(rows) == [0, 1, 2, 3, 4]
    assert GridFilter("unconfirmed").shown(rows) == [1, 2, 3, 4]
    assert GridFilter("machine").shown(rows) == [1, 2, 3]
    assert GridFilter("terms").shown(rows) == [3]
    assert GridFilter("low").shown(rows) == [2]
    assert GridFilter("qa").shown(rows, qa_flagged={0, 4}) == [0, 4]


def test_search_text_ignores_case_and_combines_with_the_kind():
    rows = _rows()
    assert GridFilter(text="CHIP").shown(rows) == [1]
    assert GridFilter("unconfirmed", "the").shown(rows) == [1]
    assert GridFilter("all", "the").active and not GridFilter().active


def test_the_kind_cycles_through_every_filter_and_keeps_the_text():
    f = GridFilter(text="x")
    seen = []
    for _ in FILTERS:
        f = f.next_kind()
        seen.append(f.kind)
        assert f.text == "x"
    assert seen == [name for name, _ in FILTERS[1:]] + ["all"]
