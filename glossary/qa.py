"""Quality checks on translated segment pairs, like Xbench or Verifika.

``check_pairs(pairs, matcher)`` runs the checks over (source, target) pairs and returns
:class:`Finding` objects with 1-based segment numbers and a severity (``error``,
``warning`` or ``info``):

- ``term-missing``: a source term (preferred or admitted; a forbidden or deprecated
  rendering is never a source term) whose approved targets are all absent from the
  target, in any inflected form and, in Swedish, inside a compound (*hashalgoritm*
  for "algorithm"). Only entries of the file's subject fields count
  (:mod:`glossary.qa_scope`), and only where the source uses the term as the part of
  speech its entry states (:mod:`glossary.qa_usage`); unsure -> ``warning``;
- ``forbidden-term``: a forbidden rendering of a concept found in the source is present;
- ``dnt-changed``: a do-not-translate term is not in the target verbatim
  (an English genitive is allowed: *Nvidias* -> *Nvidia's*);
- ``number-mismatch``: numbers differ in value (see :mod:`glossary.numbers`);
- ``placeholder-mismatch`` / ``tag-mismatch``: printf/brace placeholders or inline
  tags differ (:mod:`glossary.qa_inline`);
- ``untranslated``: the target is empty (``error``), or a copy of a source that has
  words to translate (``warning``; see :mod:`glossary.qa_words`);
- ``inconsistent``: the same source is translated in different ways (``warning``;
  ``info`` when the renderings differ only in case, spacing or punctuation); the
  plural forms of one PO/XLIFF unit are one translation, not several.

Over 400 lines because every check here runs over the one per-file context (concepts,
compiled term patterns) built once in :func:`check_pairs`; checks with logic of their
own already live in qa_inline, qa_scope, qa_usage, qa_words and numbers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from glossary.numbers import Number, compare_numbers
from glossary.qa_inline import mask_markup
from glossary.qa_scope import ALL, infer_subjects
from glossary.qa_usage import CONFLICTS, UNSURE, usage
from glossary.termtypes import Entry, Hit, Term

CHECKS = (
    "term-missing",
    "forbidden-term",
    "dnt-changed",
    "number-mismatch",
    "placeholder-mismatch",
    "tag-mismatch",
    "untranslated",
    "inconsistent",
)
SEVERITIES = ("error", "warning", "info")
APPROVED = ("preferred", "admitted")


@dataclass(frozen=True)
class Finding:
    """One problem in one segment; spans are character offsets into source and target."""

    segment: int
    check: str
    message: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("source_span", "target_span"):
            d[key] = list(d[key]) if d[key] is not None else None
        return d


class Matcher(Protocol):
    def find(self, text: str) -> list[Hit]: ...


@dataclass(frozen=True)
class _Rendering:
    """One target-language term of a concept: its text and the forms to look for."""

    text: str
    case_sensitive: bool
    pos: str | None
    forms: frozenset[str]


@dataclass
class _Concept:
    """What QA needs from one termbase entry."""

    approved: list[_Rendering] = field(default_factory=list)
    forbidden: list[_Rendering] = field(default_factory=list)
    subject: str | None = None


@dataclass
class _Context:
    matcher: Matcher | None
    concepts: dict[int, _Concept]
    src: str
    tgt: str
    source_terms: dict[int, Term] = field(default_factory=dict)
    subjects: set[str] | None = None  # None: every entry applies
    hits: dict[int, list[Hit]] = field(default_factory=dict)

    def all_hits(self, segment: int, source: str) -> list[Hit]:
        """Every term hit in the source, covered and compound ones included."""
        if self.matcher is None:
            return []
        if segment not in self.hits:
            self.hits[segment] = self.matcher.find(source)
        return self.hits[segment]

    def source_hits(self, segment: int, source: str) -> list[Hit]:
        """The hits that count as source terms: approved terms no longer hit spans."""
        return [
            h
            for h in self.all_hits(segment, source)
            if not h.covered and h.status not in ("forbidden", "deprecated")
        ]

    def in_scope(self, entry_id: int) -> bool:
        concept = self.concepts.get(entry_id)
        subject = concept.subject if concept else None
        return self.subjects is None or not subject or subject in self.subjects

    def is_code(self, hit: Hit, source: str) -> bool:
        """Is the hit part of code rather than a use of the term? (see :func:`_in_code`)"""
        term = self.source_terms.get(hit.term_id)
        return _in_code(source, hit.start, hit.end, term.text if term is not None else hit.source)

    def use(self, hit: Hit, source: str) -> str:
        """How the source uses a hit's term: agrees, conflicts or unsure (qa_usage)."""
        term = self.source_terms.get(hit.term_id)
        pos = term.pos if term is not None else None
        return usage(source, hit.start, hit.end, self.src, pos, hit.features)


