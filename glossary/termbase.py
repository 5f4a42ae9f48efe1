"""The termbase: concept entries with Swedish and English terms in one SQLite file.

The schema is created and migrated with sqlite-utils; writes run in
``BEGIN IMMEDIATE`` transactions on a WAL database with a busy timeout, so two
programs can add and edit terms at the same time without losing anything.
Every term's surface forms (from :func:`glossary.morphology.generate_forms`)
are stored next to it for the matcher. The connection, migrations and transactions are
:mod:`glossary.store`'s.

Over 400 lines because the one ``Termbase`` class keeps every read and write of the
entries, terms and forms tables together (splitting it would spread one schema's SQL
over several files).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, replace
from pathlib import Path

from glossary import paths, store
from glossary.errors import InputError, TermbaseError
from glossary.termtypes import GENDERS, PARTS_OF_SPEECH, STATUSES, Entry, Form, Grammar, Term

SCHEMA_VERSION = 2
DEFAULT_GLOSSARY = "default"
BUSY_TIMEOUT_S = store.BUSY_TIMEOUT_S
TERMS_ENV = "ORDBRO_TERMS"
# Fields of a term that decide its generated forms.
FORM_KEYS = ("text", "pos", "gender", "declension")


# A bulk write makes this index once at the end (see Termbase.bulk_write); 64 MiB of page
# cache meanwhile (a negative cache_size is in KiB).
_FORMS_TEXT_INDEX = "idx_forms_text"
_BULK_CACHE_KIB = -65536


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string (seconds)."""
    return store.now_iso()


# --------------------------------------------------------------------------- locating


def shipped_termbase() -> Path | None:
    """The shipped ``terms.db``: inside the installed package or at the repository root."""
    for candidate in (paths.BUNDLED_DATA / "terms.db", paths.PACKAGE_DIR.parent / "terms.db"):
        if candidate.is_file():
            return candidate
    return None


