"""``ordbro translate``: translate plain-text files or stdin, keeping their layout exactly."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from glossary.errors import InputError


@click.command("translate")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Output file ('-' for stdout). Only with a single input.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="Write each translation to DIR under the input's name (never over an input).",
)
@click.option("--from", "from_code", default="sv", show_default=True, help="Source language.")
@click.option("--to", "to_code", default="en", show_default=True, help="Target language.")
@click.option("--terms", type=click.Path(dir_okay=False), help="Termbase (SQLite) to enforce.")
@click.option("--model", help="Model package code, folder or .argosmodel file.")
@click.option("--beam", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option(
    "--threads", type=click.IntRange(0, 512), default=0, help="CPU threads (0: automatic)."
)
@click.option(
    "--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write a JSON report of all segments (source, target, score, offsets).",
)
def translate(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    from_code: str,
    to_code: str,
    terms: str | None,
    model: str | None,
    beam: int,
    threads: int,
    device: str,
    report: str | None,
) -> None:
    """Translate INPUT files (or '-' for stdin); by default the translation goes to stdout."""
    from glossary.engine import Engine, EngineSettings
    from glossary.pipeline import translate_texts

    destinations = plan_outputs(list(inputs), output, out_dir)
    if terms and not Path(terms).is_file():
        raise InputError(f"{terms}: no such termbase")
    texts = [read_text(name) for name in inputs]
    settings = EngineSettings(beam_size=beam, intra_threads=threads, device=device)
    engine = Engine.load(from_code, to_code, model=model, settings=settings)
    documents = translate_texts(texts, engine, lang=from_code)
    for destination, document in zip(destinations, documents, strict=True):
        if destination is None:
            sys.stdout.buffer.write(document.target.encode("utf-8"))
            sys.stdout.flush()
        else:
            write_atomic(destination, document.target)
    if report:
        data = {
            "model": {
                "name": engine.name,
                "version": engine.version,
                "from": engine.from_code,
                "to": engine.to_code,
                "path": str(engine.info.path),
            },
            "terms": terms,
            "files": [
                {
                    "input": name,
                    "output": str(dest) if dest else "-",
                    "segments": [
                        {
                            "source": s.source,
                            "target": s.target,
                            "score": s.score,
                            "start": s.start,
                            "end": s.end,
                            "origin": s.origin,
                        }
                        for s in document.sentences
                    ],
                }
                for name, dest, document in zip(inputs, destinations, documents, strict=True)
            ],
        }
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if report == "-":
            click.echo(payload, nl=False, err=True)
        else:
            write_atomic(Path(report), payload)


def plan_outputs(inputs: list[str], output: str | None, out_dir: str | None) -> list[Path | None]:
    """Where each input's translation goes (None: stdout); refuses unsafe destinations."""
    if output and out_dir:
        raise click.UsageError("use either -o/--output or --out-dir, not both")
    if output and len(inputs) > 1:
        raise click.UsageError("-o/--output takes a single input; use --out-dir for several")
    if inputs.count("-") > 1:
        raise click.UsageError("stdin ('-') can be given only once")
    sources = {Path(name).resolve() for name in inputs if name != "-"}
    for name in inputs:
        if name != "-" and not Path(name).is_file():
            raise InputError(f"{name}: no such file")
    if output:
        if output == "-":
            return [None]
        if Path(output).resolve() in sources:
            raise InputError(f"{output}: refusing to overwrite the input file")
        return [Path(output)]
    if not out_dir:
        return [None] * len(inputs)
    if "-" in inputs:
        raise click.UsageError("stdin ('-') cannot go to --out-dir; use -o FILE")
    root = Path(out_dir).resolve()
    planned: list[Path | None] = []
    seen: dict[Path, str] = {}
    for name in inputs:
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            relative = Path(relative.name)
        destination = (root / relative).resolve()
        if not destination.is_relative_to(root):
            raise InputError(f"{name}: refusing to write outside {out_dir}")
        if destination in sources:
            raise InputError(f"{name}: refusing to overwrite an input file ({destination})")
        if destination in seen:
            raise InputError(
                f"{name} and {seen[destination]} would both be written to {destination}"
            )
        seen[destination] = name
        planned.append(destination)
    return planned


def read_text(name: str) -> str:
    """A UTF-8 text file (or stdin for '-') with its line endings untouched."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 via a temporary file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
