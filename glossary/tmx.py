"""TMX 1.4b: streamed reading and writing of translation units.

Reading uses lxml ``iterparse`` with entity resolution, DTD loading and network
access switched off, and frees each ``<tu>`` once read, so memory stays flat on
files of any size. Inline markup is reduced to its text: ``<hi>`` and ``<sub>``
keep their words, the native codes inside ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``
and ``<ut>`` are dropped. Writing goes through ``lxml.etree.xmlfile`` into a
temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary import __version__
from glossary.errors import InputError
from glossary.safeio import atomic_output

if TYPE_CHECKING:
    from glossary.memory import TranslationMemory

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NATIVE_CODE = {"bpt", "ept", "ph", "it", "ut"}
PROP_ORIGIN = "x-ordbro-origin"
PROP_APPROVED = "x-ordbro-approved"
PROP_FILE = "x-ordbro-file"
BATCH = 2000


@dataclass
class TranslationUnit:
    """One ``<tu>``: its variants by language, with the unit's source language if known."""

    variants: dict[str, str]
    srclang: str | None = None
    created: str | None = None
    changed: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    line: int | None = None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inline_text(elem) -> str:
    """The text of a ``<seg>`` (or XLIFF ``<source>``/``<target>``) without native codes."""
    parts = [elem.text or ""]
    for child in elem:
        if _local(child.tag) not in NATIVE_CODE and isinstance(child.tag, str):
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def secure_iterparse(source, events, tag=None):
    """``lxml.etree.iterparse`` that never expands entities, loads DTDs or goes online."""
    from lxml import etree

    return etree.iterparse(
        source,
        events=events,
        tag=tag,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


_TMX_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z")


def _iso(stamp: str | None) -> str | None:
    """TMX ``YYYYMMDDThhmmssZ`` -> ISO 8601 (or None when absent or malformed)."""
    m = _TMX_DATE.fullmatch(stamp) if stamp else None
    return "{}-{}-{}T{}:{}:{}Z".format(*m.groups()) if m else None


def _tmx_date(iso: str | None) -> str | None:
    if not iso:
        return None
    digits = iso.replace("-", "").replace(":", "")
    return digits[:15] + "Z" if len(digits) >= 15 else None


def read_tmx(path: str | Path) -> Iterator[TranslationUnit]:
    """Stream the translation units of a TMX file; bad XML raises InputError."""
    from lxml import etree

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    header_srclang: str | None = None
    seen_root = False
    try:
        with open(path, "rb") as fh:
            events = secure_iterparse(fh, ("start", "end"), tag=("tmx", "header", "tu"))
            for event, elem in events:
                name = elem.tag
                if event == "start":
                    if name == "tmx":
                        seen_root = True
                    elif name == "header":
                        header_srclang = elem.get("srclang")
                    continue
                if name != "tu":
                    continue
                if not seen_root:
                    raise InputError(f"{path}: not a TMX file (no <tmx> root element)")
                variants: dict[str, str] = {}
                for tuv in elem.iterchildren("tuv"):
                    lang = tuv.get(XML_LANG) or tuv.get("lang")
                    seg = tuv.find("seg")
                    if lang and seg is not None:
                        variants.setdefault(lang, inline_text(seg))
                props = {p.get("type", ""): p.text or "" for p in elem.iterchildren("prop")}
                yield TranslationUnit(
                    variants,
                    elem.get("srclang") or header_srclang,
                    _iso(elem.get("creationdate")),
                    _iso(elem.get("changedate")),
                    props,
                    elem.sourceline,
                )
                elem.clear()
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed TMX: {exc}") from exc
    if not seen_root:
        raise InputError(f"{path}: not a TMX file (no <tmx> root element)")


def _lang(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _pairs(unit: TranslationUnit) -> Iterator[tuple[str, str, str, str]]:
    """(src_lang, tgt_lang, source, target) for each target variant of a unit."""
    if not unit.variants:
        return
    langs = list(unit.variants)
    src_code = unit.srclang if unit.srclang and unit.srclang != "*all*" else None
    if src_code is not None:
        match = [code for code in langs if code.lower() == src_code.lower()]
        match = match or [code for code in langs if _lang(code) == _lang(src_code)]
        src_key = match[0] if match else None
    else:
        src_key = langs[0]
    if src_key is None:
        return
    for code in langs:
        if code != src_key and _lang(code) != _lang(src_key):
            yield _lang(src_key), _lang(code), unit.variants[src_key], unit.variants[code]


@dataclass
class ImportSummary:
    """What a TMX import did."""

    path: str
    units: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0
    pairs: dict[str, int] = field(default_factory=dict)  # "sv-en" -> segments

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_into(
    tm: TranslationMemory, path: Path, origin: str = "imported", approved: bool = False
) -> ImportSummary:
    """Read the TMX file ``path`` and store its pairs in ``tm``.

    The file is read through once first, so a malformed file stores nothing; then it is
    stored in transactions of :data:`BATCH` rows, so a long import never holds the
    memory's write lock for long (a ``translate`` recording into the same memory waits
    for one batch, not for the whole file). Importing again is harmless: stored pairs
    are updated, not duplicated.
    """
    for _unit in read_tmx(path):  # validation pass: raises InputError on a bad file
        pass
    summary = ImportSummary(str(path))
    before = tm.conn.execute("SELECT count(*) FROM segments").fetchone()[0]
    batch: list[dict] = []
    stored = 0
    for unit in read_tmx(path):
        summary.units += 1
        got = False
        for src_lang, tgt_lang, source, target in _pairs(unit):
            if not source.strip() or not target.strip():
                continue
            got = True
            pair = f"{src_lang}-{tgt_lang}"
            summary.pairs[pair] = summary.pairs.get(pair, 0) + 1
            batch.append(
                {
                    "source": source,
                    "target": target,
                    "src_lang": src_lang,
                    "tgt_lang": tgt_lang,
                    "origin": unit.props.get(PROP_ORIGIN, origin),
                    "approved": approved or unit.props.get(PROP_APPROVED) == "1",
                    "file": unit.props.get(PROP_FILE) or None,
                    "created": unit.created,
                    "changed": unit.changed or unit.created,
                }
            )
        if not got:
            summary.skipped += 1
        if len(batch) >= BATCH:
            stored += tm.record_many(batch)  # one short transaction
            batch = []
    stored += tm.record_many(batch)
    after = tm.conn.execute("SELECT count(*) FROM segments").fetchone()[0]
    summary.added = after - before
    summary.updated = stored - summary.added
    return summary


def export_from(
    tm: TranslationMemory,
    path: Path,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    approved_only: bool = False,
    origin: str | None = None,
) -> int:
    """Write the memory (or a filtered part) as TMX 1.4b; returns the number of units."""
    rows = tm.iter_segments(src_lang, tgt_lang, approved_only, origin)
    return write_tmx(Path(path), rows, src_lang=src_lang)


def write_tmx(path: Path, rows: Iterable[dict], src_lang: str | None = None) -> int:
    """Write rows (dicts with src_lang, tgt_lang, source, target, ...) as TMX 1.4b atomically."""
    from lxml import etree

    path = Path(path)
    count = 0
    with atomic_output(path) as out, etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element(
                "header",
                creationtool="ordbro",
                creationtoolversion=__version__,
                segtype="sentence",
                adminlang="en",
                srclang=src_lang or "*all*",
                datatype="plaintext",
                **{"o-tmf": "ordbro"},
            )
            xf.write(header, pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for row in rows:
                    xf.write(_unit(row), pretty_print=True)
                    count += 1
            xf.write("\n")
    return count


def _unit(row: dict):
    from lxml import etree

    attrs = {"srclang": row["src_lang"]}
    for name, key in (("creationdate", "created"), ("changedate", "changed")):
        stamp = _tmx_date(row.get(key))
        if stamp:
            attrs[name] = stamp
    tu = etree.Element("tu", **attrs)
    props = [(PROP_ORIGIN, row.get("origin")), (PROP_APPROVED, "1" if row.get("approved") else "")]
    props.append((PROP_FILE, row.get("file")))
    for kind, value in props:
        if value:
            prop = etree.SubElement(tu, "prop", type=kind)
            prop.text = value
    for lang, text in ((row["src_lang"], row["source"]), (row["tgt_lang"], row["target"])):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = _xml_safe(text)
    return tu


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control codes other than tab/newline/CR)."""
    return "".join(
        ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff"
    )
