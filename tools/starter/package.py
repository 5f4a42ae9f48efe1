"""Convert a trained Marian model to CTranslate2 int8 and write a genuine .argosmodel zip."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

LANG_NAMES = {"sv": "Swedish", "en": "English"}


class _Vocab:
    """The tokenizer stand-in the CTranslate2 Marian loader needs: vocabulary and special tokens."""

    eos_token = "</s>"
    unk_token = "<unk>"

    def __init__(self, tokens: list[str]):
        self.tokens = tokens

    def get_vocab(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens)}


def vocabulary(sp_model: Path) -> list[str]:
    """SentencePiece pieces in id order, then ``<pad>`` as the last id."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + ["<pad>"]


def convert(model, sp_model: Path, out_dir: Path) -> Path:
    """Write ``out_dir`` as a CTranslate2 int8 model that appends ``</s>`` to its inputs."""
    import ctranslate2.converters

    tokens = vocabulary(sp_model)

    from ctranslate2.converters import transformers as ct2_hf

    class Converter(ctranslate2.converters.TransformersConverter):
        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            return _Vocab(tokens)

    class PadStartLoader(ct2_hf.MarianMTLoader):
        """Keep <pad> and start decoding from its trained embedding, as in training.

        (The stock loader starts from a zero vector; the tied output projection makes the
        <pad> row non-zero during training, so the first target word would be lost.)"""

        def get_model_spec(self, model):
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return ct2_hf.BartLoader.get_model_spec(self, model)

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            config.decoder_start_token = "<pad>"

        def set_decoder(self, spec, decoder):
            ct2_hf.BartLoader.set_decoder(self, spec, decoder)
            spec.start_from_zero_embedding = False

        def get_vocabulary(self, model, tokenizer):
            return ct2_hf.BartLoader.get_vocabulary(self, model, tokenizer)

    stock = ct2_hf._MODEL_LOADERS["MarianConfig"]
    ct2_hf._MODEL_LOADERS["MarianConfig"] = PadStartLoader()
    try:
        with tempfile.TemporaryDirectory() as hf_dir:
            model.save_pretrained(hf_dir)
            Converter(hf_dir).convert(str(out_dir), quantization="int8", force=True)
    finally:
        ct2_hf._MODEL_LOADERS["MarianConfig"] = stock
    config_path = out_dir / "config.json"
    config = json.loads(config_path.read_text())
    config["add_source_eos"] = True
    config_path.write_text(json.dumps(config, indent=2))
    return out_dir


def write_package(
    ct2_dir: Path,
    sp_model: Path,
    readme: str,
    dest: Path,
    from_code: str,
    to_code: str,
    package_version: str,
    folder: str,
) -> Path:
    """Zip ``folder/{metadata.json, model/, sentencepiece.model, README.md}`` to ``dest`` atomically."""
    metadata = {
        "package_version": package_version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": LANG_NAMES[from_code],
        "to_code": to_code,
        "to_name": LANG_NAMES[to_code],
        "type": "translate",
        "links": [],
        "dependencies": [],
        "source_languages": [{"code": from_code, "name": LANG_NAMES[from_code]}],
        "target_languages": [{"code": to_code, "name": LANG_NAMES[to_code]}],
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2) + "\n")
            zf.writestr(f"{folder}/README.md", readme)
            zf.write(sp_model, f"{folder}/sentencepiece.model")
            for path in sorted(ct2_dir.iterdir()):
                zf.write(path, f"{folder}/model/{path.name}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def export(model, sp_model: Path, dest: Path, readme: str, **meta) -> Path:
    """Convert ``model`` and write it as an .argosmodel at ``dest`` (atomic overwrite)."""
    with tempfile.TemporaryDirectory() as tmp:
        ct2_dir = convert(model, sp_model, Path(tmp) / "model")
        write_package(ct2_dir, sp_model, readme, dest, **meta)
    return dest


def unpack(package: Path, dest: Path) -> Path:
    """Extract an .argosmodel into ``dest`` and return its top folder."""
    with zipfile.ZipFile(package) as zf:
        zf.extractall(dest)
        top = zf.namelist()[0].split("/")[0]
    return dest / top


def copy_atomic(src: Path, dest: Path) -> None:
    """Copy a file into place with a temp file and ``os.replace``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)
