"""Grid filters: which segments the grid shows (pure Python, no Textual).

A filter is one of :data:`FILTERS` and an optional search text; a segment is shown
when it passes both. QA warnings are not a property of a row: the caller runs QA over
the document and passes the indices of the segments with findings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from tui.session import Row

# The match of a machine translation of low confidence (as the grid marks it "MT !").
LOW_CONFIDENCE_MATCH = "MT low"

# (name, label), in the order the filter key cycles through them.
FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "all segments"),
    ("unconfirmed", "unconfirmed"),
    ("machine", "machine-translated"),
    ("qa", "with QA warnings"),
    ("terms", "with failed terms"),
    ("low", "low confidence"),
)
LABELS = dict(FILTERS)


def _outcome_status(outcome: Any) -> str | None:
    if isinstance(outcome, dict):
        return outcome.get("status")
    return getattr(outcome, "status", None)


def is_machine(row: Row) -> bool:
    """The target is a machine translation no one has edited or confirmed."""
    return row.status == "machine"


def is_low_confidence(row: Row) -> bool:
    """An unedited machine translation the model itself scored low (glossary.confidence)."""
    return row.status == "machine" and row.match == LOW_CONFIDENCE_MATCH


def has_failed_terms(row: Row) -> bool:
    """The last machine translation could not put an approved term into the target."""
    return any(_outcome_status(t) == "failed" for t in row.terms)


_ROW_TESTS: dict[str, Callable[[Row], bool]] = {
    "all": lambda row: True,
    "unconfirmed": lambda row: not row.confirmed,
    "machine": is_machine,
    "terms": has_failed_terms,
    "low": is_low_confidence,
}


@dataclass(frozen=True)
class GridFilter:
    """A filter kind and a search text (case ignored, in source or target)."""

    kind: str = "all"
    text: str = ""

    @property
    def active(self) -> bool:
        return self.kind != "all" or bool(self.text.strip())

    def describe(self) -> str:
        """ "unconfirmed · “chip”" and the like, for the filter bar."""
        parts = [LABELS.get(self.kind, self.kind)] if self.kind != "all" or not self.text else []
        if self.text.strip():
            parts.append(f"“{self.text.strip()}”")
        return " · ".join(parts)

    def next_kind(self) -> GridFilter:
        """The same search text with the next filter kind (after the last: all)."""
        names = [name for name, _ in FILTERS]
        at = names.index(self.kind) if self.kind in names else 0
        return GridFilter(names[(at + 1) % len(names)], self.text)

    def shown(self, rows: Sequence[Row], qa_flagged: Collection[int] = ()) -> list[int]:
        """Indices of the rows that pass (``qa_flagged``: segments with QA findings)."""
        if self.kind not in _ROW_TESTS and self.kind != "qa":
            raise ValueError(f"unknown filter {self.kind!r}")
        needle = self.text.strip().casefold()
        out = []
        for i, row in enumerate(rows):
            if self.kind == "qa":
                if i not in qa_flagged:
                    continue
            elif not _ROW_TESTS[self.kind](row):
                continue
            if (
                needle
                and needle not in row.source.casefold()
                and needle not in row.target.casefold()
            ):
                continue
            out.append(i)
        return out
