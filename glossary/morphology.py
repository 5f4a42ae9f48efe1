"""Swedish term forms: every surface form of a stored term, with grammatical features.

``generate_forms(term)`` is called when a term is stored; the termbase keeps the forms
and the matcher searches them. Rules follow part of speech, gender and declension
(see ``Term.declension`` for hints), with a small irregular table and, where the
rules cannot tell -ar from -er plurals or first from second conjugation, a check of
the candidates against simplemma's Swedish dictionary. English terms (``lang="en"``)
get their regular English inflections from :mod:`glossary.english`.

Feature tags: nouns ("indef"|"def", "sg"|"pl", optional "gen"); adjectives
("sg","common") / ("sg","neut") / ("weak",); verbs ("inf",), ("pres",), ("past",),
("supine",), ("imp",), ("part", ...), ("prespart",), with "pass" for passive forms.
Each surface text appears once, with the features of its first (most basic) reading.

Over 400 lines because it is one rule set for Swedish inflection: the noun, adjective
and verb paradigms share the syllable, syncope, irregular-table and dictionary helpers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from glossary.termtypes import Form, Term

VOWELS = "aeiouyåäöéAEIOUYÅÄÖÉ"

# Nouns whose plural changes the stem vowel: base -> (def sg, indef pl, def pl).
IRREGULAR_NOUNS: dict[str, tuple[str, str, str]] = {
    "man": ("mannen", "män", "männen"),
    "bok": ("boken", "böcker", "böckerna"),
    "fot": ("foten", "fötter", "fötterna"),
    "tand": ("tanden", "tänder", "tänderna"),
    "hand": ("handen", "händer", "händerna"),
    "land": ("landet", "länder", "länderna"),
    "stad": ("staden", "städer", "städerna"),
    "rot": ("roten", "rötter", "rötterna"),
    "natt": ("natten", "nätter", "nätterna"),
    "son": ("sonen", "söner", "sönerna"),
    "bonde": ("bonden", "bönder", "bönderna"),
    "mus": ("musen", "möss", "mössen"),
    "gås": ("gåsen", "gäss", "gässen"),
    "mor": ("modern", "mödrar", "mödrarna"),
    "far": ("fadern", "fäder", "fäderna"),
    "bror": ("brodern", "bröder", "bröderna"),
    "dotter": ("dottern", "döttrar", "döttrarna"),
    "öga": ("ögat", "ögon", "ögonen"),
    "öra": ("örat", "öron", "öronen"),
    "stång": ("stången", "stänger", "stängerna"),
    "strand": ("stranden", "stränder", "stränderna"),
    "brand": ("branden", "bränder", "bränderna"),
    "ledamot": ("ledamoten", "ledamöter", "ledamöterna"),
    "kraft": ("kraften", "krafter", "krafterna"),
}

# Strong and irregular verbs: infinitive -> (present, past, supine, past participle).
IRREGULAR_VERBS: dict[str, tuple[str, str, str, str]] = {
    "vinna": ("vinner", "vann", "vunnit", "vunnen"),
    "skriva": ("skriver", "skrev", "skrivit", "skriven"),
    "driva": ("driver", "drev", "drivit", "driven"),
    "stiga": ("stiger", "steg", "stigit", "stigen"),
    "gripa": ("griper", "grep", "gripit", "gripen"),
    "bryta": ("bryter", "bröt", "brutit", "bruten"),
    "bjuda": ("bjuder", "bjöd", "bjudit", "bjuden"),
    "skjuta": ("skjuter", "sköt", "skjutit", "skjuten"),
    "finna": ("finner", "fann", "funnit", "funnen"),
    "binda": ("binder", "band", "bundit", "bunden"),
    "ta": ("tar", "tog", "tagit", "tagen"),
    "dra": ("drar", "drog", "dragit", "dragen"),
    "slå": ("slår", "slog", "slagit", "slagen"),
    "ge": ("ger", "gav", "gett", "given"),
    "gå": ("går", "gick", "gått", "gången"),
    "få": ("får", "fick", "fått", "fådd"),
    "se": ("ser", "såg", "sett", "sedd"),
    "stå": ("står", "stod", "stått", "stådd"),
    "bli": ("blir", "blev", "blivit", "bliven"),
    "göra": ("gör", "gjorde", "gjort", "gjord"),
    "säga": ("säger", "sade", "sagt", "sagd"),
    "bära": ("bär", "bar", "burit", "buren"),
    "sätta": ("sätter", "satte", "satt", "satt"),
    "lägga": ("lägger", "lade", "lagt", "lagd"),
    "välja": ("väljer", "valde", "valt", "vald"),
    "sälja": ("säljer", "sålde", "sålt", "såld"),
    "komma": ("kommer", "kom", "kommit", "kommen"),
    "hålla": ("håller", "höll", "hållit", "hållen"),
    "föra": ("för", "förde", "fört", "förd"),
    "ligga": ("ligger", "låg", "legat", "legad"),
    "sitta": ("sitter", "satt", "suttit", "sutten"),
}
# Extra common variants of strong verbs (short or old forms).
IRREGULAR_VERB_EXTRA: dict[str, tuple[str, ...]] = {
    "säga": ("sa",),
    "lägga": ("la",),
    "ge": ("givit",),
}
# Verb prefixes and particles under which an irregular verb keeps its forms (överta, förbjuda).
VERB_PREFIXES = (
    "be", "för", "an", "upp", "ut", "in", "över", "under", "av", "till", "fram", "om", "på",
    "sam", "mot", "med", "efter", "åter", "ned", "ner", "bort", "genom", "vid", "miss", "er",
)  # fmt: skip

# Common-gender endings that take the 3rd declension (-er plural).
THIRD_DECLENSION_ENDINGS = (
    "tion", "sion", "het", "ism", "ist", "ör", "ur", "ent", "ant", "ik", "ell", "ess", "at",
    "or", "al", "on", "ens", "ans", "nad", "ad", "i", "é", "graf", "log", "ör", "ier", "är",
)  # fmt: skip
SECOND_DECLENSION_ENDINGS = ("ing", "dom", "lek", "skap")
PREPOSITIONS = {"av", "på", "för", "i", "med", "om", "till", "under", "över", "mot", "från", "vid"}
ARTICLES = {"en", "ett", "den", "det", "de"}
INVARIANT_ADJECTIVES = {"bra", "extra", "gratis", "äkta", "sakta", "stilla", "fel", "slut"}
IRREGULAR_ADJECTIVES: dict[str, tuple[str, str]] = {  # base -> (neuter, weak)
    "liten": ("litet", "lilla"),
    "gammal": ("gammalt", "gamla"),
    "god": ("gott", "goda"),
    "ny": ("nytt", "nya"),
    "blå": ("blått", "blåa"),
    "grå": ("grått", "gråa"),
}


def generate_forms(term: Term) -> list[Form]:
    """All surface forms of ``term`` (including the base form), each with its features."""
    text = " ".join(term.text.split())
    if not text:
        return []
    if term.lang == "en":
        from glossary.english import english_forms

        return english_forms(text, term.pos)
    if term.lang != "sv":
        return [Form(text, ("base",))]
    pos = term.pos or _guess_pos(text)
    if pos == "properNoun":
        pairs = _proper_noun_forms(text)
    elif pos == "noun":
        pairs = _noun_phrase_forms(text, term.gender, term.declension)
    elif pos == "adjective":
        words = text.split(" ")
        pairs = [(" ".join(words[:-1] + [w]), f) for w, f in adjective_forms(words[-1])]
    elif pos == "verb":
        words = text.split(" ")
        pairs = [(" ".join([w] + words[1:]), f) for w, f in verb_forms(words[0], term.declension)]
    else:
        pairs = [(text, ("base",))]
    return _unique(pairs)


def _unique(pairs: list[tuple[str, tuple[str, ...]]]) -> list[Form]:
    seen: set[str] = set()
    out = []
    for text, feats in pairs:
        if text and text not in seen:
            seen.add(text)
            out.append(Form(text, feats))
    return out


def _guess_pos(text: str) -> str:
    last = text.split(" ")[-1]
    if text[:1].isupper() and not _is_abbreviation(last) and " " not in text:
        return "properNoun"
    return "noun"


@lru_cache(maxsize=1 << 16)
def _is_abbreviation(word: str) -> bool:
    """AI, GPU, USA, 5G: endings attach with a colon (AI:s, GPU:n)."""
    core = word.rpartition("-")[2]
    if core.islower():  # the common case: a lowercase letter, so not all capitals
        return core[-1].isdigit()
    letters = [c for c in core if c.isalpha()]
    return bool(core) and (
        (len(letters) >= 2 and all(c.isupper() for c in letters)) or core[-1:].isdigit()
    )


def _genitive(word: str) -> str:
    if _is_abbreviation(word):
        return word + ":s"
    if word[-1:].lower() in ("s", "x", "z"):
        return word
    return word + "s"


# --- proper nouns ---------------------------------------------------------------------


def _proper_noun_forms(text: str) -> list[tuple[str, tuple[str, ...]]]:
    pairs = [(text, ("indef", "sg")), (_genitive(text), ("indef", "sg", "gen"))]
    if len(text) > 2 and text[-2:].isupper() and not _is_abbreviation(text):
        pairs.append((text + ":s", ("indef", "sg", "gen")))  # OpenAI:s
    if text[-1:].lower() in ("s", "x", "z") and not _is_abbreviation(text):
        pairs.append((text + "'", ("indef", "sg", "gen")))
    return pairs


# --- nouns -----------------------------------------------------------------------------


def _noun_phrase_forms(text: str, gender: str | None, hint: str | None):
    words = text.split(" ")
    if len(words) == 1:
        return noun_forms(text, gender, hint)
    head = len(words) - 1
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in PREPOSITIONS:
            head = i - 1
            break
    mods, noun, rest = words[:head], words[head], words[head + 1 :]
    if hint and " " in hint.strip() and "," not in hint:
        # A plural given for the whole phrase ("stora språkmodeller"): the head's own.
        given = hint.split()
        hint = given[head] if len(given) == len(words) else given[-1]
    tail = (" " + " ".join(rest)) if rest else ""
    strong = " ".join(mods)
    weak = " ".join(_modifier_weak(m, gender) for m in mods)
    pairs = []
    for form, feats in noun_forms(noun, gender, hint):
        if rest and "gen" in feats:
            continue  # "bevis på arbete": the genitive goes on the whole phrase (below)
        prefix = strong if feats[:2] == ("indef", "sg") else weak
        pairs.append(((prefix + " " if prefix else "") + form + tail, feats))
    if rest:
        pairs.append((_genitive(text), ("indef", "sg", "gen")))
    if mods and weak != strong:
        # After a genitive or possessive: "Nvidias stora språkmodell".
        base = noun_forms(noun, gender, hint)[0][0]
        pairs.append((weak + " " + base + tail, ("indef", "sg", "weak")))
        if not rest:
            pairs.append((weak + " " + _genitive(base), ("indef", "sg", "weak", "gen")))
    return pairs


def _modifier_weak(word: str, gender: str | None) -> str:
    """The weak (definite/plural) form of a modifier; names and genitives stay as they are."""
    if word[:1].isupper() or _is_abbreviation(word) or word.lower() in ARTICLES:
        return word
    if not any(c.isalpha() for c in word):
        return word
    base = word
    if gender == "neuter" and word.endswith("t") and len(word) > 3:
        base = word[:-2] + "en" if word.endswith("et") and _syllables(word) > 1 else word[:-1]
    weak = [f for f, feats in adjective_forms(base) if feats == ("weak",)]
    return weak[0] if weak else word


def noun_forms(word: str, gender: str | None, hint: str | None = None):
    """Indefinite/definite, singular/plural and genitive forms of one Swedish noun."""
    if _is_abbreviation(word):
        return _abbreviation_forms(word, gender)
    def_sg, pl, def_pl = _noun_paradigm(word, gender, (hint or "").strip())
    pairs: list[tuple[str, tuple[str, ...]]] = [(word, ("indef", "sg"))]
    pairs += [(f, ("def", "sg")) for f in def_sg]
    pairs += [(f, ("indef", "pl")) for f in pl]
    pairs += [(f, ("def", "pl")) for f in def_pl]
    genitives = [(_genitive(f), (*feats, "gen")) for f, feats in pairs]
    # "chips" is a noun of its own (chipsen: the crisps), so it is not read as chip's.
    if is_other_word(word + "s", word) or is_other_word(word + "sen", word):
        genitives = [g for g in genitives if g[0] != word + "s"]
    return pairs + genitives


def _abbreviation_forms(word: str, gender: str | None):
    if gender == "neuter":
        defs, pls = [word + ":t", word + ":et"], [word + ":n"]
    else:
        defs, pls = [word + ":n", word + ":en"], [word + ":er", word + ":ar"]
    pairs: list[tuple[str, tuple[str, ...]]] = [(word, ("indef", "sg"))]
    pairs += [(f, ("def", "sg")) for f in defs]
    pairs += [(f, ("indef", "pl")) for f in pls]
    pairs += [(f + "na", ("def", "pl")) for f in pls if f.endswith("r")]
    pairs += [(f + "s", (*feats, "gen")) if ":" in f else (f + ":s", (*feats, "gen"))
              for f, feats in list(pairs)]  # fmt: skip
    return pairs


def _last_part(word: str) -> tuple[str, str]:
    """Split "AI-chip" into ("AI-", "chip")."""
    i = word.rfind("-")
    return (word[: i + 1], word[i + 1 :]) if i >= 0 else ("", word)


_IRREGULAR_ITEMS = list(IRREGULAR_NOUNS.items())
_IRREGULAR_ORDER = {base: i for i, (base, _) in reversed(list(enumerate(_IRREGULAR_ITEMS)))}
_IRREGULAR_LENGTHS = sorted({len(base) for base in IRREGULAR_NOUNS})


def _irregular(word: str) -> tuple[str, tuple[str, str, str]] | None:
    """An irregular noun at the end of ``word`` (lärobok -> bok); the prefix must be ≥ 3 letters."""
    prefix, part = _last_part(word)
    low = part.lower()
    if low in IRREGULAR_NOUNS:
        return prefix, IRREGULAR_NOUNS[low]
    # The first irregular noun (in the table's order) that ends the word: only the
    # word's endings of the table's key lengths are looked up.
    found = None
    for n in _IRREGULAR_LENGTHS:
        if len(low) - n < 3:
            break
        order = _IRREGULAR_ORDER.get(low[-n:])
        if order is not None and (found is None or order < found):
            found = order
    if found is None:
        return None
    base, forms = _IRREGULAR_ITEMS[found]
    return prefix + part[: len(part) - len(base)], forms


def _noun_paradigm(word: str, gender: str | None, hint: str) -> tuple[list, list, list]:
    """(definite singular, indefinite plural, definite plural) forms."""
    neuter = gender == "neuter"
    if hint.lower() in ("sg", "uncountable", "singular", "nopl"):
        def_sg, _, _ = _noun_paradigm(word, gender, "")
        return def_sg, [], []
    if "," in hint:  # explicit "definite singular, plural[, definite plural]"
        parts = [p.strip() for p in hint.split(",")]
        def_pl = parts[2:3] or [_definite_plural(parts[1], word, neuter)]
        return [parts[0]], [parts[1]], def_pl
    irr = _irregular(word)
    if irr and not hint:
        prefix, (d, p, dp) = irr
        return [prefix + d], [prefix + p], [prefix + dp]
    decl = _declension_from_hint(word, hint, neuter)
    if decl is None:
        decl = _guess_declension(word, neuter)
    plurals = decl if isinstance(decl, list) else _plurals(word, decl)
    def_sg = _definite_singular(word, neuter, decl)
    def_pl = [_definite_plural(p, word, neuter) for p in plurals]
    if neuter and _doubles_consonant(word):
        doubled = word + word[-1]
        def_sg.append(doubled + "et")
        def_pl.append(doubled + "en")
    return def_sg, plurals, def_pl


def definite_singulars(word: str, gender: str | None, hint: str) -> list[str]:
    """The definite singular forms of :func:`_noun_paradigm`; for a declension number
    (1-5) without making the plurals or guessing the declension (grammar inference tries
    every declension of every compound head, and most tries stop here)."""
    if hint not in ("1", "2", "3", "4", "5"):
        return _noun_paradigm(word, gender, hint)[0]
    neuter = gender == "neuter"
    def_sg = _definite_singular(word, neuter, int(hint))
    if neuter and _doubles_consonant(word):
        def_sg.append(word + word[-1] + "et")
    return def_sg


def _declension_from_hint(word: str, hint: str, neuter: bool):
    if not hint:
        return None
    h = hint.lower()
    if h in ("1", "2", "3", "4", "5"):
        return int(h)
    suffixes = {"-or": 1, "-ar": 2, "-er": 3, "-r": 3, "-n": 4, "-": 5, "0": 5, "-0": 5}
    if h in suffixes:
        return suffixes[h]
    if h in ("-s", "s"):
        return [word + "s"]
    return [hint]


def _guess_declension(word: str, neuter: bool) -> int:
    low = word.lower()
    _, part = _last_part(low)
    if neuter:
        if low.endswith(("ium", "eum")):
            return 3
        if low.endswith("i"):
            return 3
        if low[-1] in VOWELS:
            return 4
        return 5
    if low.endswith("a"):
        return 1
    if low.endswith(("are", "ande", "ende", "iker", "meter")):
        return 5
    if low.endswith("else"):
        return 3
    if low.endswith("e"):
        return 2
    if low.endswith(SECOND_DECLENSION_ENDINGS):
        return 2
    if low.endswith(THIRD_DECLENSION_ENDINGS) and _syllables(part) > 1:
        return 3
    if low.endswith(("el", "er", "en")) and _syllables(part) > 1:  # nycklar or regler?
        syncope = _syncope(word)
        return _choose_by_dictionary(word, [(2, syncope + "ar"), (3, syncope + "er")], default=2)
    # -ar or -er? Ask the dictionary about the candidates.
    return _choose_by_dictionary(word, [(2, word + "ar"), (3, word + "er")], default=2)


def _plurals(word: str, decl: int) -> list[str]:
    low = word.lower()
    if decl == 1:
        return [word[:-1] + "or" if low.endswith("a") else word + "or"]
    if decl == 2:
        if low.endswith("e"):
            return [word[:-1] + "ar"]
        if low.endswith(("el", "er", "en")) and _syllables(low) > 1:
            return [_syncope(word) + "ar"]
        return [word + "ar"]
    if decl == 3:
        if low.endswith(("ium", "eum")):
            return [word[:-2] + "er"]
        if low.endswith("e"):
            return [word + "r"]
        if low[-1] in VOWELS and low[-1] != "i" and low[-1] != "é":
            return [word + "r"]
        if low.endswith(("el", "er")) and _syllables(low) > 1 and not low.endswith(("ell", "ör")):
            return [_syncope(word) + "er", word + "er"]
        return [word + "er"]
    if decl == 4:
        return [word + "n"]
    return [word]


def _definite_singular(word: str, neuter: bool, decl) -> list[str]:
    low = word.lower()
    if neuter:
        if low.endswith(("ium", "eum")):
            return [word[:-2] + "et"]
        if low[-1] in VOWELS and not low.endswith("i"):
            return [word + "t"]
        if low.endswith(("el", "er", "en")) and _syllables(low) > 1:
            return [_syncope(word) + "et", word + "et"]
        return [word + "et"]
    if low[-1] in VOWELS:
        return [word + "n"]
    if low.endswith(("el", "er", "or")) and _syllables(low) > 1 and not low.endswith(("ell", "ör")):
        return [word + "n"]  # nyckeln, datorn
    if low.endswith("en") and _syllables(low) > 1 and decl == 2:
        return [_syncope(word) + "en"]
    return [word + "en"]


def _definite_plural(plural: str, word: str, neuter: bool) -> str:
    low = plural.lower()
    if low == word.lower():  # zero plural
        if neuter:
            if low.endswith(("el", "er", "en")) and _syllables(low) > 1:
                return _syncope(word) + "en"
            return word + "en"
        if low.endswith("e"):
            return word[:-1] + "na"  # arbetsgivare -> arbetsgivarna
        if low.endswith("er"):
            return word + "na"
        return word + "en"
    if low.endswith("n"):
        return plural + "a"  # äpplen -> äpplena
    if low.endswith("s"):
        return plural + "en"
    if low.endswith("r"):
        return plural + "na"
    return plural + "en"  # män -> männen (explicit hints)


def _syncope(word: str) -> str:
    """nyckel -> nyckl, fönster -> fönstr, tecken -> teckn (unstressed e drops)."""
    w = word[:-2] + word[-1]
    if len(w) >= 3 and w[-2] == w[-3] and w[-2] in "mn":  # nummer -> numr
        w = w[:-2] + w[-1]
    return w


def _syllables(word: str) -> int:
    return len(re.findall(f"[{VOWELS}]+", word))


def _doubles_consonant(word: str) -> bool:
    """English loans like chip/chippet: one short vowel then one stop consonant."""
    _, part = _last_part(word.lower())
    return bool(re.fullmatch(r"[^aeiouyåäö]*[aeiouy][pbdgkt]", part))


@lru_cache(maxsize=1)
def swedish_dictionary():
    """simplemma's Swedish form -> lemma table (shared with simplemma; loaded once)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    return DEFAULT_DICTIONARY_FACTORY.get_dictionary("sv")


