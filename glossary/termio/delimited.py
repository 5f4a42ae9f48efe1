"""CSV and TSV glossaries: DeepL (``source,target``), Google (headerless), or named columns.

Reading maps header names to fields (see :data:`ALIASES`); a file whose first
row is not a header is read as two columns, source then target (Google, DeepL),
with optional DeepL language columns. Writing puts ``source,target`` first (the
preferred terms of the source and target language), then every other field by
name; synonyms and forbidden renderings are ``|``-separated.

A written cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP advises; so
does a cell that starts with ``'``, and reading removes exactly one such ``'``, so an
export imports back unchanged. TSV cells keep line breaks, tabs and backslashes as
``\n``, ``\r``, ``\t`` and ``\\``.

Over 400 lines because CSV and TSV share one reader and writer that differ only in
delimiter and escaping, and the formula-injection rule must be applied and undone in the
same place so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from glossary.errors import InputError
from glossary.termio import Options
from glossary.termtypes import GENDERS, PARTS_OF_SPEECH, STATUSES, Entry, Term
from glossary.textcodec import open_text

SEP = "|"
# Columns written after source,target, in this order.
COLUMNS = (
    "source",
    "target",
    "pos",
    "gender",
    "source_status",
    "target_status",
    "dnt",
    "case_sensitive",
    "subject_field",
    "definition",
    "note",
    "source_note",
    "target_note",
    "declension",
    "reference",
    "source_synonyms",
    "target_synonyms",
    "source_deprecated",
    "target_deprecated",
    "source_forbidden",
    "target_forbidden",
    "glossary",
    "created",
    "modified",
    "author",
)
LANGUAGE_NAMES = {
    "swedish": "sv",
    "svenska": "sv",
    "english": "en",
    "engelska": "en",
    "german": "de",
    "french": "fr",
}
# header name (normalised) -> field
ALIASES = {name: name for name in COLUMNS} | {
    "term": "source",
    "source_term": "source",
    "src": "source",
    "target_term": "target",
    "tgt": "target",
    "translation": "target",
    "part_of_speech": "pos",
    "partofspeech": "pos",
    "word_class": "pos",
    "grammatical_gender": "gender",
    "status": "source_status",
    "do_not_translate": "dnt",
    "donottranslate": "dnt",
    "untranslatable": "dnt",
    "case": "case_sensitive",
    "subject": "subject_field",
    "subjectfield": "subject_field",
    "domain": "subject_field",
    "def": "definition",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "forbidden": "target_forbidden",
    "synonyms": "source_synonyms",
    "author_name": "author",
}
TRUE = {"yes", "y", "true", "1", "x", "ja"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TSV_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TSV_UNESCAPE = re.compile(r"\\([\\nrt])")


def neutralise(cell: str) -> str:
    """``cell`` safe from spreadsheet formula injection (undone by :func:`restore`)."""
    return "'" + cell if cell.startswith(FORMULA_START + ("'",)) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: drop one ``'`` before a formula character or a ``'``."""
    return (
        cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START + ("'",)) else cell
    )


def tsv_escape(cell: str) -> str:
    """A TSV cell with its backslashes, tabs and line breaks written as escapes."""
    return "".join(_TSV_ESCAPES.get(ch, ch) for ch in cell)


def tsv_unescape(cell: str) -> str:
    """Undo :func:`tsv_escape`."""
    return _TSV_UNESCAPE.sub(lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m[1], m[1]), cell)


def _norm(header: str) -> str:
    return header.strip().lower().replace("-", "_").replace(" ", "_")


def _language_column(name: str) -> str | None:
    """'sv', 'sv_SE', 'Swedish' -> 'sv'; None when ``name`` is not a language."""
    key = _norm(name)
    if key in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[key]
    code = key.split("_")[0]
    if len(code) == 2 and code.isalpha() and (key == code or len(key.split("_")) == 2):
        return code if code not in ("id",) else None
    return None


class _Layout:
    """How the columns of one file map to fields."""

    def __init__(
        self,
        fields: list[str | None],
        has_header: bool,
        deepl_langs: bool = False,
        names: list[str] | None = None,
    ):
        self.fields = fields
        self.names = names or []
        self.has_header = has_header
        self.deepl_langs = deepl_langs


def _header_layout(row: list[str], options: Options) -> _Layout | None:
    if _is_deepl_row(row):
        return None
    fields: list[str | None] = []
    for cell in row:
        key = _norm(cell)
        if not key:
            fields.append(None)
        elif key in ALIASES:
            fields.append(ALIASES[key])
        elif (lang := _language_column(cell)) is not None:
            fields.append("lang:" + lang)
        else:
            fields.append("?" + cell.strip())
    known = [f for f in fields if f and not f.startswith("?")]
    terms = [f for f in known if f in ("source", "target") or f.startswith("lang:")]
    if not terms or len(known) < len([f for f in fields if f]) / 2:
        return None
    return _Layout(fields, has_header=True, names=[c.strip() for c in row])


