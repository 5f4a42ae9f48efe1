"""Score a starter model only on evaluation sentences that its training text does not hold.

    python tools/rescore_starter_model.py glossary/data/models/translate-sv_en-ordbro-1_0.argosmodel

The corpus is rebuilt in ``--work`` (``apt-get download``, as tools/build_starter_model.py
does). An evaluation pair counts as seen when either side equals or nearly equals (see
``tools.starter.data.contaminated``) any Swedish or English text of the Debian corpus, in
any split (for the help test split: any text outside its documents); the score is given for the unseen pairs and, for comparison, for all of them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.starter import data as corpus  # noqa: E402
from tools.starter import evaluate, package  # noqa: E402

SETS = {
    "software sentences written for ordbro": Path(__file__).parent
    / "starter/software_sentences.tsv",
    "held-out software sentences": Path(__file__).parent / "starter/heldout_software.tsv",
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("package", type=Path, help="the .argosmodel to score")
    p.add_argument("--work", type=Path, default=Path(".work/starter/work"))
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    root = corpus.fetch(args.work, corpus.HELP_PACKAGES + corpus.CATALOGUE_PACKAGES)
    pairs = corpus.help_pairs(root) + corpus.catalogue_pairs(args.work, root)
    seen_text = [t for pair in pairs for t in (pair.sv, pair.en)]
    test = corpus.split(pairs)["test"]
    test_docs = {pair.doc for pair in test}
    outside_test = [t for pair in pairs if pair.doc not in test_docs for t in (pair.sv, pair.en)]
    with tempfile.TemporaryDirectory() as tmp:
        pkg = package.unpack(args.package, Path(tmp))
        src_code = json.loads((pkg / "metadata.json").read_text())["from_code"]
        s, t = (0, 1) if src_code == "sv" else (1, 0)
        report = {}
        sets = {name: (*evaluate.load_tsv(path, 0, 1), seen_text) for name, path in SETS.items()}
        sets["held-out LibreOffice help test split"] = (
            [pair.sv for pair in test],
            [pair.en for pair in test],
            outside_test,
        )
        for name, (sv, en, seen) in sets.items():
            dirty = corpus.contaminated(sv, seen) | corpus.contaminated(en, seen)
            cols = (sv, en)
            src, ref = cols[s], cols[t]
            hyp = evaluate.translate(pkg, src)
            clean = [i for i in range(len(src)) if i not in dirty]
            report[name] = {
                "all": evaluate.score(hyp, ref) | {"sentences": len(src)},
                "unseen": evaluate.score([hyp[i] for i in clean], [ref[i] for i in clean])
                | {"sentences": len(clean)},
            }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
