"""Argos Translate's own translate() against ordbro's engine: same model, beam, text, process.

    python benchmarks/engine.py [--sentences 510] [--model PACKAGE_DIR_OR_FILE] [--beam 4]
                                [--rounds 3]

(a) argostranslate.translate.PackageTranslation.translate(), called once per paragraph as an
    Argos user would, with its sentence splitter replaced by ordbro's rule-based one (Argos's
    own MiniSBD/Stanza splitter downloads a model at run time, which cannot work offline);
(b) glossary.translate.Translator.translate_texts on the whole text with glossary.engine.Engine.

Both use int8 on the CPU, beam 4, length penalty 0.2 and the same sentences; Argos runs with
its default threads, ordbro with its own (parallel batches, see glossary.engine). The model is
the bundled sv->en starter model when there is one, else a copy model built with
tests/modelfactory.py (--size base: 6+6 layers, d512, ffn 2048, 32k vocabulary, like the Argos
sv<->en models; --size small: 3+3 layers, d256; it copies its input, so both sides do
identical work). Each side runs --rounds times, in alternating order (a b, b a, a b, ...).
Prints the medians of sentences/s (wall clock and per CPU second: the CPU may be shared, so
wall clock is noisy) and the ratios, then `ordbro --help` wall time (median of 5) next to
`python -c pass`.
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


def load_argos(folder: Path, beam: int):
    """Argos's PackageTranslation for the package, with the offline splitter, model loaded."""
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
    return translation


def load_ordbro(folder: Path, beam: int):
    """ordbro's engine for the package, model loaded."""
    from glossary.engine import Engine, EngineSettings

    engine = Engine.load("sv", "en", model=str(folder), settings=EngineSettings(beam_size=beam))
    engine.translate_sentences(["Hej."])
    return engine


def time_argos(translation, paragraphs: list[str]) -> tuple[float, float, list[str]]:
    """(a): one translate() call per paragraph."""
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = [translation.translate(p) for p in paragraphs]
    return time.perf_counter() - wall, time.process_time() - cpu, outputs


def time_ordbro(engine, paragraphs: list[str]) -> tuple[float, float, list[str]]:
    """(b): the whole text in one call."""
    from glossary.translate import Translator

    text = "\n".join(paragraphs)
    wall, cpu = time.perf_counter(), time.process_time()
    (document,) = Translator(engine).translate_texts([text])
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
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each side")
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
        print("loading (a) argostranslate and (b) ordbro ...", flush=True)
        translation = load_argos(folder, args.beam)
        engine = load_ordbro(folder, args.beam)
        runs: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}
        outputs: dict[str, list[str]] = {}
        for round_no in range(args.rounds):
            # the order alternates (a b, b a, a b, ...) so neither side always runs first
            for side in "ab" if round_no % 2 == 0 else "ba":
                timer = time_argos if side == "a" else time_ordbro
                wall, cpu, outputs[side] = timer(translation if side == "a" else engine, paragraphs)
                runs[side].append((wall, cpu))
            a_wall, b_wall = runs["a"][-1][0], runs["b"][-1][0]
            print(
                f"  round {round_no + 1}: (a) {a_wall:.2f} s, (b) {b_wall:.2f} s, "
                f"ratio {a_wall / b_wall:.2f}x",
                flush=True,
            )
        same = sum(x.strip() == y.strip() for x, y in zip(outputs["a"], outputs["b"], strict=True))
        print(
            f"\nbeam {args.beam}, int8, CPU; identical paragraph outputs: {same}/{len(paragraphs)}"
        )
        print(f"medians of {args.rounds} rounds:")
        print(f"{'':24}{'wall s':>9}{'sent/s':>9}{'CPU s':>9}{'sent/CPU s':>12}")
        medians = {}
        for side, name in (("a", "(a) argostranslate"), ("b", "(b) ordbro")):
            wall = statistics.median(w for w, _ in runs[side])
            cpu = statistics.median(c for _, c in runs[side])
            medians[side] = (wall, cpu)
            print(f"{name:24}{wall:9.2f}{n / wall:9.1f}{cpu:9.2f}{n / cpu:12.1f}")
        ratios = [a[0] / b[0] for a, b in zip(runs["a"], runs["b"], strict=True)]
        print(
            f"ratio ordbro/argos: {medians['a'][0] / medians['b'][0]:.1f}x wall clock "
            f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}), "
            f"{medians['a'][1] / medians['b'][1]:.1f}x CPU time"
        )
        print("(the CPU may be shared with other jobs: wall-clock figures are noisy)")
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
