"""Glossary-enforced translation: every approved term comes out, in a fitting English form.

:class:`GlossaryTranslator` wraps an :class:`~glossary.engine.Engine` and a
:class:`~glossary.matcher.TermMatcher` and is itself a ``SentenceTranslator``. For the
whole batch of sentences it

1. finds the term hits of every sentence (compound hits are reported, not enforced);
2. translates all sentences in one batched call with an n-best list, attention and the
   forbidden renderings suppressed, plus each term's source form on its own (to learn the
   model's own rendering of it);
3. keeps the best-scoring hypothesis that contains the most required terms (``rerank``);
4. for a sentence still missing a term, finds the model's rendering of it (the term's own
   translation, else attention) and splices the approved form in (``replace``); then, in one
   more batched call, decodes the sentence again with everything up to that term forced as a
   target prefix so the model finishes the sentence around it (``prefix``); the prefix result
   is kept only when it still has every term;
5. removes any forbidden rendering left, and checks every hit: each gets a
   :class:`~glossary.results.TermOutcome` with status ``already``, ``applied`` or ``failed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from glossary.enforce_align import (
    attention_span,
    insertion_point,
    rendering_span,
    source_span,
    word_groups,
)
from glossary.enforce_text import (
    Need,
    contains,
    phrase_pattern,
    replace_spans,
    satisfied,
    splice,
)
from glossary.results import SentenceResult, TermOutcome
from glossary.termtypes import Entry, Hit

CONTINUATION_GROUP = 64  # sentences per continuation call
METHODS = ("model", "rerank", "placeholder", "replace", "prefix", "compound")


@dataclass
class EnforceSettings:
    """How terms are enforced.

    Defaults (measured on tests/data/enforcement with the starter model): n-best rerank, then
    splice the approved form in where the model's rendering is (found by the term's own
    translation, else attention) -- within the 1.3x time budget. ``repair="prefix"`` with
    ``align="rendering"`` adds a forced-prefix continuation: about +1 chrF, ~1.35-1.6x time.

    ``repair``: "prefix" (splice, then let the model finish the sentence after the term),
    "replace" (splice only) or "none" (measure the model alone). ``align``: how the model's
    rendering of a term is found: "rendering" (its translation of the term alone),
    "attention", or "both" (rendering first). ``placeholders`` masks do-not-translate
    terms in the source with ``placeholder`` (``{n}`` is the hit's number).
    """

    num_hypotheses: int = 4
    beam_size: int | None = None  # None: the engine's own beam size
    rerank: bool = True
    repair: str = "replace"
    align: str = "both"
    continuation_beam: int = 1
    # continue after the term in "all" repaired sentences, only where a dropped term was
    # inserted ("insertions"), or where the spot was not found by the term's own rendering
    prefix_for: str = "uncertain"
    suppress: bool = True
    placeholders: bool = False
    placeholder: str = "[{n}]"  # copied intact most often by the starter model (see report)
    enforce_compounds: bool = False


@dataclass
class Requirement:
    """One term hit to enforce in one sentence."""

    hit: Hit
    form: str  # the English form to write, e.g. "the chip war's"
    article: bool
    pattern: re.Pattern[str]  # any regular inflection of the approved target
    forbidden: re.Pattern[str] | None = None
    # the approved renderings as written (and capitalised): a forbidden rendering found
    # inside one of them ("Netherland" in "the Netherlands") is not a forbidden use
    approved: re.Pattern[str] | None = None
    status: str = "failed"
    method: str = "none"
    src_start: int = 0  # offsets in the (maybe masked) source sentence
    src_end: int = 0
    placeholder: str | None = None


@dataclass
class _Job:
    source: str
    masked: str
    requirements: list[Requirement] = field(default_factory=list)
    compounds: list[Hit] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    target: str = ""
    score: float | None = None
    prefix: list[str] | None = None
    tail_words: int = 0  # words after the last spliced term in the replace candidate
    limit: int = 0  # max decoding length of the continuation
    fallback: str = ""
    hyp: list[str] = field(default_factory=list)  # the chosen hypothesis' tokens
    attention: Any = None


def forbidden_renderings(entries: Iterable[Entry], lang: str = "en") -> dict[int, list[str]]:
    """Forbidden ``lang`` terms of each entry: {entry_id: ["data center", ...]}."""
    result: dict[int, list[str]] = {}
    for entry in entries:
        bad = [t.text for t in entry.terms if t.lang == lang and t.status == "forbidden"]
        if bad and entry.id is not None:
            result[entry.id] = bad
    return result


def _pos_lookup(entries: Iterable[Entry], lang: str) -> dict[int, str | None]:
    lookup: dict[int, str | None] = {}
    for entry in entries:
        term = entry.preferred(lang)
        if entry.id is not None:
            lookup[entry.id] = term.pos if term else None
    return lookup


_VERB_FEATURES = {"pres", "past", "supine", "inf", "imp", "pass", "part", "prespart"}


def _guess_pos(features: tuple[str, ...]) -> str:
    if _VERB_FEATURES & set(features):
        return "verb"
    return "noun"


class GlossaryTranslator:
    """A ``SentenceTranslator`` that enforces a termbase on an engine's output."""

    def __init__(
        self,
        engine: Any,
        matcher: Any,
        *,
        forbidden: dict[int, list[str]] | None = None,
        settings: EnforceSettings | None = None,
        entries: Iterable[Entry] | None = None,
    ) -> None:
        self.engine = engine
        self.matcher = matcher
        self.forbidden = forbidden or {}
        self.settings = settings or EnforceSettings()
        src_entries = (
            list(entries) if entries is not None else list(getattr(matcher, "entries", []) or [])
        )
        self._renderings: dict[str, str] = {}  # term text -> the model's translation of it
        self._scrubbers: tuple[Any, list] | None = None  # built on first use
        if entries is None and hasattr(matcher, "target_pos"):
            self._pos = matcher.target_pos  # kept by the matcher (a cached one has no entries)
        else:
            self._pos = _pos_lookup(src_entries, getattr(matcher, "tgt", "en"))

    @classmethod
    def from_entries(
        cls, engine: Any, entries: Iterable[Entry], settings: EnforceSettings | None = None
    ) -> GlossaryTranslator:
        """Build the matcher (for the engine's language pair) and forbidden list from entries."""
        from glossary.matcher import TermMatcher

        entries = list(entries)
        src, tgt = getattr(engine, "from_code", "sv"), getattr(engine, "to_code", "en")
        return cls(
            engine,
            TermMatcher(entries, src=src, tgt=tgt),
            forbidden=forbidden_renderings(entries, tgt),
            settings=settings,
            entries=entries,
        )

    # ------------------------------------------------------------------ requirements
    def _requirement(self, hit: Hit) -> Requirement:
        from glossary.english import english_form, english_variants, needs_article

        features = tuple(hit.features)
        english = getattr(self.engine, "to_code", "en") == "en"
        if hit.dnt:
            base = hit.target or hit.source
            if english:
                genitive, variants = f"{base}'s", [base, f"{base}'s", f"{base}’s"]
            else:  # Swedish: Nvidias, TSMC:s
                genitive = f"{base}:s" if base[-1:].isupper() or base[-1:].isdigit() else f"{base}s"
                variants = [base, genitive]
            form = genitive if "gen" in features else base
            pattern = phrase_pattern(variants, case_sensitive=True)
            approved = set(variants)
            article = False
        elif english:
            target = hit.target or hit.source
            pos = self._pos.get(hit.entry_id) or _guess_pos(features)
            form = english_form(target, features, pos)
            article = bool(needs_article(features)) and pos not in ("verb", "adjective", "adverb")
            # a target written with its article (the Netherlands) always keeps it
            article = article or target.lower().startswith("the ")
            approved = {target, form, *english_variants(target, pos)}
            pattern = phrase_pattern(approved)
        else:  # other target languages: the base form, no inflection rules yet
            form = hit.target or hit.source
            article = False
            approved = {form}
            pattern = phrase_pattern(approved)
        bad = self.forbidden.get(hit.entry_id)
        return Requirement(
            hit=hit,
            form=form,
            article=article,
            pattern=pattern,
            forbidden=_forbidden_pattern(bad, {form, hit.target or "", hit.source})
            if bad
            else None,
            approved=phrase_pattern(_with_capitals(approved), case_sensitive=True) if bad else None,
            src_start=hit.start,
            src_end=hit.end,
        )

    def _prepare(self, sentence: str) -> _Job:
        job = _Job(sentence, sentence)
        for hit in self.matcher.find(sentence):
            if hit.covered:
                continue
            if hit.kind == "compound" and not self.settings.enforce_compounds:
                job.compounds.append(hit)
                continue
            if hit.target is None and not hit.dnt:
                continue
            job.requirements.append(self._requirement(hit))
        job.requirements.sort(key=lambda r: r.src_start)
        if self.settings.placeholders:
            self._mask(job)
        return job

    def _mask(self, job: _Job) -> None:
        """Replace do-not-translate hits in the source with placeholders."""
        text, shift = job.source, 0
        for number, req in enumerate(job.requirements, 1):
            if not req.hit.dnt:
                req.src_start += shift
                req.src_end += shift
                continue
            token = self.settings.placeholder.format(n=number)
            start, end = req.hit.start + shift, req.hit.end + shift
            text = text[:start] + token + text[end:]
            req.placeholder = token
            req.src_start, req.src_end = start, start + len(token)
            shift += len(token) - (req.hit.end - req.hit.start)
        job.masked = text

    # ------------------------------------------------------------------ translation
    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """Translate ``sentences`` in batches, enforcing the termbase; one result each.

        Repeats and long sentences are the front door's job (glossary.translate)."""
        if not sentences:
            return []
        engine, settings = self.engine, self.settings
        filled = [i for i, s in enumerate(sentences) if s.strip()]
        if len(filled) < len(sentences):  # blank sentences translate to nothing
            done = self.translate_sentences([sentences[i] for i in filled]) if filled else []
            out = [SentenceResult(source=s, target="") for s in sentences]
            for i, result in zip(filled, done, strict=True):
                out[i] = result
            return out
        jobs = [self._prepare(s) for s in sentences]
        for job in jobs:
            job.tokens = engine.tokenize(job.masked)

        suppress = self._suppressions(jobs) if settings.suppress else []
        options = self._options(num_hypotheses=settings.num_hypotheses)
        results = self._translate(
            [job.tokens for job in jobs],
            suppress,
            capped=True,
            return_scores=True,
            return_attention=True,
            **options,
        )
        broken = [
            job for job, result in zip(jobs, results, strict=True) if self._choose(job, result)
        ]
        if broken and settings.align in ("rendering", "both"):
            self._render(
                {
                    r.hit.text
                    for job in broken
                    for r in job.requirements
                    if r.status == "failed" and not r.hit.dnt and r.placeholder is None
                }
            )
        for job in broken:
            self._repair(job, job.hyp, job.attention)

        pending = sorted((job for job in jobs if job.prefix is not None), key=lambda j: j.limit)
        # groups of similar length bound, so one runaway sentence cannot hold up the rest
        for first in range(0, len(pending), CONTINUATION_GROUP):
            group = pending[first : first + CONTINUATION_GROUP]
            cont = self._translate(
                [job.tokens for job in group],
                suppress,
                target_prefix=[job.prefix for job in group],
                max_decoding_length=max(job.limit for job in group),
                return_scores=True,
                **self._options(num_hypotheses=1, beam_size=settings.continuation_beam),
            )
            for job, result in zip(group, cont, strict=True):
                self._finish_prefix(job, result)

        return [self._result(job) for job in jobs]

    def _options(self, num_hypotheses: int, beam_size: int | None = None) -> dict[str, Any]:
        options: dict[str, Any] = {"num_hypotheses": max(1, num_hypotheses)}
        beam = beam_size or self.settings.beam_size
        if beam:
            options["beam_size"] = beam
        return options

    def _translate(
        self,
        batch: list[list[str]],
        suppress: list[list[str]],
        capped: bool = False,
        **options: Any,
    ) -> list[Any]:
        """The engine's results for ``batch``; ``capped``: outputs capped by input length
        (the first pass: a repetition loop must not run to the decoding limit)."""
        run = self.engine.translate_capped if capped else self.engine.translate_tokens
        if suppress:
            try:
                return run(batch, suppress_sequences=suppress, **options)
            except ValueError:  # a piece outside the model's vocabulary: scrub afterwards instead
                pass
        return run(batch, **options)

    def _suppressions(self, jobs: list[_Job]) -> list[list[str]]:
        """Token sequences of forbidden renderings to keep out of the first decoding pass.

        A rendering written in a source sentence of the batch is not suppressed: a model
        copies such text (a quote, a name in brackets), and forced off it, it writes
        nonsense ("da kundera center"); it is replaced after decoding instead."""
        seqs: list[list[str]] = []
        seen: set[tuple[str, ...]] = set()
        sources = " ".join(job.source.lower() for job in jobs)
        for job in jobs:
            for req in job.requirements:
                bad_renderings = self.forbidden.get(req.hit.entry_id, [])
                if not bad_renderings:
                    continue
                approved = [
                    self.engine.tokenize(a)
                    for a in _with_capitals({req.form, req.hit.target or req.hit.source})
                ]
                for bad in bad_renderings:
                    if bad.lower() in sources:
                        continue
                    for variant in _with_capitals({bad}):
                        tokens = tuple(self.engine.tokenize(variant))
                        # never suppress a sequence the approved term itself is written with
                        if (
                            not tokens
                            or tokens in seen
                            or any(_within(tokens, a) for a in approved)
                        ):
                            continue
                        seen.add(tokens)
                        seqs.append(list(tokens))
        return seqs

    # ------------------------------------------------------------------ choosing and repairing
    def _needs(self, job: _Job) -> list[Need]:
        counts: dict[int, list[Requirement]] = {}
        for req in job.requirements:
            counts.setdefault(req.hit.entry_id, []).append(req)
        return [
            Need(eid, reqs[0].pattern, len(reqs), len(reqs[0].form)) for eid, reqs in counts.items()
        ]

    def _forbidden_in(self, job: _Job, text: str) -> bool:
        return any(forbidden_spans(text, r) for r in job.requirements)

    def _choose(self, job: _Job, result: Any) -> bool:
        """Pick the hypothesis with most terms; True when it still needs repair."""
        engine, settings = self.engine, self.settings
        hyps = [list(h) for h in result.hypotheses]
        scores = list(getattr(result, "scores", None) or [0.0] * len(hyps))
        attention = [list(a) for a in (getattr(result, "attention", None) or [[] for _ in hyps])]
        marker = getattr(engine, "target_prefix", "")
        for i, hyp in enumerate(hyps):  # drop the package's target prefix token
            if marker and hyp and hyp[0] == marker:
                hyps[i] = hyp[1:]
                attention[i] = attention[i][1:]
        texts = [engine.detokenize(h) for h in hyps]
        needs = self._needs(job)
        total = sum(n.count for n in needs)

        def coverage(text: str) -> int:
            return sum(satisfied(text, needs).values())

        best = 0
        if settings.rerank and len(hyps) > 1:
            best = max(
                range(len(hyps)),
                # a forbidden rendering is replaced later; preferring a hypothesis without
                # one picked worse ones ("data centre (da kundera center)")
                key=lambda i: (coverage(texts[i]), scores[i]),
            )
        job.target, job.score = texts[best], scores[best]
        first = satisfied(texts[0], needs)
        chosen = satisfied(texts[best], needs)
        for req in job.requirements:
            key = req.hit.entry_id
            if req.placeholder is not None or chosen.get(key, 0) <= 0:
                continue
            chosen[key] -= 1
            if first.get(key, 0) > 0:
                first[key] -= 1
                req.status, req.method = "already", "model"
            else:
                req.status, req.method = "applied", "rerank"
        if coverage(job.target) == total and not self._forbidden_in(job, job.target):
            return False
        job.hyp, job.attention = hyps[best], attention[best]
        return settings.repair != "none"

    def _render(self, texts: set[str]) -> None:
        """The model's own translation of each term text alone (cached; short greedy decode)."""
        todo = sorted(t for t in texts if t not in self._renderings)
        if not todo:
            return
        batch = [self.engine.tokenize(t) for t in todo]
        results = self.engine.translate_tokens(
            batch,
            beam_size=1,
            num_hypotheses=1,
            max_decoding_length=max(3 * len(b) + 4 for b in batch),
        )
        for text, result in zip(todo, results, strict=True):
            self._renderings[text] = self.engine.detokenize(result.hypotheses[0])

    def _repair(self, job: _Job, tokens: list[str], attention: Any) -> None:
        engine, settings = self.engine, self.settings
        groups = word_groups(tokens)
        words = [engine.detokenize(tokens[a:b]) for a, b in groups]
        if " ".join(words).split() != job.target.split():
            groups, words = [], job.target.split()  # detokenizer does more than join words
        placed: list[tuple[int, int, Requirement]] = []
        exact = True
        taken: set[int] = set()
        for req in job.requirements:
            if req.status != "failed":
                continue
            span, how = self._locate(job, req, words, groups, attention)
            if span is None:
                continue
            a, b = span
            if how == "placeholder":  # the placeholder's brackets go with it, not around the term
                words[a] = _unmask(words[a], req.placeholder)
            if taken & set(range(a, b)):  # overlaps another term's span: insert after it
                a = b = max(taken) + 1
            if a == b and a in taken:
                a = b = max(taken) + 1
            taken.update(range(a, max(b, a + 1)))
            placed.append((a, b, req))
            exact = exact and how != "replace"  # found by its own rendering or placeholder
            req.method = how.removesuffix(":exact")
        if not placed:
            return
        last_end = -1
        order = {id(req): i for i, (_, _, req) in enumerate(placed)}
        # right to left; at one insertion point the later source term goes in first
        for a, b, req in sorted(placed, key=lambda p: (p[0], order[id(p[2])]), reverse=True):
            before = len(words)
            lookback = 3 if _preposed_article(job.masked, req.src_start) else 1
            plural = "pl" in req.hit.features
            words, end = splice(words, a, b, req.form, req.article, lookback, plural)
            if last_end < 0:
                last_end = end
            else:
                last_end += len(words) - before
            req.status = "applied"
        job.target = job.fallback = " ".join(words)
        wanted = {
            "all": True,
            "insertions": any(a == b for a, b, _ in placed),
            "uncertain": not exact,  # placed by attention or a guess, not by a known rendering
        }[settings.prefix_for]
        if settings.repair == "prefix" and groups and wanted and last_end < len(words):
            prefix_text = " ".join(words[:last_end])
            job.prefix = engine.tokenize(prefix_text)  # the engine adds the package's own prefix
            tail = words[last_end:]
            job.tail_words = len(tail)
            job.limit = len(job.prefix) + int(1.5 * len(engine.tokenize(" ".join(tail)))) + 8
            ceiling = getattr(getattr(engine, "settings", None), "max_decoding_length", 0)
            job.limit = min(job.limit, ceiling) if ceiling else job.limit

    def _locate(
        self,
        job: _Job,
        req: Requirement,
        words: list[str],
        groups: list[tuple[int, int]],
        attention: Any,
    ) -> tuple[tuple[int, int] | None, str]:
        settings = self.settings
        if req.placeholder is not None:
            span = _placeholder_span(words, req.placeholder)
            if span is not None:
                return span, "placeholder"
        rendering = self._renderings.get(req.hit.text)
        if settings.align in ("rendering", "both") and rendering:
            span = rendering_span(words, rendering)
            if span is not None:
                return span, "replace:exact"
        src = source_span(self.engine.tokenize, job.masked, req.src_start, req.src_end)
        if groups and attention and settings.align in ("attention", "both"):
            width = len(req.form.split()) + 2
            span = attention_span(attention, groups, src, width)
            if span is not None:
                return span, "replace"
            point = insertion_point(attention, groups, src)
            return (point, point), "replace"
        # no alignment: put the term where its source sits, proportionally
        ratio = req.src_start / max(1, len(job.masked))
        point = round(ratio * len(words))
        return (point, point), "replace"

    def _finish_prefix(self, job: _Job, result: Any) -> None:
        text = self.engine.detokenize(result.hypotheses[0])
        added = len(text.split()) - len(self.engine.detokenize(job.prefix).split())
        if added > 1.5 * job.tail_words + 4:
            return  # the model ran on (a repetition loop): keep the spliced translation
        needs = self._needs(job)
        if sum(satisfied(text, needs).values()) == sum(
            n.count for n in needs
        ) and not self._forbidden_in(job, text):
            job.target = text
            scores = getattr(result, "scores", None)
            job.score = scores[0] if scores else job.score
            for req in job.requirements:
                if req.method == "replace":
                    req.method = "prefix"

    # ------------------------------------------------------------------ final check
    def _result(self, job: _Job) -> SentenceResult:
        text = job.target
        for req in job.requirements:
            spans = forbidden_spans(text, req)
            if spans:
                text = replace_spans(text, spans, req.form.removeprefix("the "))
                if req.status != "already":
                    req.status, req.method = "applied", "replace"
        text, scrubbed = self._scrub(text, {r.hit.entry_id for r in job.requirements})
        found = satisfied(text, self._needs(job))
        outcomes: list[TermOutcome] = []
        for req in job.requirements:
            key = req.hit.entry_id
            ok = found.get(key, 0) > 0 and not forbidden_spans(text, req)
            if ok:
                found[key] -= 1
            status = (
                req.status if ok and req.status != "failed" else ("applied" if ok else "failed")
            )
            method = req.method if ok else "none"
            if ok and method == "none":
                method = "replace"
            outcomes.append(TermOutcome(req.hit.text, req.form, status, method, req.hit.entry_id))
        for hit in job.compounds:
            target = hit.target or hit.source
            present = contains(text, phrase_pattern([target]))
            outcomes.append(
                TermOutcome(
                    hit.text, target, "already" if present else "failed", "compound", hit.entry_id
                )
            )
        return SentenceResult(
            source=job.source, target=text, score=job.score, terms=outcomes + scrubbed
        )

    def _scrub(self, text: str, handled: set[int]) -> tuple[str, list[TermOutcome]]:
        """``text`` with forbidden renderings of every other entry replaced by its approved
        target, whether or not the entry was found in the source; one outcome per scrub."""
        if self._scrubbers is None:
            self._scrubbers = _scrubbers(self.matcher, self.forbidden)
        combined, scrubbers = self._scrubbers
        if combined is None or not combined.search(text):
            return text, []
        outcomes = []
        for entry_id, target, forbidden, approved in scrubbers:
            if entry_id in handled:
                continue
            inside = [m.span() for m in approved.finditer(text)]
            spans = [
                m.span()
                for m in forbidden.finditer(text)
                if not any(a <= m.start() and m.end() <= b for a, b in inside)
            ]
            if not spans:
                continue
            for a, b in spans:
                outcomes.append(TermOutcome(text[a:b], target, "applied", "scrub", entry_id))
            text = replace_spans(text, spans, target.removeprefix("the "))
        return text, outcomes


def _scrubbers(matcher: Any, forbidden: dict[int, list[str]]) -> tuple[Any, list]:
    """(one pattern of every forbidden rendering, [(entry id, approved target, forbidden
    pattern, approved pattern)]) for the entries that have forbidden renderings."""
    targets: dict[int, str] = {}
    terms = getattr(matcher, "terms", None)
    if forbidden and terms is not None:
        for index, entry_id in enumerate(terms.entry_ids):
            if entry_id in forbidden and entry_id not in targets and terms.has_target[index]:
                targets[entry_id] = terms.text(index)[1]
    scrubbers = []
    for entry_id, bad in sorted(forbidden.items()):
        target = targets.get(entry_id)
        if not target:
            continue
        approved = _with_capitals({target, *_english_variants(target)})
        scrubbers.append(
            (entry_id, target, _forbidden_pattern(bad, {target}), phrase_pattern(approved, True))
        )
    if not scrubbers:
        return None, []
    combined = re.compile("|".join(f"(?:{p.pattern})" for _, _, p, _ in scrubbers))
    return combined, scrubbers


def _english_variants(target: str) -> list[str]:
    from glossary.english import english_variants

    return list(english_variants(target, None))


_PREPOSED = re.compile(r"(?i)(?<!\w)(den|det|de|denna|detta|dessa)\s+(\S+\s+){0,2}$")


def forbidden_spans(text: str, req: Requirement) -> list[tuple[int, int]]:
    """Where ``text`` uses a forbidden rendering of ``req``'s term, outside its approved
    renderings ("Netherlands" inside "The Netherlands" is not a use of "Netherland")."""
    if req.forbidden is None:
        return []
    inside = [m.span() for m in req.approved.finditer(text)] if req.approved else []
    return [
        m.span()
        for m in req.forbidden.finditer(text)
        if not any(a <= m.start() and m.end() <= b for a, b in inside)
    ]


def _with_capitals(forms: Iterable[str]) -> set[str]:
    """``forms`` and each with its first letter capitalised (as at the start of a sentence)."""
    return {f for form in forms if form for f in (form, form[:1].upper() + form[1:])}


def _within(part: tuple[str, ...], whole: list[str]) -> bool:
    """Whether the token sequence ``part`` occurs contiguously in ``whole``."""
    n = len(part)
    return any(tuple(whole[i : i + n]) == part for i in range(len(whole) - n + 1))


def _preposed_article(source: str, start: int) -> bool:
    """Whether a Swedish article precedes the hit (den stora språkmodellen)."""
    return _PREPOSED.search(source[:start]) is not None


def _forbidden_pattern(renderings: list[str], approved: set[str]) -> re.Pattern[str]:
    """Whole-word pattern of forbidden renderings. A rendering that differs from an approved
    form only in case (NVidia for Nvidia) is matched case-sensitively, the others in any case."""
    folded = {a.lower() for a in approved if a}
    exact = [r for r in renderings if r.lower() in folded]
    loose = [r for r in renderings if r.lower() not in folded]
    bare = folded | {re.sub(r"^(the|an?)\s+", "", a) for a in folded}

    def alternation(items: list[str], approved_lower: set[str]) -> str:
        variants = sorted(_forbidden_variants(items, approved_lower), key=len, reverse=True)
        return "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)

    parts = ([f"(?i:{alternation(loose, bare)})"] if loose else []) + (
        [alternation(exact, set())] if exact else []
    )
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


def _forbidden_variants(renderings: list[str], approved_lower: set[str]) -> set[str]:
    """Each rendering with its plural and possessive, except a derived form that is itself
    approved ("Netherland" + s is "Netherlands", as in "the Netherlands")."""
    variants: set[str] = set(renderings)
    for bad in renderings:
        variants.update(
            d for d in (f"{bad}s", f"{bad}es", f"{bad}'s") if d.lower() not in approved_lower
        )
    return variants


def _unmask(word: str, placeholder: str) -> str:
    """``word`` with the placeholder (or what is left of its brackets) turned into a plain
    word, so splicing keeps only the punctuation that was really around it."""
    if placeholder in word:
        return word.replace(placeholder, "w")
    marks = set(re.sub(r"\w", "", placeholder))
    return "".join(ch for ch in word if ch not in marks) or "w"


def _placeholder_span(words: list[str], placeholder: str) -> tuple[int, int] | None:
    """The word holding ``placeholder`` intact, or a mangled copy of it (fuzzy match)."""
    from rapidfuzz import fuzz

    wanted = re.sub(r"\W", "", placeholder)
    best, where = 0.0, None
    for i, word in enumerate(words):
        if placeholder in word:
            return i, i + 1
        score = fuzz.ratio(re.sub(r"\W", "", word), wanted)
        if score > best:
            best, where = score, i
    if where is not None and len(wanted) >= 3 and best >= 70:
        return where, where + 1
    return None
