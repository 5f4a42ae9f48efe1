"""What TBX v2 (``martif``) and v3 (``tbx``) share: a secure streaming reader and a writer.

Both versions nest concept -> language -> term with the same data categories
(``termNote``, ``descrip``, ``admin``, ``note``, ``transacGrp``); a
:class:`Dialect` names the elements of one version. Parsing never resolves
entities, never touches the network and refuses documents that declare entities
(billion laughs, external entities).

Over 400 lines because the reader and writer of the same data categories stay together
so that every field read is written back (round trip), for both TBX versions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from glossary.errors import InputError
from glossary.termtypes import Entry, Form, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Categories of ours that TBX-Basic lacks (statuses beyond deprecated, DNT, ...).
X_STATUS = "x-ordbro-status"
X_DNT = "x-ordbro-doNotTranslate"
X_CASE = "x-ordbro-caseSensitive"
X_DECLENSION = "x-ordbro-declension"
X_FORM = "x-ordbro-manualForm"
X_GLOSSARY = "x-ordbro-glossary"

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",  # TBX-Basic has no "forbidden"; see X_STATUS
}
STATUS_FROM_TBX = {
    "preferred": "preferred",
    "standardized": "preferred",
    "legal": "preferred",
    "regulated": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "deprecated",
    "obsolete": "deprecated",
    "notrecommended": "deprecated",
    "forbidden": "forbidden",
    "prohibited": "forbidden",
}
POS_FROM_TBX = {
    "noun": "noun",
    "n": "noun",
    "propernoun": "properNoun",
    "verb": "verb",
    "v": "verb",
    "adjective": "adjective",
    "adj": "adjective",
    "adverb": "adverb",
    "adv": "adverb",
}
GENDER_FROM_TBX = {
    "masculine": "masculine",
    "feminine": "feminine",
    "neuter": "neuter",
    "common": "common",
    "utrum": "common",
    "other": "other",
}
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<(?![?!])")
_ENTITY_MESSAGE = (
    "{path}: the document declares XML entities, which TBX does not need and "
    "ordbro refuses (entity expansion and external entities are unsafe)"
)


@dataclass(frozen=True)
class Dialect:
    """Element names of one TBX version."""

    version: int
    namespace: str | None
    root: str
    entry: str
    lang: str
    term_containers: tuple[str, ...]  # tig/ntig or termSec
    header: str  # martifHeader or tbxHeader


_LOCAL: dict[str, str] = {}


def local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and PIs)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1]
    return name


def normalise_lang(code: str | None) -> str:
    """'sv-SE' -> 'sv', 'EN' -> 'en'."""
    return (code or "").strip().replace("_", "-").split("-")[0].lower()


def _prolog_check(path: Path) -> None:
    """Refuse DTDs that declare entities: they are how XML bombs and file leaks work.

    A quick look at the first 64 KiB; :func:`_root_name` checks the parsed DTD itself,
    so a long prolog or a UTF-16 file does not get past."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf<")):
        raise InputError(f"{path}: a binary file, not TBX (XML)")
    body = head
    doctype = body.find(b"<!DOCTYPE")
    if doctype != -1 and _ENTITY_DECL.search(body, doctype):
        raise InputError(_ENTITY_MESSAGE.format(path=path))


