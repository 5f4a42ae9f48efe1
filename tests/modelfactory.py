"""Build a tiny, real Argos package for tests: a CTranslate2 Transformer and a SentencePiece model.

No torch and no download: the Transformer is written with ``ctranslate2.specs`` and numpy
weights that make it a *copy model* — decoder step t attends to source position t and emits
that source token, then ``</s>`` when it reaches the source's end-of-sentence token. So a
correct pipeline gives back exactly the source text, which makes layout, batching and
truncation checks exact. The SentencePiece model is trained on a few hundred generated lines.
"""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

_SWEDISH = (
    "chipkriget halvledare exportkontroll regeringen företaget knappen dokumentet spara klicka "
    "kiselskivor fabriken Kina USA:s sanktioner processorer marknaden tillverkning ny gammal "
    "och eller men att för på i med av till från om som är var har hade blir kan ska vill "
    "inte också bara mycket flera många stora små snabba viktiga tekniken datorer servrar "
    "minne licens leverantör kunder priset miljarder kronor dollar procent år vecka dag"
)
_ENGLISH = (
    "the chip war semiconductor export control government company button document save click "
    "wafers factory China sanctions processors market manufacturing new old and or but that "
    "for on in with of to from about which is was has had becomes can will want not also only "
    "much several many large small fast important technology computers servers memory licence "
    "supplier customers price billion dollars percent year week day"
)
SWEDISH_WORDS = _SWEDISH.split()
ENGLISH_WORDS = _ENGLISH.split()


def training_lines(count: int = 400, seed: int = 7) -> list[str]:
    """Generated Swedish and English lines to train the tiny SentencePiece model."""
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        words = SWEDISH_WORDS if i % 2 == 0 else ENGLISH_WORDS
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
        number = f"{rng.randint(1, 999)},{rng.randint(0, 9)}" if i % 5 == 0 else ""
        lines.append(f"{sentence[0].upper()}{sentence[1:]} {number}".strip() + rng.choice(".!?:"))
    return lines


def train_sentencepiece(
    out_dir: Path,
    vocab_size: int = 500,
    extra_symbols: list[str] | None = None,
    extra_text: list[str] | None = None,
) -> Path:
    """Train a small SentencePiece model with byte fallback (every character round-trips)."""
    import sentencepiece as spm

    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "corpus.txt"
    lines = training_lines() + list(extra_text or [])
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = out_dir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        hard_vocab_limit=False,
        user_defined_symbols=extra_symbols or [],
        minloglevel=2,
    )
    corpus.unlink()
    prefix.with_suffix(".vocab").unlink()
    return prefix.with_suffix(".model")