_CODE_TOKEN = re.compile(r"[_@/\\=$%{}<>]|\w\.\w|^--?\w")


def _in_code(text: str, start: int, end: int, term: str) -> bool:
    """A hit inside an identifier, option, address or path (``package_id``, ``--group``,
    ``packages.debian.org``), or written in capitals when the term is not (``USER``,
    ``ACTION``: a keyword or metavariable), is code, not a use of the term."""
    hit = text[start:end]
    if hit.isupper() and len(hit) > 1 and not term.isupper():
        return True
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    token = text[left:right].strip(".,;:!?\"'()«»”“’‘…`")
    return bool(_CODE_TOKEN.search(token))


def _hyphen_head(text: str, hit: Hit) -> bool:
    """Is a compound hit the head of a hyphenated compound (*BMP-fil*, *XPM-filen*)? Then
    the term is used as such ("BMP file"); inside a closed compound (*filformat*) the
    translation may go its own way."""
    after = text[hit.end : hit.end + 1]
    return hit.start > 0 and text[hit.start - 1] == "-" and not after.isalnum()


def _kept_literal(source: str, target: str, hit: Hit) -> bool:
    """Is the hit a literal the translator kept as written (a field name, a keyword)?

    True when the target has the hit verbatim (same case, as a word) and either the
    source capitalises it mid-sentence while the term is lower case (a "Package"
    header) or the words on both sides of it are copied too (a list of keywords).
    """
    word = re.compile(rf"(?<![\w]){re.escape(hit.text)}(?![\w])")
    if _norm(source) == _norm(target) or not word.search(target):
        return False
    before = source[: hit.start].rstrip()
    mid_sentence = bool(before) and before[-1] not in ".!?:\n"
    if mid_sentence and hit.text[:1].isupper() and hit.source[:1].islower():
        return True
    left = re.search(r"(\S+\s+)$", source[: hit.start])
    right = re.match(r"(\s*\S+)", source[hit.end :])
    if left and right:
        context = left.group(1) + hit.text + right.group(1)
        return context in target
    return False


# --------------------------------------------------------------------------- target forms


def _variants(term: str, pos: str | None = None) -> set[str]:
    """Regular English inflections of ``term``; with no part of speech, noun and verb forms."""
    from glossary.english import english_variants

    if pos is None:
        return english_variants(term) | english_variants(term, "verb") | {term}
    return english_variants(term, pos) | {term}


def _forms(term: Term, lang: str) -> frozenset[str]:
    """The surface forms QA accepts for a target term (stored, generated, regular)."""
    forms = {term.text} | {f.text for f in term.forms}
    if lang == "en":
        forms |= _variants(term.text, term.pos)
    else:
        from glossary.morphology import generate_forms

        forms |= {f.text for f in generate_forms(term)}
    return frozenset(f for f in forms if f.strip())


def _alternation(forms: Iterable[str], as_written: bool = False) -> str:
    """Forms as regex alternatives, longest first; spaces and hyphens interchangeable
    unless ``as_written`` (a forbidden "chip-war" is not the approved "chip war")."""
    alts = sorted(set(forms), key=len, reverse=True)
    if as_written:
        return "|".join(map(re.escape, alts))
    return "|".join(_SEP.pattern.join(map(re.escape, _SEP.split(f))) for f in alts)


def _stems(word: str) -> set[str]:
    """How a Swedish word begins as the first part of a compound (klocka -> klock-)."""
    low = word.lower()
    stems = {low}
    if low.endswith(("a", "e")):
        stems.add(low[:-1])
    m = re.fullmatch(r"(.*[^aeiouyåäö])[e]([lnr])", low)
    if m:  # parameter -> parametr(ar), nyckel -> nyckl(ar)
        stems.add(m.group(1) + m.group(2))
    return stems