def _root_name(path: Path) -> str | None:
    """The local name of the document's root element (None for a document without one)."""
    from lxml import etree

    parser = etree.iterparse(
        str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        for _event, elem in parser:
            # The whole prolog is parsed by now, whatever its length or encoding (UTF-16,
            # a DOCTYPE after a long comment): refuse entities before reading the body.
            dtd = elem.getroottree().docinfo.internalDTD
            if dtd is not None and any(True for _ in dtd.iterentities()):
                raise InputError(_ENTITY_MESSAGE.format(path=path))
            return local(elem.tag)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not well-formed XML: {exc.msg or exc}") from None
    return None


def iter_concepts(path: Path, dialects: dict[str, Dialect]) -> Iterator[tuple[Dialect, object]]:
    """Stream (dialect, concept element) pairs; each element is freed after use."""
    from lxml import etree

    _prolog_check(path)
    root = _root_name(path)
    if root is None:
        raise InputError(f"{path}: no XML root element (empty or not XML)")
    dialect = dialects.get(root)
    if dialect is None:
        raise InputError(
            f"{path}: not a TBX file (root element <{root}>, expected "
            f"{' or '.join(f'<{n}>' for n in dialects)})"
        )
    tags = [dialect.entry] + (
        [f"{{{dialect.namespace}}}{dialect.entry}"] if dialect.namespace else []
    )
    try:
        context = etree.iterparse(
            str(path),
            events=("end",),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        for _event, elem in context:
            yield dialect, elem
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not well-formed XML: {exc.msg or exc}") from None


# ----------------------------------------------------------------------------- reading


def _text(elem) -> str:
    if len(elem) == 0:
        return " ".join((elem.text or "").split())
    return " ".join("".join(elem.itertext()).split())


def _status(value: str) -> str | None:
    key = value.strip().lower().replace("-admn-sts", "").replace("term", "").replace(" ", "")
    return STATUS_FROM_TBX.get(key)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "1", "y")


def read_concept(elem, dialect: Dialect, path: Path) -> Entry:
    """An :class:`Entry` from one ``termEntry``/``conceptEntry`` element."""
    entry = Entry(id=None, glossary="")
    notes: list[str] = []
    lang_notes: list[str] = []
    for child in elem:
        name = local(child.tag)
        if name == dialect.lang:
            lang = normalise_lang(child.get(XML_LANG) or child.get("lang"))
            if not lang:
                raise InputError(
                    f"{path}: a <{dialect.lang}> without xml:lang (line {child.sourceline})"
                )
            _read_lang(child, lang, entry, dialect, lang_notes, path)
        else:
            _read_entry_field(child, entry, notes)
    if not notes and lang_notes:
        notes = lang_notes
    entry.note = "\n".join(notes) or None
    if not entry.terms:
        raise InputError(f"{path}: a <{dialect.entry}> with no terms (line {elem.sourceline})")
    return entry


def _read_entry_field(child, entry: Entry, notes: list[str]) -> None:
    name = local(child.tag)
    kind = child.get("type", "")
    if name == "descrip":
        if kind == "subjectField":
            entry.subject_field = _text(child) or None
        elif kind == "definition" and entry.definition is None:
            entry.definition = _text(child) or None
    elif name in ("descripGrp", "adminGrp"):
        for sub in child:
            _read_entry_field(sub, entry, notes)
    elif name == "note":
        notes.append(_text(child))
    elif name == "admin" and kind == X_GLOSSARY:
        entry.glossary = _text(child)
    elif name == "transacGrp":
        _read_transaction(child, entry)


def _read_transaction(group, entry: Entry) -> None:
    kind = date = who = None
    for sub in group:
        name = local(sub.tag)
        if name == "transac":
            kind = _text(sub).lower()
        elif name == "date":
            date = _text(sub)
        elif name == "transacNote" and sub.get("type") == "responsibility":
            who = _text(sub)
    if kind in ("origination", "creation", "input"):
        entry.created = date or entry.created
        entry.author = who or entry.author
    elif kind in ("modification", "update"):
        entry.modified = date or entry.modified
        entry.author = entry.author or who


def _read_lang(langsec, lang: str, entry: Entry, dialect: Dialect, notes: list[str], path: Path):
    for child in langsec:
        name = local(child.tag)
        if name in dialect.term_containers:
            term = Term(id=None, entry_id=None, lang=lang, text="")
            _read_term_parts(child, term, entry)
            if not term.text:
                raise InputError(f"{path}: an empty <term> (line {child.sourceline})")
            entry.terms.append(term)
        elif name in ("descrip", "descripGrp"):
            _read_entry_field(child, entry, [])
        elif name == "note":
            notes.append(_text(child))


def _read_term_parts(container, term: Term, entry: Entry) -> None:
    forbidden = False
    for child in container:
        name = local(child.tag)
        kind = child.get("type", "")
        value = _text(child)
        if name == "term":
            term.text = value
        elif name == "termGrp":
            _read_term_parts(child, term, entry)
        elif name == "termNote":
            if kind == "partOfSpeech":
                term.pos = POS_FROM_TBX.get(value.lower().replace(" ", ""), "other")
            elif kind == "grammaticalGender":
                term.gender = GENDER_FROM_TBX.get(value.lower(), "other")
            elif kind in ("administrativeStatus", "normativeAuthorization"):
                term.status = _status(value) or term.status
            elif kind == X_STATUS:
                forbidden = value == "forbidden"
                term.status = _status(value) or term.status
            elif kind == X_DNT:
                term.dnt = _flag(value)
            elif kind == X_CASE:
                term.case_sensitive = _flag(value)
            elif kind == X_DECLENSION:
                term.declension = value or None
            elif kind == X_FORM:
                text, _, feats = value.partition("|")
                term.forms.append(Form(text.strip(), tuple(feats.split()), "manual"))
        elif name == "note":
            term.note = f"{term.note}\n{value}" if term.note else value
        elif name == "admin" and kind == "source":
            term.source = value
        elif name in ("descrip", "descripGrp", "adminGrp"):
            for sub in [child] if name == "descrip" else list(child):
                sub_kind = sub.get("type", "")
                if local(sub.tag) == "descrip" and sub_kind == "definition":
                    entry.definition = entry.definition or _text(sub)
                elif local(sub.tag) == "admin" and sub_kind == "source":
                    term.source = term.source or _text(sub)
    if forbidden:
        term.status = "forbidden"
    if term.gender == "other" and term.lang == "sv":
        term.gender = "common"  # Swedish utrum travels as TBX "other"


# ----------------------------------------------------------------------------- writing


def write_document(
    entries: Iterable[Entry], stream: IO[bytes], dialect: Dialect, source_lang: str
) -> int:
    """Stream a whole TBX document of ``dialect`` to ``stream``; returns the entry count."""
    from lxml import etree

    ns = dialect.namespace
    nsmap = {None: ns} if ns else None

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}" if ns else tag

    from xml.sax.saxutils import quoteattr

    kind = 'type="TBX-Basic" style="dca"' if dialect.version == 3 else 'type="TBX"'
    xmlns = f" xmlns={quoteattr(ns)}" if ns else ""
    stream.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<{dialect.root}{xmlns} {kind} xml:lang={quoteattr(source_lang)}>\n".encode()
    )
    header = etree.Element(q(dialect.header), nsmap=nsmap)
    source_desc = etree.SubElement(etree.SubElement(header, q("fileDesc")), q("sourceDesc"))
    etree.SubElement(source_desc, q("p")).text = "Exported from an ordbro termbase"
    stream.write(etree.tostring(header, encoding="utf-8", pretty_print=True))
    stream.write(b"<text>\n<body>\n")
    count = 0
    for entry in entries:
        stream.write(
            etree.tostring(_concept(entry, dialect, q, nsmap), encoding="utf-8", pretty_print=True)
        )
        count += 1
    stream.write(f"</body>\n</text>\n</{dialect.root}>\n".encode())
    return count


