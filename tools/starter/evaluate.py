"""Decode the way ordbro's engine does (CTranslate2, beam 4, SentencePiece) and score with sacrebleu."""

from __future__ import annotations

from pathlib import Path


def load_tsv(path: Path, source_col: int, target_col: int) -> tuple[list[str], list[str]]:
    """Read a TSV (sv, en[, ...]) skipping blank lines and ``#`` comments."""
    sources, targets = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        sources.append(cols[source_col])
        targets.append(cols[target_col])
    return sources, targets


def translate(package_dir: Path, sentences: list[str], beam_size: int = 4) -> list[str]:
    """Translate with an unpacked Argos package folder (model/ + sentencepiece.model)."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package_dir / "model"), device="cpu", compute_type="int8", intra_threads=2
    )
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    results = translator.translate_batch(
        tokens,
        beam_size=beam_size,
        max_batch_size=32,
        batch_type="examples",
        length_penalty=0.2,
        replace_unknowns=True,
        max_decoding_length=256,
    )
    return [sp.decode(r.hypotheses[0]) for r in results]


def score(hypotheses: list[str], references: list[str]) -> dict[str, float]:
    """Corpus BLEU and chrF (sacrebleu defaults)."""
    import sacrebleu

    return {
        "bleu": round(sacrebleu.corpus_bleu(hypotheses, [references]).score, 1),
        "chrf": round(sacrebleu.corpus_chrf(hypotheses, [references]).score, 1),
    }