def _is_deepl_row(row: list[str]) -> bool:
    """DeepL's headerless layout: source, target, source language, target language."""
    return (
        len(row) == 4
        and all(_language_column(c) for c in row[2:])
        and not any(_norm(c) in ALIASES for c in row[:2])
    )


class _DelimitedFormat:
    name = "csv"
    extensions: tuple[str, ...] = (".csv",)
    delimiter: str | None = ","
    escaped = False  # set while reading a TSV: its cells hold \n, \t escapes

    # ------------------------------------------------------------------ reading

    def read(self, path: Path, options: Options) -> Iterator[Entry]:
        fh, _encoding = open_text(path)
        with fh:
            sample = fh.read(1 << 14)
            fh.seek(0)
            delimiter = self._delimiter(sample)
            self.escaped = delimiter == "\t"
            if delimiter == "\t":  # DeepL-style TSV: quotes are part of the text
                reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            else:
                reader = csv.reader(fh, delimiter=delimiter, strict=True)
            try:
                yield from self._entries(reader, path, options)
            except csv.Error as exc:
                raise InputError(
                    f"{path}: malformed CSV at line {reader.line_num}: {exc}"
                ) from None

    def _delimiter(self, sample: str) -> str:
        if self.delimiter == "\t":
            return "\t"
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def _entries(self, reader, path: Path, options: Options) -> Iterator[Entry]:
        layout: _Layout | None = None
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if layout is None:
                layout = _header_layout(row, options) or self._headerless(row, path, reader)
                if layout.has_header:
                    self._check_header(layout, path, options)
                    continue
            yield self._entry(row, layout, path, reader.line_num, options)
        if layout is None:
            raise InputError(f"{path}: the file has no rows")

    def _headerless(self, row: list[str], path: Path, reader) -> _Layout:
        if len(row) < 2:
            raise InputError(
                f"{path}: line {reader.line_num} has one column; a glossary needs two "
                f"(source, target) or a header row naming its columns"
            )
        if _is_deepl_row(row):
            return _Layout(["source", "target", "dlang:source", "dlang:target"], False, True)
        return _Layout(["source", "target"] + [None] * (len(row) - 2), has_header=False)

    def _check_header(self, layout: _Layout, path: Path, options: Options) -> None:
        langs = {
            options.source_lang
            if f == "source"
            else options.target_lang
            if f == "target"
            else f[5:]
            for f in layout.fields
            if f in ("source", "target") or (f or "").startswith("lang:")
        }
        for side, lang in (("source", options.source_lang), ("target", options.target_lang)):
            if lang not in langs:
                raise InputError(
                    f"{path}: no column for the {side} term ({lang}); the header names "
                    f"{', '.join(repr(f) for f in layout.names)}"
                )
        unknown = [f[1:] for f in layout.fields if f and f.startswith("?")]
        if unknown:
            raise InputError(
                f"{path}: unknown column(s) {', '.join(map(repr, unknown))}; known: "
                f"source, target, a language code (sv, en, ...), {', '.join(COLUMNS[2:])}"
            )

    def _entry(self, row: list[str], layout: _Layout, path: Path, line: int, options: Options):
        if len(row) > len(layout.fields) and any(c.strip() for c in row[len(layout.fields) :]):
            raise InputError(
                f"{path}: line {line} has {len(row)} columns, the header has {len(layout.fields)}"
            )
        values: dict[str, str] = {}
        for field, cell in zip(layout.fields, row, strict=False):
            if field and cell.strip():
                cell = restore(cell.strip())
                values[field] = tsv_unescape(cell) if self.escaped else cell
        src, tgt = options.source_lang, options.target_lang
        if layout.deepl_langs:
            src = _language_column(values.get("dlang:source", src)) or src
            tgt = _language_column(values.get("dlang:target", tgt)) or tgt
        for key in list(values):
            if key.startswith("lang:"):
                lang = key[5:]
                values["source" if lang == src else "target" if lang == tgt else key] = values[key]
        entry = Entry(
            id=None,
            glossary=values.get("glossary", ""),
            subject_field=values.get("subject_field"),
            definition=values.get("definition"),
            note=values.get("note"),
            created=values.get("created"),
            modified=values.get("modified"),
            author=values.get("author"),
        )
        pos = _choice(values.get("pos"), PARTS_OF_SPEECH, "part of speech", path, line)
        gender = _choice(values.get("gender"), GENDERS, "gender", path, line)
        dnt = values.get("dnt", "").lower() in TRUE
        case = values.get("case_sensitive", "").lower() in TRUE
        for side, lang in (("source", src), ("target", tgt)):
            text = values.get(side)
            if text:
                status = _choice(values.get(f"{side}_status"), STATUSES, "status", path, line)
                entry.terms.append(
                    Term(
                        id=None,
                        entry_id=None,
                        lang=lang,
                        text=text,
                        pos=pos,
                        gender=gender if side == "source" else None,
                        status=status or "preferred",
                        dnt=dnt,
                        case_sensitive=case,
                        declension=values.get("declension") if side == "source" else None,
                        note=values.get(f"{side}_note"),
                        source=values.get("reference"),
                    )
                )
            for status, column in (
                ("admitted", "synonyms"),
                ("deprecated", "deprecated"),
                ("forbidden", "forbidden"),
            ):
                for extra in values.get(f"{side}_{column}", "").split(SEP):
                    if extra.strip():
                        entry.terms.append(
                            Term(None, None, lang, extra.strip(), pos=pos, status=status, dnt=dnt)
                        )
        for key, text in values.items():
            if key.startswith("lang:") and key[5:] not in (src, tgt):
                entry.terms.append(Term(None, None, key[5:], text, pos=pos, dnt=dnt))
        if not any(
            t.lang in (src, tgt) and t.status in ("preferred", "admitted") for t in entry.terms
        ):
            raise InputError(f"{path}: line {line} has no source or target term")
        return entry

    # ------------------------------------------------------------------ writing

    def write(self, entries: Iterable[Entry], stream: IO[bytes], options: Options) -> int:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        if self.delimiter == "\t":

            def writerow(row: Iterable[str]) -> None:
                text.write("\t".join(neutralise(tsv_escape(cell)) for cell in row) + "\n")

        else:
            write = csv.writer(text, lineterminator="\n").writerow

            def writerow(row: Iterable[str]) -> None:
                write([neutralise(cell) for cell in row])

        writerow(COLUMNS)
        count = 0
        for entry in entries:
            writerow(_row(entry, options))
            count += 1
        text.flush()
        text.detach()
        return count


