"""Reading (source, target) pairs for QA: aligned text files, XLIFF 1.2/2.0, PO and TMX.

Every reader returns a :class:`Bilingual` with the pairs in document order and the
languages the file declares (or None). Segment numbers in QA findings are positions
in ``pairs``, 1-based; for text files they are line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError

XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
PO_SUFFIXES = (".po", ".pot")
TMX_SUFFIXES = (".tmx",)


@dataclass
class Bilingual:
    """Segment pairs of one document, with its declared languages."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    src_lang: str | None = None
    tgt_lang: str | None = None
    ids: list[str] = field(default_factory=list)  # per pair: unit id, msgid line, ...
    subject: str | None = None  # the subject field the file declares (XLIFF 1.2 category)
    # per pair: the confidence ordbro wrote with its machine translation (XLIFF 1.2 note,
    # PO comment; see glossary.confidence_notes), else None; empty for other formats
    confidence: list[dict | None] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        """Per pair, the unit it belongs to: the plural forms of one PO entry or XLIFF
        plural group share one (they are one translation, not several)."""
        return self.ids


def _lang(code: str | None) -> str | None:
    return code.strip().replace("_", "-").split("-")[0].lower() if code else None


def read_text(path: str | Path) -> str:
    """A text file decoded as every text input is (the one reader and decoder)."""
    from glossary.formats.text import read_text_input

    return read_text_input(path)


def read_text_pairs(source: str | Path, target: str | Path) -> Bilingual:
    """Line-aligned source and target text files; their line counts must agree."""
    src_lines = read_text(source).splitlines()
    tgt_lines = read_text(target).splitlines()
    # A missing final newline or trailing blank lines are not misalignment.
    while src_lines and not src_lines[-1].strip():
        src_lines.pop()
    while tgt_lines and not tgt_lines[-1].strip():
        tgt_lines.pop()
    if len(src_lines) != len(tgt_lines):
        raise InputError(
            f"{target}: {len(tgt_lines)} lines, but {source} has {len(src_lines)}; "
            "the files must be line-aligned"
        )
    return Bilingual(
        list(zip(src_lines, tgt_lines, strict=True)),
        ids=[str(i) for i in range(1, len(src_lines) + 1)],
    )


def read_bilingual(path: str | Path, src: str = "sv", tgt: str = "en") -> Bilingual:
    """Pairs from an XLIFF, PO or TMX file (chosen by suffix, else by content)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix in PO_SUFFIXES:
        return read_po(path)
    if suffix in TMX_SUFFIXES:
        return read_tmx_pairs(path, src, tgt)
    if suffix in XLIFF_SUFFIXES:
        return read_xliff(path)
    head = path.read_bytes()[:2048].lower()
    if b"<xliff" in head:
        return read_xliff(path)
    if b"<tmx" in head:
        return read_tmx_pairs(path, src, tgt)
    if b"msgid" in head:
        return read_po(path)
    raise InputError(
        f"{path}: not a bilingual file (expected XLIFF, PO or TMX); "
        "for plain text give SOURCE and TARGET files"
    )


def read_xliff(path: str | Path) -> Bilingual:
    """XLIFF 1.2 ``trans-unit`` or XLIFF 2.0 ``unit/segment`` pairs; a missing target is ''.

    The file is parsed by :mod:`glossary.formats.xliff` (the one XLIFF parser); inline
    codes are kept as tags (``<x id="1"/>``, ``<g id="2">…</g>``) so the tag checks see
    a code the translation lost.
    """
    from glossary.confidence_notes import NOTE_FROM, parse_note
    from glossary.formats.xliff import NS12, parse_tree

    path = Path(path)
    root, ns = parse_tree(_read_bytes(path), path)
    q = f"{{{ns}}}"
    out = Bilingual(src_lang=_lang(root.get("srcLang")), tgt_lang=_lang(root.get("trgLang")))
    if ns == NS12:
        first = root.find(f"{q}file")
        if first is not None:
            out.src_lang = _lang(first.get("source-language"))
            out.tgt_lang = _lang(first.get("target-language"))
            out.subject = first.get("category") or None
        containers = root.iter(f"{q}trans-unit")
    else:
        containers = root.iter(f"{q}segment")
    for elem in containers:
        source = elem.find(f"{q}source")
        if source is None:
            continue
        target = elem.find(f"{q}target")
        out.pairs.append((_visible(source), _visible(target) if target is not None else ""))
        note = elem.find(f"{q}note[@from='{NOTE_FROM}']") if ns == NS12 else None
        out.confidence.append(parse_note(note.text) if note is not None else None)
        unit_id = elem.get("id")
        parent = elem.getparent()
        if ns != NS12 and parent is not None:
            unit_id = parent.get("id") or unit_id
        elif parent is not None and parent.get("restype") == "x-gettext-plurals":
            unit_id = parent.get("id") or f"plural-{id(parent)}"
        out.ids.append(unit_id or str(len(out.pairs)))
    return out


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def _visible(elem) -> str:
    """The text of ``elem`` with its inline codes written as bare tags (``<x/>``,
    ``<g>…</g>``); ids and other attributes are left out so their digits are no numbers."""
    parts = [elem.text or ""]
    for child in elem:
        if isinstance(child.tag, str):
            name = child.tag.rsplit("}", 1)[-1]
            inner = _visible(child)
            parts.append(f"<{name}>{inner}</{name}>" if inner else f"<{name}/>")
        parts.append(child.tail or "")
    return "".join(parts)


def read_po(path: str | Path) -> Bilingual:
    """PO/POT entries (plural forms as separate pairs); obsolete entries and the header skipped.

    The catalogue is parsed by :mod:`glossary.formats.po` (the one PO parser).
    """
    from glossary.confidence_notes import parse_note
    from glossary.formats.po import parse

    path = Path(path)
    catalogue = parse(_read_bytes(path), path).catalogue
    out = Bilingual(tgt_lang=_lang(catalogue.metadata.get("Language")))  # type: ignore[attr-defined]
    for entry in catalogue:  # type: ignore[attr-defined]
        if entry.obsolete or not entry.msgid:
            continue
        before = len(out.pairs)
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] or [""]
            out.pairs.append((entry.msgid, forms[0]))
            out.ids.append(str(entry.linenum))
            for extra in forms[1:] or [""]:
                out.pairs.append((entry.msgid_plural, extra))
                out.ids.append(str(entry.linenum))
        else:
            out.pairs.append((entry.msgid, entry.msgstr))
            out.ids.append(str(entry.linenum))
        out.confidence += [parse_note(entry.tcomment)] * (len(out.pairs) - before)
    return out


def read_tmx_pairs(path: str | Path, src: str = "sv", tgt: str = "en") -> Bilingual:
    """Pairs of a TMX file in the ``src`` -> ``tgt`` direction (units lacking either are skipped)."""
    from glossary.tmx import read_tmx

    out = Bilingual(src_lang=src, tgt_lang=tgt)
    for unit in read_tmx(path):
        by_lang = {}
        for code, text in unit.variants.items():
            by_lang.setdefault(_lang(code), text)
        if src in by_lang:
            out.pairs.append((by_lang[src], by_lang.get(tgt, "")))
            out.ids.append(str(unit.line or len(out.pairs)))
    return out
