"""Term-matching speed: automaton build time and matching throughput with 100,000 terms.

Usage: python benchmarks/matching.py [--terms 100000] [--mb 1.0] [--baseline-kb 4]

Terms are real Swedish lemmas from simplemma's dictionary (nouns with both genders,
verbs, adjectives, two-word terms, names); the text mixes the labelled recognition
sentences with sentences of real Swedish word forms, so most words are term forms (a
worst case for hit density: about one hit per word, most of them compound parts).

A second termbase of 100,000 terms is shaped like a domain termbase (IATE-style): long
nouns, adjective + noun terms and names, no short everyday words. It runs over news-like
text (the labelled sentences repeated), where hits are far sparser (the hit rate per word is printed).

The baseline, in the same process and on the same forms,
is the naive approach: ``str.find`` of every lowercased form with a whole-word check,
on a slice of the text (a regular-expression alternation of all forms was tried too:
compiling it alone took 33 s for 20,000 terms on the 2-core machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.matcher import TermMatcher  # noqa: E402
from glossary.morphology import generate_forms  # noqa: E402
from glossary.termtypes import Entry, Term  # noqa: E402


def swedish_vocabulary() -> tuple[list[str], list[str]]:
    """(lemmas, word forms) from simplemma's Swedish dictionary."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    d = DefaultDictionaryFactory().get_dictionary("sv")
    forms = sorted(k for k in d if k.isalpha() and k.islower())
    lemmas = sorted({v for v in d.values() if v.isalpha() and v.islower() and len(v) >= 3})
    return lemmas, forms


def _entry(entry_id: int, text: str, pos: str, gender: str | None) -> Entry:
    """A Swedish term with a placeholder English one."""
    return Entry(
        entry_id,
        terms=[
            Term(2 * entry_id - 1, entry_id, "sv", text, pos=pos, gender=gender),
            Term(2 * entry_id, entry_id, "en", f"term {entry_id - 1}"),
        ],
    )


def make_entries(lemmas: list[str], n: int, rng: random.Random) -> list[Entry]:
    """``n`` synthetic entries over real lemmas, with a realistic mix of kinds."""
    picked = rng.sample(lemmas, min(n, len(lemmas)))
    entries = []
    for i in range(n):
        word = picked[i % len(picked)]
        r = rng.random()
        if r < 0.08 and word.endswith("a"):
            pos, gender, text = "verb", None, word
        elif r < 0.14:
            pos, gender, text = "adjective", None, word
        elif r < 0.22:
            pos, gender = "noun", "common"
            text = rng.choice(("stor", "öppen", "generativ", "digital", "ny")) + " " + word
        elif r < 0.25:
            pos, gender, text = "properNoun", None, word.capitalize()
        else:
            pos, gender, text = "noun", ("neuter" if rng.random() < 0.25 else "common"), word
        entries.append(_entry(i + 1, text, pos, gender))
    return entries


def make_domain_entries(lemmas: list[str], n: int, rng: random.Random) -> list[Entry]:
    """``n`` entries shaped like a domain termbase: nouns of 7+ letters, adjective + noun
    terms, names (terms of everyday words like "stor" or "ha" are rare in such termbases)."""
    long_ = [w for w in lemmas if len(w) >= 7]
    adjectives = [w for w in lemmas if w.endswith(("isk", "ig", "lig", "al", "ell", "iv"))]
    entries = []
    for i in range(n):
        r = rng.random()
        if r < 0.45:
            pos, text = "noun", rng.choice(adjectives) + " " + rng.choice(long_)
        elif r < 0.95:
            pos, text = "noun", rng.choice(long_)
        else:
            pos, text = "properNoun", rng.choice(long_).capitalize()
        gender = "neuter" if rng.random() < 0.25 else "common"
        entries.append(_entry(i + 1, text, pos, gender))
    return entries


def make_text(forms: list[str], target_bytes: int, rng: random.Random) -> str:
    """Labelled sentences and sentences of dictionary word forms, about ``target_bytes``."""
    from tests.test_matcher import load_sentences

    labelled = [s for s, _ in load_sentences()]
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < 0.5:
            s = rng.choice(labelled)
        else:
            words = rng.choices(forms, k=rng.randint(6, 18))
            s = " ".join(words).capitalize() + "."
        parts.append(s)
        size += len(s.encode("utf-8")) + 1
        if rng.random() < 0.1:
            parts.append("\n")
    return " ".join(parts)


