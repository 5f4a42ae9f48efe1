"""``ordbro terms``: add, edit, remove, list, show, search, import, export and build the termbase.

Over 400 lines because it declares the short ``terms`` subcommands that share
``open_termbase``, ``describe`` and the common options; larger subcommands (find,
extract, stats) live in their own modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import click

from glossary.cli.options import emit, json_option, languages, terms_option
from glossary.errors import TermbaseError
from glossary.termtypes import GENDERS, PARTS_OF_SPEECH, STATUSES, Entry, Term

COLUMN_HELP = ("Language of a 'source' column.", "Language of a 'target' column.")
# Subcommands other modules provide: name -> ("module:attr", help)
EXTRA_COMMANDS = {
    "find": ("glossary.cli.terms_find:find", "Find term hits in a file, with offsets."),
    "extract": ("glossary.cli.terms_extract:extract", "Candidate terms of a text, with targets."),
    "stats": ("glossary.cli.terms_stats:stats", "Sizes of the termbase and its matcher cache."),
}


class TermsGroup(click.Group):
    """The ``terms`` group, plus subcommands loaded from other modules when they exist."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        extra = [name for name in EXTRA_COMMANDS if self._load(name) is not None]
        return sorted([*super().list_commands(ctx), *extra])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        if name not in EXTRA_COMMANDS:
            return None
        module_name, attr = EXTRA_COMMANDS[name][0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        return getattr(module, attr, None)


def common_options(func: Callable) -> Callable:
    """``--terms PATH``, ``--glossary NAME`` and ``--json`` for every subcommand."""
    func = json_option()(func)
    func = click.option(
        "--glossary", "-g", metavar="NAME", default=None, help="Named glossary to use."
    )(func)
    return terms_option()(func)


def open_termbase(terms_path: str | None):
    """Open the termbase the user chose."""
    from glossary.termbase import Termbase, resolve_termbase_path

    return Termbase.open(resolve_termbase_path(terms_path))


def describe(entry: Entry, source_lang: str = "sv", target_lang: str = "en") -> str:
    """One line per entry: id, source term (pos, gender), target terms, flags, subject."""
    abbrev = {"noun": "n", "properNoun": "name", "verb": "v", "adjective": "adj", "adverb": "adv"}
    src = entry.preferred(source_lang) or (entry.terms[0] if entry.terms else None)
    head = src.text if src else "?"
    info = [abbrev.get(src.pos, src.pos)] if src and src.pos else []
    if src and src.gender:
        info.append({"common": "en", "neuter": "ett"}.get(src.gender, src.gender))
    if info:
        head += f" ({', '.join(info)})"
    elif src and src.inferred:
        readings = [
            " ".join(
                filter(
                    None,
                    [
                        abbrev.get(r.pos, r.pos),
                        {"common": "en", "neuter": "ett"}.get(r.gender or "", r.gender),
                    ],
                )
            )
            for r in src.inferred
        ]
        head += f" (inferred: {' | '.join(dict.fromkeys(readings))})"
    targets = [t for t in entry.terms_in(target_lang) if t.status in ("preferred", "admitted")]
    wrong = [t.text for t in entry.terms if t.status in ("forbidden", "deprecated")]
    line = f"{entry.id:>6}  {head} → {' | '.join(t.text for t in targets) or '?'}"
    if any(t.dnt for t in entry.terms):
        line += "  [do not translate]"
    if wrong:
        line += f"  (not: {', '.join(wrong)})"
    if entry.subject_field:
        line += f"  [{entry.subject_field}]"
    if entry.glossary != "default":
        line += f"  <{entry.glossary}>"
    return line


def _entry_json(entries: list[Entry]) -> list[dict]:
    from glossary.termbase import entry_to_dict

    return [entry_to_dict(e) for e in entries]


@click.group(cls=TermsGroup)
def terms() -> None:
    """Manage the termbase: add, edit, search, import, export."""


# ----------------------------------------------------------------------------- add


@terms.command()
@click.argument("source")
@click.argument("target", required=False)
@languages("source_lang", "target_lang")
@click.option("--pos", type=click.Choice(PARTS_OF_SPEECH), help="Part of speech.")
@click.option("--gender", type=click.Choice(GENDERS), help="Grammatical gender of the source term.")
@click.option("--status", type=click.Choice(STATUSES), default="preferred", show_default=True)
@click.option(
    "--dnt", is_flag=True, help="Do not translate (a name): the target equals the source."
)
@click.option("--case-sensitive", is_flag=True, help="Match only with this capitalisation.")
@click.option("--declension", help="Declension hint for the source term, e.g. its plural.")
@click.option("--forbidden", multiple=True, help="A target rendering that must not be used.")
@click.option("--synonym", multiple=True, help="An admitted target synonym.")
@click.option("--subject", help="Subject field.")
@click.option("--definition", help="Definition of the concept.")
@click.option("--note", help="Note for translators.")
@click.option("--source", "reference", help="Where the term comes from.")
@click.option("--author", help="Who added it.")
@common_options
def add(
    source,
    target,
    source_lang,
    target_lang,
    pos,
    gender,
    status,
    dnt,
    case_sensitive,
    declension,
    forbidden,
    synonym,
    subject,
    definition,
    note,
    reference,
    author,
    terms_path,
    glossary,
    as_json,
):
    """Add a concept: SOURCE term and its TARGET translation."""
    if target is None and not dnt:
        raise click.UsageError("give a TARGET term (or --dnt for a name kept as it is)")
    common = dict(pos=pos, dnt=dnt, case_sensitive=case_sensitive, source=reference)
    terms_ = [
        Term(
            None,
            None,
            source_lang,
            source,
            gender=gender,
            status=status,
            declension=declension,
            **common,
        ),
        Term(None, None, target_lang, target or source, status=status, **common),
    ]
    terms_ += [Term(None, None, target_lang, s, status="admitted", **common) for s in synonym]
    terms_ += [Term(None, None, target_lang, f, pos=pos, status="forbidden") for f in forbidden]
    entry = Entry(
        None,
        glossary=glossary or "default",
        subject_field=subject,
        definition=definition,
        note=note,
        terms=terms_,
        author=author,
    )
    with open_termbase(terms_path) as tb:
        entry_id = tb.add_entry(entry)
        stored = tb.get_entry(entry_id)
    emit(as_json, _entry_json([stored])[0], [f"added {describe(stored).strip()}"])


# ----------------------------------------------------------------------------- edit


@terms.command()
@click.argument("entry_id", type=int)
@click.option("--lang", default="sv", show_default=True, help="Language of the term to change.")
@click.option("--term", "term_text", help="Which term to change (default: the preferred one).")
@click.option("--text", help="New text for the term.")
@click.option("--pos", type=click.Choice(PARTS_OF_SPEECH))
@click.option("--gender", type=click.Choice(GENDERS))
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--dnt/--no-dnt", default=None)
@click.option("--case-sensitive/--no-case-sensitive", default=None)
@click.option("--declension")
@click.option("--term-note", help="Note on the term.")
@click.option("--add-term", multiple=True, help="Add a term of --lang (admitted).")
@click.option("--add-forbidden", multiple=True, help="Add a forbidden rendering in --lang.")
@click.option("--remove-term", multiple=True, help="Remove a term of --lang by its text.")
@click.option("--add-form", multiple=True, help="Add a manual form: TEXT or 'TEXT:feat feat'.")
@click.option("--remove-form", multiple=True, help="Remove a manual form by its text.")
@click.option("--subject")
@click.option("--definition")
@click.option("--note")
@click.option("--move-to", help="Move the entry to another glossary.")
@click.option("--author")
@common_options
def edit(
    entry_id,
    lang,
    term_text,
    text,
    pos,
    gender,
    status,
    dnt,
    case_sensitive,
    declension,
    term_note,
    add_term,
    add_forbidden,
    remove_term,
    add_form,
    remove_form,
    subject,
    definition,
    note,
    move_to,
    author,
    terms_path,
    glossary,
    as_json,
):
    """Change entry ENTRY_ID: a term's fields, its forms, or the concept's fields."""
    from glossary.termtypes import Form

    with open_termbase(terms_path) as tb, tb.write():
        entry = tb.get_entry(entry_id)
        if glossary and entry.glossary != glossary:
            raise TermbaseError(
                f"entry {entry_id} is in glossary {entry.glossary!r}, not {glossary!r}"
            )
        target = _pick_term(entry, lang, term_text)
        changes = {
            "text": text,
            "pos": pos,
            "gender": gender,
            "status": status,
            "dnt": dnt,
            "case_sensitive": case_sensitive,
            "declension": declension,
            "note": term_note,
        }
        for name, value in changes.items():
            if value is not None:
                setattr(target, name, value)
        for name, value in (
            ("subject_field", subject),
            ("definition", definition),
            ("note", note),
            ("glossary", move_to),
            ("author", author),
        ):
            if value is not None:
                setattr(entry, name, value or None if name != "glossary" else value)
        for extra, extra_status in [(t, "admitted") for t in add_term] + [
            (t, "forbidden") for t in add_forbidden
        ]:
            entry.terms.append(
                Term(None, entry.id, lang, extra, pos=target.pos, status=extra_status)
            )
        for gone in remove_term:
            keep = [t for t in entry.terms if not (t.lang == lang and t.text == gone)]
            if len(keep) == len(entry.terms):
                raise TermbaseError(f"entry {entry_id} has no {lang} term {gone!r}")
            entry.terms = keep
        manual = [f for f in target.forms if f.origin == "manual"]
        for spec in add_form:
            form_text, _, feats = spec.partition(":")
            manual.append(Form(form_text.strip(), tuple(sorted(feats.split())), "manual"))
        for spec in remove_form:
            before = len(manual)
            manual = [f for f in manual if f.text != spec]
            if len(manual) == before:
                raise TermbaseError(f"term {target.text!r} has no manual form {spec!r}")
        target.forms = [f for f in target.forms if f.origin != "manual"] + manual
        tb.update_entry(entry)
        stored = tb.get_entry(entry_id)
    emit(as_json, _entry_json([stored])[0], [f"changed {describe(stored).strip()}"])


def _pick_term(entry: Entry, lang: str, text: str | None) -> Term:
    candidates = entry.terms_in(lang)
    if text is not None:
        candidates = [t for t in candidates if t.text == text]
    if not candidates:
        what = f"{lang} term {text!r}" if text else f"{lang} term"
        raise TermbaseError(f"entry {entry.id} has no {what}")
    return candidates[0]


# ----------------------------------------------------------------------------- remove


@terms.command()
@click.argument("entry_ids", type=int, nargs=-1, required=True)
@common_options
def remove(entry_ids, terms_path, glossary, as_json):
    """Remove entries by id."""
    with open_termbase(terms_path) as tb, tb.write():
        for entry_id in entry_ids:
            entry = tb.get_entry(entry_id)
            if glossary and entry.glossary != glossary:
                raise TermbaseError(f"entry {entry_id} is not in glossary {glossary!r}")
            tb.remove_entry(entry_id)
    emit(as_json, {"removed": list(entry_ids)}, [f"removed {len(entry_ids)} entries"])


# ----------------------------------------------------------------------------- list / search


@terms.command("list")
@click.option("--subject", help="Only this subject field.")
@click.option(
    "--status", type=click.Choice(STATUSES), help="Only entries with a term of this status."
)
@click.option("--limit", type=int, default=0, help="At most this many (0: all).")
@common_options
def list_(subject, status, limit, terms_path, glossary, as_json):
    """List entries."""
    with open_termbase(terms_path) as tb:
        out: list[Entry] = []
        for entry in tb.entries(glossary):
            if subject and entry.subject_field != subject:
                continue
            if status and not any(t.status == status for t in entry.terms):
                continue
            out.append(entry)
            if limit and len(out) >= limit:
                break
    emit(as_json, _entry_json(out), [describe(e) for e in out] or ["(no entries)"])


@terms.command()
@click.argument("entry_id", type=int)
@common_options
def show(entry_id, terms_path, glossary, as_json):
    """Show entry ENTRY_ID: every term with its grammar (given or inferred) and forms."""
    with open_termbase(terms_path) as tb:
        entry = tb.get_entry(entry_id)
    if glossary and entry.glossary != glossary:
        raise TermbaseError(f"entry {entry_id} is in glossary {entry.glossary!r}, not {glossary!r}")
    emit(as_json, _entry_json([entry])[0], [describe(entry), *_term_lines(entry)])


def _term_lines(entry: Entry) -> list[str]:
    lines = []
    for term in entry.terms:
        given = ", ".join(filter(None, [term.pos, term.gender, term.declension]))
        grammar = f"({given})" if given else ""
        if term.inferred:
            readings = " | ".join(
                " ".join(filter(None, [r.pos, r.gender, r.declension])) for r in term.inferred
            )
            grammar = (grammar + " " if grammar else "") + f"(inferred: {readings})"
        lines.append(f"  {term.lang} {term.status:10} {term.text} {grammar}".rstrip())
        if term.forms:
            lines.append("      forms: " + ", ".join(f.text for f in term.forms))
    return lines


@terms.command()
@click.argument("query")
@click.option("--subject", help="Only this subject field.")
@click.option(
    "--status", type=click.Choice(STATUSES), help="Only entries with a term of this status."
)
@click.option("--limit", type=int, default=50, show_default=True)
@common_options
def search(query, subject, status, limit, terms_path, glossary, as_json):
    """Search terms, notes and definitions (the last word matches as a prefix)."""
    with open_termbase(terms_path) as tb:
        found = tb.search(
            query, glossary=glossary, status=status, subject_field=subject, limit=limit
        )
    emit(as_json, _entry_json(found), [describe(e) for e in found] or ["(no matches)"])


# ----------------------------------------------------------------------------- import / export

FORMAT_CHOICE = click.Choice(["auto", "csv", "tsv", "tbx"])


@terms.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="auto", show_default=True)
@click.option(
    "--on-duplicate",
    "policy",
    type=click.Choice(["skip", "update", "keep-both"]),
    default="skip",
    show_default=True,
    help="What to do with a term already there.",
)
@languages("source_lang", "target_lang", True, *COLUMN_HELP)
@click.option("--author", help="Author of the imported entries (when the file names none).")
@common_options
def import_(file, fmt, policy, source_lang, target_lang, author, terms_path, glossary, as_json):
    """Import a CSV, TSV or TBX (v2 or v3) glossary in one transaction."""
    from glossary.termio import Options
    from glossary.termio.merge import import_file

    options = Options(source_lang=source_lang, target_lang=target_lang)
    with open_termbase(terms_path) as tb:
        summary = import_file(
            tb,
            file,
            fmt=fmt,
            policy=policy,
            glossary=glossary,
            options=options,
            author=author,
            progress=_ImportProgress(),
        )
    emit(as_json, summary.__dict__, [summary.line()])


