"""Quality checks on translated segment pairs, like Xbench or Verifika.

``check_pairs(pairs, matcher)`` runs every check over (source, target) pairs and
returns :class:`Finding` objects with 1-based segment numbers:

- ``term-missing``: a recognised source term whose approved target (any regular
  English inflection) is absent from the target;
- ``forbidden-term``: a forbidden English rendering is present;
- ``dnt-changed``: a do-not-translate term is not in the target verbatim
  (an English genitive is allowed: *Nvidias* -> *Nvidia's*);
- ``number-mismatch``: numbers differ in value (see :mod:`glossary.numbers`);
- ``untranslated``: the target is empty, or equals a source that has words to translate;
- ``inconsistent``: the same source is translated in different ways.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from glossary.numbers import Number, compare_numbers
from glossary.termtypes import Entry, Hit

CHECKS = (
    "term-missing",
    "forbidden-term",
    "dnt-changed",
    "number-mismatch",
    "untranslated",
    "inconsistent",
)
APPROVED = ("preferred", "admitted")


@dataclass(frozen=True)
class Finding:
    """One problem in one segment; spans are character offsets into source and target."""

    segment: int
    check: str
    message: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("source_span", "target_span"):
            d[key] = list(d[key]) if d[key] is not None else None
        return d


class Matcher(Protocol):
    def find(self, text: str) -> list[Hit]: ...


@dataclass
class _Concept:
    """What QA needs from one termbase entry: its approved and forbidden English terms."""

    approved: list[tuple[str, bool, str | None]] = field(default_factory=list)  # text, cs, pos
    forbidden: list[tuple[str, bool, str | None]] = field(default_factory=list)


@dataclass
class _Context:
    matcher: Matcher | None
    concepts: dict[int, _Concept]
    src: str
    tgt: str
    hits: dict[int, list[Hit]] = field(default_factory=dict)

    def all_hits(self, segment: int, source: str) -> list[Hit]:
        """Every term hit in the source, covered and compound ones included."""
        if self.matcher is None:
            return []
        if segment not in self.hits:
            self.hits[segment] = self.matcher.find(source)
        return self.hits[segment]

    def source_hits(self, segment: int, source: str) -> list[Hit]:
        """The term hits that count: those no longer hit spans."""
        return [h for h in self.all_hits(segment, source) if not h.covered]


# --------------------------------------------------------------------------- English forms


def _variants(term: str, pos: str | None = None) -> set[str]:
    """Regular English inflections of ``term``; with no part of speech, noun and verb forms."""
    from glossary.english import english_variants

    if pos is None:
        return english_variants(term) | english_variants(term, "verb") | {term}
    return english_variants(term, pos) | {term}


@lru_cache(maxsize=4096)
def _term_pattern(
    term: str, case_sensitive: bool, pos: str | None = None, verbatim: bool = False
) -> re.Pattern[str]:
    """A word-bounded regex for a term in any of its forms, with an optional genitive."""
    forms = {term} if verbatim else _variants(term, pos)
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(_SEP.pattern.join(map(re.escape, _SEP.split(f))) for f in alts)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body})(?:['’]s?)?(?![\w-])", flags)


# --------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    return " ".join(text.split())


_CODE_CHARS = re.compile(r"[\d_/\\@{}<>=#$%&|~^*+\[\]]")
_CAMEL = re.compile(r"[a-zåäö][A-ZÅÄÖ]")
_URLISH = re.compile(r"\w\.\w")
_SEP = re.compile(r"[\s\u00a0-]+")
_WORDISH = re.compile(r"[^\W\d_]{2,}")


def _translatable_words(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Lower-case words of ``text`` that need translating (not names, numbers or code)."""
    words = []
    for m in re.finditer(r"\S+", text):
        if any(s < m.end() and m.start() < e for s, e in skip):
            continue
        token = m.group(0).strip(".,;:!?\"'()«»”“’‘…")
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
        if hit.dnt or hit.kind == "compound" or hit.entry_id in seen:
            continue
        concept = ctx.concepts.get(hit.entry_id)
        approved = concept.approved if concept else []
        if not approved and hit.target:
            approved = [(hit.target, False, None)]
        if not approved:
            continue
        seen.add(hit.entry_id)
        if any(_term_pattern(text, cs, pos).search(target) for text, cs, pos in approved):
            continue
        yield Finding(
            seg,
            "term-missing",
            f"term {hit.text!r} should be translated as {approved[0][0]!r}",
            (hit.start, hit.end),
            None,
        )


