"""The one SQLite set-up of ordbro's databases (the termbase and the translation memory).

- :func:`connect`: WAL mode, a busy timeout, NORMAL synchronous; SQLite errors become the
  caller's named error with one line naming the file.
- :func:`connect_plain`: a bare connection (read-only, or for a copy or a build), for
  readers beside the main connection; no other module calls ``sqlite3.connect``.
- :func:`migrate`: one migration scheme, a ``_migrations`` table of applied names, run in
  one write transaction (re-checked inside it, so processes opening a new file at once
  never migrate it twice).
- :func:`write`: one ``BEGIN IMMEDIATE`` transaction helper (nested use joins the outer).
- :func:`now_iso`: timestamps, UTC ISO 8601 with a ``Z``.

A database file is never opened outside SQLite: closing any other descriptor of it would
drop this process's POSIX locks, and another process could then delete the WAL under
our connections (their later commits would be lost to everyone else).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glossary.errors import OrdbroError

BUSY_TIMEOUT_S = 30.0
Migration = tuple[str, Callable[[Any], None]]  # (name, function of a sqlite_utils.Database)


def now_iso(microseconds: bool = False) -> str:
    """The current UTC time as ISO 8601 with a ``Z`` (to the second, or microsecond)."""
    stamp = datetime.now(UTC)
    if not microseconds:
        stamp = stamp.replace(microsecond=0)
    spec = "microseconds" if microseconds else "seconds"
    return stamp.isoformat(timespec=spec).replace("+00:00", "Z")


def connect(
    path: Path,
    kind: str,
    error: type[OrdbroError],
    *,
    foreign_keys: bool = False,
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """An autocommit connection to the ``kind`` database at ``path`` (created when missing).

    ``error`` is raised for a folder, a file that is not SQLite, or any other failure.
    """
    if path.is_dir():
        raise error(f"{path}: is a directory, not a {kind} file")
    if not (path.exists() and path.stat().st_size > 0):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise error(f"{path}: cannot create {kind}: {exc.strerror or exc}") from None
    try:
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=check_same_thread,
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise database_error(path, kind, error, exc, "cannot open") from None
    return conn


def connect_plain(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """An autocommit connection with the busy timeout and no set-up: ``readonly`` opens
    an existing file read-only (a shipped termbase, a long export, a version poll, a
    copy's source); otherwise the file is opened or created as it is. Raises sqlite3.Error."""
    target: str | Path = f"{Path(path).resolve().as_uri()}?mode=ro" if readonly else path
    return sqlite3.connect(target, uri=readonly, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def database_error(
    path: Path, kind: str, error: type[OrdbroError], exc: sqlite3.Error, doing: str
) -> OrdbroError:
    """The one-line error for an SQLite failure on the ``kind`` database at ``path``."""
    if "not a database" in str(exc) or "file is encrypted" in str(exc):
        return error(f"{path}: not a {kind} (not an SQLite database)")
    return error(f"{path}: {doing} {kind}: {exc}")


@contextmanager
def write(
    conn: sqlite3.Connection,
    *,
    lock: threading.RLock | None = None,
    before_commit: Callable[[], None] | None = None,
    busy: Callable[[sqlite3.OperationalError], OrdbroError] | None = None,
) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``); nested use joins the outer one.

    ``lock`` serialises threads sharing ``conn``; ``before_commit`` runs last inside the
    transaction; ``busy`` maps a failure to begin (locked, read-only) to a named error.
    Any exception rolls everything back.
    """
    with lock if lock is not None else nullcontext():
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if busy is None:
                raise
            raise busy(exc) from exc
        try:
            yield
            if before_commit is not None:
                before_commit()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def applied(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations applied to the database (none for a new file)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_migrations" not in tables:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(
    db: Any,
    migrations: Sequence[Migration],
    *,
    path: Path,
    kind: str,
    error: type[OrdbroError],
    lock: threading.RLock | None = None,
    legacy: Callable[[], list[str]] | None = None,
    after: Callable[[list[str], list[str]], None] | None = None,
) -> list[str]:
    """Apply the ``migrations`` (a ``sqlite_utils.Database`` each) not yet applied, in order,
    in one write transaction; returns the names applied now.

    A file holding other tables is refused (not an ordbro ``kind``), and so is one with a
    migration this code does not know (made by a newer ordbro). ``legacy`` names the
    migrations a file made before the ``_migrations`` table already has;
    ``after(done_before, applied_now)`` runs inside the transaction.
    """
    conn = db.conn
    known = [name for name, _ in migrations]

    def pending() -> tuple[list[str], list[str]]:
        done = applied(conn)
        if not done and legacy is not None:
            done = legacy()
        unknown = [name for name in done if name not in known]
        if unknown:
            raise error(
                f"{path}: made by a newer ordbro ({kind} migration {unknown[0]}; this one "
                f"knows {len(known)})"
            )
        return done, [name for name in known if name not in done]

    try:
        done, todo = pending()
        if not todo:
            return []
        tables = set(db.table_names()) - {"sqlite_sequence", "_migrations"}
        if not done and tables:
            raise error(f"{path}: an SQLite file, but not an ordbro {kind}")
        with write(conn, lock=lock):
            done, todo = pending()  # another process may have migrated it meanwhile
            if not todo:
                return []
            db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT)"
            )
            for name in done:  # a legacy file: record what it already has
                db.execute("INSERT OR IGNORE INTO _migrations VALUES (?, ?)", (name, now_iso()))
            functions = dict(migrations)
            for name in todo:
                functions[name](db)
                db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, now_iso()))
            if after is not None:
                after(done, todo)
        return todo
    except sqlite3.DatabaseError as exc:
        raise database_error(path, kind, error, exc, "cannot read") from exc
