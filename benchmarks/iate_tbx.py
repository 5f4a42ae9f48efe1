"""Write a generated TBX v2 file shaped like an IATE export (for benchmarks/termbase_scale.py).

Usage: python benchmarks/iate_tbx.py OUT.tbx [--concepts 300000] [--seed 7]

Each concept has a subject field, sometimes a definition and a note, one to three Swedish
terms and one to three English terms: long nouns (compounds of real Swedish lemmas from
simplemma's dictionary), adjective + noun terms, names, an occasional deprecated or
admitted synonym. As in IATE, the part of speech is given for about half of the terms and
the gender almost never, so most forms come from inferred grammar.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

FIELDS = (
    "trade policy", "semiconductors", "energy", "agriculture", "law", "finance",
    "environment", "health", "transport", "information technology",
)  # fmt: skip
STATUSES = ("preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts")


def vocabulary(lang: str) -> tuple[list[str], list[str]]:
    """(nouns-ish lemmas of 5+ letters, adjective-looking lemmas) from simplemma."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    d = DefaultDictionaryFactory().get_dictionary(lang)
    lemmas = sorted({v for v in d.values() if v.isalpha() and v.islower() and len(v) >= 5})
    ends = ("isk", "ig", "lig", "al", "ell", "iv") if lang == "sv" else ("al", "ic", "ive", "ous")
    adjectives = [w for w in lemmas if w.endswith(ends)]
    return lemmas, adjectives


def _term(rng: random.Random, lemmas, adjectives, lang: str) -> tuple[str, str | None]:
    """(term text, part of speech or None)."""
    r = rng.random()
    if r < 0.45:  # a long compound noun (Swedish) or a noun compound (English)
        a, b = rng.choice(lemmas), rng.choice(lemmas)
        text = a + b if lang == "sv" else f"{a} {b}"
        return text, "noun"
    if r < 0.80:  # adjective + noun
        return f"{rng.choice(adjectives)} {rng.choice(lemmas)}", "noun"
    if r < 0.92:  # a single long word
        return rng.choice(lemmas), "noun"
    # a name: an organisation, programme or place
    words = [rng.choice(lemmas).capitalize() for _ in range(rng.randint(1, 3))]
    return " ".join(words), "properNoun"


def write(path: Path, concepts: int, seed: int = 7) -> None:
    """Write ``concepts`` concept entries to ``path``."""
    rng = random.Random(seed)
    sv = vocabulary("sv")
    en = vocabulary("en")
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en">\n'
            "<martifHeader><fileDesc><sourceDesc><p>generated, IATE-shaped</p></sourceDesc>"
            "</fileDesc></martifHeader>\n<text><body>\n"
        )
        for i in range(concepts):
            parts = [f'<termEntry id="IATE-{1000000 + i}">']
            parts.append(f'<descrip type="subjectField">{rng.choice(FIELDS)}</descrip>')
            if rng.random() < 0.3:
                parts.append(f"<note>Reviewed {2000 + i % 25}; see concept {i // 7}.</note>")
            for lang, (lemmas, adjectives) in (("sv", sv), ("en", en)):
                parts.append(f'<langSet xml:lang="{lang}">')
                if lang == "en" and rng.random() < 0.2:
                    words = " ".join(rng.choice(lemmas) for _ in range(rng.randint(6, 14)))
                    parts.append(f'<descripGrp><descrip type="definition">{words}</descrip>'
                                 "</descripGrp>")  # fmt: skip
                seen: set[str] = set()
                for n in range(rng.choice((1, 1, 2, 2, 3))):
                    text, pos = _term(rng, lemmas, adjectives, lang)
                    if text in seen:
                        continue
                    seen.add(text)
                    status = STATUSES[0] if n == 0 else rng.choice(STATUSES[1:])
                    notes = f'<termNote type="administrativeStatus">{status}</termNote>'
                    if rng.random() < 0.5:
                        notes = f'<termNote type="partOfSpeech">{pos}</termNote>' + notes
                    parts.append(f"<tig><term>{escape(text)}</term>{notes}</tig>")
                parts.append("</langSet>")
            parts.append("</termEntry>\n")
            out.write("".join(parts))
        out.write("</body></text></martif>\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--concepts", type=int, default=300_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write(args.out, args.concepts, args.seed)


if __name__ == "__main__":
    main()
