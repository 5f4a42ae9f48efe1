"""Argos model packages: list, validate, install (from a file or the index), remove, unpack.

Only ``argostranslate.package``'s data classes are used, never ``argostranslate.translate``
(it imports stanza and torch) and never argostranslate's index or install functions: its
index code recurses forever without network, and its install/uninstall import
``argostranslate.translate``. Downloads have timeouts and happen only when asked for.

Over 400 lines because listing, validating, installing, removing and unpacking share one
idea of what a complete package folder is (the problem checks) and where packages live.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from glossary import paths
from glossary.errors import InputError, ModelError, NetworkError
from glossary.safeio import describe_os_error

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
INDEX_TIMEOUT_S = 8.0
OFFLINE_HINT = (
    "download a .argosmodel file on a connected machine and run "
    "`ordbro models install FILE.argosmodel`"
)


@dataclass
class ModelInfo:
    """One model package, installed or bundled."""

    code: str  # argospm name, e.g. "translate-sv_en"
    name: str  # folder name inside the package, e.g. "translate-sv_en-1_5"
    from_code: str
    to_code: str
    version: str
    size: int  # bytes on disk (for a bundled model: of the .argosmodel file)
    path: Path
    bundled: bool = False
    target_prefix: str = ""

    def to_json(self) -> dict:
        """A JSON-ready dict (path as a string)."""
        data = asdict(self)
        data["path"] = str(self.path)
        return data

    def matches(self, code: str) -> bool:
        """Whether ``code`` names this package (folder name, argospm name or "sv_en")."""
        wanted = code.strip().lower().replace("-", "_")
        names = {self.name, self.code, f"{self.from_code}_{self.to_code}"}
        return wanted in {n.lower().replace("-", "_") for n in names}


def packages_dir() -> Path:
    """Where Argos packages are installed (``ARGOS_PACKAGES_DIR`` read at call time)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        path = Path(env)
    else:
        from argostranslate import settings

        path = Path(settings.package_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def package_index_url() -> str:
    """The package index base URL (``ARGOS_PACKAGE_INDEX`` read at call time)."""
    url = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


def read_package_dir(folder: Path, bundled_file: Path | None = None) -> ModelInfo:
    """Describe an unpacked package folder; ModelError when it is not a usable package."""
    problem = _package_dir_problem(folder)
    if problem:
        raise ModelError(f"{folder}: {problem}")
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    from_code, to_code = meta["from_code"], meta["to_code"]
    size = (
        bundled_file.stat().st_size
        if bundled_file
        else sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    )
    return ModelInfo(
        code=f"{meta.get('type', 'translate')}-{from_code}_{to_code}",
        name=folder.name,
        from_code=from_code,
        to_code=to_code,
        version=str(meta.get("package_version", "")),
        size=size,
        path=bundled_file or folder,
        bundled=bundled_file is not None,
        target_prefix=meta.get("target_prefix", "") or "",
    )


def _package_dir_problem(folder: Path) -> str | None:
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        return "no metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return f"metadata.json is not valid JSON ({exc})"
    return _metadata_problem(meta) or _content_problem(
        {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    )


def _metadata_problem(meta: object) -> str | None:
    if not isinstance(meta, dict):
        return "metadata.json is not a JSON object"
    for key in ("from_code", "to_code"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            return f"metadata.json has no {key}"
    return None


def _tokenizer_problem(folder: Path) -> str | None:
    """Why the unpacked package's tokenizer or model config cannot be loaded, or None."""
    spm_file = folder / "sentencepiece.model"
    if spm_file.is_file():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(spm_file))
        except (RuntimeError, OSError, ValueError) as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            return f"sentencepiece.model cannot be loaded ({reason})"
    elif (folder / "bpe.model").is_file() and not (folder / "bpe.model").stat().st_size:
        return "bpe.model is empty"
    config = folder / "model" / "config.json"
    if config.is_file():
        try:
            json.loads(config.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return f"model/config.json is not valid JSON ({exc})"
    return None


def _content_problem(files: set[str]) -> str | None:
    if "model/model.bin" not in files:
        return "no model/model.bin (the CTranslate2 model)"
    if "sentencepiece.model" not in files and "bpe.model" not in files:
        return "no tokenizer (sentencepiece.model or bpe.model)"
    return None


def installed_models() -> list[ModelInfo]:
    """Installed Argos packages (broken folders are skipped) followed by the bundled models."""
    found = []
    for folder in sorted(packages_dir().iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                found.append(read_package_dir(folder))
            except ModelError:
                continue
    return found + bundled_models()


def bundled_models() -> list[ModelInfo]:
    """The starter models shipped in ``glossary/data/models`` (described without unpacking)."""
    found = []
    for file in sorted(paths.BUNDLED_MODELS.glob("*.argosmodel")):
        try:
            top, meta = validate_package_file(file)
        except InputError:
            continue
        found.append(
            ModelInfo(
                code=f"{meta.get('type', 'translate')}-{meta['from_code']}_{meta['to_code']}",
                name=top,
                from_code=meta["from_code"],
                to_code=meta["to_code"],
                version=str(meta.get("package_version", "")),
                size=file.stat().st_size,
                path=file,
                bundled=True,
                target_prefix=meta.get("target_prefix", "") or "",
            )
        )
    return found


def validate_package_file(path: Path) -> tuple[str, dict]:
    """Check an .argosmodel before installing it; returns (top folder, metadata).

    Raises InputError naming the file and the problem.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an Argos model package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n and not n.endswith("/")]
            if not names:
                raise InputError(f"{path}: the archive is empty")
            tops = set()
            for name in names:
                parts = PurePosixPath(name).parts
                if name.startswith("/") or ".." in parts or "\\" in name or len(parts) < 2:
                    raise InputError(
                        f"{path}: unsafe or misplaced entry {name!r} "
                        "(everything must be inside one top folder)"
                    )
                tops.add(parts[0])
            if len(tops) != 1:
                raise InputError(
                    f"{path}: expected one top folder, found {len(tops)} ({', '.join(sorted(tops))})"
                )
            top = tops.pop()
            inner = {n[len(top) + 1 :] for n in names}
            if "metadata.json" not in inner:
                raise InputError(f"{path}: no metadata.json in {top}/")
            try:
                meta = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: metadata.json is not valid JSON ({exc})") from exc
            problem = _metadata_problem(meta) or _content_problem(inner)
            if problem:
                raise InputError(f"{path}: {problem}")
            bad = archive.testzip()
            if bad:
                raise InputError(f"{path}: corrupted entry {bad}")
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: damaged zip archive ({exc})") from exc
    return top, meta


def _extract_to(
    path: Path, destination_parent: Path, final: Path, keep_existing: bool = False
) -> Path:
    """Extract into a temporary folder next to ``final``, then move it into place atomically.

    ``keep_existing`` (a cache keyed by content): when another process has put a complete
    copy in place meanwhile, that copy stays (it may be in use) and this one is dropped.
    """
    try:
        destination_parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".ordbro-unpack-", dir=destination_parent))
    except OSError as exc:
        raise ModelError(
            describe_os_error(destination_parent, exc, "cannot unpack the model")
        ) from None
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(temp)
        except OSError as exc:  # a full disk, a read-only cache
            message = describe_os_error(destination_parent, exc, f"cannot unpack {path.name}")
            raise ModelError(message) from None
        (unpacked,) = list(temp.iterdir())
        if keep_existing and _complete(final):
            return final
        old = None
        if final.exists():  # replaced on install; on a cache, a broken leftover
            old = final.with_name(f".{final.name}.old-{os.getpid()}")
            os.replace(final, old)
        try:
            os.replace(unpacked, final)
        except OSError:
            if not (keep_existing and _complete(final)):  # lost a race to an equal copy
                raise
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return final


def install_from_file(path: str | os.PathLike) -> ModelInfo:
    """Validate and install an .argosmodel; a refused file leaves installed packages untouched."""
    path = Path(path)
    top, _ = validate_package_file(path)
    target_root = packages_dir()
    staging = target_root.parent / f".{target_root.name}-ordbro-staging"
    folder = _extract_to(path, staging, staging / top)
    try:
        read_package_dir(folder)
        problem = _tokenizer_problem(folder)
        if problem:
            raise InputError(f"{path}: {problem}")
        final = target_root / top
        old = None
        if final.exists():
            old = staging / f".{top}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
        os.replace(folder, final)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_package_dir(final)


def remove_model(code: str) -> None:
    """Remove an installed package named by ``code`` (folder name, "translate-sv_en" or "sv_en")."""
    models = installed_models()
    matches = [m for m in models if m.matches(code) and not m.bundled]
    if not matches:
        if any(m.matches(code) for m in models):
            raise ModelError(f"{code} is the bundled starter model and cannot be removed")
        known = ", ".join(m.name for m in models if not m.bundled) or "none"
        raise ModelError(f"no installed model {code!r} (installed: {known})")
    if len(matches) > 1:
        names = ", ".join(m.name for m in matches)
        raise ModelError(f"{code!r} names several models ({names}); give the full name")
    shutil.rmtree(matches[0].path)


def fetch_index(timeout: float = INDEX_TIMEOUT_S) -> list[dict]:
    """Download the package index (``ARGOS_PACKAGE_INDEX``/index.json) with a hard time limit."""
    url = package_index_url() + "index.json"
    data = _fetch(url, timeout)
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise NetworkError(f"the package index at {url} is not valid JSON ({exc})") from exc
    if not isinstance(index, list):
        raise NetworkError(f"the package index at {url} is not a list of packages")
    return [entry for entry in index if isinstance(entry, dict)]


def _fetch(url: str, timeout: float, progress: Callable[[int, int], None] | None = None) -> bytes:
    """GET ``url`` in a worker thread so that even a hanging DNS lookup cannot block us."""
    box: dict = {}

    def work() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "ordbro"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                total = int(response.headers.get("Content-Length") or 0)
                chunks, done = [], 0
                while chunk := response.read(1 << 16):
                    chunks.append(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                box["data"] = b"".join(chunks)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout + 1.5 if progress is None else None)
    if thread.is_alive():
        raise NetworkError(f"no answer from {url} within {timeout:.0f} s; offline? {OFFLINE_HINT}")
    if "error" in box:
        reason = getattr(box["error"], "reason", box["error"])
        raise NetworkError(f"cannot download {url} ({reason}); offline? {OFFLINE_HINT}")
    return box["data"]


def install_from_index(
    from_code: str, to_code: str, progress: Callable[[int, int], None] | None = None
) -> ModelInfo:
    """Download the pair's package from the Argos index and install it.

    ``progress(done_bytes, total_bytes)`` is called while downloading. Offline, this fails
    within about 10 s with a NetworkError that says how to install from a file.
    """
    from argostranslate.package import AvailablePackage

    candidates = [
        AvailablePackage(entry)
        for entry in fetch_index()
        if entry.get("from_code") == from_code
        and entry.get("to_code") == to_code
        and entry.get("type", "translate") == "translate"
    ]
    if not candidates:
        raise ModelError(f"the package index has no {from_code}->{to_code} model")
    best = max(candidates, key=lambda p: _version_key(p.package_version))
    links = [link for link in best.links if isinstance(link, str)]
    if not links:
        raise ModelError(f"the index entry for {from_code}->{to_code} has no download link")
    errors = []
    for link in links:
        try:
            data = _fetch(link, INDEX_TIMEOUT_S, progress)
            break
        except NetworkError as exc:
            errors.append(str(exc))
    else:
        raise NetworkError(errors[-1])
    downloads = paths.cache_dir() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    file = downloads / f"translate-{from_code}_{to_code}-{best.package_version}.argosmodel"
    temp = file.with_suffix(".part")
    temp.write_bytes(data)
    os.replace(temp, file)
    try:
        return install_from_file(file)
    finally:
        file.unlink(missing_ok=True)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(version).replace("_", ".").split("."))


def find_installed(from_code: str, to_code: str) -> ModelInfo | None:
    """The newest installed (not bundled) package for the pair, if any."""
    pair = [
        m
        for m in installed_models()
        if not m.bundled and m.from_code == from_code and m.to_code == to_code
    ]
    return max(pair, key=lambda m: _version_key(m.version)) if pair else None


def unpack_cached(file: Path) -> Path:
    """Unpack an .argosmodel once into the cache (keyed by its SHA-256); returns the folder."""
    file = Path(file)
    top, _ = validate_package_file(file)
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    parent = paths.cache_dir() / "models" / digest.hexdigest()[:20]
    folder = parent / top
    if not _complete(folder):
        _extract_to(file, parent, folder, keep_existing=True)
    return folder


def _complete(folder: Path) -> bool:
    """Whether an unpacked package folder is in place (it is moved in whole, never filled)."""
    return (folder / "metadata.json").is_file()