def _concept(entry: Entry, dialect: Dialect, q, nsmap):
    from lxml import etree

    def sub(parent, tag: str, text: str | None = None, **attrs: str):
        node = etree.SubElement(parent, q(tag), attrs)
        if text is not None:
            node.text = text
        return node

    concept = etree.Element(q(dialect.entry), nsmap=nsmap)
    if entry.id is not None:
        concept.set("id", f"c{entry.id}")
    if entry.subject_field:
        sub(concept, "descrip", entry.subject_field, type="subjectField")
    if entry.definition:
        sub(concept, "descrip", entry.definition, type="definition")
    if entry.note:
        sub(concept, "note", entry.note)
    if entry.glossary:
        sub(concept, "admin", entry.glossary, type=X_GLOSSARY)
    for kind, date in (("origination", entry.created), ("modification", entry.modified)):
        if date or (kind == "origination" and entry.author):
            group = sub(concept, "transacGrp")
            sub(group, "transac", kind, type="transactionType")
            if date:
                sub(group, "date", date)
            if entry.author and kind == "origination":
                sub(group, "transacNote", entry.author, type="responsibility")
    langs: list[str] = []
    for term in entry.terms:
        if term.lang not in langs:
            langs.append(term.lang)
    for lang in langs:
        langsec = sub(concept, dialect.lang)
        langsec.set(XML_LANG, lang)
        for term in (t for t in entry.terms if t.lang == lang):
            _term(sub(langsec, dialect.term_containers[0]), term, sub)
    return concept


def _term(container, term: Term, sub) -> None:
    sub(container, "term", term.text)
    if term.pos:
        sub(container, "termNote", term.pos, type="partOfSpeech")
    if term.gender:
        gender = "other" if term.gender == "common" else term.gender
        sub(container, "termNote", gender, type="grammaticalGender")
    sub(container, "termNote", STATUS_TO_TBX[term.status], type="administrativeStatus")
    if term.status == "forbidden":
        sub(container, "termNote", "forbidden", type=X_STATUS)
    if term.dnt:
        sub(container, "termNote", "yes", type=X_DNT)
    if term.case_sensitive:
        sub(container, "termNote", "yes", type=X_CASE)
    if term.declension:
        sub(container, "termNote", term.declension, type=X_DECLENSION)
    for form in term.forms:
        if form.origin == "manual":
            value = f"{form.text}|{' '.join(form.features)}" if form.features else form.text
            sub(container, "termNote", value, type=X_FORM)
    if term.note:
        sub(container, "note", term.note)
    if term.source:
        sub(container, "admin", term.source, type="source")
