"""The compiled term matcher, cached on disk beside its termbase.

Building a :class:`~glossary.matcher.TermMatcher` for a large termbase takes seconds; a
cached one loads in a fraction of that. The cache file (``terms.db.sv-en.matcher`` next
to ``terms.db``, or under the user's cache directory when that folder is read-only) is
one header line and a pickle of the matcher:

    ORDBRO-MATCHER
    {"format": 2, "code": "...", "key": "...", "length": ..., "crc32": ..., ...}
    <pickle><buffers>

The body is the pickle (protocol 5) followed by its large buffers, each 8-byte aligned
at offsets the header lists: the matcher's key tries and record arrays. Loading maps the
file and hands those buffers to the unpickler in place (:mod:`glossary.keytrie`), so a
loaded matcher costs no work per key and only the pages a search touches become
resident; the pickle proper holds the few small tables.

It is used only when its ``key`` (the termbase's data version, entry count and largest
term id) and ``code`` (a hash of the matching code and the trie library's version)
match, and its length and CRC are right; anything else is rebuilt, with a one-line note
when a file was there. It is written to a temporary file and renamed into place, so a
reader never sees half a file (a mapped file that is replaced stays readable), and a
lock file makes a second process that starts at the same time wait for the first one's
build instead of repeating it. The CRC is checked by reading the file in chunks from the
page cache, which keeps it out of the process's resident memory.

The pickle is trusted like the termbase itself: whoever can write next to the termbase
can change the terms too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import pickle
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from glossary.errors import InputError
from glossary.safeio import atomic_output

FORMAT = 2
MAGIC = b"ORDBRO-MATCHER\n"
SUFFIX = ".matcher"
_MAX_HEADER = 1 << 16
_CHUNK = 1 << 22
# Source files whose code decides what a compiled matcher holds.
_CODE_FILES = (
    "matcher.py", "matcher_cache.py", "keytrie.py", "morphology.py", "grammar.py", "termtypes.py",
)  # fmt: skip
_ALIGN = 8
_MEMO: dict[tuple, tuple[str, Any]] = {}  # (path, glossary, src, tgt) -> (key, matcher)

Note = Callable[[str], None]


def _stderr_note(message: str) -> None:
    sys.stderr.write(f"ordbro: {message}\n")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that builds matchers: a cache made by other code is rebuilt."""
    from importlib import metadata

    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]} ".encode())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("marisa-trie").encode())
    package = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        with contextlib.suppress(OSError):
            digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def data_key(tb) -> str:
    """What the cache must match: data version, entry count and largest term id."""
    conn = tb.conn
    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    last_term = conn.execute("SELECT max(id) FROM terms").fetchone()[0] or 0
    return f"{tb.data_version()}.{entries}.{last_term}"


def cache_path(
    termbase_path: str | Path, glossary: str | None, src: str, tgt: str, beside: bool = True
) -> Path:
    """Where the matcher of a termbase (one glossary or all, one direction) is cached:
    beside it, or (``beside=False``, or a read-only folder) in the user's cache directory."""
    path = Path(termbase_path).expanduser().resolve()
    name = f"{path.name}.{src}-{tgt}"
    if glossary is not None:
        name += ".g" + hashlib.sha1(glossary.encode()).hexdigest()[:10]
    folder = path.parent
    if not beside or not os.access(folder, os.W_OK):
        from glossary import paths

        tag = hashlib.sha1(str(path).encode()).hexdigest()[:12]
        folder = paths.cache_dir() / "matchers"
        name = f"{tag}-{name}"
    return folder / (name + SUFFIX)


def _path_of(tb, glossary: str | None, src: str, tgt: str) -> Path:
    # The shipped termbase is read-only and lives in the package: never write beside it.
    return cache_path(tb.path, glossary, src, tgt, beside=not getattr(tb, "readonly", False))


@dataclass(frozen=True)
class CacheInfo:
    """What is known about a cache file without loading the matcher.

    ``state``: "fresh" (current), "stale" (the terms changed), "outdated" (other code
    made it), "corrupt" (truncated or damaged) or "missing".
    """

    path: Path
    state: str
    size: int = 0
    built: str | None = None
    build_seconds: float | None = None
    forms: int | None = None
    terms: int | None = None


class _Unusable(Exception):
    """A cache file that cannot be used; the message says why."""

    def __init__(self, state: str, reason: str) -> None:
        super().__init__(reason)
        self.state = state


def _check(f: BinaryIO, key: str | None) -> dict:
    """The header of an open cache file, which is left at the start of the pickle; the
    length and CRC of the pickle are checked by reading it in chunks (nothing is kept).
    :class:`_Unusable` when the file cannot be used for ``key`` (None: any key)."""
    if f.read(len(MAGIC)) != MAGIC:
        raise _Unusable("corrupt", "not a matcher cache")
    line = f.readline(_MAX_HEADER)
    try:
        header = json.loads(line)
        length, crc = int(header["length"]), int(header["crc32"])
    except (ValueError, KeyError, TypeError):
        raise _Unusable("corrupt", "damaged header") from None
    if header.get("format") != FORMAT or header.get("code") != code_version():
        raise _Unusable("outdated", "made by another version of ordbro")
    start = f.tell()
    size = os.fstat(f.fileno()).st_size - start
    if size != length:
        raise _Unusable("corrupt", f"truncated ({size:,} of {length:,} bytes)")
    if key is not None and header.get("key") != key:
        raise _Unusable("stale", "the termbase changed since it was built")
    found = 0
    while chunk := f.read(_CHUNK):
        found = zlib.crc32(chunk, found)
    if found != crc:
        raise _Unusable("corrupt", "checksum mismatch")
    f.seek(start)
    return header


