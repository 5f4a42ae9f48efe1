"""Importing a glossary file into a termbase: one transaction, a merge policy, a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.termbase import DEFAULT_GLOSSARY, Termbase, term_key
from glossary.termio import Options, format_for
from glossary.termtypes import Entry, Term

POLICIES = ("skip", "update", "keep-both")


@dataclass
class ImportSummary:
    """What an import did."""

    file: str
    format: str
    read: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0
    glossaries: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human-readable line."""
        return (
            f"{self.file}: read {self.read} entries ({self.format}): added {self.added}, "
            f"updated {self.updated}, skipped {self.skipped}"
        )


def import_file(
    tb: Termbase,
    path: str | Path,
    *,
    fmt: str | None = None,
    policy: str = "skip",
    glossary: str | None = None,
    options: Options | None = None,
    author: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import ``path`` into ``tb`` in one transaction; on any error nothing is changed.

    ``policy`` decides what happens to an entry whose source-language term (or first
    term) already exists in the target glossary: "skip" it, "update" the existing
    entry (fields the file gives win, terms are merged) or "keep-both".
    ``glossary`` overrides the glossary named in the file (default: "default").
    ``progress`` is called with the number of entries read so far, after each one.
    """
    options = options or Options()
    if policy not in POLICIES:
        raise InputError(f"unknown merge policy {policy!r} (use {', '.join(POLICIES)})")
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    reader = format_for(path, fmt)
    summary = ImportSummary(file=str(path), format=reader.name)
    names: set[str] = set()
    with tb.bulk_write():
        for entry in reader.read(path, options):
            summary.read += 1
            if progress is not None:
                progress(summary.read)
            entry.glossary = glossary or entry.glossary or DEFAULT_GLOSSARY
            entry.author = entry.author or author
            names.add(entry.glossary)
            existing = _match(tb, entry, options.source_lang)
            if existing is None or policy == "keep-both":
                tb.add_entry(entry)
                summary.added += 1
            elif policy == "skip":
                summary.skipped += 1
            else:
                tb.update_entry(merge_into(tb.get_entry(existing), entry))
                summary.updated += 1
    summary.glossaries = sorted(names)
    return summary


def _match(tb: Termbase, entry: Entry, source_lang: str) -> int | None:
    key_term = entry.preferred(source_lang) or entry.terms[0]
    found = tb.find_by_term(key_term.lang, key_term.text, entry.glossary)
    return found[0] if found else None


def merge_into(old: Entry, new: Entry) -> Entry:
    """``old`` updated with what ``new`` says: its non-empty fields win, its terms are merged."""
    for name in ("subject_field", "definition", "note", "author"):
        value = getattr(new, name)
        if value:
            setattr(old, name, value)
    by_key = {(t.lang, term_key(t.text)): t for t in old.terms}
    for term in new.terms:
        mine = by_key.get((term.lang, term_key(term.text)))
        if mine is None:
            old.terms.append(
                Term(
                    None,
                    old.id,
                    term.lang,
                    term.text,
                    term.pos,
                    term.gender,
                    term.status,
                    term.dnt,
                    term.case_sensitive,
                    term.declension,
                    term.note,
                    term.source,
                    [f for f in term.forms if f.origin == "manual"],
                )
            )
            continue
        mine.text = term.text
        mine.status = term.status
        mine.dnt = term.dnt
        mine.case_sensitive = term.case_sensitive
        for name in ("pos", "gender", "declension", "note", "source"):
            if getattr(term, name):
                setattr(mine, name, getattr(term, name))
        manual = [f for f in term.forms if f.origin == "manual"]
        if manual:
            mine.forms = [f for f in mine.forms if f.origin == "manual"]
            mine.forms += [f for f in manual if f not in mine.forms]
    return old
