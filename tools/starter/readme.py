"""The README.md shipped inside each starter .argosmodel."""

from __future__ import annotations


def render_readme(report: dict, examples: list[tuple[str, str]]) -> str:
    """Data, licences, pair counts, scores, limits and the rebuild command, as Markdown."""
    corpus = report["corpus"]
    recipe = report["recipe"]
    training = report["training"]
    src, tgt = report["direction"].split("-")
    lines = [
        f"# {report['package']}: ordbro's starter {src}→{tgt} model",
        "",
        "A small Transformer (Marian architecture, CTranslate2 int8) trained from scratch on CPU",
        "on openly licensed software text from Debian packages. It is ordbro's out-of-the-box",
        "default so that a fresh machine translates without a download.",
        "",
        "**Good at** short software/UI text: menus, buttons, dialogs, help pages.",
        "**Weak at** everything else: news, literature, long or idiomatic sentences are often",
        "mistranslated or garbled. For real work install the full Argos Translate model:",
        "",
        f"    ordbro models install {src} {tgt}",
        "",
        "## Training data",
        "",
        "| source (Debian package) | version | licence | train | dev | test |",
        "|---|---|---|---|---|---|",
    ]
    for name, entry in sorted(corpus["sources"].items()):
        versions = ", ".join(f"{k} {v}" for k, v in entry["packages"].items())
        lines.append(
            f"| {name} | {versions} | {entry['licence']} | {entry['train']} | "
            f"{entry['dev']} | {entry['test']} |"
        )
    splits = corpus["splits"]
    lines += [
        "",
        f"{corpus['raw_pairs']:,} raw pairs; after cleaning and exact de-duplication "
        f"{splits['train']:,} train, {splits['dev']:,} dev and {splits['test']:,} test pairs.",
        "LibreOffice help pages are aligned by paragraph id; gettext catalogues pair msgid with",
        "msgstr. Dev and test are whole help documents (about 3% each, chosen by a hash of the",
        "file name); any sentence that occurs in dev or test is removed from train.",
        "The training text is under the licences above (MPL-2.0, GPL, LGPL); the weights are a",
        "statistical model of that text and are distributed under the same terms as the text.",
        "",
        "## Model",
        "",
        f"{report['parameters']:,} parameters: d_model {recipe['d_model']}, "
        f"{recipe['encoder_layers']} encoder and {recipe['decoder_layers']} decoder layers, "
        f"{recipe['heads']} heads, FFN {recipe['ffn_dim']}, shared SentencePiece unigram vocabulary "
        f"of {recipe['vocab_size']} pieces. Trained {training['steps']} steps "
        f"({training['epochs']} epochs, batches of about {recipe['batch_tokens']} tokens) in "
        f"{training['minutes']} minutes on 2 CPU threads, seed {recipe['seed']}.",
    ]
    if "stage2" in training:
        first, second = training["stage1"], training["stage2"]
        lines.append(
            f"Stage 1: {first['steps']} steps, peak learning rate {recipe['lr']}, cosine decay; "
            f"stage 2: {second['steps']} more steps from a fresh optimizer, peak {second['lr']}."
        )
    lines += [
        "",
        "## Scores",
        "",
        "Decoded like ordbro's engine: CTranslate2 int8, beam 4, SentencePiece; sacrebleu 2 defaults.",
        "",
        "| test set | sentences | BLEU | chrF |",
        "|---|---|---|---|",
    ]
    for name, s in report["scores"].items():
        lines.append(f"| {name} | {s['sentences']} | {s['bleu']} | {s['chrf']} |")
    lines += ["", "## Examples", "", "| input | output |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in examples]
    lines += [
        "",
        "## Rebuild",
        "",
        "From a checkout of ordbro, with `apt-get` able to reach Debian's archive:",
        "",
        "    pip install -e .[build]",
        f"    {report['command']}",
        "",
        "The corpus, vocabulary and step count are fixed, so a rebuild on the same library",
        "versions gives the same scores up to floating-point differences between CPUs.",
        "",
    ]
    return "\n".join(lines)