def inspect(tb, glossary: str | None = None, src: str = "sv", tgt: str = "en") -> CacheInfo:
    """The state of a termbase's matcher cache (for ``ordbro terms stats``)."""
    path = _path_of(tb, glossary, src, tgt)
    try:
        size = path.stat().st_size
    except OSError:
        return CacheInfo(path, "missing")
    header: dict = {}
    try:
        with open(path, "rb") as f:
            try:
                header = _check(f, data_key(tb))
                state = "fresh"
            except _Unusable as bad:
                state = bad.state
                if state == "stale":
                    f.seek(0)
                    header = _check(f, None)
    except OSError:
        state = "corrupt"
    return CacheInfo(
        path,
        state,
        size,
        header.get("built"),
        header.get("build_seconds"),
        header.get("forms"),
        header.get("terms"),
    )


def _read(path: Path, key: str):
    """The cached matcher at ``path`` for ``key``; :class:`_Unusable` when it cannot be used."""
    try:
        with open(path, "rb", buffering=_CHUNK) as f:
            header = _check(f, key)
            start = f.tell()
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        body = memoryview(mapped)[start:]
        buffers = [body[offset : offset + size] for offset, size in header["buffers"]]
        gc_was = _gc_off()
        try:
            matcher = pickle.loads(body[: int(header["pickle"])], buffers=buffers)
        finally:
            _gc_restore(gc_was)
        return matcher
    except _Unusable:
        raise
    except FileNotFoundError:
        raise _Unusable("missing", "no cache") from None
    except (
        OSError,
        ValueError,
        EOFError,
        KeyError,
        TypeError,
        IndexError,
        pickle.UnpicklingError,
        AttributeError,
    ) as exc:
        raise _Unusable("corrupt", f"unreadable ({exc})") from None


def _gc_off() -> bool:
    import gc

    was = gc.isenabled()
    gc.disable()
    return was


def _gc_restore(was: bool) -> None:
    import gc

    if was:
        gc.enable()


def _write(path: Path, matcher, key: str, build_seconds: float) -> None:
    """Write the matcher to ``path`` atomically (a temporary file renamed into place)."""
    from glossary.termbase import now_iso

    buffers: list[pickle.PickleBuffer] = []
    payload = pickle.dumps(matcher, protocol=5, buffer_callback=buffers.append)
    body = [payload]
    layout = []
    size = len(payload)
    for buffer in buffers:
        raw = buffer.raw()
        pad = -size % _ALIGN
        body.append(bytes(pad))
        layout.append((size + pad, raw.nbytes))
        body.append(raw)
        size += pad + raw.nbytes
    crc = 0
    for part in body:
        crc = zlib.crc32(part, crc)
    header = {
        "format": FORMAT,
        "code": code_version(),
        "key": key,
        "src": matcher.src,
        "tgt": matcher.tgt,
        "built": now_iso(),
        "build_seconds": round(build_seconds, 3),
        "forms": matcher.size,
        "terms": len(matcher.terms),
        "length": size,
        "crc32": crc,
        "pickle": len(payload),
        "buffers": layout,
    }
    line = json.dumps(header).encode()
    line += b" " * (-(len(MAGIC) + len(line) + 1) % _ALIGN) + b"\n"  # the body starts aligned
    with atomic_output(path) as out:  # the one atomic writer: temp file beside, renamed
        out.write(MAGIC + line)
        for part in body:
            out.write(part)


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock for building ``path`` (processes wait for each other's build)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: builds may overlap, writes stay atomic
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def load_matcher(
    tb,
    kind: type,
    glossary: str | None = None,
    src: str = "sv",
    tgt: str = "en",
    note: Note | None = _stderr_note,
):
    """The termbase's matcher: from this process's memory, the cache file, or built (and
    cached). A cache file that is stale, from other code or damaged is rebuilt; ``note``
    gets one line saying so. ``kind`` is the matcher class (:class:`TermMatcher`)."""
    key = data_key(tb)
    memo_key = (str(tb.path), glossary, src, tgt)
    memo = _MEMO.get(memo_key)
    if memo is not None and memo[0] == key:
        return memo[1]
    path = _path_of(tb, glossary, src, tgt)
    matcher = None
    try:
        matcher = _read(path, key)
    except _Unusable as bad:
        with _build_lock(path):
            with contextlib.suppress(_Unusable):  # another process built it while we waited
                matcher = _read(path, key)
            if matcher is None:
                if note is not None and bad.state != "missing":
                    note(f"{path}: matcher cache {bad}; rebuilding it")
                matcher = _build(kind, tb, glossary, src, tgt, path, key)
    if not isinstance(matcher, kind):  # pragma: no cover - a foreign pickle
        matcher = _build(kind, tb, glossary, src, tgt, path, key)
    if len(_MEMO) > 8:
        _MEMO.clear()
    _MEMO[memo_key] = (key, matcher)
    return matcher


def _build(kind: type, tb, glossary: str | None, src: str, tgt: str, path: Path, key: str):
    started = time.perf_counter()
    matcher = kind(tb.entries(glossary=glossary), src=src, tgt=tgt)
    seconds = time.perf_counter() - started
    with contextlib.suppress(OSError, InputError):  # a read-only place: work without a cache
        _write(path, matcher, key, seconds)
    return matcher


def forget() -> None:
    """Drop the matchers this process holds in memory (the files stay)."""
    _MEMO.clear()
