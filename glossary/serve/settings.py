"""The server's settings: one frozen object, built by the CLI and passed in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import InputError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
LANGUAGES = {"sv": "Swedish", "en": "English"}


@dataclass(frozen=True)
class ServeSettings:
    """Where the server keeps its data, what it translates with and what it allows.

    ``terms``: the termbase enforced on every request (None: plain machine translation);
    ``api_keys``: the accepted keys (None: no key needed, a key given only names its
    owner); ``char_limit``: characters per request; ``chars_per_minute``: per key;
    ``body_limit``/``upload_limit``: bytes of a request body / of an uploaded file;
    ``workers``: translation threads sharing the model (0: one per model thread);
    ``batching`` False translates one request per model call (the benchmark's baseline).
    """

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 5000
    terms: Path | None = None
    model: str | None = None
    engine: Any = None  # glossary.engine.EngineSettings
    api_keys: frozenset[str] | None = None
    char_limit: int = 10_000
    chars_per_minute: int = 200_000
    body_limit: int = 1 << 20
    upload_limit: int = 8 << 20
    workers: int = 0
    batching: bool = True
    max_batch_texts: int = 256
    use_memory: bool = True
    directions: tuple[tuple[str, str], ...] = field(default=(("sv", "en"), ("en", "sv")))
    core: Any = None  # a custom sentence-translator factory (tests, benchmarks)

    @property
    def memory_path(self) -> Path:
        return self.data_dir / "memory.db"

    @property
    def glossary_path(self) -> Path:
        return self.data_dir / "glossaries.db"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"


def read_api_keys(path: Path) -> frozenset[str]:
    """The keys in ``path``: one per line; blank lines and ``#`` comments ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the API keys ({exc})") from None
    keys = {line.strip() for line in text.splitlines()}
    keys = {k for k in keys if k and not k.startswith("#")}
    if not keys:
        raise InputError(f"{path}: no API keys in the file")
    short = [k for k in keys if len(k) < 8]
    if short:
        raise InputError(f"{path}: API keys must be at least 8 characters")
    return frozenset(keys)


def check_exposure(host: str, api_keys: frozenset[str] | None) -> None:
    """Binding beyond loopback needs API keys (InputError otherwise)."""
    if host not in LOOPBACK and not api_keys:
        raise InputError(
            f"--host {host} is reachable from other machines: give --api-keys FILE "
            f"(or bind to 127.0.0.1)"
        )


def owner_of(key: str | None) -> str:
    """A short stable name for the owner of ``key`` (never the key itself)."""
    if not key:
        return "public"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
