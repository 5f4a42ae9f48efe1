"""The reviewable sources of the shipped termbase (``glossary/data/*.tsv``) and its build.

One concept per line, tab-separated, with this header::

    sv  en  pos  gender  status  dnt  forbidden  subject  declension  note

- ``sv``, ``en``: the preferred term first, then ``|``-separated synonyms (admitted);
  ``en`` may be empty when ``dnt`` is set (the name is the same in both languages).
- ``pos``: noun, properNoun, verb, adjective, adverb or other; ``gender`` (Swedish
  nouns): common or neuter.
- ``status``: of the preferred terms, empty for preferred (admitted, deprecated).
- ``dnt``: "yes" for names that are never translated (they also match case-sensitively).
- ``forbidden``: ``|``-separated English renderings that must not be used.
- ``subject``: subject field; ``declension``: a hint for the Swedish forms, such as the
  indefinite plural; ``note``: free text for the translator.

Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from glossary.errors import InputError
from glossary.termtypes import GENDERS, PARTS_OF_SPEECH, STATUSES, Entry, Term

HEADER = (
    "sv",
    "en",
    "pos",
    "gender",
    "status",
    "dnt",
    "forbidden",
    "subject",
    "declension",
    "note",
)
BUILD_STAMP = "2026-11-28T00:00:00Z"
BUILD_AUTHOR = "ordbro"
GLOSSARY = "default"


def source_files(directory: Path) -> list[Path]:
    """The glossary sources in ``directory``, in name order."""
    files = sorted(Path(directory).glob("*.tsv"))
    if not files:
        raise InputError(f"{directory}: no glossary sources (*.tsv)")
    return files


def read_sources(directory: Path) -> Iterator[Entry]:
    """Every concept of every source file, as entries ready to add."""
    for path in source_files(directory):
        yield from read_source(path)


def read_source(path: Path) -> Iterator[Entry]:
    """The concepts of one source file; InputError names the file and line of a mistake."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = None
        for number, row in enumerate(rows, 1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if header is None:
                if tuple(c.strip() for c in row) != HEADER:
                    raise InputError(f"{path}:{number}: header must be {' '.join(HEADER)}")
                header = HEADER
                continue
            if len(row) > len(HEADER):
                raise InputError(f"{path}:{number}: {len(row)} columns, expected {len(HEADER)}")
            cells = dict(zip(HEADER, [c.strip() for c in row] + [""] * len(HEADER), strict=False))
            yield _entry(cells, path, number)


def _entry(cells: dict[str, str], path: Path, number: int) -> Entry:
    where = f"{path}:{number}"
    pos = cells["pos"] or None
    gender = cells["gender"] or None
    status = cells["status"] or "preferred"
    dnt = cells["dnt"] == "yes"
    if pos not in PARTS_OF_SPEECH:
        raise InputError(f"{where}: part of speech {pos!r} is not one of {PARTS_OF_SPEECH}")
    if gender is not None and gender not in GENDERS:
        raise InputError(f"{where}: gender {gender!r} is not one of {GENDERS}")
    if pos == "noun" and gender is None and not dnt:
        raise InputError(f"{where}: Swedish noun {cells['sv']!r} needs a gender")
    if status not in STATUSES or cells["dnt"] not in ("", "yes"):
        raise InputError(f"{where}: bad status {status!r} or dnt {cells['dnt']!r}")
    sv = [t.strip() for t in cells["sv"].split("|") if t.strip()]
    en = [t.strip() for t in cells["en"].split("|") if t.strip()] or (sv[:1] if dnt else [])
    if not sv or not en:
        raise InputError(f"{where}: needs a Swedish and an English term")
    source = f"ordbro glossary ({path.name})"
    terms: list[Term] = []
    for lang, texts in (("sv", sv), ("en", en)):
        for index, text in enumerate(texts):
            terms.append(
                Term(
                    id=None,
                    entry_id=None,
                    lang=lang,
                    text=text,
                    pos=pos,
                    gender=gender if lang == "sv" else None,
                    status=status if index == 0 else "admitted",
                    dnt=dnt,
                    case_sensitive=dnt,
                    declension=(cells["declension"] or None)
                    if lang == "sv" and index == 0
                    else None,
                    source=source,
                )
            )
    for text in cells["forbidden"].split("|"):
        if text.strip():
            terms.append(Term(None, None, "en", text.strip(), pos=pos, status="forbidden"))
    return Entry(
        id=None,
        glossary=GLOSSARY,
        subject_field=cells["subject"] or None,
        note=cells["note"] or None,
        terms=terms,
        created=BUILD_STAMP,
        modified=BUILD_STAMP,
        author=BUILD_AUTHOR,
    )
