"""SentencePiece + a small Marian Transformer, trained on CPU with a fixed seed and step count."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

EOS_ID = 0  # SentencePiece ids: </s>=0, <unk>=1; <pad> is appended as the last id.
UNK_ID = 1


@dataclass
class Recipe:
    """Everything that decides the trained weights (besides the corpus)."""

    vocab_size: int = 8000
    d_model: int = 256
    ffn_dim: int = 1024
    heads: int = 4
    encoder_layers: int = 4
    decoder_layers: int = 3
    dropout: float = 0.1
    label_smoothing: float = 0.1
    lr: float = 1e-3
    warmup: int = 500
    steps: int = 6000
    batch_tokens: int = 2500
    max_len: int = 96
    seed: int = 1
    threads: int = 2

    def as_dict(self) -> dict:
        return asdict(self)


def train_sentencepiece(lines: list[str], prefix: Path, vocab_size: int) -> Path:
    """Train a shared unigram SentencePiece model on ``lines``; returns the .model path."""
    import sentencepiece as spm

    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        eos_id=EOS_ID,
        unk_id=UNK_ID,
        bos_id=-1,
        pad_id=-1,
        input_sentence_size=0,
        shuffle_input_sentence=False,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def build_model(recipe: Recipe, pad_id: int):
    """A randomly initialised MarianMTModel whose vocabulary is the SentencePiece one + <pad>."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(recipe.seed)
    config = MarianConfig(
        vocab_size=pad_id + 1,
        decoder_vocab_size=pad_id + 1,
        d_model=recipe.d_model,
        encoder_layers=recipe.encoder_layers,
        decoder_layers=recipe.decoder_layers,
        encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads,
        encoder_ffn_dim=recipe.ffn_dim,
        decoder_ffn_dim=recipe.ffn_dim,
        max_position_embeddings=512,
        dropout=recipe.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
        pad_token_id=pad_id,
        eos_token_id=EOS_ID,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=EOS_ID,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    return MarianMTModel(config)


def _batches(
    data: list[tuple[list[int], list[int]]], recipe: Recipe, rng: random.Random
) -> list[list[int]]:
    order = list(range(len(data)))
    rng.shuffle(order)
    order.sort(key=lambda i: (len(data[i][0]), len(data[i][1])))
    batches, current, longest = [], [], 0
    for i in order:
        longest_new = max(longest, len(data[i][0]), len(data[i][1]))
        if current and longest_new * (len(current) + 1) > recipe.batch_tokens:
            batches.append(current)
            current, longest_new = [], max(len(data[i][0]), len(data[i][1]))
        current.append(i)
        longest = longest_new
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def _tensors(data, batch, pad_id):
    import torch

    src_len = max(len(data[i][0]) for i in batch)
    tgt_len = max(len(data[i][1]) for i in batch)
    src = torch.full((len(batch), src_len), pad_id, dtype=torch.long)
    tgt = torch.full((len(batch), tgt_len), pad_id, dtype=torch.long)
    dec = torch.full((len(batch), tgt_len), pad_id, dtype=torch.long)
    for row, i in enumerate(batch):
        s, t = data[i]
        src[row, : len(s)] = torch.tensor(s)
        tgt[row, : len(t)] = torch.tensor(t)
        dec[row, 1 : len(t)] = torch.tensor(t[:-1])
    return src, src != pad_id, dec, tgt


def train(
    model,
    data: list[tuple[list[int], list[int]]],
    recipe: Recipe,
    pad_id: int,
    on_checkpoint: Callable[[int, float], None] | None = None,
    checkpoint_minutes: float = 10.0,
    max_minutes: float | None = None,
    stop_step: int | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Train for ``recipe.steps`` steps; stop early at ``stop_step`` (deterministic) or when
    ``max_minutes`` of wall time pass (depends on machine speed; the steps done are returned).

    ``on_checkpoint(step, loss)`` is called every ``checkpoint_minutes`` of wall time; it must
    not touch random state, so checkpoints do not change the trained weights.
    """
    import torch

    torch.set_num_threads(recipe.threads)
    torch.manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    data = [(s[: recipe.max_len], t[: recipe.max_len]) for s, t in data]
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=recipe.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=0.01
    )

    def lr_at(step: int) -> float:
        if step < recipe.warmup:
            return (step + 1) / recipe.warmup
        progress = (step - recipe.warmup) / max(1, recipe.steps - recipe.warmup)
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_at)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=pad_id, label_smoothing=recipe.label_smoothing)
    model.train()
    start = last_ckpt = time.monotonic()
    step, epoch, running = 0, 0, 0.0
    stopped_early = False
    while step < recipe.steps:
        epoch += 1
        for batch in _batches(data, recipe, rng):
            src, mask, dec, tgt = _tensors(data, batch, pad_id)
            logits = model(input_ids=src, attention_mask=mask, decoder_input_ids=dec).logits
            loss = loss_fn(logits.reshape(-1, logits.size(-1)), tgt.reshape(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            now = time.monotonic()
            if step % 100 == 0:
                log(
                    f"step {step}/{recipe.steps} epoch {epoch} loss {running:.3f} "
                    f"lr {scheduler.get_last_lr()[0]:.2e} {(now - start) / 60:.1f} min"
                )
            if on_checkpoint and now - last_ckpt > checkpoint_minutes * 60:
                model.eval()
                on_checkpoint(step, running)
                model.train()
                last_ckpt = time.monotonic()
            if max_minutes is not None and now - start > max_minutes * 60:
                stopped_early = True
                break
            if step >= min(recipe.steps, stop_step or recipe.steps):
                stopped_early = step < recipe.steps
                break
        if stopped_early:
            break
    model.eval()
    return {
        "steps": step,
        "epochs": epoch,
        "final_loss": round(running, 4),
        "minutes": round((time.monotonic() - start) / 60, 1),
        "stopped_early": stopped_early,
    }