def resolve_termbase_path(cli_value: str | None) -> Path:
    """Where the termbase lives: ``--terms`` > ``$ORDBRO_TERMS`` > the user's data directory.

    The user's termbase is created on first use as a copy of the shipped ``terms.db``
    (or, when none is installed, built from the bundled glossary sources). The
    shipped file itself is never opened for writing.
    """
    chosen = cli_value or os.environ.get(TERMS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    target = paths.data_dir() / "terms.db"
    if not target.exists():
        _install_default_termbase(target)
    return target


def _install_default_termbase(target: Path) -> None:
    shipped = shipped_termbase()
    fd, tmp_name = tempfile.mkstemp(prefix=".terms-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if shipped is not None:
            shutil.copyfile(shipped, tmp)
        else:
            tmp.unlink()
            build_termbase(paths.BUNDLED_DATA, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- schema


def _migration_1(db) -> None:
    """Entries, terms, forms, metadata and the full-text index."""
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["entries"].create(
        {
            "id": int,
            "glossary": str,
            "subject_field": str,
            "definition": str,
            "note": str,
            "created": str,
            "modified": str,
            "author": str,
        },
        pk="id",
        not_null={"glossary"},
    )
    db["entries"].create_index(["glossary"])
    db["entries"].create_index(["subject_field"])
    db["terms"].create(
        {
            "id": int,
            "entry_id": int,
            "lang": str,
            "text": str,
            "key": str,
            "pos": str,
            "gender": str,
            "status": str,
            "dnt": int,
            "case_sensitive": int,
            "declension": str,
            "note": str,
            "source": str,
            "position": int,
        },
        pk="id",
        foreign_keys=[("entry_id", "entries", "id")],
        not_null={"entry_id", "lang", "text", "key", "status"},
        defaults={"dnt": 0, "case_sensitive": 0, "status": "preferred", "position": 0},
    )
    db["terms"].create_index(["entry_id"])
    db["terms"].create_index(["lang", "key"])
    db["forms"].create(
        {"id": int, "term_id": int, "text": str, "features": str, "origin": str},
        pk="id",
        foreign_keys=[("term_id", "terms", "id")],
        not_null={"term_id", "text", "origin"},
    )
    db["forms"].create_index(["term_id"])
    db["forms"].create_index(["text"])
    db.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5(body, tokenize='unicode61 remove_diacritics 0')"
    )
    db["meta"].insert_all(
        [{"key": "data_version", "value": "0"}, {"key": "schema_version", "value": "1"}]
    )


def _migration_2(db) -> None:
    """Grammar inferred for terms stored without it (JSON list of readings; NULL: none)."""
    db["terms"].add_column("inferred", str)


MIGRATIONS: list[tuple[str, Callable]] = [
    ("0001_initial", _migration_1),
    ("0002_inferred_grammar", _migration_2),
]


# --------------------------------------------------------------------------- helpers


def _check_term(term: Term) -> None:
    if not term.text or not term.text.strip():
        raise TermbaseError("a term needs text")
    if term.status not in STATUSES:
        raise TermbaseError(
            f"unknown status {term.status!r} for {term.text!r} (use {', '.join(STATUSES)})"
        )
    if term.pos is not None and term.pos not in PARTS_OF_SPEECH:
        raise TermbaseError(
            f"unknown part of speech {term.pos!r} (use {', '.join(PARTS_OF_SPEECH)})"
        )
    if term.gender is not None and term.gender not in GENDERS:
        raise TermbaseError(f"unknown gender {term.gender!r} (use {', '.join(GENDERS)})")
    if not term.lang:
        raise TermbaseError(f"term {term.text!r} has no language")


def term_key(text: str) -> str:
    """The lookup key of a term: whitespace-normalised, case-folded text."""
    return " ".join(text.split()).casefold()


def _readings_json(readings: tuple[Grammar, ...]) -> str | None:
    if not readings:
        return None
    return json.dumps(
        [{"pos": r.pos, "gender": r.gender, "declension": r.declension} for r in readings],
        ensure_ascii=False,
    )


def _readings(text: str | None) -> tuple[Grammar, ...]:
    return tuple(Grammar(**r) for r in json.loads(text)) if text else ()


def _features(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


def _fts_body(entry: Entry) -> str:
    parts = [t.text for t in entry.terms]
    parts += [t.note for t in entry.terms if t.note]
    parts += [p for p in (entry.definition, entry.note, entry.subject_field) if p]
    return "\n".join(parts)


def fts_query(query: str) -> str | None:
    """An FTS5 query for search-as-you-type: every word must match, the last as a prefix."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def entry_to_dict(entry: Entry) -> dict:
    """A JSON-ready dict of an entry (forms as {text, features, origin})."""
    data = asdict(entry)
    for term in data["terms"]:
        term["forms"] = [
            {"text": f["text"], "features": list(f["features"]), "origin": f["origin"]}
            for f in term["forms"]
        ]
    return data


# --------------------------------------------------------------------------- Termbase


class Termbase:
    """A termbase file: open it, read and change entries, search, close."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool = False) -> None:
        import sqlite_utils

        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.db = sqlite_utils.Database(conn)

    # ---- opening

    @classmethod
    def open(cls, path: str | Path | None = None) -> Termbase:
        """Open (creating or migrating as needed) the termbase at ``path``.

        ``None`` means :func:`resolve_termbase_path` (``$ORDBRO_TERMS`` or the user's copy).
        The shipped ``terms.db`` itself is opened read-only.
        """
        resolved = resolve_termbase_path(None) if path is None else Path(path).expanduser()
        shipped = shipped_termbase()
        if shipped is not None and resolved.exists() and resolved.samefile(shipped):
            return cls._open_readonly(resolved)
        conn = store.connect(resolved, "termbase", TermbaseError, foreign_keys=True)
        tb = cls(resolved, conn)
        try:
            tb._migrate()
        except BaseException:
            conn.close()
            raise
        return tb

    @classmethod
    def _open_readonly(cls, path: Path) -> Termbase:
        try:
            conn = store.connect_plain(path, readonly=True)
            tb = cls(path, conn, readonly=True)
            if tb.schema_version() != SCHEMA_VERSION:
                raise TermbaseError(f"{path}: out of date; rebuild it with `ordbro terms build`")
        except sqlite3.Error as exc:
            raise TermbaseError(f"{path}: cannot read the shipped termbase: {exc}") from exc
        return tb

    def _migrate(self) -> None:
        if store.applied(self.conn) and self.schema_version() > SCHEMA_VERSION:
            raise TermbaseError(
                f"{self.path}: made by a newer ordbro (schema {self.schema_version()}, this one "
                f"knows {SCHEMA_VERSION})"
            )

        def after(done: list[str], _now: list[str]) -> None:
            if done and "0002_inferred_grammar" not in done:
                self._infer_stored()
            self.conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
            )
            self._bump()

        store.migrate(
            self.db, MIGRATIONS, path=self.path, kind="termbase", error=TermbaseError, after=after
        )

    def _infer_stored(self) -> None:
        """Infer the grammar of stored terms that lack it (a termbase made before inference)."""
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT entry_id FROM terms WHERE pos IS NULL "
                "OR (lang = 'sv' AND pos = 'noun' AND gender IS NULL)"
            )
        ]
        for entry in self._load_ids(ids):
            for term in _with_inferred(entry.terms):
                if term.inferred:
                    self.conn.execute(
                        "UPDATE terms SET inferred = ? WHERE id = ?",
                        (_readings_json(term.inferred), term.id),
                    )
                    self.conn.execute(
                        "DELETE FROM forms WHERE term_id = ? AND origin = 'generated'", (term.id,)
                    )
                    self._insert_forms(term.id, _generated(term))

    def schema_version(self) -> int:
        """The schema version stored in the file."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> Termbase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions

    def write(self) -> AbstractContextManager[None]:
        """One write transaction (``BEGIN IMMEDIATE``); bumps :meth:`data_version` on commit.

        Nested use joins the outer transaction. Any exception rolls everything back.
        """
        if self.readonly:
            raise TermbaseError(
                f"{self.path}: the shipped termbase is read-only; change your own copy "
                f"(the default) or pass --terms PATH"
            )
        return store.write(
            self.conn,
            before_commit=self._bump,
            busy=lambda exc: TermbaseError(f"{self.path}: termbase is busy or read-only: {exc}"),
        )

    @contextmanager
    def bulk_write(self) -> Iterator[None]:
        """One write transaction for many entries (an import): the index of form texts,
        whose entries land in random places, is made once at the end, and the page cache
        is larger meanwhile. Any exception rolls everything back, the index included.
        The cycle collector is paused: an import makes almost no cyclic garbage, and with
        the lexicon and the inference caches in memory each full pass scans millions of
        objects (a third of the CPU time of grammar inference)."""
        with self.write(), _gc_paused():
            conn = self.conn
            cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            index = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                (_FORMS_TEXT_INDEX,),
            ).fetchone()
            conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
            try:
                if index is not None:
                    conn.execute(f'DROP INDEX "{_FORMS_TEXT_INDEX}"')
                yield
                if index is not None:
                    conn.execute(index[0])
            finally:
                conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def _bump(self) -> None:
        if "meta" in self._tables():
            self.conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'"
            )

    def _tables(self) -> set[str]:
        return {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }

    def data_version(self) -> int:
        """A number that changes whenever the content changes (in any process)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
        return int(row[0])

    # ---- reading

    def entries(self, glossary: str | None = None) -> Iterator[Entry]:
        """All entries (of one glossary, or all), with their terms and forms, by id."""
        sql = "SELECT * FROM entries"
        args: tuple = ()
        if glossary is not None:
            sql += " WHERE glossary = ?"
            args = (glossary,)
        sql += " ORDER BY id"
        cursor = self.conn.cursor()
        cursor.execute(sql, args)
        while True:
            rows = cursor.fetchmany(500)
            if not rows:
                return
            names = [d[0] for d in cursor.description]
            yield from self._load([dict(zip(names, r, strict=True)) for r in rows])

    def count(self, glossary: str | None = None) -> int:
        """How many entries there are (in one glossary, or all)."""
        if glossary is None:
            return self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        return self.conn.execute(
            "SELECT count(*) FROM entries WHERE glossary = ?", (glossary,)
        ).fetchone()[0]

    def get_entry(self, entry_id: int) -> Entry:
        """One entry by id; :class:`TermbaseError` when there is none."""
        cur = self.conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,))
        row = cur.fetchone()
        if row is None:
            raise TermbaseError(f"no entry {entry_id} in {self.path}")
        names = [d[0] for d in cur.description]
        return self._load([dict(zip(names, row, strict=True))])[0]

    def _load(self, rows: list[dict]) -> list[Entry]:
        if not rows:
            return []
        entries = {
            r["id"]: Entry(
                id=r["id"],
                glossary=r["glossary"],
                subject_field=r["subject_field"],
                definition=r["definition"],
                note=r["note"],
                created=r["created"],
                modified=r["modified"],
                author=r["author"],
            )
            for r in rows
        }
        marks = ",".join("?" * len(entries))
        terms: dict[int, Term] = {}
        for r in self.conn.execute(
            f"SELECT id, entry_id, lang, text, pos, gender, status, dnt, case_sensitive, "
            f"declension, note, source, inferred FROM terms WHERE entry_id IN ({marks}) "
            f"ORDER BY entry_id, position, id",
            tuple(entries),
        ):
            term = Term(
                id=r[0],
                entry_id=r[1],
                lang=r[2],
                text=r[3],
                pos=r[4],
                gender=r[5],
                status=r[6],
                dnt=bool(r[7]),
                case_sensitive=bool(r[8]),
                declension=r[9],
                note=r[10],
                source=r[11],
                inferred=_readings(r[12]),
            )
            terms[term.id] = term
            entries[term.entry_id].terms.append(term)
        if terms:
            tmarks = ",".join("?" * len(terms))
            for term_id, text, features, origin in self.conn.execute(
                f"SELECT term_id, text, features, origin FROM forms "
                f"WHERE term_id IN ({tmarks}) ORDER BY id",
                tuple(terms),
            ):
                terms[term_id].forms.append(Form(text, _features(features), origin))
        return list(entries.values())

    def search(
        self,
        query: str,
        *,
        glossary: str | None = None,
        status: str | None = None,
        subject_field: str | None = None,
        limit: int = 50,
    ) -> list[Entry]:
        """Entries whose terms, notes or definitions match ``query`` (the last word as a prefix).

        Words inside compounds are found too ("krig" finds "chipkrig", for queries of
        three or more characters) after the full-text matches. ``status`` keeps entries with at least one term of that status.
        """
        filters, args = [], []
        if glossary is not None:
            filters.append("e.glossary = ?")
            args.append(glossary)
        if subject_field is not None:
            filters.append("e.subject_field = ?")
            args.append(subject_field)
        if status is not None:
            filters.append(
                "EXISTS (SELECT 1 FROM terms s WHERE s.entry_id = e.id AND s.status = ?)"
            )
            args.append(status)
        where = "".join(f" AND {f}" for f in filters)
        ids: list[int] = []
        match = fts_query(query)
        if match is not None:
            try:
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT e.id FROM entries_fts f JOIN entries e ON e.id = f.rowid "
                        f"WHERE entries_fts MATCH ?{where} ORDER BY f.rank LIMIT ?",
                        (match, *args, limit),
                    )
                ]
            except sqlite3.OperationalError as exc:
                raise InputError(f"cannot search for {query!r}: {exc}") from exc
        needle = term_key(query)
        if len(needle) >= 3 and len(ids) < limit:
            seen = set(ids)
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            for (entry_id,) in self.conn.execute(
                f"SELECT DISTINCT e.id FROM terms t JOIN entries e ON e.id = t.entry_id "
                f"WHERE t.key LIKE ? ESCAPE '\\'{where} ORDER BY length(t.key), e.id LIMIT ?",
                (f"%{escaped}%", *args, limit),
            ):
                if entry_id not in seen:
                    ids.append(entry_id)
                    seen.add(entry_id)
        ids = ids[:limit]
        by_id = {e.id: e for e in self._load_ids(ids)}
        return [by_id[i] for i in ids]

    def _load_ids(self, ids: list[int]) -> list[Entry]:
        if not ids:
            return []
        cur = self.conn.execute(
            f"SELECT * FROM entries WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)
        )
        names = [d[0] for d in cur.description]
        return self._load([dict(zip(names, r, strict=True)) for r in cur.fetchall()])

    def find_by_term(self, lang: str, text: str, glossary: str | None = None) -> list[int]:
        """Ids of entries with a term of ``lang`` equal to ``text`` (case-insensitive)."""
        sql = "SELECT DISTINCT t.entry_id FROM terms t"
        args: list = [lang, term_key(text)]
        if glossary is not None:
            sql += " JOIN entries e ON e.id = t.entry_id"
        sql += " WHERE t.lang = ? AND t.key = ?"
        if glossary is not None:
            sql += " AND e.glossary = ?"
            args.append(glossary)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY t.entry_id", args)]

    def glossaries(self) -> list[str]:
        """Names of the glossaries that hold entries."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT glossary FROM entries ORDER BY 1")]

    def subject_fields(self) -> list[str]:
        """Subject fields in use."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT subject_field FROM entries WHERE subject_field IS NOT NULL "
                "ORDER BY 1"
            )
        ]

    # ---- writing

    def add_entry(self, entry: Entry) -> int:
        """Store a new entry with its terms and generated forms; returns its id."""
        if not entry.terms:
            raise TermbaseError("an entry needs at least one term")
        for term in entry.terms:
            _check_term(term)
        stamp = now_iso()
        with self.write():
            cur = self.conn.execute(
                "INSERT INTO entries (glossary, subject_field, definition, note, created, "
                "modified, author) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.glossary or DEFAULT_GLOSSARY,
                    entry.subject_field,
                    entry.definition,
                    entry.note,
                    entry.created or stamp,
                    entry.modified or entry.created or stamp,
                    entry.author,
                ),
            )
            entry_id = cur.lastrowid
            for position, term in enumerate(_with_inferred(entry.terms)):
                self._insert_term(entry_id, term, position, _manual(term.forms))
            self.conn.execute(
                "INSERT INTO entries_fts (rowid, body) VALUES (?, ?)", (entry_id, _fts_body(entry))
            )
        return entry_id

    def add_entries(self, entries: Iterable[Entry]) -> int:
        """Add many entries in one transaction; returns how many."""
        count = 0
        with self.write():
            for entry in entries:
                self.add_entry(entry)
                count += 1
        return count

    def update_entry(self, entry: Entry) -> None:
        """Replace an entry's fields and terms with those of ``entry``.

        Terms keep their ids when ``term.id`` is given. Generated forms are made again
        only for terms whose text, part of speech, gender or declension changed. Manual
        forms are those in ``term.forms``; a term passed with no forms at all keeps its
        stored manual forms.
        """
        if entry.id is None:
            raise TermbaseError("update_entry needs an entry with an id")
        if not entry.terms:
            raise TermbaseError("an entry needs at least one term (remove the entry instead)")
        for term in entry.terms:
            _check_term(term)
        with self.write():
            old = self.get_entry(entry.id)
            old_terms = {t.id: t for t in old.terms}
            self.conn.execute(
                "UPDATE entries SET glossary = ?, subject_field = ?, definition = ?, note = ?, "
                "modified = ?, author = ? WHERE id = ?",
                (
                    entry.glossary or DEFAULT_GLOSSARY,
                    entry.subject_field,
                    entry.definition,
                    entry.note,
                    now_iso(),
                    entry.author,
                    entry.id,
                ),
            )
            kept: set[int] = set()
            for position, term in enumerate(_with_inferred(entry.terms)):
                before = old_terms.get(term.id) if term.id is not None else None
                manual = (
                    _manual(term.forms) if term.forms else _manual(before.forms if before else [])
                )
                if before is None:
                    self._insert_term(entry.id, term, position, manual)
                    continue
                kept.add(before.id)
                self.conn.execute(
                    "UPDATE terms SET lang = ?, text = ?, key = ?, pos = ?, gender = ?, status = ?, "
                    "dnt = ?, case_sensitive = ?, declension = ?, note = ?, source = ?, "
                    "inferred = ?, position = ? WHERE id = ?",
                    (*_term_row(term), position, before.id),
                )
                if any(getattr(before, k) != getattr(term, k) for k in FORM_KEYS) or (
                    before.lang != term.lang or before.inferred != term.inferred
                ):
                    self._store_forms(before.id, replace(term, id=before.id), manual)
                else:
                    self.conn.execute(
                        "DELETE FROM forms WHERE term_id = ? AND origin = 'manual'", (before.id,)
                    )
                    self._insert_forms(before.id, manual)
            for gone in set(old_terms) - kept:
                self.conn.execute("DELETE FROM forms WHERE term_id = ?", (gone,))
                self.conn.execute("DELETE FROM terms WHERE id = ?", (gone,))
            self._index(entry.id, entry)

    def remove_entry(self, entry_id: int) -> None:
        """Delete an entry with its terms and forms."""
        with self.write():
            self.get_entry(entry_id)
            self.conn.execute(
                "DELETE FROM forms WHERE term_id IN (SELECT id FROM terms WHERE entry_id = ?)",
                (entry_id,),
            )
            self.conn.execute("DELETE FROM terms WHERE entry_id = ?", (entry_id,))
            self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (entry_id,))
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def add_form(self, term_id: int, text: str, features: Iterable[str] = ()) -> None:
        """Add a manual form to a term (kept when the generated forms are made again)."""
        if not text.strip():
            raise TermbaseError("a form needs text")
        with self.write():
            self._term_exists(term_id)
            self._insert_forms(term_id, [Form(text.strip(), tuple(sorted(features)), "manual")])
            self._touch_term(term_id)

    def remove_form(self, term_id: int, text: str) -> int:
        """Remove a term's manual forms with this text; returns how many were removed."""
        with self.write():
            self._term_exists(term_id)
            cur = self.conn.execute(
                "DELETE FROM forms WHERE term_id = ? AND origin = 'manual' AND text = ?",
                (term_id, text),
            )
            if cur.rowcount == 0:
                raise TermbaseError(f"term {term_id} has no manual form {text!r}")
            self._touch_term(term_id)
            return cur.rowcount

    def regenerate_forms(self, glossary: str | None = None) -> int:
        """Infer grammar and make every term's generated forms again (after the morphology
        or the inference improved). Manual forms stay. Returns the number of terms processed.
        """
        count = 0
        with self.write():
            for entry in list(self.entries(glossary)):
                for term in _with_inferred(entry.terms):
                    self.conn.execute(
                        "UPDATE terms SET inferred = ? WHERE id = ?",
                        (_readings_json(term.inferred), term.id),
                    )
                    self.conn.execute(
                        "DELETE FROM forms WHERE term_id = ? AND origin = 'generated'", (term.id,)
                    )
                    self._insert_forms(term.id, _generated(term))
                    count += 1
        return count

    # ---- internals

    def _insert_term(self, entry_id: int, term: Term, position: int, manual: list[Form]) -> int:
        cur = self.conn.execute(
            "INSERT INTO terms (lang, text, key, pos, gender, status, dnt, case_sensitive, "
            "declension, note, source, inferred, position, entry_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_term_row(term), position, entry_id),
        )
        term_id = cur.lastrowid
        self._insert_forms(term_id, _generated(term) + manual)
        return term_id

    def _store_forms(self, term_id: int, term: Term, manual: list[Form]) -> None:
        self.conn.execute("DELETE FROM forms WHERE term_id = ?", (term_id,))
        self._insert_forms(term_id, _generated(term) + manual)

    def _insert_forms(self, term_id: int, forms: list[Form]) -> None:
        if forms:
            self.conn.executemany(
                "INSERT INTO forms (term_id, text, features, origin) VALUES (?, ?, ?, ?)",
                [(term_id, f.text, " ".join(f.features), f.origin) for f in forms],
            )

    def _index(self, entry_id: int, entry: Entry) -> None:
        self.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (entry_id,))
        self.conn.execute(
            "INSERT INTO entries_fts (rowid, body) VALUES (?, ?)", (entry_id, _fts_body(entry))
        )

    def _term_exists(self, term_id: int) -> None:
        if not self.conn.execute("SELECT 1 FROM terms WHERE id = ?", (term_id,)).fetchone():
            raise TermbaseError(f"no term {term_id} in {self.path}")

    def _touch_term(self, term_id: int) -> None:
        self.conn.execute(
            "UPDATE entries SET modified = ? WHERE id = (SELECT entry_id FROM terms WHERE id = ?)",
            (now_iso(), term_id),
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (back on after, if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _term_row(term: Term) -> tuple:
    return (
        term.lang,
        term.text.strip(),
        term_key(term.text),
        term.pos,
        term.gender,
        term.status,
        int(term.dnt),
        int(term.case_sensitive),
        term.declension,
        term.note,
        term.source,
        _readings_json(term.inferred),
    )


def _manual(forms: Iterable[Form]) -> list[Form]:
    return [f for f in forms if f.origin == "manual"]


def _with_inferred(terms: list[Term]) -> list[Term]:
    """The terms with their grammar inferred where the user left it unset."""
    from glossary.grammar import infer_entry

    return [
        replace(term, inferred=readings)
        for term, readings in zip(terms, infer_entry(terms), strict=True)
    ]


def _generated(term: Term) -> list[Form]:
    from glossary.grammar import generated_forms

    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for form in generated_forms(term):
        key = (form.text, tuple(form.features))
        if key in seen:
            continue
        seen.add(key)
        out.append(Form(form.text, tuple(form.features), "generated"))
    return out


def build_termbase(source_dir: Path, output: Path) -> int:
    """Build a fresh termbase at ``output`` from the sources; returns the number of concepts.

    The file is built beside ``output`` and renamed over it when complete, as a
    single self-contained file (no WAL), ready to ship.
    """
    from glossary.termio.source_tsv import read_sources

    entries = list(read_sources(Path(source_dir)))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".terms-build-", suffix=".db", dir=output.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        tb = Termbase.open(tmp)
        try:
            tb.add_entries(entries)  # stores each term's generated forms
        finally:
            tb.close()
        conn = store.connect_plain(Path(tmp))
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
        conn.close()
        os.replace(tmp, output)
        for stale in (f"{output}-wal", f"{output}-shm"):  # journal files of the old file
            if os.path.exists(stale):
                os.unlink(stale)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return len(entries)
