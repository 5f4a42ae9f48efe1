"""``ordbro translate``: text to stdout, or files and folders in any supported format.

Plain text given alone (a ``.txt`` file or ``-`` for stdin, no ``-o``/``--out-dir``) is
translated to stdout with its layout kept exactly. Everything that writes files goes
through the batch translator (:mod:`glossary.batch`): formats kept, progress, resume,
atomic writes. Both build one translator from one :class:`glossary.translate.Recipe`
(memory reuse, enforcement, long sentences). The termbase is enforced unless
``--no-terms`` is given; a summary of term outcomes goes to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from glossary.cli.options import (
    engine_options,
    engine_settings,
    languages,
    read_input,
    terms_option,
    tm_option,
)
from glossary.errors import InputError


@click.command("translate")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Output file ('-' for stdout, plain text only). Only with a single input file.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="Write translations under DIR, mirroring the inputs (folders are walked).",
)
@languages()
@terms_option("terms", "Termbase to enforce (default: $ORDBRO_TERMS, then your own termbase).")
@click.option("--no-terms", is_flag=True, help="Plain machine translation, no termbase.")
@engine_options
@click.option("--format", "format_name", help="Read every input as this format (txt, md, ...).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Translate files in N processes.")  # fmt: skip
@tm_option(help="Translation memory for reuse and resume (default: $ORDBRO_TM or yours).")
@click.option("--no-tm", is_flag=True, help="Neither read nor write the translation memory.")
@click.option(
    "--retranslate",
    is_flag=True,
    help="Replace existing translations in PO and XLIFF files (kept by default).",
)
@click.option("--output-encoding", help="Encoding of translated text files (default: the input's).")
@click.option(
    "--progress",
    type=click.Choice(["auto", "bar", "plain", "none"]),
    default="auto",
    show_default=True,
    help="Progress display for files (auto: a bar on a terminal, else plain lines).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write a JSON report: every segment with its term outcomes, and a summary.",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[ADDRESS]",
    help="Translate on a Ray cluster at ADDRESS (or $RAY_ADDRESS; none: a local one). "
    "Needs ordbro[cluster]; put it after the inputs.",
)
@click.option("--actors", type=click.IntRange(0, 4096), default=0,
              help="Ray actors (model copies); 0: one per CPU, or per GPU with --device cuda.")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def translate(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    from_code: str,
    to_code: str,
    terms: str | None,
    no_terms: bool,
    model: str | None,
    format_name: str | None,
    jobs: int,
    tm_path: str | None,
    no_tm: bool,
    retranslate: bool,
    output_encoding: str | None,
    progress: str,
    beam: int,
    threads: int,
    device: str,
    report: str | None,
    ray_address: str | None,
    actors: int,
    quiet: bool,
) -> int:
    """Translate INPUTS: files, folders, or '-' for stdin.

    \b
    ordbro translate article.txt                 # to stdout
    ordbro translate manual.docx                 # writes manual.en.docx
    ordbro translate docs/ --out-dir docs-en     # a whole folder, formats kept
    ordbro translate docs/ --out-dir docs-en --ray   # on a Ray cluster
    """
    from glossary import batch
    from glossary.termbase import resolve_termbase_path
    from glossary.translate import Recipe

    names = list(inputs)
    check_usage(names, output, out_dir)
    termbase = None if no_terms else resolve_termbase_path(terms)
    if termbase is not None and not termbase.exists() and not quiet:  # chosen, not yet made
        click.echo(f"ordbro: {termbase}: new empty termbase", err=True)
    recipe = Recipe(
        from_code,
        to_code,
        model,
        engine_settings(beam, threads, device),
        termbase,
        memory=Path(tm_path) if tm_path else None,
        use_memory=not no_tm,
    )

    if ray_address is not None:
        front: Any = ray_front(names, out_dir, output, recipe, ray_address, actors, jobs)
    elif is_stream_job(names, output, out_dir, format_name, jobs):
        texts = [read_input(name, empty_ok=False) for name in names]
        translator = recipe.build()
        try:
            return translate_stream(names, texts, output, translator, report, quiet)
        finally:
            translator.close()
    elif output == "-":
        raise click.UsageError("only plain text can go to stdout; use -o FILE or --out-dir")
    else:
        front = recipe if jobs > 1 else recipe.build()
    try:
        result = batch.translate_paths(
            [Path(n) for n in names],
            Path(out_dir) if out_dir else None,
            front,
            format=format_name,
            overwrite_existing=retranslate,
            output_encoding=output_encoding,
            jobs=jobs,
            progress=None if progress == "none" else progress,
            output=Path(output) if output else None,
        )
    finally:
        if front is not recipe:
            front.close()
    recorded = None if front is recipe else front.results
    data = batch_report(result, recorded, termbase)
    if report:
        emit_report(data, report, names)
    if not quiet:
        click.echo(batch_summary(result, data), err=True)
    return result.exit_code


def ray_front(
    names: list[str],
    out_dir: str | None,
    output: str | None,
    recipe: Any,
    address: str,
    actors: int,
    jobs: int,
) -> Any:
    """The front door with its new segments translated on Ray actors (see
    :mod:`glossary.cluster`): the batch run around it plans, writes, records and reports
    exactly as a local run does. Usage errors come before any model is loaded."""
    from glossary.cluster import ClusterSettings, require_ray

    if jobs > 1:
        raise click.UsageError("--ray and --jobs do not go together (use --actors)")
    if not out_dir and (not output or output == "-"):
        raise click.UsageError("--ray writes files: give --out-dir DIR (or -o FILE)")
    require_ray()  # the one-line hint before any model is loaded
    from glossary.cluster.translator import cluster_translator

    return cluster_translator(recipe, ClusterSettings(address=address or None, actors=actors))


# ------------------------------------------------------------------ planning


def check_usage(names: list[str], output: str | None, out_dir: str | None) -> None:
    """Usage errors and missing inputs, before any model is loaded."""
    if output and out_dir:
        raise click.UsageError("use either -o/--output or --out-dir, not both")
    if output and len(names) > 1:
        raise click.UsageError("-o/--output takes a single input; use --out-dir for several")
    if names.count("-") > 1:
        raise click.UsageError("stdin ('-') can be given only once")
    if "-" in names and (out_dir or len(names) > 1):
        raise click.UsageError("stdin ('-') goes to stdout or to -o FILE, alone")
    for name in names:
        if name != "-" and not Path(name).exists():
            raise InputError(f"{name}: no such file or folder")
    if output and Path(names[0]).is_dir():
        raise click.UsageError("a folder needs --out-dir, not -o")


def is_stream_job(
    names: list[str], output: str | None, out_dir: str | None, fmt: str | None, jobs: int
) -> bool:
    """True for plain text (files or stdin) going to stdout, or stdin going to ``-o``."""
    from glossary.formats import detect_format

    if fmt not in (None, "txt", ".txt"):
        return False
    if "-" in names:
        return True
    if out_dir or (output and output != "-") or jobs > 1:
        return False
    return all(Path(n).is_file() and detect_format(Path(n)) in ("txt", None) for n in names)


# ------------------------------------------------------------------ plain text to stdout


def translate_stream(
    names: list[str],
    texts: list[str],
    output: str | None,
    translator: Any,
    report: str | None,
    quiet: bool,
) -> int:
    """Translate whole texts in one call (through the memory); write them to stdout or ``-o``."""
    from glossary.translate.documents import translate_plain
    from glossary.translate.report import document_report, summary_line

    termbase = translator.termbase
    documents = translate_plain(texts, translator, [n if n != "-" else None for n in names])
    if output and output != "-":
        write_atomic(Path(output), documents[0].target, names)
    else:
        for document in documents:
            sys.stdout.buffer.write(document.target.encode("utf-8"))
        sys.stdout.flush()
    data = document_report(documents)
    data["model"] = model_info(translator.engine)
    data["termbase"] = termbase
    data["files"] = [
        {
            "input": name,
            "segments": [
                {"source": s.source, "target": s.target, "start": s.start, "end": s.end}
                for s in document.sentences
            ],
        }
        for name, document in zip(names, documents, strict=True)
    ]
    if report:
        emit_report(data, report, names)
    if not quiet and termbase is not None:
        click.echo(f"ordbro: {summary_line(data)}", err=True)
    return 0


# ------------------------------------------------------------------ files and folders


def batch_report(result: Any, recorded: list | None, termbase: Path | None) -> dict:
    """The JSON report of a batch run: term outcomes per segment, summary, files."""
    from glossary.translate.report import build_report

    data = build_report(recorded or [])
    if recorded is None:  # --jobs: the segments stayed in the worker processes
        totals = result.totals()
        already, applied = totals["terms_already"], totals["terms_applied"]
        failed = totals["terms_failed"]
        data["summary"].update(
            terms=already + applied + failed, already=already, applied=applied, failed=failed
        )
    data["termbase"] = str(termbase) if termbase else None
    data.update(result.to_dict())
    totals = data["totals"]
    data["summary"]["markup"] = {
        "aligned": totals.get("markup_aligned", 0),
        "fallback": totals.get("markup_fallback", 0),
    }
    return data


def batch_summary(result: Any, data: dict) -> str:
    """Failed and skipped files one per line, then the totals and the term outcomes."""
    from glossary.translate.report import summary_line

    lines = [
        f"ordbro: {'skipped' if f.status == 'skipped' else 'FAILED'} {f.input}: {f.error}"
        for f in result.files
        if f.status in ("skipped", "failed")
    ]
    lines += [f"ordbro: wrote {f.output}" for f in result.files if f.status == "translated"][:20]
    t = result.totals()
    lines.append(
        f"ordbro: {t['files_translated']} files translated, {t['files_skipped']} skipped, "
        f"{t['files_failed']} failed; {t['segments']} segments ({t['cached']} from memory, "
        f"{t['kept']} kept), {t['words']} words in {result.seconds:.1f} s"
    )
    if t.get("markup_aligned") or t.get("markup_fallback"):
        lines.append(
            f"ordbro: inline markup: {t['markup_aligned']} segments placed by alignment, "
            f"{t['markup_fallback']} with some element at a fallback position"
        )
    if data.get("termbase"):
        lines.append(f"ordbro: {summary_line(data)}")
    return "\n".join(lines)


# ------------------------------------------------------------------ output


def model_info(engine: Any) -> dict:
    """The model part of the report: name, version, languages, path."""
    return {
        "name": engine.name,
        "version": engine.version,
        "from": engine.from_code,
        "to": engine.to_code,
        "path": str(engine.info.path),
    }


def emit_report(data: dict, report: str, inputs: list[str] = ()) -> None:
    payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if report == "-":
        click.echo(payload, nl=False, err=True)
    else:
        write_atomic(Path(report), payload, inputs)


def write_atomic(path: Path, text: str, inputs: list[str] = ()) -> None:
    """Write ``text`` as UTF-8 via a temporary file and a rename; never over one of
    ``inputs`` or a database (see :mod:`glossary.safeio`)."""
    from glossary.safeio import atomic_write

    atomic_write(path, text.encode("utf-8"), sources=[Path(n) for n in inputs if n != "-"])
