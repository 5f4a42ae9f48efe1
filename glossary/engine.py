"""Batched inference on an Argos model package with CTranslate2 and the package's tokenizer.

All sentences of a call go through ``translate_batch`` in token-sized batches (CTranslate2
sorts them by length to minimise padding); a sentence repeated in the call is translated
once. Nothing is truncated silently: a sentence longer than ``max_input_tokens`` is split at
clause or word boundaries, and a piece whose output hits ``max_decoding_length`` is split
again and retranslated; the pieces are joined in order.
Sentences are grouped by length (ceilings 25% apart; groups too small to batch well are
merged with their neighbours), and each group's output is capped in proportion to its input,
so a model caught in a repetition loop stops early instead of holding up a batch.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from glossary import models
from glossary.confidence import mean_logprob
from glossary.errors import ModelError
from glossary.results import SentenceResult

_NOTICES_SHOWN: set[str] = set()
# Length groups smaller than this are merged with the next longer one (unless that leaves a
# model worker without a group): decoding 16 sentences at once costs ~2x less CPU per
# sentence than 4 at once (benchmarks/serve.py's model-alone rates).
MIN_GROUP = 16


@dataclass
class EngineSettings:
    """Decoding and hardware settings (defaults follow Argos: beam 4, length penalty 0.2)."""

    beam_size: int = 4
    num_hypotheses: int = 1
    device: str = "cpu"  # "cpu", "cuda" or "auto"
    compute_type: str = "int8"
    # Threads on the CPU (0: automatic, see cpu_threads): batches run in parallel on
    # inter_threads workers with intra_threads each.
    intra_threads: int = 0
    inter_threads: int = 0
    max_batch_tokens: int = 1024  # small enough to give every worker a batch
    length_penalty: float = 0.2
    max_input_tokens: int = 200  # longer sentences are split before translation
    max_decoding_length: int = 512  # an output this long is treated as cut and retranslated
    # Outputs are also capped at ratio * input tokens + extra (per length bucket): a model
    # caught in a repetition loop stops early instead of running to max_decoding_length.
    max_length_ratio: float = 2.0
    max_length_extra: int = 10
    no_repeat_ngram_size: int = 0  # 0: off
    replace_unknowns: bool = True


@dataclass
class _Piece:
    text: str
    tokens: list[str]
    sep: str = ""  # source whitespace after this piece
    target: str = ""
    score: float | None = None
    capped: bool = False  # the output ran into the repetition cap
    children: list[_Piece] = field(default_factory=list)

    def capped_anywhere(self) -> bool:
        return self.capped or any(child.capped_anywhere() for child in self.children)

    def joined(self) -> tuple[str, list[float]]:
        if not self.children:
            return self.target, [] if self.score is None else [self.score]
        texts, scores = [], []
        for child in self.children:
            text, child_scores = child.joined()
            texts.append(text + (child.sep if child is not self.children[-1] else ""))
            scores.extend(child_scores)
        return "".join(texts), scores


class Engine:
    """A loaded translation model: tokenizer, CTranslate2 translator and package metadata."""

    def __init__(self, info: models.ModelInfo, package_dir: Path, settings: EngineSettings):
        import ctranslate2

        self.info = info
        self.package_dir = Path(package_dir)
        self.from_code = info.from_code
        self.to_code = info.to_code
        self.name = info.name
        self.version = info.version
        self.target_prefix = info.target_prefix
        self.settings = settings
        device = settings.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute_type = settings.compute_type
        if device == "cuda" and compute_type == "int8":
            compute_type = "int8_float16"
        self.device = device
        try:
            self.translator = ctranslate2.Translator(
                str(self.package_dir / "model"),
                device=device,
                compute_type=compute_type,
                **cpu_threads(settings, device),
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.package_dir}: cannot load the model ({exc})") from exc
        self._sp = None
        self._bpe = None
        sp_path = self.package_dir / "sentencepiece.model"
        if sp_path.is_file():
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        else:
            from argostranslate.tokenizer import BPETokenizer

            self._bpe = BPETokenizer(self.package_dir / "bpe.model", self.from_code, self.to_code)

    @classmethod
    def load(
        cls,
        from_code: str = "sv",
        to_code: str = "en",
        model: str | None = None,
        settings: EngineSettings | None = None,
    ) -> Engine:
        """Load ``model`` (a package code, folder or .argosmodel), else the installed package
        for the pair, else the bundled starter model (with one notice on stderr)."""
        info, folder = resolve_model(from_code, to_code, model)
        return cls(info, folder, settings or EngineSettings())

    def tokenize(self, text: str) -> list[str]:
        """The model's source tokens for ``text``."""
        if self._sp is not None:
            return self._sp.encode(text, out_type=str)
        return self._bpe.encode(text)

    def detokenize(self, tokens: list[str]) -> str:
        """Text from target tokens; a leading package target prefix token is dropped."""
        if self.target_prefix and tokens and tokens[0] == self.target_prefix:
            tokens = tokens[1:]
        if self._sp is not None:
            return self._sp.decode_pieces(list(tokens))
        return self._bpe.decode(list(tokens))

    def translate_tokens(self, batch: list[list[str]], **ct2_options: Any) -> list:
        """``translate_batch`` with this engine's settings; one TranslationResult per input.

        Any CTranslate2 option may be passed (target_prefix, num_hypotheses, return_scores,
        suppress_sequences, return_attention, ...). The package's target prefix token is put
        in front of every target prefix; hypotheses start with it (``detokenize`` drops it).
        """
        if not batch:
            return []
        s = self.settings
        options: dict[str, Any] = {
            "beam_size": s.beam_size,
            "num_hypotheses": s.num_hypotheses,
            "length_penalty": s.length_penalty,
            "max_batch_size": s.max_batch_tokens,
            "batch_type": "tokens",
            "replace_unknowns": s.replace_unknowns,
            "max_input_length": 0,
            "max_decoding_length": s.max_decoding_length,
        }
        if s.no_repeat_ngram_size:
            options["no_repeat_ngram_size"] = s.no_repeat_ngram_size
        options.update(ct2_options)
        options["beam_size"] = max(options["beam_size"], options["num_hypotheses"])
        if self.target_prefix:
            given = options.get("target_prefix") or [None] * len(batch)
            options["target_prefix"] = [[self.target_prefix, *(p or [])] for p in given]
        return self.translator.translate_batch(batch, **options)

    def translate_capped(self, batch: list[list[str]], **ct2_options: Any) -> list:
        """``translate_tokens`` with each output capped in proportion to its input's length.

        Inputs are grouped by length (ceilings 25% apart; a group of fewer than
        ``MIN_GROUP`` is merged with the next, as long as every model worker still gets
        one, and is capped by its longest member) and every group is queued at once,
        so the workers never wait for one group's slowest batch; a model caught in a
        repetition loop stops at ``max_length_ratio`` x the group's ceiling +
        ``max_length_extra`` tokens instead of holding up its batch. A given
        ``max_decoding_length`` is an upper bound (a target prefix is not supported here: use
        ``translate_tokens``). Results come back in input order.
        """
        if not batch:
            return []
        s = self.settings
        limit = ct2_options.pop("max_decoding_length", s.max_decoding_length)
        prefix_len = 1 if self.target_prefix else 0
        buckets: dict[int, list[int]] = {}
        for index, tokens in enumerate(batch):
            buckets.setdefault(_length_ceiling(len(tokens)), []).append(index)
        least = min(MIN_GROUP, len(batch) // max(1, self.translator.num_translators))
        queued = []
        for ceiling, indices in _merge_small(sorted(buckets.items()), least):
            cap = min(limit, int(s.max_length_ratio * ceiling) + s.max_length_extra)
            futures = self.translate_tokens(
                [batch[i] for i in indices],
                max_decoding_length=cap + prefix_len,
                asynchronous=True,
                **ct2_options,
            )
            queued.append((indices, futures))
        out: list[Any] = [None] * len(batch)
        for indices, futures in queued:
            for index, future in zip(indices, futures, strict=True):
                out[index] = future.result()
        return out

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """Translate ``sentences`` in one batched job; results in input order, never truncated.

        A sentence that occurs several times is translated once, so it reads the same
        everywhere in the job.
        """
        distinct = {
            s: _Piece(text=s, tokens=self.tokenize(s) if s.strip() else []) for s in sentences
        }
        pending: list[_Piece] = []
        for root in distinct.values():
            pending.extend(self._split_long(root))
        limit = self.settings.max_decoding_length
        prefix_len = 1 if self.target_prefix else 0
        while pending:
            retry: list[_Piece] = []
            results = self.translate_capped([p.tokens for p in pending], return_scores=True)
            for piece, result in zip(pending, results, strict=True):
                hypothesis = result.hypotheses[0]
                cut = len(hypothesis) - prefix_len >= limit
                if cut and len(piece.tokens) > 1:
                    piece.children = self._halve(piece)
                    if piece.children:
                        retry.extend(piece.children)
                        continue
                piece.target = self.detokenize(hypothesis)
                raw = result.scores[0] if result.scores else None
                piece.score = mean_logprob(raw, len(hypothesis), self.settings.length_penalty)
                piece.capped = len(hypothesis) - prefix_len >= self.output_cap(len(piece.tokens))
            pending = retry
        translated: dict[str, SentenceResult] = {}
        for text, root in distinct.items():
            target, scores = root.joined()
            translated[text] = SentenceResult(
                source=text,
                target=target,
                score=sum(scores) / len(scores) if scores else None,
                capped=root.capped_anywhere(),
                fallback=bool(root.children),
            )
        return [replace(translated[s]) for s in sentences]

    def output_cap(self, length: int) -> int:
        """The output cap ``translate_capped`` gives an input of ``length`` tokens."""
        s = self.settings
        ceiling = _length_ceiling(length)
        return min(s.max_decoding_length, int(s.max_length_ratio * ceiling) + s.max_length_extra)

    def _split_long(self, piece: _Piece) -> list[_Piece]:
        """The leaves to translate for ``piece``: itself, or pieces of at most max_input_tokens."""
        if not piece.tokens:
            return []
        if len(piece.tokens) <= self.settings.max_input_tokens:
            return [piece]
        piece.children = self._halve(piece)
        if not piece.children:
            return [piece]
        leaves = []
        for child in piece.children:
            leaves.extend(self._split_long(child))
        return leaves

    def _halve(self, piece: _Piece) -> list[_Piece]:
        from glossary.translate.split import best_cut

        cut = best_cut(piece.text)
        if cut is None:
            return []
        left, right = piece.text[:cut], piece.text[cut:]
        left_core, right_core = left.rstrip(), right.lstrip()
        if not left_core or not right_core:
            return []
        sep = piece.text[len(left_core) : len(piece.text) - len(right_core)]
        return [
            _Piece(left_core, self.tokenize(left_core), sep=sep),
            _Piece(right_core, self.tokenize(right_core), sep=piece.sep),
        ]


def cpu_threads(settings: EngineSettings, device: str) -> dict[str, int]:
    """CTranslate2's thread counts. Automatic on the CPU: parallel batches with one thread
    each up to 4 workers (measured faster than one batch on several threads for
    Argos-sized models: less synchronisation), then more threads per worker."""
    inter, intra = settings.inter_threads, settings.intra_threads
    if device != "cpu":
        return {"inter_threads": inter or 1, "intra_threads": intra}
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if not inter:
        inter = 1 if intra else min(4, cores)
    if not intra:
        intra = max(1, cores // inter)
    return {"inter_threads": inter, "intra_threads": intra}


def _merge_small(buckets: list[tuple[int, list[int]]], least: int) -> list[tuple[int, list[int]]]:
    """Length buckets (ascending) merged with the next longer one while smaller than
    ``least``; a last group under half of ``least`` joins the one before. A merged
    group's ceiling is its longest member's."""
    merged: list[tuple[int, list[int]]] = []
    for ceiling, indices in buckets:
        if merged and len(merged[-1][1]) < least:
            merged[-1] = (ceiling, merged[-1][1] + indices)
        else:
            merged.append((ceiling, list(indices)))
    if len(merged) > 1 and 2 * len(merged[-1][1]) < least:
        ceiling, indices = merged.pop()
        merged[-1] = (ceiling, merged[-1][1] + indices)
    return merged


def _length_ceiling(length: int) -> int:
    """The smallest of 8, 10, 12, 15, 18, 22, ... (each 25% above the last) that is >= length.

    Buckets this fine keep each sentence's output cap close to its own length, so a
    runaway output stops soon; coarser buckets (powers of two) measured about 5% slower.
    """
    ceiling = 8
    while ceiling < length:
        ceiling = max(ceiling + 1, ceiling * 5 // 4)
    return ceiling


def resolve_model(
    from_code: str, to_code: str, model: str | None = None
) -> tuple[models.ModelInfo, Path]:
    """Find the package folder to use (see ``Engine.load``); ModelError if there is none."""
    if model is None:
        installed = models.find_installed(from_code, to_code)
        if installed:
            return installed, installed.path
        for bundled in models.bundled_models():
            if (bundled.from_code, bundled.to_code) == (from_code, to_code):
                _notice_starter(bundled)
                return bundled, models.unpack_cached(bundled.path)
        raise ModelError(
            f"no {from_code}->{to_code} model is installed; run `ordbro models install "
            f"{from_code} {to_code}` (downloads it) or `ordbro models install FILE.argosmodel`"
        )
    info, folder = _explicit_model(model)
    if (info.from_code, info.to_code) != (from_code, to_code):
        raise ModelError(
            f"model {model} translates {info.from_code}->{info.to_code}, not "
            f"{from_code}->{to_code} (use --from {info.from_code} --to {info.to_code})"
        )
    return info, folder


def _explicit_model(model: str) -> tuple[models.ModelInfo, Path]:
    path = Path(model).expanduser()
    if path.is_dir():
        if (path / "model.bin").is_file() and (path.parent / "metadata.json").is_file():
            path = path.parent  # the package's model/ folder was given
        return models.read_package_dir(path), path
    if path.is_file():
        folder = models.unpack_cached(path)
        return models.read_package_dir(folder), folder
    known = models.installed_models()
    matches = [m for m in known if m.matches(model)]
    if not matches:
        names = ", ".join(m.name for m in known) or "none"
        raise ModelError(f"no model {model!r}: not a file, folder or installed package ({names})")
    chosen = next((m for m in matches if not m.bundled), matches[0])
    if chosen.bundled:
        return chosen, models.unpack_cached(chosen.path)
    return chosen, chosen.path


def _notice_starter(info: models.ModelInfo) -> None:
    if info.name in _NOTICES_SHOWN:
        return
    _NOTICES_SHOWN.add(info.name)
    print(
        f"ordbro: using the bundled starter model {info.name} (small, for trying ordbro out); "
        f"for much better translations install the full Argos model: "
        f"ordbro models install {info.from_code} {info.to_code}",
        file=sys.stderr,
    )
