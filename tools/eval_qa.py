"""Evaluate ``ordbro check`` on professional translations: false alarms and planted errors.

The corpus is Swedish gettext catalogues from Debian (tools/fetch_qa_corpus.py puts
them in tests/data/qa/corpus/{dev,heldout}/). Two measurements:

1. **Findings on the files as shipped** (professional translations, en->sv; read
   backwards they are not professional sv->en work, so sv->en is measured by the
   planted errors only). Every finding is looked up in
   tests/data/qa/corpus/judgments.tsv (a person's verdict: ``true`` = a real problem a
   reviewer would want to see, ``false`` = a false alarm); precision = true / judged.
   Findings not judged yet are listed so they can be judged once, by hand.
2. **Planted errors** in copies of segments that were clean for the check concerned:
   a removed or altered placeholder, a changed number, a copied source sentence, a
   wrong term, a forbidden term, a changed do-not-translate name and a tag mismatch.
   Recall per kind = planted errors reported by the expected check / planted errors.

The termbase is the shipped one plus a small project glossary of software terms
(:func:`software_glossary`, no subject field: it applies to every file).

    python tools/eval_qa.py [--set dev|heldout] [--unjudged] [--baseline FILE.json]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.bilingual import read_po  # noqa: E402
from glossary.qa import _in_code, check_pairs  # noqa: E402
from glossary.qa_inline import _PRINTF  # noqa: E402
from glossary.termtypes import Entry, Term  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "qa" / "corpus"
JUDGMENTS = CORPUS / "judgments.tsv"

# en, sv, pos, gender, Swedish forbidden, English forbidden, wrong Swedish, wrong English
SOFTWARE = [
    ("file", "fil", "noun", "common", "fajl", "fyle", "rad", "row"),
    ("directory", "katalog", "noun", "common", "direktorium", "catalogue", "lista", "list"),
    ("package", "paket", "noun", "neuter", "packe", "packet", "modul", "module"),
    ("archive", "arkiv", "noun", "neuter", "arkif", "archieve", "samling", "set"),
    ("password", "lösenord", "noun", "neuter", "passord", "pass word", "nyckel", "key"),
    ("user", "användare", "noun", "common", "brukare", "utilizer", "person", "person"),
    ("signal", "signal", "noun", "common", "singal", "sygnal", "larm", "alarm"),
]
NAMES = ["GNU", "Debian", "POSIX", "APT", "PackageKit", "Avahi", "GDK-Pixbuf", "UTF-8"]


def software_glossary(first_id: int = 900_000) -> list[Entry]:
    """A project glossary as a translator would keep it: software terms and names."""
    entries, tid = [], first_id
    for i, (en, sv, pos, gender, sv_bad, en_bad, _, _) in enumerate(SOFTWARE):
        eid = first_id + i
        terms = [
            Term(tid, eid, "en", en, pos=pos),
            Term(tid + 1, eid, "sv", sv, pos=pos, gender=gender),
            Term(tid + 2, eid, "sv", sv_bad, pos=pos, status="forbidden"),
            Term(tid + 3, eid, "en", en_bad, pos=pos, status="forbidden"),
        ]
        tid += 4
        entries.append(Entry(eid, glossary="software", terms=terms))
    for j, name in enumerate(NAMES):
        eid = first_id + 100 + j
        terms = [
            Term(tid, eid, "en", name, pos="properNoun", dnt=True, case_sensitive=True),
            Term(tid + 1, eid, "sv", name, pos="properNoun", dnt=True, case_sensitive=True),
        ]
        tid += 2
        entries.append(Entry(eid, glossary="software", terms=terms))
    return entries


def _with_forms(entries: list[Entry]) -> list[Entry]:
    from glossary.morphology import generate_forms

    for entry in entries:
        for term in entry.terms:
            term.forms = generate_forms(term)
    return entries


def load_shipped() -> list[Entry]:
    from glossary.termbase import Termbase, shipped_termbase

    with Termbase.open(shipped_termbase()) as tb:
        return list(tb.entries())


def load_set(name: str) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    out = {}
    for path in sorted((CORPUS / name).glob("*.po")):
        doc = read_po(path)
        out[path.stem] = (doc.pairs, doc.units)
    return out


def key(catalogue: str, direction: str, check: str, source: str, target: str) -> str:
    digest = hashlib.sha1(f"{source}\x00{target}".encode()).hexdigest()[:12]
    return f"{catalogue}\t{direction}\t{check}\t{digest}"


def read_judgments() -> dict[str, str]:
    out = {}
    if JUDGMENTS.exists():
        for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                fields = line.split("\t")
                out["\t".join(fields[:4])] = fields[4]
    return out


def run_files(files, entries, directions=("en-sv",)):
    """Findings per (catalogue, direction) on the files as shipped."""
    results = []
    for direction in directions:
        src, tgt = direction.split("-")
        for catalogue, (pairs, units) in files.items():
            use = pairs if src == "en" else [(t, s) for s, t in pairs]
            for f in check_pairs(use, src=src, tgt=tgt, entries=entries, units=units):
                results.append((catalogue, direction, f, use[f.segment - 1]))
    return results


# --------------------------------------------------------------------------- planting


def _replace_word(text: str, word: str, new: str) -> str | None:
    """``text`` with the first occurrence of ``word`` (any case, also inside a compound)
    replaced by ``new`` in the same case; None when absent."""
    m = re.search(re.escape(word), text, re.IGNORECASE)
    if not m:
        return None
    found = m.group(0)
    new = new.capitalize() if found[:1].isupper() and not found.isupper() else new
    return text[: m.start()] + new + text[m.end() :]


def plant(pairs, src, tgt, rng) -> dict[str, list[tuple[int, str, str]]]:
    """Planted copies per kind: (segment index, source, damaged target)."""
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    en_side = 0 if src == "en" else 1
    for i, (source, target) in enumerate(pairs):
        if not target.strip():
            continue
        phs = [m for m in _PRINTF.finditer(target) if m.group(0) != "%%"]
        if phs:
            m = rng.choice(phs)
            out["placeholder-missing"].append((i, source, target[: m.start()] + target[m.end() :]))
            conv = m.group("conv")
            new = m.group(0)[:-1] + ("d" if conv != "d" else "s")
            out["placeholder-altered"].append(
                (i, source, target[: m.start()] + new + target[m.end() :])
            )
        masked = _PRINTF.sub(lambda m: "_" * len(m.group(0)), target)
        num = re.search(r"(?<![\w.,:])\d+(?![\w.,:]?\d)", masked)
        if num:
            value = str(int(num.group(0)) + 1)
            out["number-changed"].append(
                (i, source, target[: num.start()] + value + target[num.end() :])
            )
        if len(re.findall(r"[^\W\d_]{3,}", source)) >= 4:
            out["copied-source"].append((i, source, source))
        for row in SOFTWARE:
            en, sv, *_, sv_bad, en_bad, sv_wrong, en_wrong = row[:2] + row[4:]
            term_src, term_tgt = (en, sv) if src == "en" else (sv, en)
            bad, wrong = (sv_bad, sv_wrong) if tgt == "sv" else (en_bad, en_wrong)
            # the term as a word of its own (not a metavariable FILE or a compound part)
            ending = "(?:s|'s)?" if src == "en" else "(?:en|et|er|ar|erna|arna|na|n|t|s)?"
            in_src = re.search(rf"\b(?i:{term_src[0]}){term_src[1:]}{ending}\b", source)
            in_tgt = re.search(re.escape(term_tgt), target, re.IGNORECASE)
            if not in_src or not in_tgt:
                continue
            # a term inside an option, identifier or metavariable is code, not a term
            if _in_code(source, *in_src.span(), term_src) or _in_code(
                target, *in_tgt.span(), term_tgt
            ):
                break
            damaged = _replace_word(target, term_tgt, wrong)
            if damaged and re.search(re.escape(term_tgt), damaged, re.I) is None:
                out["wrong-term"].append((i, source, damaged))
            damaged = _replace_word(target, term_tgt, bad)
            if damaged:
                out["forbidden-term"].append((i, source, damaged))
            break
        for name in NAMES:
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", pairs[i][en_side]) and (
                name in target
            ):
                out["dnt-changed"].append((i, source, target.replace(name, name.lower())))
                break
        if len(source.split()) >= 2:
            out["tag-mismatch"].append((i, f"<b>{source}</b>", f"<b>{target}"))
    return out


EXPECTED = {
    "placeholder-missing": "placeholder-mismatch",
    "placeholder-altered": "placeholder-mismatch",
    "number-changed": "number-mismatch",
    "copied-source": "untranslated",
    "wrong-term": "term-missing",
    "forbidden-term": "forbidden-term",
    "dnt-changed": "dnt-changed",
    "tag-mismatch": "tag-mismatch",
}


def planted_recall(files, entries, directions=("en-sv", "sv-en"), limit=200, seed=7):
    """Recall per planted kind and direction, on segments clean for that check before.

    A planted segment is checked alone, with the subject fields inferred for its file.
    """
    from glossary.matcher import TermMatcher
    from glossary.qa import subjects_of

    rng = random.Random(seed)
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for direction in directions:
        src, tgt = direction.split("-")
        matcher = TermMatcher(entries, src, tgt)
        candidates: dict[str, list] = defaultdict(list)
        for pairs, units in files.values():
            use = pairs if src == "en" else [(t, s) for s, t in pairs]
            subjects = subjects_of(use, entries, src, tgt, matcher)
            found = check_pairs(use, matcher, src, tgt, entries, units=units)
            before = {(f.segment - 1, f.check) for f in found}
            for kind, items in plant(use, src, tgt, rng).items():
                for i, source, damaged in items:
                    if (i, EXPECTED[kind]) not in before:
                        candidates[kind].append((subjects, source, damaged))
        for kind, items in candidates.items():
            rng.shuffle(items)
            for subjects, source, damaged in items[:limit]:
                found = check_pairs(
                    [(source, damaged)],
                    matcher,
                    src,
                    tgt,
                    entries,
                    subjects=sorted(subjects) if subjects is not None else ["all"],
                )
                hit = any(f.check == EXPECTED[kind] for f in found)
                tally[(direction, kind)][0] += hit
                tally[(direction, kind)][1] += 1
                if not hit:
                    misses[(direction, kind)].append((source, damaged))
    return tally, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--unjudged", action="store_true", help="print unjudged findings")
    parser.add_argument("--no-plant", action="store_true", help="skip planted errors")
    parser.add_argument("--limit", type=int, default=200, help="planted errors per kind")
    args = parser.parse_args()
    files = load_set(args.set)
    shipped = load_shipped()
    both = shipped + _with_forms(software_glossary())
    judged = read_judgments()
    segments = sum(len(p) for p, _ in files.values())
    print(f"{args.set}: {len(files)} catalogues, {segments} segment pairs")
    baseline = CORPUS / "baseline.tsv"
    if args.set == "dev" and baseline.exists():
        rows = [
            line.split("\t")
            for line in baseline.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        true = sum(row[3] == "true" for row in rows)
        print(
            f"  before the fixes (baseline.tsv), en-sv: {len(rows)} findings "
            f"({len(rows) / segments * 200:.2f} per 200 segments), true {true}, "
            f"false {len(rows) - true}, precision {true / len(rows):.3f}"
        )
    unjudged = []
    for label, entries in (("shipped termbase", shipped), ("shipped + project glossary", both)):
        by_dir: dict[str, Counter] = defaultdict(Counter)
        for catalogue, direction, f, (source, target) in run_files(files, entries):
            verdict = judged.get(key(catalogue, direction, f.check, source, target))
            by_dir[direction][verdict or "unjudged"] += 1
            by_dir[direction][f"{f.check}/{f.severity}"] += 1
            if verdict is None:
                unjudged.append((catalogue, direction, f, source, target))
        for direction, counts in sorted(by_dir.items()):
            total = sum(counts[v] for v in ("true", "false", "unjudged"))
            judged_n = counts["true"] + counts["false"]
            precision = counts["true"] / judged_n if judged_n else float("nan")
            checks = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if "/" in k)
            print(
                f"  {label}, {direction}: {total} findings "
                f"({total / segments * 200:.2f} per 200 segments), true {counts['true']}, "
                f"false {counts['false']}, unjudged {counts['unjudged']}, "
                f"precision {precision:.3f}\n    {checks}"
            )
    if args.unjudged:
        for catalogue, direction, f, source, target in dict.fromkeys(unjudged):
            print(f"{key(catalogue, direction, f.check, source, target)}\t?\t{f.severity}")
            print(f"#   {f.message[:150]}\n#   S: {source[:150]!r}\n#   T: {target[:150]!r}")
    if not args.no_plant:
        tally, misses = planted_recall(files, both, limit=args.limit)
        print("planted errors (recall = reported by the expected check / planted):")
        for (direction, kind), (hit, n) in sorted(tally.items()):
            print(f"  {direction} {kind:20} {hit:4}/{n:<4} recall {hit / n:.3f}")
            for source, damaged in misses[(direction, kind)][:3]:
                print(f"      missed: {source[:70]!r} -> {damaged[:70]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