@lru_cache(maxsize=1)
def forms_by_lemma() -> dict[str, frozenset[str]]:
    """simplemma's Swedish table inverted, lemma -> its forms (built once, for an import:
    a form is attested as a form of a lemma by one set lookup, not one per form)."""
    table = swedish_dictionary()
    raw = getattr(table, "_dict", None)  # bytes -> bytes inside simplemma: decode once
    pairs = ((k.decode(), v.decode()) for k, v in raw.items()) if raw else table.items()
    out: dict[str, list[str]] = {}
    for form, lemma in pairs:
        out.setdefault(lemma, []).append(form)
    return {lemma: frozenset(forms) for lemma, forms in out.items()}


@lru_cache(maxsize=1 << 16)
def lexicon_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Every form the lexicon gives as a form of one of ``lemmas``."""
    index = forms_by_lemma()
    return frozenset().union(*(index.get(lemma, ()) for lemma in lemmas))


@lru_cache(maxsize=1 << 18)
def _known(word: str) -> tuple[bool, str | None]:
    """(is the word in simplemma's dictionary, its lemma there)."""
    lemma = swedish_dictionary().get(word.lower())
    return lemma is not None, lemma


def is_other_word(text: str, lemma: str) -> bool:
    """True when simplemma knows ``text`` as a form of a word other than ``lemma`` (chips)."""
    known, found = _known(text)
    return known and found != lemma.lower()


def _choose_by_dictionary(word: str, candidates: list[tuple], default):
    """Pick the candidate whose form simplemma knows as a form of ``word`` (or of its head)."""
    low = word.lower()
    heads = [low]
    for i in range(1, len(low) - 2):  # the longest known head of a compound: källkod -> kod
        if _known(low[i:])[0]:
            heads.append(low[i:])
            break
    for head in heads:
        offset = len(low) - len(head)
        scored = []
        for value, form in candidates:
            known, lemma = _known(form[offset:])
            scored.append((value, known, lemma == head))
        exact = [v for v, _, same in scored if same]
        if len(exact) == 1:
            return exact[0]
        known_only = [v for v, known, _ in scored if known]
        if len(known_only) == 1:
            return known_only[0]
    return default


# --- adjectives ------------------------------------------------------------------------


def adjective_forms(word: str) -> list[tuple[str, tuple[str, ...]]]:
    """Common, neuter and weak (definite/plural) forms of an adjective or participle."""
    low = word.lower()
    base = [(word, ("sg", "common"))]
    if low in IRREGULAR_ADJECTIVES:
        neut, weak = IRREGULAR_ADJECTIVES[low]
        return base + [(neut, ("sg", "neut")), (weak, ("weak",))]
    if low in INVARIANT_ADJECTIVES or low.endswith(("ande", "ende")) or low[-1:] in "ae":
        return base
    syl = _syllables(low)
    if low.endswith("ad") and syl > 1:  # automatiserad, finjusterad
        return base + [(word[:-1] + "t", ("sg", "neut")), (word + "e", ("weak",))]
    if low.endswith("en") and syl > 1:  # öppen, skriven
        return base + [(word[:-1] + "t", ("sg", "neut")), (word[:-2] + "na", ("weak",))]
    if low.endswith(("el", "er")) and syl > 1:  # enkel, vacker
        return base + [(word + "t", ("sg", "neut")), (word[:-2] + word[-1] + "a", ("weak",))]
    if low[-1] in VOWELS:  # fri
        return base + [(word + "tt", ("sg", "neut")), (word + "a", ("weak",))]
    if low.endswith("d"):
        # röd -> rött, känd -> känt
        neut = word[:-1] + ("tt" if len(low) > 1 and low[-2] in VOWELS else "t")
        return base + [(neut, ("sg", "neut")), (word + "a", ("weak",))]
    if low.endswith("t"):
        neut = word + "t" if len(low) > 1 and low[-2] in VOWELS and syl == 1 else word
        return base + [(neut, ("sg", "neut")), (word + "a", ("weak",))]
    if low.endswith(("nn", "mm")):
        return base + [(word[:-1] + "t", ("sg", "neut")), (word + "a", ("weak",))]
    return base + [(word + "t", ("sg", "neut")), (word + "a", ("weak",))]


# --- verbs -----------------------------------------------------------------------------


def verb_forms(word: str, hint: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Active, passive and participle forms of a Swedish verb given in the infinitive."""
    low = word.lower()
    hint = (hint or "").strip().lower()
    irr = _irregular_verb(word)
    if irr and hint not in ("1", "2", "2a", "2b", "3"):
        return _strong_verb_forms(word, *irr)
    if "," in hint:
        pres, past, sup, *part = [p.strip() for p in hint.split(",")]
        return _strong_verb_forms(word, "", (pres, past, sup, part[0] if part else sup))
    if hint in ("1", "2", "2a", "2b", "3"):
        conj = hint
    elif not low.endswith("a"):
        conj = "3"
    elif low.endswith("era"):
        conj = "1"
    else:
        conj = _choose_by_dictionary(
            word, [("1", word + "r"), ("2", word[:-1] + "er")], default="1"
        )
    if conj == "1":
        return _weak_verb(
            word, word + "r", word + "de", word + "t", word + "d", word + "t", word + "de"
        )
    if conj == "3":
        return _weak_verb(
            word, word + "r", word + "dde", word + "tt", word + "dd", word + "tt", word + "dda"
        )
    stem = word[:-1]
    pres = stem if stem.lower().endswith("r") else stem + "er"
    if stem.lower()[-1:] in "kptsx" or conj == "2b":  # köpa -> köpte, köpt
        sup = stem if stem.lower().endswith("tt") else stem + "t"
        past, part, part_n, part_w = stem + "te", sup, sup, stem + "ta"
    elif stem.lower().endswith("d"):  # använda
        past, sup, part, part_n, part_w = (
            stem + "e",
            stem[:-1] + "t",
            stem,
            stem[:-1] + "t",
            stem + "a",
        )
    else:
        short = stem[:-1] if stem.lower().endswith(("mm", "nn")) else stem
        past, sup, part, part_n, part_w = (
            short + "de",
            short + "t",
            short + "d",
            short + "t",
            short + "da",
        )
    return _weak_verb(word, pres, past, sup, part, part_n, part_w)  # fmt: skip


def _passive_present(inf: str, pres: str) -> str:
    """finjusterar -> finjusteras, köper -> köps, läser -> läses, gör -> görs, tar -> tas."""
    if inf.endswith("a") and pres == inf[:-1] + "er":
        stem = inf[:-1]
        return stem + "es" if stem.endswith("s") else stem + "s"
    if pres.endswith("r") and pres[:-1] == inf:
        return inf + "s"
    return pres + "s"


def _weak_verb(inf, pres, past, sup, part, part_n, part_w):
    pass_pres = _passive_present(inf, pres)
    return [
        (inf, ("inf",)),
        (pres, ("pres",)),
        (past, ("past",)),
        (sup, ("supine",)),
        (inf + "s", ("inf", "pass")),
        (pass_pres, ("pres", "pass")),
        (past + "s", ("past", "pass")),
        (sup + "s", ("supine", "pass")),
        (part, ("part", "sg", "common")),
        (part_n, ("part", "sg", "neut")),
        (part_w, ("part", "weak")),
        (inf + "nde" if inf.endswith("a") else inf + "ende", ("prespart",)),
    ]


def _irregular_verb(word: str):
    low = word.lower()
    if low in IRREGULAR_VERBS:
        return "", IRREGULAR_VERBS[low]
    for base, forms in IRREGULAR_VERBS.items():
        if low.endswith(base) and low[: len(low) - len(base)] in VERB_PREFIXES:
            return word[: len(word) - len(base)], forms
    return None


def _strong_verb_forms(word: str, prefix: str, forms: tuple[str, str, str, str]):
    pres, past, sup, part = (prefix + f for f in forms)
    base = word[len(prefix) :].lower()
    pairs: list[tuple[str, tuple[str, ...]]] = [
        (word, ("inf",)),
        (pres, ("pres",)),
        (past, ("past",)),
        (sup, ("supine",)),
    ]
    pairs += [(prefix + x, ("past",)) for x in IRREGULAR_VERB_EXTRA.get(base, ())]
    pairs += [
        (word + "s", ("inf", "pass")),
        (_passive_present(word, pres), ("pres", "pass")),
        (past + "s", ("past", "pass")),
        (sup + "s", ("supine", "pass")),
    ]
    if part.endswith("en"):
        pairs += [
            (part, ("part", "sg", "common")),
            (part[:-1] + "t", ("part", "sg", "neut")),
            (part[:-2] + "na", ("part", "weak")),
        ]
    elif part.endswith("dd"):
        pairs += [
            (part, ("part", "sg", "common")),
            (part[:-2] + "tt", ("part", "sg", "neut")),
            (part + "a", ("part", "weak")),
        ]
    elif part.endswith("d"):
        pairs += [
            (part, ("part", "sg", "common")),
            (part[:-1] + "t", ("part", "sg", "neut")),
            (part + "a", ("part", "weak")),
        ]
    else:
        pairs += [(part, ("part", "sg", "common")), (part + "a", ("part", "weak"))]
    pairs.append((word + "nde" if word.endswith("a") else word + "ende", ("prespart",)))
    return pairs
