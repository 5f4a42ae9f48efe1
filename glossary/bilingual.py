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

    @property
    def units(self) -> list[str]:
        """Per pair, the unit it belongs to: the plural forms of one PO entry or XLIFF
        plural group share one (they are one translation, not several)."""
        return self.ids


def _lang(code: str | None) -> str | None:
    return code.strip().replace("_", "-").split("-")[0].lower() if code else None


def read_text(path: str | Path) -> str:
    """A text file decoded as every text input is (:func:`glossary.formats.text.decode`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    from glossary.formats.text import decode

    return decode(data, path)[0].removeprefix("\ufeff")  # the one text-file decoder


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
    """XLIFF 1.2 ``trans-unit`` or XLIFF 2.0 ``unit/segment`` pairs; a missing target is ''."""
    from lxml import etree

    from glossary.tmx import inline_text, secure_iterparse

    path = Path(path)
    out = Bilingual()
    version = None
    try:
        with open(path, "rb") as fh:
            for event, elem in secure_iterparse(fh, ("start", "end")):
                name = elem.tag.rsplit("}", 1)[-1] if isinstance(elem.tag, str) else ""
                if event == "start":
                    if version is None:
                        if name != "xliff":
                            raise InputError(f"{path}: not an XLIFF file (root <{name}>)")
                        version = elem.get("version", "1.2")
                        out.src_lang = _lang(elem.get("srcLang"))
                        out.tgt_lang = _lang(elem.get("trgLang"))
                    elif name == "file" and out.src_lang is None:
                        out.src_lang = _lang(elem.get("source-language"))
                        out.tgt_lang = _lang(elem.get("target-language"))
                        out.subject = elem.get("category") or None
                    continue
                if name in ("trans-unit", "segment"):
                    source = _child(elem, "source")
                    target = _child(elem, "target")
                    if source is not None:
                        out.pairs.append(
                            (inline_text(source), inline_text(target) if target is not None else "")
                        )
                        unit_id = elem.get("id")
                        parent = elem.getparent()
                        if name == "segment" and parent is not None:
                            unit_id = parent.get("id") or unit_id
                        elif parent is not None and parent.get("restype") == "x-gettext-plurals":
                            unit_id = parent.get("id") or f"plural-{id(parent)}"
                        out.ids.append(unit_id or str(len(out.pairs)))
                    if name == "trans-unit" or elem.getparent() is None:
                        elem.clear()
                elif name == "unit":
                    elem.clear()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed XLIFF: {exc}") from exc
    if version is None:
        raise InputError(f"{path}: empty file, not XLIFF")
    return out


def _child(elem, name: str):
    for child in elem:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == name:
            return child
    return None


def read_po(path: str | Path) -> Bilingual:
    """PO/POT entries (plural forms as separate pairs); obsolete entries and the header skipped."""
    import polib

    path = Path(path)
    try:
        catalogue = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: malformed PO file: {exc}") from exc
    out = Bilingual(tgt_lang=_lang(catalogue.metadata.get("Language")))
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
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
