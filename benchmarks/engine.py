"""Argos Translate's own translate() against ordbro's engine: same model, beam, text, process.

    python benchmarks/engine.py [--sentences 510] [--model PACKAGE_DIR_OR_FILE] [--beam 4]

(a) argostranslate.translate.PackageTranslation.translate(), called once per paragraph as an
    Argos user would, with its sentence splitter replaced by ordbro's rule-based one (Argos's
    own MiniSBD/Stanza splitter downloads a model at run time, which cannot work offline);
(b) glossary.pipeline.translate_texts on the whole text with glossary.engine.Engine.

Both use int8 on the CPU, beam 4, length penalty 0.2 and the same sentences; Argos runs
with its default threads, ordbro with its own (parallel batches, see glossary.engine). The model is the bundled sv->en starter model when there is one,
else a copy model built with tests/modelfactory.py (--size base: 6+6 layers, d512, ffn 2048,
32k vocabulary, like the Argos sv<->en models; --size small: 3+3 layers, d256; it copies its
input, so both sides do identical work). Prints
sentences/s (wall clock and per CPU second: the CPU is shared, so wall clock is noisy) and
the ratios, then `ordbro --help` wall time (median of 5) next to `python -c pass`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.segment import split_sentences  # noqa: E402


def benchmark_paragraphs(count: int) -> list[str]:
    """``count`` distinct Swedish sentences (from the bundled example) in paragraphs of 5."""
    text = (ROOT / "examples" / "chipkriget.sv.txt").read_text(encoding="utf-8")
    pool = [
        " ".join(text[a:b].split())
        for a, b in split_sentences(text)
        if text[a:b][-1] in ".!?" and not text[a:b].startswith("-")
    ]
    sentences = []
    for i in range(count):
        s = pool[i % len(pool)]
        sentences.append(f"{s[:-1]} (avsnitt {i + 1}){s[-1]}")
    return [" ".join(sentences[i : i + 5]) for i in range(0, count, 5)]


def pick_model(explicit: str | None, work: Path, size: str, corpus: list[str]) -> tuple[Path, str]:
    """The package folder to benchmark and a description of it."""
    from glossary import models

    if explicit:
        path = Path(explicit)
        folder = path if path.is_dir() else models.unpack_cached(path)
        return folder, f"given package {folder.name}"
    for bundled in models.bundled_models():
        if (bundled.from_code, bundled.to_code) == ("sv", "en"):
            return models.unpack_cached(bundled.path), f"bundled starter model {bundled.name}"
    from tests.modelfactory import SIZES, build_package

    layers, (tok, pos), ffn, vocab = SIZES[size]
    shape = f"{layers}+{layers} layers, d{tok + pos}, ffn {ffn}, {vocab // 1000}k vocabulary"
    print(f"no bundled sv->en model: building a {size} copy model ({shape}) ...", flush=True)
    package = build_package(work / "bench.argosmodel", size=size, extra_text=corpus)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(work / "unpacked")
    folder = next((work / "unpacked").iterdir())
    return folder, f"built {size} copy model ({shape}; it copies its input)"


class _SameSplitter:
    """Argos's sentencizer interface backed by ordbro's offline splitter."""

    def split_sentences(self, text: str) -> list[str]:
        return [text[a:b] for a, b in split_sentences(text)]


def run_argos(folder: Path, paragraphs: list[str], beam: int) -> tuple[float, float, list[str]]:
    started = time.perf_counter()
    import argostranslate.package as argos_package
    import argostranslate.settings as argos_settings
    import argostranslate.translate as argos_translate

    print(f"  import argostranslate.translate: {time.perf_counter() - started:.1f} s", flush=True)
    argos_settings.compute_type = "int8"
    argos_settings.device = "cpu"
    argos_settings.beam_size = beam
    pkg = argos_package.Package(folder)
    translation = argos_translate.PackageTranslation(
        argos_translate.Language(pkg.from_code, pkg.from_name),
        argos_translate.Language(pkg.to_code, pkg.to_name),
        pkg,
    )
    translation.sentencizer = _SameSplitter()
    translation.translate("Hej.")  # loads the model
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = [translation.translate(p) for p in paragraphs]
    return time.perf_counter() - wall, time.process_time() - cpu, outputs


def run_ordbro(folder: Path, paragraphs: list[str], beam: int) -> tuple[float, float, list[str]]:
    from glossary.engine import Engine, EngineSettings
    from glossary.pipeline import translate_texts

    engine = Engine.load("sv", "en", model=str(folder), settings=EngineSettings(beam_size=beam))
    engine.translate_sentences(["Hej."])
    text = "\n".join(paragraphs)
    wall, cpu = time.perf_counter(), time.process_time()
    (document,) = translate_texts([text], engine)
    return time.perf_counter() - wall, time.process_time() - cpu, document.target.split("\n")


def median_run(command: list[str], times: int = 5) -> float:
    runs = []
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=510)
    parser.add_argument("--model", help="package folder or .argosmodel (default: see above)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument(
        "--size",
        choices=["small", "base"],
        default="base",
        help="size of the copy model built when no bundled model exists",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ordbro-bench-"))
    try:
        paragraphs = benchmark_paragraphs(args.sentences)
        folder, description = pick_model(args.model, work, args.size, paragraphs)
        n = sum(len(split_sentences(p)) for p in paragraphs)
        print(f"model: {description}\ntext: {n} sentences in {len(paragraphs)} paragraphs")
        print("(a) argostranslate translate() per paragraph ...", flush=True)
        a_wall, a_cpu, a_out = run_argos(folder, paragraphs, args.beam)
        print("(b) ordbro engine, whole text in one call ...", flush=True)
        b_wall, b_cpu, b_out = run_ordbro(folder, paragraphs, args.beam)
        same = sum(x.strip() == y.strip() for x, y in zip(a_out, b_out, strict=True))
        print(
            f"\nbeam {args.beam}, int8, CPU; identical paragraph outputs: {same}/{len(paragraphs)}"
        )
        print(f"{'':24}{'wall s':>9}{'sent/s':>9}{'CPU s':>9}{'sent/CPU s':>12}")
        for name, wall, cpu in (
            ("(a) argostranslate", a_wall, a_cpu),
            ("(b) ordbro", b_wall, b_cpu),
        ):
            print(f"{name:24}{wall:9.2f}{n / wall:9.1f}{cpu:9.2f}{n / cpu:12.1f}")
        print(
            f"ratio ordbro/argos: {a_wall / b_wall:.1f}x wall clock, {a_cpu / b_cpu:.1f}x CPU time"
        )
        print("(the CPU is shared with other jobs: wall-clock figures are noisy)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ordbro = shutil.which("ordbro", path=str(Path(sys.executable).parent))
    command = [ordbro, "--help"] if ordbro else [sys.executable, "-m", "glossary", "--help"]
    help_s = median_run(command)
    pass_s = median_run([sys.executable, "-c", "pass"])
    print(
        f"\n`{' '.join(Path(c).name for c in command)}`: {help_s * 1000:.0f} ms (median of 5); "
        f"`python -c pass`: {pass_s * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
