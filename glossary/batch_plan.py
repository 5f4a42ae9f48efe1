"""Which files a batch run reads and where each output goes: folders walked, links and
bad names refused, nothing written over an input or outside the output folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from glossary.errors import InputError
from glossary.safeio import (
    check_output,
    make_temp_dir,
)

# ---------------------------------------------------------------- planning


def plan_outputs(
    inputs: list[Path],
    out_dir: Path | None,
    tgt_lang: str = "en",
    refused: dict[Path, tuple[str, str]] | None = None,
) -> list[tuple[Path, Path]]:
    """(input file, output file) pairs. Folders are walked recursively (hidden entries and
    the output folder skipped) and mirrored under ``out_dir``; a file given alone goes to
    ``out_dir/PATH`` (its relative path; just its name when absolute) or, without
    ``out_dir``, next to itself as ``STEM.<tgt>.EXT``. Two inputs writing to one output, an
    output over an input, or one outside ``out_dir`` (through a link) raise InputError.

    Links are never followed out of a walked folder, and a name that is not valid UTF-8
    is not translated: such files are still planned, with ("skipped" or "failed", reason)
    in ``refused``, so the batch reports each on its own line."""
    pairs: list[tuple[Path, Path]] = []
    refused = {} if refused is None else refused
    out_resolved = out_dir.resolve() if out_dir else None
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            if out_dir is None:
                raise InputError(f"{given}: a folder needs an output folder (--out-dir)")
            for path, reason in discover_folder(given, out_resolved):
                if reason:
                    refused[path] = reason
                pairs.append((path, out_dir / path.relative_to(given)))
        elif given.exists():
            if out_dir is None:
                target = _beside(given, tgt_lang)
            elif given.is_absolute() or ".." in given.parts:
                target = out_dir / given.name
            else:
                target = out_dir / given  # a relative path is mirrored, as for plain text
            pairs.append((given, target))
        else:
            raise InputError(f"{given}: no such file or folder")
    sources = {src.resolve() for src, _ in pairs}
    seen: dict[Path, Path] = {}
    for src, out in pairs:
        key = out.resolve()
        if key in sources:
            raise InputError(f"{src}: refusing to overwrite an input file ({key})")
        if out_resolved is not None and not key.is_relative_to(out_resolved):
            raise InputError(f"{src}: refusing to write outside {out_dir}")  # through a link
        if key in seen and seen[key] != src.resolve():
            raise InputError(f"{src} and {seen[key]} would both be written to {out}")
        seen[key] = src.resolve()
    return pairs


def discover_folder(
    folder: Path, skip: Path | None = None
) -> Iterator[tuple[Path, tuple[str, str] | None]]:
    """The files a batch reads under ``folder``, sorted, each with its refusal: None, or
    ("skipped" or "failed", reason) for a link out of the folder or a name that is not
    UTF-8. Hidden entries and the folder ``skip`` (resolved) are left out."""
    root = folder.resolve()
    for path in _walk(folder, skip):
        yield path, _refusal(path, root)


def _exact_output(inputs: list[Path], output: Path) -> tuple[Path, Path]:
    """(input, output) for one input file written to exactly ``output``."""
    if len(inputs) != 1 or inputs[0].is_dir():
        raise InputError("an exact output file takes one input file")
    if not inputs[0].exists():
        raise InputError(f"{inputs[0]}: no such file or folder")
    check_output(output, sources=inputs)  # never over the input or a database
    make_temp_dir(output).rmdir()  # an unwritable place is one error now, not after the work
    return inputs[0], output


def _beside(path: Path, tgt_lang: str) -> Path:
    return path.with_name(f"{path.stem}.{tgt_lang}{path.suffix}")


def shown(path: Path | str) -> str:
    """``path`` as printable text: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def printable(text: str) -> str:
    """``text`` safe to print and store as UTF-8 (undecodable name bytes become U+FFFD)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _refusal(path: Path, root: Path) -> tuple[str, str] | None:
    """(status, reason) when a walked file must not be read, or None."""
    if shown(path) != str(path):
        return "failed", "the file name is not valid UTF-8 (rename the file)"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "failed", "a broken or looping link"
        if not target.is_relative_to(root):
            return "skipped", f"a link to {shown(target)}, outside the input folder (not read)"
    return None


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    """Files under ``root``, sorted; links to folders are not entered (no loops, no escape)."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            if not name.startswith("."):
                yield here / name


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
