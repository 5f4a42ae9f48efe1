"""The open document as the editor sees it: segments, targets, statuses and an undo stack.

Pure Python (no Textual), so the rules of confirming, undoing and finding are
tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Segment statuses shown in the grid, in workflow order.
STATUSES = ("new", "machine", "edited", "approved")

# How a file format's own segment state maps onto the editor's statuses.
_STATE_MAP = {
    "final": "approved",
    "signed-off": "approved",
    "approved": "approved",
    "reviewed": "approved",
    "translated": "edited",
    "needs-review-translation": "machine",
    "fuzzy": "machine",
    "machine": "machine",
}


@dataclass
class Row:
    """One segment in the editor."""

    key: str
    source: str
    target: str = ""
    status: str = "new"
    match: str = ""  # "MT", "TM 100%", "" ...
    context: str | None = None
    terms: list[Any] = field(default_factory=list)  # TermOutcome of the last translation
    # Sentence mode (tui.segmentation): the file segment this row belongs to, and the
    # source's own text before it (separator) and after it (only on a paragraph's last row).
    unit: int | None = None
    before: str = ""
    after: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True)
class _Snapshot:
    index: int
    target: str
    status: str
    match: str
    terms: tuple[Any, ...]


@dataclass(frozen=True)
class _Layout:
    """A join or split: ``count`` rows at ``index`` replaced ``removed``."""

    index: int
    count: int
    removed: tuple[Row, ...]


def initial_status(target: str | None, state: str | None) -> str:
    """The editor status of a segment as loaded from a file."""
    if not target:
        return "new"
    return _STATE_MAP.get((state or "").lower(), "edited")


class Session:
    """The document being translated and everything the user did to it."""

    def __init__(self, path: Path | None, document: Any, rows: list[Row]) -> None:
        self.path = path
        self.document = document
        self.rows = rows
        self.dirty = False
        self._undo: list[_Snapshot | _Layout] = []
        self.layout_version = 0  # bumped by join, split and their undo

    @classmethod
    def from_document(
        cls,
        path: Path | None,
        document: Any,
        sentences: bool = False,
        lang: str = "sv",
        keep_whole: Any = None,
    ) -> Session:
        """Build a session from a ParsedDocument (anything with ``.segments``).

        ``sentences`` opens each untranslated segment as its sentences (see
        :mod:`tui.segmentation`); ``keep_whole(source)`` keeps a segment whole.
        """
        rows = []
        for unit, seg in enumerate(document.segments):
            target = seg.target or ""
            rows.append(
                Row(
                    key=str(seg.key),
                    source=seg.source,
                    target=target,
                    status=initial_status(target, getattr(seg, "state", None)),
                    context=getattr(seg, "context", None),
                    unit=unit,
                )
            )
        if sentences:
            from tui.segmentation import document_rows

            rows = document_rows(document.segments, rows, lang, keep_whole)
        return cls(path, document, rows)

    @classmethod
    def empty(cls) -> Session:
        return cls(None, None, [])

    def __len__(self) -> int:
        return len(self.rows)

    # -- changes ---------------------------------------------------------------------------

    def _remember(self, index: int) -> None:
        row = self.rows[index]
        self._undo.append(_Snapshot(index, row.target, row.status, row.match, tuple(row.terms)))

    def set_target(
        self,
        index: int,
        target: str,
        status: str,
        match: str | None = None,
        terms: list[Any] | None = None,
        remember: bool = True,
    ) -> bool:
        """Change a segment's target; returns False (and records nothing) when nothing changed."""
        row = self.rows[index]
        new_match = row.match if match is None else match
        new_terms = row.terms if terms is None else list(terms)
        if row.target == target and row.status == status and row.match == new_match:
            if terms is not None:
                row.terms = new_terms
            return False
        if remember:
            self._remember(index)
        row.target, row.status, row.match, row.terms = target, status, new_match, new_terms
        self.dirty = True
        return True

    def edit(self, index: int, target: str, remember: bool) -> bool:
        """The user typed in the target: status becomes "edited"."""
        return self.set_target(index, target, "edited", remember=remember)

    def confirm(self, index: int) -> bool:
        """Mark a segment approved (its target may be empty only if the source is empty)."""
        row = self.rows[index]
        if row.status == "approved":
            return False
        return self.set_target(index, row.target, "approved")

    def join(self, index: int) -> bool:
        """Join segment ``index`` with the next one of the same paragraph (undoable)."""
        from tui.segmentation import can_join, joined

        if not can_join(self.rows, index):
            return False
        a, b = self.rows[index], self.rows[index + 1]
        self._relayout(index, (a, b), [joined(a, b)])
        return True

    def split(self, index: int, at: int, langs: tuple[str, str] = ("sv", "en")) -> bool:
        """Split segment ``index`` at offset ``at`` of its source (undoable); False when a
        part would be empty. ``langs`` (source, target) let a target of as many sentences
        be cut at the same sentence."""
        from tui.segmentation import split_at

        row = self.rows[index]
        parts = split_at(row, at, langs) if row.unit is not None else None
        if parts is None:
            return False
        self._relayout(index, (row,), list(parts))
        return True

    def _relayout(self, index: int, removed: tuple[Row, ...], added: list[Row]) -> None:
        self.rows[index : index + len(removed)] = added
        self._undo.append(_Layout(index, len(added), removed))
        self._rekey(removed[0].unit)
        self.layout_version += 1

    def _rekey(self, unit: int | None) -> None:
        if unit is None or self.document is None:
            return
        from tui.segmentation import rekey

        rekey(self.rows, unit, str(self.document.segments[unit].key))

    def undo(self) -> int | None:
        """Revert the last change; returns the segment index it touched."""
        if not self._undo:
            return None
        snap = self._undo.pop()
        if isinstance(snap, _Layout):
            self.rows[snap.index : snap.index + snap.count] = list(snap.removed)
            self._rekey(snap.removed[0].unit)
            self.layout_version += 1
            return snap.index
        row = self.rows[snap.index]
        row.target, row.status, row.match, row.terms = (
            snap.target,
            snap.status,
            snap.match,
            list(snap.terms),
        )
        self.dirty = True
        return snap.index

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_changes_layout(self) -> bool:
        """Would :meth:`undo` now revert a join or split?"""
        return bool(self._undo) and isinstance(self._undo[-1], _Layout)

    def mark_saved(self) -> None:
        self.dirty = False

    # -- queries ---------------------------------------------------------------------------

    def next_unconfirmed(self, after: int) -> int | None:
        """The first unconfirmed segment after ``after``, wrapping around."""
        n = len(self.rows)
        for step in range(1, n + 1):
            i = (after + step) % n
            if not self.rows[i].confirmed:
                return i
        return None

    def untranslated(self) -> list[int]:
        """Indices of segments with no target yet."""
        return [i for i, r in enumerate(self.rows) if r.status == "new" and r.source.strip()]

    def find(self, query: str, start: int, where: str = "both") -> int | None:
        """The next segment after ``start`` whose source and/or target contains ``query``."""
        needle = query.casefold()
        if not needle or not self.rows:
            return None
        n = len(self.rows)
        for step in range(1, n + 1):
            i = (start + step) % n
            row = self.rows[i]
            texts = []
            if where in ("both", "source"):
                texts.append(row.source)
            if where in ("both", "target"):
                texts.append(row.target)
            if any(needle in t.casefold() for t in texts):
                return i
        return None

    def targets(self) -> list[str | None]:
        """Targets for saving, one per file segment: None where nothing was translated."""
        if any(r.unit is not None for r in self.rows):
            from tui.segmentation import unit_targets

            count = len(self.document.segments) if self.document is not None else None
            return unit_targets(self.rows, count)
        return [r.target if r.target else None for r in self.rows]

    def counts(self) -> dict[str, int]:
        """How many segments are in each status."""
        out = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out