@lru_cache(maxsize=4096)
def _target_pattern(
    forms: frozenset[str], case_sensitive: bool, lang: str, compounds: bool
) -> re.Pattern[str]:
    """A word-bounded regex for any of ``forms`` (with an optional genitive).

    With ``compounds`` (approved terms) spaces and hyphens are interchangeable, and in
    Swedish a one-word term also counts inside a compound: as its head
    (*hash + algoritm*), as a middle part (*standard + fil + beskrivare*) or, by its
    stem, as its first part (*processor + trådar*, *parametr + ar*). Without (forbidden terms, names) a form is matched as written.
    """
    body = _alternation(forms, as_written=not compounds)
    flags = 0 if case_sensitive else re.IGNORECASE
    # A Swedish word may end in a hyphen compound: PNM-filen, AI-chipet.
    lead = r"(?<!\w)" if lang == "sv" else r"(?<![\w-])"
    alts = [rf"{lead}(?:{body})(?:['’]s?)?(?![\w-])"]
    single = [f for f in forms if " " not in f]
    if compounds and lang == "sv" and single and len(forms) == len(single):
        parts = set(single) | set().union(*(_stems(f) for f in single))
        parts = {p for p in parts if len(p) >= 3}
        if parts:
            alts.append(
                rf"\w*(?:{'|'.join(map(re.escape, sorted(parts, key=len, reverse=True)))})\w*"
            )
    return re.compile("|".join(alts), flags)


def _term_pattern(
    term: str, case_sensitive: bool, pos: str | None = None, verbatim: bool = False
) -> re.Pattern[str]:
    """A word-bounded regex for an English term in any of its forms (or as written)."""
    forms = frozenset({term} if verbatim else _variants(term, pos))
    return _target_pattern(forms, case_sensitive, "en", not verbatim)


# --------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    return " ".join(text.split())


_CODE_CHARS = re.compile(r"[\d_/\\@{}<>=#$%&|~^*+\[\]]")
_CAMEL = re.compile(r"[a-zåäö][A-ZÅÄÖ]")
_URLISH = re.compile(r"\w\.\w")
_SEP = re.compile(r"[\s\u00a0-]+")
_WORDISH = re.compile(r"[^\W\d_]{2,}")


def _words(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Lower-case words of ``text`` that may need translating (not names, numbers or code)."""
    words = []
    for m in re.finditer(r"\S+", text):
        if any(s < m.end() and m.start() < e for s, e in skip):
            continue
        token = m.group(0).strip(".,;:!?\"'()«»”“’‘…`")
        if not token or _CODE_CHARS.search(token) or _CAMEL.search(token):
            continue
        if _URLISH.search(token):
            continue
        for part in token.split("-"):
            if len(part) >= 2 and part.isalpha() and part.islower():
                words.append(part)
    return words


def _span_of(number: Number | None) -> tuple[int, int] | None:
    return number.span if number is not None else None


# --------------------------------------------------------------------------- checks


def _check_terms(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    seen: set[int] = set()
    for hit in ctx.source_hits(seg, source):
        if hit.dnt or hit.entry_id in seen:
            continue
        if hit.kind == "compound" and not (ctx.src == "sv" and _hyphen_head(source, hit)):
            continue
        if not ctx.in_scope(hit.entry_id) or ctx.is_code(hit, source):
            continue
        concept = ctx.concepts.get(hit.entry_id)
        approved = concept.approved if concept else []
        if not approved and hit.target:
            approved = [_Rendering(hit.target, False, None, frozenset({hit.target}))]
        if not approved:
            continue
        fit = ctx.use(hit, source)
        if fit == CONFLICTS or _kept_literal(source, target, hit):
            continue
        seen.add(hit.entry_id)
        if any(
            _target_pattern(r.forms, r.case_sensitive, ctx.tgt, True).search(target)
            for r in approved
        ):
            continue
        yield Finding(
            seg,
            "term-missing",
            f"term {hit.text!r} should be translated as {approved[0].text!r}",
            (hit.start, hit.end),
            None,
            "warning" if fit == UNSURE else "error",
        )


def _check_forbidden(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    """Forbidden renderings of the concepts found in the source, as written in the termbase.

    Only concepts recognised in the source are checked: "crisps" is forbidden for *chip*,
    not in a sentence about *chipsen*. A forbidden term is matched with its own spelling
    (``chip-war`` is not ``chip war``) and, where it differs from an approved term only in
    case (``NVidia``), case-sensitively.
    """
    reported: set[tuple[int, int]] = set()
    for entry_id in dict.fromkeys(h.entry_id for h in ctx.source_hits(seg, source)):
        concept = ctx.concepts.get(entry_id)
        if concept is None or not concept.forbidden:
            continue
        approved = {r.text.lower() for r in concept.approved}
        for r in concept.forbidden:
            case_sensitive = r.case_sensitive or r.text.lower() in approved
            # In Swedish a forbidden word is forbidden inside a compound too (fajlformat).
            in_compounds = ctx.tgt == "sv" and " " not in r.text and len(r.text) >= 4
            pattern = _forbidden_pattern(r.forms, case_sensitive, ctx.tgt, in_compounds)
            for m in pattern.finditer(target):
                if m.span() in reported or _inside_approved(ctx, seg, source, target, m.span()):
                    continue
                if _in_code(target, m.start(), m.end(), r.text):
                    continue
                reported.add(m.span())
                use = f"; use {concept.approved[0].text!r}" if concept.approved else ""
                yield Finding(
                    seg,
                    "forbidden-term",
                    f"forbidden rendering {m.group(0)!r}{use}",
                    None,
                    m.span(),
                )


@lru_cache(maxsize=4096)
def _forbidden_pattern(
    forms: frozenset[str], case_sensitive: bool, lang: str, in_compounds: bool
) -> re.Pattern[str]:
    """A forbidden term's forms as written; with ``in_compounds`` also inside a word."""
    if not in_compounds:
        return _target_pattern(forms, case_sensitive, lang, False)
    body = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"\w*(?:{body})\w*", 0 if case_sensitive else re.IGNORECASE)


