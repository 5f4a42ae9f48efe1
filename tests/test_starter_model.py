"""The bundled starter packages (sv→en and en→sv) are genuine Argos packages that translate
software text, and en→sv works offline from the CLI with the termbase's Swedish forms."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from glossary.paths import BUNDLED_MODELS

PACKAGE = BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel"
FOLDER = "translate-sv_en-ordbro-1_0"
EN_SV = BUNDLED_MODELS / "translate-en_sv-ordbro-1_0.argosmodel"


@pytest.mark.parametrize("src, tgt", [("sv", "en"), ("en", "sv")])
def test_package_layout_and_size(src, tgt):
    folder = f"translate-{src}_{tgt}-ordbro-1_0"
    package = BUNDLED_MODELS / f"{folder}.argosmodel"
    assert package.stat().st_size <= 25 * 1024 * 1024
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        assert {n.split("/")[0] for n in names} == {folder}
        for needed in ("metadata.json", "README.md", "sentencepiece.model", "model/model.bin"):
            assert f"{folder}/{needed}" in names
        meta = json.loads(zf.read(f"{folder}/metadata.json"))
        config = json.loads(zf.read(f"{folder}/model/config.json"))
        readme = zf.read(f"{folder}/README.md").decode()
    assert (meta["from_code"], meta["to_code"], meta["type"]) == (src, tgt, "translate")
    assert config["add_source_eos"] is True
    assert "chrF" in readme and f"ordbro models install {src} {tgt}" in readme
    assert "python tools/build_starter_model.py" in readme


@pytest.fixture
def argos_dir(tmp_path, monkeypatch):
    from argostranslate import settings

    packages = tmp_path / "packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    return packages


def test_installs_with_argos_and_translates_through_engine(argos_dir: Path):
    from argostranslate import package as argos_package

    from glossary.engine import Engine

    argos_package.install_from_path(PACKAGE)
    installed = argos_package.get_installed_packages()
    assert [(p.from_code, p.to_code) for p in installed] == [("sv", "en")]
    folder = argos_dir / FOLDER
    assert (folder / "model" / "model.bin").is_file()

    engine = Engine.load("sv", "en", model=str(folder))
    results = engine.translate_sentences(
        ["Klicka på knappen för att spara dokumentet.", "Öppna filen."]
    )
    assert "button" in results[0].target.lower()
    assert "file" in results[1].target.lower()


def test_en_sv_package_translates_software_text(argos_dir: Path):
    from glossary.engine import Engine

    engine = Engine.load("en", "sv", model=str(EN_SV))
    results = engine.translate_sentences(["Open the file.", "Save the document."])
    assert "öppna" in results[0].target.lower() and "fil" in results[0].target.lower()
    assert "dokument" in results[1].target.lower()


def test_cli_translates_en_sv_offline_with_the_bundled_model_and_swedish_term_forms(
    isolated_home, tmp_path
):
    """A fresh machine: no installed package, the shipped termbase, a whole file en→sv."""
    from click.testing import CliRunner

    from glossary.cli import cli

    source = tmp_path / "news.txt"
    source.write_text(
        "The chip war changes the market.\n\nNvidia's chips are expensive.\n", encoding="utf-8"
    )
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["models", "list", "--json"]).output)
    assert {(m["from_code"], m["to_code"]) for m in listed if m["bundled"]} == {
        ("sv", "en"),
        ("en", "sv"),
    }
    target = tmp_path / "news.sv.txt"
    args = ["translate", "--from", "en", "--to", "sv", str(source), "-o", str(target)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = target.read_text(encoding="utf-8")
    assert "chipkriget" in out.lower()
    assert "Nvidias" in out