def _unit_rows(rng, rows: int, dims: int):
    import numpy as np

    matrix = rng.standard_normal((rows, dims)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _specs():
    """``ctranslate2.specs`` without torch: it only probes for torch, numpy weights suffice,
    and importing torch costs many seconds on a busy 2-core machine."""
    import sys

    if "ctranslate2.specs" in sys.modules or "torch" in sys.modules:
        import ctranslate2.specs

        return ctranslate2.specs
    sys.modules["torch"] = None  # makes `import torch` raise ImportError
    try:
        import ctranslate2.specs

        return ctranslate2.specs
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def build_copy_model(
    vocabulary: list[str],
    out_dir: Path,
    max_positions: int = 1100,
    seed: int = 3,
    noise_scale: float = 0.0,
    layers: int = 1,
    width: tuple[int, int] = (64, 128),
    ffn: int = 8,
) -> Path:
    """Write a CTranslate2 copy model (see module docstring) for ``vocabulary`` to ``out_dir``.

    ``noise_scale`` > 0 adds Gaussian noise to the cross-attention and output weights, which
    makes an imperfect copier whose outputs depend on the real numerics (for batching tests).
    ``layers``, ``width`` (token dims, position dims) and ``ffn`` set the size: extra layers
    carry tiny random weights, so they cost real compute but leave the copy intact (the
    benchmark uses a transformer-base-sized copy model).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    tok_dims, pos_dims = width
    d = tok_dims + pos_dims
    vocab = len(vocabulary)

    def noise(*shape):  # tiny, so nothing is an exact zero matrix (int8 scales stay finite)
        return (rng.standard_normal(shape) * 1e-4).astype(np.float32)

    tokens = np.zeros((vocab, d), np.float32)
    tokens[:, :tok_dims] = _unit_rows(rng, vocab, tok_dims)
    positions = np.zeros((max_positions, d), np.float32)
    positions[:, tok_dims:] = _unit_rows(rng, max_positions, pos_dims)
    pos_proj = np.zeros((d, d), np.float32)
    pos_proj[tok_dims:, tok_dims:] = np.eye(pos_dims)
    tok_proj = np.zeros((d, d), np.float32)
    tok_proj[:tok_dims, :tok_dims] = np.eye(tok_dims)

    spec = _specs().TransformerSpec.from_config(layers, 1)
    spec.config.add_source_eos = True

    def layer_norm(ln):
        ln.gamma = np.ones(d, np.float32)
        ln.beta = np.zeros(d, np.float32)

    def linear(lin, weight, noisy=False):
        if noisy and noise_scale:
            weight = weight + rng.standard_normal(weight.shape) * noise_scale
        lin.weight = weight.astype(np.float32)
        lin.bias = np.zeros(weight.shape[0], np.float32)

    def quiet_ffn(block):
        layer_norm(block.layer_norm)
        linear(block.linear_0, noise(ffn, d))
        linear(block.linear_1, noise(d, ffn))

    def quiet_attention(block, fused: int):
        layer_norm(block.layer_norm)
        for number, lin in enumerate(block.linear):
            linear(lin, noise(fused * d if number == 0 else d, d))

    for part in (spec.encoder, spec.decoder):
        part.scale_embeddings = False
        part.position_encodings.encodings = positions
        layer_norm(part.layer_norm)
    spec.encoder.embeddings[0].weight = tokens
    spec.decoder.embeddings.weight = tokens.copy()

    for enc in spec.encoder.layer:
        quiet_attention(enc.self_attention, 3)
        quiet_ffn(enc.ffn)
    for number, dec in enumerate(spec.decoder.layer):
        quiet_attention(dec.self_attention, 3)
        quiet_ffn(dec.ffn)
        cross = dec.attention
        if number:
            layer_norm(cross.layer_norm)
            linear(cross.linear[0], noise(d, d))
            linear(cross.linear[1], noise(2 * d, d))
            linear(cross.linear[2], noise(d, d))
            continue
        layer_norm(cross.layer_norm)
        linear(cross.linear[0], 10.0 * pos_proj, noisy=True)  # queries: decoder position
        kv = np.concatenate([pos_proj, tok_proj])  # keys: source position, values: source token
        linear(cross.linear[1], kv, noisy=True)
        linear(cross.linear[2], 2.0 * tok_proj, noisy=True)
    linear(spec.decoder.projection, 3.0 * tokens, noisy=True)

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="int8")
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


# Larger copy models for benchmarks: layers, (token dims, position dims), ffn, vocabulary.
SIZES = {
    "small": (3, (128, 128), 1024, 8000),
    "base": (6, (256, 256), 2048, 32000),  # transformer-base, like the Argos sv<->en models
}


def build_package(
    out_file: Path,
    from_code: str = "sv",
    to_code: str = "en",
    version: str = "0.1",
    target_prefix: str = "",
    work_dir: Path | None = None,
    noise_scale: float = 0.0,
    size: str = "tiny",
    extra_text: list[str] | None = None,
) -> Path:
    """Build a genuine ``.argosmodel`` zip (one top folder, metadata.json, model/, tokenizer)."""
    import sentencepiece as spm

    out_file = Path(out_file)
    work = Path(work_dir) if work_dir else out_file.parent / f".{out_file.stem}.build"
    folder_name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    root = work / folder_name
    sp_model = train_sentencepiece(
        root,
        vocab_size=500 if size == "tiny" else 1000,
        extra_symbols=[target_prefix] if target_prefix else None,
        extra_text=extra_text,
    )
    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    if size == "base":  # transformer-base: 6+6 layers, d512, ffn 2048, 32k vocabulary
        vocabulary += [f"<unused{i}>" for i in range(32000 - len(vocabulary))]
        build_copy_model(
            vocabulary,
            root / "model",
            noise_scale=noise_scale,
            layers=6,
            width=(256, 256),
            ffn=2048,
        )
    else:
        build_copy_model(vocabulary, root / "model", noise_scale=noise_scale)
    metadata = {
        "package_version": version,
        "argos_version": "1.5",
        "from_code": from_code,
        "from_name": {"sv": "Swedish", "en": "English"}.get(from_code, from_code),
        "to_code": to_code,
        "to_name": {"sv": "Swedish", "en": "English"}.get(to_code, to_code),
        "type": "translate",
        "links": [],
        "target_prefix": target_prefix,
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text("A tiny copy model for ordbro's tests.\n", encoding="utf-8")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(work).as_posix())
    return out_file
