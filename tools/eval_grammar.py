"""How well a plain glossary (no part of speech, gender or declension) does against an annotated one.

    python tools/eval_grammar.py [--agreement] [--recognition] [--enforcement] [--show N]

With no option, all three run:

- ``--agreement``: every term of the shipped sources (glossary/data/*.tsv) is stored
  twice, as annotated and stripped of pos/gender/declension; per annotated part of
  speech and language: the share of the annotated forms the inference produces, the
  share of extra forms among the inferred ones, and how often the inferred part of
  speech (and, for Swedish nouns, gender) is the annotated one.
- ``--recognition``: precision/recall of the matcher on the labelled sentence sets of
  tests/data/recognition (sentences.tsv, and blind.tsv written after the matcher),
  with the annotated test glossary and with the same glossary stripped of grammar.
- ``--heldout``: the same P/R on tests/data/grammar (a glossary and sentences written
  after the inference was tuned, scored once), annotated vs plain.
- ``--enforcement``: term accuracy after translation with the starter model on
  tests/data/enforcement, the glossary given as the annotated termbase and as a plain
  ``source,target`` CSV imported with ``ordbro terms import`` (no grammar, no flags).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.grammar import generated_forms, infer_entry  # noqa: E402
from glossary.termtypes import Entry, Term  # noqa: E402


def strip(entry: Entry) -> Entry:
    """The entry as a plain glossary gives it: no part of speech, gender or declension."""
    terms = [replace(t, pos=None, gender=None, declension=None, forms=[]) for t in entry.terms]
    return replace(entry, terms=terms)


def forms_of(entry: Entry) -> list[tuple[Term, set[str]]]:
    """Each term with the forms the termbase would store for it."""
    out = []
    for term, readings in zip(entry.terms, infer_entry(entry.terms), strict=True):
        term = replace(term, inferred=readings)
        out.append((term, {f.text for f in generated_forms(term)}))
    return out


def agreement(show: int = 0) -> None:
    """Print the agreement table on the shipped glossary sources."""
    from glossary import paths
    from glossary.termio.source_tsv import read_sources

    rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    misses: list[str] = []
    started = time.perf_counter()
    for entry in read_sources(paths.BUNDLED_DATA):
        annotated = forms_of(entry)
        stripped = forms_of(strip(entry))
        for (term, wanted), (plain, got) in zip(annotated, stripped, strict=True):
            if term.status == "forbidden":
                continue
            row = rows[(term.lang, term.pos or "?")]
            row["terms"] += 1
            row["annotated"] += len(wanted)
            row["produced"] += len(wanted & got)
            row["inferred"] += len(got)
            row["extra"] += len(got - wanted)
            kinds = {r.pos for r in plain.inferred}
            row["pos_first"] += bool(plain.inferred) and plain.inferred[0].pos == term.pos
            row["pos_any"] += term.pos in kinds
            if term.lang == "sv" and term.pos == "noun":
                genders = {r.gender for r in plain.inferred if r.pos == "noun"}
                row["gender_any"] += term.gender in genders
                row["gender_only"] += genders == {term.gender}
            if wanted - got:
                misses.append(
                    f"{term.lang} {term.text} ({term.pos} {term.gender or ''}) inferred "
                    f"{[(r.pos, r.gender, r.declension) for r in plain.inferred]}: "
                    f"missing {sorted(wanted - got)}"
                )
    seconds = time.perf_counter() - started
    print("Agreement on glossary/data/*.tsv (stripped vs annotated), forbidden terms left out")
    print(
        f"{'lang':4} {'pos':10} {'terms':>5} {'produced':>9} {'extra':>7} "
        f"{'pos ok':>7} {'pos any':>7} {'gender ok':>9} {'gender 1':>8}"
    )
    total = Counter()
    for (lang, pos), c in sorted(rows.items()):
        total.update(c)
        gender = (
            f"{c['gender_any'] / c['terms']:9.3f} {c['gender_only'] / c['terms']:8.3f}"
            if lang == "sv" and pos == "noun"
            else f"{'':9} {'':8}"
        )
        print(
            f"{lang:4} {pos:10} {c['terms']:5d} {c['produced'] / c['annotated']:9.3f} "
            f"{c['extra'] / max(1, c['inferred']):7.3f} {c['pos_first'] / c['terms']:7.3f} "
            f"{c['pos_any'] / c['terms']:7.3f} {gender}"
        )
    print(
        f"{'all':15} {total['terms']:5d} {total['produced'] / total['annotated']:9.3f} "
        f"{total['extra'] / max(1, total['inferred']):7.3f} "
        f"{total['pos_first'] / total['terms']:7.3f} {total['pos_any'] / total['terms']:7.3f}"
    )
    print(
        "produced: share of the annotated forms also inferred; extra: share of inferred forms "
        "the annotation lacks;\npos ok: first inferred reading is the annotated part of speech; "
        "pos any: one of them is;\ngender ok: the annotated gender is among the inferred ones; "
        f"gender 1: it is the only one.  ({seconds:.2f} s)"
    )
    for line in misses[:show]:
        print("  " + line)


def _matcher_for(entries: list[Entry]):
    """A matcher over ``entries`` stored in a real termbase file (forms made there)."""
    from glossary.matcher import TermMatcher
    from glossary.termbase import Termbase

    folder = Path(tempfile.mkdtemp(prefix="ordbro-grammar-"))
    with Termbase.open(folder / "terms.db") as tb:
        tb.add_entries([replace(e, id=None) for e in entries])
        return TermMatcher(list(tb.entries()))


def recognition(show: int = 0) -> None:
    """Print P/R of the annotated and the stripped recognition glossary on both sets."""
    from tests.test_matcher import DATA, evaluate, load_glossary, load_sentences

    entries = load_glossary()
    matchers = {
        "annotated": _matcher_for(entries),
        "stripped": _matcher_for([strip(e) for e in entries]),
    }
    print("Recognition (full-word hits; compound hits in brackets)")
    for name in ("sentences.tsv", "blind.tsv"):
        sentences = load_sentences(DATA / name)
        for label, matcher in matchers.items():
            result = evaluate(matcher, sentences)
            w, c = result["word"], result["compound"]
            print(
                f"  {name:14} {label:9}: P {w['precision']:.3f} R {w['recall']:.3f} "
                f"(compound P {c['precision']:.3f} R {c['recall']:.3f})"
            )
            for line in result["errors"][:show]:
                print("     " + line)


def heldout(show: int = 0) -> None:
    """Print P/R of the held-out glossary, annotated and plain, on its own sentences."""
    import csv

    from tests.test_matcher import evaluate, load_sentences

    folder = ROOT / "tests" / "data" / "grammar"
    with open(folder / "heldout_glossary.tsv", encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    entries = []
    for row in csv.DictReader(lines, delimiter="\t"):
        pos, gender = row["pos"] or None, row["gender"] or None
        name = pos == "properNoun"
        entries.append(
            Entry(
                None,
                terms=[
                    Term(None, None, "sv", row["sv"], pos=pos, gender=gender, dnt=name),
                    Term(None, None, "en", row["en"], pos=pos, dnt=name),
                ],
            )
        )
    sentences = load_sentences(folder / "heldout_sentences.tsv")
    print(f"Held-out set: {len(entries)} terms, {len(sentences)} sentences")
    for label, glossary in (("annotated", entries), ("plain", [strip(e) for e in entries])):
        result = evaluate(_matcher_for(glossary), sentences)
        w = result["word"]
        print(f"  {label:9}: P {w['precision']:.3f} R {w['recall']:.3f}")
        for line in result["errors"][:show]:
            print("     " + line)


def enforcement(show: int = 0) -> None:
    """Term accuracy after translation: annotated termbase vs a plain two-column CSV."""
    import csv

    from glossary.enforce import EnforceSettings, GlossaryTranslator
    from glossary.engine import Engine
    from glossary.paths import BUNDLED_MODELS
    from glossary.termbase import Termbase
    from tools.enforce_eval import build_termbase, load_glossary, load_samples, score_terms

    data = ROOT / "tests" / "data" / "enforcement"
    rows = load_glossary(data / "glossary.tsv")
    samples = load_samples(data / "sentences.tsv")
    folder = Path(tempfile.mkdtemp(prefix="ordbro-grammar-enf-"))
    annotated = build_termbase(rows, folder / "annotated")
    plain_csv = folder / "plain.csv"
    with open(plain_csv, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([(r.sv, r.en) for r in rows.values()])
    plain_db = folder / "plain.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary",
            "terms",
            "import",
            str(plain_csv),
            "--terms",
            str(plain_db),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    with Termbase.open(plain_db) as tb:
        plain = list(tb.entries())
    engine = Engine.load(
        "sv", "en", model=str(BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel")
    )
    print(f"Enforcement set: {len(samples)} sentences, starter model, default settings")
    for label, entries in (("annotated termbase", annotated), ("plain two-column CSV", plain)):
        translator = GlossaryTranslator.from_entries(engine, entries, EnforceSettings())
        outputs = [r.target for r in translator.translate_sentences([s.source for s in samples])]
        scores = score_terms(samples, outputs, rows)
        print(
            f"  {label:21}: term accuracy {scores.accuracy:.3f} "
            f"({scores.correct}/{scores.occurrences}), forbidden {scores.forbidden}"
        )
        shown = 0
        for sample, output in zip(samples, outputs, strict=True):
            one = score_terms([sample], [output], rows)
            if one.correct < one.occurrences and shown < show:
                shown += 1
                print(f"     MISS {sample.source}\n          -> {output}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreement", action="store_true")
    parser.add_argument("--recognition", action="store_true")
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--enforcement", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses of each")
    args = parser.parse_args()
    everything = not (args.agreement or args.recognition or args.heldout or args.enforcement)
    if everything or args.agreement:
        agreement(args.show)
    if everything or args.recognition:
        recognition(args.show)
    if everything or args.heldout:
        heldout(args.show)
    if everything or args.enforcement:
        enforcement(args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
