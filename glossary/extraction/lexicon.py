"""What the extractor knows about one word: lemma, word class, gender, general frequency.

Swedish words are analysed with simplemma's Swedish dictionary (shared with
:mod:`glossary.morphology`), reading its form -> lemma table both ways: a lemma is a
noun when the dictionary holds its definite or plural forms, an adjective when it
holds its neuter and weak forms, a verb when it holds its present and past. A word the
dictionary does not know is split into a known head and a prefix of at least three
letters (*vindkraftsparkerna* = *vindkrafts* + *parkerna* -> *vindkraftspark*).
General-language frequencies come from wordfreq's lists (offline, in the wheel).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words, pronouns and very general words that never begin or end a term.
SWEDISH_STOP_WORDS = _words(
    """
    och i att det som en på är av för med till den har de inte om ett han men var jag
    sig från vi så kan man när år säger hon under också efter eller nu sin där vid mot
    ska skulle kommer ut får finns vara hade alla andra mycket än här då sedan över bara
    in blir upp även vad få två vill ha många hur mer går sitt du honom någon något
    några utan vilket vilka vilken vars dess deras denna detta dessa dem oss er ert era
    hans hennes min mitt mina din ditt dina vår vårt våra samt eftersom medan innan
    trots dock både varje samma sådan sådant sådana själv själva andra annan annat helt
    redan alltid aldrig ofta ibland därför dessutom samtidigt alltså nämligen ju väl nog
    kanske bland genom inom utanför mellan hos enligt kring runt bakom framför före
    sedan tills via per ej icke bli blev blivit varit gjort gör göra gjorde ta tar tog
    tagit ge ger gav gett kunde kunna måste borde bör behöver dit hit där här var vart
    hur varför vem vems vilket också än ännu mest minst fler flera färre vissa viss
    visst olika hela hel helt del delar sätt fall gång gånger tid dag dagar år åren
    procent exempel första andra tredje fjärde femte sista nästa senaste ungefär nästan
    cirka drygt knappt omkring minst högst bl.a t.ex dvs osv etc
    """
)
ENGLISH_STOP_WORDS = _words(
    """
    a an the and or but if of in on at to for from by with without into onto over under
    about as is are was were be been being am do does did doing have has had having it
    its this that these those there here which who whom whose what when where why how
    not no nor so than too very can could may might must shall should will would i you
    he she we they them their our your his her my me us also only just more most many
    much some any all each every both few other another such same own between through
    during before after above below up down out off again further then once while
    because until than per via
    """
)
# Adjectives too general to make a phrase a term (ny kärnkraft, stora investeringar).
GENERAL_ADJECTIVES = _words(
    """
    ny stor liten hög låg god bra dålig lång kort gammal ung viktig vanlig olik annan
    egen hel svår lätt snabb långsam stark svag fler flera mindre större störst minst
    bäst sämre sämst tidig sen senare vidare vissa viss enda samma stor central möjlig
    nödvändig särskild aktuell hård mjuk tydlig enkel rätt fel full tom öppen bred smal
    tung kall varm billig dyr farlig lämplig riktig verklig ren ful fin vacker glad
    ledsen stolt trygg
    """
)
COMMON_ZIPF = 4.5  # a single word at least this frequent in general language is common
COMMON_ADJECTIVE_ZIPF = 4.9

NOUN_SUFFIXES = ("en", "et", "n", "t", "ar", "er", "or", "na", "arna", "erna", "orna", "ens", "ets")
NOUN_ENDINGS = (
    "ing", "tion", "sion", "het", "else", "skap", "ism", "itet", "ör", "ist", "log", "graf",
    "ment", "ans", "ens", "ik", "ur", "dom", "nad", "syn", "ys", "emi", "in", "id", "ol",
)  # fmt: skip
ADJECTIVE_ENDINGS = ("lig", "isk", "ig", "fri", "lös", "bar", "sam", "iv", "ell", "erad", "ös")
PARTICIPLE_ENDINGS = ("d", "t", "da", "de", "ad", "at", "ade", "ande", "ende", "na")
NON_NOUN_ENDINGS = (
    "ade", "ande", "ende", "iga", "liga", "iska", "ligt", "igt", "erat", "erar", "era", "ast",
    "are", "ast", "vis", "lösa", "fria",
)  # fmt: skip


@dataclass(frozen=True)
class Word:
    """The analysis of one lowercase word form."""

    lemma: str
    noun: bool = False
    adjective: bool = False
    verb: bool = False
    gender: str | None = None  # "common" or "neuter", for nouns
    compound: bool = False  # a known head under a prefix of its own


class Lexicon:
    """Word analysis and general-language frequency for one language ("sv" or "en")."""

    def __init__(self, lang: str = "sv") -> None:
        import wordfreq

        self.lang = lang
        self._freq = wordfreq.get_frequency_dict(lang)
        self.stop_words = SWEDISH_STOP_WORDS if lang == "sv" else ENGLISH_STOP_WORDS
        if lang == "sv":
            from glossary.morphology import swedish_dictionary

            self._dict = swedish_dictionary()
        else:
            from simplemma.strategies.dictionaries.dictionary_factory import (
                DEFAULT_DICTIONARY_FACTORY,
            )

            self._dict = DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
        self.analyse = lru_cache(maxsize=200_000)(self._analyse)

    # -- frequencies ------------------------------------------------------------------------

    def frequency(self, word: str) -> float:
        """General-language frequency (share of all words) of one lowercase word."""
        return self._freq.get(word, 0.0)

    def zipf(self, words: list[str] | tuple[str, ...] | set[str]) -> float:
        """Zipf value (log10 per billion words) of the summed frequency of ``words``."""
        total = sum(self._freq.get(w, 0.0) for w in set(words))
        return math.log10(total * 1e9) if total > 0 else 0.0

    def in_dictionary(self, word: str) -> bool:
        """The lemmatiser's dictionary lists this lowercase form."""
        return self._lemma_of(word) is not None

    def is_stop(self, word: str) -> bool:
        """A function word or one of the most frequent words of the language."""
        return word in self.stop_words or self._freq.get(word, 0.0) >= 3e-4  # zipf 5.5

    # -- analysis ---------------------------------------------------------------------------

    def _lemma_of(self, word: str) -> str | None:
        lemma = self._dict.get(word)
        return lemma if isinstance(lemma, str) else (lemma.decode() if lemma else None)

    def _analyse(self, word: str) -> Word:
        if self.lang != "sv":
            return self._analyse_english(word)
        lemma = self._lemma_of(word)
        if lemma is not None:
            return self._classify(lemma, word)
        prefix, _, last = word.rpartition("-")
        if prefix and len(last) >= 2 and last.isalpha():  # GLP-1-analoger, hjärt-kärlsjukdom
            inner = self.analyse(last)
            return Word(prefix + "-" + inner.lemma, noun=inner.noun, adjective=inner.adjective,
                        verb=inner.verb, gender=inner.gender, compound=True)  # fmt: skip
        if word.endswith(("ade", "ande", "ende")) or (word.endswith("ad") and len(word) > 6):
            base = word[:-1] if word.endswith("ade") else word
            return Word(base, adjective=True)  # an unlisted participle: havsbaserade
        if word.endswith("s") and len(word) > 4:  # genitive of a word the dictionary has
            inner = self._lemma_of(word[:-1])
            if inner is not None:
                return self._classify(inner, word)
        stripped = self._attested_base(word)
        if stripped is not None:
            return Word(stripped, noun=True, gender=self._gender(stripped))
        candidates = [word, word[:-1] if word.endswith("s") else None]
        for ending, base in (("orna", "a"), ("or", "a"), ("arna", "e"), ("ar", "e")):
            if word.endswith(ending):  # dataläckor -> dataläcka, via the head läcka
                candidates.append(word[: -len(ending)] + base)
        for candidate in candidates:
            head = self._known_head(candidate) if candidate else None
            if head is not None:
                i, head_word = head
                return Word(
                    candidate[:i] + head_word.lemma,
                    noun=True,
                    gender=head_word.gender,
                    compound=True,
                )
        noun = not word.endswith(NON_NOUN_ENDINGS) or word.endswith(NOUN_ENDINGS)
        adjective = word.endswith(ADJECTIVE_ENDINGS)
        return Word(word, noun=noun and not adjective, adjective=adjective)

    def _attested_base(self, word: str) -> str | None:
        """``analoger`` -> ``analog``: an inflectional ending off, leaving a listed word."""
        for ending in ("erna", "arna", "orna", "er", "ar", "or", "en", "et", "na"):
            if not word.endswith(ending):
                continue
            base = word[: -len(ending)]
            if len(base) >= 4 and self._freq.get(base, 0) > 3e-8:
                return base
            restored = base[:-1] + "e" + base[-1:]  # sjökablar -> sjökabel
            if len(base) >= 4 and base[-1] in "lnr" and self._freq.get(restored, 0) > 3e-8:
                return restored
        return None

    def _known_head(self, word: str) -> tuple[int, Word] | None:
        """The longest dictionary noun that ends ``word`` after a prefix of 3+ letters."""
        stem = word.rstrip("-")
        for i in range(3, len(stem) - 3):
            part = stem[i:]
            if part[0] == "-":
                continue
            lemma = self._lemma_of(part)
            if lemma is None or len(lemma) < 3 or not self._noun_evidence(lemma):
                continue
            analysed = self._classify(lemma, part)
            if analysed.noun and not analysed.verb:
                return i, analysed
        return None

    def _noun_evidence(self, lemma: str) -> bool:
        """The dictionary holds a definite form of ``lemma`` (sår: såret, såren)."""
        stem = lemma[:-1] if lemma.endswith(("a", "e")) else lemma
        forms = [lemma + s for s in ("en", "et", "n", "t", "arna", "erna", "orna", "na")]
        return any(self._knows(f, lemma) for f in forms + [stem + "orna", stem + "arna"])

    def _knows(self, form: str, lemma: str) -> bool:
        return self._lemma_of(form) == lemma

    def _classify(self, lemma: str, word: str) -> Word:
        vowel_final = lemma[-1:] in "aeiouyåäö"
        verb = lemma.endswith("a") and (
            self._knows(lemma + "r", lemma) or self._knows(lemma[:-1] + "er", lemma)
        )
        stem = lemma[:-1] if lemma.endswith(("a", "e")) else lemma
        # Definite and plural-definite forms: a verb shares none of them (-ar, -t it does).
        suffixes = ("en", "et", "ens", "ets", "arna", "erna", "orna", "na", "n")
        noun_forms = [lemma + s for s in suffixes] + [stem + s for s in ("orna", "arna", "an")]
        if not verb:
            noun_forms += [lemma + s for s in ("ar", "er", "or", "t")] + [stem + "or"]
        noun = any(self._knows(f, lemma) for f in noun_forms)
        if lemma.endswith(("el", "er", "en")):  # nyckel -> nycklar
            short = lemma[:-2] + lemma[-1]
            noun = noun or any(self._knows(short + s, lemma) for s in ("ar", "arna", "et", "en"))
        adjective = (
            (self._knows(lemma + "a", lemma) and self._knows(lemma + "t", lemma))
            or lemma.endswith(("lig", "isk"))
            or (not noun and lemma.endswith(ADJECTIVE_ENDINGS))
            or word in (lemma + "t", lemma + "tt")
            and vowel_final
        )
        verb = lemma.endswith("a") and (
            self._knows(lemma + "r", lemma) or self._knows(lemma[:-1] + "er", lemma)
        )
        if verb and word != lemma and word.endswith(PARTICIPLE_ENDINGS):
            adjective = True  # a participle: inbyggt, havsbaserade, flytande
        if adjective and not noun:
            return Word(lemma, adjective=True, verb=verb)
        gender = self._gender(lemma) if noun else None
        if not (noun or adjective or verb):
            noun = not word.endswith(NON_NOUN_ENDINGS)
            gender = self._gender(lemma) if noun else None
        return Word(lemma, noun=noun, adjective=adjective, verb=verb, gender=gender)

    def _gender(self, lemma: str) -> str:
        """Common unless the dictionary has a neuter definite form and no -ar/-or plural."""
        vowel_final = lemma[-1:] in "aeiouyåäö"
        stem = lemma[:-1] if lemma.endswith(("a", "e")) else lemma
        if self._knows(lemma + "ar", lemma) or self._knows(stem + "or", lemma):
            return "common"
        def_neuter = lemma + ("t" if vowel_final else "et")
        def_common = lemma + ("n" if vowel_final else "en")
        if not self._knows(def_neuter, lemma):
            return "common"
        if self._knows(lemma + "er", lemma) or self._knows(lemma + "r", lemma):
            # -er plurals are both (grunder, priser): the commoner definite form decides.
            return (
                "neuter" if self.frequency(def_neuter) >= self.frequency(def_common) else "common"
            )
        return "neuter"

    def adjective_lemma(self, word: Word, form: str) -> str:
        """The common-gender base form of an adjective or participle (inbyggt -> inbyggd)."""
        if not word.verb or word.lemma == form:
            return word.lemma
        if form.endswith(("ande", "ende")):
            return form
        from glossary.morphology import verb_forms

        for text, feats in verb_forms(word.lemma):
            if feats == ("part", "sg", "common"):
                return text
        return word.lemma

    def _analyse_english(self, word: str) -> Word:
        lemma = self._lemma_of(word) or word
        adjective = lemma.endswith(("al", "ic", "ive", "ous", "ful", "less"))
        verb = word.endswith(("ed", "ing")) and lemma != word
        return Word(lemma, noun=not verb, adjective=adjective, verb=verb)

    # -- agreement --------------------------------------------------------------------------

    def adjective_base(self, lemma: str, gender: str | None) -> str:
        """The adjective form that goes with an indefinite singular noun of ``gender``."""
        if self.lang != "sv" or gender != "neuter":
            return lemma
        from glossary.morphology import adjective_forms

        for form, feats in adjective_forms(lemma):
            if feats == ("sg", "neut"):
                return form
        return lemma