def _choice(value: str | None, allowed: tuple[str, ...], what: str, path: Path, line: int):
    if not value:
        return None
    lookup = {a.lower(): a for a in allowed}
    if value.lower() not in lookup:
        raise InputError(
            f"{path}: line {line}: unknown {what} {value!r} (use {', '.join(allowed)})"
        )
    return lookup[value.lower()]


def _row(entry: Entry, options: Options) -> list[str]:
    src = entry.terms_in(options.source_lang)
    tgt = entry.terms_in(options.target_lang)
    first_s = next((t for t in src if t.status in ("preferred", "admitted")), None)
    first_t = next((t for t in tgt if t.status in ("preferred", "admitted")), None)
    main = first_s or first_t

    def others(terms: list[Term], first: Term | None, status: str) -> str:
        return SEP.join(t.text for t in terms if t is not first and t.status == status)

    def flag(value: bool) -> str:
        return "yes" if value else ""

    return [
        first_s.text if first_s else "",
        first_t.text if first_t else "",
        (main.pos if main else None) or "",
        (first_s.gender if first_s else None) or "",
        first_s.status if first_s else "",
        first_t.status if first_t else "",
        flag(any(t.dnt for t in (first_s, first_t) if t)),
        flag(any(t.case_sensitive for t in (first_s, first_t) if t)),
        entry.subject_field or "",
        entry.definition or "",
        entry.note or "",
        (first_s.note if first_s else None) or "",
        (first_t.note if first_t else None) or "",
        (first_s.declension if first_s else None) or "",
        (main.source if main else None) or "",
        others(src, first_s, "admitted"),
        others(tgt, first_t, "admitted"),
        others(src, first_s, "deprecated"),
        others(tgt, first_t, "deprecated"),
        others(src, first_s, "forbidden"),
        others(tgt, first_t, "forbidden"),
        entry.glossary or "",
        entry.created or "",
        entry.modified or "",
        entry.author or "",
    ]


class CsvFormat(_DelimitedFormat):
    """Comma-separated (``;`` and tab are detected too)."""

    name = "csv"
    extensions = (".csv", ".txt")
    delimiter = ","


class TsvFormat(_DelimitedFormat):
    """Tab-separated."""

    name = "tsv"
    extensions = (".tsv", ".tab")
    delimiter = "\t"