class _ImportProgress:
    """A line on stderr every few seconds of a long import: entries read and their rate."""

    def __init__(self, interval: float = 5.0) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.last = self.clock()
        self.interval = interval

    def __call__(self, read: int) -> None:
        if read % 100:
            return
        now = self.clock()
        if now - self.last >= self.interval:
            self.last = now
            rate = read / (now - self.started)
            click.echo(f"ordbro: import: {read:,} entries read ({rate:,.0f}/s)", err=True)


@terms.command()
@click.argument("dest", metavar="FILE")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="auto", show_default=True)
@click.option("--tbx-version", type=click.Choice(["2", "3"]), default="3", show_default=True)
@languages("source_lang", "target_lang", True, *COLUMN_HELP)
@common_options
def export(dest, fmt, tbx_version, source_lang, target_lang, terms_path, glossary, as_json):
    """Export to CSV, TSV or TBX (FILE or - for stdout; the extension picks the format)."""
    from glossary.termio import Options
    from glossary.termio.export import export_file

    if dest == "-" and fmt == "auto":
        fmt = "csv"
    options = Options(
        source_lang=source_lang, target_lang=target_lang, tbx_version=int(tbx_version)
    )
    with open_termbase(terms_path) as tb:
        count = export_file(
            tb, dest, fmt=None if fmt == "auto" else fmt, glossary=glossary, options=options
        )
    if dest != "-":
        emit(as_json, {"file": dest, "entries": count}, [f"wrote {count} entries to {dest}"])


# ----------------------------------------------------------------------------- build


@terms.command()
@click.option(
    "--source-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory of glossary *.tsv sources (default: the bundled ones).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("terms.db"),
    show_default=True,
    help="Termbase file to write.",
)
@common_options
def build(source_dir, output, terms_path, glossary, as_json):
    """Build the shipped termbase from glossary/data/*.tsv (replaces OUTPUT atomically)."""
    from glossary import paths
    from glossary.termbase import build_termbase

    count = build_termbase(source_dir or paths.BUNDLED_DATA, Path(terms_path or output))
    target = str(terms_path or output)
    emit(as_json, {"file": target, "entries": count}, [f"built {target}: {count} concepts"])