def _check_forbidden(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    """Forbidden renderings of the concepts found in the source, as written in the termbase.

    Only concepts recognised in the source are checked: "crisps" is forbidden for *chip*,
    not in a sentence about *chipsen*. A forbidden term is matched with its own spelling
    (``chip-war`` is not ``chip war``) and, where it differs from an approved term only in
    case (``NVidia``), case-sensitively.
    """
    reported: set[tuple[int, int]] = set()
    for entry_id in dict.fromkeys(h.entry_id for h in ctx.all_hits(seg, source)):
        concept = ctx.concepts.get(entry_id)
        if concept is None or not concept.forbidden:
            continue
        approved = {text.lower() for text, _, _ in concept.approved}
        for text, cs, pos in concept.forbidden:
            pattern = _forbidden_pattern(text, pos, cs or text.lower() in approved)
            for m in pattern.finditer(target):
                if m.span() in reported or _inside_approved(ctx, seg, source, target, m.span()):
                    continue
                reported.add(m.span())
                use = f"; use {concept.approved[0][0]!r}" if concept.approved else ""
                yield Finding(
                    seg,
                    "forbidden-term",
                    f"forbidden rendering {m.group(0)!r}{use}",
                    None,
                    m.span(),
                )


@lru_cache(maxsize=4096)
def _forbidden_pattern(term: str, pos: str | None, case_sensitive: bool) -> re.Pattern[str]:
    forms = sorted(_variants(term, pos), key=len, reverse=True)
    body = "|".join(map(re.escape, forms))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body})(?:['’]s?)?(?![\w-])", flags)


def _inside_approved(
    ctx: _Context, seg: int, source: str, target: str, span: tuple[int, int]
) -> bool:
    """True when a forbidden match lies inside an approved term (e.g. "duty" in "customs duty")."""
    ids = {h.entry_id for h in ctx.all_hits(seg, source)}
    for eid in ids:
        for text, cs, pos in ctx.concepts.get(eid, _Concept()).approved:
            for m in _term_pattern(text, cs, pos).finditer(target):
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
        if any(_term_pattern(k, True, verbatim=True).search(target) for k in keep):
            continue
        yield Finding(
            seg,
            "dnt-changed",
            f"do-not-translate term {hit.source!r} is not in the target as written",
            (hit.start, hit.end),
            None,
        )


def _check_numbers(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    if not target.strip():
        return
    for mm in compare_numbers(source, target, ctx.src, ctx.tgt):
        if mm.source and mm.target:
            msg = f"number {mm.source.text!r} became {mm.target.text!r}"
        elif mm.source:
            msg = f"number {mm.source.text!r} is missing from the target"
        else:
            assert mm.target is not None
            msg = f"number {mm.target.text!r} in the target is not in the source"
        yield Finding(seg, "number-mismatch", msg, _span_of(mm.source), _span_of(mm.target))


def _check_untranslated(ctx: _Context, seg: int, source: str, target: str) -> Iterable[Finding]:
    if not source.strip():
        return
    if not target.strip():
        yield Finding(seg, "untranslated", "target is empty", None, None)
        return
    if _norm(source).casefold() != _norm(target).casefold():
        return
    hits = ctx.source_hits(seg, source)
    dnt_spans = [(h.start, h.end) for h in hits if h.dnt]
    terms = [h for h in hits if not h.dnt and h.target and h.target.casefold() != h.text.casefold()]
    if terms or _translatable_words(source, dnt_spans):
        yield Finding(
            seg,
            "untranslated",
            "target is a copy of the source",
            (0, len(source)),
            (0, len(target)),
        )


def _check_inconsistent(ctx: _Context, pairs: Sequence[tuple[str, str]]) -> Iterable[Finding]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (source, target) in enumerate(pairs, 1):
        if target.strip() and _WORDISH.search(source):
            groups[_norm(source)].append(i)
    for members in groups.values():
        renderings: dict[str, list[int]] = defaultdict(list)
        for i in members:
            renderings[_norm(pairs[i - 1][1])].append(i)
        if len(renderings) < 2:
            continue
        for i in members:
            own = _norm(pairs[i - 1][1])
            others = "; ".join(
                f"{text!r} (segment {', '.join(map(str, segs))})"
                for text, segs in renderings.items()
                if text != own
            )
            yield Finding(
                i,
                "inconsistent",
                f"same source translated differently: {others}",
                None,
                (0, len(pairs[i - 1][1])),
            )


SEGMENT_CHECKS: dict[str, Callable[[_Context, int, str, str], Iterable[Finding]]] = {
    "term-missing": _check_terms,
    "forbidden-term": _check_forbidden,
    "dnt-changed": _check_dnt,
    "number-mismatch": _check_numbers,
    "untranslated": _check_untranslated,
}


# --------------------------------------------------------------------------- entry point


def _concepts(entries: Iterable[Entry], tgt: str) -> dict[int, _Concept]:
    out: dict[int, _Concept] = {}
    for entry in entries:
        if entry.id is None:
            continue
        concept = _Concept()
        for term in entry.terms_in(tgt):
            pair = (term.text, term.case_sensitive, term.pos)
            if term.status in APPROVED:
                concept.approved.append(pair)
            elif term.status == "forbidden":
                concept.forbidden.append(pair)
        out[entry.id] = concept
    return out


def _entries_of(matcher: Any) -> list[Entry] | None:
    for name in ("entries", "_entries"):
        value = getattr(matcher, name, None)
        if value is not None and not callable(value):
            return list(value)
    return None


def check_pairs(
    pairs: Sequence[tuple[str, str]],
    matcher: Matcher | None = None,
    src: str = "sv",
    tgt: str = "en",
    entries: Iterable[Entry] | None = None,
    checks: Iterable[str] | None = None,
) -> list[Finding]:
    """Run the QA checks over ``pairs``; findings sorted by segment, then check.

    ``matcher`` finds source terms (a :class:`glossary.matcher.TermMatcher`); ``entries``
    are the termbase entries behind it (for synonyms and forbidden renderings). Given
    only ``entries``, a matcher is built from them; given neither, term checks are skipped.
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
    concepts = _concepts(entry_list or [], tgt)
    ctx = _Context(matcher, concepts, src, tgt)
    findings: list[Finding] = []
    for i, (source, target) in enumerate(pairs, 1):
        if not source.strip() and not target.strip():
            continue
        # An empty target is reported once, as untranslated, not once per term or number.
        for name in (
            wanted if target.strip() else ["untranslated"] if "untranslated" in wanted else []
        ):
            if name in SEGMENT_CHECKS:
                findings.extend(SEGMENT_CHECKS[name](ctx, i, source, target))
    if "inconsistent" in wanted:
        findings.extend(_check_inconsistent(ctx, pairs))
    order = {name: i for i, name in enumerate(CHECKS)}
    findings.sort(key=lambda f: (f.segment, order[f.check]))
    return findings
