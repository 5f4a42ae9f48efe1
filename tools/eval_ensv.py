"""Term presence and exact Swedish form of en->sv enforcement on the labelled sets.

    python tools/eval_ensv.py [--model PATH_OR_CODE] [--set labelled|heldout|all]
                              [--terms terms.db] [--show-failures]

Each row of tests/data/ensv/*.tsv is one glossary term in one English sentence with the
Swedish form a translator writes there. A row counts as *present* when any form of the
entry's Swedish term is in the output, and as *exact* when the expected form is (whole
words, any case). Without ``--model`` a tiny copy model (tests/modelfactory.py: it
"translates" each sentence into itself) is built, so the figures measure recognition,
form choice and splicing alone; with a real en->sv model the model's own output is also
scored unaided (``--model`` with enforcement off).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.enforce import EnforceSettings, GlossaryTranslator  # noqa: E402
from glossary.engine import Engine  # noqa: E402
from glossary.matcher import TermMatcher  # noqa: E402
from glossary.swedish_forms import SwedishTerms  # noqa: E402
from glossary.termbase import Termbase  # noqa: E402

DATA = ROOT / "tests" / "data" / "ensv"
SETS = {"labelled": ["labelled.tsv"], "heldout": ["heldout.tsv"]}
SETS["all"] = SETS["labelled"] + SETS["heldout"]


def load_rows(names: list[str]) -> list[dict[str, str]]:
    """The labelled rows of the named files."""
    rows: list[dict[str, str]] = []
    for name in names:
        with open(DATA / name, encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f, delimiter="\t"))
    return rows


def copy_model(folder: Path) -> Path:
    """A tiny en->sv copy-model package (see tests/modelfactory.py)."""
    from tests.modelfactory import build_package

    return build_package(folder / "translate-en_sv-0_1.argosmodel", from_code="en", to_code="sv")


def _words(form: str) -> re.Pattern[str]:
    body = re.escape(form).replace(r"\ ", r"\s+")
    return re.compile(rf"(?i)(?<![\w-]){body}(?![\w-])")


def score(rows, outputs: dict[str, str], matcher, swedish: SwedishTerms, show: bool) -> dict:
    """Share of rows whose term is present in any form, and in the expected form."""
    present = exact = 0
    for row in rows:
        sentence, out = row["sentence"], outputs[row["sentence"]]
        hit = next((h for h in matcher.find(sentence) if h.text == row["term"]), None)
        forms = {row["expected"]}
        if hit is not None:
            target = hit.target or hit.source
            forms |= {target, *(f.text for f in swedish.forms(hit.entry_id, target, None))}
        is_present = any(_words(f).search(out) for f in forms)
        is_exact = bool(_words(row["expected"]).search(out))
        present += is_present
        exact += is_exact
        if show and not is_exact:
            print(f"  want {row['expected']!r:28} ({row['rule']}) in: {out}")
    n = max(1, len(rows))
    return {"rows": len(rows), "present": present / n, "exact": exact / n}


def translate(engine, matcher, terms: Path, sentences: list[str], enforce: bool) -> dict:
    """{sentence: output}, enforced or the model alone."""
    settings = EnforceSettings() if enforce else EnforceSettings(rerank=False, repair="none")
    translator = GlossaryTranslator(
        engine, matcher, forbidden=matcher.forbidden, settings=settings, termbase=terms
    )
    results = translator.translate_sentences(sentences)
    return {s: r.target for s, r in zip(sentences, results, strict=True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="en->sv package path or code (default: a copy model)")
    parser.add_argument("--set", choices=sorted(SETS), default="all")
    parser.add_argument("--terms", default=str(ROOT / "terms.db"))
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    terms = Path(args.terms)
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or str(copy_model(Path(tmp)))
        engine = Engine.load("en", "sv", model=model)
        with Termbase.open(terms) as tb:
            matcher = TermMatcher.from_termbase(tb, src="en", tgt="sv")
        swedish = SwedishTerms(termbase=terms)
        print(f"model: {'copy model' if not args.model else args.model}; termbase: {terms}")
        for name in ["labelled", "heldout"] if args.set == "all" else [args.set]:
            rows = load_rows(SETS[name])
            sentences = list(dict.fromkeys(r["sentence"] for r in rows))
            kinds = [("enforced", True)] + ([("unaided", False)] if args.model else [])
            for kind, enforce in kinds:
                outputs = translate(engine, matcher, terms, sentences, enforce)
                print(f"{name} {kind}:")
                s = score(rows, outputs, matcher, swedish, args.show_failures)
                print(
                    f"{name:9} {kind:9} rows {s['rows']:3}  present {s['present']:.3f}"
                    f"  exact form {s['exact']:.3f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
