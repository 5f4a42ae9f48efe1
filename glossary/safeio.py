"""Safe output: atomic writes that never destroy user data, and temporary-file hygiene.

Every command that writes a file goes through :func:`atomic_output` (or
:func:`atomic_write`), so one guard holds for all of them:

- a SQLite database (a termbase, a translation memory, anything whose first bytes are
  the SQLite header, whatever its name) is never replaced by other content;
- a command's own inputs are never written over;
- a full or read-only disk is one line naming the file (:class:`InputError`, exit 2),
  and the temporary file is removed.

Temporary files are named ``.NAME.ordbro-PID-XXXX.part`` (folders without ``.part``),
so :func:`clean_stale` can remove those an interrupted run left behind, and only those
whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from glossary.errors import InputError

SQLITE_HEADER = b"SQLite format 3\x00"
_STALE = re.compile(r"^\..+\.ordbro-(\d+)-[^.]+(\.part)?$")


def is_sqlite(path: Path) -> bool:
    """True when ``path`` is an existing file that starts with the SQLite header."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: Path, *, sources: Iterable[Path] = (), database_ok: bool = False) -> None:
    """Raise :class:`InputError` when writing ``path`` would destroy user data.

    Refused: ``path`` is one of ``sources`` (the command's inputs, links followed), or
    an existing SQLite database (unless ``database_ok``: the writer itself writes one).
    """
    path = Path(path)
    if not path.exists():
        return
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    for source in sources:
        if str(source) != "-" and _same_file(path, Path(source)):
            raise InputError(f"{path}: refusing to overwrite an input file")
    if not database_ok and is_sqlite(path):
        raise InputError(
            f"{path}: refusing to overwrite a database (a termbase or translation memory); "
            "choose another output file"
        )


def describe_os_error(path: Path, exc: OSError, verb: str = "cannot write") -> str:
    """One line for an OS error on ``path`` (full disk, read-only, permission ...)."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno == errno.EROFS:
        reason = "read-only file system"
    return f"{path}: {verb}: {reason}"


def new_file_mode() -> int:
    """The mode a newly created file gets under this process's umask (0644 under 022)."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def temp_prefix(name: str) -> str:
    """The prefix of this process's temporary files for an output called ``name``."""
    # Most file systems allow 255 bytes per name: keep room for the pid, the random part
    # and ".part" after a long output name (cut on a character boundary).
    short = (
        os.fsencode(name)[:180].decode("utf-8", "ignore") if len(os.fsencode(name)) > 180 else name
    )
    return f".{short}.ordbro-{os.getpid()}-"


@contextlib.contextmanager
def atomic_output(
    path: Path,
    *,
    sources: Iterable[Path] = (),
    database_ok: bool = False,
    durable: bool = False,
) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without an error.

    The data goes to a temporary file beside ``path`` and is renamed over it at the
    end, so a crash or ``kill -9`` leaves the old file or the new one, never a mix.
    See :func:`check_output` for what is refused. OS errors become one-line
    :class:`InputError`s; the temporary file never stays behind.
    """
    path = Path(path)
    check_output(path, sources=sources, database_ok=database_ok)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_once(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".part", dir=path.parent)
        os.fchmod(fd, new_file_mode())  # mkstemp makes 0600; a new file follows the umask
    except OSError as exc:
        raise InputError(describe_os_error(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        check_output(path, sources=sources, database_ok=database_ok)  # it may have appeared
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(describe_os_error(path, exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(
    path: Path,
    data: bytes,
    durable: bool = False,
    *,
    sources: Iterable[Path] = (),
    database_ok: bool = False,
) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    with atomic_output(path, sources=sources, database_ok=database_ok, durable=durable) as fh:
        fh.write(data)


def make_temp_dir(beside: Path) -> Path:
    """A temporary folder next to ``beside`` that :func:`clean_stale` recognises."""
    try:
        beside.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_once(beside.parent)
        return Path(tempfile.mkdtemp(prefix=temp_prefix(beside.name), dir=beside.parent))
    except OSError as exc:
        raise InputError(describe_os_error(beside, exc)) from None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


_CLEANED: set[str] = set()


def clean_stale_once(folder: Path) -> None:
    """:func:`clean_stale` for ``folder``, once per process."""
    key = os.path.abspath(folder)
    if key not in _CLEANED:
        _CLEANED.add(key)
        clean_stale(Path(folder))


def clean_stale(folder: Path) -> int:
    """Remove temporary files and folders in ``folder`` left by ordbro runs that died.

    Only names made by :func:`temp_prefix` whose process no longer runs are removed;
    returns how many.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _STALE.match(entry.name)
        if not match or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed
