"""The translation memory: translated segments in one SQLite file.

Exact matches are looked up by a whitespace-normalised key; approved human
translations win over human, imported and machine ones, newest first. Fuzzy
matches take candidates from an FTS5 index of the source text (BM25, limited to
plausible lengths), then score them with rapidfuzz and attach a word diff.

The database runs in WAL mode with a busy timeout; every :meth:`record` commits,
so a killed batch run keeps every segment it finished.

Over 400 lines because the one ``TranslationMemory`` class keeps exact lookup, fuzzy
search (with its index heuristics) and statistics over the one table together; the
connection, migrations and transactions are :mod:`glossary.store`'s.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary import paths, store
from glossary.errors import InputError

SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = store.BUSY_TIMEOUT_S
KIND = "translation memory"
TM_ENV = "ORDBRO_TM"
ORIGINS = ("machine", "imported", "human")  # lowest to highest rank
# Fuzzy search reads at most about this many index postings (plus the 3 rarest words').
POSTINGS_BUDGET = 2_000
MAX_QUERY_WORDS = 6
_RANK_SQL = "CASE origin WHEN 'human' THEN 3 WHEN 'imported' THEN 2 ELSE 1 END"
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class FuzzyMatch:
    """A memory segment similar to the query.

    ``diff`` turns the match's source into the query, word by word: a list of
    ``(op, words)`` with op "equal", "delete" (only in the match) or "insert"
    (only in the query).
    """

    source: str
    target: str
    score: float
    origin: str
    diff: list[tuple[str, str]] = field(default_factory=list)
    approved: bool = False


def default_path() -> Path:
    """``$ORDBRO_TM`` or ``memory.db`` in the user's data directory."""
    env = os.environ.get(TM_ENV)
    return Path(env).expanduser() if env else paths.data_dir() / "memory.db"


