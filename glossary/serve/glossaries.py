"""Client glossaries: named glossaries of one termbase in the server's data directory.

Each glossary created through the API (DeepL ``/v2/glossaries``, or inline pairs sent
with a request) is a named glossary ``serve:<id>`` of the termbase ``glossaries.db``,
so enforcement reads it like any other termbase. A table beside the entries records
who owns each one; a key sees, uses and deletes only its own. Every change is one
SQLite transaction (entries and record together, or nothing).
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from glossary.serve.access import Refused

MAX_ENTRIES = 10_000
MAX_TERM_BYTES = 1024  # as DeepL
MAX_INLINE = 256  # inline glossaries kept (oldest dropped first)

_SCHEMA = """CREATE TABLE IF NOT EXISTS serve_glossaries (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
    source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, created TEXT NOT NULL,
    entry_count INTEGER NOT NULL, inline INTEGER NOT NULL DEFAULT 0)"""


@dataclass(frozen=True)
class GlossaryInfo:
    """One client glossary (DeepL's GlossaryInfo fields)."""

    id: str
    owner: str
    name: str
    source_lang: str
    target_lang: str
    created: str
    entry_count: int

    @property
    def termbase_name(self) -> str:
        return f"serve:{self.id}"

    def to_deepl(self) -> dict:
        return {
            "glossary_id": self.id,
            "name": self.name,
            "ready": True,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "creation_time": self.created,
            "entry_count": self.entry_count,
        }


def parse_entries(text: str, entries_format: str = "tsv") -> list[tuple[str, str]]:
    """(source, target) pairs from DeepL's TSV or CSV entries; :class:`Refused` (400) with
    the line at fault otherwise."""
    if entries_format not in ("tsv", "csv"):
        raise Refused(400, f"Unsupported entries_format {entries_format!r}: use tsv or csv")
    if entries_format == "csv":
        rows = list(csv.reader(io.StringIO(text)))
    else:
        rows = [line.split("\t") for line in text.splitlines()]
    pairs: dict[str, str] = {}
    for number, row in enumerate(rows, 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise Refused(400, f"Invalid glossary entries: line {number} has no separator")
        source, target = row[0].strip(), row[1].strip()
        check_term(source, number)
        check_term(target, number)
        if source in pairs:
            raise Refused(400, f"Invalid glossary entries: line {number} repeats {source!r}")
        pairs[source] = target
    if not pairs:
        raise Refused(400, "Invalid glossary entries: no entries")
    if len(pairs) > MAX_ENTRIES:
        raise Refused(400, f"Invalid glossary entries: more than {MAX_ENTRIES}")
    return list(pairs.items())


def check_term(term: str, line: int | None = None) -> None:
    """:class:`Refused` (400) for an empty, overlong or control-character term."""
    where = f" on line {line}" if line else ""
    if not term:
        raise Refused(400, f"Invalid glossary entries: empty term{where}")
    if len(term.encode("utf-8")) > MAX_TERM_BYTES:
        raise Refused(400, f"Invalid glossary entries: term longer than 1024 bytes{where}")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029" for c in term):
        raise Refused(400, f"Invalid glossary entries: control character{where}")


class GlossaryStore:
    """Create, list, read and delete client glossaries; one writer at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        with self._open() as tb, tb.write():
            tb.conn.execute(_SCHEMA)

    def _open(self):
        from glossary.termbase import Termbase

        return Termbase.open(self.path)

    def create(
        self, owner: str, name: str, source_lang: str, target_lang: str,
        pairs: list[tuple[str, str]], inline: bool = False,
    ) -> GlossaryInfo:  # fmt: skip
        """A new glossary of ``pairs`` owned by ``owner``."""
        if inline:
            digest = hashlib.sha256(repr((owner, source_lang, target_lang, pairs)).encode())
            gid = f"inline-{digest.hexdigest()[:32]}"
        else:
            gid = str(uuid.uuid4())
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        info = GlossaryInfo(gid, owner, name, source_lang, target_lang, created, len(pairs))
        from glossary.termtypes import Entry, Term

        entries = [
            Entry(None, glossary=info.termbase_name,
                  terms=[Term(None, None, source_lang, s), Term(None, None, target_lang, t)])
            for s, t in pairs
        ]  # fmt: skip
        with self._lock, self._open() as tb:
            if inline and self._row(tb, gid) is not None:  # the same pairs sent again
                return self._info(self._row(tb, gid))
            with tb.write():
                if inline:
                    self._prune_inline(tb)
                tb.add_entries(entries)
                tb.conn.execute(
                    "INSERT INTO serve_glossaries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (gid, owner, name, source_lang, target_lang, created, len(pairs), int(inline)),
                )
        return info

    def _prune_inline(self, tb) -> None:
        rows = tb.conn.execute(
            "SELECT id FROM serve_glossaries WHERE inline = 1 ORDER BY created DESC LIMIT -1 "
            "OFFSET ?",
            (MAX_INLINE - 1,),
        ).fetchall()
        for (gid,) in rows:
            self._remove(tb, gid)

    def list(self, owner: str) -> list[GlossaryInfo]:
        """``owner``'s glossaries (inline ones left out), oldest first."""
        with self._open() as tb:
            rows = tb.conn.execute(
                "SELECT * FROM serve_glossaries WHERE owner = ? AND inline = 0 ORDER BY created",
                (owner,),
            ).fetchall()
        return [self._info(r) for r in rows]

    def get(self, owner: str, gid: str) -> GlossaryInfo | None:
        """``owner``'s glossary ``gid``, or None (also when another key owns it)."""
        with self._open() as tb:
            row = self._row(tb, gid)
        if row is None or row[1] != owner:
            return None
        return self._info(row)

    def entries(self, info: GlossaryInfo) -> list[tuple[str, str]]:
        """The glossary's (source, target) pairs."""
        with self._open() as tb:
            out = []
            for entry in tb.entries(info.termbase_name):
                src = entry.preferred(info.source_lang)
                tgt = entry.preferred(info.target_lang)
                if src and tgt:
                    out.append((src.text, tgt.text))
        return out

    def delete(self, owner: str, gid: str) -> bool:
        """Delete ``owner``'s glossary ``gid``; False when there is none."""
        with self._lock, self._open() as tb, tb.write():
            row = self._row(tb, gid)
            if row is None or row[1] != owner:
                return False
            self._remove(tb, gid)
        return True

    def _remove(self, tb, gid: str) -> None:
        name = f"serve:{gid}"
        ids = [r[0] for r in tb.conn.execute("SELECT id FROM entries WHERE glossary = ?", (name,))]
        for entry_id in ids:
            tb.remove_entry(entry_id)
        row = self._row(tb, gid)
        tb.conn.execute("DELETE FROM serve_glossaries WHERE id = ?", (gid,))
        if row is not None:
            self._forget_matcher(name, row[3], row[4])

    def _forget_matcher(self, name: str, source: str, target: str) -> None:
        """Remove the compiled matcher cached for a deleted glossary."""
        from glossary.matcher_cache import cache_path

        cached = cache_path(self.path, name, source, target)
        for path in (cached, cached.with_name(cached.name + ".lock")):
            path.unlink(missing_ok=True)

    @staticmethod
    def _row(tb, gid: str):
        return tb.conn.execute("SELECT * FROM serve_glossaries WHERE id = ?", (gid,)).fetchone()

    @staticmethod
    def _info(row) -> GlossaryInfo:
        return GlossaryInfo(*row[:7])
