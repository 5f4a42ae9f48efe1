"""``ordbro terms extract FILE|DIR...``: candidate terms of a text, with proposed targets."""

from __future__ import annotations

import json
from pathlib import Path

import click

from glossary.cli.options import from_option, json_option, terms_option, tm_option
from glossary.errors import InputError


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|DIR...")
@from_option("source_lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
             help="Language of the input.")  # fmt: skip
@click.option("--limit", type=int, default=50, show_default=True, help="At most N (0: all).")
@click.option("--min-score", type=float, help="Only candidates scoring at least this.")
@click.option("--all", "include_known", is_flag=True, help="Keep terms already in the termbase.")
@click.option("--bilingual", "bilingual", multiple=True, metavar="FILE",
              help="Aligned text for targets: a TMX, XLIFF or PO file, or given twice: "
              "line-aligned source and target text files.")  # fmt: skip
@tm_option(help="Translation memory to take targets from (default: $ORDBRO_TM or yours, "
           "when it exists).")  # fmt: skip
@click.option("--no-tm", is_flag=True, help="Do not look in the translation memory.")
@click.option("--model", help="Model for targets not found in aligned text (code or path).")
@click.option("--no-model", is_flag=True, help="Do not ask the model for targets.")
@click.option(
    "--add", is_flag=True, help="Add the listed candidates (with a target) to the termbase."
)
@click.option("--pick", multiple=True, metavar="TERM",
              help="With --add: add only these candidates (base form as listed; repeatable).")  # fmt: skip
@terms_option()
@click.option("--glossary", "-g", metavar="NAME", default=None, help="Glossary for --add.")
@json_option()
def extract(
    inputs,
    source_lang,
    limit,
    min_score,
    include_known,
    bilingual,
    tm_path,
    no_tm,
    model,
    no_model,
    add,
    pick,
    terms_path,
    glossary,
    as_json,
):
    """Candidate terms of FILE|DIR... in base form, ranked by termhood, with proposed targets.

    Terms already in the termbase are left out (or marked with --all). Targets come from
    --bilingual or the translation memory where the term occurs in aligned segments,
    else from the model; names and abbreviations are proposed as do-not-translate.
    """
    from glossary.cli.terms import open_termbase
    from glossary.extraction import add_candidates, extract_texts, read_inputs

    target_lang = "en" if source_lang == "sv" else "sv"
    texts = [text for _, text in read_inputs(inputs)]
    pairs = _read_bilingual(bilingual, source_lang, target_lang) if bilingual else None
    memory = None if no_tm else _open_memory(tm_path)
    translator = None if no_model else _load_model(source_lang, target_lang, model)
    try:
        with open_termbase(terms_path) as tb:
            candidates = extract_texts(
                texts,
                source_lang,
                termbase=tb,
                include_known=include_known,
                bilingual=pairs,
                memory=memory,
                translator=translator,
                target_lang=target_lang,
                limit=limit or None,
                min_score=min_score,
            )
            added = []
            if add:
                chosen = candidates
                if pick:
                    by_term = {c.term.lower(): c for c in candidates}
                    missing = [p for p in pick if p.lower() not in by_term]
                    if missing:
                        raise InputError(f"not among the candidates: {', '.join(missing)}")
                    chosen = [by_term[p.lower()] for p in pick]
                added = add_candidates(
                    tb, chosen, source_lang, target_lang, glossary=glossary or "default"
                )
    finally:
        if memory is not None:
            memory.close()
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2))
    else:
        for line in table(candidates):
            click.echo(line)
    if add:
        skipped = sum(1 for c in chosen if not c.known and not c.target)
        note = f" ({skipped} without a target skipped)" if skipped else ""
        click.echo(f"added {len(added)} entries to the termbase{note}", err=as_json)


def table(candidates) -> list[str]:
    """The ranked table: rank, score, count, kind, term, target (and where it came from)."""
    if not candidates:
        return ["(no candidates)"]
    width = min(32, max(len(c.term) for c in candidates))
    lines = [f"{'#':>3} {'score':>6} {'n':>3}  {'kind':<14} {'term':<{width}}  target"]
    for rank, cand in enumerate(candidates, 1):
        target = cand.target or "?"
        if cand.target_source:
            target += f"  ({cand.target_source})"
        if cand.known:
            target += f"  [in termbase #{cand.entry_id}]"
        lines.append(
            f"{rank:>3} {cand.score:6.1f} {cand.count:>3}  {cand.kind:<14} "
            f"{cand.term:<{width}}  {target}"
        )
    return lines


def _read_bilingual(files: tuple[str, ...], src: str, tgt: str) -> list[tuple[str, str]]:
    from glossary.bilingual import read_bilingual, read_text_pairs

    if len(files) == 2:
        return read_text_pairs(files[0], files[1]).pairs
    if len(files) > 2:
        raise click.UsageError("give --bilingual once (TMX/XLIFF/PO) or twice (SOURCE TARGET)")
    return [(s, t) for s, t in read_bilingual(files[0], src, tgt).pairs if t]


def _open_memory(tm_path: str | None):
    from glossary.memory import TranslationMemory, default_path

    path = Path(tm_path) if tm_path else default_path()
    if not path.exists():
        if tm_path:
            raise InputError(f"{path}: no such translation memory")
        return None
    return TranslationMemory.open(path)


def _load_model(src: str, tgt: str, model: str | None):
    """The translator for target proposals (the plain model, through the front door), or None.

    The bundled starter model is used only when named with --model: on domain terms its
    proposals were nonsense (0 of 32 right on the labelled energy text), and a wrong
    target that looks like a proposal is worse than none.
    """
    from glossary import models
    from glossary.translate import Recipe

    if model is None and models.find_installed(src, tgt) is None:
        click.echo(
            f"ordbro: no {src}->{tgt} model installed, so targets come from aligned text "
            f"only (ordbro models install {src} {tgt}, or --model to use the starter model)",
            err=True,
        )
        return None
    return Recipe(src, tgt, model, use_memory=False).build()
