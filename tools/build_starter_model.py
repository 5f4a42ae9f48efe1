"""Build ordbro's bundled starter sv→en model from Debian packages, reproducibly.

    python tools/build_starter_model.py --out glossary/data/models

Steps: download Swedish/English parallel text by package name (``apt-get download``), clean it,
hold out dev/test help documents, train SentencePiece and a small Marian Transformer on CPU
(fixed seed and step count), convert it to CTranslate2 int8, score it with sacrebleu, and write
``translate-<from>_<to>-ordbro-1_0.argosmodel`` with its README. Needs the ``build`` extra
(``pip install -e .[build]``) and ``apt-get``/``dpkg-deb`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.starter import data as corpus  # noqa: E402
from tools.starter import evaluate, package  # noqa: E402
from tools.starter.model import Recipe, build_model, train, train_sentencepiece  # noqa: E402
from tools.starter.readme import render_readme  # noqa: E402

SOFTWARE_SET = Path(__file__).resolve().parent / "starter" / "software_sentences.tsv"


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = Recipe()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True, help="folder for the .argosmodel")
    p.add_argument("--work", type=Path, default=Path(".work/starter/work"), help="scratch folder")
    p.add_argument("--direction", choices=["sv-en", "en-sv"], default="sv-en")
    p.add_argument("--name", default="ordbro-1_0", help="package name suffix")
    p.add_argument("--package-version", default="1.0")
    p.add_argument("--steps", type=int, default=defaults.steps)
    p.add_argument("--vocab", type=int, default=defaults.vocab_size)
    p.add_argument("--d-model", type=int, default=defaults.d_model)
    p.add_argument("--ffn", type=int, default=defaults.ffn_dim)
    p.add_argument("--heads", type=int, default=defaults.heads)
    p.add_argument("--encoder-layers", type=int, default=defaults.encoder_layers)
    p.add_argument("--decoder-layers", type=int, default=defaults.decoder_layers)
    p.add_argument("--batch-tokens", type=int, default=defaults.batch_tokens)
    p.add_argument("--lr", type=float, default=defaults.lr)
    p.add_argument("--warmup", type=int, default=defaults.warmup)
    p.add_argument("--dropout", type=float, default=defaults.dropout)
    p.add_argument("--seed", type=int, default=defaults.seed)
    p.add_argument("--threads", type=int, default=defaults.threads)
    p.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        help="stop training early after this many minutes (makes the result depend on speed)",
    )
    p.add_argument(
        "--stop-step",
        type=int,
        default=None,
        help="stop after this many steps of the --steps schedule (reproduces a time-limited run)",
    )
    p.add_argument(
        "--stage2-steps",
        type=int,
        default=0,
        help="then train this many more steps with a fresh optimizer and --stage2-lr",
    )
    p.add_argument("--stage2-lr", type=float, default=5e-4)
    p.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help="skip stage 1: take its weights from a finished run's hf-stage1/ (with stage1.json)",
    )
    p.add_argument("--checkpoint", type=Path, default=None, help="periodic .argosmodel export")
    p.add_argument("--checkpoint-minutes", type=float, default=10.0)
    return p.parse_args(argv)


def _rebuild_args(argv: list[str] | None) -> list[str]:
    """The arguments that decide the model (drops checkpoint/time-limit options)."""
    args = list(argv if argv is not None else sys.argv[1:])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        name = a.split("=")[0]
        if name in (
            "--checkpoint",
            "--checkpoint-minutes",
            "--max-minutes",
            "--work",
            "--init-from",
        ):
            skip = "=" not in a
            continue
        out.append(a)
    return out


def _load_stage1(model, hf_dir: Path, pad_id: int) -> dict:
    """Load stage-1 weights saved by an earlier run (``hf-stage1/`` and ``stage1.json``)."""
    from transformers import MarianMTModel

    earlier = MarianMTModel.from_pretrained(hf_dir)
    if earlier.config.vocab_size != pad_id + 1:
        raise SystemExit(f"{hf_dir}: vocabulary size differs from this run's")
    model.load_state_dict(earlier.state_dict())
    model.eval()
    _log(f"stage 1 weights from {hf_dir}")
    return json.loads((hf_dir.parent / "stage1.json").read_text())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    recipe = Recipe(
        vocab_size=args.vocab,
        d_model=args.d_model,
        ffn_dim=args.ffn,
        heads=args.heads,
        encoder_layers=args.encoder_layers,
        decoder_layers=args.decoder_layers,
        dropout=args.dropout,
        lr=args.lr,
        warmup=args.warmup,
        steps=args.steps,
        batch_tokens=args.batch_tokens,
        seed=args.seed,
        threads=args.threads,
    )
    src, tgt = args.direction.split("-")
    folder = f"translate-{src}_{tgt}-{args.name}"
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    run_dir = work / folder
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir()

    _log("corpus: downloading and aligning Debian packages")
    evaluation = list(zip(*evaluate.load_tsv(SOFTWARE_SET, 0, 1), strict=True))
    stats = corpus.build_corpus(work, evaluation)
    _log(f"corpus: {stats['splits']}")
    s, t = (0, 1) if src == "sv" else (1, 0)
    train_rows = corpus.read_tsv(work / "train.tsv")
    test_rows = corpus.read_tsv(work / "test.tsv")
    dev_rows = corpus.read_tsv(work / "dev.tsv")

    _log("sentencepiece")
    lines = [r[0] for r in train_rows] + [r[1] for r in train_rows]
    sp_model = train_sentencepiece(lines, run_dir / "sentencepiece", recipe.vocab_size)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    pad_id = sp.get_piece_size()
    eos = [0]
    pairs = [(sp.encode(r[s]) + eos, sp.encode(r[t]) + eos) for r in train_rows]

    model = build_model(recipe, pad_id)
    n_params = sum(p.numel() for p in model.parameters())
    _log(f"model: {n_params:,} parameters, recipe {recipe.as_dict()}")
    meta = dict(from_code=src, to_code=tgt, package_version=args.package_version, folder=folder)

    dev_src = [r[s] for r in dev_rows][:200]
    dev_ref = [r[t] for r in dev_rows][:200]

    def checkpoint(step: int, loss: float) -> None:
        readme = f"# {folder} (training checkpoint)\n\nStep {step}, loss {loss:.3f}. Not final.\n"
        dest = args.checkpoint
        package.export(model, sp_model, dest, readme, **meta)
        pkg = package.unpack(dest, run_dir / "ckpt")
        hyp = evaluate.translate(pkg, dev_src, beam_size=1)
        _log(f"checkpoint step {step}: {dest} dev(200, greedy) {evaluate.score(hyp, dev_ref)}")

    if args.init_from:
        info = _load_stage1(model, args.init_from, pad_id)
    else:
        info = train(
            model,
            pairs,
            recipe,
            pad_id,
            on_checkpoint=checkpoint if args.checkpoint else None,
            checkpoint_minutes=args.checkpoint_minutes,
            max_minutes=args.max_minutes,
            stop_step=args.stop_step,
            log=_log,
        )
    _log(f"trained: {info}")
    if args.stage2_steps:
        model.save_pretrained(run_dir / "hf-stage1")
        (run_dir / "stage1.json").write_text(json.dumps(info))
        stage2 = replace(recipe, steps=args.stage2_steps, lr=args.stage2_lr, warmup=50)
        info2 = train(model, pairs, stage2, pad_id, log=_log)
        _log(f"stage 2: {info2}")
        info = {
            "steps": info["steps"] + info2["steps"],
            "epochs": info["epochs"] + info2["epochs"],
            "final_loss": info2["final_loss"],
            "minutes": round(info["minutes"] + info2["minutes"], 1),
            "stopped_early": info["stopped_early"] or info2["stopped_early"],
            "stage1": info,
            "stage2": info2 | {"lr": args.stage2_lr},
        }
    model.save_pretrained(run_dir / "hf")

    pkg_dir = run_dir / "pkg"
    pkg_dir.mkdir()
    package.convert(model, sp_model, pkg_dir / "model")
    shutil.copyfile(sp_model, pkg_dir / "sentencepiece.model")
    scores = {}
    test_src, test_ref = [r[s] for r in test_rows], [r[t] for r in test_rows]
    test_hyp = evaluate.translate(pkg_dir, test_src)
    scores["held-out LibreOffice help test split"] = evaluate.score(test_hyp, test_ref) | {
        "sentences": len(test_src)
    }
    soft_src, soft_ref = evaluate.load_tsv(SOFTWARE_SET, s, t)
    soft_hyp = evaluate.translate(pkg_dir, soft_src)
    scores["software sentences written for ordbro"] = evaluate.score(soft_hyp, soft_ref) | {
        "sentences": len(soft_src)
    }
    _log(f"scores: {scores}")
    examples = list(zip(soft_src, soft_hyp, strict=True))[:8]
    (run_dir / "test.hyp").write_text("\n".join(test_hyp) + "\n", encoding="utf-8")
    (run_dir / "software.hyp").write_text("\n".join(soft_hyp) + "\n", encoding="utf-8")

    rebuild = _rebuild_args(argv)
    stage1 = info.get("stage1", info)
    if stage1["stopped_early"] and args.stop_step is None:
        rebuild += ["--stop-step", str(stage1["steps"])]
    command = "python tools/build_starter_model.py " + " ".join(rebuild)
    report = {
        "package": folder,
        "direction": args.direction,
        "parameters": n_params,
        "recipe": recipe.as_dict(),
        "training": info,
        "corpus": stats,
        "scores": scores,
        "command": command,
    }
    (run_dir / "build.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    readme = render_readme(report, examples)
    dest = args.out / f"{folder}.argosmodel"
    package.write_package(pkg_dir / "model", sp_model, readme, dest, **meta)
    _log(f"wrote {dest} ({dest.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