def _inside_approved(
    ctx: _Context, seg: int, source: str, target: str, span: tuple[int, int]
) -> bool:
    """True when a forbidden match lies inside an approved term (e.g. "duty" in "customs duty")."""
    ids = {h.entry_id for h in ctx.all_hits(seg, source)}
    for eid in ids:
        for r in ctx.concepts.get(eid, _Concept()).approved:
            pattern = _target_pattern(r.forms, r.case_sensitive, ctx.tgt, True)
            for m in pattern.finditer(target):
                if m.start() <= span[0] and span[1] <= m.end() and m.span() != span:
                    return True
    return False


def _check_dnt(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    seen: set[int] = set()
    for hit in ctx.source_hits(seg, source):
        if not hit.dnt or hit.entry_id in seen:
            continue
        seen.add(hit.entry_id)
        keep = {hit.source} | ({hit.target} if hit.target else set())
        if any(_name_pattern(k, ctx.tgt).search(target) for k in keep):
            continue
        yield Finding(
            seg,
            "dnt-changed",
            f"do-not-translate term {hit.source!r} is not in the target as written",
            (hit.start, hit.end),
            None,
        )


@lru_cache(maxsize=4096)
def _name_pattern(name: str, lang: str) -> re.Pattern[str]:
    """A do-not-translate name as written, with the target language's genitive; in
    Swedish also as the first part of a hyphenated compound (*Avahi-klient*, *USA:s*)."""
    after = r"(?:['’]s?)?(?![\w-])" if lang != "sv" else r"(?::?s)?(?:-\w[\w-]*)?(?![\w])"
    return re.compile(rf"(?<![\w-]){re.escape(name)}{after}")


def _check_numbers(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    if not target.strip():
        return
    # check_pairs hands over the text with placeholders and tags blanked ({1}, ⟨1⟩).
    for mm in compare_numbers(source, target, ctx.src, ctx.tgt):
        if mm.source and mm.target:
            msg = f"number {mm.source.text!r} became {mm.target.text!r}"
        elif mm.source:
            msg = f"number {mm.source.text!r} is missing from the target"
        else:
            assert mm.target is not None
            msg = f"number {mm.target.text!r} in the target is not in the source"
        yield Finding(seg, "number-mismatch", msg, _span_of(mm.source), _span_of(mm.target))


def _check_placeholders(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    from glossary.qa_inline import mismatch

    for message in mismatch(source, target, "placeholder"):
        yield Finding(seg, "placeholder-mismatch", message)


def _check_tags(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    from glossary.qa_inline import mismatch

    for message in mismatch(source, target, "tag"):
        yield Finding(seg, "tag-mismatch", message)


def _check_untranslated(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    if not source.strip():
        return
    if not target.strip():
        yield Finding(seg, "untranslated", "target is empty", None, None)
        return
    if _norm(source).casefold() != _norm(target).casefold():
        return
    from glossary.qa_words import needs_translation

    hits = ctx.source_hits(seg, source)
    keep = [(h.start, h.end) for h in hits if h.dnt or not ctx.in_scope(h.entry_id)]
    terms = [
        h
        for h in hits
        if not h.dnt
        and ctx.in_scope(h.entry_id)
        and h.target
        and h.target.casefold() != h.text.casefold()
        and not ctx.is_code(h, source)
        and ctx.use(h, source) != CONFLICTS
    ]
    words = [w for w in _words(source, keep) if needs_translation(w, ctx.src, ctx.tgt)]
    if terms or words:
        yield Finding(
            seg,
            "untranslated",
            "target is a copy of the source",
            (0, len(source)),
            (0, len(target)),
            "warning",
        )


def _check_inconsistent(
    ctx: _Context, pairs: Sequence[tuple[str, str]], units: Sequence[str]
) -> Iterable[Finding]:
    """Sources translated differently; the forms of one unit (PO plurals) are one translation.

    The rendering most segments use (the earliest, on a tie) is the reference; each
    segment that deviates from it is reported once, naming the reference segments.
    """
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for i, (source, target) in enumerate(pairs, 1):
        if target.strip() and _WORDISH.search(source):
            groups[_norm(source)].setdefault(units[i - 1], []).append(i)
    for by_unit in groups.values():
        if len(by_unit) < 2:
            continue
        renderings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for members in by_unit.values():
            key = tuple(sorted({_norm(pairs[i - 1][1]) for i in members}))
            renderings[key].extend(members)
        if len(renderings) < 2:
            continue
        reference = max(renderings, key=lambda r: (len(renderings[r]), -min(renderings[r])))
        ref_segs = ", ".join(map(str, renderings[reference]))
        ref_text = " | ".join(map(repr, reference))
        for own, members in renderings.items():
            if own == reference:
                continue
            # Differing only in case, spacing or punctuation is worth a look, no more.
            severity = "info" if _skeleton(own) == _skeleton(reference) else "warning"
            for i in members:
                yield Finding(
                    i,
                    "inconsistent",
                    f"same source translated differently: {ref_text} (segment {ref_segs})",
                    None,
                    (0, len(pairs[i - 1][1])),
                    severity,
                )


def _skeleton(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Renderings reduced to their lower-case words (no case, spacing or punctuation)."""
    return tuple(" ".join(re.findall(r"\w+", t.lower())) for t in texts)


SEGMENT_CHECKS: dict[str, Callable[[_Context, int, str, str], Iterable[Finding]]] = {
    "term-missing": _check_terms,
    "forbidden-term": _check_forbidden,
    "dnt-changed": _check_dnt,
    "number-mismatch": _check_numbers,
    "placeholder-mismatch": _check_placeholders,
    "tag-mismatch": _check_tags,
    "untranslated": _check_untranslated,
}


# --------------------------------------------------------------------------- entry point


def _concepts(entries: Iterable[Entry], src: str, tgt: str) -> tuple[dict[int, _Concept], dict]:
    out: dict[int, _Concept] = {}
    source_terms: dict[int, Term] = {}
    for entry in entries:
        if entry.id is None:
            continue
        concept = _Concept(subject=entry.subject_field)
        for term in entry.terms_in(tgt):
            rendering = _Rendering(term.text, term.case_sensitive, term.pos, _forms(term, tgt))
            if term.status in APPROVED:
                concept.approved.append(rendering)
            elif term.status == "forbidden":
                concept.forbidden.append(rendering)
        for term in entry.terms_in(src):
            if term.id is not None:
                source_terms[term.id] = term
        out[entry.id] = concept
    return out, source_terms


def _entries_of(matcher: Any) -> list[Entry] | None:
    for name in ("entries", "_entries"):
        value = getattr(matcher, name, None)
        if value is not None and not callable(value):
            return list(value)
    return None


def file_subjects(
    pairs: Sequence[tuple[str, str]], ctx: _Context, declared: Iterable[str] | None
) -> set[str] | None:
    """The subject fields that apply (None: all); see :mod:`glossary.qa_scope`."""
    if declared is not None:
        chosen = {s.strip() for s in declared if s and s.strip()}
        return None if ALL in chosen else chosen
    evidence = []
    for i, (source, _) in enumerate(pairs, 1):
        for hit in ctx.source_hits(i, source):
            concept = ctx.concepts.get(hit.entry_id)
            if concept is None or not concept.subject or ctx.is_code(hit, source):
                continue
            if ctx.use(hit, source) == CONFLICTS:
                continue
            term = ctx.source_terms.get(hit.term_id)
            proper = hit.dnt or (term is not None and term.pos == "properNoun")
            evidence.append((hit.entry_id, concept.subject, hit.source, proper))
    sizes = Counter(c.subject for c in ctx.concepts.values() if c.subject)
    return infer_subjects(evidence, len(pairs), ctx.src, sizes)


def subjects_of(
    pairs: Sequence[tuple[str, str]],
    entries: Iterable[Entry],
    src: str = "sv",
    tgt: str = "en",
    matcher: Matcher | None = None,
) -> set[str] | None:
    """The subject fields inferred for a file (see :mod:`glossary.qa_scope`)."""
    entry_list = list(entries)
    if matcher is None:
        from glossary.matcher import TermMatcher

        matcher = TermMatcher(entry_list, src, tgt)
    concepts, source_terms = _concepts(entry_list, src, tgt)
    return file_subjects(pairs, _Context(matcher, concepts, src, tgt, source_terms), None)


def check_pairs(
    pairs: Sequence[tuple[str, str]],
    matcher: Matcher | None = None,
    src: str = "sv",
    tgt: str = "en",
    entries: Iterable[Entry] | None = None,
    checks: Iterable[str] | None = None,
    units: Sequence[str] | None = None,
    subjects: Iterable[str] | None = None,
    ignore: Sequence[Any] = (),
) -> list[Finding]:
    """Run the QA checks over ``pairs``; findings sorted by segment, then check.

    ``matcher`` finds source terms (a :class:`glossary.matcher.TermMatcher`); ``entries``
    are the termbase entries behind it (for synonyms and forbidden renderings). Given
    only ``entries``, a matcher is built from them; given neither, term checks are skipped.
    ``units`` names the unit of each pair (pairs of one unit, such as the plural forms
    of a PO entry, are one translation). ``subjects`` are the subject fields that apply
    (``["all"]`` for every entry, an empty set for entries without a subject only;
    None infers them from the text, see
    :mod:`glossary.qa_scope`). ``ignore`` holds rules from
    :func:`glossary.qa_ignore.read_ignore_list`.
    """
    wanted = list(CHECKS if checks is None else checks)
    unknown = set(wanted) - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown checks: {', '.join(sorted(unknown))}")
    entry_list = list(entries) if entries is not None else None
    if matcher is None and entry_list:
        from glossary.matcher import TermMatcher

        matcher = TermMatcher(entry_list, src, tgt)
    if entry_list is None and matcher is not None:
        entry_list = _entries_of(matcher)
    concepts, source_terms = _concepts(entry_list or [], src, tgt)
    ctx = _Context(matcher, concepts, src, tgt, source_terms)
    if matcher is not None and {"term-missing", "untranslated"} & set(wanted):
        ctx.subjects = file_subjects(pairs, ctx, subjects)
    findings: list[Finding] = []
    # Markup is never a word or a number: every segment check but the markup checks
    # reads the text with placeholders and tags blanked (same offsets). Inconsistency
    # compares whole units as written (a placeholder makes a different message).
    plain = [(mask_markup(source), mask_markup(target)) for source, target in pairs]
    for i, ((source, target), texts) in enumerate(zip(pairs, plain, strict=True), 1):
        if not source.strip() and not target.strip():
            continue
        # An empty target is reported once, as untranslated, not once per term or number.
        for name in (
            wanted if target.strip() else ["untranslated"] if "untranslated" in wanted else []
        ):
            if name in SEGMENT_CHECKS:
                raw = name in ("placeholder-mismatch", "tag-mismatch")
                findings.extend(SEGMENT_CHECKS[name](ctx, i, *((source, target) if raw else texts)))
    if "inconsistent" in wanted:
        unit_ids = list(units) if units is not None else [str(i) for i in range(len(pairs))]
        findings.extend(_check_inconsistent(ctx, pairs, unit_ids))
    if ignore:
        from glossary.qa_ignore import ignored

        findings = [
            f for f in findings if not ignored(list(ignore), f.check, *pairs[f.segment - 1])
        ]
    order = {name: i for i, name in enumerate(CHECKS)}
    findings.sort(key=lambda f: (f.segment, order[f.check]))
    return findings
