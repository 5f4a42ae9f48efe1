"""Batch overhead: a folder of mixed files against the same segments as one plain text.

    python benchmarks/batch.py [--files 1000] [--ms-per-sentence 5] [--model PATH]
    python benchmarks/batch.py --big-mb 100      # stream one large text file, report peak RSS

Both runs use the same translator in the same process: a deterministic one that upper-
cases and waits ``--ms-per-sentence`` per sentence (standing in for the engine's cost), or a
real model with ``--model``. The baseline gives every segment of every file to
``glossary.translate.Translator.translate_texts`` as one plain text; the batch run reads, translates
(batched across files), records each segment in a fresh translation memory and writes
every file. The difference is the overhead of formats and bookkeeping (target <= 15%).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_VOCABULARY = (
    "företaget kunderna halvledare fabriken regeringen marknaden tekniken priset dokumentet "
    "servrar minne leverantören året veckan processorer kiselskivor exporten licensen "
    "säljer köper bygger visar ökar minskar sparar öppnar stänger behöver använder skickar "
    "nya gamla stora små snabba viktiga billiga dyra svenska globala många flera alla"
)
WORDS = _VOCABULARY.split()
KINDS = ("txt", "md", "html", "srt", "po", "xlf", "docx")


class CostTranslator:
    """Upper-cases each sentence after waiting ``seconds`` per sentence (a stand-in engine)."""

    from_code, to_code = "sv", "en"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sentences = 0

    def translate_sentences(self, sentences):
        from glossary.results import SentenceResult

        self.sentences += len(sentences)
        if self.seconds:
            time.sleep(self.seconds * len(sentences))
        return [SentenceResult(source=s, target=s.upper()) for s in sentences]


def sentence(rng: random.Random, serial: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return f"{words[0].capitalize()} {' '.join(words[1:])} {serial}."


def make_file(path: Path, kind: str, rng: random.Random, serial: list[int]) -> None:
    def s() -> str:
        serial[0] += 1
        return sentence(rng, serial[0])

    n = rng.randint(4, 12)
    if kind == "txt":
        path.write_text("\n\n".join(s() for _ in range(n)) + "\n", encoding="utf-8")
    elif kind == "md":
        body = [f"# {s()}"] + [
            f"- {s()} Se `kod` och [länk](https://example.org)." for _ in range(n)
        ]
        path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    elif kind == "html":
        items = "".join(f"<p>{s()} Med <b>fet</b> text.</p>\n" for _ in range(n))
        path.write_text(f"<!DOCTYPE html><html><head><title>{s()}</title></head><body>\n"
                        f"{items}</body></html>\n", encoding="utf-8")  # fmt: skip
    elif kind == "srt":
        cues = [f"{i + 1}\n00:00:{i:02},000 --> 00:00:{i:02},900\n{s()}\n" for i in range(n)]
        path.write_text("\n".join(cues), encoding="utf-8")
    elif kind == "po":
        entries = "".join(f'\nmsgid "{s()}"\nmsgstr ""\n' for _ in range(n))
        path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                        + entries, encoding="utf-8")  # fmt: skip
    elif kind == "xlf":
        units = "".join(
            f'<trans-unit id="{i}"><source>{s()}</source></trans-unit>\n' for i in range(n)
        )
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="sv" '
            f'datatype="plaintext" original="x"><body>\n{units}</body></file></xliff>\n',
            encoding="utf-8",
        )
    else:
        import docx

        d = docx.Document()
        for _ in range(n):
            p = d.add_paragraph(s() + " ")
            p.add_run("Fet").bold = True
            p.add_run(" text.")
        d.save(path)


def make_folder(root: Path, files: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    serial = [0]
    for i in range(files):
        kind = KINDS[i % len(KINDS)]
        folder = root / f"group{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        make_file(folder / f"file{i:04}.{kind}", kind, rng, serial)


def overhead(args) -> None:
    from glossary import batch, formats
    from glossary.translate import Translator

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        t0 = time.perf_counter()
        make_folder(src, args.files)
        print(f"generated {args.files} files in {time.perf_counter() - t0:.1f} s", flush=True)
        translator = load_translator(args)
        sources = []
        for path in sorted(src.rglob("*")):
            if path.is_file():
                sources += [s.source for s in formats.load(path).segments if s.target is None]
        words = sum(len(s.split()) for s in sources)

        from glossary.memory import TranslationMemory

        TranslationMemory.open(Path(tmp) / "warm.db").close()  # imports out of the timing

        t0, c0 = time.perf_counter(), time.process_time()
        Translator(translator).translate_texts(["\n".join(sources)])
        plain, plain_cpu = time.perf_counter() - t0, time.process_time() - c0
        engine = getattr(translator, "sentences", 0) * getattr(translator, "seconds", 0)

        t0, c0 = time.perf_counter(), time.process_time()
        report = batch.translate_paths(
            [src], Path(tmp) / "out", translator, memory=Path(tmp) / "tm.db"
        )
        batched, batch_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert report.ok, report.summary()
        totals = report.totals()
        print(f"{totals['files_translated']} files, {len(sources)} segments, {words} words")
        print(f"plain text (same segments): {plain:7.2f} s wall {plain_cpu:6.2f} s CPU "
              f"{words / plain:8.0f} words/s")  # fmt: skip
        print(f"batch (formats + TM + I/O): {batched:7.2f} s wall {batch_cpu:6.2f} s CPU "
              f"{words / batched:8.0f} words/s")  # fmt: skip
        extra_cpu = batch_cpu - plain_cpu
        print(f"overhead, wall clock: {100 * (batched / plain - 1):.1f}% (target <= 15%)")
        print(f"extra CPU for formats and bookkeeping: {extra_cpu:.2f} s = "
              f"{1000 * extra_cpu / args.files:.1f} ms per file")  # fmt: skip
        if engine:
            print(f"  = {100 * extra_cpu / (engine + plain_cpu):.1f}% of a quiet baseline run "
                  f"(stand-in engine {1000 * translator.seconds:.0f} ms/sentence), "
                  "an upper bound: reading and writing overlap with translation")  # fmt: skip
        print(f"peak RSS {report.peak_rss_mb:.0f} MB")


def load_translator(args):
    if args.model:
        from glossary.engine import Engine

        return Engine.load("sv", "en", model=args.model)
    return CostTranslator(args.ms_per_sentence / 1000)


def big_file(args) -> None:
    """Stream one large text file through the batch in a fresh process; print peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        rng = random.Random(2)
        serial = [0]
        with open(path, "w", encoding="utf-8") as fh:
            while fh.tell() < args.big_mb * 2**20:
                serial[0] += 1
                para = " ".join(sentence(rng, serial[0] * 10 + k) for k in range(3))
                fh.write(para + "\n\n")
        code = (
            "import sys, time; sys.path.insert(0, sys.argv[4])\n"
            "from pathlib import Path\n"
            "from glossary import batch\n"
            "from benchmarks.batch import CostTranslator\n"
            "t = time.perf_counter()\n"
            "r = batch.translate_paths([Path(sys.argv[1])], Path(sys.argv[2]), CostTranslator(0),"
            " memory=Path(sys.argv[3]))\n"
            "assert r.ok, r.summary()\n"
            "f = r.files[0]\n"
            "print(f'{f.segments} segments, {f.words} words in {time.perf_counter() - t:.0f} s; "
            "peak RSS {r.peak_rss_mb:.0f} MB')\n"
        )
        size = path.stat().st_size / 2**20
        print(f"{size:.0f} MB text file; streaming it through translate_paths ...")
        subprocess.run(
            [sys.executable, "-c", code, str(path), str(Path(tmp) / "out"),
             str(Path(tmp) / "tm.db"), str(ROOT)],
            check=True,
        )  # fmt: skip
        base = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"(for scale: the file itself is {size:.0f} MB; child peak RSS {base:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--ms-per-sentence", type=float, default=5.0)
    parser.add_argument("--model", help="a real model (package folder or .argosmodel)")
    parser.add_argument("--big-mb", type=float, help="stream one text file of this size")
    args = parser.parse_args()
    if args.big_mb:
        big_file(args)
    else:
        overhead(args)


if __name__ == "__main__":
    main()
