"""Candidate terms of a text, in base form, ranked by termhood.

The text is split into sentences and words. Each word is a name, an abbreviation, a
stop word, or a word analysed by :class:`~glossary.extraction.lexicon.Lexicon`. The
candidates are nouns (most of them compounds), adjective + noun phrases (*havsbaserad
vindkraft*, whose adjective agrees with the noun: *fossilfritt stål*), noun + number
designations (*typ 2-diabetes*), names (runs of capitalised words, and a capitalised
adjective before a definite noun: *Karolinska institutet*) and abbreviations (GDPR,
HbA1c). Counts are summed over every inflected form. Termhood compares the input's
frequency with the general-language frequency of the same lemma and its forms::

    weirdness = zipf(count / words in input) - zipf(general frequency)
    score     = weirdness * (1 + log2(count))

Stop words, common words (general zipf >= 4.5 for single words), general adjectives
and phrases broken by punctuation are never candidates.

Over 400 lines because the :class:`Extractor` makes one pass over a shared token state
(sentences, analyses, names) to collect every kind of candidate and score it; splitting
the kinds apart would mean passing that state between modules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from glossary.extraction.lexicon import (
    COMMON_ADJECTIVE_ZIPF,
    COMMON_ZIPF,
    GENERAL_ADJECTIVES,
    NOUN_ENDINGS,
    Lexicon,
    Word,
)

KINDS = ("compound", "noun", "adjective+noun", "noun+noun", "name", "abbreviation")
_TOKEN = re.compile(r"[^\W_](?:[\w:'’\-]*[^\W_])?")
_SENTENCE = re.compile(r"[^\n.!?…]*(?:[.!?…]+[\"'”’)]*(?=\s|$)|\n|$)")
_DEFINITE_ENDINGS = ("en", "et", "n", "t", "na", "ena", "ets", "ens")
_EXAMPLE_WIDTH = 120


@dataclass
class Occurrence:
    """Where a candidate occurs: sentence number and character span in the whole input."""

    sentence: int
    start: int
    end: int
    surface: str


@dataclass
class Candidate:
    """One candidate term with its evidence; ``to_dict`` is the documented JSON shape."""

    term: str
    kind: str
    score: float = 0.0
    count: int = 0
    forms: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    target: str | None = None
    target_source: str | None = None
    pos: str | None = None
    gender: str | None = None
    known: bool = False
    entry_id: int | None = None
    occurrences: list[Occurrence] = field(default_factory=list, repr=False)
    # The first sentence holding the term, and the term's span inside it (for the model).
    context: tuple[str, int, int] | None = field(default=None, repr=False)

    @property
    def dnt(self) -> bool:
        """Names and abbreviations are proposed as do-not-translate."""
        return self.kind in ("name", "abbreviation")

    def to_dict(self) -> dict:
        """The JSON object printed by ``ordbro terms extract --json``."""
        return {
            "term": self.term,
            "kind": self.kind,
            "score": round(self.score, 3),
            "count": self.count,
            "forms": self.forms,
            "examples": self.examples,
            "target": self.target,
            "target_source": self.target_source,
            "dnt": self.dnt,
            "pos": self.pos,
            "gender": self.gender,
            "known": self.known,
            "entry_id": self.entry_id,
        }


@dataclass
class _Token:
    text: str
    lower: str
    start: int
    end: int
    initial: bool  # first word of its sentence
    joined: bool  # only spaces between this token and the previous one
    cls: str = "word"  # word | stop | name | abbr | num
    word: Word | None = None


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: list[_Token]


class Extractor:
    """Finds candidate terms in texts of one language (``sv`` or ``en``)."""

    def __init__(self, lang: str = "sv", lexicon: Lexicon | None = None) -> None:
        self.lang = lang
        self.lexicon = lexicon or Lexicon(lang)

    # -- public -----------------------------------------------------------------------------

    def extract(self, text: str) -> list[Candidate]:
        """All candidates of ``text``, best first (targets and termbase not consulted)."""
        sentences = list(self._sentences(text))
        capitalised = {
            t.text for s in sentences for t in s.tokens if not t.initial and t.text[:1].isupper()
        }
        lowercase = {t.lower for s in sentences for t in s.tokens if t.text[:1].islower()}
        for sentence in sentences:
            for tok in sentence.tokens:
                self._classify(tok, capitalised, lowercase)
        found: dict[tuple[str, str], Candidate] = {}
        for number, sentence in enumerate(sentences):
            for term, kind, first, last, extra in self._phrases(sentence.tokens, capitalised):
                cand = found.get((term, kind))
                if cand is None:
                    cand = found[(term, kind)] = Candidate(term, kind, **extra)
                surface = text[sentence.tokens[first].start : sentence.tokens[last].end]
                cand.occurrences.append(
                    Occurrence(
                        number, sentence.tokens[first].start, sentence.tokens[last].end, surface
                    )
                )
        total = max(1, sum(len(s.tokens) for s in sentences))
        out = []
        for cand in found.values():
            if self._score(cand, total):
                self._describe(cand, text, sentences)
                out.append(cand)
        out.sort(key=lambda c: (-c.score, -c.count, c.term))
        return out

    # -- tokens -----------------------------------------------------------------------------

    def _sentences(self, text: str):
        for match in _SENTENCE.finditer(text):
            if match.start() == match.end():
                continue
            tokens: list[_Token] = []
            prev_end = match.start()
            for m in _TOKEN.finditer(text, match.start(), match.end()):
                gap = text[prev_end : m.start()]
                word = m.group().rstrip("'’")
                tokens.append(
                    _Token(
                        word,
                        word.lower(),
                        m.start(),
                        m.start() + len(word),
                        initial=not tokens,
                        joined=bool(tokens) and not gap.strip(),
                    )
                )
                prev_end = m.end()
            if tokens:
                yield _Sentence(match.start(), match.end(), tokens)

    def _classify(self, tok: _Token, capitalised: set[str], lowercase: set[str]) -> None:
        text, lower, lex = tok.text, tok.lower, self.lexicon
        core = text.split(":")[0]
        letters = [c for c in core if c.isalpha()]
        if not letters:
            tok.cls = "num"
            return
        last_part = core.rsplit("-", 1)[-1]
        uppers = sum(c.isupper() for c in core)
        if "-" in core and last_part.isalpha() and last_part.islower() and len(last_part) > 2:
            tok.cls, tok.word = "word", lex.analyse(lower)  # GLP-1-analoger, EU-domstolen
            return
        if uppers >= 2 and (all(c.isupper() for c in letters) or any(c.isdigit() for c in core)):
            tok.cls = "abbr" if len(letters) >= 2 else "num"
            return
        if text[:1].isupper():
            if not tok.initial or (
                text in capitalised and lower not in lowercase and not lex.is_stop(lower)
            ):
                tok.cls = "name"
                return
            # Sentence-initial: a name only when the word is unknown in lowercase, or a
            # compound in the definite form never written in lowercase (Socialstyrelsen).
            analysed = lex.analyse(lower)
            if (
                lower not in lowercase
                and analysed.compound is False
                and analysed.noun
                and analysed.lemma != lower
                and lower.endswith(("en", "et"))
                and lex.frequency(lower) > 0
                and lex.frequency(lower) > 2 * lex.frequency(analysed.lemma)
            ):
                tok.cls = "name"
                return
            if (
                not lex.in_dictionary(lower)
                and lower not in lowercase
                and not lower.endswith(NOUN_ENDINGS)
            ):
                analysed = lex.analyse(lower)
                plain = not (analysed.compound or analysed.adjective or analysed.verb)
                if plain and analysed.lemma == lower:
                    tok.cls = "name"
                    return
        if lex.is_stop(lower):
            tok.cls = "stop"
            return
        tok.cls, tok.word = "word", lex.analyse(lower)

    # -- phrases ----------------------------------------------------------------------------

    def _phrases(self, tokens: list[_Token], capitalised: set[str]):
        """(term, kind, first token, last token, candidate fields) for one sentence."""
        if self.lang == "en":
            yield from self._english_phrases(tokens, capitalised)
        yield from self._swedish_phrases(tokens, capitalised)

    def _english_phrases(self, tokens: list[_Token], capitalised: set[str]):
        """English terms are open compounds: runs of 2-4 content words ending in a noun."""
        i, n = 0, len(tokens)
        while i < n:
            j = i
            while (
                j < n
                and tokens[j].cls == "word"
                and tokens[j].word is not None
                and not tokens[j].word.verb
                and (j == i or tokens[j].joined)
            ):
                j += 1
            for end in range(i + 1, j):
                last = tokens[end]
                if not last.word.noun or _verb_form(last):
                    continue
                for start in range(max(i, end - 3), end):
                    if any(t.lower != t.word.lemma for t in tokens[start:end]):
                        continue  # modifiers of an open compound are not inflected
                    words = [t.lower for t in tokens[start:end]] + [last.word.lemma]
                    first = tokens[start].word
                    kind = "adjective+noun" if first.adjective and not first.noun else "noun+noun"
                    yield " ".join(words), kind, start, end, {"pos": "noun"}
            i = max(j, i + 1)

    def _swedish_phrases(self, tokens: list[_Token], capitalised: set[str]):
        """Compounds, adjective + noun, names and abbreviations (one-word nouns in English)."""
        lex = self.lexicon
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < n and tokens[i + 1].joined else None
            # A capitalised adjective before a definite noun: Karolinska institutet.
            if (
                tok.text[:1].isupper()
                and tok.lower.endswith("a")
                and nxt is not None
                and nxt.cls == "word"
                and nxt.word is not None
                and nxt.word.noun
                and nxt.text.islower()
                and nxt.lower != nxt.word.lemma
                and nxt.lower.endswith(_DEFINITE_ENDINGS)
                and (tok.cls == "name" or lex.analyse(tok.lower).adjective)
            ):
                noun_text = nxt.text[:-1] if nxt.lower.endswith(("ets", "ens")) else nxt.text
                name = f"{tok.text} {noun_text}"
                yield name, "name", i, i + 1, {"pos": "properNoun"}
                i += 2
                continue
            if tok.cls in ("name", "abbr") and nxt is not None and _name_suffixed(nxt):
                name = f"{tok.text} {nxt.text.rsplit('-', 1)[0]}"  # Schrems II-domen
                yield name, "name", i, i + 1, {"pos": "properNoun"}
                i += 2
                continue
            if (
                nxt is not None
                and nxt.text[:1].isdigit()
                and nxt.cls == "word"
                and tok.text.isalpha()
                and (tok.text.islower() or (tok.initial and tok.text[1:].islower()))
                and nxt.word is not None
            ):  # typ 2-diabetes
                term = f"{tok.lower} {_cased(nxt, nxt.word.lemma)}"
                yield term, "noun+noun", i, i + 1, _noun_fields(nxt.word)
                i += 2
                continue
            if tok.cls in ("name", "abbr"):
                j = i
                while j + 1 < n and tokens[j + 1].joined and tokens[j + 1].cls in ("name", "abbr"):
                    j += 1
                parts = [t.text for t in tokens[i : j + 1]]
                parts[-1] = _strip_genitive(parts[-1], capitalised)
                kind = "abbreviation" if (j == i and tok.cls == "abbr") else "name"
                if j > i or len(parts[0]) > 1:
                    yield " ".join(parts), kind, i, j, {"pos": "properNoun"}
                i = j + 1
                continue
            if tok.cls == "word" and tok.word is not None:
                word = tok.word
                noun_next = (
                    nxt is not None
                    and nxt.cls == "word"
                    and nxt.word is not None
                    and nxt.word.noun
                    and not (nxt.word.adjective and not nxt.word.gender)
                )
                if (
                    word.adjective
                    and noun_next
                    and self.lang == "sv"
                    and self._specific_adjective(tok)
                ):
                    adj = lex.adjective_lemma(word, tok.lower)
                    noun = nxt.word
                    term = f"{lex.adjective_base(adj, noun.gender)} {_cased(nxt, noun.lemma)}"
                    yield term, "adjective+noun", i, i + 1, _noun_fields(noun)
                modifier = word.adjective and noun_next and self.lang == "sv"
                if word.noun and not modifier and not _verb_form(tok):
                    lemma = _cased(tok, word.lemma)
                    if (len(lemma) > 2 and lemma.replace("-", "").isalpha() or "-" in lemma) and (
                        not lemma[:1].isdigit()
                    ):
                        kind = "compound" if self._is_compound(word) else "noun"
                        yield lemma, kind, i, i, _noun_fields(word)
            i += 1

    def _specific_adjective(self, tok: _Token) -> bool:
        word = tok.word
        if word is None:
            return False
        lemma = self.lexicon.adjective_lemma(word, tok.lower)
        if lemma in GENERAL_ADJECTIVES or word.lemma in GENERAL_ADJECTIVES:
            return False
        return self.lexicon.zipf([lemma, tok.lower]) < COMMON_ADJECTIVE_ZIPF

    def _is_compound(self, word: Word) -> bool:
        if word.compound or "-" in word.lemma:
            return True
        return len(word.lemma) >= 8 and self.lexicon.zipf([word.lemma]) < 3.5

    # -- scoring ----------------------------------------------------------------------------

    def _score(self, cand: Candidate, total_words: int) -> bool:
        """Set ``cand.score``; False when the candidate is a common word or no term."""
        lex = self.lexicon
        forms = Counter(o.surface if cand.dnt else o.surface.lower() for o in cand.occurrences)
        cand.count = sum(forms.values())
        cand.forms = [f for f, _ in forms.most_common()]
        lowered = {f.lower() for f in forms} | {cand.term.lower()}
        if cand.kind in ("adjective+noun", "noun+noun"):
            parts = [w.lower() for w in cand.term.split(" ")]
            zipfs = [
                lex.zipf({p} | {f.split(" ")[k] for f in lowered if f.count(" ") == 1})
                for k, p in enumerate(parts)
            ]
            general = _harmonic_zipf(zipfs)
        elif " " in cand.term:
            general = _harmonic_zipf([lex.zipf([w.lower()]) for w in cand.term.split(" ")])
        else:
            general = lex.zipf(lowered)
            if cand.kind in ("noun", "compound") and general >= COMMON_ZIPF:
                return False
        if cand.kind == "name" and (lex.is_stop(cand.term.lower()) or general >= 5.5):
            return False
        observed = math.log10(cand.count / total_words * 1e9)
        weirdness = observed - general
        if weirdness <= 0:
            return False
        cand.score = weirdness * (1 + math.log2(cand.count))
        return True

    def _describe(self, cand: Candidate, text: str, sentences: list[_Sentence]) -> None:
        seen: set[int] = set()
        for occ in cand.occurrences:
            if occ.sentence in seen:
                continue
            seen.add(occ.sentence)
            sentence = sentences[occ.sentence]
            if cand.context is None:
                cut = text[sentence.start : sentence.end]
                cand.context = (cut, occ.start - sentence.start, occ.end - sentence.start)
            cand.examples.append(_snippet(text, sentence.start, sentence.end, occ.start, occ.end))
            if len(cand.examples) == 2:
                break


def _name_suffixed(tok: _Token) -> bool:
    """II-domen after Schrems: a capitalised part, a hyphen and a lowercase word."""
    head, _, tail = tok.text.rpartition("-")
    return bool(head) and head[:1].isupper() and tail.islower() and head.isupper() is not False


def _verb_form(tok: _Token) -> bool:
    """A finite verb or participle form of a word that is also a noun (råkat, undersöker)."""
    word = tok.word
    return bool(
        word
        and word.verb
        and tok.lower != word.lemma
        and tok.lower.endswith(("r", "de", "te", "t", "at", "it", "s", "dd", "tt"))
    )


def _noun_fields(word: Word) -> dict:
    return {"pos": "noun", "gender": word.gender}


def _cased(tok: _Token, lemma: str) -> str:
    """The lemma with the capitals of the token's unchanged prefix (GLP-1-analog)."""
    out = []
    for i, ch in enumerate(lemma):
        if i < len(tok.text) and tok.lower[i] == ch and (tok.text[i].isupper() and "-" in lemma):
            out.append(tok.text[i])
        else:
            out.append(ch)
    cased = "".join(out)
    if "-" in cased and cased.split("-")[0].isupper():
        return cased
    return cased if any(c.isupper() for c in cased[1:]) else lemma


