"""A job of many files in the workbench: which files, their sessions, progress and unsaved edits.

Pure Python (no Textual). The files are found as ``ordbro translate`` finds them
(:func:`glossary.batch_plan.discover_folder`): hidden entries left out, links out of the
folder and names that are not UTF-8 refused with a reason. Files of a type no format
reads, and translations this workbench wrote beside their sources (``x.en.txt`` next to
``x.txt``), are listed as skipped too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import InputError, OrdbroError
from tui.session import Session


@dataclass
class ProjectFile:
    """One file of a job: its session once loaded, or why it could not be."""

    path: Path
    name: str  # as listed: relative to the job's folder
    session: Session | None = None
    error: str | None = None
    words: int = 0
    baseline: list[tuple[str, str, str, str]] = field(default_factory=list)  # as loaded
    current: int = 0  # the segment the editor showed last
    save_path: Path | None = None

    @property
    def total(self) -> int:
        return len(self.session.rows) if self.session else 0

    @property
    def confirmed(self) -> int:
        return sum(r.confirmed for r in self.session.rows) if self.session else 0

    @property
    def translated(self) -> int:
        return sum(bool(r.target) for r in self.session.rows) if self.session else 0

    @property
    def dirty(self) -> bool:
        return bool(self.session and self.session.dirty)

    def edits(self) -> list[dict[str, Any]]:
        """Segments that differ from the file as loaded (what a crash would lose)."""
        if self.session is None:
            return []
        base = self.baseline
        return [
            {
                "index": i,
                "source": r.source,
                "target": r.target,
                "status": r.status,
                "match": r.match,
            }  # fmt: skip
            for i, r in enumerate(list(self.session.rows))  # a copy: read by a thread too
            if i >= len(base) or (r.source, r.target, r.status, r.match) != base[i]
        ]


@dataclass
class Job:
    """The files of a job (folder or list of files) and the one open in the editor."""

    key: str  # identifies the job across sessions (its folder, or its files)
    files: list[ProjectFile]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    index: int = 0

    @property
    def openable(self) -> list[int]:
        return [i for i, f in enumerate(self.files) if f.session is not None]

    def step(self, delta: int) -> int | None:
        """The next (``delta`` 1) or previous (-1) loaded file after the current, wrapping."""
        ok = self.openable
        if not ok:
            return None
        n = len(self.files)
        for k in range(1, n + 1):
            i = (self.index + delta * k) % n
            if i in ok:
                return i
        return None

    def find(self, session: Session) -> ProjectFile | None:
        return next((f for f in self.files if f.session is session), None)

    def dirty_files(self) -> list[ProjectFile]:
        return [f for f in self.files if f.dirty]

    def summary(self) -> dict[str, int]:
        """Files, segments, words, confirmed segments and words, failed terms."""
        out = dict.fromkeys(
            (
                "files",
                "segments",
                "words",
                "translated",
                "confirmed",
                "confirmed_words",
                "term_failures",
                "unsaved",
            ),
            0,
        )
        out["files"] = len(self.openable)
        for f in self.files:
            if f.session is None:
                continue
            out["segments"] += f.total
            out["words"] += f.words
            out["unsaved"] += f.dirty
            for r in f.session.rows:
                out["translated"] += bool(r.target)
                if r.confirmed:
                    out["confirmed"] += 1
                    out["confirmed_words"] += _words(r.source)
                out["term_failures"] += sum(getattr(t, "status", "") == "failed" for t in r.terms)
        return out

    def unsaved_edits(self) -> dict[str, list[dict[str, Any]]]:
        """Edits of every file with unsaved changes, by file path (the job state's body)."""
        return {str(f.path): edits for f in self.dirty_files() if (edits := f.edits())}

    def restore(self, edits: dict[str, list[dict[str, Any]]], apply: bool = True) -> int:
        """Apply edits kept by :meth:`unsaved_edits` (undoable); returns the segments
        changed (or, with ``apply`` off, that would be). A segment whose source is no
        longer the same, or that already reads so, is left alone."""
        by_path = {str(f.path): f for f in self.files if f.session is not None}
        changed = 0
        for path, rows in edits.items():
            f = by_path.get(path)
            if f is None or f.session is None:
                continue
            where: dict[str, list[int]] = {}
            for i, r in enumerate(f.session.rows):
                where.setdefault(r.source, []).append(i)
            for e in rows:
                i, places = e.get("index"), where.get(str(e.get("source")), [])
                if i not in places:  # the segments moved (joined or split): by source then
                    if not places:
                        continue
                    i = places[0]
                status = e.get("status") if e.get("status") in _STATUSES else "edited"
                target, match = str(e.get("target", "")), str(e.get("match", ""))
                row = f.session.rows[i]
                if (row.target, row.status, row.match) == (target, status, match):
                    continue
                changed += 1
                if apply:
                    f.session.set_target(i, target, status, match=match)
        return changed


def job_key(inputs: Sequence[Path]) -> str:
    """What names a job: its folder, or its files, resolved and sorted."""
    paths = sorted(str(Path(p).resolve()) for p in inputs)
    return "\n".join(paths)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def discover(
    inputs: Sequence[Path], to_code: str = "en"
) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """((file, listed name) to open, (name, reason) skipped) for folders and files."""
    from glossary import formats
    from glossary.batch_plan import discover_folder, shown

    found: list[tuple[Path, str, tuple[str, str] | None]] = []
    for given in map(Path, inputs):
        if given.is_dir():
            for path, refusal in discover_folder(given):
                found.append((path, shown(path.relative_to(given)), refusal))
        elif given.exists():
            found.append((given, shown(given.name if len(inputs) == 1 else given), None))
        else:
            raise InputError(f"{given}: no such file or folder")
    names = {path.resolve() for path, _, _ in found}
    files, skipped = [], []
    for path, name, refusal in found:
        source = _source_of(path, to_code)
        if refusal:
            skipped.append((name, refusal[1]))
        elif formats.detect_format(path) is None:
            skipped.append(
                (name, f"not a translatable file type ({path.suffix or 'no extension'})")
            )
        elif source is not None and source.resolve() in names:
            skipped.append((name, f"the translation of {source.name}"))
        else:
            files.append((path, name))
    return files, skipped


def open_job(inputs: Sequence[Path], load: Callable[[Path], Session], to_code: str = "en") -> Job:
    """Find and load the job's files; one that cannot be read is listed with its error."""
    files, skipped = discover(inputs, to_code)
    if not files:
        raise InputError(f"{', '.join(map(str, inputs))}: no file to translate here")
    job = Job(job_key(inputs), [])
    job.skipped = skipped
    for path, name in files:
        f = ProjectFile(path, name)
        try:
            f.session = load(path)
        except OrdbroError as exc:
            f.error = str(exc).removeprefix(f"{path}: ")
        else:
            f.words = sum(_words(r.source) for r in f.session.rows)
            f.baseline = [(r.source, r.target, r.status, r.match) for r in f.session.rows]
        job.files.append(f)
    job.index = job.openable[0] if job.openable else 0
    return job


_STATUSES = ("new", "machine", "edited", "approved")


def _words(text: str) -> int:
    from glossary.translate.documents import words

    return words(text)


def _source_of(path: Path, to_code: str) -> Path | None:
    """``x.txt`` for ``x.en.txt`` (the name this workbench saves a translation under)."""
    stem = Path(path.stem)
    if stem.suffix.lower() == f".{to_code.lower()}":
        return path.with_name(stem.stem + path.suffix)
    return None