def segment_key(text: str) -> str:
    """The exact-match key: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def now_iso() -> str:
    return store.now_iso(microseconds=True)


def _lang(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _migration_1(db) -> None:
    db["segments"].create(
        {
            "id": int,
            "src_lang": str,
            "tgt_lang": str,
            "source": str,
            "target": str,
            "key": str,
            "origin": str,
            "approved": int,
            "file": str,
            "created": str,
            "changed": str,
            "length": int,
        },
        pk="id",
        not_null={"src_lang", "tgt_lang", "source", "target", "key", "origin", "approved"},
        defaults={"approved": 0},
    )
    db["segments"].create_index(["src_lang", "tgt_lang", "key", "target"], unique=True)
    db["segments"].create_index(["origin"])
    # Diacritics stay: "här" and "har" are different Swedish words.
    db["segments"].enable_fts(
        ["key"], fts_version="FTS5", create_triggers=True, tokenize="unicode61 remove_diacritics 0"
    )
    # Document frequency per word, so fuzzy search can query by the rarer words.
    db.execute("CREATE VIRTUAL TABLE segments_fts_vocab USING fts5vocab(segments_fts, 'row')")


def _migration_2(db) -> None:
    # What made a machine translation (model, direction, termbase version, enforcement
    # settings, as a digest): it is reused only by a translator made the same way.
    db.execute("ALTER TABLE segments ADD COLUMN made_by TEXT")


MIGRATIONS = [("0001_segments", _migration_1), ("0002_made_by", _migration_2)]


class TranslationMemory:
    """A translation memory file; safe to share between threads and processes."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        import sqlite_utils

        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        # Document frequency of words seen in fuzzy queries (a hint, so it may be stale).
        self._df: dict[str, int] = {}
        self._df_size = 0

    @classmethod
    def open(cls, path: str | Path | None = None) -> TranslationMemory:
        """Open (creating or migrating) the memory; ``None`` means :func:`default_path`."""
        resolved = default_path() if path is None else Path(path).expanduser()
        conn = store.connect(resolved, KIND, InputError, check_same_thread=False)
        tm = cls(resolved, conn)
        try:
            tm._migrate()
        except BaseException:
            conn.close()
            raise
        return tm

    def _migrate(self) -> None:
        names = [name for name, _ in MIGRATIONS]

        def legacy() -> list[str]:  # memories made before the _migrations table
            return names[: self.conn.execute("PRAGMA user_version").fetchone()[0]]

        def after(_done: list[str], _now: list[str]) -> None:  # older ordbros read this
            self.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

        store.migrate(
            self.db, MIGRATIONS, path=self.path, kind=KIND, error=InputError, lock=self._lock,
            legacy=legacy, after=after,
        )  # fmt: skip

    def schema_version(self) -> int:
        """How many schema migrations the file has (the last one's number)."""
        return len(store.applied(self.conn))

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (nested use joins the outer one)."""
        return store.write(self.conn, lock=self._lock)

    # ---- writing

    _UPSERT = f"""
        INSERT INTO segments
            (src_lang, tgt_lang, source, target, key, origin, approved, file, created, changed,
             length, made_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (src_lang, tgt_lang, key, target) DO UPDATE SET
            origin = CASE WHEN (CASE excluded.origin WHEN 'human' THEN 3 WHEN 'imported' THEN 2
                                ELSE 1 END) > {_RANK_SQL} THEN excluded.origin ELSE origin END,
            approved = max(approved, excluded.approved),
            file = coalesce(excluded.file, file),
            changed = excluded.changed,
            made_by = coalesce(excluded.made_by, made_by)
    """

    def _row(
        self,
        source: str,
        target: str,
        src_lang: str,
        tgt_lang: str,
        origin: str,
        file: str | None,
        approved: bool,
        created: str | None = None,
        changed: str | None = None,
        made_by: str | None = None,
    ) -> tuple:
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        key = segment_key(source)
        stamp = now_iso()
        return (
            _lang(src_lang),
            _lang(tgt_lang),
            source,
            target,
            key,
            origin,
            int(bool(approved)),
            file,
            created or stamp,
            changed or stamp,
            len(key),
            made_by,
        )

    def record(
        self,
        source: str,
        target: str,
        src_lang: str = "sv",
        tgt_lang: str = "en",
        origin: str = "machine",
        file: str | None = None,
        approved: bool = False,
        made_by: str | None = None,
    ) -> None:
        """Store one translated segment and commit. Blank sources or targets are ignored.

        Recording a pair that is already stored raises its origin and approval if the
        new record ranks higher, and makes it the newest. ``made_by`` names what made a
        machine translation (see :meth:`reusable`).
        """
        if not source.strip() or not target.strip():
            return
        row = self._row(source, target, src_lang, tgt_lang, origin, file, approved, made_by=made_by)
        with self.transaction():
            self.conn.execute(self._UPSERT, row)

    def record_many(self, rows: Iterable[Mapping[str, Any] | tuple]) -> int:
        """Store many segments in one transaction; returns how many were stored.

        Each row is a mapping with the keyword arguments of :meth:`record`, or a tuple
        in the order ``(source, target, src_lang, tgt_lang, origin, file, approved)``.
        """
        prepared = []
        for row in rows:
            kwargs = dict(row) if isinstance(row, Mapping) else _tuple_kwargs(row)
            if (
                not str(kwargs.get("source", "")).strip()
                or not str(kwargs.get("target", "")).strip()
            ):
                continue
            prepared.append(
                self._row(
                    kwargs["source"],
                    kwargs["target"],
                    kwargs.get("src_lang", "sv"),
                    kwargs.get("tgt_lang", "en"),
                    kwargs.get("origin", "machine"),
                    kwargs.get("file"),
                    kwargs.get("approved", False),
                    kwargs.get("created"),
                    kwargs.get("changed"),
                    kwargs.get("made_by"),
                )
            )
        if prepared:
            with self.transaction():
                self.conn.executemany(self._UPSERT, prepared)
        return len(prepared)

    # ---- reading

    def lookup(self, source: str, src_lang: str = "sv", tgt_lang: str = "en") -> str | None:
        """The best stored translation of exactly ``source`` (whitespace-insensitive), or None."""
        row = self.best(source, src_lang, tgt_lang)
        return row["target"] if row else None

    def best(self, source: str, src_lang: str = "sv", tgt_lang: str = "en") -> dict | None:
        """Like :meth:`lookup`, but the whole row (target, origin, approved, changed, file)."""
        with self._lock:
            cur = self.conn.execute(
                f"""SELECT target, origin, approved, changed, file FROM segments
                    WHERE src_lang = ? AND tgt_lang = ? AND key = ?
                    ORDER BY approved DESC, {_RANK_SQL} DESC, changed DESC, id DESC LIMIT 1""",
                (_lang(src_lang), _lang(tgt_lang), segment_key(source)),
            )
            row = cur.fetchone()
        if row is None:
            return None
        return dict(zip(("target", "origin", "approved", "changed", "file"), row, strict=True))

    def reusable(
        self, source: str, src_lang: str, tgt_lang: str, made_by: str | None
    ) -> str | None:
        """The stored translation of ``source`` a translator made as ``made_by`` may reuse.

        Human, imported and approved translations always qualify (best first, as in
        :meth:`lookup`); a machine translation only when it was made the same way
        (same model, direction, termbase version and enforcement settings).
        """
        with self._lock:
            row = self.conn.execute(
                f"""SELECT target FROM segments
                    WHERE src_lang = ? AND tgt_lang = ? AND key = ?
                      AND (origin != 'machine' OR approved = 1 OR made_by = ?)
                    ORDER BY approved DESC, {_RANK_SQL} DESC, changed DESC, id DESC LIMIT 1""",
                (_lang(src_lang), _lang(tgt_lang), segment_key(source), made_by),
            ).fetchone()
        return row[0] if row else None

    def fuzzy(
        self,
        source: str,
        src_lang: str = "sv",
        tgt_lang: str = "en",
        threshold: float = 70,
        limit: int = 5,
        candidates: int = 100,
    ) -> list[FuzzyMatch]:
        """Segments whose source scores at least ``threshold`` (0-100) against ``source``.

        Best first; one match per stored source (its best translation). The score is
        :func:`similarity`; an exact match (whitespace aside) scores 100.
        """
        key = segment_key(source)
        words = {w.lower() for w in _WORD.findall(key)}
        if not words:
            return []
        # The character ratio is at most 2*min/(la+lb) and the word ratio at most 1, so
        # a mean >= t needs a length ratio >= c/(2-c) with c = 2t/100 - 1.
        t = max(1.0, min(float(threshold), 100.0))
        c = max(0.0, 2 * t / 100 - 1)
        ratio = c / (2 - c)
        low, high = int(len(key) * ratio), int(len(key) / ratio) + 1 if ratio else 10**9
        with self._lock:
            chosen = self._query_words(words)
            if not chosen:
                return []
            query = " OR ".join('"' + w.replace('"', '""') + '"' for w in chosen)
            rows = self.conn.execute(
                """SELECT s.source, s.target, s.origin, s.approved, s.key
                   FROM segments_fts f JOIN segments s ON s.id = f.rowid
                   WHERE segments_fts MATCH ? AND s.src_lang = ? AND s.tgt_lang = ?
                     AND s.length BETWEEN ? AND ?
                   ORDER BY f.rank LIMIT ?""",
                (query, _lang(src_lang), _lang(tgt_lang), low, high, candidates),
            ).fetchall()
            keys = sorted({r[4] for r in rows})
            # The best translation of each candidate source, as lookup() would choose it.
            rows = self.conn.execute(
                f"""SELECT source, target, origin, approved, key FROM segments
                    WHERE src_lang = ? AND tgt_lang = ? AND key IN (SELECT value FROM json_each(?))
                    ORDER BY approved DESC, {_RANK_SQL} DESC, changed DESC, id DESC""",
                (_lang(src_lang), _lang(tgt_lang), json.dumps(keys)),
            ).fetchall()
        best: dict[str, FuzzyMatch] = {}
        query_tokens = _TOKEN.findall(key)
        for src_text, target, origin, approved, row_key in rows:
            if row_key in best:
                continue  # rows come best translation first
            score = 100.0 if row_key == key else similarity(key, row_key, query_tokens, t)
            if score >= t:
                best[row_key] = FuzzyMatch(
                    src_text, target, round(score, 1), origin, [], bool(approved)
                )
        ranked = sorted(best.values(), key=lambda m: -m.score)[:limit]
        return [
            FuzzyMatch(m.source, m.target, m.score, m.origin, word_diff(m.source, key), m.approved)
            for m in ranked
        ]

    def _query_words(self, words: set[str]) -> list[str]:
        """The query's words to search the index with: the rarest ones, common ones dropped.

        A similar segment shares most of the query's words, so it almost surely holds one
        of its rarer ones; words found in a large share of the memory ("och", "the") only
        slow the search down. The three rarest known words are always kept, then rarer
        ones up to :data:`MAX_QUERY_WORDS` words or :data:`POSTINGS_BUDGET` postings.
        """
        size = self.conn.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0]
        if size > self._df_size * 1.1 + 100:
            self._df.clear()  # frequencies drift as the memory grows; re-read them
            self._df_size = size
        missing = sorted(w for w in words if w not in self._df)[:200]
        if missing:
            marks = ",".join("?" * len(missing))
            found = dict(
                self.conn.execute(
                    f"SELECT term, doc FROM segments_fts_vocab WHERE term IN ({marks})", missing
                ).fetchall()
            )
            if len(self._df) > 50_000:
                self._df.clear()
            self._df.update({w: found.get(w, 0) for w in missing})
        known = {w: self._df[w] for w in words if self._df.get(w)}
        ranked = sorted(known, key=lambda w: (known[w], w))
        chosen, postings = [], 0
        for word in ranked:
            if len(chosen) >= 3 and (
                postings + known[word] > POSTINGS_BUDGET or len(chosen) >= MAX_QUERY_WORDS
            ):
                break
            chosen.append(word)
            postings += known[word]
        return chosen

    def iter_segments(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        approved_only: bool = False,
        origin: str | None = None,
    ) -> Iterator[dict]:
        """Stored segments as dicts, oldest first (streamed from the database)."""
        where, args = [], []
        if src_lang:
            where.append("src_lang = ?")
            args.append(_lang(src_lang))
        if tgt_lang:
            where.append("tgt_lang = ?")
            args.append(_lang(tgt_lang))
        if approved_only:
            where.append("approved = 1")
        if origin:
            where.append("origin = ?")
            args.append(origin)
        sql = (
            "SELECT src_lang, tgt_lang, source, target, origin, approved, file, created, changed "
            "FROM segments"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        cols = ("src_lang", "tgt_lang", "source", "target", "origin", "approved", "file")
        cols += ("created", "changed")
        # A separate connection, so a long export neither holds the lock nor sees half a write.
        reader = store.connect_plain(self.path)
        try:
            for row in reader.execute(sql + " ORDER BY id", args):
                yield dict(zip(cols, row, strict=True))
        finally:
            reader.close()

    def containing(
        self, src_lang: str, tgt_lang: str, source_keys: Iterable[str], target_keys: Iterable[str]
    ) -> Iterator[dict]:
        """Pairs whose source holds one of ``source_keys`` or whose target one of
        ``target_keys`` (a quick filter for the concordance, by SQL ``LIKE``: case is
        ignored for ASCII letters, and a key with others is also tried in lower case,
        capitalised and in upper case), best first: approved, then by origin, newest
        first (streamed from a separate connection)."""
        clauses, args = [], []
        for column, keys in (("source", source_keys), ("target", target_keys)):
            for key in keys:
                variants = {key} if key.isascii() else {key.lower(), key.capitalize(), key.upper()}
                for variant in sorted(variants):
                    escaped = variant.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    clauses.append(f"{column} LIKE ? ESCAPE '\\'")
                    args.append(f"%{escaped}%")
        if not clauses:
            return
        reader = store.connect_plain(self.path)
        try:
            cols = ("source", "target", "origin", "approved", "changed")
            for row in reader.execute(
                f"""SELECT source, target, origin, approved, changed FROM segments
                    WHERE src_lang = ? AND tgt_lang = ? AND ({" OR ".join(clauses)})
                    ORDER BY approved DESC, {_RANK_SQL} DESC, changed DESC, id DESC""",
                (_lang(src_lang), _lang(tgt_lang), *args),
            ):
                yield dict(zip(cols, row, strict=True))
        finally:
            reader.close()

    def stats(self) -> dict[str, Any]:
        """Counts by language pair, origin and approval, plus the file's path and schema."""
        with self._lock:
            total = self.conn.execute("SELECT count(*) FROM segments").fetchone()[0]
            by_origin = dict(
                self.conn.execute("SELECT origin, count(*) FROM segments GROUP BY origin")
            )
            pairs = {
                f"{s}-{t}": n
                for s, t, n in self.conn.execute(
                    "SELECT src_lang, tgt_lang, count(*) FROM segments GROUP BY 1, 2"
                )
            }
            approved = self.conn.execute(
                "SELECT count(*) FROM segments WHERE approved = 1"
            ).fetchone()[0]
            files = self.conn.execute(
                "SELECT count(DISTINCT file) FROM segments WHERE file IS NOT NULL"
            ).fetchone()[0]
            newest = self.conn.execute("SELECT max(changed) FROM segments").fetchone()[0]
        return {
            "path": str(self.path),
            "schema_version": self.schema_version(),
            "segments": total,
            "approved": approved,
            "by_origin": {o: by_origin.get(o, 0) for o in reversed(ORIGINS)},
            "language_pairs": pairs,
            "files": files,
            "last_changed": newest,
        }


def _tuple_kwargs(row: tuple) -> dict[str, Any]:
    names = ("source", "target", "src_lang", "tgt_lang", "origin", "file", "approved")
    return dict(zip(names, row, strict=False))


def similarity(a: str, b: str, a_tokens: list[str] | None = None, cutoff: float = 0.0) -> float:
    """0-100: the mean of character-level and word-level similarity (normalised Indel).

    Characters forgive inflections (*chipkriget* ~ *chipkrigets*); words reward a
    segment that differs in one word over one that lacks a whole phrase. Below
    ``cutoff`` the result is only known to be below it.
    """
    from rapidfuzz.distance import Indel

    chars = Indel.normalized_similarity(a, b)
    if 100.0 * (chars + 1) / 2 < cutoff:
        return 100.0 * chars / 2
    tokens = a_tokens if a_tokens is not None else _TOKEN.findall(a)
    words = Indel.normalized_similarity(tokens, _TOKEN.findall(b))
    return 100.0 * (chars + words) / 2


def word_diff(match_source: str, query: str) -> list[tuple[str, str]]:
    """Word-level edits that turn ``match_source`` into ``query`` (see :class:`FuzzyMatch`)."""
    from rapidfuzz.distance import Levenshtein

    a_spans = [m.span() for m in _TOKEN.finditer(match_source)]
    b_spans = [m.span() for m in _TOKEN.finditer(query)]
    a = [match_source[s:e] for s, e in a_spans]
    b = [query[s:e] for s, e in b_spans]

    def text(source: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
        return source[spans[i][0] : spans[j - 1][1]]

    out: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            out.append(("equal", text(match_source, a_spans, op.src_start, op.src_end)))
            continue
        if op.src_end > op.src_start:
            out.append(("delete", text(match_source, a_spans, op.src_start, op.src_end)))
        if op.dest_end > op.dest_start:
            out.append(("insert", text(query, b_spans, op.dest_start, op.dest_end)))
    return out