def _strip_genitive(word: str, known) -> str:
    """Nvidias -> Nvidia when Nvidia occurs on its own; GPU:s -> GPU."""
    if ":" in word:
        return word.split(":")[0]
    if word.endswith(("'", "’")):
        return word[:-1]
    if word.endswith("s") and word[:-1] in known:
        return word[:-1]
    return word


def _harmonic_zipf(zipfs: list[float]) -> float:
    """wordfreq's estimate for a phrase: 1 / sum(1 / frequency of each word)."""
    if not zipfs or min(zipfs) <= 0:
        return 0.0
    inverse = sum(1 / 10 ** (z - 9) for z in zipfs)
    return math.log10(1 / inverse * 1e9)


def _snippet(text: str, s_start: int, s_end: int, start: int, end: int) -> str:
    """The sentence around [start, end), cut to about 120 characters with ellipses."""
    sentence = text[s_start:s_end].strip()
    offset = s_start + (len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip()))
    if len(sentence) <= _EXAMPLE_WIDTH:
        return " ".join(sentence.split())
    mid = (start + end) // 2 - offset
    left = max(0, mid - _EXAMPLE_WIDTH // 2)
    right = min(len(sentence), left + _EXAMPLE_WIDTH)
    left = max(0, right - _EXAMPLE_WIDTH)
    piece = sentence[left:right]
    if left > 0:
        piece = "…" + piece.split(" ", 1)[-1]
    if right < len(sentence):
        piece = piece.rsplit(" ", 1)[0] + "…"
    return " ".join(piece.split())