def find_baseline(entries: list[Entry], text: str) -> tuple[float, int]:
    """(seconds, hits) of the naive approach: str.find of every form, whole words only."""
    keys = {f.text.lower() for e in entries for t in e.terms if t.lang == "sv" for f in t.forms}
    t0 = time.process_time()
    low = text.lower()
    hits = 0
    for key in keys:
        i = low.find(key)
        while i >= 0:
            j = i + len(key)
            if (i == 0 or not low[i - 1].isalnum()) and (j == len(low) or not low[j].isalnum()):
                hits += 1
            i = low.find(key, i + 1)
    return time.process_time() - t0, hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=100_000)
    ap.add_argument("--mb", type=float, default=1.0, help="text size in MB")
    ap.add_argument("--baseline-kb", type=float, default=20.0, help="baseline text slice")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    lemmas, forms = swedish_vocabulary()
    entries = make_entries(lemmas, args.terms, rng)
    text = make_text(forms, int(args.mb * 1_000_000), rng)
    mb = len(text.encode("utf-8")) / 1_000_000

    # The news-like text: the labelled sentences repeated to the same size.
    from tests.test_matcher import load_sentences

    news = " ".join(s for s, _ in load_sentences())
    news = " ".join([news] * int(len(text) / len(news) + 1))[: len(text)]

    # The domain termbase first, alone in the process (as a user's termbase would be).
    domain = make_domain_entries(lemmas, args.terms, rng)
    for e in domain:
        for t in e.terms:
            t.forms = generate_forms(t)
    t0 = time.process_time()
    domain_matcher = TermMatcher(domain)
    t_domain_build = time.process_time() - t0
    domain_matcher.find(news[:10_000])
    t0 = time.process_time()
    domain_hits = domain_matcher.find(news)
    ours_domain = len(news.encode("utf-8")) / 1_000_000 / (time.process_time() - t0)
    del domain, domain_matcher

    t0 = time.process_time()
    n_forms = 0
    for e in entries:
        for t in e.terms:
            t.forms = generate_forms(t)
            n_forms += len(t.forms)
    t_forms = time.process_time() - t0

    t0 = time.process_time()
    matcher = TermMatcher(entries)
    t_build = time.process_time() - t0

    matcher.find(text[:10_000])  # warm caches (simplemma for compound checks)
    t0 = time.process_time()
    hits = matcher.find(text)
    t_find = time.process_time() - t0
    ours = mb / t_find

    t0 = time.process_time()
    news_hits = matcher.find(news)
    ours_news = len(news.encode("utf-8")) / 1_000_000 / (time.process_time() - t0)

    nocomp = TermMatcher(entries, include_compounds=False)
    t0 = time.process_time()
    nocomp.find(text)
    ours_nocomp = mb / (time.process_time() - t0)

    slice_ = text[: int(args.baseline_kb * 1000)]
    slice_mb = len(slice_.encode("utf-8")) / 1_000_000
    t_base, _ = find_baseline(entries, slice_)
    baseline = slice_mb / t_base
    t0 = time.process_time()
    matcher.find(slice_)
    ours_slice = slice_mb / (time.process_time() - t0)

    print("CPU times of this process (one core)")
    print(f"terms: {len(entries):,} ({n_forms:,} forms, {matcher.size:,} distinct keys)")
    print(f"text: {mb:.2f} MB, {len(hits):,} hits ({sum(not h.covered for h in hits):,} top)")
    print(f"generate_forms for all terms: {t_forms:.2f} s")
    print(f"automaton build from stored forms: {t_build:.2f} s")
    print(f"matching throughput: {ours:.2f} MB/s (compounds on), {ours_nocomp:.2f} MB/s (off)")
    print(
        f"matching throughput on news-like text: {ours_news:.2f} MB/s "
        f"({len(news_hits) / mb:,.0f} hits per MB, compounds on)"
    )
    print(
        f"domain termbase on news-like text: {ours_domain:.2f} MB/s "
        f"({len(domain_hits) / mb:,.0f} hits per MB, one per {len(news.split()) / len(domain_hits):.1f} "
        f"words; build {t_domain_build:.2f} s)"
    )
    print(
        f"baseline str.find of every form: {baseline:.4f} MB/s on a {args.baseline_kb:g} KB slice"
    )
    print(f"ratio on that slice: {ours_slice / baseline:,.0f}x faster than the baseline")
    print(
        f"targets: build < 10 s: {'OK' if max(t_build, t_domain_build) < 10 else 'MISSED'}; "
        f">= 1 MB/s: {'OK' if ours_domain >= 1 else 'MISSED'} (domain termbase), "
        f"{'OK' if ours >= 1 else 'MISSED'} (worst case)"
    )


if __name__ == "__main__":
    main()
