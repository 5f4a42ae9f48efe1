"""The fields of one term entry: used by the add/edit dialog and the glossary screen.

Part of speech and gender may be left blank: the termbase then infers them (see
:mod:`glossary.grammar`) and the form shows what it inferred and the forms it made;
choosing a value corrects the inference and the forms are made again on save.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Checkbox, Input, Label, Select

from glossary.errors import InputError
from glossary.termtypes import GENDERS, PARTS_OF_SPEECH, STATUSES, Entry, Term

NEW_GRAMMAR = "inferred on save unless chosen above"


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def grammar_line(term: Term) -> str:
    """What decides the term's forms (given or inferred), then the forms themselves."""
    if term.inferred:
        readings = " | ".join(
            dict.fromkeys(" ".join(filter(None, [r.pos, r.gender])) for r in term.inferred)
        )
        head = f"inferred {readings}"
    else:
        head = " ".join(filter(None, [term.pos, term.gender])) or "—"
    forms = [f.text for f in term.forms if f.text != term.text]
    return f"{head} · {', '.join(forms)}" if forms else head


class TermForm(Grid):
    """Source term, target, part of speech, gender (blank: inferred), the grammar in use and
    the forms, status, do-not-translate, note, glossary."""

    def __init__(self, source_lang: str = "sv", target_lang: str = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.source_lang = source_lang
        self.target_lang = target_lang
        self._entry: Entry | None = None

    def compose(self) -> ComposeResult:
        yield Label(f"Term ({self.source_lang})")
        yield Input(id="tf-source", compact=True, placeholder="e.g. chipkrig")
        yield Label(f"Target ({self.target_lang})")
        yield Input(id="tf-target", compact=True, placeholder="e.g. chip war")
        yield Label("Part of speech")
        yield Select(_choices(PARTS_OF_SPEECH), id="tf-pos", compact=True, prompt="(infer)")
        yield Label("Gender")
        yield Select(_choices(GENDERS), id="tf-gender", compact=True, prompt="—")
        yield Label("Grammar")
        yield Label(NEW_GRAMMAR, id="tf-grammar")
        yield Label("Status")
        yield Select(_choices(STATUSES), id="tf-status", compact=True, allow_blank=False)
        yield Label("DNT")
        yield Checkbox("do not translate", id="tf-dnt", compact=True)
        yield Label("Glossary")
        yield Input(id="tf-glossary", compact=True, value="default")
        yield Label("Subject field")
        yield Input(id="tf-subject", compact=True)
        yield Label("Note")
        yield Input(id="tf-note", compact=True)

    def load(self, entry: Entry | None, source: str = "") -> None:
        """Fill the fields from ``entry`` (or a new term whose source text is ``source``)."""
        self._entry = entry
        src = entry.preferred(self.source_lang) if entry else None
        src = src or (
            entry.terms_in(self.source_lang)[0]
            if entry and entry.terms_in(self.source_lang)
            else None
        )
        tgt = entry.preferred(self.target_lang) if entry else None
        self._set("#tf-source", src.text if src else source)
        self._set("#tf-target", tgt.text if tgt else "")
        self.query_one("#tf-pos", Select).value = src.pos if src and src.pos else Select.NULL
        self.query_one("#tf-grammar", Label).update(grammar_line(src) if src else NEW_GRAMMAR)
        gender = src.gender if src and src.gender else Select.NULL
        self.query_one("#tf-gender", Select).value = gender
        self.query_one("#tf-status", Select).value = src.status if src else "preferred"
        self.query_one("#tf-dnt", Checkbox).value = bool(src and src.dnt)
        self._set("#tf-glossary", entry.glossary if entry else "default")
        self._set("#tf-subject", (entry.subject_field or "") if entry else "")
        self._set("#tf-note", (src.note or "") if src else "")

    def _set(self, selector: str, value: str) -> None:
        self.query_one(selector, Input).value = value

    def _get(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def entry(self) -> Entry:
        """The entry the fields describe; raises InputError when the term or target is missing."""
        source = self._get("#tf-source")
        dnt = self.query_one("#tf-dnt", Checkbox).value
        target = self._get("#tf-target") or (source if dnt else "")
        if not source:
            raise InputError(f"the {self.source_lang} term is empty")
        if not target:
            raise InputError(f"the {self.target_lang} target is empty")
        pos = self.query_one("#tf-pos", Select).value
        gender = self.query_one("#tf-gender", Select).value
        status = self.query_one("#tf-status", Select).value
        note = self._get("#tf-note") or None
        base = self._entry
        entry_id = base.id if base else None
        src_old = base.preferred(self.source_lang) if base else None
        tgt_old = base.preferred(self.target_lang) if base else None
        src = Term(
            id=src_old.id if src_old else None,
            entry_id=entry_id,
            lang=self.source_lang,
            text=source,
            pos=pos if pos is not Select.NULL else None,
            gender=gender if gender is not Select.NULL else None,
            status=str(status),
            dnt=dnt,
            note=note,
            declension=src_old.declension if src_old and src_old.text == source else None,
        )
        tgt = Term(
            id=tgt_old.id if tgt_old else None,
            entry_id=entry_id,
            lang=self.target_lang,
            text=target,
            pos=pos if pos is not Select.NULL else None,
            status="preferred",
        )
        keep = [t for t in (base.terms if base else []) if t is not src_old and t is not tgt_old]
        fields = {
            "glossary": self._get("#tf-glossary") or "default",
            "subject_field": self._get("#tf-subject") or None,
            "terms": [src, tgt, *keep],
        }
        if base is not None:
            return replace(base, **fields)
        return Entry(id=None, **fields)
